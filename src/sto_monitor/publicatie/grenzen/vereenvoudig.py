"""Topology-preserving simplification of polygon boundaries, in plain Python.

Simplifying every ring on its own (Douglas-Peucker) moves a border shared by two gemeenten
differently on either side, which leaves gaps and overlaps. Here the rings of all layers
together are first cut into *arcs* at their junctions (points with more than two distinct
neighbours over all rings), each arc is simplified once, and every ring is put back together
from its simplified arcs. A border shared by two gemeenten, or by a gemeente and its
provincie, therefore stays exactly one line. A ring that would collapse or cross itself keeps
its original arcs (and so do its neighbours along those arcs).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

Punt = tuple[float, float]  # (lon, lat)
Ring = list[Punt]  # closed: the first point is repeated at the end
Polygoon = list[Ring]  # the exterior ring, then any holes
Multipolygoon = list[Polygoon]

KM_PER_GRAAD = 111.32  # km per degree of latitude


def open_ring(ring: Sequence[Sequence[float]]) -> list[Punt]:
    """The ring without its closing point and without consecutive duplicate points."""
    punten: list[Punt] = []
    for p in ring:
        punt = (float(p[0]), float(p[1]))
        if not punten or punten[-1] != punt:
            punten.append(punt)
    while len(punten) > 1 and punten[0] == punten[-1]:
        punten.pop()
    return punten


def zonder_spikes(ring: Sequence[Punt]) -> list[Punt]:
    """An open ring without spikes: points where the boundary turns back on itself.

    Such a point (the next segment runs back along the previous one) encloses no area; the
    source has a few, where a border goes out and back along a dam or a road.
    """
    punten = list(ring)
    veranderd = True
    while veranderd and len(punten) > 3:
        veranderd = False
        for i in range(len(punten)):
            a, b, c = punten[i - 1], punten[i], punten[(i + 1) % len(punten)]
            u, v = (b[0] - a[0], b[1] - a[1]), (c[0] - b[0], c[1] - b[1])
            if u[0] * v[1] - u[1] * v[0] == 0 and u[0] * v[0] + u[1] * v[1] < 0:
                del punten[i]
                punten = open_ring(punten)
                veranderd = True
                break
    return punten


def knooppunten(ringen: Sequence[Sequence[Punt]]) -> set[Punt]:
    """Points where more than two distinct neighbours meet: where a shared border begins/ends."""
    buren: dict[Punt, set[Punt]] = defaultdict(set)
    for ring in ringen:
        for i, p in enumerate(ring):
            buren[p].add(ring[i - 1])
            buren[p].add(ring[(i + 1) % len(ring)])
    return {p for p, b in buren.items() if len(b) > 2}


def bogen(ring: Sequence[Punt], knopen: set[Punt]) -> list[tuple[Punt, ...]]:
    """An open ring cut at its junctions into arcs that share their end points.

    A ring without junctions is one closed arc (first point == last point).
    """
    start = next((i for i, p in enumerate(ring) if p in knopen), None)
    if start is None:
        return [(*ring, ring[0])]
    gedraaid = [*ring[start:], *ring[:start], ring[start]]
    uit: list[tuple[Punt, ...]] = []
    begin = 0
    for i in range(1, len(gedraaid)):
        if gedraaid[i] in knopen:
            uit.append(tuple(gedraaid[begin : i + 1]))
            begin = i
    return uit


def _canoniek(boog: tuple[Punt, ...]) -> tuple[tuple[Punt, ...], bool]:
    """The arc in one fixed form (whichever way round a ring runs) and whether it was reversed.

    A closed arc is also rotated to start at its smallest point.
    """
    if boog[0] == boog[-1] and len(boog) > 2:
        ring = list(boog[:-1])
        i = ring.index(min(ring))
        ring = ring[i:] + ring[:i]
        omgekeerd = ring[-1] < ring[1]
        if omgekeerd:
            ring = [ring[0], *ring[:0:-1]]
        return (*ring, ring[0]), omgekeerd
    terug = boog[::-1]
    return (terug, True) if terug < boog else (boog, False)


def _afstand(p: Punt, a: Punt, b: Punt) -> float:
    """Distance from p to the segment a-b (to the point a when a == b)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    lengte2 = dx * dx + dy * dy
    t = 0.0
    if lengte2 > 0:
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengte2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(xy: Sequence[Punt], tolerantie: float) -> list[int]:
    """Indices of the points Douglas-Peucker keeps (always the first and the last)."""
    n = len(xy)
    if n <= 2:
        return list(range(n))
    houd = [False] * n
    houd[0] = houd[-1] = True
    stapel = [(0, n - 1)]
    while stapel:
        a, b = stapel.pop()
        if b - a < 2:
            continue
        verst, grootst = a, -1.0
        for i in range(a + 1, b):
            d = _afstand(xy[i], xy[a], xy[b])
            if d > grootst:
                verst, grootst = i, d
        if grootst > tolerantie:
            houd[verst] = True
            stapel += [(a, verst), (verst, b)]
    return [i for i, h in enumerate(houd) if h]


