"""``sto openbaarheid controle``: the audit of what a publication reveals.

Publishes the warehouse as the dashboard would, then lists, for every afgeschermd cell, the
interval an outsider can derive from everything published (a linear program over all
published cells and their relations, solved with HiGHS), and every cell whose interval is
narrower than its protection. Exit code 8 when one is found.
"""

from __future__ import annotations

import json
import sys

import click
from rich.markup import escape
from rich.table import Table

from sto_monitor.cli.gedeeld import (
    State,
    common_options,
    console,
    definitie_opties,
    open_warehouse,
    say,
)
from sto_monitor.errors import ExitCode


@click.group()
def openbaarheid() -> None:
    """Afscherming van kleine aantallen: controleer wat een publicatie prijsgeeft."""


@openbaarheid.command()
@definitie_opties
@click.option("--formaat", type=click.Choice(["tabel", "json"]), default="tabel", show_default=True)
@click.option("--alle", is_flag=True, help="Toon elke afgeschermde cel, niet alleen de fouten.")
@common_options
@click.pass_obj
def controle(state: State, techniek: str, formaat: str, alle: bool) -> None:
    """Bereken voor elke afgeschermde cel wat een buitenstaander kan afleiden."""
    from sto_monitor.publicatie.publiceren import publiceer

    con = open_warehouse(state)
    try:
        uitkomst = publiceer(con, techniek=techniek, gecontroleerd=False, opnieuw=True)
    finally:
        con.close()
    c = uitkomst.publicatie.controle
    getoond = c.bevindingen if alle else c.fouten
    if formaat == "json":
        document = {
            "vertrouwelijke_bronnen": sorted(c.vertrouwelijk),
            "primair": c.primair,
            "secundair": c.secundair,
            "geslaagd": c.geslaagd,
            "cellen": [
                {
                    "waar": c.waar(b),
                    "soort": "primair" if b.primair else "secundair",
                    "afleidbaar_min": b.laag,
                    "afleidbaar_max": None if b.hoog == float("inf") else b.hoog,
                    "veilig": b.veilig,
                }
                for b in getoond
            ],
        }
        console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        say(state, f"Vertrouwelijke bronnen: {', '.join(sorted(c.vertrouwelijk)) or 'geen'}")
        say(
            state,
            f"{c.primair} cellen primair afgeschermd (1 t/m 4), {c.secundair} secundair; "
            f"{len(c.fouten)} af te leiden.",
        )
        if getoond:
            tabel = Table(title="Afgeschermde cellen en wat eruit af te leiden is")
            for kop in ("waar", "soort", "afleidbaar", "veilig"):
                tabel.add_column(kop)
            for b in getoond:
                hoog = "\u221e" if b.hoog == float("inf") else f"{b.hoog:.1f}"
                tabel.add_row(
                    escape(c.waar(b)),
                    "primair" if b.primair else "secundair",
                    f"{b.laag:.1f} \u2013 {hoog}",
                    "ja" if b.veilig else "[red]nee[/]",
                )
            console.print(tabel)
    if not c.geslaagd:
        sys.exit(ExitCode.DISCLOSURE)


COMMANDS: tuple[click.Command, ...] = (openbaarheid,)
