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
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.herkomst import ontbrekende_bronnen
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.registry import INDICATORS, Indicator
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.afscherming import Publicatie, vertrouwelijke_tabellen
from sto_monitor.publicatie.afscherming import publiceer as afschermen


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


def publiceer(
    con: Connection,
    *,
    techniek: str = "sto",
    indicatoren: Collection[str] | None = None,
    gecontroleerd: bool = True,
) -> Uitkomst:
    """Compute (or read the stored build of) the indicators, then publish them together.

    ``gecontroleerd``: refuse a publication whose audit finds a cell
    that can be derived (``DisclosureError``); only ``sto openbaarheid controle`` looks at a
    failing one.
    """
    gekozen = INDICATORS if indicatoren is None else gekoppeld(indicatoren)
    ontbreekt: dict[str, tuple[str, ...]] = {}
    tabellen: list[tuple[Indicator, pa.Table]] = []
    for indicator in gekozen:
        missing = tuple(ontbrekende_bronnen(con, indicator))
        if missing:
            ontbreekt[indicator.naam] = missing
            continue
        full = opgeslagen(con, indicator, techniek)
        tabellen.append(
            (indicator, full if full is not None else compute(indicator, con, techniek=techniek))
        )
    vertrouwelijk = vertrouwelijke_tabellen(con)
    engine = DuckDBEngine(con)
    atomen: dict[str, pa.Table] = {}
    for indicator, _ in tabellen:
        h = indicator.herleiding
        if h is not None and h.bron in vertrouwelijk and h.bron not in atomen:
            atomen[h.bron] = engine.execute(h.atomen(Inputs(engine, techniek=techniek)))
    publicatie = afschermen(tabellen, atomen, vertrouwelijk)
    if gecontroleerd:
        publicatie.eis_geslaagd()
    return Uitkomst(publicatie, ontbreekt)
