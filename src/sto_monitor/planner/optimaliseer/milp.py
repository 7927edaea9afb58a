"""The exact optimiser: a mixed-integer programme per profiel x leerweg, solved by HiGHS.

Components are independent: one per profiel x leerweg, or one per profiel (its three
leerwegen) when ``max_per_profiel`` couples them. Variables of a component, with ``n_a`` the
derdejaars of candidate ``a`` today (0 for a new offer) and ``t_b = min_groep - n_b`` what a
small offer ``b`` lacks:

- ``y_i`` in {0, 1}: candidate ``i`` is kept or opened (pins fix it);
- ``x_ab >= 0``: students of offer ``a`` who move to a small candidate ``b`` (``t_b > 0``) of
  the same profiel and leerweg within ``max_km`` (``prob.buren``) to fill its group. A kept
  offer keeps its own students. Students of a closed offer beyond what small groups need go
  to the nearest kept offer; they need no variable (any kept offer takes them);
- ``k_a`` in [0, 1]: the students of ``a`` keep a place (``a`` or an offer in reach is kept);
- ``z_p`` in [0, 1]: the demand of pattern ``p`` (points with the same candidates within
  10 km) is covered.

Constraints::

    n_a y_a + sum_b x_ab <= n_a                  a's students stay, or move (once)
    x_ab <= min(n_a, t_b) y_b                    only to a kept offer
    sum_a x_ab >= t_b y_b                        a kept small offer reaches the minimum
    t_b y_b <= sum_a min(n_a, t_b) (1 - y_a)     the same in y alone (a valid cut that
                                                 tightens the LP; fewer branch-and-bound nodes)
    k_a <= sum_{b within max_km of a} y_b        a place within reach
    z_p <= sum_{i in p} y_i                      covered only by a kept offer within 10 km
    sum_{i of profiel P} y_i <= max_per_profiel  (optional)

Three solves, each keeping the optimum of the ones before as a constraint (lexicographic):
(1) maximise covered students ``sum w_p z_p`` (the score up to a constant factor); (2)
maximise students who keep a place, ``sum n_a k_a``; (3) maximise students who need not move,
``sum n_a y_a``, minus a tie-break worth less than half a student in total (counts are
midpoints of DUO intervals, so multiples of 0.5): the mean distance from the leerweg's students
to each kept vestiging, plus a sliver by code. So among equal answers the most central
vestigingen stay, and on a full tie the lowest code: the same answer every time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sto_monitor.planner.optimaliseer.probleem import EPS, Groep, Probleem

try:
    import highspy
except ImportError:  # pragma: no cover - highspy is a pinned dependency
    highspy = None  # type: ignore[assignment]

# Without presolve a component of many candidates (solved three times) is ~20 % faster; a
# small one is faster with it (measured: benchmarks/planner.py and the demo regions).
GROOT = 20
OPTIMAAL = "optimaal"
TIJDSLIMIET = "tijdslimiet"
ONHAALBAAR = "onhaalbaar"


def beschikbaar() -> bool:
    return highspy is not None


@dataclass(frozen=True)
class MilpUitkomst:
    open: frozenset[int]
    status: str  # OPTIMAAL, TIJDSLIMIET (best found so far) or ONHAALBAAR
    score_optimaal: bool  # stage 1 finished in every component
    onhaalbaar: tuple[Groep, ...] = field(default=())  # components HiGHS found infeasible


def componenten(prob: Probleem) -> list[tuple[Groep, ...]]:
    """Independent parts: one per profiel x leerweg, or per profiel with a maximum per profiel."""
    if prob.max_per_profiel is None:
        return [(g,) for g in prob.groepen]
    per: dict[str, list[Groep]] = {}
    for g in prob.groepen:
        per.setdefault(g[0], []).append(g)
    return [tuple(gs) for gs in per.values()]


def los_op(prob: Probleem, *, tijdslimiet: float | None = None) -> MilpUitkomst:
    """Solve every component; raises RuntimeError when highspy is not installed."""
    if highspy is None:
        raise RuntimeError("highspy is niet geïnstalleerd")
    einde = None if tijdslimiet is None else time.perf_counter() + tijdslimiet
    open_: set[int] = set()
    statussen: list[str] = []
    score_optimaal = True
    onhaalbaar: list[Groep] = []
    for comp in componenten(prob):
        gekozen, status, eerste = _los_component(prob, comp, einde)
        open_ |= gekozen
        statussen.append(status)
        score_optimaal &= eerste
        if status == ONHAALBAAR:
            onhaalbaar += comp
    if onhaalbaar:
        status = ONHAALBAAR
    elif all(s == OPTIMAAL for s in statussen):
        status = OPTIMAAL
    else:
        status = TIJDSLIMIET
    return MilpUitkomst(frozenset(open_), status, score_optimaal, tuple(onhaalbaar))


class _Model:
    """Columns and rows of one component, then handed to HiGHS in one go."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rij_lower: list[float] = []
        self.rij_upper: list[float] = []
        self.starts: list[int] = []
        self.indices: list[int] = []
        self.waarden: list[float] = []

    def kolom(self, lower: float, upper: float, *, geheel: bool = False) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        if geheel:
            self.integer.append(len(self.lower) - 1)
        return len(self.lower) - 1

    def rij(self, termen: Sequence[tuple[int, float]], lower: float, upper: float) -> None:
        self.starts.append(len(self.indices))
        for k, v in termen:
            self.indices.append(k)
            self.waarden.append(v)
        self.rij_lower.append(lower)
        self.rij_upper.append(upper)

    def highs(self) -> highspy.Highs:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("random_seed", 0)
        n = len(self.lower)
        leeg_i = np.zeros(0, dtype=np.int32)
        leeg_f = np.zeros(0)
        h.addCols(
            n, np.zeros(n), np.array(self.lower), np.array(self.upper), 0, leeg_i, leeg_i, leeg_f
        )
        if self.integer:
            h.changeColsIntegrality(
                len(self.integer),
                np.array(self.integer, dtype=np.int32),
                np.full(len(self.integer), highspy.HighsVarType.kInteger.value, dtype=np.uint8),
            )
        if self.rij_lower:
            h.addRows(
                len(self.rij_lower),
                np.array(self.rij_lower),
                np.array(self.rij_upper),
                len(self.indices),
                np.array(self.starts, dtype=np.int32),
                np.array(self.indices, dtype=np.int32),
                np.array(self.waarden),
            )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        return h


