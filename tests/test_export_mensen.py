"""Downloads a person opens in Dutch Excel (``publicatie/spreadsheet.py``, ``regiobestand.py``).

Against a real ``sto serve`` on a copy of the shared generated warehouse (``web_db``), with every
loaded file marked as generated, so that every download must say so. The expectation is the
shared warehouse published without the web layer (``web_publicatie``) and the vocabulary of
``indicators.woorden``. The files are read back as Excel and as a Dutch CSV reader would:
openpyxl for the workbooks, ``csv`` with ``;`` for the CSV.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from sto_monitor import db
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie import export, spreadsheet
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.web.downloads import bestandsnaam
from tests.web_fixtures import JAREN, Antwoord, csv_cel, get, serve

JAAR = JAREN[-1]
Publicatie = dict[str, GepubliceerdeTabel]


@pytest.fixture(scope="module")
def synthetisch_db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared warehouse in which every loaded file is marked as generated."""
    kopie = tmp_path_factory.mktemp("mensen") / "synthetisch.duckdb"
    shutil.copyfile(web_db, kopie)
    con = db.connect(kopie)  # read-write: the schema adds bron.synthetisch if it is missing
    con.execute("UPDATE bron SET synthetisch = true")
    con.close()
    return kopie


@pytest.fixture(scope="module")
def server(synthetisch_db: Path) -> Iterator[str]:
    with serve(synthetisch_db) as base:
        yield base


@pytest.fixture(scope="module")
def regionamen(web_db: Path) -> dict[str, str]:
    con = duckdb.connect(str(web_db), read_only=True)
    try:
        rows = con.execute("SELECT regio, arg_max(naam, periode_start) FROM regio GROUP BY 1")
        return {str(code): str(naam) for code, naam in rows.fetchall()}
    finally:
        con.close()


def koppen(naam: str, kolommen: list[str]) -> list[str]:
    """The headers a person reads: the vocabulary's words, "Regionaam" after "Regio"."""
    result = []
    for kolom in kolommen:
        result.append(woord(BY_NAME[naam], kolom).kop)
        if kolom == "regio":
            result.append("Regionaam")
    return result


def regio_van(web_publicatie: Publicatie) -> str:
    """A region with rows in the newest year of techniekaandeel."""
    rows = web_publicatie["techniekaandeel"].tabel.to_pylist()
    codes = sorted(str(r["regio"]) for r in rows if r["schooljaar"] == JAAR and r["regio"] != "NL")
    return codes[0]


def boek(answer: Antwoord) -> Any:
    assert answer.status == 200, answer.text[:500]
    return openpyxl.load_workbook(io.BytesIO(answer.body))


def kopregel(sheet: Any) -> int:
    """The row of the table's header: the first row with a value in column B."""
    for row in sheet.iter_rows():
        if len(row) > 1 and row[1].value is not None:
            return int(row[0].row)
    raise AssertionError(f"geen kopregel in {sheet.title}")


def tabel(sheet: Any) -> tuple[list[str], list[list[Any]]]:
    kop = kopregel(sheet)
    rows = [list(r) for r in sheet.iter_rows(min_row=kop, values_only=True)]
    return [str(v) for v in rows[0]], rows[1:]


# ---- the verkenner's Excel file ------------------------------------------------------------------


