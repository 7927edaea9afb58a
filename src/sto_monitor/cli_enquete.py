"""``sto enquete``: the programme leaders' survey (import; analysis in cli_enquete_analyse.py)."""

from __future__ import annotations

from pathlib import Path

import click

from sto_monitor import db
from sto_monitor.cli import State, cli, common_options, say


@cli.group()
def enquete() -> None:
    """De enquête onder programmaleiders: inlezen en analyseren."""


@enquete.command()
@click.argument("bestand", type=click.Path(path_type=Path))
@click.option("--golf", type=int, required=True, help="De golf (het jaar), bijv. 2024.")
@click.option("--vervang", is_flag=True, help="Vervang de antwoorden die al voor deze golf zijn.")
@common_options
@click.pass_obj
def importeer(state: State, bestand: Path, golf: int, vervang: bool) -> None:
    """Lees de antwoorden van één golf in uit een CSV- of XLSX-export (ook LimeSurvey)."""
    from sto_monitor.survey.importeer import importeer as run

    con = db.connect(state.db, settings=state.settings)
    try:
        r = run(con, bestand, golf, vervang=vervang)
    finally:
        con.close()
    say(state, f"golf {r.golf}: {r.regios} regio's, {r.antwoorden} antwoorden uit {r.bestand}")


@enquete.command()
@click.option(
    "--uit",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Map voor sto-2021.csv en sto-2024.csv.",
)
@click.option("--seed", type=int, default=42, show_default=True)
@common_options
@click.pass_obj
def genereer(state: State, uit: Path, seed: int) -> None:
    """Maak synthetische golven 2021 en 2024, gekalibreerd op de gepubliceerde tabellen."""
    from sto_monitor.survey.genereer import genereer as run

    regios: list[str] | None = None
    if state.db.exists():
        con = db.connect(state.db, settings=state.settings, read_only=True)
        try:
            found = sorted(r for (r,) in con.execute("SELECT DISTINCT regio FROM regio").fetchall())
        finally:
            con.close()
        regios = found if len(found) >= 69 else None
    for golf, path in run(uit, seed, regios).items():
        say(state, f"golf {golf}: {path}")


@enquete.command()
@common_options
@click.pass_obj
def golven(state: State) -> None:
    """Toon de golven in de database met het aantal respondenten."""
    from sto_monitor.survey.opslag import golven as lijst

    con = db.connect(state.db, settings=state.settings)
    try:
        rows = lijst(con)
    finally:
        con.close()
    if not rows:
        say(state, "nog geen golven; lees er een in met `sto enquete importeer`")
    for g in rows:
        dicht = ", gesloten" if g.gesloten else ""
        say(state, f"{g.golf}  {g.titel}: {g.ingediend} respondenten{dicht}")
