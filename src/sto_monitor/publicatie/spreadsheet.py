"""Spreadsheets for people: the Excel and CSV files a reader opens in Dutch Excel.

The typed open-data contract (``export.py``: column names, a decimal point, true/false) is for
programs. A person gets the same published cells in their own words: headers from
``indicators.woorden`` ("Binnen 10 km (%)"), school years as 2019/2020, the region's name beside
its code ("Regionaam"), ja/nee, and numbers as numbers that Dutch Excel shows as 1.183 and 18,4;
a hidden or masked cell keeps its notation as text (``<5``, ``x``, ``12-15`` with an en dash).

- :func:`schrijf_xlsx`: one table in three sheets: the people's sheet (named after the Dutch
  title), ``data`` (the typed contract, unchanged, for programs) and ``toelichting``.
- :func:`csv_voor_excel`: the people's table for Dutch Excel: ``;``, a decimal comma, UTF-8 with
  a byte order mark. A line that is not a row would break Excel's columns, so the synthetic notice
  of generated data is not in the file but in its name (the web adds ``-synthetisch``).
- :func:`regio_xlsx` (``regiobestand.py``): every published table of one region in one workbook.

Only published tables are written (an :class:`~export.Uitvoer`, cut from a snapshot's
``Gepubliceerd``), and every text cell passes ``veilig.veilige_tekst`` (no cell is a formula).
When the numbers rest on generated files, the first line of every people's sheet and of the notes
says so in the words of ``taal.SYNTHETISCH``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa

from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME, Indicator
from sto_monitor.indicators.woorden import Woord, woord
from sto_monitor.publicatie.afscherming.tabel import NOTATIE, STATUS
from sto_monitor.publicatie.export import DATA_BLAD, TOELICHTING, Uitvoer, metadata, rijen
from sto_monitor.publicatie.gegevens import LANDELIJK
from sto_monitor.publicatie.taal import SYNTHETISCH, schooljaar
from sto_monitor.publicatie.veilig import veilige_tekst

REGIONAAM = "Regionaam"  # the header of the column beside the region code
NEDERLAND = "Nederland"  # the name of the national rows (regio NL)
GEHEEL = "#,##0"  # Dutch Excel: 1.183
EEN_DECIMAAL = "#,##0.0"  # Dutch Excel: 18,4 and 6.670,1
MAX_BLADNAAM = 31  # Excel's limit
MAX_BREEDTE = 50  # characters; longer text wraps
KOP_BREEDTE = 24  # a header wraps beyond this, over at most a few lines
BOM = "\ufeff"  # tells Excel the CSV is UTF-8

Cel = int | float | str | None
_REGIONAAM = "\0regionaam"  # the region name column (no published column has this name)


@dataclass(frozen=True)
class Kolom:
    """One column as a person reads it."""

    naam: str  # the column of the published table
    kop: str  # "Binnen 10 km (%)"
    formaat: str  # woorden.Formaat
    getal: bool  # a plain number in this column is a number (the typed column is numeric)

    def getalformaat(self, value: int | float) -> str:
        if self.formaat in ("procent", "decimaal"):
            return EEN_DECIMAAL
        return EEN_DECIMAAL if isinstance(value, float) and not value.is_integer() else GEHEEL


@dataclass(frozen=True)
class Leesbaar:
    """A published table in the reader's words: headers, and cells as Excel should hold them."""

    kolommen: tuple[Kolom, ...]
    rijen: tuple[tuple[Cel, ...], ...]


def leesbaar(uitvoer: Uitvoer) -> Leesbaar:
    """The rows of ``uitvoer.tabel`` (the Dutch notation), in the reader's words."""
    indicator = uitvoer.indicator or BY_NAME.get(uitvoer.naam)
    getallen = _getalkolommen(uitvoer)
    kolommen: list[Kolom] = []
    for naam in uitvoer.tabel.column_names:
        w = _woord(indicator, naam)
        kolommen.append(Kolom(naam, w.kop, w.formaat, naam in getallen or w.is_getal))
        if naam == "regio":
            kolommen.append(Kolom(_REGIONAAM, REGIONAAM, "tekst", False))
    namen = {**uitvoer.regionamen, LANDELIJK: NEDERLAND}
    result = []
    for row in uitvoer.tabel.to_pylist():
        result.append(
            tuple(
                namen.get(str(row["regio"]), "")
                if k.naam == _REGIONAAM
                else _waarde(row[k.naam], k)
                for k in kolommen
            )
        )
    return Leesbaar(tuple(kolommen), tuple(result))


def _woord(indicator: Indicator | None, kolom: str) -> Woord:
    try:
        return woord(indicator, kolom)
    except KeyError:  # a table outside the registry (sto techniek-verschil): its own name
        return Woord(kolom.replace("_", " ").capitalize(), "tekst")


