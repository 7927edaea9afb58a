"""Draw the student counts, one chunk of vestigingen at a time, year after year.

Per row and year the expected size is the calibration size times the national drift (fewer
vmbo students, a slowly growing technical share), a per-vestiging factor with a random walk,
a random walk per row (so the shares of profielen drift) and a little row noise. A row that
has students keeps at least one (so small offerings do not flicker); whole profiel x leerweg
offerings stop or start now and then. In the first year every leerjaar is drawn from its
expected size; in every following consecutive year leerjaar 2, 3 and 4 are last year's
cohorts moved on (``cohorten.py``), and only leerjaar 1 and the other school types are drawn
afresh.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from sto_monitor.generate import cohorten
from sto_monitor.generate.calibration import NO_CODE, FloatArray, IntArray
from sto_monitor.generate.offering import TL, Offering
from sto_monitor.generate.universe import Universe

WALK_SD = 0.03  # yearly random walk of a vestiging's size (log scale)
ROW_SD = 0.06  # yearly noise per row (log scale)
SHARE_SD = 0.04  # yearly random walk of a row's size (log scale): profile shares drift
P_STOP = (0.008, 0.006)  # per year: non-technical, technical offering stops
# Per year: chance that a vestiging starts a profiel it lacks (non-technical, technical), times
# the share of vestigingen that offer that profiel already (so rare profielen stay rare).
P_START = (0.006, 0.01)
EXAM_SHARE = 0.97  # share of fourth-years that sit the final exam


@dataclass(frozen=True)
class YearChunk:
    """The counts of one year for a consecutive slice of vestigingen (rows with students)."""

    year: int
    inst: IntArray  # instance index per row
    rows: IntArray  # offering row index
    counts: IntArray  # (R, 6) boys + girls per leerjaar
    girls: IntArray  # (R, 6)
    seed: int
    lo: int

    def stream(self, purpose: int) -> np.random.Generator:
        """An independent random stream for one output file, fixed by seed, chunk and year."""
        return np.random.default_rng([self.seed, 3, self.lo, self.year, purpose])


def _chunk_rows(off: Offering, uni: Universe, lo: int, hi: int) -> tuple[IntArray, IntArray]:
    bases = uni.base[lo:hi]
    starts, ends = off.start[bases], off.start[bases + 1]
    lengths = ends - starts
    inst = np.repeat(np.arange(lo, hi), lengths)
    offset = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    rows = np.arange(int(lengths.sum())) + offset
    return inst, rows


def simulate_chunk(
    off: Offering, uni: Universe, lo: int, hi: int, years: Sequence[int], cal_year: int, seed: int
) -> Iterator[YearChunk]:
    """Yield one ``YearChunk`` per year (in the given order) for instances ``lo:hi``."""
    rng = np.random.default_rng([seed, 2, lo])
    inst, rows = _chunk_rows(off, uni, lo, hi)
    group = off.group[rows]
    member = group != NO_CODE
    local = np.full(len(rows), NO_CODE, dtype=np.int64)
    keys, first_row, inverse = np.unique(
        (inst[member] - lo) * max(off.n_groups, 1) + group[member],
        return_index=True,
        return_inverse=True,
    )
    local[member] = inverse
    group_tech = off.tech[rows][member][first_row].astype(np.int64)
    active = ~off.latent[rows][member][first_row]
    start = np.take(P_START, group_tech) * off.prevalence[rows][member][first_row]
    stop = np.take(P_STOP, group_tech)
    size = off.size[rows]
    cohort = off.cohort[rows]
    in_cohort = cohort >= 0
    walk = np.zeros(hi - lo)
    share = np.zeros(len(rows))
    flows = cohorten.cohorten(off, rows, inst, lo, hi)
    previous: tuple[int, IntArray, FloatArray] | None = None
    for k, year in enumerate(years):
        if k:
            walk += rng.normal(0.0, WALK_SD, hi - lo)
            share += rng.normal(-(SHARE_SD**2) / 2, SHARE_SD, len(rows))
            u = rng.random(len(keys))
            active = np.where(active, u >= stop, u < start)
        t = year - cal_year
        mult = uni.factor[inst] * np.exp(
            walk[inst - lo]
            + share
            + off.drift[rows] * t
            + rng.normal(-(ROW_SD**2) / 2, ROW_SD, len(rows))
        )
        expected = size * mult[:, None]
        counts = np.where(size > 0, 1 + rng.poisson(np.maximum(expected - 1.0, 0.0)), 0)
        row_active = np.where(member, active[np.maximum(local, 0)], True)
        counts[~row_active, 2] = 0
        if previous is not None and previous[0] == year - 1:
            weight3 = np.where(row_active, expected[:, 2], 0.0)
            cohorten.volg(flows, rng, counts, expected, mult, weight3, *previous[1:], t)
        elif previous is not None:  # a gap of years: leerjaar 4 from the last one loaded
            inflow = np.where(row_active, off.inflow[rows] * mult, 0.0)[in_cohort]
            counts[in_cohort, 3] = rng.binomial(
                previous[1][in_cohort, 2], cohort[in_cohort]
            ) + rng.poisson(inflow)
        counts[off.latent[rows] & ~row_active] = 0
        previous = (year, counts, expected)
        girls = rng.binomial(counts, off.girls[rows][:, None])
        keep = counts.sum(axis=1) > 0
        yield YearChunk(
            year=year,
            inst=inst[keep],
            rows=rows[keep],
            counts=counts[keep],
            girls=girls[keep],
            seed=seed,
            lo=lo,
        )


def beroeps_groups(
    chunk: YearChunk, off: Offering, leerjaar: int
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Students of one leerjaar per (instance, leerweg bb/kb/gl, profiel), zero groups dropped.

    Returns instance, leerweg, profiel and count arrays, sorted by instance.
    """
    leerweg = off.leerweg[chunk.rows]
    profiel = off.profiel[chunk.rows]
    keep = (leerweg >= 0) & (leerweg < TL) & (profiel != NO_CODE)
    counts = chunk.counts[keep, leerjaar - 1]
    key = chunk.inst[keep] * 100 + leerweg[keep] * 10 + profiel[keep]
    uniq, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=counts, minlength=len(uniq)).astype(np.int64)
    nonzero = total > 0
    uniq, total = uniq[nonzero], total[nonzero]
    return uniq // 100, (uniq // 10) % 10, uniq % 10, total
