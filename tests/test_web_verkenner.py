"""The Verkenner against a real server: the table, filters, sorting and downloads show exactly the
published (disclosure-controlled) rows, published here independently from the warehouse. The page
shows the Dutch notation; the CSV download and the Excel file's data sheet the typed contract."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
import openpyxl
import pytest

from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import label
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from tests.web_fixtures import csv_cel, get, serve

FILTERS = ("schooljaar", "regio", "profiel", "leerweg")
Gepubliceerd = Callable[[str], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def gepubliceerd(web_publicatie: dict[str, GepubliceerdeTabel]) -> Iterator[Gepubliceerd]:
    """The published rows of an indicator in Dutch notation, as the page shows them."""

    def rows(naam: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = web_publicatie[naam].tabel.to_pylist()
        return result

    yield rows


@pytest.fixture(scope="module")
def getypeerd(web_publicatie: dict[str, GepubliceerdeTabel]) -> Iterator[Gepubliceerd]:
    """The published rows of an indicator in the typed open-data contract."""

    def rows(naam: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = web_publicatie[naam].data.to_pylist()
        return result

    yield rows


class _Tabel(HTMLParser):
    """The header (each column's name, ``data-kolom``, else its text) and cell texts of the
    table with a given id; ``koppen`` holds the header texts the reader sees."""

    def __init__(self, ident: str) -> None:
        super().__init__()
        self.ident = ident
        self.binnen = False
        self.kop: list[str] = []
        self.koppen: list[str] = []
        self.rijen: list[list[str]] = []
        self.cel: list[str] | None = None
        self.kolom: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.ident:
            self.binnen = True
        elif self.binnen and tag == "tr":
            self.rijen.append([])
        elif self.binnen and tag in ("th", "td"):
            self.cel = []
            self.kolom = dict(attrs).get("data-kolom")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.binnen = False
        elif self.binnen and tag in ("th", "td") and self.cel is not None:
            text = "".join(self.cel).strip()
            if tag == "th":
                kop = text.removesuffix(" ▲").removesuffix(" ▼")
                self.koppen.append(kop)
                self.kop.append(self.kolom or kop)
            else:
                self.rijen[-1].append(text)
            self.cel = None

    def handle_data(self, data: str) -> None:
        if self.cel is not None:
            self.cel.append(data)


def _tabel(page: str) -> tuple[list[str], list[list[str]]]:
    parser = _Tabel("verkenner-tabel")
    parser.feed(page)
    assert parser.kop, "geen tabel verkenner-tabel op de pagina"
    return parser.kop, [r for r in parser.rijen if r]


def _toon(kolom: str, waarde: object) -> str:
    """How the page writes a published cell (Dutch notation; school year as 2024/2025)."""
    if kolom == "schooljaar" and waarde not in (None, ""):
        return f"{int(str(waarde))}/{int(str(waarde)) + 1}"
    if waarde in ("True", "False"):  # a boolean as the CSV writes it; the page says ja/nee
        waarde = waarde == "True"
    return weergave(waarde)


def _csv(body: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    return rows[0], rows[1:]


def _als_tekst(rows: list[dict[str, Any]], kolommen: list[str]) -> list[list[str]]:
    """Typed rows as the CSV download writes them."""
    return [[csv_cel(r[k]) for k in kolommen] for r in rows]


def _href(page: str, ident: str) -> str:
    found = re.search(rf'<a id="{ident}" href="([^"]*)"', page)
    assert found, f"link {ident} ontbreekt"
    return html.unescape(found.group(1))


def _selecteer(rows: list[dict[str, Any]], **filters: object) -> list[dict[str, Any]]:
    return [r for r in rows if all(r[k] == v for k, v in filters.items())]


def test_standaardpagina_toont_de_gepubliceerde_tabel(
    web_server: str,
    gepubliceerd: Gepubliceerd,
) -> None:
    answer = get(web_server, "/verkenner")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    expected = gepubliceerd("leerlingen_per_profiel")
    kop, rijen = _tabel(page)
    assert kop == list(expected[0])
    assert f'data-rijen="{len(expected)}"' in page
    rijen = _alle_paginas(web_server, page)
    assert len(rijen) == len(expected)
    assert sorted(rijen) == sorted([_toon(k, r[k]) for k in kop] for r in expected)
    # in the reader's order: the newest school year first, leerwegen bb, kb, gl, totaal
    assert rijen[0][0] == _toon("schooljaar", max(r["schooljaar"] for r in expected))
    eerste = [r[2] for r in rijen if r[:2] == rijen[0][:2]]
    assert eerste == [lw for lw in ("bb", "kb", "gl", "tl", "totaal") if lw in eerste]
    # a few cells, looked up by key
    jaar = max(r["schooljaar"] for r in expected)
    for profiel, leerweg in (("PIE", "kb"), ("BWI", "bb"), ("techniek", "totaal")):
        rows = _selecteer(expected, schooljaar=jaar, profiel=profiel, leerweg=leerweg)
        if not rows:
            continue
        shown = [r for r in rijen if r[:3] == [_toon("schooljaar", jaar), profiel, leerweg]]
        assert shown and shown[0][kop.index("aantal")] == weergave(rows[0]["aantal"])
    # the filter form: labelled selects with "alle", a submit button "Toon"
    form = re.search(r'<form id="filters".*?</form>', page, re.S)
    assert form
    for kolom in ("schooljaar", "profiel", "leerweg"):
        assert f'<label for="filter-{kolom}">' in form.group(0)
        assert f'<select id="filter-{kolom}" name="{kolom}">' in form.group(0)
    assert 'name="regio"' not in form.group(0)  # the indicator has no regio column
    assert form.group(0).count(">alle</option>") == 3
    assert '<button type="submit">Toon</button>' in form.group(0)
    assert f'<option value="{jaar}">{jaar}/{jaar + 1}</option>' in form.group(0)
    # links: definition, API, downloads, permalink
    assert _href(page, "link-definitie") == "/indicatoren/leerlingen_per_profiel"
    assert _href(page, "link-api") == "/api/v1/indicatoren/leerlingen_per_profiel"
    assert _href(page, "permalink") == "/verkenner?indicator=leerlingen_per_profiel"
    assert _href(page, "download-csv") == "/verkenner.csv?indicator=leerlingen_per_profiel"
    assert 'id="notatie"' in page and "aantal van 1 tot en met 4" in page


def _alle_paginas(web_server: str, page: str) -> list[list[str]]:
    """The rows of the table over all its pages, following "volgende" (at most 50 a page)."""
    _, rijen = _tabel(page)
    while 'id="volgende-pagina"' in page:
        assert len(rijen) % 50 == 0
        page = get(web_server, _href(page, "volgende-pagina")).text
        rijen += _tabel(page)[1]
    return rijen


def test_grafiek_toont_de_gepubliceerde_getallen(
    web_server: str,
    gepubliceerd: Gepubliceerd,
) -> None:
    # several years for one series: a line over the school years
    page = get(web_server, "/verkenner?indicator=techniekaandeel&regio=NL").text
    spec = _spec(page)
    assert spec["layer"][0]["mark"]["type"] == "line"
    expected = _selecteer(gepubliceerd("techniekaandeel"), regio="NL")
    expected.sort(key=lambda r: r["schooljaar"])  # a line runs forward in time
    assert len(expected) > 1
    assert spec["data"]["values"] == [
        {
            "schooljaar": f"{r['schooljaar']}/{r['schooljaar'] + 1}",
            "techniekaandeel": float(r["techniekaandeel"]),
        }
        for r in expected
    ]
    label = re.search(r'id="verkenner-grafiek" role="img" aria-label="([^"]*)"', page)
    assert label and label.group(1).startswith("Lijngrafiek van techniekaandeel (%) per schooljaar")
    # one year: bars per profiel, a colour per leerweg; a masked count is a range, never a
    # bar; totals (profiel techniek, leerweg totaal) are left out, every part is drawn
    jaar = max(r["schooljaar"] for r in gepubliceerd("leerlingen_per_profiel"))
    page = get(web_server, f"/verkenner?schooljaar={jaar}").text
    spec = _spec(page)
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert spec["layer"][0]["encoding"]["x"]["field"] == "profiel"
    assert spec["layer"][0]["encoding"]["color"]["field"] == "leerweg"
    rows = _selecteer(gepubliceerd("leerlingen_per_profiel"), schooljaar=jaar)
    getoond = {(d["profiel"], d["leerweg"]): d for d in spec["data"]["values"]}
    for r in rows:
        sleutel = (r["profiel"], r["leerweg"])
        if r["profiel"] in ("techniek", "niet-techniek", "totaal") or r["leerweg"] == "totaal":
            assert sleutel not in getoond
        elif r["aantal"] == "<5":
            assert (getoond[sleutel]["aantal"], getoond[sleutel]["aantal_min"]) == (None, 1)
        elif "-" in r["aantal"]:
            laag, hoog = (float(g) for g in r["aantal"].split("-"))
            assert getoond[sleutel]["aantal"] is None
            assert (getoond[sleutel]["aantal_min"], getoond[sleutel]["aantal_max"]) == (laag, hoog)
        elif r["aantal"] != "x":
            assert getoond[sleutel]["aantal"] == float(r["aantal"])
    assert "Totalen (profiel techniek, niet-techniek, totaal; leerweg totaal)" in page


def _spec(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" data-grafiek="verkenner-grafiek">(.*?)</script>',
        page,
        re.S,
    )
    assert found, "geen grafiek op de pagina"
    spec: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
    return spec


def _regio(gepubliceerd: Gepubliceerd, jaar: int) -> str:
    regios: list[str] = sorted(
        str(r["regio"])
        for r in gepubliceerd("techniekaandeel")
        if r["schooljaar"] == jaar and r["regio"] != "NL"
    )
    assert regios
    return regios[len(regios) // 2]


def test_filter_op_regio_en_schooljaar_toont_precies_die_rij(
    web_server: str,
    gepubliceerd: Gepubliceerd,
    getypeerd: Gepubliceerd,
) -> None:
    regio = _regio(gepubliceerd, 2024)
    page = get(web_server, f"/verkenner?indicator=techniekaandeel&regio={regio}&schooljaar=2024")
    assert page.status == 200
    kop, rijen = _tabel(page.text)
    expected = _selecteer(gepubliceerd("techniekaandeel"), schooljaar=2024, regio=regio)
    assert len(expected) == 1
    assert rijen == [[_toon(k, expected[0][k]) for k in kop]]
    assert 'data-rijen="1"' in page.text
    assert f'<option value="{regio}" selected>' in page.text
    assert '<option value="2024" selected>2024/2025</option>' in page.text
    assert '<option value="NL">Nederland (landelijk)</option>' in page.text
    query = f"indicator=techniekaandeel&schooljaar=2024&regio={regio}"
    assert _href(page.text, "permalink") == f"/verkenner?{query}"
    assert _href(page.text, "download-xlsx") == f"/verkenner.xlsx?{query}"
    assert _href(page.text, "link-api") == (
        f"/api/v1/indicatoren/techniekaandeel?schooljaar=2024&regio={regio}"
    )
    # the API link and the permalink answer with the same rows (the API in the typed contract)
    api = get(web_server, _href(page.text, "link-api")).json()
    assert api["rijen"] == _selecteer(getypeerd("techniekaandeel"), schooljaar=2024, regio=regio)
    again = get(web_server, _href(page.text, "permalink")).text
    assert _tabel(again) == (kop, rijen)


def _sleutels(naam: str, kop: list[str], rij: list[Any]) -> tuple[str, ...]:
    """The key of a row (page text, CSV cell or Excel value) as text, school year as 2024."""
    waarden = dict(zip(kop, rij, strict=True))
    return tuple(
        str(waarden[k]).split("/")[0] if k == "schooljaar" else str(waarden[k])
        for k in BY_NAME[naam].sleutels
    )


@pytest.mark.parametrize(
    "query",
    [
        "indicator=techniekaandeel&regio={regio}&schooljaar=2024",
        "indicator=leerlingen_per_profiel&schooljaar=2024&sort=aantal&richting=af",
        "indicator=techniekaandeel&schooljaar=2023&sort=techniekaandeel&richting=op",
    ],
)
def test_downloads_zijn_precies_wat_getoond_wordt(
    web_server: str,
    gepubliceerd: Gepubliceerd,
    getypeerd: Gepubliceerd,
    query: str,
) -> None:
    query = query.format(regio=_regio(gepubliceerd, 2024))
    page = get(web_server, f"/verkenner?{query}").text
    kop, _ = _tabel(page)
    rijen = _alle_paginas(web_server, page)  # the downloads hold every page
    answer = get(web_server, f"/verkenner.csv?{query}")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    naam_match = re.search(r"indicator=(\w+)", query)
    assert naam_match
    naam = naam_match.group(1)
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f'filename="{naam}' in disposition
    # the CSV holds the typed contract: the same rows as the published table, in the page's order
    csv_kop, csv_rijen = _csv(answer.body)
    filters = {k: v for k, v in (p.split("=") for p in query.split("&")) if k in FILTERS}
    wanted = {k: int(v) if k == "schooljaar" else v for k, v in filters.items()}
    expected = _selecteer(getypeerd(naam), **wanted)
    assert csv_kop == list(expected[0])
    assert sorted(csv_rijen) == sorted(_als_tekst(expected, csv_kop))
    assert [_sleutels(naam, csv_kop, r) for r in csv_rijen] == [
        _sleutels(naam, kop, r) for r in rijen
    ]
    # the Excel file: the page's table for people, the CSV's cells for machines, the notes
    xlsx = get(web_server, f"/verkenner.xlsx?{query}")
    assert xlsx.status == 200
    assert xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="' + naam in xlsx.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body), read_only=True)
    assert book.sheetnames[1:] == ["data", "toelichting"]
    # the people's sheet: the page's columns in the reader's words (and the region's name
    # beside its code; tests/test_export_mensen.py), after the title
    alles = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    alles = alles[next(i for i, r in enumerate(alles) if r[0] == "Schooljaar") :]
    getoond = [i for i, k in enumerate(alles[0]) if k != "Regionaam"]
    mensen = [[r[i] for i in getoond] for r in alles]
    kolommen = BY_NAME[naam].kolommen  # the page's headers, as names or already in words
    assert mensen[0] == [label(BY_NAME[naam], k) if k in kolommen else k for k in kop]
    assert len(mensen) - 1 == len(rijen)
    for xrow, prow in zip(mensen[1:], rijen, strict=True):
        for kolom, x, shown in zip(kop, xrow, prow, strict=True):
            if kolom == "schooljaar":
                assert x == shown  # 2024/2025
            elif isinstance(x, bool) or not isinstance(x, int | float):
                assert weergave(x) == shown  # the notation as text, as on screen
            else:
                assert weergave(x) == shown or weergave(float(x)) == shown
    data = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert [str(v) for v in data[0]] == csv_kop
    assert len(data) - 1 == len(csv_rijen)
    for xrow, crow in zip(data[1:], csv_rijen, strict=True):
        for x, c in zip(xrow, crow, strict=True):
            if isinstance(x, int | float) and not isinstance(x, bool):
                assert x == pytest.approx(float(c))  # a numeric cell (Excel keeps no 0.0)
            else:
                assert csv_cel(x) == c
    toelichting = {r[0]: r[1] for r in book["toelichting"].iter_rows(values_only=True) if r}
    assert toelichting["indicator"] == naam
    assert toelichting["rijen"] == len(csv_rijen)
    book.close()


def test_sorteren_op_aantal_aflopend_met_afgeschermde_cellen_onderaan(
    web_server: str,
    gepubliceerd: Gepubliceerd,
    getypeerd: Gepubliceerd,
) -> None:
    answer = get(web_server, "/verkenner?sort=aantal&richting=af")
    assert answer.status == 200
    kop, _ = _tabel(answer.text)
    rijen = _alle_paginas(web_server, answer.text)
    csv_kop, csv_rijen = _csv(get(web_server, "/verkenner.csv?sort=aantal&richting=af").body)
    assert sorted(csv_rijen) == sorted(_als_tekst(getypeerd("leerlingen_per_profiel"), csv_kop))
    # visible counts (a point, or the middle of an interval) descending, hidden cells last
    waarden = [dict(zip(csv_kop, r, strict=True)) for r in csv_rijen]
    getallen = [
        None
        if w["aantal_status"] in ("<5", "x") or not w["aantal_min"]
        else (float(w["aantal_min"]) + float(w["aantal_max"])) / 2
        for w in waarden
    ]
    zichtbaar = [g for g in getallen if g is not None]
    assert zichtbaar == sorted(zichtbaar, reverse=True)
    eerste_verborgen = next((i for i, g in enumerate(getallen) if g is None), len(getallen))
    assert all(g is None for g in getallen[eerste_verborgen:])
    # the page shows the same rows in the same order, in Dutch notation
    tekst = {
        (r["schooljaar"], r["profiel"], r["leerweg"]): r["aantal"]
        for r in gepubliceerd("leerlingen_per_profiel")
    }
    assert [r[kop.index("aantal")] for r in rijen] == [
        weergave(tekst[(int(w["schooljaar"]), w["profiel"], w["leerweg"])]) for w in waarden
    ]
    # the header says how it is sorted and links to the other direction
    th = re.search(
        r'<th scope="col" class="" data-kolom="aantal" aria-sort="(\w+)">\s*<a href="([^"]*)">'
        r"Derdejaars",
        answer.text,
    )
    assert th and th.group(1) == "descending"
    assert html.unescape(th.group(2)).endswith("sort=aantal&richting=op")
    assert ">Derdejaars ▼</a>" in answer.text
    assert "gesorteerd op derdejaars (aflopend)" in answer.text


def test_klein_aantal_blijft_afgeschermd(
    web_server: str,
    gepubliceerd: Gepubliceerd,
) -> None:
    for naam, kolom in (("kwetsbare_groepen", "derdejaars"), ("leerlingen_per_profiel", "aantal")):
        klein = [r for r in gepubliceerd(naam) if r[kolom] == "<5"]
        if klein:
            break
    else:
        pytest.skip("geen <5-cel in kwetsbare_groepen of leerlingen_per_profiel")
    rij = klein[0]
    filters = {k: rij[k] for k in FILTERS if k in rij}
    assert set(filters) == set(BY_NAME[naam].sleutels)  # the filters isolate this one row
    query = urlencode({"indicator": naam, **filters})
    page = get(web_server, f"/verkenner?{query}").text
    kop, rijen = _tabel(page)
    assert len(rijen) == 1
    cel = rijen[0][kop.index(kolom)]
    assert cel == "<5"
    assert cel not in ("1", "2", "3", "4")
    assert '<abbr class="afgeschermd"' in page
    csv_kop, csv_rijen = _csv(get(web_server, f"/verkenner.csv?{query}").body)
    assert len(csv_rijen) == 1
    rij_csv = dict(zip(csv_kop, csv_rijen[0], strict=True))
    # no number, only DUO's own masking interval [1, 4] and the status
    assert rij_csv[kolom] == "" and rij_csv[f"{kolom}_status"] == "<5"
    assert (rij_csv[f"{kolom}_min"], rij_csv[f"{kolom}_max"]) == ("1", "4")


@pytest.mark.parametrize(
    ("path", "status", "melding"),
    [
        ("/verkenner?indicator=bestaat_niet", 404, "onbekende indicator"),
        ("/verkenner?sort=bestaat_niet", 400, "kan niet sorteren op"),
        ("/verkenner?schooljaar=abc", 400, "schooljaar moet een jaartal zijn"),
        ("/verkenner?richting=omhoog&sort=aantal", 400, "richting moet"),
        ("/verkenner?regoi=R01", 400, "onbekende parameter"),
        ("/verkenner?indicator=leerlingen_per_profiel&regio=R01", 400, "geen kolom"),
        ("/verkenner?schooljaar=1990", 404, "niet geladen"),
        ("/verkenner.csv?sort=bestaat_niet", 400, "kan niet sorteren op"),
        ("/verkenner.xlsx?schooljaar=abc", 400, "schooljaar moet een jaartal zijn"),
    ],
)
def test_fouten(web_server: str, path: str, status: int, melding: str) -> None:
    answer = get(web_server, path)
    assert answer.status == status
    assert melding in html.unescape(answer.text)


def test_indicator_zonder_bron_geeft_een_melding(web_db: Path, tmp_path: Path) -> None:
    """A copy of the warehouse without docenten rows, served by its own ``sto serve``."""
    kopie = tmp_path / "zonder_docenten.duckdb"
    shutil.copyfile(web_db, kopie)
    con = duckdb.connect(str(kopie))
    con.execute("DELETE FROM docenten")
    con.close()
    with serve(kopie) as base:
        answer = get(base, "/verkenner?indicator=docenten")
        assert answer.status == 200
        melding = re.search(
            r'<p class="melding" role="status" id="bron-ontbreekt">(.*?)</p>', answer.text, re.S
        )
        assert (
            melding
            and "de bron ontbreekt" in melding.group(1)
            and "personeelsgegevens" in melding.group(1)
        )
        assert 'id="verkenner-tabel"' not in answer.text
        assert 'id="kies-indicator"' in answer.text  # another indicator can still be chosen
        assert get(base, "/verkenner.csv?indicator=docenten").status == 404
        assert get(base, "/verkenner").status == 200
