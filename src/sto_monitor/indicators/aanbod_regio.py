"""Indicators 8, 9, 11 and 12: the technical offer per STO-regio (Tabel 4.5, Figuren 4.6-4.8).

Also the helpers that ``aanbod.py`` (indicators 7 and 10) shares with them: the technical part
of ``Inputs.aanbod``, the previous loaded school year, and the regions of each year's period.
``aanbod.py`` registers all six indicators, in the monitor's order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import breuken
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import Inputs, met_waarden, midden, procent, verandering_pct

# Tabel 4.5: a region "works with small groups" when its mean per vestiging is below this.
KLEINE_GROEP = 11


# --- shared helpers ------------------------------------------------------------------------
def techniek_aanbod(inp: Inputs) -> ir.Table:
    """``Inputs.aanbod`` restricted to the five technical profielen."""
    a = inp.aanbod()
    return a.filter(a.profiel.isin(domain.TECHNIEK_PROFIELEN))


def vorig_jaar(inp: Inputs) -> ir.Table:
    """Every loaded school year with the loaded year before it (``vorig_jaar``, NULL first)."""
    jaren = inp.table("leerlingen").select("schooljaar").distinct()
    w = ibis.window(order_by="schooljaar")
    return jaren.mutate(vorig_jaar=jaren.schooljaar.lag().over(w))


def met_vorig(
    inp: Inputs, t: ir.Table, keys: Sequence[str], kolommen: Mapping[str, str]
) -> ir.Table:
    """Add ``nieuw = bron`` of the same keys in the previous loaded year (NULL where absent).

    Joining on the previous *loaded* year, not on the previous row, so that a gap (a profiel
    not offered last year) gives NULL rather than a comparison with an older year.
    """
    vorig = t.select(
        vorig_jaar=t.schooljaar, **{k: t[k] for k in keys}, **{n: t[b] for n, b in kolommen.items()}
    )
    nu = t.join(vorig_jaar(inp), "schooljaar")
    return nu.left_join(vorig, ["vorig_jaar", *keys]).drop("vorig_jaar")


def regios_per_jaar(inp: Inputs) -> ir.Table:
    """(schooljaar, regio): every region of the period that applies to each loaded year."""
    perioden = inp.table("regio_schooljaar").select("schooljaar", "periode").distinct()
    regio = inp.table("regio").select("periode", "regio")
    return perioden.join(regio, "periode").select("schooljaar", "regio").distinct()


def beroepsgerichte_leerwegen(inp: Inputs) -> ir.Table:
    leerweg = inp.table("leerweg")
    return leerweg.filter(leerweg.beroepsgericht).select("leerweg")


# --- 8. regio_aanbod (Tabel 4.5) -------------------------------------------------------------
def regio_aanbod(inp: Inputs) -> ir.Table:
    """Regions offering each technical profiel x leerweg, by 1 or more vestigingen, mean < 11."""
    a = techniek_aanbod(inp)
    a = a.filter(a.regio.notnull())
    r = a.group_by(["schooljaar", "profiel", "leerweg", "regio"]).aggregate(
        n=a.vestiging.count(), lo=a.aantal_min.sum(), hi=a.aantal_max.sum()
    )
    r = r.mutate(
        klein=midden(r.lo, r.hi) / r.n < KLEINE_GROEP,
        # the interval of the mean straddles 11: the classification rests on the midpoint
        twijfel=(r.lo.cast("float64") / r.n < KLEINE_GROEP)
        != (r.hi.cast("float64") / r.n < KLEINE_GROEP),
        een=r.n == 1,
    )
    out = r.group_by(["schooljaar", "profiel", "leerweg"]).aggregate(
        aantal_regios=r.regio.count(),
        regios_onder_11=r.regio.count(where=r.klein),
        regios_1_vestiging=r.regio.count(where=r.een),
        regios_1_vestiging_onder_11=r.regio.count(where=r.een & r.klein),
        regios_meer_vestigingen=r.regio.count(where=~r.een),
        regios_meer_vestigingen_onder_11=r.regio.count(where=~r.een & r.klein),
        regios_onzeker=r.regio.count(where=r.twijfel),
    )
    return out.mutate(onzeker=out.regios_onzeker > 0).order_by(["schooljaar", "profiel", "leerweg"])


# --- 9. bl_kl_clusters (Figuur 4.6) ----------------------------------------------------------
def _cluster(bb: ir.FloatingValue, kb: ir.FloatingValue) -> ir.StringValue:
    """A: bb >= 0, kb >= 0; B: both < 0; C: bb >= 0, kb < 0; D: bb < 0, kb >= 0; else NULL."""
    return ibis.cases(
        ((bb >= 0) & (kb >= 0), "A"),
        ((bb < 0) & (kb < 0), "B"),
        ((bb >= 0) & (kb < 0), "C"),
        ((bb < 0) & (kb >= 0), "D"),
        else_=ibis.null("string"),
    )


def bl_kl_clusters(inp: Inputs) -> ir.Table:
    """Per region x technical profiel: % change of the mean per vestiging in bb and in kb."""
    a = techniek_aanbod(inp)
    a = a.filter(a.regio.notnull() & a.leerweg.isin(("bb", "kb")))
    sums: dict[str, ir.Value] = {}
    for lw in ("bb", "kb"):
        sel = a.leerweg == lw
        sums[f"vestigingen_{lw}"] = a.vestiging.count(where=sel)
        sums[f"aantal_{lw}_min"] = a.aantal_min.sum(where=sel).fill_null(0)
        sums[f"aantal_{lw}_max"] = a.aantal_max.sum(where=sel).fill_null(0)
    r = a.group_by(["schooljaar", "regio", "profiel"]).aggregate(**sums)
    for lw in ("bb", "kb"):
        n = r[f"vestigingen_{lw}"]
        mid = midden(r[f"aantal_{lw}_min"], r[f"aantal_{lw}_max"])
        r = r.mutate(
            **{
                f"_midden_{lw}": ibis.ifelse(n == 0, ibis.null("float64"), mid),
                f"gemiddeld_{lw}": ibis.ifelse(n == 0, ibis.null("float64"), mid / n),
            }
        )
    r = met_vorig(
        inp,
        r,
        ["regio", "profiel"],
        {
            "gemiddeld_bb_vorig": "gemiddeld_bb",
            "vorig_midden_bb": "_midden_bb",
            "gemiddeld_kb_vorig": "gemiddeld_kb",
            "vorig_midden_kb": "_midden_kb",
        },
    )
    r = r.mutate(
        verandering_bb=verandering_pct(r.gemiddeld_bb, r.gemiddeld_bb_vorig),
        verandering_kb=verandering_pct(r.gemiddeld_kb, r.gemiddeld_kb_vorig),
    )
    r = r.mutate(cluster=_cluster(r.verandering_bb, r.verandering_kb))
    r = breuken.markeer(inp, r, "bl_kl_clusters", ["verandering_bb", "verandering_kb", "cluster"])
    return r.order_by(["schooljaar", "regio", "profiel"])


# --- 11. regio_dekking (Figuur 4.7) ----------------------------------------------------------
def regio_dekking(inp: Inputs) -> ir.Table:
    """Share of the period's regions that offer each profiel, per leerweg (all 10 profielen)."""
    regios = regios_per_jaar(inp)
    totaal = regios.group_by("schooljaar").aggregate(aantal_regios=regios.regio.count())
    profielen = inp.table("profiel").select("profiel", "techniek")
    grid = totaal.cross_join(profielen).cross_join(beroepsgerichte_leerwegen(inp))
    a = inp.aanbod()
    a = a.filter(a.regio.notnull())
    keys = ["schooljaar", "leerweg", "profiel"]
    aanbod = a.group_by(keys).aggregate(regios_aanbod=a.regio.nunique())
    out = grid.left_join(aanbod, keys)
    out = out.mutate(regios_aanbod=out.regios_aanbod.fill_null(0))
    return out.mutate(aandeel=procent(out.regios_aanbod, out.aantal_regios)).order_by(keys)


