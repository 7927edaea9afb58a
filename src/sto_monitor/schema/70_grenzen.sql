-- Administrative boundaries as GeoJSON geometry text (lon/lat), for maps.
CREATE TABLE IF NOT EXISTS grens (
    soort     VARCHAR NOT NULL,                -- gemeente | provincie
    code      VARCHAR,                         -- GM0014, PV20; NULL where the source has none
    naam      VARCHAR NOT NULL,
    geometrie VARCHAR NOT NULL,                -- GeoJSON geometry
    bron_id   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS gemeente (
    gemeentecode        VARCHAR NOT NULL,      -- GM0014
    naam                VARCHAR NOT NULL,
    veiligheidsregio    VARCHAR,
    provinciecode       VARCHAR,
    provincie           VARCHAR,
    bron_id             INTEGER NOT NULL
);
