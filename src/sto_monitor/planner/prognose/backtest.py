"""The back-test: forecast the last loaded year from the years before and measure the error.

Per region (``backtest``, and ``Prognose.backtest``) and over all regions (``backtest_landelijk``).
The region is the same set of vestigingen in both, so only the forecast differs. Every error
is reported beside the *naive* forecast "same as the last year used", the benchmark a method
has to beat. Errors:

- per profiel (all leerwegen), techniek and totaal: forecast - actual, and |error| / actual;
- over the profiel x leerweg cells and over the offers: the weighted absolute % error
  (WAPE: sum |forecast - actual| / sum actual), and the share of cells inside the 80 % interval;
- the flag: offers forecast below the minimum group size that were (``terecht``) or were not
  (``onterecht``) below it, and offers below it that were not flagged (``gemist``). An offer
  that stopped counts as below the minimum (0 students); an offer that started is not
  forecast at all and is left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sto_monitor import db
from sto_monitor.errors import WarehouseError
from sto_monitor.planner.prognose import methode as methode
from sto_monitor.planner.prognose.data import Reeks, laad_reeksen
from sto_monitor.planner.prognose.methode import ALLE, KEUZES, TECHNIEK, TOTAAL, Keuzes
from sto_monitor.planner.prognose.voorspel import MAX_JAREN, Methode, bereken


@dataclass(frozen=True)
class BacktestRij:
    """One group (a profiel over all leerwegen, techniek or totaal) in the back-test year."""

    profiel: str
    leerweg: str
    werkelijk: float
    voorspeld: float
    laag: float
    hoog: float
    naief: float  # the value of the last year used

    @property
    def fout(self) -> float:
        return self.voorspeld - self.werkelijk

    @property
    def fout_pct(self) -> float | None:
        """|error| as % of the actual value; None when the actual value is 0."""
        return abs(self.fout) * 100 / self.werkelijk if self.werkelijk > 0 else None

    @property
    def naief_fout_pct(self) -> float | None:
        return abs(self.naief - self.werkelijk) * 100 / self.werkelijk if self.werkelijk else None

    @property
    def binnen_interval(self) -> bool:
        return self.laag <= self.werkelijk <= self.hoog


@dataclass(frozen=True)
class Fouten:
    """Summed errors over a set of cells (profiel x leerweg, or offers)."""

    n: int = 0
    werkelijk: float = 0.0
    fout: float = 0.0  # sum |forecast - actual|
    naief_fout: float = 0.0
    binnen: int = 0  # cells whose actual value is inside the interval

    def __add__(self, other: Fouten) -> Fouten:
        return Fouten(
            self.n + other.n,
            self.werkelijk + other.werkelijk,
            self.fout + other.fout,
            self.naief_fout + other.naief_fout,
            self.binnen + other.binnen,
        )

    @property
    def wape(self) -> float | None:
        """Weighted absolute % error: 100 * sum |error| / sum actual."""
        return self.fout * 100 / self.werkelijk if self.werkelijk > 0 else None

    @property
    def naief_wape(self) -> float | None:
        return self.naief_fout * 100 / self.werkelijk if self.werkelijk > 0 else None

    @property
    def dekking(self) -> float | None:
        """% of cells inside their 80 % interval."""
        return self.binnen * 100 / self.n if self.n else None


@dataclass(frozen=True)
class Signalering:
    """How well ``onder_minimum`` flagged offers in the back-test year."""

    terecht: int = 0
    onterecht: int = 0
    gemist: int = 0
    naief_terecht: int = 0  # the same for "below the minimum in the last year used"
    naief_onterecht: int = 0
    naief_gemist: int = 0

    def __add__(self, other: Signalering) -> Signalering:
        return Signalering(*(a + b for a, b in zip(_velden(self), _velden(other), strict=True)))


def _velden(s: Signalering) -> tuple[int, ...]:
    return (s.terecht, s.onterecht, s.gemist, s.naief_terecht, s.naief_onterecht, s.naief_gemist)


@dataclass(frozen=True)
class Backtest:
    regio: str
    vanaf: int  # last loaded year used for the forecast
    jaar: int  # the year forecast and compared (the last loaded one)
    methode: Methode  # how the back-test forecast was made
    rijen: tuple[BacktestRij, ...]  # per profiel (alle leerwegen), techniek, totaal
    cellen: Fouten  # profiel x leerweg cells
    aanbod: Fouten  # offers that existed in ``vanaf``
    signalering: Signalering

    @property
    def horizon(self) -> int:
        return self.jaar - self.vanaf

    def rij(self, profiel: str) -> BacktestRij:
        for r in self.rijen:
            if r.profiel == profiel:
                return r
        raise KeyError(profiel)


def vergelijk(reeks: Reeks, *, min_groep: int = 11, keuzes: Keuzes = KEUZES) -> Backtest | None:
    """Forecast the region's last loaded year from the earlier ones; None with one year."""
    if len(reeks.jaren) < 2 or reeks.jaren[-1] - reeks.jaren[-2] > MAX_JAREN:
        return None
    vanaf, jaar = reeks.jaren[-2], reeks.jaren[-1]
    verleden = reeks.tot(vanaf)
    p = bereken(verleden, jaren=jaar - vanaf, min_groep=min_groep, keuzes=keuzes)
    echt = methode.groepsreeksen(reeks)
    rijen, cellen = [], Fouten()
    for r in p.rijen:
        if r.schooljaar != jaar:
            continue
        werkelijk = echt.get((r.profiel, r.leerweg), {}).get(jaar, 0.0)
        naief = echt.get((r.profiel, r.leerweg), {}).get(vanaf, 0.0)
        rij = BacktestRij(r.profiel, r.leerweg, werkelijk, r.punt, r.laag, r.hoog, naief)
        if r.leerweg == ALLE:
            rijen.append(rij)
        elif r.profiel not in (TOTAAL, TECHNIEK):
            cellen += _fout(rij)
    aanbod, signalering = Fouten(), Signalering()
    for a in p.aanbod:
        if a.schooljaar != jaar:
            continue
        sleutel = (a.vestiging, a.profiel, a.leerweg)
        werkelijk = reeks.aanbod.get(sleutel, {}).get(jaar, 0.0)
        naief = reeks.aanbod[sleutel][vanaf]
        aanbod += _fout(BacktestRij(a.profiel, a.leerweg, werkelijk, a.punt, a.laag, a.hoog, naief))
        echt_onder, naief_onder = werkelijk < min_groep, naief < min_groep
        signalering += Signalering(
            a.onder_minimum and echt_onder,
            a.onder_minimum and not echt_onder,
            echt_onder and not a.onder_minimum,
            naief_onder and echt_onder,
            naief_onder and not echt_onder,
            echt_onder and not naief_onder,
        )
    return Backtest(reeks.regio, vanaf, jaar, p.methode, tuple(rijen), cellen, aanbod, signalering)


