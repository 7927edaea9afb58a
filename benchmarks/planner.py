"""The optimiser: every region of the country under 2 minutes, each region under 5 s.

On the national demo warehouse of ``web_load`` (generated, six years, built; or ``--db``),
every region of the newest school year is read (``model.laad``) and optimised
(``optimaliseer``, MILP with HiGHS, default options), one after the other in this process.
Targets: all regions together (reading + solving) under 120 s, the slowest region under 5 s.
Beside them the greedy fallback on the same regions (score and time side by side), and a
synthetic worst case: 40 vestigingen, every technical profiel in every leerweg as a candidate
(``nieuw=True``: 600 candidates), which must also solve under 5 s.
"""

from __future__ import annotations

import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import verdict
from benchmarks.web_load import bouw_warehouse
from sto_monitor import db
from sto_monitor.indicators.afstand import KM_PER_GRAAD_BREEDTE
from sto_monitor.planner import model as mdl
from sto_monitor.planner.model import LEERWEGEN, TECHNIEK, Locatie, Regiomodel, Vraagpunt
from sto_monitor.planner.optimaliseer import optimaliseer

DOEL_ALLE = 120.0  # seconds for every region, reading included
DOEL_EEN = 5.0  # seconds for one region


@dataclass(frozen=True)
class Regio:
    code: str
    aanbod: int
    lezen: float
    milp: float
    greedy: float
    huidig: float
    score_milp: float
    score_greedy: float


def run(database: Path | None = None) -> bool:
    print("planner: optimaliseer elke regio (MILP, HiGHS) en het greedy alternatief")
    with tempfile.TemporaryDirectory(prefix="sto-bench-planner-") as tmp_name:
        if database is None:
            database, opbouw = bouw_warehouse(Path(tmp_name))
            print(f"  warehouse: {opbouw}")
        regios, jaar = meet(database)

    alle = sum(r.lezen + r.milp for r in regios)
    traagst = max(regios, key=lambda r: r.lezen + r.milp)
    een = traagst.lezen + traagst.milp
    ok_alle, ok_een = alle < DOEL_ALLE, een < DOEL_EEN
    print(
        f"  alle {len(regios)} regio's ({jaar}), lezen + MILP: {alle:6.1f} s  "
        f"(doel < {DOEL_ALLE:.0f} s, {alle / DOEL_ALLE:.2f}x het doel; lezen "
        f"{sum(r.lezen for r in regios):.1f} s, MILP {sum(r.milp for r in regios):.1f} s)  "
        f"{verdict(ok_alle)}"
    )
    print(
        f"  traagste regio {traagst.code} ({traagst.aanbod} aanbiedingen): {een:6.2f} s  "
        f"(doel < {DOEL_EEN:.0f} s, {een / DOEL_EEN:.2f}x het doel; MILP {traagst.milp:.2f} s)  "
        f"{verdict(ok_een)}"
    )
    slechter = [r for r in regios if r.score_greedy < r.score_milp - 1e-9]
    verschil = max((r.score_milp - r.score_greedy for r in regios), default=0.0)
    print(
        f"  score gemiddeld: nu {statistics.mean(r.huidig for r in regios):.2f} %, "
        f"MILP {statistics.mean(r.score_milp for r in regios):.2f} %, "
        f"greedy {statistics.mean(r.score_greedy for r in regios):.2f} %; greedy lager in "
        f"{len(slechter)} van {len(regios)} regio's (hoogstens {verschil:.2f} procentpunt)"
    )
    print(
        f"  tijd alle regio's: MILP {sum(r.milp for r in regios):.2f} s, "
        f"greedy {sum(r.greedy for r in regios):.2f} s"
    )
    for r in sorted(regios, key=lambda r: r.score_greedy - r.score_milp)[:5]:
        print(
            f"    {r.code:6} {r.aanbod:3} aanbiedingen  nu {r.huidig:6.2f}  "
            f"MILP {r.score_milp:6.2f} ({r.milp:.2f} s)  "
            f"greedy {r.score_greedy:6.2f} ({r.greedy:.2f} s)"
        )

    ok_groot = True
    for seed in (1, 2):
        groot = kunstmatige_regio(seed)
        v = optimaliseer(groot, nieuw=True)
        g = optimaliseer(groot, nieuw=True, methode="greedy")
        ok = v.seconden < DOEL_EEN and v.status == "optimaal"
        ok_groot &= ok
        kandidaten = len(groot.eigen) * len(TECHNIEK) * len(LEERWEGEN)
        print(
            f"  kunstmatige regio {seed}: 40 vestigingen, {len(groot.aanbod)} aanbiedingen, "
            f"{kandidaten} kandidaten (--nieuw): MILP {v.seconden:.2f} s "
            f"({v.seconden / DOEL_EEN:.2f}x het doel, score {v.voorstel.score:.2f} %), "
            f"greedy {g.seconden:.2f} s (score {g.voorstel.score:.2f} %)  {verdict(ok)}"
        )
    return ok_alle and ok_een and ok_groot


