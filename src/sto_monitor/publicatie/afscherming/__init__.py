"""Disclosure control of a whole publication: one pattern across every linked table.

Protection follows the source (``domain.Openheid``). A number that rests only on public open
data (DUO's files) is published as the source allows: exact where DUO is exact, DUO's masking
interval where DUO masked, never an ``x``. A count that rests on a confidential source is a cell
of that source's linked tables (``cellen.py``); the counts that may be 1 to 4 and enough others
are afgeschermd (``patroon.py``) so that the outsider's linear program (``aanvaller.py``) over
everything published derives none of them, and the audit proves it for every publication.
Shares, changes and derived columns of a confidential source are shown only when they add
nothing to the published counts (:mod:`regels`). ``tabel.py`` writes the result in the typed
open-data contract and in the Dutch notation.

:func:`publiceer` publishes computed tables: :func:`beslis` chooses the pattern and audits it,
:func:`pas_toe` applies a pattern (also one that ``sto build`` stored, ``opslag.py``). The
warehouse-level entry point that the dashboard, ``sto build``, ``sto indicator`` and the reports
use is ``publicatie/publiceren.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from sto_monitor.errors import DisclosureError
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.publicatie.afscherming.bronnen import vertrouwelijke_tabellen
from sto_monitor.publicatie.afscherming.cellen import Component, Plek, bouw
from sto_monitor.publicatie.afscherming.patroon import Bevinding, controleer, kies
from sto_monitor.publicatie.afscherming.regels import besluiten, eis_herleiding
from sto_monitor.publicatie.afscherming.tabel import Besluit, getypeerd, weergave

__all__ = [
    "Bevinding",
    "Controle",
    "GepubliceerdeTabel",
    "Publicatie",
    "beslis",
    "pas_toe",
    "publiceer",
    "vertrouwelijke_tabellen",
]


@dataclass(frozen=True)
class GepubliceerdeTabel:
    """One indicator as published: typed for machines and in Dutch notation for people."""

    data: pa.Table  # the open-data contract (tabel.getypeerd)
    tabel: pa.Table  # Dutch notation (tabel.weergave)
    vertrouwelijk: bool  # rests (partly) on a confidential source


@dataclass(frozen=True)
class Controle:
    """The audit of a publication: every afgeschermd cell and what can be derived about it."""

    vertrouwelijk: frozenset[str]  # warehouse tables loaded from a confidential source
    bevindingen: tuple[Bevinding, ...]
    plekken: Mapping[Plek, str] = field(default_factory=dict)  # place -> its keys, in words

    def met(self, bevindingen: Sequence[Bevinding]) -> Controle:
        """This audit with more findings (the survey's); refused when one is not safe."""
        uit = Controle(self.vertrouwelijk, (*self.bevindingen, *bevindingen), self.plekken)
        if not uit.geslaagd:
            Publicatie({}, uit).eis_geslaagd()
        return uit

    def waar(self, bevinding: Bevinding) -> str:
        """Where an afgeschermd cell is published: every table and row, in words."""
        return "; ".join(self.plekken.get(p, str(p)) for p in sorted(bevinding.cel.plekken))

    @property
    def fouten(self) -> tuple[Bevinding, ...]:
        return tuple(b for b in self.bevindingen if not b.veilig)

    @property
    def geslaagd(self) -> bool:
        return not self.fouten

    @property
    def primair(self) -> int:
        return sum(1 for b in self.bevindingen if b.primair)

    @property
    def secundair(self) -> int:
        return sum(1 for b in self.bevindingen if not b.primair)


@dataclass(frozen=True)
class Publicatie:
    tabellen: Mapping[str, GepubliceerdeTabel]
    controle: Controle
    besluiten: Mapping[str, Besluit] = field(default_factory=dict)  # what each table hides

    def eis_geslaagd(self) -> Publicatie:
        """This publication, or an error that names the cells an outsider could derive."""
        fouten = self.controle.fouten
        if fouten:
            voorbeelden = "; ".join(
                f"{self.controle.waar(b)}: afleidbaar {b.laag:g}-{b.hoog:g}" for b in fouten[:5]
            )
            raise DisclosureError(
                f"afscherming: {len(fouten)} afgeschermde cel(len) zijn af te leiden uit wat "
                f"gepubliceerd wordt ({voorbeelden}); er wordt niets gepubliceerd"
            )
        return self


def publiceer(
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    atomen: Mapping[str, pa.Table],
    vertrouwelijk: frozenset[str],
) -> Publicatie:
    """Publish computed indicator tables together (see the module docstring).

    ``atomen`` holds, per confidential source that a table's ``Herleiding`` names, the atoms
    (``herleiding.atomen``); ``vertrouwelijk`` the warehouse tables loaded from a confidential
    source (:func:`vertrouwelijke_tabellen`).
    """
    besluiten, controle = beslis(tabellen, atomen, vertrouwelijk)
    return pas_toe(tabellen, besluiten, controle)


def beslis(
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    atomen: Mapping[str, pa.Table],
    vertrouwelijk: frozenset[str],
) -> tuple[dict[str, Besluit], Controle]:
    """What each table hides, and the audit: the pattern of every confidential source."""
    eis_herleiding(tabellen, vertrouwelijk)
    componenten: list[Component] = []
    verborgen: dict[int, set[int]] = {}  # id(component) -> hidden cell ids
    bevindingen: list[Bevinding] = []
    alle = {i.naam: (i, t) for i, t in tabellen}
    for bron, gekoppeld in sorted(_per_bron(tabellen, vertrouwelijk).items()):
        openbare = {
            h.openbaar.indicator: alle[h.openbaar.indicator]
            for i, _ in gekoppeld
            if (h := i.herleiding) is not None
            and h.openbaar is not None
            and h.openbaar.indicator in alle
        }
        for comp in bouw(bron, atomen[bron], gekoppeld, openbare):
            weg = kies(comp)
            componenten.append(comp)
            verborgen[id(comp)] = weg
            bevindingen.extend(controleer(comp, weg))
    sleutels = {i.naam: (i.sleutels, t) for i, t in tabellen}
    plekken = {
        plek: _beschrijf(plek, *sleutels[plek.indicator])
        for b in bevindingen
        for plek in b.cel.plekken
    }
    controle = Controle(vertrouwelijk, tuple(bevindingen), plekken)
    return besluiten(tabellen, componenten, verborgen), controle


def pas_toe(
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    besluiten: Mapping[str, Besluit],
    controle: Controle,
) -> Publicatie:
    """The published tables, given what each hides (``beslis``, or a stored pattern)."""
    geheim = {i.naam for g in _per_bron(tabellen, controle.vertrouwelijk).values() for i, _ in g}
    result = {}
    for indicator, tabel in tabellen:
        besluit = besluiten.get(indicator.naam, Besluit())
        data = getypeerd(tabel, indicator.openbaarheid, besluit)
        result[indicator.naam] = GepubliceerdeTabel(
            data=data,
            tabel=weergave(data, indicator.openbaarheid),
            vertrouwelijk=indicator.naam in geheim,
        )
    return Publicatie(result, controle, dict(besluiten))


def _per_bron(
    tabellen: Sequence[tuple[Indicator, pa.Table]], vertrouwelijk: frozenset[str]
) -> dict[str, list[tuple[Indicator, pa.Table]]]:
    """The tables that rest on each confidential source."""
    per_bron: dict[str, list[tuple[Indicator, pa.Table]]] = {}
    for indicator, tabel in tabellen:
        h = indicator.herleiding
        if h is not None and h.bron in vertrouwelijk:
            per_bron.setdefault(h.bron, []).append((indicator, tabel))
    return per_bron


def _beschrijf(plek: Plek, sleutels: tuple[str, ...], tabel: pa.Table) -> str:
    """``doorstroom[schooljaar=2019, profiel=MaT, ...].aantal``."""
    rij = tabel.slice(plek.rij, 1).to_pylist()[0]
    waarden = ", ".join(f"{k}={rij[k]}" for k in sleutels if k in rij)
    return f"{plek.indicator}[{waarden}].{plek.kolom}"