def _los_component(
    prob: Probleem, comp: Sequence[Groep], einde: float | None
) -> tuple[frozenset[int], str, bool]:
    """(open candidates, status, whether stage 1 proved the best score)."""
    inf = float("inf")
    leden = [i for g in comp for i in prob.groepen[g]]
    n = prob.leerlingen
    mdl = _Model()
    y = {}
    for i in leden:
        # an offer that cannot reach the minimum even with every neighbour's students stays shut
        bereikbaar = sum(n[a] for a, _ in prob.buren[i] if a not in prob.open_pins or a == i)
        kan = i not in prob.dicht_pins and bereikbaar >= prob.min_groep - EPS
        y[i] = mdl.kolom(1.0 if i in prob.open_pins else 0.0, 1.0 if kan else 0.0, geheel=True)
    # b below the minimum on its own needs tekort[b] students of closed offers to stay open
    tekort = {b: prob.min_groep - n[b] for b in leden if n[b] < prob.min_groep - EPS}
    x: dict[tuple[int, int], int] = {}
    plek: dict[int, int] = {}  # a's students keep a place: a kept, or a kept offer in reach
    for a in leden:
        if n[a] <= 0:
            continue
        for b, _ in prob.buren[a]:
            if b != a and b in tekort and b not in prob.dicht_pins:
                x[a, b] = k = mdl.kolom(0.0, min(n[a], tekort[b]))
                mdl.rij([(k, 1.0), (y[b], -min(n[a], tekort[b]))], -inf, 0.0)
        plek[a] = mdl.kolom(0.0, 1.0)
        mdl.rij([(plek[a], 1.0), *((y[b], -1.0) for b, _ in prob.buren[a])], -inf, 0.0)
    z: list[tuple[int, float]] = []
    for g in comp:
        for patroon, w in prob.dekking[g].patronen:
            k = mdl.kolom(0.0, 1.0)
            z.append((k, w))
            mdl.rij([(k, 1.0), *((y[i], -1.0) for i in patroon)], -inf, 0.0)
    weg: dict[int, list[int]] = {}
    naar: dict[int, list[int]] = {}
    for (a, b), k in x.items():
        weg.setdefault(a, []).append(k)
        naar.setdefault(b, []).append(k)
    for a, ks in weg.items():
        mdl.rij([(y[a], n[a]), *((k, 1.0) for k in ks)], -inf, n[a])
    for b, t in tekort.items():
        mdl.rij([(y[b], -t), *((k, 1.0) for k in naar.get(b, ()))], 0.0, inf)
        # the same, in y only: what the closed neighbours of b can give covers its shortfall
        bron = [(a, min(n[a], t)) for a, _ in prob.buren[b] if a != b and n[a] > 0]
        mdl.rij([(y[b], t), *((y[a], c) for a, c in bron)], -inf, sum(c for _, c in bron))
    if prob.max_per_profiel is not None:
        mdl.rij([(y[i], 1.0) for i in leden], -inf, float(prob.max_per_profiel))

    h = mdl.highs()
    if len(leden) > GROOT:
        h.setOptionValue("presolve", "off")
    kolommen = np.arange(len(mdl.lower), dtype=np.int32)

    def zet_doel(kosten: dict[int, float]) -> None:  # maximised
        c = np.zeros(len(mdl.lower))
        for k, v in kosten.items():
            c[k] = v
        h.changeColsCost(len(c), kolommen, c)

    def los(abs_gap: float, rel_gap: float = 0.0) -> str:
        if einde is not None:
            over = einde - time.perf_counter()
            if over <= 0:
                return TIJDSLIMIET
            h.setOptionValue("time_limit", over)
        h.setOptionValue("mip_abs_gap", abs_gap)
        h.setOptionValue("mip_rel_gap", rel_gap)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return OPTIMAAL
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return ONHAALBAAR
        return TIJDSLIMIET

    def gekozen() -> frozenset[int] | None:
        if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
            return None
        waarden = h.getSolution().col_value
        return frozenset(i for i in leden if waarden[y[i]] > 0.5)

    # stage 1: the most covered students
    zet_doel(dict(z))
    status = los(1e-7)
    beste = gekozen()
    if status == ONHAALBAAR or beste is None:
        return (
            frozenset(prob.open_pins & set(leden)),
            (ONHAALBAAR if status == ONHAALBAAR else TIJDSLIMIET),
            False,
        )
    if status != OPTIMAAL:
        return beste, status, False
    _vast(h, dict(z), _ondergrens(h))

    # stage 2: the most students keep a place in their profiel
    tweede = {k: n[a] for a, k in plek.items()}
    zet_doel(tweede)
    h.setSolution(h.getSolution())
    status = los(1e-6)
    nu = gekozen()
    beste = beste if nu is None else nu
    if status != OPTIMAAL:
        return beste, TIJDSLIMIET, True
    _vast(h, tweede, _ondergrens(h))

    # stage 3: the fewest students move (whole students: steps of 0.5), then the most central
    # vestigingen and the lowest code, weighted to weigh together less than 0.5 student
    rang = {i: r for r, i in enumerate(sorted(leden, key=lambda i: prob.sleutels[i]))}
    centraal = {i: prob.gemiddelde_km[i] + 1e-3 * (rang[i] + 1) / len(leden) for i in leden}
    schaal = 0.4 / (sum(centraal.values()) + 1.0)
    derde = {y[i]: n[i] - schaal * centraal[i] for i in leden}
    zet_doel(derde)
    h.setSolution(h.getSolution())
    status = los(schaal * 1e-4 / len(leden))
    nu = gekozen()
    beste = beste if nu is None else nu
    return beste, OPTIMAAL if status == OPTIMAAL else TIJDSLIMIET, True


def _ondergrens(h: highspy.Highs) -> float:
    """The optimum just found, less a margin for the solver's tolerances."""
    waarde = float(h.getInfo().objective_function_value)
    return waarde - 1e-6 * max(1.0, abs(waarde))


def _vast(h: highspy.Highs, termen: dict[int, float], ondergrens: float) -> None:
    """Keep what a stage achieved: sum of ``termen`` at least ``ondergrens``."""
    h.addRow(
        ondergrens,
        float("inf"),
        len(termen),
        np.array(list(termen), dtype=np.int32),
        np.array(list(termen.values())),
    )
