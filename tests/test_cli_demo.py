"""`sto demo` on a fresh database: generated data in, a national summary out."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.cli import cli
from tests.conftest import requires_real


def test_demo_generates_ingests_and_summarises(tmp_path: Path) -> None:
    database = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(cli, ["demo", "--geen-dashboard", "--db", str(database), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Landelijke samenvatting" in result.output
    assert "2019/2020" in result.output and "2024/2025" in result.output
    assert "demo-indeling, niet officieel" in result.output
    con = db.connect(database, read_only=True)
    try:
        years = con.execute("SELECT DISTINCT schooljaar FROM leerlingen ORDER BY 1").fetchall()
        regios = con.execute(
            "SELECT periode, count(*), bool_or(officieel) FROM regio GROUP BY 1 ORDER BY 1"
        ).fetchall()
        failed = con.execute("SELECT count(*) FROM bron WHERE status <> 'geladen'").fetchall()
        derdejaars = con.execute(
            "SELECT sum(aantal_min) FROM leerlingen WHERE schooljaar = 2019 "
            "AND leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl')"
        ).fetchall()
    finally:
        con.close()
    assert [y for (y,) in years] == list(range(2019, 2025))
    assert regios == [("2020-2024", 78, False), ("2025-2029", 74, False)]
    assert failed == [(0,)]
    assert 58_000 < derdejaars[0][0] < 65_000  # calibrated on 61,508 (real 2019/2020)


@requires_real
def test_demo_on_the_real_files_builds_a_demo_region_set(tmp_path: Path) -> None:
    database = tmp_path / "echt.duckdb"
    args = ["demo", "--echt", "--geen-dashboard", "--db", str(database), "--quiet"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "61.508" in result.output and "11.509" in result.output
    con = db.connect(database, read_only=True)
    try:
        regios = con.execute(
            "SELECT periode, count(*), count(*) FILTER (WHERE techniekluw) "
            "FROM regio GROUP BY 1 ORDER BY 1"
        ).fetchall()
        twice = con.execute(
            "SELECT count(*) FROM (SELECT periode, vestiging FROM regio_vestiging "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchall()
        naam = con.execute("SELECT naam FROM regio LIMIT 1").fetchall()[0][0]
    finally:
        con.close()
    assert regios == [("2020-2024", 78, 5), ("2025-2029", 74, 0)]
    assert twice == [(0,)]
    assert naam.endswith("(demo)")
