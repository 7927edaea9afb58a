"""Write a published indicator: terminal table, CSV, JSON, Excel or Parquet.

Every table written here is already published (``publiceren.publiceer``: disclosure control
across all linked tables). An :class:`Uitvoer` holds both forms of it (``afscherming/tabel``):

- ``data``, the typed open-data contract: CSV, JSON, Parquet and the machine sheet of the
  Excel file. Numbers are numbers; every count ``c`` has ``c_min``, ``c_max`` and ``c_status``.
- ``tabel``, the same cells in Dutch notation (``<5``, ``x``, ``12-15``): the terminal, and
  (in the reader's words, ``spreadsheet.py``) the people's sheet of the Excel file and the CSV
  for Dutch Excel.

An output made from generated files says so: ``Uitvoer.synthetisch``, in the metadata
(``"synthetisch"``, and ``"let_op"`` with ``taal.SYNTHETISCH``) and on the people's sheets.

Filters only select rows of the published table, so the pattern of hidden cells is the same
whatever a user selects. Every text cell of a CSV or Excel file passes ``veilig.veilige_tekst``
(no cell runs as a formula).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from sto_monitor.db import Connection
from sto_monitor.errors import IndicatorError, NotFoundError
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.inputs import Engine
from sto_monitor.indicators.registry import METHODE_VERSIE, Indicator
from sto_monitor.publicatie.afscherming.tabel import STATUS
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.publiceren import publiceer
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.publicatie.veilig import csv_regels

FORMATEN: tuple[str, ...] = ("tabel", "csv", "json", "xlsx", "parquet")
BINAIR = frozenset({"xlsx", "parquet"})  # need --uit
DATA_BLAD = "data"  # the machine sheet of the Excel file
TOELICHTING = "toelichting"

Meta = Mapping[str, str | int | float]
Metadata = dict[str, str | int | float | bool]


@dataclass(frozen=True)
class Uitvoer:
    """One published indicator table in both forms, with what every output states about it."""

    naam: str
    titel: str
    data: pa.Table  # the typed open-data contract
    tabel: pa.Table  # the same rows, in the same order, in Dutch notation
    sleutels: tuple[str, ...] = ()  # key columns: left-aligned on the terminal
    meta: Meta = field(default_factory=dict)  # methode_versie, techniek, bronnen, ...
    indicator: Indicator | None = None  # its words (woorden) for the people's files
    synthetisch: bool = False  # made from generated files (taal.SYNTHETISCH)
    regionamen: Mapping[str, str] = field(default_factory=dict)  # regio code -> name

    def __post_init__(self) -> None:
        if self.data.num_rows != self.tabel.num_rows:
            raise ValueError(f"{self.naam}: data en tabel hebben niet evenveel rijen")

    def filter(self, filters: Mapping[str, object] | None) -> Uitvoer:
        """The rows that match every filter (column -> value); None or "" matches any."""
        masker = rijmasker(self.naam, self.data, filters or {})
        if masker is None:
            return self
        return replace(self, data=self.data.filter(masker), tabel=self.tabel.filter(masker))

    def neem(self, volgorde: Sequence[int]) -> Uitvoer:
        """These rows (by index), in this order."""
        indices = pa.array(volgorde, type=pa.int64())
        return replace(self, data=self.data.take(indices), tabel=self.tabel.take(indices))

    def met_meta(self, **extra: str | int | float) -> Uitvoer:
        return replace(self, meta={**self.meta, **extra})


def rijmasker(naam: str, table: pa.Table, filters: Mapping[str, object]) -> pa.Array | None:
    """Which rows match every filter; None when no filter is set."""
    masker: Any = None
    for column, value in filters.items():
        if value is None or value == "":
            continue
        if column not in table.column_names:
            raise IndicatorError(f"{naam} heeft geen kolom {column!r} om op te filteren")
        wanted = pa.scalar(value).cast(table.schema.field(column).type)
        match = pc.fill_null(pc.equal(table.column(column), wanted), False)
        masker = match if masker is None else pc.and_(masker, match)
    return masker


def indicator_uitvoer(
    indicator: Indicator,
    data: pa.Table,
    tabel: pa.Table,
    *,
    techniek: str,
    bronnen: str = "",
) -> Uitvoer:
    """A published indicator with the facts every output states."""
    meta: dict[str, str | int | float] = {
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
        data=schoon(data),
        tabel=tabel,
        sleutels=indicator.sleutels,
        meta=meta,
        indicator=indicator,
    )


def publiceer_indicator(
    con: Connection,
    indicator: Indicator,
    *,
    techniek: str,
    bronnen: str = "",
    engine: Engine | None = None,
) -> Uitvoer:
    """Publish the indicator exactly as the dashboard does (with every linked indicator);
    ``engine``: compute them there (Spark) instead of reading the stored build."""
    uitkomst = publiceer(con, techniek=techniek, indicatoren=[indicator.naam], engine=engine)
    if indicator.naam not in uitkomst.publicatie.tabellen:
        ontbreekt = ", ".join(uitkomst.ontbreekt.get(indicator.naam, ()))
        raise IndicatorError(f"{indicator.naam}: bron ontbreekt: {ontbreekt}; laad die eerst in")
    gepubliceerd = uitkomst.publicatie.tabellen[indicator.naam]
    uitvoer = indicator_uitvoer(
        indicator, gepubliceerd.data, gepubliceerd.tabel, techniek=techniek, bronnen=bronnen
    )
    return replace(uitvoer, synthetisch=_synthetisch(con), regionamen=_regionamen(con))


def _synthetisch(con: Connection) -> bool:
    """Whether a file in use was written by the generator (as ``gegevens.laad`` reads it)."""
    try:
        rows = con.execute(
            "SELECT coalesce(bool_or(synthetisch), false) FROM bron WHERE status = 'geladen'"
        ).fetchall()
    except duckdb.Error:  # a warehouse from before the column: nothing is marked
        return False
    return bool(rows[0][0])


def _regionamen(con: Connection) -> dict[str, str]:
    """Every region code with a name (the newest name when a code was renamed)."""
    try:
        rows = con.execute(
            "SELECT regio, arg_max(naam, periode_start) FROM regio GROUP BY regio"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {str(code): str(naam) for code, naam in rows if naam}


def snapshot_uitvoer(
    snap: Snapshot, naam: str, filters: Mapping[str, str | int | None] | None = None
) -> Uitvoer:
    """The rows of a snapshot's published indicator that match the filters, in both forms.

    The filters are checked as everywhere on the web (``Snapshot.rijen``: 4xx errors for an
    unknown indicator, year or region); rows are only selected, never published again.
    """
    snap.rijen(naam, filters or {})
    g = snap.indicator(naam)
    if g.data is None or g.tabel is None:
        raise NotFoundError(f"{naam}: bron ontbreekt ({', '.join(g.ontbreekt)}); laad die eerst")
    bronnen = ", ".join(b.bestand for b in g.herkomst.bronnen)
    uitvoer = indicator_uitvoer(
        g.indicator, g.data, g.tabel, techniek=snap.techniek, bronnen=bronnen
    )
    regionamen = {code: regio.naam for code, regio in snap.regios.items()}
    return replace(uitvoer, synthetisch=snap.synthetisch, regionamen=regionamen).filter(filters)


def schoon(data: pa.Table) -> pa.Table:
    """The typed table with NaN and infinity as null: JSON, CSV and Parquet then agree."""
    for i, kolom in enumerate(data.schema):
        if pa.types.is_floating(kolom.type):
            column = data.column(i)
            if pc.any(pc.invert(pc.fill_null(pc.is_finite(column), True))).as_py():
                finite = pc.if_else(pc.is_finite(column), column, pa.scalar(None, kolom.type))
                data = data.set_column(i, kolom, finite)
    return data


def exporteer(
    uitvoer: Uitvoer,
    formaat: str,
    uit: Path | None = None,
    *,
    filters: Mapping[str, object] | None = None,
    console: Console | None = None,
) -> Uitvoer:
    """Write the published table to ``uit`` (or print it); returns the rows written."""
    if formaat not in FORMATEN:
        raise IndicatorError(f"onbekend formaat {formaat!r}; kies uit {', '.join(FORMATEN)}")
    if formaat in BINAIR and uit is None:
        raise IndicatorError(f"formaat {formaat} schrijft een bestand: geef --uit BESTAND")
    gekozen = uitvoer.filter(filters)
    out = console or Console()
    if formaat == "tabel":
        _tabel(gekozen, out)
    elif formaat == "parquet":
        assert uit is not None
        schrijf_parquet(gekozen, uit)
    elif formaat == "xlsx":
        assert uit is not None
        schrijf_xlsx(gekozen, uit)
    else:
        text = csv_tekst(gekozen.data) if formaat == "csv" else json_tekst(gekozen)
        if uit is None:
            out.file.write(text)
        else:
            uit.write_text(text, encoding="utf-8")
    return gekozen


def metadata(uitvoer: Uitvoer) -> Metadata:
    return {"indicator": uitvoer.naam, "titel": uitvoer.titel, **uitvoer.meta, **let_op(uitvoer)}


def let_op(bron: Uitvoer | Snapshot) -> dict[str, bool | str]:
    """``synthetisch`` (true/false), and when true ``let_op``: the sentence every output of
    generated files states (API metadata, JSON, Parquet, the Excel notes)."""
    if not bron.synthetisch:
        return {"synthetisch": False}
    return {"synthetisch": True, "let_op": SYNTHETISCH}


# ---- machine-readable: the typed contract -----------------------------------------------------


def rijen(data: pa.Table) -> list[dict[str, Any]]:
    """The typed rows for JSON: numbers as numbers, null for an empty cell."""
    result: list[dict[str, Any]] = schoon(data).to_pylist()
    return result


def json_document(uitvoer: Uitvoer) -> dict[str, Any]:
    return {
        **metadata(uitvoer),
        "status": STATUS,
        "kolommen": uitvoer.data.column_names,
        "rijen": rijen(uitvoer.data),
    }


def json_tekst(uitvoer: Uitvoer) -> str:
    document = json_document(uitvoer)
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def csv_waarde(value: object) -> str:
    """One CSV cell of the typed table: plain numbers with a decimal point, safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = repr(value)
        if "e" in text:  # no exponent: 1e-05 -> 0.00001
            text = np.format_float_positional(value, trim="0")
        return text
    return str(value)  # csv_regels makes it safe


