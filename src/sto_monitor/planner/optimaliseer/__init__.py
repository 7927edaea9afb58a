"""The proposed offering: covering and viable, with the reason for every change.

``voorstel.py`` is the entry point (:func:`optimaliseer`); ``probleem.py`` the candidates and
coverage patterns; ``milp.py`` the exact model (HiGHS), ``greedy.py`` the fallback;
``stroom.py`` where the students of closed offers go; ``verslag.py`` today against the proposal.
"""

from __future__ import annotations

from sto_monitor.planner.optimaliseer.voorstel import (
    METHODEN,
    Aanbieding,
    Aanbod,
    Verhuizing,
    Voorstel,
    Wijziging,
    controleer_pins,
    optimaliseer,
)

__all__ = [
    "METHODEN",
    "Aanbieding",
    "Aanbod",
    "Verhuizing",
    "Voorstel",
    "Wijziging",
    "controleer_pins",
    "optimaliseer",
]
