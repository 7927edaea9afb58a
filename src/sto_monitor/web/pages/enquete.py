"""The survey form (``/enquete/{token}``), its beheer pages and the public results.

Answers, invitation links and waves live in the application database (``app.state.app_db``,
``survey/uitnodiging.py``): a POST saves the region's answers and its audit record in one
transaction there. These pages never open the warehouse, so a form works while ``sto ingest``
or ``sto build`` writes it; the regions' names come from the published snapshot. Reads are
current (not the snapshot's copy, which ``sto build`` refreshes). When the application
database cannot be reached, the page answers 503 and the form keeps what was typed.
Nothing here is cached (``Cache-Control: no-store``); the token in the path is the secret, so
pages send no Referer to other sites (``Referrer-Policy: same-origin``). A POST whose Origin
or Referer names another host is refused (403). No rate limiting (out of scope).

Beheer (``/enquete/beheer/{golf}``): for the `landelijk` role (``accounts/beleid.py``), signed
in like every other account. Results
(``/enquete/resultaten/{golf}``): submitted responses only, through ``survey.analyse``
(nothing for fewer than 5 respondents) and the survey's disclosure control.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from sto_monitor.accounts.beleid import Recht
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import AppDatabaseError
from sto_monitor.publicatie.afscherming.enquete import publiceer_enquete
from sto_monitor.survey import opslag
from sto_monitor.survey.analyse import MIN_RESPONDENTEN, Antwoorden, analyseer, opties_van
from sto_monitor.survey.uitnodiging import (
    GolfGesloten,
    Respons,
    Toegang,
    antwoord_label,
    bewaar_respons,
    lees_formulier,
    lees_respons,
    onbeantwoord,
    overzicht,
    toegang,
)
from sto_monitor.survey.vragenlijst import Vragenlijst, beschikbare_golven, laad
from sto_monitor.web import toegang as webtoegang
from sto_monitor.web.render import foutpagina, html

router = APIRouter(include_in_schema=False)
# The form behind an invitation link is public: the token in the path is the secret, and a
# forged form on another site cannot know it (the Origin check below refuses it too).
UITNODIGING = webtoegang.toegang(Recht.OPENBAAR, csrf=False)

MAX_BODY = 64 * 1024
GEEN_TOEGANG = (
    "Deze enquêtelink is niet (meer) geldig. Controleer de link of vraag het landelijk team "
    "om een nieuwe."
)
BEZET = (
    "De database is even niet bereikbaar. Probeer het over een minuut opnieuw; uw antwoorden "
    "staan nog in het formulier."
)
NIET_NU = "De database is even niet bereikbaar. Probeer het over een minuut opnieuw."
KOPPEN = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex",
}
Golf = Annotated[int, Path(ge=2000, le=2100)]
T = TypeVar("T")


class Bezet(Exception):
    """The application database cannot be reached now."""


async def met_db(request: Request, werk: Callable[[AppDatabase], T]) -> T:
    """Run ``werk`` on the application database in a worker thread (it blocks)."""
    app_db: AppDatabase = request.app.state.app_db

    def run() -> T:
        try:
            return werk(app_db)
        except (OperationalError, AppDatabaseError) as exc:
            raise Bezet from exc

    return await run_in_threadpool(run)


def namen(request: Request) -> dict[str, str]:
    """Every region's name, from the published snapshot (the warehouse is not opened)."""
    return {code: r.naam for code, r in request.app.state.bron.snapshot().regios.items()}


