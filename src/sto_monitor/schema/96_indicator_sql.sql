-- Compiled SQL of each indicator, so later builds skip Ibis's translation (like dbt's compile
-- step). The key hashes everything the SQL depends on: the indicator's source code, the base
-- relations, Ibis's version, the schema and the techniek definition (see indicators/sql_cache.py).
CREATE TABLE IF NOT EXISTS indicator_sql (
    sleutel  VARCHAR PRIMARY KEY,
    naam     VARCHAR NOT NULL,
    sql      VARCHAR NOT NULL,
    schema   BLOB NOT NULL                     -- Arrow schema of the result (IPC bytes)
);
