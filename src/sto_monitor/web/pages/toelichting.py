"""A region's (or school's) toelichting on its figures: write, publish, hide, history.

``/regio/{regio}/toelichting/nieuw`` and ``/vestiging/{vestiging}/toelichting/nieuw`` show the
form, a POST to ``/regio/{regio}/toelichting`` or ``/vestiging/{vestiging}/toelichting`` (fields
``csrf``, ``onderwerp``, ``schooljaar``, ``tekst``, ``actie`` = ``concept`` | ``publiceren``)
saves it; the regio of a vestiging is the one of the published snapshot. One toelichting by its
id: ``/toelichting/{id}/bewerken`` and a POST to ``/toelichting/{id}`` (``tekst``, ``actie``),
a POST to ``/toelichting/{id}/verbergen`` (``reden``; the national team) and
``/toelichting/{id}/geschiedenis``. Those routes declare the right without an object (may the
role hold it at all: ``TOELICHTING_SCHRIJVEN``, ``TOELICHTING_VERBERGEN``, ``REGIO_INTERN``);
the handler then loads the toelichting and asks the policy about its own regio and vestiging
(``vereis_object``), and the domain API asks again. After a write: 303 to Mijn regio.

Every page here is private (``GEEN_OPSLAG``) and never cached. A write drops the region's
cached public pages at once (``toelichting/verversen.py``); this router's lifespan runs the
thread that notices other processes' writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from sto_monitor.accounts.beleid import ROL_NAAM, Actor, Recht, Rol, besluit
from sto_monitor.appdb.tabellen import Gebruiker, Toelichting
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot, Vestiging
from sto_monitor.toelichting import onderwerpen, opslag, verversen
from sto_monitor.toelichting.opmaak import MAX_REDEN, MAX_TEKST, STATUS, html, tijdstip, weergave
from sto_monitor.web.render import html as pagina_html
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import (
    GEEN_OPSLAG,
    app_db,
    csrf_token,
    formulier,
    toegang,
    vereis_object,
)

T = TypeVar("T")


@asynccontextmanager
async def bewaking(app: FastAPI) -> AsyncIterator[None]:
    """While the server runs: notice other processes' writes (``verversen.Bewaker``)."""
    state = getattr(app, "state", None)
    database = getattr(state, "app_db", None)
    if database is None:
        yield
        return
    settings = getattr(state, "settings", None)
    if settings is not None:
        opslag.registreer(settings.db, database)
    bronnen = getattr(state, "bronnen", None)
    lus = asyncio.get_running_loop()
    bewaker = verversen.Bewaker(
        database,
        interval=getattr(bronnen, "interval", 2.0),
        uitvoeren=lus.call_soon_threadsafe,  # drops run on the event loop, as the cache does
    )
    bewaker.start()
    try:
        yield
    finally:
        bewaker.stop()


router = APIRouter(include_in_schema=False, lifespan=bewaking)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
Regiocode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Vestigingcode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9]+$")]
Onderwerp = Annotated[str | None, Query(max_length=onderwerpen.MAX_LENGTE)]
Jaar = Annotated[str | None, Query(max_length=8)]
ACTIES = {"concept": False, "publiceren": True}
GEDAAN = {False: "concept", True: "gepubliceerd"}


async def _db(werk: Callable[[], T]) -> T:
    return await run_in_threadpool(werk)


def _pagina(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    tekst = pagina_html(request, template, csrf=csrf_token(request), **context)
    return HTMLResponse(tekst, status_code=status, headers=GEEN_OPSLAG)


def _jaar(tekst: str | None) -> int | None:
    if tekst is None or not tekst.strip():
        return None
    try:
        return int(tekst.strip())
    except ValueError:
        raise ParameterError("Kies een schooljaar uit de lijst.") from None


def _publiceer(actie: str | None) -> bool:
    if actie not in ACTIES:
        raise ParameterError("Kies: bewaren als concept, of publiceren.")
    return ACTIES[actie]


def _vestiging(snap: Snapshot, code: str) -> Vestiging:
    """A vestiging of the published snapshot, with the regio it belongs to."""
    gevonden = next((v for v in snap.vestigingen if v.code == code), None)
    if gevonden is None or gevonden.regio is None:
        raise NotFoundError(
            f"Vestiging {code} staat niet in de gepubliceerde cijfers van het nieuwste "
            "schooljaar, of hoort bij geen STO-regio."
        )
    return gevonden


def mijn_pad(actor: Actor, regio: str) -> str:
    """Mijn regio of a toelichting's region: the region's page, or a school's start page."""
    if besluit(actor, Recht.REGIO_INTERN, regio=regio):
        return f"/mijn/regio/{regio}"
    return "/mijn"


def _klaar(request: Request, actor: Actor, regio: str, gedaan: str) -> Response:
    verversen.vergeet(regio)  # the public pages of this region show it at once
    naar = f"{mijn_pad(actor, regio)}?gedaan={gedaan}"
    return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)


# ---------------------------------------------------------------- a new toelichting


