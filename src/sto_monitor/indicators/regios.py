"""Indicators 4-6: the techniekaandeel and techniekleerlingen per STO-regio, and growth clusters.

Each report figure gets a tidy per-region table, and the sentences the report writes about it
(means over regions, how many regions lie above or below a threshold, ...) a separate
``..._samenvatting`` table with one row per schooljaar (or per schooljaar x cluster).

A region takes part in a school year when at least one of its vestigingen has derdejaars
(bb/kb/gl) in that year; vestigingen outside any region are left out of every table here.
Means over regions are unweighted (every region counts once), as in the report.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import breuken
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import (
    Inputs,
    aandeel,
    met_waarden,
    midden,
    onzeker,
    punt,
    verandering_pct,
)
from sto_monitor.indicators.leerlingen import (
    LANDELIJK,
    LEERWEG_TOTAAL,
    TECHNIEKAANDEEL_AANTALLEN,
    TECHNIEKAANDEEL_KOLOMMEN,
    techniekaandeel,
)

ONDER_PROCENT = 10.0  # Figuur 4.3: regions with a techniekaandeel below 10 %
VANAF_PROCENT = 40.0  # ... and at 40 % or more
ONDER_AANTAL = 75  # Figuur 4.4: regions with fewer than 75 techniekleerlingen
BOVEN_AANTAL = 300  # ... and with more than 300
CLUSTERS: tuple[str, ...] = ("A", "B", "C", "D")
GROEI_LEERWEGEN: tuple[str, ...] = ("bb", "kb")  # Figuur 4.5 looks at bb and kb together


def _telling(cond: ir.BooleanValue) -> ir.IntegerValue:
    """The number of rows in a group for which ``cond`` holds (0 for none)."""
    return ibis.ifelse(cond.fill_null(False), 1, 0).sum()


# --- 4. Figuur 4.3 -------------------------------------------------------------------------
def techniekaandeel_per_regio(inp: Inputs) -> ir.Table:
    """Figuur 4.3: the techniekaandeel per region, and whether it lies above the regions' mean."""
    t = techniekaandeel(inp)
    t = t.filter(t.regio != LANDELIJK)
    gemiddeld = t.techniekaandeel.mean().over(group_by="schooljaar")
    t = t.mutate(boven_gemiddelde=t.techniekaandeel > gemiddeld)
    return t.select(*TECHNIEKAANDEEL_PER_REGIO_KOLOMMEN).order_by(["schooljaar", "regio"])


def techniekaandeel_per_regio_samenvatting(inp: Inputs) -> ir.Table:
    """Figuur 4.3 in words: mean over regions, and how many lie above it, under 10 %, at 40 %+."""
    t = techniekaandeel_per_regio(inp)
    return (
        t.group_by("schooljaar")
        .aggregate(
            regio_aantal=t.regio.count(),
            gemiddeld_techniekaandeel=t.techniekaandeel.mean(),
            regios_boven_gemiddelde=_telling(t.boven_gemiddelde),
            regios_onder_10_procent=_telling(t.techniekaandeel < ONDER_PROCENT),
            regios_vanaf_40_procent=_telling(t.techniekaandeel >= VANAF_PROCENT),
        )
        .order_by("schooljaar")
    )


TECHNIEKAANDEEL_PER_REGIO_KOLOMMEN: tuple[str, ...] = (
    *(k for k in TECHNIEKAANDEEL_KOLOMMEN if not k.startswith("meisjes")),
    "boven_gemiddelde",
)


