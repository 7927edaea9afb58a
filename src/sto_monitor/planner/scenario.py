"""Scenarios: named changes to a region's offering, applied in order and compared with today.

A change closes an offer (``sluit``), opens one (``open``, with the expected number of
derdejaars the user gives, default 0), or merges a vestiging's group into another vestiging
(``samenvoegen``: all its students go there, whatever the distance, because that is what the
schools agree). The students of a closed offer go to the nearest remaining offer of the same
profiel and leerweg, in or outside the region, when it lies within ``max_km`` of the closed
vestiging; beyond that they count as lost (they would choose another profiel or school).

For the offering after the changes and for today's, :func:`evalueer` gives what the issue
asks: bereikbaarheid and mean distance per technical profiel x leerweg (``model.bereik``), the
expected group size of every offer and how many are kwetsbaar (10 or fewer), and the region's
coverage: which technical profielen it offers per leerweg (indicators 11 and 12) and per
profiel x leerweg the number of offering vestigingen and whether their mean is below 11
(indicator 8).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sto_monitor import domain
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner.model import (
    LEERWEGEN,
    TECHNIEK,
    Bereik,
    Regiomodel,
    Sleutel,
    bereik,
    score,
)

SOORTEN: tuple[str, ...] = ("sluit", "open", "samenvoegen")
KWETSBAAR_TOT = 10  # a group of at most 10 derdejaars is hard to organise (Tabel 4.4)
KLEINE_REGIO_GROEP = 11  # indicator 8: a region's mean per vestiging below 11
MAX_KM = 25.0  # default: beyond this students of a closed offer are lost


@dataclass(frozen=True)
class Wijziging:
    soort: str  # one of SOORTEN
    vestiging: str
    profiel: str
    leerweg: str
    naar: str | None = None  # samenvoegen: the vestiging that takes the group
    leerlingen: float | None = None  # open: expected derdejaars (default 0)

    def tekst(self) -> str:
        aanbod = f"{self.profiel} {self.leerweg} bij {self.vestiging}"
        if self.soort == "sluit":
            return f"sluit {aanbod}"
        if self.soort == "open":
            return f"open {aanbod}" + (
                f" (verwacht {self.leerlingen:g} leerlingen)" if self.leerlingen else ""
            )
        return f"voeg {aanbod} samen met {self.naar}"


@dataclass(frozen=True)
class Scenario:
    naam: str
    regio: str
    schooljaar: int
    wijzigingen: tuple[Wijziging, ...]
    max_km: float = MAX_KM
    omschrijving: str = ""


@dataclass(frozen=True)
class Verhuizing:
    """Where the students of a closed or merged offer go."""

    van: Sleutel
    naar: str | None  # the vestiging that takes them; None: lost
    leerlingen: float
    km: float | None
    buiten_regio: bool = False


@dataclass(frozen=True)
class Stand:
    """An offering: the region's offers with expected derdejaars, and what moved where."""

    aanbod: Mapping[Sleutel, float]
    verhuizingen: tuple[Verhuizing, ...] = ()

    @property
    def verloren(self) -> float:
        return sum(v.leerlingen for v in self.verhuizingen if v.naar is None)

    @property
    def naar_buiten(self) -> float:
        return sum(v.leerlingen for v in self.verhuizingen if v.buiten_regio)


@dataclass(frozen=True)
class RegioAanbod:
    """Indicator 8 for one profiel x leerweg in the region."""

    profiel: str
    leerweg: str
    vestigingen: int
    gemiddeld: float | None
    onder_11: bool


@dataclass(frozen=True)
class Uitkomst:
    score: float
    bereik: tuple[Bereik, ...]
    groepen: Mapping[Sleutel, float]
    kwetsbaar: int
    verloren: float
    naar_buiten: float
    profielen_per_leerweg: Mapping[str, tuple[str, ...]]  # indicators 11 and 12
    regio_aanbod: tuple[RegioAanbod, ...]  # indicator 8
    verhuizingen: tuple[Verhuizing, ...] = field(default=())


# ---------------------------------------------------------------- applying changes


def controleer(model: Regiomodel, wijziging: Wijziging) -> None:
    """Refuse a change that cannot mean anything in this region (before anything is applied)."""
    if wijziging.soort not in SOORTEN:
        raise ParameterError(
            f"onbekende wijziging {wijziging.soort!r}; kies uit {', '.join(SOORTEN)}"
        )
    if wijziging.profiel not in domain.PROFIEL_CODES:
        raise NotFoundError(f"onbekend profiel {wijziging.profiel!r}")
    if wijziging.profiel not in TECHNIEK:
        raise ParameterError(
            f"de planner werkt met de technische profielen ({', '.join(TECHNIEK)}), "
            f"niet met {wijziging.profiel}"
        )
    if wijziging.leerweg not in LEERWEGEN:
        raise ParameterError(
            f"onbekende leerweg {wijziging.leerweg!r}; kies uit {', '.join(LEERWEGEN)}"
        )
    for code in (wijziging.vestiging, wijziging.naar):
        if code is not None and code not in model.eigen:
            raise NotFoundError(
                f"vestiging {code} hoort in {model.schooljaar} niet bij regio {model.regio} "
                f"({model.naam}) of heeft geen derdejaars in bb, kb of gl"
            )
    if wijziging.soort == "samenvoegen" and wijziging.naar in (None, wijziging.vestiging):
        raise ParameterError("samenvoegen vraagt een andere vestiging om de groep naar toe te gaan")
    if wijziging.leerlingen is not None and wijziging.leerlingen < 0:
        raise ParameterError("het verwachte aantal leerlingen kan niet negatief zijn")


