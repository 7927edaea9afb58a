-- DUO "02. Leerlingen per vestiging naar postcode leerling en leerjaar", one row per non-zero
-- cell. A cell DUO masked as "<5" is stored as the interval [1, 4]; a known count n as [n, n].
-- Cells with 0 are not stored: an absent row means 0 students. Public (open data).
CREATE TABLE IF NOT EXISTS leerling_postcode (
    schooljaar   SMALLINT NOT NULL,             -- 2019 = 2019/2020 (peildatum 1 oktober 2019)
    vestiging    VARCHAR NOT NULL,              -- BRIN + 2 digits, e.g. 00AH17
    postcode     VARCHAR NOT NULL,              -- home postcode as written: a PC4, or 0-3 digits where DUO cut it short
    gemeentecode VARCHAR,                       -- home gemeente, 4 digits (0106); NULL when not given
    leerjaar     TINYINT NOT NULL,              -- 1-6 (leer- of verblijfsjaar)
    aantal_min   INTEGER NOT NULL,
    aantal_max   INTEGER NOT NULL,
    bron_id      INTEGER NOT NULL
);
