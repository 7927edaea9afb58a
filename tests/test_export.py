"""Every output format writes the disclosure-controlled table; files are read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from rich.console import Console

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators import export
from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN
from sto_monitor.indicators.registry import BY_NAME, METHODE_VERSIE
from sto_monitor.indicators.run import compute
from tests.indicator_fixtures import tiny_warehouse


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory: pytest.TempPathFactory) -> export.Uitvoer:
    con = tiny_warehouse(tmp_path_factory.mktemp("export") / "t.duckdb")
    ind = BY_NAME["leerlingen_per_profiel"]
    raw = compute(ind, con)
    con.close()
    return export.indicator_uitvoer(ind, raw, techniek="sto", bronnen="tiny.csv (sha256 x)")


def expected(uitvoer: export.Uitvoer) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = export.publiceer(uitvoer).to_pylist()
    return rows


def test_publiceer_hides_small_counts_and_drops_bounds(uitvoer: export.Uitvoer) -> None:
    table = export.publiceer(uitvoer)
    assert table.column_names == ["schooljaar", "profiel", "leerweg", "aantal", "verandering_pct"]
    bwi = [r for r in table.to_pylist() if r["profiel"] == "BWI" and r["schooljaar"] == 2020]
    assert {r["aantal"] for r in bwi} == {KLEIN}


def test_filters_apply_after_disclosure_control(uitvoer: export.Uitvoer) -> None:
    whole = [r for r in expected(uitvoer) if r["schooljaar"] == 2021]
    assert export.publiceer(uitvoer, {"schooljaar": 2021}).to_pylist() == whole
    with pytest.raises(IndicatorError, match="regio"):
        export.publiceer(uitvoer, {"regio": "R1"})


def test_csv(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    export.exporteer(uitvoer, "csv", path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    want = [{k: "" if v is None else str(v) for k, v in r.items()} for r in expected(uitvoer)]
    assert rows == want
    assert "aantal_min" not in rows[0]


def test_csv_to_the_terminal(uitvoer: export.Uitvoer) -> None:
    buffer = io.StringIO()
    export.exporteer(uitvoer, "csv", console=Console(file=buffer))
    assert buffer.getvalue().splitlines()[0] == "schooljaar,profiel,leerweg,aantal,verandering_pct"


def test_json(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.json"
    export.exporteer(uitvoer, "json", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["indicator"] == "leerlingen_per_profiel"
    assert document["methode_versie"] == METHODE_VERSIE
    assert document["techniek"] == "sto"
    assert document["bronnen"] == "tiny.csv (sha256 x)"
    assert KLEIN in document["notatie"] and GEHEIM in document["notatie"]
    assert document["rijen"] == expected(uitvoer)


def test_xlsx(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.xlsx"
    export.exporteer(uitvoer, "xlsx", path)
    book = load_workbook(path, read_only=True)
    sheet = book["leerlingen_per_profiel"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["schooljaar", "profiel", "leerweg", "aantal", "verandering_pct"]
    want = expected(uitvoer)
    assert len(rows) == len(want) + 1
    for got, row in zip(rows[1:], want, strict=True):
        # Plain numbers are numbers in Excel; the notation stays text.
        assert got == [export._number(v) if isinstance(v, str) else v for v in row.values()]
    assert ["methode_versie", METHODE_VERSIE] in [
        list(r) for r in book["toelichting"].iter_rows(values_only=True)
    ]
    book.close()


def test_parquet(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.parquet"
    export.exporteer(uitvoer, "parquet", path)
    table = pq.read_table(path)
    assert table.to_pylist() == expected(uitvoer)
    assert table.schema.metadata[b"sto_indicator"] == b"leerlingen_per_profiel"
    assert table.schema.field("aantal").type == pa.string()


def test_terminal_table_in_dutch_notation(uitvoer: export.Uitvoer) -> None:
    console = Console(record=True, width=200)
    export.exporteer(uitvoer, "tabel", console=console, filters={"schooljaar": 2020})
    text = console.export_text()
    assert "Derdejaarsleerlingen per profiel en leerweg" in text
    assert KLEIN in text and "118\u2013121" in text  # interval with an en dash
    assert "2021" not in text.split("Notatie")[0].split("techniek: sto")[1]


def test_binary_formats_need_a_file_and_unknown_formats_fail(uitvoer: export.Uitvoer) -> None:
    with pytest.raises(IndicatorError, match="--uit"):
        export.exporteer(uitvoer, "parquet")
    with pytest.raises(IndicatorError, match="onbekend formaat"):
        export.exporteer(uitvoer, "pdf")


def test_display_in_dutch() -> None:
    assert export.weergave("61508") == "61.508"
    assert export.weergave("12-15") == "12\u201315"
    assert export.weergave("-12.3") == "-12,3"
    assert export.weergave(KLEIN) == KLEIN
    assert export.weergave(None) == ""
    assert export.weergave(True) == "ja" and export.weergave(False) == "nee"


def test_zoek_indicator_suggests_close_names() -> None:
    assert export.zoek_indicator("leerlingen_per_profiel").naam == "leerlingen_per_profiel"
    with pytest.raises(IndicatorError, match="bedoelde u leerlingen_per_profiel"):
        export.zoek_indicator("leerlingen_per_profel")
    with pytest.raises(IndicatorError, match="onbekende indicator 'zzz'"):
        export.zoek_indicator("zzz")