def _nieuw(
    request: Request,
    *,
    doel: str,
    voor: str,
    terug: str,
    onderwerp: str | None,
    schooljaar: int | None,
    tekst: str = "",
    fout: str | None = None,
    status: int = 200,
) -> Response:
    snap = snapshot(request)
    if schooljaar is None and onderwerp is None:
        schooljaar = snap.laatste_jaar
    return _pagina(
        request,
        "toelichting_formulier.html",
        status,
        snapshot=snap,
        doel=doel,
        voor=voor,
        terug=terug,
        nieuw=True,
        keuzes=onderwerpen.keuzes(),
        onderwerp=onderwerp or "",
        schooljaar=schooljaar,
        jaren=list(reversed(snap.jaren)),
        tekst=tekst,
        fout=fout,
        max_tekst=MAX_TEKST,
    )


@router.get("/regio/{regio}/toelichting/nieuw", dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)])
async def nieuw_regio(
    request: Request, regio: Regiocode, onderwerp: Onderwerp = None, schooljaar: Jaar = None
) -> Response:
    r = snapshot(request).regio(regio)  # unknown: 404
    return _nieuw(
        request,
        doel=f"/regio/{r.code}/toelichting",
        voor=r.naam,
        terug=f"/mijn/regio/{r.code}",
        onderwerp=onderwerp,
        schooljaar=_jaar(schooljaar),
    )


@router.post("/regio/{regio}/toelichting", dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)])
async def schrijf_regio(request: Request, regio: Regiocode) -> Response:
    r = snapshot(request).regio(regio)
    wie = vereis_object(request, Recht.TOELICHTING_SCHRIJVEN, regio=r.code)
    return await _schrijf(
        request, wie, regio=r.code, vestiging=None, doel=f"/regio/{r.code}/toelichting", voor=r.naam
    )


@router.get(
    "/vestiging/{vestiging}/toelichting/nieuw",
    dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)],
)
async def nieuw_vestiging(
    request: Request,
    vestiging: Vestigingcode,
    onderwerp: Onderwerp = None,
    schooljaar: Jaar = None,
) -> Response:
    v = _vestiging(snapshot(request), vestiging)
    return _nieuw(
        request,
        doel=f"/vestiging/{v.code}/toelichting",
        voor=f"{v.naam} ({v.plaats})" if v.plaats else v.naam,
        terug="/mijn",
        onderwerp=onderwerp,
        schooljaar=_jaar(schooljaar),
    )


@router.post(
    "/vestiging/{vestiging}/toelichting", dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)]
)
async def schrijf_vestiging(request: Request, vestiging: Vestigingcode) -> Response:
    v = _vestiging(snapshot(request), vestiging)
    regio = str(v.regio)
    wie = vereis_object(request, Recht.TOELICHTING_SCHRIJVEN, regio=regio, vestiging=v.code)
    return await _schrijf(
        request,
        wie,
        regio=regio,
        vestiging=v.code,
        doel=f"/vestiging/{v.code}/toelichting",
        voor=v.naam,
    )


async def _schrijf(
    request: Request, wie: Actor, *, regio: str, vestiging: str | None, doel: str, voor: str
) -> Response:
    velden = await formulier(request)
    onderwerp, tekst = velden.get("onderwerp", ""), velden.get("tekst", "")
    try:
        schooljaar = _jaar(velden.get("schooljaar"))
        if schooljaar is not None and schooljaar not in snapshot(request).jaren:
            raise ParameterError("Kies een schooljaar uit de lijst.")
        publiceer = _publiceer(velden.get("actie"))
        database = app_db(request)
        await _db(
            lambda: opslag.schrijf(
                database,
                wie,
                regio=regio,
                onderwerp=onderwerp,
                schooljaar=schooljaar,
                vestiging=vestiging,
                tekst=tekst,
                publiceer=publiceer,
            )
        )
    except ParameterError as fout:
        return _nieuw(
            request,
            doel=doel,
            voor=voor,
            terug=mijn_pad(wie, regio),
            onderwerp=onderwerp[: onderwerpen.MAX_LENGTE],
            schooljaar=_jaar_of_niets(velden.get("schooljaar")),
            tekst=tekst[: MAX_TEKST * 2],
            fout=str(fout),
            status=400,
        )
    return _klaar(request, wie, regio, GEDAAN[publiceer])


def _jaar_of_niets(tekst: str | None) -> int | None:
    try:
        return _jaar(tekst)
    except ParameterError:
        return None


# ---------------------------------------------------------------- one toelichting


async def _laad(request: Request, toelichting_id: int, recht: Recht) -> tuple[Toelichting, Actor]:
    """The toelichting, and the policy asked about its own regio and vestiging."""
    database = app_db(request)
    t = await _db(lambda: opslag.haal(database, toelichting_id))
    wie = vereis_object(request, recht, regio=t.regio, vestiging=t.vestiging)
    return t, wie


