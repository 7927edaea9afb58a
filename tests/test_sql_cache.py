"""Compiled indicator SQL is stored once and reused; results stay identical."""

from __future__ import annotations

from pathlib import Path

from sto_monitor import db
from sto_monitor.indicators.run import compute
from tests.indicator_fixtures import tiny_warehouse


def test_second_compute_runs_the_stored_sql_with_the_same_result(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    first = compute("leerlingen_per_profiel", con)
    stored = con.execute("SELECT naam, sql FROM indicator_sql").fetchall()
    assert [naam for naam, _ in stored] == ["leerlingen_per_profiel"]
    # Prove the stored SQL is what runs: make it return a marker value.
    sql = stored[0][1]
    con.execute("UPDATE indicator_sql SET sql = ? ", [f"SELECT * FROM ({sql}) LIMIT 1"])
    assert compute("leerlingen_per_profiel", con).num_rows == 1
    con.execute("UPDATE indicator_sql SET sql = ?", [sql])
    second = compute("leerlingen_per_profiel", con)
    assert second.equals(first)
    assert second.schema == first.schema


def test_each_techniek_definition_has_its_own_entry(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    compute("leerlingen_per_profiel", con, techniek="sto")
    compute("leerlingen_per_profiel", con, techniek="techniekpact")
    assert con.execute("SELECT count(DISTINCT sleutel) FROM indicator_sql").fetchall() == [(2,)]


def test_a_read_only_warehouse_computes_without_storing(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    tiny_warehouse(path).close()
    con = db.connect(path, read_only=True)
    table = compute("leerlingen_per_profiel", con)
    assert table.num_rows > 0
    assert con.execute("SELECT count(*) FROM indicator_sql").fetchall() == [(0,)]
    con.close()
