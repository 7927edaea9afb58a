"""One item of the kennisbank, and "wij gebruiken dit".

- ``GET /kennisbank/{item}`` (public): the published item in full: its summary as safe HTML,
  type, profielen, themes, levels, licence with its link, links, contact, the contributing
  region, the source of a harvested item, and the regions that use it. It never reads the
  session (the same page for everyone); a concept or refused item is a 404.
- ``GET /kennisbank/{item}/gebruik``: a region says it uses the item, or no longer does. A
  `regio` account marks for its own regio; the national team first chooses the region (a GET
  form, ``?regio=``). A school holds the right but marks nothing: it gets a page saying so.
- ``POST /regio/{regio}/kennisbank/{item}/gebruik``: the mark (``opslag.markeer_gebruik``,
  which asks the policy and writes the audit), then back to the item page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht, Rol
from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden, lezen, opslag
from sto_monitor.web.pages.kennisbank.gedeeld import (
    db,
    openbaar,
    pagina,
    regio_naam,
    ververs,
    weergave,
    wie,
)
from sto_monitor.web.pages.regiodocument.gedeeld import Regiocode
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier, toegang

router = APIRouter(include_in_schema=False)
BIJDRAGEN = [toegang(Recht.KENNIS_BIJDRAGEN)]


@router.get("/kennisbank/{item:int}", dependencies=[toegang(Recht.OPENBAAR)])
async def item_pagina(request: Request, item: int) -> Response:
    snap = snapshot(request)
    database = app_db(request)

    def werk() -> tuple[KennisItem, list[str], str | None, list[bestanden.Bestand]]:
        k = lezen.gepubliceerd_item(database, item)  # concept, refused or unknown: 404
        gebruikers = lezen.gebruikt_door(database, item)
        return k, gebruikers, lezen.bron_van(database, item), bestanden.van_item(database, item)

    k, gebruikers, bron, lijst = await db(werk)
    return openbaar(
        request,
        "kennisbank_item.html",
        snapshot=snap,
        w=weergave(k, snap, gebruikers, bron),
        item_id=k.id,
        bestanden=lijst,
        mag_bewerken=False,
    )


def _eigen_regios(request: Request) -> list[str]:
    """The regions the viewer may mark for: a regio account's own, every region for the
    national team."""
    ik = wie(request)
    if ik.rol is Rol.REGIO:
        return sorted(ik.regios)
    if ik.rol is Rol.LANDELIJK:
        return sorted(snapshot(request).regios)
    return []


@router.get("/kennisbank/{item:int}/gebruik", dependencies=BIJDRAGEN)
async def gebruik(
    request: Request, item: int, regio: Annotated[str, Query(max_length=20)] = ""
) -> Response:
    snap = snapshot(request)
    database, ik = app_db(request), wie(request)
    k = await db(lambda: lezen.gepubliceerd_item(database, item))  # unknown: 404
    gebruikers = await db(lambda: lezen.gebruikt_door(database, item))
    keuzes = _eigen_regios(request)
    if not regio and len(keuzes) == 1:
        regio = keuzes[0]
    fout = None
    if regio and regio not in keuzes:
        fout = "Kies een regio uit de lijst."
        regio = ""
    return pagina(
        request,
        "kennisbank_gebruik.html",
        400 if fout else 200,
        snapshot=snap,
        w=weergave(k, snap, gebruikers),
        school=ik.rol is Rol.SCHOOL,
        keuzes=[(c, regio_naam(snap, c)) for c in keuzes],
        regio=regio,
        regio_tekst=regio_naam(snap, regio) if regio else "",
        gebruikt=regio in gebruikers,
        fout=fout,
    )


@router.post("/regio/{regio}/kennisbank/{item:int}/gebruik", dependencies=BIJDRAGEN)
async def markeer(request: Request, regio: Regiocode, item: int) -> Response:
    snap = snapshot(request)
    snap.regio(regio)  # an unknown region: 404
    velden = await formulier(request)
    keuze = velden.get("gebruik", "")
    if keuze not in ("ja", "nee"):
        raise ParameterError("Kies: wij gebruiken dit, of: wij gebruiken dit niet meer.")
    database, ik = app_db(request), wie(request)
    k = await db(lambda: opslag.markeer_gebruik(database, ik, item, regio, gebruikt=keuze == "ja"))
    ververs(k.regio)  # the contributing region's page shows how many regions use it
    return RedirectResponse(f"/kennisbank/{item}", status_code=303, headers=GEEN_OPSLAG)
