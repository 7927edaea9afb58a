-- Vocabulary tables, filled from sto_monitor.domain on every connect.
CREATE TABLE IF NOT EXISTS profiel (
    profiel        VARCHAR PRIMARY KEY,         -- code: PIE, BWI, M&T, MaT, MVI, D&P, ...
    naam           VARCHAR NOT NULL,
    techniek       BOOLEAN NOT NULL,
    harde_techniek BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS leerweg (
    leerweg        VARCHAR PRIMARY KEY,         -- bb, kb, gl, tl
    naam           VARCHAR NOT NULL,
    beroepsgericht BOOLEAN NOT NULL
);
