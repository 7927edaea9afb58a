"""What a report is made of: sections holding numbered tables and figures.

These records hold published values only (cells of ``publicatie.gegevens.Snapshot`` tables,
already through disclosure control) and chart specs from ``publicatie.charts``; the template
decides how they look. A report module builds a :class:`Rapport`; it never writes HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.gegevens import getal

# The publication the national figures are numbered after, named in full wherever a report
# cites one of its tables or figures (its running head and the round of the interim report).
MONITORRAPPORT = (
    "Monitor en evaluatieonderzoek Sterk Techniekonderwijs (STO), tussenrapportage "
    "monitorronde 2023-2024"
)
PROGRAMMA = "Sterk Techniekonderwijs (STO)"


def uit_monitorrapport(*delen: str) -> str:
    """A citation of the monitor report: ``Tabel 4.3 in Monitor en evaluatieonderzoek ...``."""
    genoemd = " en ".join(delen) if len(delen) <= 2 else ", ".join(delen[:-1]) + " en " + delen[-1]
    return f"{genoemd} in {MONITORRAPPORT}"


def kop(
    indicator: str, kolom: str, *, voor: str = "", bij: str = "", sleutel: str | None = None
) -> tuple[str, str]:
    """(key, header) of a published column, its header from the vocabulary (``woorden``).

    ``voor`` goes before the label ("Landelijk" + "Binnen 10 km (%)" gives "Landelijk, binnen
    10 km (%)"), ``bij`` after it (a school year: "Techniekleerlingen 2024/2025"); ``sleutel``
    is the key in the row when it is not the column's name.
    """
    w = woord(BY_NAME[indicator], kolom)
    label = f"{voor}, {w.label[:1].lower()}{w.label[1:]}" if voor else w.label
    label = f"{label} {bij}" if bij else label
    return sleutel or kolom, f"{label} ({w.eenheid})" if w.eenheid else label


@dataclass(frozen=True)
class Tabel:
    """A table of published rows; ``kolommen`` are (key in the row, Dutch header).

    Build the entry of a published column with :func:`kop`, so its header is the vocabulary's.
    """

    titel: str
    kolommen: Sequence[tuple[str, str]]
    rijen: Sequence[dict[str, Any]]
    nummer: str | None = None  # "Tabel 4.1" in the national chapter
    noot: str | None = None
    leeg: str = "Geen rijen voor deze selectie."  # shown when there are no rows
    # a header row above the column headers: (label, number of columns); "" leaves it empty
    groepen: Sequence[tuple[str, int]] = ()

    def getalkolommen(self) -> frozenset[str]:
        """Columns that hold only numbers (published cells: also ``<5``, ``x``, intervals)."""
        return frozenset(
            key
            for key, _ in self.kolommen
            if any(r.get(key) not in (None, "") for r in self.rijen)
            and all(_getalcel(r.get(key)) for r in self.rijen)
        )

    def maat(self) -> str:
        """The table's size class: "" (9 pt), "breed" (7.5 pt) or "breed afbreken" (7.5 pt,
        long words hyphenated), from an estimate of its narrowest width in characters.

        A column is at least as wide as its longest word (header in bold, or cell) plus its
        padding; 9 pt fits about 99 characters on the A4 text width, 7.5 pt about 119.
        """
        tekens = 0.0
        for key, tekst in self.kolommen:
            cellen = (weergave(r.get(key)) for r in self.rijen)
            langste = max((_langste_woord(c) for c in cellen), default=0)
            tekens += max(1.1 * _langste_woord(tekst), langste) + 2
        if tekens > 110:
            return "breed afbreken"
        return "breed" if tekens > 85 or len(self.kolommen) > 8 else ""


def _langste_woord(tekst: object) -> int:
    return max((len(w) for w in re.split(r"[\s-]+", str(tekst))), default=0)


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
    legenda: Sequence[tuple[str, str]] = ()  # (colour, label) printed under a map


AFGESCHERMD_IN_GRAFIEK = (
    "Afgeschermde aantallen (<5, x) staan niet in de grafiek; de tabel eronder geeft ze."
)
BEREIK_IN_GRAFIEK = (
    "Aantallen die DUO maskeerde (<5) staan als bereik in de grafiek; de leerwegen staan dan "
    "naast elkaar in plaats van gestapeld."
)


_NL_GETAL = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")


def _getalcel(value: object) -> bool:
    if value is None or value == "" or isinstance(value, int | float):
        return not isinstance(value, bool)
    text = str(value)
    if text in (KLEIN, GEHEIM):
        return True
    return getal(text) is not None or _NL_GETAL.fullmatch(text) is not None


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
    synthetisch: bool = False  # made from generated files: cover and every footer say so
    voorblad: Sequence[tuple[str, str]] = ()  # extra (term, text) lines on the cover


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