def test_xlsx_heeft_een_blad_in_de_woorden_van_de_lezer(
    server: str, web_publicatie: Publicatie, regionamen: dict[str, str]
) -> None:
    naam = "techniekaandeel"
    answer = get(server, f"/verkenner.xlsx?indicator={naam}&schooljaar={JAAR}")
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="{naam}_{JAAR}-synthetisch.xlsx"'
    book = boek(answer)
    titel = BY_NAME[naam].titel
    assert book.sheetnames == ["Aandeel techniekleerlingen", "data", "toelichting"]
    sheet = book.worksheets[0]
    # the notice of generated data first, then the title, then the table
    assert sheet["A1"].value == SYNTHETISCH and sheet["A1"].font.bold
    assert sheet["A2"].value == titel
    assert kopregel(sheet) == 4
    kop, rows = tabel(sheet)
    gepubliceerd = [r for r in web_publicatie[naam].tabel.to_pylist() if r["schooljaar"] == JAAR]
    assert kop == koppen(naam, web_publicatie[naam].tabel.column_names)
    assert kop[:4] == ["Schooljaar", "Regio", "Regionaam", "Derdejaars"]
    assert "Techniekaandeel (%)" in kop
    # bold, frozen header with an autofilter over the whole table
    assert all(c.font.bold for c in sheet[4] if c.value)
    assert sheet.freeze_panes == "A5"
    assert (
        sheet.auto_filter.ref == f"A4:{openpyxl.utils.get_column_letter(len(kop))}{4 + len(rows)}"
    )
    assert len(rows) == len(gepubliceerd)
    per_regio = {r["regio"]: r for r in gepubliceerd}
    cellen = {c.row: c for c in sheet["F"]}  # Techniekaandeel (%)
    for i, row in enumerate(rows):
        rij = dict(zip(kop, row, strict=True))
        verwacht = per_regio[rij["Regio"]]
        assert rij["Schooljaar"] == f"{JAAR}/{JAAR + 1}"
        naam_ = "Nederland" if rij["Regio"] == "NL" else regionamen[rij["Regio"]]
        assert rij["Regionaam"] == naam_
        assert rij["Onzeker door DUO-maskering"] == ("ja" if verwacht["onzeker"] else "nee")
        for kolom, waarde in (
            ("Derdejaars", "derdejaars"),
            ("Techniekaandeel (%)", "techniekaandeel"),
        ):
            tekst = verwacht[waarde]
            if tekst is not None and re.fullmatch(r"[0-9]+(\.[0-9]+)?", tekst):
                assert isinstance(rij[kolom], int | float) and rij[kolom] == pytest.approx(
                    float(tekst)
                )
            else:
                assert rij[kolom] == (None if tekst is None else weergave(tekst))
        cel = cellen[5 + i]
        if isinstance(cel.value, float):
            assert cel.data_type == "n" and cel.number_format == "#,##0.0"
    derdejaars = [c for c in sheet["D"][4:] if isinstance(c.value, int)]
    assert all(c.number_format == "#,##0" and c.data_type == "n" for c in derdejaars)
    assert any(isinstance(c.value, float) for c in cellen.values())
    # widths fitted to the longest cell (a long header wraps)
    breedte = sheet.column_dimensions["C"].width
    assert breedte >= max(len(r[2]) for r in rows) and breedte <= spreadsheet.MAX_BREEDTE
    assert sheet.column_dimensions["A"].width >= len("2024/2025")
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["C"].width
    # the machine sheet keeps the typed contract
    data = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert data[0] == web_publicatie[naam].data.column_names
    getypeerd = [
        list(r.values()) for r in export.rijen(web_publicatie[naam].data) if r["schooljaar"] == JAAR
    ]
    regio = data[0].index("regio")
    # the same values (a float 13.0 comes back from Excel as 13, which equals it)
    assert sorted(data[1:], key=lambda r: r[regio]) == sorted(getypeerd, key=lambda r: r[regio])
    # the notes: the notice first, numbers as numbers, the columns in both forms
    notes = [list(r) for r in book["toelichting"].iter_rows(values_only=True)]
    assert notes[0][0] == SYNTHETISCH
    feiten = {r[0]: r[1] for r in notes if r[0]}
    assert feiten["rijen"] == len(rows) and isinstance(feiten["rijen"], int)
    assert feiten["synthetisch"] == "ja" and feiten["let_op"] == SYNTHETISCH
    assert feiten["Techniekaandeel (%)"] == "techniekaandeel"
    book.close()


