"""Bars from 0, stacked or grouped per series, standing or lying; ranges where a value is
masked, and a reference line (the national figure).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor.publicatie.charts.cellen import _exact, _getekend, _teken
from sto_monitor.publicatie.charts.kleuren import _kleur, volgorde
from sto_monitor.publicatie.charts.lagen import _bereiklagen, _referentie
from sto_monitor.publicatie.charts.opmaak import (
    OMSCHRIJVING,
    _as_labels,
    _as_titel,
    _finish,
    _omschrijving,
    _tekst,
)

LIGGEND_VANAF = 12  # more categories than this: lying bars, a category per line
STAP = 16  # px per lying bar (or per bar of a group), so the chart grows with its rows


def staaf(
    rijen: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    titel: str | Sequence[str],
    y_titel: str | Sequence[str],
    kleur: str | None = None,
    gestapeld: bool = True,
    hoogte: int = 220,
    liggend: bool | None = None,
    x_titel: str | None = None,
    kleur_titel: str | None = None,
    ondertitel: str | Sequence[str] | None = None,
    referentie: float | None = None,
    referentie_tekst: str | None = None,
) -> dict[str, Any]:
    """Bars of ``y`` per ``x``, from 0; with ``kleur`` stacked (or grouped when not
    ``gestapeld``, and always when a part is only known as a range).

    ``liggend``: the categories on the y axis, a bar per line, the chart as tall as its rows
    (by default when there are more than ``LIGGEND_VANAF`` categories or long labels).
    ``referentie`` draws a dashed line at that value (the national figure), with
    ``referentie_tekst`` beside it. Rows with ``<y>_min``/``<y>_max`` and no exact value are
    drawn as ranges.
    """
    data, bereiken = _teken(rijen, y)
    categorieen = _getekend(rijen, y, x)
    if liggend is None:
        lang = max((len(c) for c in categorieen), default=0)
        liggend = len(categorieen) > LIGGEND_VANAF or lang > 14
    stapel = bool(gestapeld and kleur and not bereiken)
    groep = bool(kleur and not stapel and kleur != x)
    cat_kanaal, val_kanaal = ("y", "x") if liggend else ("x", "y")
    cat_as = (
        alt.Axis(labelAngle=0, labelLimit=180) if liggend else alt.Axis(**_as_labels(categorieen))
    )
    cat = (alt.Y if liggend else alt.X)(
        f"{x}:N", title=None, sort=categorieen, scale=alt.Scale(domain=categorieen), axis=cat_as
    )
    as_titel = _as_titel(y_titel)
    schaal = alt.Scale(zero=True)
    kanalen: dict[str, Any] = {cat_kanaal: cat}
    tooltip: list[Any] = [alt.Tooltip(f"{x}:N", title=x_titel or "Categorie")]
    if kleur:  # coloured by the category itself: the axis names them, no legend
        legenda = {"legend": None} if kleur == x else {}
        # a series of zeros in every year gets no legend entry (a region without gl)
        getekend = [r for r in data if any(r.get(k) for k in (y, f"{y}_min", f"{y}_max"))]
        kanalen["color"] = _kleur(kleur, getekend or data, kleur_titel, **legenda)
        if kleur != x:
            tooltip.append(alt.Tooltip(f"{kleur}:N", title=kleur_titel or "Reeks"))
        if groep:
            domein = kanalen["color"].to_dict().get("sort")
            offset = alt.YOffset if liggend else alt.XOffset
            kanalen[f"{cat_kanaal}Offset"] = offset(
                f"{kleur}:N", sort=domein, scale=alt.Scale(domain=domein)
            )
    kanalen["description"] = alt.Description(f"{OMSCHRIJVING}:N")
    encoding: dict[str, Any] = {
        **kanalen,
        val_kanaal: (alt.X if liggend else alt.Y)(
            f"{y}:Q",
            title=as_titel,
            scale=schaal,
            stack="zero" if stapel else None,
        ),
        "tooltip": [*tooltip, alt.Tooltip(f"{y}:Q", title=_tekst(y_titel), format=",.1f")],
    }
    if stapel and kleur:  # stack in the canonical order too (bb at the bottom)
        orde = list(volgorde(kleur))
        if orde:
            data = [
                {**r, "_stapel": orde.index(r[kleur]) if r[kleur] in orde else 99} for r in data
            ]
            encoding["order"] = alt.Order("_stapel:Q")
    lagen: list[Any] = []
    if any(r.get(y) is not None for r in data):  # no empty layer: it would be an unnamed symbol
        lagen.append(alt.Chart().transform_filter(_exact(y)).mark_bar().encode(**encoding))
    if bereiken:
        lagen += _bereiklagen(
            y=y,
            as_titel=as_titel,
            schaal=schaal,
            kanalen=kanalen,
            liggend=liggend,
            tooltip=tooltip,
        )
    if referentie is not None:
        lagen += _referentie(referentie, referentie_tekst, liggend)
    velden = [(x, x_titel or "Categorie")]
    if kleur and kleur != x:
        velden.append((kleur, kleur_titel or "Reeks"))
    chart = alt.layer(*lagen, data=alt.Data(values=data)).transform_calculate(  # type: ignore[no-untyped-call]
        **{OMSCHRIJVING: _omschrijving(velden, y, _tekst(y_titel))}
    )
    if liggend:  # as tall as its bars: STAP px a bar, or 8 px a bar of a group
        reeksen = len(kanalen["color"].to_dict().get("sort") or []) if groep else 1
        per = reeksen * 8 + 8 if groep else STAP + 4
        chart = chart.properties(height=max(len(categorieen) * per, 120))
    else:
        chart = chart.properties(height=hoogte)
    return _finish(chart, titel, ondertitel)
