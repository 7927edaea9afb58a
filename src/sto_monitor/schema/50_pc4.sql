-- PC4 (4-digit postcode) centroids, e.g. from GeoNames.
CREATE TABLE IF NOT EXISTS pc4 (
    pc4          VARCHAR NOT NULL,
    plaats       VARCHAR,
    provincie    VARCHAR,
    gemeentecode VARCHAR,
    gemeente     VARCHAR,
    lat          DOUBLE NOT NULL,
    lon          DOUBLE NOT NULL,
    bron_id      INTEGER NOT NULL
);
-- CBS "Kerncijfers per postcode": population per PC4. CBS secret cells (0-4) are [0, 4].
CREATE TABLE IF NOT EXISTS pc4_bevolking (
    pc4                VARCHAR NOT NULL,
    jaar               SMALLINT NOT NULL,      -- peildatum 1 januari of this year
    inwoners_min       INTEGER,
    inwoners_max       INTEGER,
    inwoners_15_25_min INTEGER,
    inwoners_15_25_max INTEGER,
    bron_id            INTEGER NOT NULL
);
