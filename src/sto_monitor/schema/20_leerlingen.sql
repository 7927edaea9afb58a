-- DUO "01. Leerlingen vo per vestiging naar onderwijstype", one row per non-zero cell.
-- A cell DUO masked as "<5" is stored as the interval [1, 4]; a known count n as [n, n].
-- Cells with 0 are not stored: an absent row means 0 students.
CREATE TABLE IF NOT EXISTS leerlingen (
    schooljaar     SMALLINT NOT NULL,           -- 2019 = 2019/2020 (peildatum 1 oktober 2019)
    vestiging      VARCHAR NOT NULL,            -- BRIN + 2 digits, e.g. 00AH17
    onderwijstype  VARCHAR NOT NULL,            -- as DUO writes it, e.g. "VMBO BL lj 3-4"
    leerweg        VARCHAR,                     -- bb | kb | gl | tl; NULL outside vmbo leerwegen
    lwoo           BOOLEAN,                     -- only the 2016-2018 layout splits by LWOO
    sector         VARCHAR,                     -- Techniek | Economie | Zorg en welzijn | Landbouw | Intersectoraal
    afdeling       VARCHAR,                     -- as DUO writes it
    profiel        VARCHAR,                     -- profiel code or 'overig' for bb/kb/gl rows; else NULL
    opleidingscode VARCHAR,                     -- ELEMENTCODE / ERKENDE OPLEIDINGSCODE
    opleidingsnaam VARCHAR,
    leerjaar       TINYINT NOT NULL,
    geslacht       VARCHAR NOT NULL,            -- man | vrouw
    aantal_min     INTEGER NOT NULL,
    aantal_max     INTEGER NOT NULL,
    bron_id        INTEGER NOT NULL
);

-- Name and place of each vestiging as a leerlingen file writes them, per school year.
CREATE TABLE IF NOT EXISTS vestiging_jaar (
    schooljaar           SMALLINT NOT NULL,
    vestiging            VARCHAR NOT NULL,
    brin                 VARCHAR NOT NULL,
    naam                 VARCHAR,
    plaats               VARCHAR,
    provincie            VARCHAR,
    samenwerkingsverband VARCHAR,
    bron_id              INTEGER NOT NULL
);
