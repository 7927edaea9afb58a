"""``sto enquete uitnodigen|intrekken|sluit|open``: links to the survey form, and closing a wave.

The links are the command's output (also with ``--quiet``): each token is shown only here,
once; the warehouse keeps its SHA-256.
"""

from __future__ import annotations

import click

from sto_monitor import db
from sto_monitor.cli import State, common_options, say
from sto_monitor.cli_enquete import enquete
from sto_monitor.errors import ParameterError


@enquete.command()
@click.option("--golf", type=int, required=True, help="De golf (het jaar), bijv. 2024.")
@click.option("--regio", "regios", multiple=True, help="Regiocode; mag vaker.")
@click.option("--alle", is_flag=True, help="Alle regio's in het warehouse.")
@click.option(
    "--basis-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Adres van het dashboard waar de links naar wijzen.",
)
@click.option(
    "--vervang",
    is_flag=True,
    help="Trek een werkende link in en maak een nieuwe (voor een kwijtgeraakte link).",
)
@common_options
@click.pass_obj
def uitnodigen(
    state: State, golf: int, regios: tuple[str, ...], alle: bool, basis_url: str, vervang: bool
) -> None:
    """Maak per regio een link naar het enquêteformulier (de link wordt één keer getoond)."""
    from sto_monitor.survey.uitnodiging import uitnodigen as run

    if alle == bool(regios):
        raise ParameterError("geef --regio (één of meer) of --alle")
    con = db.connect(state.db, settings=state.settings)
    try:
        gemaakt, overgeslagen = run(con, golf, None if alle else list(regios), vervang=vervang)
    finally:
        con.close()
    basis = basis_url.rstrip("/")
    for u in gemaakt:
        click.echo(f"{u.regio}\t{basis}/enquete/{u.token}")
    if overgeslagen:
        say(
            state,
            f"al een werkende link (overgeslagen; --vervang maakt een nieuwe): "
            f"{', '.join(overgeslagen)}",
        )
    bewaar = "; bewaar ze: het warehouse kent alleen hun hash" if gemaakt else ""
    say(state, f"golf {golf}: {len(gemaakt)} links gemaakt{bewaar}")


@enquete.command()
@click.option("--golf", type=int, required=True, help="De golf (het jaar).")
@click.option("--regio", required=True, help="Regiocode.")
@common_options
@click.pass_obj
def intrekken(state: State, golf: int, regio: str) -> None:
    """Trek de link van een regio in: hij geeft daarna geen toegang meer."""
    from sto_monitor.survey.uitnodiging import intrekken as run

    con = db.connect(state.db, settings=state.settings)
    try:
        run(con, golf, regio)
    finally:
        con.close()
    say(state, f"golf {golf}: link van regio {regio} ingetrokken")


def _zet(state: State, golf: int, gesloten: bool) -> None:
    from sto_monitor.survey.uitnodiging import zet_gesloten

    con = db.connect(state.db, settings=state.settings)
    try:
        zet_gesloten(con, golf, gesloten)
    finally:
        con.close()


@enquete.command()
@click.option("--golf", type=int, required=True, help="De golf (het jaar).")
@common_options
@click.pass_obj
def sluit(state: State, golf: int) -> None:
    """Sluit een golf: antwoorden zijn daarna alleen nog te bekijken, niet te wijzigen."""
    _zet(state, golf, True)
    say(state, f"golf {golf} gesloten")


@enquete.command(name="open")
@click.option("--golf", type=int, required=True, help="De golf (het jaar).")
@common_options
@click.pass_obj
def heropen(state: State, golf: int) -> None:
    """Open een golf (weer): regio's kunnen hun antwoorden invullen en wijzigen."""
    _zet(state, golf, False)
    say(state, f"golf {golf} open")