# --- 5. Figuur 4.4 -------------------------------------------------------------------------
def techniekleerlingen_per_regio(inp: Inputs) -> ir.Table:
    """Figuur 4.4: techniekleerlingen per region x leerweg (bb, kb, gl, totaal), 0 included.

    ``meeste``: this leerweg has the most techniekleerlingen of the region (ties: each of them;
    NULL on the totaal row and in a region without techniekleerlingen).
    """
    d = inp.derdejaars()
    d = d.filter(d.regio.notnull())
    regios = d.select("schooljaar", "regio").distinct()
    grid = met_waarden(regios, "leerweg", domain.BEROEPSGERICHTE_LEERWEGEN)
    tech = d.filter(d.techniek)
    tech = tech.group_by(["schooljaar", "regio", "leerweg"]).aggregate(
        aantal_min=tech.aantal_min.sum(), aantal_max=tech.aantal_max.sum()
    )
    t = grid.left_join(tech, ["schooljaar", "regio", "leerweg"])
    t = t.select(
        "schooljaar",
        "regio",
        "leerweg",
        aantal_min=t.aantal_min.fill_null(0),
        aantal_max=t.aantal_max.fill_null(0),
    )
    mid = midden(t.aantal_min, t.aantal_max)
    hoogste = mid.max().over(group_by=["schooljaar", "regio"])
    t = t.mutate(meeste=ibis.ifelse(hoogste > 0, mid == hoogste, ibis.null("boolean")))
    totaal = (
        t.group_by(["schooljaar", "regio"])
        .aggregate(aantal_min=t.aantal_min.sum(), aantal_max=t.aantal_max.sum())
        .mutate(leerweg=ibis.literal(LEERWEG_TOTAAL), meeste=ibis.null("boolean"))
    )
    t = t.union(totaal.select(*t.columns))
    t = t.mutate(aantal=punt(t.aantal_min, t.aantal_max))
    return t.select(
        "schooljaar", "regio", "leerweg", "aantal", "aantal_min", "aantal_max", "meeste"
    ).order_by(["schooljaar", "regio", "leerweg"])


def techniekleerlingen_per_regio_samenvatting(inp: Inputs) -> ir.Table:
    """Figuur 4.4 in words: mean per region, regions under 75 / over 300 / without gl, ..."""
    t = techniekleerlingen_per_regio(inp)
    t = t.mutate(_mid=midden(t.aantal_min, t.aantal_max))

    tot = t.filter(t.leerweg == LEERWEG_TOTAAL)
    tot = tot.mutate(_gem=tot._mid.mean().over(group_by="schooljaar"))
    per_totaal = tot.group_by("schooljaar").aggregate(
        regio_aantal=tot.regio.count(),
        gemiddeld_per_regio=tot._mid.mean(),
        regios_onder_gemiddelde=_telling(tot._mid < tot._gem),
        regios_onder_75=_telling(tot._mid < ONDER_AANTAL),
        regios_boven_300=_telling(tot._mid > BOVEN_AANTAL),
    )

    lw = t.filter(t.leerweg != LEERWEG_TOTAAL)
    per_leerweg = lw.group_by("schooljaar").aggregate(
        regios_zonder_gl=_telling((lw.leerweg == "gl") & (lw.aantal_max == 0)),
        regios_meeste_bb=_telling((lw.leerweg == "bb") & lw.meeste),
        regios_meeste_kb=_telling((lw.leerweg == "kb") & lw.meeste),
        regios_meeste_gl=_telling((lw.leerweg == "gl") & lw.meeste),
    )
    som = lw.group_by(["schooljaar", "leerweg"]).aggregate(_som=lw._mid.sum())
    grootste = som.group_by("schooljaar").aggregate(grootste_leerweg=som.leerweg.argmax(som._som))

    out = per_totaal.join(per_leerweg, "schooljaar").join(grootste, "schooljaar")
    return out.select(*TECHNIEKLEERLINGEN_SAMENVATTING_KOLOMMEN).order_by("schooljaar")


TECHNIEKLEERLINGEN_SAMENVATTING_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio_aantal",
    "gemiddeld_per_regio",
    "regios_onder_gemiddelde",
    "regios_onder_75",
    "regios_boven_300",
    "regios_zonder_gl",
    "regios_meeste_bb",
    "regios_meeste_kb",
    "regios_meeste_gl",
    "grootste_leerweg",
)


