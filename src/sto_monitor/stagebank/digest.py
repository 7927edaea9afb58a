"""The e-mail digest of saved searches: per saved search with e-mail on, the current places
published (or changed) since its previous digest, in one plain-text Dutch message.

Run by ``sto stagebank digest`` (daily, from cron or a timer). Only where SMTP is configured
(``STO_SMTP_HOST``); the message goes out by the same code as the password reset link
(``accounts.mail.verstuur``). A search's ``laatste_digest`` moves to the start of the run
once its message is sent (or when there was nothing new), so a place is mailed once, and a
place published during the run waits for the next one. A blocked account gets nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sto_monitor import domain
from sto_monitor.accounts import mail
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker, nu
from sto_monitor.errors import ConfigError
from sto_monitor.publicatie.taal import datum
from sto_monitor.settings import Settings
from sto_monitor.stagebank import bewaard
from sto_monitor.stagebank.bewaard import Bewaard
from sto_monitor.stagebank.vraag import met_tijden, straal_tekst
from sto_monitor.stagebank.zoeken import Treffer

PROFIEL_NAAM = {p.code: p.naam for p in domain.PROFIELEN}


@dataclass(frozen=True)
class Uitslag:
    """What a run did."""

    zoekopdrachten: int  # saved searches with e-mail on
    verstuurd: int  # messages sent
    plaatsen: int  # places in them, in total


def onderwerp(b: Bewaard, aantal: int) -> str:
    woord = "nieuwe stageplaats" if aantal == 1 else "nieuwe stageplaatsen"
    naam = " ".join(b.middelpunt.naam.split())  # a header holds no line breaks
    km = straal_tekst(b.vraag.straal).replace(".", ",")
    return f"{aantal} {woord} binnen {km} km van {naam}"


def _regel(basis_url: str, t: Treffer) -> str:
    profielen = ", ".join(PROFIEL_NAAM.get(p, p) for p in t.profielen)
    plaatsen = "1 plaats" if t.aantal == 1 else f"{t.aantal} plaatsen"
    return (
        f"- {t.titel} bij {t.bedrijf}, {t.plaats} ({t.afstand})\n"
        f"  {profielen}; {datum(t.begin)} tot en met {datum(t.eind)}; {plaatsen}\n"
        f"  {basis_url}/stagebank/plaats/{t.plaats_id}\n"
    )


def bericht(
    settings: Settings, naar: str, naam: str, b: Bewaard, treffers: Sequence[Treffer]
) -> EmailMessage:
    """One digest: the new places of one saved search, nearest first."""
    basis = settings.basis_url
    m = EmailMessage()
    m["From"] = settings.smtp_afzender
    m["To"] = naar
    m["Subject"] = onderwerp(b, len(treffers))
    zoek = f"{basis}/stagebank?{b.vraag.query()}"
    m.set_content(
        f"Beste {naam},\n\n"
        f"Sinds het vorige bericht zijn er stageplaatsen bijgekomen of gewijzigd binnen "
        f"{straal_tekst(b.vraag.straal).replace('.', ',')} km van {b.middelpunt.naam}:\n\n"
        + "\n".join(_regel(basis, t) for t in treffers)
        + f"\nAlle stageplaatsen van deze zoekopdracht:\n{zoek}\n\n"
        "U krijgt dit bericht omdat u deze zoekopdracht hebt bewaard met e-mail aan. "
        f"Uitzetten of verwijderen kan op {basis}/stagebank/bewaard\n\nSTO Monitor\n"
    )
    return m


def _ontvanger(db: AppDatabase, gebruiker_id: int) -> tuple[str, str] | None:
    with db.transactie() as session:
        g = session.get(Gebruiker, gebruiker_id)
        if g is None or g.geblokkeerd:
            return None
        return g.email, g.naam


def verstuur(
    db: AppDatabase, settings: Settings, *, vandaag: date, moment: datetime | None = None
) -> Uitslag:
    """Send every digest that has new places; :class:`ConfigError` without SMTP."""
    if not mail.kan_mailen(settings):
        raise ConfigError(
            "Er is geen e-mailserver ingesteld (STO_SMTP_HOST); er is niets verstuurd."
        )
    start = moment or nu()
    zoekopdrachten = bewaard.met_email(db)
    verstuurd = plaatsen = 0
    for b in zoekopdrachten:
        ontvanger = _ontvanger(db, b.gebruiker_id)
        if ontvanger is None:
            continue
        nieuw = [
            t
            for t, gewijzigd in met_tijden(db, b.vraag, b.middelpunt, vandaag)
            if b.laatste_digest < gewijzigd <= start
        ]
        if nieuw:
            mail.verstuur(settings, bericht(settings, *ontvanger, b, nieuw))
            verstuurd += 1
            plaatsen += len(nieuw)
        bewaard.digest_verstuurd(db, b.id, start)
    return Uitslag(len(zoekopdrachten), verstuurd, plaatsen)