def _fout(rij: BacktestRij) -> Fouten:
    return Fouten(
        1,
        rij.werkelijk,
        abs(rij.voorspeld - rij.werkelijk),
        abs(rij.naief - rij.werkelijk),
        int(rij.binnen_interval),
    )


def backtest(
    con: db.Connection,
    regio: str,
    *,
    min_groep: int = 11,
    tot: int | None = None,
    keuzes: Keuzes = KEUZES,
) -> Backtest:
    """Forecast the last loaded year (up to ``tot``) of ``regio`` from the years before it."""
    reeksen = laad_reeksen(con, regio, tot=tot)  # checks the region too
    uitkomst = vergelijk(reeksen[regio], min_groep=min_groep, keuzes=keuzes)
    if uitkomst is None:
        raise WarehouseError("voor een backtest zijn minstens twee geladen schooljaren nodig")
    return uitkomst


@dataclass(frozen=True)
class BacktestLandelijk:
    """The back-test of every region with derdejaars in both years, summed up."""

    vanaf: int
    jaar: int
    regios: tuple[Backtest, ...]
    cellen: Fouten
    aanbod: Fouten
    signalering: Signalering

    def _mape(self, profiel: str, naief: bool) -> float | None:
        fouten = [
            r.naief_fout_pct if naief else r.fout_pct
            for b in self.regios
            for r in b.rijen
            if r.profiel == profiel
        ]
        waarden = [f for f in fouten if f is not None]
        return math.fsum(waarden) / len(waarden) if waarden else None

    def mape(self, profiel: str = TOTAAL) -> float | None:
        """Mean over regions of |error| / actual (%) of a group (a profiel, techniek, totaal)."""
        return self._mape(profiel, naief=False)

    def naief_mape(self, profiel: str = TOTAAL) -> float | None:
        return self._mape(profiel, naief=True)

    def dekking(self, profiel: str = TOTAAL) -> float | None:
        """% of regions whose actual value of the group fell inside the 80 % interval."""
        binnen = [r.binnen_interval for b in self.regios for r in b.rijen if r.profiel == profiel]
        return sum(binnen) * 100 / len(binnen) if binnen else None


def backtest_landelijk(
    con: db.Connection, *, min_groep: int = 11, tot: int | None = None, keuzes: Keuzes = KEUZES
) -> BacktestLandelijk:
    """The back-test of every region: the last loaded year (up to ``tot``) from the ones before."""
    reeksen = laad_reeksen(con, tot=tot)
    uitkomsten = [
        b
        for reeks in reeksen.values()
        if (b := vergelijk(reeks, min_groep=min_groep, keuzes=keuzes)) is not None
        and reeks.derdejaars[b.vanaf] > 0
        and reeks.derdejaars[b.jaar] > 0
    ]
    if not uitkomsten:
        raise WarehouseError(
            "voor een backtest zijn minstens twee geladen schooljaren met regio's nodig"
        )
    return BacktestLandelijk(
        vanaf=uitkomsten[0].vanaf,
        jaar=uitkomsten[0].jaar,
        regios=tuple(uitkomsten),
        cellen=_som(b.cellen for b in uitkomsten),
        aanbod=_som(b.aanbod for b in uitkomsten),
        signalering=sum((b.signalering for b in uitkomsten), Signalering()),
    )


def _som(fouten: Iterable[Fouten]) -> Fouten:
    return sum(fouten, Fouten())
