"""From rows of the application database to the workflow's records, and the checks and the
audit record that every write shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts.beleid import Actor
from sto_monitor.appdb import audit
from sto_monitor.appdb.tabellen import (
    SubsidieAanvraag,
    SubsidieAanvraagVersie,
    SubsidieBeoordeling,
    SubsidieBesluit,
    SubsidieVerantwoording,
    SubsidieVraag,
)
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.subsidie import begroting
from sto_monitor.subsidie.aanvraag import Aanvraag, Verantwoording
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.opslag.dossier import (
    MAX_TEKST,
    REGELINGCODE,
    REGIOCODE,
    SOORT,
    STATUS_NAAM,
    Beoordeling,
    Besluit,
    Dossier,
    Status,
    Vraag,
)
from sto_monitor.subsidie.regeling import Regeling


class HeeftAanvraag(Protocol):
    aanvraag_id: int


M = TypeVar("M", bound=HeeftAanvraag)


def aangevraagd(aanvraag: Aanvraag, regeling: Regeling) -> Cent:
    """The subsidy applied for: the budget of the categories the regulation pays for,
    depreciation of the assets included (``begroting.bereken``), frozen at submission."""
    return begroting.bereken(aanvraag, regeling).subsidiabel_totaal


def controleer_codes(regio: str, regeling: str) -> None:
    if not REGIOCODE.match(regio):
        raise ParameterError(f"Onbekende regiocode {regio[:40]!r}.")
    if not REGELINGCODE.match(regeling):
        raise ParameterError(f"Onbekende regeling {regeling[:60]!r}.")


def controleer_tekst(tekst: str, wat: str) -> str:
    schoon = tekst.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not schoon:
        raise ParameterError(f"{wat} is leeg.")
    if len(schoon) > MAX_TEKST:
        raise ParameterError(
            f"{wat} is te lang: hoogstens {MAX_TEKST} tekens, dit zijn er {len(schoon)}. "
            "Maak de tekst korter."
        )
    return schoon


def object_id(rij: SubsidieAanvraag) -> str:
    return f"{rij.regio}/{rij.regeling}"


def zoek_rij(session: Session, regio: str, regeling: str) -> SubsidieAanvraag | None:
    return session.scalars(
        select(SubsidieAanvraag).where(
            SubsidieAanvraag.regio == regio, SubsidieAanvraag.regeling == regeling
        )
    ).one_or_none()


def rij_van(session: Session, aanvraag_id: int) -> SubsidieAanvraag:
    rij = session.get(SubsidieAanvraag, aanvraag_id)
    if rij is None:
        raise NotFoundError(f"Aanvraag {aanvraag_id} bestaat niet.")
    return rij


def laatste_versie(session: Session, aanvraag_id: int) -> SubsidieAanvraagVersie | None:
    return session.scalars(
        select(SubsidieAanvraagVersie)
        .where(SubsidieAanvraagVersie.aanvraag_id == aanvraag_id)
        .order_by(SubsidieAanvraagVersie.nummer.desc())
        .limit(1)
    ).one_or_none()


def vereis_status(rij: SubsidieAanvraag, toegestaan: tuple[Status, ...], wat: str) -> None:
    if rij.status not in toegestaan:
        raise ParameterError(f"{wat} kan niet: de aanvraag is {STATUS_NAAM[Status(rij.status)]}.")


def schrijf_audit(
    session: Session,
    actor: Actor,
    rij: SubsidieAanvraag,
    actie: str,
    voor: dict[str, Any] | None,
    na: dict[str, Any] | None,
    moment: datetime,
) -> None:
    audit.schrijf(
        session,
        wie=actor.wie,
        actie=actie,
        soort=SOORT,
        object_id=object_id(rij),
        regio=rij.regio,
        voor=voor,
        na=na,
        moment=moment,
    )


def als_vraag(v: SubsidieVraag) -> Vraag:
    return Vraag(
        v.id, v.gesteld, v.gesteld_door, v.tekst, v.antwoord, v.beantwoord, v.beantwoord_door
    )


def als_beoordeling(b: SubsidieBeoordeling) -> Beoordeling:
    return Beoordeling(
        b.id,
        b.moment,
        b.door,
        {str(k): int(v) for k, v in b.scores.items()},
        {str(k): str(v) for k, v in b.opmerkingen.items()},
        b.advies,
        b.advies_bedrag,
        b.toelichting,
    )


def als_besluit(b: SubsidieBesluit) -> Besluit:
    return Besluit(
        b.moment,
        b.door,
        Status(b.uitkomst),
        b.bedrag,
        {int(j): int(v) for j, v in b.per_jaar.items()},
        b.toelichting,
    )


def als_dossier(session: Session, rij: SubsidieAanvraag) -> Dossier:
    return als_dossiers(session, [rij])[0]


def per_aanvraag(rijen: Sequence[M]) -> dict[int, list[M]]:
    uit: dict[int, list[M]] = {}
    for r in rijen:
        uit.setdefault(r.aanvraag_id, []).append(r)
    return uit


def als_dossiers(session: Session, rijen: Sequence[SubsidieAanvraag]) -> list[Dossier]:
    """Everything about these applications, read in one transaction with one query per table
    (the national overview lists every region's application)."""
    ids = [r.id for r in rijen]
    if not ids:
        return []
    nieuwste = (
        select(
            SubsidieAanvraagVersie.aanvraag_id,
            func.max(SubsidieAanvraagVersie.nummer).label("nummer"),
        )
        .where(SubsidieAanvraagVersie.aanvraag_id.in_(ids))
        .group_by(SubsidieAanvraagVersie.aanvraag_id)
        .subquery()
    )
    versies = {
        v.aanvraag_id: v
        for v in session.scalars(
            select(SubsidieAanvraagVersie).join(
                nieuwste,
                (SubsidieAanvraagVersie.aanvraag_id == nieuwste.c.aanvraag_id)
                & (SubsidieAanvraagVersie.nummer == nieuwste.c.nummer),
            )
        )
    }
    vragen = per_aanvraag(
        session.scalars(
            select(SubsidieVraag)
            .where(SubsidieVraag.aanvraag_id.in_(ids))
            .order_by(SubsidieVraag.id)
        ).all()
    )
    beoordelingen = per_aanvraag(
        session.scalars(
            select(SubsidieBeoordeling)
            .where(SubsidieBeoordeling.aanvraag_id.in_(ids))
            .order_by(SubsidieBeoordeling.id)
        ).all()
    )
    besluiten = {
        b.aanvraag_id: b
        for b in session.scalars(
            select(SubsidieBesluit).where(SubsidieBesluit.aanvraag_id.in_(ids))
        )
    }
    verantwoordingen = per_aanvraag(
        session.scalars(
            select(SubsidieVerantwoording)
            .where(SubsidieVerantwoording.aanvraag_id.in_(ids))
            .order_by(SubsidieVerantwoording.jaar)
        ).all()
    )
    uit: list[Dossier] = []
    for rij in rijen:
        versie = versies.get(rij.id)
        if versie is not None and rij.status != Status.CONCEPT:
            aanvraag = Aanvraag.van_json(versie.inhoud["aanvraag"])
        else:
            aanvraag = Aanvraag.van_json(rij.concept)
        besluit = besluiten.get(rij.id)
        jaren = verantwoordingen.get(rij.id, [])
        uit.append(
            Dossier(
                id=rij.id,
                regio=rij.regio,
                regeling=rij.regeling,
                status=Status(rij.status),
                aanvraag=aanvraag,
                gewijzigd=rij.gewijzigd,
                gewijzigd_door=rij.gewijzigd_door,
                ingediend=rij.ingediend,
                versie=versie.nummer if versie is not None else 0,
                vragen=tuple(als_vraag(v) for v in vragen.get(rij.id, [])),
                beoordelingen=tuple(als_beoordeling(b) for b in beoordelingen.get(rij.id, [])),
                besluit=als_besluit(besluit) if besluit is not None else None,
                verantwoordingen={v.jaar: Verantwoording.van_json(v.inhoud) for v in jaren},
                verantwoording_ingediend={
                    v.jaar: v.ingediend for v in jaren if v.ingediend is not None
                },
            )
        )
    return uit


def periode_van(session: Session, rij: SubsidieAanvraag) -> tuple[range, Cent]:
    """The regulation's years and the amount applied for, as frozen at the last submission."""
    versie = laatste_versie(session, rij.id)
    if versie is None:
        raise ParameterError("De aanvraag is nog niet ingediend.")
    r = versie.inhoud["regeling"]
    return range(int(r["eerste_jaar"]), int(r["laatste_jaar"]) + 1), int(
        versie.inhoud["aangevraagd"]
    )
