"""Companies and their internship places in the application database: register, confirm,
publish, change, withdraw (the reads are in ``lezen.py``).

Who may: a `bedrijf` account registers its company and publishes that company's places
(``Recht.STAGES_PLAATSEN``, a role right); *which* company is its own is decided here, against
the company record's account (``eigenaar_id``), loaded by id inside the transaction, so the id
of another company's place is refused whatever the request said (no IDOR). The national team
may act for any company. A company publishes only once it is confirmed
(``Recht.BEDRIJF_BEVESTIGEN``, an object right on the regio of the company's address: that
region's `regio` accounts, or `landelijk`; a company outside every region only by
`landelijk`). Every write asks :func:`beleid.vereis` and writes an audit record in the same
transaction.

Expiry: a place is current up to and including its ``eind`` date; from the next day it is
``verlopen``. Nothing is deleted: :func:`actueel` is the filter every search uses, and
:func:`sto_monitor.stagebank.lezen.plaatsen_van` lists current and expired places separately.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    StageBedrijf,
    StagePlaats,
    StagePlaatsProfiel,
    nu,
)
from sto_monitor.errors import ForbiddenError
from sto_monitor.stagebank.lezen import eis_eigen, laad_bedrijf, laad_plaats
from sto_monitor.stagebank.plek import Plek, PlekFout, Postcodes, postcode

BEDRIJF, PLAATS = "stagebedrijf", "stageplaats"  # the kinds of object in the audit log


def actueel(vandaag: date) -> ColumnElement[bool]:
    """The SQL filter of a place that can be found: not withdrawn, its period not over, its
    company confirmed (join :class:`StageBedrijf`)."""
    return and_(
        StagePlaats.eind >= vandaag,
        StagePlaats.ingetrokken.is_(False),
        StageBedrijf.bevestigd.is_not(None),
    )


def _bedrijf_velden(b: StageBedrijf) -> dict[str, Any]:
    return {
        "naam": b.naam,
        "adres": b.adres,
        "postcode": b.postcode,
        "plaats": b.plaats,
        "regio": b.regio,
        "bevestigd": b.bevestigd.isoformat() if b.bevestigd else None,
    }


def _zet(p: StagePlaats, plek: Plek, actor: Actor) -> None:
    p.titel = plek.titel
    p.omschrijving = plek.omschrijving
    p.leerwegen = {"leerwegen": list(plek.leerwegen)}
    p.begin, p.eind, p.aantal = plek.begin, plek.eind, plek.aantal
    p.adres, p.postcode = plek.adres, plek.postcode
    p.pc4, p.plaats, p.regio = plek.locatie.pc4, plek.locatie.plaats, plek.locatie.regio
    p.lat, p.lon = plek.locatie.lat, plek.locatie.lon
    p.contact_naam, p.contact_email = plek.contact_naam, plek.contact_email
    p.contact_telefoon = plek.contact_telefoon
    p.profielen = [StagePlaatsProfiel(profiel=x) for x in plek.profielen]
    p.gewijzigd, p.gewijzigd_door = nu(), actor.wie


# ---------------------------------------------------------------- companies


def registreer_bedrijf(
    db: AppDatabase, actor: Actor, *, naam: str, adres: str, postcode_tekst: str, pcs: Postcodes
) -> StageBedrijf:
    """A new company, owned by the `bedrijf` account that registers it, located by postcode;
    unconfirmed until its region confirms it."""
    beleid.vereis(actor, Recht.STAGES_PLAATSEN)
    fouten: dict[str, list[str]] = {}
    naam, adres = naam.strip(), adres.strip()
    if not naam or len(naam) > 200:
        fouten["naam"] = ["Vul de naam van het bedrijf in (hoogstens 200 tekens)."]
    if not adres or len(adres) > 300:
        fouten["adres"] = ["Vul het adres in (straat en huisnummer)."]
    gevonden = postcode(postcode_tekst, pcs)
    if isinstance(gevonden, str):
        fouten["postcode"] = [gevonden]
    if fouten or isinstance(gevonden, str):
        raise PlekFout(fouten)
    pc, locatie = gevonden
    if actor.rol is Rol.BEDRIJF and actor.id is None:
        raise ForbiddenError("Een bedrijf registreren kan alleen met een account.")
    moment = nu()
    with db.transactie() as session:
        b = StageBedrijf(
            naam=naam,
            eigenaar_id=actor.id if actor.rol is Rol.BEDRIJF else None,
            adres=adres,
            postcode=pc,
            pc4=locatie.pc4,
            plaats=locatie.plaats,
            regio=locatie.regio,
            lat=locatie.lat,
            lon=locatie.lon,
            aangemaakt=moment,
            bevestigd=None,
            bevestigd_door=None,
        )
        session.add(b)
        session.flush()
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="bedrijf aangemeld",
            soort=BEDRIJF,
            object_id=b.id,
            regio=b.regio,
            na=_bedrijf_velden(b),
            moment=moment,
        )
    return b


def bevestig_bedrijf(db: AppDatabase, actor: Actor, bedrijf_id: int) -> StageBedrijf:
    """The region of the company's address (or the national team) confirms the company."""
    with db.transactie() as session:
        b = laad_bedrijf(session, bedrijf_id)
        # "" rather than None: a company outside every region is confirmed by landelijk only
        # (with no object at all, the policy would only ask whether the role holds the right).
        beleid.vereis(actor, Recht.BEDRIJF_BEVESTIGEN, regio=b.regio or "")
        voor = _bedrijf_velden(b)
        moment = nu()
        b.bevestigd, b.bevestigd_door = moment, actor.wie
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="bedrijf bevestigd",
            soort=BEDRIJF,
            object_id=b.id,
            regio=b.regio,
            voor=voor,
            na=_bedrijf_velden(b),
            moment=moment,
        )
    return b


