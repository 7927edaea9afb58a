"""Reading submitted versions: one version, its PDF and DOCX, and two versions compared.

``REGIO_INTERN``: the national team, the commission and the region itself read what the
region submitted; a version shows the texts and figures as they were sent, whatever the
monitor publishes later. ``opslag.py`` asks the policy again on the document's own regio.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht, besluit
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.regiodocument import opslag
from sto_monitor.regiodocument.vergelijk import vergelijk
from sto_monitor.web.pages.regiodocument.gedeeld import (
    GEDAAN,
    Nummer,
    Regiocode,
    Schooljaar,
    Soortnaam,
    bestand,
    db,
    pad,
    pagina,
    rol,
    soort_van,
    wie,
)
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)
INTERN = [toegang(Recht.REGIO_INTERN)]
VERSIE = "/regio/{regio}/documenten/{soort}/{schooljaar}/versie/{nummer}"
Keuze = Annotated[str | None, Query(max_length=8)]


async def _versie(
    request: Request, regio: str, soortnaam: str, schooljaar: int, nummer: int
) -> opslag.Versie:
    s = soort_van(soortnaam)
    database, ik = app_db(request), wie(request)
    return await db(lambda: opslag.versie(database, ik, regio, s.soort, schooljaar, nummer))


# The files first: "/versie/1.pdf" would otherwise be asked of the page's route.
@router.get(VERSIE + ".pdf", dependencies=INTERN)
async def versie_pdf(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar, nummer: Nummer
) -> Response:
    v = await _versie(request, regio, soort, schooljaar, nummer)
    return await bestand(v.document(), "pdf")


@router.get(VERSIE + ".docx", dependencies=INTERN)
async def versie_docx(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar, nummer: Nummer
) -> Response:
    v = await _versie(request, regio, soort, schooljaar, nummer)
    return await bestand(v.document(), "docx")


@router.get(VERSIE, dependencies=INTERN)
async def versie(
    request: Request,
    regio: Regiocode,
    soort: Soortnaam,
    schooljaar: Schooljaar,
    nummer: Nummer,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    v = await _versie(request, regio, soort, schooljaar, nummer)
    database, ik = app_db(request), wie(request)
    alle = await db(lambda: opslag.versies(database, ik, regio, soort, schooljaar))
    return pagina(
        request,
        "regiodocument_versie.html",
        snapshot=snapshot(request),
        d=v.document(),
        v=v,
        door=rol(v.ingediend_door),
        versies=alle,
        basis=pad(regio, soort, schooljaar),
        mag_schrijven=besluit(ik, Recht.REGIODOCUMENT_SCHRIJVEN, regio=regio),
        melding=GEDAAN.get(gedaan or ""),
    )


def _nummer(tekst: str | None, standaard: int) -> int:
    if tekst is None or not tekst.strip():
        return standaard
    try:
        return int(tekst)
    except ValueError:
        raise ParameterError("Kies twee versies uit de lijst.") from None


@router.get("/regio/{regio}/documenten/{soort}/{schooljaar}/vergelijk", dependencies=INTERN)
async def vergelijk_pagina(
    request: Request,
    regio: Regiocode,
    soort: Soortnaam,
    schooljaar: Schooljaar,
    a: Keuze = None,
    b: Keuze = None,
) -> Response:
    s = soort_van(soort)
    database, ik = app_db(request), wie(request)
    alle = await db(lambda: opslag.versies(database, ik, regio, s.soort, schooljaar))
    if not alle:
        raise NotFoundError(f"Dit {s.titel.lower()} heeft nog geen ingediende versie.")
    nummers = [v.nummer for v in alle]
    nb = _nummer(b, nummers[-1])
    na = _nummer(a, nummers[-2] if len(nummers) > 1 else nummers[-1])
    gekozen = {v.nummer: v for v in alle}
    if na not in gekozen or nb not in gekozen:
        raise NotFoundError("Die versie bestaat niet: kies twee versies uit de lijst.")
    oud, nieuw = sorted((gekozen[na], gekozen[nb]), key=lambda v: v.nummer)
    return pagina(
        request,
        "regiodocument_vergelijk.html",
        snapshot=snapshot(request),
        s=s,
        regio_naam=nieuw.document().regio_naam,
        regio_code=regio,
        schooljaar=schooljaar,
        basis=pad(regio, s.soort, schooljaar),
        versies=alle,
        a=oud,
        b=nieuw,
        door={v.nummer: rol(v.ingediend_door) for v in alle},
        verschil=vergelijk(oud.document(), nieuw.document()),
    )
