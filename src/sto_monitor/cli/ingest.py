"""``sto ingest``, ``sto fetch``, ``sto status`` and ``sto instellingen``: files into the warehouse.

``run_ingest`` is shared with ``sto demo``, which loads its files the same way.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from sto_monitor import db
from sto_monitor.cli.gedeeld import (
    State,
    common_options,
    console,
    errors,
    nl,
    open_warehouse,
    say,
)
from sto_monitor.errors import ExitCode
from sto_monitor.ingest import fetch as fetch_module
from sto_monitor.ingest.runner import Outcome, ingest_paths
from sto_monitor.progress import progress_bar
from sto_monitor.settings import SETTINGS, Settings


@click.command()
@click.argument("paden", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--schooljaar", type=int, help="Schooljaar (eerste jaar, 2019 = 2019/2020).")
@click.option(
    "--problemen",
    type=click.Path(path_type=Path),
    help="Schrijf alle gevonden problemen als JSON naar dit bestand.",
)
@common_options
@click.pass_obj
def ingest(
    state: State, paden: tuple[Path, ...], schooljaar: int | None, problemen: Path | None
) -> None:
    """Laad bestanden of mappen in de database (herkend aan hun kopregel)."""
    outcomes = run_ingest(state, list(paden), schooljaar)
    if problemen is not None:
        found = [
            asdict(p) | {"melding": str(p)} for o in outcomes if o.error for p in o.error.problems
        ]
        problemen.write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")
    if any(o.failed for o in outcomes):
        sys.exit(ExitCode.SOURCE_FILE)


def run_ingest(state: State, paden: list[Path], schooljaar: int | None) -> list[Outcome]:
    """Load with a progress bar in bytes and report every file; the caller decides the exit."""
    total = sum(_size(p) for p in paden)
    con = db.connect(state.db, settings=state.settings)
    try:
        with progress_bar("inlezen", total, quiet=state.quiet, in_bytes=True) as bar:
            done = 0  # bytes of the files before the current one

            def on_file(path: Path, size: int) -> None:
                nonlocal done
                bar.update(description=f"inlezen {path.name[:40]}", completed=done)
                done += size

            outcomes = ingest_paths(
                con,
                paden,
                schooljaar=schooljaar,
                max_problems=state.settings.max_problemen,
                on_file=on_file,
            )
            bar.update(completed=total)
    finally:
        con.close()
    report_outcomes(state, outcomes)
    return outcomes


def _size(path: Path) -> int:
    """Bytes under a path, the progress bar's total (a missing path counts 0: ingest says why)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def report_outcomes(state: State, outcomes: list[Outcome]) -> None:
    """One line a file; errors always go to stderr, even with --quiet."""
    for o in outcomes:
        if o.status == "geladen" and o.result and o.format:
            extra = "; ".join(o.result.notes)
            say(
                state,
                f"[green]geladen[/]  {o.path.name}: {o.format.title}, "
                f"{nl(o.result.rows_read)} regels → {nl(o.result.rows_loaded)} rijen"
                + (f" ({extra})" if extra else ""),
            )
            for w in o.waarschuwingen:
                console.print(f"[yellow]waarschuwing[/] {escape(str(w))}", highlight=False)
            if o.result.replaced:
                say(
                    state,
                    f"         vervangt eerder geladen bron(nen) "
                    f"{', '.join(map(str, sorted(o.result.replaced)))}",
                )
        elif o.status == "al-geladen":
            say(state, f"[dim]al geladen[/] {o.path.name} (bron {o.bron_id}, zelfde sha256)")
        elif o.status == "overgeslagen" and o.error:
            say(state, f"[dim]overgeslagen[/] {o.path.name}: {o.error.problems[0].message}")
        elif o.error:
            # the message may hold brackets (values, paths): escaped, not read as markup
            errors.print(f"[red]fout[/] {escape(str(o.error))}", highlight=False)
    loaded = sum(o.status == "geladen" for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    say(state, f"{loaded} bestand(en) geladen, {failed} met fouten, database: {state.db}")


@click.command()
@click.option("--jaar", type=int, required=True, help="Schooljaar (2019 = 2019/2020).")
@click.option(
    "--uit",
    type=click.Path(path_type=Path),
    default=Path("duo-data"),
    show_default=True,
    help="Map voor de gedownloade bestanden.",
)
@click.option("--basis-url", help="Basisadres (standaard DUO; instelling STO_DUO_URL).")
@click.option("--alleen-downloaden", is_flag=True, help="Niet inlezen na het downloaden.")
@common_options
@click.pass_obj
def fetch(
    state: State, jaar: int, uit: Path, basis_url: str | None, alleen_downloaden: bool
) -> None:
    """Download de officiële DUO-bestanden van een schooljaar en lees ze in."""
    base = basis_url or state.settings.duo_url
    with progress_bar("downloaden", None, quiet=state.quiet, in_bytes=True) as bar:

        def on_progress(name: str, done: int, total: int | None) -> None:
            bar.update(description=f"downloaden {name[:40]}", completed=done, total=total)

        files, notes = fetch_module.fetch_year(
            jaar, uit / str(jaar), base_url=base, on_progress=on_progress
        )
    for note in notes:
        say(state, note)
    say(state, f"{len(files)} bestand(en) gedownload naar {uit / str(jaar)}")
    if not alleen_downloaden:
        outcomes = run_ingest(state, files, jaar)
        if any(o.failed for o in outcomes):
            sys.exit(ExitCode.SOURCE_FILE)


@click.command()
@common_options
@click.pass_obj
def status(state: State) -> None:
    """Toon welke bestanden in de database zijn geladen."""
    con = open_warehouse(state)
    try:
        rows = con.execute(
            "SELECT bron_id, bestand, formaat, schooljaar, rijen_geladen, status, "
            "strftime(geladen_op, '%Y-%m-%d %H:%M') FROM bron ORDER BY bron_id"
        ).fetchall()
    finally:
        con.close()
    table = Table(title=f"Bronnen in {state.db}")
    for header in ("bron", "bestand", "formaat", "schooljaar", "rijen", "status", "geladen op"):
        table.add_column(header)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@click.command()
@common_options
def instellingen() -> None:
    """Toon de instellingen en hun omgevingsvariabelen."""
    current = Settings.from_env()
    table = Table(title="Instellingen (omgevingsvariabelen)")
    for header in ("variabele", "waarde", "betekenis"):
        table.add_column(header)
    for setting in SETTINGS:
        table.add_row(setting.env, str(getattr(current, setting.name)), setting.help)
    console.print(table)


COMMANDS: tuple[click.Command, ...] = (ingest, fetch, status, instellingen)
