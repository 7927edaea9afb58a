"""What an indicator is: one typed record plus the function that computes it.

Indicator modules import these types from here (not from ``registry``), so that any module
can be imported first without a cycle; ``registry.py`` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ibis.expr.types as ir

from sto_monitor.indicators.inputs import Inputs

METHODE_VERSIE = "2026.1"  # bump when a definition changes: `sto build` then recomputes all


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
