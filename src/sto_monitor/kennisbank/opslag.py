"""Kennisbank items in the application database: contribute, edit, moderate, mark as used
(the reads are in ``lezen.py``).

`regio` and `school` accounts contribute (``KENNIS_BIJDRAGEN`` on their own regio, or their own
vestiging); a contribution is a ``concept`` that only the national team can publish or refuse
(``KENNIS_MODEREREN``), and a refusal keeps its reason. Editing an item makes it a concept
again, so what is public has always been moderated. A signed-in `regio` account marks "wij
gebruiken dit" for its own regio on a published item (the national team may mark it for a
region); the number of regions that use an item
is kept on it for the search's ranking.

As in ``toelichting/opslag.py``: every write asks ``beleid.vereis`` on the object's *stored*
regio and vestiging, loaded inside the transaction (an id of another region's item is refused
whatever the request said), and writes its audit record (``appdb.audit.schrijf``) and its
search structures (``zoeken.indexeer``) in the same transaction. An unknown id is a
:class:`NotFoundError`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisGebruik, KennisItem, nu
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.kennisbank import zoeken
from sto_monitor.kennisbank.item import CONCEPT as CONCEPT  # the statuses, re-exported
from sto_monitor.kennisbank.item import GEPUBLICEERD as GEPUBLICEERD
from sto_monitor.kennisbank.item import GEWEIGERD as GEWEIGERD
from sto_monitor.kennisbank.item import STATUSSEN as STATUSSEN
from sto_monitor.kennisbank.item import Item, controleer
from sto_monitor.kennisbank.lezen import laad

SOORT = "kennisitem"  # the kind of object in the audit log
MAX_REDEN = 1000
REGIOCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z")
VESTIGINGCODE = re.compile(r"[A-Za-z0-9]{1,20}\Z")


def _codes(regio: str, vestiging: str | None) -> None:
    if not REGIOCODE.match(regio):
        raise ParameterError(f"Onbekende regiocode {regio[:40]!r}.")
    if vestiging is not None and not VESTIGINGCODE.match(vestiging):
        raise ParameterError(f"Onbekende vestigingscode {vestiging[:40]!r}.")


def _velden(k: KennisItem) -> dict[str, Any]:
    """What the audit log records of an item."""
    return {
        "regio": k.regio,
        "vestiging": k.vestiging,
        "status": k.status,
        "inhoud": k.inhoud,
        "geweigerd_reden": k.geweigerd_reden,
        "gebruikt_door": k.gebruikt_door,
    }


def _schrijf_audit(
    session: Session,
    wie: str,
    actie: str,
    k: KennisItem,
    voor: dict[str, Any] | None,
    moment: datetime,
    *,
    regio: str | None = None,
) -> None:
    """The item's audit record: before and after, under the item's regio unless another is
    named (a mark of use is the marking region's act)."""
    audit.schrijf(
        session,
        wie=wie,
        actie=actie,
        soort=SOORT,
        object_id=k.id,
        regio=regio or k.regio,
        voor=voor,
        na=_velden(k),
        moment=moment,
    )


def _vul(k: KennisItem, item: Item) -> None:
    k.inhoud = item.als_json()
    k.titel = item.titel
    k.soort = item.soort
    k.zoektekst = zoeken.zoektekst(item)


# ---------------------------------------------------------------- writes


def draag_bij(
    db: AppDatabase, actor: Actor, item: Item, *, regio: str, vestiging: str | None = None
) -> KennisItem:
    """A new item of ``regio`` (and ``vestiging``, for a school), as a concept. The caller
    names the regio of a vestiging (the web takes it from the published snapshot)."""
    _codes(regio, vestiging)
    beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=regio, vestiging=vestiging)
    item = controleer(item)
    moment = nu()
    with db.transactie() as session:
        k = KennisItem(
            regio=regio,
            vestiging=vestiging,
            status=CONCEPT,
            gebruikt_door=0,
            auteur_rol=actor.rol.value,
            aangemaakt=moment,
            gewijzigd=moment,
            gewijzigd_door=actor.wie,
            gepubliceerd=None,
            geweigerd_reden=None,
        )
        _vul(k, item)
        session.add(k)
        session.flush()
        zoeken.indexeer(session, k, None)
        _schrijf_audit(session, actor.wie, "kennisbankitem ingediend", k, None, moment, regio=regio)
    return k


def bewerk(db: AppDatabase, actor: Actor, item_id: int, item: Item) -> KennisItem:
    """New content for an item; it becomes a concept again, to be moderated anew."""
    item = controleer(item)
    with db.transactie() as session:
        k = laad(session, item_id)
        beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
        voor, oud = _velden(k), k.zoektekst
        moment = nu()
        _vul(k, item)
        k.status = CONCEPT
        k.gewijzigd, k.gewijzigd_door = moment, actor.wie
        session.flush()
        zoeken.indexeer(session, k, oud)
        _schrijf_audit(session, actor.wie, "kennisbankitem gewijzigd (concept)", k, voor, moment)
    return k


