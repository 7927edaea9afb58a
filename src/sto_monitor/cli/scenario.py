"""``sto scenario nieuw|lijst|toon|vergelijk|verwijder``: the planner's scenarios.

Scenarios are stored in the application database (audited); the warehouse is only read, for the
regions' offering. ``sto build`` copies them into the warehouse for the dashboard and reports.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from sto_monitor import db
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.cli.gedeeld import State, common_options, console, open_app_db, say
from sto_monitor.errors import ParameterError
from sto_monitor.planner import model as planmodel
from sto_monitor.planner import opslag
from sto_monitor.planner.scenario import MAX_KM, Scenario, Uitkomst, Wijziging, evalueer, pas_toe
from sto_monitor.planner.uitvoer import aantal, scenario_json, uitkomst_json
from sto_monitor.publicatie.gegevens import getal_nl

FORMATEN = ("tabel", "json")


@click.group()
def scenario() -> None:
    """Scenario's voor het aanbod van een regio: sluiten, openen, samenvoegen en doorrekenen."""


def _open(tekst: str) -> Wijziging:
    aanbod, _, leerlingen = tekst.partition("=")
    vestiging, profiel, leerweg = planmodel.lees_aanbod(aanbod, "--open")
    try:
        verwacht = float(leerlingen) if leerlingen else None
    except ValueError:
        raise ParameterError(
            f"--open {tekst!r}: na '=' komt het verwachte aantal leerlingen"
        ) from None
    return Wijziging("open", vestiging, profiel, leerweg, leerlingen=verwacht)


@scenario.command("nieuw")
@click.argument("naam", required=False)
@click.option("--regio", help="Code van de regio (bijvoorbeeld R07).")
@click.option("--schooljaar", type=int, help="Schooljaar van het aanbod (standaard het nieuwste).")
@click.option(
    "--sluit", multiple=True, metavar="V/P/L", help="Sluit profiel P in leerweg L bij vestiging V."
)
@click.option(
    "--open",
    "openen",
    multiple=True,
    metavar="V/P/L[=N]",
    help="Open profiel P in leerweg L bij vestiging V, met N verwachte leerlingen.",
)
@click.option(
    "--samenvoegen",
    multiple=True,
    nargs=2,
    metavar="V/P/L W",
    help="Voeg de groep van V samen met vestiging W (alle leerlingen gaan naar W).",
)
@click.option(
    "--max-km",
    type=float,
    default=MAX_KM,
    show_default=True,
    help="Verder dan dit gaan leerlingen van een gesloten aanbod verloren.",
)
@click.option("--omschrijving", default="", help="Wat het scenario onderzoekt.")
@click.option(
    "--json",
    "json_bestand",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Lees het scenario uit een JSON-bestand (zoals 'toon --formaat json' het schrijft).",
)
@click.option("--vervang", is_flag=True, help="Vervang een bewaard scenario met dezelfde naam.")
@common_options
@click.pass_obj
def nieuw(
    state: State,
    naam: str | None,
    regio: str | None,
    schooljaar: int | None,
    sluit: tuple[str, ...],
    openen: tuple[str, ...],
    samenvoegen: tuple[tuple[str, str], ...],
    max_km: float,
    omschrijving: str,
    json_bestand: Path | None,
    vervang: bool,
) -> None:
    """Maak scenario NAAM en bewaar het.

    De wijzigingen gelden in deze volgorde: eerst --open, dan --samenvoegen, dan --sluit (zo
    kunnen leerlingen van een gesloten aanbod naar een nieuw aanbod gaan).
    """
    con = db.connect(state.db, settings=state.settings, read_only=True)
    app_db = open_app_db(state)
    try:
        if json_bestand is not None:
            try:
                tekst = json_bestand.read_text(encoding="utf-8")
            except OSError as exc:
                raise ParameterError(f"{json_bestand}: kan niet lezen ({exc.strerror})") from None
            s = opslag.uit_json(tekst, str(json_bestand))
            if naam:
                s = Scenario(naam, s.regio, s.schooljaar, s.wijzigingen, s.max_km, s.omschrijving)
        else:
            if not naam or not regio:
                raise ParameterError("geef een naam en --regio (of --json BESTAND)")
            wijzigingen = [_open(t) for t in openen]
            wijzigingen += [
                Wijziging(
                    "samenvoegen", *planmodel.lees_aanbod(van, "--samenvoegen"), naar=naar.upper()
                )
                for van, naar in samenvoegen
            ]
            wijzigingen += [Wijziging("sluit", *planmodel.lees_aanbod(t, "--sluit")) for t in sluit]
            if not wijzigingen:
                raise ParameterError(
                    "een scenario heeft minstens één --sluit, --open of --samenvoegen"
                )
            jaar = schooljaar or planmodel.laad(con, regio).schooljaar
            s = Scenario(naam, regio, jaar, tuple(wijzigingen), max_km, omschrijving)
        opslag.bewaar(app_db, con, s, vervang=vervang)
    finally:
        con.close()
        app_db.sluit()
    say(
        state,
        f"scenario {s.naam!r} bewaard: {len(s.wijzigingen)} wijziging(en) "
        f"voor {s.regio} {s.schooljaar}",
    )


