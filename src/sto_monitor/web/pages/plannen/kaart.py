"""The planning map: the region's vestigingen for one profiel and leerweg, drawn on the server.

The region's gemeenten and their neighbours come from the same boundaries, selection and
projection as the public region map (``publicatie/regio.py``, ``publicatie/kaart.py``); that
base layer is drawn once per region and published version and kept. On it, per request: a
light 10 km circle around every offer of the profiel in the leerweg (in the region as the
scenario leaves it, and outside it, which always counts), the offers outside the region as grey
squares, and every vestiging of the region as a point whose colour says what the scenario does
with it. In the builder a point is a link that opens the vestiging's actions (``kies``), so
the map works without JavaScript; the table beside it gives the same information.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from sto_monitor.planner.model import BINNEN_KM, Regiomodel
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.kaart import Projectie, Vlak, projectie, svg_getal, svg_pad
from sto_monitor.publicatie.kaart import Punt as KaartPunt
from sto_monitor.publicatie.regio import (
    KLEUR_OMGEVING,
    KLEUR_REGIO,
    OMGEVING_KM,
    omhullende,
    overlapt,
    ruimer,
    samen,
)

BREEDTE = 640
MARGE_KM = 4.0  # room around the region on the map
STRAAL, RAAK = 7, 16  # a point's radius and the radius that takes a click or a tap
# What the scenario does with a vestiging's offer: (fill, stroke, words in the legend).
SOORTEN: dict[str, tuple[str, str, str]] = {
    "aanbod": ("#0072B2", "#1a1a1a", "aangeboden"),
    "kwetsbaar": ("#E69F00", "#1a1a1a", "aangeboden, kwetsbare groep (10 of minder)"),
    "nieuw": ("#009E73", "#1a1a1a", "nieuw aanbod"),
    "gesloten": ("#ffffff", "#B4400A", "gesloten of samengevoegd"),
    "geen": ("#ffffff", "#5f5f5f", "niet aangeboden"),
}
KLEUR_BUITEN = "#5f5f5f"  # offers outside the region (they count, but never change)
KLEUR_RING = "#0072B2"


@dataclass(frozen=True)
class Punt:
    """One vestiging of the region on the map."""

    code: str
    soort: str  # a key of SOORTEN
    label: str  # its name and what happens to its offer, in one line
    href: str | None = None  # the builder: a link that opens its actions
    gekozen: bool = False


@dataclass(frozen=True)
class Basis:
    proj: Projectie
    vlakken: str  # the <g> of the gemeenten, drawn once


_BASIS: OrderedDict[tuple[str, str], Basis] = OrderedDict()
MAX_BASIS = 120


def basis(snap: Snapshot, model: Regiomodel) -> Basis:
    """The region's gemeenten with their neighbours and the projection (kept per version)."""
    sleutel = (model.regio, snap.versie)
    if (klaar := _BASIS.get(sleutel)) is not None:
        return klaar
    eigen_codes = {v.gemeentecode for v in snap.vestigingen if v.regio == model.regio}
    eigen_codes |= {g for g, r in snap.gemeente_regio.items() if r == model.regio}
    kaders = {code: omhullende(geo) for code, _, geo in snap.gemeenten}
    eigen = [Vlak(c, n, g, KLEUR_REGIO) for c, n, g in snap.gemeenten if c in eigen_codes]
    punten = [model.locaties[c] for c in model.eigen if c in model.locaties]
    rond_punten = (
        (
            min(p.lon for p in punten),
            min(p.lat for p in punten),
            max(p.lon for p in punten),
            max(p.lat for p in punten),
        )
        if punten
        else None
    )
    gebied = samen([*(kaders[v.code] for v in eigen), rond_punten])
    vlakken = list(eigen)
    kader: list[Vlak] = []
    if gebied is not None:
        # Fitted to the region with a small margin; the neighbours show where they fall inside.
        lon0, lat0, lon1, lat1 = ruimer(gebied, MARGE_KM)
        ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
        kader = [Vlak("kader", "", {"type": "Polygon", "coordinates": [ring]})]
        if snap.gemeenten:
            omgeving = ruimer(gebied, OMGEVING_KM)
            vlakken = [
                Vlak(c, n, g, KLEUR_OMGEVING)
                for c, n, g in snap.gemeenten
                if c not in eigen_codes and (k := kaders[c]) is not None and overlapt(k, omgeving)
            ] + eigen
    proj = projectie(
        kader or vlakken, [KaartPunt(p.code, p.naam, p.lat, p.lon, "") for p in punten], BREEDTE
    )
    delen = ['<g class="vlakken" stroke="#ffffff" stroke-width="0.5" fill-rule="evenodd">']
    for vlak in vlakken:
        delen.append(
            f'<path d="{svg_pad(vlak.geometrie, proj)}" fill={quoteattr(vlak.kleur or "")}>'
            f"<title>{escape(vlak.naam)}</title></path>"
        )
    delen.append("</g>")
    klaar = Basis(proj, "".join(delen))
    _BASIS[sleutel] = klaar
    while len(_BASIS) > MAX_BASIS:
        _BASIS.popitem(last=False)
    return klaar


