"""Cohorts: last year's students move on to this year's next leerjaar at the same vestiging.

Without this step every leerjaar would be drawn afresh each year; with it, this year's
leerjaar 2 and 3 are last year's leerjaar 1 and 2, and leerjaar 4 is last year's leerjaar 3,
so a forecast by cohort flow (``planner/prognose``) and the estimates of ``weglekken`` and
``afstromen`` from two consecutive files have something to find. Per vestiging and year:

- **doorstroom** ``brugjaar 1 -> 2`` and ``brugjaar 2 -> leerjaar 3``, separately for the
  vmbo-brugklassen (recognised by their opleidingsnaam, as the forecast does) and the other
  brugklassen (to havo/vwo leerjaar 3). Each student of last year's pool moves on with
  probability ``q``: the vestiging's own ratio of the calibration (target / source, capped at
  ``Q_MAX``, so some always leave: to tl or havo at another vestiging, to praktijkonderwijs,
  out of the region), with yearly noise (``FLOW_SD``). ``REPEAT`` of the pool stays in the same
  leerjaar. Whatever the target expects beyond that (side entry, a bovenbouw location fed by
  another vestiging) arrives as Poisson inflow, so the expected numbers stay those of the
  calibration;
- **profile choice**: the students reaching leerjaar 3 are divided over the vestiging's vmbo
  offer (every profiel x leerweg row, tl included, that is active this year) in proportion to
  its expected size; the expected sizes drift (the national technical trend and a random walk
  per row, ``simulate.SHARE_SD``), so profile shares change over the years;
- **leerjaar 3 -> 4** per row: stay (the calibrated ratio of the row), switch to another
  profiel in the same leerweg (``P_SWITCH``: weglekken when it leaves a technical profiel),
  move to a lower leerweg (``P_AFSTROOM``: tl and gl to kb, kb to bb), repeat leerjaar 3, or
  leave; plus the row's Poisson inflow. Students who move land on the rows of the target
  leerweg at the same vestiging in proportion to their size.

A row that the independent draw gives at least one student keeps at least one (as before), so
small offerings do not flicker. Everything is drawn from the chunk's random stream, so the
output stays a function of the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sto_monitor.generate.calibration import BoolArray, FloatArray, IntArray
from sto_monitor.generate.offering import TL, Offering

Q_MAX = 0.95  # at most this share of a pool moves on to the next leerjaar at the vestiging
FLOW_SD = 0.04  # yearly noise of a vestiging's doorstroom ratio (log scale)
REPEAT = 0.02  # share of a pool that repeats the leerjaar
P_SWITCH = 0.03  # leerjaar 3 -> 4: to another profiel in the same leerweg
P_AFSTROOM = 0.04  # leerjaar 3 -> 4: to a lower leerweg
LOWER = {1: 0, 2: 1, TL: 1}  # kb -> bb, gl -> kb, tl -> kb (leerweg indices of ``offering``)
N_LEERWEGEN = 4


@dataclass(frozen=True)
class Cohorten:
    """The rows of one chunk as the cohort step sees them (fixed for all years)."""

    group: IntArray  # the vestiging of a row: instance - lo
    n: int  # vestigingen in the chunk
    vmbo_brug: BoolArray
    andere_brug: BoolArray
    vmbo_lj3: BoolArray  # vmbo bb/kb/gl/tl rows (leerjaar 3-4)
    havo_vwo_lj3: BoolArray
    key: IntArray  # (vestiging, leerweg) of a vmbo row
    lower_key: IntArray  # (vestiging, lower leerweg); only used where ``afstroom`` > 0
    stay: FloatArray  # leerjaar 3 -> 4 probabilities per row
    switch: FloatArray
    afstroom: FloatArray
    inflow4: FloatArray  # expected leerjaar 4 students from elsewhere (times the year's size)
    size: FloatArray  # (R, 6) calibration size of the rows a vestiging has (0 for latent rows)
    drift: FloatArray  # national log change per year of a row

    def ratio(self, source: BoolArray, j: int, target: BoolArray, t: int) -> FloatArray:
        """Per vestiging: the doorstroom ratio from leerjaar ``j`` of the ``source`` rows last
        year to leerjaar ``j + 1`` of the ``target`` rows in year ``t`` (years since the
        calibration): the calibration's sizes with the national drift, at most ``Q_MAX``."""
        n, group, size = self.n, self.group, self.size
        before = _mean(size[:, j - 1] * np.exp(self.drift * (t - 1)))
        after = _mean(size[:, j] * np.exp(self.drift * t))
        pool = np.bincount(group, weights=np.where(source, before, 0.0), minlength=n)
        doel = np.bincount(group, weights=np.where(target, after, 0.0), minlength=n)
        out = np.divide(doel, pool, out=np.zeros(n), where=pool > 0)
        return np.asarray(np.minimum(out, Q_MAX), dtype=np.float64)


