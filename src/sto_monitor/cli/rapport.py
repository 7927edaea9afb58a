"""``sto rapport regio|landelijk``: regioportretten and the national monitor chapter."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sto_monitor.cli.gedeeld import State, common_options, definitie_opties, say, vereis_database
from sto_monitor.errors import ParameterError, WarehouseError
from sto_monitor.progress import progress_bar

if TYPE_CHECKING:
    from sto_monitor.publicatie.gegevens import Snapshot
    from sto_monitor.reports.batch import Opdracht

FORMATEN = ("html", "pdf")


def _opties(func: click.decorators.FC) -> click.decorators.FC:
    """--uit, --formaat, --datum and the definition: the same for every report."""
    func = click.option(
        "--uit",
        "uit",
        type=click.Path(file_okay=False, path_type=Path),
        required=True,
        help="Map waarin de rapporten komen (wordt zo nodig gemaakt).",
    )(func)
    func = click.option(
        "--formaat",
        "formaten",
        type=click.Choice(FORMATEN),
        multiple=True,
        help="html en/of pdf (standaard beide; herhaal de optie voor meer).",
    )(func)
    func = click.option(
        "--datum",
        help="De datum die het rapport noemt (JJJJ-MM-DD); standaard SOURCE_DATE_EPOCH of "
        "vandaag. Dezelfde gegevens en datum geven byte-gelijke HTML.",
    )(func)
    func = definitie_opties(func)
    return func


@click.group()
def rapport() -> None:
    """Maak regioportretten en het landelijke monitorhoofdstuk (HTML en PDF)."""


def _snapshot(state: State, techniek: str, indicatoren: Collection[str] | None = None) -> Snapshot:
    """The dashboard's publication, limited to what the report reads (faster to publish)."""
    from sto_monitor.publicatie.gegevens import laad

    vereis_database(state)
    say(state, "Gegevens publiceren (afscherming van kleine aantallen)…")
    return laad(state.db, techniek=techniek, settings=state.settings, indicatoren=indicatoren)


def _opdracht(uit: Path, formaten: tuple[str, ...], datum: str | None) -> Opdracht:
    """What every worker writes: folder, formats (both by default) and the stated date."""
    from sto_monitor.reports.batch import Opdracht
    from sto_monitor.reports.opmaak import rapportdatum

    return Opdracht(uit, formaten or FORMATEN, rapportdatum(datum))


@rapport.command("regio")
@click.argument("codes", nargs=-1)
@click.option("--alle", is_flag=True, help="Een regioportret voor elke regio.")
@click.option(
    "--processen",
    type=click.IntRange(1, 64),
    help="Aantal processen tegelijk bij meer regio's (standaard: aantal kernen).",
)
@_opties
@common_options
@click.pass_obj
def rapport_regio(
    state: State,
    codes: tuple[str, ...],
    alle: bool,
    processen: int | None,
    uit: Path,
    formaten: tuple[str, ...],
    datum: str | None,
    techniek: str,
) -> None:
    """Regioportret van regio CODE (of meer codes, of --alle) als HTML en PDF."""
    from sto_monitor.reports import batch, opmaak, regioportret

    if alle == bool(codes):
        raise ParameterError("geef een of meer regiocodes of --alle (niet allebei)")
    opdracht = _opdracht(uit, formaten, datum)
    if not alle and (len(codes) == 1 or processen == 1):  # all work stays in this process
        opmaak.voorverwarm()
    snap = _snapshot(state, techniek, regioportret.INDICATOREN)
    gekozen = list(snap.regios) if alle else list(codes)
    if not gekozen:
        raise WarehouseError("er zijn geen regio's geladen")
    with progress_bar("regioportretten", len(gekozen), quiet=state.quiet) as bar:
        paden = batch.regios(
            snap,
            gekozen,
            opdracht,
            processen=processen,
            na_elke=lambda code: bar.update(advance=1, description=f"regioportret {code}"),
        )
    say(state, f"{len(gekozen)} regioportret(ten) geschreven in {uit} ({len(paden)} bestanden)")


@rapport.command("landelijk")
@click.option(
    "--schooljaar", type=int, help="Schooljaar van het hoofdstuk (standaard het nieuwste)."
)
@_opties
@common_options
@click.pass_obj
def rapport_landelijk(
    state: State,
    schooljaar: int | None,
    uit: Path,
    formaten: tuple[str, ...],
    datum: str | None,
    techniek: str,
) -> None:
    """Het landelijke monitorhoofdstuk (hoofdstuk 4) als HTML en PDF."""
    from sto_monitor.reports import batch, landelijk

    opdracht = _opdracht(uit, formaten, datum)
    snap = _snapshot(state, techniek, landelijk.INDICATOREN)
    with progress_bar("monitorhoofdstuk", 1, quiet=state.quiet) as bar:
        paden = batch.nationaal(snap, opdracht, schooljaar)
        bar.update(advance=1)
    for pad in paden:
        say(state, f"geschreven: {pad}")


COMMANDS: tuple[click.Command, ...] = (rapport,)
