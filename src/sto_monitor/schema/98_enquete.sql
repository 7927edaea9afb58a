-- The programme leaders' survey (issue 7): one row per wave, per response, per answer.
-- The analytic copy (issue 16): people answer in the application database (appdb/tabellen.py),
-- and `sto build` copies the waves and the submitted responses here (appdb/kopie.py), where
-- the publication, disclosure control and the reports read them. Nothing else writes these
-- tables; rows an older version wrote here are moved by `sto database overzetten`.
CREATE TABLE IF NOT EXISTS enquete_golf (
    golf      SMALLINT NOT NULL PRIMARY KEY,   -- the wave, e.g. 2024
    titel     VARCHAR NOT NULL,                -- the questionnaire's title
    gesloten  BOOLEAN NOT NULL DEFAULT false   -- closed: no more responses
);
CREATE TABLE IF NOT EXISTS enquete_respons (
    golf          SMALLINT NOT NULL,
    regio         VARCHAR NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('concept', 'ingediend')),
    bron          VARCHAR NOT NULL CHECK (bron IN ('import', 'formulier')),
    bestand       VARCHAR,                     -- the imported file's name (bron = 'import')
    bijgewerkt_op TIMESTAMP NOT NULL,
    PRIMARY KEY (golf, regio)
);
-- Responses from a file the generator wrote (survey/genereer.py lists it in SYNTHETISCH.json).
ALTER TABLE enquete_respons ADD COLUMN IF NOT EXISTS synthetisch BOOLEAN DEFAULT FALSE;
CREATE TABLE IF NOT EXISTS enquete_antwoord (
    golf   SMALLINT NOT NULL,
    regio  VARCHAR NOT NULL,
    item   VARCHAR NOT NULL,                   -- the item id, stable across waves
    code   INTEGER,                            -- option code, grade, 1/0 (closed questions)
    tekst  VARCHAR,                            -- open questions
    PRIMARY KEY (golf, regio, item)
);
