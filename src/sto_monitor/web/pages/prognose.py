"""The forecast of a region's derdejaars, on the workspace (issue 17): ``/regio/{regio}/prognose``.

For the people of the region (``REGIO_INTERN``): the forecast of ``planner.prognose`` for the
coming :data:`JAREN` school years per profiel x leerweg and per offer (vestiging x profiel x
leerweg) with the calibrated 80 % intervals; offers that will fall under the region's
ondergrens (``planner/ondergrens.py``) in red, those that might (the interval reaches under
it) in yellow; what the ondergrens is and whether the region set it; and how often the
intervals held in the rolling back-test on the region's own loaded years.

Numbers come from the published snapshot (``Snapshot.prognosereeksen``: the history the
forecast starts from, read when the snapshot was loaded), so a request never opens the
warehouse. A computed forecast is kept per (regio, snapshot version, ondergrens). Counts of 1
to 4 are ``<5``, as everywhere. A private page: ``GEEN_OPSLAG``, never in the page cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from sto_monitor import domain
from sto_monitor.accounts.beleid import ROL_NAAM, Recht
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import NotSignedInError
from sto_monitor.planner import ondergrens
from sto_monitor.planner.prognose import ALLE, TECHNIEK, TOTAAL, AanbodRij, Prognose, bereken
from sto_monitor.planner.prognose.data import Reeks
from sto_monitor.planner.prognose.kalibratie import Dekking, dekking, missers
from sto_monitor.planner.prognose.uitvoer import profielnaam, toon_rij, verborgen
from sto_monitor.publicatie.prognose import aantal
from sto_monitor.publicatie.taal import schooljaar
from sto_monitor.web.render import html, snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, app_db, csrf_token, toegang

router = APIRouter(include_in_schema=False)

Regiocode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
JAREN = 5  # school years ahead
LEERWEGEN = {"bb": "basis", "kb": "kader", "gl": "gemengd", ALLE: "samen"}
BRON = {
    "leerjaar 2": "uit de tweedejaars",
    "leerjaar 1": "uit de eerstejaars",
    "trend": "trend",
}


@dataclass(frozen=True)
class Uitkomst:
    """What the page shows of one region, at one snapshot and ondergrens."""

    prognose: Prognose
    dekking: Dekking  # the rolling back-test on the region's own loaded years


# Computed forecasts per (regio, snapshot version, ondergrens), least recently used dropped.
MAX_BEWAARD = 500
_bewaard: OrderedDict[tuple[str, str, int], Uitkomst] = OrderedDict()
_lock = threading.Lock()


def uitkomst(reeks: Reeks, min_groep: int) -> Uitkomst:
    """The forecast of one region with the back-test of its own loaded years."""
    p = bereken(reeks, jaren=JAREN, min_groep=min_groep)
    return Uitkomst(p, dekking(missers([reeks])).get("alle", Dekking()))


def _bewaar(sleutel: tuple[str, str, int], reeks: Reeks) -> Uitkomst:
    with _lock:
        gevonden = _bewaard.get(sleutel)
        if gevonden is not None:
            _bewaard.move_to_end(sleutel)
            return gevonden
    nieuw = uitkomst(reeks, sleutel[2])
    with _lock:
        _bewaard[sleutel] = nieuw
        while len(_bewaard) > MAX_BEWAARD:
            _bewaard.popitem(last=False)
    return nieuw


def _ondergrens(database: AppDatabase, regio: str) -> tuple[int, bool]:
    return ondergrens.lees(database, regio), ondergrens.is_eigen(database, regio)


@router.get("/regio/{regio}/prognose", dependencies=[toegang(Recht.REGIO_INTERN)])
async def prognose_pagina(request: Request, regio: Regiocode) -> Response:
    wie = actor(request)
    if wie is None:  # the route's toegang() already refused; for the type checker
        raise NotSignedInError("Log in om deze pagina te gebruiken.")
    snap = snapshot(request)
    r = snap.regio(regio)  # unknown: 404
    grens, eigen = await run_in_threadpool(_ondergrens, app_db(request), r.code)
    reeks = snap.prognosereeksen.get(r.code)
    uit = None
    if reeks is not None and reeks.jaren:
        uit = await run_in_threadpool(_bewaar, (r.code, snap.versie, grens), reeks)
    tekst = html(
        request,
        "prognose.html",
        snapshot=snap,
        csrf=csrf_token(request),
        ik=wie,
        rol_naam=ROL_NAAM.get(wie.rol, wie.rol.value),
        regio=r,
        ondergrens=grens,
        eigen_ondergrens=eigen,
        standaard=ondergrens.STANDAARD,
        **(weergave(uit.prognose, uit.dekking) if uit is not None else {"p": None}),
    )
    return HTMLResponse(tekst, headers=GEEN_OPSLAG)


# ---------------------------------------------------------------- what the template shows


def weergave(p: Prognose, bt: Dekking) -> dict[str, Any]:
    """The tables and sentences of the page, as text (``<5`` for 1-4, ``x`` hidden)."""
    m = p.methode
    weg = verborgen(p)
    jaren = [j for j, _ in m.per_jaar]

    def cel(rij: Any) -> dict[str, str]:
        if rij.waargenomen:
            return {"aantal": _getal(toon_rij(rij, weg)), "interval": "", "klasse": ""}
        klasse = "onder" if getattr(rij, "onder_minimum", False) else ""
        if not klasse and getattr(rij, "mogelijk_onder_minimum", False):
            klasse = "mogelijk"
        return {
            "aantal": aantal(rij.punt),
            "interval": f"{aantal(rij.laag)}\u2013{aantal(rij.hoog)}",
            "klasse": klasse,
        }

    groepen = []
    for profiel in [*domain.TECHNIEK_PROFIELEN, TECHNIEK, TOTAAL]:
        rijen = []
        for leerweg in ("bb", "kb", "gl", ALLE):
            per_jaar = {r.schooljaar: r for r in p.reeks(profiel, leerweg)}
            if m.basisjaar not in per_jaar or not any(r.punt > 0 for r in per_jaar.values()):
                continue
            rijen.append(
                {
                    "leerweg": LEERWEGEN[leerweg],
                    "som": leerweg == ALLE,
                    "cellen": [cel(per_jaar[j]) for j in [m.basisjaar, *jaren]],
                }
            )
        if rijen:
            groepen.append({"naam": _naam(profiel), "rijen": rijen})

    per_aanbod: dict[tuple[str, str, str], list[AanbodRij]] = {}
    for a in p.aanbod:
        if a.profiel in domain.TECHNIEK_PROFIELEN:
            per_aanbod.setdefault((a.vestiging, a.profiel, a.leerweg), []).append(a)
    vestigingen: dict[str, dict[str, Any]] = {}
    for (vestiging, profiel, leerweg), rijen_a in sorted(per_aanbod.items()):
        van_aanbod = {a.schooljaar: a for a in rijen_a}
        voorspeld = [van_aanbod[j] for j in jaren if j in van_aanbod]
        onder = [a for a in voorspeld if a.onder_minimum]
        mogelijk = [a for a in voorspeld if a.mogelijk_onder_minimum]
        signaal = (
            f"onder vanaf {schooljaar(onder[0].schooljaar)}"
            if onder
            else f"mogelijk onder vanaf {schooljaar(mogelijk[0].schooljaar)}"
            if mogelijk
            else ""
        )
        naam = rijen_a[0].vestigingsnaam or vestiging
        groep = vestigingen.setdefault(vestiging, {"code": vestiging, "naam": naam, "rijen": []})
        groep["rijen"].append(
            {
                "profiel": profiel,
                "profielnaam": profielnaam(profiel),
                "leerweg": LEERWEGEN[leerweg],
                "cellen": [cel(van_aanbod[j]) for j in [m.basisjaar, *jaren] if j in van_aanbod],
                "signaal": signaal,
                "klasse": "onder" if onder else "mogelijk" if mogelijk else "",
            }
        )
    aanbod = [r for v in vestigingen.values() for r in v["rijen"]]
    return {
        "p": p,
        "basisjaar": m.basisjaar,
        "jaren": [(j, BRON.get(bron, bron)) for j, bron in m.per_jaar],
        "groepen": groepen,
        "vestigingen": list(vestigingen.values()),
        "aanbod": aanbod,
        "onder": sum(1 for a in aanbod if a["klasse"] == "onder"),
        "mogelijk": sum(1 for a in aanbod if a["klasse"] == "mogelijk"),
        "methode": m.beschrijving(),
        "backtest": bt,
        "backtest_pct": None if bt.pct is None else round(bt.pct),
    }


def _naam(profiel: str) -> str:
    if profiel == TECHNIEK:
        return "Techniek samen (de vijf technische profielen)"
    if profiel == TOTAAL:
        return "Alle derdejaars (basis, kader, gemengd)"
    return f"{profielnaam(profiel)} ({profiel})"


def _getal(tekst: str) -> str:
    return aantal(float(tekst)) if tekst.isdigit() else tekst