# --- 6. Figuur 4.5, Tabel 4.3 --------------------------------------------------------------
def _jaren_met_vorig(inp: Inputs) -> ir.Table:
    """Each loaded school year with the previous loaded one (``vorig``), where there is one."""
    lln = inp.table("leerlingen")
    jaren = lln.select("schooljaar").distinct()
    jaren = jaren.mutate(vorig=jaren.schooljaar.lag().over(ibis.window(order_by="schooljaar")))
    return jaren.filter(jaren.vorig.notnull())


def _som(cond: ir.BooleanValue, waarde: ir.IntegerValue) -> ir.IntegerValue:
    return ibis.ifelse(cond, waarde, 0).sum()


def _groei_basis(inp: Inputs) -> ir.Table:
    """Per schooljaar x region, bb+kb only: this year's counts and last year's midpoints.

    Last year is counted over the vestigingen that belong to the region *this* year, so a
    change of region boundaries between periods does not show up as growth or decline.
    Niet-techniek: the non-technical profielen (so not the routes counted as "overig").
    """
    d = inp.derdejaars()
    d = d.filter(d.leerweg.isin(GROEI_LEERWEGEN))
    niet = ~d.techniek & (d.profiel != domain.OVERIG).fill_null(False)
    bb = d.leerweg == "bb"
    nu = (
        d.filter(d.regio.notnull())
        .group_by(["schooljaar", "regio"])
        .aggregate(
            derdejaars_min=d.aantal_min.sum(),
            derdejaars_max=d.aantal_max.sum(),
            techniekleerlingen_min=_som(d.techniek, d.aantal_min),
            techniekleerlingen_max=_som(d.techniek, d.aantal_max),
            niet_techniekleerlingen_min=_som(niet, d.aantal_min),
            niet_techniekleerlingen_max=_som(niet, d.aantal_max),
            bb_min=_som(bb, d.aantal_min),
            bb_max=_som(bb, d.aantal_max),
            techniek_bb_min=_som(bb & d.techniek, d.aantal_min),
            techniek_bb_max=_som(bb & d.techniek, d.aantal_max),
        )
    )
    mid = midden(d.aantal_min, d.aantal_max)
    per_vestiging = d.group_by([d.schooljaar.name("vorig"), "vestiging"]).aggregate(
        _t=ibis.ifelse(d.techniek, mid, 0.0).sum(), _n=ibis.ifelse(niet, mid, 0.0).sum()
    )
    leden = inp.table("regio_schooljaar").select("schooljaar", "vestiging", "regio")
    leden = leden.join(_jaren_met_vorig(inp), "schooljaar")
    lv = leden.left_join(per_vestiging, ["vorig", "vestiging"])
    vorig = lv.group_by(["schooljaar", "regio"]).aggregate(
        techniek_vorig_midden=lv._t.sum().fill_null(0.0),
        niet_techniek_vorig_midden=lv._n.sum().fill_null(0.0),
    )
    t = nu.left_join(vorig, ["schooljaar", "regio"])
    vt = verandering_pct(
        midden(t.techniekleerlingen_min, t.techniekleerlingen_max), t.techniek_vorig_midden
    )
    vn = verandering_pct(
        midden(t.niet_techniekleerlingen_min, t.niet_techniekleerlingen_max),
        t.niet_techniek_vorig_midden,
    )
    cluster = ibis.cases(
        ((vt >= 0) & (vn >= 0), "A"),
        ((vt < 0) & (vn < 0), "B"),
        ((vt >= 0) & (vn < 0), "C"),
        ((vt < 0) & (vn >= 0), "D"),
        else_=ibis.null("string"),
    )
    return t.mutate(
        derdejaars=punt(t.derdejaars_min, t.derdejaars_max),
        techniekleerlingen=punt(t.techniekleerlingen_min, t.techniekleerlingen_max),
        niet_techniekleerlingen=punt(t.niet_techniekleerlingen_min, t.niet_techniekleerlingen_max),
        techniekaandeel=aandeel(
            t.techniekleerlingen_min, t.techniekleerlingen_max, t.derdejaars_min, t.derdejaars_max
        ),
        onzeker=onzeker(
            t.techniekleerlingen_min, t.techniekleerlingen_max, t.derdejaars_min, t.derdejaars_max
        ),
        techniekaandeel_bb=aandeel(t.techniek_bb_min, t.techniek_bb_max, t.bb_min, t.bb_max),
        verandering_techniek_pct=vt,
        verandering_niet_techniek_pct=vn,
        cluster=cluster,
    )


