"""Applications, questions, assessments, decisions and accountability in the application
database: the workflow of a subsidy application.

    concept ──dien_in──► ingediend ──neem_in_behandeling/beoordeel──► in_beoordeling
        ──beslis──► toegekend | afgewezen | aangepast (granted with another amount)

The policy (``accounts/beleid.py``) decides here, on the regio of the application:
``SUBSIDIE_AANVRAGEN`` (the own region only) writes the draft, submits it, answers questions and
writes the accountability; ``SUBSIDIE_INZIEN`` (the own region, the commission, the national
team) reads; ``BEOORDELEN`` (commission, national team) asks questions and scores;
``SUBSIDIE_BESLISSEN`` (the national team) decides and enters per-region maxima. Every write
asks ``beleid.vereis`` and writes its audit record in the same transaction. Amounts are cents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sto_monitor.accounts.beleid import Actor
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.subsidie.aanvraag import Aanvraag, Verantwoording
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.regeling import Regeling

SOORT = "subsidieaanvraag"  # the kind of object in the audit log


class Status(StrEnum):
    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    IN_BEOORDELING = "in_beoordeling"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    AANGEPAST = "aangepast"  # granted, with another amount than applied for


STATUS_NAAM: dict[Status, str] = {
    Status.CONCEPT: "concept",
    Status.INGEDIEND: "ingediend",
    Status.IN_BEOORDELING: "in beoordeling",
    Status.TOEGEKEND: "toegekend",
    Status.AFGEWEZEN: "afgewezen",
    Status.AANGEPAST: "toegekend met aangepast bedrag",
}
BESLUITEN = (Status.TOEGEKEND, Status.AFGEWEZEN, Status.AANGEPAST)
ADVIEZEN = ("toekennen", "aanpassen", "afwijzen")


@dataclass(frozen=True)
class Vraag:
    id: int
    gesteld: datetime
    gesteld_door: str  # Actor.wie
    tekst: str
    antwoord: str | None = None
    beantwoord: datetime | None = None
    beantwoord_door: str | None = None


@dataclass(frozen=True)
class Beoordeling:
    """The commission's assessment: a score per criterion code, remarks, an advised amount."""

    id: int
    moment: datetime
    door: str
    scores: dict[str, int]
    opmerkingen: dict[str, str]
    advies: str  # one of ADVIEZEN
    advies_bedrag: Cent
    toelichting: str = ""


@dataclass(frozen=True)
class Besluit:
    moment: datetime
    door: str
    uitkomst: Status  # one of BESLUITEN
    bedrag: Cent  # granted over the period (0 when afgewezen)
    per_jaar: dict[int, Cent]
    toelichting: str = ""


@dataclass(frozen=True)
class Dossier:
    """An application with everything that happened to it."""

    id: int
    regio: str
    regeling: str
    status: Status
    aanvraag: Aanvraag  # the current draft, or the submitted version once submitted
    gewijzigd: datetime
    gewijzigd_door: str
    ingediend: datetime | None = None
    versie: int = 0  # number of submissions
    vragen: tuple[Vraag, ...] = ()
    beoordelingen: tuple[Beoordeling, ...] = ()
    besluit: Besluit | None = None
    verantwoordingen: dict[int, Verantwoording] = field(default_factory=dict)  # by year
    verantwoording_ingediend: dict[int, datetime] = field(default_factory=dict)

    @property
    def kenmerk(self) -> str:
        """Changes when the draft is saved (optimistic locking of the editor)."""
        return self.gewijzigd.isoformat()


def dossier(db: AppDatabase, actor: Actor | None, regio: str, regeling: str) -> Dossier | None:
    """The region's application under a regulation (``SUBSIDIE_INZIEN``), or None."""
    raise NotImplementedError


def dossiers(db: AppDatabase, actor: Actor | None, regeling: str) -> list[Dossier]:
    """Every region's application under a regulation: all of them for the commission and the
    national team, the own ones for a region (``SUBSIDIE_INZIEN`` per row)."""
    raise NotImplementedError


def bewaar(
    db: AppDatabase, actor: Actor | None, aanvraag: Aanvraag, *, kenmerk: str | None = None
) -> Dossier:
    """Save the draft (``SUBSIDIE_AANVRAGEN``; only while concept). ``kenmerk`` the draft's
    kenmerk when the editor opened: a different one raises ``Gewijzigd`` (nothing is lost)."""
    raise NotImplementedError


def dien_in(db: AppDatabase, actor: Actor | None, regeling: Regeling, regio: str) -> Dossier:
    """Submit the draft: refused (ParameterError listing them) while ``validatie`` finds
    blocking problems; freezes a numbered version."""
    raise NotImplementedError


def stel_vraag(db: AppDatabase, actor: Actor | None, aanvraag_id: int, tekst: str) -> Vraag:
    """The commission or the national team asks the region a question (``BEOORDELEN``)."""
    raise NotImplementedError


def beantwoord(
    db: AppDatabase, actor: Actor | None, aanvraag_id: int, vraag_id: int, tekst: str
) -> Vraag:
    """The region answers (``SUBSIDIE_AANVRAGEN``)."""
    raise NotImplementedError


def beoordeel(
    db: AppDatabase,
    actor: Actor | None,
    regeling: Regeling,
    aanvraag_id: int,
    *,
    scores: dict[str, int],
    opmerkingen: dict[str, str],
    advies: str,
    advies_bedrag: Cent,
    toelichting: str = "",
) -> Beoordeling:
    """Score per criterion of the regulation (``BEOORDELEN``); ingediend → in_beoordeling."""
    raise NotImplementedError


def beslis(
    db: AppDatabase,
    actor: Actor | None,
    aanvraag_id: int,
    *,
    uitkomst: Status,
    bedrag: Cent,
    per_jaar: dict[int, Cent],
    toelichting: str = "",
) -> Besluit:
    """The national team's decision (``SUBSIDIE_BESLISSEN``); per_jaar adds up to bedrag."""
    raise NotImplementedError


def bewaar_verantwoording(
    db: AppDatabase, actor: Actor | None, verantwoording: Verantwoording, *, indienen: bool
) -> Dossier:
    """Save (and with ``indienen`` submit) a year's accountability (``SUBSIDIE_AANVRAGEN``;
    only for a granted application, a year of its period)."""
    raise NotImplementedError


def regiomaxima(db: AppDatabase, regeling: str) -> dict[str, Cent]:
    """The per-region maxima the national team entered (beside the regulation's own)."""
    raise NotImplementedError


def zet_regiomaximum(
    db: AppDatabase, actor: Actor | None, regeling: str, regio: str, bedrag: Cent | None
) -> None:
    """Enter (or with None clear) a region's maximum (``SUBSIDIE_BESLISSEN``)."""
    raise NotImplementedError


def toegekend_openbaar(db: AppDatabase, regeling: str) -> dict[str, Cent]:
    """The amount granted per region: the one thing the regulation makes public. Only
    decided applications (toegekend or aangepast); no actor needed."""
    raise NotImplementedError
