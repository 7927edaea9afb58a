"""The open API and the static files, over real HTTP against a real ``sto serve``.

Expected values are computed here independently: the warehouse is opened read-only and every
indicator published (``publiceren.publiceer``, the typed open-data contract), and rows are
selected in plain Python, so a mistake in the web layer's filtering or publishing shows up as a
difference. The raw (unpublished) table tells which cells hold a small number that no answer
may reveal. tests/test_contract.py checks the types of every format in detail.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import urllib.request
import zipfile
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sto_monitor import db
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, METHODE_VERSIE
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, STATUS
from sto_monitor.publicatie.contract import velden
from sto_monitor.publicatie.publiceren import publiceer
from tests.web_fixtures import JAREN, Antwoord, csv_cel, get

FILTERS = ("schooljaar", "regio", "profiel", "leerweg")
VERBORGEN = (KLEIN, GEHEIM)


# ---- independent expectations, from the warehouse --------------------------------------------


@cache
def _raw(database: Path, naam: str) -> pa.Table:
    con = db.connect(database, read_only=True)
    try:
        return compute(BY_NAME[naam], con)
    finally:
        con.close()


def raw(database: Path, naam: str) -> list[dict[str, Any]]:
    """The indicator's full table before disclosure control."""
    rows: list[dict[str, Any]] = _raw(database, naam).to_pylist()
    return rows


@cache
def _publicatie(database: Path) -> dict[str, GepubliceerdeTabel]:
    con = db.connect(database, read_only=True)
    try:
        return dict(publiceer(con, techniek="sto").publicatie.tabellen)
    finally:
        con.close()


def published(database: Path, naam: str) -> pa.Table:
    """The table as the pages show it (Dutch notation): every indicator published together."""
    return _publicatie(database)[naam].tabel


def getypeerd(database: Path, naam: str) -> pa.Table:
    """The same published cells in the typed open-data contract (API, CSV, Parquet)."""
    return _publicatie(database)[naam].data


def select(rows: list[dict[str, Any]], filters: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in rows if all(r.get(k) == v for k, v in filters.items())]


