"""The warehouse: one DuckDB file, its schema, and transactions.

The schema lives in ``schema/*.sql`` (run in name order, all idempotent), so a newcomer can read
every table in one place. Vocabulary tables are filled from :mod:`sto_monitor.domain`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from sto_monitor import domain
from sto_monitor.errors import WarehouseError
from sto_monitor.settings import Settings

Connection = duckdb.DuckDBPyConnection


def schema_statements() -> list[str]:
    """The DDL of the warehouse, file by file in name order."""
    folder = resources.files("sto_monitor") / "schema"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(folder / name).read_text(encoding="utf-8") for name in names]


LOCK_WAIT = 15.0  # seconds a command waits for a file another process holds


def connect(
    path: Path | str,
    *,
    settings: Settings | None = None,
    read_only: bool = False,
    wait: bool = True,
) -> Connection:
    """Open (or create) the warehouse file and make sure its schema is current.

    With ``wait`` a file that another process holds is tried again for ``LOCK_WAIT`` seconds.
    """
    settings = settings or Settings.from_env()
    # Row order in tables carries no meaning here; not preserving it lets inserts run in parallel.
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": settings.geheugen,
        "preserve_insertion_order": False,
    }
    if settings.threads > 0:
        config["threads"] = settings.threads
    # Another process may hold the file for a moment (the dashboard reads it while it reloads,
    # a command writes): wait for the lock a little before giving up.
    deadline = time.monotonic() + (LOCK_WAIT if wait else 0.0)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise WarehouseError(f"Kan database {path} niet openen: {exc}") from exc
            time.sleep(0.2)
    # Our own progress bars report long steps; DuckDB's would draw over them.
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        ensure_schema(con)
    return con


def schema_version() -> str:
    """The hash of the DDL, stored in ``schema_versie``."""
    return hashlib.sha256("\n".join(schema_statements()).encode()).hexdigest()


def ensure_schema(con: Connection) -> None:
    """Run the DDL unless this file already has exactly this schema (a cheap open)."""
    statements = schema_statements()
    version = schema_version()
    try:
        current = con.execute("SELECT versie FROM schema_versie").fetchall()
    except duckdb.CatalogException:
        current = []
    if current == [(version,)]:
        return
    with transaction(con):
        for ddl in statements:
            con.execute(ddl)
        con.execute("CREATE OR REPLACE TABLE schema_versie (versie VARCHAR)")
        con.execute("INSERT INTO schema_versie VALUES (?)", [version])
        con.executemany(
            "INSERT OR REPLACE INTO profiel VALUES (?, ?, ?, ?)",
            [(p.code, p.naam, p.techniek, p.harde_techniek) for p in domain.PROFIELEN],
        )
        con.executemany(
            "INSERT OR REPLACE INTO leerweg VALUES (?, ?, ?)",
            [
                (code, naam, code in domain.BEROEPSGERICHTE_LEERWEGEN)
                for code, naam in domain.LEERWEGEN.items()
            ],
        )


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """All or nothing: on any exception the database stays as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table_counts(con: Connection) -> dict[str, int]:
    """Row count of every base table, for summaries and tests."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
        ).fetchall()
    ]
    counts: dict[str, int] = {}
    for name in names:
        row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts
