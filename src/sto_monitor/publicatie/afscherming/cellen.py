"""Every published number of a confidential source as a sum of that source's atoms.

An indicator that rests on a source that may be confidential declares a ``Herleiding``
(``indicators/definitie.py``): the atoms of the source (its finest cells) and, per published
count, which atoms it adds up. This module evaluates those declarations on the computed
tables and builds one :class:`Component` per source and schooljaar:

- a :class:`Cel` per distinct count; a count published in two tables (or twice in one) is one
  cell with several places (:class:`Plek`);
- an :class:`Aandeel` per published share of such a count, with its denominator's atoms.

Every relation between published numbers (totals over leerweg, profiel groups, identities
between tables, shares) then follows from the atoms alone: the attacker's linear program in
``aanvaller.py`` needs no list of relations. Each declared sum is checked against the count the
indicator computed, so a declaration cannot drift from its computation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.definitie import Herleiding, Indicator, Openbaar, Selectie
from sto_monitor.publicatie.afscherming.tabel import Familie, families

TOLERANTIE = 1e-6


@dataclass(frozen=True, order=True)
class Plek:
    """Where a number is published: indicator, row of its computed table, column (family)."""

    indicator: str
    rij: int
    kolom: str


@dataclass
class Cel:
    """One count of a confidential source, wherever it is published."""

    id: int
    maat: str
    atomen: np.ndarray  # sorted atom indices into the component's atoms of this measure
    laag: float  # the true count's bounds (equal for exact sources)
    hoog: float
    plekken: list[Plek] = field(default_factory=list)
    # A count that is not published itself but follows from what is (the regions that did
    # not answer "urgent": all minus those that did): protected, never a candidate to hide.
    gepubliceerd: bool = True
    vast: bool = False  # always published (the number of respondents): never afgeschermd
    voorrang: int = 0  # a headline figure: afgeschermd only after every cell with less
    # The public interval of the same persons (DUO's masking), when the source counts them too.
    openbaar: tuple[float, float] | None = None

    @property
    def primair(self) -> bool:
        """Never shown, and protected against derivation: a count that may be 1 to 4, or one
        that would narrow DUO's masking interval of the same persons. A count that DUO
        publishes exactly is public whatever its size."""
        if self.openbaar is not None:
            return self.openbaar[0] < self.openbaar[1]
        return self.laag < 5 and self.hoog > 0

    @property
    def exact(self) -> bool:
        return self.laag == self.hoog


@dataclass
class Aandeel:
    """A published share: numerator cell over the sum of the denominator's atoms."""

    plek: Plek
    teller: int  # Cel.id
    maat: str
    noemer: np.ndarray  # atom indices
    noemer_laag: float
    noemer_hoog: float
    waarde: float | None  # as computed (rounded to one decimal when published)


@dataclass
class Component:
    """The atoms, cells and shares of one confidential source in one schooljaar."""

    bron: str
    schooljaar: int
    aantal_atomen: dict[str, int]  # measure -> number of atoms
    cellen: list[Cel] = field(default_factory=list)
    aandelen: list[Aandeel] = field(default_factory=list)


@dataclass
class _Atomen:
    """The atoms of one source in one schooljaar, column by column."""

    kolommen: dict[str, np.ndarray]
    laag: dict[str, np.ndarray]  # measure -> lower bounds
    hoog: dict[str, np.ndarray]

    @property
    def aantal(self) -> int:
        return len(next(iter(self.laag.values()))) if self.laag else 0

    def kies(self, selectie: Selectie) -> np.ndarray:
        mask = np.ones(self.aantal, dtype=bool)
        for kolom, waarden in selectie.items():
            if kolom not in self.kolommen:
                raise IndicatorError(f"herleiding: atoomkolom {kolom!r} bestaat niet")
            mask &= np.isin(self.kolommen[kolom], np.array(list(waarden), dtype=object))
        return np.flatnonzero(mask)


def _atomen_per_jaar(atomen: pa.Table) -> dict[int, _Atomen]:
    """Split an atom table by schooljaar into column arrays."""
    maten = sorted({c[:-4] for c in atomen.column_names if c.endswith(("_min", "_max"))})
    sleutels = [
        c for c in atomen.column_names if c != "schooljaar" and not c.endswith(("_min", "_max"))
    ]
    jaren = np.array(atomen.column("schooljaar").to_pylist())
    kolommen = {c: np.array(atomen.column(c).to_pylist(), dtype=object) for c in sleutels}
    grenzen = {
        (m, s): np.array(atomen.column(f"{m}{s}").to_pylist(), dtype=float)
        for m in maten
        for s in ("_min", "_max")
    }
    result = {}
    for jaar in sorted(set(jaren.tolist())):
        rows = jaren == jaar
        result[int(jaar)] = _Atomen(
            kolommen={c: v[rows] for c, v in kolommen.items()},
            laag={m: grenzen[(m, "_min")][rows] for m in maten},
            hoog={m: grenzen[(m, "_max")][rows] for m in maten},
        )
    return result


