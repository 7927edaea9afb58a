"""The records of a subsidy application's workflow: statuses, questions, assessments,
decisions and the dossier that holds them. Amounts are cents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sto_monitor.errors import ParameterError
from sto_monitor.subsidie.aanvraag import Aanvraag, Verantwoording
from sto_monitor.subsidie.geld import Cent

SOORT = "subsidieaanvraag"  # the kind of object in the audit log
MAX_TEKST = 20_000  # a question, answer or explanation; longer is refused, never cut
REGIOCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z")
REGELINGCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}\Z")


class Gewijzigd(ParameterError):
    """The draft changed since the editor was opened (another tab or person saved it)."""

    def __init__(self, bericht: str, gewijzigd: datetime) -> None:
        super().__init__(bericht)
        self.gewijzigd = gewijzigd


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
TOEGEKEND = (Status.TOEGEKEND, Status.AANGEPAST)  # granted: accountability follows
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
