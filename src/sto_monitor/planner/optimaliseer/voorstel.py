"""The optimiser: which technical offers should a region keep, close or open?

For one region and school year (a :class:`~sto_monitor.planner.model.Regiomodel`) it proposes
the set of (vestiging, profiel, leerweg) offers that maximises the model's score (the share of
the region's students with an offer of the profiel within 10 km, averaged over the technical
profielen), subject to every kept offer reaching ``min_groep`` third-year students,
optionally at most ``max_per_profiel`` offers per profiel, and offers pinned open or closed.

Formulation (a maximal-covering location problem with minimum group sizes):

- *Candidates*: every offer of the region today (``model.aanbod``, with its derdejaars
  ``n``), plus with ``nieuw=True`` every technical profiel in a leerweg in which a vestiging
  of the region has derdejaars but no offer of the profiel (``n = 0``); an offer pinned open
  is a candidate too. Offers outside the region (``model.buiten``) never change and always
  count for coverage.
- *Students move only within their profiel and leerweg*: when an offer closes, its students
  may continue at a kept offer of the same profiel and leerweg within ``max_km`` (25 km);
  otherwise they are lost to the profiel in the region. A kept offer keeps its own
  students. An offer below ``min_groep`` today may stay if students of closed offers join
  it; a new offer is filled only by such students (an estimate on the safe side: it attracts
  nobody else).
- *Coverage*: a demand point (home PC4 or vestiging) of leerweg L is covered for profiel P
  when a kept offer of P in L lies within 10 km (10.0 included), or an outside one does.
- *Objective*, lexicographic: (1) covered students, i.e. the score; (2) students who keep a
  place in their profiel in the region; (3) students who need not move, then the most
  central vestigingen (least mean distance to the leerweg's students), then the lowest code,
  so equal answers are broken the same way every time.

``milp`` solves it exactly with HiGHS, one small MILP per profiel x leerweg (per
profiel when a maximum per profiel couples the leerwegen); ``greedy`` is the
fallback (``methode="greedy"``, highspy missing, or the time limit reached);
``probleem`` holds the candidates and coverage patterns both use, and
``stroom`` where the students of closed offers go. Pins that no
offering can satisfy are refused before solving, naming the offer and the numbers. The answer
(``verslag``) compares today's offering with the proposal, using
``model.bereik``/``model.score`` for both, and says for every change why it helps.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sto_monitor.errors import ParameterError
from sto_monitor.planner.model import Regiomodel, Sleutel
from sto_monitor.planner.optimaliseer import milp as milp
from sto_monitor.planner.optimaliseer.greedy import greedy
from sto_monitor.planner.optimaliseer.probleem import EPS, Probleem, maak_probleem
from sto_monitor.planner.optimaliseer.stroom import (
    Verdeling,
    groepsgroottes,
    verdeel,
    verdeel_groep,
)
from sto_monitor.planner.optimaliseer.verslag import (
    Aanbieding,
    Aanbod,
    Verhuizing,
    Voorstel,
    Wijziging,
    aanbod,
    aantal,
    huidig_aanbod,
    km_tekst,
    wijzigingen,
)

__all__ = [
    "METHODEN",
    "Aanbieding",
    "Aanbod",
    "Verhuizing",
    "Voorstel",
    "Wijziging",
    "controleer_pins",
    "optimaliseer",
]

METHODEN = ("milp", "greedy")
MILP, GREEDY = METHODEN
HEURISTISCH = "heuristisch"


def optimaliseer(
    model: Regiomodel,
    *,
    min_groep: int = 11,
    max_km: float = 25.0,
    max_per_profiel: int | None = None,
    open_pins: Iterable[Sleutel] = (),
    dicht_pins: Iterable[Sleutel] = (),
    nieuw: bool = False,
    methode: str = MILP,
    tijdslimiet: float | None = None,
) -> Voorstel:
    """The proposed offering of ``model``'s region (see the module docstring)."""
    start = time.perf_counter()
    if methode not in METHODEN:
        raise ParameterError(f"onbekende methode {methode!r} (kies uit {', '.join(METHODEN)})")
    if tijdslimiet is not None and not tijdslimiet > 0:
        raise ParameterError(f"--tijdslimiet moet groter dan 0 zijn, niet {tijdslimiet:g}")
    prob = maak_probleem(
        model,
        min_groep=min_groep,
        max_km=max_km,
        max_per_profiel=max_per_profiel,
        open_pins=open_pins,
        dicht_pins=dicht_pins,
        nieuw=nieuw,
    )
    controleer_pins(prob)
    opmerkingen: list[str] = []
    gekozen, gebruikt, status = _kies(prob, methode, tijdslimiet, opmerkingen)
    verdeling = verdeel(prob, gekozen)
    if not verdeling.haalbaar and gebruikt == MILP:  # numerically doubtful: be safe
        opmerkingen.append("de MILP-oplossing haalde de minimale groep niet; greedy gebruikt")
        gekozen, gebruikt, status = greedy(prob), GREEDY, HEURISTISCH
        verdeling = verdeel(prob, gekozen)
    voorstel = aanbod(prob, gekozen, groepsgroottes(prob, verdeling), verdeling.haalbaar)
    return Voorstel(
        regio=model.regio,
        naam=model.naam,
        schooljaar=model.schooljaar,
        vraag=model.methode,
        min_groep=min_groep,
        max_km=float(max_km),
        max_per_profiel=max_per_profiel,
        nieuw=nieuw,
        open_pins=tuple(sorted(prob.sleutels[i] for i in prob.open_pins)),
        dicht_pins=tuple(sorted(prob.sleutels[i] for i in prob.dicht_pins)),
        huidig=huidig_aanbod(prob),
        voorstel=voorstel,
        wijzigingen=wijzigingen(prob, verdeling),
        methode=gebruikt,
        status=status,
        seconden=time.perf_counter() - start,
        opmerkingen=tuple(opmerkingen),
    )


