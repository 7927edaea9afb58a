"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real"


def median_seconds(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_measured(args: list[str]) -> tuple[float, float]:
    """Run ``python -m sto_monitor ARGS`` in a fresh process; return (seconds, peak MB)."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "code = subprocess.run(sys.argv[1:]).returncode; "
        "elapsed = time.perf_counter() - start; "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024; "
        "print(f'{elapsed} {peak}'); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "sto_monitor", *args, "--quiet"],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = result.stdout.split()[-2:]
    return float(seconds), float(peak)


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict(ok: bool) -> str:
    return "OK" if ok else "TE LANGZAAM/TE GROOT"
