"""``sto indicatoren``, ``sto indicator``, ``sto build`` and ``sto techniek-verschil``.

Thin like the rest of the CLI: parse, call one function, print. Every table printed or
written is published first (``publicatie.publiceren``, the dashboard's disclosure control) and
written by ``publicatie.export``. ``build`` is also run by ``sto demo``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from sto_monitor import db
from sto_monitor.cli.gedeeld import (
    State,
    common_options,
    console,
    definitie_opties,
    errors,
    open_app_db,
    open_warehouse,
    say,
)
from sto_monitor.errors import ConfigError, ExitCode, IndicatorError
from sto_monitor.indicators.inputs import Engine
from sto_monitor.progress import progress_bar

if TYPE_CHECKING:
    from sto_monitor.indicators.herkomst import Herkomst

ENGINE = click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Rekenmachine: DuckDB, of Apache Spark (optioneel: pip install 'sto-monitor[spark]').",
)
FORMAAT = click.option(
    "--formaat",
    type=click.Choice(["tabel", "csv", "json", "xlsx", "parquet"]),
    default="tabel",
    show_default=True,
    help="Uitvoerformaat; xlsx en parquet vragen --uit.",
)
UIT = click.option(
    "--uit",
    type=click.Path(path_type=Path),
    help="Schrijf naar dit bestand in plaats van het scherm.",
)


def check_engine(name: str) -> None:
    """A clear error when the chosen engine is not installed."""
    if name == "duckdb":
        return
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "--engine spark vraagt Apache Spark, dat niet is geïnstalleerd; "
            "installeer het met: pip install 'sto-monitor[spark]'"
        ) from exc


def make_engine(con: db.Connection, name: str) -> Engine:
    """The chosen engine over the warehouse connection (Spark only when installed)."""
    from sto_monitor.indicators.engines import DuckDBEngine, SparkEngine

    check_engine(name)
    return DuckDBEngine(con) if name == "duckdb" else SparkEngine(con)


@click.command()
@common_options
@click.pass_obj
def indicatoren(state: State) -> None:
    """Toon alle indicatoren en of hun bronnen geladen zijn."""
    from sto_monitor.indicators.herkomst import ontbrekende_bronnen
    from sto_monitor.indicators.registry import INDICATORS

    con = open_warehouse(state) if state.db.exists() else None
    try:
        table = Table(title="Indicatoren van de STO-monitor")
        table.add_column("naam", no_wrap=True)
        table.add_column("reproduceert", max_width=16)
        table.add_column("bronnen geladen", max_width=24)
        table.add_column("titel")
        for ind in INDICATORS:
            missing = ontbrekende_bronnen(con, ind) if con is not None else list(ind.bronnen)
            geladen = "ja" if not missing else f"nee: {', '.join(missing)}"
            table.add_row(ind.naam, ind.reproduceert, geladen, ind.titel)
    finally:
        if con is not None:
            con.close()
    console.print(table)


@click.command()
@click.argument("naam")
@click.option("--schooljaar", type=int, help="Alleen dit schooljaar (2019 = 2019/2020).")
@click.option("--regio", help="Alleen deze STO-regio (code), bij indicatoren per regio.")
@FORMAAT
@UIT
@definitie_opties
@ENGINE
@click.option("--herkomst", is_flag=True, help="Toon ook definitie, methode en bronbestanden.")
@common_options
@click.pass_obj
def indicator(
    state: State,
    naam: str,
    schooljaar: int | None,
    regio: str | None,
    formaat: str,
    uit: Path | None,
    techniek: str,
    engine: str,
    herkomst: bool,
) -> None:
    """Publiceer één indicator (na afscherming, zoals het dashboard) en toon of schrijf hem.

    CSV, JSON, Parquet en het gegevensblad van xlsx geven getallen als getallen: bij elk aantal
    ook _min, _max en _status. Het scherm en het eerste xlsx-blad tonen de notatie (<5, x).
    """
    from sto_monitor.indicators.export import zoek_indicator
    from sto_monitor.indicators.herkomst import herkomst as herkomst_van
    from sto_monitor.publicatie import export

    ind = zoek_indicator(naam)
    check_engine(engine)
    filters: dict[str, object] = {}
    if schooljaar is not None:
        filters["schooljaar"] = schooljaar
    if regio is not None:
        if "regio" not in ind.kolommen:
            raise IndicatorError(f"{ind.naam} is niet per regio; --regio kan hier niet")
        filters["regio"] = regio
    con = open_warehouse(state)
    try:
        info = herkomst_van(con, ind, techniek)
        if info.ontbreekt:
            raise IndicatorError(
                f"{ind.naam}: bron ontbreekt: {', '.join(info.ontbreekt)}; laad die eerst in"
            )
        bronnen = "; ".join(f"{b.bestand} (sha256 {b.sha256})" for b in info.bronnen)
        eng = None if engine == "duckdb" else make_engine(con, engine)
        uitvoer = export.publiceer_indicator(
            con, ind, techniek=techniek, bronnen=bronnen, engine=eng
        )
    finally:
        con.close()
    if herkomst:
        to_stdout = formaat in ("csv", "json") and uit is None
        print_herkomst(info, errors if to_stdout else console)
    written = export.exporteer(uitvoer, formaat, uit, filters=filters, console=console)
    if uit is not None:
        rijen = written.data.num_rows
        say(state, f"{rijen} rijen van {ind.naam} geschreven naar {uit} ({formaat})")


def print_herkomst(info: Herkomst, out: Console) -> None:
    """Definition, method and source files; on stderr when the table itself goes to stdout."""
    lines = [
        f"[bold]{info.titel}[/] ({info.naam}, {info.reproduceert})",
        f"definitie: {info.definitie}",
        f"methodeversie: {info.methode_versie}",
        f"techniek: {info.techniek} = {info.techniek_definitie}",
        f"brontabellen: {', '.join(info.tabellen)}",
    ]
    for line in lines:
        out.print(line, highlight=False)
    table = Table(title="Bronbestanden")
    for header in ("bron", "bestand", "sha256", "tabel", "schooljaar", "peildatum", "geladen op"):
        table.add_column(header)
    for b in info.bronnen:
        table.add_row(
            str(b.bron_id),
            b.bestand,
            b.sha256,
            b.doel,
            "" if b.schooljaar is None else f"{b.schooljaar}/{b.schooljaar + 1}",
            "" if b.peildatum is None else b.peildatum.isoformat(),
            b.geladen_op.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table)
    build = info.laatste_build
    if build is not None:
        out.print(
            f"laatste build: {build.gebouwd_op:%Y-%m-%d %H:%M}, {build.status}, methode "
            f"{build.methode_versie}, engine {build.engine}, bronnen "
            f"{', '.join(map(str, build.bron_ids)) or '-'}",
            highlight=False,
        )


@click.command()
@definitie_opties
@ENGINE
@click.option("--opnieuw", is_flag=True, help="Ook ongewijzigde indicatoren opnieuw berekenen.")
@common_options
@click.pass_obj
def build(state: State, techniek: str, engine: str, opnieuw: bool) -> None:
    """Bereken alle indicatoren voor alle schooljaren in de database (tabellen ind_<naam>)."""
    from sto_monitor.indicators import build as build_module

    con = open_warehouse(state, write=True)
    app_db = open_app_db(state)
    try:
        eng = make_engine(con, engine)
        with progress_bar("indicatoren", None, quiet=state.quiet) as bar:

            def on_indicator(naam: str, done: int, total: int) -> None:
                text = f"berekenen {naam}" if naam else "indicatoren berekend"
                bar.update(description=text, completed=done, total=total)

            uitkomsten = build_module.build(
                con,
                techniek=techniek,
                engine=eng,
                opnieuw=opnieuw,
                on_indicator=on_indicator,
                app_db=app_db,
            )
    finally:
        con.close()
        app_db.sluit()
    kleur = {"berekend": "green", "overgeslagen": "dim", "bron ontbreekt": "yellow", "fout": "red"}
    for u in uitkomsten:
        rijen = f", {u.rijen} rijen" if u.rijen is not None else ""
        reden = f" ({u.reden})" if u.reden else ""
        say(state, f"[{kleur[u.status]}]{u.status}[/] {u.naam}{rijen}{reden}")
    niet = [u for u in uitkomsten if u.status in ("bron ontbreekt", "fout")]
    klaar = len(uitkomsten) - len(niet)
    say(state, f"{klaar} van {len(uitkomsten)} indicatoren beschikbaar (techniek: {techniek})")
    if niet:
        console.print("Niet berekend:", highlight=False)
        for u in niet:
            console.print(f"  {u.naam}: {u.reden}", highlight=False, markup=False)
    if any(u.status == "fout" for u in uitkomsten):
        sys.exit(ExitCode.INDICATOR)
    _controleer_afscherming(state, techniek)


def _controleer_afscherming(state: State, techniek: str) -> None:
    """The audit of what the dashboard would publish now; a failing one exits with code 8."""
    from sto_monitor.publicatie.publiceren import publiceer

    con = open_warehouse(state, write=True)
    try:
        # computed anew, audited (raises on failure) and stored for the dashboard and reports
        uitkomst = publiceer(con, techniek=techniek, bewaar=True, opnieuw=True)
        controle = uitkomst.publicatie.controle
    finally:
        con.close()
    say(
        state,
        f"Afscherming gecontroleerd: {controle.primair} cellen primair en {controle.secundair} "
        "secundair afgeschermd; geen ervan is af te leiden uit wat gepubliceerd wordt.",
    )


@click.command("techniek-verschil")
@click.option("--schooljaar", type=int, help="Alleen dit schooljaar (2019 = 2019/2020).")
@click.option(
    "--alle-definities",
    is_flag=True,
    help="Toon het techniekaandeel onder elke definitie (techniek, populatie, leerwegen) naast "
    "elkaar, in plaats van het verschil per afdeling.",
)
@FORMAAT
@UIT
@ENGINE
@common_options
@click.pass_obj
def techniek_verschil(
    state: State,
    schooljaar: int | None,
    alle_definities: bool,
    formaat: str,
    uit: Path | None,
    engine: str,
) -> None:
    """Verschil tussen de definities van techniek: per afdeling, of het aandeel onder elke."""
    from sto_monitor.indicators import techniek_verschil as tv
    from sto_monitor.indicators.definitie import Indicator
    from sto_monitor.indicators.registry import METHODE_VERSIE
    from sto_monitor.publicatie import export
    from sto_monitor.publicatie.afscherming import publiceer, vertrouwelijke_tabellen

    if alle_definities:
        verschil = Indicator(
            naam="techniek_definities",
            titel=tv.OVERZICHT_TITEL,
            definitie=(tv.definities_overzicht.__doc__ or "").strip(),
            eenheid="leerlingen",
            sleutels=tv.OVERZICHT_SLEUTELS,
            kolommen=tv.OVERZICHT_KOLOMMEN,
            bronnen=("leerlingen",),
            reproduceert="",
            bereken=lambda inputs: inputs.table("leerlingen"),  # computed by definities_overzicht
            openbaarheid=tv.OVERZICHT_OPENBAARHEID,
        )
    else:
        verschil = Indicator(
            naam="techniek_verschil",
            titel=tv.TITEL,
            definitie=(tv.__doc__ or "").strip(),
            eenheid="leerlingen",
            sleutels=tv.SLEUTELS,
            kolommen=tv.KOLOMMEN,
            bronnen=("leerlingen",),
            reproduceert="",
            bereken=lambda inputs: tv.verschil_expr(inputs.engine),
            openbaarheid=tv.OPENBAARHEID,
        )
    con = open_warehouse(state)
    try:
        eng = make_engine(con, engine)
        raw = tv.definities_overzicht(con, eng) if alle_definities else tv.techniek_verschil(eng)
        # the same disclosure control as every indicator (DUO's own masking where it rests on
        # public data; refused when leerlingen holds a confidential source)
        publicatie = publiceer([(verschil, raw)], {}, vertrouwelijke_tabellen(con)).eis_geslaagd()
    finally:
        con.close()
    gepubliceerd = publicatie.tabellen[verschil.naam]
    uitvoer = export.Uitvoer(
        naam=verschil.naam,
        titel=verschil.titel,
        data=export.schoon(gepubliceerd.data),
        tabel=gepubliceerd.tabel,
        sleutels=verschil.sleutels,
        meta={"methode_versie": METHODE_VERSIE},
    )
    filters: dict[str, object] = {} if schooljaar is None else {"schooljaar": schooljaar}
    written = export.exporteer(uitvoer, formaat, uit, filters=filters, console=console)
    if uit is not None:
        say(state, f"{written.data.num_rows} rijen geschreven naar {uit} ({formaat})")


COMMANDS: tuple[click.Command, ...] = (
    indicatoren,
    indicator,
    build,
    techniek_verschil,
)
