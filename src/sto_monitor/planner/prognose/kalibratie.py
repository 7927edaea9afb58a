"""The rolling back-test: every loaded year forecast from every earlier base year.

Where ``backtest.py`` forecasts the last loaded year from the year before it (what ``sto
prognose`` prints per region), this forecasts every loaded year j from every earlier loaded
base year T (the same region, the same vestigingen), so each horizon j - T has its misses:

- :func:`missers` lists them: per region, base year, year, level and group the counted number,
  the forecast, its interval and its spread;
- :func:`dekking` is the share of counted numbers inside the 80 % interval, per level and
  horizon (what docs/prognose.md reports and the forecast page states);
- :func:`kalibreer` turns them into the interval's margins (``marges.py``): the 10 % and 90 %
  quantiles of ``(counted - forecast) / spread`` per level, horizon and size.

``python -m sto_monitor.planner.prognose.kalibratie DATABASE`` prints the margins of a
warehouse (to paste into ``marges.py``) and the coverage with the current ones.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from sto_monitor import db
from sto_monitor.planner.prognose import methode
from sto_monitor.planner.prognose.data import Reeks, laad_reeksen
from sto_monitor.planner.prognose.marges import (
    HORIZON,
    KLEIN,
    NIVEAUS,
    Marge,
    Marges,
    Niveau,
    Sleutel,
)
from sto_monitor.planner.prognose.methode import KEUZES, Keuzes
from sto_monitor.planner.prognose.voorspel import MAX_JAREN, bereken

MIN_MISSERS = 30  # fewer misses than this in a cell of the margins: the cell stays normal


@dataclass(frozen=True)
class Misser:
    """One counted number beside its forecast from an earlier base year."""

    regio: str
    vanaf: int
    jaar: int
    niveau: Niveau
    groep: tuple[str, ...]  # (profiel, leerweg) or (vestiging, profiel, leerweg)
    werkelijk: float
    punt: float
    laag: float
    hoog: float
    sd: float

    @property
    def horizon(self) -> int:
        return self.jaar - self.vanaf

    @property
    def binnen(self) -> bool:
        return self.laag <= self.werkelijk <= self.hoog

    @property
    def z(self) -> float | None:
        """The standardised miss (counted - forecast) / spread; None without spread."""
        return (self.werkelijk - self.punt) / self.sd if self.sd > 0 else None


def missers(
    reeksen: Iterable[Reeks], *, keuzes: Keuzes = KEUZES, max_horizon: int = MAX_JAREN
) -> list[Misser]:
    """Every loaded year of every region forecast from every earlier loaded base year.

    A group that is 0 both in the forecast and in the count is left out (a profiel the region
    does not have); an offer that stopped counts as 0, one that started is not forecast.
    """
    uit: list[Misser] = []
    for reeks in reeksen:
        echt = methode.groepsreeksen(reeks)
        for vanaf in reeks.jaren[:-1]:
            later = [j for j in reeks.jaren if vanaf < j <= vanaf + max_horizon]
            if not later or reeks.derdejaars[vanaf] <= 0:
                continue
            p = bereken(reeks.tot(vanaf), jaren=later[-1] - vanaf, keuzes=keuzes)
            for r in p.rijen:
                if r.waargenomen or r.schooljaar not in later:
                    continue
                werkelijk = echt.get((r.profiel, r.leerweg), {}).get(r.schooljaar, 0.0)
                if werkelijk > 0 or r.punt > 0:
                    niveau = methode.niveau(r.profiel, r.leerweg)
                    groep = (r.profiel, r.leerweg)
                    uit.append(
                        Misser(reeks.regio, vanaf, r.schooljaar, niveau, groep, werkelijk,
                               r.punt, r.laag, r.hoog, r.sd)
                    )  # fmt: skip
            for a in p.aanbod:
                if a.waargenomen or a.schooljaar not in later:
                    continue
                sleutel = (a.vestiging, a.profiel, a.leerweg)
                werkelijk = reeks.aanbod.get(sleutel, {}).get(a.schooljaar, 0.0)
                uit.append(
                    Misser(reeks.regio, vanaf, a.schooljaar, "aanbod", sleutel, werkelijk,
                           a.punt, a.laag, a.hoog, a.sd)
                )  # fmt: skip
    return uit


def rollend(con: db.Connection, *, tot: int | None = None, keuzes: Keuzes = KEUZES) -> list[Misser]:
    """The rolling back-test of every region of the warehouse (years up to ``tot``)."""
    return missers(laad_reeksen(con, tot=tot).values(), keuzes=keuzes)


@dataclass(frozen=True)
class Dekking:
    """How many counted numbers fell inside their 80 % interval."""

    n: int = 0
    binnen: int = 0

    def __add__(self, other: Dekking) -> Dekking:
        return Dekking(self.n + other.n, self.binnen + other.binnen)

    @property
    def pct(self) -> float | None:
        return self.binnen * 100 / self.n if self.n else None


def dekking(lijst: Iterable[Misser], *, horizon: int | None = None) -> dict[Niveau | str, Dekking]:
    """Coverage per level, and over all levels (``"alle"``); only ``horizon`` when given."""
    uit: dict[Niveau | str, Dekking] = defaultdict(Dekking)
    for m in lijst:
        if horizon is not None and m.horizon != horizon:
            continue
        d = Dekking(1, int(m.binnen))
        uit[m.niveau] += d
        uit["alle"] += d
    return dict(uit)


def per_horizon(lijst: Sequence[Misser]) -> dict[int, dict[Niveau | str, Dekking]]:
    """Coverage per horizon (years ahead) and level."""
    return {h: dekking(lijst, horizon=h) for h in sorted({m.horizon for m in lijst})}


def _kwantiel(waarden: Sequence[float], p: float) -> float:
    """The p-quantile (linear interpolation between order statistics)."""
    rij = sorted(waarden)
    k = (len(rij) - 1) * p
    onder = math.floor(k)
    boven = min(onder + 1, len(rij) - 1)
    return rij[onder] + (rij[boven] - rij[onder]) * (k - onder)


def kalibreer(lijst: Iterable[Misser], bron: str) -> Marges:
    """The margins of these misses: per (level, horizon, small) the 10 % and 90 % quantiles
    of the standardised miss; horizons beyond :data:`HORIZON` count as :data:`HORIZON`."""
    per: dict[Sleutel, list[float]] = defaultdict(list)
    for m in lijst:
        z = m.z
        if z is not None:
            per[(m.niveau, min(m.horizon, HORIZON), m.punt < KLEIN)].append(z)
    marges = {
        sleutel: Marge(round(_kwantiel(z, 0.1), 2), round(_kwantiel(z, 0.9), 2))
        for sleutel, z in sorted(per.items())
        if len(z) >= MIN_MISSERS
    }
    return Marges(per_sleutel=marges, bron=bron)


def ongekalibreerd(keuzes: Keuzes = KEUZES) -> Keuzes:
    """The same choices with the normal margins (+-1.28 spread): what calibration starts from."""
    return replace(keuzes, marges=Marges())


def _toon(marges: Marges) -> str:
    regels = [f"    # {len(marges.per_sleutel)} cellen"]
    for (niveau, h, klein), m in marges.per_sleutel.items():
        regels.append(f'    ("{niveau}", {h}, {klein}): Marge({m.laag}, {m.hoog}),')
    return "\n".join(regels)


def _schrijf(tekst: str) -> None:
    sys.stdout.write(tekst + "\n")


def _print_dekking(titel: str, lijst: Sequence[Misser]) -> None:
    _schrijf(titel)
    for h, d in per_horizon(lijst).items():
        delen = [
            f"{n} {d[n].pct:.0f}% (n={d[n].n})" for n in (*NIVEAUS, "alle") if n in d and d[n].pct
        ]
        _schrijf(f"  {h} jaar vooruit: " + ", ".join(delen))


def main(argv: Sequence[str]) -> None:
    """Print the margins of a warehouse and the coverage with the current and those margins."""
    if len(argv) != 1:
        raise SystemExit("gebruik: python -m sto_monitor.planner.prognose.kalibratie DATABASE")
    con = db.connect(argv[0], read_only=True)
    try:
        reeksen = laad_reeksen(con)
    finally:
        con.close()
    ruw = missers(reeksen.values(), keuzes=ongekalibreerd())
    marges = kalibreer(ruw, argv[0])
    _schrijf(_toon(marges))
    _print_dekking("dekking met +-1,28 x spreiding:", ruw)
    _print_dekking("dekking met de huidige marges:", missers(reeksen.values()))
    _print_dekking(
        "dekking met deze marges (zelfde gegevens):",
        missers(reeksen.values(), keuzes=replace(KEUZES, marges=marges)),
    )


def samenvatting(reeksen: Mapping[str, Reeks], keuzes: Keuzes = KEUZES) -> Dekking:
    """Coverage over every level and horizon: the one number a page can state."""
    return dekking(missers(reeksen.values(), keuzes=keuzes)).get("alle", Dekking())


if __name__ == "__main__":
    main(sys.argv[1:])
