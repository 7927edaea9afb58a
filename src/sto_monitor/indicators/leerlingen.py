"""Indicators 1-3: derdejaars per profiel, tl per sector, and the techniekaandeel."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import breuken
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import (
    REGIO_INDELING,
    Inputs,
    aandeel,
    midden,
    onzeker,
    punt,
    verandering_pct,
)

LEERWEG_TOTAAL = "totaal"
LANDELIJK = "NL"  # the regio code of the national rows of `techniekaandeel`

# tl-profielen as DUO's VMBO SECTOR (normalised by domain.normalise_sector) writes them.
TL_PROFIELEN: tuple[str, ...] = ("Economie", "Zorg en welzijn", "Techniek", "Landbouw")
PROFIELLOOS = "Profielloos"
SECTOR_ONBEKEND = breuken.SECTOR_ONBEKEND  # tl in a year whose file registers no tl sector


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
    """Tabel 4.1: derdejaars per profiel x leerweg, subtotals, change on the previous year.

    Rows ``overig`` count the routes and older afdelingen that are not techniek. By default
    (``routes``: ``niet-techniek``) they are one of the rows that make up ``niet-techniek``, as
    in the report's Tabel 4.1; with ``routes``: ``overig`` they are a group beside it.
    """
    d = inp.derdejaars()
    routes_apart = not inp.definitie.routes_bij_niet_techniek
    groep = ibis.cases(
        (d.techniek, "techniek"),
        (d.profiel == domain.OVERIG, "overig" if routes_apart else "niet-techniek"),
        else_="niet-techniek",
    )
    d = d.mutate(groep=groep)
    sums = {"aantal_min": d.aantal_min.sum(), "aantal_max": d.aantal_max.sum()}
    detail = d.profiel.isin(domain.PROFIEL_CODES)
    if not routes_apart:
        detail = detail | ((d.profiel == domain.OVERIG) & ~d.techniek)
    per_profiel = d.filter(detail).group_by(["schooljaar", "profiel", "leerweg"]).aggregate(**sums)
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
    rows = breuken.markeer(inp, rows, "leerlingen_per_profiel", ["verandering_pct"])
    return rows.select(
        "schooljaar",
        "profiel",
        "leerweg",
        "aantal",
        "aantal_min",
        "aantal_max",
        "verandering_pct",
        "vorig_midden",
        "breuk",
    ).order_by(["schooljaar", "profiel", "leerweg"])


def leerlingen_tl(inp: Inputs) -> ir.Table:
    """§4.1.2: third-year tl students per tl-profiel (from the sector) and totaal, with change.

    Every loaded school year gets a row for every tl-profiel (0 when absent), so the change is
    always against the previous loaded year. In a year whose file registers (almost) no sector
    for tl (2016/17: "N.v.t."), students without a sector are "sector onbekend", not
    "Profielloos" (``breuken.toml``, tl-sector-onbekend).
    """
    lln = inp.table("leerlingen")
    onbekend = breuken.tl_sector_onbekend(inp)
    tl = lln.filter((lln.leerweg == "tl") & (lln.leerjaar == 3))
    tl = tl.left_join(onbekend, "schooljaar")
    zonder = ibis.ifelse(tl.onbekend.fill_null(False), SECTOR_ONBEKEND, PROFIELLOOS)
    profiel = ibis.cases(*((tl.sector == p, p) for p in TL_PROFIELEN), else_=zonder)
    tl = tl.mutate(profiel=profiel)
    sums = {"aantal_min": tl.aantal_min.sum(), "aantal_max": tl.aantal_max.sum()}
    per_profiel = tl.group_by(["schooljaar", "profiel"]).aggregate(**sums)
    totaal = (
        tl.group_by("schooljaar").aggregate(**sums).mutate(profiel=ibis.literal(LEERWEG_TOTAAL))
    )
    cols = ["schooljaar", "profiel", "aantal_min", "aantal_max"]
    counts = per_profiel.select(*cols).union(totaal.select(*cols))

    jaren = lln.select("schooljaar").distinct().left_join(onbekend, "schooljaar")
    grid = jaren.select(
        "schooljaar",
        profiel=ibis.ifelse(jaren.onbekend.fill_null(False), SECTOR_ONBEKEND, PROFIELLOOS),
    )
    for p in (*TL_PROFIELEN, LEERWEG_TOTAAL):
        grid = grid.union(jaren.select("schooljaar", profiel=ibis.literal(p)))
    rows = grid.distinct().left_join(counts, ["schooljaar", "profiel"])
    rows = rows.select(
        "schooljaar",
        "profiel",
        aantal_min=rows.aantal_min.fill_null(0),
        aantal_max=rows.aantal_max.fill_null(0),
    )
    rows = _with_change(rows, ["profiel"])
    rows = breuken.markeer(inp, rows, "leerlingen_tl", ["verandering_pct"])
    return rows.select(
        "schooljaar",
        "profiel",
        "aantal",
        "aantal_min",
        "aantal_max",
        "verandering_pct",
        "vorig_midden",
        "breuk",
    ).order_by(["schooljaar", "profiel"])


def _techniek_tellingen(d: ir.Table, keys: list[str]) -> ir.Table:
    """Per group of ``derdejaars``: all derdejaars, techniekleerlingen and girls among them."""
    meisje = d.techniek & (d.geslacht == "vrouw")
    return d.group_by(keys).aggregate(
        derdejaars_min=d.aantal_min.sum(),
        derdejaars_max=d.aantal_max.sum(),
        techniekleerlingen_min=ibis.ifelse(d.techniek, d.aantal_min, 0).sum(),
        techniekleerlingen_max=ibis.ifelse(d.techniek, d.aantal_max, 0).sum(),
        meisjes_min=ibis.ifelse(meisje, d.aantal_min, 0).sum(),
        meisjes_max=ibis.ifelse(meisje, d.aantal_max, 0).sum(),
    )


def techniekaandeel(inp: Inputs) -> ir.Table:
    """Techniekleerlingen / derdejaars, nationally (regio 'NL') and per region, per schooljaar.

    The national rows count every vestiging, also those outside any region; the region rows
    count the vestigingen of that region in that year.
    """
    d = inp.derdejaars()
    landelijk = _techniek_tellingen(d, ["schooljaar"]).mutate(regio=ibis.literal(LANDELIJK))
    in_regio = d.filter(d.regio.notnull())
    per_regio = _techniek_tellingen(in_regio, ["schooljaar", "regio"])
    t = per_regio.union(landelijk.select(*per_regio.columns))
    t = t.mutate(
        derdejaars=punt(t.derdejaars_min, t.derdejaars_max),
        techniekleerlingen=punt(t.techniekleerlingen_min, t.techniekleerlingen_max),
        techniekaandeel=aandeel(
            t.techniekleerlingen_min,
            t.techniekleerlingen_max,
            t.derdejaars_min,
            t.derdejaars_max,
        ),
        onzeker=onzeker(
            t.techniekleerlingen_min,
            t.techniekleerlingen_max,
            t.derdejaars_min,
            t.derdejaars_max,
        ),
        meisjes_in_techniek=aandeel(
            t.meisjes_min, t.meisjes_max, t.techniekleerlingen_min, t.techniekleerlingen_max
        ),
        meisjes_onzeker=onzeker(
            t.meisjes_min, t.meisjes_max, t.techniekleerlingen_min, t.techniekleerlingen_max
        ),
    )
    return t.select(*TECHNIEKAANDEEL_KOLOMMEN).order_by(["schooljaar", "regio"])


TECHNIEKAANDEEL_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio",
    "derdejaars",
    "derdejaars_min",
    "derdejaars_max",
    "techniekleerlingen",
    "techniekleerlingen_min",
    "techniekleerlingen_max",
    "techniekaandeel",
    "onzeker",
    "meisjes_in_techniek",
    "meisjes_onzeker",
)
TECHNIEKAANDEEL_AANTALLEN: tuple[str, ...] = (
    "derdejaars",
    "derdejaars_min",
    "derdejaars_max",
    "techniekleerlingen",
    "techniekleerlingen_min",
    "techniekleerlingen_max",
)


BREUK_ZIN = (
    "Een verandering over een breuk in de reeks heen (zie reeksbreuken) wordt niet berekend; "
    "de kolom breuk geeft dan de reden."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="leerlingen_per_profiel",
        woorden={"aantal": w.aantal("Derdejaars")},
        titel="Derdejaarsleerlingen per profiel en leerweg",
        definitie=(
            "Aantal leerlingen in leerjaar 3 van de basis-, kaderberoepsgerichte en gemengde "
            "leerweg op 1 oktober, per profiel en leerweg, met subtotalen techniek (de "
            "technische profielen volgens de gekozen techniekdefinitie), niet-techniek en totaal, "
            "en de procentuele verandering ten opzichte van het vorige geladen schooljaar. De "
            "rij overig telt de vakmanschaps- en beroepsroutes en oudere afdelingen die niet "
            "onder techniek vallen; zoals in Tabel 4.1 van het monitorrapport tellen zij mee in "
            "niet-techniek (met de keuze 'routes als overig' vormen zij een eigen groep). "
            + BREUK_ZIN
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
            "breuk",
        ),
        bronnen=("leerlingen",),
        optionele_bronnen=breuken.BREUK_BRONNEN,
        reproduceert="Tabel 4.1",
        bereken=leerlingen_per_profiel,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "profiel"),
            # The columns of Tabel 4.1 too: a profiel's cell must not follow from the others.
            extra_groepen=(("schooljaar", "leerweg"),),
            veranderingen={"verandering_pct": "vorig_midden"},
        ),
    ),
    Indicator(
        naam="leerlingen_tl",
        woorden={"aantal": w.aantal("Derdejaars in tl")},
        titel="Derdejaarsleerlingen in de theoretische leerweg per profiel",
        definitie=(
            "Aantal leerlingen in leerjaar 3 van de theoretische leerweg op 1 oktober, per "
            "tl-profiel (Economie, Zorg en welzijn, Techniek, Landbouw) zoals DUO het als sector "
            "registreert; leerlingen zonder (of met een andere) sector tellen als "
            "'Profielloos', omdat het profiel pas in het vierde jaar wordt vastgelegd. Met "
            "totaal en de procentuele verandering ten opzichte van het vorige geladen schooljaar. "
            "In een schooljaar waarin DUO voor (bijna) geen tl-leerling een sector registreert "
            "(2016/2017) heten leerlingen zonder sector 'sector onbekend'. " + BREUK_ZIN
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "profiel"),
        kolommen=(
            "schooljaar",
            "profiel",
            "aantal",
            "aantal_min",
            "aantal_max",
            "verandering_pct",
            "vorig_midden",
            "breuk",
        ),
        bronnen=("leerlingen",),
        optionele_bronnen=breuken.BREUK_BRONNEN,
        reproduceert="Paragraaf 4.1.2",
        bereken=leerlingen_tl,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar",),
            veranderingen={"verandering_pct": "vorig_midden"},
        ),
    ),
    Indicator(
        naam="techniekaandeel",
        titel="Aandeel techniekleerlingen, landelijk en per STO-regio",
        definitie=(
            "Het aantal derdejaarsleerlingen in een technisch profiel (volgens de gekozen "
            "techniekdefinitie) gedeeld door alle derdejaarsleerlingen in de basis-, "
            "kaderberoepsgerichte en gemengde leerweg, in procenten; landelijk (regio 'NL', "
            "alle vestigingen, ook die buiten een STO-regio) en per STO-regio (de vestigingen "
            "van die regio in dat schooljaar). Daarnaast het aandeel meisjes onder de "
            "techniekleerlingen. Aandelen worden berekend op het midden van intervallen (<5); "
            "'onzeker' betekent dat die intervallen het aandeel meer dan 1 procentpunt "
            "onbepaald laten."
        ),
        eenheid="procent",
        sleutels=("schooljaar", "regio"),
        kolommen=TECHNIEKAANDEEL_KOLOMMEN,
        bronnen=("leerlingen",),
        optionele_bronnen=REGIO_INDELING,
        reproduceert="Kamerbrieven (kerncijfer); Tabel 4.1",
        bereken=techniekaandeel,
        openbaarheid=Openbaarheid(
            aantallen=TECHNIEKAANDEEL_AANTALLEN,
            groep=("schooljaar", "regio"),
            aandelen={
                "techniekaandeel": "derdejaars",
                "meisjes_in_techniek": "techniekleerlingen",
            },
        ),
        per_regio=True,
    ),
)