def _getalkolommen(uitvoer: Uitvoer) -> set[str]:
    """Columns that are numbers in the typed table (text in the notation: ``<5``, ``12-15``)."""
    data = uitvoer.data.schema
    return {
        naam
        for naam in uitvoer.tabel.column_names
        if naam in data.names
        and (
            pa.types.is_integer(data.field(naam).type)
            or pa.types.is_floating(data.field(naam).type)
        )
    }


_GEHEEL = re.compile(r"-?[0-9]+")
_DECIMAAL = re.compile(r"-?[0-9]+\.[0-9]+")


def _waarde(value: object, kolom: Kolom) -> Cel:
    """One cell: a number as a number, a school year as 2019/2020, ja/nee, the notation as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if kolom.formaat == "schooljaar":
        return schooljaar(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    text = str(value)
    if not kolom.getal:
        return text
    if _GEHEEL.fullmatch(text):
        return int(text)
    if _DECIMAAL.fullmatch(text):
        return float(text)
    return weergave(text)  # <5, x, and an interval with an en dash, as on screen


def _is_getal(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _getoond(value: Cel, kolom: Kolom) -> str:
    """The cell as Dutch Excel shows it (for the column widths)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        if kolom.getalformaat(value) == EEN_DECIMAAL:
            return f"{value:,.1f}"
        return f"{round(value):,}"
    return value


# ---- CSV for Dutch Excel ----------------------------------------------------------------------


def csv_waarde(value: Cel, kolom: Kolom) -> str:
    """One cell for Dutch Excel: a decimal comma and no thousands separator; safe text."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if kolom.getalformaat(value) == GEHEEL:
            return str(round(value))
        return f"{value:.1f}".replace(".", ",")
    return veilige_tekst(value)


def csv_voor_excel(uitvoer: Uitvoer) -> str:
    """The people's table as CSV for Dutch Excel (``;``, decimal comma, ja/nee, BOM)."""
    tabel = leesbaar(uitvoer)
    buffer = io.StringIO()
    buffer.write(BOM)
    # \r\n ends a row, and a cell holding \r or \n is quoted (no row breaks inside a cell)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([veilige_tekst(k.kop) for k in tabel.kolommen])
    for rij in tabel.rijen:
        writer.writerow([csv_waarde(v, k) for v, k in zip(rij, tabel.kolommen, strict=True)])
    return buffer.getvalue()


# ---- Excel -------------------------------------------------------------------------------------