def header(answer: Antwoord, name: str) -> str:
    """A response header, by case-insensitive name ("" when absent)."""
    return next((v for k, v in answer.headers.items() if k.lower() == name), "")


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@cache
def loaded_years(database: Path) -> tuple[int, ...]:
    con = db.connect(database, read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT schooljaar FROM leerlingen ORDER BY 1").fetchall()
    finally:
        con.close()
    return tuple(int(j) for (j,) in rows)


@cache
def region_codes(database: Path) -> tuple[str, ...]:
    con = db.connect(database, read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
    finally:
        con.close()
    return tuple(str(r) for (r,) in rows)


@dataclass(frozen=True)
class SmallCell:
    """A published cell whose true value is 1-4, and the filters that isolate its row."""

    naam: str
    kolom: str
    filters: dict[str, Any]
    laag: int
    hoog: int

    @property
    def query(self) -> str:
        return urlencode(self.filters)


def _small(row: dict[str, Any], kolom: str) -> tuple[int, int] | None:
    point, lo, hi = row.get(kolom), row.get(f"{kolom}_min"), row.get(f"{kolom}_max")
    if isinstance(point, int) and 1 <= point <= 4:
        return point, point
    if isinstance(lo, int) and isinstance(hi, int) and lo >= 1 and hi <= 4:
        return lo, hi
    return None


@cache
def small_cell(database: Path) -> SmallCell | None:
    """A row of a regional or national count table with a raw count of 1-4, if there is one."""
    for naam in ("kwetsbare_groepen", "techniekleerlingen_per_regio", "leerlingen_per_profiel"):
        indicator = BY_NAME[naam]
        if not set(indicator.sleutels) <= set(FILTERS):
            continue  # its rows cannot be isolated with the API's filters
        kolommen = [k for k in indicator.openbaarheid.aantallen if not k.endswith(("_min", "_max"))]
        for row in raw(database, naam):
            for kolom in kolommen:
                found = _small(row, kolom)
                if found is not None:
                    filters = {k: row[k] for k in indicator.sleutels}
                    return SmallCell(naam, kolom, filters, *found)
    return None


# ---- the indicator list and tables -------------------------------------------------------------


def test_indicator_list(web_server: str, web_db: Path) -> None:
    answer = get(web_server, "/api/v1/indicatoren")
    assert answer.status == 200
    assert header(answer, "content-type").startswith("application/json")
    document = answer.json()
    assert [i["naam"] for i in document["indicatoren"]] == [i.naam for i in INDICATORS]
    assert document["methode_versie"] == METHODE_VERSIE
    assert document["schooljaren"] == list(loaded_years(web_db)) == list(JAREN)
    for item in document["indicatoren"]:
        assert item["titel"] == BY_NAME[item["naam"]].titel
        assert item["href"] == f"/api/v1/indicatoren/{item['naam']}"
        # the columns of the typed contract, also when the source is missing
        assert item["kolommen"] == [v.naam for v in velden(BY_NAME[item["naam"]])]
    beschikbaar = {i["naam"] for i in document["indicatoren"] if i["beschikbaar"]}
    assert {"techniekaandeel", "kwetsbare_groepen", "leerlingen_per_profiel"} <= beschikbaar


LAATSTE, EERSTE_REGIO = "<laatste jaar>", "<eerste regio>"


@pytest.mark.parametrize(
    ("naam", "filters"),
    [
        ("techniekaandeel", {"regio": "NL"}),
        ("techniekaandeel", {"schooljaar": LAATSTE, "regio": EERSTE_REGIO}),
        ("leerlingen_per_profiel", {"schooljaar": LAATSTE, "profiel": "PIE"}),
        ("kwetsbare_groepen", {"regio": EERSTE_REGIO, "leerweg": "bb"}),
        ("techniekleerlingen_per_regio", {"schooljaar": LAATSTE}),
        ("vestigingen_per_profiel", {}),
    ],
)
def test_indicator_rows_equal_published_table(
    web_server: str, web_db: Path, naam: str, filters: dict[str, Any]
) -> None:
    values = {LAATSTE: loaded_years(web_db)[-1], EERSTE_REGIO: region_codes(web_db)[0]}
    filters = {k: values.get(v, v) for k, v in filters.items()}
    answer = get(web_server, f"/api/v1/indicatoren/{naam}?{urlencode(filters)}")
    assert answer.status == 200, answer.text
    document = answer.json()
    table = getypeerd(web_db, naam)
    expected = as_json(select(table.to_pylist(), filters))
    assert expected, f"geen rijen voor {naam} {filters}: test zegt niets"
    assert document["indicator"] == naam
    assert document["filters"] == filters
    assert document["status"] == STATUS
    assert document["kolommen"] == table.column_names
    for kolom in document["kolommen"]:
        if f"{kolom}_min" in document["kolommen"]:  # a count: bounds and status beside it
            assert {f"{kolom}_max", f"{kolom}_status"} <= set(document["kolommen"])
    assert document["rijen"] == expected


def test_filters_do_not_reveal_small_counts(web_server: str, web_db: Path) -> None:
    cell = small_cell(web_db)
    if cell is None:
        pytest.skip("de gegenereerde data heeft geen aantal van 1-4 in een regionale tabel")
    answer = get(web_server, f"/api/v1/indicatoren/{cell.naam}?{cell.query}")
    assert answer.status == 200, answer.text
    rows = answer.json()["rijen"]
    assert len(rows) == 1, f"{cell.filters} isoleert geen enkele rij: {rows}"
    row = rows[0]
    value, status = row[cell.kolom], row[f"{cell.kolom}_status"]
    assert value is None, f"{cell.naam}.{cell.kolom} {cell.filters}: {value!r}"
    assert status in VERBORGEN, f"{cell.naam}.{cell.kolom} {cell.filters}: {status!r}"
    # at most DUO's own masking interval [1, 4]: never the number, never a narrower interval
    grenzen = (row[f"{cell.kolom}_min"], row[f"{cell.kolom}_max"])
    assert grenzen in ((None, None), (1, 4)), grenzen
    assert grenzen == ((1, 4) if status == KLEIN else (None, None))
    # every filter combination is cut from the same published table: no second answer differs
    for leave_out in cell.filters:
        wider = {k: v for k, v in cell.filters.items() if k != leave_out}
        rows = get(web_server, f"/api/v1/indicatoren/{cell.naam}?{urlencode(wider)}").json()
        assert select(rows["rijen"], cell.filters) == [row]


# ---- bad requests ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/indicatoren/bestaat_niet", 404, ("bestaat_niet", "onbekende indicator")),
        ("/api/v1/indicatoren/techniekaandeel?schooljaar=1999", 404, ("1999", "2023", "2024")),
        ("/api/v1/indicatoren/techniekaandeel?schooljaar=abc", 400, ("schooljaar", "geheel getal")),
        ("/api/v1/indicatoren/techniekaandeel?regio=R01' OR '1'='1", 400, ("regio", "tekens")),
        ("/api/v1/indicatoren/techniekaandeel?schooljaar=2024&schooljaar=2023", 400, ("één keer",)),
        ("/api/v1/indicatoren/techniekaandeel?regio=<script>", 400, ("regio",)),
        ("/api/v1/indicatoren/techniekaandeel?regio=R99", 404, ("R99",)),
        ("/api/v1/indicatoren/techniekaandeel?foo=1", 400, ("foo",)),
        ("/api/v1/indicatoren?foo=1", 400, ("foo",)),
        ("/api/v1/indicatoren/techniekaandeel?profiel=PIE", 400, ("profiel",)),
        ("/api/v1/indicatoren/leerlingen_per_profiel?leerweg=zz", 404, ("zz",)),
        ("/api/v1/indicatoren/..%2F..%2Fetc", 404, ()),
        ("/api/v1/indicatoren/..%2F..%2Fetc%2Fpasswd", 404, ()),
        ("/api/v1/indicatoren/%2e%2e%2f%2e%2e%2fsto.duckdb", 404, ()),
        ("/api/v1/indicatoren/" + "a" * 200, 400, ("naam",)),
        ("/api/v1/indicatoren/techniekaandeel?schooljaar=99999999999999999999", 400, ()),
        ("/api/v1/indicatoren/techniekaandeel?leerweg=%00", 400, ()),
        ("/api/v1/bestaat_niet", 404, ()),
    ],
)
def test_bad_requests_answer_4xx_json(
    web_server: str, path: str, status: int, words: tuple[str, ...]
) -> None:
    answer = get(web_server, quote(path, safe="/?=&%"))
    assert answer.status == status, (answer.status, answer.text)
    assert header(answer, "content-type").startswith("application/json")
    document = answer.json()
    assert isinstance(document["fout"], str) and document["fout"]
    for word in words:
        assert word in document["fout"], document["fout"]
    assert "Traceback" not in answer.text


