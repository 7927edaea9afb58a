-- Provenance: every file ever loaded, and what became of it.
CREATE SEQUENCE IF NOT EXISTS bron_id_seq START 1;
CREATE TABLE IF NOT EXISTS bron (
    bron_id        INTEGER PRIMARY KEY DEFAULT nextval('bron_id_seq'),
    bestand        VARCHAR NOT NULL,            -- file name as given
    pad            VARCHAR NOT NULL,            -- absolute path at load time
    sha256         VARCHAR NOT NULL,
    grootte        BIGINT NOT NULL,             -- bytes
    formaat        VARCHAR NOT NULL,            -- detected layout, e.g. duo-leerlingen-2019
    doel           VARCHAR NOT NULL,            -- table it feeds, e.g. leerlingen
    schooljaar     SMALLINT,                    -- first calendar year, where the file has one
    peildatum      DATE,
    codering       VARCHAR,                     -- utf-8 or latin-1 for text files
    rijen_gelezen  BIGINT NOT NULL DEFAULT 0,
    rijen_geladen  BIGINT NOT NULL DEFAULT 0,
    geladen_op     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    status         VARCHAR NOT NULL DEFAULT 'geladen',   -- geladen | vervangen
    vervangen_door INTEGER
);
-- A file the generator wrote (it lists its files in SYNTHETISCH.json beside them): every
-- output made from it says "synthetische demogegevens, geen echte cijfers".
ALTER TABLE bron ADD COLUMN IF NOT EXISTS synthetisch BOOLEAN DEFAULT FALSE;
