"""The planner's one Python API, for the dashboard, the reports and scripts.

    from sto_monitor.planner import api
    model = api.regiomodel(con, "R07", 2024)          # the region's offering
    api.vandaag(model).score                          # % students within 10 km, today
    stand = api.pas_toe(model, scenario)              # a scenario's offering
    api.evalueer(model, stand)                        # ... compared the same way
    api.optimaliseer(model, min_groep=11)             # the proposed offering
    api.prognose(con, "R07", jaren=5)                 # derdejaars forecast, with intervals

The CLI (``sto scenario``, ``sto optimaliseer``, ``sto prognose``) is a thin layer over these.
Output helpers that apply the ``<5`` rule to counts of students are in ``uitvoer.py``.
"""

from __future__ import annotations

from sto_monitor.planner.model import Bereik, Regiomodel, bereik, score
from sto_monitor.planner.model import laad as regiomodel
from sto_monitor.planner.opslag import bewaar, lees, lijst, naar_json, uit_json, verwijder
from sto_monitor.planner.optimaliseer import Voorstel, optimaliseer
from sto_monitor.planner.prognose import Prognose, prognose
from sto_monitor.planner.prognose.backtest import backtest, backtest_landelijk
from sto_monitor.planner.scenario import (
    Scenario,
    Stand,
    Uitkomst,
    Wijziging,
    evalueer,
    pas_toe,
    vandaag,
)

__all__ = [
    "Bereik",
    "Prognose",
    "Regiomodel",
    "Scenario",
    "Stand",
    "Uitkomst",
    "Voorstel",
    "Wijziging",
    "backtest",
    "backtest_landelijk",
    "bereik",
    "bewaar",
    "evalueer",
    "lees",
    "lijst",
    "naar_json",
    "optimaliseer",
    "pas_toe",
    "prognose",
    "regiomodel",
    "score",
    "uit_json",
    "vandaag",
    "verwijder",
]
