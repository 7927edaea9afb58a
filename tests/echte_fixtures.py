"""A warehouse of the real public files in ../shared/data/real, as ``sto demo --echt`` makes it.

DUO leerlingen 2016/17 and 2019/20, vestigingen with their locations, exams, PC4 and CBS
figures and the gemeente boundaries, with the demo region set, built with ``sto build``.
Session-scoped: the report tests share it (about 12 s to make). Skipped without ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sto_monitor.cli import cli
from tests.conftest import REAL


@pytest.fixture(scope="session")
def echt_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL} (../shared ontbreekt)")
    database = tmp_path_factory.mktemp("echt") / "echt.duckdb"
    runner = CliRunner()
    for args in (["demo", "--echt", "--geen-dashboard"], ["build"]):
        result = runner.invoke(cli, [*args, "--db", str(database), "--quiet"])
        assert result.exit_code == 0, result.output
    return database
