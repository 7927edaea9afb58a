"""Which cells of a confidential source are afgeschermd, and the audit that proves it holds.

Primary cells are the counts that may be 1 to 4. Secondary cells are chosen so that, for every
primary cell, the interval the outsider derives (``aanvaller.py``) still contains the whole of
[1, 4], and no secondary cell can be derived exactly. The choice follows the idea of tau-ARGUS's
hypercube method on the linked tables of one source: while a cell is not protected, afscherm
the smallest published sibling in the smallest published total that holds it (details before
totals, small before large, in a stable order so that the pattern stays the same from year to
year where it can); only when a cell has no sibling, its smallest total. The linear program then
checks again. Afscherming more never narrows an interval, so a protected cell stays protected,
and the final audit (:func:`controleer`) solves the program once more for every afgeschermd
cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sto_monitor.errors import DisclosureError
from sto_monitor.publicatie.afscherming.aanvaller import Aanvaller
from sto_monitor.publicatie.afscherming.cellen import Cel, Component, Plek

MARGE = 1e-6
KLEIN_LAAG, KLEIN_HOOG = 1.0, 4.0  # the protection interval of a primary cell


@dataclass(frozen=True)
class Bevinding:
    """One afgeschermd cell with what the outsider can derive about it."""

    cel: Cel
    primair: bool
    laag: float
    hoog: float
    # What the notation alone tells, whatever else is published: the least the cell can be
    # because its afgeschermde parts are each at least 1 (two hidden parts: at least 2), and the
    # most it can be inside the totals that are always shown (3 regions without a pair).
    ondergrens: float = KLEIN_LAAG
    bovengrens: float = math.inf

    @property
    def veilig(self) -> bool:
        """Primary: every value of [1, 4] stays possible (as far as the notation allows), or
        for a count DUO publishes as an interval, all of DUO's interval. Secondary: not
        derivable exactly (at least two whole numbers stay possible)."""
        if self.primair and self.cel.openbaar is not None:
            laagste, hoogste = self.cel.openbaar
            return self.laag <= laagste + MARGE and self.hoog >= hoogste - MARGE
        if self.primair:
            laagste, hoogste = doel(self.ondergrens, self.bovengrens)
            return self.laag <= laagste + MARGE and self.hoog >= hoogste - MARGE
        return self.hoog - self.laag >= 1 - MARGE


def doel(ondergrens: float, bovengrens: float) -> tuple[float, float]:
    """The interval a primary cell's derivable interval must contain."""
    return max(KLEIN_LAAG, ondergrens), min(KLEIN_HOOG, bovengrens)


