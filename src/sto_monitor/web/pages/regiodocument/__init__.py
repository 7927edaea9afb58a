"""The region's visiedocument and evaluatie: write, submit, compare, export (issue 17).

``/regio/{regio}/documenten`` lists a region's documents and their versions
(``REGIO_INTERN``; whoever may not read drafts sees submitted versions only). Writing is in
``schrijven.py`` (``REGIODOCUMENT_SCHRIJVEN``: the region itself), reading versions, their
files and comparing them in ``lezen.py`` (``REGIO_INTERN``). Every page is private
(``GEEN_OPSLAG``) and never cached; the domain is ``sto_monitor.regiodocument``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht, besluit
from sto_monitor.regiodocument import opslag
from sto_monitor.regiodocument.secties import SOORTEN, soort
from sto_monitor.web.pages.regiodocument import lezen, schrijven
from sto_monitor.web.pages.regiodocument.gedeeld import Regiocode, db, pagina, wie
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)


@router.get("/regio/{regio}/documenten", dependencies=[toegang(Recht.REGIO_INTERN)])
async def documenten(request: Request, regio: Regiocode) -> Response:
    snap = snapshot(request)
    r = snap.regio(regio)  # unknown: 404
    database, ik = app_db(request), wie(request)
    lijst = await db(lambda: opslag.documenten(database, ik, r.code))
    mag_schrijven = besluit(ik, Recht.REGIODOCUMENT_SCHRIJVEN, regio=r.code)
    jaren = list(reversed(snap.jaren))
    if mag_schrijven and snap.laatste_jaar is not None:
        jaren.insert(0, snap.laatste_jaar + 1)
    return pagina(
        request,
        "regiodocument_lijst.html",
        snapshot=snap,
        regio=r,
        soorten=[soort(n) for n in SOORTEN],
        per_soort={n: [o for o in lijst if o.soort == n] for n in SOORTEN},
        mag_schrijven=mag_schrijven,
        jaren=jaren,
        nieuwste=snap.laatste_jaar,
    )


router.include_router(schrijven.router)
router.include_router(lezen.router)
