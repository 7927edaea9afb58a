"""The forecast itself: a pure function of one region's history (``Reeks``).

Windows count school years back from the base year T (the last loaded one): a window of 3
means the loaded years among T-2..T.

1. **Region total** of derdejaars (leerjaar 3 bb/kb/gl):
   - T+1 by *cohort flow* from leerjaar 2: derdejaars(t) / brugjaar2(t-1), the mean over the
     last ``Keuzes.cohorten`` pairs of consecutive loaded years, times brugjaar2(T);
   - T+2 likewise from leerjaar 1: derdejaars(t) / brugjaar1(t-2), times brugjaar1(T);
   - later years, and any year whose ratio cannot be estimated (loaded years not consecutive,
     no brugklassen), by the *trend*: exp(slope) - 1 of a straight line through log(region
     total) over the ``trend_jaren`` window, applied to the year before. No trend (0) unless
     the loaded years in the window lie at least ``trend_span`` years apart.
2. **Profiel x leerweg**: the region total times the profiel x leerweg's share of the region's
   derdejaars, its mean over the ``aandeel_jaren`` window.
3. **Offers** (vestiging x profiel x leerweg with derdejaars in T): the profiel x leerweg
   forecast times the offer's share of it (mean over the ``aanbod_jaren`` window, rescaled so
   the offers of T add up to 1). Offers that start or stop later are not forecast.
4. **Interval** (80 %): three variances add up to the *spread* of a forecast: the region total
   (relative sd of the flow ratios in a cohort year; per trend year the sd of the yearly log
   changes adds up like a random walk; each at least ``min_spreiding``), the share (its sd
   over the ``trend_jaren`` window, times the total), and chance at small numbers (Poisson:
   variance = the forecast). The interval is the forecast plus the calibrated margins times
   the spread (``marges.py``: the 10 % and 90 % quantiles of the standardised misses in the
   rolling back-test, per level, horizon and size), not below 0.

The defaults were chosen on the back-test of the national demo (docs/prognose.md): means of
three years beat last year's share for profielen and offers; damping or a longer ratio mean
changed nothing there; 6 % is the yearly spread of region totals in generated data.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sto_monitor import domain
from sto_monitor.planner.prognose.data import Aanbod, Reeks
from sto_monitor.planner.prognose.marges import GEKALIBREERD, Marges, Niveau

Z80 = 1.2816  # two-sided 80 % interval of a normal distribution
TECHNIEK = "techniek"  # profiel of a row summing the technical profielen
TOTAAL = "totaal"  # profiel of a row summing all profielen (incl. overig); leerweg likewise
ALLE = "alle"  # leerweg of a row summing bb, kb and gl


@dataclass(frozen=True)
class Keuzes:
    """The method's tunable choices (defaults chosen on the back-test, docs/prognose.md)."""

    cohorten: int = 3  # flow ratios: mean of at most this many most recent pairs
    trend_jaren: int = 6  # trend, and the spread of shares, over this window
    aandeel_jaren: int = 3  # profiel x leerweg share: mean over this window
    min_spreiding: float = 0.06  # minimum relative sd of the region total per step
    demping: float = 1.0  # trend damping per year (1.0 = none)
    aanbod_jaren: int = 3  # offer's share of its profiel x leerweg: mean over this window
    trend_span: int = 3  # a trend needs loaded years at least this many years apart
    marges: Marges = GEKALIBREERD  # the interval's calibrated margins (``marges.py``)


KEUZES = Keuzes()


@dataclass(frozen=True)
class Schatting:
    """One forecast number with its 80 % interval and its spread (the model's sd)."""

    punt: float
    laag: float
    hoog: float
    sd: float


@dataclass(frozen=True)
class Totaalpad:
    """The region total per future year, and how each year was made."""

    jaren: tuple[int, ...]
    punt: tuple[float, ...]
    spreiding: tuple[float, ...]  # relative sd of the total per year
    bron: tuple[str, ...]  # "leerjaar 2", "leerjaar 1" or "trend" per year
    ratio_lj2: tuple[float, float, int] | None  # mean, sd, n
    ratio_lj1: tuple[float, float, int] | None
    trend: float  # yearly relative change (0.021 = +2.1 %)
    trend_sd: float
    trend_n: int  # loaded years the trend is estimated on (0: no trend)


