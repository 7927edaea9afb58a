"""Run every benchmark: ``python -m benchmarks [--groot]``. Exit 1 when a target is missed."""

from __future__ import annotations

import sys

from benchmarks import build_speed, generate_memory, ingest_speed, large_file, spark_scale


def main(argv: list[str]) -> int:
    results = [ingest_speed.run(), generate_memory.run(), build_speed.run()]
    if "--groot" in argv:
        results.append(large_file.run())
        results.append(spark_scale.run())
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
