"""Reports as downloads: a region's regioportret and the national chapter, HTML or PDF.

The same reports ``sto rapport`` writes, from the snapshot the dashboard already published.
A report takes a second (a region) to several (the chapter) to lay out, so it is rendered in
a worker thread, once per snapshot and URL, and then served from the page cache like a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.reports import batch, landelijk, opmaak, regioportret
from sto_monitor.reports.onderdelen import Rapport
from sto_monitor.web.pages.regio import CODE
from sto_monitor.web.render import cache_key, gecached, snapshot
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
Formaat = Literal["html", "pdf"]


def _bytes(rapport: Rapport, formaat: str) -> bytes:
    tekst = opmaak.html(rapport)
    return tekst.encode() if formaat == "html" else opmaak.pdf(tekst)


async def _download(
    request: Request, snap: Snapshot, naam: str, formaat: str, maak: Callable[[], Rapport]
) -> Response:
    data: bytes | None = None
    if cache_key(request.url.path, request.url.query) not in snap.cache:
        data = await run_in_threadpool(lambda: _bytes(maak(), formaat))  # off the event loop

    def make(_snap: Snapshot) -> bytes:  # (made synchronously only if evicted meanwhile)
        return data if data is not None else _bytes(maak(), formaat)

    headers = {"Content-Disposition": f'inline; filename="{naam}.{formaat}"'}
    return gecached(request, make, MEDIA[formaat], headers, snap=snap)


@router.get("/regio/{code}/regioportret.{formaat}")
async def regioportret_download(
    request: Request,
    code: Annotated[str, Path(max_length=64)],
    formaat: Formaat,
) -> Response:
    if not CODE.match(code):
        raise ParameterError(f"ongeldige regiocode {code!r}")
    snap = snapshot(request)
    regio = snap.regio(code)  # unknown: 404

    def maak() -> Rapport:
        waarschuwing = batch.waarschuwing(snap)
        return regioportret.maak(  # public: never a region's own survey answers
            snap,
            regio,
            datum=opmaak.rapportdatum(),
            waarschuwing=waarschuwing,
            eigen_antwoorden=False,
        )

    return await _download(request, snap, batch.bestandsnaam(code), formaat, maak)


@router.get("/rapporten/monitor-hoofdstuk-4.{formaat}")
async def landelijk_download(request: Request, formaat: Formaat) -> Response:
    snap = snapshot(request)

    def maak() -> Rapport:
        waarschuwing = batch.waarschuwing(snap)
        return landelijk.maak(
            snap, datum=opmaak.rapportdatum(), schooljaar=None, waarschuwing=waarschuwing
        )

    return await _download(request, snap, "monitor-hoofdstuk-4", formaat, maak)