def test_head_answers_like_get_without_a_body(web_server: str) -> None:
    for path in ("/", "/api/v1/indicatoren/techniekaandeel?regio=NL", "/static/sto.css"):
        full = get(web_server, path)
        request = urllib.request.Request(web_server + path, method="HEAD")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
            assert answer.read() == b""
            assert answer.headers["content-type"] == header(full, "content-type")
            assert answer.headers["etag"] == header(full, "etag")


def test_static_path_traversal(web_server: str) -> None:
    for path in ("/static/..%2F..%2Fpyproject.toml", "/static/..%2Fapp.py", "/static/.%2Fsto.js"):
        answer = get(web_server, path)
        assert 400 <= answer.status < 500, (path, answer.status)
        assert b"[project]" not in answer.body and b"create_app" not in answer.body


# ---- OpenAPI, bulk download, caching -----------------------------------------------------------


def test_openapi_document_and_no_cdn_docs(web_server: str) -> None:
    answer = get(web_server, "/api/v1/openapi.json")
    assert answer.status == 200
    paths = answer.json()["paths"]
    assert {"/api/v1/indicatoren", "/api/v1/indicatoren/{naam}", "/api/v1/bulk.zip"} <= set(paths)
    assert all(p.startswith("/api/v1/") for p in paths), sorted(paths)
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        assert get(web_server, path).status == 404, path