@dataclass
class _Bouw:
    """Cells of one component while they are being collected."""

    component: Component
    atomen: _Atomen
    per_sleutel: dict[tuple[str, bytes], int] = field(default_factory=dict)

    def cel(self, maat: str, idx: np.ndarray) -> Cel:
        sleutel = (maat, idx.tobytes())
        if sleutel in self.per_sleutel:
            return self.component.cellen[self.per_sleutel[sleutel]]
        if maat not in self.atomen.laag:
            raise IndicatorError(f"herleiding: maat {maat!r} ontbreekt in de atomen")
        cel = Cel(
            id=len(self.component.cellen),
            maat=maat,
            atomen=idx,
            laag=float(self.atomen.laag[maat][idx].sum()),
            hoog=float(self.atomen.hoog[maat][idx].sum()),
        )
        self.component.cellen.append(cel)
        self.per_sleutel[sleutel] = cel.id
        return cel


def _controleer(cel: Cel, plek: Plek, grenzen: tuple[float, float] | None) -> None:
    """The declared sum must be the computed count: otherwise the declaration is wrong."""
    lo, hi = grenzen if grenzen is not None else (0.0, 0.0)
    if abs(lo - cel.laag) > TOLERANTIE or abs(hi - cel.hoog) > TOLERANTIE:
        raise IndicatorError(
            f"herleiding van {plek.indicator} klopt niet in rij {plek.rij} ({plek.kolom}): "
            f"berekend {lo:g}-{hi:g}, som van de atomen {cel.laag:g}-{cel.hoog:g}"
        )


class _Openbare:
    """Rows of public tables by their keys, to find the public count of the same persons."""

    def __init__(self, tabellen: Mapping[str, pa.Table]) -> None:
        self.rijen = {naam: t.to_pylist() for naam, t in tabellen.items()}
        self.index: dict[tuple[str, tuple[str, ...]], dict[tuple[object, ...], dict[str, Any]]] = {}

    def grenzen(
        self, naam: str, sleutels: Mapping[str, object], familie: str, aantallen: Sequence[str]
    ) -> tuple[float, float] | None:
        if naam not in self.rijen:
            raise IndicatorError(f"herleiding: openbare tabel {naam} is niet gepubliceerd")
        kolommen = tuple(sorted(sleutels))
        if (naam, kolommen) not in self.index:
            self.index[(naam, kolommen)] = {
                tuple(r[k] for k in kolommen): r for r in self.rijen[naam]
            }
        rij = self.index[(naam, kolommen)].get(tuple(sleutels[k] for k in kolommen))
        if rij is None:
            return None
        fam = next(f for f in families(list(rij), aantallen) if f.naam == familie)
        return fam.grenzen(rij)


def bouw(
    bron: str,
    atomen: pa.Table,
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    openbare: Mapping[str, tuple[Indicator, pa.Table]] | None = None,
) -> list[Component]:
    """The components of one confidential source, from its atoms and the tables resting on it.

    ``openbare``: the public tables that a ``Herleiding.openbaar`` names, by indicator name.
    """
    per_jaar = _atomen_per_jaar(atomen)
    publiek = _Openbare({n: t for n, (_, t) in (openbare or {}).items()})
    regels = {n: i.openbaarheid.aantallen for n, (i, _) in (openbare or {}).items()}
    bouwers: dict[int, _Bouw] = {}

    def bouwer(jaar: int) -> _Bouw:
        if jaar not in bouwers:
            atoms = per_jaar.get(jaar) or _Atomen({}, {}, {})
            comp = Component(bron, jaar, {m: len(v) for m, v in atoms.laag.items()})
            bouwers[jaar] = _Bouw(comp, atoms)
        return bouwers[jaar]

    for indicator, tabel in tabellen:
        herleiding = indicator.herleiding
        assert herleiding is not None and herleiding.bron == bron
        fams = families(tabel.column_names, indicator.openbaarheid.aantallen)
        for r, rij in enumerate(tabel.to_pylist()):
            b = bouwer(int(rij["schooljaar"]))
            cellen = _rij(b, indicator.naam, herleiding, fams, r, rij)
            if herleiding.openbaar is not None:
                _openbaar(cellen, herleiding.openbaar, publiek, regels, rij)
    return [_comprimeer(bouwers[j].component) for j in sorted(bouwers)]


