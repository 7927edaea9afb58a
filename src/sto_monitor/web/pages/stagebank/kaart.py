"""The stagebank's map: a search's circle and its places, drawn on the server as one SVG.

No JavaScript, tiles or CDN: the gemeente boundaries near the centre (when the warehouse has
them) from the published snapshot, with the projection, paths and number format of the other
maps (``publicatie/kaart.py``, as ``plannen/kaart.py`` uses them), so a circle of N km is a
true circle. On them: the search radius, the centre, and the places as numbered points that
match the list beside the map. Places at one postcode share a PC4 centroid, so they share a
point, labelled with the first number and how many more (its tooltip names them all).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.kaart import Projectie, Vlak, projectie, svg_getal, svg_pad
from sto_monitor.publicatie.regio import Kader, omhullende, overlapt, ruimer
from sto_monitor.stagebank.zoeken import Middelpunt, Treffer

BREEDTE = 480
MARGE_KM = 1.5  # room around the circle
MIN_KM = 2.0  # a map of a smaller circle still shows its surroundings
KLEUR_GEMEENTE = "#eeeeee"
KLEUR_RING = "#0072B2"
KLEUR_PUNT = "#D55E00"

_KADERS: OrderedDict[str, dict[str, Kader | None]] = OrderedDict()


def _kaders(snap: Snapshot) -> dict[str, Kader | None]:
    """Every gemeente's bounding box, computed once per published version."""
    if (klaar := _KADERS.get(snap.versie)) is not None:
        return klaar
    kaders = {code: omhullende(geo) for code, _, geo in snap.gemeenten}
    _KADERS[snap.versie] = kaders
    while len(_KADERS) > 4:
        _KADERS.popitem(last=False)
    return kaders


def groepen(treffers: Sequence[Treffer]) -> list[tuple[Treffer, list[int]]]:
    """Places at one location as one point: (the first place, every list number there)."""
    per_plek: dict[tuple[float, float], tuple[Treffer, list[int]]] = {}
    for nummer, t in enumerate(treffers, start=1):
        per_plek.setdefault((round(t.lat, 5), round(t.lon, 5)), (t, []))[1].append(nummer)
    return list(per_plek.values())


def _punt(proj: Projectie, t: Treffer, nummers: list[int], namen: str) -> str:
    x, y = (svg_getal(v) for v in proj.xy(t.lon, t.lat))
    label = str(nummers[0]) if len(nummers) == 1 else f"{nummers[0]}+{len(nummers) - 1}"
    r = 12 if len(label) <= 2 else 16
    return (
        f'<a class="sbz-punt" href="#plaats-{nummers[0]}" aria-label={quoteattr(namen)}>'
        f"<title>{escape(namen)}</title>"
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="{KLEUR_PUNT}" stroke="#ffffff" '
        'stroke-width="2"/>'
        f'<text x="{x}" y="{y}" dy="0.35em" text-anchor="middle" font-size="12" '
        f'font-weight="bold" fill="#ffffff" font-family="system-ui, sans-serif">{label}</text>'
        "</a>"
    )


def svg(
    snap: Snapshot, middelpunt: Middelpunt, straal_km: float, treffers: Sequence[Treffer]
) -> Markup:
    """The map of one search: gemeenten, circle, centre and numbered places."""
    km = max(straal_km, MIN_KM)
    c = (middelpunt.lon, middelpunt.lat, middelpunt.lon, middelpunt.lat)
    lon0, lat0, lon1, lat1 = ruimer(c, km + MARGE_KM)
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    proj = projectie([Vlak("kader", "", {"type": "Polygon", "coordinates": [ring]})], [], BREEDTE)
    gebied: Kader = (lon0, lat0, lon1, lat1)
    kaders = _kaders(snap)
    km_tekst = svg_getal(straal_km).replace(".", ",")
    titel = f"Kaart: stageplaatsen binnen {km_tekst} km van {middelpunt.naam}"
    beschrijving = (
        f"{len(treffers)} stageplaatsen als genummerde punten, dezelfde nummers als in de lijst."
    )
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kaart sbz-kaart" role="group" '
        f'aria-labelledby="sbz-kaart-titel sbz-kaart-beschrijving" '
        f'viewBox="0 0 {BREEDTE} {proj.hoogte}" width="100%">',
        f'<title id="sbz-kaart-titel">{escape(titel)}</title>',
        f'<desc id="sbz-kaart-beschrijving">{escape(beschrijving)}</desc>',
        f'<rect width="{BREEDTE}" height="{proj.hoogte}" fill="#f7f7f5"/>',
        f'<g class="vlakken" fill="{KLEUR_GEMEENTE}" stroke="#9a9a9a" stroke-width="0.8" '
        'fill-rule="evenodd">',
    ]
    for code, naam, geo in snap.gemeenten:
        k = kaders.get(code)
        if k is not None and overlapt(k, gebied):
            delen.append(f'<path d="{svg_pad(geo, proj)}"><title>{escape(naam)}</title></path>')
    delen.append("</g>")
    cx, cy = (svg_getal(v) for v in proj.xy(middelpunt.lon, middelpunt.lat))
    delen.append(
        f'<circle class="sbz-straal" cx="{cx}" cy="{cy}" r="{svg_getal(proj.km(straal_km))}" '
        f'fill="{KLEUR_RING}" fill-opacity="0.08" stroke="{KLEUR_RING}" stroke-width="2" '
        'stroke-dasharray="6 4" aria-hidden="true"/>'
    )
    delen.append(
        f'<g class="sbz-middelpunt"><title>{escape(middelpunt.naam)}</title>'
        f'<rect x="{svg_getal(float(cx) - 7)}" y="{svg_getal(float(cy) - 7)}" width="14" '
        f'height="14" fill="#1a1a1a" stroke="#ffffff" stroke-width="2"/></g>'
    )
    delen.append('<g class="sbz-punten">')
    for t, nummers in reversed(groepen(treffers)):  # the nearest drawn last, on top
        namen = "; ".join(
            f"{n}. {treffers[n - 1].titel} bij {treffers[n - 1].bedrijf} "
            f"({treffers[n - 1].afstand})"
            for n in nummers
        )
        delen.append(_punt(proj, t, nummers, namen))
    delen.append("</g></svg>")
    return Markup("".join(delen))
