"""What a report is made of: sections holding numbered tables and figures.

These records hold published values only (cells of ``publicatie.gegevens.Snapshot`` tables,
already through disclosure control) and chart specs from ``publicatie.charts``; the template
decides how they look. A report module builds a :class:`Rapport`; it never writes HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN
from sto_monitor.publicatie.gegevens import getal


@dataclass(frozen=True)
class Tabel:
    """A table of published rows; ``kolommen`` are (key in the row, Dutch header)."""

    titel: str
    kolommen: Sequence[tuple[str, str]]
    rijen: Sequence[dict[str, Any]]
    nummer: str | None = None  # "Tabel 4.1" in the national chapter
    noot: str | None = None
    leeg: str = "Geen rijen voor deze selectie."  # shown when there are no rows

    def getalkolommen(self) -> frozenset[str]:
        """Columns that hold only numbers (published cells: also ``<5``, ``x``, intervals)."""
        return frozenset(
            key
            for key, _ in self.kolommen
            if any(r.get(key) not in (None, "") for r in self.rijen)
            and all(_getalcel(r.get(key)) for r in self.rijen)
        )


@dataclass(frozen=True)
class Figuur:
    """A chart (a Vega-Lite spec) or a map (SVG), with a text alternative and its numbers."""

    titel: str
    beschrijving: str  # text alternative: what the figure shows, in one or two sentences
    spec: dict[str, Any] | None = None  # from publicatie.charts; drawn as SVG by opmaak
    svg: Markup | None = None  # a ready SVG (maps from publicatie.kaart)
    tabel: Tabel | None = None  # the figure's numbers, printed under it
    nummer: str | None = None  # "Figuur 4.3"
    noot: str | None = None
    breedte: int = 620  # chart width in CSS pixels (A4 text width is about 640)


AFGESCHERMD_IN_GRAFIEK = (
    "Afgeschermde aantallen (<5, x) staan niet in de grafiek; de tabel eronder geeft ze."
)


def _getalcel(value: object) -> bool:
    if value is None or value == "" or isinstance(value, int | float):
        return not isinstance(value, bool)
    text = str(value)
    if text in (KLEIN, GEHEIM):
        return True
    return getal(text) is not None


Onderdeel = Tabel | Figuur


@dataclass(frozen=True)
class Sectie:
    """A numbered heading with text, tables and figures; ``ontbreekt`` replaces the content."""

    id: str  # anchor, unique within the report
    titel: str
    tekst: Sequence[str] = ()  # paragraphs (plain text)
    onderdelen: Sequence[Onderdeel] = ()
    ontbreekt: str | None = None  # why this section has no figures (source not loaded, ...)
    subsecties: Sequence[Sectie] = ()


@dataclass(frozen=True)
class Bronbestand:
    """One loaded source file a report's figures come from (provenance)."""

    bestand: str
    formaat: str
    schooljaar: int | None
    rijen: int | None
    sha256: str


@dataclass(frozen=True)
class Rapport:
    soort: str  # "regioportret" or "landelijk"
    titel: str
    ondertitel: str
    datum: dt.date  # the one date in the report (see opmaak.rapportdatum)
    schooljaar: int | None  # the school year the report is about
    jaren: Sequence[int]  # every school year loaded
    secties: Sequence[Sectie]
    bronnen: Sequence[Bronbestand] = ()
    methode_versie: str = ""
    techniek: str = "sto"
    waarschuwing: str | None = None  # e.g. "demo-indeling, niet officieel"
    metadata: dict[str, str] = field(default_factory=dict)  # PDF keywords, region code, ...


def nummer(secties: Sequence[Sectie]) -> list[Sectie]:
    """Number every table and figure in reading order: Tabel 1, 2, ...; Figuur 1, 2, ...."""
    teller = {"Tabel": 0, "Figuur": 0}

    def volgende(soort: str) -> str:
        teller[soort] += 1
        return f"{soort} {teller[soort]}"

    def sectie(s: Sectie) -> Sectie:
        onderdelen: list[Onderdeel] = []
        for o in s.onderdelen:
            if isinstance(o, Tabel):
                onderdelen.append(replace(o, nummer=volgende("Tabel")))
            else:
                tabel = o.tabel
                f = replace(o, nummer=volgende("Figuur"))
                if tabel is not None:
                    f = replace(f, tabel=replace(tabel, nummer=volgende("Tabel")))
                onderdelen.append(f)
        return replace(s, onderdelen=onderdelen, subsecties=[sectie(x) for x in s.subsecties])

    return [sectie(s) for s in secties]