def _mean_sd(values: Sequence[float]) -> tuple[float, float, int]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return mean, sd, n


def _ratios(reeks: Reeks, brug: Mapping[int, float], afstand: int, k: int) -> list[float]:
    out = []
    for jaar in reeks.jaren:
        basis = brug.get(jaar - afstand, 0.0)
        if jaar - afstand in reeks.jaren and basis > 0 and reeks.derdejaars[jaar] > 0:
            out.append(reeks.derdejaars[jaar] / basis)
    return out[-k:]


def _venster(reeks: Reeks, jaren: int) -> list[int]:
    """The loaded years among the last ``jaren`` school years up to T."""
    return [j for j in reeks.jaren if j > reeks.laatste - jaren]


def _trend(reeks: Reeks, k: int, span: int) -> tuple[float, float, int]:
    """Yearly change as exp(slope) - 1 of log(total) on year; sd of the yearly changes; n."""
    punten = [
        (j, math.log(reeks.derdejaars[j])) for j in _venster(reeks, k) if reeks.derdejaars[j] > 0
    ]
    if len(punten) < 2 or punten[-1][0] - punten[0][0] < span:
        return 0.0, 0.0, 0  # no trend
    xs = [float(j) for j, _ in punten]
    ys = [y for _, y in punten]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    stappen = [(y1 - y0) / (x1 - x0) for (x0, y0), (x1, y1) in itertools.pairwise(punten)]
    sd = _mean_sd(stappen)[1] if len(stappen) > 1 else 0.0
    return math.expm1(slope), sd, len(punten)


def totaalpad(reeks: Reeks, jaren: int, keuzes: Keuzes = KEUZES) -> Totaalpad:
    """The region's derdejaars for T+1..T+jaren, with relative spread and method per year."""
    t = reeks.laatste
    r2 = _ratios(reeks, reeks.brugjaar2, 1, keuzes.cohorten)
    r1 = _ratios(reeks, reeks.brugjaar1, 2, keuzes.cohorten)
    trend, trend_sd, trend_n = _trend(reeks, keuzes.trend_jaren, keuzes.trend_span)
    stap_sd = max(trend_sd * math.sqrt(1 + 1 / max(trend_n - 1, 1)), keuzes.min_spreiding)
    vorige, var = reeks.derdejaars[t], 0.0
    punten: list[float] = []
    spreidingen: list[float] = []
    bronnen: list[str] = []
    for h in range(1, jaren + 1):
        ratios, brug, label = (
            (r2, reeks.brugjaar2, "leerjaar 2")
            if h == 1
            else (r1, reeks.brugjaar1, "leerjaar 1")
            if h == 2
            else ([], {}, "")
        )
        if ratios and brug.get(t, 0.0) > 0:
            mean, sd, n = _mean_sd(ratios)
            punt = mean * brug[t]
            rel = sd / mean * math.sqrt(1 + 1 / n) if n > 1 else 0.0
            var = max(rel, keuzes.min_spreiding) ** 2
        else:
            label = "trend"
            punt = vorige * (1 + trend * keuzes.demping ** (h - 1))
            var += stap_sd**2
        punten.append(punt)
        spreidingen.append(math.sqrt(var))
        bronnen.append(label)
        vorige = punt
    return Totaalpad(
        jaren=tuple(range(t + 1, t + jaren + 1)),
        punt=tuple(punten),
        spreiding=tuple(spreidingen),
        bron=tuple(bronnen),
        ratio_lj2=_mean_sd(r2) if r2 else None,
        ratio_lj1=_mean_sd(r1) if r1 else None,
        trend=trend,
        trend_sd=trend_sd,
        trend_n=trend_n,
    )


# --- shares and groups ---------------------------------------------------------------------

Groep = tuple[str, str]  # (profiel or TECHNIEK/TOTAAL, leerweg or ALLE)


def niveau(profiel: str, leerweg: str) -> Niveau:
    """The level of a group for the interval's margins: a profiel x leerweg cell, or one of
    the region's sums (a profiel over its leerwegen, techniek, totaal)."""
    if leerweg == ALLE or profiel in (TECHNIEK, TOTAAL):
        return "regio"
    return "cel"


