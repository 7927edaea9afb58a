"""The records of the stromen view (``stromen.py``) and what its blocks share.

A :class:`Stroomblok` holds published cells as text in the monitor's Dutch notation; the helpers
here select and describe published tables, they compute no number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor import domain
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.tekst import schooljaar


@dataclass(frozen=True)
class Stroomblok:
    id: str  # one of stromen.BLOKKEN
    titel: str  # Dutch, for a heading
    uitleg: str  # Dutch: what is counted, from which source; says "schatting" where estimated
    kolommen: tuple[str, ...]  # the reader's words for the columns
    rijen: tuple[tuple[str, ...], ...]  # cells as published (Dutch notation, <5, x, ranges)
    bron: str  # provenance in words: the published table(s) and school years
    schatting: bool = False
    ontbreekt: str | None = None  # the source that is not loaded, in words; then no rows
    indicatoren: tuple[str, ...] = ()  # the published indicators the cells come from
    landelijk: bool = False  # national figures: the source is not published per region


@dataclass(frozen=True)
class Stromen:
    regio: str
    schooljaar: int | None  # the school year the view is about (the latest loaded)
    blokken: tuple[Stroomblok, ...]

    def blok(self, id: str) -> Stroomblok:
        return next(b for b in self.blokken if b.id == id)


GROEPEN: dict[str, str] = {
    "techniek": "Techniek samen",
    "niet-techniek": "Niet-techniek samen",
    domain.OVERIG: "Overig (routes en oude afdelingen)",
    "totaal": "Totaal",
}
LANDELIJK_ZIN = (
    "Landelijke cijfers: de bron is een levering onder afspraak die de monitor niet per regio "
    "publiceert."
)


def cel(waarde: object) -> str:
    """A published cell in the monitor's Dutch notation: 1.234, 12,3, 12-15 (en dash), <5, x."""
    return weergave(waarde)


def profiel(code: str) -> str:
    """A profiel code as a row label; the groups in words."""
    return GROEPEN.get(code, code)


def in_volgorde(codes: Iterable[str], volgorde: Sequence[str]) -> list[str]:
    """``codes`` in the order of ``volgorde``, unknown ones last in their own order."""
    lijst = list(dict.fromkeys(codes))
    return sorted(lijst, key=lambda c: volgorde.index(c) if c in volgorde else len(volgorde))


def bronnen(snap: Snapshot, namen: Iterable[str]) -> str:
    """The sources of published tables, as the reader calls them."""
    tabellen = [t for n in namen if n in snap.indicatoren for t in BY_NAME[n].bronnen]
    return ", ".join(dict.fromkeys(bron_naam(t) for t in tabellen))


def ontbrekend(snap: Snapshot, namen: Sequence[str]) -> str | None:
    """The missing sources of any of these tables, in words; None when all are published."""
    woorden: list[str] = []
    for naam in namen:
        g = snap.indicatoren.get(naam)
        if g is None:
            woorden.append(f'de tabel "{BY_NAME[naam].titel}"')
        elif g.tabel is None:
            woorden += [bron_naam(t) for t in g.ontbreekt] or ["de bron van deze tabel"]
    return ", ".join(dict.fromkeys(woorden)) or None


def bron(snap: Snapshot, namen: Sequence[str], jaar: int | None, extra: str = "") -> str:
    """Provenance of a block: the published tables by title, the school year, the sources."""
    titels = "; ".join(f'"{BY_NAME[n].titel}"' for n in namen)
    soort = "tabel" if len(namen) == 1 else "tabellen"
    return (
        f"Gepubliceerde {soort} {titels}, schooljaar {schooljaar(jaar)}{extra}; "
        f"bron: {bronnen(snap, namen)}."
    )


def laatste(rijen: Iterable[dict[str, Any]], jaar: int | None) -> int | None:
    """The newest school year of these rows up to ``jaar`` (any, without one)."""
    jaren = [int(r["schooljaar"]) for r in rijen if jaar is None or int(r["schooljaar"]) <= jaar]
    return max(jaren) if jaren else None


def ouder(gebruikt: int | None, jaar: int | None, wat: str) -> str:
    """Where a block shows an older school year than the view's: why, for its provenance."""
    if gebruikt is None or jaar is None or gebruikt == jaar:
        return ""
    return f" (het laatste schooljaar met {wat})"


def leeg(
    id: str,
    titel: str,
    uitleg: str,
    kolommen: Sequence[str],
    ontbreekt: str,
    indicatoren: Sequence[str],
    *,
    schatting: bool = False,
    landelijk: bool = False,
) -> Stroomblok:
    """A block without rows: ``ontbreekt`` says which source (or which data) it needs."""
    return Stroomblok(
        id=id,
        titel=titel,
        uitleg=uitleg,
        kolommen=tuple(kolommen),
        rijen=(),
        bron="",
        schatting=schatting,
        ontbreekt=ontbreekt,
        indicatoren=tuple(indicatoren),
        landelijk=landelijk,
    )
