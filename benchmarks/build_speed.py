"""All indicators on DuckDB through Ibis (``run.compute``) versus their SQL run bare in DuckDB."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import ibis

from benchmarks.common import verdict
from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.indicators import build as build_module
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.registry import INDICATORS, Indicator
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.runner import ingest_paths

TARGET_SECONDS = 10.0
TARGET_RATIO = 2.0
REPEAT = 3
JAREN = range(2019, 2025)


def available(con: db.Connection) -> list[Indicator]:
    """The indicators whose source tables hold rows (the others are not built either)."""

    def filled(table: str) -> bool:
        [(count,)] = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()
        return bool(count)

    return [i for i in INDICATORS if all(filled(t) for t in i.bronnen)]


def bare_queries(con: db.Connection, indicators: Sequence[Indicator]) -> list[str]:
    """Each indicator's SQL as Ibis compiles it for DuckDB; its in-memory tables registered."""
    engine = DuckDBEngine(con)
    queries = []
    for indicator in indicators:
        expr = indicator.bereken(Inputs(engine))
        # ibis.memtable inputs become temporary tables of the connection, as before execution.
        engine.backend._run_pre_execute_hooks(expr)
        queries.append(ibis.to_sql(expr, dialect="duckdb"))
    return queries


def run_bare(con: db.Connection, queries: Sequence[str]) -> None:
    for sql in queries:
        con.execute(sql).to_arrow_table()


def run_compute(con: db.Connection, indicators: Sequence[Indicator]) -> None:
    for indicator in indicators:
        compute(indicator, con)


def run_compute_cold(con: db.Connection, indicators: Sequence[Indicator]) -> None:
    """The first build after a code change: Ibis translates every indicator to SQL again."""
    con.execute("DELETE FROM indicator_sql")
    run_compute(con, indicators)


def run_build(con: db.Connection, indicators: Sequence[Indicator]) -> None:
    uitkomsten = build_module.build(con, opnieuw=True, indicators=indicators)
    failed = [(u.naam, u.reden) for u in uitkomsten if u.status != build_module.BEREKEND]
    assert not failed, failed


def side_by_side(actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median seconds per action; the actions take turns, so load on the machine hits all."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(REPEAT):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        files = generate(tmp / "gen", jaren=JAREN)
        con = db.connect(tmp / "bench.duckdb")
        outcomes = ingest_paths(con, files)
        assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
        [(leerlingen,)] = con.execute("SELECT count(*) FROM leerlingen").fetchall()
        indicators = available(con)
        queries = bare_queries(con, indicators)
        seconds = side_by_side(
            {
                "bare": lambda: run_bare(con, queries),
                "cold": lambda: run_compute_cold(con, indicators),
                "compute": lambda: run_compute(con, indicators),
                "build": lambda: run_build(con, indicators),
            }
        )
        con.close()
    bare, total, built = seconds["bare"], seconds["compute"], seconds["build"]
    cold = seconds["cold"]
    ratio = total / bare
    ok = total <= TARGET_SECONDS and ratio <= TARGET_RATIO
    print(
        f"build_speed: {len(indicators)} van {len(INDICATORS)} indicatoren, "
        f"{min(JAREN)}-{max(JAREN)}, {leerlingen:,} leerlingenrijen"
    )
    print(f"  kale SQL in DuckDB (to_sql):       {bare:6.2f} s")
    print(f"  run.compute, eerste keer (koud):   {cold:6.2f} s ({cold / bare:.2f}x, Ibis vertaalt)")
    print(f"  run.compute, alle indicatoren:     {total:6.2f} s (doel <= {TARGET_SECONDS:.0f} s)")
    print(f"  build.build (berekenen + opslaan): {built:6.2f} s ({built / bare:.2f}x kale SQL)")
    print(f"  verhouding {ratio:.2f}x (doel <= {TARGET_RATIO}x): {verdict(ok)}")
    return ok
