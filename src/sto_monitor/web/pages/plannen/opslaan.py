"""Saved scenarios: save the one being built (or a proposal), list them, show one, delete one.

``POST /regio/{regio}/plannen/bewaar`` (``PLANNEN``): fields ``naam``, ``omschrijving``,
``gedeeld`` (``ja``: shared with the national team and the commission; else private to the
region) and the builder's state (``w``…); stored through ``planner.opslag.bewaar`` with the
person as actor, so the policy is asked again and the audit record names them. A taken name
is refused with a Dutch message and the builder shows again with what was typed.
``GET /regio/{regio}/scenarios`` and ``/regio/{regio}/scenarios/{scenario}``
(``REGIO_INTERN``): the region sees its private and shared scenarios, the national team and
the commission only the shared ones (``opslag.zichtbaar``, ``opslag.lees_voor``).
``POST /regio/{regio}/scenarios/verwijder`` (``PLANNEN``, field ``naam``): delete one of the
region's own, audited.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sto_monitor.accounts.beleid import ROL_NAAM, Recht, Rol, besluit
from sto_monitor.errors import NotFoundError, ParameterError, StoError
from sto_monitor.planner import opslag
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.toelichting.opmaak import dag
from sto_monitor.web.pages.plannen import cijfers, rekenen, staat
from sto_monitor.web.pages.plannen.bouwer import Regiocode, bouw, pad, pagina
from sto_monitor.web.pages.plannen.cijfers import Kolom
from sto_monitor.web.render import html
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, app_db, csrf_token, toegang, vereis_object

router = APIRouter(include_in_schema=False)

Scenarionaam = Annotated[str, Path(min_length=1, max_length=opslag.NAAM_MAX)]
Gedaan = Annotated[str | None, Query(max_length=20)]
MAX_OMSCHRIJVING = 1000
GEDAAN = {
    "bewaard": "Het scenario is bewaard.",
    "verwijderd": "Het scenario is verwijderd.",
}


def lijst_pad(regio: str) -> str:
    return f"/regio/{regio}/scenarios"


def scenario_pad(regio: str, naam: str) -> str:
    return f"{lijst_pad(regio)}/{quote(naam, safe='')}"


@router.post("/regio/{regio}/plannen/bewaar", dependencies=[toegang(Recht.PLANNEN)])
async def bewaar(request: Request, regio: Regiocode) -> Response:
    wie = vereis_object(request, Recht.PLANNEN, regio=regio)
    body = (await request.body()).decode("utf-8", errors="replace")
    velden = [(k, v) for k, v in parse_qsl(body, keep_blank_values=True) if k != "csrf"]
    los = dict(velden)
    naam = los.get("naam", "").strip()
    omschrijving = los.get("omschrijving", "").strip()[:MAX_OMSCHRIJVING]
    gedeeld = los.get("gedeeld") == "ja"
    toestand = [(k, v) for k, v in velden if k in ("w", "max_km", "profiel", "leerweg")]
    b = await bouw(request, regio, toestand)
    g = b.geladen
    try:
        if b.fout:
            raise ParameterError(b.melding or "de wijzigingen kunnen niet")
        if not b.plan.wijzigingen:
            raise ParameterError("Een scenario heeft minstens één wijziging.")
        scenario = replace(
            rekenen.scenario_van(g, b.plan.wijzigingen, b.plan.max_km, naam),
            omschrijving=omschrijving,
        )
        database = app_db(request)
        await run_in_threadpool(
            lambda: opslag.bewaar(
                database, None, scenario, actor=wie, gedeeld=gedeeld, model=g.model
            )
        )
    except (ParameterError, NotFoundError) as exc:
        b.melding, b.fout = f"Niet bewaard: {exc}", True
        extra = {
            "bewaar_naam": naam,
            "bewaar_omschrijving": omschrijving,
            "bewaar_gedeeld": gedeeld,
        }
        return pagina(request, b, status=400, **extra)
    return RedirectResponse(
        f"{lijst_pad(g.model.regio)}?{urlencode({'gedaan': 'bewaard'})}",
        status_code=303,
        headers=GEEN_OPSLAG,
    )


def _door(wie: str | None) -> str:
    """Who made a scenario, by role (never the person), as the Mijn regio page does."""
    if wie is None:
        return "onbekend"
    rol, _, rest = wie.partition(" ")
    if rest.startswith("terminal:"):
        return "beheer (op de server)"
    with contextlib.suppress(ValueError):
        return ROL_NAAM[Rol(rol)]
    return "onbekend"


@router.get("/regio/{regio}/scenarios", dependencies=[toegang(Recht.REGIO_INTERN)])
async def scenarios(request: Request, regio: Regiocode, gedaan: Gedaan = None) -> Response:
    wie = actor(request)
    snap = rekenen.gepubliceerd(request)
    r = snap.regio(regio)  # unknown: 404
    database = app_db(request)
    bewaard = await run_in_threadpool(opslag.zichtbaar, database, wie, r.code)
    mag_plannen = besluit(wie, Recht.PLANNEN, regio=r.code)
    rijen: list[dict[str, Any]] = []
    for s in bewaard:
        rij: dict[str, Any] = {
            "naam": s.scenario.naam,
            "omschrijving": s.scenario.omschrijving,
            "gedeeld": s.gedeeld,
            "door": _door(s.gemaakt_door),
            "op": dag(s.gemaakt_op),
            "wijzigingen": len(s.scenario.wijzigingen),
            "href": scenario_pad(r.code, s.scenario.naam),
            "bouwer": None,
            "fout": None,
        }
        try:
            g = await rekenen.regiomodel(request, r.code, s.scenario.schooljaar)
            u = await run_in_threadpool(rekenen.doorreken, g, s.scenario)
            rij |= {
                "score": (cijfers.procent(g.vandaag.score), cijfers.procent(u.score)),
                "kwetsbaar": (g.vandaag.kwetsbaar, u.kwetsbaar),
                "jaar": s.scenario.schooljaar,
            }
            if mag_plannen and g.model.schooljaar == snap.laatste_jaar:
                plan = staat.Plan(s.scenario.wijzigingen, *staat.standaard_filter(g.model))
                rij["bouwer"] = f"{pad(r.code)}?{plan.met(max_km=s.scenario.max_km).query()}"
        except StoError as exc:
            rij["fout"] = str(exc)
        rijen.append(rij)
    tekst = html(
        request,
        "plannen_scenarios.html",
        snapshot=snap,
        regio=r,
        rijen=rijen,
        mag_plannen=mag_plannen,
        csrf=csrf_token(request),
        melding=GEDAAN.get(gedaan or ""),
    )
    return HTMLResponse(tekst, headers=GEEN_OPSLAG)


@router.get("/regio/{regio}/scenarios/{scenario:path}", dependencies=[toegang(Recht.REGIO_INTERN)])
async def scenario(request: Request, regio: Regiocode, scenario: Scenarionaam) -> Response:
    wie = actor(request)
    snap = rekenen.gepubliceerd(request)
    r = snap.regio(regio)
    s = await run_in_threadpool(opslag.lees_voor, app_db(request), wie, r.code, scenario)
    g = await rekenen.regiomodel(request, r.code, s.scenario.schooljaar)
    u = await run_in_threadpool(rekenen.doorreken, g, s.scenario)
    uitleg = "gedeeld met het landelijk team" if s.gedeeld else "alleen de regio"
    kolommen = [
        Kolom("Vandaag", g.vandaag, "vandaag"),
        Kolom(s.scenario.naam, u, "bewaard", uitleg),
    ]
    profiel, leerweg = staat.standaard_filter(g.model)
    if s.scenario.wijzigingen:
        profiel, leerweg = s.scenario.wijzigingen[0].profiel, s.scenario.wijzigingen[0].leerweg
    tekst = html(
        request,
        "plannen_scenario.html",
        snapshot=snap,
        regio=r,
        s=s,
        door=_door(s.gemaakt_door),
        op=dag(s.gemaakt_op),
        wijzigingen=[cijfers.wijziging_tekst(g.model, w) for w in s.scenario.wijzigingen],
        verhuizingen=[cijfers.verhuizing_tekst(g.model, v) for v in u.verhuizingen],
        kolommen=kolommen,
        samenvatting=cijfers.samenvatting(kolommen, profiel, leerweg),
        per_profiel=cijfers.per_profiel(kolommen),
        jaar=schooljaar(g.model.schooljaar),
    )
    return HTMLResponse(tekst, headers=GEEN_OPSLAG)


@router.post("/regio/{regio}/scenarios/verwijder", dependencies=[toegang(Recht.PLANNEN)])
async def verwijder(request: Request, regio: Regiocode) -> Response:
    wie = vereis_object(request, Recht.PLANNEN, regio=regio)
    body = (await request.body()).decode("utf-8", errors="replace")
    naam = dict(parse_qsl(body, keep_blank_values=True)).get("naam", "").strip()
    if not naam:
        raise ParameterError("Welk scenario? De naam ontbreekt.")
    database = app_db(request)
    await run_in_threadpool(lambda: opslag.verwijder(database, naam, actor=wie, regio=regio))
    return RedirectResponse(
        f"{lijst_pad(regio)}?gedaan=verwijderd", status_code=303, headers=GEEN_OPSLAG
    )
