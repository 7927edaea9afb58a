"""Maps on paper: a region's gemeenten and vestigingen, and the Netherlands by region.

Both are drawn by ``publicatie.kaart`` (the dashboard's SVG maps, ``papier=True``), from the
same boundaries (loaded, or the ones shipped in ``publicatie/grenzen``). On paper a map must
fill its figure and fit on a page together with its caption and legend, so it is framed here:

- the region map is framed on the region's own gemeenten with a little room around them,
  widened (or heightened) to the proportions of the figure; neighbouring gemeenten are cut to
  that frame, so a tall region no longer draws a map taller than a page;
- every map is then scaled to fit :data:`BREEDTE` by :data:`HOOGTE`;
- the legend is printed under the map in HTML (``Figuur.legenda``), listing only what the map
  shows, so it never covers part of the region.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from sto_monitor.publicatie import grenzen
from sto_monitor.publicatie.gegevens import Regio, Snapshot, Vestiging, getal
from sto_monitor.publicatie.kaart import (
    GEEN_GEGEVENS,
    KM_PER_GRAAD,
    Punt,
    Vlak,
    kaart_svg,
    klassegrenzen,
    klassekleur,
    klasselegenda,
)
from sto_monitor.publicatie.regio import (
    CATEGORIEEN,
    KLEUR_OMGEVING,
    KLEUR_REGIO,
    Kader,
    categorie,
    omhullende,
    overlapt,
    samen,
)

BREEDTE = 640  # CSS px: the text width of an A4 page
HOOGTE = 600  # CSS px: with caption, legend and note a map stays on one page
ZO_PLAT = 0.6  # a frame is at least this high for its width, so a map fills its figure
RUIMTE_KM = 3.0  # room around the region's gemeenten, at least


# ---------------------------------------------------------------- size on paper


_MAAT = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def op_maat(svg: str, breedte: int = BREEDTE, hoogte: int = HOOGTE) -> str:
    """The root ``<svg>`` sized to fit ``breedte`` x ``hoogte``, keeping its proportions."""
    einde = svg.index(">")
    kop, rest = svg[:einde], svg[einde:]
    m = _MAAT.search(kop)
    if m is None:
        return svg
    w, h = float(m.group(1)), float(m.group(2))
    schaal = min(breedte / w, hoogte / h)
    kop = re.sub(r'\s(?:width|height)="[^"]*"', "", kop)
    return f'{kop} width="{round(w * schaal)}" height="{round(h * schaal)}"{rest}'


# ---------------------------------------------------------------- frames and clipping


def _ringen(geometrie: Mapping[str, Any]) -> list[list[Sequence[float]]]:
    soort, coords = geometrie.get("type"), geometrie.get("coordinates") or ()
    polygonen = [coords] if soort == "Polygon" else coords if soort == "MultiPolygon" else []
    return [list(ring) for polygoon in polygonen for ring in polygoon]


def kader(gebied: Kader, breedte: int = BREEDTE, hoogte: int = HOOGTE) -> Kader:
    """``gebied`` with some room around it, in the proportions of a map on the page."""
    lon0, lat0, lon1, lat1 = gebied
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    w = max((lon1 - lon0) * kx, 0.02) * KM_PER_GRAAD  # km
    h = max(lat1 - lat0, 0.02) * KM_PER_GRAAD
    ruimte = max(RUIMTE_KM, 0.06 * max(w, h))
    w, h = w + 2 * ruimte, h + 2 * ruimte
    h = max(h, ZO_PLAT * w)
    w = max(w, h * breedte / hoogte)
    midden_lon, midden_lat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    dlon = w / 2 / (KM_PER_GRAAD * kx)
    dlat = h / 2 / KM_PER_GRAAD
    return midden_lon - dlon, midden_lat - dlat, midden_lon + dlon, midden_lat + dlat


def _knip_ring(ring: Sequence[Sequence[float]], k: Kader) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a ring inside the frame ``k`` (a rectangle)."""
    punten = [(float(p[0]), float(p[1])) for p in ring if math.isfinite(p[0] + p[1])]
    # each edge of the frame: (axis, bound, keep the side above the bound)
    for as_, grens, boven in ((0, k[0], True), (0, k[2], False), (1, k[1], True), (1, k[3], False)):
        if not punten:
            break

        def binnen(
            p: tuple[float, float], as_: int = as_, grens: float = grens, boven: bool = boven
        ) -> bool:
            return p[as_] >= grens if boven else p[as_] <= grens

        def snijpunt(
            a: tuple[float, float], b: tuple[float, float], as_: int = as_, grens: float = grens
        ) -> tuple[float, float]:
            t = (grens - a[as_]) / (b[as_] - a[as_])
            x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
            return (grens, y) if as_ == 0 else (x, grens)

        uit: list[tuple[float, float]] = []
        for i, huidig in enumerate(punten):
            vorig = punten[i - 1]
            if binnen(huidig):
                if not binnen(vorig):
                    uit.append(snijpunt(vorig, huidig))
                uit.append(huidig)
            elif binnen(vorig):
                uit.append(snijpunt(vorig, huidig))
        punten = uit
    return punten