def test_xlsx_houdt_afgeschermde_cellen_als_tekst(server: str, web_publicatie: Publicatie) -> None:
    naam = "leerlingen_per_profiel"
    book = boek(get(server, f"/verkenner.xlsx?indicator={naam}"))
    sheet = book.worksheets[0]
    kop, rows = tabel(sheet)
    aantal = woord(BY_NAME[naam], "aantal").kop
    assert kop[:3] == ["Schooljaar", "Profiel", "Leerweg"] and aantal in kop
    verwacht = {
        (f"{r['schooljaar']}/{r['schooljaar'] + 1}", r["profiel"], r["leerweg"]): r["aantal"]
        for r in web_publicatie[naam].tabel.to_pylist()
    }
    assert len(rows) == len(verwacht)
    tekst = getal = 0
    for row in rows:
        waarde = row[kop.index(aantal)]
        gepubliceerd = verwacht[(row[0], row[1], row[2])]
        if gepubliceerd.isdigit():
            assert isinstance(waarde, int) and waarde == int(gepubliceerd)
            getal += 1
        else:  # <5, x or an interval 12-15: the notation, as text
            assert isinstance(waarde, str) and waarde == weergave(gepubliceerd)
            assert not waarde.isdigit()
            tekst += 1
    assert getal and tekst, (getal, tekst)
    kolom = openpyxl.utils.get_column_letter(kop.index(aantal) + 1)
    cellen = [c for c in sheet[kolom][kopregel(sheet) :] if c.value is not None]
    assert len(cellen) == len(rows)
    for cel in cellen:
        if isinstance(cel.value, int):
            assert cel.data_type == "n" and cel.number_format == "#,##0"
        else:
            assert cel.data_type == "s"
    book.close()


# ---- the CSV for Excel, beside the open-data CSV -------------------------------------------------


def test_csv_voor_excel(
    server: str, web_publicatie: Publicatie, regionamen: dict[str, str]
) -> None:
    naam = "techniekaandeel"
    answer = get(server, f"/verkenner-excel.csv?indicator={naam}&schooljaar={JAAR}")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="{naam}_{JAAR}-excel-synthetisch.csv"'
    assert answer.body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert b"\r\n" in answer.body
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig")), delimiter=";"))
    kop = rows[0]
    assert kop == koppen(naam, web_publicatie[naam].tabel.column_names)
    assert all(len(r) == len(kop) for r in rows)  # no comma split a cell
    getypeerd = {
        r["regio"]: r for r in web_publicatie[naam].data.to_pylist() if r["schooljaar"] == JAAR
    }
    assert len(rows) - 1 == len(getypeerd)
    komma = 0
    for row in rows[1:]:
        rij = dict(zip(kop, row, strict=True))
        verwacht = getypeerd[rij["Regio"]]
        assert rij["Schooljaar"] == f"{JAAR}/{JAAR + 1}"
        assert rij["Regionaam"] == (
            "Nederland" if rij["Regio"] == "NL" else regionamen[rij["Regio"]]
        )
        assert rij["Onzeker door DUO-maskering"] in ("ja", "nee")
        assert rij["Onzeker door DUO-maskering"] == ("ja" if verwacht["onzeker"] else "nee")
        if verwacht["derdejaars"] is not None:
            assert rij["Derdejaars"] == str(verwacht["derdejaars"])  # no thousands separator
        aandeel = rij["Techniekaandeel (%)"]
        if verwacht["techniekaandeel"] is not None:
            assert re.fullmatch(r"-?[0-9]+,[0-9]", aandeel), aandeel
            assert float(aandeel.replace(",", ".")) == pytest.approx(
                verwacht["techniekaandeel"], abs=0.05
            )
            komma += 1
        assert "." not in aandeel and "true" not in row and "false" not in row
    assert komma > 1
    # the open-data CSV beside it: unchanged (comma, decimal point, true/false, no BOM)
    machine = get(server, f"/verkenner.csv?indicator={naam}&schooljaar={JAAR}")
    assert not machine.body.startswith(b"\xef\xbb\xbf")
    typed = list(csv.reader(io.StringIO(machine.text)))
    assert typed[0] == web_publicatie[naam].data.column_names
    assert sorted(typed[1:]) == sorted([csv_cel(v) for v in r.values()] for r in getypeerd.values())


