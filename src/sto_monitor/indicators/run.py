"""Compute one indicator on an engine: the single entry point for CLI, build and tests."""

from __future__ import annotations

import pyarrow as pa

from sto_monitor.db import Connection
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.inputs import Engine, Inputs
from sto_monitor.indicators.registry import BY_NAME, Indicator
from sto_monitor.indicators.sql_cache import compute_cached


def compute(
    indicator: Indicator | str,
    con: Connection,
    *,
    engine: Engine | None = None,
    techniek: str = "sto",
) -> pa.Table:
    """The indicator's full table (before disclosure control), as Arrow."""
    ind = BY_NAME[indicator] if isinstance(indicator, str) else indicator
    eng = engine or DuckDBEngine(con)
    if isinstance(eng, DuckDBEngine):
        return compute_cached(eng, ind, techniek).select(list(ind.kolommen))
    expr = ind.bereken(Inputs(eng, techniek=techniek))
    return eng.execute(expr).select(list(ind.kolommen))
