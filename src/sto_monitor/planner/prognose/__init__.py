"""Forecasts of a region's derdejaars: the method, its data, the back-test and the output.

``voorspel.py`` is the entry point (:func:`prognose`); ``data.py`` reads the series from the
warehouse; ``methode.py`` the steps of the method; ``backtest.py`` forecasts loaded years from
the years before them; ``uitvoer.py`` prints and writes without a count below 5.
"""

from __future__ import annotations

from sto_monitor.planner.prognose.voorspel import (
    ALLE,
    MAX_JAREN,
    TECHNIEK,
    TOTAAL,
    AanbodRij,
    Methode,
    Prognose,
    Rij,
    bereken,
    prognose,
)

__all__ = [
    "ALLE",
    "MAX_JAREN",
    "TECHNIEK",
    "TOTAAL",
    "AanbodRij",
    "Methode",
    "Prognose",
    "Rij",
    "bereken",
    "prognose",
]
