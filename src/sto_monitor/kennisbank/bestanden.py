"""Files attached to a kennisbank item: attach, remove, list and read them.

A contributor who may edit the item (``KENNIS_BIJDRAGEN`` on the item's *stored* regio and
vestiging, as ``opslag.bewerk`` asks) attaches a file; the same person removes it. What is kept:

- Only a few types, recognised from the bytes themselves (``bestandsoort.herken``), never
  from the browser's content type or the file name: PDF, PNG, JPEG, Word, Excel, PowerPoint,
  OpenDocument and plain UTF-8 text. Macro-enabled Office files are refused.
- At most ``max_bytes`` (the setting ``STO_MAX_UPLOAD_MB``) and :data:`MAX_PER_ITEM` files.
- On disk under a random name in the uploads folder (``Settings.bestanden_map``, outside the
  package and its static files), so no name a person chose ever becomes a path. The original
  name is kept sanitised (``bestandsoort.schone_naam``), with the extension of the recognised type.
- Every write is audited in its own transaction. Attaching a file to a published item makes it
  a concept again, as editing does (``opslag.bewerk``): what is public has been moderated.
  Removing a file keeps the status (it adds nothing unmoderated) and deletes the bytes too.

A file is public when its item is published; before that only those who may edit or moderate
the item read it (:func:`lees`), so the national team can look at it before publishing.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisBestand, KennisItem, nu
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.kennisbank.bestandsoort import TYPEN, herken, schone_naam
from sto_monitor.kennisbank.item import CONCEPT, GEPUBLICEERD

__all__ = ["TYPEN", "Bestand", "herken", "lees", "schone_naam", "van_item", "verwijder", "voeg_toe"]

SOORT = "kennisbestand"  # the kind of object in the audit log
MAX_PER_ITEM = 20


@dataclass(frozen=True)
class Bestand:
    """A file of an item, as pages and the API show it."""

    id: int
    item_id: int
    naam: str
    media_type: str
    grootte: int
    sha256: str
    aangemaakt: datetime

    @property
    def url(self) -> str:
        return f"/kennisbank/{self.item_id}/bestand/{self.id}"

    @property
    def soort(self) -> str:
        """The type in words ("PDF", "Word-document")."""
        return next((t.naam for t in TYPEN.values() if t.media_type == self.media_type), "")

    @property
    def grootte_tekst(self) -> str:
        """The size as a person reads it: "850 kB", "1,2 MB"."""
        if self.grootte < 1_000_000:
            return f"{max(1, round(self.grootte / 1000))} kB"
        return f"{self.grootte / 1_000_000:.1f} MB".replace(".", ",")


def _bestand(rij: KennisBestand) -> Bestand:
    return Bestand(
        rij.id, rij.item_id, rij.naam, rij.media_type, rij.grootte, rij.sha256, rij.aangemaakt
    )


# ---------------------------------------------------------------- writes


def _laad_item(session: Session, item_id: int) -> KennisItem:
    k = session.get(KennisItem, item_id) if item_id > 0 else None
    if k is None:
        raise NotFoundError(f"Kennisbankitem {item_id} bestaat niet.")
    return k


def voeg_toe(
    db: AppDatabase,
    actor: Actor | None,
    item_id: int,
    naam: str,
    data: bytes,
    *,
    map_: Path,
    max_bytes: int,
) -> Bestand:
    """Attach ``data`` (uploaded as ``naam``) to an item the actor may edit."""
    with db.transactie() as session:
        k = _laad_item(session, item_id)
        beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
    assert actor is not None  # vereis lets no one without an account write
    if len(data) > max_bytes:
        raise ParameterError(
            f"Het bestand is te groot: hoogstens {max_bytes // 1_000_000} MB. "
            "Verklein het of deel het op."
        )
    soort = herken(data)
    opslagnaam = secrets.token_hex(16)
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / opslagnaam
    tijdelijk = map_ / f".{opslagnaam}.deel"
    tijdelijk.write_bytes(data)
    os.chmod(tijdelijk, 0o600)
    os.replace(tijdelijk, pad)
    try:
        with db.transactie() as session:
            k = _laad_item(session, item_id)
            beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
            aantal = select(func.count()).where(KennisBestand.item_id == k.id)
            if int(session.scalar(aantal) or 0) >= MAX_PER_ITEM:
                raise ParameterError(
                    f"Een item heeft hoogstens {MAX_PER_ITEM} bestanden. Verwijder er eerst één."
                )
            moment = nu()
            rij = KennisBestand(
                item_id=k.id,
                naam=schone_naam(naam, soort),
                opslagnaam=opslagnaam,
                media_type=TYPEN[soort].media_type,
                grootte=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                aangemaakt=moment,
                door=actor.wie,
            )
            session.add(rij)
            status_voor = k.status
            if k.status == GEPUBLICEERD:  # new public content is moderated anew
                k.status, k.gewijzigd, k.gewijzigd_door = CONCEPT, moment, actor.wie
            session.flush()
            audit.schrijf(
                session,
                wie=actor.wie,
                actie="bestand toegevoegd aan kennisbankitem",
                soort=SOORT,
                object_id=rij.id,
                regio=k.regio,
                na={**_velden(rij), "item_status_voor": status_voor, "item_status": k.status},
                moment=moment,
            )
            return _bestand(rij)
    except BaseException:
        pad.unlink(missing_ok=True)
        raise


def _velden(rij: KennisBestand) -> dict[str, object]:
    """What the audit log records of a file."""
    return {
        "item_id": rij.item_id,
        "naam": rij.naam,
        "media_type": rij.media_type,
        "grootte": rij.grootte,
        "sha256": rij.sha256,
    }


def verwijder(
    db: AppDatabase, actor: Actor | None, item_id: int, bestand_id: int, *, map_: Path
) -> None:
    """Remove a file from an item the actor may edit: its row, audited, and its bytes."""
    with db.transactie() as session:
        k = _laad_item(session, item_id)
        beleid.vereis(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
        assert actor is not None
        rij = session.get(KennisBestand, bestand_id) if bestand_id > 0 else None
        if rij is None or rij.item_id != k.id:
            raise NotFoundError(f"Bestand {bestand_id} hoort niet bij dit item.")
        opslagnaam, moment = rij.opslagnaam, nu()
        k.gewijzigd, k.gewijzigd_door = moment, actor.wie  # harvesters see the record changed
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="bestand verwijderd van kennisbankitem",
            soort=SOORT,
            object_id=rij.id,
            regio=k.regio,
            voor=_velden(rij),
            moment=moment,
        )
        session.delete(rij)
    (map_ / opslagnaam).unlink(missing_ok=True)


# ---------------------------------------------------------------- reads


def van_item(db: AppDatabase, item_id: int) -> list[Bestand]:
    """The files of an item, oldest first (the caller decides whether the item may be seen)."""
    with db.transactie() as session:
        query = (
            select(KennisBestand)
            .where(KennisBestand.item_id == item_id)
            .order_by(KennisBestand.aangemaakt, KennisBestand.id)
        )
        return [_bestand(r) for r in session.scalars(query).all()]


def van_items(db: AppDatabase, item_ids: list[int]) -> dict[int, list[Bestand]]:
    """The files of many items at once (the API's list)."""
    with db.transactie() as session:
        return bij_items(session, item_ids)


def bij_items(session: Session, item_ids: list[int]) -> dict[int, list[Bestand]]:
    """The files of many items, in the caller's transaction (the OAI-PMH endpoint)."""
    uit: dict[int, list[Bestand]] = {i: [] for i in item_ids}
    if not item_ids:
        return uit
    query = (
        select(KennisBestand)
        .where(KennisBestand.item_id.in_(item_ids))
        .order_by(KennisBestand.item_id, KennisBestand.aangemaakt, KennisBestand.id)
    )
    for r in session.scalars(query).all():
        uit[r.item_id].append(_bestand(r))
    return uit


def lees(
    db: AppDatabase, actor: Actor | None, item_id: int, bestand_id: int, *, map_: Path
) -> tuple[Bestand, Path, bool]:
    """A file to download: its record, its path on disk, and whether it is public (its item is
    published). Before publication only who may edit or moderate the item reads it; anyone
    else gets NotFoundError, as for a file that does not exist."""
    with db.transactie() as session:
        k = session.get(KennisItem, item_id) if item_id > 0 else None
        rij = session.get(KennisBestand, bestand_id) if bestand_id > 0 else None
        if k is None or rij is None or rij.item_id != k.id:
            raise NotFoundError("Dit bestand bestaat niet.")
        openbaar = k.status == GEPUBLICEERD
        mag = openbaar or (
            beleid.besluit(actor, Recht.KENNIS_BIJDRAGEN, regio=k.regio, vestiging=k.vestiging)
            or beleid.besluit(actor, Recht.KENNIS_MODEREREN)
        )
        if not mag:
            raise NotFoundError("Dit bestand bestaat niet.")
        bestand, pad = _bestand(rij), map_ / rij.opslagnaam
    if not pad.is_file():
        raise NotFoundError("Dit bestand is niet meer beschikbaar.")
    return bestand, pad, openbaar
