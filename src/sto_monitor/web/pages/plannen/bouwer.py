"""The scenario builder: ``GET /regio/{regio}/plannen`` and its JSON twin for the script.

A click on the map (or in the table) opens a vestiging's actions (``kies``); a form adds a
change (``actie``); a link removes one. Without JavaScript each is a GET of the page with the
state in the query string (``staat.py``), and a change is added by a 303 to the page's own
address with one ``w`` more. ``plannen.js`` posts the very same fields to
``POST /regio/{regio}/plannen/doorrekenen`` (CSRF in the field ``csrf``) and gets the page's
three parts back, rendered by the same templates, plus the numbers as ``sto scenario toon
--formaat json`` writes them. Both routes need ``PLANNEN`` on the regio: only the region
itself plans. Private pages: ``GEEN_OPSLAG``.
"""

from __future__ import annotations

import time
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner import opslag
from sto_monitor.planner.scenario import Uitkomst, Wijziging
from sto_monitor.planner.uitvoer import uitkomst_json
from sto_monitor.web.pages.plannen import rekenen, staat, weergave
from sto_monitor.web.pages.plannen.cijfers import Kolom, procent, wijziging_tekst
from sto_monitor.web.pages.plannen.rekenen import Geladen
from sto_monitor.web.render import html
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, app_db, csrf_token, toegang

router = APIRouter(include_in_schema=False)

Regiocode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
DELEN = ("plan-kaart", "plan-cijfers", "plan-wijzigingen")


def pad(regio: str) -> str:
    return f"/regio/{regio}/plannen"


class Bouw:
    """One request's state of the builder, applied and evaluated."""

    def __init__(self, geladen: Geladen, plan: staat.Plan) -> None:
        self.geladen = geladen
        self.plan = plan
        self.uitkomst: Uitkomst = geladen.vandaag
        self.melding: str | None = None
        self.fout = False
        self.toegevoegd = False
        self.kolommen: list[Kolom] = []
        self.bewaard: list[opslag.Bewaard] = []

    def pas_toe(self, nieuw: Wijziging | None) -> None:
        """Evaluate the plan, after adding ``nieuw`` when given and possible. A change that
        cannot be made is refused with the reason; of a hand-made address whose changes do not
        apply, the changes that do are kept."""
        g, plan = self.geladen, self.plan
        if nieuw is not None:
            poging = plan.met(wijzigingen=(*plan.wijzigingen, nieuw), kies=None)
            try:
                self.uitkomst = rekenen.doorreken(
                    g, rekenen.scenario_van(g, poging.wijzigingen, poging.max_km)
                )
                self.plan, self.toegevoegd = poging, True
                self.melding = (
                    f"Toegevoegd: {wijziging_tekst(g.model, nieuw)}. Bereik vandaag "
                    f"{procent(g.vandaag.score)}, in dit scenario {procent(self.uitkomst.score)}."
                )
                return
            except (ParameterError, NotFoundError) as exc:
                self.melding, self.fout = f"Die wijziging kan niet: {exc}", True
        for aantal in range(len(plan.wijzigingen), -1, -1):
            try:
                deel = plan.wijzigingen[:aantal]
                self.uitkomst = rekenen.doorreken(g, rekenen.scenario_van(g, deel, plan.max_km))
            except (ParameterError, NotFoundError) as exc:
                if not self.fout:
                    self.melding, self.fout = f"Niet alle wijzigingen konden: {exc}", True
                continue
            self.plan = plan.met(wijzigingen=deel)
            return


async def bouw(request: Request, regio: str, velden: staat.Velden) -> Bouw:
    """The builder for ``velden`` (query string or posted form), evaluated in a worker
    thread, with the saved scenarios chosen for comparison."""
    geladen = await rekenen.regiomodel(request, regio)
    plan, nieuw = staat.uit_velden(velden, geladen.model)
    b = Bouw(geladen, plan)
    wie = actor(request)
    database = app_db(request)

    def reken() -> None:
        b.pas_toe(nieuw)
        bewaard = [
            s
            for s in opslag.zichtbaar(database, wie, geladen.model.regio)
            if s.scenario.schooljaar == geladen.model.schooljaar
        ]
        b.kolommen = weergave.kolommen(b.geladen, b.plan, b.uitkomst, bewaard)
        b.bewaard = bewaard

    await run_in_threadpool(reken)
    return b


def _context(request: Request, b: Bouw) -> dict[str, Any]:
    return weergave.context(
        b.geladen,
        b.plan,
        b.uitkomst,
        b.kolommen,
        b.bewaard,
        pad=pad(b.geladen.model.regio),
        csrf=csrf_token(request),
    )


def pagina(request: Request, b: Bouw, *, status: int | None = None, **extra: Any) -> Response:
    """The builder page for ``b`` (``extra``: what the save form had, after a refusal)."""
    tekst = html(
        request,
        "plannen_bouwer.html",
        snapshot=b.geladen.snap,
        melding=b.melding,
        fout=b.fout,
        **_context(request, b),
        **extra,
    )
    code = status if status is not None else 400 if b.fout else 200
    return HTMLResponse(tekst, status_code=code, headers=GEEN_OPSLAG)


@router.get("/regio/{regio}/plannen", dependencies=[toegang(Recht.PLANNEN)])
async def bouwer(request: Request, regio: Regiocode) -> Response:
    b = await bouw(request, regio, request.query_params.multi_items())
    if b.toegevoegd:  # the added change is in the address now: a reload adds nothing
        return RedirectResponse(
            f"{pad(b.geladen.model.regio)}?{b.plan.query()}#plan-status",
            status_code=303,
            headers=GEEN_OPSLAG,
        )
    return pagina(request, b)


@router.post("/regio/{regio}/plannen/doorrekenen", dependencies=[toegang(Recht.PLANNEN)])
async def doorrekenen(request: Request, regio: Regiocode) -> Response:
    """The builder's parts for ``plannen.js``: the same fields as the page, posted."""
    start = time.perf_counter()
    body = (await request.body()).decode("utf-8", errors="replace")
    velden = [(k, v) for k, v in parse_qsl(body, keep_blank_values=True) if k != "csrf"]
    try:
        b = await bouw(request, regio, velden)
    except ParameterError as exc:
        return JSONResponse({"fout": str(exc)}, status_code=400, headers=GEEN_OPSLAG)
    context = _context(request, b)
    delen = {naam: weergave.deel(naam, context) for naam in DELEN}
    g = b.geladen
    antwoord = {
        "query": b.plan.query(kies=True),
        "delen": delen,
        "melding": b.melding or weergave.status(g, b.plan, b.uitkomst),
        "fout": b.fout,
        "scenario": opslag.naar_json(rekenen.scenario_van(g, b.plan.wijzigingen, b.plan.max_km)),
        "vandaag": uitkomst_json(g.vandaag),
        "uitkomst": uitkomst_json(b.uitkomst),
        "ms": round(1000 * (time.perf_counter() - start), 1),
    }
    return JSONResponse(antwoord, status_code=400 if b.fout else 200, headers=GEEN_OPSLAG)
