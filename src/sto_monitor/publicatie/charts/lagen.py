"""Layers drawn over a chart: ranges (a rule from min to max with end ticks), the zigzag of
a y axis that does not start at 0, and a dashed reference line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor.publicatie.charts.cellen import _bereik


def _bereiklagen(
    *,
    y: str,
    as_titel: list[str],
    schaal: alt.Scale,
    kanalen: dict[str, Any],
    liggend: bool = False,
    tooltip: Sequence[Any] = (),
    naast: Sequence[str] = (),
    veld: str | None = None,
) -> list[alt.Chart]:
    """Ranges as a rule from min to max with a tick at both ends, in the series' colour.

    ``naast``: the series (values of ``veld``) in order; their ranges at one x stand side by
    side, a few pixels apart, so that overlapping ranges of two series stay apart (lines).
    """
    waarde, waarde2 = (alt.X, alt.X2) if liggend else (alt.Y, alt.Y2)
    kanaal, kanaal2 = ("x", "x2") if liggend else ("y", "y2")
    tips = [
        *tooltip,
        alt.Tooltip(f"{y}_min:Q", title="ondergrens", format=",.0f"),
        alt.Tooltip(f"{y}_max:Q", title="bovengrens", format=",.0f"),
    ]
    groepen: list[tuple[float, alt.LogicalAndPredicate]] = [(0.0, _bereik(y))]
    if veld and len(naast) > 1:
        midden = (len(naast) - 1) / 2
        groepen = [((i - midden) * 7.0, _bereik(y, veld, reeks)) for i, reeks in enumerate(naast)]
    lagen: list[alt.Chart] = []
    for verschuiving, filter_ in groepen:
        basis = alt.Chart().transform_filter(filter_)
        opzij: dict[str, Any] = {"xOffset": verschuiving} if verschuiving else {}
        lagen.append(
            basis.mark_rule(strokeWidth=2, **opzij).encode(
                **kanalen,
                **{
                    kanaal: waarde(f"{y}_min:Q", title=as_titel, scale=schaal),
                    kanaal2: waarde2(f"{y}_max:Q"),
                },
                tooltip=tips,
            )
        )
        lagen += [
            basis.mark_tick(thickness=2, size=9, aria=False, **opzij).encode(
                **{k: v for k, v in kanalen.items() if k != "description"},
                **{kanaal: waarde(f"{y}_{grens}:Q", title=as_titel, scale=schaal)},
            )
            for grens in ("min", "max")
        ]
    return lagen


def _breuk() -> alt.Chart:
    """A zigzag across the foot of the y axis: the axis does not start at 0."""
    teken: alt.Chart = (
        alt.Chart(alt.Data(values=[{}]))  # type: ignore[no-untyped-call]
        .mark_point(
            shape="M-1,0.5L-0.5,-0.5L0,0.5L0.5,-0.5L1,0.5",
            size=110,
            filled=False,
            strokeWidth=1.5,
            color="#1a1a1a",
            yOffset=-6,
            aria=False,
        )
        .encode(x=alt.value(0), y=alt.value("height"))
    )
    return teken


def _referentie(waarde: float, tekst: str | None, liggend: bool) -> list[alt.Chart]:
    """A dashed line at ``waarde`` across the bars, with ``tekst`` at its end."""
    basis = alt.Chart(alt.Data(values=[{}]))  # type: ignore[no-untyped-call]
    kanaal = "x" if liggend else "y"
    lagen = [
        basis.mark_rule(color="#1a1a1a", strokeDash=[4, 3], strokeWidth=1.5, aria=False).encode(
            **{kanaal: alt.datum(waarde)}
        )
    ]
    if tekst:  # at the end of the line: the top, or the right edge
        plaats = {"y": alt.value(0)} if liggend else {"x": alt.value("width")}
        # at the top, on the side of the line with the more room (a phone is narrow)
        rechts = f"scale('x', {waarde}) < width / 2"
        lagen.append(
            basis.mark_text(
                text=tekst,
                align={"expr": f"{rechts} ? 'left' : 'right'"} if liggend else "right",
                baseline="bottom",
                dx={"expr": f"{rechts} ? 3 : -3"} if liggend else 0,
                dy=-3,
                fontSize=11,
                aria=False,
            ).encode(**{kanaal: alt.datum(waarde)}, **plaats)
        )
    return lagen
