"""Colours and order: Okabe-Ito, one fixed colour and order per leerweg and profiel, the
national series in one grey; the colour channel (and so the legend) of a chart.
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
EXTRA_KLEUREN: tuple[str, ...] = ("#999999", "#DDDDDD", "#6B3E26")  # after Okabe-Ito's eight


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
NEDERLAND = "Nederland"  # the national series beside a region's, always in one colour
NEDERLAND_KLEUR = "#555555"
# Fields that hold profielen under another name (keuzevakken): the same colours and order.
SOORT: dict[str, str] = {"profiel_leerling": "profiel", "keuzevak_profiel": "profiel"}


def volgorde(veld: str) -> tuple[str, ...]:
    """The canonical order of the values of ``veld`` (leerweg, profiel), else none."""
    return tuple(VASTE_KLEUREN.get(SOORT.get(veld, veld), ()))


def _kleur(
    veld: str, data: Sequence[dict[str, Any]], titel: str | None = None, **opties: Any
) -> alt.Color:
    """The colour channel of ``veld``: fixed colours and order for leerweg and profiel, listing
    only the values the chart has (no legend entry without data); otherwise the data's order."""
    vast = VASTE_KLEUREN.get(SOORT.get(veld, veld))
    if vast is None:  # in the data's order; Nederland, the reference, always in dark grey
        domein = list(dict.fromkeys(str(r.get(veld)) for r in data))
        schaal: Any = alt.Undefined
        if NEDERLAND in domein and len(domein) <= len(OKABE_ITO):
            kleuren = iter(OKABE_ITO)
            bereik = [NEDERLAND_KLEUR if w == NEDERLAND else next(kleuren) for w in domein]
            schaal = alt.Scale(domain=domein, range=bereik)
        return alt.Color(f"{veld}:N", title=titel, sort=domein, scale=schaal, **opties)
    aanwezig = {str(r.get(veld)) for r in data}
    domein = [w for w in vast if w in aanwezig]
    domein += sorted(aanwezig - set(vast))  # unknown values last, in a neutral grey
    bereik = [vast.get(w, "#999999") for w in domein]
    return alt.Color(
        f"{veld}:N",
        title=titel,
        sort=domein,
        scale=alt.Scale(domain=domein, range=bereik),
        **opties,
    )