def test_verkenner_biedt_beide_csv_bestanden(server: str) -> None:
    page = get(server, "/verkenner?indicator=techniekaandeel").text
    query = "indicator=techniekaandeel"
    assert f'href="/verkenner-excel.csv?{query}" download>CSV voor Excel</a>' in page
    assert f'href="/verkenner.csv?{query}" download>CSV (open data)</a>' in page
    assert f'href="/verkenner.xlsx?{query}" download>Excel</a>' in page


def test_download_uit_de_cache_houdt_zijn_naam(server: str) -> None:
    """The second answer comes from the cache (before routing): still a named attachment."""
    pad = "/verkenner-excel.csv?indicator=leerlingen_tl"
    eerste, tweede = get(server, pad), get(server, pad)
    assert eerste.body == tweede.body
    assert eerste.headers["etag"] == tweede.headers["etag"]
    naam = 'attachment; filename="leerlingen_tl-excel-synthetisch.csv"'
    assert eerste.headers["content-disposition"] == tweede.headers["content-disposition"] == naam


# ---- everything of one region --------------------------------------------------------------------


def test_regio_werkmap(server: str, web_publicatie: Publicatie, regionamen: dict[str, str]) -> None:
    code = regio_van(web_publicatie)
    pagina = get(server, f"/regio/{code}").text
    assert f'href="/regio/{code}/alles.xlsx"' in pagina
    answer = get(server, f"/regio/{code}/alles.xlsx")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="sto-regio-{code}-synthetisch.xlsx"'
    )
    book = boek(answer)
    namen = book.sheetnames
    assert namen[0] == "Over dit bestand" and namen[-1] == "Landelijk ter vergelijking"
    assert all(len(n) <= 31 for n in namen) and len({n.lower() for n in namen}) == len(namen)
    # one sheet per published table with a regio column that has rows for this region
    verwacht = {
        BY_NAME[n].titel: [r for r in t.tabel.to_pylist() if r["regio"] == code]
        for n, t in web_publicatie.items()
        if "regio" in t.tabel.column_names and code in t.tabel.column("regio").to_pylist()
    }
    assert len(verwacht) >= 4
    gezien = {}
    for sheet in book.worksheets[1:-1]:
        assert sheet["A1"].value == SYNTHETISCH
        titel = sheet["A2"].value
        gezien[titel] = sheet.title
        kop, rows = tabel(sheet)
        assert kop[1:3] == ["Regio", "Regionaam"] and kop[0] == "Schooljaar"
        assert sheet.freeze_panes == "A5"
        assert len(rows) == len(verwacht[titel]), titel
        assert {(r[1], r[2]) for r in rows} == {(code, regionamen[code])}
        jaren = [int(r[0].split("/")[0]) for r in rows]
        assert jaren == sorted(jaren, reverse=True)  # newest first
        assert all(r[0] == f"{j}/{j + 1}" for r, j in zip(rows, jaren, strict=True))
        assert any(isinstance(v, int | float) for r in rows for v in r[3:])  # numbers are numbers
    assert set(gezien) == set(verwacht)
    # national rows for comparison only on their own sheet
    kop, rows = tabel(book["Landelijk ter vergelijking"])
    assert rows and {(r[1], r[2]) for r in rows} == {("NL", "Nederland")}
    # what the file is
    over = [list(r) for r in book["Over dit bestand"].iter_rows(values_only=True)]
    assert over[0][0] == SYNTHETISCH
    feiten = {r[0]: r[1] for r in over if r[0]}
    assert feiten["Regio"] == regionamen[code] and feiten["Regiocode"] == code
    assert feiten["Schooljaren"] == f"{JAREN[0]}/{JAREN[0] + 1} t/m {JAAR}/{JAAR + 1}"
    assert feiten["Definitie"].startswith("techniek:")
    assert feiten["Bron"] and feiten["Datum"] and feiten["Methodeversie"]
    lijst = over.index(["Blad", "Tabel", "Rijen"])
    bladen = {r[0]: (r[1], r[2]) for r in over[lijst + 1 : lijst + len(namen)]}
    assert bladen == {
        **{gezien[t]: (t, len(r)) for t, r in verwacht.items()},
        "Landelijk ter vergelijking": (BY_NAME["techniekaandeel"].titel, len(rows)),
    }
    book.close()