def _orientatie(p: Punt, q: Punt, r: Punt) -> int:
    """1 when p-q-r turns left, -1 when it turns right, 0 when the three are collinear."""
    v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (v > 0) - (v < 0)


def _binnen(p: Punt, q: Punt, r: Punt) -> bool:
    """Whether r, collinear with p and q, lies on the segment p-q."""
    return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])


def _kruisen(a: Punt, b: Punt, c: Punt, d: Punt) -> bool:
    """Whether the segments a-b and c-d have any point in common."""
    o1, o2 = _orientatie(a, b, c), _orientatie(a, b, d)
    o3, o4 = _orientatie(c, d, a), _orientatie(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _binnen(a, b, c))
        or (o2 == 0 and _binnen(a, b, d))
        or (o3 == 0 and _binnen(c, d, a))
        or (o4 == 0 and _binnen(c, d, b))
    )


def geldige_ring(ring: Sequence[Punt]) -> bool:
    """An open ring of at least three points that neither touches nor crosses itself."""
    n = len(ring)
    if n < 3 or len(set(ring)) != n or oppervlak(ring) == 0:
        return False
    for i in range(n):
        a, b = ring[i], ring[(i + 1) % n]
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue  # the last segment ends where the first begins
            if _kruisen(a, b, ring[j], ring[(j + 1) % n]):
                return False
    return True


def oppervlak(ring: Sequence[Punt]) -> float:
    """Signed area (shoelace) of an open or closed ring, in squared degrees."""
    return (
        sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring))) / 2
    )


def vereenvoudig(
    lagen: Sequence[Sequence[Multipolygoon]], tolerantie_m: float
) -> list[list[Multipolygoon]]:
    """Every multipolygon of every layer simplified with shared borders kept shared.

    ``tolerantie_m`` is the Douglas-Peucker tolerance in metres (0 only removes duplicate and
    closing points). The result has the same layers, multipolygons, polygons and rings, each
    ring closed again.
    """
    open_lagen = [
        [[[zonder_spikes(open_ring(r)) for r in poly] for poly in mp] for mp in laag]
        for laag in lagen
    ]
    alle = [r for laag in open_lagen for mp in laag for poly in mp for r in poly]
    knopen = knooppunten(alle)
    lats = [p[1] for r in alle for p in r]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2)) if lats else 1.0

    def km(boog: tuple[Punt, ...]) -> list[Punt]:
        return [(lon * kx * KM_PER_GRAAD, lat * KM_PER_GRAAD) for lon, lat in boog]

    origineel: set[tuple[Punt, ...]] = set()  # arcs that must keep every point
    vereenvoudigd: dict[tuple[Punt, ...], tuple[Punt, ...]] = {}

    def boog_uit(boog: tuple[Punt, ...]) -> tuple[Punt, ...]:
        sleutel, omgekeerd = _canoniek(boog)
        if sleutel in origineel:
            return boog
        if sleutel not in vereenvoudigd:
            houd = douglas_peucker(km(sleutel), tolerantie_m / 1000)
            vereenvoudigd[sleutel] = tuple(sleutel[i] for i in houd)
        klein = vereenvoudigd[sleutel]  # a closed arc may start elsewhere: a ring has no start
        return klein[::-1] if omgekeerd else klein

    ring_bogen = {id(r): bogen(r, knopen) for r in alle}
    while True:
        nieuw: set[tuple[Punt, ...]] = set()
        for ring in alle:
            stukken = ring_bogen[id(ring)]
            if not geldige_ring(_samen([boog_uit(b) for b in stukken])):
                nieuw |= {_canoniek(b)[0] for b in stukken} - origineel
        if not nieuw:
            break
        origineel |= nieuw
    return [
        [
            [
                [_gesloten(_samen([boog_uit(b) for b in ring_bogen[id(r)]])) for r in poly]
                for poly in mp
            ]
            for mp in laag
        ]
        for laag in open_lagen
    ]


def _samen(stukken: Sequence[tuple[Punt, ...]]) -> list[Punt]:
    """Arcs joined end to start into one open ring."""
    ring: list[Punt] = []
    for stuk in stukken:
        ring += stuk[1:] if ring else stuk
    return open_ring(ring)


def _gesloten(ring: list[Punt]) -> Ring:
    return [*ring, ring[0]] if ring else []
