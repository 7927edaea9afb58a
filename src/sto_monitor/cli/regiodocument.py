"""``sto regiodocument export``: a submitted visiedocument or evaluatie as PDF or DOCX.

The person at the server's terminal acts as `landelijk` (``beleid.terminal``), who reads
submitted versions (``REGIO_INTERN``) but never a region's draft. The file holds the texts and
figures as they were submitted; it needs the application database, not the warehouse.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from sto_monitor.accounts.beleid import terminal
from sto_monitor.cli.gedeeld import State, common_options, open_app_db, say
from sto_monitor.errors import NotFoundError
from sto_monitor.regiodocument import docx, opslag, pdf
from sto_monitor.regiodocument.secties import SOORTEN


@click.group()
def regiodocument() -> None:
    """Visiedocumenten en evaluaties van de regio's: een ingediende versie exporteren."""


@regiodocument.command("export")
@click.option("--regio", required=True, help="Regiocode, bijvoorbeeld R07.")
@click.option("--soort", type=click.Choice(SOORTEN), required=True, help="Welk document.")
@click.option("--schooljaar", type=int, required=True, help="Het schooljaar, bijvoorbeeld 2024.")
@click.option("--versie", type=int, help="Het versienummer (standaard de nieuwste).")
@click.option("--formaat", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True)
@click.option("--uit", type=click.Path(dir_okay=False, path_type=Path), required=True)
@common_options
@click.pass_obj
def export(
    state: State,
    regio: str,
    soort: str,
    schooljaar: int,
    versie: int | None,
    formaat: str,
    uit: Path,
) -> None:
    """Schrijf een ingediende versie als PDF of Word-bestand."""
    wie = terminal(getpass.getuser())
    app_db = open_app_db(state)
    try:
        if versie is None:
            alle = opslag.versies(app_db, wie, regio, soort, schooljaar)
            if not alle:
                raise NotFoundError(
                    f"{regio} heeft voor {schooljaar}/{schooljaar + 1} nog geen {soort} ingediend"
                )
            gekozen = alle[-1]
        else:
            gekozen = opslag.versie(app_db, wie, regio, soort, schooljaar, versie)
    finally:
        app_db.sluit()
    document = gekozen.document()
    data = pdf.pdf(document) if formaat == "pdf" else docx.docx_bytes(document)
    uit.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = uit.with_name(f".{uit.name}.tmp")
    tijdelijk.write_bytes(data)
    tijdelijk.replace(uit)
    say(state, f"Versie {gekozen.nummer} geschreven naar {uit}.")


COMMANDS: tuple[click.Command, ...] = (regiodocument,)
