"""What the builder's templates get: the map, the offers table, the actions of a vestiging, the
changes with their undo links, the figures side by side; and the parts rendered on their own
for ``plannen.js`` (the same templates the page includes, so both show the same thing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sto_monitor import domain
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner import opslag
from sto_monitor.planner.model import LEERLING_PC4, LEERWEGEN, TECHNIEK
from sto_monitor.planner.scenario import KWETSBAAR_TOT, Uitkomst
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.web.pages.plannen import cijfers, kaart, rekenen
from sto_monitor.web.pages.plannen.cijfers import Kolom, leerlingen, naam, wijziging_tekst
from sto_monitor.web.pages.plannen.rekenen import Geladen
from sto_monitor.web.pages.plannen.staat import MAX_VERGELIJK, Plan
from sto_monitor.web.render import ENV

PROFIELNAMEN = {p.code: p.naam for p in domain.PROFIELEN}


def kolommen(
    geladen: Geladen, plan: Plan, uitkomst: Uitkomst, bewaard: Sequence[opslag.Bewaard]
) -> list[Kolom]:
    """Today, the scenario being built (when it changes anything) and the saved scenarios
    chosen to compare: at most three scenarios beside today."""
    uit = [Kolom("Vandaag", geladen.vandaag, "vandaag")]
    if plan.wijzigingen:
        uit.append(Kolom("Dit scenario", uitkomst, "bouw"))
    per_naam = {s.scenario.naam: s for s in bewaard}
    for naam_ in plan.vergelijk:
        if len(uit) > MAX_VERGELIJK or (s := per_naam.get(naam_)) is None:
            continue
        try:
            u = rekenen.doorreken(geladen, s.scenario)
        except (ParameterError, NotFoundError):
            continue  # no longer applies to the data: the list of saved scenarios says why
        uitleg = "gedeeld met het landelijk team" if s.gedeeld else "alleen de regio"
        uit.append(Kolom(naam_, u, "bewaard", uitleg))
    return uit


def _href(pad: str, plan: Plan, *, kies: bool = False) -> str:
    return f"{pad}?{plan.query(kies=kies)}"


def _aanbod(geladen: Geladen, plan: Plan, uitkomst: Uitkomst, pad: str) -> list[dict[str, Any]]:
    """The region's vestigingen that offer or could offer the map's profiel in its leerweg."""
    m, p, lw = geladen.model, plan.profiel, plan.leerweg
    gewijzigd = {w.vestiging for w in plan.wijzigingen if (w.profiel, w.leerweg) == (p, lw)}
    rijen = []
    for code in m.eigen:
        nu, straks = m.aanbod.get((code, p, lw)), uitkomst.groepen.get((code, p, lw))
        if nu is None and straks is None and lw not in m.leerwegen.get(code, ()):
            continue
        if straks is None:
            soort = "gesloten" if nu is not None else "geen"
        elif nu is None:
            soort = "nieuw"
        else:
            soort = "kwetsbaar" if straks <= KWETSBAAR_TOT else "aanbod"
        tekst = {
            "aanbod": f"{leerlingen(straks)} leerlingen",
            "kwetsbaar": f"{leerlingen(straks)} leerlingen, kwetsbaar",
            "nieuw": f"nieuw, {leerlingen(straks)} leerlingen",
            "gesloten": "gesloten",
            "geen": "niet aangeboden",
        }[soort]
        rijen.append(
            {
                "code": code,
                "naam": m.locaties[code].naam,
                "vandaag": "niet aangeboden" if nu is None else f"{leerlingen(nu)} leerlingen",
                "straks": tekst,
                "soort": soort,
                "gewijzigd": code in gewijzigd,
                "href": _href(pad, plan.met(kies=code), kies=True) + "#plan-actie",
                "label": f"{naam(m, code)}: {p} {lw}, {tekst}",
            }
        )
    return rijen


def _actie(geladen: Geladen, plan: Plan, uitkomst: Uitkomst, pad: str) -> dict[str, Any] | None:
    """The actions of the chosen vestiging (``kies``) on the map's profiel and leerweg."""
    if plan.kies is None:
        return None
    m, code = geladen.model, plan.kies
    sleutel = (code, plan.profiel, plan.leerweg)
    nu, straks = m.aanbod.get(sleutel), uitkomst.groepen.get(sleutel)
    naar = sorted(
        (m.afstand_km(code, c), c)
        for c in m.eigen
        if c != code and plan.leerweg in m.leerwegen.get(c, ())
    )
    eerdere = [
        (wijziging_tekst(m, w), _href(pad, plan.zonder(i)))
        for i, w in enumerate(plan.wijzigingen)
        if (w.vestiging, w.profiel, w.leerweg) == sleutel
        or (w.naar == code and (w.profiel, w.leerweg) == sleutel[1:])
    ]
    return {
        "code": code,
        "naam": naam(m, code),
        "vandaag": None if nu is None else leerlingen(nu),
        "straks": None if straks is None else leerlingen(straks),
        "aangeboden": straks is not None,
        "naar": [(c, f"{m.locaties[c].naam} ({cijfers.km(afstand)})") for afstand, c in naar],
        "eerdere": eerdere,
        "sluiten": _href(pad, plan.met(kies=None)),
    }


