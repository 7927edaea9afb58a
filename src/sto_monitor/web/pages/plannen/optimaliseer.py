"""The optimiser from the page: ``GET /regio/{regio}/plannen/optimaliseer`` (``PLANNEN``).

The same engine and defaults as ``sto optimaliseer`` (``planner.optimaliseer.optimaliseer``,
MILP with HiGHS, 25 km, no maximum per profiel, no new offers, a 60 s limit), with the minimum
group defaulting to the region's ondergrens (``planner/ondergrens.py``). The form is a GET:
``min_groep``, ``max_km``, ``max_per_profiel``, ``nieuw``, the pins ``open`` and ``dicht``
(repeated, ``V/P/L``) and the map's ``profiel`` and ``leerweg``. A proposal is kept per
region, published version and settings, so the page answers at once the second time. The
proposal is drawn on the map with the "waarom" of every change, and can be saved as a scenario
(``opslaan.py``, through ``optimaliseer/scenario.py``) or opened in the builder.
``POST /regio/{regio}/plannen/ondergrens`` (``PLANNEN``, field ``ondergrens``) stores the
region's ondergrens through ``ondergrens.zet`` (the policy again, and its audit record).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner import ondergrens
from sto_monitor.planner.model import LEERWEGEN, TECHNIEK, lees_aanbod
from sto_monitor.planner.optimaliseer import Voorstel, optimaliseer
from sto_monitor.planner.optimaliseer.scenario import als_scenario
from sto_monitor.planner.optimaliseer.verslag import aantal, procent
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.web.pages.plannen import kaart, rekenen, staat
from sto_monitor.web.pages.plannen.bouwer import Regiocode, pad
from sto_monitor.web.pages.plannen.cijfers import naam
from sto_monitor.web.pages.plannen.rekenen import Geladen
from sto_monitor.web.pages.plannen.weergave import PROFIELNAMEN
from sto_monitor.web.render import html
from sto_monitor.web.toegang import (
    GEEN_OPSLAG,
    app_db,
    csrf_token,
    formulier,
    toegang,
    vereis_object,
)

router = APIRouter(include_in_schema=False)

MAX_KM = 25.0  # sto optimaliseer's defaults
TIJDSLIMIET = 60.0
MAX_PINS = 300
Pins = Annotated[list[str] | None, Query(max_length=MAX_PINS)]
_VOORSTELLEN: OrderedDict[tuple[Any, ...], Voorstel] = OrderedDict()
MAX_VOORSTELLEN = 200
GEDAAN = {
    "ondergrens": "De ondergrens van de regio is bewaard. Het voorstel hieronder gebruikt hem."
}


def _pins(teksten: Sequence[str], optie: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(dict.fromkeys(lees_aanbod(t, optie) for t in teksten if t.strip()))


def _voorstel(g: Geladen, instellingen: dict[str, Any]) -> Voorstel:
    sleutel = (g.model.regio, g.snap.versie, g.model.schooljaar, *sorted(instellingen.items()))
    if (klaar := _VOORSTELLEN.get(sleutel)) is not None:
        return klaar
    v = optimaliseer(g.model, **instellingen, methode="milp", tijdslimiet=TIJDSLIMIET)
    _VOORSTELLEN[sleutel] = v
    while len(_VOORSTELLEN) > MAX_VOORSTELLEN:
        _VOORSTELLEN.popitem(last=False)
    return v


def _kaart(g: Geladen, v: Voorstel, profiel: str, leerweg: str) -> dict[str, Any]:
    """The proposal on the map for one profiel and leerweg, each point with its "waarom"."""
    m = g.model
    nu = {(a.vestiging, a.profiel, a.leerweg): a for a in v.huidig.aanbiedingen}
    straks = {(a.vestiging, a.profiel, a.leerweg): a for a in v.voorstel.aanbiedingen}
    waarom = {(w.vestiging, w.profiel, w.leerweg): w for w in v.wijzigingen}
    punten, rijen = [], []
    for code in m.eigen:
        k = (code, profiel, leerweg)
        if k not in nu and k not in straks and leerweg not in m.leerwegen.get(code, ()):
            continue
        if k in straks:
            soort = "nieuw" if k not in nu else "aanbod"
            if straks[k].leerlingen <= 10:
                soort = "kwetsbaar" if soort == "aanbod" else soort
        else:
            soort = "gesloten" if k in nu else "geen"
        w = waarom.get(k)
        tekst = {
            "aanbod": "blijft",
            "kwetsbaar": "blijft (kleine groep)",
            "nieuw": "nieuw",
            "gesloten": "sluit",
            "geen": "niet aangeboden",
        }[soort]
        label = f"{naam(m, code)}: {profiel} {leerweg} {tekst}" + (f". {w.waarom}" if w else "")
        punten.append(kaart.Punt(code, soort, label))
        rijen.append(
            {
                "naam": naam(m, code),
                "nu": aantal(nu[k].leerlingen) if k in nu else "niet aangeboden",
                "straks": aantal(straks[k].leerlingen) if k in straks else "niet aangeboden",
                "waarom": w.waarom if w else "",
            }
        )
    buiten = [c for (c, p, lw) in m.buiten if (p, lw) == (profiel, leerweg)]
    ringen = [k[0] for k in straks if k[1:] == (profiel, leerweg)] + buiten
    svg = kaart.svg(
        kaart.basis(g.snap, m),
        m,
        punten,
        buiten=buiten,
        ringen=ringen,
        titel=f"Voorstel voor {PROFIELNAMEN.get(profiel, profiel)} in {leerweg}",
        beschrijving=f"De vestigingen van de regio met derdejaars in {leerweg}, gekleurd naar "
        f"wat het voorstel met hun aanbod van {profiel} doet. De tabel eronder geeft hetzelfde.",
        id="plan-voorstel-svg",
    )
    return {
        "svg": svg,
        "legenda": kaart.legenda(p.soort for p in punten),
        "buiten_getekend": bool(buiten),
        "rijen": rijen,
    }


@router.get("/regio/{regio}/plannen/optimaliseer", dependencies=[toegang(Recht.PLANNEN)])
async def optimaliseren(
    request: Request,
    regio: Regiocode,
    min_groep: Annotated[int | None, Query(ge=1, le=100)] = None,
    max_km: Annotated[float | None, Query(gt=0, le=200)] = None,
    max_per_profiel: Annotated[str | None, Query(max_length=4)] = None,
    nieuw: Annotated[str | None, Query(max_length=3)] = None,
    open: Pins = None,
    dicht: Pins = None,
    profiel: Annotated[str | None, Query(max_length=10)] = None,
    leerweg: Annotated[str | None, Query(max_length=2)] = None,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    g = await rekenen.regiomodel(request, regio)
    m = g.model
    database = app_db(request)
    grens = await run_in_threadpool(ondergrens.lees, database, m.regio)
    eigen_grens = await run_in_threadpool(ondergrens.is_eigen, database, m.regio)
    fout: str | None = None
    v: Voorstel | None = None
    try:
        per_profiel = int(max_per_profiel) if max_per_profiel and max_per_profiel.strip() else None
        if per_profiel is not None and per_profiel < 1:
            raise ParameterError("hoogstens per profiel is minstens 1")
        instellingen: dict[str, Any] = {
            "min_groep": min_groep or grens,
            "max_km": max_km or MAX_KM,
            "max_per_profiel": per_profiel,
            "nieuw": nieuw == "ja",
            "open_pins": _pins(open or [], "vast open"),
            "dicht_pins": _pins(dicht or [], "vast dicht"),
        }
        dubbel = set(instellingen["open_pins"]) & set(instellingen["dicht_pins"])
        if dubbel:
            raise ParameterError(
                "een aanbod kan niet tegelijk vast open en vast dicht zijn: "
                + ", ".join("/".join(k) for k in sorted(dubbel))
            )
        v = await run_in_threadpool(_voorstel, g, instellingen)
    except ValueError:
        fout = "hoogstens per profiel is een geheel getal"
    except (ParameterError, NotFoundError) as exc:
        fout = str(exc)
    if profiel not in TECHNIEK or leerweg not in LEERWEGEN:
        profiel, leerweg = staat.standaard_filter(m)
        if v is not None and v.wijzigingen:
            profiel, leerweg = v.wijzigingen[0].profiel, v.wijzigingen[0].leerweg
    context: dict[str, Any] = {
        "regio": g.regio,
        "plan_pad": pad(m.regio),
        "csrf": csrf_token(request),
        "jaar": schooljaar(m.schooljaar),
        "ondergrens": grens,
        "eigen_grens": eigen_grens,
        "min_groep": min_groep or grens,
        "max_km_tekst": f"{max_km or MAX_KM:g}",
        "max_per_profiel": max_per_profiel or "",
        "nieuw": nieuw == "ja",
        "pins": _pin_rijen(g, set(open or []), set(dicht or [])),
        "fout": fout,
        "melding": GEDAAN.get(gedaan or ""),
        "v": v,
        "profiel": profiel,
        "leerweg": leerweg,
        "profielnamen": PROFIELNAMEN,
        "procent": procent,
        "aantal": aantal,
        "technisch": [(p, lw, _naar_kaart(request, p, lw)) for p in TECHNIEK for lw in LEERWEGEN],
    }
    if v is not None:
        context |= _resultaat(request, g, v, profiel, leerweg)
    tekst = html(request, "plannen_optimaliseer.html", snapshot=g.snap, **context)
    return HTMLResponse(tekst, status_code=400 if fout else 200, headers=GEEN_OPSLAG)


def _pin_rijen(g: Geladen, open_: set[str], dicht: set[str]) -> list[dict[str, Any]]:
    m = g.model
    rijen = []
    for (code, p, lw), n in m.aanbod.items():
        waarde = f"{code}/{p}/{lw}"
        rijen.append(
            {
                "waarde": waarde,
                "naam": naam(m, code),
                "profiel": p,
                "leerweg": lw,
                "leerlingen": aantal(n),
                "open": waarde in open_,
                "dicht": waarde in dicht,
            }
        )
    return rijen


def _naar_kaart(request: Request, profiel: str, leerweg: str) -> str:
    """This page with the same settings, the map on another profiel and leerweg."""
    hier = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in ("profiel", "leerweg", "gedaan")
    ]
    return "?" + urlencode([*hier, ("profiel", profiel), ("leerweg", leerweg)]) + "#plan-voorstel"


def _resultaat(
    request: Request, g: Geladen, v: Voorstel, profiel: str, leerweg: str
) -> dict[str, Any]:
    scenario = als_scenario(v, "voorstel")
    plan = staat.Plan(scenario.wijzigingen, profiel, leerweg, max_km=v.max_km)
    per_pl: dict[tuple[str, str], list[Any]] = {}
    for w in v.wijzigingen:
        per_pl.setdefault((w.profiel, w.leerweg), []).append(w)
    return {
        "kaart": _kaart(g, v, profiel, leerweg),
        "per_pl": [
            {
                "profiel": p,
                "leerweg": lw,
                "wijzigingen": ws,
                "href": _naar_kaart(request, p, lw),
            }
            for (p, lw), ws in per_pl.items()
        ],
        "bereik": [
            (
                p,
                [
                    (lw, procent(v.huidig.aandeel(p, lw)), procent(v.voorstel.aandeel(p, lw)))
                    for lw in LEERWEGEN
                ],
            )
            for p in TECHNIEK
        ],
        "bewaar_velden": plan.velden(),
        "bouwer": f"{pad(g.model.regio)}?{plan.query()}",
    }


@router.post("/regio/{regio}/plannen/ondergrens", dependencies=[toegang(Recht.PLANNEN)])
async def zet_ondergrens(request: Request, regio: Regiocode) -> Response:
    wie = vereis_object(request, Recht.PLANNEN, regio=regio)
    r = rekenen.gepubliceerd(request).regio(regio)  # unknown: 404
    tekst = (await formulier(request)).get("ondergrens", "").strip()
    if not tekst.isdigit():
        raise ParameterError("De ondergrens is een geheel aantal derdejaars, bijvoorbeeld 11.")
    database = app_db(request)
    await run_in_threadpool(ondergrens.zet, database, wie, r.code, int(tekst))
    return RedirectResponse(
        f"{pad(r.code)}/optimaliseer?gedaan=ondergrens", status_code=303, headers=GEEN_OPSLAG
    )