def groepen_van(profiel: str, leerweg: str) -> list[Groep]:
    """The rows a profiel x leerweg cell adds to: itself, its profiel, techniek and totaal."""
    profielen = [profiel, TOTAAL] + ([TECHNIEK] if profiel in domain.TECHNIEK_PROFIELEN else [])
    return [(p, lw) for p in profielen for lw in (leerweg, ALLE)]


def groepsreeksen(reeks: Reeks) -> dict[Groep, dict[int, float]]:
    """Observed derdejaars per group (profiel x leerweg and their sums) per loaded year."""
    out: dict[Groep, dict[int, float]] = defaultdict(lambda: dict.fromkeys(reeks.jaren, 0.0))
    for (_, profiel, leerweg), per_jaar in reeks.aanbod.items():
        for groep in groepen_van(profiel, leerweg):
            for jaar, n in per_jaar.items():
                out[groep][jaar] += n
    return dict(out)


def aandelen(
    reeks: Reeks, reeksen: Mapping[Groep, Mapping[int, float]], keuzes: Keuzes = KEUZES
) -> dict[Groep, tuple[float, float]]:
    """Per group: share of the region total (mean over the ``aandeel_jaren`` window) and
    its sd over the ``trend_jaren`` window."""
    recent = [j for j in _venster(reeks, keuzes.aandeel_jaren) if reeks.derdejaars[j] > 0]
    breed = [j for j in _venster(reeks, keuzes.trend_jaren) if reeks.derdejaars[j] > 0]
    out = {}
    for groep, per_jaar in reeksen.items():
        if not recent:
            continue
        delen = [per_jaar.get(j, 0.0) / reeks.derdejaars[j] for j in recent]
        spreiding = [per_jaar.get(j, 0.0) / reeks.derdejaars[j] for j in breed]
        out[groep] = (sum(delen) / len(delen), _mean_sd(spreiding)[1])
    return out


def schatting(
    punt: float,
    rel_totaal: float,
    sd_aandeel: float,
    totaal: float,
    plaats: tuple[Niveau, int],
    keuzes: Keuzes = KEUZES,
) -> Schatting:
    """Point with an 80 % interval from the three sources of spread (module docstring, 4);
    ``plaats``: the level and the horizon (years after the base year) of the forecast."""
    sd = math.sqrt((punt * rel_totaal) ** 2 + (totaal * sd_aandeel) ** 2 + max(punt, 0.0))
    laag, hoog = keuzes.marges.interval(plaats[0], plaats[1], punt, sd)
    return Schatting(punt, laag, hoog, sd)


def aanbod_aandelen(reeks: Reeks, keuzes: Keuzes = KEUZES) -> dict[Aanbod, tuple[float, float]]:
    """Per offer in T: (share of its profiel x leerweg, sd of its share of the region total).

    The share is the mean over the ``aanbod_jaren`` window of the offer's share of its
    profiel x leerweg, rescaled so that the offers of T add up to 1.
    """
    t = reeks.laatste
    recent = _venster(reeks, keuzes.aanbod_jaren)
    cel: dict[tuple[str, str, int], float] = defaultdict(float)
    for (_, profiel, leerweg), per_jaar in reeks.aanbod.items():
        for jaar, n in per_jaar.items():
            cel[(profiel, leerweg, jaar)] += n
    jaren = [j for j in _venster(reeks, keuzes.trend_jaren) if reeks.derdejaars[j] > 0]
    ruw: dict[Aanbod, tuple[float, float]] = {}
    for sleutel, per_jaar in reeks.aanbod.items():
        if per_jaar.get(t, 0.0) <= 0:
            continue
        _, profiel, leerweg = sleutel
        delen = [
            per_jaar.get(j, 0.0) / cel[(profiel, leerweg, j)]
            for j in recent
            if cel[(profiel, leerweg, j)] > 0
        ]
        van_totaal = [per_jaar.get(j, 0.0) / reeks.derdejaars[j] for j in jaren]
        ruw[sleutel] = (sum(delen) / len(delen), _mean_sd(van_totaal)[1])
    totaal: dict[tuple[str, str], float] = defaultdict(float)
    for (_, profiel, leerweg), (deel, _) in ruw.items():
        totaal[(profiel, leerweg)] += deel
    return {k: (deel / totaal[(k[1], k[2])], sd) for k, (deel, sd) in ruw.items()}


def som(waarden: Iterable[float]) -> float:
    return math.fsum(waarden)
