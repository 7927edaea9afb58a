"""Shares, changes and derived columns of a confidential source: shown only when harmless.

The counts of a confidential source are protected by the pattern of ``patroon.py``. A share,
change or derived column next to them could still reveal a hidden count, so in a table that
rests on a confidential source it is afgeschermd when:

- its row has an afgeschermde count (as MONITOR.md: a share in such a row would reveal it);
- it is a declared share (``Herleiding.tellers``) whose denominator does not follow exactly
  from published counts (then the share would reveal the denominator), or whose denominator is
  below 10 (MONITOR.md);
- it is a change whose count is afgeschermd this year or the year before, or whose base is
  below 10 (MONITOR.md);
- it is another share whose denominator is below 10;
- it is a derived column (``Openbaarheid.afgeleid``) and one of the columns it reveals is.

A share or change shown under these rules relates published numbers only, so it adds nothing to
what the outsider's program already knows. Tables that rest only on public sources hide nothing.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence

import pyarrow as pa

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.publicatie.afscherming.cellen import Aandeel, Component
from sto_monitor.publicatie.afscherming.tabel import Besluit, families

DREMPEL_NOEMER = 10  # shares and changes of a confidential source need a base of at least this


def eis_herleiding(
    tabellen: Sequence[tuple[Indicator, pa.Table]], vertrouwelijk: frozenset[str]
) -> None:
    """A table that reads a confidential source must say how its counts add up that source."""
    for indicator, _ in tabellen:
        geraakt = sorted(set(indicator.gelezen_tabellen) & vertrouwelijk)
        h = indicator.herleiding
        if geraakt and (h is None or h.bron not in geraakt):
            raise IndicatorError(
                f"{indicator.naam} rust op de vertrouwelijke bron {', '.join(geraakt)} maar "
                "heeft geen herleiding naar die bron; zo kan het niet veilig gepubliceerd worden"
            )


def _gedekt(aandeel: Aandeel, comp: Component, verborgen: set[int]) -> bool:
    """Whether the denominator is a disjoint union of published cells (so it is known)."""
    rest = set(aandeel.noemer.tolist())
    if not rest:
        return True
    kandidaten = [
        c
        for c in comp.cellen
        if c.maat == aandeel.maat and c.id not in verborgen and 0 < c.atomen.size <= len(rest)
    ]
    for cel in sorted(kandidaten, key=lambda c: (-c.atomen.size, c.id)):
        atomen = set(cel.atomen.tolist())
        if atomen <= rest:
            rest -= atomen
            if not rest:
                return True
    return False


def _vorige_rij(tabel: pa.Table, sleutels: tuple[str, ...]) -> dict[int, int]:
    """Row -> the row of the same keys in the previous school year of the table."""
    overige = [s for s in sleutels if s != "schooljaar"]
    per_sleutel: dict[tuple[object, ...], list[tuple[int, int]]] = defaultdict(list)
    kolommen = {k: tabel.column(k).to_pylist() for k in (*overige, "schooljaar")}
    for r in range(tabel.num_rows):
        sleutel = tuple(kolommen[k][r] for k in overige)
        per_sleutel[sleutel].append((int(kolommen["schooljaar"][r]), r))
    vorige: dict[int, int] = {}
    for rijen in per_sleutel.values():
        rijen.sort()
        for (_, eerder), (_, r) in itertools.pairwise(rijen):
            vorige[r] = eerder
    return vorige


def _kleiner(waarde: object, drempel: float) -> bool:
    return waarde is None or float(waarde) < drempel  # type: ignore[arg-type]


def besluiten(
    tabellen: Sequence[tuple[Indicator, pa.Table]],
    componenten: list[Component],
    verborgen: Mapping[int, set[int]],
) -> dict[str, Besluit]:
    """What is afgeschermd in each table that rests on a confidential source."""
    aantallen: dict[str, set[tuple[int, str]]] = defaultdict(set)
    overig: dict[str, set[tuple[int, str]]] = defaultdict(set)
    impliciet = {
        i.naam: set(i.herleiding.impliciet) for i, _ in tabellen if i.herleiding is not None
    }
    for comp in componenten:
        weg = verborgen[id(comp)]
        for cel in comp.cellen:
            if cel.id in weg:
                for plek in cel.plekken:
                    # a count published only as its share (Herleiding.impliciet): hide the share
                    doel = overig if plek.kolom in impliciet[plek.indicator] else aantallen
                    doel[plek.indicator].add((plek.rij, plek.kolom))
        for aandeel in comp.aandelen:
            if (
                aandeel.teller in weg
                or aandeel.noemer_laag < DREMPEL_NOEMER
                or not _gedekt(aandeel, comp, weg)
            ):
                overig[aandeel.plek.indicator].add((aandeel.plek.rij, aandeel.plek.kolom))
    vertrouwelijk = {c.bron for c in componenten}
    result = {}
    for indicator, tabel in tabellen:
        h = indicator.herleiding
        if h is None or h.bron not in vertrouwelijk:
            continue
        naam = indicator.naam
        _rijregels(indicator, tabel, aantallen[naam], overig[naam])
        result[naam] = Besluit(frozenset(aantallen[naam]), frozenset(overig[naam]))
    return result


def _rijregels(
    indicator: Indicator,
    tabel: pa.Table,
    aantallen: set[tuple[int, str]],
    overig: set[tuple[int, str]],
) -> None:
    """The row rules of the module docstring, added to ``overig`` in place."""
    rule = indicator.openbaarheid
    h = indicator.herleiding
    assert h is not None
    rijen = tabel.to_pylist()
    fams = [f.naam for f in families(tabel.column_names, rule.aantallen)]
    vorige = _vorige_rij(tabel, indicator.sleutels)
    for r, rij in enumerate(rijen):
        rij_weg = any((r, f) in aantallen for f in fams)
        for kolom, noemer in rule.aandelen.items():
            waarde = rij.get(f"{noemer}_min", rij.get(noemer))
            if rij_weg or _kleiner(waarde, DREMPEL_NOEMER):
                overig.add((r, kolom))
        for kolom, noemer_familie in h.impliciet.items():
            if (r, noemer_familie) in aantallen:
                overig.add((r, kolom))
        for kolom, basis in rule.veranderingen.items():
            familie = h.veranderingen.get(kolom)
            eerder = vorige.get(r)
            weg = rij_weg or _kleiner(rij.get(basis), DREMPEL_NOEMER)
            if familie is not None and eerder is not None:
                weg = weg or (r, familie) in aantallen or (eerder, familie) in aantallen
            if weg and rij.get(kolom) is not None:
                overig.add((r, kolom))
        for kolom, bronnen in rule.afgeleid.items():
            if any((r, b) in aantallen or (r, b) in overig for b in bronnen):
                overig.add((r, kolom))
