"""Publishing with one disclosure pattern across all linked tables, and its audit.

Target: publishing the six-year national demo (every indicator computed or read from its build,
the linked suppression of every confidential source, and the audit that solves the outsider's
linear program for every afgeschermd cell) takes under 10 s. Printed beside it, measured in the
same run: the per-table rule of method 2026.1 (``openbaarheid.beveilig`` on the same computed
tables), as a ratio; and how the time grows from ``--schaal 1`` to ``--schaal 10`` (two years).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.build_speed import side_by_side
from benchmarks.common import verdict
from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.indicators import build as build_module
from sto_monitor.indicators.openbaarheid import beveilig
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.ingest.runner import ingest_paths
from sto_monitor.publicatie.publiceren import publiceer

TARGET_SECONDS = 10.0
JAREN = range(2019, 2025)
SCHALEN = (1.0, 3.0, 10.0)
JAREN_SCHAAL = range(2023, 2025)


def _warehouse(tmp: Path, schaal: float, jaren: range) -> Path:
    naam = f"{schaal:g}x{len(jaren)}"
    files = generate(tmp / f"gen-{naam}", schaal=schaal, jaren=jaren, layout="2023")
    pad = tmp / f"bench-{naam}.duckdb"
    con = db.connect(pad)
    outcomes = ingest_paths(con, files)
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
    build_module.build(con)
    con.close()
    return pad


def _publiceer(pad: Path) -> tuple[float, int, int]:
    con = db.connect(pad, read_only=True)
    try:
        start = time.perf_counter()
        controle = publiceer(con).publicatie.controle
        return time.perf_counter() - start, controle.primair, controle.secundair
    finally:
        con.close()


def run() -> bool:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        pad = _warehouse(tmp, 1.0, JAREN)
        con = db.connect(pad, read_only=True)
        tabellen = {
            i.naam: t
            for i in INDICATORS
            if (t := build_module.opgeslagen(con, i, "sto")) is not None
        }

        def oud() -> None:
            for naam, tabel in tabellen.items():
                beveilig(tabel, BY_NAME[naam].openbaarheid)

        seconds = side_by_side({"oud": oud, "nieuw": lambda: publiceer(con)})
        controle = publiceer(con).publicatie.controle
        con.close()
        groei = []
        for schaal in SCHALEN:
            groei_pad = _warehouse(tmp, schaal, JAREN_SCHAAL)
            groei.append((schaal, *_publiceer(groei_pad)))
    nieuw, oud_s = seconds["nieuw"], seconds["oud"]
    ok = nieuw <= TARGET_SECONDS
    print(f"afscherming: zes landelijke jaren {min(JAREN)}-{max(JAREN)} (schaal 1, layout 2023)")
    print(f"  per tabel (methode 2026.1, beveilig):       {oud_s:6.2f} s")
    print(
        f"  publiceren + gekoppelde afscherming + controle: {nieuw:6.2f} s "
        f"({nieuw / oud_s:.1f}x per tabel; doel <= {TARGET_SECONDS:.0f} s)"
    )
    print(f"  afgeschermd: {controle.primair} primair, {controle.secundair} secundair")
    print(f"  groei ({min(JAREN_SCHAAL)}-{max(JAREN_SCHAAL)}):")
    eerste = groei[0][1]
    for schaal, sec, primair, secundair in groei:
        print(
            f"    schaal {schaal:4.0f}: {sec:6.2f} s ({sec / eerste:.1f}x schaal 1), "
            f"{primair} primair, {secundair} secundair"
        )
    print(f"  {verdict(ok)}")
    return ok
