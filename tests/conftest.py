"""Shared fixtures: a real DuckDB file per test, and the real public data beside the repo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor import db

# The web tests' warehouse and server (session-scoped; only built when a test asks for them).
pytest_plugins = ["tests.web_fixtures"]

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
