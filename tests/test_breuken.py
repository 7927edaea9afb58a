"""Series breaks are data: the register, and no change printed as a number across a break.

The real DUO leerlingen files of 2016/17 and 2019/20 are loaded as ``test_definities.py`` does.
Between them lie three breaks: the old pre-2016 afdelingen still used in 2016/17, a 2016/17
file that registers no sector for tl (every regular tl row says "N.v.t."), and DUO's older
layout with LWOO rows (listed for information). A generated pair of consecutive years in one
layout has no break and keeps its changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.generate import generate
from sto_monitor.indicators import breuken
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.runner import ingest_paths
from tests.conftest import REAL

LEERLINGEN = REAL / "leerlingen_vo"
BESTANDEN = (
    LEERLINGEN / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv",
    LEERLINGEN / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
)


@pytest.fixture(scope="module")
def echt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    pad = tmp_path_factory.mktemp("breuken") / "echt.duckdb"
    con = db.connect(pad)
    outcomes = ingest_paths(con, list(BESTANDEN))
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
    con.close()
    return pad


@pytest.fixture(scope="module")
def warehouse(echt: Path) -> Iterator[db.Connection]:
    con = db.connect(echt, read_only=True)
    yield con
    con.close()


def test_rules_are_data() -> None:
    codes = [r.code for r in breuken.regels()]
    assert codes == [
        "oude-afdelingen",
        "tl-sector-onbekend",
        "duo-indeling-lwoo",
        "duo-indeling-instellingscode",
        "regio-indeling",
    ]
    for r in breuken.regels():
        assert r.kort
        assert "{jaar}" in r.reden or "{oorzaak}" in r.reden
    assert breuken.tekst("oude-afdelingen;tl-sector-onbekend") == (
        "niet vergelijkbaar: oude afdelingen; niet vergelijkbaar: sector onbekend"
    )
    assert breuken.tekst(None) is None


def test_register_on_the_real_files(warehouse: db.Connection) -> None:
    rows = compute("reeksbreuken", warehouse).to_pylist()
    assert {(r["schooljaar"], r["vorig_schooljaar"], r["code"]) for r in rows} == {
        (2019, 2016, "oude-afdelingen"),
        (2019, 2016, "tl-sector-onbekend"),
        (2019, 2016, "duo-indeling-lwoo"),
    }
    per_code = {r["code"]: r for r in rows}
    oud = per_code["oude-afdelingen"]
    assert not oud["vergelijkbaar"]
    assert "leerlingen_per_profiel" in oud["reeksen"].split(", ")
    assert "groeiclusters" in oud["reeksen"].split(", ")
    assert oud["reden"].startswith("In 2016/2017 zaten nog veel derdejaars in de afdelingen")
    assert "{" not in oud["reden"]
    tl = per_code["tl-sector-onbekend"]
    assert tl["reeksen"] == "leerlingen_tl" and "2016/2017" in tl["reden"]
    lwoo = per_code["duo-indeling-lwoo"]
    assert lwoo["vergelijkbaar"] and lwoo["reeksen"] == ""  # for information only
    assert "2016/2017" in lwoo["reden"]


def test_facts_per_year(warehouse: db.Connection) -> None:
    from sto_monitor.indicators.engines import DuckDBEngine
    from sto_monitor.indicators.inputs import Inputs

    eng = DuckDBEngine(warehouse)
    feiten = {
        r["schooljaar"]: r for r in eng.execute(breuken.jaarkenmerken(Inputs(eng))).to_pylist()
    }
    # 2016/17: 16,822 of 69,741 third-years in pre-2016 afdelingen, 39,511 of 39,730 tl
    # third-years without a sector; 2019/20: none, and 3,998 of 38,083 profielloos.
    assert feiten[2016]["oude_afdelingen"] == pytest.approx(0.2412, abs=1e-3)
    assert feiten[2019]["oude_afdelingen"] == 0
    assert feiten[2016]["tl_zonder_sector"] == pytest.approx(39511 / 39730)
    assert feiten[2019]["tl_zonder_sector"] == pytest.approx(3998 / 38083)
    assert (feiten[2016]["editie"], feiten[2019]["editie"]) == (
        "duo-leerlingen-2016",
        "duo-leerlingen-2019",
    )


def test_no_change_across_the_break(warehouse: db.Connection) -> None:
    per_profiel = compute("leerlingen_per_profiel", warehouse).to_pylist()
    for r in per_profiel:
        if r["schooljaar"] != 2019:
            assert r["verandering_pct"] is None and r["breuk"] is None
        elif r["profiel"] == "totaal":  # the total stays comparable: old afdelingen count in it
            assert r["breuk"] is None and r["verandering_pct"] is not None
        else:
            assert r["verandering_pct"] is None, r
            assert r["breuk"] == "oude-afdelingen"
    [totaal] = [
        r
        for r in per_profiel
        if r["schooljaar"] == 2019 and r["profiel"] == "totaal" and r["leerweg"] == "totaal"
    ]
    assert totaal["verandering_pct"] == pytest.approx((61508 - 69741) * 100 / 69741)

    tl = {
        (r["schooljaar"], r["profiel"]): r for r in compute("leerlingen_tl", warehouse).to_pylist()
    }
    for profiel in ("Economie", "Zorg en welzijn", "Techniek", "Landbouw", "Profielloos"):
        assert tl[(2019, profiel)]["verandering_pct"] is None
        assert tl[(2019, profiel)]["breuk"] == "tl-sector-onbekend"
    assert tl[(2019, "totaal")]["breuk"] is None
    assert tl[(2019, "totaal")]["verandering_pct"] == pytest.approx((38083 - 39730) * 100 / 39730)


def test_2016_tl_is_sector_onbekend(warehouse: db.Connection) -> None:
    tl = {
        (r["schooljaar"], r["profiel"]): r for r in compute("leerlingen_tl", warehouse).to_pylist()
    }
    assert tl[(2016, "sector onbekend")]["aantal"] == 39511
    assert (2016, "Profielloos") not in tl
    assert (2019, "sector onbekend") not in tl
    assert tl[(2019, "Profielloos")]["aantal"] == 3998
    assert tl[(2016, "Techniek")]["aantal"] == 155  # the beroepsroute Techniek does say so


def test_cli_shows_the_reason(echt: Path) -> None:
    result = CliRunner().invoke(cli, ["indicator", "leerlingen_tl", "--db", str(echt)])
    assert result.exit_code == 0, result.output
    uit = " ".join(result.output.split())
    assert "sector onbekend" in uit
    assert "niet vergelijkbaar: sector onbekend" in uit
    assert "3955" not in uit.replace(".", "").replace(",", "")
    assert "-4,1" in uit  # the tl total still has its change

    result = CliRunner().invoke(
        cli, ["indicator", "leerlingen_per_profiel", "--db", str(echt), "--formaat", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "oude-afdelingen" in result.output  # the code, for machines

    result = CliRunner().invoke(
        cli, ["indicator", "reeksbreuken", "--db", str(echt), "--formaat", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "oude-afdelingen" in result.output and "tl-sector-onbekend" in result.output


@pytest.fixture(scope="module")
def synthetisch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    tmp = tmp_path_factory.mktemp("breuken-gen")
    generate(tmp / "gen", schaal=0.1, layout="2023", jaren=[2022, 2023], seed=7)
    con = db.connect(tmp / "sto.duckdb")
    outcomes = ingest_paths(con, [tmp / "gen"])
    assert all(o.status == "geladen" for o in outcomes), [(o.path, o.error) for o in outcomes]
    yield con
    con.close()


def test_no_break_keeps_the_changes(synthetisch: db.Connection) -> None:
    assert compute("reeksbreuken", synthetisch).num_rows == 0
    rows = compute("leerlingen_per_profiel", synthetisch).to_pylist()
    latest = [r for r in rows if r["schooljaar"] == 2023]
    assert latest and all(r["breuk"] is None for r in rows)
    assert sum(r["verandering_pct"] is not None for r in latest) > len(latest) // 2
    tl = compute("leerlingen_tl", synthetisch).to_pylist()
    assert all(r["profiel"] != "sector onbekend" and r["breuk"] is None for r in tl)
    groei = compute("groeiclusters", synthetisch).to_pylist()
    assert all(r["breuk"] is None for r in groei)
    assert any(r["cluster"] is not None for r in groei if r["schooljaar"] == 2023)


@pytest.mark.spark
def test_same_breaks_on_spark(warehouse: db.Connection) -> None:
    import shutil

    if shutil.which("java") is None:
        pytest.skip("geen java op PATH")
    pytest.importorskip("pyspark", reason="pyspark ontbreekt: pip install .[spark]")
    from sto_monitor.indicators.engines import SparkEngine

    with SparkEngine(warehouse, master="local[1]") as spark:
        for naam in ("reeksbreuken", "leerlingen_tl"):
            duck = compute(naam, warehouse).sort_by("schooljaar").to_pylist()
            on_spark = compute(naam, warehouse, engine=spark).sort_by("schooljaar").to_pylist()
            key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
            assert sorted(on_spark, key=key) == sorted(duck, key=key)
