"""PC4 (four-digit postcode) sources: GeoNames centroids and CBS "Kerncijfers per postcode".

``geonames-pc4``: the GeoNames postal-code dump for NL (``NL.txt``, as cached by pgeocode):
tab-separated, no header, 12 columns. Some PC4s have several rows (one per place); we store
one row per PC4 with the mean position. A new file replaces all earlier PC4 centroids.

``cbs-pc4-kerncijfers``: CBS xlsx with multi-row headers whose position differs between
editions; we find the header row by its ``Postcode-4`` and ``15 tot 25 jaar`` cells and the
year in the title ("peildatum 1 januari 2023"). CBS marks secret small numbers (0-4) with codes
like -99997; those become the interval [0, 4]. A new file replaces earlier rows of its year.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import openpyxl

from sto_monitor.domain import OPENBAAR, Openheid
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows
from sto_monitor.ingest.geo import insert_rows, raise_problems
from sto_monitor.ingest.source import SourceFile

PC4 = re.compile(r"[1-9][0-9]{3}")
LAT_RANGE, LON_RANGE = (50.6, 53.7), (3.2, 7.3)
GEONAMES_COLUMNS = 12
# GeoNames writes province names in English.
PROVINCIES = {
    "north holland": "Noord-Holland",
    "south holland": "Zuid-Holland",
    "north brabant": "Noord-Brabant",
    "guelders": "Gelderland",
}
_MUNICIPALITY = re.compile(r"^(gemeente\s+)|(\s+municipal\w*)$", re.IGNORECASE)


class GeonamesPc4Format:
    name = "geonames-pc4"
    openheid: Openheid = OPENBAAR
    target = "pc4"
    title = "GeoNames postcodes NL (PC4-middelpunten, NL.txt)"

    def specificity(self, source: SourceFile) -> int:
        fields = source.first_line.rstrip("\r\n").split("\t")
        if len(fields) != GEONAMES_COLUMNS or fields[0] != "NL" or not PC4.fullmatch(fields[1]):
            return 0
        try:
            float(fields[9]), float(fields[10])
        except ValueError:
            return 0
        return 40

    def load(self, ctx: LoadContext) -> LoadResult:
        source = ctx.source
        text = source.path.read_text(encoding=source.encoding)
        problems: list[Problem] = []
        places: dict[str, list[tuple[float, float, list[str]]]] = {}
        lines = 0

        def problem(number: int, message: str, column: str | None, value: str, code: str) -> None:
            problems.append(
                Problem(source.name, message, line=number, column=column, value=value, code=code)
            )

        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            lines += 1
            fields = line.split("\t")
            if len(fields) != GEONAMES_COLUMNS:
                problem(
                    number,
                    f"verwacht {GEONAMES_COLUMNS} tab-gescheiden velden, gevonden {len(fields)}",
                    None,
                    line[:80],
                    "regel-onleesbaar",
                )
                continue
            if fields[0] != "NL":
                problem(number, "verwacht landcode NL", "1 (land)", fields[0], "ongeldige-waarde")
            if not PC4.fullmatch(fields[1]):
                problem(
                    number,
                    "verwacht een postcode van 4 cijfers",
                    "2 (postcode)",
                    fields[1],
                    "geen-pc4",
                )
            try:
                lat, lon = float(fields[9]), float(fields[10])
            except ValueError:
                problem(
                    number,
                    "verwacht breedte- en lengtegraad als getal",
                    "10/11 (lat/lon)",
                    f"{fields[9]} {fields[10]}",
                    "geen-getal",
                )
                continue
            if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
                problem(
                    number,
                    "coördinaat ligt niet in Nederland",
                    "10/11 (lat/lon)",
                    f"{lat} {lon}",
                    "coordinaat-buiten-nl",
                )
                continue
            places.setdefault(fields[1], []).append((lat, lon, fields))
        raise_problems(source, problems, ctx.max_problems)
        replaced = replace_rows(ctx.con, "pc4", "TRUE", [], ctx.bron_id)
        rows = [_pc4_row(pc4, found, ctx.bron_id) for pc4, found in sorted(places.items())]
        loaded = insert_rows(
            ctx.con,
            "pc4",
            ("pc4", "plaats", "provincie", "gemeentecode", "gemeente", "lat", "lon", "bron_id"),
            rows,
        )
        notes = [f"{loaded} postcodegebieden (PC4) uit {lines} regels"]
        return LoadResult(lines, loaded, None, None, replaced, notes)


def _pc4_row(
    pc4: str, found: list[tuple[float, float, list[str]]], bron_id: int
) -> tuple[object, ...]:
    """One PC4: mean position; place, province and gemeente of its first row."""
    fields = found[0][2]
    provincie = fields[3].strip() or None
    if provincie:
        provincie = PROVINCIES.get(provincie.lower(), provincie)
    gemeente = _MUNICIPALITY.sub("", fields[5]).strip() or None
    code = fields[6].strip()
    lat = sum(f[0] for f in found) / len(found)
    lon = sum(f[1] for f in found) / len(found)
    return (
        pc4,
        fields[2].strip() or None,
        provincie,
        code.zfill(4) if code else None,
        gemeente,
        lat,
        lon,
        bron_id,
    )


# --- CBS kerncijfers per postcode -----------------------------------------------------------
HEADER_PC4, HEADER_TOTAL, HEADER_15_25 = "postcode-4", "totaal", "15 tot 25 jaar"
_YEAR = re.compile(r"peildatum\s+1\s+januari\s+((?:19|20)\d\d)", re.IGNORECASE)
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class _Layout:
    header_row: int  # 1-based sheet row
    pc4: int  # 0-based column indexes
    total: int
    age_15_25: int
    year: int | None
    labels: tuple[str, str, str]


@contextmanager
def _sheet(path: Path) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not need
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            yield book.worksheets[0]
        finally:
            book.close()


def workbook_problem(path: Path) -> str | None:
    """Why openpyxl cannot open this xlsx (in Dutch, quoting openpyxl), or None if it can."""
    try:
        with _sheet(path):
            return None
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        return f"kan de werkmap niet openen: {type(exc).__name__}: {exc}"[:200]


def _cell(value: object) -> str:
    return " ".join(str(value).split()).lower() if value is not None else ""


def _find_layout(path: Path) -> _Layout | None:
    year = None
    with _sheet(path) as sheet:
        for number, row in enumerate(
            sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1
        ):
            cells = [_cell(v) for v in row]
            for value in row:
                match = _YEAR.search(str(value or ""))
                if match and year is None:
                    year = int(match.group(1))
            if HEADER_PC4 in cells and HEADER_15_25 in cells:
                pc4 = cells.index(HEADER_PC4)
                total = cells.index(HEADER_TOTAL) if HEADER_TOTAL in cells else -1
                age = cells.index(HEADER_15_25)
                labels = (str(row[pc4]), str(row[total]) if total >= 0 else "Totaal", str(row[age]))
                return _Layout(number, pc4, total, age, year, labels)
    return None


class CbsPc4Format:
    name = "cbs-pc4-kerncijfers"
    openheid: Openheid = OPENBAAR
    target = "pc4_bevolking"
    title = "CBS Kerncijfers per postcode (PC4): inwoners en 15-25-jarigen"

    def specificity(self, source: SourceFile) -> int:
        if not source.is_xlsx:
            return 0
        try:
            return 50 if _find_layout(source.path) is not None else 0
        except Exception:  # a damaged workbook is not ours to judge here
            return 0

    def load(self, ctx: LoadContext) -> LoadResult:
        try:
            return self._load(ctx)
        except (SourceFileError, duckdb.Error):
            raise
        except Exception as exc:  # a workbook damaged beyond what detection read
            raise SourceFileError.single(
                ctx.source.path,
                f"geen geldig xlsx-bestand (kan de werkmap niet lezen: {type(exc).__name__})",
                code="geen-xlsx",
            ) from exc

    def _load(self, ctx: LoadContext) -> LoadResult:
        source = ctx.source
        layout = _find_layout(source.path)
        if layout is None or layout.total < 0:
            raise SourceFileError.single(
                source.path,
                "kopregel met 'Postcode-4', 'Totaal' en '15 tot 25 jaar' niet gevonden",
                code="geen-kopregel",
            )
        jaar = layout.year if layout.year is not None else ctx.schooljaar
        if jaar is None:
            raise SourceFileError.single(
                source.path,
                "kan het jaar niet bepalen (geen 'peildatum 1 januari jjjj' in de "
                "titel); geef het op met --schooljaar",
                code="jaar-onbekend",
                line=1,
            )
        rows: list[tuple[object, ...]] = []
        problems: list[Problem] = []
        read = 0
        with _sheet(source.path) as sheet:
            last = max(layout.pc4, layout.total, layout.age_15_25) + 1
            for number, row in enumerate(
                sheet.iter_rows(min_row=layout.header_row + 1, max_col=last, values_only=True),
                start=layout.header_row + 1,
            ):
                pc4 = _pc4_text(row[layout.pc4] if len(row) > layout.pc4 else None)
                if pc4 is None:
                    continue  # units row, totals, notes, empty rows
                read += 1
                values: list[int | None] = []
                for index, label in (
                    (layout.total, layout.labels[1]),
                    (layout.age_15_25, layout.labels[2]),
                ):
                    value = row[index] if len(row) > index else None
                    interval = _interval(value)
                    if interval is None:
                        problems.append(
                            Problem(
                                source.name,
                                "verwacht een aantal of een CBS-geheimcode (-99997)",
                                line=number,
                                column=label,
                                value=str(value),
                                code="geen-aantal",
                            )
                        )
                    values.extend(interval or (None, None))
                rows.append((pc4, jaar, *values, ctx.bron_id))
        raise_problems(source, problems, ctx.max_problems)
        replaced = replace_rows(ctx.con, "pc4_bevolking", "jaar = ?", [jaar], ctx.bron_id)
        loaded = insert_rows(
            ctx.con,
            "pc4_bevolking",
            (
                "pc4",
                "jaar",
                "inwoners_min",
                "inwoners_max",
                "inwoners_15_25_min",
                "inwoners_15_25_max",
                "bron_id",
            ),
            rows,
        )
        notes = [f"peildatum 1 januari {jaar}: {loaded} postcodegebieden"]
        return LoadResult(read, loaded, None, date(jaar, 1, 1), replaced, notes)


def _pc4_text(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return text if PC4.fullmatch(text) else None


def _interval(value: object) -> tuple[int | None, int | None] | None:
    """Count -> [n, n]; CBS secret code (-99997, -99995, ...) -> [0, 4]; empty -> unknown."""
    if value is None or (isinstance(value, str) and value.strip() in ("", ".", "x")):
        return (None, None)
    try:
        number = float(str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        return None
    if number <= -99990:
        return (0, 4)
    if number < 0 or not number.is_integer():
        return None
    return (int(number), int(number))


GEONAMES_PC4 = GeonamesPc4Format()
CBS_PC4 = CbsPc4Format()
FORMATS = (GEONAMES_PC4, CBS_PC4)
