-- The disclosure pattern of the last audited publication (`sto build`), so that the dashboard
-- and the reports publish without solving the outsider's program again. `sleutel` is a hash of
-- everything the pattern depends on (every loaded file, method version, the disclosure code):
-- a stored pattern is used only while it matches; otherwise publishing computes it anew.
CREATE TABLE IF NOT EXISTS afscherming_cel (
    sleutel     VARCHAR NOT NULL,
    techniek    VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    rij         VARCHAR NOT NULL,     -- the row's key values as JSON
    kolom       VARCHAR NOT NULL,     -- count family, or share/change/derived column
    soort       VARCHAR NOT NULL      -- aantal | overig
);
-- The audit of that publication: every afgeschermd (or small unpublished) cell.
CREATE TABLE IF NOT EXISTS afscherming_controle (
    sleutel     VARCHAR NOT NULL,
    techniek    VARCHAR NOT NULL,
    waar        VARCHAR NOT NULL,     -- where it is published, in words
    primair     BOOLEAN NOT NULL,
    laag        DOUBLE NOT NULL,      -- what the outsider can derive
    hoog        DOUBLE NOT NULL,
    ondergrens  DOUBLE NOT NULL,
    bovengrens  DOUBLE NOT NULL,
    openbaar_laag DOUBLE,             -- DUO's interval of the same persons, if any
    openbaar_hoog DOUBLE,
    vertrouwelijk VARCHAR NOT NULL,   -- the confidential tables, comma-separated
    gebouwd_op  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
