-- DUO "02. Alle vestigingen vo": one row per vestiging per loaded snapshot.
CREATE TABLE IF NOT EXISTS vestiging_adres (
    vestiging            VARCHAR NOT NULL,
    brin                 VARCHAR NOT NULL,
    bevoegd_gezag        VARCHAR,
    naam                 VARCHAR,
    straat               VARCHAR,
    huisnummer           VARCHAR,
    postcode             VARCHAR,               -- "9406 NN"
    pc4                  VARCHAR,
    plaats               VARCHAR,
    gemeentecode         VARCHAR,               -- 4 digits, e.g. 0106
    gemeente             VARCHAR,
    provincie            VARCHAR,
    denominatie          VARCHAR,
    onderwijsstructuur   VARCHAR,
    internetadres        VARCHAR,
    corop_code           VARCHAR,
    corop_naam           VARCHAR,
    onderwijsgebied_code VARCHAR,
    onderwijsgebied_naam VARCHAR,
    rmc_code             VARCHAR,
    rmc_naam             VARCHAR,
    bron_id              INTEGER NOT NULL
);

-- Geocoded school locations (DUO address matched to BAG), one row per vestiging per snapshot.
CREATE TABLE IF NOT EXISTS vestiging_geo (
    vestiging          VARCHAR NOT NULL,
    naam               VARCHAR,
    onderwijsstructuur VARCHAR,
    postcode           VARCHAR,
    plaats             VARCHAR,
    gemeente           VARCHAR,
    provincie          VARCHAR,
    lat                DOUBLE NOT NULL,
    lon                DOUBLE NOT NULL,
    peildatum          DATE,
    bron_id            INTEGER NOT NULL
);