# --- 12. techniekkeuze_per_regio (Figuur 4.8) ------------------------------------------------
def techniekkeuze_per_regio(inp: Inputs) -> ir.Table:
    """Regions by the number (0-5) of technical profielen they offer, per leerweg."""
    regios = regios_per_jaar(inp)
    leerwegen = beroepsgerichte_leerwegen(inp)
    a = techniek_aanbod(inp)
    a = a.filter(a.regio.notnull())
    n = a.group_by(["schooljaar", "regio", "leerweg"]).aggregate(
        aantal_profielen=a.profiel.nunique()
    )
    per = regios.cross_join(leerwegen).left_join(n, ["schooljaar", "regio", "leerweg"])
    per = per.mutate(aantal_profielen=per.aantal_profielen.fill_null(0))
    keys = ["schooljaar", "leerweg", "aantal_profielen"]
    verdeling = per.group_by(keys).aggregate(aantal_regios=per.regio.count())
    totaal = regios.group_by("schooljaar").aggregate(totaal_regios=regios.regio.count())
    mogelijk = tuple(range(len(domain.TECHNIEK_PROFIELEN) + 1))  # 0 to 5 technical profielen
    out = met_waarden(totaal.cross_join(leerwegen), "aantal_profielen", mogelijk)
    out = out.mutate(aantal_profielen=out.aantal_profielen.cast("int64"))
    out = out.left_join(verdeling, keys)
    out = out.mutate(aantal_regios=out.aantal_regios.fill_null(0))
    return out.mutate(aandeel=procent(out.aantal_regios, out.totaal_regios)).order_by(keys)


