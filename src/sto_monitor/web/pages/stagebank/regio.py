"""A region confirms the companies of its area for the stagebank.

``GET /regio/{regio}/stagebank`` lists the region's companies waiting for confirmation (the
region of a company is that of its address) and those already confirmed, each with its
address, the person who registered it and how many places it offers now; each waiting one has
a "Bevestigen" form (``POST /regio/{regio}/stagebank/{bedrijf}/bevestigen``). A company's
places can only be found once it is confirmed, so this is the region's check that the company
is real. ``BEDRIJF_BEVESTIGEN``: the region's own accounts and the national team; the domain
asks the policy again on the company's stored regio.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.stagebank import lezen, opslag
from sto_monitor.toelichting import verversen
from sto_monitor.web.pages.stagebank.gedeeld import (
    Id,
    Regiocode,
    db,
    gepubliceerd,
    pagina,
    vandaag,
    wie,
)
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, toegang, vereis_object

router = APIRouter(include_in_schema=False)
BEVESTIGEN = [toegang(Recht.BEDRIJF_BEVESTIGEN)]


@router.get("/regio/{regio}/stagebank", dependencies=BEVESTIGEN)
async def lijst(
    request: Request,
    regio: Regiocode,
    bevestigd: Annotated[int | None, Query(ge=1, le=1_000_000_000)] = None,
) -> Response:
    snap = gepubliceerd(request)
    r = snap.regio(regio)  # unknown: 404
    database, ik, dag = app_db(request), wie(request), vandaag()
    alle = await db(lambda: lezen.bedrijven_in(database, ik, r.code, dag))
    melding = None
    if bevestigd is not None:
        naam = next((a.bedrijf.naam for a in alle if a.bedrijf.id == bevestigd), None)
        if naam is not None:
            melding = (
                f"{naam} is bevestigd. Het bedrijf kan nu stageplaatsen publiceren; "
                "die zijn dan voor scholen en leerlingen te vinden."
            )
    return pagina(
        request,
        "stagebank_regio.html",
        snapshot=snap,
        regio=r,
        wachtend=[a for a in alle if a.bedrijf.bevestigd is None],
        bevestigde=[a for a in alle if a.bedrijf.bevestigd is not None],
        melding=melding,
    )


@router.post("/regio/{regio}/stagebank/{bedrijf:int}/bevestigen", dependencies=BEVESTIGEN)
async def bevestig(request: Request, regio: Regiocode, bedrijf: Id) -> Response:
    r = gepubliceerd(request).regio(regio)  # unknown: 404
    vereis_object(request, Recht.BEDRIJF_BEVESTIGEN, regio=r.code)
    database, ik = app_db(request), wie(request)
    # the domain asks again, on the region of the company's own address
    b = await db(lambda: opslag.bevestig_bedrijf(database, ik, bedrijf))
    if b.regio:  # the region's portrait counts its confirmed companies' places
        verversen.vergeet(b.regio)
    naar = f"/regio/{r.code}/stagebank?bevestigd={b.id}"
    return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)


@router.post("/stagebank/bedrijf/{bedrijf:int}/bevestigen", dependencies=BEVESTIGEN)
async def bevestig_buiten_regio(request: Request, bedrijf: Id) -> Response:
    """A company whose address lies outside every region: the national team confirms it from
    the company's own page (the domain asks the policy on the company's stored region)."""
    database, ik = app_db(request), wie(request)
    b = await db(lambda: opslag.bevestig_bedrijf(database, ik, bedrijf))
    if b.regio:
        verversen.vergeet(b.regio)
    return RedirectResponse(
        f"/stagebank/bedrijf/{b.id}?gedaan=bevestigd", status_code=303, headers=GEEN_OPSLAG
    )
