"""Signing in and out: sessions with idle and absolute expiry, and the lockout.

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the database
opens no session. Signing in always makes a new session and ends the one the browser came with
(no session fixation). After ``VRIJ`` failed attempts on an address the next attempt must wait,
30 seconds at first and twice as long after every further failure, up to an hour; the answer
is the same whether or not the address has an account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from sto_monitor.accounts.beleid import Actor
from sto_monitor.accounts.gebruikers import actor_van, normaliseer_email, token_hash
from sto_monitor.accounts.sessiecache import GELDIG
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker, Inlogpoging, Sessie, nu
from sto_monitor.errors import NotSignedInError, ParameterError
from sto_monitor.settings import Settings

VRIJ = 5  # failed attempts before the wait starts
EERSTE_WACHT = timedelta(seconds=30)
LANGSTE_WACHT = timedelta(hours=1)
AANRAAK_INTERVAL = timedelta(seconds=60)  # write laatst_actief at most this often


class InlogGeweigerd(NotSignedInError):
    """Wrong address or password, a blocked account, or a wait after failed attempts."""


@dataclass(frozen=True)
class Aanmelding:
    """A session just made: the token for the cookie (shown nowhere else) and who it is."""

    token: str = ""
    actor: Actor | None = None
    csrf: str = ""

    def __repr__(self) -> str:  # the token never reaches a log through a repr
        return f"Aanmelding(actor={self.actor!r})"


@dataclass(frozen=True)
class Geldig:
    """A valid session on a request: who, and the CSRF token its forms must carry."""

    actor: Actor
    csrf: str
    vorig_bezoek: datetime | None


def _wachttijd(mislukt: int) -> timedelta:
    if mislukt < VRIJ:
        return timedelta(0)
    wacht: timedelta = EERSTE_WACHT * 2 ** min(mislukt - VRIJ, 20)
    return min(wacht, LANGSTE_WACHT)


def _minuten(tijd: timedelta) -> str:
    minuten = max(1, round(tijd.total_seconds() / 60))
    return "1 minuut" if minuten == 1 else f"{minuten} minuten"


def inloggen(
    db: AppDatabase,
    settings: Settings,
    wachtwoorden: Wachtwoorden,
    email: str,
    wachtwoord: str,
    *,
    oude_token: str | None = None,
) -> Aanmelding:
    fout = InlogGeweigerd("Het e-mailadres of het wachtwoord klopt niet.")
    try:
        email = normaliseer_email(email)
    except ParameterError:
        raise fout from None
    with db.transactie() as session:
        poging = session.get(Inlogpoging, email)
        if poging and poging.geblokkeerd_tot and poging.geblokkeerd_tot > nu():
            wacht = poging.geblokkeerd_tot - nu()
            raise InlogGeweigerd(
                f"Te veel mislukte pogingen. Probeer het over {_minuten(wacht)} opnieuw."
            )
        gebruiker = session.query(Gebruiker).filter_by(email=email).one_or_none()
        hash_ = gebruiker.wachtwoord_hash if gebruiker else None
        klopt = wachtwoorden.klopt(hash_, wachtwoord)  # also without an account: same time
    if not klopt or gebruiker is None or gebruiker.geblokkeerd:
        _mislukt(db, email)
        raise fout
    if hash_ and wachtwoorden.moet_opnieuw(hash_):
        with db.transactie() as session:
            session.get_one(Gebruiker, gebruiker.id).wachtwoord_hash = wachtwoorden.opnieuw(
                wachtwoord
            )
    return aanmelden(db, settings, gebruiker.id, oude_token=oude_token, hoe="wachtwoord")


def _mislukt(db: AppDatabase, email: str) -> None:
    with db.transactie() as session:
        poging = session.get(Inlogpoging, email) or Inlogpoging(email=email, mislukt=0)
        poging.mislukt += 1
        wacht = _wachttijd(poging.mislukt)
        if wacht:
            poging.geblokkeerd_tot = nu() + wacht
            audit.schrijf(
                session,
                wie="systeem",
                actie="inloggen tijdelijk geblokkeerd",
                soort="inlogpoging",
                object_id=email,
                na={"mislukte pogingen": poging.mislukt, "wachttijd": _minuten(wacht)},
            )
        session.add(poging)


def aanmelden(
    db: AppDatabase,
    settings: Settings,
    gebruiker_id: int,
    *,
    oude_token: str | None = None,
    hoe: str,
) -> Aanmelding:
    """A new session for an account whose identity was just proven (password or OIDC)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    GELDIG.vergeet()  # the old session of this browser ends now
    with db.transactie() as session:
        if oude_token:
            session.execute(delete(Sessie).where(Sessie.token_hash == token_hash(oude_token)))
        gebruiker = session.get_one(Gebruiker, gebruiker_id)
        if gebruiker.geblokkeerd:
            raise InlogGeweigerd("Dit account is geblokkeerd.")
        moment = nu()
        session.add(
            Sessie(
                token_hash=token_hash(token),
                gebruiker_id=gebruiker.id,
                csrf=csrf,
                aangemaakt=moment,
                laatst_actief=moment,
                verloopt=moment + timedelta(hours=settings.sessie_max),
            )
        )
        gebruiker.vorig_bezoek = gebruiker.laatst_gezien
        gebruiker.laatst_gezien = moment
        session.execute(delete(Inlogpoging).where(Inlogpoging.email == gebruiker.email))
        _ruim_op(session, moment)
        audit.schrijf(
            session,
            wie=f"{gebruiker.rol} {gebruiker.email}",
            actie=f"ingelogd ({hoe})",
            soort="sessie",
            object_id=gebruiker.id,
        )
        return Aanmelding(token, actor_van(gebruiker), csrf)


def _ruim_op(session: Session, moment: datetime) -> None:
    """Sessions past their absolute end are of no use to anybody: remove them."""
    session.execute(delete(Sessie).where(Sessie.verloopt <= moment))


def sessie(db: AppDatabase, settings: Settings, token: str | None) -> Geldig | None:
    """The valid session of a cookie, or None: unknown, idle too long, or past its end."""
    if not token or len(token) > 100:
        return None
    sleutel = token_hash(token)
    bewaard = GELDIG.haal(sleutel)
    if isinstance(bewaard, Geldig):
        return bewaard
    moment = nu()
    with db.transactie() as session:
        rij = session.get(Sessie, token_hash(token))
        if rij is None:
            return None
        inactief = timedelta(minutes=settings.sessie_inactief)
        if rij.verloopt <= moment or rij.laatst_actief + inactief <= moment:
            session.delete(rij)
            return None
        gebruiker = session.get_one(Gebruiker, rij.gebruiker_id)
        if gebruiker.geblokkeerd:
            return None
        if moment - rij.laatst_actief >= AANRAAK_INTERVAL:
            rij.laatst_actief = moment
        geldig = Geldig(actor_van(gebruiker), rij.csrf, gebruiker.vorig_bezoek)
    GELDIG.bewaar(sleutel, geldig)
    return geldig


def uitloggen(db: AppDatabase, token: str | None) -> None:
    GELDIG.vergeet()
    if not token:
        return
    with db.transactie() as session:
        rij = session.get(Sessie, token_hash(token))
        if rij is None:
            return
        gebruiker = session.get_one(Gebruiker, rij.gebruiker_id)
        session.delete(rij)
        audit.schrijf(
            session,
            wie=f"{gebruiker.rol} {gebruiker.email}",
            actie="uitgelogd",
            soort="sessie",
            object_id=gebruiker.id,
        )
