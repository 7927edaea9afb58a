-- Sources without a public file: the project's own layouts (docs/formaten.md).
CREATE TABLE IF NOT EXISTS keuzevak_examens (
    schooljaar       SMALLINT NOT NULL,
    vestiging        VARCHAR NOT NULL,
    leerweg          VARCHAR NOT NULL,
    keuzevak_code    VARCHAR NOT NULL,
    keuzevak_naam    VARCHAR,
    keuzevak_profiel VARCHAR NOT NULL,         -- profiel the keuzevak belongs to
    profiel_leerling VARCHAR NOT NULL,         -- the student's own profiel
    aantal_min       INTEGER NOT NULL,
    aantal_max       INTEGER NOT NULL,
    bron_id          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS doorstroom (
    schooljaar  SMALLINT NOT NULL,             -- the year of leerjaar 4
    vestiging   VARCHAR NOT NULL,
    profiel     VARCHAR NOT NULL,
    leerweg     VARCHAR NOT NULL,
    bestemming  VARCHAR NOT NULL,              -- mbo-bol | mbo-bbl | havo/vwo | vmbo | overig
    sectorkamer VARCHAR,
    aantal_min  INTEGER NOT NULL,
    aantal_max  INTEGER NOT NULL,
    bron_id     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS docenten (
    schooljaar    SMALLINT NOT NULL,
    vestiging     VARCHAR NOT NULL,
    profielgroep  VARCHAR NOT NULL,            -- techniek | niet-techniek | algemeen
    zij_instromer BOOLEAN NOT NULL,
    fte           DOUBLE NOT NULL,
    personen_min  INTEGER NOT NULL,
    personen_max  INTEGER NOT NULL,
    bron_id       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS leerling_pc4 (
    schooljaar SMALLINT NOT NULL,
    vestiging  VARCHAR NOT NULL,
    profiel    VARCHAR NOT NULL,
    leerweg    VARCHAR NOT NULL,
    pc4        VARCHAR NOT NULL,
    aantal_min INTEGER NOT NULL,
    aantal_max INTEGER NOT NULL,
    bron_id    INTEGER NOT NULL
);
