"""Charts as Vega-Lite specs, written with Altair's grammar; drawn in the browser by vega.js.

One look for every chart: Okabe-Ito colours (safe for colour-blind readers), Dutch number
format, no actions menu. Suppressed cells (``<5``, ``x``) have no number and are left out of
the chart; the table beside every chart shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

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
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€", ""]}


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
) -> dict[str, Any]:
    """A line per ``kleur`` over ``x`` (usually the school year as text, 2019/2020)."""
    data = [r for r in rijen if r.get(y) is not None]
    encoding: dict[str, Any] = {
        "x": alt.X(f"{x}:O", title=None),
        "y": alt.Y(f"{y}:Q", title=y_titel, scale=alt.Scale(zero=False)),
        "tooltip": [alt.Tooltip(f"{x}:O"), alt.Tooltip(f"{y}:Q", format=",.1f")],
    }
    if kleur:
        encoding["color"] = alt.Color(f"{kleur}:N", title=None)
        encoding["tooltip"].insert(0, alt.Tooltip(f"{kleur}:N"))
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
        encoding["color"] = alt.Color(f"{kleur}:N", title=None, sort=None)
        encoding["tooltip"].insert(1, alt.Tooltip(f"{kleur}:N"))
        if not gestapeld:
            encoding["xOffset"] = alt.XOffset(f"{kleur}:N", sort=None)
    source = alt.Data(values=data)  # type: ignore[no-untyped-call]
    chart = alt.Chart(source).mark_bar().encode(**encoding).properties(height=hoogte)
    return _finish(chart, titel)
