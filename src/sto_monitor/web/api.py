"""The open API: ``/api/v1``. JSON, documented by FastAPI's OpenAPI document.

Every answer is cut from the published (disclosure-controlled) tables of the snapshot, in the
typed open-data contract (``afscherming/tabel.getypeerd``): numbers are JSON numbers, and every
count ``c`` comes with ``c_min``, ``c_max`` and ``c_status`` (``<5``, ``interval``, ``x``);
a hidden share or change is null with ``_status`` ``x``. A filter combination that isolates a
small group answers with the same hidden cells as the whole table, never with the small
number. The OpenAPI document has a response schema per indicator (``contract.velden``), and
the bulk zip a Frictionless ``datapackage.json``. Unknown parameters, indicators, years and
regions get a 4xx answer that says what was wrong.
"""

from __future__ import annotations

import io
import json
import typing
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.definities import Definitie
from sto_monitor.indicators.registry import INDICATORS, METHODE_VERSIE
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.afscherming.tabel import STATUS
from sto_monitor.publicatie.contract import Veld, velden
from sto_monitor.publicatie.datapakket import Bron, datapakket
from sto_monitor.publicatie.export import (
    csv_tekst,
    let_op,
    rijen,
    schrijf_parquet,
    snapshot_uitvoer,
)
from sto_monitor.publicatie.gegevens import FILTERS, Gepubliceerd, Snapshot
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.web.render import DEFINITIE, gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(prefix="/api/v1", tags=["indicatoren"], dependencies=[toegang(Recht.OPENBAAR)])

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
    """What every indicator's answer holds besides its rows (``rijen``, typed per indicator)."""

    indicator: str
    titel: str
    eenheid: str
    methode_versie: str
    techniek: str
    filters: dict[str, str | int] = Field(description="De filters van de vraag")
    status: dict[str, str] = Field(description="Betekenis van de statuscodes in kolommen _status")
    kolommen: list[str]
    bronnen: list[str]
    synthetisch: bool = Field(
        description="Waar als de cijfers uit gegenereerde (synthetische) demogegevens komen"
    )
    let_op: str | None = Field(
        default=None,
        description="Alleen bij synthetische gegevens: dat het geen echte cijfers zijn",
    )


_TYPEN: dict[str, type] = {"integer": int, "number": float, "string": str, "boolean": bool}


def _literal(values: tuple[str, ...]) -> Any:
    """``Literal[values]`` for values known only at run time."""
    literal: Any = typing.Literal
    return literal[values]


def _veldtype(veld: Veld) -> Any:
    if veld.statussen:  # an enum also when there is one code (not pydantic's "const")
        codes = WithJsonSchema({"type": "string", "enum": list(veld.statussen)})
        return Annotated[_literal(veld.statussen), codes] | None
    return _TYPEN[veld.type] | None


def rij_model(indicator: Indicator) -> type[BaseModel]:
    """One row of the indicator's typed table: every column required, every value nullable."""
    fields: dict[str, Any] = {}
    for n, veld in enumerate(velden(indicator)):
        extra: Any = {"unit": veld.eenheid} if veld.eenheid else None
        info = Field(
            alias=veld.naam, title=veld.naam, description=veld.beschrijving, json_schema_extra=extra
        )
        fields[f"k{n}"] = (_veldtype(veld), info)
    model: type[BaseModel] = create_model(
        f"Rij_{indicator.naam}",
        __config__=ConfigDict(populate_by_name=True, extra="forbid"),
        **fields,
    )
    return model


def tabel_model(indicator: Indicator) -> type[BaseModel]:
    """The answer of ``/api/v1/indicatoren/{naam}`` for this indicator."""
    naam: Any = _literal((indicator.naam,))
    rijen_: Any = list[rij_model(indicator)]  # type: ignore[misc]
    model: type[BaseModel] = create_model(
        f"IndicatorTabel_{indicator.naam}",
        __base__=IndicatorTabel,
        __doc__=indicator.titel,
        indicator=(naam, ...),
        rijen=(rijen_, ...),
    )
    return model


def _antwoorden() -> Any:
    """One schema per indicator, told apart by the field ``indicator``."""
    modellen = tuple(tabel_model(i) for i in INDICATORS)
    union: Any = typing.Union
    return Annotated[union[modellen], Field(discriminator="indicator")]


def _json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, default=str, allow_nan=False).encode()


