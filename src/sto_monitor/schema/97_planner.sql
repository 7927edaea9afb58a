-- The planner's scenarios (issue 6): a named list of changes to one region's offering in one
-- school year. A copy (issue 16): `sto scenario nieuw` writes them in the application database
-- (appdb/tabellen.py) and `sto build` copies them here (appdb/kopie.py), where the region page
-- and the regioportret evaluate them against the offering. Rows an older version wrote here
-- are moved by `sto database overzetten`.
CREATE TABLE IF NOT EXISTS scenario (
    naam         VARCHAR PRIMARY KEY,
    regio        VARCHAR NOT NULL,
    schooljaar   SMALLINT NOT NULL,
    max_km       DOUBLE NOT NULL,        -- beyond this, students of a closed offer are lost
    omschrijving VARCHAR NOT NULL DEFAULT '',
    gemaakt_op   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS scenario_wijziging (
    scenario   VARCHAR NOT NULL,
    volgnummer INTEGER NOT NULL,         -- changes apply in this order
    soort      VARCHAR NOT NULL CHECK (soort IN ('sluit', 'open', 'samenvoegen')),
    vestiging  VARCHAR NOT NULL,
    profiel    VARCHAR NOT NULL,
    leerweg    VARCHAR NOT NULL,
    naar       VARCHAR,                  -- samenvoegen: the vestiging that takes the group
    leerlingen DOUBLE,                   -- open: expected derdejaars
    PRIMARY KEY (scenario, volgnummer)
);