def _kies(
    prob: Probleem, methode: str, tijdslimiet: float | None, opmerkingen: list[str]
) -> tuple[frozenset[int], str, str]:
    """(open candidates, method used, status)."""
    if methode == GREEDY:
        return greedy(prob), GREEDY, HEURISTISCH
    if not milp.beschikbaar():
        opmerkingen.append("highspy is niet geïnstalleerd; de greedy methode is gebruikt")
        return greedy(prob), GREEDY, HEURISTISCH
    uitkomst = milp.los_op(prob, tijdslimiet=tijdslimiet)
    if uitkomst.status == milp.ONHAALBAAR:
        groepen = ", ".join(f"{p} {lw}" for p, lw in uitkomst.onhaalbaar)
        families = ["de vastgezette open aanbiedingen (--open)"]
        if prob.max_per_profiel is not None:
            families.append(f"--max-per-profiel {prob.max_per_profiel}")
        raise ParameterError(
            f"geen oplossing voor {groepen}: {' en '.join(families)} laten samen met "
            f"--min-groep {aantal_tekst(prob.min_groep)} geen aanbod toe"
        )
    if uitkomst.status == milp.OPTIMAAL:
        return uitkomst.open, MILP, milp.OPTIMAAL
    snel = greedy(prob)
    if _beter(prob, snel, uitkomst.open):
        opmerkingen.append(
            f"de MILP bereikte de tijdslimiet van {tijdslimiet:g} s; het greedy voorstel "
            "is beter dan het beste MILP-voorstel tot dan en is gebruikt"
        )
        return snel, GREEDY, HEURISTISCH
    opmerkingen.append(
        f"de MILP bereikte de tijdslimiet van {tijdslimiet:g} s"
        + ("" if uitkomst.score_optimaal else "; de score is mogelijk niet de hoogste")
    )
    return uitkomst.open, MILP, milp.TIJDSLIMIET


def _beter(prob: Probleem, a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether ``a`` is a better feasible offering than ``b`` (score, then students kept)."""
    va, vb = verdeel(prob, a), verdeel(prob, b)
    if not vb.haalbaar:
        return va.haalbaar
    if not va.haalbaar:
        return False
    sa, sb = prob.score(a), prob.score(b)
    if abs(sa - sb) > 1e-9:
        return sa > sb
    return _behouden(prob, va) > _behouden(prob, vb) + EPS


def _behouden(prob: Probleem, verdeling: Verdeling) -> float:
    return sum(groepsgroottes(prob, verdeling).values())


def aantal_tekst(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def controleer_pins(prob: Probleem) -> None:
    """Refuse pins no offering can satisfy, naming the offer and the numbers (Dutch).

    Closing offers never hurts feasibility (their students become available), so the pins
    can be satisfied exactly when keeping only the offers pinned open works.
    """
    if prob.max_per_profiel is not None:
        per: dict[str, list[str]] = {}
        for i in sorted(prob.open_pins):
            per.setdefault(prob.sleutels[i][1], []).append(
                f"{prob.sleutels[i][0]} {prob.sleutels[i][2]}"
            )
        for profiel, lijst in per.items():
            if len(lijst) > prob.max_per_profiel:
                raise ParameterError(
                    f"profiel {profiel}: {len(lijst)} aanbiedingen vastgezet als open "
                    f"({', '.join(lijst)}), meer dan --max-per-profiel {prob.max_per_profiel}"
                )
    m = aantal_tekst(prob.min_groep)
    for groep, leden in prob.groepen.items():
        if not prob.open_pins & set(leden):
            continue
        _, tekort, _ = verdeel_groep(prob, groep, prob.open_pins)
        if not tekort:
            continue
        for i in sorted(tekort):
            hoogstens = prob.leerlingen[i] + sum(
                prob.leerlingen[a]
                for a in leden
                if a != i and a not in prob.open_pins and any(b == i for b, _ in prob.buren[a])
            )
            if hoogstens < prob.min_groep - EPS:
                v, p, lw = prob.sleutels[i]
                raise ParameterError(
                    f"vestiging {v} profiel {p} leerweg {lw} kan hoogstens "
                    f"{aantal(hoogstens)} leerlingen krijgen (eigen leerlingen en die van "
                    f"ander aanbod van {p} {lw} binnen {km_tekst(prob.max_km)}), minder dan "
                    f"--min-groep {m}; laat --open voor dit aanbod weg of verlaag --min-groep"
                )
        namen = ", ".join(prob.sleutels[i][0] for i in sorted(prob.open_pins & set(leden)))
        raise ParameterError(
            f"de vastgezette aanbiedingen van {groep[0]} {groep[1]} ({namen}) kunnen niet "
            f"allemaal tegelijk --min-groep {m} halen: er zijn binnen "
            f"{km_tekst(prob.max_km)} niet genoeg leerlingen voor allemaal"
        )
