"""Accounts: create, list, change the role, block, and the one-time reset link.

Used by ``sto gebruiker`` (the terminal acts as `landelijk`) and by the web. Every change asks
the policy first (:func:`beleid.vereis`) and writes its audit record in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sto_monitor.accounts.beleid import Actor, Recht, Rol, vereis
from sto_monitor.accounts.sessiecache import GELDIG
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker, Inlogpoging, Koppeling, Resetlink, Sessie, nu
from sto_monitor.errors import NotFoundError, ParameterError

RESET_GELDIG = timedelta(hours=1)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def normaliseer_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise ParameterError(f"{email!r} is geen e-mailadres.")
    return email


def actor_van(gebruiker: Gebruiker) -> Actor:
    return Actor(
        gebruiker.id,
        gebruiker.email,
        gebruiker.naam,
        Rol(gebruiker.rol),
        frozenset(k.code for k in gebruiker.koppelingen if k.soort == "regio"),
        frozenset(k.code for k in gebruiker.koppelingen if k.soort == "vestiging"),
    )


def beschrijving(gebruiker: Gebruiker) -> dict[str, Any]:
    """The fields of an account a person may see (and the audit log records)."""
    return {
        "email": gebruiker.email,
        "naam": gebruiker.naam,
        "rol": gebruiker.rol,
        "regios": sorted(k.code for k in gebruiker.koppelingen if k.soort == "regio"),
        "vestigingen": sorted(k.code for k in gebruiker.koppelingen if k.soort == "vestiging"),
        "geblokkeerd": gebruiker.geblokkeerd,
    }


def _koppelingen(rol: Rol, regios: Iterable[str], vestigingen: Iterable[str]) -> list[Koppeling]:
    regios, vestigingen = sorted(set(regios)), sorted(set(vestigingen))
    for code in [*regios, *vestigingen]:
        if not _CODE.fullmatch(code):
            raise ParameterError(f"{code!r} is geen regio- of vestigingscode.")
    if rol is Rol.REGIO and not regios:
        raise ParameterError("Een account met de rol regio hoort bij minstens één regio.")
    if rol is Rol.SCHOOL and not vestigingen:
        raise ParameterError("Een account met de rol school hoort bij minstens één vestiging.")
    if rol not in (Rol.REGIO, Rol.SCHOOL) and (regios or vestigingen):
        raise ParameterError(f"De rol {rol.value} hoort niet bij een regio of vestiging.")
    return [Koppeling(soort="regio", code=c) for c in regios] + [
        Koppeling(soort="vestiging", code=c) for c in vestigingen
    ]


def rol_van(tekst: str) -> Rol:
    try:
        return Rol(tekst)
    except ValueError:
        keuzes = ", ".join(r.value for r in Rol)
        raise ParameterError(f"Onbekende rol {tekst!r}; kies uit {keuzes}.") from None


def zoek(session: Session, email: str) -> Gebruiker:
    gebruiker = session.scalar(select(Gebruiker).where(Gebruiker.email == normaliseer_email(email)))
    if gebruiker is None:
        raise NotFoundError(f"Er is geen account met e-mailadres {email.strip()!r}.")
    return gebruiker


def toevoegen(
    db: AppDatabase,
    door: Actor,
    *,
    email: str,
    naam: str,
    rol: Rol,
    regios: Iterable[str] = (),
    vestigingen: Iterable[str] = (),
    wachtwoord: str | None = None,
    wachtwoorden: Wachtwoorden | None = None,
) -> Gebruiker:
    vereis(door, Recht.GEBRUIKERS_BEHEREN)
    email = normaliseer_email(email)
    if not naam.strip():
        raise ParameterError("Een account heeft een naam.")
    koppelingen = _koppelingen(rol, regios, vestigingen)
    hash_ = None
    if wachtwoord is not None:
        if wachtwoorden is None:
            raise ValueError("wachtwoorden is nodig om een wachtwoord te zetten")
        hash_ = wachtwoorden.hash(wachtwoord)
    with db.transactie() as session:
        if session.scalar(select(Gebruiker.id).where(Gebruiker.email == email)) is not None:
            raise ParameterError(f"Er is al een account met e-mailadres {email!r}.")
        gebruiker = Gebruiker(
            email=email,
            naam=naam.strip(),
            rol=rol.value,
            wachtwoord_hash=hash_,
            geblokkeerd=False,
            aangemaakt=nu(),
            koppelingen=koppelingen,
        )
        session.add(gebruiker)
        session.flush()
        audit.schrijf(
            session,
            wie=door.wie,
            actie="account aangemaakt",
            soort="gebruiker",
            object_id=gebruiker.id,
            na=beschrijving(gebruiker),
        )
        return gebruiker


def lijst(db: AppDatabase) -> Sequence[Gebruiker]:
    with db.transactie() as session:
        return session.scalars(select(Gebruiker).order_by(Gebruiker.rol, Gebruiker.email)).all()


def zet_rol(
    db: AppDatabase,
    door: Actor,
    email: str,
    rol: Rol,
    *,
    regios: Iterable[str] = (),
    vestigingen: Iterable[str] = (),
) -> Gebruiker:
    vereis(door, Recht.GEBRUIKERS_BEHEREN)
    koppelingen = _koppelingen(rol, regios, vestigingen)
    with db.transactie() as session:
        gebruiker = zoek(session, email)
        voor = beschrijving(gebruiker)
        gebruiker.rol = rol.value
        gebruiker.koppelingen = koppelingen
        session.flush()
        # a new role takes effect now: sessions of the old role end
        session.execute(delete(Sessie).where(Sessie.gebruiker_id == gebruiker.id))
        GELDIG.vergeet()
        audit.schrijf(
            session,
            wie=door.wie,
            actie="rol gewijzigd",
            soort="gebruiker",
            object_id=gebruiker.id,
            voor=voor,
            na=beschrijving(gebruiker),
        )
        return gebruiker


def blokkeer(db: AppDatabase, door: Actor, email: str, *, geblokkeerd: bool = True) -> Gebruiker:
    """Block (or unblock) an account; a block ends its sessions at once."""
    vereis(door, Recht.GEBRUIKERS_BEHEREN)
    with db.transactie() as session:
        gebruiker = zoek(session, email)
        voor = beschrijving(gebruiker)
        gebruiker.geblokkeerd = geblokkeerd
        if geblokkeerd:
            session.execute(delete(Sessie).where(Sessie.gebruiker_id == gebruiker.id))
            GELDIG.vergeet()
        else:
            session.execute(delete(Inlogpoging).where(Inlogpoging.email == gebruiker.email))
        audit.schrijf(
            session,
            wie=door.wie,
            actie="account geblokkeerd" if geblokkeerd else "account vrijgegeven",
            soort="gebruiker",
            object_id=gebruiker.id,
            voor=voor,
            na=beschrijving(gebruiker),
        )
        return gebruiker


@dataclass(frozen=True)
class Resetverzoek:
    """A new reset link: its address (to print or mail once) and whom it is for."""

    url: str
    email: str
    naam: str


def maak_resetlink(db: AppDatabase, door: Actor | None, email: str, basis_url: str) -> Resetverzoek:
    """A one-time link to set a password, valid for an hour.

    ``door`` is `landelijk` (``sto gebruiker reset-link``), or None when somebody asks for a
    link for their own address on the sign-in page (the link then goes only to that address).
    """
    if door is not None:
        vereis(door, Recht.GEBRUIKERS_BEHEREN)
    token = secrets.token_urlsafe(32)
    with db.transactie() as session:
        gebruiker = zoek(session, email)
        moment = nu()
        session.add(
            Resetlink(
                token_hash=token_hash(token),
                gebruiker_id=gebruiker.id,
                aangemaakt=moment,
                verloopt=moment + RESET_GELDIG,
            )
        )
        audit.schrijf(
            session,
            wie=door.wie if door else f"zelf {gebruiker.email}",
            actie="herstellink aangemaakt",
            soort="gebruiker",
            object_id=gebruiker.id,
        )
        return Resetverzoek(
            f"{basis_url}/wachtwoord/herstel/{token}", gebruiker.email, gebruiker.naam
        )


def geldige_resetlink(session: Session, token: str) -> Resetlink | None:
    link = session.get(Resetlink, token_hash(token))
    if link is None or link.gebruikt is not None or link.verloopt <= nu():
        return None
    return link


def gebruik_resetlink(
    db: AppDatabase, token: str, nieuw_wachtwoord: str, wachtwoorden: Wachtwoorden
) -> Gebruiker:
    """Set a new password with a link: once, within the hour; every session of the account ends."""
    hash_ = wachtwoorden.hash(nieuw_wachtwoord)
    with db.transactie() as session:
        link = geldige_resetlink(session, token)
        if link is None:
            raise ParameterError(
                "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan op de inlogpagina."
            )
        gebruiker = session.get_one(Gebruiker, link.gebruiker_id)
        link.gebruikt = nu()
        gebruiker.wachtwoord_hash = hash_
        session.execute(delete(Sessie).where(Sessie.gebruiker_id == gebruiker.id))
        GELDIG.vergeet()
        session.execute(delete(Inlogpoging).where(Inlogpoging.email == gebruiker.email))
        audit.schrijf(
            session,
            wie=f"{gebruiker.rol} {gebruiker.email}",
            actie="wachtwoord gezet",
            soort="gebruiker",
            object_id=gebruiker.id,
        )
        return gebruiker
