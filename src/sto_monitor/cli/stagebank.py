"""``sto stagebank digest``: e-mail every saved stagebank search its new places.

Meant to run once a day (cron, a systemd timer). Without an SMTP server (``STO_SMTP_HOST``)
it says so and sends nothing, with exit code 0: a site without e-mail is no error.
"""

from __future__ import annotations

from datetime import date

import click

from sto_monitor.accounts import mail
from sto_monitor.cli.gedeeld import State, common_options, open_app_db, say
from sto_monitor.stagebank import digest as digest_module


@click.group()
def stagebank() -> None:
    """De stagebank: bewaarde zoekopdrachten van scholen en leerlingen."""


@stagebank.command("digest")
@common_options
@click.pass_obj
def digest(state: State) -> None:
    """Mail elke bewaarde zoekopdracht (met e-mail aan) de nieuwe stageplaatsen."""
    if not mail.kan_mailen(state.settings):
        click.echo(
            "Er is geen e-mailserver ingesteld (STO_SMTP_HOST); er zijn geen e-mails verstuurd."
        )
        return
    database = open_app_db(state)
    try:
        u = digest_module.verstuur(database, state.settings, vandaag=date.today())
    finally:
        database.sluit()
    woord = "e-mail" if u.verstuurd == 1 else "e-mails"
    click.echo(
        f"{u.verstuurd} {woord} verstuurd ({u.plaatsen} stageplaatsen) voor "
        f"{u.zoekopdrachten} bewaarde zoekopdrachten met e-mail aan."
    )
    say(state, "Klaar.")


COMMANDS: tuple[click.Command, ...] = (stagebank,)