def _modereer(
    db: AppDatabase, actor: Actor, item_id: int, status: str, reden: str | None
) -> KennisItem:
    beleid.vereis(actor, Recht.KENNIS_MODEREREN)
    with db.transactie() as session:
        k = laad(session, item_id)
        voor = _velden(k)
        moment = nu()
        k.status = status
        k.geweigerd_reden = reden
        k.gewijzigd, k.gewijzigd_door = moment, actor.wie
        if status == GEPUBLICEERD:
            k.gepubliceerd = moment
        session.flush()
        _schrijf_audit(
            session,
            actor.wie,
            "kennisbankitem gepubliceerd" if status == GEPUBLICEERD else "kennisbankitem geweigerd",
            k,
            voor,
            moment,
        )
    return k


def publiceer(db: AppDatabase, actor: Actor, item_id: int) -> KennisItem:
    """The national team publishes an item: from now on anyone finds it."""
    return _modereer(db, actor, item_id, GEPUBLICEERD, None)


def weiger(db: AppDatabase, actor: Actor, item_id: int, reden: str) -> KennisItem:
    """The national team refuses an item (or takes a published one off), keeping the reason."""
    reden = reden.replace("\r\n", "\n").strip()
    if not reden:
        raise ParameterError("Geef een reden op: waarom wordt dit item geweigerd?")
    if len(reden) > MAX_REDEN:
        raise ParameterError(f"De reden is te lang: hoogstens {MAX_REDEN} tekens.")
    return _modereer(db, actor, item_id, GEWEIGERD, reden)


def markeer_gebruik(
    db: AppDatabase, actor: Actor, item_id: int, regio: str, *, gebruikt: bool = True
) -> KennisItem:
    """A region marks (or unmarks) "wij gebruiken dit" on a published item (the region itself,
    or the national team for it)."""
    _codes(regio, None)
    # A regio for itself, or the national team on a region's behalf; a school or another
    # region is refused here (a school holds the right only on its own vestigingen).
    beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=regio)
    with db.transactie() as session:
        k = laad(session, item_id)
        if k.status != GEPUBLICEERD:
            raise NotFoundError(f"Kennisbankitem {item_id} is niet gepubliceerd.")
        voor = _velden(k)
        moment = nu()
        bestaat = session.get(KennisGebruik, (k.id, regio)) is not None
        if gebruikt and not bestaat:
            session.add(KennisGebruik(item_id=k.id, regio=regio, moment=moment, door=actor.wie))
        elif not gebruikt and bestaat:
            session.execute(
                delete(KennisGebruik).where(
                    KennisGebruik.item_id == k.id, KennisGebruik.regio == regio
                )
            )
        session.flush()
        aantal = select(func.count()).where(KennisGebruik.item_id == k.id)
        k.gebruikt_door = int(session.scalar(aantal) or 0)
        _schrijf_audit(
            session,
            actor.wie,
            "gebruik van kennisbankitem gemeld" if gebruikt else "gebruik ingetrokken",
            k,
            voor,
            moment,
            regio=regio,
        )
    return k


# ---------------------------------------------------------------- harvest (kennisbank.oogst)

LANDELIJK = "landelijk"  # the regio of harvested items: national material, no single region


def importeer(
    session: Session, wie: str, item: Item, *, bestaand: int | None, bron: str
) -> KennisItem:
    """A harvested item, in the harvest's transaction: new, or new content for ``bestaand``.

    Published at once: it comes from a named national repository (``bron``, e.g. Edurep) whose
    providers already curate it, so the national team does not moderate it again; the audit
    record names the source. Only ``kennisbank.oogst`` calls this."""
    item = controleer(item)
    moment = nu()
    k = session.get(KennisItem, bestaand) if bestaand is not None else None
    voor, oud = (None, None) if k is None else (_velden(k), k.zoektekst)
    if k is None:
        k = KennisItem(
            regio=LANDELIJK,
            vestiging=None,
            gebruikt_door=0,
            auteur_rol=Rol.LANDELIJK.value,
            aangemaakt=moment,
            geweigerd_reden=None,
        )
        session.add(k)
    _vul(k, item)
    k.status, k.geweigerd_reden = GEPUBLICEERD, None
    k.gewijzigd, k.gewijzigd_door, k.gepubliceerd = moment, wie, moment
    session.flush()
    zoeken.indexeer(session, k, oud)
    _schrijf_audit(
        session,
        wie,
        f"kennisbankitem overgenomen uit {bron}"
        if voor is None
        else f"kennisbankitem bijgewerkt uit {bron}",
        k,
        voor,
        moment,
    )
    return k


def verwijder_geoogst(session: Session, wie: str, item_id: int, *, bron: str) -> None:
    """A harvested item whose record the source deleted: taken off (status ``geweigerd`` with
    the reason), so search no longer finds it and the audit log keeps what it was."""
    k = session.get(KennisItem, item_id)
    if k is None or k.status == GEWEIGERD:
        return
    voor, moment = _velden(k), nu()
    k.status, k.geweigerd_reden = GEWEIGERD, f"Verwijderd bij de bron ({bron})."
    k.gewijzigd, k.gewijzigd_door = moment, wie
    session.flush()
    _schrijf_audit(session, wie, f"kennisbankitem verwijderd bij {bron}", k, voor, moment)
