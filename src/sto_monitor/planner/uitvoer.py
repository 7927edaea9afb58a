"""Planner results as the outputs show them: counts below 5 as ``<5``, shares rounded.

Expected group sizes and lost students are numbers of (real) students, so the monitor's rule
holds: a count from 1 to 4 is never shown as a number. Shares and distances are not counts.
"""

from __future__ import annotations

from typing import Any

from sto_monitor.indicators.openbaarheid import DREMPEL_AANTAL, KLEIN
from sto_monitor.planner.model import Regiomodel
from sto_monitor.planner.opslag import naar_json
from sto_monitor.planner.scenario import Scenario, Uitkomst


def aantal(waarde: float | None) -> int | str | None:
    """A count of students for output: whole students, ``<5`` below 5 (0 stays 0)."""
    if waarde is None:
        return None
    rond = round(waarde + 1e-9)
    if waarde > 0 and rond < DREMPEL_AANTAL:
        return KLEIN
    return int(rond)


def procent(waarde: float | None) -> float | None:
    return None if waarde is None else round(waarde, 1)


def uitkomst_json(u: Uitkomst) -> dict[str, Any]:
    return {
        "score": round(u.score, 2),
        "kwetsbare_groepen": u.kwetsbaar,
        "verloren_leerlingen": aantal(u.verloren),
        "naar_buiten_regio": aantal(u.naar_buiten),
        "profielen_per_leerweg": {lw: list(p) for lw, p in u.profielen_per_leerweg.items()},
        "bereik": [
            {
                "profiel": b.profiel,
                "leerweg": b.leerweg,
                "aandeel_binnen_10km": procent(b.aandeel),
                "gemiddelde_km": procent(b.gemiddelde_km),
            }
            for b in u.bereik
        ],
        "groepen": [
            {"vestiging": v, "profiel": p, "leerweg": lw, "leerlingen": aantal(n)}
            for (v, p, lw), n in u.groepen.items()
        ],
        "regio_aanbod": [
            {
                "profiel": r.profiel,
                "leerweg": r.leerweg,
                "vestigingen": r.vestigingen,
                "gemiddeld": procent(r.gemiddeld),
                "onder_11": r.onder_11,
            }
            for r in u.regio_aanbod
        ],
        "verhuizingen": [
            {
                "van": {"vestiging": v.van[0], "profiel": v.van[1], "leerweg": v.van[2]},
                "naar": v.naar,
                "buiten_regio": v.buiten_regio,
                "leerlingen": aantal(v.leerlingen),
                "km": procent(v.km),
            }
            for v in u.verhuizingen
        ],
    }


def scenario_json(
    model: Regiomodel, scenario: Scenario, vandaag: Uitkomst, uitkomst: Uitkomst
) -> dict[str, Any]:
    return {
        "scenario": naar_json(scenario),
        "regio": {"code": model.regio, "naam": model.naam},
        "methode_vraag": model.methode,
        "vandaag": uitkomst_json(vandaag),
        "uitkomst": uitkomst_json(uitkomst),
    }
