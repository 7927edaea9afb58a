"""A region's visiedocument and evaluatie in the application database: drafts and versions.

One :class:`~sto_monitor.appdb.tabellen.Regiodocument` per regio, soort and schooljaar holds
the draft texts per section id; :func:`dien_in` adds a numbered
:class:`~sto_monitor.appdb.tabellen.RegiodocumentVersie` with the texts and every figure with
its provenance frozen in ``inhoud``. A later draft never changes a submitted version.

The policy (``accounts/beleid.py``) decides here, on the regio of the document:
``REGIODOCUMENT_SCHRIJVEN`` (only a `regio` account on its own regio) writes, submits and reads
drafts; ``REGIO_INTERN`` (the national team, the commission and the own regio) reads submitted
versions. Every write asks ``beleid.vereis`` and writes its audit record in the same
transaction. Nothing a person typed is cut: a text longer than the limit is refused with a
message naming the section, and the caller keeps the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor.accounts import beleid
from sto_monitor.accounts.beleid import Actor, Recht
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Regiodocument, RegiodocumentVersie, nu
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.indicators.export import weergave
from sto_monitor.planner import ondergrens as planner_ondergrens
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.regiodocument.inhoud import Document, maak
from sto_monitor.regiodocument.secties import MAX_TEKST, Soort, soort

SOORT = "regiodocument"  # the kind of object in the audit log
EERSTE_JAAR, LAATSTE_JAAR = 2000, 2100
LEEG = (
    "Er is nog niets geschreven: vul eerst minstens één onderdeel in voordat u het document "
    "indient."
)
REGIOCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z")


class Gewijzigd(ParameterError):
    """The draft changed since the editor was opened (another tab or person saved it)."""

    def __init__(self, bericht: str, gewijzigd: datetime) -> None:
        super().__init__(bericht)
        self.gewijzigd = gewijzigd


@dataclass(frozen=True)
class Concept:
    teksten: Mapping[str, str]
    gewijzigd: datetime | None  # None: nothing saved yet
    gewijzigd_door: str | None = None  # Actor.wie

    @property
    def kenmerk(self) -> str:
        """What the editor sends back, to notice a change made meanwhile."""
        return self.gewijzigd.isoformat() if self.gewijzigd is not None else ""


@dataclass(frozen=True)
class Versie:
    nummer: int
    ingediend: datetime
    ingediend_door: str  # Actor.wie: "regio pl@example.nl" (pages show the role only)
    inhoud: Mapping[str, Any] = field(repr=False)

    def document(self) -> Document:
        return Document.van_inhoud(self.inhoud, nummer=self.nummer, moment=self.ingediend)


@dataclass(frozen=True)
class Overzicht:
    """One document of a region, for its list: the versions, and the draft for the region."""

    soort: str
    schooljaar: int
    versies: tuple[tuple[int, datetime], ...]  # (nummer, ingediend)
    concept_gewijzigd: datetime | None  # only for whoever may read the draft


# ---------------------------------------------------------------- checks


def _controleer(regio: str, soortnaam: str, schooljaar: int) -> Soort:
    if not REGIOCODE.match(regio):
        raise ParameterError(f"Onbekende regiocode {regio[:40]!r}.")
    if not EERSTE_JAAR <= schooljaar <= LAATSTE_JAAR:
        raise ParameterError(f"Onbekend schooljaar {schooljaar}.")
    return soort(soortnaam)


def controleer_teksten(s: Soort, teksten: Mapping[str, str]) -> dict[str, str]:
    """The texts as stored: line ends normalised, outer white space removed. A text over
    :data:`MAX_TEKST` characters is refused (never cut), naming every section concerned."""
    onbekend = sorted(set(teksten) - set(s.ids))
    if onbekend:
        raise ParameterError(f"Onbekend onderdeel {onbekend[0][:40]!r} van het document.")
    schoon = {
        id: tekst.replace("\r\n", "\n").replace("\r", "\n").strip() for id, tekst in teksten.items()
    }
    te_lang = [(s.sectie(id).titel, len(t)) for id, t in schoon.items() if len(t) > MAX_TEKST]
    if te_lang:
        welke = "; ".join(f'"{titel}" heeft {weergave(n)} tekens' for titel, n in te_lang)
        raise ParameterError(
            f"Niet bewaard: een tekst mag hoogstens {weergave(MAX_TEKST)} tekens hebben ({welke}). "
            "Uw tekst staat hieronder nog; maak hem korter en bewaar opnieuw."
        )
    return schoon


def _document(
    session: Session, regio: str, soortnaam: str, schooljaar: int
) -> Regiodocument | None:
    return session.scalars(
        select(Regiodocument).where(
            Regiodocument.regio == regio,
            Regiodocument.soort == soortnaam,
            Regiodocument.schooljaar == schooljaar,
        )
    ).one_or_none()


def _object_id(regio: str, soortnaam: str, schooljaar: int) -> str:
    return f"{regio}/{soortnaam}/{schooljaar}"


# ---------------------------------------------------------------- drafts


def concept(
    db: AppDatabase, actor: Actor | None, regio: str, soortnaam: str, schooljaar: int
) -> Concept:
    """The draft (empty when nothing was saved yet): only for the region itself."""
    s = _controleer(regio, soortnaam, schooljaar)
    beleid.vereis(actor, Recht.REGIODOCUMENT_SCHRIJVEN, regio=regio)
    with db.transactie() as session:
        doc = _document(session, regio, s.soort, schooljaar)
        if doc is None:
            return Concept({}, None)
        return Concept(dict(doc.concept), doc.gewijzigd, doc.gewijzigd_door)


def _schrijf_concept(
    session: Session,
    actor: Actor,
    regio: str,
    s: Soort,
    schooljaar: int,
    teksten: Mapping[str, str],
    kenmerk: str | None,
) -> Regiodocument | None:
    """Merge ``teksten`` into the draft (creating the document when there is text), with its
    audit record; None when there is no document and nothing to write."""
    moment = nu()
    doc = _document(session, regio, s.soort, schooljaar)
    if kenmerk is not None and doc is not None and doc.gewijzigd.isoformat() != kenmerk:
        raise Gewijzigd(
            "Het concept is intussen ergens anders bewaard (in een ander venster of door een "
            "collega). Uw tekst staat hieronder nog. Bewaar opnieuw om de andere versie te "
            "vervangen door de uwe, of open het concept opnieuw om die eerst te lezen.",
            doc.gewijzigd,
        )
    oud: dict[str, str] = dict(doc.concept) if doc is not None else {}
    nieuw = {**oud, **teksten}
    veranderd = sorted(id for id in nieuw if nieuw[id] != oud.get(id, ""))
    if doc is None and not veranderd:
        return None
    if doc is None:
        doc = Regiodocument(
            regio=regio,
            soort=s.soort,
            schooljaar=schooljaar,
            concept=nieuw,
            gewijzigd=moment,
            gewijzigd_door=actor.wie,
        )
        session.add(doc)
    elif not veranderd:
        return doc
    else:
        doc.concept = nieuw
        doc.gewijzigd = moment
        doc.gewijzigd_door = actor.wie
    session.flush()
    kop = {"soort": s.soort, "schooljaar": schooljaar}
    audit.schrijf(
        session,
        wie=actor.wie,
        actie=f"{s.titel.lower()} concept bewaard",
        soort=SOORT,
        object_id=_object_id(regio, s.soort, schooljaar),
        regio=regio,
        voor={**kop, "teksten": {id: oud.get(id, "") for id in veranderd}},
        na={**kop, "teksten": {id: nieuw[id] for id in veranderd}},
        moment=moment,
    )
    return doc


def bewaar_concept(
    db: AppDatabase,
    actor: Actor | None,
    regio: str,
    soortnaam: str,
    schooljaar: int,
    teksten: Mapping[str, str],
    *,
    kenmerk: str | None = None,
) -> Concept:
    """Save the draft texts (merged into the stored ones) with an audit record; nothing is
    written when nothing changed. ``kenmerk``: :attr:`Concept.kenmerk` as the editor showed
    it; when the draft was saved elsewhere since, :class:`Gewijzigd` is raised."""
    s = _controleer(regio, soortnaam, schooljaar)
    wie = beleid.vereis(actor, Recht.REGIODOCUMENT_SCHRIJVEN, regio=regio)
    assert wie is not None  # vereis raises for nobody
    schoon = controleer_teksten(s, teksten)
    with db.transactie() as session:
        doc = _schrijf_concept(session, wie, regio, s, schooljaar, schoon, kenmerk)
        if doc is None:
            return Concept({}, None)
        return Concept(dict(doc.concept), doc.gewijzigd, doc.gewijzigd_door)


# ---------------------------------------------------------------- versions


def dien_in(
    db: AppDatabase,
    actor: Actor | None,
    snap: Snapshot,
    regio: str,
    soortnaam: str,
    schooljaar: int,
    teksten: Mapping[str, str] | None = None,
    *,
    kenmerk: str | None = None,
) -> Versie:
    """Submit the draft (after saving ``teksten`` into it, when given) as the next version:
    its texts and every figure of ``snap`` with its provenance, frozen in one transaction
    with the audit record."""
    s = _controleer(regio, soortnaam, schooljaar)
    wie = beleid.vereis(actor, Recht.REGIODOCUMENT_SCHRIJVEN, regio=regio)
    assert wie is not None
    schoon = controleer_teksten(s, teksten or {})
    grens = (
        planner_ondergrens.lees(db, regio),
        planner_ondergrens.is_eigen(db, regio),
    )
    with db.transactie() as session:
        doc = _schrijf_concept(session, wie, regio, s, schooljaar, schoon, kenmerk)
        if doc is None:
            raise ParameterError(LEEG)
        moment = nu()
        nummer = max((v.nummer for v in doc.versies), default=0) + 1
        document = maak(
            snap, regio, s.soort, schooljaar, doc.concept, ondergrens=grens, nummer=nummer
        )
        if document.leeg:
            raise ParameterError(LEEG)
        inhoud = document.als_inhoud()
        versie = RegiodocumentVersie(
            document_id=doc.id,
            nummer=nummer,
            ingediend=moment,
            ingediend_door=wie.wie,
            inhoud=inhoud,
        )
        session.add(versie)
        session.flush()
        audit.schrijf(
            session,
            wie=wie.wie,
            actie=f"{s.titel.lower()} ingediend (versie {nummer})",
            soort=SOORT,
            object_id=_object_id(regio, s.soort, schooljaar),
            regio=regio,
            na={
                "soort": s.soort,
                "schooljaar": schooljaar,
                "versie": nummer,
                "cijfers": inhoud["herkomst"],
            },
            moment=moment,
        )
        return Versie(nummer, moment, wie.wie, inhoud)


def versies(
    db: AppDatabase, actor: Actor | None, regio: str, soortnaam: str, schooljaar: int
) -> list[Versie]:
    """The submitted versions, oldest first (``REGIO_INTERN``)."""
    s = _controleer(regio, soortnaam, schooljaar)
    beleid.vereis(actor, Recht.REGIO_INTERN, regio=regio)
    with db.transactie() as session:
        doc = _document(session, regio, s.soort, schooljaar)
        if doc is None:
            return []
        return [Versie(v.nummer, v.ingediend, v.ingediend_door, v.inhoud) for v in doc.versies]


def versie(
    db: AppDatabase, actor: Actor | None, regio: str, soortnaam: str, schooljaar: int, nummer: int
) -> Versie:
    """One submitted version (``REGIO_INTERN``); an unknown one is a :class:`NotFoundError`."""
    s = _controleer(regio, soortnaam, schooljaar)
    beleid.vereis(actor, Recht.REGIO_INTERN, regio=regio)
    with db.transactie() as session:
        doc = _document(session, regio, s.soort, schooljaar)
        gevonden = next((v for v in doc.versies if v.nummer == nummer), None) if doc else None
        if gevonden is None:
            raise NotFoundError(
                f"Versie {nummer} van dit {s.titel.lower()} bestaat niet (nog niet ingediend?)."
            )
        return Versie(gevonden.nummer, gevonden.ingediend, gevonden.ingediend_door, gevonden.inhoud)


def documenten(db: AppDatabase, actor: Actor | None, regio: str) -> list[Overzicht]:
    """The region's documents (``REGIO_INTERN``), newest school year first. Whoever may not
    read drafts sees only documents with a submitted version, and no draft dates."""
    if not REGIOCODE.match(regio):
        raise ParameterError(f"Onbekende regiocode {regio[:40]!r}.")
    beleid.vereis(actor, Recht.REGIO_INTERN, regio=regio)
    eigen = beleid.besluit(actor, Recht.REGIODOCUMENT_SCHRIJVEN, regio=regio)
    with db.transactie() as session:
        docs: Sequence[Regiodocument] = session.scalars(
            select(Regiodocument)
            .where(Regiodocument.regio == regio)
            .order_by(Regiodocument.schooljaar.desc(), Regiodocument.soort)
        ).all()
        return [
            Overzicht(
                soort=d.soort,
                schooljaar=d.schooljaar,
                versies=tuple((v.nummer, v.ingediend) for v in d.versies),
                concept_gewijzigd=d.gewijzigd if eigen else None,
            )
            for d in docs
            if eigen or d.versies
        ]
