"""The public search of the kennisbank: ``GET /kennisbank``.

A plain GET form (no JavaScript): the question ``q`` and, per facet (soort, profiel, thema,
regio, niveau), checkboxes with the number of items found for each value. The whole state is
in the query string, so a search is a link to keep or send. The domain
(``kennisbank.zoeken.zoek``) stems the Dutch words, filters and ranks: items used by more
regions first. The first :data:`LIMIET` results are shown, with "eerste 50 van N" above them;
an empty question lists everything published, most used and newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.kennisbank import lezen
from sto_monitor.kennisbank.zoeken import FACETTEN, Resultaat, zoek
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.web.pages.kennisbank.gedeeld import (
    FACET_NAAM,
    Weergave,
    db,
    naam_van,
    openbaar,
    weergave,
)
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)
LIMIET = 50
MAX_KEUZES = 30  # chosen values per facet
Keuzes = Annotated[list[str], Query(max_length=60)]


@dataclass(frozen=True)
class Waarde:
    code: str
    naam: str
    aantal: int
    gekozen: bool


@dataclass(frozen=True)
class Facet:
    naam: str  # the query parameter
    titel: str
    waarden: tuple[Waarde, ...]
    gekozen: int  # how many of its values are chosen (an open <details> then)


def _facetten(snap: Snapshot, resultaat: Resultaat, filters: dict[str, list[str]]) -> list[Facet]:
    """Every facet with its counts; a chosen value stays in the list even at zero."""
    uit = []
    for facet in FACETTEN:
        gekozen = filters.get(facet, [])
        tellingen = dict(resultaat.facetten.get(facet, ()))
        for code in gekozen:
            tellingen.setdefault(code, 0)
        waarden = sorted(
            (Waarde(c, naam_van(snap, facet, c), n, c in gekozen) for c, n in tellingen.items()),
            key=lambda w: (-w.aantal, w.naam.lower()),
        )
        uit.append(Facet(facet, FACET_NAAM[facet], tuple(waarden), len(gekozen)))
    return uit


@router.get("/kennisbank", dependencies=[toegang(Recht.OPENBAAR)])
async def zoeken(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    soort: Keuzes = [],  # noqa: B006 (FastAPI copies the default)
    profiel: Keuzes = [],  # noqa: B006
    thema: Keuzes = [],  # noqa: B006
    regio: Keuzes = [],  # noqa: B006
    niveau: Keuzes = [],  # noqa: B006
) -> Response:
    snap = snapshot(request)
    gekozen = {"soort": soort, "profiel": profiel, "thema": thema, "regio": regio}
    gekozen["niveau"] = niveau
    filters = {f: list(dict.fromkeys(w))[:MAX_KEUZES] for f, w in gekozen.items() if w}
    database = app_db(request)

    def werk() -> tuple[Resultaat, list[Weergave]]:
        resultaat = zoek(database, q, filters, limiet=LIMIET)
        items = lezen.gepubliceerde_items(database, [t.id for t in resultaat.treffers])
        lijst = [weergave(items[t.id], snap) for t in resultaat.treffers if t.id in items]
        return resultaat, lijst

    resultaat, treffers = await db(werk)
    return openbaar(
        request,
        "kennisbank_zoeken.html",
        snapshot=snap,
        vraag=q,
        resultaat=resultaat,
        treffers=treffers,
        facetten=_facetten(snap, resultaat, filters),
        gefilterd=bool(filters),
        limiet=LIMIET,
    )
