-- DUO "Studenten per sectorkamer leerweg niveau woonprovincie" (wide, one column per year),
-- made long: one row per non-zero cell. DUO's -1 (1-4 students) is stored as [1, 4].
CREATE TABLE IF NOT EXISTS mbo_sectorkamer (
    schooljaar  SMALLINT NOT NULL,             -- year of the 1 October peildatum: 2023 = 2023/2024
    sectorkamer VARCHAR NOT NULL,              -- our name (domain.sectorkamer_naam)
    leerweg     VARCHAR NOT NULL,              -- BBL | BOLVT | BOLDT | EX
    niveau      SMALLINT NOT NULL,             -- 1-4
    provincie   VARCHAR,                       -- woonprovincie as written; NULL without that column
    aantal_min  INTEGER NOT NULL,
    aantal_max  INTEGER NOT NULL,
    bron_id     INTEGER NOT NULL
);
-- DUO/SBB erkende opleidingen: opleidingscode (crebo) -> sectorkamer. A file replaces all rows.
CREATE TABLE IF NOT EXISTS crebo_sectorkamer (
    crebo          VARCHAR NOT NULL,           -- 5 digits
    sectorkamer    VARCHAR NOT NULL,
    opleidingsnaam VARCHAR,
    niveau         SMALLINT,
    bron_id        INTEGER NOT NULL
);