def context(
    geladen: Geladen,
    plan: Plan,
    uitkomst: Uitkomst,
    kolommen_: Sequence[Kolom],
    bewaard: Sequence[opslag.Bewaard],
    *,
    pad: str,
    csrf: str,
) -> dict[str, Any]:
    m = geladen.model
    aanbod = _aanbod(geladen, plan, uitkomst, pad)
    p, lw = plan.profiel, plan.leerweg
    b = kaart.basis(geladen.snap, m)
    punten = [
        kaart.Punt(r["code"], r["soort"], r["label"], r["href"], r["code"] == plan.kies)
        for r in aanbod
    ]
    buiten = [v for (v, p2, lw2) in m.buiten if (p2, lw2) == (p, lw)]
    ringen = [v for (v, p2, lw2) in uitkomst.groepen if (p2, lw2) == (p, lw)] + buiten
    svg = kaart.svg(
        b,
        m,
        punten,
        buiten=buiten,
        ringen=ringen,
        titel=f"Kaart van {geladen.regio.naam}: {PROFIELNAMEN.get(p, p)} in {lw}",
        beschrijving=f"De vestigingen van de regio met derdejaars in {lw}, gekleurd naar wat dit "
        f"scenario met hun aanbod van {p} doet, met een cirkel van 10 km om elk aanbod. "
        "De tabel naast de kaart geeft hetzelfde.",
    )
    vergelijkbaar = [
        {
            "naam": s.scenario.naam,
            "gekozen": s.scenario.naam in plan.vergelijk,
            "gedeeld": s.gedeeld,
        }
        for s in bewaard
    ]
    return {
        "regio": geladen.regio,
        "model": m,
        "plan": plan,
        "plan_pad": pad,
        "csrf": csrf,
        "velden": plan.velden(),
        "velden_zonder_filter": [
            (k, v) for k, v in plan.velden() if k not in ("profiel", "leerweg")
        ],
        "zonder_vergelijk": [(k, v) for k, v in plan.velden() if k != "vergelijk"],
        "profielen": [(c, PROFIELNAMEN.get(c, c)) for c in TECHNIEK],
        "leerwegen": [(c, domain.LEERWEGEN[c]) for c in LEERWEGEN],
        "kaart": svg,
        "legenda": kaart.legenda(r["soort"] for r in aanbod),
        "buiten_getekend": bool(buiten),
        "aanbod": aanbod,
        "actie": _actie(geladen, plan, uitkomst, pad),
        "wijzigingen": [
            (wijziging_tekst(m, w), _href(pad, plan.zonder(i)))
            for i, w in enumerate(plan.wijzigingen)
        ],
        "opnieuw": _href(pad, plan.met(wijzigingen=(), kies=None)),
        "verhuizingen": [cijfers.verhuizing_tekst(m, v) for v in uitkomst.verhuizingen],
        "kolommen": kolommen_,
        "samenvatting": cijfers.samenvatting(kolommen_, p, lw),
        "per_profiel": cijfers.per_profiel(kolommen_),
        "vergelijkbaar": vergelijkbaar,
        "max_vergelijk": MAX_VERGELIJK - (1 if plan.wijzigingen else 0),
        "jaar": schooljaar(m.schooljaar),
        "vraag_pc4": m.methode == LEERLING_PC4,
        "status": status(geladen, plan, uitkomst),
    }


def status(geladen: Geladen, plan: Plan, uitkomst: Uitkomst) -> str:
    """The line that says where the scenario stands (read out after every change)."""
    if not plan.wijzigingen:
        return "Nog geen wijzigingen: de cijfers zijn die van vandaag."
    laatste = wijziging_tekst(geladen.model, plan.wijzigingen[-1])
    n = len(plan.wijzigingen)
    return (
        f"{n} wijziging{'en' if n > 1 else ''}; de laatste: {laatste}. Bereik vandaag "
        f"{cijfers.procent(geladen.vandaag.score)}, in dit scenario "
        f"{cijfers.procent(uitkomst.score)}."
    )


def deel(naam_: str, context_: dict[str, Any]) -> str:
    """One part of the page (``plan-kaart``, ``plan-cijfers``, ``plan-wijzigingen``)."""
    return ENV.get_template(f"plannen_{naam_.removeprefix('plan-')}.html").render(**context_)
