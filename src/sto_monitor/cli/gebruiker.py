"""``sto gebruiker`` and ``sto database``: accounts and the application database.

The person at the server's terminal acts as `landelijk` (``beleid.terminal``) and is named so in
the audit log. No password is ever typed on the command line (it would stay in the shell's
history): a new account gets a one-time link to choose one, printed here and mailed when SMTP is
configured.
"""

from __future__ import annotations

import getpass

import click
from rich.table import Table

from sto_monitor.accounts import gebruikers, mail
from sto_monitor.accounts.beleid import ROL_NAAM, Actor, Rol, terminal
from sto_monitor.cli.gedeeld import State, common_options, console, open_app_db, say


def _beheerder() -> Actor:
    return terminal(getpass.getuser())


ROLLEN = click.Choice([r.value for r in Rol])


@click.group()
def gebruiker() -> None:
    """Accounts: toevoegen, lijst, rol, blokkeren en een link voor een nieuw wachtwoord."""


def _link(state: State, verzoek: gebruikers.Resetverzoek, mailen: bool) -> None:
    settings = state.settings
    if mailen and mail.kan_mailen(settings):
        mail.verstuur(settings, mail.resetbericht(settings, verzoek))
        say(state, f"Een link om een wachtwoord te kiezen is gemaild naar {verzoek.email}.")
        return
    # printed on the terminal on purpose: the administrator passes it on; it is never logged
    click.echo(
        f"Link om een wachtwoord te kiezen (één keer te gebruiken, een uur geldig):\n{verzoek.url}"
    )


@gebruiker.command("toevoegen")
@click.argument("email")
@click.option("--naam", required=True, help="Naam zoals anderen die zien.")
@click.option(
    "--rol", type=ROLLEN, required=True, help="landelijk, commissie, regio, school of bedrijf."
)
@click.option("--regio", "regios", multiple=True, help="Regiocode (rol regio; vaker te geven).")
@click.option("--vestiging", "vestigingen", multiple=True, help="Vestigingscode (rol school).")
@click.option(
    "--mail/--geen-mail", "mailen", default=True, help="De link mailen als SMTP is ingesteld."
)
@common_options
@click.pass_obj
def toevoegen(
    state: State, email: str, naam: str, rol: str, regios: tuple[str, ...],
    vestigingen: tuple[str, ...], mailen: bool,
) -> None:  # fmt: skip
    """Maak een account; de nieuwe gebruiker kiest zelf een wachtwoord via een link."""
    database = open_app_db(state)
    try:
        nieuw = gebruikers.toevoegen(
            database, _beheerder(), email=email, naam=naam, rol=Rol(rol),
            regios=regios, vestigingen=vestigingen,
        )  # fmt: skip
        say(state, f"Account aangemaakt: {nieuw.email} ({ROL_NAAM[Rol(nieuw.rol)]}).")
        verzoek = gebruikers.maak_resetlink(
            database, _beheerder(), nieuw.email, state.settings.basis_url
        )
        _link(state, verzoek, mailen)
    finally:
        database.sluit()


@gebruiker.command("lijst")
@common_options
@click.pass_obj
def lijst(state: State) -> None:
    """Toon alle accounts."""
    database = open_app_db(state)
    try:
        rijen = gebruikers.lijst(database)
    finally:
        database.sluit()
    tabel = Table(title=f"Accounts ({len(rijen)})")
    for kop in ("e-mail", "naam", "rol", "regio's / vestigingen", "geblokkeerd", "laatst gezien"):
        tabel.add_column(kop)
    for g in rijen:
        codes = ", ".join(sorted(k.code for k in g.koppelingen))
        gezien = g.laatst_gezien.strftime("%Y-%m-%d %H:%M") if g.laatst_gezien else "nooit"
        tabel.add_row(
            g.email, g.naam, ROL_NAAM[Rol(g.rol)], codes, "ja" if g.geblokkeerd else "", gezien
        )
    console.print(tabel)