def cohorten(off: Offering, rows: IntArray, inst: IntArray, lo: int, hi: int) -> Cohorten:
    """The cohort structure of the rows ``rows`` (instances ``inst``) of one chunk."""
    brug = off.brug[rows]
    vmbo_brug = brug & off.vmbo_brug[rows]
    leerweg = off.leerweg[rows]
    vmbo_lj3 = leerweg >= 0
    group = inst - lo
    lw = np.maximum(leerweg, 0)
    lower = np.array([LOWER.get(i, 0) for i in range(N_LEERWEGEN)])[lw]
    cohort = np.where(vmbo_lj3, off.cohort[rows], 0.0)
    switch = np.where(vmbo_lj3 & (leerweg != TL), P_SWITCH, 0.0)
    afstroom = np.where(vmbo_lj3 & np.isin(leerweg, list(LOWER)), P_AFSTROOM, 0.0)
    # the moves come out of the row's calibrated ratio (at most half of it), the repeaters
    # out of the students who leave
    cohort = np.minimum(cohort, 1.0 - REPEAT)
    room = cohort / 2
    moving = switch + afstroom
    scale = np.where(moving > room, room / np.maximum(moving, 1e-12), 1.0)
    switch, afstroom = switch * scale, afstroom * scale
    n = hi - lo
    andere_brug = brug & ~vmbo_brug
    havo_vwo = off.havo_vwo_lj3[rows]
    return Cohorten(
        group=group,
        n=n,
        vmbo_brug=vmbo_brug,
        andere_brug=andere_brug,
        vmbo_lj3=vmbo_lj3,
        havo_vwo_lj3=havo_vwo,
        key=group * N_LEERWEGEN + lw,
        lower_key=group * N_LEERWEGEN + lower,
        stay=np.where(vmbo_lj3, np.maximum(cohort - switch - afstroom, 0.0), 0.0),
        switch=switch,
        afstroom=afstroom,
        inflow4=np.where(vmbo_lj3, off.inflow[rows], 0.0),
        size=np.where(off.latent[rows, None], 0.0, off.size[rows]),
        drift=off.drift[rows],
    )