@scenario.command("lijst")
@common_options
@click.pass_obj
def lijst(state: State) -> None:
    """Toon de bewaarde scenario's."""
    app_db = open_app_db(state)
    try:
        rijen = opslag.lijst(app_db)
    finally:
        app_db.sluit()
    if not rijen:
        say(state, "er zijn nog geen scenario's; maak er een met sto scenario nieuw")
        return
    table = Table("scenario", "regio", "schooljaar", "wijzigingen", "omschrijving")
    for r in rijen:
        table.add_row(
            r["naam"], r["regio"], str(r["schooljaar"]), str(r["wijzigingen"]), r["omschrijving"]
        )
    console.print(table)


def _doorgerekend(
    app_db: AppDatabase, con: db.Connection, naam: str
) -> tuple[planmodel.Regiomodel, Scenario, Uitkomst, Uitkomst]:
    s = opslag.lees(app_db, naam)
    model = planmodel.laad(con, s.regio, s.schooljaar)
    vandaag = evalueer(model, pas_toe(model, Scenario("vandaag", s.regio, s.schooljaar, ())))
    return model, s, vandaag, evalueer(model, pas_toe(model, s))


@scenario.command("toon")
@click.argument("naam")
@click.option("--formaat", type=click.Choice(FORMATEN), default="tabel", show_default=True)
@common_options
@click.pass_obj
def toon(state: State, naam: str, formaat: str) -> None:
    """Reken scenario NAAM door en zet het naast het aanbod van vandaag."""
    con = db.connect(state.db, settings=state.settings, read_only=True)
    app_db = open_app_db(state)
    try:
        model, s, vandaag, uitkomst = _doorgerekend(app_db, con, naam)
    finally:
        con.close()
        app_db.sluit()
    if formaat == "json":
        json.dump(
            scenario_json(model, s, vandaag, uitkomst), sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        return
    console.print(
        f"[bold]Scenario {s.naam}[/]: {model.naam} ({model.regio}), schooljaar {s.schooljaar}"
    )
    if s.omschrijving:
        console.print(s.omschrijving)
    for i, w in enumerate(s.wijzigingen, start=1):
        console.print(f"  {i}. {w.tekst()}")
    _print_vergelijking(model, [("vandaag", vandaag), (s.naam, uitkomst)])
    _print_verhuizingen(uitkomst)


@scenario.command("vergelijk")
@click.argument("namen", nargs=-1, required=True)
@click.option("--formaat", type=click.Choice(FORMATEN), default="tabel", show_default=True)
@common_options
@click.pass_obj
def vergelijk(state: State, namen: tuple[str, ...], formaat: str) -> None:
    """Zet een of meer scenario's van één regio en schooljaar naast vandaag."""
    con = db.connect(state.db, settings=state.settings, read_only=True)
    app_db = open_app_db(state)
    try:
        gelezen = [opslag.lees(app_db, n) for n in namen]
        sleutels = {(s.regio, s.schooljaar) for s in gelezen}
        if len(sleutels) > 1:
            raise ParameterError("vergelijk scenario's van één regio en één schooljaar")
        regio, jaar = sleutels.pop()
        model = planmodel.laad(con, regio, jaar)
    finally:
        con.close()
        app_db.sluit()
    vandaag = evalueer(model, pas_toe(model, Scenario("vandaag", regio, jaar, ())))
    uitkomsten = [(s.naam, evalueer(model, pas_toe(model, s))) for s in gelezen]
    if formaat == "json":
        data: dict[str, Any] = {
            "regio": {"code": model.regio, "naam": model.naam},
            "schooljaar": jaar,
            "methode_vraag": model.methode,
            "vandaag": uitkomst_json(vandaag),
            "scenarios": {n: uitkomst_json(u) for n, u in uitkomsten},
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    console.print(f"[bold]{model.naam}[/] ({model.regio}), schooljaar {jaar}")
    _print_vergelijking(model, [("vandaag", vandaag), *uitkomsten])


@scenario.command("verwijder")
@click.argument("naam")
@common_options
@click.pass_obj
def verwijder(state: State, naam: str) -> None:
    """Verwijder scenario NAAM."""
    app_db = open_app_db(state)
    try:
        opslag.verwijder(app_db, naam)
    finally:
        app_db.sluit()
    say(state, f"scenario {naam!r} verwijderd")


# ---------------------------------------------------------------- printing


def _print_vergelijking(model: planmodel.Regiomodel, kolommen: list[tuple[str, Uitkomst]]) -> None:
    samen = Table("", *(n for n, _ in kolommen), title="Samenvatting")
    samen.add_row(
        "score: % leerlingen binnen 10 km (gemiddeld over de technische profielen)",
        *(getal_nl(u.score) for _, u in kolommen),
    )
    samen.add_row(
        "kwetsbare groepen (10 leerlingen of minder)", *(str(u.kwetsbaar) for _, u in kolommen)
    )
    samen.add_row("verloren leerlingen", *(str(aantal(u.verloren)) for _, u in kolommen))
    samen.add_row(
        "naar een vestiging buiten de regio", *(str(aantal(u.naar_buiten)) for _, u in kolommen)
    )
    for lw in planmodel.LEERWEGEN:
        samen.add_row(
            f"technische profielen in {lw}",
            *(str(len(u.profielen_per_leerweg[lw])) for _, u in kolommen),
        )
    console.print(samen)
    detail = Table(
        "profiel",
        "leerweg",
        *(f"{n}: vestigingen / binnen 10 km (%) / gem. km" for n, _ in kolommen),
        title=f"Per profiel en leerweg (vraag: {model.methode})",
    )
    for i, b in enumerate(kolommen[0][1].bereik):
        cellen = []
        for _, u in kolommen:
            r, a = u.regio_aanbod[i], u.bereik[i]
            pct = "" if a.aandeel is None else getal_nl(a.aandeel)
            km = "" if a.gemiddelde_km is None else getal_nl(a.gemiddelde_km)
            cellen.append(f"{r.vestigingen} / {pct} / {km}")
        detail.add_row(b.profiel, b.leerweg, *cellen)
    console.print(detail)


def _print_verhuizingen(u: Uitkomst) -> None:
    if not u.verhuizingen:
        return
    table = Table("van", "naar", "leerlingen", "km", title="Waar de leerlingen heen gaan")
    for v in u.verhuizingen:
        naar = (
            "verloren"
            if v.naar is None
            else v.naar + (" (buiten de regio)" if v.buiten_regio else "")
        )
        table.add_row(
            "/".join(v.van), naar, str(aantal(v.leerlingen)), "" if v.km is None else getal_nl(v.km)
        )
    console.print(table)


COMMANDS: tuple[click.Command, ...] = (scenario,)
