"""What an indicator is: one typed record plus the function that computes it.

Indicator modules import these types from here (not from ``registry``), so that any module
can be imported first without a cycle; ``registry.py`` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.woorden import Woord

METHODE_VERSIE = "2026.3"  # bump when a definition changes: `sto build` then recomputes all


@dataclass(frozen=True)
class Openbaarheid:
    """Disclosure rule of an indicator (MONITOR.md, "Disclosure control").

    ``aantallen``: count columns; a value 1-4 is shown as ``<5`` and a second cell in the same
    ``groep`` is suppressed too, so the first cannot be derived from a total.
    ``aandelen``: share column -> the count column that is its denominator (hidden below 10).
    ``veranderingen``: change column -> the count column that is its base (hidden below 10).
    ``extra_groepen``: further groupings checked the same way as ``groep`` (e.g. a column of
    a published table as well as its row), so a cell cannot be derived along either.
    ``afgeleid``: a column that reveals other columns (a cluster letter shows the sign of two
    changes) -> those columns; it is hidden whenever one of them is.
    """

    aantallen: tuple[str, ...] = ()
    groep: tuple[str, ...] = ()
    aandelen: dict[str, str] = field(default_factory=dict)
    veranderingen: dict[str, str] = field(default_factory=dict)
    extra_groepen: tuple[tuple[str, ...], ...] = ()
    afgeleid: dict[str, tuple[str, ...]] = field(default_factory=dict)


Selectie = Mapping[str, Collection[object]]
"""Which atoms of a source a published number adds up: atom column -> allowed values (a column
that is absent may have any value)."""


@dataclass(frozen=True)
class Herleiding:
    """How the counts of an indicator add up the records of a source that may be confidential.

    Disclosure control (``publicatie/afscherming``) models every published count of such a
    source as a sum over its finest cells ("atoms"), so that a count published in two tables is
    one cell and every relation between published numbers (totals over leerweg, profiel groups,
    identities between tables, shares) follows from the atoms alone.

    ``bron``: the warehouse table (e.g. ``doorstroom``).
    ``atomen(inp)``: one row per atom: ``schooljaar``, the atom columns, and ``<maat>_min`` /
    ``<maat>_max`` per measure (``aantal``, ``personen``, ...).
    ``cel(row, kolom)``: for a count family (``aantal``) of a computed row: its measure and the
    selection of atoms it adds up in the row's schooljaar; for a share column: the measure and
    selection of its denominator. ``None`` when that number does not rest on this source (public
    derdejaars beside confidential teachers, a year computed by another method).
    ``tellers``: share column -> the count family that is its numerator, in the same row.
    ``veranderingen``: change column -> the count family whose change it is.
    ``openbaar``: where the same persons are counted in public data (``Openbaar``).
    ``impliciet``: share column -> its denominator's count family, for a share whose numerator
    is no column of the table (a distance class of ``reisafstand``). The share reveals that
    count, so the count is a cell of its own, selected by ``cel(row, share column)`` and
    published as the share: afgeschermd, the share is hidden.
    Publication checks that every declared sum equals the computed count (``IndicatorError``
    otherwise), so a declaration cannot drift from the computation.
    """

    bron: str
    atomen: Callable[[Inputs], ir.Table]
    cel: Callable[[Mapping[str, Any], str], tuple[str, Selectie] | None]
    tellers: Mapping[str, str] = field(default_factory=dict)
    veranderingen: Mapping[str, str] = field(default_factory=dict)
    impliciet: Mapping[str, str] = field(default_factory=dict)
    openbaar: Openbaar | None = None


@dataclass(frozen=True)
class Openbaar:
    """The public count of the same persons as a confidential count, for example the DUO count
    of derdejaars per leerweg beside the same students counted by their home postcode.

    ``indicator``: the public indicator; ``cel(row, family)``: the keys of its row and its
    count family, or None. Where DUO masked that count, the confidential count must not narrow
    DUO's interval: it is afgeschermd unless the outsider still derives at least that interval.
    """

    indicator: str
    cel: Callable[[Mapping[str, Any], str], tuple[Mapping[str, object], str] | None]


@dataclass(frozen=True)
class Familie:
    """One published count: its name and the columns holding point value and bounds."""

    naam: str
    punt: str | None
    laag: str | None
    hoog: str | None

    @property
    def kolommen(self) -> tuple[str, ...]:
        return tuple(c for c in (self.punt, self.laag, self.hoog) if c is not None)

    def grenzen(self, rij: dict[str, object]) -> tuple[float, float] | None:
        """(min, max) of this count in a computed row, or None when empty."""
        if self.laag is not None and self.hoog is not None:
            lo, hi = rij[self.laag], rij[self.hoog]
            if lo is None or hi is None:
                return None
            return float(lo), float(hi)  # type: ignore[arg-type]
        waarde = rij[self.punt] if self.punt is not None else None
        return None if waarde is None else (float(waarde), float(waarde))  # type: ignore[arg-type]


def families(kolommen: Sequence[str], aantallen: Sequence[str]) -> list[Familie]:
    """The count families of a rule: ``aantal``, ``aantal_min``, ``aantal_max`` -> ``aantal``."""
    bases: list[str] = []
    for kolom in aantallen:
        base = kolom[:-4] if kolom.endswith(("_min", "_max")) else kolom
        if base not in bases:
            bases.append(base)
    result = []
    for base in bases:
        lo, hi = f"{base}_min", f"{base}_max"
        met_grenzen = lo in kolommen and hi in kolommen
        fam = Familie(
            naam=base,
            punt=base if base in kolommen else None,
            laag=lo if met_grenzen else None,
            hoog=hi if met_grenzen else None,
        )
        if not fam.kolommen:
            raise IndicatorError(f"openbaarheid: telkolom {base!r} ontbreekt in de tabel")
        result.append(fam)
    return result


@dataclass(frozen=True)
class Indicator:
    naam: str  # as the CLI and API use it, e.g. "leerlingen_per_profiel"
    titel: str  # Dutch title
    definitie: str  # the method in words (Dutch), as in the report's chapter 4
    eenheid: str  # "leerlingen", "procent", "vestigingen", ...
    sleutels: tuple[str, ...]  # key columns, schooljaar first
    kolommen: tuple[str, ...]  # every output column, in order (stable, documented)
    bronnen: tuple[str, ...]  # warehouse tables it needs (all must hold rows)
    reproduceert: str  # report table or figure, e.g. "Tabel 4.1"
    bereken: Callable[[Inputs], ir.Table]
    openbaarheid: Openbaarheid = Openbaarheid()
    per_regio: bool = False
    herleiding: Herleiding | None = None  # required when a source can be confidential
    # Tables it reads when they hold rows (a better method for the years they cover), so that
    # loading one makes ``sto build`` compute the indicator again.
    optionele_bronnen: tuple[str, ...] = ()
    # The reader's words for columns that mean something of their own in this indicator
    # (``aantal`` counts derdejaars here and exams there); the rest are in woorden.ALGEMEEN.
    woorden: Mapping[str, Woord] = field(default_factory=dict)

    @property
    def gelezen_tabellen(self) -> tuple[str, ...]:
        """Every table or view it reads: those it needs and those it uses when present."""
        return (*self.bronnen, *self.optionele_bronnen)
