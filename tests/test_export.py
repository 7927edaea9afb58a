"""Every output format writes the published table (``publicatie/export.py``); files are read back.

Machine-readable formats (CSV, JSON, Parquet, the Excel file's ``data`` sheet) hold the typed
open-data contract; the terminal and the Excel file's first sheet the Dutch notation.
"""

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

from sto_monitor import db
from sto_monitor.errors import IndicatorError
from sto_monitor.indicators import export as indicator_export
from sto_monitor.indicators.registry import BY_NAME, METHODE_VERSIE
from sto_monitor.indicators.woorden import label
from sto_monitor.publicatie import export
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, INTERVAL, KLEIN, STATUS
from sto_monitor.publicatie.taal import schooljaar
from tests.indicator_fixtures import tiny_warehouse
from tests.web_fixtures import csv_cel

KOLOMMEN = [
    "schooljaar",
    "profiel",
    "leerweg",
    "aantal",
    "aantal_min",
    "aantal_max",
    "aantal_status",
    "verandering_pct",
    "verandering_pct_status",
    "breuk",  # a series break's code (breuken.toml); its reason replaces the change on screen
]


@pytest.fixture(scope="module")
def uitvoer(tmp_path_factory: pytest.TempPathFactory) -> export.Uitvoer:
    path = tmp_path_factory.mktemp("export") / "t.duckdb"
    con = tiny_warehouse(path)
    con.execute("UPDATE bron SET formaat = 'duo-leerlingen-2020'")  # DUO's public file
    con.close()
    con = db.connect(path, read_only=True)
    try:
        return export.publiceer_indicator(
            con, BY_NAME["leerlingen_per_profiel"], techniek="sto", bronnen="tiny.csv (sha256 x)"
        )
    finally:
        con.close()


def expected(uitvoer: export.Uitvoer) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = uitvoer.data.to_pylist()
    return rows


def test_both_forms_of_the_published_table(uitvoer: export.Uitvoer) -> None:
    assert uitvoer.data.column_names == KOLOMMEN
    assert uitvoer.tabel.column_names == [
        "schooljaar",
        "profiel",
        "leerweg",
        "aantal",
        "verandering_pct",
    ]
    assert uitvoer.data.schema.field("aantal").type == pa.int64()
    bwi = [r for r in expected(uitvoer) if r["profiel"] == "BWI" and r["schooljaar"] == 2020]
    assert {(r["aantal"], r["aantal_min"], r["aantal_max"], r["aantal_status"]) for r in bwi} == {
        (None, 1, 4, KLEIN)
    }
    bwi_tekst = [r for r in uitvoer.tabel.to_pylist() if r["profiel"] == "BWI"]
    assert {r["aantal"] for r in bwi_tekst if r["schooljaar"] == 2020} == {KLEIN}


def test_filters_select_rows_of_the_published_table(uitvoer: export.Uitvoer) -> None:
    whole = [r for r in expected(uitvoer) if r["schooljaar"] == 2021]
    gekozen = uitvoer.filter({"schooljaar": 2021})
    assert gekozen.data.to_pylist() == whole
    assert gekozen.tabel.num_rows == len(whole)
    assert set(gekozen.tabel.column("schooljaar").to_pylist()) == {2021}
    with pytest.raises(IndicatorError, match="regio"):
        uitvoer.filter({"regio": "R1"})