_REGIO_BRONNEN = ("leerlingen", "regio", "regio_vestiging", "regio_schooljaar")
# Counts of regions and vestigingen are no person data and are not suppressed; one that is the
# denominator of a share is listed as a count all the same, or disclosure control would drop it.

REGIO_AANBOD = Indicator(
    naam="regio_aanbod",
    titel="Aantal STO-regio's dat een technisch profiel aanbiedt, met één of meer vestigingen",
    definitie=(
        "Per technisch profiel en leerweg het aantal STO-regio's waarin ten minste één "
        "vestiging het profiel in die leerweg aanbiedt (ten minste één derdejaarsleerling), "
        "uitgesplitst naar regio's met één en met meer dan één aanbiedende vestiging, en per "
        "groep het aantal regio's met gemiddeld minder dan 11 derdejaarsleerlingen per "
        "aanbiedende vestiging. Vestigingen buiten een STO-regio tellen niet mee. Bij <5-cellen "
        "rekent het gemiddelde met het midden van het interval; 'onzeker' geeft aan dat de "
        "indeling onder of boven 11 voor minstens één regio daarvan afhangt."
    ),
    eenheid="regio's",
    sleutels=("schooljaar", "profiel", "leerweg"),
    kolommen=(
        "schooljaar",
        "profiel",
        "leerweg",
        "aantal_regios",
        "regios_onder_11",
        "regios_1_vestiging",
        "regios_1_vestiging_onder_11",
        "regios_meer_vestigingen",
        "regios_meer_vestigingen_onder_11",
        "regios_onzeker",
        "onzeker",
    ),
    bronnen=_REGIO_BRONNEN,
    reproduceert="Tabel 4.5",
    bereken=regio_aanbod,
)

