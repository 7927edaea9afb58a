"""`sto indicatoren`, `sto indicator`, `sto build`, `sto techniek-verschil`; the docs list."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sto_monitor import cli as cli_module
from sto_monitor.cli import cli
from sto_monitor.errors import ConfigError, ExitCode, IndicatorError
from sto_monitor.indicators import registry
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, METHODE_VERSIE
from sto_monitor.indicators.techniek_verschil import techniek_verschil
from sto_monitor.publicatie.afscherming.tabel import KLEIN
from tests.indicator_fixtures import tiny_warehouse
from tests.test_build import ZONDER_BRON

DOCS = Path(__file__).resolve().parents[1] / "docs" / "indicatoren.md"
ROUTE = (  # a technical vakmanschapsroute: techniek only under the Techniekpact definition
    "INSERT INTO leerlingen VALUES (2021, 'A1', 'VMBO KL lj 3-4', 'kb', NULL, 'Techniek', "
    "'Vakmanschapsroute Techniek', 'overig', NULL, NULL, 3, 'man', 6, 6, 1)"
)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    con = tiny_warehouse(path)
    con.execute(ROUTE)
    con.execute("UPDATE bron SET formaat = 'duo-leerlingen-2020'")  # DUO's public file
    con.close()
    return path


def sto(database: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(database), "--quiet"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_indicatoren_lists_every_indicator(warehouse: Path) -> None:
    code, out = sto(warehouse, "indicatoren")
    assert code == 0
    assert "leerlingen_per_profiel" in out and "Tabel 4.1" in out and "ja" in out


def test_indicator_as_csv_is_disclosure_controlled(warehouse: Path) -> None:
    code, out = sto(warehouse, "indicator", "leerlingen_per_profiel", "--formaat", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["schooljaar"] for r in rows} == {"2020", "2021"}
    cell = {(r["schooljaar"], r["profiel"], r["leerweg"]): r for r in rows}
    bwi = cell[("2020", "BWI", "kb")]
    assert (bwi["aantal"], bwi["aantal_min"], bwi["aantal_max"]) == ("", "1", "4")
    assert bwi["aantal_status"] == KLEIN
    assert cell[("2021", "BWI", "kb")]["aantal"] == "5"


def test_indicator_filtered_to_a_file(warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "uit.parquet"
    args = ["--schooljaar", "2021", "--formaat", "parquet", "--uit", str(target)]
    code, _ = sto(warehouse, "indicator", "leerlingen_per_profiel", *args)
    assert code == 0
    table = pq.read_table(target)
    assert set(table.column("schooljaar").to_pylist()) == {2021}
    code, out = sto(warehouse, "indicator", "leerlingen_per_profiel", "--techniek", "techniekpact")
    assert code == 0 and "techniek: techniekpact" in out


def test_herkomst_names_definition_method_and_files(warehouse: Path) -> None:
    code, out = sto(warehouse, "indicator", "leerlingen_per_profiel", "--herkomst")
    assert code == 0
    assert METHODE_VERSIE in out and "tiny.csv" in out and "vijf technische profielen" in out
    assert "Aantal leerlingen in leerjaar 3" in out and "Bronbestanden" in out


def test_unknown_indicator_names_the_closest(warehouse: Path) -> None:
    with pytest.raises(IndicatorError, match="bedoelde u leerlingen_per_profiel"):
        sto(warehouse, "indicator", "leerlingen_per_profel")


def test_main_maps_an_indicator_error_to_its_exit_code(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        sys, "argv", ["sto", "indicator", "leerlingen_per_profel", "--db", str(warehouse)]
    )
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == ExitCode.INDICATOR
    assert "leerlingen_per_profiel" in capsys.readouterr().err


def test_regio_filter_needs_a_regional_indicator(warehouse: Path) -> None:
    with pytest.raises(IndicatorError, match="niet per regio"):
        sto(warehouse, "indicator", "leerlingen_per_profiel", "--regio", "R1")


def test_spark_without_pyspark_is_a_clear_error(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now fails
    with pytest.raises(ConfigError, match=r"sto-monitor\[spark\]"):
        sto(warehouse, "indicator", "leerlingen_per_profiel", "--engine", "spark")


def test_build_reports_what_could_not_be_computed(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indicators = (BY_NAME["leerlingen_per_profiel"], ZONDER_BRON)
    monkeypatch.setattr(registry, "INDICATORS", indicators)
    result = CliRunner().invoke(cli, ["build", "--db", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "berekend leerlingen_per_profiel" in result.output
    assert "Niet berekend:" in result.output
    assert "zonder_bron: bron ontbreekt: examens" in result.output
    again = CliRunner().invoke(cli, ["build", "--db", str(warehouse)])
    assert "overgeslagen leerlingen_per_profiel" in again.output


def test_techniek_verschil_reconciles_the_definitions(warehouse: Path) -> None:
    from sto_monitor import db

    con = db.connect(warehouse, read_only=True)
    table = techniek_verschil(DuckDBEngine(con))
    con.close()
    rows = {
        (r["schooljaar"], r["leerweg"], r["onderdeel"]): (r["aantal_min"], r["aantal_max"])
        for r in table.to_pylist()
    }
    assert rows[(2021, "kb", "STO-definitie")] == (16, 19)  # BWI 5 + PIE 10 + MaT <5
    assert rows[(2021, "kb", "+ Vakmanschapsroute Techniek")] == (6, 6)
    assert rows[(2021, "kb", "Techniekpact-definitie")] == (22, 25)
    assert rows[(2021, "totaal", "+ Vakmanschapsroute Techniek")] == (6, 6)
    assert (2020, "kb", "+ Vakmanschapsroute Techniek") not in rows
    # STO plus the differences gives the Techniekpact figure, per schooljaar x leerweg.
    for (jaar, leerweg, onderdeel), (low, _high) in rows.items():
        if onderdeel == "Techniekpact-definitie":
            parts = [
                (1 if o.startswith(("STO", "+")) else -1) * v[0]
                for (j, lw, o), v in rows.items()
                if (j, lw) == (jaar, leerweg) and o != onderdeel
            ]
            assert sum(parts) == low
    code, out = sto(warehouse, "techniek-verschil", "--schooljaar", "2021", "--formaat", "json")
    assert code == 0
    document = json.loads(out)
    assert {r["schooljaar"] for r in document["rijen"]} == {2021}
    published = {(r["leerweg"], r["onderdeel"]): r for r in document["rijen"]}
    route = published[("kb", "+ Vakmanschapsroute Techniek")]
    assert (route["aantal"], route["aantal_status"]) == (6, None)
    sto_kb = published[("kb", "STO-definitie")]  # BWI 5 + PIE 10 + MaT <5
    assert (sto_kb["aantal"], sto_kb["aantal_min"], sto_kb["aantal_max"]) == (None, 16, 19)
    assert sto_kb["aantal_status"] == "interval"
    # a count of 1 to 4 is never shown as a number
    assert not any(r["aantal"] in (1, 2, 3, 4) for r in document["rijen"])


def test_every_indicator_has_a_docs_entry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [i.naam for i in INDICATORS if f"| `{i.naam}` |" not in text]
    rows = "\n".join(f"| `{i.naam}` | {i.titel} | {i.reproduceert} |" for i in INDICATORS)
    assert not missing, (
        f"docs/indicatoren.md mist {', '.join(missing)}; vervang de lijst door:\n{rows}"
    )