def groeiclusters(inp: Inputs) -> ir.Table:
    """Figuur 4.5: per region the % change of technical and non-technical bb+kb derdejaars."""
    t = _groei_basis(inp)
    t = breuken.markeer(inp, t, "groeiclusters", GROEI_VERANDERINGEN)
    return t.select(*GROEICLUSTERS_KOLOMMEN).order_by(["schooljaar", "regio"])


def groeiclusters_samenvatting(inp: Inputs) -> ir.Table:
    """Tabel 4.3: per cluster A-D the regions, techniekleerlingen, shares and mean changes.

    The shares and changes are unweighted means over the cluster's regions: the report's
    cluster shares (24.8-29.2 %) all lie above the pooled national bb+kb share, which only
    means over regions can do.
    """
    t = _groei_basis(inp)
    t = breuken.markeer(inp, t, "groeiclusters", GROEI_VERANDERINGEN)
    t = t.filter(t.cluster.notnull())
    per_cluster = t.group_by(["schooljaar", "cluster"]).aggregate(
        regio_aantal=t.regio.count(),
        techniekleerlingen_min=t.techniekleerlingen_min.sum(),
        techniekleerlingen_max=t.techniekleerlingen_max.sum(),
        techniekaandeel=t.techniekaandeel.mean(),
        techniekaandeel_bb=t.techniekaandeel_bb.mean(),
        verandering_techniek_pct=t.verandering_techniek_pct.mean(),
        verandering_niet_techniek_pct=t.verandering_niet_techniek_pct.mean(),
    )
    grid = met_waarden(_jaren_met_vorig(inp).select("schooljaar"), "cluster", CLUSTERS)
    out = grid.left_join(per_cluster, ["schooljaar", "cluster"])
    out = out.mutate(
        regio_aantal=out.regio_aantal.fill_null(0),
        techniekleerlingen_min=out.techniekleerlingen_min.fill_null(0),
        techniekleerlingen_max=out.techniekleerlingen_max.fill_null(0),
    )
    out = out.mutate(
        techniekleerlingen=punt(out.techniekleerlingen_min, out.techniekleerlingen_max)
    )
    out = breuken.markeer(inp, out, "groeiclusters_samenvatting", [])
    return out.select(*GROEICLUSTERS_SAMENVATTING_KOLOMMEN).order_by(["schooljaar", "cluster"])


# Left out (NULL) across a break of the series (breuken.toml): the changes and the cluster.
GROEI_VERANDERINGEN: tuple[str, ...] = (
    "verandering_techniek_pct",
    "verandering_niet_techniek_pct",
    "cluster",
)
GROEICLUSTERS_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio",
    "derdejaars",
    "derdejaars_min",
    "derdejaars_max",
    "techniekleerlingen",
    "techniekleerlingen_min",
    "techniekleerlingen_max",
    "niet_techniekleerlingen",
    "niet_techniekleerlingen_min",
    "niet_techniekleerlingen_max",
    "techniekaandeel",
    "onzeker",
    "techniek_vorig_midden",
    "niet_techniek_vorig_midden",
    "verandering_techniek_pct",
    "verandering_niet_techniek_pct",
    "cluster",
    "breuk",
)
GROEICLUSTERS_SAMENVATTING_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "cluster",
    "regio_aantal",
    "techniekleerlingen",
    "techniekleerlingen_min",
    "techniekleerlingen_max",
    "techniekaandeel",
    "techniekaandeel_bb",
    "verandering_techniek_pct",
    "verandering_niet_techniek_pct",
    "breuk",
)


