"""Print or write an indicator table: terminal table, CSV, JSON, Excel or Parquet.

Every format goes through :func:`publiceer`, which applies disclosure control
(``openbaarheid.beveilig``) before anything else, so no output path can skip it. Filters are
applied after disclosure control: the suppression pattern is then the same whatever a user
selects, and two selections cannot be combined to reveal a cell.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.openbaarheid import NOTATIE, beveilig
from sto_monitor.indicators.registry import BY_NAME, METHODE_VERSIE, Indicator, Openbaarheid

FORMATEN: tuple[str, ...] = ("tabel", "csv", "json", "xlsx", "parquet")
BINAIR = frozenset({"xlsx", "parquet"})  # need --uit


@dataclass(frozen=True)
class Uitvoer:
    """What is published: the raw table, its disclosure rule and what to say about it."""

    naam: str
    titel: str
    tabel: pa.Table  # full, unsuppressed (never written as is)
    openbaarheid: Openbaarheid
    sleutels: tuple[str, ...] = ()  # key columns: left-aligned on the terminal
    meta: Mapping[str, str] = field(default_factory=dict)  # methode_versie, techniek, ...


def zoek_indicator(naam: str) -> Indicator:
    """The registered indicator, or an error that names the closest names."""
    if naam in BY_NAME:
        return BY_NAME[naam]
    close = difflib.get_close_matches(naam, list(BY_NAME), n=3, cutoff=0.5)
    hint = f"; bedoelde u {' of '.join(close)}?" if close else ""
    raise IndicatorError(
        f"onbekende indicator {naam!r}{hint} (`sto indicatoren` toont alle indicatoren)"
    )


def indicator_uitvoer(
    indicator: Indicator, tabel: pa.Table, *, techniek: str, bronnen: str = ""
) -> Uitvoer:
    """An indicator's computed table with its rule and the facts every output states."""
    meta = {
        "reproduceert": indicator.reproduceert,
        "eenheid": indicator.eenheid,
        "methode_versie": METHODE_VERSIE,
        "techniek": techniek,
    }
    if bronnen:
        meta["bronnen"] = bronnen
    return Uitvoer(
        naam=indicator.naam,
        titel=indicator.titel,
        tabel=tabel,
        openbaarheid=indicator.openbaarheid,
        sleutels=indicator.sleutels,
        meta=meta,
    )


def publiceer(uitvoer: Uitvoer, filters: Mapping[str, object] | None = None) -> pa.Table:
    """Disclosure control, then the filters (column -> value), as every output needs it."""
    table = beveilig(uitvoer.tabel, uitvoer.openbaarheid)
    for column, value in (filters or {}).items():
        if column not in table.column_names:
            raise IndicatorError(f"{uitvoer.naam} heeft geen kolom {column!r} om op te filteren")
        wanted = pa.scalar(value).cast(table.schema.field(column).type)
        table = table.filter(pc.equal(table.column(column), wanted))
    return table


def exporteer(
    uitvoer: Uitvoer,
    formaat: str,
    uit: Path | None = None,
    *,
    filters: Mapping[str, object] | None = None,
    console: Console | None = None,
) -> pa.Table:
    """Write the published table to ``uit`` (or print it); returns what was published."""
    if formaat not in FORMATEN:
        raise IndicatorError(f"onbekend formaat {formaat!r}; kies uit {', '.join(FORMATEN)}")
    if formaat in BINAIR and uit is None:
        raise IndicatorError(f"formaat {formaat} schrijft een bestand: geef --uit BESTAND")
    table = publiceer(uitvoer, filters)
    out = console or Console()
    if formaat == "tabel":
        _tabel(uitvoer, table, out)
    elif formaat == "parquet":
        assert uit is not None
        schrijf_parquet(uitvoer, table, uit)
    elif formaat == "xlsx":
        assert uit is not None
        schrijf_xlsx(uitvoer, table, uit)
    else:
        text = csv_tekst(table) if formaat == "csv" else json_tekst(uitvoer, table)
        if uit is None:
            out.file.write(text)
        else:
            uit.write_text(text, encoding="utf-8")
    return table


def metadata(uitvoer: Uitvoer) -> dict[str, str]:
    return {"indicator": uitvoer.naam, "titel": uitvoer.titel, **uitvoer.meta}


def schrijf_parquet(uitvoer: Uitvoer, table: pa.Table, uit: Path | BinaryIO) -> None:
    meta = {b"sto_" + k.encode(): v.encode() for k, v in metadata(uitvoer).items()}
    pq.write_table(table.replace_schema_metadata(meta), uit)


def csv_tekst(table: pa.Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if v is None else v for v in row.values()])
    return buffer.getvalue()


def json_tekst(uitvoer: Uitvoer, table: pa.Table) -> str:
    document: dict[str, Any] = {
        **metadata(uitvoer),
        "notatie": NOTATIE,
        "kolommen": table.column_names,
        "rijen": table.to_pylist(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def _number(text: str) -> int | float | str:
    """Excel gets numbers where a cell is a plain number, and the notation as text."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def schrijf_xlsx(uitvoer: Uitvoer, table: pa.Table, uit: Path | BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = uitvoer.naam[:31]
    sheet.append(table.column_names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.to_pylist():
        sheet.append([_number(v) if isinstance(v, str) else v for v in row.values()])
    notes = book.create_sheet("toelichting")
    for key, value in metadata(uitvoer).items():
        notes.append([key, value])
    notes.append([])
    notes.append(["notatie", "betekenis"])
    for mark, meaning in NOTATIE.items():
        notes.append([mark, meaning])
    book.save(uit)


def weergave(value: object) -> str:
    """Dutch notation on the terminal: 61.508 and 12,3."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    if text.lstrip("-").isdigit():
        return weergave(int(text))
    if "-" in text.lstrip("-"):  # an interval 12-15
        low, high = text.split("-", 1)
        if low.isdigit() and high.isdigit():
            return f"{weergave(int(low))}\u2013{weergave(int(high))}"
    try:
        return weergave(float(text))
    except ValueError:
        return text


def _tabel(uitvoer: Uitvoer, table: pa.Table, console: Console) -> None:
    titel = uitvoer.titel
    if uitvoer.meta.get("techniek"):
        titel += f" (techniek: {uitvoer.meta['techniek']})"
    view = Table(title=titel)
    for name in table.column_names:
        view.add_column(name, justify="left" if name in uitvoer.sleutels else "right")
    for row in table.to_pylist():
        view.add_row(
            *(
                str(v) if k == "schooljaar" and v is not None else weergave(v)
                for k, v in row.items()
            )
        )
    console.print(view)
    console.print(
        f"{table.num_rows} rijen. Notatie: <5 = 1 t/m 4; x = afgeschermd (secundair, of "
        "noemer/basis onder 10); 12\u201315 = bandbreedte door DUO-maskering.",
        highlight=False,
        markup=False,
    )
