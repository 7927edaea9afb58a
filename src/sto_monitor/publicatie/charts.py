"""Charts as Vega-Lite specs, written with Altair's grammar; drawn in the browser by vega.js.

One look for every chart: Okabe-Ito colours (safe for colour-blind readers), Dutch number
format, no actions menu. Suppressed cells (``<5``, ``x``) have no number and are left out of
the chart; the table beside every chart shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor import domain

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
# The reports' font (reports/templates/rapport.css). Charts drawn to SVG on the server are
# measured in it, so labels fit when the PDF prints them in it; browsers fall back.
LETTER = "DejaVu Sans, sans-serif"
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€", ""]}


# One colour per leerweg and per profiel in every chart of every output (dashboard, verkenner,
# reports), in the canonical order: bb, kb, gl, (tl), totaal; profielen as the report lists them.
VASTE_KLEUREN: dict[str, dict[str, str]] = {
    "leerweg": {
        "bb": "#0072B2",
        "kb": "#E69F00",
        "gl": "#009E73",
        "tl": "#CC79A7",
        "totaal": "#000000",
    },
    "profiel": dict(
        zip(
            (*domain.PROFIEL_CODES, "techniek", "niet-techniek", "overig", "totaal"),
            (
                "#0072B2",
                "#E69F00",
                "#009E73",
                "#D55E00",
                "#CC79A7",
                "#56B4E9",
                "#F0E442",
                "#6B3E26",
                "#999999",
                "#882255",
                "#000000",
                "#555555",
                "#DDDDDD",
                "#000000",
            ),
            strict=True,
        )
    ),
}


def _kleur(veld: str, data: Sequence[dict[str, Any]], **opties: Any) -> alt.Color:
    """The colour channel of ``veld``: fixed colours and order for leerweg and profiel, listing
    only the values the chart has (no legend entry without data); otherwise the data's order."""
    vast = VASTE_KLEUREN.get(veld)
    if vast is None:
        return alt.Color(f"{veld}:N", title=None, sort=None, **opties)
    aanwezig = {str(r.get(veld)) for r in data}
    domein = [w for w in vast if w in aanwezig]
    domein += sorted(aanwezig - set(vast))  # unknown values last, in a neutral grey
    bereik = [vast.get(w, "#999999") for w in domein]
    return alt.Color(
        f"{veld}:N", title=None, sort=domein, scale=alt.Scale(domain=domein, range=bereik), **opties
    )


def _finish(chart: alt.TopLevelMixin, titel: str) -> dict[str, Any]:
    spec: dict[str, Any] = (
        chart.properties(title=titel, width="container")
        .configure_range(category=list(OKABE_ITO))
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#1a1a1a")
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_title(fontSize=14, anchor="start", color="#1a1a1a")
        .configure_view(stroke=None)
        .to_dict()
    )
    spec.pop("$schema", None)  # vega-embed would only read its version; no URLs in pages
    spec.setdefault("config", {})["locale"] = {"number": NL_FORMAT}
    spec["config"]["font"] = LETTER
    return spec


def lijn(
    rijen: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    titel: str,
    y_titel: str,
    kleur: str | None = None,
    hoogte: int = 220,
    deel: str | None = None,
) -> dict[str, Any]:
    """A line per ``kleur`` over ``x`` (usually the school year as text, 2019/2020).

    ``deel``: a field numbering the parts of a series between breaks (``reeksbreuken``); the
    line is drawn per part, so two years that cannot be compared are not joined.
    """
    data = [r for r in rijen if r.get(y) is not None]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:O", title=None),
        "y": alt.Y(f"{y}:Q", title=y_titel, scale=alt.Scale(zero=False)),
        "tooltip": [alt.Tooltip(f"{x}:O"), alt.Tooltip(f"{y}:Q", format=",.1f")],
    }
    if kleur:
        encoding["color"] = _kleur(kleur, data)
        encoding["tooltip"].insert(0, alt.Tooltip(f"{kleur}:N"))
    if deel:
        encoding["detail"] = alt.Detail(f"{deel}:N")
    chart = (
        alt.Chart(alt.Data(values=data))  # type: ignore[no-untyped-call]
        .mark_line(point=True, strokeWidth=2)
        .encode(**encoding)
        .properties(height=hoogte)
    )
    return _finish(chart, titel)


