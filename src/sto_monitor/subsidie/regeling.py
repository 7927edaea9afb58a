"""A subsidy regulation as a typed record: what ``laden.py`` reads from ``regelingen/*.toml``.

Nothing here is a number; every number is in a regulation's file, with the source it comes from.
A value the public sources do not give (a per-region maximum, a national ceiling for an early
year) is ``None`` and shown as "niet ingevuld", never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sto_monitor.subsidie.geld import Cent

NIET_INGEVULD = "niet ingevuld"


@dataclass(frozen=True)
class Kostensoort:
    """A cost category of a budget, and whether this regulation pays for it."""

    code: str  # e.g. "personeel", "huisvesting", "afschrijving", "onvoorzien"
    naam: str  # the reader's words
    subsidiabel: bool
    toelichting: str = ""
    # The most this category may be of the application's total (onvoorzien), or None.
    maximum_aandeel: Fraction | None = None
    # Computed from the assets, never entered as a budget line (afschrijving).
    uit_activa: bool = False


@dataclass(frozen=True)
class Activaklasse:
    """A class of assets and its straight-line depreciation term."""

    code: str  # e.g. "machines", "inventaris", "ict"
    naam: str
    termijn_jaren: int


@dataclass(frozen=True)
class Termijn:
    """A deadline of the regulation (aanvragen, verantwoording per jaar, ...)."""

    code: str
    naam: str
    datum: date


@dataclass(frozen=True)
class Criterium:
    """A criterion on which the commission scores an application."""

    code: str
    naam: str
    toelichting: str
    maximum_score: int


@dataclass(frozen=True)
class Cofinanciering:
    """The companies' share and how it is measured."""

    aandeel: Fraction  # e.g. 3/40 (7.5 %) of the subsidy
    # What the share is of: "subsidie" (the subsidy granted) or "totale_kosten".
    grondslag: str
    # When it must be reached: "einde_periode" (cumulatively, at the end of the period).
    moment: str
    vormen: tuple[str, ...]  # accepted forms: "geld", "natura"
    toelichting: str = ""


@dataclass(frozen=True)
class Regeling:
    """One regulation: its period, ceilings, cost categories, co-financing, depreciation and
    deadlines. ``bron`` states where every number comes from."""

    code: str  # stable id, the file's name: "sto-2025-2028"
    naam: str
    bron: str
    eerste_jaar: int  # calendar years, inclusive
    laatste_jaar: int
    # The national budget for the regions per calendar year; None: not public here.
    plafond_per_jaar: dict[int, Cent | None]
    # The total over the period for all regions, when the regulation states one.
    plafond_totaal: Cent | None
    # The most one techniekluw region may receive over the period, when stated.
    maximum_techniekluw: Cent | None
    # Per-region maxima over the period by regio code; a region not listed: not public here,
    # entered by the national team in the application database.
    maximum_per_regio: dict[str, Cent]
    kostensoorten: tuple[Kostensoort, ...]
    cofinanciering: Cofinanciering
    afschrijving_methode: str  # "lineair_per_maand"
    activaklassen: tuple[Activaklasse, ...]
    termijnen: tuple[Termijn, ...]
    criteria: tuple[Criterium, ...]
    # What public pages may show, by name: "toegekend_per_regio" (the amount per region).
    openbaar: tuple[str, ...] = ()
    toelichting: str = ""
    bestand: str = ""  # the file it was read from (for messages)
    opmerkingen: dict[str, str] = field(default_factory=dict)  # field → where its value is from

    @property
    def jaren(self) -> range:
        return range(self.eerste_jaar, self.laatste_jaar + 1)

    @property
    def periode(self) -> str:
        return f"{self.eerste_jaar}\u2013{self.laatste_jaar}"

    def kostensoort(self, code: str) -> Kostensoort | None:
        return next((k for k in self.kostensoorten if k.code == code), None)

    def activaklasse(self, code: str) -> Activaklasse | None:
        return next((k for k in self.activaklassen if k.code == code), None)