def csv_tekst(data: pa.Table) -> str:
    """The typed table as CSV (UTF-8, comma, header row; an empty cell is null)."""
    rijen = ([csv_waarde(v) for v in row.values()] for row in data.to_pylist())
    return csv_regels([data.column_names, *rijen])


def _metatekst(value: str | int | float | bool) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def schrijf_parquet(uitvoer: Uitvoer, uit: Path | BinaryIO) -> None:
    meta = {b"sto_" + k.encode(): _metatekst(v).encode() for k, v in metadata(uitvoer).items()}
    meta[b"sto_status"] = json.dumps(STATUS, ensure_ascii=False).encode()
    pq.write_table(uitvoer.data.replace_schema_metadata(meta), uit)


# ---- Excel: the people's sheet, the machine sheet and the notes (spreadsheet.py) ---------------


def schrijf_xlsx(uitvoer: Uitvoer, uit: Path | BinaryIO) -> None:
    """The table as people read it, the typed data, and the notes (``spreadsheet.py``)."""
    from sto_monitor.publicatie.spreadsheet import schrijf_xlsx as schrijf

    schrijf(uitvoer, uit)


# ---- the terminal: Dutch notation ---------------------------------------------------------------


def _tabel(uitvoer: Uitvoer, console: Console) -> None:
    titel = uitvoer.titel
    if uitvoer.meta.get("techniek"):
        titel += f" (techniek: {uitvoer.meta['techniek']})"
    view = Table(title=titel)
    table = uitvoer.tabel
    for name in table.column_names:
        view.add_column(name, justify="left" if name in uitvoer.sleutels else "right")
    for row in table.to_pylist():
        view.add_row(
            *(
                str(v) if k.endswith("schooljaar") and v is not None else weergave(v)
                for k, v in row.items()
            )
        )
    console.print(view)
    console.print(
        f"{table.num_rows} rijen. Notatie: <5 = 1 t/m 4 (door DUO gemaskeerd); x = afgeschermd; "
        "12\u201315 = bandbreedte door DUO-maskering. Met --formaat csv, json, xlsx of parquet "
        "staan de getallen als getallen, met _min, _max en _status.",
        highlight=False,
        markup=False,
    )
