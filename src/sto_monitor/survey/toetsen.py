"""Paired significance tests for two survey waves, in plain Python (no scipy at run time).

Which test for what (the report marks a 2024 figure with ``*`` when it differs from 2021):

* a share (% top answers, % voldoende): the region either is or is not in the share in each
  wave, so the pairs form a 2x2 table. **McNemar's exact test**: under "no change" the
  discordant pairs (in → out, out → in) split 50/50, so the p-value is the two-sided binomial
  test of ``b`` successes in ``b + c`` trials with p = 1/2. Exact, so valid for the small
  counts of 42 pairs.
* a grade (mean cijfer): **Wilcoxon's signed-rank test** on the paired differences, not the
  paired t-test, because grades are ordinal and bounded (1-10) and with some 40 pairs the
  differences are far from normal. Zero differences are dropped (Wilcoxon's own method).
  Without ties and with at most 50 non-zero differences the p-value comes from the exact null
  distribution; otherwise from the normal approximation with tie correction of the variance
  and a continuity correction of 0.5.

The population is finite: there are only 78 STO regions and some 40-60 of them answer. We
report the tests **as they are**, without a finite population correction. The question the
``*`` answers is whether a change is larger than the chance variation in how programme
leaders answer (the regions seen as the outcome of a process), not whether the mean of exactly
these 78 regions changed: that descriptive question needs no test, the paired figures already
answer it. A finite population correction would shrink the variance by (N - n) / (N - 1) and
make marks easier to earn; exact tests (McNemar, exact Wilcoxon) have no such correction, so
leaving it out keeps both tests on the same footing and explainable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WILCOXON_EXACT_MAX_N = 50


@dataclass(frozen=True)
class Toetsuitslag:
    toets: str  # Dutch name of the test used, e.g. "McNemar (exact)"
    p: float
    n: int  # pairs that carry information (discordant pairs; non-zero differences)


def mcnemar_exact(b: int, c: int) -> Toetsuitslag:
    """McNemar's exact test: ``b`` pairs went out→in, ``c`` pairs in→out (two-sided)."""
    if b < 0 or c < 0:
        raise ValueError("aantallen moeten >= 0 zijn")
    m = b + c
    if m == 0:
        return Toetsuitslag("McNemar (exact)", 1.0, 0)
    k = min(b, c)
    tail = sum(math.comb(m, i) for i in range(k + 1))
    p = min(1.0, 2 * tail / 2**m)
    return Toetsuitslag("McNemar (exact)", p, m)


def _ranks(values: Sequence[float]) -> tuple[list[float], list[int]]:
    """Average ranks (1-based) of ``values`` and the sizes of the tie groups."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    ties: list[int] = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


def _exact_counts(n: int) -> list[int]:
    """Number of subsets of {1..n} with each sum 0..n(n+1)/2 (the null distribution of W+)."""
    total = n * (n + 1) // 2
    counts = [0] * (total + 1)
    counts[0] = 1
    for r in range(1, n + 1):
        for s in range(total, r - 1, -1):
            counts[s] += counts[s - r]
    return counts


def _norm_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def wilcoxon(voor: Sequence[float], na: Sequence[float]) -> Toetsuitslag:
    """Wilcoxon signed-rank test on the pairs (``na - voor``), two-sided; see the module text."""
    if len(voor) != len(na):
        raise ValueError("voor en na moeten even lang zijn")
    diffs = [b - a for a, b in zip(voor, na, strict=True) if b != a]
    n = len(diffs)
    if n == 0:
        return Toetsuitslag("Wilcoxon (geen verschillen)", 1.0, 0)
    ranks, ties = _ranks([abs(d) for d in diffs])
    r_plus = sum(r for r, d in zip(ranks, diffs, strict=True) if d > 0)
    has_ties = any(t > 1 for t in ties)
    if not has_ties and n <= WILCOXON_EXACT_MAX_N:
        counts = _exact_counts(n)
        total = 2**n
        w = round(r_plus)
        low = sum(counts[: w + 1]) / total
        high = sum(counts[w:]) / total
        return Toetsuitslag("Wilcoxon (exact)", min(1.0, 2 * min(low, high)), n)
    mean = n * (n + 1) / 4
    var = n * (n + 1) * (2 * n + 1) / 24 - sum(t**3 - t for t in ties) / 48
    d = r_plus - mean
    if var <= 0:
        return Toetsuitslag("Wilcoxon (normale benadering)", 1.0, n)
    d -= 0.5 * (1 if d > 0 else -1 if d < 0 else 0)
    z = d / math.sqrt(var)
    return Toetsuitslag("Wilcoxon (normale benadering)", min(1.0, 2 * _norm_sf(abs(z))), n)
