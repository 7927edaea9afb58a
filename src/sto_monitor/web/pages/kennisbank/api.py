"""The kennisbank in the open API: search (``/api/v1/kennisbank``) and one item.

As the rest of ``/api/v1`` (``web/api.py``): public (``OPENBAAR``, no session read), JSON, the
answers described in the OpenAPI document (``/api/v1/openapi.json``, and so on the API page),
unknown or repeated parameters a 400 that says which, an unknown id a 404, links as paths on
this site (``href``). Only published items: search is ``kennisbank.zoeken.zoek`` with the same
question ``q`` and facet filters as the search page; one item comes with its licence address,
links, the download address of each file and the regions that use it. Not in the snapshot's
page cache, because a moderation must show at once: ``no-cache`` with an ETag instead.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sto_monitor.accounts.beleid import Recht
from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden, lezen
from sto_monitor.kennisbank.bestanden import Bestand
from sto_monitor.kennisbank.item import LICENTIES, SOORTEN, Item
from sto_monitor.kennisbank.oai_dc import platte_tekst
from sto_monitor.kennisbank.zoeken import FACETTEN, MAX_LIMIET, zoek
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.web.pages.kennisbank.gedeeld import db, naam_van
from sto_monitor.web.render import snapshot, vers
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(prefix="/api/v1", tags=["kennisbank"], dependencies=[toegang(Recht.OPENBAAR)])
MAX_KEUZES, MAX_WAARDE = 30, 60
Keuzes = Annotated[list[str], Query(description="Filter; mag herhaald worden")]
TOEGESTAAN = ("q", *FACETTEN, "limiet")


class Treffer(BaseModel):
    id: int
    titel: str
    soort: str = Field(description="Code van de soort, bv. lesmateriaal")
    soort_naam: str
    regio: str = Field(description="Code van de regio die het deelde; landelijk = geen regio")
    gebruikt_door: int = Field(description="Aantal regio's dat meldt dit te gebruiken")
    gepubliceerd: str | None = Field(description="Moment van publicatie (ISO 8601, UTC)")
    href: str = Field(description="Het item in deze API")
    pagina: str = Field(description="De pagina van het item")


class Waarde(BaseModel):
    waarde: str
    naam: str
    aantal: int


class Zoekresultaat(BaseModel):
    vraag: str
    totaal: int = Field(description="Aantal gevonden items (alle, niet alleen de getoonde)")
    items: list[Treffer]
    facetten: dict[str, list[Waarde]] = Field(
        description="Per facet (soort, profiel, thema, regio, niveau) de waarden met aantallen"
    )


class Code(BaseModel):
    code: str
    naam: str


class BestandInfo(BaseModel):
    naam: str
    soort: str
    media_type: str
    grootte: int = Field(description="In bytes")
    sha256: str
    href: str = Field(description="Downloadadres")


class Kennisitem(BaseModel):
    id: int
    titel: str
    samenvatting: str = Field(description="Markdown (de veilige deelverzameling)")
    samenvatting_tekst: str = Field(description="Dezelfde samenvatting als platte tekst")
    soort: Code
    licentie: Code
    licentie_url: str
    regio: Code = Field(description="De regio die het deelde")
    regios: list[Code] = Field(description="De regio's waar het over gaat")
    profielen: list[Code]
    themas: list[Code]
    niveaus: list[Code]
    links: list[str]
    bestanden: list[BestandInfo]
    gebruikt_door: list[Code] = Field(description="De regio's die melden dit te gebruiken")
    contact: str
    bron: str | None = Field(description="Landelijke bron waaruit het is overgenomen, of null")
    gepubliceerd: str | None
    gewijzigd: str
    pagina: str


def _json(request: Request, document: Any) -> Response:
    data = json.dumps(document, ensure_ascii=False, allow_nan=False)
    return vers(request, data, "application/json")


def _controleer(request: Request, toegestaan: tuple[str, ...], meer: tuple[str, ...]) -> None:
    onbekend = sorted(set(request.query_params) - set(toegestaan))
    if onbekend:
        raise ParameterError(
            f"onbekende parameter {', '.join(onbekend)}; toegestaan: {', '.join(toegestaan)}"
        )
    namen = [n for n, _ in request.query_params.multi_items()]
    dubbel = sorted({n for n in namen if namen.count(n) > 1 and n not in meer})
    if dubbel:
        raise ParameterError(f"parameter {', '.join(dubbel)} mag maar één keer voorkomen")


def _tijd(k: KennisItem, veld: str) -> str | None:
    moment = getattr(k, veld)
    return moment.isoformat() if moment is not None else None


@router.get(
    "/kennisbank",
    summary="Zoeken in de kennisbank (alleen gepubliceerde items), met facetten",
    description=(
        "Zoekt in het Nederlands: woorden worden tot hun stam teruggebracht en elk woord van q "
        "moet voorkomen (lassen vindt laswerk). Filters per facet mogen herhaald worden; een "
        "item voldoet als het één van de gekozen waarden van elk gekozen facet heeft. Volgorde: "
        "eerst items die door meer regio's worden gebruikt, dan de nieuwste."
    ),
    responses={200: {"model": Zoekresultaat}, 400: {"description": "Ongeldige parameter"}},
)
async def zoeken(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="Zoekwoorden; leeg = alles")] = "",
    soort: Keuzes = [],  # noqa: B006 (FastAPI copies the default)
    profiel: Keuzes = [],  # noqa: B006
    thema: Keuzes = [],  # noqa: B006
    regio: Keuzes = [],  # noqa: B006
    niveau: Keuzes = [],  # noqa: B006
    limiet: Annotated[
        int, Query(ge=1, le=MAX_LIMIET, description=f"Aantal items, 1 tot {MAX_LIMIET}")
    ] = 20,
) -> Response:
    _controleer(request, TOEGESTAAN, FACETTEN)
    filters = {"soort": soort, "profiel": profiel, "thema": thema, "regio": regio}
    filters["niveau"] = niveau
    for facet, waarden in filters.items():
        if len(waarden) > MAX_KEUZES or any(len(w) > MAX_WAARDE for w in waarden):
            raise ParameterError(
                f"parameter {facet}: hoogstens {MAX_KEUZES} waarden van elk hoogstens "
                f"{MAX_WAARDE} tekens"
            )
    snap, database = snapshot(request), app_db(request)
    resultaat = await db(lambda: zoek(database, q, filters, limiet))
    return _json(
        request,
        {
            "vraag": q,
            "totaal": resultaat.totaal,
            "items": [
                {
                    "id": t.id,
                    "titel": t.titel,
                    "soort": t.soort,
                    "soort_naam": SOORTEN.get(t.soort, t.soort),
                    "regio": t.regio,
                    "gebruikt_door": t.gebruikt_door,
                    "gepubliceerd": t.gepubliceerd.isoformat() if t.gepubliceerd else None,
                    "href": f"/api/v1/kennisbank/{t.id}",
                    "pagina": f"/kennisbank/{t.id}",
                }
                for t in resultaat.treffers
            ],
            "facetten": {
                f: [
                    {"waarde": w, "naam": naam_van(snap, f, w), "aantal": n}
                    for w, n in resultaat.facetten.get(f, ())
                ]
                for f in FACETTEN
            },
        },
    )


def _item(
    snap: Snapshot,
    k: KennisItem,
    lijst: list[Bestand],
    gebruikers: list[str],
    bron: str | None,
) -> dict[str, Any]:
    item = Item.uit_json(k.inhoud)

    def codes(facet: str, waarden: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
        return [{"code": w, "naam": naam_van(snap, facet, w)} for w in waarden]

    licentie = LICENTIES.get(item.licentie, ("", ""))
    return {
        "id": k.id,
        "titel": item.titel,
        "samenvatting": item.samenvatting,
        "samenvatting_tekst": platte_tekst(item.samenvatting),
        "soort": codes("soort", [item.soort])[0],
        "licentie": {"code": item.licentie, "naam": licentie[0]},
        "licentie_url": licentie[1],
        "regio": codes("regio", [k.regio])[0],
        "regios": codes("regio", item.regios),
        "profielen": codes("profiel", item.profielen),
        "themas": codes("thema", item.themas),
        "niveaus": codes("niveau", item.niveaus),
        "links": list(item.links),
        "bestanden": [
            {
                "naam": b.naam,
                "soort": b.soort,
                "media_type": b.media_type,
                "grootte": b.grootte,
                "sha256": b.sha256,
                "href": b.url,
            }
            for b in lijst
        ],
        "gebruikt_door": codes("regio", gebruikers),
        "contact": item.contact,
        "bron": bron,
        "gepubliceerd": _tijd(k, "gepubliceerd"),
        "gewijzigd": _tijd(k, "gewijzigd"),
        "pagina": f"/kennisbank/{k.id}",
    }


@router.get(
    "/kennisbank/{item:int}",
    summary="Eén gepubliceerd item van de kennisbank, met licentie, links, bestanden en gebruik",
    responses={200: {"model": Kennisitem}, 404: {"description": "Geen gepubliceerd item"}},
)
async def kennisitem(
    request: Request,
    item: Annotated[int, Path(description="Het id uit /api/v1/kennisbank")],
) -> Response:
    _controleer(request, (), ())
    snap, database = snapshot(request), app_db(request)

    def werk() -> tuple[KennisItem, list[Bestand], list[str], str | None]:
        k = lezen.gepubliceerd_item(database, item)  # a concept or refused item: 404
        return (
            k,
            bestanden.van_item(database, item),
            lezen.gebruikt_door(database, item),
            lezen.bron_van(database, item),
        )

    k, lijst, gebruikers, bron = await db(werk)
    return _json(request, _item(snap, k, lijst, gebruikers, bron))
