"""What a person typed into a form, kept as text, and reading typed values from it with every
problem beside its field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache

from fastapi import Request

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.subsidie.geld import Cent, lees_bedrag
from sto_monitor.survey import vragenlijst
from sto_monitor.web.toegang import formulier_alle

EXTRA = 3  # empty rows shown under every repeating section
MAX_RIJEN = 200  # rows per section a form may post; more is refused (4xx), never cut
MAX_VELD = 20_000
SECTIES = ("lijn", "act", "activum", "partner", "toezegging", "school", "cof")
SOORTEN_PARTNER = {
    "bedrijf": "bedrijf",
    "vo": "vo-school",
    "mbo": "mbo-instelling",
    "po": "basisschool",
    "overig": "overig",
}
RIJ = re.compile(r"^([a-z]+)-(\d{1,4})-")
DATUM_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass
class Invoer:
    """A form as typed: field name -> values (a checkbox repeats), rows per section, and the
    problem found at a field (field name -> Dutch message)."""

    velden: dict[str, list[str]] = field(default_factory=dict)
    rijen: dict[str, int] = field(default_factory=dict)
    fouten: dict[str, str] = field(default_factory=dict)

    def w(self, naam: str) -> str:
        """The typed text of a field ('' when none)."""
        return (self.velden.get(naam) or [""])[-1]

    def gekozen(self, naam: str, waarde: str) -> bool:
        return waarde in self.velden.get(naam, [])

    def zet(self, naam: str, waarde: str) -> None:
        self.velden[naam] = [waarde]

    def aantal(self, sectie: str) -> int:
        return self.rijen.get(sectie, EXTRA)

    def fout(self, naam: str, melding: str) -> None:
        self.fouten.setdefault(naam, melding)


async def invoer_van_post(request: Request) -> Invoer:
    """The posted form (URL-encoded), every value of a repeated name kept."""
    velden = await formulier_alle(request)
    invoer = Invoer(velden={k: [v[:MAX_VELD] for v in w] for k, w in velden.items()})
    for naam in velden:
        m = RIJ.match(naam)
        if m and m.group(1) in SECTIES:
            nummer = int(m.group(2))
            if nummer >= MAX_RIJEN:
                raise ParameterError(f"Het formulier heeft te veel regels (meer dan {MAX_RIJEN}).")
            invoer.rijen[m.group(1)] = max(invoer.rijen.get(m.group(1), 0), nummer + 1)
    return invoer


def meer(invoer: Invoer, sectie: str) -> None:
    """Show more empty rows of a section ("Meer regels")."""
    if sectie in SECTIES:
        invoer.rijen[sectie] = min(invoer.aantal(sectie) + EXTRA, MAX_RIJEN)


def als_tekst(cent: Cent | None) -> str:
    """Cents as a person types them: 4000000 → '40.000', 123456 → '1.234,56'."""
    if cent is None:
        return ""
    teken = "-" if cent < 0 else ""
    heel, rest = divmod(abs(cent), 100)
    tekst = f"{heel:,}".replace(",", ".")
    return f"{teken}{tekst}" if rest == 0 else f"{teken}{tekst},{rest:02d}"


def bedrag_uit(invoer: Invoer, naam: str, wat: str, *, verplicht: bool = False) -> Cent | None:
    tekst = invoer.w(naam).strip()
    if not tekst:
        if verplicht:
            invoer.fout(naam, f"{wat}: vul een bedrag in.")
        return None
    try:
        return lees_bedrag(tekst, veld=wat)
    except ParameterError as fout:
        invoer.fout(naam, str(fout))
        return None


def geheel_uit(invoer: Invoer, naam: str, wat: str, laag: int, hoog: int) -> int | None:
    tekst = invoer.w(naam).strip()
    if not tekst.isdigit() or not laag <= int(tekst) <= hoog:
        invoer.fout(naam, f"{wat}: '{tekst}' is geen heel getal van {laag} tot en met {hoog}.")
        return None
    return int(tekst)


def datum_uit(invoer: Invoer, naam: str, wat: str) -> date | None:
    tekst = invoer.w(naam).strip()
    try:
        if m := DATUM_NL.match(tekst):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(tekst)
    except ValueError:
        invoer.fout(naam, f"{wat}: '{tekst}' is geen datum. Schrijf bijvoorbeeld 15-3-2026.")
        return None


INTERVENTIEBLOK = "aandacht"  # the survey's block on the interventions a region works on


@lru_cache(maxsize=1)
def indicatoren() -> tuple[tuple[str, str], ...]:
    """The monitor's goals an activity can link to: (indicator name, Dutch title)."""
    return tuple((i.naam, i.titel) for i in INDICATORS if not i.naam.endswith("_samenvatting"))


@lru_cache(maxsize=1)
def interventies() -> tuple[tuple[str, str], ...]:
    """The interventions the newest survey asks about: (item id, Dutch label)."""
    golf = max(vragenlijst.beschikbare_golven())
    lijst = vragenlijst.laad(golf)
    blok = next((b for b in lijst.blokken if b.id == INTERVENTIEBLOK), None)
    return tuple((i.id, i.tekst) for i in blok.items) if blok else ()


def breuk(n: Fraction | None) -> str:
    """A count as shown: whole, or with one decimal (an interval's midpoint)."""
    if n is None:
        return "onbekend"
    if n.denominator == 1:
        return f"{n.numerator:,}".replace(",", ".")
    tiende = int(n * 10 + Fraction(1, 2))
    return f"{tiende // 10:,}".replace(",", ".") + f",{tiende % 10}"
