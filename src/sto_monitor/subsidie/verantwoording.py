"""The yearly accountability against the plan: a comparison table and the signals it raises.

:class:`Vergelijking` sets the realised amounts beside the planned ones per cost category x
calendar year, with the difference in cents and the percentage as an exact ``Fraction`` (never
a float; None when nothing was planned). The depreciation category's realisation is the
depreciation the region booked that year.

Signals (``signalen``), each with the amount it is about:

* ``onderbesteding`` / ``overbesteding``: a year's realised subsidiable spending differs from
  the year's planned amount (the decision's amount for that year when given, else the
  budget) by more than :data:`DREMPEL` (10 %) of the planned amount.
* ``cofinanciering_achter``: the co-financing realised up to and including a reported year is
  below its path. The path is linear and cumulative over the years of the period: after year k
  of n, k/n of the required total (the regulation's share of the subsidy, or of the costs),
  rounded half up to the cent. Example: € 30.000 required over 4 years → € 7.500 by the end of
  year 1, € 15.000 by year 2, € 22.500 by year 3, € 30.000 by year 4.
* ``afschrijving_na_periode``: an asset whose depreciation runs past the period, with the
  amount to budget in a next period (€ 100.000 over 10 years from the first month of a 4-year
  period: € 60.000).
* ``afschrijving_afwijkend``: the depreciation booked in a year differs from the computed one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from sto_monitor.subsidie import afschrijving
from sto_monitor.subsidie.aanvraag import Aanvraag, Verantwoording
from sto_monitor.subsidie.begroting import bereken
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro
from sto_monitor.subsidie.regeling import Regeling

DREMPEL = Fraction(1, 10)  # more than 10 % of the year's planned amount: a signal


@dataclass(frozen=True)
class Cel:
    gepland: Cent
    gerealiseerd: Cent | None  # None: no accountability for that year yet

    @property
    def verschil(self) -> Cent | None:
        return None if self.gerealiseerd is None else self.gerealiseerd - self.gepland

    @property
    def percentage(self) -> Fraction | None:
        """The difference as a percentage of the planned amount (exact)."""
        if self.verschil is None or self.gepland == 0:
            return None
        return Fraction(self.verschil * 100, self.gepland)


@dataclass(frozen=True)
class Vergelijking:
    """Realised vs planned per cost category (rows, in the budget's order) x calendar year."""

    jaren: tuple[int, ...]
    kostensoorten: tuple[tuple[str, str], ...]  # (code, naam)
    cellen: dict[tuple[str, int], Cel]
    totalen: dict[int, Cel]  # per year, summed over the categories

    def cel(self, kostensoort: str, jaar: int) -> Cel:
        return self.cellen[(kostensoort, jaar)]


@dataclass(frozen=True)
class Signaal:
    code: str
    melding: str
    jaar: int | None = None
    bedrag: Cent | None = None
    activum: str | None = None


def _gerealiseerd(
    regeling: Regeling, verantwoordingen: Mapping[int, Verantwoording]
) -> dict[tuple[str, int], Cent]:
    uit: dict[tuple[str, int], Cent] = {}
    activa_soort = next((k.code for k in regeling.kostensoorten if k.uit_activa), None)
    for jaar, v in verantwoordingen.items():
        for r in v.realisatie:
            uit[(r.kostensoort, jaar)] = uit.get((r.kostensoort, jaar), 0) + r.bedrag
        if activa_soort is not None:
            sleutel = (activa_soort, jaar)
            uit[sleutel] = uit.get(sleutel, 0) + v.afschrijving_geboekt
    return uit


def vergelijk(
    aanvraag: Aanvraag, regeling: Regeling, verantwoordingen: Mapping[int, Verantwoording]
) -> Vergelijking:
    begroting = bereken(aanvraag, regeling)
    echt = _gerealiseerd(regeling, verantwoordingen)
    soorten = [(r.kostensoort, r.naam) for r in begroting.rijen]
    soorten += [(c, c) for c in dict.fromkeys(k for k, _ in echt) if begroting.rij(c) is None]
    jaren = tuple(sorted(set(begroting.jaren) | set(verantwoordingen)))
    cellen: dict[tuple[str, int], Cel] = {}
    for code, _ in soorten:
        rij = begroting.rij(code)
        for jaar in jaren:
            gepland = rij.bedragen.get(jaar, 0) if rij else 0
            gedaan = echt.get((code, jaar), 0) if jaar in verantwoordingen else None
            cellen[(code, jaar)] = Cel(gepland, gedaan)
    totalen = {}
    for jaar in jaren:
        delen = [cellen[(code, jaar)] for code, _ in soorten]
        gedaan = sum(c.gerealiseerd or 0 for c in delen) if jaar in verantwoordingen else None
        totalen[jaar] = Cel(sum(c.gepland for c in delen), gedaan)
    return Vergelijking(jaren, tuple(soorten), cellen, totalen)


def cofinancieringspad(nodig: Cent, regeling: Regeling) -> dict[int, Cent]:
    """The cumulative co-financing required by the end of each year of the period."""
    n = len(regeling.jaren)
    return {j: aandeel_van(nodig, Fraction(k, n)) for k, j in enumerate(regeling.jaren, 1)}


def signalen(
    aanvraag: Aanvraag,
    regeling: Regeling,
    besluit_bedrag_per_jaar: Mapping[int, Cent] | None,
    verantwoordingen: Mapping[int, Verantwoording],
) -> list[Signaal]:
    """Every signal for the accountability so far (see the module docstring)."""
    uit: list[Signaal] = []
    begroting = bereken(aanvraag, regeling)
    subsidiabel = {k.code for k in regeling.kostensoorten if k.subsidiabel}
    echt = _gerealiseerd(regeling, verantwoordingen)
    for jaar in sorted(verantwoordingen):
        if besluit_bedrag_per_jaar is not None and jaar in besluit_bedrag_per_jaar:
            gepland = besluit_bedrag_per_jaar[jaar]
        else:
            gepland = begroting.subsidiabel_per_jaar.get(jaar, 0)
        gedaan = sum(b for (c, j), b in echt.items() if j == jaar and c in subsidiabel)
        verschil = gedaan - gepland
        if abs(verschil) > gepland * DREMPEL:
            code = "overbesteding" if verschil > 0 else "onderbesteding"
            woord = "meer" if verschil > 0 else "minder"
            uit.append(
                Signaal(
                    code,
                    f"In {jaar} is {euro(abs(verschil))} {woord} uitgegeven dan gepland "
                    f"({euro(gedaan)} van {euro(gepland)}).",
                    jaar=jaar,
                    bedrag=verschil,
                )
            )
    cof = regeling.cofinanciering
    if besluit_bedrag_per_jaar is not None:
        subsidie = sum(besluit_bedrag_per_jaar.values())
    else:
        subsidie = begroting.subsidiabel_totaal
    basis = subsidie if cof.grondslag == "subsidie" else begroting.totaal
    pad = cofinancieringspad(aandeel_van(basis, cof.aandeel), regeling)
    for jaar in regeling.jaren:
        if jaar not in verantwoordingen:
            continue
        cumulatief = sum(
            t.bedrag
            for j, v in verantwoordingen.items()
            if j <= jaar
            for t in v.cofinanciering
            if t.vorm in cof.vormen
        )
        if cumulatief < pad[jaar]:
            uit.append(
                Signaal(
                    "cofinanciering_achter",
                    f"Tot en met {jaar} is {euro(cumulatief)} cofinanciering gerealiseerd; "
                    f"op schema is {euro(pad[jaar])}.",
                    jaar=jaar,
                    bedrag=pad[jaar] - cumulatief,
                )
            )
    berekend = dict.fromkeys(regeling.jaren, 0)
    for a in aanvraag.activa:
        for jaar, bedrag in afschrijving.binnen_periode(a, regeling).items():
            berekend[jaar] += bedrag
        na = afschrijving.na_periode(a, regeling)
        if na > 0:
            uit.append(
                Signaal(
                    "afschrijving_na_periode",
                    f"{a.naam} wordt na {regeling.laatste_jaar} nog {euro(na)} afgeschreven; "
                    "neem dat op in de begroting van een volgende periode.",
                    bedrag=na,
                    activum=a.naam,
                )
            )
    for jaar in sorted(verantwoordingen):
        geboekt = verantwoordingen[jaar].afschrijving_geboekt
        moet = berekend.get(jaar, 0)
        if geboekt != moet:
            uit.append(
                Signaal(
                    "afschrijving_afwijkend",
                    f"In {jaar} is {euro(geboekt)} afschrijving geboekt; berekend is {euro(moet)}.",
                    jaar=jaar,
                    bedrag=geboekt - moet,
                )
            )
    return uit
