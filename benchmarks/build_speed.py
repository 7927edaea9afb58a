"""All indicators on DuckDB through Ibis (``run.compute``) versus their SQL run bare in DuckDB.

Twice: the monitor's own definition on six national years (under 10 s, at most 2x the bare
SQL), and every one of the 24 definitions (``indicators/definities.py``) on a smaller country
(two years at a third of the national size), again at most 2x the bare SQL of the same queries.
"""

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
from sto_monitor.indicators.definities import alle_definities
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


def bare_queries(
    con: db.Connection, indicators: Sequence[Indicator], techniek: str = "sto"
) -> list[str]:
    """Each indicator's SQL as Ibis compiles it for DuckDB; its in-memory tables registered."""
    engine = DuckDBEngine(con)
    queries = []
    for indicator in indicators:
        expr = indicator.bereken(Inputs(engine, techniek=techniek))
        # ibis.memtable inputs become temporary tables of the connection, as before execution.
        engine.backend._run_pre_execute_hooks(expr)
        queries.append(ibis.to_sql(expr, dialect="duckdb"))
    return queries


def run_bare(con: db.Connection, queries: Sequence[str]) -> None:
    for sql in queries:
        con.execute(sql).to_arrow_table()


def run_compute(con: db.Connection, indicators: Sequence[Indicator], techniek: str = "sto") -> None:
    for indicator in indicators:
        compute(indicator, con, techniek=techniek)


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


def alle_definities_ratio(tmp: Path) -> tuple[float, float, int]:
    """Seconds for every indicator under all 24 definitions: bare SQL, and run.compute."""
    files = generate(tmp / "klein", schaal=0.3, jaren=[2023, 2024])
    con = db.connect(tmp / "definities.duckdb")
    outcomes = ingest_paths(con, files)
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
    indicators = available(con)
    sleutels = [d.sleutel for d in alle_definities()]
    queries = {k: bare_queries(con, indicators, k) for k in sleutels}
    for k in sleutels:  # translate once, as every build after the first
        run_compute(con, indicators, k)

    def bare() -> None:
        for k in sleutels:
            run_bare(con, queries[k])

    def computed() -> None:
        for k in sleutels:
            run_compute(con, indicators, k)

    seconds = side_by_side({"bare": bare, "compute": computed})
    con.close()
    return seconds["bare"], seconds["compute"], len(sleutels)


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
        bare_alle, compute_alle, definities = alle_definities_ratio(tmp)
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
    ratio_alle = compute_alle / bare_alle
    ok_alle = ratio_alle <= TARGET_RATIO
    print(f"  alle {definities} definities (schaal 0,3, twee schooljaren):")
    print(f"    kale SQL in DuckDB:              {bare_alle:6.2f} s")
    print(f"    run.compute:                     {compute_alle:6.2f} s")
    print(f"    verhouding {ratio_alle:.2f}x (doel <= {TARGET_RATIO}x): {verdict(ok_alle)}")
    return ok and ok_alle
