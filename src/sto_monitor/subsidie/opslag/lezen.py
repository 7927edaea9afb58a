"""Reading applications: ``SUBSIDIE_INZIEN`` per row; the public amounts need no actor."""

from __future__ import annotations

from sqlalchemy import select

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    SubsidieAanvraag,
    SubsidieBesluit,
    SubsidieRegiomaximum,
)
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.opslag.dossier import (
    TOEGEKEND,
    Dossier,
    Status,
)
from sto_monitor.subsidie.opslag.rijen import (
    als_dossier,
    als_dossiers,
    controleer_codes,
    rij_van,
    zoek_rij,
)


def dossier(db: AppDatabase, actor: Actor | None, regio: str, regeling: str) -> Dossier | None:
    """The region's application under a regulation (``SUBSIDIE_INZIEN``), or None."""
    controleer_codes(regio, regeling)
    beleid.vereis(actor, Recht.SUBSIDIE_INZIEN, regio=regio)
    with db.transactie() as session:
        rij = zoek_rij(session, regio, regeling)
        return als_dossier(session, rij) if rij is not None else None


def dossier_van(db: AppDatabase, actor: Actor | None, aanvraag_id: int) -> Dossier:
    """An application by its id (``SUBSIDIE_INZIEN`` on its regio); NotFoundError if none."""
    beleid.vereis(actor, Recht.SUBSIDIE_INZIEN)
    with db.transactie() as session:
        rij = rij_van(session, aanvraag_id)
        beleid.vereis(actor, Recht.SUBSIDIE_INZIEN, regio=rij.regio)
        return als_dossier(session, rij)


def dossiers(db: AppDatabase, actor: Actor | None, regeling: str) -> list[Dossier]:
    """Every region's application under a regulation: all of them for the commission and the
    national team, the own ones for a region (``SUBSIDIE_INZIEN`` per row)."""
    beleid.vereis(actor, Recht.SUBSIDIE_INZIEN)
    with db.transactie() as session:
        rijen = session.scalars(
            select(SubsidieAanvraag)
            .where(SubsidieAanvraag.regeling == regeling)
            .order_by(SubsidieAanvraag.regio)
        ).all()
        zichtbaar = [
            r for r in rijen if beleid.besluit(actor, Recht.SUBSIDIE_INZIEN, regio=r.regio)
        ]
        return als_dossiers(session, zichtbaar)


def regiomaxima(db: AppDatabase, regeling: str) -> dict[str, Cent]:
    """The per-region maxima the national team entered (beside the regulation's own)."""
    with db.transactie() as session:
        rijen = session.scalars(
            select(SubsidieRegiomaximum).where(SubsidieRegiomaximum.regeling == regeling)
        ).all()
        return {r.regio: r.bedrag for r in rijen}


def toegekend_openbaar(db: AppDatabase, regeling: str) -> dict[str, Cent]:
    """The amount granted per region: the one thing the regulation makes public. Only
    decided applications (toegekend or aangepast); no actor needed."""
    with db.transactie() as session:
        rijen = session.execute(
            select(SubsidieAanvraag.regio, SubsidieBesluit.bedrag)
            .join(SubsidieBesluit, SubsidieBesluit.aanvraag_id == SubsidieAanvraag.id)
            .where(
                SubsidieAanvraag.regeling == regeling,
                SubsidieBesluit.uitkomst.in_(TOEGEKEND),
            )
            .order_by(SubsidieAanvraag.regio)
        ).all()
        return {regio: int(bedrag) for regio, bedrag in rijen}


def zichtbaar(actor: Actor | None, d: Dossier | None) -> Dossier | None:
    """A draft is the region's own business until it is submitted: for anyone but the region
    itself (``SUBSIDIE_AANVRAGEN``) a concept is as if there were none."""
    if d is None:
        return None
    if d.status is Status.CONCEPT and not beleid.besluit(
        actor, Recht.SUBSIDIE_AANVRAGEN, regio=d.regio
    ):
        return None
    return d