class _Structuur:
    """Which cells hold which: subsets, overlaps, per measure (computed once)."""

    def __init__(self, comp: Component) -> None:
        self.cellen = comp.cellen
        n = len(self.cellen)
        self.deel = np.zeros((n, n), dtype=bool)  # deel[i, j]: cell i is a subset of cell j
        self.overlap = np.zeros((n, n), dtype=bool)
        for maat, aantal in comp.aantal_atomen.items():
            ids = [c.id for c in self.cellen if c.maat == maat]
            if not ids or not aantal:
                continue
            m = np.zeros((len(ids), aantal), dtype=np.float32)
            for r, i in enumerate(ids):
                m[r, self.cellen[i].atomen] = 1
            gedeeld = m @ m.T
            grootte = m.sum(axis=1)
            idx = np.array(ids)
            self.deel[np.ix_(idx, idx)] = gedeeld == grootte[:, None]
            self.overlap[np.ix_(idx, idx)] = gedeeld > 0
        self.grootte = np.array([c.atomen.size for c in self.cellen])

    def ondergrens(self, cel: Cel, verborgen: set[int]) -> float:
        """How many disjoint afgeschermde cells lie inside ``cel`` (at least 1).

        Each is at least 1, so ``cel`` is at least their number: a packing, which never exceeds
        the least value a linear program would give, so the protection asked is never less.
        """
        i = cel.id
        delen = [
            k
            for k in sorted(verborgen, key=lambda k: (int(self.grootte[k]), k))
            if k != i and self.deel[k, i] and self.grootte[k] < self.grootte[i]
        ]
        gekozen: list[int] = []
        for k in delen:
            if not any(self.overlap[k, j] for j in gekozen):
                gekozen.append(k)
        return float(max(1, len(gekozen)))

    def kandidaat(self, cel: Cel, verborgen: set[int]) -> Cel | None:
        """The next cell to afscherm for ``cel``: see the module docstring."""

        def vrij(c: Cel) -> bool:
            return c.id not in verborgen and _kiesbaar(c)

        i = cel.id
        ouders = [
            j
            for j in np.flatnonzero(self.deel[i]).tolist()
            if j != i and self.grootte[j] > self.grootte[i]
        ]
        ouders.sort(key=lambda j: (int(self.grootte[j]), j))
        for j in ouders:
            broers = [
                self.cellen[k]
                for k in np.flatnonzero(self.deel[:, j]).tolist()
                if not self.overlap[i, k] and vrij(self.cellen[k])
            ]
            if broers:
                return min(broers, key=_volgorde)
        deels = [
            self.cellen[k]
            for k in np.flatnonzero(self.overlap[i]).tolist()
            if not self.deel[i, k] and not self.deel[k, i] and vrij(self.cellen[k])
        ]
        if deels:
            return min(deels, key=_volgorde)
        totalen = [self.cellen[j] for j in ouders if vrij(self.cellen[j])]
        return min(totalen, key=_volgorde) if totalen else None


def _kiesbaar(c: Cel) -> bool:
    """A published, non-zero cell that may be afgeschermd."""
    return c.gepubliceerd and not c.vast and c.hoog > 0 and c.atomen.size > 0


def _volgorde(c: Cel) -> tuple[int, float, int, Plek]:
    """Headline figures last; small before large, details before totals, then by place."""
    return (c.voorrang, c.hoog, int(c.atomen.size), min(c.plekken))


PROBEER = 64  # candidates tried per step (smallest first); more tried, fewer afgeschermd


def _bindend(
    aanvaller: Aanvaller, comp: Component, cel: Cel, grenzen: tuple[float, float], *, maximum: bool
) -> Cel | None:
    """The published cell to afscherm next for ``cel``, among those that bound it.

    The smallest few cells that bound ``cel`` on its failing side are tried: the first that
    protects ``cel`` wins, else the one that widens its interval most.
    """
    ids = aanvaller.bindend(cel, maximum=maximum)
    kandidaten = sorted(
        (comp.cellen[i] for i in ids if i != cel.id and _kiesbaar(comp.cellen[i])),
        key=_volgorde,
    )[:PROBEER]
    beste: tuple[float, Cel] | None = None
    for kandidaat in kandidaten:
        aanvaller.verberg(kandidaat)
        veilig, score, _ = _toets(aanvaller, cel, grenzen)
        aanvaller.toon(kandidaat)
        if veilig:
            return kandidaat
        if beste is None or score > beste[0]:
            beste = (score, kandidaat)
    return beste[1] if beste is not None else None


def _toets(
    aanvaller: Aanvaller, cel: Cel, grenzen: tuple[float, float]
) -> tuple[bool, float, bool]:
    """Whether ``cel`` is protected now, solving only the sides that are needed.

    ``grenzen``: the interval a primary cell must keep (``doel``). Also a score of how far it
    is from protected (higher is closer), for choosing between candidates, and whether the
    maximum is the failing side.
    """
    if cel.primair:
        laagste, hoogste = grenzen
        hoog = aanvaller.grens(cel, maximum=True)
        if hoog < hoogste - MARGE:
            return False, hoog - hoogste, True
        laag = aanvaller.grens(cel, maximum=False)
        return laag <= laagste + MARGE, laagste - laag, False
    laag, hoog = aanvaller.interval(cel)
    breedte = min(hoog, 1e9) - laag
    return breedte >= 1 - MARGE, breedte, True