def test_regio_werkmap_onbekende_regio(server: str) -> None:
    assert get(server, "/regio/BESTAAT-NIET/alles.xlsx").status == 404
    assert get(server, "/regio/%3Dfout/alles.xlsx").status == 400


# ---- the API and the metadata --------------------------------------------------------------------


def test_api_zegt_synthetisch(server: str) -> None:
    document = get(server, f"/api/v1/indicatoren/techniekaandeel?schooljaar={JAAR}").json()
    assert document["synthetisch"] is True
    assert document["let_op"] == SYNTHETISCH


def test_zonder_synthetische_bestanden_geen_melding(
    web_publicatie: Publicatie, regionamen: dict[str, str], tmp_path: Path
) -> None:
    naam = "techniekaandeel"
    t = web_publicatie[naam]
    uitvoer = export.indicator_uitvoer(BY_NAME[naam], t.data, t.tabel, techniek="sto")
    uitvoer = replace(uitvoer, regionamen=regionamen)
    assert export.metadata(uitvoer)["synthetisch"] is False
    assert "let_op" not in export.metadata(uitvoer)
    pad = tmp_path / "t.xlsx"
    spreadsheet.schrijf_xlsx(uitvoer, pad)
    book = openpyxl.load_workbook(pad)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == BY_NAME[naam].titel  # the title first: no notice
    assert kopregel(sheet) == 3 and sheet.freeze_panes == "A4"
    texts = [c.value for ws in book.worksheets for r in ws.iter_rows() for c in r]
    assert SYNTHETISCH not in texts
    book.close()
    regels = spreadsheet.csv_voor_excel(uitvoer).lstrip("\ufeff").splitlines()
    assert regels[0].startswith("Schooljaar;Regio;Regionaam;Derdejaars;")
    assert bestandsnaam("t_2024.csv", False) == "t_2024.csv"
    assert bestandsnaam("t_2024.csv", True) == "t_2024-synthetisch.csv"


def test_sto_indicator_weet_dat_het_synthetisch_is(
    synthetisch_db: Path, regionamen: dict[str, str]
) -> None:
    con = db.connect(synthetisch_db, read_only=True)
    try:
        uitvoer = export.publiceer_indicator(con, BY_NAME["techniekaandeel"], techniek="sto")
    finally:
        con.close()
    assert uitvoer.synthetisch and dict(uitvoer.regionamen) == regionamen
    assert export.json_document(uitvoer)["let_op"] == SYNTHETISCH


def test_bladnaam() -> None:
    bezet: set[str] = set()
    titel = "Groei en daling van techniek- en niet-techniekleerlingen per STO-regio"
    eerste = spreadsheet.bladnaam(titel, bezet)
    assert eerste == "Groei en daling van techniek"
    tweede = spreadsheet.bladnaam(titel, bezet)
    assert tweede == "Groei en daling (2)"  # cut at a word, without a dangling "van"
    assert spreadsheet.bladnaam("Kwetsbare groepen per regio: technische profielen", bezet) == (
        "Kwetsbare groepen per regio"
    )
    assert spreadsheet.bladnaam("Aandeel [a/b]*?", bezet) == "Aandeel a b"
    lang = spreadsheet.bladnaam("x" * 40, bezet)
    assert len(lang) == 31
    assert all(len(n) <= 31 for n in bezet)
