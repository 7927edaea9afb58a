"""Shared fixtures: a real DuckDB file per test, and the real public data beside the repo."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor import db

# Session-scoped warehouses (generated, and of the real files) and the web server; each is only
# made when a test asks for it.
# Chromium (tests/browser.py) is registered once here: its session fixtures must exist once.
pytest_plugins = [
    "tests.web_fixtures",
    "tests.echte_fixtures",
    "tests.browser",
    "tests.appdb_fixtures",
]

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real"
requires_real = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"echte data niet gevonden in {REAL} (../shared ontbreekt)"
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sto.duckdb"


@pytest.fixture
def con(db_path: Path) -> Iterator[db.Connection]:
    connection = db.connect(db_path)
    yield connection
    connection.close()


def checksums(con: db.Connection) -> dict[str, str]:
    """A sha256 of every table's full content: equal before and after means nothing changed."""
    tables = [
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
        ).fetchall()
    ]
    return {
        t: hashlib.sha256(
            repr(con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()).encode()
        ).hexdigest()
        for t in tables
    }
