"""A demo division of vmbo vestigingen into STO-regio's.

No machine-readable list of the real STO-regio's exists, so the monitor can show a *demo
division*: contiguous groups of vestigingen inside COROP areas. Large COROP areas are split
with k-means on the coordinates, tiny ones are merged with their nearest neighbour, so that
exactly ``n_regions`` regions come out. About 1 % of the vestigingen stay outside any region,
as in reality. Independent of the generator: it also runs on real vestigingen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

OUTSIDE_SHARE = 0.01
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(52.2))
KMEANS_ROUNDS = 25


@dataclass(frozen=True)
class VestigingPoint:
    """A vestiging to place in a region: its code, COROP code ("" if unknown) and location."""

    code: str
    corop: str
    lat: float
    lon: float


def to_km(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Flat x/y in km, good enough for distances inside the Netherlands."""
    return np.column_stack([lon * KM_PER_DEG_LON, lat * KM_PER_DEG_LAT])


def _kmeans(xy: FloatArray, k: int, rng: np.random.Generator) -> IntArray:
    """Labels 0..k-1, every cluster non-empty (k <= number of points)."""
    n = len(xy)
    if k >= n:
        return np.arange(n, dtype=np.int64)
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    centres = [int(rng.integers(n))]
    dist = np.sum((xy - xy[centres[0]]) ** 2, axis=1)
    while len(centres) < k:  # k-means++
        total = float(dist.sum())
        if total > 0:
            pick = int(rng.choice(n, p=dist / total))
        else:
            pick = int(rng.choice([i for i in range(n) if i not in centres]))
        centres.append(pick)
        dist = np.minimum(dist, np.sum((xy - xy[pick]) ** 2, axis=1))
    centre = xy[centres].copy()
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(KMEANS_ROUNDS):
        d2 = np.sum((xy[:, None, :] - centre[None, :, :]) ** 2, axis=2)
        labels = np.argmin(d2, axis=1)
        for j in range(k):
            if not np.any(labels == j):  # refill an empty cluster with the worst-placed point
                own = d2[np.arange(n), labels]
                sizes = np.bincount(labels, minlength=k)
                own[sizes[labels] <= 1] = -1.0
                worst = int(np.argmax(own))
                labels[worst] = j
            centre[j] = xy[labels == j].mean(axis=0)
    return labels


def _merge_small(groups: dict[str, list[int]], xy: FloatArray, target: int) -> list[list[int]]:
    """Merge groups smaller than half a region (and any surplus) into the nearest group."""
    parts = [sorted(members) for _, members in sorted(groups.items())]
    average = sum(len(p) for p in parts) / max(target, 1)
    while len(parts) > 1:
        sizes = [len(p) for p in parts]
        smallest = int(np.argmin(sizes))
        if sizes[smallest] >= average / 2 and len(parts) <= target:
            break
        centre = xy[parts[smallest]].mean(axis=0)
        others = [i for i in range(len(parts)) if i != smallest]
        nearest = min(
            others, key=lambda i: float(np.sum((xy[parts[i]].mean(axis=0) - centre) ** 2))
        )
        parts[nearest] = sorted(parts[nearest] + parts[smallest])
        del parts[smallest]
    return parts


def _allocate(sizes: list[int], target: int) -> list[int]:
    """Regions per group: at least one each, the rest by highest average (D'Hondt)."""
    seats = [1] * len(sizes)
    for _ in range(target - len(sizes)):
        best = max(
            (i for i in range(len(sizes)) if seats[i] < sizes[i]),
            key=lambda i: sizes[i] / (seats[i] + 1),
        )
        seats[best] += 1
    return seats


def demo_regions(
    vestigingen: Sequence[VestigingPoint], n_regions: int, seed: int
) -> dict[str, str]:
    """Vestiging code -> region code (``R01`` …) for exactly ``n_regions`` regions.

    Pass only the vestigingen that should be grouped (the monitor uses those offering vmbo
    bb/kb/gl). Fewer vestigingen than regions gives one region per vestiging. About 1 % of the
    vestigingen are left out (they belong to no region). Deterministic for a given seed.
    """
    points = sorted({p.code: p for p in vestigingen}.values(), key=lambda p: p.code)
    if not points or n_regions <= 0:
        return {}
    rng = np.random.default_rng([seed, 7, n_regions])
    n_out = min(round(OUTSIDE_SHARE * len(points)), max(len(points) - n_regions, 0))
    outside = set(rng.choice(len(points), size=n_out, replace=False).tolist()) if n_out else set()
    inside = [p for i, p in enumerate(points) if i not in outside]
    target = min(n_regions, len(inside))
    xy = to_km(np.array([p.lat for p in inside]), np.array([p.lon for p in inside]))

    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(inside):
        groups[p.corop.strip()].append(i)
    if "" in groups and len(groups) > 1:  # unknown COROP: join the nearest known vestiging
        known = [i for key, members in groups.items() if key for i in members]
        for i in groups.pop(""):
            nearest = known[int(np.argmin(np.sum((xy[known] - xy[i]) ** 2, axis=1)))]
            groups[inside[nearest].corop.strip()].append(i)
    parts = _merge_small(groups, xy, target)
    seats = _allocate([len(p) for p in parts], target)

    labels = np.zeros(len(inside), dtype=np.int64)
    next_label = 0
    for members, k in zip(parts, seats, strict=True):
        local = _kmeans(xy[members], k, rng)
        labels[members] = local + next_label
        next_label += k
    centres = np.array([xy[labels == j].mean(axis=0) for j in range(next_label)])
    order = np.lexsort((centres[:, 0], -centres[:, 1]))  # north to south, then west to east
    rank = np.empty(next_label, dtype=np.int64)
    rank[order] = np.arange(next_label)
    width = max(2, len(str(next_label)))
    return {p.code: f"R{rank[labels[i]] + 1:0{width}d}" for i, p in enumerate(inside)}