# ---------------------------------------------------------------- places


def publiceer(db: AppDatabase, actor: Actor, bedrijf_id: int, plek: Plek) -> StagePlaats:
    """A new place of the actor's own, confirmed company."""
    with db.transactie() as session:
        b = laad_bedrijf(session, bedrijf_id)
        eis_eigen(actor, b)
        if b.bevestigd is None:
            raise ForbiddenError(
                "Uw bedrijf is nog niet bevestigd door de regio. Zodra de regio het bevestigt, "
                "kunt u stageplaatsen publiceren."
            )
        p = StagePlaats(bedrijf_id=b.id, ingetrokken=False)
        _zet(p, plek, actor)
        session.add(p)
        session.flush()
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="stageplaats gepubliceerd",
            soort=PLAATS,
            object_id=p.id,
            regio=b.regio,
            na=plek.velden(),
            moment=p.gewijzigd,
        )
    return p


def wijzig(db: AppDatabase, actor: Actor, plaats_id: int, plek: Plek) -> StagePlaats:
    """New details for a place of the actor's own company."""
    with db.transactie() as session:
        p = laad_plaats(session, plaats_id)
        b = laad_bedrijf(session, p.bedrijf_id)
        eis_eigen(actor, b)
        voor = _plaats_velden(p)
        _zet(p, plek, actor)
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="stageplaats gewijzigd",
            soort=PLAATS,
            object_id=p.id,
            regio=b.regio,
            voor=voor,
            na=plek.velden(),
            moment=p.gewijzigd,
        )
    return p


def trek_in(db: AppDatabase, actor: Actor, plaats_id: int) -> StagePlaats:
    """Withdraw a place before its end (it is filled, or the company stops)."""
    with db.transactie() as session:
        p = laad_plaats(session, plaats_id)
        b = laad_bedrijf(session, p.bedrijf_id)
        eis_eigen(actor, b)
        p.ingetrokken = True
        p.gewijzigd, p.gewijzigd_door = nu(), actor.wie
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="stageplaats ingetrokken",
            soort=PLAATS,
            object_id=p.id,
            regio=b.regio,
            voor={"ingetrokken": False},
            na={"ingetrokken": True},
            moment=p.gewijzigd,
        )
    return p


def _plaats_velden(p: StagePlaats) -> dict[str, Any]:
    return {
        "titel": p.titel,
        "profielen": sorted(x.profiel for x in p.profielen),
        "leerwegen": list(p.leerwegen.get("leerwegen", [])),
        "begin": p.begin.isoformat(),
        "eind": p.eind.isoformat(),
        "aantal": p.aantal,
        "adres": p.adres,
        "postcode": p.postcode,
        "contact_naam": p.contact_naam,
        "contact_email": p.contact_email,
    }
