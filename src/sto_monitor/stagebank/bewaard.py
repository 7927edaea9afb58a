"""Saved searches: a signed-in person keeps a search for internship places, to follow it as a
feed or, where SMTP is configured, by an e-mail digest (``digest.py``).

Who may: anyone signed in (``Recht.INGELOGD``) saves searches of their own; *whose* search it
is, is decided here against the stored owner (``gebruiker_id``), loaded by id inside the
transaction, so the id of someone else's search is refused whatever the request said (no
IDOR). Every save and delete writes an audit record in the same transaction. A saved search
holds the question and its centre, never anything about a student.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import StageZoekopdracht, nu
from sto_monitor.errors import ForbiddenError, NotFoundError, NotSignedInError, ParameterError
from sto_monitor.stagebank.vraag import VraagFout, Zoekvraag, lees
from sto_monitor.stagebank.zoeken import Middelpunt

ZOEKOPDRACHT = "stagezoekopdracht"  # the kind of object in the audit log
MAX_PER_PERSOON = 50  # saved searches a person keeps at most


@dataclass(frozen=True)
class Bewaard:
    """A saved search as its owner's page and the digest read it."""

    id: int
    gebruiker_id: int
    vraag: Zoekvraag
    middelpunt: Middelpunt
    email: bool
    aangemaakt: datetime
    laatste_digest: datetime


def _eigenaar(actor: Actor | None) -> int:
    beleid.vereis(actor, Recht.INGELOGD)
    if actor is None or actor.id is None:
        raise NotSignedInError("Log in om zoekopdrachten te bewaren.")
    return actor.id


def _lees(z: StageZoekopdracht) -> Bewaard:
    try:
        vraag = lees({k: str(v) for k, v in z.vraag.items()})
    except VraagFout:  # stored by an older version with other rules: the centre still holds
        vraag = Zoekvraag()
    return Bewaard(
        id=z.id,
        gebruiker_id=z.gebruiker_id,
        vraag=vraag,
        middelpunt=Middelpunt(z.middelpunt, z.lat, z.lon),
        email=z.email,
        aangemaakt=z.aangemaakt,
        laatste_digest=z.laatste_digest,
    )


def _velden(z: StageZoekopdracht) -> dict[str, Any]:
    return {"vraag": dict(z.vraag), "middelpunt": z.middelpunt, "email": z.email}


def bewaar(
    db: AppDatabase, actor: Actor | None, vraag: Zoekvraag, middelpunt: Middelpunt, *, email: bool
) -> Bewaard:
    """Keep ``vraag`` (from ``middelpunt``, as found now) for the actor."""
    eigenaar = _eigenaar(actor)
    assert actor is not None
    if vraag.leeg:
        raise ParameterError("Zoek eerst vanaf een school of een postcode; bewaar daarna.")
    moment = nu()
    with db.transactie() as session:
        aantal = len(
            session.scalars(
                select(StageZoekopdracht.id).where(StageZoekopdracht.gebruiker_id == eigenaar)
            ).all()
        )
        if aantal >= MAX_PER_PERSOON:
            raise ParameterError(
                f"U hebt al {MAX_PER_PERSOON} zoekopdrachten bewaard. Verwijder er eerst één."
            )
        z = StageZoekopdracht(
            gebruiker_id=eigenaar,
            vraag=vraag.parameters(),
            middelpunt=middelpunt.naam[:300],
            lat=middelpunt.lat,
            lon=middelpunt.lon,
            email=email,
            aangemaakt=moment,
            laatste_digest=moment,  # the first digest holds what is new after saving
        )
        session.add(z)
        session.flush()
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="zoekopdracht bewaard",
            soort=ZOEKOPDRACHT,
            object_id=z.id,
            na=_velden(z),
            moment=moment,
        )
        return _lees(z)


def van(db: AppDatabase, actor: Actor | None) -> list[Bewaard]:
    """The actor's own saved searches, newest first."""
    eigenaar = _eigenaar(actor)
    with db.transactie() as session:
        rijen = session.scalars(
            select(StageZoekopdracht)
            .where(StageZoekopdracht.gebruiker_id == eigenaar)
            .order_by(StageZoekopdracht.aangemaakt.desc(), StageZoekopdracht.id.desc())
        )
        return [_lees(z) for z in rijen]


def verwijder(db: AppDatabase, actor: Actor | None, zoekopdracht_id: int) -> None:
    """Delete one of the actor's own saved searches (someone else's: refused)."""
    eigenaar = _eigenaar(actor)
    assert actor is not None
    with db.transactie() as session:
        z = session.get(StageZoekopdracht, zoekopdracht_id) if zoekopdracht_id > 0 else None
        if z is None:
            raise NotFoundError(f"Zoekopdracht {zoekopdracht_id} bestaat niet.")
        if z.gebruiker_id != eigenaar:
            raise ForbiddenError("Dit is niet uw zoekopdracht.")
        voor = _velden(z)
        session.delete(z)
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="zoekopdracht verwijderd",
            soort=ZOEKOPDRACHT,
            object_id=zoekopdracht_id,
            voor=voor,
        )


def met_email(db: AppDatabase) -> list[Bewaard]:
    """Every saved search with the e-mail digest on (for ``digest.py``; no actor: the
    terminal command runs them all)."""
    with db.transactie() as session:
        rijen = session.scalars(
            select(StageZoekopdracht)
            .where(StageZoekopdracht.email.is_(True))
            .order_by(StageZoekopdracht.id)
        )
        return [_lees(z) for z in rijen]


def digest_verstuurd(db: AppDatabase, zoekopdracht_id: int, moment: datetime) -> None:
    """Places changed up to ``moment`` have been sent for this search."""
    with db.transactie() as session:
        z = session.get(StageZoekopdracht, zoekopdracht_id)
        if z is not None:
            z.laatste_digest = moment
