"""Server-side SVG maps: gemeenten as areas, vestigingen as points, a legend, a hover ring.

Pure functions, no web framework and no database: the result is one inline ``<svg>`` string
that works offline and prints to PDF. The projection is equirectangular with longitude
scaled by the cosine of the mean latitude (fine at the scale of the Netherlands), so a
circle of a given radius in km is a true circle on the map.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sto_monitor.publicatie.gegevens import getal_nl

PALET_CATEGORIE: tuple[str, ...] = (  # Okabe-Ito, colour-blind safe
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
)  # fmt: skip
PALET_SEQUENTIEEL: tuple[str, ...] = (  # ColorBrewer YlGnBu 5, colour-blind safe
    "#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494",
)  # fmt: skip
GEEN_GEGEVENS = "#eeeeee"  # areas without a value (or with a suppressed one)
KM_PER_GRAAD = 111.32  # km per degree of latitude
_NEDERLAND = (3.3, 50.7, 7.3, 53.6)  # lon/lat box used when there is nothing to fit
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_FONT = 'font-family="system-ui, sans-serif" font-size="12" fill="#1a1a1a"'


@dataclass(frozen=True)
class Vlak:
    """An area: a gemeente (or a region drawn as its gemeenten)."""

    code: str
    naam: str
    geometrie: Mapping[str, Any]  # GeoJSON Polygon or MultiPolygon, lon/lat
    kleur: str | None = None  # None: neutral light grey
    tekst: str | None = None  # extra tooltip line
    href: str | None = None  # the area becomes a link


@dataclass(frozen=True)
class Punt:
    """A vestiging."""

    code: str
    naam: str
    lat: float
    lon: float
    kleur: str
    tekst: str = ""
    href: str | None = None


@dataclass(frozen=True)
class Legenda:
    titel: str
    items: Sequence[tuple[str, str]]  # (colour, label)


@dataclass(frozen=True)
class Projectie:
    lon0: float
    lat1: float  # the northern edge: y grows southwards
    kx: float  # cos(mean latitude)
    schaal: float  # map units per degree of latitude
    marge: float
    hoogte: int  # the viewBox height

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.marge + (lon - self.lon0) * self.kx * self.schaal
        return x, self.marge + (self.lat1 - lat) * self.schaal

    def km(self, km: float) -> float:
        return km / KM_PER_GRAAD * self.schaal


def _ringen(geometrie: Mapping[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    soort, coords = geometrie.get("type"), geometrie.get("coordinates") or ()
    if soort == "Polygon":
        yield from coords
    elif soort == "MultiPolygon":
        for polygoon in coords:
            yield from polygoon
    else:
        raise ValueError(f"geometry type {soort!r} is not a Polygon or MultiPolygon")


def _eindig(lon: float, lat: float) -> bool:
    return math.isfinite(lon) and math.isfinite(lat)


def projectie(vlakken: Sequence[Vlak], punten: Sequence[Punt], breedte: int) -> Projectie:
    lons: list[float] = []
    lats: list[float] = []
    for vlak in vlakken:
        for ring in _ringen(vlak.geometrie):
            for p in ring:
                if _eindig(p[0], p[1]):
                    lons.append(p[0])
                    lats.append(p[1])
    if not lons:  # points only when there are no areas
        lons = [p.lon for p in punten if _eindig(p.lon, p.lat)]
        lats = [p.lat for p in punten if _eindig(p.lon, p.lat)]
    if lons:
        lon0, lat0, lon1, lat1 = min(lons), min(lats), max(lons), max(lats)
    else:
        lon0, lat0, lon1, lat1 = _NEDERLAND
    if lat1 - lat0 < 0.01:  # a single point or a flat line: give it some room
        lat0, lat1 = lat0 - 0.05, lat1 + 0.05
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    if (lon1 - lon0) * kx < 0.01:
        lon0, lon1 = lon0 - 0.05 / kx, lon1 + 0.05 / kx
    marge = max(4.0, breedte * 0.02)
    schaal = (breedte - 2 * marge) / ((lon1 - lon0) * kx)
    hoogte = math.ceil((lat1 - lat0) * schaal + 2 * marge)
    return Projectie(lon0, lat1, kx, schaal, marge, hoogte)


def svg_getal(v: float) -> str:
    """A coordinate with at most one decimal: ``12.3``, ``12``."""
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def svg_pad(geometrie: Mapping[str, Any], proj: Projectie) -> str:
    delen: list[str] = []
    for ring in _ringen(geometrie):
        punten: list[tuple[str, str]] = []
        for p in ring:
            if not _eindig(p[0], p[1]):
                continue
            x, y = proj.xy(p[0], p[1])
            punt = (svg_getal(x), svg_getal(y))
            if not punten or punten[-1] != punt:
                punten.append(punt)
        if len(punten) > 1 and punten[0] == punten[-1]:
            punten.pop()  # Z closes the ring
        if len(punten) >= 3:
            delen.append("M" + " ".join(f"{x},{y}" for x, y in punten) + "Z")
    return "".join(delen)


def _tooltip(*regels: str | None) -> str:
    return "<title>" + escape("\n".join(r for r in regels if r)) + "</title>"


def _link(inhoud: str, href: str | None) -> str:
    return inhoud if href is None else f"<a href={quoteattr(href)}>{inhoud}</a>"


def _kader(klasse: str, regels: Sequence[str], breedte: float, y0: float, y1: float) -> str:
    """A legend block on a light background, so it stays legible over the areas."""
    achtergrond = (
        f'<rect x="2" y="{svg_getal(y0)}" width="{svg_getal(breedte + 14)}" '
        f'height="{svg_getal(y1 - y0)}" fill="#ffffff" fill-opacity="0.85" rx="3"/>'
    )
    return f'<g class="{klasse}" {_FONT}>{achtergrond}{"".join(regels)}</g>'


def _legenda_svg(legenda: Legenda, marge: float) -> str:
    """The legend in the top-left corner (the North Sea, on a map of the Netherlands)."""
    y = marge + 4
    regels = [
        f'<text x="8" y="{svg_getal(y + 12)}" font-weight="bold">{escape(legenda.titel)}</text>'
    ]
    breedte = 7.0 * len(legenda.titel)
    y += 18
    for kleur, label in legenda.items:
        regels.append(
            f'<rect x="8" y="{svg_getal(y + 1)}" width="12" height="12" '
            f'fill={quoteattr(kleur)} stroke="#767676" stroke-width="0.5"/>'
            f'<text x="26" y="{svg_getal(y + 11)}">{escape(label)}</text>'
        )
        breedte = max(breedte, 18 + 6.5 * len(label))
        y += 17
    return _kader("legenda", regels, breedte, marge, y + 4)


def _ringnoot_svg(ring_km: float, hoogte: int, marge: float) -> str:
    """The note on the ring in the bottom-left corner (below Zeeland, on the Netherlands)."""
    km = getal_nl(ring_km).removesuffix(",0")
    tekst = f"Ring: {km} km in vogelvlucht (hover of focus op een vestiging)"
    y = hoogte - marge - 21
    regel = (
        f'<circle cx="14" cy="{svg_getal(y + 9)}" r="5" fill="none" stroke="#222" '
        f'stroke-dasharray="2 2"/><text x="26" y="{svg_getal(y + 13)}">{escape(tekst)}</text>'
    )
    return _kader("ringnoot", [regel], 18 + 6.2 * len(tekst), y, y + 19)


def kaart_svg(
    vlakken: Sequence[Vlak],
    punten: Sequence[Punt] = (),
    *,
    titel: str,
    beschrijving: str,
    legenda: Legenda | None = None,
    ring_km: float | None = None,
    breedte: int = 640,
    id: str = "kaart",
    papier: bool = False,
    lijnen: Sequence[Mapping[str, Any]] = (),
) -> str:
    """One accessible inline ``<svg>``: areas, outlines, points, then the legend on top.

    ``id`` must be unique on the page: it names the title and description and scopes the
    CSS that shows a vestiging's ring on hover or focus. On ``papier`` (reports) the map gets
    a fixed size and nothing that only works on hover or focus. ``lijnen`` are (Multi)Polygons
    drawn as thin outlines over the areas (provincie borders); the map is not fitted to them.
    """
    if not _ID.match(id):
        raise ValueError(f"invalid SVG id {id!r}")
    if breedte <= 0:
        raise ValueError("breedte must be positive")
    if ring_km is not None and not (math.isfinite(ring_km) and ring_km > 0):
        raise ValueError(f"ring_km must be a positive number, not {ring_km!r}")
    proj = projectie(vlakken, punten, breedte)
    hoogte = proj.hoogte
    css = (
        f"#{id} .ring{{display:none;pointer-events:none}}"
        f"#{id} .vestiging:hover .ring,#{id} .vestiging:focus .ring,"
        f"#{id} .vestiging:focus-within .ring{{display:inline}}"
        f"#{id} .vestiging:focus,#{id} a:focus{{outline:2px solid #1a1a1a}}"
    )
    # A picture with links or focusable points is a group, or screen readers skip its contents.
    interactief = bool(punten) or any(v.href for v in vlakken)
    interactief = interactief and not papier
    role = "group" if interactief else "img"
    maat = f'width="{breedte}" height="{hoogte}"' if papier else 'width="100%"'
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(id)} class="kaart" role="{role}" '
        f'aria-labelledby="{id}-titel {id}-beschrijving" viewBox="0 0 {breedte} {hoogte}" '
        f"{maat}>",
        f'<title id="{id}-titel">{escape(titel)}</title>',
        f'<desc id="{id}-beschrijving">{escape(beschrijving)}</desc>',
        f"<style>{css}</style>",
        '<g class="vlakken" stroke="#ffffff" stroke-width="0.5" fill-rule="evenodd">',
    ]
    for vlak in vlakken:
        kleur = quoteattr(vlak.kleur or GEEN_GEGEVENS)
        pad = f'<path d="{svg_pad(vlak.geometrie, proj)}" fill={kleur}>'
        delen.append(_link(pad + _tooltip(vlak.naam, vlak.tekst) + "</path>", vlak.href))
    delen.append("</g>")
    if lijnen:
        delen.append(
            '<g class="lijnen" fill="none" stroke="#555555" stroke-width="0.75" '
            'stroke-linejoin="round" pointer-events="none" aria-hidden="true">'
        )
        delen += [f'<path d="{svg_pad(lijn, proj)}"/>' for lijn in lijnen]
        delen.append("</g>")
    straal = svg_getal(proj.km(ring_km)) if ring_km is not None else None
    for punt in punten:
        if not _eindig(punt.lon, punt.lat):
            continue
        x, y = (svg_getal(v) for v in proj.xy(punt.lon, punt.lat))
        # a linked point is focusable through its <a>; a second tab stop would only confuse
        focus = ' tabindex="0"' if punt.href is None and not papier else ""
        ring = ""
        if straal is not None and not papier:
            ring = (
                f'<circle class="ring" cx="{x}" cy="{y}" r="{straal}" fill="none" '
                f'stroke="#222" stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        cirkel = (
            f'<circle cx="{x}" cy="{y}" r="4" fill={quoteattr(punt.kleur)} '
            f'stroke="#222" stroke-width="1"/>'
        )
        delen.append(
            f'<g class="vestiging"{focus}>{_tooltip(f"{punt.naam} ({punt.code})", punt.tekst)}'
            f"{ring}{_link(cirkel, punt.href)}</g>"
        )
    if legenda is not None:
        delen.append(_legenda_svg(legenda, proj.marge))
    if ring_km is not None and not papier:
        delen.append(_ringnoot_svg(ring_km, hoogte, proj.marge))
    delen.append("</svg>")
    return "".join(delen)


def klassegrenzen(waarden: Sequence[float], n: int = 5) -> list[float]:
    """Quantile class breaks: ``n - 1`` inner breaks, ascending, deduplicated.

    Linear interpolation between order statistics; rounded to one decimal, so the legend
    labels and the classification agree. Non-finite values are ignored.
    """
    data = sorted(v for v in waarden if math.isfinite(v))
    if not data or n < 2:
        return []
    grenzen: list[float] = []
    for i in range(1, n):
        pos = (len(data) - 1) * i / n
        laag = math.floor(pos)
        hoog = min(laag + 1, len(data) - 1)
        grens = round(data[laag] + (data[hoog] - data[laag]) * (pos - laag), 1)
        if not grenzen or grens > grenzen[-1]:
            grenzen.append(grens)
    return grenzen


def _kleuren(aantal: int, palet: Sequence[str]) -> list[str]:
    """``aantal`` colours spread over the whole palette (light to dark stays light to dark)."""
    if aantal > len(palet):
        raise ValueError(f"{aantal} classes but only {len(palet)} colours")
    if aantal == 1:
        return [palet[len(palet) // 2]]
    return [palet[round(i * (len(palet) - 1) / (aantal - 1))] for i in range(aantal)]


def klassekleur(
    waarde: float | None, grenzen: Sequence[float], palet: Sequence[str] = PALET_SEQUENTIEEL
) -> str | None:
    """The class colour of a value; a value equal to a break falls in the upper class."""
    if waarde is None or not math.isfinite(waarde):
        return None
    return _kleuren(len(grenzen) + 1, palet)[bisect_right(grenzen, waarde)]


def klasselegenda(
    titel: str, grenzen: Sequence[float], eenheid: str, palet: Sequence[str] = PALET_SEQUENTIEEL
) -> Legenda:
    """The legend for :func:`klassekleur`: ``< 12,3 %``, ``12,3 - 18,0 %``, ``≥ 24,1 %``.

    The range labels use an en dash; the last item is for areas without a (public) value.
    """
    achter = f" {eenheid}" if eenheid else ""
    g = [getal_nl(v) for v in grenzen]
    if not g:
        labels = ["alle waarden"]
    else:
        labels = [f"< {g[0]}{achter}"]
        labels += [f"{a} \u2013 {b}{achter}" for a, b in pairwise(g)]  # en dash
        labels.append(f"≥ {g[-1]}{achter}")
    items = list(zip(_kleuren(len(labels), palet), labels, strict=True))
    items.append((GEEN_GEGEVENS, "geen gegevens of afgeschermd"))
    return Legenda(titel, items)
