"""The national team checks contributions: ``GET /kennisbank/moderatie``.

The queue (``lezen.te_modereren``, oldest first) shows every concept in full, its summary
rendered exactly as the public page will (safe Markdown) and its files, with two forms: ``POST
/kennisbank/{item}/publiceren`` and ``POST /kennisbank/{item}/weigeren`` with a required
reason. A refusal without a reason shows the queue again with the message beside that item and
the typed text kept. The domain writes the audit of every decision; a published or refused item
of a region also drops that region's cached public page, which lists its published items.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden, lezen, opslag
from sto_monitor.web.pages.kennisbank.gedeeld import db, pagina, ververs, weergave, wie
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier, toegang

router = APIRouter(include_in_schema=False)
MODEREREN = [toegang(Recht.KENNIS_MODEREREN)]
PAD = "/kennisbank/moderatie"
GEDAAN: dict[str, str] = {
    "gepubliceerd": "Het item is gepubliceerd: iedereen kan het nu vinden.",
    "geweigerd": "Het item is geweigerd. De inzender ziet de reden bij 'Mijn bijdragen'.",
}


async def _wachtrij(
    request: Request,
    *,
    melding: str | None = None,
    fout_bij: int | None = None,
    fout: str | None = None,
    reden: str = "",
    status: int = 200,
) -> Response:
    snap = snapshot(request)
    database, ik = app_db(request), wie(request)
    items = await db(lambda: lezen.te_modereren(database, ik))
    lijsten = await db(lambda: bestanden.van_items(database, [k.id for k in items]))
    return pagina(
        request,
        "kennisbank_moderatie.html",
        status,
        snapshot=snap,
        items=[weergave(k, snap) for k in items],
        bestanden_van=lijsten,
        melding=melding,
        fout_bij=fout_bij,
        fout=fout,
        reden=reden,
        max_reden=opslag.MAX_REDEN,
    )


@router.get(PAD, dependencies=MODEREREN)
async def wachtrij(request: Request, gedaan: str = "") -> Response:
    return await _wachtrij(request, melding=GEDAAN.get(gedaan[:20]))


@router.post("/kennisbank/{item:int}/publiceren", dependencies=MODEREREN)
async def publiceren(request: Request, item: int) -> Response:
    database, ik = app_db(request), wie(request)
    k = await db(lambda: opslag.publiceer(database, ik, item))  # unknown: 404
    ververs(k.regio)
    return RedirectResponse(f"{PAD}?gedaan=gepubliceerd", status_code=303, headers=GEEN_OPSLAG)


@router.post("/kennisbank/{item:int}/weigeren", dependencies=MODEREREN)
async def weigeren(request: Request, item: int) -> Response:
    reden = (await formulier(request)).get("reden", "")
    database, ik = app_db(request), wie(request)
    try:
        k = await db(lambda: opslag.weiger(database, ik, item, reden))
    except ParameterError as fout:  # no reason, or too long: the queue again, text kept
        return await _wachtrij(request, fout_bij=item, fout=str(fout), reden=reden, status=400)
    ververs(k.regio)
    return RedirectResponse(f"{PAD}?gedaan=geweigerd", status_code=303, headers=GEEN_OPSLAG)