def _comprimeer(comp: Component) -> Component:
    """Merge atoms that every published number counts alike (same cells, same denominators).

    Such atoms are indistinguishable to anybody who reads the publication, so the outsider's
    program over the merged atoms is the same program with fewer variables (a home PC4 of
    ``leerling_pc4`` becomes one of a few hundred classes instead of thousands of atoms).
    """
    for maat, aantal in list(comp.aantal_atomen.items()):
        sets = [c.atomen for c in comp.cellen if c.maat == maat]
        sets += [a.noemer for a in comp.aandelen if a.maat == maat]
        if not aantal or not sets:
            continue
        lid = np.zeros((len(sets), aantal), dtype=bool)
        for r, idx in enumerate(sets):
            lid[r, idx] = True
        gebruikt = lid.any(axis=0)
        _, klasse = np.unique(lid[:, gebruikt].T, axis=0, return_inverse=True)
        nieuw = np.full(aantal, -1)
        nieuw[gebruikt] = klasse.ravel()
        for cel in comp.cellen:
            if cel.maat == maat:
                cel.atomen = np.unique(nieuw[cel.atomen])
        for aandeel in comp.aandelen:
            if aandeel.maat == maat:
                aandeel.noemer = np.unique(nieuw[aandeel.noemer])
        comp.aantal_atomen[maat] = int(klasse.max()) + 1 if klasse.size else 0
    return comp


def _openbaar(
    cellen: Mapping[str, Cel],
    openbaar: Openbaar,
    publiek: _Openbare,
    regels: Mapping[str, Sequence[str]],
    rij: dict[str, Any],
) -> None:
    """Attach DUO's interval of the same persons to the cells of a row (see ``Openbaar``)."""
    for familie, cel in cellen.items():
        gevonden = openbaar.cel(rij, familie)
        if gevonden is None:
            continue
        sleutels, openbare_familie = gevonden
        grenzen = publiek.grenzen(
            openbaar.indicator, sleutels, openbare_familie, regels[openbaar.indicator]
        )
        # Only a public interval that holds the count is a count of the same persons; a
        # delivery that counts others (fewer students with a known postcode) is not bound by it.
        if grenzen is not None and grenzen[0] <= cel.laag and cel.hoog <= grenzen[1]:
            cel.openbaar = grenzen


def _rij(
    b: _Bouw,
    naam: str,
    herleiding: Herleiding,
    fams: list[Familie],
    r: int,
    rij: dict[str, Any],
) -> dict[str, Cel]:
    """The cells of one computed row, by count family (and its shares and implicit counts)."""
    cellen: dict[str, Cel] = {}
    for fam in fams:
        gekozen = herleiding.cel(rij, fam.naam)
        if gekozen is None:
            continue
        maat, selectie = gekozen
        plek = Plek(naam, r, fam.naam)
        cel = b.cel(maat, b.atomen.kies(selectie))
        _controleer(cel, plek, fam.grenzen(rij))
        cel.plekken.append(plek)
        cellen[fam.naam] = cel
    for kolom in herleiding.impliciet:
        gekozen = herleiding.cel(rij, kolom)
        if gekozen is None:
            continue
        maat, selectie = gekozen
        cel = b.cel(maat, b.atomen.kies(selectie))
        cel.plekken.append(Plek(naam, r, kolom))  # published as its share
    for kolom, teller in herleiding.tellers.items():
        gekozen = herleiding.cel(rij, kolom)
        if gekozen is None or teller not in cellen:
            continue
        maat, selectie = gekozen
        noemer = b.atomen.kies(selectie)
        waarde = rij.get(kolom)
        b.component.aandelen.append(
            Aandeel(
                plek=Plek(naam, r, kolom),
                teller=cellen[teller].id,
                maat=maat,
                noemer=noemer,
                noemer_laag=float(b.atomen.laag[maat][noemer].sum()),
                noemer_hoog=float(b.atomen.hoog[maat][noemer].sum()),
                waarde=None if waarde is None or waarde != waarde else float(waarde),
            )
        )
    return cellen


def plekken_per_tabel(componenten: list[Component]) -> dict[str, dict[Plek, Cel]]:
    """indicator -> place -> cell, for applying a pattern to each table."""
    result: dict[str, dict[Plek, Cel]] = defaultdict(dict)
    for comp in componenten:
        for cel in comp.cellen:
            for plek in cel.plekken:
                result[plek.indicator][plek] = cel
    return result