def _binnen(b: Basis, x: float, y: float, marge: float = 8.0) -> bool:
    """Whether a point (with ``marge`` around it) shows on the map."""
    return -marge <= x <= BREEDTE + marge and -marge <= y <= b.proj.hoogte + marge


def svg(
    b: Basis,
    model: Regiomodel,
    punten: Sequence[Punt],
    *,
    buiten: Iterable[str],
    ringen: Iterable[str],
    titel: str,
    beschrijving: str,
    id: str = "plan-kaart-svg",
) -> Markup:
    """The map: base layer, 10 km circles around ``ringen``, offers outside the region
    (``buiten``), then the region's ``punten`` on top."""
    proj = b.proj
    straal = svg_getal(proj.km(BINNEN_KM))
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(id)} class="kaart plan-kaart" '
        f'role="group" aria-labelledby="{id}-titel {id}-beschrijving" '
        f'viewBox="0 0 {BREEDTE} {proj.hoogte}" width="100%">',
        f'<title id="{id}-titel">{escape(titel)}</title>',
        f'<desc id="{id}-beschrijving">{escape(beschrijving)}</desc>',
        b.vlakken,
        f'<g class="ringen" fill="{KLEUR_RING}" fill-opacity="0.07" stroke="{KLEUR_RING}" '
        'stroke-opacity="0.45" stroke-width="0.75" pointer-events="none" aria-hidden="true">',
    ]
    buiten_ringen = []
    for code in sorted(set(ringen)):
        if (plek := model.locaties.get(code)) is None:
            continue
        x, y = proj.xy(plek.lon, plek.lat)
        cirkel = f'<circle cx="{svg_getal(x)}" cy="{svg_getal(y)}" r="{straal}"/>'
        if code in model.eigen:
            delen.append(cirkel)
        elif _binnen(b, x, y, marge=proj.km(BINNEN_KM)):
            buiten_ringen.append(cirkel)
    delen.append("</g>")
    delen.append(
        f'<g class="ringen-buiten" fill="{KLEUR_BUITEN}" fill-opacity="0.04" '
        f'stroke="{KLEUR_BUITEN}" stroke-opacity="0.35" stroke-width="0.5" '
        'stroke-dasharray="3 3" pointer-events="none" aria-hidden="true">'
    )
    delen += buiten_ringen
    delen.append("</g>")
    delen.append(f'<g class="buiten" fill="{KLEUR_BUITEN}" aria-hidden="true">')
    for code in sorted(set(buiten)):
        if (plek := model.locaties.get(code)) is None:
            continue
        x, y = proj.xy(plek.lon, plek.lat)
        if _binnen(b, x, y):
            delen.append(
                f'<rect x="{svg_getal(x - 4)}" y="{svg_getal(y - 4)}" width="8" height="8">'
                f"<title>{escape(plek.naam)} ({code}), buiten de regio</title></rect>"
            )
    delen.append("</g>")
    delen.append('<g class="punten">')
    for punt in punten:
        delen.append(_punt(proj, model, punt))
    delen.append("</g></svg>")
    return Markup("".join(delen))


def _punt(proj: Projectie, model: Regiomodel, punt: Punt) -> str:
    plek = model.locaties[punt.code]
    x, y = (svg_getal(v) for v in proj.xy(plek.lon, plek.lat))
    vul, lijn, _ = SOORTEN[punt.soort]
    r = STRAAL if punt.soort != "geen" else STRAAL - 2
    teken = (
        f'<circle class="raak" cx="{x}" cy="{y}" r="{RAAK}" fill="transparent"/>'
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="{vul}" stroke="{lijn}" stroke-width="1.5"/>'
    )
    if punt.soort == "gesloten":  # a cross, so the state does not rest on colour alone
        d = STRAAL - 2
        teken += (
            f'<path d="M{svg_getal(float(x) - d)},{svg_getal(float(y) - d)}l{2 * d},{2 * d}'
            f'm0,{-2 * d}l{-2 * d},{2 * d}" stroke="{lijn}" stroke-width="2"/>'
        )
    elif punt.soort == "nieuw":
        d = STRAAL - 3
        teken += (
            f'<path d="M{svg_getal(float(x) - d)},{y}h{2 * d}'
            f'M{x},{svg_getal(float(y) - d)}v{2 * d}" '
            'stroke="#ffffff" stroke-width="2"/>'
        )
    if punt.gekozen:
        teken += (
            f'<circle cx="{x}" cy="{y}" r="{STRAAL + 5}" fill="none" stroke="#1a1a1a" '
            'stroke-width="2.5"/>'
        )
    titel = f"<title>{escape(punt.label)}</title>"
    klasse = f"plan-punt plan-{punt.soort}" + (" gekozen" if punt.gekozen else "")
    if punt.href is None:
        return f'<g class="{klasse}" data-vestiging="{punt.code}">{titel}{teken}</g>'
    return (
        f'<a class="{klasse}" href={quoteattr(punt.href)} data-plan="kies" '
        f'data-vestiging="{punt.code}" aria-label={quoteattr(punt.label)}>{titel}{teken}</a>'
    )


def legenda(soorten: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """(soort, fill, stroke, words) of the kinds drawn, for the legend beside the map."""
    getekend = set(soorten)
    return [(s, *SOORTEN[s]) for s in SOORTEN if s in getekend]
