"""Peak memory of `sto generate --schaal 10` and of ingesting its output."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import run_measured, verdict

TARGET_MB = 2048


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        out = tmp / "schaal10"
        gen_s, gen_mb = run_measured(["generate", "--out", str(out), "--schaal", "10"])
        size_mb = sum(f.stat().st_size for f in out.iterdir()) / 1e6
        ing_s, ing_mb = run_measured(["ingest", str(out), "--db", str(tmp / "s10.duckdb")])
    print(f"generate_memory: schaal 10, 2019-2024, {size_mb:.0f} MB aan bestanden")
    print(f"  sto generate: {gen_s:6.1f} s, piekgeheugen {gen_mb:6.0f} MB")
    print(f"  sto ingest:   {ing_s:6.1f} s, piekgeheugen {ing_mb:6.0f} MB")
    ok = max(gen_mb, ing_mb) < TARGET_MB
    print(f"  piek {max(gen_mb, ing_mb) / TARGET_MB:.2f}x van {TARGET_MB} MB: {verdict(ok)}")
    return ok