def _voor(snap: Snapshot, t: Toelichting) -> str:
    """Whom a toelichting is of, in words: the region, or a vestiging of it."""
    regio = snap.regios.get(t.regio)
    naam = regio.naam if regio is not None else t.regio
    if t.vestiging:
        v = next((v for v in snap.vestigingen if v.code == t.vestiging), None)
        return f"{v.naam if v else t.vestiging} (regio {naam})"
    return naam


def _bewerken(
    request: Request,
    t: Toelichting,
    wie: Actor,
    *,
    tekst: str | None = None,
    fout: str | None = None,
    status: int = 200,
) -> Response:
    snap = snapshot(request)
    return _pagina(
        request,
        "toelichting_formulier.html",
        status,
        snapshot=snap,
        doel=f"/toelichting/{t.id}",
        voor=_voor(snap, t),
        terug=mijn_pad(wie, t.regio),
        nieuw=False,
        t=weergave(t),
        gesloten=t.status == opslag.VERBORGEN and wie.rol is not Rol.LANDELIJK,
        tekst=t.tekst if tekst is None else tekst,
        fout=fout,
        max_tekst=MAX_TEKST,
    )


@router.get(
    "/toelichting/{toelichting_id}/bewerken", dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)]
)
async def bewerken(request: Request, toelichting_id: Id) -> Response:
    t, wie = await _laad(request, toelichting_id, Recht.TOELICHTING_SCHRIJVEN)
    return _bewerken(request, t, wie)


@router.post("/toelichting/{toelichting_id}", dependencies=[toegang(Recht.TOELICHTING_SCHRIJVEN)])
async def bewaar(request: Request, toelichting_id: Id) -> Response:
    t, wie = await _laad(request, toelichting_id, Recht.TOELICHTING_SCHRIJVEN)
    velden = await formulier(request)
    tekst = velden.get("tekst", "")
    try:
        publiceer = _publiceer(velden.get("actie"))
        database = app_db(request)
        await _db(lambda: opslag.bewerk(database, wie, t.id, tekst=tekst, publiceer=publiceer))
    except ParameterError as fout:
        return _bewerken(request, t, wie, tekst=tekst[: MAX_TEKST * 2], fout=str(fout), status=400)
    return _klaar(request, wie, t.regio, GEDAAN[publiceer])


@router.post(
    "/toelichting/{toelichting_id}/verbergen", dependencies=[toegang(Recht.TOELICHTING_VERBERGEN)]
)
async def verbergen(request: Request, toelichting_id: Id) -> Response:
    t, wie = await _laad(request, toelichting_id, Recht.TOELICHTING_VERBERGEN)
    reden = (await formulier(request)).get("reden", "")
    try:
        database = app_db(request)
        await _db(lambda: opslag.verberg(database, wie, t.id, reden))
    except ParameterError as fout:
        snap = snapshot(request)
        return _pagina(
            request,
            "toelichting_verbergen.html",
            400,
            snapshot=snap,
            t=weergave(t),
            voor=_voor(snap, t),
            reden=reden[: MAX_REDEN * 2],
            fout=str(fout),
            max_reden=MAX_REDEN,
            terug=mijn_pad(wie, t.regio),
        )
    return _klaar(request, wie, t.regio, "verborgen")


@router.get(
    "/toelichting/{toelichting_id}/geschiedenis", dependencies=[toegang(Recht.REGIO_INTERN)]
)
async def geschiedenis(request: Request, toelichting_id: Id) -> Response:
    t, wie = await _laad(request, toelichting_id, Recht.REGIO_INTERN)
    database = app_db(request)

    def lees() -> tuple[list[dict[str, Any]], dict[int, Gebruiker]]:
        versies = opslag.geschiedenis(database, wie, t.id)
        with database.transactie() as session:
            ids = {v.door for v in versies}
            mensen = session.scalars(select(Gebruiker).where(Gebruiker.id.in_(ids))).all()
        rijen = [
            {
                "versie": v.versie,
                "moment": tijdstip(v.moment),
                "status": STATUS.get(v.status, v.status),
                "reden": v.reden,
                "html": html(v.tekst),
                "door": v.door,
            }
            for v in reversed(versies)
        ]
        return rijen, {g.id: g for g in mensen}

    rijen, mensen = await _db(lees)
    for rij in rijen:
        g = mensen.get(rij["door"])
        rij["door"] = f"{g.naam} ({ROL_NAAM.get(Rol(g.rol), g.rol)})" if g else "onbekend"
    snap = snapshot(request)
    return _pagina(
        request,
        "toelichting_geschiedenis.html",
        snapshot=snap,
        t=weergave(t),
        voor=_voor(snap, t),
        rijen=rijen,
        mag_schrijven=besluit(
            wie, Recht.TOELICHTING_SCHRIJVEN, regio=t.regio, vestiging=t.vestiging
        ),
        mag_verbergen=besluit(wie, Recht.TOELICHTING_VERBERGEN),
        max_reden=MAX_REDEN,
        terug=mijn_pad(wie, t.regio),
    )
