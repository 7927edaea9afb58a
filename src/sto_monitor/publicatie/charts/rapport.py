"""The reports' charts: bars over many categories (:func:`balk`) and scatter plots read
around 0 (:func:`spreiding`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor.publicatie.charts.kleuren import EXTRA_KLEUREN, OKABE_ITO, _kleur
from sto_monitor.publicatie.charts.lagen import _referentie
from sto_monitor.publicatie.charts.opmaak import _finish


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
    if vorm and vorm == kleur:  # one legend, not a colour and a shape legend of one field
        domein = encoding["color"].to_dict().get("sort")
        encoding["shape"] = alt.Shape(
            f"{vorm}:N", title=None, sort=domein, scale=alt.Scale(domain=domein)
        )
    elif vorm:
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
    tot: float | None = None,
) -> dict[str, Any]:
    """Bars over many categories (every region, every profiel and leerweg), in data order.

    Standing bars turn their labels upright so that 78 regions fit; lying bars (``liggend``)
    suit long labels. With ``kleur`` the bars are stacked in the order the rows come (e.g.
    shares adding up to 100, then ``tot=100`` ends the axis there instead of at a rounder
    110). ``referentie`` draws a line at that value (an average), with ``referentie_tekst``
    beside it.
    """
    data = [r for r in rijen if r.get(waarde) is not None]
    volgorde = list(dict.fromkeys(str(r[kleur]) for r in data)) if kleur else []
    cat_as = alt.Axis(labelAngle=0 if liggend else -90, labelFontSize=labelgrootte)
    cat = (alt.Y if liggend else alt.X)(f"{categorie}:N", title=None, sort=None, axis=cat_as)
    val = (alt.X if liggend else alt.Y)(
        f"{waarde}:Q",
        title=waarde_titel,
        stack="zero",
        axis=alt.Axis(tickCount=10),
        scale=alt.Scale(domain=[0, tot]) if tot is not None else alt.Undefined,
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
        lagen += _referentie(referentie, referentie_tekst, liggend)
    chart = alt.layer(*lagen).properties(height=hoogte)
    return _finish(chart, titel)