def info(snap: Snapshot, g: Gepubliceerd) -> dict[str, Any]:
    i = g.indicator
    kolommen = g.data.column_names if g.data is not None else [v.naam for v in velden(i)]
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
    allowed = (*allowed, DEFINITIE)  # every answer can be asked under another definition
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
    description=(
        "Getallen zijn JSON-getallen. Elke telling c staat in c (null als die niet exact bekend "
        "of afgeschermd is), c_min, c_max en c_status (null, <5, interval of x); een aandeel, "
        "verandering of afgeleide kolom die afgeschermd kan worden heeft s_status (null of x). "
        "Het schema van de rijen staat per indicator hieronder (IndicatorTabel_<naam>)."
    ),
    responses={
        200: {"model": _antwoorden(), "description": "De rijen die aan alle filters voldoen"},
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
    definitie: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z0-9+-]{1,60}$",
            description="Definitie: techniek (sto, harde-techniek, techniekpact), dan per "
            "afwijkende keuze +lj3-4 (leerjaar 3 en 4), +bb-kb (alleen bb en kb), "
            "+routes-overig (routes als eigen groep); standaard die van de monitor (sto)",
        ),
    ] = None,
) -> Response:
    del definitie  # read by render.snapshot; declared here for the documentation
    _check_parameters(request, FILTERS)
    filters = {"schooljaar": schooljaar, "regio": regio, "profiel": profiel, "leerweg": leerweg}

    def make(snap: Snapshot) -> bytes:
        g = snap.indicator(naam)
        data = snapshot_uitvoer(snap, naam, filters).data
        return _json(
            {
                "indicator": naam,
                "titel": g.indicator.titel,
                "eenheid": g.indicator.eenheid,
                "methode_versie": METHODE_VERSIE,
                "techniek": snap.techniek,
                "definitie": Definitie.van(snap.techniek).beschrijving(),
                "filters": {k: v for k, v in filters.items() if v is not None},
                "status": STATUS,
                "kolommen": data.column_names,
                "rijen": rijen(data),
                "bronnen": [b.bestand for b in g.herkomst.bronnen],
                "dekking": list(g.dekking),
                **let_op(snap),  # "synthetisch", and "let_op" when the numbers are generated
            }
        )

    return gecached(request, make, "application/json")


@router.get(
    "/bulk.zip",
    summary="Alle beschikbare indicatoren als CSV en Parquet in één zip, met datapackage.json",
    description=(
        "Per indicator csv/<naam>.csv en parquet/<naam>.parquet met dezelfde getypeerde kolommen "
        "als de JSON-antwoorden, plus een Frictionless datapackage.json (typen, beschrijvingen, "
        "eenheden, sleutels, licentie en bronnen) en LEESMIJ.txt."
    ),
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
async def bulk(request: Request) -> Response:
    _check_parameters(request, ())
    disposition = 'attachment; filename="sto-monitor-indicatoren.zip"'
    return gecached(
        request, bulk_zip, "application/zip", headers={"Content-Disposition": disposition}
    )


def bulk_zip(snap: Snapshot) -> bytes:
    """Per indicator a CSV and a Parquet file of its typed table, datapackage.json, a README."""
    buffer = io.BytesIO()
    bronnen: list[Bron] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        lines = [
            "STO Monitor: alle indicatoren",
            *([SYNTHETISCH] if snap.synthetisch else []),
            f"methodeversie {METHODE_VERSIE}; "
            f"definitie: {Definitie.van(snap.techniek).beschrijving()}",
            "",
            "Elke telling c staat in c (leeg als die niet exact bekend of afgeschermd is),",
            "c_min, c_max en c_status; een aandeel, verandering of afgeleide kolom die",
            "afgeschermd kan worden heeft een kolom _status ernaast.",
            "Typen, eenheden, sleutels, licentie en bronnen: datapackage.json.",
            "",
            "Status:",
            *(f"  {k}: {v}" for k, v in STATUS.items()),
            "",
        ]
        for g in snap.indicatoren.values():
            if g.data is None:
                # The missing sources in the reader's words, not as warehouse tables.
                ontbreekt = ", ".join(dict.fromkeys(bron_naam(t) for t in g.ontbreekt))
                lines.append(f"{g.indicator.titel}: niet beschikbaar ({ontbreekt})")
                continue
            out = snapshot_uitvoer(snap, g.indicator.naam)
            pad = f"csv/{g.indicator.naam}.csv"
            z.writestr(pad, csv_tekst(out.data))
            parquet = io.BytesIO()
            schrijf_parquet(out, parquet)
            z.writestr(f"parquet/{g.indicator.naam}.parquet", parquet.getvalue())
            bestanden = tuple(b.bestand for b in g.herkomst.bronnen)
            bronnen.append(Bron(g.indicator, out.data, pad, bestanden))
            lines.append(f"{g.indicator.naam}: {g.indicator.titel} ({out.data.num_rows} rijen)")
        pakket = datapakket(bronnen, techniek=snap.techniek)
        z.writestr("datapackage.json", json.dumps(pakket, ensure_ascii=False, indent=2) + "\n")
        z.writestr("LEESMIJ.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


pagina = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])


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
