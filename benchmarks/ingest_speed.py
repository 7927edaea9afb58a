"""Ingest of the leerlingen files + addresses versus DuckDB's bare read_csv scan of them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from benchmarks.common import REAL, median_seconds, verdict
from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.ingest.runner import ingest_paths
from sto_monitor.ingest.source import SourceFile

TARGET_RATIO = 3.0


def input_files(tmp: Path) -> list[Path]:
    if REAL.is_dir():
        return [
            *sorted((REAL / "leerlingen_vo").glob("*.csv")),
            REAL / "vestigingen_vo" / "alle-vestigingen-vo.csv",
        ]
    files = generate(tmp / "gen", jaren=[2019, 2020])
    return [f for f in files if "leerlingen" in f.name or "alle-vestigingen" in f.name]


def bare_scan(files: list[Path]) -> None:
    con = duckdb.connect()
    for path in files:
        source = SourceFile.open(path)
        con.execute(
            f"SELECT * FROM read_csv('{path}', delim=';', header=true, all_varchar=true, "
            f"encoding='{source.encoding}')"
        ).fetchall()
    con.close()


def ingest_all(files: list[Path], tmp: Path) -> None:
    target = tmp / "bench.duckdb"
    target.unlink(missing_ok=True)
    con = db.connect(target)
    outcomes = ingest_paths(con, files)
    con.close()
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        files = input_files(tmp)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        scan = median_seconds(lambda: bare_scan(files), repeat=5)
        ingest = median_seconds(lambda: ingest_all(files, tmp), repeat=5)
    ratio = ingest / scan
    print(f"ingest_speed: {len(files)} bestanden, {size_mb:.1f} MB")
    print(f"  DuckDB read_csv (alleen scannen): {scan:6.3f} s")
    print(f"  sto ingest (controle + laden):    {ingest:6.3f} s")
    print(f"  verhouding {ratio:.2f}x (doel <= {TARGET_RATIO}x): {verdict(ratio <= TARGET_RATIO)}")
    return ratio <= TARGET_RATIO
