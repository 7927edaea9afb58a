"""``sto enquete analyse``: the report's survey tables for one wave, optionally paired."""

from __future__ import annotations

from pathlib import Path

import click

from sto_monitor.cli import State, common_options, say
from sto_monitor.cli_enquete import enquete


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
    from sto_monitor import db
    from sto_monitor.survey import opslag, vragenlijst
    from sto_monitor.survey.analyse import analyseer, regio_profiel
    from sto_monitor.survey.analyse_uitvoer import als_csv, als_json, als_tabel, profiel_tabel
    from sto_monitor.survey.themas import deel_in, laad_overrides, laad_themas

    con = db.connect(state.db, read_only=True)
    try:
        vl = vragenlijst.laad(golf)
        ant = opslag.antwoorden(con, golf)
        vl_v = vragenlijst.laad(vergelijk) if vergelijk is not None else None
        ant_v = opslag.antwoorden(con, vergelijk) if vergelijk is not None else None
    finally:
        con.close()
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
