"""Where the students of closed offers go, for any set of open candidates.

Per profiel x leerweg: a kept offer keeps its own students; the students of closed offers go
to kept offers of the same profiel and leerweg within ``max_km`` (``Probleem.buren``), first
to fill groups below the minimum (a min-cost flow: the shortest total distance), the rest to
the nearest kept offer. Students with no kept offer within reach are lost to the region. The
offering is feasible when every kept offer reaches the minimum (``Verdeling.haalbaar``); the
MILP's constraints say the same, so its answers always pass, and the greedy fallback and the
report use this module directly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sto_monitor.planner.optimaliseer.probleem import EPS, Groep, Probleem


@dataclass(frozen=True)
class Stroom:
    """Students of a closed offer ``van`` who continue at kept offer ``naar``."""

    van: int
    naar: int
    leerlingen: float
    km: float


@dataclass(frozen=True)
class Verdeling:
    open: frozenset[int]
    stromen: tuple[Stroom, ...]
    tekort: Mapping[int, float]  # kept offers still below the minimum (empty: feasible)
    verloren: Mapping[int, float]  # students of closed offers without a kept offer in reach

    @property
    def haalbaar(self) -> bool:
        return not self.tekort


def groepsgroottes(prob: Probleem, verdeling: Verdeling) -> dict[int, float]:
    """Expected third-year group of every open candidate: its own students plus arrivals."""
    grootte = {i: prob.leerlingen[i] for i in verdeling.open}
    for s in verdeling.stromen:
        grootte[s.naar] += s.leerlingen
    return grootte


def verdeel(
    prob: Probleem, open_: Collection[int], groepen: Iterable[Groep] | None = None
) -> Verdeling:
    """Assign the students of closed offers (see the module docstring)."""
    open_set = frozenset(open_)
    stromen: list[Stroom] = []
    tekort: dict[int, float] = {}
    verloren: dict[int, float] = {}
    for g in prob.groepen if groepen is None else groepen:
        s, t, v = verdeel_groep(prob, g, open_set)
        stromen += s
        tekort.update(t)
        verloren.update(v)
    return Verdeling(open_set, tuple(stromen), tekort, verloren)


def verdeel_groep(
    prob: Probleem, groep: Groep, open_: Collection[int]
) -> tuple[list[Stroom], dict[int, float], dict[int, float]]:
    """One profiel x leerweg: (flows, shortfalls of kept offers, lost students)."""
    leden = prob.groepen.get(groep, ())
    m = prob.min_groep
    gesloten = [i for i in leden if i not in open_ and prob.leerlingen[i] > 0]
    tekort = {
        i: m - prob.leerlingen[i]
        for i in leden
        if i in open_ and prob.leerlingen[i] < m - EPS  # a kept offer keeps its own students
    }
    rest = {i: prob.leerlingen[i] for i in gesloten}
    stroom: dict[tuple[int, int], float] = {}
    if tekort and gesloten:
        bogen = [(a, b, km) for a in gesloten for b, km in prob.buren[a] if b in tekort and b != a]
        for (a, b), x in _min_kosten_stroom(rest, tekort, bogen).items():
            stroom[a, b] = x
            rest[a] -= x
            tekort[b] -= x
    tekort = {i: t for i, t in tekort.items() if t > EPS}
    verloren: dict[int, float] = {}
    for a in gesloten:
        if rest[a] <= EPS:
            continue
        naar = next((b for b, _ in prob.buren[a] if b != a and b in open_), None)
        if naar is None:
            verloren[a] = rest[a]
        else:
            stroom[a, naar] = stroom.get((a, naar), 0.0) + rest[a]
    stromen = [Stroom(a, b, x, prob.km(a, b)) for (a, b), x in sorted(stroom.items()) if x > EPS]
    return stromen, tekort, verloren


def _min_kosten_stroom(
    aanbod: Mapping[int, float],
    vraag: Mapping[int, float],
    bogen: Sequence[tuple[int, int, float]],
) -> dict[tuple[int, int], float]:
    """Largest flow from supplies to demands along ``bogen`` (a, b, km), least total km.

    Successive shortest paths (SPFA on the residual graph); the graphs are tiny (one
    profiel x leerweg of one region).
    """
    bronnen = sorted(aanbod)
    putten = sorted(vraag)
    knoop = {("a", a): k + 1 for k, a in enumerate(bronnen)}
    knoop |= {("b", b): len(bronnen) + 1 + k for k, b in enumerate(putten)}
    s, t = 0, len(bronnen) + len(putten) + 1
    naar: list[int] = []
    cap: list[float] = []
    kost: list[float] = []
    uit: list[list[int]] = [[] for _ in range(t + 1)]

    def boog(u: int, v: int, c: float, w: float) -> None:
        uit[u].append(len(naar))
        naar.append(v)
        cap.append(c)
        kost.append(w)
        uit[v].append(len(naar))
        naar.append(u)
        cap.append(0.0)
        kost.append(-w)

    for a in bronnen:
        boog(s, knoop["a", a], aanbod[a], 0.0)
    for b in putten:
        boog(knoop["b", b], t, vraag[b], 0.0)
    midden: dict[int, tuple[int, int]] = {}
    for a, b, km in bogen:
        midden[len(naar)] = (a, b)
        boog(knoop["a", a], knoop["b", b], float("inf"), km)
    while True:
        afstand = [float("inf")] * (t + 1)
        via = [-1] * (t + 1)
        in_rij = [False] * (t + 1)
        afstand[s] = 0.0
        rij = deque([s])
        while rij:
            u = rij.popleft()
            in_rij[u] = False
            for e in uit[u]:
                if cap[e] > EPS and afstand[u] + kost[e] < afstand[naar[e]] - 1e-12:
                    afstand[naar[e]] = afstand[u] + kost[e]
                    via[naar[e]] = e
                    if not in_rij[naar[e]]:
                        in_rij[naar[e]] = True
                        rij.append(naar[e])
        if via[t] < 0:
            break
        x = float("inf")
        v = t
        while v != s:
            x = min(x, cap[via[v]])
            v = naar[via[v] ^ 1]
        v = t
        while v != s:
            cap[via[v]] -= x
            cap[via[v] ^ 1] += x
            v = naar[via[v] ^ 1]
    return {ab: cap[e ^ 1] for e, ab in midden.items() if cap[e ^ 1] > EPS}
