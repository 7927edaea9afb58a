"""``sto kennisbank oogst``: harvest open learning material for technical vmbo.

Asks the national repositories (Edurep, Wikiwijs) over OAI-PMH for what changed since the last
run (``kennisbank.oogst``) and prints what was taken over, updated, taken off and skipped.
"""

from __future__ import annotations

from dataclasses import replace

import click

from sto_monitor.cli.gedeeld import State, common_options, open_app_db, say
from sto_monitor.kennisbank import oogst as oogst_module


@click.group()
def kennisbank() -> None:
    """De kennisbank: open lesmateriaal overnemen uit de landelijke bronnen."""


@kennisbank.command("oogst")
@click.option(
    "--bron",
    "bronnen",
    type=click.Choice(sorted(oogst_module.BRONNEN)),
    multiple=True,
    help="De bron (standaard: alle).",
)
@click.option("--adres", help="Een ander OAI-PMH-adres voor die ene bron (bijv. een kopie).")
@common_options
@click.pass_obj
def oogst(state: State, bronnen: tuple[str, ...], adres: str | None) -> None:
    """Neem nieuw en gewijzigd lesmateriaal voor technisch vmbo over sinds de vorige keer."""
    if adres is not None and len(bronnen) != 1:
        raise click.UsageError("Noem bij --adres precies één --bron.")
    database = open_app_db(state)
    try:
        for naam in bronnen or tuple(oogst_module.BRONNEN):
            bron = oogst_module.BRONNEN[naam]
            v = oogst_module.oogst(database, replace(bron, basis_url=adres or bron.basis_url))
            say(
                state,
                f"{v.bron}: {v.nieuw} nieuw, {v.bijgewerkt} bijgewerkt, {v.verwijderd} "
                f"verwijderd; overgeslagen: {v.niet_technisch_vmbo} niet voor technisch "
                f"vmbo, {v.zonder_licentie} zonder open licentie.",
            )
    finally:
        database.sluit()


COMMANDS: tuple[click.Command, ...] = (kennisbank,)
