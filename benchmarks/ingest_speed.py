"""Ingest and screening of the leerlingen files + addresses versus DuckDB's bare scan of them.

``sto ingest`` (checks and load) must stay within 3x a bare ``read_csv`` scan of the same files,
``sto controleer`` (the same checks, nothing kept) within 2x; all three measured in one run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from benchmarks.common import REAL, median_seconds, verdict
from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.ingest.controleer import screening_connection
from sto_monitor.ingest.runner import ingest_paths
from sto_monitor.ingest.source import SourceFile

TARGET_RATIO = 3.0
TARGET_RATIO_CONTROLEER = 2.0


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


def screen_all(files: list[Path], tmp: Path) -> None:
    """``sto controleer`` against an empty warehouse, as the command does it."""
    target = tmp / "controle.duckdb"
    target.unlink(missing_ok=True)
    with screening_connection(target) as (con, _notes):
        outcomes = ingest_paths(con, files, dry_run=True)
    assert not any(o.failed for o in outcomes), [o.error for o in outcomes]


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        files = input_files(tmp)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        scan = median_seconds(lambda: bare_scan(files), repeat=5)
        ingest = median_seconds(lambda: ingest_all(files, tmp), repeat=5)
        screen = median_seconds(lambda: screen_all(files, tmp), repeat=5)
    ratio = ingest / scan
    ratio_screen = screen / scan
    print(f"ingest_speed: {len(files)} bestanden, {size_mb:.1f} MB")
    print(f"  DuckDB read_csv (alleen scannen): {scan:6.3f} s")
    print(f"  sto ingest (controle + laden):    {ingest:6.3f} s")
    print(f"  sto controleer (alleen controle): {screen:6.3f} s")
    print(f"  ingest {ratio:.2f}x (doel <= {TARGET_RATIO}x): {verdict(ratio <= TARGET_RATIO)}")
    ok_screen = ratio_screen <= TARGET_RATIO_CONTROLEER
    print(
        f"  controleer {ratio_screen:.2f}x (doel <= {TARGET_RATIO_CONTROLEER}x): "
        f"{verdict(ok_screen)}"
    )
    return ratio <= TARGET_RATIO and ok_screen