def staaf(
    rijen: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    titel: str,
    y_titel: str,
    kleur: str | None = None,
    gestapeld: bool = True,
    hoogte: int = 220,
) -> dict[str, Any]:
    """Bars of ``y`` per ``x``; with ``kleur`` stacked (or grouped when not ``gestapeld``)."""
    data = [r for r in rijen if r.get(y) is not None]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y_titel, stack="zero" if gestapeld else None),
        "tooltip": [alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{y}:Q", format=",.1f")],
    }
    if kleur:
        encoding["color"] = _kleur(kleur, data)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{kleur}:N"))
        if gestapeld:  # stack in the canonical order too (bb at the bottom)
            volgorde = list(VASTE_KLEUREN.get(kleur, {}))
            if volgorde:
                data = [
                    {**r, "_stapel": volgorde.index(r[kleur]) if r[kleur] in volgorde else 99}
                    for r in data
                ]
                encoding["order"] = alt.Order("_stapel:Q")
        if not gestapeld:
            encoding["xOffset"] = alt.XOffset(f"{kleur}:N", sort=None)
    source = alt.Data(values=data)  # type: ignore[no-untyped-call]
    chart = alt.Chart(source).mark_bar().encode(**encoding).properties(height=hoogte)
    return _finish(chart, titel)


EXTRA_KLEUREN: tuple[str, ...] = ("#999999", "#DDDDDD", "#6B3E26")  # after Okabe-Ito's eight


def spreiding(
    rijen: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    titel: str,
    x_titel: str,
    y_titel: str,
    kleur: str | None = None,
    vorm: str | None = None,
    label: Sequence[str] = (),
    kwadranten: dict[str, str] | None = None,
    hoogte: int = 340,
) -> dict[str, Any]:
    """Points of ``y`` against ``x`` with the axes through 0 drawn, e.g. growth clusters.

    ``label``: fields shown first in the tooltip (a region's code and name). ``kwadranten``
    names the quadrants ({"rechtsboven": "A", "linksonder": "B", ...}); they are printed in
    the corners, so a reader sees which cluster a point falls in.
    """
    data = [r for r in rijen if r.get(x) is not None and r.get(y) is not None]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:Q", title=x_titel, axis=alt.Axis(tickCount=10)),
        "y": alt.Y(f"{y}:Q", title=y_titel, axis=alt.Axis(tickCount=10)),
        "tooltip": [
            *(alt.Tooltip(f"{veld}:N") for veld in label),
            alt.Tooltip(f"{x}:Q", format=",.1f"),
            alt.Tooltip(f"{y}:Q", format=",.1f"),
        ],
    }
    if kleur:
        encoding["color"] = _kleur(kleur, data)
    if vorm:
        encoding["shape"] = alt.Shape(f"{vorm}:N", title=None, sort=None)
    punten = (
        alt.Chart(alt.Data(values=data))  # type: ignore[no-untyped-call]
        .mark_point(filled=True, size=45, opacity=0.85)
        .encode(**encoding)
    )
    nul = alt.Chart(alt.Data(values=[{}]))  # type: ignore[no-untyped-call]
    lagen: list[Any] = [
        nul.mark_rule(color="#888888").encode(x=alt.datum(0)),
        nul.mark_rule(color="#888888").encode(y=alt.datum(0)),
    ]
    hoeken: dict[str, tuple[Any, Any, Any, Any]] = {
        "rechtsboven": ("width", 0, "right", "top"),
        "linksboven": (0, 0, "left", "top"),
        "rechtsonder": ("width", "height", "right", "bottom"),
        "linksonder": (0, "height", "left", "bottom"),
    }
    for hoek, tekst in sorted((kwadranten or {}).items()):
        px, py, align, baseline = hoeken[hoek]
        lagen.append(
            nul.mark_text(
                text=tekst,
                align=align,
                baseline=baseline,
                dx=-4 if align == "right" else 4,
                dy=4 if baseline == "top" else -4,
                fontSize=16,
                fontWeight="bold",
                color="#767676",
            ).encode(x=alt.value(px), y=alt.value(py))
        )
    chart = alt.layer(*lagen, punten).properties(height=hoogte)
    return _finish(chart, titel)


