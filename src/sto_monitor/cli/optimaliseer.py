"""``sto optimaliseer``: propose a region's technical offering (``planner/optimaliseer.py``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click
from rich.table import Table

from sto_monitor.cli.gedeeld import (
    State,
    common_options,
    console,
    definitie_opties,
    open_app_db,
    vereis_database,
)

if TYPE_CHECKING:
    from sto_monitor.planner.optimaliseer import Voorstel

FORMATEN = ("tabel", "json")
TIJDSLIMIET = 60.0


@click.command()
@click.option("--regio", required=True, help="De STO-regio (code).")
@click.option(
    "--schooljaar", type=int, help="Schooljaar (2019 = 2019/2020; standaard het nieuwste)."
)
@click.option(
    "--min-groep",
    type=click.IntRange(min=1),
    help="Minimale groep derdejaars per aanbod (vestiging, profiel, leerweg); standaard de "
    "ondergrens die de regio instelde, anders 11.",
)
@click.option(
    "--max-km",
    type=click.FloatRange(min=0, min_open=True),
    default=25.0,
    show_default=True,
    help="Hoe ver leerlingen van een gesloten aanbod hoogstens reizen naar een ander aanbod.",
)
@click.option(
    "--max-per-profiel",
    type=click.IntRange(min=1),
    help="Hoogstens zoveel aanbiedingen per profiel (alle leerwegen samen).",
)
@click.option(
    "--open",
    "open_",
    multiple=True,
    metavar="V/P/L",
    help="Dit aanbod (bv. 00AB12/PIE/bb) blijft of komt er zeker; herhaal voor meer.",
)
@click.option(
    "--dicht",
    multiple=True,
    metavar="V/P/L",
    help="Dit aanbod sluit zeker; herhaal voor meer.",
)
@click.option(
    "--nieuw",
    is_flag=True,
    help="Overweeg ook nieuw aanbod: een technisch profiel op een vestiging met derdejaars "
    "in die leerweg.",
)
@click.option(
    "--methode",
    type=click.Choice(("milp", "greedy")),
    default="milp",
    show_default=True,
    help="milp: exact (HiGHS); greedy: snel, niet altijd het beste.",
)
@click.option(
    "--tijdslimiet",
    type=click.FloatRange(min=0, min_open=True),
    default=TIJDSLIMIET,
    show_default=True,
    help="Seconden voor de MILP; daarna het beste tot dan, of greedy als dat beter is.",
)
@definitie_opties
@click.option(
    "--formaat",
    type=click.Choice(FORMATEN),
    default="tabel",
    show_default=True,
    help="tabel: overzicht in het Nederlands; json: alles, om te bewaren of verder te verwerken.",
)
@common_options
@click.pass_obj
def optimaliseer(
    state: State,
    regio: str,
    schooljaar: int | None,
    min_groep: int | None,
    max_km: float,
    max_per_profiel: int | None,
    open_: tuple[str, ...],
    dicht: tuple[str, ...],
    nieuw: bool,
    methode: str,
    tijdslimiet: float,
    techniek: str,
    formaat: str,
) -> None:
    """Stel het technische aanbod van een regio voor: welk aanbod blijft, sluit of opent.

    Maximaliseert het aandeel leerlingen met elk technisch profiel binnen 10 km, terwijl elk
    aanbod minstens --min-groep derdejaars heeft. Uitleg: docs/optimaliseer.md.
    """
    from sto_monitor import db
    from sto_monitor.planner import model
    from sto_monitor.planner.optimaliseer import optimaliseer as optimaliseer_

    open_pins = [model.lees_aanbod(t, "--open") for t in open_]
    dicht_pins = [model.lees_aanbod(t, "--dicht") for t in dicht]
    vereis_database(state)
    con = db.connect(state.db, settings=state.settings, read_only=True)
    try:
        regiomodel = model.laad(con, regio, schooljaar, techniek=techniek)
    finally:
        con.close()
    voorstel = optimaliseer_(
        regiomodel,
        min_groep=min_groep if min_groep is not None else _ondergrens(state, regio),
        max_km=max_km,
        max_per_profiel=max_per_profiel,
        open_pins=open_pins,
        dicht_pins=dicht_pins,
        nieuw=nieuw,
        methode=methode,
        tijdslimiet=tijdslimiet,
    )
    if formaat == "json":
        click.echo(json.dumps(voorstel.als_json(), ensure_ascii=False, indent=2))
    else:
        toon_tabel(voorstel)


def _ondergrens(state: State, regio: str) -> int:
    """The region's ondergrens when there is an application database (STO_APP_DB, or the
    SQLite file beside the warehouse), else the standard minimum group."""
    from dataclasses import replace
    from pathlib import Path

    from sto_monitor.planner import ondergrens

    settings = replace(state.settings, db=state.db)
    bestand = settings.app_db_url.removeprefix("sqlite:///")
    if not settings.app_db and not Path(bestand).exists():
        return ondergrens.STANDAARD
    app_db = open_app_db(state)
    try:
        return ondergrens.lees(app_db, regio)
    finally:
        app_db.sluit()


def toon_tabel(v: Voorstel) -> None:
    """The proposal in Dutch sentences and one table, for a person deciding on it."""
    from sto_monitor.planner.model import LEERWEGEN, TECHNIEK
    from sto_monitor.planner.optimaliseer.verslag import aantal, km_tekst, procent

    def regel(tekst: str) -> None:  # not wrapped by rich, so sentences stay whole
        console.print(tekst, highlight=False, markup=False, soft_wrap=True)

    regel(f"Regio {v.regio} {v.naam}, schooljaar {v.schooljaar}/{v.schooljaar + 1}")
    voorwaarden = [
        f"minimale groep {v.min_groep}",
        f"leerlingen reizen hoogstens {km_tekst(v.max_km)}",
    ]
    if v.max_per_profiel is not None:
        voorwaarden.append(f"hoogstens {v.max_per_profiel} aanbiedingen per profiel")
    if v.nieuw:
        voorwaarden.append("nieuw aanbod toegestaan")
    for soort, pins in (("open", v.open_pins), ("dicht", v.dicht_pins)):
        if pins:
            voorwaarden.append(f"vast {soort}: " + ", ".join("/".join(s) for s in pins))
    regel("Voorwaarden: " + "; ".join(voorwaarden))
    regel(
        "Score (aandeel leerlingen met het profiel binnen 10 km, gemiddeld over de technische "
        f"profielen): nu {procent(v.huidig.score)}, voorstel {procent(v.voorstel.score)}"
    )
    if not v.huidig.haalbaar:
        regel("Het huidige aanbod voldoet zelf niet aan de voorwaarden (te kleine groepen).")
    tijd = f"{v.seconden:.2f}".replace(".", ",")
    regel(f"Methode: {v.methode} ({v.status}), {tijd} s")

    bereik = Table(title="Bereik: % binnen 10 km, nu → voorstel")
    bereik.add_column("profiel")
    for leerweg in LEERWEGEN:
        bereik.add_column(leerweg, justify="right")
    for profiel in TECHNIEK:
        bereik.add_row(
            profiel,
            *(
                f"{procent(v.huidig.aandeel(profiel, lw))} → "
                f"{procent(v.voorstel.aandeel(profiel, lw))}"
                for lw in LEERWEGEN
            ),
        )
    console.print(bereik)

    if not v.wijzigingen:
        regel("Geen wijzigingen: het huidige aanbod is al het beste onder deze voorwaarden.")
    else:
        regel(f"Wijzigingen ({len(v.wijzigingen)}), met de verwachte groep derdejaars:")
        breedte = len(str(len(v.wijzigingen)))
        for k, w in enumerate(v.wijzigingen, 1):
            naam = f" ({w.naam})" if w.naam != w.vestiging else ""
            regel(
                f"{k:>{breedte}}. {w.actie} {w.profiel} {w.leerweg} op {w.vestiging}{naam}: "
                f"nu {aantal(w.leerlingen_nu)}, straks {aantal(w.leerlingen_straks)}"
            )
            regel(f"{'':>{breedte}}  {w.waarom}")
    for opmerking in v.opmerkingen:
        regel(f"Let op: {opmerking}")


COMMANDS: tuple[click.Command, ...] = (optimaliseer,)