def knip(geometrie: Mapping[str, Any], k: Kader) -> dict[str, Any] | None:
    """The part of a (Multi)Polygon inside the frame, as a MultiPolygon; None if nothing."""
    polygonen = []
    for ring in _ringen(geometrie):
        binnen = _knip_ring(ring, k)
        if len(binnen) >= 3:
            polygonen.append([[list(p) for p in binnen]])
    if not polygonen:
        return None
    return {"type": "MultiPolygon", "coordinates": polygonen}


def _rechthoek(k: Kader) -> dict[str, Any]:
    lon0, lat0, lon1, lat1 = k
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


# ---------------------------------------------------------------- the region map


def regiokaart(
    snap: Snapshot, regio: Regio, vestigingen: Sequence[Vestiging]
) -> tuple[Markup, list[tuple[str, str]]] | None:
    """The region's gemeenten and vestigingen with their surroundings: SVG and legend items.

    The same picture as the dashboard's region map (``publicatie.regio.regiokaart``: the
    region's gemeenten in a light fill, neighbours in grey, vestigingen coloured by the number
    of technical profielen they offer), framed for paper. None when there is nothing to draw
    (no gemeente and no vestiging with a known location): no map is better than an empty one.
    """
    punten = [
        Punt(v.code, v.naam, v.lat, v.lon, categorie(v)[0], "")
        for v in vestigingen
        if v.lat is not None and v.lon is not None
    ]
    codes = {v.gemeentecode for v in vestigingen if v.gemeentecode}
    codes |= {g for g, r in snap.gemeente_regio.items() if r == regio.code}
    eigen = [(code, naam, geo) for code, naam, geo in snap.gemeenten if code in codes]
    gebied = samen(omhullende(geo) for _, _, geo in eigen)
    if gebied is None and punten:
        gebied = (
            min(p.lon for p in punten),
            min(p.lat for p in punten),
            max(p.lon for p in punten),
            max(p.lat for p in punten),
        )
    if gebied is None:
        return None
    vlakken: list[Vlak] = []
    omgeving = False
    k: Kader | None = None
    if snap.gemeenten:
        k = kader(gebied)
        vlakken.append(Vlak("kader", "", _rechthoek(k), "none"))  # the frame fixes the view
        for code, naam, geo in snap.gemeenten:
            if code in codes:
                continue
            grens = omhullende(geo)
            if grens is None or not overlapt(grens, k):
                continue
            if (deel := knip(geo, k)) is not None:
                vlakken.append(Vlak(code, naam, deel, KLEUR_OMGEVING))
                omgeving = True
        # the region's own gemeenten lie inside the frame: drawn whole, on top
        vlakken += [Vlak(code, naam, geo, KLEUR_REGIO) for code, naam, geo in eigen]
    aanwezig = {categorie(v) for v in vestigingen if v.lat is not None and v.lon is not None}
    legenda = [c for c in CATEGORIEEN if c in aanwezig]
    if eigen:
        legenda.append((KLEUR_REGIO, "gemeente met een vestiging van de regio"))
    if omgeving:
        legenda.append((KLEUR_OMGEVING, "omliggende gemeente"))
    svg = kaart_svg(
        vlakken,
        punten,
        titel=f"Kaart van {regio.naam}",
        beschrijving=f"De {len(punten)} vestigingen van {regio.naam} met derdejaars in bb, kb "
        "of gl, gekleurd naar het aantal technische profielen dat ze aanbieden"
        + (", op de gemeenten van de regio en de omliggende gemeenten." if eigen else ".")
        + " De tabel onder de kaart geeft dezelfde vestigingen.",
        id="kaart-regio",
        papier=True,
    )
    if k is not None:
        svg = _met_namen(svg, k, eigen, punten)
    return Markup(op_maat(svg)), legenda


# ---------------------------------------------------------------- names on the region map


