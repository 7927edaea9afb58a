""" "Mijn regio": a signed-in person's start page.

``/mijn`` sends a `regio` account bound to one region straight to its page and lets one bound
to several choose; `landelijk` and `commissie` pick any region; a `school` account sees its
vestigingen with their toelichtingen. ``/mijn/regio/{regio}`` (``REGIO_INTERN``) is a region's
working page: a few key figures with a link to the public page, the region's toelichtingen in
every status (concepts, published, hidden with the reason) with links to write and edit, the
status of its survey invitation when the survey module can tell, and what changed since the
person's previous visit (the audit log of the region, and new data in the published figures),
and the region's internship places against its derdejaars. Every "Mijn" page links the
kennisbank and stagebank work the person's role may do (both from ``mijn_stagebank.py``).

Private pages: ``GEEN_OPSLAG``, never in the page cache, and only here a person's own name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from sto_monitor.accounts.beleid import ROL_NAAM, Actor, Recht, Rol, besluit
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import NotSignedInError
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.publicatie.regio import kerncijfers
from sto_monitor.publicatie.tekst import schooljaar as schooljaar_tekst
from sto_monitor.subsidie import laden as subsidie_laden
from sto_monitor.subsidie import opslag as subsidie_opslag
from sto_monitor.toelichting import onderwerpen, opslag
from sto_monitor.toelichting.opmaak import MAX_REDEN, Weergave, dag, tijdstip, weergave
from sto_monitor.web import privecache
from sto_monitor.web.pages.mijn_stagebank import Stageblok, links, stageblok
from sto_monitor.web.render import formaat_naam, html, snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, app_db, csrf_token, sessie, toegang

router = APIRouter(include_in_schema=False)

Regiocode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Gedaan = Annotated[str | None, Query(max_length=20)]
GEDAAN: dict[str, str] = {
    "gepubliceerd": "De toelichting is gepubliceerd. Ze staat binnen enkele seconden op de "
    "openbare regiopagina en in het regioportret.",
    "concept": "De toelichting is bewaard als concept. Ze is niet openbaar.",
    "verborgen": "De toelichting is verborgen. De reden is bewaard.",
}
# The figures of the public region page a region explains most, as links to the form.
SCHRIJF_OVER: tuple[str, ...] = (
    "techniekaandeel_per_regio",
    "techniekleerlingen_per_regio",
    "groeiclusters",
    "kwetsbare_groepen",
    "bereikbaarheid",
    "examens_per_profiel",
    "doorstroom",
)
MAX_REGELS = 30  # audit records shown under "wat is veranderd"


def _wie(request: Request) -> Actor:
    wie = actor(request)
    if wie is None:  # the route's toegang() already refused; for the type checker
        raise NotSignedInError("Log in om deze pagina te gebruiken.")
    return wie


def _pagina(request: Request, template: str, **context: Any) -> Response:
    wie = _wie(request)
    tekst = html(
        request,
        template,
        csrf=csrf_token(request),
        ik=wie,
        rol_naam=ROL_NAAM.get(wie.rol, wie.rol.value),
        **context,
    )
    return HTMLResponse(tekst, headers=GEEN_OPSLAG)


def _lijst(
    snap: Snapshot, toelichtingen: Sequence[Any], regio: str | None = None
) -> list[Weergave]:
    namen = {v.code: v.naam for v in snap.vestigingen if regio is None or v.regio == regio}
    return [weergave(t, namen) for t in toelichtingen]


# ---------------------------------------------------------------- /mijn


@router.get("/mijn", dependencies=[toegang(Recht.INGELOGD)])
async def mijn(request: Request, gedaan: Gedaan = None) -> Response:
    wie = _wie(request)
    snap = snapshot(request)
    melding = GEDAAN.get(gedaan or "")
    if wie.rol is Rol.REGIO and len(wie.regios) == 1:
        (code,) = wie.regios
        naar = f"/mijn/regio/{code}" + (f"?gedaan={gedaan}" if melding else "")
        return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)
    if wie.rol is Rol.SCHOOL:
        return await _school(request, wie, snap, melding)
    if wie.rol is Rol.REGIO:
        codes = sorted(wie.regios)
    elif besluit(wie, Recht.REGIO_INTERN):  # landelijk, commissie: every region
        codes = sorted(snap.regios)
    else:
        codes = []
    regios = [snap.regios.get(c) or Regio(c, c, "", False, False) for c in codes]
    return _pagina(
        request, "mijn.html", snapshot=snap, regios=regios, melding=melding, links=links(wie)
    )


async def _school(request: Request, wie: Actor, snap: Snapshot, melding: str | None) -> Response:
    eigen = sorted(wie.vestigingen)
    database = app_db(request)
    alle = await run_in_threadpool(opslag.van_vestigingen, database, wie, eigen)
    bekend = {v.code: v for v in snap.vestigingen}
    vestigingen = []
    for code in eigen:
        v = bekend.get(code)
        regio = snap.regios.get(v.regio) if v is not None and v.regio else None
        vestigingen.append(
            {
                "code": code,
                "naam": v.naam if v is not None else code,
                "plaats": v.plaats if v is not None else "",
                "regio": regio,
                "bekend": v is not None and v.regio is not None,
                "toelichtingen": _lijst(snap, [t for t in alle if t.vestiging == code]),
            }
        )
    return _pagina(
        request,
        "mijn_school.html",
        snapshot=snap,
        vestigingen=vestigingen,
        melding=melding,
        jaar=snap.laatste_jaar,
        links=links(wie),
    )


# ---------------------------------------------------------------- /mijn/regio/{regio}


def _schrijflinks(code: str, jaar: int | None) -> list[tuple[str, str]]:
    links = []
    for naam in SCHRIJF_OVER:
        query = {"onderwerp": naam, **({"schooljaar": str(jaar)} if jaar else {})}
        links.append(
            (onderwerpen.titel(naam, jaar), f"/regio/{code}/toelichting/nieuw?{urlencode(query)}")
        )
    return links


def _lokaal(moment: object) -> datetime | None:
    """A warehouse timestamp (local time, without a zone) as an aware moment."""
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone() if moment.tzinfo is None else moment


def veranderd(
    database: AppDatabase, snap: Snapshot, code: str, sinds: datetime | None
) -> dict[str, Any]:
    """What changed in a region since a moment: its audit records and new data."""
    if sinds is None:
        return {"sinds": None, "regels": [], "gegevens": [], "berekend": None}
    with database.transactie() as session:
        records = audit.lees(session, regio=code, sinds=sinds, limiet=MAX_REGELS)
        regels = [
            {
                "moment": tijdstip(r.moment),
                "wat": r.actie,
                "over": _over(r.na or r.voor or {}),
                "door": _rol(r.wie),
            }
            for r in records
        ]
    nieuw = [b for b in snap.bronnen if (m := _lokaal(b.get("geladen_op"))) and m > sinds]
    gegevens = list(
        dict.fromkeys(
            formaat_naam(str(b.get("formaat")))
            + (f", {schooljaar_tekst(b['schooljaar'])}" if b.get("schooljaar") else "")
            for b in nieuw
        )
    )
    berekend = [m for r in snap.runs if (m := _lokaal(r.get("gebouwd_op"))) and m > sinds]
    return {
        "sinds": tijdstip(sinds),
        "regels": regels,
        "gegevens": gegevens,
        "berekend": dag(max(berekend)) if berekend else None,
    }


def _over(velden: dict[str, Any]) -> str:
    onderwerp = velden.get("onderwerp")
    if not onderwerp:
        return ""
    jaar = velden.get("schooljaar")
    return onderwerpen.titel(str(onderwerp), int(jaar) if isinstance(jaar, int) else None)


def _rol(wie: str) -> str:
    """The role in an audit record's actor ("regio pl@x.nl"), never the person."""
    rol = wie.split(" ", 1)[0]
    with contextlib.suppress(ValueError):
        return ROL_NAAM[Rol(rol)]
    return "onbekend"