def volg(
    c: Cohorten,
    rng: np.random.Generator,
    counts: IntArray,
    expected: FloatArray,
    mult: FloatArray,
    weight3: FloatArray,
    previous: IntArray,
    previous_expected: FloatArray,
    t: int,
) -> None:
    """Replace leerjaar 2-4 of ``counts`` (this year's independent draw) by last year's cohorts.

    ``expected``: this year's expected size per row and leerjaar (``mult`` times the
    calibration size); ``weight3``: the same for leerjaar 3 with inactive offerings at 0;
    ``previous``/``previous_expected``: last year's counts and expected sizes; ``t``: years since
    the calibration. ``counts`` is changed in place.
    """
    repeat3 = _leerjaar4(c, rng, counts, expected, mult, weight3, previous)
    repeat2: list[IntArray] = []
    # brugjaar 2 -> leerjaar 3: from the vmbo-brugklassen to vmbo, from the others to havo/vwo
    for source, target in ((c.vmbo_brug, c.vmbo_lj3), (c.andere_brug, c.havo_vwo_lj3)):
        pool = _pool(c, source, previous[:, 1])
        herhaald = rng.binomial(pool, REPEAT)
        repeat2.append(herhaald)
        doel = np.where(target, weight3, 0.0)
        eigen = np.where(target, repeat3, 0)  # leerjaar 3 repeaters come on top of the flow
        n3 = _flow(
            rng,
            c,
            np.minimum(c.ratio(source, 2, target, t) / (1 - REPEAT), Q_MAX),
            pool - herhaald,
            _per_vestiging(c, source, _mean(previous_expected[:, 1]) * (1 - REPEAT)),
            doel,
            REPEAT * _per_vestiging(c, target & c.vmbo_lj3, previous[:, 2]),
        )
        counts[target, 2] = (_place(rng, c, n3, doel) + eigen)[target]
    brug = c.vmbo_brug | c.andere_brug  # brugjaar 1 -> 2 over all brugklassen of the vestiging
    doel = np.where(brug, expected[:, 1], 0.0)
    n2 = _flow(
        rng,
        c,
        c.ratio(brug, 1, brug, t),
        _pool(c, brug, previous[:, 0]),
        _per_vestiging(c, brug, _mean(previous_expected[:, 0])),
        doel,
        REPEAT * _per_vestiging(c, brug, previous[:, 1]),
    )
    counts[brug, 1] = _place(rng, c, n2 + sum(repeat2), doel)[brug]


def _leerjaar4(
    c: Cohorten,
    rng: np.random.Generator,
    counts: IntArray,
    expected: FloatArray,
    mult: FloatArray,
    weight3: FloatArray,
    previous: IntArray,
) -> IntArray:
    """Leerjaar 4 of the vmbo rows from last year's leerjaar 3; returns the repeaters per row.

    The calibrated ratio and inflow of a row already hold the students who arrive from other
    rows of the vestiging, so the students expected to arrive are taken off the row's inflow
    first and then off its own stayers: the moves shift students, the totals stay calibrated.
    """
    lj3 = np.where(c.vmbo_lj3, previous[:, 2], 0)
    landing = np.where(
        c.vmbo_lj3 & ((weight3 > 0) | (lj3 > 0)), expected[:, 2] + expected[:, 3], 0.0
    )
    n_keys = c.n * N_LEERWEGEN
    rows_in = np.bincount(c.key, weights=(landing > 0).astype(np.float64), minlength=n_keys)
    # a move needs somewhere to go: another profiel in the leerweg, rows in the lower leerweg
    switch = np.where(rows_in[c.key] > 1, c.switch, 0.0)
    afstroom = np.where(rows_in[c.lower_key] > 0, c.afstroom, 0.0)
    stay = c.stay + (c.switch - switch) + (c.afstroom - afstroom)
    per_key = np.bincount(c.key, weights=switch * lj3, minlength=n_keys) + np.bincount(
        c.lower_key, weights=afstroom * lj3, minlength=n_keys
    )
    landing_total = np.bincount(c.key, weights=landing, minlength=n_keys)[c.key]
    arrive = np.divide(
        per_key[c.key] * landing, landing_total, out=np.zeros(len(lj3)), where=landing_total > 0
    )
    inflow = c.inflow4 * mult
    stay = np.maximum(stay - np.maximum(arrive - inflow, 0.0) / np.maximum(lj3, 1), 0.0)
    inflow = np.maximum(inflow - arrive, 0.0)
    repeat = np.where(c.vmbo_lj3, REPEAT, 0.0)
    probs = np.stack([stay, switch, afstroom, repeat], axis=1)
    probs = np.concatenate([probs, np.maximum(1.0 - probs.sum(axis=1, keepdims=True), 0.0)], 1)
    probs /= probs.sum(axis=1, keepdims=True)
    blijft, wisselt, stroomt_af, herhaalt, _ = rng.multinomial(lj3, probs).T
    moved = np.bincount(c.key, weights=wisselt, minlength=n_keys) + np.bincount(
        c.lower_key, weights=stroomt_af, minlength=n_keys
    )
    lj4 = blijft + spread(rng, moved.astype(np.int64), c.key, landing, n_keys)
    lj4 += rng.poisson(inflow)
    counts[c.vmbo_lj3, 3] = lj4[c.vmbo_lj3]
    return np.asarray(herhaalt, dtype=np.int64)


