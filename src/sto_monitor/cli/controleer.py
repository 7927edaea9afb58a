"""``sto controleer``: screen files as ``sto ingest`` would, without loading them.

Every file is loaded inside a transaction that is always rolled back (``dry_run``), so the
problems are exactly those of ``sto ingest``; warnings (``ingest/controleer.py``) come on top.
Exit code 3 when a file has problems, 0 with only warnings.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from sto_monitor.cli.gedeeld import State, common_options, console, say
from sto_monitor.errors import ExitCode, Problem
from sto_monitor.ingest.controleer import DEFAULT_MAX_VERANDERING, screening_connection
from sto_monitor.ingest.runner import Outcome, ingest_paths


@click.command()
@click.argument("paden", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--schooljaar", type=int, help="Schooljaar (eerste jaar, 2019 = 2019/2020).")
@click.option(
    "--problemen",
    type=click.Path(path_type=Path),
    help="Schrijf alle problemen en waarschuwingen als JSON naar dit bestand.",
)
@click.option(
    "--max-verandering",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_VERANDERING,
    show_default=True,
    help="Waarschuw bij een verandering van derdejaars per vestiging van meer dan dit "
    "percentage ten opzichte van het vorige schooljaar.",
)
@common_options
@click.pass_obj
def controleer(
    state: State,
    paden: tuple[Path, ...],
    schooljaar: int | None,
    problemen: Path | None,
    max_verandering: float,
) -> None:
    """Controleer bestanden zoals `sto ingest` dat doet, zonder ze in te lezen."""
    with screening_connection(state.db, state.settings) as (con, notes):
        outcomes = ingest_paths(
            con,
            list(paden),
            schooljaar=schooljaar,
            max_problems=state.settings.max_problemen,
            dry_run=True,
            max_verandering=max_verandering,
        )
    found = findings(outcomes)
    if problemen is not None:
        document = [asdict(p) | {"melding": str(p), "soort": soort} for soort, p in found]
        problemen.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    for note in notes:
        say(state, f"[dim]{escape(note)}[/]")
    report(state, outcomes, found)
    if any(o.failed for o in outcomes):
        sys.exit(ExitCode.SOURCE_FILE)


def findings(outcomes: list[Outcome]) -> list[tuple[str, Problem]]:
    """Every problem ('fout') and warning ('waarschuwing'), file by file."""
    found: list[tuple[str, Problem]] = []
    for o in outcomes:
        if o.error and o.failed:
            found.extend(("fout", p) for p in o.error.problems)
        found.extend(("waarschuwing", w) for w in o.waarschuwingen)
    return found


def report(state: State, outcomes: list[Outcome], found: list[tuple[str, Problem]]) -> None:
    """A line a file, then one table of every problem and warning, then the totals."""
    for o in outcomes:
        if o.status == "gecontroleerd" and o.format and o.result:
            say(
                state,
                f"[green]in orde[/]  {escape(o.path.name)}: {o.format.title}, "
                f"{o.result.rows_read} regels",
            )
        elif o.status == "overgeslagen" and o.error:
            say(state, f"[dim]overgeslagen[/] {escape(o.path.name)}: {o.error.problems[0].message}")
        elif o.error:
            total = o.error.total
            more = f" (getoond: {len(o.error.problems)})" if total > len(o.error.problems) else ""
            say(state, f"[red]fout[/]     {escape(o.path.name)}: {total} probleem/problemen{more}")
        for note in o.notes:
            say(state, f"         [dim]{escape(note)}[/]")
    if found:
        table = Table(title="Problemen en waarschuwingen")
        for header in ("bestand", "soort", "code", "regel", "kolom", "melding"):
            table.add_column(header)
        for soort, p in found:
            row: list[Any] = [
                p.file,
                "[red]fout[/]" if soort == "fout" else "[yellow]waarschuwing[/]",
                p.code,
                "" if p.line is None else str(p.line),
                p.column or "",
                p.message + (f" (waarde: {p.value!r})" if p.value is not None else ""),
            ]
            table.add_row(*(escape(v) if i != 1 else v for i, v in enumerate(row)))
        console.print(table)
    failed = sum(o.failed for o in outcomes)
    warned = sum(soort == "waarschuwing" for soort, _ in found)
    say(
        state,
        f"{len(outcomes)} bestand(en) gecontroleerd, {failed} met fouten, "
        f"{warned} waarschuwing(en); niets ingelezen",
    )


COMMANDS: tuple[click.Command, ...] = (controleer,)