_REGIO_BRONNEN = ("leerlingen", "regio_vestiging", "regio_schooljaar")
_TELLING_DEFINITIE = (
    "Een regio telt mee in een schooljaar als ten minste een van haar vestigingen dan "
    "derdejaarsleerlingen in de basis-, kaderberoepsgerichte of gemengde leerweg heeft; "
    "vestigingen buiten een STO-regio tellen niet mee. Gemiddelden over regio's zijn "
    "ongewogen."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="techniekaandeel_per_regio",
        titel="Aandeel techniekleerlingen per STO-regio",
        definitie=(
            "Per STO-regio het aantal derdejaarsleerlingen in een technisch profiel gedeeld "
            "door alle derdejaarsleerlingen in de basis-, kaderberoepsgerichte en gemengde "
            "leerweg van de vestigingen in die regio, in procenten, en of dat aandeel boven "
            "het ongewogen gemiddelde over de regio's ligt. " + _TELLING_DEFINITIE
        ),
        eenheid="procent",
        sleutels=("schooljaar", "regio"),
        kolommen=TECHNIEKAANDEEL_PER_REGIO_KOLOMMEN,
        bronnen=_REGIO_BRONNEN,
        reproduceert="Figuur 4.3",
        bereken=techniekaandeel_per_regio,
        openbaarheid=Openbaarheid(
            aantallen=TECHNIEKAANDEEL_AANTALLEN,
            groep=("schooljaar", "regio"),
            aandelen={"techniekaandeel": "derdejaars"},
        ),
        per_regio=True,
    ),
    Indicator(
        naam="techniekaandeel_per_regio_samenvatting",
        titel="Aandeel techniekleerlingen per STO-regio: samenvatting",
        definitie=(
            "Per schooljaar het aantal regio's, het ongewogen gemiddelde van het "
            "techniekaandeel over de regio's, en het aantal regio's boven dat gemiddelde, "
            "onder 10 procent en op 40 procent of meer. " + _TELLING_DEFINITIE
        ),
        eenheid="regio's",
        sleutels=("schooljaar",),
        kolommen=(
            "schooljaar",
            "regio_aantal",
            "gemiddeld_techniekaandeel",
            "regios_boven_gemiddelde",
            "regios_onder_10_procent",
            "regios_vanaf_40_procent",
        ),
        bronnen=_REGIO_BRONNEN,
        reproduceert="Figuur 4.3 (tekst)",
        bereken=techniekaandeel_per_regio_samenvatting,
    ),
    Indicator(
        naam="techniekleerlingen_per_regio",
        woorden={"aantal": w.aantal("Techniekleerlingen")},
        titel="Techniekleerlingen per STO-regio en leerweg",
        definitie=(
            "Per STO-regio en leerweg (basis, kader, gemengd en totaal) het aantal "
            "derdejaarsleerlingen in een technisch profiel, ook als dat 0 is; 'meeste' geeft "
            "aan in welke leerweg de regio de meeste techniekleerlingen heeft. "
            + _TELLING_DEFINITIE
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "regio", "leerweg"),
        kolommen=("schooljaar", "regio", "leerweg", "aantal", "aantal_min", "aantal_max", "meeste"),
        bronnen=_REGIO_BRONNEN,
        reproduceert="Figuur 4.4",
        bereken=techniekleerlingen_per_regio,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"), groep=("schooljaar", "regio")
        ),
        per_regio=True,
    ),
    Indicator(
        naam="techniekleerlingen_per_regio_samenvatting",
        titel="Techniekleerlingen per STO-regio: samenvatting",
        definitie=(
            "Per schooljaar het gemiddelde aantal techniekleerlingen per regio, het aantal "
            "regio's onder dat gemiddelde, met minder dan 75 en met meer dan 300 "
            "techniekleerlingen, zonder techniekleerlingen in de gemengde leerweg, het aantal "
            "regio's waar elke leerweg de meeste techniekleerlingen heeft, en de leerweg met "
            "de meeste techniekleerlingen over alle regio's samen. Drempels gelden voor het "
            "midden van een interval. " + _TELLING_DEFINITIE
        ),
        eenheid="regio's",
        sleutels=("schooljaar",),
        kolommen=TECHNIEKLEERLINGEN_SAMENVATTING_KOLOMMEN,
        bronnen=_REGIO_BRONNEN,
        reproduceert="Figuur 4.4 (tekst)",
        bereken=techniekleerlingen_per_regio_samenvatting,
    ),
    Indicator(
        naam="groeiclusters",
        titel="Groei en daling van techniek- en niet-techniekleerlingen per STO-regio",
        definitie=(
            "Per STO-regio, alleen basis- en kaderberoepsgerichte leerweg samen: de "
            "procentuele verandering van het aantal derdejaarsleerlingen in technische en in "
            "niet-technische profielen ten opzichte van het vorige geladen schooljaar, voor "
            "dezelfde vestigingen (de regio-indeling van dit schooljaar). Cluster A: techniek "
            "en niet-techniek gelijk of gegroeid; B: beide gedaald; C: techniek gelijk of "
            "gegroeid, niet-techniek gedaald; D: techniek gedaald, niet-techniek gelijk of "
            "gegroeid. Een verandering van precies 0 procent telt als 'gelijk'. Leerlingen in "
            "vakmanschaps- en beroepsroutes (overig) tellen niet als niet-techniek. Over een "
            "breuk in de reeks heen (zie reeksbreuken) geen verandering en geen cluster; de "
            "kolom breuk geeft dan de reden. " + _TELLING_DEFINITIE
        ),
        eenheid="procent",
        sleutels=("schooljaar", "regio"),
        kolommen=GROEICLUSTERS_KOLOMMEN,
        bronnen=_REGIO_BRONNEN,
        optionele_bronnen=("bron",),  # breuken.BREUK_BRONNEN beyond the regions
        reproduceert="Figuur 4.5",
        bereken=groeiclusters,
        openbaarheid=Openbaarheid(
            aantallen=(
                "derdejaars",
                "derdejaars_min",
                "derdejaars_max",
                "techniekleerlingen",
                "techniekleerlingen_min",
                "techniekleerlingen_max",
                "niet_techniekleerlingen",
                "niet_techniekleerlingen_min",
                "niet_techniekleerlingen_max",
            ),
            groep=("schooljaar", "regio"),
            aandelen={"techniekaandeel": "derdejaars"},
            veranderingen={
                "verandering_techniek_pct": "techniek_vorig_midden",
                "verandering_niet_techniek_pct": "niet_techniek_vorig_midden",
            },
            afgeleid={"cluster": ("verandering_techniek_pct", "verandering_niet_techniek_pct")},
        ),
        per_regio=True,
    ),
    Indicator(
        naam="groeiclusters_samenvatting",
        titel="Groeiclusters van STO-regio's: samenvatting",
        definitie=(
            "Per cluster A tot en met D (zie groeiclusters): het aantal regio's, het aantal "
            "techniekleerlingen in de basis- en kaderberoepsgerichte leerweg, het aandeel "
            "techniekleerlingen, het aandeel techniekleerlingen in de basisberoepsgerichte "
            "leerweg, en de procentuele verandering van techniek- en niet-techniekleerlingen. "
            "Aandelen en veranderingen zijn ongewogen gemiddelden over de regio's van het "
            "cluster, zoals in het rapport. Over een breuk in de reeks heen (zie reeksbreuken) "
            "geen clusters; de kolom breuk geeft dan de reden. " + _TELLING_DEFINITIE
        ),
        eenheid="regio's",
        sleutels=("schooljaar", "cluster"),
        kolommen=GROEICLUSTERS_SAMENVATTING_KOLOMMEN,
        bronnen=_REGIO_BRONNEN,
        optionele_bronnen=("bron",),  # breuken.BREUK_BRONNEN beyond the regions
        reproduceert="Tabel 4.3",
        bereken=groeiclusters_samenvatting,
        openbaarheid=Openbaarheid(
            aantallen=(
                "techniekleerlingen",
                "techniekleerlingen_min",
                "techniekleerlingen_max",
            ),
            groep=("schooljaar",),
        ),
    ),
)