BL_KL_CLUSTERS = Indicator(
    naam="bl_kl_clusters",
    titel="Verandering van het gemiddeld aantal bl- en kl-leerlingen per STO-regio en profiel",
    definitie=(
        "Per STO-regio en technisch profiel het gemiddeld aantal derdejaarsleerlingen per "
        "aanbiedende vestiging in de basisberoepsgerichte (bb) en de kaderberoepsgerichte "
        "leerweg (kb), en de procentuele verandering daarvan ten opzichte van het vorige "
        "geladen schooljaar. Cluster A: toename (of geen verandering) in bb en kb; B: afname in "
        "bb en kb; C: toename (of geen verandering) in bb en afname in kb; D: afname in bb en "
        "toename (of geen verandering) in kb. Zonder beide veranderingen geen cluster. Over "
        "een breuk in de reeks heen (zie reeksbreuken) geen verandering en geen cluster; de "
        "kolom breuk geeft dan de reden."
    ),
    eenheid="procent",
    sleutels=("schooljaar", "regio", "profiel"),
    kolommen=(
        "schooljaar",
        "regio",
        "profiel",
        "vestigingen_bb",
        "aantal_bb_min",
        "aantal_bb_max",
        "gemiddeld_bb",
        "gemiddeld_bb_vorig",
        "vorig_midden_bb",
        "verandering_bb",
        "vestigingen_kb",
        "aantal_kb_min",
        "aantal_kb_max",
        "gemiddeld_kb",
        "gemiddeld_kb_vorig",
        "vorig_midden_kb",
        "verandering_kb",
        "cluster",
        "breuk",
    ),
    bronnen=_REGIO_BRONNEN,
    optionele_bronnen=("bron",),  # breuken.BREUK_BRONNEN beyond the regions
    reproduceert="Figuur 4.6",
    bereken=bl_kl_clusters,
    openbaarheid=Openbaarheid(
        aantallen=("aantal_bb_min", "aantal_bb_max", "aantal_kb_min", "aantal_kb_max"),
        groep=("schooljaar", "profiel"),
        # A mean per vestiging is hidden like a share when it rests on < 10 students.
        aandelen={
            "gemiddeld_bb": "aantal_bb",
            "gemiddeld_bb_vorig": "vorig_midden_bb",
            "gemiddeld_kb": "aantal_kb",
            "gemiddeld_kb_vorig": "vorig_midden_kb",
        },
        veranderingen={"verandering_bb": "vorig_midden_bb", "verandering_kb": "vorig_midden_kb"},
        afgeleid={"cluster": ("verandering_bb", "verandering_kb")},
    ),
    per_regio=True,
)

REGIO_DEKKING = Indicator(
    naam="regio_dekking",
    woorden={"aandeel": w.procent("Regio's met aanbod")},
    titel="Aandeel STO-regio's dat een profiel binnen een leerweg aanbiedt",
    definitie=(
        "Per profiel (alle tien) en beroepsgerichte leerweg het aandeel van de STO-regio's "
        "waarin ten minste één vestiging het profiel in die leerweg aanbiedt. De noemer is het "
        "aantal STO-regio's van de regioperiode die bij het schooljaar hoort."
    ),
    eenheid="procent",
    sleutels=("schooljaar", "leerweg", "profiel"),
    kolommen=(
        "schooljaar",
        "leerweg",
        "profiel",
        "techniek",
        "regios_aanbod",
        "aantal_regios",
        "aandeel",
    ),
    bronnen=_REGIO_BRONNEN,
    reproduceert="Figuur 4.7",
    bereken=regio_dekking,
    openbaarheid=Openbaarheid(aantallen=("aantal_regios",), aandelen={"aandeel": "aantal_regios"}),
)

TECHNIEKKEUZE_PER_REGIO = Indicator(
    naam="techniekkeuze_per_regio",
    woorden={"aandeel": w.procent("Aandeel van de regio's")},
    titel="STO-regio's naar aantal aangeboden technische profielen, per leerweg",
    definitie=(
        "Per beroepsgerichte leerweg de verdeling van de STO-regio's naar het aantal (0 tot en "
        "met 5) technische profielen dat in de regio in die leerweg wordt aangeboden: het aantal "
        "regio's en het aandeel van alle regio's van de regioperiode die bij het schooljaar "
        "hoort. Regio's zonder technisch aanbod in een leerweg tellen mee bij 0."
    ),
    eenheid="regio's",
    sleutels=("schooljaar", "leerweg", "aantal_profielen"),
    kolommen=(
        "schooljaar",
        "leerweg",
        "aantal_profielen",
        "aantal_regios",
        "totaal_regios",
        "aandeel",
    ),
    bronnen=_REGIO_BRONNEN,
    reproduceert="Figuur 4.8",
    bereken=techniekkeuze_per_regio,
    openbaarheid=Openbaarheid(aantallen=("totaal_regios",), aandelen={"aandeel": "totaal_regios"}),
)
