"""The survey's published figures under the same disclosure control as the monitor's tables.

Survey answers are confidential. The survey's own rule stays (an item, wave or pairing with
fewer than 5 respondents shows no numbers); on top of it, every count of regions that a
published figure reveals is a cell, and counts of 1 to 4 are protected exactly as a
confidential source's counts are (``patroon.py``). Per item the atoms are the regions that
answered, by whether they answered the previous wave too, whether their answer is a top answer
now and then, and the direction of their change. Published:

- the respondents (always) and those with a top answer (``pct_top``);
- with a previous wave: the pairs (always), the pairs with a top answer now (``pct_top_nu``)
  and then (``pct_top_vorige``), and the pairs that moved up or down (``pct_toegenomen``,
  ``pct_afgenomen``).

What follows from those (those without a top answer, the regions without a pair, the pairs that
stayed) are cells too, never published, but protected: a small one hides a published figure.
The borging distribution (regions by their number of applicable statements) is a table of its
own with its total. A hidden figure becomes ``None`` in the published ``Analyse``; the
distribution over every option (``aantallen``) and the bottom share are not published at all.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from sto_monitor.publicatie.afscherming.cellen import Cel, Component, Plek
from sto_monitor.publicatie.afscherming.patroon import Bevinding, controleer, kies
from sto_monitor.survey.analyse import (
    Analyse,
    Borging,
    ItemAnalyse,
    geldige_antwoorden,
    in_top,
    positie,
)
from sto_monitor.survey.vragenlijst import Vragenlijst

BRON = "enquete_antwoord"
MAAT = "regio's"

Atoom = tuple[bool, bool, bool | None, int | None]  # gepaard, top nu, top vorige, richting


class _Bouw:
    """A component whose atoms are counted in memory: (atom -> regions)."""

    def __init__(self, golf: int, atomen: Mapping[Any, int]) -> None:
        self.sleutels = list(atomen)
        self.waarden = np.array([atomen[a] for a in self.sleutels], dtype=float)
        self.comp = Component(BRON, golf, {MAAT: len(self.sleutels)})

    def cel(
        self,
        plek: Plek,
        telt: Callable[[Any], bool],
        *,
        gepubliceerd: bool = True,
        vast: bool = False,
        voorrang: int = 0,
    ) -> None:
        idx = np.array([i for i, a in enumerate(self.sleutels) if telt(a)], dtype=np.int64)
        som = float(self.waarden[idx].sum()) if idx.size else 0.0
        self.comp.cellen.append(
            Cel(len(self.comp.cellen), MAAT, idx, som, som, [plek], gepubliceerd, vast, voorrang)
        )


def _item_component(
    analyse: Analyse,
    ia: ItemAnalyse,
    vl: Vragenlijst,
    geldig: dict[str, dict[str, int]],
    vorig: tuple[Vragenlijst, dict[str, dict[str, int]]] | None,
) -> Component:
    schaal = vl.schaal_van(ia.item)
    v = ia.vergelijking
    paren = v is not None and not v.verborgen and vorig is not None
    atomen: Counter[Atoom] = Counter()
    for regio, rij in geldig.items():
        if ia.item not in rij:
            continue
        code = rij[ia.item]
        top = in_top(schaal, code)
        if paren and vorig is not None and ia.item in vorig[1].get(regio, {}):
            vl_v, geldig_v = vorig
            schaal_v = vl_v.schaal_van(ia.item)
            code_v = geldig_v[regio][ia.item]
            delta = positie(schaal, code) - positie(schaal_v, code_v)
            if len(schaal.opties) != len(schaal_v.opties) and schaal.soort != "cijfer":
                delta = int(top) - int(in_top(schaal_v, code_v))
            atomen[(True, top, in_top(schaal_v, code_v), int(np.sign(delta)))] += 1
        else:
            atomen[(False, top, None, None)] += 1
    b = _Bouw(analyse.golf, atomen)

    def plek(naam: str) -> Plek:
        return Plek(f"enquete {analyse.golf}", 0, f"{ia.item}.{naam}")

    b.cel(plek("n"), lambda a: True, vast=True)
    b.cel(plek("top"), lambda a: a[1])
    b.cel(plek("niet_top"), lambda a: not a[1], gepubliceerd=False)
    if paren:
        b.cel(plek("paren"), lambda a: a[0], vast=True)
        # the report's figures are over the pairs: kept as long as anything else can go
        b.cel(plek("paren_top"), lambda a: a[0] and a[1], voorrang=1)
        b.cel(plek("paren_niet_top"), lambda a: a[0] and not a[1], gepubliceerd=False)
        b.cel(plek("paren_top_vorige"), lambda a: a[0] and a[2] is True, voorrang=1)
        b.cel(plek("paren_niet_top_vorige"), lambda a: a[0] and a[2] is False, gepubliceerd=False)
        b.cel(plek("toegenomen"), lambda a: a[3] == 1)
        b.cel(plek("afgenomen"), lambda a: a[3] == -1)
        b.cel(plek("gelijk"), lambda a: a[3] == 0, gepubliceerd=False)
        b.cel(plek("los_top"), lambda a: not a[0] and a[1], gepubliceerd=False)
        b.cel(plek("los_niet_top"), lambda a: not a[0] and not a[1], gepubliceerd=False)
    return b.comp


def _borging_component(analyse: Analyse, borging: Borging) -> Component:
    per_k: Counter[int] = Counter(borging.per_regio.values())
    for k in range(borging.n_stellingen + 1):
        per_k.setdefault(k, 0)
    b = _Bouw(analyse.golf, per_k)
    b.cel(Plek(f"enquete {analyse.golf}", 0, "borging.regios"), lambda a: True, vast=True)
    for k in range(borging.n_stellingen + 1):
        b.cel(Plek(f"enquete {analyse.golf}", 0, f"borging.{k}"), functools.partial(operator.eq, k))
    return b.comp


def _verborgen_namen(comp: Component, weg: set[int]) -> set[str]:
    return {comp.cellen[i].plekken[0].kolom.rpartition(".")[2] for i in weg}


def publiceer_enquete(
    analyse: Analyse, vl: Vragenlijst, vl_vorige: Vragenlijst | None
) -> tuple[Analyse, tuple[Bevinding, ...]]:
    """The analysis as it may be published, and the audit of every protected cell."""
    if analyse.verborgen:
        return replace(analyse, items=tuple(_zonder_verdeling(i) for i in analyse.items)), ()
    geldig = geldige_antwoorden(vl, analyse.antwoorden)
    vorig = None
    if vl_vorige is not None and analyse.antwoorden_vorige:
        vorig = (vl_vorige, geldige_antwoorden(vl_vorige, analyse.antwoorden_vorige))
    bevindingen: list[Bevinding] = []
    items = []
    for ia in analyse.items:
        if ia.verborgen:
            items.append(_zonder_verdeling(ia))
            continue
        comp = _item_component(analyse, ia, vl, geldig, vorig)
        weg = kies(comp)
        bevindingen.extend(controleer(comp, weg))
        items.append(_verberg_item(ia, _verborgen_namen(comp, weg)))
    borging = analyse.borging
    if borging is not None and borging.verdeling is not None:
        comp = _borging_component(analyse, borging)
        verborgen = kies(comp)
        bevindingen.extend(controleer(comp, verborgen))
        namen = _verborgen_namen(comp, verborgen)
        verdeling = tuple(None if str(k) in namen else n for k, n in enumerate(borging.verdeling))
        borging = replace(borging, verdeling=verdeling)
    return replace(analyse, items=tuple(items), borging=borging), tuple(bevindingen)


def _zonder_verdeling(ia: ItemAnalyse) -> ItemAnalyse:
    return replace(ia, aantallen=None, pct_bodem=None)


def _verberg_item(ia: ItemAnalyse, weg: set[str]) -> ItemAnalyse:
    uit = _zonder_verdeling(ia)
    if "top" in weg:
        uit = replace(uit, pct_top=None)
    v = ia.vergelijking
    if v is not None and not v.verborgen:
        if "paren_top" in weg:
            v = replace(v, pct_top_nu=None)
        if "paren_top_vorige" in weg:
            v = replace(v, pct_top_vorige=None)
        if "toegenomen" in weg:
            v = replace(v, pct_toegenomen=None)
        if "afgenomen" in weg:
            v = replace(v, pct_afgenomen=None)
        uit = replace(uit, vergelijking=v)
    return uit