def balk(
    rijen: Sequence[dict[str, Any]],
    *,
    categorie: str,
    waarde: str,
    titel: str,
    waarde_titel: str,
    kleur: str | None = None,
    liggend: bool = False,
    referentie: float | None = None,
    referentie_tekst: str | None = None,
    hoogte: int = 260,
    labelgrootte: int = 12,
) -> dict[str, Any]:
    """Bars over many categories (every region, every profiel and leerweg), in data order.

    Standing bars turn their labels upright so that 78 regions fit; lying bars (``liggend``)
    suit long labels. With ``kleur`` the bars are stacked in the order the rows come (e.g.
    shares adding up to 100). ``referentie`` draws a line at that value (an average), with
    ``referentie_tekst`` beside it.
    """
    data = [r for r in rijen if r.get(waarde) is not None]
    volgorde = list(dict.fromkeys(str(r[kleur]) for r in data)) if kleur else []
    cat_as = alt.Axis(labelAngle=0 if liggend else -90, labelFontSize=labelgrootte)
    cat = (alt.Y if liggend else alt.X)(f"{categorie}:N", title=None, sort=None, axis=cat_as)
    val = (alt.X if liggend else alt.Y)(
        f"{waarde}:Q", title=waarde_titel, stack="zero", axis=alt.Axis(tickCount=10)
    )
    encoding: dict[str, Any] = {
        "y" if liggend else "x": cat,
        "x" if liggend else "y": val,
        "tooltip": [alt.Tooltip(f"{categorie}:N"), alt.Tooltip(f"{waarde}:Q", format=",.1f")],
    }
    if kleur:
        kleuren = [*OKABE_ITO, *EXTRA_KLEUREN][: max(len(volgorde), 1)]
        schaal = alt.Scale(domain=volgorde, range=kleuren) if len(volgorde) > 8 else alt.Undefined
        lang = max((len(v) for v in volgorde), default=0) > 20  # sectorkamers: two columns
        legenda = alt.Legend(columns=2, labelLimit=300) if lang else alt.Undefined
        encoding["color"] = alt.Color(
            f"{kleur}:N", title=None, sort=volgorde, scale=schaal, legend=legenda
        )
        encoding["order"] = alt.Order("volgorde:Q")
        encoding["tooltip"].insert(1, alt.Tooltip(f"{kleur}:N"))
        data = [{**r, "volgorde": volgorde.index(str(r[kleur]))} for r in data]
    staven = (
        alt.Chart(alt.Data(values=data))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(**encoding)
    )
    lagen: list[Any] = [staven]
    if referentie is not None:
        lijn = alt.Chart(alt.Data(values=[{}]))  # type: ignore[no-untyped-call]
        kanaal = "x" if liggend else "y"
        lagen.append(
            lijn.mark_rule(color="#1a1a1a", strokeDash=[4, 3]).encode(
                **{kanaal: alt.datum(referentie)}
            )
        )
        if referentie_tekst:  # at the end of the line: the right edge, or the top
            plaats = {"y": alt.value(0)} if liggend else {"x": alt.value("width")}
            lagen.append(
                lijn.mark_text(
                    text=referentie_tekst,
                    align="left" if liggend else "right",
                    baseline="bottom",
                    dx=3 if liggend else 0,
                    dy=-3,
                    fontSize=11,
                ).encode(**{kanaal: alt.datum(referentie)}, **plaats)
            )
    chart = alt.layer(*lagen).properties(height=hoogte)
    return _finish(chart, titel)
