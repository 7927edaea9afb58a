"""The region writes: the editor of a draft, saving it, submitting it, and the draft's files.

``GET /regio/{regio}/documenten/{soort}/{schooljaar}`` shows every section with the
commission's question, a text field holding the draft and the figures filled in beside it with
their provenance; a ``POST`` to the same address saves the draft (a plain form: it works
without JavaScript), ``POST …/indienen`` saves and submits it as the next version. On any error
the page comes back with everything typed still in the fields. Only a `regio` account on its
own regio (``REGIODOCUMENT_SCHRIJVEN``); ``opslag.py`` asks the policy again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import ParameterError
from sto_monitor.planner import ondergrens
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.regiodocument import opslag
from sto_monitor.regiodocument.inhoud import Document, maak
from sto_monitor.regiodocument.secties import MAX_TEKST, Soort
from sto_monitor.web.pages.regiodocument.gedeeld import (
    GEDAAN,
    Regiocode,
    Schooljaar,
    Soortnaam,
    bestand,
    db,
    jaar_van,
    pad,
    pagina,
    soort_van,
    wie,
)
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier, toegang

router = APIRouter(include_in_schema=False)
SCHRIJVEN = [toegang(Recht.REGIODOCUMENT_SCHRIJVEN)]
VELD = "tekst-"  # form field of a section's text: tekst-<section id>
Gedaan = Annotated[str | None, Query(max_length=20)]


def _grens(database: AppDatabase, regio: str) -> tuple[int, bool]:
    return ondergrens.lees(database, regio), ondergrens.is_eigen(database, regio)


async def _document(
    request: Request, snap: Snapshot, regio: str, s: Soort, jaar: int, teksten: dict[str, str]
) -> Document:
    database = app_db(request)
    grens = await db(lambda: _grens(database, regio))
    return maak(snap, regio, s.soort, jaar, teksten, ondergrens=grens)


async def _editor(
    request: Request,
    snap: Snapshot,
    regio: str,
    s: Soort,
    jaar: int,
    *,
    teksten: dict[str, str],
    kenmerk: str,
    fout: str | None = None,
    melding: str | None = None,
    status: int = 200,
) -> Response:
    d = await _document(request, snap, regio, s, jaar, teksten)
    database, ik = app_db(request), wie(request)
    versies = await db(lambda: opslag.versies(database, ik, regio, s.soort, jaar))
    return pagina(
        request,
        "regiodocument_editor.html",
        status,
        snapshot=snap,
        regio=snap.regio(regio),
        d=d,
        basis=pad(regio, s.soort, jaar),
        kenmerk=kenmerk,
        versies=versies,
        fout=fout,
        melding=melding,
        max_tekst=MAX_TEKST,
        veld=VELD,
    )


@router.get("/regio/{regio}/documenten/{soort}/{schooljaar}", dependencies=SCHRIJVEN)
async def editor(
    request: Request,
    regio: Regiocode,
    soort: Soortnaam,
    schooljaar: Schooljaar,
    gedaan: Gedaan = None,
) -> Response:
    snap = snapshot(request)
    r, s = snap.regio(regio), soort_van(soort)  # unknown: 404
    database, ik = app_db(request), wie(request)
    concept = await db(lambda: opslag.concept(database, ik, r.code, s.soort, schooljaar))
    if concept.gewijzigd is None:
        jaar_van(snap, schooljaar)  # a new draft: only about a year the figures can show
    return await _editor(
        request,
        snap,
        r.code,
        s,
        schooljaar,
        teksten=dict(concept.teksten),
        kenmerk=concept.kenmerk,
        melding=GEDAAN.get(gedaan or ""),
    )


def _teksten(velden: dict[str, str], s: Soort) -> dict[str, str]:
    return {id: velden[VELD + id] for id in s.ids if VELD + id in velden}


@router.post("/regio/{regio}/documenten/{soort}/{schooljaar}", dependencies=SCHRIJVEN)
async def bewaar(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar
) -> Response:
    return await _schrijf(request, regio, soort, schooljaar, indienen=False)


@router.post("/regio/{regio}/documenten/{soort}/{schooljaar}/indienen", dependencies=SCHRIJVEN)
async def indienen(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar
) -> Response:
    return await _schrijf(request, regio, soort, schooljaar, indienen=True)


async def _schrijf(
    request: Request, regio: str, soortnaam: str, schooljaar: int, *, indienen: bool
) -> Response:
    snap = snapshot(request)
    r, s = snap.regio(regio), soort_van(soortnaam)
    velden = await formulier(request)
    teksten = _teksten(velden, s)
    kenmerk = velden.get("kenmerk")
    database, ik = app_db(request), wie(request)
    try:
        if not kenmerk:  # a new draft: only about a year the figures can show
            jaar_van(snap, schooljaar)
        if indienen:
            versie = await db(
                lambda: opslag.dien_in(
                    database, ik, snap, r.code, s.soort, schooljaar, teksten, kenmerk=kenmerk
                )
            )
            naar = f"{pad(r.code, s.soort, schooljaar)}/versie/{versie.nummer}?gedaan=ingediend"
        else:
            await db(
                lambda: opslag.bewaar_concept(
                    database, ik, r.code, s.soort, schooljaar, teksten, kenmerk=kenmerk
                )
            )
            anker = velden.get("naar", "")
            terug = f"#sectie-{anker}" if anker in s.ids else ""
            naar = f"{pad(r.code, s.soort, schooljaar)}?gedaan=bewaard{terug}"
    except ParameterError as fout:
        # Everything typed comes back; after a change made elsewhere (Gewijzigd) the next save
        # deliberately replaces that version.
        gewijzigd = isinstance(fout, opslag.Gewijzigd)
        opgeslagen = await db(lambda: opslag.concept(database, ik, r.code, s.soort, schooljaar))
        return await _editor(
            request,
            snap,
            r.code,
            s,
            schooljaar,
            teksten={**opgeslagen.teksten, **teksten},
            kenmerk=opgeslagen.kenmerk if gewijzigd else kenmerk or "",
            fout=str(fout),
            status=409 if gewijzigd else 400,
        )
    return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)


@router.get("/regio/{regio}/documenten/{soort}/{schooljaar}/concept.pdf", dependencies=SCHRIJVEN)
async def concept_pdf(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar
) -> Response:
    return await _concept_bestand(request, regio, soort, schooljaar, "pdf")


@router.get("/regio/{regio}/documenten/{soort}/{schooljaar}/concept.docx", dependencies=SCHRIJVEN)
async def concept_docx(
    request: Request, regio: Regiocode, soort: Soortnaam, schooljaar: Schooljaar
) -> Response:
    return await _concept_bestand(request, regio, soort, schooljaar, "docx")


async def _concept_bestand(
    request: Request, regio: str, soortnaam: str, schooljaar: int, formaat: str
) -> Response:
    snap = snapshot(request)
    r, s = snap.regio(regio), soort_van(soortnaam)
    database, ik = app_db(request), wie(request)
    concept = await db(lambda: opslag.concept(database, ik, r.code, s.soort, schooljaar))
    if concept.gewijzigd is None:
        jaar_van(snap, schooljaar)
    d = await _document(request, snap, r.code, s, schooljaar, dict(concept.teksten))
    return await bestand(d, formaat)
