"""``sto subsidie``: the subsidy regulations as data.

``sto subsidie regeling controleer FILE…`` checks regulation files before they are added (every
problem with its line, exit code 4 when a file has one); ``sto subsidie regelingen`` lists the
regulations the program includes, with their ceilings ("niet ingevuld" where the sources give
none).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from sto_monitor.cli.gedeeld import State, common_options, console, errors, say
from sto_monitor.errors import ExitCode
from sto_monitor.subsidie.geld import Cent, euro, procent
from sto_monitor.subsidie.laden import RegelingFout, lees, regelingen
from sto_monitor.subsidie.regeling import NIET_INGEVULD


def _bedrag(cent: Cent | None) -> str:
    return NIET_INGEVULD if cent is None else euro(cent, centen=False)


@click.group()
def subsidie() -> None:
    """De subsidieadministratie: regelingen controleren en bekijken."""


@subsidie.group("regeling")
def regeling_groep() -> None:
    """Een regelingsbestand (een nieuwe regeling is een nieuw bestand)."""


@regeling_groep.command("controleer")
@click.argument(
    "bestanden",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@common_options
@click.pass_obj
def controleer(state: State, bestanden: tuple[Path, ...]) -> None:
    """Controleer regelingsbestanden: elk probleem met zijn regel."""
    fout = False
    for pad in bestanden:
        try:
            r = lees(pad)
        except RegelingFout as exc:
            fout = True
            errors.print(f"[red]fout[/] {escape(str(exc))}", highlight=False)
            continue
        say(state, f"[green]in orde[/] {escape(pad.name)}: {escape(r.naam)} ({r.periode})")
    if fout:
        sys.exit(ExitCode.CONFIG)


@subsidie.command("regelingen")
@common_options
@click.pass_obj
def lijst(state: State) -> None:
    """Toon de regelingen die bij het programma horen."""
    tabel = Table(title="Subsidieregelingen")
    tabel.add_column("Code", no_wrap=True)
    tabel.add_column("Periode", no_wrap=True)
    tabel.add_column("Plafond totaal", justify="right")
    tabel.add_column("Per techniekluwe regio", justify="right")
    tabel.add_column("Cofinanciering", justify="right")
    alle = regelingen()
    for r in alle:
        tabel.add_row(
            r.code,
            r.periode,
            _bedrag(r.plafond_totaal),
            _bedrag(r.maximum_techniekluw),
            procent(r.cofinanciering.aandeel),
        )
    console.print(tabel)
    for r in alle:
        jaren = "; ".join(f"{j}: {_bedrag(c)}" for j, c in r.plafond_per_jaar.items())
        niet = [k.naam.lower() for k in r.kostensoorten if not k.subsidiabel]
        console.print(f"\n[bold]{r.code}[/] {escape(r.naam)}", highlight=False)
        console.print(f"  Plafond per jaar: {jaren}", highlight=False)
        console.print(f"  Niet subsidiabel: {', '.join(niet) or 'geen'}", highlight=False)


COMMANDS: tuple[click.Command, ...] = (subsidie,)
