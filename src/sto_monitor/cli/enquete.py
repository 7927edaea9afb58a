"""``sto enquete``: the programme leaders' survey, from invitation to analysis.

Import and synthetic waves (``importeer``, ``genereer``, ``golven``), the links to the form and
closing a wave (``uitnodigen``, ``intrekken``, ``sluit``, ``open``), and the report's tables
(``analyse``). The links are the output of ``uitnodigen`` (also with ``--quiet``): each token is
shown only here, once; the application database keeps its SHA-256. Everything is stored in
the application database (the warehouse is only read, for the regions); ``sto build`` copies
the submitted responses into the warehouse for the dashboard and the reports.
"""

from __future__ import annotations

from pathlib import Path

import click

from sto_monitor import db
from sto_monitor.cli.gedeeld import State, common_options, open_app_db, open_warehouse, say
from sto_monitor.errors import ParameterError


@click.group()
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

    con = open_warehouse(state)
    app_db = open_app_db(state)
    try:
        r = run(app_db, con, bestand, golf, vervang=vervang)
    finally:
        con.close()
        app_db.sluit()
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

    app_db = open_app_db(state)
    try:
        rows = lijst(app_db)
    finally:
        app_db.sluit()
    if not rows:
        say(state, "nog geen golven; lees er een in met `sto enquete importeer`")
    for g in rows:
        dicht = ", gesloten" if g.gesloten else ""
        say(state, f"{g.golf}  {g.titel}: {g.ingediend} respondenten{dicht}")


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
    con = open_warehouse(state)
    app_db = open_app_db(state)
    try:
        gemaakt, overgeslagen = run(
            app_db, con, golf, None if alle else list(regios), vervang=vervang
        )
    finally:
        con.close()
        app_db.sluit()
    basis = basis_url.rstrip("/")
    for u in gemaakt:
        click.echo(f"{u.regio}\t{basis}/enquete/{u.token}")
    if overgeslagen:
        say(
            state,
            f"al een werkende link (overgeslagen; --vervang maakt een nieuwe): "
            f"{', '.join(overgeslagen)}",
        )
    bewaar = "; bewaar ze: de database kent alleen hun hash" if gemaakt else ""
    say(state, f"golf {golf}: {len(gemaakt)} links gemaakt{bewaar}")


@enquete.command()
@click.option("--golf", type=int, required=True, help="De golf (het jaar).")
@click.option("--regio", required=True, help="Regiocode.")
@common_options
@click.pass_obj
def intrekken(state: State, golf: int, regio: str) -> None:
    """Trek de link van een regio in: hij geeft daarna geen toegang meer."""
    from sto_monitor.survey.uitnodiging import intrekken as run

    app_db = open_app_db(state)
    try:
        run(app_db, golf, regio)
    finally:
        app_db.sluit()
    say(state, f"golf {golf}: link van regio {regio} ingetrokken")


def _zet(state: State, golf: int, gesloten: bool) -> None:
    """Close or reopen a wave: the form then refuses or accepts changes."""
    from sto_monitor.survey.uitnodiging import zet_gesloten

    app_db = open_app_db(state)
    try:
        zet_gesloten(app_db, golf, gesloten)
    finally:
        app_db.sluit()


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


@enquete.command()
@click.option("--golf", type=int, required=True, help="De golf (jaar) om te analyseren.")
@click.option("--vergelijk", type=int, help="Vorige golf om per regio mee te vergelijken.")
@click.option(
    "--formaat", type=click.Choice(["tabel", "csv", "json"]), default="tabel", show_default=True
)
@click.option("--regio", help="Alleen het profiel van deze regio (voor het regioportret).")
@click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV (regio,item,themas) met handmatige thema-indeling van open antwoorden.",
)
@common_options
@click.pass_obj
def analyse(
    state: State,
    golf: int,
    vergelijk: int | None,
    formaat: str,
    regio: str | None,
    overrides: Path | None,
) -> None:
    """Tabellen van de enquête: verdeling, % top, cijfers en de vergelijking met een vorige golf."""
    from sto_monitor.survey import opslag, vragenlijst
    from sto_monitor.survey.analyse import analyseer, regio_profiel
    from sto_monitor.survey.analyse_uitvoer import als_csv, als_json, als_tabel, profiel_tabel
    from sto_monitor.survey.themas import deel_in, laad_overrides, laad_themas

    app_db = open_app_db(state)
    try:
        vl = vragenlijst.laad(golf)
        ant = opslag.antwoorden(app_db, golf)
        vl_v = vragenlijst.laad(vergelijk) if vergelijk is not None else None
        ant_v = opslag.antwoorden(app_db, vergelijk) if vergelijk is not None else None
    finally:
        app_db.sluit()
    a = analyseer(vl, ant, vorige_vragenlijst=vl_v, vorige=ant_v)
    if regio is not None:
        say(state, profiel_tabel(regio_profiel(a, regio)))
        return
    themas = laad_themas()
    ov = laad_overrides(overrides, themas) if overrides is not None else None
    indeling = deel_in(vl, ant, themas, ov)
    if formaat == "json":
        click.echo(als_json(a, indeling))
    elif formaat == "csv":
        click.echo(als_csv(a), nl=False)
    else:
        click.echo(als_tabel(a, indeling))


COMMANDS: tuple[click.Command, ...] = (enquete,)
