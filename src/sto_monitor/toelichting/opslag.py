"""Toelichtingen in the application database: write, edit, publish, hide, read, history.

Every write asks the policy (``beleid.vereis``) on the object's own regio and vestiging: for a
new toelichting those it is written for, for an existing one those stored with it, loaded by
its id inside the transaction, so an id of another region's toelichting is refused whatever
the request said (no IDOR). Each write adds a :class:`ToelichtingVersie` (the history) and an
audit record in the same transaction. An unknown id is a :class:`NotFoundError`.

Statuses: ``concept`` (only the region sees it), ``gepubliceerd`` (on the public region page
and in the regioportret), ``verborgen`` (hidden by the national team, with its reason; the
region can no longer change it, the national team can publish it again). Saving a published
toelichting as a concept takes it off the public pages.

``versie(db)`` is a counter that changes with every write (the number of versions), for the
caches of the public pages (``verversen.py``).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Toelichting, ToelichtingVersie, nu
from sto_monitor.errors import ForbiddenError, NotFoundError, ParameterError, StoError
from sto_monitor.settings import Settings
from sto_monitor.toelichting import onderwerpen
from sto_monitor.toelichting.opmaak import MAX_REDEN, MAX_TEKST

CONCEPT, GEPUBLICEERD, VERBORGEN = "concept", "gepubliceerd", "verborgen"
STATUSSEN = (CONCEPT, GEPUBLICEERD, VERBORGEN)
SOORT = "toelichting"  # the kind of object in the audit log
REGIOCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z")
VESTIGINGCODE = re.compile(r"[A-Za-z0-9]{1,20}\Z")
LOG = logging.getLogger(__name__)


# ---------------------------------------------------------------- checks


def controleer_tekst(tekst: str) -> str:
    """The text as stored: line ends normalised, not empty, not too long (Dutch message)."""
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not tekst:
        raise ParameterError("Schrijf eerst een toelichting: het tekstvak is leeg.")
    if len(tekst) > MAX_TEKST:
        raise ParameterError(
            f"De toelichting is te lang: {len(tekst)} tekens, hoogstens {MAX_TEKST}. "
            "Maak de tekst korter."
        )
    return tekst


def controleer_reden(reden: str) -> str:
    reden = reden.replace("\r\n", "\n").strip()
    if not reden:
        raise ParameterError("Geef een reden op: waarom wordt deze toelichting verborgen?")
    if len(reden) > MAX_REDEN:
        raise ParameterError(f"De reden is te lang: hoogstens {MAX_REDEN} tekens.")
    return reden


def _persoon(actor: Actor) -> int:
    """The account id of the author (a toelichting is always signed by an account)."""
    if actor.id is None:
        raise ForbiddenError("Een toelichting schrijven of verbergen kan alleen met een account.")
    return actor.id


def _codes(regio: str, vestiging: str | None) -> None:
    if not REGIOCODE.match(regio):
        raise ParameterError(f"Onbekende regiocode {regio[:40]!r}.")
    if vestiging is not None and not VESTIGINGCODE.match(vestiging):
        raise ParameterError(f"Onbekende vestigingscode {vestiging[:40]!r}.")


def _velden(t: Toelichting) -> dict[str, Any]:
    """What the audit log records of a toelichting (no account ids: the log names the actor)."""
    return {
        "regio": t.regio,
        "vestiging": t.vestiging,
        "onderwerp": t.onderwerp,
        "schooljaar": t.schooljaar,
        "status": t.status,
        "tekst": t.tekst,
        "verborgen_reden": t.verborgen_reden,
        "versie": t.versie,
    }


def _versie_erbij(session: Session, t: Toelichting, door: int, reden: str | None = None) -> None:
    session.add(
        ToelichtingVersie(
            toelichting_id=t.id,
            versie=t.versie,
            moment=t.gewijzigd,
            door=door,
            status=t.status,
            tekst=t.tekst,
            reden=reden,
        )
    )


def _laad(session: Session, toelichting_id: int) -> Toelichting:
    t = session.get(Toelichting, toelichting_id) if toelichting_id > 0 else None
    if t is None:
        raise NotFoundError(f"Toelichting {toelichting_id} bestaat niet.")
    return t


# ---------------------------------------------------------------- writes


def schrijf(
    db: AppDatabase,
    actor: Actor,
    *,
    regio: str,
    onderwerp: str,
    schooljaar: int | None = None,
    vestiging: str | None = None,
    tekst: str,
    publiceer: bool = False,
) -> Toelichting:
    """A new toelichting of ``regio`` (and ``vestiging``, for a school), as a concept or
    published at once. The caller names the regio of a vestiging (the web takes it from the
    published snapshot)."""
    _codes(regio, vestiging)
    beleid.vereis(actor, Recht.TOELICHTING_SCHRIJVEN, regio=regio, vestiging=vestiging)
    door = _persoon(actor)
    onderwerp, schooljaar = onderwerpen.controleer(onderwerp, schooljaar)
    tekst = controleer_tekst(tekst)
    moment = nu()
    status = GEPUBLICEERD if publiceer else CONCEPT
    with db.transactie() as session:
        t = Toelichting(
            regio=regio,
            vestiging=vestiging,
            onderwerp=onderwerp,
            schooljaar=schooljaar,
            status=status,
            tekst=tekst,
            auteur_id=door,
            auteur_rol=actor.rol.value,
            aangemaakt=moment,
            gewijzigd=moment,
            gepubliceerd=moment if publiceer else None,
            verborgen_reden=None,
            versie=1,
        )
        session.add(t)
        session.flush()
        _versie_erbij(session, t, door)
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="toelichting gepubliceerd" if publiceer else "toelichting als concept bewaard",
            soort=SOORT,
            object_id=t.id,
            regio=regio,
            na=_velden(t),
            moment=moment,
        )
    return t


def bewerk(
    db: AppDatabase, actor: Actor, toelichting_id: int, *, tekst: str, publiceer: bool = False
) -> Toelichting:
    """A new text for a toelichting, as a concept or published. A hidden toelichting can only
    be changed (and so published again) by the national team."""
    door = _persoon(actor)
    tekst = controleer_tekst(tekst)
    with db.transactie() as session:
        t = _laad(session, toelichting_id)
        beleid.vereis(actor, Recht.TOELICHTING_SCHRIJVEN, regio=t.regio, vestiging=t.vestiging)
        if t.status == VERBORGEN and actor.rol is not Rol.LANDELIJK:
            raise ForbiddenError(
                "Het landelijk team heeft deze toelichting verborgen; ze kan niet meer worden "
                "gewijzigd. Neem contact op met het landelijk team of schrijf een nieuwe."
            )
        voor = _velden(t)
        moment = nu()
        t.tekst = tekst
        t.status = GEPUBLICEERD if publiceer else CONCEPT
        t.gewijzigd = moment
        if publiceer:
            t.gepubliceerd = moment
            t.verborgen_reden = None
        t.versie += 1
        session.flush()
        _versie_erbij(session, t, door)
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="toelichting gewijzigd en gepubliceerd"
            if publiceer
            else "toelichting gewijzigd (concept)",
            soort=SOORT,
            object_id=t.id,
            regio=t.regio,
            voor=voor,
            na=_velden(t),
            moment=moment,
        )
    return t


def verberg(db: AppDatabase, actor: Actor, toelichting_id: int, reden: str) -> Toelichting:
    """Hide a toelichting from the public pages (the national team), keeping the reason."""
    beleid.vereis(actor, Recht.TOELICHTING_VERBERGEN)
    door = _persoon(actor)
    reden = controleer_reden(reden)
    with db.transactie() as session:
        t = _laad(session, toelichting_id)
        beleid.vereis(actor, Recht.TOELICHTING_VERBERGEN, regio=t.regio, vestiging=t.vestiging)
        voor = _velden(t)
        moment = nu()
        t.status = VERBORGEN
        t.verborgen_reden = reden
        t.gewijzigd = moment
        t.versie += 1
        session.flush()
        _versie_erbij(session, t, door, reden)
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="toelichting verborgen",
            soort=SOORT,
            object_id=t.id,
            regio=t.regio,
            voor=voor,
            na=_velden(t),
            moment=moment,
        )
    return t


# ---------------------------------------------------------------- reads


def _volgorde() -> tuple[Any, ...]:
    return (
        Toelichting.onderwerp,
        Toelichting.schooljaar.desc(),
        Toelichting.vestiging,
        Toelichting.id,
    )


def gepubliceerd(db: AppDatabase, regio: str) -> list[Toelichting]:
    """The published toelichtingen of a region (its vestigingen' too): public, no policy."""
    with db.transactie() as session:
        query = (
            select(Toelichting)
            .where(Toelichting.regio == regio, Toelichting.status == GEPUBLICEERD)
            .order_by(*_volgorde())
        )
        return list(session.scalars(query).all())


def van_regio(db: AppDatabase, actor: Actor | None, regio: str) -> list[Toelichting]:
    """Every toelichting of a region in every status, concepts too (``REGIO_INTERN``)."""
    beleid.vereis(actor, Recht.REGIO_INTERN, regio=regio)
    with db.transactie() as session:
        query = select(Toelichting).where(Toelichting.regio == regio).order_by(*_volgorde())
        return list(session.scalars(query).all())


def van_vestigingen(
    db: AppDatabase, actor: Actor | None, vestigingen: Sequence[str]
) -> list[Toelichting]:
    """Every toelichting of these vestigingen in every status (a school's own page)."""
    for vestiging in vestigingen:
        beleid.vereis(actor, Recht.REGIO_INTERN, vestiging=vestiging)
    if not vestigingen:
        return []
    with db.transactie() as session:
        query = (
            select(Toelichting)
            .where(Toelichting.vestiging.in_(list(vestigingen)))
            .order_by(*_volgorde())
        )
        return list(session.scalars(query).all())


def haal(db: AppDatabase, toelichting_id: int) -> Toelichting:
    """One toelichting by id, without a policy check: the caller checks the object
    (``web/toegang.vereis_object``) before showing anything of it."""
    with db.transactie() as session:
        return _laad(session, toelichting_id)


def geschiedenis(
    db: AppDatabase, actor: Actor | None, toelichting_id: int
) -> list[ToelichtingVersie]:
    """Every version of a toelichting, oldest first (``REGIO_INTERN`` on its regio)."""
    with db.transactie() as session:
        t = _laad(session, toelichting_id)
        beleid.vereis(actor, Recht.REGIO_INTERN, regio=t.regio, vestiging=t.vestiging)
        query = (
            select(ToelichtingVersie)
            .where(ToelichtingVersie.toelichting_id == t.id)
            .order_by(ToelichtingVersie.versie)
        )
        return list(session.scalars(query).all())


def versie(db: AppDatabase) -> int:
    """A counter that changes with every write: the number of versions of all toelichtingen."""
    with db.transactie() as session:
        return int(session.scalar(select(func.count()).select_from(ToelichtingVersie)) or 0)


def versies_per_regio(db: AppDatabase) -> dict[str, int]:
    """Per region the number of versions of its toelichtingen: which regions changed."""
    with db.transactie() as session:
        rijen = session.execute(
            select(Toelichting.regio, func.sum(Toelichting.versie)).group_by(Toelichting.regio)
        ).all()
    return {str(regio): int(n or 0) for regio, n in rijen}


# ---------------------------------------------------------------- the database of a warehouse

_BEKEND: dict[tuple[int, Path], AppDatabase] = {}


def registreer(warehouse: Path, db: AppDatabase) -> None:
    """The application database of ``warehouse`` in this process (the web's own)."""
    _BEKEND[(os.getpid(), warehouse.resolve())] = db


def database_van(warehouse: Path) -> AppDatabase | None:
    """The application database beside ``warehouse`` (or ``STO_APP_DB``), opened once per
    process; None when it does not exist yet (a SQLite file nobody wrote)."""
    sleutel = (os.getpid(), warehouse.resolve())
    if sleutel in _BEKEND:
        return _BEKEND[sleutel]
    url = replace(Settings.from_env(), db=warehouse).app_db_url
    if url.startswith("sqlite"):
        pad = url.split("///", 1)[1] if "///" in url else ""
        if not pad or pad == ":memory:" or not Path(pad).is_file():
            return None
    database = AppDatabase.van_url(url, migreren=False)  # a report only reads
    _BEKEND[sleutel] = database
    return database


def gepubliceerd_bij(warehouse: Path, regio: str) -> list[Toelichting]:
    """The published toelichtingen of a region for a report made from ``warehouse``; none
    when its application database does not exist or cannot be read."""
    try:
        database = database_van(warehouse)
        return gepubliceerd(database, regio) if database is not None else []
    except (StoError, SQLAlchemyError) as fout:
        LOG.warning("toelichtingen van %s niet te lezen: %s", regio, fout)
        return []