@gebruiker.command("rol")
@click.argument("email")
@click.argument("rol", type=ROLLEN)
@click.option("--regio", "regios", multiple=True, help="Regiocode (rol regio; vaker te geven).")
@click.option("--vestiging", "vestigingen", multiple=True, help="Vestigingscode (rol school).")
@common_options
@click.pass_obj
def rol(
    state: State, email: str, rol: str, regios: tuple[str, ...], vestigingen: tuple[str, ...]
) -> None:
    """Geef een account een andere rol (en regio's of vestigingen); lopende sessies eindigen."""
    database = open_app_db(state)
    try:
        g = gebruikers.zet_rol(
            database, _beheerder(), email, Rol(rol), regios=regios, vestigingen=vestigingen
        )
    finally:
        database.sluit()
    say(state, f"{g.email} heeft nu de rol {ROL_NAAM[Rol(g.rol)]}.")


@gebruiker.command("blokkeer")
@click.argument("email")
@click.option("--opheffen", is_flag=True, help="Het account weer vrijgeven.")
@common_options
@click.pass_obj
def blokkeer(state: State, email: str, opheffen: bool) -> None:
    """Blokkeer een account (lopende sessies eindigen meteen), of geef het weer vrij."""
    database = open_app_db(state)
    try:
        g = gebruikers.blokkeer(database, _beheerder(), email, geblokkeerd=not opheffen)
    finally:
        database.sluit()
    say(state, f"{g.email} is {'geblokkeerd' if g.geblokkeerd else 'weer vrijgegeven'}.")


@gebruiker.command("reset-link")
@click.argument("email")
@click.option(
    "--mail/--geen-mail", "mailen", default=False, help="De link mailen (SMTP) in plaats van tonen."
)
@common_options
@click.pass_obj
def reset_link(state: State, email: str, mailen: bool) -> None:
    """Maak een link waarmee iemand één keer, binnen een uur, een nieuw wachtwoord kiest."""
    database = open_app_db(state)
    try:
        verzoek = gebruikers.maak_resetlink(database, _beheerder(), email, state.settings.basis_url)
    finally:
        database.sluit()
    _link(state, verzoek, mailen)


@click.group()
def database() -> None:
    """De applicatiedatabase (accounts, toelichtingen, enquête, scenario's, audit)."""


@database.command("migreer")
@common_options
@click.pass_obj
def migreer(state: State) -> None:
    """Breng de applicatiedatabase naar de nieuwste versie (gebeurt ook bij sto serve)."""
    db_ = open_app_db(state)
    try:
        say(state, f"Applicatiedatabase bijgewerkt: {db_.adres}")
    finally:
        db_.sluit()


@database.command("overzetten")
@common_options
@click.pass_obj
def overzetten(state: State) -> None:
    """Zet de enquête en de scenario's uit het warehouse over naar de applicatiedatabase.

    Eenmalig, voor een warehouse waarin een oudere versie ze bewaarde; alles of niets, en een
    tweede keer zet niets dubbel over. sto build doet dit ook als het nog moet.
    """
    from sto_monitor.appdb.overzetten import overzetten as zet_over

    db_ = open_app_db(state)
    try:
        v = zet_over(state.db, db_, settings=state.settings, wie=_beheerder().wie)
    finally:
        db_.sluit()
    if v.al_overgezet is not None:
        say(state, f"Al overgezet op {v.al_overgezet.astimezone():%Y-%m-%d %H:%M}; niets te doen.")
        return
    al = f"; {v.al_aanwezig} stonden er al" if v.al_aanwezig else ""
    say(
        state,
        f"Overgezet naar {db_.adres}: {v.golven} golven, {v.responsen} responsen met "
        f"{v.antwoorden} antwoorden, {v.uitnodigingen} uitnodigingen, {v.scenarios} "
        f"scenario's met {v.wijzigingen} wijzigingen{al}.",
    )


COMMANDS: tuple[click.Command, ...] = (gebruiker, database)