def _mean(e: FloatArray) -> FloatArray:
    """The mean of the independent draw ``1 + Poisson(e - 1)`` of a row with students."""
    return np.where(e > 0, np.maximum(e, 1.0), 0.0)


def _per_vestiging(c: Cohorten, mask: BoolArray, values: FloatArray | IntArray) -> FloatArray:
    total = np.bincount(c.group, weights=np.where(mask, values, 0), minlength=c.n)
    return np.asarray(total, dtype=np.float64)


def _pool(c: Cohorten, mask: BoolArray, counts: IntArray) -> IntArray:
    """Students per vestiging in the rows of ``mask``."""
    return np.rint(_per_vestiging(c, mask, counts)).astype(np.int64)


def _flow(
    rng: np.random.Generator,
    c: Cohorten,
    ratio: FloatArray,
    pool: IntArray,
    pool_expected: FloatArray,
    target: FloatArray,
    extra_expected: FloatArray,
) -> IntArray:
    """Per vestiging: students of ``pool`` moving on, plus inflow up to the expected target.

    ``ratio``: the vestiging's doorstroom ratio (calibration); ``pool_expected``: what the pool
    was expected to be; ``target``: this year's expected size per row; ``extra_expected``:
    students expected to arrive by another way (repeaters), which the inflow leaves room for.
    The ratio is the calibration's, not this year's: what the year's size adds or takes
    comes by the inflow, so a cohort carries its own size into the next leerjaar.
    """
    expected = np.bincount(c.group, weights=_mean(target), minlength=c.n)
    q = ratio * np.exp(rng.normal(-(FLOW_SD**2) / 2, FLOW_SD, c.n))
    q = np.clip(q, 0.0, 0.99)
    inflow = np.maximum(expected - q * pool_expected - extra_expected, 0.0)
    moved = rng.binomial(pool, q)
    return np.asarray(moved + rng.poisson(inflow), dtype=np.int64)


def _place(rng: np.random.Generator, c: Cohorten, n: IntArray, expected: FloatArray) -> IntArray:
    """``n`` students per vestiging over its rows with an ``expected`` size above 0: one each
    first (as the independent draw ``1 + Poisson(e - 1)`` gives), the rest by ``e - 1``."""
    first = (expected > 0).astype(np.int64)
    rest = np.maximum(n - np.bincount(c.group, weights=first, minlength=c.n).astype(np.int64), 0)
    weight = np.maximum(expected - 1.0, 0.0) + 1e-3 * first
    return first + spread(rng, rest, c.group, weight, c.n)


def spread(
    rng: np.random.Generator, n: IntArray, group: IntArray, weight: FloatArray, n_groups: int
) -> IntArray:
    """A multinomial draw per group: ``n[g]`` over the rows of group g in proportion to
    ``weight``. Students of a group without weight are not placed."""
    out = np.zeros(len(group), dtype=np.int64)
    use = weight > 0
    if not use.any():
        return out
    index = np.flatnonzero(use)
    order = index[np.argsort(group[index], kind="stable")]
    g = group[order]
    first = np.searchsorted(g, g, side="left")
    position = np.arange(len(order)) - first
    table = np.zeros((n_groups, int(position.max()) + 1))
    table[g, position] = weight[order]
    total = table.sum(axis=1)
    table[total == 0, 0] = 1.0
    table /= np.where(total > 0, total, 1.0)[:, None]
    draws = rng.multinomial(np.where(total > 0, n, 0), table)
    out[order] = draws[g, position]
    return out