def test_bulk_zip(web_server: str, web_db: Path) -> None:
    answer = get(web_server, "/api/v1/bulk.zip")
    assert answer.status == 200
    assert header(answer, "content-type") == "application/zip"
    beschikbaar = [
        i["naam"]
        for i in get(web_server, "/api/v1/indicatoren").json()["indicatoren"]
        if i["beschikbaar"]
    ]
    with zipfile.ZipFile(io.BytesIO(answer.body)) as z:
        names = set(z.namelist())
        expected = {f"csv/{n}.csv" for n in beschikbaar} | {
            f"parquet/{n}.parquet" for n in beschikbaar
        }
        assert names == expected | {"LEESMIJ.txt", "datapackage.json"}
        leesmij = z.read("LEESMIJ.txt").decode()
        pakket = json.loads(z.read("datapackage.json"))
        tables = {n: (z.read(f"csv/{n}.csv"), z.read(f"parquet/{n}.parquet")) for n in beschikbaar}
    assert METHODE_VERSIE in leesmij and "<5" in leesmij and "datapackage.json" in leesmij
    assert [r["path"] for r in pakket["resources"]] == [f"csv/{n}.csv" for n in beschikbaar]
    for naam in ("techniekaandeel", "kwetsbare_groepen"):
        api = get(web_server, f"/api/v1/indicatoren/{naam}").json()
        csv_bytes, parquet_bytes = tables[naam]
        reader = csv.reader(io.StringIO(csv_bytes.decode()))
        kop = next(reader)
        assert kop == api["kolommen"]
        as_text = [[csv_cel(v) for v in row.values()] for row in api["rijen"]]
        assert list(reader) == as_text
        parquet = pq.read_table(io.BytesIO(parquet_bytes))
        assert parquet.column_names == api["kolommen"]
        assert as_json(parquet.to_pylist()) == api["rijen"]
        assert api["rijen"] == as_json(getypeerd(web_db, naam).to_pylist())


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicatoren",
        "/api/v1/indicatoren/techniekaandeel?regio=NL",
        "/api/v1/bulk.zip",
        "/",
        "/static/sto.css",
        "/static/vega.js",
    ],
)
def test_etag_gives_304(web_server: str, path: str) -> None:
    first = get(web_server, path)
    assert first.status == 200
    etag = header(first, "etag")
    again = get(web_server, path, {"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""
    assert get(web_server, path, {"If-None-Match": '"iets-anders"'}).status == 200


# ---- HTML: offline, nothing from another host --------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data", "xlink:href"):
                self.values.append((tag, name, value or ""))


def _external(value: str) -> bool:
    v = value.strip().lower()
    return v.startswith(("http://", "https://", "//", "\\\\", "ftp://")) or v.startswith("\\/")


PAGES = [
    "/",
    "/api",
    "/regios",
    f"/regio/{EERSTE_REGIO}",
    "/kaart",
    "/verkenner",
    "/verkenner?indicator=techniekaandeel",
    "/indicatoren",
    "/indicatoren/techniekaandeel",
    "/veranderingen",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_reference_no_other_host(web_server: str, web_db: Path, path: str) -> None:
    path = path.replace(EERSTE_REGIO, region_codes(web_db)[0])
    answer = get(web_server, path)
    assert answer.status == 200, (path, answer.status)
    assert header(answer, "content-type").startswith("text/html")
    parser = _Links()
    parser.feed(answer.text)
    assert parser.values, "geen enkele link of script gevonden"
    external = [v for v in parser.values if _external(v[2])]
    assert not external, external
    assert "@import" not in answer.text
    assert "url(http" not in answer.text and "url(//" not in answer.text


def test_stylesheet_loads_nothing_from_elsewhere(web_server: str) -> None:
    css = get(web_server, "/static/sto.css")
    assert css.status == 200 and header(css, "content-type").startswith("text/css")
    assert "@import" not in css.text and "url(http" not in css.text and "url(//" not in css.text


def test_vega_bundle_is_served_also_gzipped(web_server: str) -> None:
    plain = get(web_server, "/static/vega.js")
    assert plain.status == 200
    assert "javascript" in header(plain, "content-type")
    assert header(plain, "content-encoding") == ""
    assert len(plain.body) > 500_000
    assert b"vegaEmbed" in plain.body
    zipped = get(web_server, "/static/vega.js", {"Accept-Encoding": "gzip"})
    assert zipped.status == 200
    assert header(zipped, "content-encoding") == "gzip"
    assert len(zipped.body) < len(plain.body) / 2
    assert gzip.decompress(zipped.body) == plain.body
