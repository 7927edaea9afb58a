"""The proposal as a scenario: the changes a region can store, compare and open again.

A scenario knows three changes (``planner/scenario.py``): open, samenvoegen (the whole group
goes to one vestiging) and sluit (the students go to the nearest remaining offer). The
proposal's changes translate as follows, in the scenario's order (open, samenvoegen, sluit):

- an offer the proposal opens: ``open`` with no expected students of its own (the proposal
  fills a new offer only with students of closed offers, and so does the scenario);
- an offer it closes whose students all go to one offer of the region: ``samenvoegen`` with
  that vestiging, which is exactly the proposal's move;
- any other closed offer (students split over several offers, or lost to the region):
  ``sluit``, whose students go to the nearest remaining offer. Only there can the scenario's
  expected groups differ from the proposal's; the offering itself (which offers exist) is
  the same.
"""

from __future__ import annotations

from sto_monitor.planner.optimaliseer.probleem import EPS
from sto_monitor.planner.optimaliseer.verslag import OPEN, SLUIT, Voorstel
from sto_monitor.planner.scenario import Scenario, Wijziging


def als_scenario(voorstel: Voorstel, naam: str, *, omschrijving: str = "") -> Scenario:
    """The proposal's offering as scenario ``naam`` of its region and school year."""
    openen: list[Wijziging] = []
    samenvoegen: list[Wijziging] = []
    sluiten: list[Wijziging] = []
    for w in voorstel.wijzigingen:
        sleutel = (w.vestiging, w.profiel, w.leerweg)
        if w.actie == OPEN:
            openen.append(Wijziging("open", *sleutel))
        elif w.actie == SLUIT and len(w.naar) == 1 and w.verloren <= EPS:
            samenvoegen.append(Wijziging("samenvoegen", *sleutel, naar=w.naar[0].vestiging))
        elif w.actie == SLUIT:
            sluiten.append(Wijziging("sluit", *sleutel))
    return Scenario(
        naam=naam,
        regio=voorstel.regio,
        schooljaar=voorstel.schooljaar,
        wijzigingen=(*openen, *samenvoegen, *sluiten),
        max_km=voorstel.max_km,
        omschrijving=omschrijving,
    )