def _cel(value: object) -> object:
    """An Excel cell value: text without characters XML cannot hold, and never a formula."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return veilige_tekst(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


class Blad:
    """A worksheet filled row by row: numbers as numeric cells, text always as text."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.rij = 0

    def schrijf(
        self, values: Sequence[object], formaten: Sequence[str | None] = (), *, stijl: str = ""
    ) -> None:
        """One row; ``formaten``: the number format of each column's numbers; ``stijl``:
        ``kop`` (bold), ``titel`` or ``let_op`` (the synthetic notice)."""
        from openpyxl.styles import Font

        self.rij += 1
        for kolom, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.rij, column=kolom, value=_cel(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif _is_getal(cell.value) and kolom <= len(formaten) and formaten[kolom - 1]:
                cell.number_format = formaten[kolom - 1]
            if stijl == "kop":
                cell.font = Font(bold=True)
            elif stijl == "titel":
                cell.font = Font(bold=True, size=13)
            elif stijl == "let_op":
                cell.font = Font(bold=True, color="C00000")

    def breedtes(self, breedtes: Sequence[float]) -> None:
        from openpyxl.utils import get_column_letter

        for i, breedte in enumerate(breedtes, start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = breedte


def tabelblad(sheet: Any, tabel: Leesbaar, *, titel: str, synthetisch: bool) -> Blad:
    """A people's sheet: the notice (generated data), the title, then the table with a bold,
    frozen header row and an autofilter; numbers formatted the Dutch way; columns fitted."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    blad = Blad(sheet)
    if synthetisch:
        blad.schrijf([SYNTHETISCH], stijl="let_op")
    blad.schrijf([titel], stijl="titel")
    blad.schrijf([])
    blad.schrijf([k.kop for k in tabel.kolommen], stijl="kop")
    kop = blad.rij
    for cell in sheet[kop]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for rij in tabel.rijen:
        formaten: list[str | None] = [
            k.getalformaat(v) if isinstance(v, int | float) else None
            for k, v in zip(tabel.kolommen, rij, strict=True)
        ]
        blad.schrijf(rij, formaten)
    sheet.freeze_panes = f"A{kop + 1}"
    if tabel.kolommen:
        laatste = get_column_letter(len(tabel.kolommen))
        sheet.auto_filter.ref = f"A{kop}:{laatste}{max(blad.rij, kop + 1)}"
    blad.breedtes([_breedte(tabel, i) for i in range(len(tabel.kolommen))])
    return blad


def _breedte(tabel: Leesbaar, i: int) -> float:
    """Fits the widest cell; a long header wraps (but never inside a word)."""
    kolom = tabel.kolommen[i]
    cellen = max((len(_getoond(rij[i], kolom)) for rij in tabel.rijen), default=0)
    woord_ = max((len(w) for w in kolom.kop.split()), default=0)
    return float(min(max(cellen, min(len(kolom.kop), KOP_BREEDTE), woord_, 6) + 2, MAX_BREEDTE))


def bladnaam(titel: str, bezet: set[str]) -> str:
    """A sheet name from a Dutch title: the part before a colon, cut at a word to Excel's 31
    characters, without a dangling "per" or "en"; unique in the book (compared without case,
    ``bezet`` holds the names taken, in lower case)."""
    naam = re.sub(r"[\[\]:*?/\\]", " ", titel.split(":")[0]).strip(" '")
    kandidaat, n = _kort(naam, MAX_BLADNAAM), 1
    while kandidaat.lower() in bezet:
        n += 1
        kandidaat = f"{_kort(naam, MAX_BLADNAAM - len(str(n)) - 3)} ({n})"
    bezet.add(kandidaat.lower())
    return kandidaat


def _kort(naam: str, lengte: int) -> str:
    woorden = naam.split()
    while woorden and len(" ".join(woorden)) > lengte:
        woorden.pop()
    while len(woorden) > 1 and woorden[-1].lower().strip(",-") in _LOSSE_WOORDEN:
        woorden.pop()
    return (" ".join(woorden) or naam[:lengte]).rstrip(",;- ") or "Tabel"


_LOSSE_WOORDEN = frozenset(
    {"per", "en", "van", "de", "het", "een", "in", "met", "naar", "op", "voor", "bij", "uit"}
)


def schrijf_xlsx(uitvoer: Uitvoer, uit: Path | BinaryIO) -> None:
    """Three sheets: the table as people read it, the typed data, and the notes."""
    from openpyxl import Workbook

    book = Workbook()
    mensen = tabelblad(
        book.active,
        leesbaar(uitvoer),
        titel=uitvoer.titel,
        synthetisch=uitvoer.synthetisch,
    )
    mensen.sheet.title = bladnaam(uitvoer.titel, {DATA_BLAD, TOELICHTING})
    machine = Blad(book.create_sheet(DATA_BLAD))
    machine.schrijf(uitvoer.data.column_names, stijl="kop")
    for row in rijen(uitvoer.data):
        machine.schrijf(list(row.values()))
    machine.sheet.freeze_panes = "A2"
    machine.breedtes([max(len(n), 8) + 2 for n in uitvoer.data.column_names])
    toelichting(book.create_sheet(TOELICHTING), uitvoer, mensen.sheet.title)
    book.save(uit)


def toelichting(sheet: Any, uitvoer: Uitvoer, mensenblad: str) -> None:
    """The notes: the facts of the table (numbers as numbers), the sheets, the columns in both
    forms, the status codes of the data sheet and the notation of the people's sheet."""
    notes = Blad(sheet)
    if uitvoer.synthetisch:
        notes.schrijf([SYNTHETISCH], stijl="let_op")
    for key, value in metadata(uitvoer).items():
        if isinstance(value, bool):
            value = "ja" if value else "nee"
        notes.schrijf([key, value], [GEHEEL, GEHEEL])
    notes.schrijf([])
    notes.schrijf(["blad", "inhoud"], stijl="kop")
    notes.schrijf([mensenblad, "de tabel in woorden, zoals op het scherm (notatie hieronder)"])
    notes.schrijf(
        [DATA_BLAD, "dezelfde cellen als getallen: bij elk aantal c ook c_min, c_max en c_status"]
    )
    notes.schrijf([])
    notes.schrijf(["kolom", f"kolom in {DATA_BLAD}"], stijl="kop")
    for kolom in leesbaar(uitvoer.neem([])).kolommen:
        naam = "(de naam bij de regiocode)" if kolom.naam == _REGIONAAM else kolom.naam
        notes.schrijf([kolom.kop, naam])
    notes.schrijf([])
    notes.schrijf(["status", "betekenis"], stijl="kop")
    for code, betekenis in STATUS.items():
        notes.schrijf([code, betekenis])
    notes.schrijf([])
    notes.schrijf(["notatie", "betekenis"], stijl="kop")
    for teken, betekenis in NOTATIE.items():
        notes.schrijf([teken.replace("-", "\u2013"), betekenis])
    notes.breedtes([28, 90])
