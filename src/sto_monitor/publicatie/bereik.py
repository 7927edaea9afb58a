"""Which technical offer lies within 10 km of a region's vestigingen (regioportret, planner).

The indicator ``bereikbaarheid`` (Tabel 4.7) is national: it weighs home locations, which are
not tied to one region. A region's own question is simpler and needs no counts at all: from
each of its vestigingen with derdejaars in leerweg L, is profiel P in L offered within 10 km
(straight line), at any vestiging, in or outside the region? Offering is public (it is on
every school's website and in DUO's files), so this table needs no disclosure control.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sto_monitor import domain
from sto_monitor.indicators.afstand import haversine_km_py
from sto_monitor.publicatie.gegevens import Vestiging

BINNEN_KM = 10.0
# "Binnen 10 km" includes 10.0 itself; floating point must not move a school at exactly 10 km out.
MARGE_KM = 1e-9


@dataclass(frozen=True)
class Bereik:
    profiel: str
    leerweg: str
    vestigingen: int  # the region's vestigingen with derdejaars in this leerweg (and a location)
    binnen: int  # of which this profiel x leerweg is offered within BINNEN_KM
    zelf: int  # of which offer it themselves
    dichtstbij_km: float | None  # largest distance from one of them to the nearest offer


def bereik(alle: Sequence[Vestiging], regio: str, *, km: float = BINNEN_KM) -> list[Bereik]:
    """Per technical profiel x beroepsgerichte leerweg: reach of the offer from ``regio``."""
    eigen = [v for v in alle if v.regio == regio and v.lat is not None and v.lon is not None]
    uitkomst = []
    for profiel in domain.TECHNIEK_PROFIELEN:
        for leerweg in domain.BEROEPSGERICHTE_LEERWEGEN:
            aanbieders = [
                v
                for v in alle
                if (profiel, leerweg) in v.aanbod and v.lat is not None and v.lon is not None
            ]
            vanaf = [v for v in eigen if leerweg in v.leerwegen]
            afstanden = [_dichtstbij(v, aanbieders) for v in vanaf]
            bekend = [a for a in afstanden if a is not None]
            uitkomst.append(
                Bereik(
                    profiel=profiel,
                    leerweg=leerweg,
                    vestigingen=len(vanaf),
                    binnen=sum(1 for a in bekend if a <= km + MARGE_KM),
                    zelf=sum(1 for v in vanaf if (profiel, leerweg) in v.aanbod),
                    dichtstbij_km=max(bekend) if len(bekend) == len(vanaf) and bekend else None,
                )
            )
    return uitkomst


def _dichtstbij(v: Vestiging, aanbieders: Sequence[Vestiging]) -> float | None:
    assert v.lat is not None and v.lon is not None
    afstanden = [
        haversine_km_py(v.lat, v.lon, a.lat, a.lon)
        for a in aanbieders
        if a.lat is not None and a.lon is not None
    ]
    return min(afstanden) if afstanden else None
