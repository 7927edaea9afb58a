"""No CSV or Excel file of ours runs a formula (OWASP "CSV injection"), whatever the data says.

A tiny warehouse gets hostile region codes and names, vestiging codes and names and an afdeling
(``=HYPERLINK(...)``, ``=1+1``, ``+cmd``, ``-2+3``, ``@SUM(A1)``, a leading tab or carriage
return). Every CSV and XLSX writer is then run through its real code path (``sto indicator``,
``sto techniek-verschil``, ``sto prognose``, the survey analysis, and a real ``sto serve`` for
the verkenner downloads and the bulk zip) and read back: no text cell may start with ``=``,
``+``, ``-``, ``@``, tab or carriage return unless it is a plain number, and no Excel cell is a
formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.publicatie.veilig import GEVAARLIJK, veilige_cel, veilige_tekst
from sto_monitor.survey.analyse import analyseer
from sto_monitor.survey.analyse_uitvoer import als_csv
from sto_monitor.survey.vragenlijst import Blok, Item, Optie, Schaal, Vragenlijst
from tests.indicator_fixtures import TINY_ROWS, tiny_warehouse
from tests.test_prognose import _maak as prognose_warehouse
from tests.web_fixtures import get, serve

HYPERLINK = '=HYPERLINK("http://x","y")'
VIJANDIG = (HYPERLINK, "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tfoo", "\rbar")
# vestiging -> hostile region code (the tiny warehouse's A1 ... B2, X1 outside any region, and
# C1 added here)
REGIOS = {
    "A1": HYPERLINK,
    "A2": "@SUM(A1)",
    "A3": "=1+1",
    "B1": "+cmd",
    "B2": "-2+3",
    "X1": "\tfoo",
    "C1": "\rbar",
}
TECHNISCH = (HYPERLINK, "@SUM(A1)", "+cmd", "-2+3", "\tfoo", "\rbar")  # regions with techniek
GETAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def veilig(text: str) -> bool:
    """A spreadsheet reads this text as text, or as a plain number: never as a formula."""
    return not text.startswith(GEVAARLIJK) or GETAL.fullmatch(text) is not None


def check_csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows, "lege CSV"
    onveilig = [cell for row in rows for cell in row if not veilig(cell)]
    assert not onveilig, onveilig
    return rows


def check_xlsx(body: bytes | Path) -> list[str]:
    """Every cell of every sheet: no formula, no text a spreadsheet would run; the texts."""
    book = openpyxl.load_workbook(io.BytesIO(body) if isinstance(body, bytes) else body)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert veilig(cell.value), (sheet.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    book.close()
    return texts


def escaped(texts: list[str] | list[list[str]], *values: str) -> None:
    """The hostile values are there, as text with a quote in front (the test is not empty).

    An XML reader reads a carriage return in an Excel file as a line feed.
    """
    flat = {c.replace("\r", "\n") for r in texts for c in (r if isinstance(r, list) else [r])}
    for value in values:
        assert "'" + value.replace("\r", "\n") in flat, (value, sorted(flat)[:20])


# ---- the helper -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*VIJANDIG, "-", "+", "=", "@", "-12,5", "- 3", "+31 6 123"])
def test_text_that_could_run_gets_a_quote(value: str) -> None:
    assert veilige_tekst(value) == "'" + value
    assert veilig(veilige_tekst(value))


@pytest.mark.parametrize("value", ["-12.5", "+3", "-4", "12", "0.5", "R01", "x", "<5", "12-15", ""])
def test_numbers_and_plain_text_stay(value: str) -> None:
    assert veilige_tekst(value) == value


def test_only_text_is_escaped() -> None:
    assert veilige_cel(-5) == -5 and veilige_cel(-2.5) == -2.5 and veilige_cel(None) is None
    assert veilige_cel(True) is True
    assert veilige_cel("=1+1") == "'=1+1"


# ---- a hostile warehouse -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vijandig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vijandig") / "v.duckdb"
    rows = [*TINY_ROWS, (2021, "C1", "bb", "PIE", "man", 7, 7)]
    con = tiny_warehouse(path, rows=rows, regios=REGIOS)
    con.execute("UPDATE bron SET formaat = 'duo-leerlingen-2020'")  # DUO's public file
    con.execute("UPDATE regio SET naam = ? WHERE regio = ?", [HYPERLINK, HYPERLINK])
    con.execute("UPDATE regio SET naam = '+cmd' WHERE regio = '=1+1'")
    # techniek only under the Techniekpact definition: its afdeling names a reconciliation row
    con.execute(
        "INSERT INTO leerlingen VALUES (2021, 'A1', 'VMBO KL lj 3-4', 'kb', NULL, 'Techniek', "
        "'@SUM(A1)', 'overig', NULL, NULL, 3, 'man', 6, 6, 1)"
    )
    con.close()
    return path


def _sto(database: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(database), "--quiet"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "naam", ["techniekaandeel", "techniekleerlingen_per_regio", "kwetsbare_groepen"]
)
def test_sto_indicator_csv_and_xlsx(vijandig: Path, tmp_path: Path, naam: str) -> None:
    rows = check_csv(_sto(vijandig, "indicator", naam, "--formaat", "csv"))
    escaped(rows, *TECHNISCH)
    uit = tmp_path / f"{naam}.xlsx"
    _sto(vijandig, "indicator", naam, "--formaat", "xlsx", "--uit", str(uit))
    escaped(check_xlsx(uit), *TECHNISCH)


def test_techniek_verschil_csv_and_xlsx(vijandig: Path, tmp_path: Path) -> None:
    rows = check_csv(_sto(vijandig, "techniek-verschil", "--formaat", "csv"))
    # the reconciliation's own labels start with "+ " and "- ": text, not a formula
    escaped(rows, "+ @SUM(A1)")
    uit = tmp_path / "verschil.xlsx"
    _sto(vijandig, "techniek-verschil", "--formaat", "xlsx", "--uit", str(uit))
    escaped(check_xlsx(uit), "+ @SUM(A1)")


@pytest.fixture(scope="module")
def server(vijandig: Path) -> Iterator[str]:
    with serve(vijandig) as base:
        yield base


@pytest.mark.parametrize(
    "query",
    [
        "indicator=techniekaandeel",
        "indicator=techniekleerlingen_per_regio&sort=regio&richting=af",
        "indicator=kwetsbare_groepen&schooljaar=2021",
    ],
)
def test_verkenner_downloads(server: str, query: str) -> None:
    answer = get(server, f"/verkenner.csv?{query}")
    assert answer.status == 200, answer.text
    escaped(check_csv(answer.text), *TECHNISCH)
    answer = get(server, f"/verkenner.xlsx?{query}")
    assert answer.status == 200
    escaped(check_xlsx(answer.body), *TECHNISCH)


def test_bulk_zip(server: str) -> None:
    answer = get(server, "/api/v1/bulk.zip")
    assert answer.status == 200
    with zipfile.ZipFile(io.BytesIO(answer.body)) as z:
        names = [n for n in z.namelist() if n.endswith(".csv")]
        texts = {n: z.read(n).decode() for n in names}
    assert "csv/techniekaandeel.csv" in texts
    for text in texts.values():
        check_csv(text)
    escaped(check_csv(texts["csv/techniekaandeel.csv"]), "=1+1", *TECHNISCH)
    # the JSON API is no spreadsheet: it gives the codes as they are
    rows = get(server, "/api/v1/indicatoren/techniekaandeel").json()["rijen"]
    assert HYPERLINK in {r["regio"] for r in rows}


# ---- beside the monitor: the planner's forecast and the survey analysis --------------------------


def test_prognose_csv(tmp_path: Path) -> None:
    path = prognose_warehouse(tmp_path / "p.duckdb")
    con = db.connect(path)
    con.execute("UPDATE regio SET regio = '=1+1', naam = ? WHERE regio = 'R1'", [HYPERLINK])
    con.execute("UPDATE regio_vestiging SET regio = '=1+1' WHERE regio = 'R1'")
    for oud, nieuw in (("A1", "-2+3"), ("A2", "@SUM(A1)")):
        con.execute("UPDATE leerlingen SET vestiging = ? WHERE vestiging = ?", [nieuw, oud])
        con.execute("UPDATE regio_vestiging SET vestiging = ? WHERE vestiging = ?", [nieuw, oud])
    con.execute(
        "INSERT INTO vestiging_adres (vestiging, brin, naam, plaats, bron_id) "
        "VALUES ('-2+3', '00AA', '=cmd|'' /C calc''!A0', '\tfoo', 1)"
    )
    con.close()
    rows = check_csv(_sto(path, "prognose", "--regio", "=1+1", "--formaat", "csv"))
    escaped(rows, "=1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0, \tfoo")
    kolom = rows[0].index("aantal")
    assert all(GETAL.fullmatch(r[kolom]) or r[kolom] in ("<5", "x") for r in rows[1:])


def test_survey_analysis_csv() -> None:
    schaal = Schaal(
        "urgentie",
        "ordinaal",
        (Optie(1, "=1+1"), Optie(2, "urgent"), Optie(3, "niet")),
        top=(1,),
        top_label="-2+3",
    )
    blok = Blok("urgentie", "Urgentie", "urgentie", (Item("u1", HYPERLINK, "urgentie", "u"),))
    vragenlijst = Vragenlijst(2024, "STO", {"urgentie": schaal}, (blok,), ())
    analyse = analyseer(vragenlijst, {f"R{i:02d}": {"u1": 1 + i % 3} for i in range(12)})
    rows = check_csv(als_csv(analyse))
    escaped(rows, HYPERLINK, "-2+3")
