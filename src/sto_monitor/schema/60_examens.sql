-- DUO "Geslaagden, gezakten en cijfers" per vestiging x onderwijstype x leerweg x afdeling.
CREATE TABLE IF NOT EXISTS examens (
    schooljaar         SMALLINT NOT NULL,      -- 2018 = 2018/2019
    vestiging          VARCHAR NOT NULL,
    onderwijstype      VARCHAR NOT NULL,       -- VMBO, HAVO, VWO
    leerweg            VARCHAR,                -- bb | kb | gl | tl
    sector             VARCHAR,
    afdeling           VARCHAR,                -- as written (PIE, MTR, Cultuur en Maatschappij, ...)
    profiel            VARCHAR,                -- profiel code for vmbo profiel rows
    kandidaten_min     INTEGER NOT NULL,
    kandidaten_max     INTEGER NOT NULL,
    geslaagden_min     INTEGER NOT NULL,
    geslaagden_max     INTEGER NOT NULL,
    gezakten_min       INTEGER,
    gezakten_max       INTEGER,
    cijfer_schoolexamen DOUBLE,
    cijfer_centraal    DOUBLE,
    cijfer_lijst       DOUBLE,
    bron_id            INTEGER NOT NULL
);
-- DUO "Examenkandidaten en geslaagden" (wide, several school years per file), made long.
CREATE TABLE IF NOT EXISTS examenkandidaten (
    schooljaar     SMALLINT NOT NULL,
    vestiging      VARCHAR NOT NULL,
    onderwijstype  VARCHAR NOT NULL,
    inspectiecode  VARCHAR,
    opleidingsnaam VARCHAR NOT NULL,           -- e.g. "VMBO B - techniek"
    leerweg        VARCHAR,
    geslacht       VARCHAR NOT NULL,           -- man | vrouw | onbekend | totaal
    kandidaten_min INTEGER NOT NULL,
    kandidaten_max INTEGER NOT NULL,
    geslaagden_min INTEGER NOT NULL,
    geslaagden_max INTEGER NOT NULL,
    bron_id        INTEGER NOT NULL
);