def enquete_status(request: Request, code: str) -> dict[str, Any] | None:
    """The region's invitation and response in the newest survey wave, when the survey module
    can tell (``survey/uitnodiging.overzicht`` on the application database; anything
    unexpected means: not shown)."""
    try:
        from sto_monitor.survey import uitnodiging, vragenlijst

        golven = vragenlijst.beschikbare_golven()
        if not golven:
            return None
        golf = max(golven)
        overzicht: Any = uitnodiging.overzicht  # (its storage is moving: called loosely)
        rijen = overzicht(app_db(request), golf, {code: code})
        rij = next((r for r in rijen if r.get("regio") == code), None)
    except Exception:  # an optional part of the page
        return None
    if rij is None:
        return None
    return {
        "golf": golf,
        "uitnodiging": {"werkt": "werkt", "ingetrokken": "ingetrokken"}.get(
            str(rij.get("uitnodiging")), "nog niet verstuurd"
        ),
        "respons": {"concept": "begonnen, nog niet ingediend", "ingediend": "ingediend"}.get(
            str(rij.get("status")), "nog geen antwoorden"
        ),
    }


def subsidie_status(database: AppDatabase, wie: Actor, code: str) -> str | None:
    """The status of the region's application under the current regulation, for whoever may
    see applications (``SUBSIDIE_INZIEN``; a draft only for the region itself); else None."""
    if not besluit(wie, Recht.SUBSIDIE_INZIEN, regio=code):
        return None
    regeling = subsidie_laden.huidige(datetime.now(UTC).year)
    d = subsidie_opslag.zichtbaar(wie, subsidie_opslag.dossier(database, wie, code, regeling.code))
    return subsidie_opslag.STATUS_NAAM[d.status] if d is not None else "nog geen aanvraag"


