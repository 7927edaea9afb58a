"""A 2 GB leerlingen file is streamed: peak memory stays bounded."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.common import run_measured, verdict
from sto_monitor.generate import generate

TARGET_MB = 2048
SIZE_BYTES = 2_000_000_000


def write_large(tmp: Path) -> Path:
    """Repeat a generated national file under new BRIN codes until it is 2 GB."""
    [source] = [f for f in generate(tmp / "gen", jaren=[2019]) if "leerlingen" in f.name]
    header, *body = source.read_text(encoding="latin-1").splitlines()
    letters = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    target = tmp / "leerlingen-vo-per-vestiging-naar-onderwijstype-2030.csv"
    written, copy = 0, 0
    with target.open("w", encoding="latin-1") as out:
        out.write(header + "\n")
        while written < SIZE_BYTES:
            brin = f"{copy % 100:02d}{letters[(copy // 100) % 676]}"
            chunk = "\n".join(brin + line[4:] for line in body) + "\n"
            out.write(chunk)
            written += len(chunk)
            copy += 1
    return target


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        path = write_large(tmp)
        start = time.perf_counter()
        scan = duckdb.connect()
        scan.execute("SET enable_progress_bar = false")
        scan.sql(
            f"SELECT count(*), max(columns(*)) FROM read_csv('{path}', delim=';', "
            "all_varchar=true, encoding='latin-1')"
        ).fetchall()
        scan_s = time.perf_counter() - start
        seconds, peak_mb = run_measured(["ingest", str(path), "--db", str(tmp / "big.duckdb")])
    print(
        f"large_file: {path.stat().st_size / 1e9 if path.exists() else 2:.1f} GB leerlingenbestand"
    )
    print(f"  DuckDB read_csv scan: {scan_s:6.1f} s")
    print(
        f"  sto ingest:           {seconds:6.1f} s ({seconds / scan_s:.1f}x), "
        f"piekgeheugen {peak_mb:.0f} MB"
    )
    ok = peak_mb < TARGET_MB
    print(f"  piek {peak_mb / TARGET_MB:.2f}x van {TARGET_MB} MB: {verdict(ok)}")
    return ok