def pas_toe(model: Regiomodel, scenario: Scenario) -> Stand:
    """The offering after the scenario's changes, in their order."""
    if scenario.regio != model.regio or scenario.schooljaar != model.schooljaar:
        raise ParameterError(
            f"scenario {scenario.naam!r} is voor {scenario.regio} {scenario.schooljaar}, "
            f"niet voor {model.regio} {model.schooljaar}"
        )
    if not scenario.max_km > 0:
        raise ParameterError("max_km moet groter dan 0 zijn")
    aanbod = dict(model.aanbod)
    verhuizingen: list[Verhuizing] = []
    for nummer, w in enumerate(scenario.wijzigingen, start=1):
        controleer(model, w)
        sleutel = (w.vestiging, w.profiel, w.leerweg)
        waar = f"wijziging {nummer} ({w.tekst()})"
        if w.soort == "open":
            if sleutel in aanbod:
                raise ParameterError(f"{waar}: {w.vestiging} biedt {w.profiel} {w.leerweg} al aan")
            aanbod[sleutel] = float(w.leerlingen or 0.0)
            continue
        if sleutel not in aanbod:
            werkwoord = "sluiten" if w.soort == "sluit" else "verplaatsen"
            raise ParameterError(
                f"{waar}: {w.vestiging} biedt {w.profiel} in {w.leerweg} niet aan in "
                f"{model.schooljaar}, dus er is niets te {werkwoord}"
            )
        leerlingen = aanbod.pop(sleutel)
        if w.soort == "samenvoegen":
            assert w.naar is not None
            doel = (w.naar, w.profiel, w.leerweg)
            aanbod[doel] = aanbod.get(doel, 0.0) + leerlingen
            verhuizingen.append(
                Verhuizing(sleutel, w.naar, leerlingen, model.afstand_km(w.vestiging, w.naar))
            )
        else:
            verhuizingen.append(
                _naar_dichtstbij(model, aanbod, sleutel, leerlingen, scenario.max_km)
            )
            doel_code = verhuizingen[-1].naar
            if doel_code is not None and not verhuizingen[-1].buiten_regio:
                doel = (doel_code, w.profiel, w.leerweg)
                aanbod[doel] += leerlingen
    return Stand(dict(sorted(aanbod.items())), tuple(verhuizingen))


def _naar_dichtstbij(
    model: Regiomodel,
    aanbod: Mapping[Sleutel, float],
    van: Sleutel,
    leerlingen: float,
    max_km: float,
) -> Verhuizing:
    """The nearest remaining offer of the same profiel and leerweg (ties: the lowest code)."""
    vestiging, profiel, leerweg = van
    kandidaten = [(v, False) for (v, p, lw) in aanbod if (p, lw) == (profiel, leerweg)]
    kandidaten += [(v, True) for (v, p, lw) in model.buiten if (p, lw) == (profiel, leerweg)]
    beste: tuple[float, str, bool] | None = None
    for code, buiten in kandidaten:
        km = model.afstand_km(vestiging, code)
        # Equal to the metre is a tie (floating point must not decide); then the lowest code.
        if beste is None or (round(km, 3), code) < (round(beste[0], 3), beste[1]):
            beste = (km, code, buiten)
    if beste is None or beste[0] > max_km:
        return Verhuizing(van, None, leerlingen, beste[0] if beste else None)
    return Verhuizing(van, beste[1], leerlingen, beste[0], buiten_regio=beste[2])


# ---------------------------------------------------------------- evaluating an offering


def evalueer(model: Regiomodel, stand: Stand) -> Uitkomst:
    bereiken = tuple(bereik(model, stand.aanbod))
    per_leerweg = {
        lw: tuple(p for p in TECHNIEK if any((v, p, lw) in stand.aanbod for v in model.eigen))
        for lw in LEERWEGEN
    }
    regio_aanbod = []
    for profiel in TECHNIEK:
        for leerweg in LEERWEGEN:
            groepen = [n for (v, p, lw), n in stand.aanbod.items() if (p, lw) == (profiel, leerweg)]
            gemiddeld = sum(groepen) / len(groepen) if groepen else None
            regio_aanbod.append(
                RegioAanbod(
                    profiel,
                    leerweg,
                    len(groepen),
                    gemiddeld,
                    gemiddeld is not None and gemiddeld < KLEINE_REGIO_GROEP,
                )
            )
    return Uitkomst(
        score=score(bereiken),
        bereik=bereiken,
        groepen=stand.aanbod,
        kwetsbaar=sum(1 for n in stand.aanbod.values() if n <= KWETSBAAR_TOT),
        verloren=stand.verloren,
        naar_buiten=stand.naar_buiten,
        profielen_per_leerweg=per_leerweg,
        regio_aanbod=tuple(regio_aanbod),
        verhuizingen=stand.verhuizingen,
    )


def vandaag(model: Regiomodel) -> Uitkomst:
    """Today's offering, evaluated the same way (the baseline of every comparison)."""
    return evalueer(model, Stand(dict(model.aanbod)))


def doorreken(model: Regiomodel, scenarios: Sequence[Scenario]) -> list[Uitkomst]:
    """Each scenario applied to the same model and evaluated."""
    return [evalueer(model, pas_toe(model, s)) for s in scenarios]
