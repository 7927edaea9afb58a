"""Run the benchmarks: ``python -m benchmarks [NAAM ...] [--groot] [--snel | --duur S]``.

Without names every regular benchmark runs (``--groot`` adds the large ones); with names only
those. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    afscherming,
    build_speed,
    generate_memory,
    ingelogd,
    ingest_speed,
    kennisbank,
    large_file,
    plannen_web,
    planner,
    rapporten,
    regiodocument,
    spark_scale,
    stagebank,
    subsidie,
    web_load,
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("namen", nargs="*", metavar="NAAM", help="alleen deze benchmarks")
    parser.add_argument("--groot", action="store_true", help="ook large_file en spark_scale")
    parser.add_argument(
        "--snel",
        action="store_true",
        help=f"web_load, ingelogd, subsidie: {web_load.DUUR_SNEL} s per doel; "
        "plannen_web: 8 regio's",
    )
    parser.add_argument(
        "--duur",
        type=int,
        metavar="S",
        help=f"web_load: seconden per doel (standaard {web_load.DUUR})",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PAD",
        help="web_load, ingelogd, rapporten, regiodocument, planner, plannen_web, subsidie: een "
        "bestaande, gebouwde database",
    )
    args = parser.parse_args(argv)
    duur = args.duur or (web_load.DUUR_SNEL if args.snel else web_load.DUUR)

    regular: dict[str, Callable[[], bool]] = {
        "ingest_speed": ingest_speed.run,
        "generate_memory": generate_memory.run,
        "build_speed": build_speed.run,
        "web_load": lambda: web_load.run(duur=duur, database=args.db),
        "ingelogd": lambda: ingelogd.run(duur=duur, database=args.db),
        "rapporten": lambda: rapporten.run(database=args.db),
        "regiodocument": lambda: regiodocument.run(database=args.db),
        "planner": lambda: planner.run(database=args.db),
        "plannen_web": lambda: plannen_web.run(database=args.db, snel=args.snel),
        "afscherming": afscherming.run,
        "subsidie": lambda: subsidie.run(duur=duur, database=args.db),
        # --snel: a smaller collection for a quick look; the targets hold at the full size
        "kennisbank": lambda: kennisbank.run(20_000, 200) if args.snel else kennisbank.run(),
        "stagebank": lambda: stagebank.run(10_000, 200) if args.snel else stagebank.run(),
    }
    groot: dict[str, Callable[[], bool]] = {
        "large_file": large_file.run,
        "spark_scale": spark_scale.run,
    }
    every = {**regular, **groot}
    unknown = [n for n in args.namen if n not in every]
    if unknown:
        parser.error(f"onbekende benchmark {', '.join(unknown)}; kies uit {', '.join(every)}")
    if args.namen:
        chosen = [every[n] for n in args.namen]
    else:
        chosen = [*regular.values(), *(groot.values() if args.groot else ())]
    results = [benchmark() for benchmark in chosen]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
