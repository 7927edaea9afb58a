"""The typed open-data contract in every machine-readable format, against a real server.

JSON (API), CSV and Parquet (bulk zip, verkenner download, ``sto indicator``), the machine
sheet of the Excel files, the OpenAPI document and the bulk zip's Frictionless data package.
Expected rows are published here independently (``publiceren.publiceer`` on the warehouse file,
without the web layer); the types are checked value by value.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import frictionless
import jsonschema
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sto_monitor.cli import cli
from sto_monitor.indicators.definities import toelichting
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, METHODE_VERSIE
from sto_monitor.indicators.woorden import label
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, INTERVAL, KLEIN, STATUS
from sto_monitor.publicatie.contract import Veld, velden
from sto_monitor.publicatie.taal import schooljaar
from tests.indicator_fixtures import tiny_warehouse
from tests.web_fixtures import Antwoord, csv_cel, get

FILTERS = ("schooljaar", "regio", "profiel", "leerweg")
STATUS_AANTAL = {None, KLEIN, INTERVAL, GEHEIM}


# ---- independent expectations -------------------------------------------------------------------


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def typed_rows(web_publicatie: dict[str, GepubliceerdeTabel], naam: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = web_publicatie[naam].data.to_pylist()
    return as_json(rows)  # type: ignore[no-any-return]


def select(rows: list[dict[str, Any]], filters: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in rows if all(r.get(k) == v for k, v in filters.items())]


def check_value(veld: Veld, value: object) -> None:
    """A value of the contract has its field's JSON type (every value may be null)."""
    if value is None:
        return
    if veld.statussen:
        assert value in veld.statussen, (veld.naam, value)
    elif veld.type == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), (veld.naam, value)
    elif veld.type == "number":
        assert isinstance(value, int | float) and not isinstance(value, bool), (veld.naam, value)
        assert math.isfinite(value), (veld.naam, value)
    elif veld.type == "boolean":
        assert isinstance(value, bool), (veld.naam, value)
    else:
        assert isinstance(value, str), (veld.naam, value)


def check_rows(naam: str, kolommen: list[str], rows: list[dict[str, Any]]) -> None:
    """Every row has exactly the contract's columns, each value of its type, counts consistent."""
    per_naam = {v.naam: v for v in velden(BY_NAME[naam])}
    assert kolommen == list(per_naam), naam
    for row in rows:
        assert list(row) == kolommen
        for kolom, value in row.items():
            check_value(per_naam[kolom], value)
        for veld in per_naam.values():
            if veld.soort != "aantal":
                continue
            c = veld.naam
            waarde, lo, hi, status = row[c], row[f"{c}_min"], row[f"{c}_max"], row[f"{c}_status"]
            assert status in STATUS_AANTAL
            if status == GEHEIM:
                assert waarde is None and lo is None and hi is None, (naam, c, row)
            elif status in (KLEIN, INTERVAL):
                assert waarde is None and lo is not None and hi is not None and lo < hi
                if status == KLEIN:
                    assert 0 < hi < 5
            elif lo is not None:
                assert waarde == lo == hi, (naam, c, row)


# ---- the JSON API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("naam", "filters"),
    [
        ("leerlingen_per_profiel", {}),
        ("leerlingen_per_profiel", {"schooljaar": 2024, "profiel": "BWI"}),
        ("techniekaandeel", {"regio": "NL"}),
        ("kwetsbare_groepen", {"leerweg": "bb"}),
        ("doorstroom", {}),
        ("docenten", {"schooljaar": 2024}),
        ("groeiclusters", {}),
        ("reisafstand", {}),
    ],
)
def test_json_numbers_are_numbers(
    web_server: str,
    web_publicatie: dict[str, GepubliceerdeTabel],
    naam: str,
    filters: dict[str, Any],
) -> None:
    answer = get(web_server, f"/api/v1/indicatoren/{naam}?{urlencode(filters)}")
    assert answer.status == 200, answer.text
    document = answer.json()
    assert document["status"] == STATUS
    assert "notatie" not in document
    expected = select(typed_rows(web_publicatie, naam), filters)
    assert expected, f"{naam} {filters}: geen rijen, de test zegt niets"
    assert document["kolommen"] == web_publicatie[naam].data.column_names
    assert document["rijen"] == expected
    check_rows(naam, document["kolommen"], document["rijen"])


