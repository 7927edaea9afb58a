"""Reading companies and their internship places for the people who manage them: a
company's own places, a region's companies to confirm, one place for its editor.

Every read that is not public asks :func:`beleid.vereis` first; which company is the actor's
own is decided by :func:`eis_eigen` against the company record's account, so the id of another
company is refused whatever the request said. The writes (``opslag.py``) load and check their
objects with the same three functions. The public search is ``zoeken.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker, StageBedrijf, StagePlaats
from sto_monitor.errors import ForbiddenError, NotFoundError


def laad_bedrijf(session: Session, bedrijf_id: int) -> StageBedrijf:
    b = session.get(StageBedrijf, bedrijf_id) if bedrijf_id > 0 else None
    if b is None:
        raise NotFoundError(f"Bedrijf {bedrijf_id} bestaat niet.")
    return b


def laad_plaats(session: Session, plaats_id: int) -> StagePlaats:
    p = session.get(StagePlaats, plaats_id) if plaats_id > 0 else None
    if p is None:
        raise NotFoundError(f"Stageplaats {plaats_id} bestaat niet.")
    return p


def eis_eigen(actor: Actor, b: StageBedrijf) -> None:
    """The company is the actor's own (or the actor is the national team)."""
    beleid.vereis(actor, Recht.STAGES_PLAATSEN)
    if actor.rol is Rol.LANDELIJK:
        return
    if actor.id is None or b.eigenaar_id != actor.id:
        raise ForbiddenError(
            "Dit is niet uw bedrijf; u kunt alleen uw eigen stageplaatsen beheren."
        )


@dataclass(frozen=True)
class Overzicht:
    """A company's places: current ones, and expired or withdrawn ones apart."""

    actueel: tuple[StagePlaats, ...]
    verlopen: tuple[StagePlaats, ...]


def bedrijven_van(db: AppDatabase, actor: Actor) -> Sequence[StageBedrijf]:
    """The companies the actor owns (all, for the national team)."""
    beleid.vereis(actor, Recht.STAGES_PLAATSEN)
    with db.transactie() as session:
        q = select(StageBedrijf).order_by(StageBedrijf.naam)
        if actor.rol is not Rol.LANDELIJK:
            q = q.where(StageBedrijf.eigenaar_id == (actor.id or -1))
        return tuple(session.scalars(q))


def te_bevestigen(db: AppDatabase, actor: Actor, regio: str) -> Sequence[StageBedrijf]:
    """Companies in ``regio`` that wait for confirmation."""
    beleid.vereis(actor, Recht.BEDRIJF_BEVESTIGEN, regio=regio)
    with db.transactie() as session:
        q = select(StageBedrijf).where(
            StageBedrijf.regio == regio, StageBedrijf.bevestigd.is_(None)
        )
        return tuple(session.scalars(q.order_by(StageBedrijf.aangemaakt)))


def plaatsen_van(db: AppDatabase, actor: Actor, bedrijf_id: int, vandaag: date) -> Overzicht:
    """The places of the actor's own company, current and expired (or withdrawn) apart."""
    with db.transactie() as session:
        b = laad_bedrijf(session, bedrijf_id)
        eis_eigen(actor, b)
        alle = session.scalars(
            select(StagePlaats)
            .where(StagePlaats.bedrijf_id == b.id)
            .order_by(StagePlaats.eind, StagePlaats.id)
        ).all()
        nog = tuple(p for p in alle if p.eind >= vandaag and not p.ingetrokken)
        return Overzicht(nog, tuple(p for p in alle if p not in nog))


# ---------------------------------------------------------------- reading for the pages


def eigen_bedrijf(db: AppDatabase, actor: Actor, bedrijf_id: int) -> StageBedrijf:
    """One company of the actor's own (any, for the national team); 404 when it does not
    exist, 403 when it is another's."""
    with db.transactie() as session:
        b = laad_bedrijf(session, bedrijf_id)
        eis_eigen(actor, b)
        return b


def eigen_plaats(db: AppDatabase, actor: Actor, plaats_id: int) -> tuple[StagePlaats, StageBedrijf]:
    """A place of the actor's own company, with that company (for its editor)."""
    with db.transactie() as session:
        p = laad_plaats(session, plaats_id)
        b = laad_bedrijf(session, p.bedrijf_id)
        eis_eigen(actor, b)
        return p, b


@dataclass(frozen=True)
class Aanmelding:
    """A company as its region sees it: the account that registered it is the contact, and
    how many places it offers now."""

    bedrijf: StageBedrijf
    contact_naam: str | None
    contact_email: str | None
    actueel: int


def bedrijven_in(
    db: AppDatabase, actor: Actor, regio: str, vandaag: date
) -> tuple[Aanmelding, ...]:
    """Every company of ``regio`` (waiting first, oldest registration first), for the region
    that confirms them."""
    beleid.vereis(actor, Recht.BEDRIJF_BEVESTIGEN, regio=regio)
    with db.transactie() as session:
        rijen = session.execute(
            select(StageBedrijf, Gebruiker.naam, Gebruiker.email)
            .outerjoin(Gebruiker, Gebruiker.id == StageBedrijf.eigenaar_id)
            .where(StageBedrijf.regio == regio)
            .order_by(StageBedrijf.bevestigd.is_not(None), StageBedrijf.aangemaakt)
        ).all()
        tellen = (
            select(StagePlaats.bedrijf_id, func.count())
            .where(
                StagePlaats.bedrijf_id.in_([b.id for b, _, _ in rijen]),
                StagePlaats.eind >= vandaag,
                StagePlaats.ingetrokken.is_(False),
            )
            .group_by(StagePlaats.bedrijf_id)
        )
        aantal: dict[int, int] = {int(k): int(v) for k, v in session.execute(tellen)}
        return tuple(Aanmelding(b, naam, email, aantal.get(b.id, 0)) for b, naam, email in rijen)
