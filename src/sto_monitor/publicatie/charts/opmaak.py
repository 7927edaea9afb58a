"""The look every chart shares: titles wrapped into lines, axis titles and labels, what a
screen reader says of a mark, and the common configuration (:func:`_finish`).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

import altair as alt

from sto_monitor.publicatie.charts.kleuren import OKABE_ITO

# The reports' font (reports/templates/rapport.css). Charts drawn to SVG on the server are
# measured in it, so labels fit when the PDF prints them in it; browsers fall back.
LETTER = "DejaVu Sans, sans-serif"
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€", ""]}
TITEL_TEKENS = 40  # characters per title line: 14 px DejaVu Sans in a 375 px wide phone
ONDERTITEL_TEKENS = 50  # the same for the 12 px subtitle
GEBROKEN_AS = "as begint niet bij 0"


def regels(tekst: str | Sequence[str], tekens: int = TITEL_TEKENS) -> list[str]:
    """A title as lines of at most ``tekens`` characters (a word longer than that stays whole)."""
    lijnen = [tekst] if isinstance(tekst, str) else list(tekst)
    return [
        r
        for lijn in lijnen
        for r in (textwrap.wrap(lijn, tekens, break_on_hyphens=False) or [lijn])
    ]


def _as_titel(titel: str | Sequence[str], nul: bool = True) -> list[str]:
    lijnen = [titel] if isinstance(titel, str) else list(titel)
    return lijnen if nul else [*lijnen, f"({GEBROKEN_AS})"]


def _tekst(titel: str | Sequence[str]) -> str:
    return titel if isinstance(titel, str) else " ".join(titel)


OMSCHRIJVING = "omschrijving"  # the field a screen reader reads for each mark


def _omschrijving(velden: Sequence[tuple[str, str]], y: str, y_titel: str) -> str:
    """A Vega expression: what a screen reader says of a mark, in the reader's words
    ("Leerweg: bb; Derdejaars: 1.192", a range "tussen 36 en 42"), never a field name."""

    def veld(naam: str) -> str:
        return f"datum[{json.dumps(naam)}]"

    def getal(naam: str) -> str:
        return f"({veld(naam)} % 1 == 0 ? format({veld(naam)}, ',') : format({veld(naam)}, ',.1f'))"

    waarde = (
        f"(isValid({veld(y)}) ? {getal(y)} : "
        f"'tussen ' + {getal(y + '_min')} + ' en ' + {getal(y + '_max')})"
    )
    delen = [f"{json.dumps(titel + ': ')} + {veld(naam)}" for naam, titel in velden]
    return " + '; ' + ".join([*delen, f"{json.dumps(y_titel + ': ')} + {waarde}"])


def _as_labels(labels: Sequence[str]) -> dict[str, Any]:
    """Labels of a category axis along it when they fit side by side, else upright (a phone):
    expressions on the chart's width, since the container decides it."""
    lang = max((len(label) for label in labels), default=1)
    past = f"width / {max(len(labels), 1)} >= {lang * 7 + 8}"
    return {
        "labelAngle": {"expr": f"{past} ? 0 : -90"},
        "labelAlign": {"expr": f"{past} ? 'center' : 'right'"},
        "labelBaseline": {"expr": f"{past} ? 'top' : 'middle'"},
        "labelOverlap": False,
    }


def _finish(
    chart: alt.TopLevelMixin,
    titel: str | Sequence[str],
    ondertitel: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    kop: dict[str, Any] = {"text": regels(titel)}
    if ondertitel:
        kop["subtitle"] = regels(ondertitel, ONDERTITEL_TEKENS)
    spec: dict[str, Any] = (
        chart.properties(title=alt.TitleParams(**kop), width="container")
        .configure_range(category=list(OKABE_ITO))
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#1a1a1a")
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .configure_title(
            fontSize=14,
            anchor="start",
            color="#1a1a1a",
            subtitleFontSize=12,
            subtitleColor="#444444",
        )
        .configure_view(stroke=None)
        .to_dict()
    )
    spec.pop("$schema", None)  # vega-embed would only read its version; no URLs in pages
    # the lines before wrapping, for a file of another width (als_bestand)
    ongebroken = {"text": regels(titel, 10_000)}
    if ondertitel:
        ongebroken["subtitle"] = regels(ondertitel, 10_000)
    spec["usermeta"] = {"titel": ongebroken}
    spec.setdefault("config", {})["locale"] = {"number": NL_FORMAT}
    spec["config"]["font"] = LETTER
    return spec
