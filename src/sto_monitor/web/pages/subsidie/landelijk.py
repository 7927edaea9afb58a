"""The national picture of a regulation, its map and its downloads (issue 18).

- ``GET /subsidie`` (``BEOORDELEN``: the commission and the national team): per year the amount
  granted against the regulation's ceiling, per region what was applied for, advised and
  granted beside the monitor's techniekleerlingen and vestigingen, co-financing and status, and
  a map of the regions coloured by status. ``?regeling=`` chooses the regulation (default: the
  one of this calendar year).
- ``GET /subsidie/{regeling}/download.xlsx`` (``BEOORDELEN``): the workbook for DUS-I.
- ``GET /regio/{regio}/subsidie/{regeling}/overzicht.pdf`` (``SUBSIDIE_INZIEN``): one region's
  application in the report style; ``opslag.dossier`` asks the policy on the region.

All private (``GEEN_OPSLAG``), never cached: an amount changes with every decision.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht, besluit
from sto_monitor.errors import NotFoundError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.grenzen import provincies
from sto_monitor.publicatie.kaart import GEEN_GEGEVENS, Legenda, Vlak, kaart_svg
from sto_monitor.subsidie import laden, opslag
from sto_monitor.subsidie.geld import euro, procent
from sto_monitor.subsidie.landelijk import AFRONDING, GEEN_AANVRAAG, Landelijk, bereken
from sto_monitor.subsidie.opslag import STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.pdf import pdf
from sto_monitor.subsidie.regeling import NIET_INGEVULD, Regeling
from sto_monitor.subsidie.xlsx import xlsx
from sto_monitor.web import privecache
from sto_monitor.web.downloads import XLSX, bestandsnaam
from sto_monitor.web.pages.regiodocument.gedeeld import PDF, Regiocode, db, pagina, wie
from sto_monitor.web.pages.subsidie.beoordeling import GEDAAN
from sto_monitor.web.pages.subsidie.gedeeld import Regelingcode
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, toegang

router = APIRouter(include_in_schema=False)

Formaat = Annotated[str, Path(max_length=8, pattern=r"^[a-z]+$")]
Keuze = Annotated[str | None, Query(max_length=40)]
SVG_ID = "subsidiekaart"

# Okabe-Ito colours (colour-blind safe); no application: the map's grey for "no value".
STATUSKLEUR: dict[Status | None, str] = {
    Status.TOEGEKEND: "#009E73",
    Status.AANGEPAST: "#56B4E9",
    Status.AFGEWEZEN: "#D55E00",
    Status.IN_BEOORDELING: "#E69F00",
    Status.INGEDIEND: "#F0E442",
    Status.CONCEPT: "#CC79A7",
    None: GEEN_GEGEVENS,
}


def kies_regeling(code: str | None) -> Regeling:
    """The regulation asked for, else the one of this calendar year."""
    if code:
        return laden.regeling(code)
    return laden.huidige(dt.date.today().year)


# Drawn maps by (snapshot, regulation, every region's status): a map changes only with a status.
_KAARTEN: OrderedDict[tuple[str, str, tuple[tuple[str, str], ...]], str] = OrderedDict()
MAX_KAARTEN = 16


def kaart(snap: Snapshot, beeld: Landelijk) -> str:
    """The regions coloured by the status of their application (gemeenten as areas, as the
    monitor's map draws a region); empty without boundaries."""
    if not snap.gemeenten:
        return ""
    sleutel = (
        snap.versie,
        beeld.regeling.code,
        tuple((r.regio, r.status.value if r.status else "") for r in beeld.regios),
    )
    bewaard = _KAARTEN.get(sleutel)
    if bewaard is None:
        bewaard = _teken(snap, beeld)
        _KAARTEN[sleutel] = bewaard
        while len(_KAARTEN) > MAX_KAARTEN:
            _KAARTEN.popitem(last=False)
    return bewaard


def _teken(snap: Snapshot, beeld: Landelijk) -> str:
    regels = {r.regio: r for r in beeld.regios}
    vlakken = []
    for code, naam, geometrie in snap.gemeenten:
        regio = snap.gemeente_regio.get(code)
        r = regels.get(regio) if regio is not None else None
        if r is None:
            vlakken.append(Vlak(code, naam, geometrie, None, "geen regio van deze regeling"))
            continue
        vlakken.append(
            Vlak(
                code,
                naam,
                geometrie,
                STATUSKLEUR[r.status],
                f"{r.naam} ({r.regio}): {r.status_tekst}",
                r.pad + f"/{beeld.regeling.code}",
            )
        )
    legenda = Legenda(
        "Status van de aanvraag",
        [(STATUSKLEUR[s], STATUS_NAAM[s]) for s in Status] + [(GEEN_GEGEVENS, GEEN_AANVRAAG)],
    )
    return kaart_svg(
        vlakken,
        titel=f"Status van de aanvragen per regio, {beeld.regeling.naam}",
        beschrijving=(
            "Elke gemeente heeft de kleur van de status van de aanvraag van haar regio. "
            "De tabel op deze pagina geeft dezelfde status per regio."
        ),
        legenda=legenda,
        id=SVG_ID,
        lijnen=[geometrie for _, _, geometrie in provincies()],
    )


async def _beeld(
    request: Request, regeling: Regeling, snap: Snapshot
) -> tuple[Landelijk, Sequence[Dossier]]:
    database, ik = app_db(request), wie(request)

    def werk() -> tuple[Landelijk, list[Dossier]]:
        dossiers = opslag.dossiers(database, ik, regeling.code)
        maxima = opslag.regiomaxima(database, regeling.code)
        return bereken(regeling, snap, dossiers, maxima), dossiers

    return await db(werk)


@router.get("/subsidie", dependencies=[toegang(Recht.BEOORDELEN)])
@privecache.per_sessie
async def overzicht(request: Request, regeling: Keuze = None, gedaan: Keuze = None) -> Response:
    snap = snapshot(request)
    r = kies_regeling(regeling)
    beeld, _ = await _beeld(request, r, snap)
    return pagina(
        request,
        "subsidie_landelijk.html",
        snapshot=snap,
        beeld=beeld,
        regeling=r,
        regelingen=laden.regelingen(),
        kaart=kaart(snap, beeld),
        melding=GEDAAN.get(gedaan or ""),
        euro=euro,
        procent=procent,
        NIET_INGEVULD=NIET_INGEVULD,
        AFRONDING=AFRONDING,
    )


@router.get("/subsidie/{regeling}/download.{formaat}", dependencies=[toegang(Recht.BEOORDELEN)])
async def download(request: Request, regeling: Regelingcode, formaat: Formaat) -> Response:
    if formaat != "xlsx":
        raise NotFoundError(f"Onbekend formaat {formaat!r}: kies xlsx.")
    snap = snapshot(request)
    r = laden.regeling(regeling)
    beeld, dossiers = await _beeld(request, r, snap)
    data = await run_in_threadpool(xlsx, beeld, dossiers)
    naam = bestandsnaam(f"subsidie-{r.code}-per-regio.xlsx", snap.synthetisch)
    return Response(
        data,
        media_type=XLSX,
        headers={**GEEN_OPSLAG, "Content-Disposition": f'attachment; filename="{naam}"'},
    )


@router.get(
    "/regio/{regio}/subsidie/{regeling}/overzicht.pdf",
    dependencies=[toegang(Recht.SUBSIDIE_INZIEN)],
)
async def overzicht_pdf(request: Request, regio: Regiocode, regeling: Regelingcode) -> Response:
    snap = snapshot(request)
    r = laden.regeling(regeling)
    database, ik = app_db(request), wie(request)
    d = await db(lambda: opslag.dossier(database, ik, regio, r.code))
    if d is None:
        raise NotFoundError(f"Regio {regio} heeft geen aanvraag onder {r.naam}.")
    if d.status is Status.CONCEPT and not besluit(ik, Recht.SUBSIDIE_AANVRAGEN, regio=d.regio):
        # a draft is the region's own business until it is submitted
        raise NotFoundError(f"De aanvraag van regio {regio} is nog niet ingediend.")
    data = await run_in_threadpool(pdf, d, r, snap)
    naam = bestandsnaam(f"subsidieaanvraag-{d.regio}-{r.code}.pdf", snap.synthetisch)
    return Response(
        data,
        media_type=PDF,
        headers={**GEEN_OPSLAG, "Content-Disposition": f'attachment; filename="{naam}"'},
    )
