-- Indicator builds (`sto build`). Each indicator's full, unsuppressed table is stored as
-- ind_<naam> (the indicator's columns plus `techniekdefinitie`), created by build.py because
-- its columns come from the registry. The warehouse is private; disclosure control applies on output.
CREATE SEQUENCE IF NOT EXISTS indicator_run_id_seq START 1;
CREATE TABLE IF NOT EXISTS indicator_run (
    run_id         INTEGER PRIMARY KEY DEFAULT nextval('indicator_run_id_seq'),
    indicator      VARCHAR NOT NULL,            -- registry name, e.g. leerlingen_per_profiel
    methode_versie VARCHAR NOT NULL,            -- registry.METHODE_VERSIE at build time
    techniek       VARCHAR NOT NULL,            -- sto | techniekpact
    engine         VARCHAR NOT NULL,            -- duckdb | spark
    rijen          BIGINT,                      -- rows written to ind_<naam>; NULL unless berekend
    gebouwd_op     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    status         VARCHAR NOT NULL,            -- berekend | bron ontbreekt | fout
    reden          VARCHAR                      -- why not berekend, in Dutch
);
-- Provenance: the loaded source files (bron) whose tables an indicator run read.
CREATE TABLE IF NOT EXISTS indicator_run_bron (
    run_id  INTEGER NOT NULL,
    bron_id INTEGER NOT NULL
);
