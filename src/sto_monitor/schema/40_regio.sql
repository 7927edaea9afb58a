-- STO-regio's, versioned by subsidy period (e.g. 2020-2024, 2025-2029).
CREATE TABLE IF NOT EXISTS regio (
    periode       VARCHAR NOT NULL,            -- "2020-2024"
    periode_start SMALLINT NOT NULL,
    periode_eind  SMALLINT NOT NULL,
    regio         VARCHAR NOT NULL,            -- region code
    naam          VARCHAR NOT NULL,
    techniekluw   BOOLEAN NOT NULL,
    officieel     BOOLEAN NOT NULL,            -- false: demo-indeling, niet officieel
    bron_id       INTEGER                      -- NULL when built by `sto regio-demo`
);
CREATE TABLE IF NOT EXISTS regio_vestiging (
    periode   VARCHAR NOT NULL,
    regio     VARCHAR NOT NULL,
    vestiging VARCHAR NOT NULL,
    bron_id   INTEGER
);