def pagina(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return HTMLResponse(html(request, template, **context), status_code=status, headers=KOPPEN)


def fout(request: Request, status: int, melding: str, **koppen: str) -> Response:
    return HTMLResponse(
        foutpagina(request, status, melding), status_code=status, headers={**KOPPEN, **koppen}
    )


# ---------------------------------------------------------------- the form


def _formulier(
    request: Request,
    token: str,
    t: Toegang,
    waarden: dict[str, str],
    respons: Respons,
    *,
    status: int = 200,
    melding: str = "",
    fouten: list[str] | None = None,
    open_vragen: list[str] | None = None,
) -> Response:
    vl = laad(t.golf)
    return pagina(
        request,
        "enquete_formulier.html",
        status=status,
        token=token,
        toegang=t,
        vl=vl,
        blokken=_blokken(vl),
        waarden=waarden,
        respons=respons,
        melding=melding,
        fouten=fouten or [],
        onbeantwoord=open_vragen or [],
        label=lambda item, w: antwoord_label(vl, item, w),
    )


def _blokken(vl: Vragenlijst) -> list[dict[str, Any]]:
    """Blocks of the form; the single questions form a last block, one per scale's question."""

    def item(i: Any) -> dict[str, Any]:
        schaal = vl.schalen[i.schaal]
        return {"item": i, "soort": schaal.soort, "opties": opties_van(schaal)}

    blokken = [
        {"id": b.id, "titel": b.titel, "items": [item(i) for i in b.items]} for b in vl.blokken
    ]
    if vl.vragen:
        blokken.append({"id": "overig", "titel": "", "items": [item(i) for i in vl.vragen]})
    return blokken


def _als_tekst(antwoorden: dict[str, int | str]) -> dict[str, str]:
    return {k: str(v) for k, v in antwoorden.items()}


@router.get("/enquete/resultaten", dependencies=[webtoegang.toegang(Recht.OPENBAAR)])
async def resultaten_nieuwste(request: Request) -> Response:
    """The results of the newest wave (the menu links here)."""
    golven = beschikbare_golven()
    if not golven:
        return fout(request, 404, "er is nog geen enquête")
    return RedirectResponse(f"/enquete/resultaten/{golven[-1]}", status_code=307)


@router.get("/enquete/{token}", dependencies=[UITNODIGING])
async def formulier(request: Request, token: Annotated[str, Path(max_length=200)]) -> Response:
    regio_namen = namen(request)

    def lees(app_db: AppDatabase) -> tuple[Toegang, Respons] | None:
        t = toegang(app_db, token, regio_namen)
        return None if t is None else (t, lees_respons(app_db, t.golf, t.regio))

    try:
        gevonden = await met_db(request, lees)
    except Bezet:
        return fout(request, 503, NIET_NU)
    if gevonden is None:
        return fout(request, 404, GEEN_TOEGANG)
    t, respons = gevonden
    opgeslagen = request.query_params.get("opgeslagen")
    melding, open_vragen = "", []
    if opgeslagen == "concept":
        melding = "Uw concept is opgeslagen. U kunt later verder met deze link."
    elif opgeslagen == "ingediend":
        melding = "Dank u wel: uw antwoorden zijn verstuurd."
        open_vragen = [i.tekst for i in onbeantwoord(laad(t.golf), respons.antwoorden)]
    return _formulier(
        request,
        token,
        t,
        _als_tekst(respons.antwoorden),
        respons,
        melding=melding,
        open_vragen=open_vragen,
    )


def _zelfde_herkomst(request: Request) -> bool:
    """CSRF check: an Origin or Referer header, when present, names this host."""
    host = request.headers.get("host", "")
    for kop in ("origin", "referer"):
        waarde = request.headers.get(kop)
        if waarde:
            return urlsplit(waarde).netloc == host
    return True


async def _velden(request: Request) -> dict[str, str] | None:
    """The form's fields (application/x-www-form-urlencoded); None when too large."""
    lengte = request.headers.get("content-length", "0")
    if not lengte.isdigit() or int(lengte) > MAX_BODY:
        return None
    body = b""
    async for deel in request.stream():
        body += deel
        if len(body) > MAX_BODY:
            return None
    ruw = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in ruw.items()}


