"""The greedy fallback: feasible, fast, not always optimal.

Used with ``methode="greedy"``, when highspy is missing, or when the MILP runs out of time.
Starting from today's offering (minus offers pinned closed, plus offers pinned open):

1. per profiel x leerweg, while a kept offer cannot reach the minimum group (``verdeel``
   finds no assignment of the closed offers' students that fills it), close the offer below
   the minimum whose closing loses the fewest covered students (then: fewer students, the
   less central vestiging, the higher code); its students go to the nearest kept offer;
2. while a profiel has more offers than ``max_per_profiel``, close the one that loses least;
3. repeatedly open (or reopen) the candidate that adds most covered students while every
   group stays feasible and within the maximum, until none adds any.

Closing an offer never makes another kept offer infeasible (its students become available and
it no longer needs any), so step 1 ends; the pins were checked beforehand, so a feasible set
with them exists.
"""

from __future__ import annotations

from sto_monitor.planner.optimaliseer.probleem import Groep, Probleem
from sto_monitor.planner.optimaliseer.stroom import verdeel_groep


def greedy(prob: Probleem) -> frozenset[int]:
    open_ = set((prob.huidig - prob.dicht_pins) | prob.open_pins)

    def verlies(i: int) -> float:
        dekking = prob.dekking[prob.groep(i)]
        return dekking.binnen(open_) - dekking.binnen(open_ - {i})

    def sluit_volgorde(i: int) -> tuple[float, float, float, int]:
        # candidates are numbered in code order: -i closes the higher code on a full tie
        return verlies(i), prob.leerlingen[i], -prob.gemiddelde_km[i], -i

    for g, leden in prob.groepen.items():
        while True:
            _, tekort, _ = verdeel_groep(prob, g, open_)
            if not tekort:
                break
            keuze = [i for i in tekort if i not in prob.open_pins]
            if not keuze:  # only pinned offers fall short: free the students of others
                keuze = [i for i in leden if i in open_ and i not in prob.open_pins]
            if not keuze:  # cannot happen after the pin check; do not loop forever
                break
            open_.discard(min(keuze, key=sluit_volgorde))

    if prob.max_per_profiel is not None:
        for profiel in sorted({g[0] for g in prob.groepen}):
            while True:
                van = [i for i in open_ if prob.sleutels[i][1] == profiel]
                if len(van) <= prob.max_per_profiel:
                    break
                keuze = [i for i in van if i not in prob.open_pins]
                if not keuze:
                    break
                open_.discard(min(keuze, key=sluit_volgorde))

    while True:
        beste: tuple[float, float, float, int] | None = None
        beste_i = -1
        for i, sleutel in enumerate(prob.sleutels):
            if i in open_ or i in prob.dicht_pins:
                continue
            if prob.max_per_profiel is not None and (
                sum(1 for j in open_ if prob.sleutels[j][1] == sleutel[1]) >= prob.max_per_profiel
            ):
                continue
            dekking = prob.dekking[prob.groep(i)]
            winst = dekking.binnen(open_ | {i}) - dekking.binnen(open_)
            if winst <= 1e-9:
                continue
            volgorde = (-winst, -prob.leerlingen[i], prob.gemiddelde_km[i], i)
            if beste is not None and volgorde >= beste:
                continue
            if _haalbaar(prob, prob.groep(i), open_ | {i}):
                beste, beste_i = volgorde, i
        if beste is None:
            break
        open_.add(beste_i)
    return frozenset(open_)


def _haalbaar(prob: Probleem, groep: Groep, open_: set[int]) -> bool:
    return not verdeel_groep(prob, groep, open_)[1]