def _plaatser(k: Kader, breedte: int = BREEDTE) -> Any:
    """Lon/lat to map units, as ``kaart_svg`` projects a map whose areas span the frame ``k``."""
    lon0, lat0, lon1, lat1 = k
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    marge = max(4.0, breedte * 0.02)
    schaal = (breedte - 2 * marge) / ((lon1 - lon0) * kx)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return marge + (lon - lon0) * kx * schaal, marge + (lat1 - lat) * schaal

    return xy


def _zwaartepunt(geometrie: Mapping[str, Any]) -> tuple[float, float] | None:
    """The centroid of the largest ring (where a gemeente's name goes)."""
    beste: tuple[float, float, float] | None = None
    for ring in _ringen(geometrie):
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
            kruis = x0 * y1 - x1 * y0
            a += kruis
            cx += (x0 + x1) * kruis
            cy += (y0 + y1) * kruis
        if a != 0 and (beste is None or abs(a) > beste[0]):
            beste = (abs(a), cx / (3 * a), cy / (3 * a))
    return (beste[1], beste[2]) if beste else None


_CIRKEL = re.compile(
    r'<g class="vestiging"[^>]*>.*?<circle cx="([-\d.]+)" cy="([-\d.]+)" r="4"', re.S
)


def _met_namen(
    svg: str,
    k: Kader,
    eigen: Sequence[tuple[str, str, Mapping[str, Any]]],
    punten: Sequence[Punt],
) -> str:
    """The names of the region's gemeenten on the map, under the vestigingen.

    Placed with the projection of ``kaart_svg``; checked against where it drew the first
    vestiging, so that a change there leaves the names out rather than misplaced.
    """
    xy = _plaatser(k)
    m = _CIRKEL.search(svg)
    if m is not None and punten:
        x, y = xy(punten[0].lon, punten[0].lat)
        if abs(x - float(m.group(1))) > 1 or abs(y - float(m.group(2))) > 1:
            return svg
    stippen = [xy(p.lon, p.lat) for p in punten]

    def vrij(x: float, y: float, breed: float) -> bool:  # no vestiging under the name
        return all(abs(px - x) > breed / 2 + 5 or abs(py - (y - 2)) > 12 for px, py in stippen)

    namen = []
    for _, naam, geo in eigen:
        midden = _zwaartepunt(geo)
        if midden is None:
            continue
        x, y = xy(*midden)
        tekst = naam.removesuffix(" (gemeente)")
        breed = 6.4 * len(tekst) + 6
        y = next((y + dy for dy in (0, 16, -16, 30, -30) if vrij(x, y + dy, breed)), y)
        namen.append(
            f'<rect x="{x - breed / 2:.1f}" y="{y - 9:.1f}" width="{breed:.1f}" height="14" '
            f'rx="2" fill="#ffffff" fill-opacity="0.7"/>'
            f'<text x="{x:.1f}" y="{y + 2:.1f}" text-anchor="middle">{escape(tekst)}</text>'
        )
    if not namen:
        return svg
    groep = (
        '<g class="namen" font-family="DejaVu Sans, sans-serif" font-size="11" '
        f'fill="#1a1a1a">{"".join(namen)}</g>'
    )
    plek = svg.find('<g class="vestiging"')
    plek = plek if plek >= 0 else svg.rindex("</svg>")
    return svg[:plek] + groep + svg[plek:]


# ---------------------------------------------------------------- the map of the Netherlands


def nederlandkaart(
    snap: Snapshot, waarden: Mapping[str, Any], *, titel: str, beschrijving: str, wat: str
) -> tuple[Markup, list[tuple[str, str]]] | None:
    """Every gemeente in the class colour of its region's published value (as ``/kaart``).

    ``waarden``: the published cell per region code; ``wat`` names the value in the legend.
    None when there are no boundaries to draw.
    """
    if not snap.gemeenten:
        return None
    getallen = {r: getal(w) for r, w in waarden.items()}
    klassen = klassegrenzen([g for g in getallen.values() if g is not None])
    vlakken = []
    for code, naam, geo in snap.gemeenten:
        regio = snap.gemeente_regio.get(code)
        kleur = klassekleur(getallen.get(regio), klassen) if regio is not None else None
        vlakken.append(Vlak(code, naam, geo, kleur))
    legenda = klasselegenda(wat, klassen, "%")
    items = [(k, t) for k, t in legenda.items if k != GEEN_GEGEVENS]
    items.append((GEEN_GEGEVENS, "geen STO-regio, of waarde afgeschermd"))
    svg = kaart_svg(
        vlakken,
        titel=titel,
        beschrijving=beschrijving,
        id="kaart-nederland",
        papier=True,
        lijnen=[geometrie for _, _, geometrie in grenzen.provincies()],
    )
    return Markup(op_maat(svg, BREEDTE, 700)), items
