"""Straight-line depreciation per month ("lineair_per_maand"), in exact cents.

An asset is never a budget line: only its depreciation within the subsidy period is booked
(seed 003 §3.3). From the month of purchase onwards every month carries price / (term x 12).
Rounding (an exact running total): after month k of n the depreciation so far is
price x k / n rounded down to the cent, and a month's (or a year's) amount is the difference
of two such running totals. The months of the whole term therefore add up to the price
exactly, and so do before + within + after the period; whole years of a round price come out
exact (the cents of a price not divisible by n fall in the months where the running total
crosses a cent).

Worked example (seed 003 §3.3): € 100.000, 10 years, bought 1 January of the first year of a
4-year period: € 10.000 per year, € 40.000 within the period, € 60.000 for a next period.
"""

from __future__ import annotations

from sto_monitor.subsidie.aanvraag import Activum
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.regeling import Regeling


def maanden(activum: Activum) -> int:
    """The number of months of the term (a term below one year: one month, all at once)."""
    return max(activum.termijn_jaren * 12, 1)


def per_jaar(activum: Activum) -> dict[int, Cent]:
    """Depreciation per calendar year over the whole term, from the month of purchase."""
    aantal = maanden(activum)
    prijs = activum.aanschafprijs

    def tot_en_met(k: int) -> Cent:  # running total after k months, towards zero
        exact = abs(prijs) * k // aantal
        return exact if prijs >= 0 else -exact

    jaren: dict[int, Cent] = {}
    gedaan = 0  # months depreciated so far
    jaar = activum.aanschafdatum.year
    eerste = 12 - (activum.aanschafdatum.month - 1)  # months left in the year of purchase
    while gedaan < aantal:
        stap = min(eerste if gedaan == 0 else 12, aantal - gedaan)
        jaren[jaar] = tot_en_met(gedaan + stap) - tot_en_met(gedaan)
        gedaan += stap
        jaar += 1
    return jaren


def binnen_periode(activum: Activum, regeling: Regeling) -> dict[int, Cent]:
    """The depreciation booked per calendar year of the period (every year, 0 when none)."""
    alles = per_jaar(activum)
    return {jaar: alles.get(jaar, 0) for jaar in regeling.jaren}


def voor_periode(activum: Activum, regeling: Regeling) -> Cent:
    """Depreciation of the years before the period (an asset bought earlier)."""
    return sum(b for j, b in per_jaar(activum).items() if j < regeling.eerste_jaar)


def na_periode(activum: Activum, regeling: Regeling) -> Cent:
    """What runs past the period: to be budgeted in a next period, not in this one."""
    return sum(b for j, b in per_jaar(activum).items() if j > regeling.laatste_jaar)