def test_every_available_indicator_keeps_the_contract(
    web_server: str, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    for indicator in INDICATORS:
        if indicator.naam not in web_publicatie:
            continue
        # the contract derived without data equals the published table's columns and types
        data = web_publicatie[indicator.naam].data
        per_naam = {v.naam: v for v in velden(indicator)}
        assert data.column_names == list(per_naam), indicator.naam
        for field in data.schema:
            veld = per_naam[field.name]
            if veld.type == "integer":
                assert pa.types.is_integer(field.type), (indicator.naam, field)
            elif veld.type == "number":
                assert pa.types.is_integer(field.type) or pa.types.is_floating(field.type)
            elif veld.type == "boolean":
                assert pa.types.is_boolean(field.type), (indicator.naam, field)
            else:
                assert pa.types.is_string(field.type), (indicator.naam, field)
        document = get(web_server, f"/api/v1/indicatoren/{indicator.naam}").json()
        check_rows(indicator.naam, document["kolommen"], document["rijen"])


def _hidden_cell(
    web_publicatie: dict[str, GepubliceerdeTabel], status: str
) -> tuple[str, str, dict[str, Any]] | None:
    """An indicator with a filter among its keys, a status column and a row with this status."""
    for indicator in INDICATORS:
        if indicator.naam not in web_publicatie or not set(indicator.sleutels) & set(FILTERS):
            continue
        for veld in velden(indicator):
            if not veld.statussen:
                continue
            for row in typed_rows(web_publicatie, indicator.naam):
                if row[veld.naam] == status:
                    return indicator.naam, veld.naam.removesuffix("_status"), row
    return None


@pytest.mark.parametrize("status", [KLEIN, GEHEIM])
def test_a_filter_never_changes_the_pattern(
    web_server: str, web_publicatie: dict[str, GepubliceerdeTabel], status: str
) -> None:
    found = _hidden_cell(web_publicatie, status)
    if found is None:
        pytest.skip(f"geen cel met status {status} in de gepubliceerde tabellen")
    naam, kolom, row = found
    sleutels = {k: row[k] for k in BY_NAME[naam].sleutels}
    filters = {k: v for k, v in sleutels.items() if k in FILTERS}
    rows = get(web_server, f"/api/v1/indicatoren/{naam}?{urlencode(filters)}").json()["rijen"]
    assert select(rows, sleutels) == [row]  # the row of the whole table, as it is
    assert row[kolom] is None and row[f"{kolom}_status"] == status
    if status == GEHEIM and f"{kolom}_min" in row:
        assert row[f"{kolom}_min"] is None and row[f"{kolom}_max"] is None
    for leave_out in filters:
        wider = {k: v for k, v in filters.items() if k != leave_out}
        answer = get(web_server, f"/api/v1/indicatoren/{naam}?{urlencode(wider)}").json()
        assert select(answer["rijen"], sleutels) == [row]


# ---- OpenAPI -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(web_server: str) -> dict[str, Any]:
    document: dict[str, Any] = get(web_server, "/api/v1/openapi.json").json()
    return document


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of ``anyOf: [X, {"type": "null"}]``."""
    branches = schema["anyOf"]
    assert {"type": "null"} in branches, schema
    (rest,) = [b for b in branches if b != {"type": "null"}]
    return rest  # type: ignore[no-any-return]


def test_openapi_states_the_types(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    rij = schemas["Rij_leerlingen_per_profiel"]["properties"]
    assert _nullable(rij["aantal"]) == {"type": "integer"}
    assert _nullable(rij["aantal_min"]) == {"type": "integer"}
    assert _nullable(rij["aantal_max"]) == {"type": "integer"}
    assert _nullable(rij["aantal_status"]) == {"type": "string", "enum": [KLEIN, INTERVAL, GEHEIM]}
    assert _nullable(rij["verandering_pct"]) == {"type": "number"}
    assert _nullable(rij["verandering_pct_status"]) == {"type": "string", "enum": [GEHEIM]}
    assert rij["aantal"]["unit"] == "leerlingen" and rij["aantal"]["description"]
    assert set(schemas["Rij_leerlingen_per_profiel"]["required"]) == set(rij)
    tabel = schemas["IndicatorTabel_leerlingen_per_profiel"]["properties"]
    assert tabel["indicator"]["const"] == "leerlingen_per_profiel"
    assert tabel["rijen"]["items"] == {"$ref": "#/components/schemas/Rij_leerlingen_per_profiel"}
    assert "status" in tabel and "notatie" not in tabel
    # one schema per indicator, told apart by "indicator"
    response = openapi["paths"]["/api/v1/indicatoren/{naam}"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    assert schema["discriminator"]["propertyName"] == "indicator"
    assert set(schema["discriminator"]["mapping"]) == {i.naam for i in INDICATORS}


@pytest.mark.parametrize(
    "naam", ["leerlingen_per_profiel", "techniekaandeel", "doorstroom", "docenten", "groepsgrootte"]
)
def test_answers_validate_against_the_openapi_schema(
    web_server: str, openapi: dict[str, Any], naam: str
) -> None:
    document = get(web_server, f"/api/v1/indicatoren/{naam}").json()
    assert document["rijen"]
    schema = {
        "$ref": f"#/components/schemas/IndicatorTabel_{naam}",
        "components": openapi["components"],
    }
    rows = schema["components"]["schemas"][f"Rij_{naam}"]
    strict = {**rows, "additionalProperties": False}
    schema["components"] = {"schemas": {**openapi["components"]["schemas"], f"Rij_{naam}": strict}}
    jsonschema.Draft202012Validator(schema).validate(document)


# ---- bulk zip: CSV, Parquet and the Frictionless data package -----------------------------------


@pytest.fixture(scope="module")
def bulk(web_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    answer = get(web_server, "/api/v1/bulk.zip")
    assert answer.status == 200
    folder = tmp_path_factory.mktemp("bulk")
    with zipfile.ZipFile(io.BytesIO(answer.body)) as z:
        z.extractall(folder)
    yield folder


def test_datapackage_is_valid_and_typed(bulk: Path, web_server: str) -> None:
    report = frictionless.validate(bulk / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:10]
    descriptor = json.loads((bulk / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {s["title"] for s in descriptor["sources"]} >= {"DUO open onderwijsdata"}
    assert any(s["title"].startswith("CBS") for s in descriptor["sources"])
    assert descriptor["methode_versie"] == METHODE_VERSIE
    assert descriptor["techniek_definitie"] == toelichting("sto")
    assert descriptor["status"] == STATUS
    beschikbaar = [
        i["naam"]
        for i in get(web_server, "/api/v1/indicatoren").json()["indicatoren"]
        if i["beschikbaar"]
    ]
    assert [r["name"] for r in descriptor["resources"]] == beschikbaar
    package = frictionless.Package(bulk / "datapackage.json")
    for resource in package.resources:
        indicator = BY_NAME[resource.name]
        schema = resource.schema
        assert schema.primary_key == list(indicator.sleutels)
        assert schema.missing_values == [""]
        per_naam = {v.naam: v for v in velden(indicator)}
        assert schema.field_names == list(per_naam)
        for field in schema.fields:
            assert field.description, (resource.name, field.name)
            veld = per_naam[field.name]
            if veld.soort in ("aantal", "ondergrens", "bovengrens"):
                assert field.type in ("integer", "number")
            if veld.statussen:
                assert field.constraints["enum"] == list(veld.statussen)
        # every row typed: the CSV read back by frictionless equals the JSON of the API
        api = get(web_server, f"/api/v1/indicatoren/{resource.name}").json()
        with resource:
            rows = [row.to_dict() for row in resource.row_stream]
        assert len(rows) == len(api["rijen"])
        for got, want in zip(rows, api["rijen"], strict=True):
            for kolom, value in want.items():
                # frictionless reads a number as a Decimal: exact, as written
                gelezen = float(got[kolom]) if isinstance(got[kolom], Decimal) else got[kolom]
                check_value(per_naam[kolom], gelezen)
                if isinstance(value, float):
                    assert float(got[kolom]) == pytest.approx(value), (resource.name, kolom)
                else:
                    assert got[kolom] == value, (resource.name, kolom)


def test_bulk_csv_and_parquet_are_the_json_rows(bulk: Path, web_server: str) -> None:
    leesmij = (bulk / "LEESMIJ.txt").read_text(encoding="utf-8")
    assert METHODE_VERSIE in leesmij and "datapackage.json" in leesmij and INTERVAL in leesmij
    for naam in ("techniekaandeel", "leerlingen_per_profiel", "doorstroom"):
        api = get(web_server, f"/api/v1/indicatoren/{naam}").json()
        table = pq.read_table(bulk / "parquet" / f"{naam}.parquet")
        assert table.column_names == api["kolommen"]
        assert as_json(table.to_pylist()) == api["rijen"]
        for veld in velden(BY_NAME[naam]):
            if veld.soort in ("aantal", "ondergrens", "bovengrens"):
                assert table.schema.field(veld.naam).type == pa.int64(), veld.naam
        assert json.loads(table.schema.metadata[b"sto_status"]) == STATUS
        text = (bulk / "csv" / f"{naam}.csv").read_text(encoding="utf-8")
        reader = csv.reader(io.StringIO(text))
        assert next(reader) == api["kolommen"]
        assert list(reader) == [[csv_cel(v) for v in row.values()] for row in api["rijen"]]


# ---- the verkenner's downloads ----------------------------------------------------------------


def test_verkenner_csv_is_typed(
    web_server: str, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    query = {"indicator": "leerlingen_per_profiel", "schooljaar": 2024}
    answer = get(web_server, f"/verkenner.csv?{urlencode(query)}")
    assert answer.status == 200
    rows = list(csv.reader(io.StringIO(answer.text)))
    expected = select(typed_rows(web_publicatie, "leerlingen_per_profiel"), {"schooljaar": 2024})
    assert rows[0] == web_publicatie["leerlingen_per_profiel"].data.column_names
    assert sorted(rows[1:]) == sorted([csv_cel(v) for v in r.values()] for r in expected)
    # in the reader's order: per profiel the leerwegen bb, kb, gl, totaal (not alphabetical)
    profiel, leerweg = rows[0].index("profiel"), rows[0].index("leerweg")
    bwi = [r[leerweg] for r in rows[1:] if r[profiel] == "BWI"]
    assert bwi == [lw for lw in ("bb", "kb", "gl", "totaal") if lw in bwi]
    kolom = rows[0].index("aantal_min")
    assert all(int(r[kolom]) >= 0 for r in rows[1:] if r[kolom])


def test_verkenner_xlsx_has_a_sheet_for_people_and_one_for_machines(
    web_server: str, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    naam = "leerlingen_per_profiel"
    answer = get(web_server, f"/verkenner.xlsx?indicator={naam}&sort=aantal&richting=af")
    assert answer.status == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.body))
    assert book.sheetnames[1:] == ["data", "toelichting"]
    mensen = _mensen(book.worksheets[0])  # the people's sheet: tests/test_export_mensen.py
    koppen = [label(BY_NAME[naam], k) for k in web_publicatie[naam].tabel.column_names]
    assert mensen[0] == koppen
    getoond = {r[mensen[0].index(label(BY_NAME[naam], "aantal"))] for r in mensen[1:]}
    assert "<5" in getoond or "x" in getoond or any("\u2013" in str(v) for v in getoond)
    assert any(isinstance(v, int) for v in getoond)  # a plain count is a number for Excel
    data = book["data"]
    kop = [c.value for c in data[1]]
    assert kop == web_publicatie[naam].data.column_names
    expected = {
        (r["schooljaar"], r["profiel"], r["leerweg"]): r for r in typed_rows(web_publicatie, naam)
    }
    rows = list(data.iter_rows(min_row=2))
    assert len(rows) == len(expected) == len(mensen) - 1
    for cells in rows:
        row = dict(zip(kop, (c.value for c in cells), strict=True))
        assert row == expected[(row["schooljaar"], row["profiel"], row["leerweg"])]
        for cell in cells:
            assert cell.data_type != "f"
            if isinstance(cell.value, int | float):
                assert cell.data_type == "n"
    # the sheets keep the order of the page (sorted by aantal, descending)
    assert [r[:3] for r in mensen[1:]] == [
        [schooljaar(cells[0].value), cells[1].value, cells[2].value]
        for cells in data.iter_rows(min_row=2)
    ]
    regels = [list(r[:2]) for r in book["toelichting"].iter_rows(values_only=True)]
    notes = {r[0]: r[1] for r in regels if r[0]}
    assert notes["rijen"] == len(rows) and isinstance(notes["rijen"], int)
    assert notes["methode_versie"] == METHODE_VERSIE
    begin = regels.index(["status", "betekenis"]) + 1
    assert regels[begin : begin + len(STATUS)] == [list(s) for s in STATUS.items()]
    book.close()


def _mensen(sheet: Any) -> list[list[Any]]:
    """The table of the people's sheet: its header row (after the title) and the rows."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[next(i for i, r in enumerate(rows) if r[0] == "Schooljaar") :]


# ---- sto indicator -------------------------------------------------------------------------------


def _sto(database: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(database), "--quiet"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_sto_indicator_publishes_the_dashboards_pattern(web_db: Path, web_server: str) -> None:
    for naam in ("doorstroom", "techniekaandeel"):
        out = _sto(web_db, "indicator", naam, "--formaat", "json")
        document = json.loads(out)
        api = get(web_server, f"/api/v1/indicatoren/{naam}").json()
        assert document["rijen"] == api["rijen"]
        assert document["status"] == STATUS and document["kolommen"] == api["kolommen"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contract") / "t.duckdb"
    con = tiny_warehouse(path)
    con.execute("UPDATE bron SET formaat = 'duo-leerlingen-2020'")  # DUO's public file
    con.close()
    return path


def test_sto_indicator_formats_are_typed(tiny: Path, tmp_path: Path) -> None:
    naam = "leerlingen_per_profiel"
    klein = {"schooljaar": 2020, "profiel": "BWI", "leerweg": "kb"}
    want = {"aantal": None, "aantal_min": 1, "aantal_max": 4, "aantal_status": KLEIN}
    document = json.loads(_sto(tiny, "indicator", naam, "--formaat", "json"))
    (row,) = select(document["rijen"], klein)
    assert {k: row[k] for k in want} == want
    check_rows(naam, document["kolommen"], document["rijen"])
    pie = select(document["rijen"], {"schooljaar": 2021, "profiel": "PIE", "leerweg": "bb"})
    assert pie[0]["aantal"] == 48 and pie[0]["aantal_status"] is None  # 12 + 25 + 11
    assert pie[0]["verandering_pct"] == -5.9  # from 51: a negative number stays a number

    rows = list(csv.DictReader(io.StringIO(_sto(tiny, "indicator", naam, "--formaat", "csv"))))
    assert [{k: r[k] for k in document["kolommen"]} for r in rows] == [
        {k: csv_cel(v) for k, v in r.items()} for r in document["rijen"]
    ]

    parquet = tmp_path / "t.parquet"
    _sto(tiny, "indicator", naam, "--formaat", "parquet", "--uit", str(parquet))
    table = pq.read_table(parquet)
    assert table.schema.field("aantal").type == pa.int64()
    assert table.schema.field("verandering_pct").type == pa.float64()
    assert as_json(table.to_pylist()) == document["rijen"]

    xlsx = tmp_path / "t.xlsx"
    _sto(tiny, "indicator", naam, "--formaat", "xlsx", "--uit", str(xlsx))
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[1:] == ["data", "toelichting"]
    values = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert values[0] == document["kolommen"]
    assert [dict(zip(values[0], r, strict=True)) for r in values[1:]] == document["rijen"]
    mensen = _mensen(book.worksheets[0])
    kolommen = ["schooljaar", "profiel", "leerweg", "aantal", "verandering_pct"]
    assert mensen[0] == [label(BY_NAME[naam], k) for k in kolommen]
    assert ["2020/2021", "BWI", "kb", "<5", None] in mensen
    assert ["2021/2022", "PIE", "bb", 48, -5.9] in mensen
    book.close()


def test_terminal_keeps_the_dutch_notation(tiny: Path) -> None:
    out = _sto(tiny, "indicator", "leerlingen_per_profiel", "--schooljaar", "2020")
    assert "<5" in out and "118\u2013121" in out and "aantal_min" not in out


# ---- the change is announced ---------------------------------------------------------------------


def test_breaking_change_on_the_changes_page(web_server: str) -> None:
    answer: Antwoord = get(web_server, "/veranderingen")
    assert answer.status == 200
    assert 'id="api-v1-getypeerd"' in answer.text
    assert "API v1: getallen zijn nu getallen" in answer.text
    assert "_min, _max en _status" in answer.text
    # Announced once, in the page, not inside its <title>.
    assert answer.text.count('id="api-v1-getypeerd"') == 1
    titel = answer.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in titel and "Wat is veranderd" in titel
