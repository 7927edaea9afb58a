"""The open API: ``/api/v1``. JSON, documented by FastAPI's OpenAPI document.

Every answer is cut from the published (disclosure-controlled) tables of the snapshot, so a
filter combination that isolates a small group answers with the suppressed cells (``<5``,
``x``), never with the small number. Unknown parameters, indicators, years and regions get a
4xx answer that says what was wrong.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.export import (
    Uitvoer,
    csv_tekst,
    indicator_uitvoer,
    metadata,
    schrijf_parquet,
)
from sto_monitor.indicators.openbaarheid import NOTATIE
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.publicatie.gegevens import FILTERS, Gepubliceerd, Snapshot
from sto_monitor.web.render import gecached, html

router = APIRouter(prefix="/api/v1", tags=["indicatoren"])

NAAM = r"^[a-z0-9_]{1,64}$"
CODE = r"^[A-Za-z0-9&_.-]{1,32}$"


class IndicatorInfo(BaseModel):
    naam: str
    titel: str
    eenheid: str
    definitie: str
    reproduceert: str
    sleutels: list[str]
    kolommen: list[str]
    per_regio: bool
    beschikbaar: bool
    ontbreekt: list[str]
    href: str


class IndicatorLijst(BaseModel):
    methode_versie: str
    techniek: str
    schooljaren: list[int]
    regio_indeling: str
    indicatoren: list[IndicatorInfo]


class IndicatorTabel(BaseModel):
    indicator: str
    titel: str
    eenheid: str
    methode_versie: str
    techniek: str
    filters: dict[str, Any]
    notatie: dict[str, str]
    kolommen: list[str]
    rijen: list[dict[str, Any]]
    bronnen: list[str]


def _json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, default=str).encode()


def info(snap: Snapshot, g: Gepubliceerd) -> dict[str, Any]:
    i = g.indicator
    kolommen = g.tabel.column_names if g.tabel is not None else list(i.kolommen)
    return {
        "naam": i.naam,
        "titel": i.titel,
        "eenheid": i.eenheid,
        "definitie": i.definitie,
        "reproduceert": i.reproduceert,
        "sleutels": list(i.sleutels),
        "kolommen": kolommen,
        "per_regio": i.per_regio,
        "beschikbaar": g.beschikbaar,
        "ontbreekt": list(g.ontbreekt),
        "href": f"/api/v1/indicatoren/{i.naam}",
    }


def _check_parameters(request: Request, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        toegestaan = ", ".join(allowed) or "geen"
        raise ParameterError(f"onbekende parameter {', '.join(unknown)}; toegestaan: {toegestaan}")
    names = [name for name, _ in request.query_params.multi_items()]
    double = sorted({name for name in names if names.count(name) > 1})
    if double:
        raise ParameterError(f"parameter {', '.join(double)} mag maar één keer voorkomen")


@router.get(
    "/indicatoren",
    summary="Alle indicatoren van de monitor",
    responses={200: {"model": IndicatorLijst}},
)
async def indicatoren(request: Request) -> Response:
    _check_parameters(request, ())

    def make(snap: Snapshot) -> bytes:
        return _json(
            {
                "methode_versie": METHODE_VERSIE,
                "techniek": snap.techniek,
                "schooljaren": list(snap.jaren),
                "regio_indeling": "officieel"
                if snap.officieel
                else "demo-indeling, niet officieel",
                "indicatoren": [info(snap, g) for g in snap.indicatoren.values()],
            }
        )

    return gecached(request, make, "application/json")


@router.get(
    "/indicatoren/{naam}",
    summary="De gepubliceerde tabel van één indicator, eventueel gefilterd",
    responses={
        200: {"model": IndicatorTabel},
        400: {"description": "Ongeldige of onbekende parameter"},
        404: {"description": "Onbekende indicator, regio of niet geladen schooljaar"},
    },
)
async def indicator(
    request: Request,
    naam: Annotated[str, Path(pattern=NAAM, description="Naam uit /api/v1/indicatoren")],
    schooljaar: Annotated[
        int | None, Query(ge=1990, le=2100, description="Eerste kalenderjaar, 2019 = 2019/2020")
    ] = None,
    regio: Annotated[
        str | None, Query(pattern=CODE, description="Regiocode; NL = landelijk")
    ] = None,
    profiel: Annotated[str | None, Query(pattern=CODE, description="Profielcode, bv. PIE")] = None,
    leerweg: Annotated[
        str | None, Query(pattern=CODE, description="bb, kb, gl, tl of totaal")
    ] = None,
) -> Response:
    _check_parameters(request, FILTERS)
    filters = {"schooljaar": schooljaar, "regio": regio, "profiel": profiel, "leerweg": leerweg}

    def make(snap: Snapshot) -> bytes:
        g = snap.indicator(naam)
        rows = snap.rijen(naam, filters)
        return _json(
            {
                "indicator": naam,
                "titel": g.indicator.titel,
                "eenheid": g.indicator.eenheid,
                "methode_versie": METHODE_VERSIE,
                "techniek": snap.techniek,
                "filters": {k: v for k, v in filters.items() if v is not None},
                "notatie": NOTATIE,
                "kolommen": rows.column_names,
                "rijen": rows.to_pylist(),
                "bronnen": [b.bestand for b in g.herkomst.bronnen],
            }
        )

    return gecached(request, make, "application/json")


@router.get(
    "/bulk.zip",
    summary="Alle beschikbare indicatoren als CSV en Parquet in één zip",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
async def bulk(request: Request) -> Response:
    _check_parameters(request, ())
    disposition = 'attachment; filename="sto-monitor-indicatoren.zip"'
    return gecached(
        request, bulk_zip, "application/zip", headers={"Content-Disposition": disposition}
    )


def uitvoer(snap: Snapshot, g: Gepubliceerd) -> Uitvoer:
    assert g.tabel is not None
    bronnen = ", ".join(b.bestand for b in g.herkomst.bronnen)
    return indicator_uitvoer(g.indicator, g.tabel, techniek=snap.techniek, bronnen=bronnen)


def bulk_zip(snap: Snapshot) -> bytes:
    """One CSV and one Parquet file per indicator (already published), plus a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        lines = [
            "STO Monitor: alle indicatoren",
            f"methodeversie {METHODE_VERSIE}, techniekdefinitie {snap.techniek}",
            "",
            "Notatie:",
            *(f"  {k}: {v}" for k, v in NOTATIE.items()),
            "",
        ]
        for g in snap.indicatoren.values():
            if g.tabel is None:
                lines.append(f"{g.indicator.naam}: niet beschikbaar ({', '.join(g.ontbreekt)})")
                continue
            out = uitvoer(snap, g)
            # the stored table is already published; write it as is (no second suppression)
            z.writestr(f"csv/{g.indicator.naam}.csv", csv_tekst(g.tabel))
            parquet = io.BytesIO()
            schrijf_parquet(out, g.tabel, parquet)
            z.writestr(f"parquet/{g.indicator.naam}.parquet", parquet.getvalue())
            meta = metadata(out)
            lines.append(f"{g.indicator.naam}: {meta['titel']} ({g.tabel.num_rows} rijen)")
        z.writestr("LEESMIJ.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


pagina = APIRouter(include_in_schema=False)


@pagina.get("/api")
async def api_pagina(request: Request) -> Response:
    """Human-readable API documentation, built from the OpenAPI document (no CDN pages)."""

    def make(snap: Snapshot) -> str:
        return html(
            request,
            "api.html",
            snapshot=snap,
            openapi=request.app.openapi(),
            indicatoren=[info(snap, g) for g in snap.indicatoren.values()],
        )

    return gecached(request, make, "text/html; charset=utf-8")
