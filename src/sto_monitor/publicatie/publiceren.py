"""Publish the warehouse: every indicator after disclosure control, audited, in one step.

The snapshot of the dashboard, ``sto build``'s audit, ``sto indicator`` and the reports all
publish through :func:`publiceer`, so a cell is afgeschermd the same way on every output path.
A selection of indicators is widened to every indicator linked to it through a confidential
source, so that a smaller publication has the same pattern as the whole.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pyarrow as pa

from sto_monitor.db import Connection
from sto_monitor.indicators.build import opgeslagen
from sto_monitor.indicators.definities import MONITOR
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.herkomst import ontbrekende_bronnen
from sto_monitor.indicators.inputs import Engine, Inputs
from sto_monitor.indicators.registry import INDICATORS, Indicator
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.afscherming import (
    Controle,
    Publicatie,
    beslis,
    opslag,
    pas_toe,
    vertrouwelijke_tabellen,
)


@dataclass(frozen=True)
class Uitkomst:
    """A publication of the warehouse, and the indicators whose sources are missing."""

    publicatie: Publicatie
    ontbreekt: dict[str, tuple[str, ...]]  # indicator -> missing source tables


def gekoppeld(namen: Collection[str]) -> list[Indicator]:
    """The named indicators, every indicator sharing a confidential source with one, and the
    public indicators that count the same persons (``Herleiding.openbaar``)."""
    bronnen = {
        i.herleiding.bron for i in INDICATORS if i.naam in namen and i.herleiding is not None
    }
    samen = {
        i.naam
        for i in INDICATORS
        if i.naam in namen or (i.herleiding is not None and i.herleiding.bron in bronnen)
    }
    openbaar = {
        i.herleiding.openbaar.indicator
        for i in INDICATORS
        if i.naam in samen and i.herleiding is not None and i.herleiding.openbaar is not None
    }
    return [i for i in INDICATORS if i.naam in samen | openbaar]


# Why a table on a confidential source is not published under another definition (a reader's
# sentence: pages show it where a missing source would be named).
ALLEEN_MONITOR = (
    "alleen te zien onder de definitie van de monitor, omdat de tabel op een vertrouwelijke "
    "bron rust"
)


def publiceer(
    con: Connection,
    *,
    techniek: str = "sto",
    indicatoren: Collection[str] | None = None,
    gecontroleerd: bool = True,
    bewaar: bool = False,
    opnieuw: bool = False,
    engine: Engine | None = None,
) -> Uitkomst:
    """Compute (or read the stored build of) the indicators, then publish them together.

    ``gecontroleerd``: refuse a publication whose audit finds a cell that can be derived
    (``DisclosureError``); only ``sto openbaarheid controle`` looks at a failing one. The
    pattern stored by the last ``sto build`` is applied while it matches the warehouse
    (``afscherming/opslag.py``); ``opnieuw`` computes it anyway, ``bewaar`` (a write
    connection, the whole publication) stores a newly computed, audited pattern. ``engine``
    (Spark) computes every indicator there instead of reading the stored build.
    """
    gekozen = INDICATORS if indicatoren is None else gekoppeld(indicatoren)
    ontbreekt: dict[str, tuple[str, ...]] = {}
    tabellen: list[tuple[Indicator, pa.Table]] = []
    vertrouwelijk = vertrouwelijke_tabellen(con)
    for indicator in gekozen:
        missing = tuple(ontbrekende_bronnen(con, indicator))
        if missing:
            ontbreekt[indicator.naam] = missing
            continue
        if techniek != MONITOR.sleutel and set(indicator.gelezen_tabellen) & vertrouwelijk:
            # A table on a confidential source has one suppression pattern: that of the
            # monitor's own definition. Another definition links other tables, so its pattern
            # could hide other cells, and the two together would reveal what each hides.
            ontbreekt[indicator.naam] = (ALLEEN_MONITOR,)
            continue
        full = opgeslagen(con, indicator, techniek) if engine is None else None
        if full is None:
            full = compute(indicator, con, engine=engine, techniek=techniek)
        tabellen.append((indicator, full))
    sleutel = opslag.sleutel(con, techniek)
    bewaard = None if opnieuw else opslag.lees(con, sleutel, techniek, tabellen)
    if bewaard is not None and bewaard[2] == vertrouwelijk:
        besluiten, bevindingen, _ = bewaard
        plekken = {b.cel.plekken[0]: waar for waar, b in bevindingen}
        controle = Controle(vertrouwelijk, tuple(b for _, b in bevindingen), plekken)
    else:
        besluiten, controle = beslis(
            tabellen, _atomen(con, tabellen, vertrouwelijk, techniek), vertrouwelijk
        )
        if bewaar and indicatoren is None and controle.geslaagd:
            bevindingen = [(controle.waar(b), b) for b in controle.bevindingen]
            opslag.bewaar(con, sleutel, techniek, tabellen, besluiten, bevindingen, vertrouwelijk)
    publicatie = pas_toe(tabellen, besluiten, controle)
    if gecontroleerd:
        publicatie.eis_geslaagd()
    return Uitkomst(publicatie, ontbreekt)


def _atomen(
    con: Connection,
    tabellen: list[tuple[Indicator, pa.Table]],
    vertrouwelijk: frozenset[str],
    techniek: str,
) -> dict[str, pa.Table]:
    """The atoms of every confidential source that a table's herleiding names."""
    engine = DuckDBEngine(con)
    atomen: dict[str, pa.Table] = {}
    for indicator, _ in tabellen:
        h = indicator.herleiding
        if h is not None and h.bron in vertrouwelijk and h.bron not in atomen:
            atomen[h.bron] = engine.execute(h.atomen(Inputs(engine, techniek=techniek)))
    return atomen