def meet(database: Path) -> tuple[list[Regio], int]:
    con = db.connect(database, read_only=True)
    try:
        jaar = max(
            j for (j,) in con.execute("SELECT DISTINCT schooljaar FROM leerlingen").fetchall()
        )
        codes = [
            r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
        ]
        uit = []
        for code in codes:
            start = time.perf_counter()
            model = mdl.laad(con, code, jaar)
            lezen = time.perf_counter() - start
            v = optimaliseer(model)
            g = optimaliseer(model, methode="greedy")
            assert v.voorstel.haalbaar and g.voorstel.haalbaar, code
            uit.append(
                Regio(
                    code,
                    len(model.aanbod),
                    lezen,
                    v.seconden,
                    g.seconden,
                    v.huidig.score,
                    v.voorstel.score,
                    g.voorstel.score,
                )
            )
    finally:
        con.close()
    return uit, int(jaar)


def kunstmatige_regio(seed: int, vestigingen: int = 40, straal_km: float = 25.0) -> Regiomodel:
    """A dense region: 40 schools in a 50 x 50 km square, 70 % of the 15 offers each, many
    below the minimum group; 300 home PC4s; 20 schools with offers around it."""
    rnd = random.Random(seed)
    km_lengte = KM_PER_GRAAD_BREEDTE * math.cos(math.radians(52.0))

    def plek(x: float, y: float) -> tuple[float, float]:
        return 52.0 + y / KM_PER_GRAAD_BREEDTE, 5.0 + x / km_lengte

    def willekeurig_plek(r: float) -> tuple[float, float]:
        return plek(rnd.uniform(-r, r), rnd.uniform(-r, r))

    eigen = [f"{k:02d}AA{k:02d}" for k in range(vestigingen)]
    locaties = {c: Locatie(c, c, *willekeurig_plek(straal_km), "RX") for c in eigen}
    buiten: set[tuple[str, str, str]] = set()
    for k in range(20):
        code = f"{k:02d}ZZ00"
        hoek, afstand = rnd.uniform(0, 2 * math.pi), straal_km + rnd.uniform(5, 20)
        locaties[code] = Locatie(
            code, code, *plek(afstand * math.cos(hoek), afstand * math.sin(hoek)), None
        )
        buiten |= {(code, p, lw) for p in TECHNIEK for lw in LEERWEGEN if rnd.random() < 0.3}
    groottes = (2.5, 3, 4, 5, 6, 8, 9, 10, 12, 14, 18, 25, 30)
    aanbod = {
        (c, p, lw): float(rnd.choice(groottes))
        for c in eigen
        for p in TECHNIEK
        for lw in LEERWEGEN
        if rnd.random() < 0.7
    }
    vraag = tuple(
        Vraagpunt(
            str(1000 + k),
            rnd.choice(LEERWEGEN),
            *willekeurig_plek(straal_km),
            rnd.choice((1.0, 2.5, 3.0, 5.0, 8.0, 12.0)),
        )
        for k in range(300)
    )
    return Regiomodel(
        regio="RX",
        naam="kunstmatig",
        schooljaar=2024,
        methode=mdl.LEERLING_PC4,
        locaties=locaties,
        eigen=tuple(eigen),
        aanbod=dict(sorted(aanbod.items())),
        buiten=frozenset(buiten),
        vraag=vraag,
        leerwegen={c: frozenset(LEERWEGEN) for c in eigen},
    )


if __name__ == "__main__":
    import sys

    sys.exit(0 if run(Path(sys.argv[1]) if len(sys.argv) > 1 else None) else 1)
