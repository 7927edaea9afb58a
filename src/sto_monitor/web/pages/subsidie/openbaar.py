"""The public page of the subsidy administration: the amount granted per region (issue 18).

``GET /subsidie/toegekend`` (``OPENBAAR``) shows only what a regulation makes public
(``openbaar = ["toegekend_per_regio"]`` in its file): per regulation the amount granted to each
region by a recorded decision (``opslag.toegekend_openbaar``). Nothing about an application in
progress, a refusal, an assessment or a score is read, so nothing of it can appear.

Not in the page cache: the cache lives as long as a snapshot, and a decision recorded in the
application database must show at once, which a cached copy would hide until the next
snapshot. The page is one small query per regulation; browsers are told to ask again
(``no-cache``), and it is the same for everybody (no session is read).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.subsidie import laden
from sto_monitor.subsidie.geld import euro
from sto_monitor.subsidie.landelijk import Openbaar, openbaar
from sto_monitor.web.render import html, snapshot
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)
KOPPEN = {"Cache-Control": "no-cache"}


@router.get("/subsidie/toegekend", dependencies=[toegang(Recht.OPENBAAR)])
async def toegekend(request: Request) -> Response:
    snap = snapshot(request)
    database = app_db(request)

    def werk() -> list[Openbaar]:
        return [openbaar(database, r, snap) for r in reversed(laden.regelingen())]

    lijsten = await run_in_threadpool(werk)
    tekst = html(request, "subsidie_openbaar.html", snapshot=snap, lijsten=lijsten, euro=euro)
    return HTMLResponse(tekst, headers=KOPPEN)
