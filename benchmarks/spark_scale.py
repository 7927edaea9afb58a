"""The full monitor at 100x national size on DuckDB (4 GB) and on Spark local[2] (``--groot``).

Two data sizes (schaal 1 and schaal 100, one school year) give each engine a line
``seconds = fixed + rows x per-row cost``; docs/spark.md turns those into the point where Spark
on a cluster would overtake one DuckDB machine. Every engine run is a fresh process
(``--werker``), so the DuckDB peak is that process's own maximum resident set size.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, verdict

TARGET_MB = 4096
GEHEUGEN = "4GB"
SPARK_MASTER = "local[2]"
SCHALEN = (1, 100)
JAAR = 2023


def prepare(tmp: Path, schaal: int) -> Path:
    """Generate one school year at ``schaal`` and ingest it, each in its own process."""
    out, target = tmp / f"gen{schaal}", tmp / f"schaal{schaal}.duckdb"
    sto = [sys.executable, "-m", "sto_monitor"]
    generate = ["generate", "--out", str(out), "--schaal", str(schaal), "--jaren", str(JAAR)]
    subprocess.run([*sto, *generate, "--quiet"], check=True)
    subprocess.run([*sto, "ingest", str(out), "--db", str(target), "--quiet"], check=True)
    return target


def measure(engine: str, warehouse: Path) -> dict[str, Any]:
    """Run the monitor on the warehouse in a fresh process (a cold start); its report."""
    env = {**os.environ, "STO_GEHEUGEN": GEHEUGEN}
    args = [sys.executable, "-m", "benchmarks.spark_scale", "--werker", engine, str(warehouse)]
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO)
    if result.returncode != 0:
        raise RuntimeError(f"{engine} faalde:\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return report


def line(small: dict[str, Any], large: dict[str, Any], key: str) -> tuple[float, float]:
    """(fixed seconds, seconds per million rows) through the two measured points."""
    per_row = (large[key] - small[key]) / (large["rijen"] - small["rijen"])
    return small[key] - per_row * small["rijen"], per_row * 1e6


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        start = time.perf_counter()
        warehouses = [prepare(tmp, schaal) for schaal in SCHALEN]
        prep_s = time.perf_counter() - start
        size_mb = sum(f.stat().st_size for f in (tmp / f"gen{SCHALEN[-1]}").iterdir()) / 1e6
        warehouse_mb = warehouses[-1].stat().st_size / 1e6
        # Side by side per size, so load on the machine hits both engines alike.
        duck, spark = [], []
        for warehouse in warehouses:
            duck.append(measure("duckdb", warehouse))
            spark.append(measure("spark", warehouse))
    for d, s in zip(duck, spark, strict=True):
        d["rijen"] = s["rijen"]  # rows of the tables the monitor reads (Spark exports them)
    dl, sl = duck[-1], spark[-1]
    print(
        f"spark_scale: schaal {SCHALEN[-1]}, schooljaar {JAAR}: {size_mb:.0f} MB bestanden, "
        f"warehouse {warehouse_mb:.0f} MB, {dl['rijen'] / 1e6:.2f} mln rijen gelezen, "
        f"{dl['indicatoren']} indicatoren (genereren + inlezen {prep_s:.0f} s)"
    )
    for schaal, d, s in zip(SCHALEN, duck, spark, strict=True):
        print(
            f"  schaal {schaal:>3}, {d['rijen'] / 1e6:6.2f} mln rijen: "
            f"DuckDB {d['seconden']:6.1f} s, Spark start {s['start']:.1f} + "
            f"export {s['export']:.1f} + rekenen {s['rekenen']:.1f} s"
        )
    print(f"  DuckDB ({GEHEUGEN}):  {dl['seconden']:6.1f} s, piekgeheugen {dl['piek_mb']:.0f} MB")
    print(
        f"  Spark {SPARK_MASTER}: {sl['start'] + sl['seconden']:6.1f} s = start {sl['start']:.1f}"
        f" + Parquet-export {sl['export']:.1f} + rekenen {sl['rekenen']:.1f} s, "
        f"JVM-piek {sl['jvm_piek_mb']:.0f} MB ({sl['seconden'] / dl['seconden']:.1f}x DuckDB "
        "zonder start)"
    )
    for report in (*duck, *spark):
        for naam, fout in report["fouten"].items():
            print(f"  FOUT {report['engine']} {naam}: {fout[:300]}")
    d_fixed, d_per = line(duck[0], duck[1], "seconden")
    e_fixed, e_per = line(spark[0], spark[1], "export")
    q_fixed, q_per = line(spark[0], spark[1], "rekenen")
    print(f"  model, seconden = vast + kosten x mln rijen (gemeten op schaal {SCHALEN}):")
    print(f"    DuckDB 2 threads:    {d_fixed:5.1f} s + {d_per:6.2f} s/mln rijen")
    print(f"    Spark sessie-start:  {sl['start']:5.1f} s")
    print(f"    Spark export:        {e_fixed:5.1f} s + {e_per:6.2f} s/mln rijen")
    print(f"    Spark rekenen 2 k:   {q_fixed:5.1f} s + {q_per:6.2f} s/mln rijen")
    print("    kantelpunt en aannames: docs/spark.md")
    ok = dl["piek_mb"] < TARGET_MB and not any(r["fouten"] for r in (*duck, *spark))
    print(f"  DuckDB-piek {dl['piek_mb'] / TARGET_MB:.2f}x van {TARGET_MB} MB: {verdict(ok)}")
    return ok


# --- worker: one engine, run in a fresh process by ``measure`` ---------------------------------


def _worker(engine_name: str, path: str) -> dict[str, Any]:
    from benchmarks.build_speed import available
    from sto_monitor import db
    from sto_monitor.indicators.engines import DuckDBEngine, SparkEngine
    from sto_monitor.indicators.inputs import Engine
    from sto_monitor.indicators.run import compute

    export = [0.0]

    class TimedSpark(SparkEngine):
        """Adds up the time spent exporting warehouse tables to Parquet."""

        def table(self, name: str) -> Any:
            begin = time.perf_counter()
            result = super().table(name)
            export[0] += time.perf_counter() - begin
            return result

    con = db.connect(path, read_only=True)
    indicators = available(con)
    start = time.perf_counter()
    spark = engine_name == "spark"
    engine: Engine = TimedSpark(con, master=SPARK_MASTER) if spark else DuckDBEngine(con)
    started = time.perf_counter()
    fouten = {}
    for indicator in indicators:
        try:
            compute(indicator, con, engine=engine)
        except Exception as exc:  # reported by the benchmark; the others still run
            fouten[indicator.naam] = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "engine": engine_name,
        "indicatoren": len(indicators),
        "start": started - start,
        "seconden": seconds,
        "export": export[0],
        "rekenen": seconds - export[0],
        "fouten": fouten,
        "piek_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if isinstance(engine, SparkEngine):
        report["rijen"] = sum(
            con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in engine._loaded
        )
        report["tabellen"] = sorted(engine._loaded)
        report["jvm_piek_mb"] = _jvm_peak_mb(engine)
        engine.close()
    con.close()
    return report


def _jvm_peak_mb(engine: Any) -> float:
    """The Spark driver JVM's peak resident memory (Linux ``VmHWM``), 0 when unknown."""
    try:
        pid = engine.spark._jvm.java.lang.ProcessHandle.current().pid()
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, AttributeError):
        return 0.0
    for row in status.splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--werker"]:
        print(json.dumps(_worker(sys.argv[2], sys.argv[3])))
    else:
        sys.exit(0 if run() else 1)
