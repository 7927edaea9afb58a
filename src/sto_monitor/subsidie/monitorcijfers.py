"""The monitor's published figures a subsidy amount is set against: techniekleerlingen and
vestigingen per region, and an amount per student or vestiging.

The techniekleerlingen are the monitor's published cells: a count DUO masked is an interval,
so the amount per student is an interval too (the amount divided by the upper and by the lower
bound); a hidden cell stays "afgeschermd" and no amount per student is given. Amounts per unit
are rounded half up to the cent (``geld.aandeel_van``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.gegevens import LANDELIJK, Regio, Snapshot
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro
from sto_monitor.subsidie.regeling import Regeling

INDICATOR_TECHNIEK = "techniekleerlingen_per_regio"  # published per regio and leerweg
LEERWEG_TOTAAL = "totaal"
AFGESCHERMD = "afgeschermd"


@dataclass(frozen=True)
class Telling:
    """A published count: exact (laag = hoog), an interval DUO's masking left, or hidden."""

    laag: int | None
    hoog: int | None
    tekst: str  # as published, in Dutch notation ("1.234", "69-93" with an en dash, "<5", "x")


ONBEKEND = Telling(None, None, AFGESCHERMD)


@dataclass(frozen=True)
class PerEenheid:
    """An amount per student or vestiging: exact (laag = hoog), a range, or none."""

    laag: Cent
    hoog: Cent | None  # None: no upper bound (the count may be 0)

    @property
    def tekst(self) -> str:
        if self.hoog == self.laag:
            return euro(self.laag)
        if self.hoog is None:
            return f"ten minste {euro(self.laag)}"
        return f"{euro(self.laag)} tot {euro(self.hoog)}"


def per_eenheid(bedrag: Cent, aantal: Telling) -> PerEenheid | None:
    """``bedrag`` divided by a published count, rounded half up to the cent; a masked count
    gives the range between its bounds, a hidden count or a count of 0 gives none."""
    if aantal.laag is None or aantal.hoog is None or aantal.hoog == 0:
        return None
    laag = aandeel_van(bedrag, Fraction(1, aantal.hoog))
    hoog = aandeel_van(bedrag, Fraction(1, aantal.laag)) if aantal.laag > 0 else None
    return PerEenheid(laag, hoog)


def regioset(snap: Snapshot, regeling: Regeling) -> tuple[list[Regio], str, bool]:
    """The regions of the regulation's period as the snapshot knows them, the period's name,
    and whether it is the regulation's own set. The snapshot names every code after the
    region set of its newest school year; when no region carries a period that overlaps the
    regulation's years, that newest set stands in (and the page says so)."""
    perioden = [
        p.periode
        for p in snap.perioden
        if p.start <= regeling.laatste_jaar and p.eind >= regeling.eerste_jaar
    ]
    alle = sorted((r for r in snap.regios.values() if r.code != LANDELIJK), key=lambda r: r.code)
    eigen = [r for r in alle if r.periode in perioden]
    if eigen:
        return eigen, ", ".join(dict.fromkeys(r.periode for r in eigen)), True
    return alle, ", ".join(dict.fromkeys(r.periode for r in alle)), False


def techniekleerlingen(snap: Snapshot) -> tuple[int | None, dict[str, Telling]]:
    """The published techniekleerlingen per region (all leerwegen) of the newest school year,
    with the school year: exact, an interval, or hidden."""
    if INDICATOR_TECHNIEK not in snap.indicatoren:
        return None, {}
    g = snap.indicator(INDICATOR_TECHNIEK)
    if g.tabel is None or g.data is None:
        return None, {}
    data = [r for r in g.data.to_pylist() if r.get("leerweg") == LEERWEG_TOTAAL]
    if not data:
        return None, {}
    jaar = max(int(r["schooljaar"]) for r in data)
    teksten = {
        str(r["regio"]): weergave(r["aantal"])
        for r in g.tabel.to_pylist()
        if r.get("leerweg") == LEERWEG_TOTAAL and int(r["schooljaar"]) == jaar
    }
    uit: dict[str, Telling] = {}
    for r in data:
        if int(r["schooljaar"]) != jaar:
            continue
        code = str(r["regio"])
        tekst = teksten.get(code, AFGESCHERMD) or AFGESCHERMD
        if r.get("aantal") is not None:
            uit[code] = Telling(int(r["aantal"]), int(r["aantal"]), tekst)
        elif r.get("aantal_min") is not None and r.get("aantal_max") is not None:
            uit[code] = Telling(int(r["aantal_min"]), int(r["aantal_max"]), tekst)
        else:
            uit[code] = Telling(None, None, tekst)
    return jaar, uit


def vestigingen_per_regio(snap: Snapshot) -> Counter[str]:
    """The vestigingen with derdejaars in bb, kb or gl per region, newest school year."""
    return Counter(v.regio for v in snap.vestigingen if v.regio is not None)
