"""The calibrated width of the 80 % interval: how far forecasts missed in the back-test.

The method (``methode.py``) gives every forecast a *spread*: a standard deviation from the
spread of the flow ratios or the trend, the spread of the share, and chance at small numbers.
Whether ``forecast +- 1.28 spread`` really holds four in five outcomes is an empirical
question, so the interval is instead ``forecast + laag x spread`` to ``forecast + hoog x
spread``, where ``laag`` and ``hoog`` are the 10 % and 90 % quantiles of the *standardised
misses* ``(counted - forecast) / spread`` in a rolling back-test (``kalibratie.py``): every
loaded year forecast from every earlier base year. They are kept per level (the region's
groups, profiel x leerweg cells, offers), per horizon (1, 2, 3, 4 or more years ahead) and per
size (a forecast below :data:`KLEIN` students, and the rest), because chance weighs more in a
small number and a forecast two years ahead misses further than one a year ahead.

The numbers below were measured on generated cohorts (the national demo: ``sto demo``, seed
42, 2019-2024) with ``python -m sto_monitor.planner.prognose.kalibratie DATABASE``; the test
checks the coverage they give on another generated country (docs/prognose.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Niveau = Literal["regio", "cel", "aanbod"]
NIVEAUS: tuple[Niveau, ...] = ("regio", "cel", "aanbod")
HORIZON = 4  # the last horizon with its own margins; further ahead uses it too
KLEIN = 20.0  # forecasts below this many students have their own margins
Z80 = 1.2816  # the uncalibrated margins: a normal distribution


@dataclass(frozen=True)
class Marge:
    """Quantiles (10 % and 90 %) of (counted - forecast) / spread."""

    laag: float
    hoog: float


NORMAAL = Marge(-Z80, Z80)
Sleutel = tuple[Niveau, int, bool]  # (level, horizon 1..HORIZON, small)


@dataclass(frozen=True)
class Marges:
    """Margins per (level, horizon, small); a missing key falls back to :data:`NORMAAL`."""

    per_sleutel: Mapping[Sleutel, Marge] = field(default_factory=dict)
    bron: str = "een normale verdeling (niet gekalibreerd)"

    def marge(self, niveau: Niveau, horizon: int, punt: float) -> Marge:
        sleutel = (niveau, min(max(horizon, 1), HORIZON), punt < KLEIN)
        return self.per_sleutel.get(sleutel, NORMAAL)

    def interval(self, niveau: Niveau, horizon: int, punt: float, sd: float) -> tuple[float, float]:
        """The 80 % interval of a forecast with spread ``sd`` (never below 0)."""
        m = self.marge(niveau, horizon, punt)
        return max(punt + m.laag * sd, 0.0), max(punt + m.hoog * sd, 0.0)


def _m(laag: float, hoog: float) -> Marge:
    return Marge(laag, hoog)


# Measured on generated cohorts (module docstring); regenerate with ``kalibratie.py``.
GEKALIBREERD = Marges(
    per_sleutel={
        ("aanbod", 1, False): _m(-1.39, 1.23),
        ("aanbod", 1, True): _m(-1.01, 1.35),
        ("aanbod", 2, False): _m(-1.46, 1.29),
        ("aanbod", 2, True): _m(-1.07, 1.46),
        ("aanbod", 3, False): _m(-1.6, 1.34),
        ("aanbod", 3, True): _m(-1.14, 1.5),
        ("aanbod", 4, False): _m(-1.81, 1.32),
        ("aanbod", 4, True): _m(-1.24, 1.72),
        ("cel", 1, False): _m(-1.26, 1.26),
        ("cel", 1, True): _m(-0.99, 1.35),
        ("cel", 2, False): _m(-1.36, 1.35),
        ("cel", 2, True): _m(-1.02, 1.48),
        ("cel", 3, False): _m(-1.46, 1.34),
        ("cel", 3, True): _m(-1.08, 1.62),
        ("cel", 4, False): _m(-1.57, 1.26),
        ("cel", 4, True): _m(-1.18, 1.79),
        ("regio", 1, False): _m(-1.15, 1.14),
        ("regio", 1, True): _m(-0.8, 1.45),
        ("regio", 2, False): _m(-1.22, 1.28),
        ("regio", 2, True): _m(-0.81, 1.62),
        ("regio", 3, False): _m(-1.28, 1.24),
        ("regio", 3, True): _m(-0.7, 1.68),
        ("regio", 4, False): _m(-1.29, 1.14),
        ("regio", 4, True): _m(-0.82, 2.04),
    },
    bron="gegenereerde gegevens met cohorten (de landelijke demo, 2019-2024)",
)
