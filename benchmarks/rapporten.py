"""Reports: one regioportret under 5 s, all 78 demo regions (HTML + PDF) under 2 minutes.

On the national 6-year demo warehouse of ``web_load`` (generated, real gemeente boundaries when
../shared is present, built), each measured as a whole ``sto rapport`` command in a fresh
process, so the times include starting Python and publishing the snapshot. Side by side: eight
regions with one worker process and with one per core, to show what the parallelism buys.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import verdict
from benchmarks.web_load import bouw_warehouse, sto

DOEL_EEN = 5.0  # seconds for one region
DOEL_ALLE = 120.0  # seconds for every region
DATUM = "2026-11-23"


def run(database: Path | None = None) -> bool:
    print("rapporten: regioportretten als HTML en PDF")
    with tempfile.TemporaryDirectory(prefix="sto-bench-rapporten-") as tmp_name:
        tmp = Path(tmp_name)
        if database is None:
            database, opbouw = bouw_warehouse(tmp)
            print(f"  warehouse: {opbouw}")
        codes = regiocodes(database)
        uit = tmp / "uit"

        een = sto(
            "rapport",
            "regio",
            codes[0],
            "--uit",
            str(uit / "een"),
            "--datum",
            DATUM,
            "--db",
            str(database),
        )
        start = time.perf_counter()
        sto(
            "rapport",
            "regio",
            "--alle",
            "--uit",
            str(uit / "alle"),
            "--datum",
            DATUM,
            "--db",
            str(database),
        )
        alle = time.perf_counter() - start
        bestanden = sorted((uit / "alle").iterdir())
        assert len(bestanden) == 2 * len(codes), (len(bestanden), len(codes))

        kernen = os.cpu_count() or 1
        acht = codes[:8]
        serieel = sto(
            "rapport",
            "regio",
            *acht,
            "--processen",
            "1",
            "--uit",
            str(uit / "s"),
            "--datum",
            DATUM,
            "--db",
            str(database),
        )
        parallel = sto(
            "rapport",
            "regio",
            *acht,
            "--processen",
            str(kernen),
            "--uit",
            str(uit / "p"),
            "--datum",
            DATUM,
            "--db",
            str(database),
        )
        megabytes = sum(p.stat().st_size for p in bestanden) / 1e6

    ok_een, ok_alle = een < DOEL_EEN, alle < DOEL_ALLE
    print(
        f"  een regio ({codes[0]}), hele commando:  {een:6.1f} s  "
        f"(doel < {DOEL_EEN:.0f} s, {een / DOEL_EEN:.2f}x het doel)  {verdict(ok_een)}"
    )
    print(
        f"  alle {len(codes)} regio's, HTML + PDF:   {alle:6.1f} s  "
        f"(doel < {DOEL_ALLE:.0f} s, {alle / DOEL_ALLE:.2f}x het doel; "
        f"{alle / len(codes):.2f} s per regio; {megabytes:.1f} MB)  {verdict(ok_alle)}"
    )
    print(
        f"  8 regio's: 1 proces {serieel:.1f} s, {kernen} processen {parallel:.1f} s "
        f"(versnelling {serieel / parallel:.2f}x op {kernen} kernen)"
    )
    return ok_een and ok_alle


def regiocodes(database: Path) -> list[str]:
    from sto_monitor import db

    con = db.connect(database, read_only=True)
    try:
        return [r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()]
    finally:
        con.close()