def stages(database: AppDatabase, snap: Snapshot, code: str) -> Stageblok | None:
    """The region's internship places against its derdejaars; None when the stagebank's
    tables cannot be read (an optional part of the page, like the survey's status)."""
    try:
        return stageblok(database, snap, code, date.today())
    except SQLAlchemyError:
        return None


@router.get("/mijn/regio/{regio}", dependencies=[toegang(Recht.REGIO_INTERN)])
async def mijn_regio(request: Request, regio: Regiocode, gedaan: Gedaan = None) -> Response:
    wie = _wie(request)
    snap = snapshot(request)
    r = snap.regio(regio)  # unknown: 404
    database = app_db(request)
    geldig = sessie(request)
    vorig = geldig.vorig_bezoek if geldig is not None else None
    # Kept per session and version (web/privecache.py): a reload costs one small query.
    sleutel = privecache.sleutel(request)
    if (bewaard := privecache.bewaard(sleutel)) is not None:
        return bewaard

    def lees() -> tuple[
        list[Any], dict[str, Any], dict[str, Any] | None, str | None, Stageblok | None
    ]:
        return (
            opslag.van_regio(database, wie, r.code),
            veranderd(database, snap, r.code, vorig),
            enquete_status(request, r.code),
            subsidie_status(database, wie, r.code),
            stages(database, snap, r.code),
        )

    toelichtingen, wat, enquete, subsidie, stageplaatsen = await run_in_threadpool(lees)
    lijst = _lijst(snap, toelichtingen, r.code)
    per_status = {s: [t for t in lijst if t.status == s] for s in opslag.STATUSSEN}
    mag_schrijven = besluit(wie, Recht.TOELICHTING_SCHRIJVEN, regio=r.code)
    antwoord = _pagina(
        request,
        "mijn_regio.html",
        snapshot=snap,
        regio=r,
        kern=kerncijfers(snap, r.code),
        per_status=per_status,
        aantal=len(lijst),
        mag_schrijven=mag_schrijven,
        mag_verbergen=besluit(wie, Recht.TOELICHTING_VERBERGEN),
        schrijflinks=_schrijflinks(r.code, snap.laatste_jaar) if mag_schrijven else [],
        enquete=enquete,
        subsidie_status=subsidie,
        veranderd=wat,
        stages=stageplaatsen,
        links=links(wie, r.code),
        melding=GEDAAN.get(gedaan or ""),
        max_reden=MAX_REDEN,
        nu=dag(datetime.now(UTC)),
    )
    return privecache.bewaar(sleutel, antwoord)
