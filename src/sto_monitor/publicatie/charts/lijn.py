"""Lines over the school years, a line per series; ranges where a value is masked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor.publicatie.charts.cellen import _exact, _getekend, _teken
from sto_monitor.publicatie.charts.kleuren import _kleur
from sto_monitor.publicatie.charts.lagen import _bereiklagen, _breuk
from sto_monitor.publicatie.charts.opmaak import (
    OMSCHRIJVING,
    _as_labels,
    _as_titel,
    _finish,
    _omschrijving,
    _tekst,
)


def lijn(
    rijen: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    titel: str | Sequence[str],
    y_titel: str | Sequence[str],
    kleur: str | None = None,
    hoogte: int = 220,
    deel: str | None = None,
    nul: bool = True,
    x_titel: str = "Schooljaar",
    kleur_titel: str | None = None,
    ondertitel: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """A line per ``kleur`` over ``x`` (usually the school year as text, 2019/2020).

    ``deel``: a field numbering the parts of a series between breaks (``reeksbreuken``); the
    line is drawn per part, so two years that cannot be compared are not joined. ``nul``: the
    y axis starts at 0 (the default); ``False`` marks the broken axis (module docstring).
    Rows with ``<y>_min``/``<y>_max`` and no exact value are drawn as ranges.
    """
    data, bereiken = _teken(rijen, y)
    stappen = _getekend(rijen, y, x)
    as_titel = _as_titel(y_titel, nul)
    schaal = alt.Scale(zero=nul)
    x_enc = alt.X(
        f"{x}:O",
        title=None,
        sort=stappen,
        scale=alt.Scale(domain=stappen),
        axis=alt.Axis(**_as_labels(stappen)),
    )
    kanalen: dict[str, Any] = {"x": x_enc}
    tooltip: list[Any] = [alt.Tooltip(f"{x}:O", title=x_titel)]
    if kleur:
        kanalen["color"] = _kleur(kleur, data, kleur_titel)
        tooltip.insert(0, alt.Tooltip(f"{kleur}:N", title=kleur_titel or "Reeks"))
    kanalen["description"] = alt.Description(f"{OMSCHRIJVING}:N")
    encoding: dict[str, Any] = {
        **kanalen,
        "y": alt.Y(f"{y}:Q", title=as_titel, scale=schaal),
        "tooltip": [*tooltip, alt.Tooltip(f"{y}:Q", title=_tekst(y_titel), format=",.1f")],
    }
    if deel:
        encoding["detail"] = alt.Detail(f"{deel}:N")
    lagen: list[Any] = [
        alt.Chart()
        .transform_filter(_exact(y))
        .mark_line(point=True, strokeWidth=2)
        .encode(**encoding)
    ]
    if bereiken:
        lagen += _bereiklagen(
            y=y,
            as_titel=as_titel,
            schaal=schaal,
            kanalen=kanalen,
            tooltip=tooltip,
            naast=kanalen["color"].to_dict().get("sort", []) if kleur else [],
            veld=kleur,
        )
    if not nul:
        lagen.append(_breuk())
    velden = [(x, x_titel), *([(kleur, kleur_titel or "Reeks")] if kleur else [])]
    chart = (
        alt.layer(*lagen, data=alt.Data(values=data))  # type: ignore[no-untyped-call]
        .transform_calculate(**{OMSCHRIJVING: _omschrijving(velden, y, _tekst(y_titel))})
        .properties(height=hoogte)
    )
    return _finish(chart, titel, ondertitel)
