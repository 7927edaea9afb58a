"""Compile an indicator to SQL once; run the stored SQL on later builds (DuckDB only).

Translating an Ibis expression to SQL costs about as much as running it on a national year, and
the SQL only changes when code changes. The cache key is a hash of everything the SQL depends
on: the source of the indicator's module and of the base relations (and of the series breaks,
module and ``breuken.toml``), Ibis's version, the
warehouse schema version and the techniek definition. Expressions with in-memory tables are
never cached (their SQL names a temporary table). A read-only warehouse just doesn't store.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import sys
from functools import cache

import duckdb
import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa

from sto_monitor.indicators import breuken, definitie, definities, inputs
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.engines import DuckDBEngine


@cache
def _module_hash(module_name: str) -> str:
    return hashlib.sha256(inspect.getsource(sys.modules[module_name]).encode()).hexdigest()


def cache_key(engine: DuckDBEngine, indicator: Indicator, techniek: str) -> str:
    schema = engine.con.execute("SELECT versie FROM schema_versie").fetchall()
    parts = [
        indicator.naam,
        techniek,
        ibis.__version__,
        str(schema),
        _module_hash(indicator.bereken.__module__),
        _module_hash(inputs.__name__),
        _module_hash(definitie.__name__),
        _module_hash(definities.__name__),  # what each switch of the definition selects
        # the series breaks every change depends on: their rules are data
        _module_hash(breuken.__name__),
        hashlib.sha256(breuken.REGELS_BESTAND.read_bytes()).hexdigest(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def compute_cached(engine: DuckDBEngine, indicator: Indicator, techniek: str) -> pa.Table:
    key = cache_key(engine, indicator, techniek)
    con = engine.con
    hit = con.execute("SELECT sql, schema FROM indicator_sql WHERE sleutel = ?", [key]).fetchall()
    if hit:
        sql, schema_bytes = hit[0]
        schema = pa.ipc.read_schema(pa.py_buffer(schema_bytes))
        return con.execute(sql).to_arrow_table().cast(schema)
    expr: ir.Table = indicator.bereken(inputs.Inputs(engine, techniek=techniek))
    if expr.op().find(ops.InMemoryTable):
        return engine.execute(expr)
    sql = engine.backend.compile(expr)
    schema = expr.schema().to_pyarrow()
    result = con.execute(sql).to_arrow_table().cast(schema)
    # A read-only warehouse (e.g. `sto indicator`) just doesn't store.
    with contextlib.suppress(duckdb.Error):
        con.execute(
            "INSERT OR REPLACE INTO indicator_sql VALUES (?, ?, ?, ?)",
            [key, indicator.naam, sql, schema.serialize().to_pybytes()],
        )
    return result
