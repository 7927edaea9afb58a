"""The contract between the ingest runner and each file format.

A format says whether it recognises a file (by content, never by name) and loads a recognised
file into the warehouse inside the runner's transaction. The ordered list of all formats is
``registry.FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sto_monitor.db import Connection
from sto_monitor.domain import Openheid
from sto_monitor.ingest.source import SourceFile


@dataclass(frozen=True)
class LoadContext:
    con: Connection
    source: SourceFile
    bron_id: int
    schooljaar: int | None = None  # given with --schooljaar; overrides what the file says
    max_problems: int = 20
    # sto controleer: every check runs, the load is rolled back; a format may then keep only
    # the rows the warnings read (ingest/controleer.py)
    dry_run: bool = False


@dataclass
class LoadResult:
    rows_read: int
    rows_loaded: int
    schooljaar: int | None = None
    peildatum: date | None = None
    replaced: set[int] = field(default_factory=set)  # bron_ids whose rows this load replaced
    notes: list[str] = field(default_factory=list)


class Format(Protocol):
    @property
    def name(self) -> str: ...  # e.g. "duo-leerlingen-2019"

    @property
    def target(self) -> str: ...  # the table it feeds, e.g. "leerlingen"

    @property
    def title(self) -> str: ...  # Dutch description for users

    @property
    def openheid(self) -> Openheid: ...  # how open the source is (domain.Openheid)

    def specificity(self, source: SourceFile) -> int:
        """0 when the file is not of this format; higher means a more specific match."""
        ...

    def load(self, ctx: LoadContext) -> LoadResult: ...


def replace_rows(
    con: Connection, table: str, where_sql: str, params: list[object], bron_id: int
) -> set[int]:
    """Delete rows of earlier loads that a new file supersedes; return those loads' ids.

    ``where_sql`` selects the superseded rows (e.g. ``schooljaar = ?``); rows of the current
    load (``bron_id``) are never deleted.
    """
    condition = f"({where_sql}) AND bron_id IS DISTINCT FROM ?"
    old = con.execute(
        f"SELECT DISTINCT bron_id FROM {table} WHERE {condition}", [*params, bron_id]
    ).fetchall()
    if old:
        con.execute(f"DELETE FROM {table} WHERE {condition}", [*params, bron_id])
    return {int(row[0]) for row in old if row[0] is not None}
