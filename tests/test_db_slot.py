"""A command waits a moment for a warehouse another process holds (the dashboard reloading).

A real second process opens the file read-only and holds it for a second; writing then waits
for the lock instead of failing at once, and fails clearly when asked not to wait.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import WarehouseError

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("vast", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "vast"
    return process


def test_writer_waits_for_a_reader(db_path: Path) -> None:
    db.connect(db_path).close()
    process = _hold(db_path, 1.0)
    try:
        with pytest.raises(WarehouseError, match="niet openen"):
            db.connect(db_path, wait=False)
        start = time.monotonic()
        con = db.connect(db_path)  # waits until the reader lets go
        con.execute("CREATE TABLE geschreven AS SELECT 1 AS x")
        con.close()
        assert time.monotonic() - start < db.LOCK_WAIT
    finally:
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