def kies(comp: Component) -> set[int]:
    """The afgeschermde cells (ids) of a component: primary cells and their secondaries."""
    aanvaller = Aanvaller(comp)
    primair = [c for c in comp.cellen if c.primair]
    for cel in primair:
        if cel.vast:
            raise DisclosureError(
                f"afscherming: {min(cel.plekken)} van {comp.bron} is klein maar wordt altijd "
                "getoond"
            )
        aanvaller.verberg(cel)  # an unpublished cell stays unknown to the outsider
    if not primair:
        return set()
    structuur = _Structuur(comp)
    notatie = _Notatie(comp)
    te_doen = sorted(primair, key=lambda c: (min(c.plekken), c.id))
    while te_doen:
        cel = te_doen.pop(0)
        while True:
            grenzen = cel.openbaar or doel(
                structuur.ondergrens(cel, aanvaller.verborgen), notatie.bovengrens(cel)
            )
            veilig, _, maximum = _toets(aanvaller, cel, grenzen)
            if veilig:
                break
            extra = _bindend(aanvaller, comp, cel, grenzen, maximum=maximum)
            extra = extra or structuur.kandidaat(cel, aanvaller.verborgen)
            if extra is not None:
                aanvaller.verberg(extra)
                te_doen.append(extra)  # a secondary cell must not be derivable exactly either
                continue
            # Last resort: every published cell that shares atoms with it. Publishing less is
            # always possible; a cell that even this cannot protect is an error, never a leak.
            rest = [
                c
                for c in comp.cellen
                if _kiesbaar(c)
                and c.id not in aanvaller.verborgen
                and structuur.overlap[cel.id, c.id]
            ]
            if not rest:
                raise DisclosureError(
                    f"afscherming: cel {min(cel.plekken)} van {comp.bron} {comp.schooljaar} "
                    "is niet te beschermen"
                )
            for c in rest:
                aanvaller.verberg(c)
                te_doen.append(c)
    return set(aanvaller.verborgen)


def controleer(comp: Component, verborgen: set[int]) -> list[Bevinding]:
    """The audit: every afgeschermd cell, and every small unpublished one, with the interval
    the outsider can derive."""
    return _controleer(comp, verborgen | {c.id for c in comp.cellen if c.primair})


def _controleer(comp: Component, verborgen: set[int]) -> list[Bevinding]:
    """The audit: every afgeschermd cell with the interval the outsider can derive."""
    aanvaller = Aanvaller(comp)
    for i in verborgen:
        aanvaller.verberg(comp.cellen[i])
    structuur = _Structuur(comp) if verborgen else None
    notatie = _Notatie(comp)
    bevindingen = []
    for i in sorted(verborgen):
        cel = comp.cellen[i]
        laag, hoog = aanvaller.interval(cel)
        assert structuur is not None
        ondergrens = structuur.ondergrens(cel, aanvaller.verborgen)
        bovengrens = notatie.bovengrens(cel) if cel.primair else math.inf
        bevindingen.append(Bevinding(cel, cel.primair, laag, hoog, ondergrens, bovengrens))
    return bevindingen


class _Notatie:
    """The outsider's program knowing only the totals that are always shown (``Cel.vast``).

    Its maximum of a cell is the most the cell can be whatever else is published or hidden;
    built only for components that have such totals.
    """

    def __init__(self, comp: Component) -> None:
        self.comp = comp
        self.aanvaller: Aanvaller | None = None
        if any(c.vast for c in comp.cellen):
            self.aanvaller = Aanvaller(comp)
            for c in comp.cellen:
                if not c.vast:
                    self.aanvaller.vrij(c)
        self.cache: dict[int, float] = {}

    def bovengrens(self, cel: Cel) -> float:
        if self.aanvaller is None:
            return math.inf
        if cel.id not in self.cache:
            self.cache[cel.id] = self.aanvaller.grens(cel, maximum=True)
        return self.cache[cel.id]