def test_csv(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    export.exporteer(uitvoer, "csv", path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows == [{k: csv_cel(v) for k, v in r.items()} for r in expected(uitvoer)]
    assert {r["aantal_status"] for r in rows} <= {"", KLEIN, INTERVAL, GEHEIM}


def test_csv_to_the_terminal(uitvoer: export.Uitvoer) -> None:
    buffer = io.StringIO()
    export.exporteer(uitvoer, "csv", console=Console(file=buffer))
    assert buffer.getvalue().splitlines()[0] == ",".join(KOLOMMEN)


def test_csv_numbers() -> None:
    assert export.csv_waarde(12) == "12"
    assert export.csv_waarde(-5.9) == "-5.9"
    assert export.csv_waarde(1e-05) == "0.00001"
    assert export.csv_waarde(float("nan")) == ""
    assert export.csv_waarde(True) == "true"
    assert export.csv_waarde(None) == ""


def test_json(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.json"
    export.exporteer(uitvoer, "json", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["indicator"] == "leerlingen_per_profiel"
    assert document["methode_versie"] == METHODE_VERSIE
    assert document["techniek"] == "sto"
    assert document["bronnen"] == "tiny.csv (sha256 x)"
    assert document["status"] == STATUS
    assert document["kolommen"] == KOLOMMEN
    assert document["rijen"] == expected(uitvoer)


def test_xlsx(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.xlsx"
    export.exporteer(uitvoer, "xlsx", path)
    book = load_workbook(path)
    # the people's sheet (named after the Dutch title): the title, an empty row, the table in
    # the reader's words (tests/test_export_mensen.py has the rest)
    assert book.sheetnames == ["Derdejaarsleerlingen", "data", "toelichting"]
    sheet = book["Derdejaarsleerlingen"]
    assert sheet["A1"].value == uitvoer.titel
    mensen = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    indicator = BY_NAME["leerlingen_per_profiel"]
    assert mensen[0] == [label(indicator, k) for k in uitvoer.tabel.column_names]
    assert len(mensen) == uitvoer.tabel.num_rows + 1
    for got, row in zip(mensen[1:], uitvoer.tabel.to_pylist(), strict=True):
        assert got[:3] == [schooljaar(row["schooljaar"]), row["profiel"], row["leerweg"]]
        for value, tekst in zip(got[3:], [row["aantal"], row["verandering_pct"]], strict=True):
            if tekst is None or tekst in (KLEIN, GEHEIM):
                assert value == tekst
            elif "-" in tekst[1:]:
                assert value == indicator_export.weergave(tekst)  # an interval, as on screen
            else:
                assert value == pytest.approx(float(tekst))  # plain numbers are numbers
                assert not isinstance(value, str)
    data = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert data[0] == KOLOMMEN
    assert [dict(zip(KOLOMMEN, r, strict=True)) for r in data[1:]] == expected(uitvoer)
    toelichting = [list(r[:2]) for r in book["toelichting"].iter_rows(values_only=True)]
    assert ["methode_versie", METHODE_VERSIE] in toelichting
    assert [INTERVAL, STATUS[INTERVAL]] in toelichting
    book.close()


def test_parquet(uitvoer: export.Uitvoer, tmp_path: Path) -> None:
    path = tmp_path / "uit.parquet"
    export.exporteer(uitvoer, "parquet", path)
    table = pq.read_table(path)
    assert table.to_pylist() == expected(uitvoer)
    assert table.schema.metadata[b"sto_indicator"] == b"leerlingen_per_profiel"
    assert table.schema.field("aantal").type == pa.int64()
    assert table.schema.field("aantal_status").type == pa.string()
    assert json.loads(table.schema.metadata[b"sto_status"]) == STATUS


def test_terminal_table_in_dutch_notation(uitvoer: export.Uitvoer) -> None:
    console = Console(record=True, width=200)
    export.exporteer(uitvoer, "tabel", console=console, filters={"schooljaar": 2020})
    text = console.export_text()
    assert "Derdejaarsleerlingen per profiel en leerweg" in text
    assert KLEIN in text and "118\u2013121" in text  # interval with an en dash
    assert "2021" not in text.split("Notatie")[0].split("techniek: sto")[1]
    assert "aantal_min" not in text.split("Notatie")[0]


def test_binary_formats_need_a_file_and_unknown_formats_fail(uitvoer: export.Uitvoer) -> None:
    with pytest.raises(IndicatorError, match="--uit"):
        export.exporteer(uitvoer, "parquet")
    with pytest.raises(IndicatorError, match="onbekend formaat"):
        export.exporteer(uitvoer, "pdf")


def test_display_in_dutch() -> None:
    weergave = indicator_export.weergave
    assert weergave("61508") == "61.508"
    assert weergave("12-15") == "12\u201315"
    assert weergave("-12.3") == "-12,3"
    assert weergave(KLEIN) == KLEIN
    assert weergave(None) == ""
    assert weergave(True) == "ja" and weergave(False) == "nee"


def test_zoek_indicator_suggests_close_names() -> None:
    zoek = indicator_export.zoek_indicator
    assert zoek("leerlingen_per_profiel").naam == "leerlingen_per_profiel"
    with pytest.raises(IndicatorError, match="bedoelde u leerlingen_per_profiel"):
        zoek("leerlingen_per_profel")
    with pytest.raises(IndicatorError, match="onbekende indicator 'zzz'"):
        zoek("zzz")
