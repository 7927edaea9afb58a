"""Regio's: the list of STO-regio's (``/regios``), the portrait of one region (``/regio/X``) and
every published table of a region in one Excel file (``/regio/X/alles.xlsx``).

What a region page shows is assembled in ``publicatie/regio.py``, which the printed regioportret
shares; this module adds the routes, sorting and links, and the region's published
toelichtingen beside their figures (``toelichting/``), and the kennisbank items it shares. Those
come from the application database when the page is rendered; ``toelichting/verversen.py`` drops
the cached page when they change.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.exc import SQLAlchemyError

from sto_monitor.accounts.beleid import Recht
from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.errors import ParameterError, StoError
from sto_monitor.kennisbank import lezen as kennis_lezen
from sto_monitor.kennisbank.item import SOORTEN
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, sorteer
from sto_monitor.publicatie.prognose import prognoseblok
from sto_monitor.publicatie.regio import regioportret
from sto_monitor.publicatie.regiobestand import regio_xlsx
from sto_monitor.toelichting import opslag, verversen
from sto_monitor.toelichting.opmaak import Weergave, weergave
from sto_monitor.web.downloads import XLSX, download
from sto_monitor.web.render import cache_key, gecached, html, snapshot
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

HTML = "text/html; charset=utf-8"
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}\Z")  # region codes: R01, official codes
# /regios: sortable columns (key in the row, header label, numeric)
KOLOMMEN: tuple[tuple[str, str, bool], ...] = (
    ("naam", "Regio", False),
    ("regio", "Code", False),
    ("derdejaars", "Derdejaars", True),
    ("techniekleerlingen", "Techniekleerlingen", True),
    ("techniekaandeel", "Techniekaandeel (%)", True),
)
RICHTINGEN = {"op": False, "af": True}


# ---------------------------------------------------------------- /regios


@dataclass(frozen=True)
class Sortering:
    """The ``sorteer`` object of the table headers: links, aria-sort and arrows."""

    kolom: str
    aflopend: bool

    def href(self, kolom: str) -> str:
        if kolom == self.kolom:
            richting = "op" if self.aflopend else "af"
        else:  # numbers first from high to low, names from A to Z
            richting = "af" if _numeriek(kolom) else "op"
        return f"/regios?sort={kolom}&richting={richting}"

    def aria(self, kolom: str) -> str:
        if kolom != self.kolom:
            return "none"
        return "descending" if self.aflopend else "ascending"

    def pijl(self, kolom: str) -> str:
        if kolom != self.kolom:
            return ""
        return " ▼" if self.aflopend else " ▲"


def _numeriek(kolom: str) -> bool:
    return any(k == kolom and numeriek for k, _, numeriek in KOLOMMEN)


def regio_rijen(snap: Snapshot, jaar: int | None) -> list[dict[str, Any]]:
    """One row per region: its published techniekaandeel row of ``jaar`` (if any)."""
    published = {r["regio"]: r for r in snap.beschikbare_rijen("techniekaandeel", schooljaar=jaar)}
    rows = []
    for regio in snap.regios.values():
        row = published.get(regio.code, {})
        rows.append(
            {
                "regio": regio.code,
                "naam": regio.naam,
                "techniekluw": regio.techniekluw,
                "derdejaars": row.get("derdejaars"),
                "techniekleerlingen": row.get("techniekleerlingen"),
                "techniekaandeel": row.get("techniekaandeel"),
            }
        )
    return rows


@router.get("/regios")
async def regios(
    request: Request,
    sort: Annotated[str, Query(max_length=64)] = "regio",
    richting: Annotated[str, Query(max_length=8)] = "op",
) -> Response:
    toegestaan = [k for k, _, _ in KOLOMMEN]
    if sort not in toegestaan:
        raise ParameterError(f"onbekende sorteerkolom {sort!r}; kies uit {', '.join(toegestaan)}")
    if richting not in RICHTINGEN:
        raise ParameterError(f"richting moet 'op' of 'af' zijn, niet {richting!r}")
    sortering = Sortering(sort, RICHTINGEN[richting])

    def make(snap: Snapshot) -> str:
        jaar = snap.laatste_jaar
        rows = sorteer(regio_rijen(snap, jaar), sortering.kolom, sortering.aflopend)
        landelijk = snap.beschikbare_rijen("techniekaandeel", schooljaar=jaar, regio=LANDELIJK)
        return html(
            request,
            "regios.html",
            snapshot=snap,
            jaar=jaar,
            rijen=rows,
            landelijk=landelijk[0] if landelijk else None,
            kolommen=KOLOMMEN,
            sorteer=sortering,
            beschikbaar=snap.indicatoren.get("techniekaandeel") is not None
            and snap.indicatoren["techniekaandeel"].beschikbaar,
        )

    return gecached(request, make, HTML)


# ---------------------------------------------------------------- /regio/{code}


def _links(naam: str, code: str) -> dict[str, str]:
    return {
        "definitie": f"/indicatoren/{naam}",
        "verkenner": f"/verkenner?indicator={naam}&regio={code}",
    }


LINKS: tuple[str, ...] = (
    "techniekaandeel",
    "techniekleerlingen_per_regio",
    "groeiclusters",
    "kwetsbare_groepen",
)


def _check_code(code: str) -> None:
    if not CODE.match(code):
        raise ParameterError(
            f"ongeldige regiocode {code!r}: een regiocode bestaat uit letters, cijfers, '_', '.' "
            "en '-' (hoogstens 32 tekens), bijvoorbeeld R01"
        )


def kennisitems(request: Request, code: str) -> list[KennisItem] | None:
    """The region's published kennisbank items (issue 19); None when the application
    database cannot be read now (the page is then not kept in the cache). A publication,
    refusal or edit drops the cached page (``web/pages/kennisbank/gedeeld.ververs``)."""
    try:
        return kennis_lezen.van_regio(app_db(request), code)
    except (StoError, SQLAlchemyError):
        return None


def toelichtingen(request: Request, snap: Snapshot, code: str) -> list[Weergave] | None:
    """The region's published toelichtingen as the page shows them; None when the
    application database cannot be read now (the page is then not kept in the cache)."""
    try:
        lijst = opslag.gepubliceerd(app_db(request), code)
    except (StoError, SQLAlchemyError):
        return None
    namen = {v.code: v.naam for v in snap.vestigingen if v.regio == code}
    return [weergave(t, namen) for t in lijst]


@router.get("/regio/{code}")
async def regio_pagina(request: Request, code: Annotated[str, Path(max_length=64)]) -> Response:
    _check_code(code)
    snap = snapshot(request)
    regio = snap.regio(code)  # unknown: 404
    opslag.registreer(snap.pad, app_db(request))  # the regioportret reads the same database
    generatie = verversen.generatie()
    sleutel = cache_key(request.url.path, request.url.query)
    gelezen: list[Weergave] | None = None
    kennis: list[KennisItem] | None = None
    nieuw = sleutel not in snap.cache
    if nieuw:  # read off the event loop
        gelezen = await run_in_threadpool(toelichtingen, request, snap, code)
        kennis = await run_in_threadpool(kennisitems, request, code)

    def make(snap: Snapshot) -> str:
        verversen.onthoud(snap)
        lijst = gelezen if gelezen is not None else toelichtingen(request, snap, code)
        links = {naam: _links(naam, code) for naam in LINKS}
        return html(
            request,
            "regio.html",
            snapshot=snap,
            links=links,
            toelichtingen=lijst or [],
            kennisitems=kennis if kennis is not None else kennisitems(request, code) or [],
            kennissoorten=SOORTEN,
            prognose=prognoseblok(snap, code),
            **regioportret(snap, regio),
        )

    antwoord = gecached(request, make, HTML, snap=snap)
    if nieuw and (gelezen is None or kennis is None or verversen.generatie() != generatie):
        # the toelichtingen could not be read, or changed while the page was made
        snap.cache.pop(sleutel, None)
    return antwoord


@router.get("/regio/{code}/alles.xlsx")
async def regio_alles(request: Request, code: Annotated[str, Path(max_length=64)]) -> Response:
    """Every published table of the region in one Excel file (``publicatie/regiobestand.py``)."""
    _check_code(code)

    def make(snap: Snapshot) -> bytes:
        buffer = io.BytesIO()
        regio_xlsx(snap, code, buffer)  # unknown region: 404
        return buffer.getvalue()

    return download(request, f"sto-regio-{code}.xlsx", make, XLSX)
