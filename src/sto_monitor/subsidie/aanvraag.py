"""A region's application as typed records, and its JSON form for the application database.

The application is one document: the plan (programme lines and activities, linked to the
monitor's goals and the survey's interventions), the budget lines per cost category and calendar
year, the assets (depreciated by ``afschrijving.py``, never entered as a budget line), the
partners and their co-financing commitments, and the split over schools. Every amount is cents.
``als_json``/``van_json`` round-trip exactly; ``van_json`` refuses what it cannot read with a
:class:`~sto_monitor.errors.ParameterError` naming the field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sto_monitor.errors import ParameterError
from sto_monitor.subsidie.geld import Cent

VORMEN = ("geld", "natura")  # co-financing: cash or in kind
VERDEELMETHODEN = ("naar_rato", "handmatig")


@dataclass(frozen=True)
class Programmalijn:
    id: str
    naam: str
    omschrijving: str = ""


@dataclass(frozen=True)
class Activiteit:
    id: str
    programmalijn: str  # Programmalijn.id
    naam: str
    omschrijving: str = ""
    doelen: tuple[str, ...] = ()  # the monitor's goals (indicator names)
    interventies: tuple[str, ...] = ()  # the survey's intervention items


@dataclass(frozen=True)
class Begrotingsregel:
    """One entered amount: a cost category in a calendar year (optionally for an activity)."""

    kostensoort: str  # Kostensoort.code
    jaar: int  # calendar year
    bedrag: Cent
    omschrijving: str = ""
    activiteit: str | None = None  # Activiteit.id


@dataclass(frozen=True)
class Activum:
    """An asset (a machine): booked only by its depreciation within the period."""

    naam: str
    klasse: str  # Activaklasse.code
    aanschafprijs: Cent
    aanschafdatum: date
    termijn_jaren: int  # the term used; the class's term unless stated otherwise
    # The region booked the whole price at once (not allowed: validation names it).
    volledig_geboekt: bool = False


@dataclass(frozen=True)
class Partner:
    naam: str
    soort: str  # "bedrijf", "vo", "mbo", "po", "overig"


@dataclass(frozen=True)
class Toezegging:
    """A partner's co-financing commitment (or, in the accountability, its realisation)."""

    partner: str  # Partner.naam
    jaar: int
    bedrag: Cent
    vorm: str = "geld"  # one of VORMEN


@dataclass(frozen=True)
class Schooldeel:
    """One school's part of the split (vestiging code or a name), with its techniekleerlingen
    from the monitor when the method is naar rato."""

    school: str
    naam: str
    techniekleerlingen: int | None = None
    bedrag: Cent | None = None  # handmatig: entered; naar_rato: computed, not stored


@dataclass(frozen=True)
class Verdeling:
    """The split of the budget: a central part, the rest over schools."""

    methode: str = "naar_rato"  # one of VERDEELMETHODEN
    centraal: Cent = 0  # per period
    scholen: tuple[Schooldeel, ...] = ()
    schooljaar: int | None = None  # the monitor's school year whose counts were used


@dataclass(frozen=True)
class Aanvraag:
    regio: str
    regeling: str  # Regeling.code
    programmalijnen: tuple[Programmalijn, ...] = ()
    activiteiten: tuple[Activiteit, ...] = ()
    regels: tuple[Begrotingsregel, ...] = ()
    activa: tuple[Activum, ...] = ()
    partners: tuple[Partner, ...] = ()
    toezeggingen: tuple[Toezegging, ...] = ()
    verdeling: Verdeling = field(default_factory=Verdeling)
    toelichting: str = ""

    def als_json(self) -> dict[str, Any]:
        """Plain JSON (dates as ISO text, tuples as lists)."""
        data = asdict(self)
        for a in data["activa"]:
            a["aanschafdatum"] = a["aanschafdatum"].isoformat()
        return _lijsten(data)  # type: ignore[no-any-return]

    @classmethod
    def van_json(cls, data: dict[str, Any]) -> Aanvraag:
        try:
            return cls(
                regio=str(data["regio"]),
                regeling=str(data["regeling"]),
                programmalijnen=tuple(Programmalijn(**p) for p in data.get("programmalijnen", [])),
                activiteiten=tuple(
                    Activiteit(
                        **{
                            **a,
                            "doelen": tuple(a.get("doelen", ())),
                            "interventies": tuple(a.get("interventies", ())),
                        }
                    )
                    for a in data.get("activiteiten", [])
                ),
                regels=tuple(Begrotingsregel(**r) for r in data.get("regels", [])),
                activa=tuple(
                    Activum(**{**a, "aanschafdatum": date.fromisoformat(a["aanschafdatum"])})
                    for a in data.get("activa", [])
                ),
                partners=tuple(Partner(**p) for p in data.get("partners", [])),
                toezeggingen=tuple(Toezegging(**t) for t in data.get("toezeggingen", [])),
                verdeling=_verdeling(data.get("verdeling") or {}),
                toelichting=str(data.get("toelichting", "")),
            )
        except (KeyError, TypeError, ValueError) as fout:
            raise ParameterError(f"De aanvraag is niet te lezen: {fout}") from fout


@dataclass(frozen=True)
class Verantwoording:
    """One calendar year's accountability: realised spending per cost category (lines as in
    the budget), the depreciation booked, co-financing realised, and the region's explanations
    (by cost category code, or "algemeen", "cofinanciering")."""

    regio: str
    regeling: str
    jaar: int
    realisatie: tuple[Begrotingsregel, ...] = ()
    afschrijving_geboekt: Cent = 0
    cofinanciering: tuple[Toezegging, ...] = ()
    toelichtingen: dict[str, str] = field(default_factory=dict)

    def als_json(self) -> dict[str, Any]:
        return _lijsten(asdict(self))  # type: ignore[no-any-return]

    @classmethod
    def van_json(cls, data: dict[str, Any]) -> Verantwoording:
        try:
            return cls(
                regio=str(data["regio"]),
                regeling=str(data["regeling"]),
                jaar=int(data["jaar"]),
                realisatie=tuple(Begrotingsregel(**r) for r in data.get("realisatie", [])),
                afschrijving_geboekt=int(data.get("afschrijving_geboekt", 0)),
                cofinanciering=tuple(Toezegging(**t) for t in data.get("cofinanciering", [])),
                toelichtingen={str(k): str(v) for k, v in data.get("toelichtingen", {}).items()},
            )
        except (KeyError, TypeError, ValueError) as fout:
            raise ParameterError(f"De verantwoording is niet te lezen: {fout}") from fout


def _verdeling(data: dict[str, Any]) -> Verdeling:
    return Verdeling(
        methode=data.get("methode", "naar_rato"),
        centraal=int(data.get("centraal", 0)),
        scholen=tuple(Schooldeel(**s) for s in data.get("scholen", [])),
        schooljaar=data.get("schooljaar"),
    )


def _lijsten(waarde: Any) -> Any:
    if isinstance(waarde, dict):
        return {k: _lijsten(v) for k, v in waarde.items()}
    if isinstance(waarde, list | tuple):
        return [_lijsten(v) for v in waarde]
    return waarde
