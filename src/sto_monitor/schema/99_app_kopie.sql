-- What `sto build` copied from the application database into this warehouse (issue 16,
-- appdb/kopie.py): one row per copy that changed something, with where from and how many rows.
-- Any row here also means that the survey and scenario tables of this warehouse are a copy:
-- rows an older version wrote into them directly were moved to the application database
-- (`sto database overzetten`, appdb/overzetten.py) and are never read back.
CREATE TABLE IF NOT EXISTS app_kopie (
    gekopieerd_op TIMESTAMP NOT NULL,
    app_db        VARCHAR NOT NULL,   -- the application database's address, without password
    soort         VARCHAR NOT NULL CHECK (soort IN ('kopie', 'overgezet')),
    golven        INTEGER NOT NULL,
    responsen     INTEGER NOT NULL,   -- submitted responses (drafts stay in the application db)
    antwoorden    INTEGER NOT NULL,
    scenarios     INTEGER NOT NULL
);