@router.post("/enquete/{token}", dependencies=[UITNODIGING])
async def bewaar(request: Request, token: Annotated[str, Path(max_length=200)]) -> Response:
    if not _zelfde_herkomst(request):
        return fout(
            request, 403, "Dit formulier kan alleen vanaf het dashboard zelf worden verstuurd."
        )
    velden = await _velden(request)
    if velden is None:
        return fout(request, 413, "Het formulier is te groot om op te slaan.")
    actie = "ingediend" if velden.get("actie") == "versturen" else "concept"
    regio_namen = namen(request)

    def opslaan(app_db: AppDatabase) -> tuple[str, Any]:
        t = toegang(app_db, token, regio_namen)
        if t is None:
            return "geen", None
        vl = laad(t.golf)
        antwoorden, problemen = lees_formulier(vl, velden)
        if problemen:
            return "ongeldig", (t, problemen)
        if t.gesloten:
            return "gesloten", (t, lees_respons(app_db, t.golf, t.regio))
        try:
            return "ok", bewaar_respons(app_db, t.golf, t.regio, antwoorden, actie, vl)
        except GolfGesloten:
            return "gesloten", (t, lees_respons(app_db, t.golf, t.regio))

    try:
        uitkomst, data = await met_db(request, opslaan)
    except Bezet:
        # The token cannot be checked now either; the page shows only what was posted (the
        # questionnaire of the posted wave and the user's own input), nothing stored.
        golf = velden.get("golf", "")
        if not golf.isdigit() or int(golf) not in beschikbare_golven():
            return fout(request, 503, NIET_NU)
        t = Toegang(int(golf), "", "", False)
        return _formulier(request, token, t, velden, Respons(None), status=503, fouten=[BEZET])
    if uitkomst == "geen":
        return fout(request, 404, GEEN_TOEGANG)
    if uitkomst == "ongeldig":
        t, problemen = data
        return _formulier(request, token, t, velden, Respons(None), status=400, fouten=problemen)
    if uitkomst == "gesloten":
        t, respons = data
        gesloten = Toegang(t.golf, t.regio, t.naam, True)
        melding = (
            "De enquête is gesloten; wijzigen kan niet meer. Dit zijn uw opgeslagen antwoorden."
        )
        return _formulier(
            request,
            token,
            gesloten,
            _als_tekst(respons.antwoorden),
            respons,
            status=409,
            fouten=[melding],
        )
    return RedirectResponse(f"/enquete/{token}?opgeslagen={data}", status_code=303, headers=KOPPEN)


# ---------------------------------------------------------------- beheer


@router.get("/enquete/beheer/{golf}", dependencies=[webtoegang.toegang(Recht.ENQUETE_BEHEREN)])
async def beheer(request: Request, golf: Golf) -> Response:
    if golf not in beschikbare_golven():
        return fout(request, 404, f"geen vragenlijst voor golf {golf}")
    try:
        regio_namen = namen(request)
        rijen = await met_db(request, lambda app_db: overzicht(app_db, golf, regio_namen))
    except Bezet:
        return fout(request, 503, NIET_NU)
    telling = {
        s: sum(1 for r in rijen if r["status"] == s) for s in ("geen", "concept", "ingediend")
    }
    return pagina(
        request, "enquete_beheer.html", golf=golf, vl=laad(golf), rijen=rijen, telling=telling
    )


@router.get(
    "/enquete/beheer/{golf}/{regio}", dependencies=[webtoegang.toegang(Recht.ENQUETE_BEHEREN)]
)
async def beheer_regio(
    request: Request, golf: Golf, regio: Annotated[str, Path(max_length=64)]
) -> Response:
    if golf not in beschikbare_golven():
        return fout(request, 404, f"geen vragenlijst voor golf {golf}")

    naam = namen(request).get(regio)
    try:
        respons = await met_db(request, lambda app_db: lees_respons(app_db, golf, regio))
    except Bezet:
        return fout(request, 503, NIET_NU)
    if naam is None and respons.status is None:
        return fout(request, 404, f"regio {regio} bestaat niet")
    vl = laad(golf)
    return pagina(
        request,
        "enquete_beheer_regio.html",
        golf=golf,
        regio=regio,
        naam=naam or regio,
        vl=vl,
        respons=respons,
        label=lambda item, w: antwoord_label(vl, item, w),
    )


# ---------------------------------------------------------------- public results


@router.get("/enquete/resultaten/{golf}", dependencies=[webtoegang.toegang(Recht.OPENBAAR)])
async def resultaten(request: Request, golf: Golf) -> Response:
    golven = beschikbare_golven()
    if golf not in golven:
        return fout(request, 404, f"geen enquête voor golf {golf}")
    eerder = [g for g in golven if g < golf]
    vorige_golf = eerder[-1] if eerder else None

    def lees(app_db: AppDatabase) -> tuple[Antwoorden, Antwoorden]:
        nu = opslag.antwoorden(app_db, golf)
        vorig = opslag.antwoorden(app_db, vorige_golf) if vorige_golf is not None else {}
        return nu, vorig

    try:
        antwoorden, vorige = await met_db(request, lees)
    except Bezet:
        return fout(request, 503, NIET_NU)
    vl = laad(golf)
    vl_vorige = laad(vorige_golf) if vorige and vorige_golf is not None else None
    analyse, _ = publiceer_enquete(
        analyseer(vl, antwoorden, vorige_vragenlijst=vl_vorige, vorige=vorige or None),
        vl,
        vl_vorige,
    )
    return pagina(
        request,
        "enquete_resultaten.html",
        golf=golf,
        vl=vl,
        analyse=analyse,
        minimum=MIN_RESPONDENTEN,
    )
