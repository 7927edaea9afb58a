"""Charts as Vega-Lite specs, written with Altair's grammar; drawn in the browser by vega.js.

One look for every chart: Okabe-Ito colours (safe for colour-blind readers), one fixed colour
and order per leerweg and profiel, Dutch number format, no actions menu, as wide as its
container; titles are wrapped into lines that fit a phone (375 px), context (school year,
unit) goes into a subtitle.

Scales are chosen per chart type, never left to the data:

- Bars (:func:`staaf`, :func:`balk`) always start at 0: a bar's length is its size.
- Lines (:func:`lijn`) start at 0 by default (``nul=True``), for counts and shares alike, so a
  move of two points looks like two points. Where the change matters more than the level the
  caller asks for ``nul=False``: the axis then starts near the data, its title says
  "as begint niet bij 0" and a zigzag on the axis marks the break.
- Scatter plots (:func:`spreiding`) are read around 0: both axes are drawn through 0.

Uncertain values: a row may carry ``<y>_min`` and ``<y>_max`` beside ``<y>`` (DUO's masking
interval, as the typed open-data contract has it; :func:`cel` reads a published cell). Where
they differ, the value is drawn as a range (a rule from min to max with end ticks), never as a
bar or a point, and parts of unequal certainty are never stacked (:func:`staaf` then groups
them). Afgeschermde cells (``x``) have neither a value nor a range and are left out; the table
beside every chart shows them.

:func:`als_bestand`, :func:`svg` and :func:`png` turn a spec into a file to download, drawn on
the server by vl-convert (no request leaves the process).
"""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert

from sto_monitor import domain
from sto_monitor.publicatie.taal import SYNTHETISCH

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
TITEL_TEKENS = 40  # characters per title line: 14 px DejaVu Sans in a 375 px wide phone
ONDERTITEL_TEKENS = 50  # the same for the 12 px subtitle
GEBROKEN_AS = "as begint niet bij 0"
LIGGEND_VANAF = 12  # more categories than this: lying bars, a category per line
STAP = 16  # px per lying bar (or per bar of a group), so the chart grows with its rows
BESTAND_BREEDTE = 720  # px of a downloaded chart


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


def regels(tekst: str | Sequence[str], tekens: int = TITEL_TEKENS) -> list[str]:
    """A title as lines of at most ``tekens`` characters (a word longer than that stays whole)."""
    lijnen = [tekst] if isinstance(tekst, str) else list(tekst)
    return [
        r
        for lijn in lijnen
        for r in (textwrap.wrap(lijn, tekens, break_on_hyphens=False) or [lijn])
    ]


def _grenzen(waarde: object) -> tuple[float, float] | None:
    """A published cell as (min, max): exact (v, v), DUO's ``<5`` (1, 4), ``12-15``, else None."""
    if waarde is None or isinstance(waarde, bool):
        return None
    if isinstance(waarde, int | float):
        return (float(waarde), float(waarde))
    tekst = str(waarde).strip().replace("\u2013", "-")
    if tekst == "<5":
        return (1.0, 4.0)
    if "-" in tekst[1:]:
        laag, _, hoog = tekst[1:].partition("-")
        try:
            return (float(tekst[0] + laag), float(hoog))
        except ValueError:
            return None
    try:
        getal = float(tekst)
    except ValueError:
        return None  # "x", text
    return (getal, getal)


def cel(naam: str, waarde: object) -> dict[str, float | None]:
    """A published cell as the fields of a chart row: ``{naam: v}`` when exact, the range
    ``{naam: None, naam_min: a, naam_max: b}`` when DUO masked it, ``{naam: None}`` when hidden."""
    grenzen = _grenzen(waarde)
    if grenzen is None:
        return {naam: None}
    laag, hoog = grenzen
    if laag == hoog:
        return {naam: laag}
    return {naam: None, f"{naam}_min": laag, f"{naam}_max": hoog}


def _teken(rijen: Sequence[dict[str, Any]], y: str) -> tuple[list[dict[str, Any]], bool]:
    """The rows drawn, in their order: an exact value (``<y>``), or a range (``<y>`` null,
    ``<y>_min`` < ``<y>_max``); and whether any is a range. Rows with neither (afgeschermd)
    are left out; a range of one value is that value."""
    getekend: list[dict[str, Any]] = []
    bereik = False
    for r in rijen:
        laag, hoog = r.get(f"{y}_min"), r.get(f"{y}_max")
        if r.get(y) is not None:
            getekend.append(r)
        elif laag is not None and laag == hoog:
            getekend.append({**r, y: laag})
        elif laag is not None and hoog is not None:
            getekend.append(r)
            bereik = True
    return getekend, bereik


def _exact(y: str) -> alt.FieldValidPredicate:
    return alt.FieldValidPredicate(field=y, valid=True)


def _bereik(y: str, veld: str | None = None, reeks: str | None = None) -> alt.LogicalAndPredicate:
    """The filter of the rows known only as a range (of one series)."""
    delen: list[Any] = [
        alt.FieldValidPredicate(field=y, valid=False),
        alt.FieldValidPredicate(field=f"{y}_min", valid=True),
        alt.FieldValidPredicate(field=f"{y}_max", valid=True),
    ]
    if veld is not None and reeks is not None:
        delen.append(alt.FieldEqualPredicate(field=veld, equal=reeks))
    return alt.LogicalAndPredicate(**{"and": delen})  # type: ignore[no-untyped-call]


def _getekend(rijen: Sequence[dict[str, Any]], y: str, veld: str) -> list[str]:
    """The values of ``veld`` of the rows that are drawn (a value or a range), in row order."""
    return list(
        dict.fromkeys(
            str(r[veld])
            for r in rijen
            if r.get(y) is not None
            or (r.get(f"{y}_min") is not None and r.get(f"{y}_max") is not None)
        )
    )


def _as_titel(titel: str | Sequence[str], nul: bool = True) -> list[str]:
    lijnen = [titel] if isinstance(titel, str) else list(titel)
    return lijnen if nul else [*lijnen, f"({GEBROKEN_AS})"]


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


# ---------------------------------------------------------------- files to download


def als_bestand(
    spec: dict[str, Any], *, synthetisch: bool = False, breedte: int = BESTAND_BREEDTE
) -> dict[str, Any]:
    """A chart as a file shows it: a fixed width (a file has no container) and, for generated
    data, the note that the figures are not real as the last line of the subtitle."""
    bestand = copy.deepcopy(spec)
    bestand["width"] = breedte
    titel = bestand.get("title") or {"text": ""}
    if not isinstance(titel, dict):
        titel = {"text": titel}
    tekens = breedte // 10  # a file is wider than a phone: the unwrapped lines, wrapped again
    kop = bestand.get("usermeta", {}).get("titel", {})
    titel["text"] = regels(kop.get("text") or titel["text"], tekens)
    onder = list(kop.get("subtitle") or titel.get("subtitle") or [])
    if synthetisch:
        onder.append(SYNTHETISCH)
    if onder:
        titel["subtitle"] = regels(onder, tekens + tekens // 5)
    bestand["title"] = titel
    bestand["background"] = "white"
    return bestand


def svg(spec: dict[str, Any]) -> str:
    """The chart drawn to SVG on the server; no data or font is fetched from anywhere."""
    return str(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))


def png(spec: dict[str, Any], schaal: float = 2.0) -> bytes:
    """The chart drawn to PNG on the server (twice the pixels: sharp on a screen and in print)."""
    return bytes(vl_convert.vegalite_to_png(spec, scale=schaal, allowed_base_urls=[]))
