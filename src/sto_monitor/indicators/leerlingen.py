"""Indicators 1-3: derdejaars per profiel, tl per sector, and the techniekaandeel."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators.inputs import Inputs, midden, punt, verandering_pct
from sto_monitor.indicators.registry import Indicator, Openbaarheid

LEERWEG_TOTAAL = "totaal"


def _with_leerweg_totaal(t: ir.Table, keys: list[str]) -> ir.Table:
    """Add rows with leerweg 'totaal' summing the leerwegen."""
    totaal = (
        t.group_by(keys)
        .aggregate(aantal_min=t.aantal_min.sum(), aantal_max=t.aantal_max.sum())
        .mutate(leerweg=ibis.literal(LEERWEG_TOTAAL))
    )
    return t.union(totaal.select(*t.columns))


def _with_change(t: ir.Table, keys: list[str]) -> ir.Table:
    """Point value, and % change against the previous loaded school year (on midpoints)."""
    w = ibis.window(group_by=keys, order_by="schooljaar")
    mid = midden(t.aantal_min, t.aantal_max)
    t = t.mutate(_mid=mid, _vorig=mid.lag().over(w))
    return t.mutate(
        aantal=punt(t.aantal_min, t.aantal_max),
        verandering_pct=verandering_pct(t._mid, t._vorig),
        vorig_midden=t._vorig,
    ).drop("_mid", "_vorig")


def leerlingen_per_profiel(inp: Inputs) -> ir.Table:
    """Tabel 4.1: derdejaars per profiel x leerweg, subtotals, change on the previous year."""
    d = inp.derdejaars()
    groep = ibis.cases(
        (d.techniek, "techniek"),
        (d.profiel == domain.OVERIG, "overig"),
        else_="niet-techniek",
    )
    d = d.mutate(groep=groep)
    sums = {"aantal_min": d.aantal_min.sum(), "aantal_max": d.aantal_max.sum()}
    per_profiel = (
        d.filter(d.profiel.isin(domain.PROFIEL_CODES))
        .group_by(["schooljaar", "profiel", "leerweg"])
        .aggregate(**sums)
    )
    per_groep = d.group_by(["schooljaar", d.groep.name("profiel"), "leerweg"]).aggregate(**sums)
    totaal = (
        d.group_by(["schooljaar", "leerweg"])
        .aggregate(**sums)
        .mutate(profiel=ibis.literal("totaal"))
    )
    cols = ["schooljaar", "profiel", "leerweg", "aantal_min", "aantal_max"]
    rows = per_profiel.select(*cols).union(per_groep.select(*cols)).union(totaal.select(*cols))
    rows = _with_leerweg_totaal(rows, ["schooljaar", "profiel"])
    rows = _with_change(rows, ["profiel", "leerweg"])
    return rows.select(
        "schooljaar",
        "profiel",
        "leerweg",
        "aantal",
        "aantal_min",
        "aantal_max",
        "verandering_pct",
        "vorig_midden",
    ).order_by(["schooljaar", "profiel", "leerweg"])


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="leerlingen_per_profiel",
        titel="Derdejaarsleerlingen per profiel en leerweg",
        definitie=(
            "Aantal leerlingen in leerjaar 3 van de basis-, kaderberoepsgerichte en gemengde "
            "leerweg op 1 oktober, per profiel en leerweg, met subtotalen techniek (de "
            "technische profielen volgens de gekozen techniekdefinitie), niet-techniek, overig "
            "(vakmanschaps- en beroepsroutes, oudere afdelingen) en totaal, en de procentuele "
            "verandering ten opzichte van het vorige geladen schooljaar."
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "profiel", "leerweg"),
        kolommen=(
            "schooljaar",
            "profiel",
            "leerweg",
            "aantal",
            "aantal_min",
            "aantal_max",
            "verandering_pct",
            "vorig_midden",
        ),
        bronnen=("leerlingen",),
        reproduceert="Tabel 4.1",
        bereken=leerlingen_per_profiel,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "profiel"),
            veranderingen={"verandering_pct": "vorig_midden"},
        ),
    ),
)
