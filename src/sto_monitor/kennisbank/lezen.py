"""Reading kennisbank items: a published item for anyone, a region's, a contributor's own,
the national team's moderation queue, and one item for its editor.

A read that is not public asks :func:`beleid.vereis` first, on the item's *stored* regio and
vestiging (``voor_bewerken``); the writes (``opslag.py``) load their item with :func:`laad`.
The search is ``zoeken.py``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisGebruik, KennisItem, KennisOogstRecord
from sto_monitor.errors import NotFoundError
from sto_monitor.kennisbank.item import CONCEPT, GEPUBLICEERD


def laad(session: Session, item_id: int) -> KennisItem:
    """One item by id, whatever its status; an unknown id is a :class:`NotFoundError`."""
    k = session.get(KennisItem, item_id) if item_id > 0 else None
    if k is None:
        raise NotFoundError(f"Kennisbankitem {item_id} bestaat niet.")
    return k


def gepubliceerd_item(db: AppDatabase, item_id: int) -> KennisItem:
    """A published item, for anyone; a concept or refused item is not found."""
    with db.transactie() as session:
        k = laad(session, item_id)
        if k.status != GEPUBLICEERD:
            raise NotFoundError(f"Kennisbankitem {item_id} bestaat niet.")
        return k


def van_regio(db: AppDatabase, regio: str) -> list[KennisItem]:
    """The published items a region contributed (its region page links them)."""
    with db.transactie() as session:
        query = (
            select(KennisItem)
            .where(KennisItem.regio == regio, KennisItem.status == GEPUBLICEERD)
            .order_by(KennisItem.gepubliceerd.desc(), KennisItem.id.desc())
        )
        return list(session.scalars(query).all())


def gebruikt_door(db: AppDatabase, item_id: int) -> list[str]:
    """The regions that marked "wij gebruiken dit" on an item, by code."""
    with db.transactie() as session:
        query = (
            select(KennisGebruik.regio)
            .where(KennisGebruik.item_id == item_id)
            .order_by(KennisGebruik.regio)
        )
        return [str(r) for r in session.scalars(query).all()]


def te_modereren(db: AppDatabase, actor: Actor | None) -> list[KennisItem]:
    """The concepts waiting for the national team, oldest first."""
    beleid.vereis(actor, Recht.KENNIS_MODEREREN)
    with db.transactie() as session:
        query = (
            select(KennisItem)
            .where(KennisItem.status == CONCEPT)
            .order_by(KennisItem.gewijzigd, KennisItem.id)
        )
        return list(session.scalars(query).all())


def voor_bewerken(db: AppDatabase, actor: Actor | None, item_id: int) -> KennisItem:
    """An item as its editor sees it, concept or not; asks the policy on the stored regio
    and vestiging (another region's item: 403; an unknown id: 404)."""
    with db.transactie() as session:
        k = laad(session, item_id)
        beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
        return k


def van_bijdrager(db: AppDatabase, actor: Actor) -> list[KennisItem]:
    """The items a contributor looks after, newest change first: a regio's items (its schools'
    too), a school's of its vestigingen, and for the national team what the team contributed."""
    beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN)
    with db.transactie() as session:
        query = select(KennisItem)
        if actor.rol is Rol.REGIO:
            query = query.where(KennisItem.regio.in_(sorted(actor.regios)))
        elif actor.rol is Rol.SCHOOL:
            query = query.where(KennisItem.vestiging.in_(sorted(actor.vestigingen)))
        else:  # the national team's own contributions (not what it harvested)
            geoogst = select(KennisOogstRecord.item_id)
            query = query.where(
                KennisItem.auteur_rol == Rol.LANDELIJK.value, KennisItem.id.not_in(geoogst)
            )
        query = query.order_by(KennisItem.gewijzigd.desc(), KennisItem.id.desc())
        return list(session.scalars(query).all())


def gepubliceerde_items(db: AppDatabase, ids: list[int]) -> dict[int, KennisItem]:
    """Published items by id (search results show their summary and regions)."""
    if not ids:
        return {}
    with db.transactie() as session:
        query = select(KennisItem).where(KennisItem.id.in_(ids), KennisItem.status == GEPUBLICEERD)
        return {k.id: k for k in session.scalars(query).all()}


def bron_van(db: AppDatabase, item_id: int) -> str | None:
    """The national repository a harvested item came from (e.g. Edurep), else None."""
    with db.transactie() as session:
        query = (
            select(KennisOogstRecord.bron)
            .where(KennisOogstRecord.item_id == item_id)
            .order_by(KennisOogstRecord.bron)
            .limit(1)
        )
        bron = session.scalar(query)
        return str(bron) if bron is not None else None
