"""Indicators 7-12: the offer of technical profielen by vestigingen and STO-regio's.

This module computes the national ones, 7 (``groepsgrootte``, Tabel 4.4) and 10
(``vestigingen_per_profiel``, Tabel 4.6); ``aanbod_regio.py`` the regional ones, 8, 9, 11 and
12. ``INDICATORS`` lists all six in the monitor's order.
"""

from __future__ import annotations

import functools
import operator

import ibis
import ibis.expr.types as ir

from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.aanbod_regio import (
    BL_KL_CLUSTERS,
    REGIO_AANBOD,
    REGIO_DEKKING,
    TECHNIEKKEUZE_PER_REGIO,
    met_vorig,
    techniek_aanbod,
)
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import REGIO_INDELING, Inputs, midden, procent

# Tabel 4.4: group-size classes by their upper bound (the last class has none).
KLASSEN: tuple[tuple[str, int | None], ...] = (
    ("1_5", 5),
    ("6_10", 10),
    ("11_20", 20),
    ("21_30", 30),
    ("meer_dan_30", None),
)
KWETSBAAR_TOT = 10  # at most 10 derdejaars per profiel per vestiging: hard to organise
LEERWEGEN = ("bb", "kb", "gl")


# --- 7. groepsgrootte (Tabel 4.4) ------------------------------------------------------------
def groepsgrootte(inp: Inputs) -> ir.Table:
    """Offering vestigingen by number of derdejaars, per technical profiel x leerweg."""
    a = techniek_aanbod(inp)
    mid = midden(a.aantal_min, a.aantal_max)
    # A vestiging's class follows the midpoint of its interval, rounded half up ([9, 12] has
    # midpoint 10.5: class 11-20); it is uncertain when the interval straddles a class bound.
    klasse = ibis.cases(
        *[(mid < grens + 0.5, naam) for naam, grens in KLASSEN if grens is not None],
        else_=KLASSEN[-1][0],
    )
    twijfel = functools.reduce(
        operator.or_,
        [(a.aantal_min <= g) & (a.aantal_max > g) for _, g in KLASSEN if g is not None],
    )
    a = a.mutate(klasse=klasse, twijfel=twijfel)
    keys = ["schooljaar", "profiel", "leerweg"]
    per = a.group_by(keys).aggregate(
        aantal_vestigingen=a.vestiging.count(),
        aantal_min=a.aantal_min.sum(),
        aantal_max=a.aantal_max.sum(),
        vestigingen_onzeker=a.vestiging.count(where=a.twijfel),
        **{f"_n_{naam}": a.vestiging.count(where=a.klasse == naam) for naam, _ in KLASSEN},
    )
    n = per.aantal_vestigingen
    kwetsbaar = [per[f"_n_{naam}"] for naam, g in KLASSEN if g is not None and g <= KWETSBAAR_TOT]
    per = per.mutate(
        **{f"aandeel_{naam}": procent(per[f"_n_{naam}"], n) for naam, _ in KLASSEN},
        aandeel_kwetsbaar=procent(functools.reduce(operator.add, kwetsbaar), n),
        onzeker=per.vestigingen_onzeker > 0,
        gemiddeld=midden(per.aantal_min, per.aantal_max) / n,
        _midden=midden(per.aantal_min, per.aantal_max),
    )
    per = met_vorig(
        inp,
        per,
        ["profiel", "leerweg"],
        {"gemiddeld_vorig": "gemiddeld", "vorig_midden": "_midden"},
    )
    return per.order_by(keys)


# --- 10. vestigingen_per_profiel (Tabel 4.6) -------------------------------------------------
def vestigingen_per_profiel(inp: Inputs) -> ir.Table:
    """Vestigingen offering each technical profiel, outside a region, and shares per leerweg."""
    a = techniek_aanbod(inp)
    v = a.group_by(["schooljaar", "profiel", "vestiging", "regio"]).aggregate(
        **{f"_{lw}": a.leerweg.count(where=a.leerweg == lw) > 0 for lw in LEERWEGEN}
    )
    out = v.group_by(["schooljaar", "profiel"]).aggregate(
        aantal_vestigingen=v.vestiging.nunique(),
        buiten_regio=v.vestiging.nunique(where=v.regio.isnull()),
        **{f"vestigingen_{lw}": v.vestiging.nunique(where=v[f"_{lw}"]) for lw in LEERWEGEN},
    )
    out = out.mutate(
        **{
            f"aandeel_{lw}": procent(out[f"vestigingen_{lw}"], out.aantal_vestigingen)
            for lw in LEERWEGEN
        }
    )
    return out.order_by(["schooljaar", "profiel"])


_AANDELEN_GROEPSGROOTTE = {f"aandeel_{naam}": "aantal_vestigingen" for naam, _ in KLASSEN}

GROEPSGROOTTE = Indicator(
    naam="groepsgrootte",
    woorden={"aantal": w.aantal("Derdejaars")},
    titel="Vestigingen naar groepsgrootte per technisch profiel en leerweg",
    definitie=(
        "Per technisch profiel en beroepsgerichte leerweg de vestigingen die het profiel in die "
        "leerweg aanbieden (ten minste één derdejaarsleerling), ingedeeld naar hun aantal "
        "derdejaarsleerlingen: 1 t/m 5, 6 t/m 10, 11 t/m 20, 21 t/m 30 en meer dan 30, als "
        "aandeel van de aanbiedende vestigingen. Hooguit 10 leerlingen per profiel per vestiging "
        "geldt als lastig organiseerbaar (kwetsbaar). Verder het gemiddeld aantal "
        "derdejaarsleerlingen per aanbiedende vestiging, dit en het vorige geladen schooljaar. "
        "Alle vestigingen tellen mee, ook die buiten een STO-regio. Bij <5-cellen telt het midden "
        "van het interval; 'onzeker' geeft aan dat de indeling van minstens één vestiging "
        "daarvan afhangt."
    ),
    eenheid="procent",
    sleutels=("schooljaar", "profiel", "leerweg"),
    kolommen=(
        "schooljaar",
        "profiel",
        "leerweg",
        "aantal_vestigingen",
        *_AANDELEN_GROEPSGROOTTE,
        "aandeel_kwetsbaar",
        "vestigingen_onzeker",
        "onzeker",
        "aantal_min",
        "aantal_max",
        "gemiddeld",
        "gemiddeld_vorig",
        "vorig_midden",
    ),
    bronnen=("leerlingen",),
    optionele_bronnen=REGIO_INDELING,
    reproduceert="Tabel 4.4",
    bereken=groepsgrootte,
    # aantal_vestigingen is only a denominator here (Tabel 4.4 does not show it): published
    # tables drop it, and listing it as a count would hide every row with < 5 vestigingen.
    openbaarheid=Openbaarheid(
        aantallen=("aantal_min", "aantal_max"),
        aandelen={
            **_AANDELEN_GROEPSGROOTTE,
            "aandeel_kwetsbaar": "aantal_vestigingen",
            # A mean per vestiging is hidden like a share when it rests on < 10 students.
            "gemiddeld": "aantal",
            "gemiddeld_vorig": "vorig_midden",
        },
    ),
)

VESTIGINGEN_PER_PROFIEL = Indicator(
    naam="vestigingen_per_profiel",
    titel="Aantal vestigingen per technisch profiel en aandeel per leerweg",
    definitie=(
        "Per technisch profiel het aantal vestigingen dat het profiel aanbiedt in de "
        "basisberoepsgerichte, kaderberoepsgerichte of gemengde leerweg (ten minste één "
        "derdejaarsleerling), waarvan het aantal buiten een STO-regio, en het aandeel van deze "
        "vestigingen dat het profiel in de bb, de kb en de gl aanbiedt."
    ),
    eenheid="vestigingen",
    sleutels=("schooljaar", "profiel"),
    kolommen=(
        "schooljaar",
        "profiel",
        "aantal_vestigingen",
        "buiten_regio",
        *(f"vestigingen_{lw}" for lw in LEERWEGEN),
        *(f"aandeel_{lw}" for lw in LEERWEGEN),
    ),
    bronnen=("leerlingen",),
    optionele_bronnen=REGIO_INDELING,
    reproduceert="Tabel 4.6",
    bereken=vestigingen_per_profiel,
    # Counts of vestigingen are no person data, but the main figure here is also the shares'
    # denominator: listed as a count, or disclosure control would drop it as a helper column.
    openbaarheid=Openbaarheid(
        aantallen=("aantal_vestigingen",),
        aandelen={f"aandeel_{lw}": "aantal_vestigingen" for lw in LEERWEGEN},
    ),
)

INDICATORS: tuple[Indicator, ...] = (
    GROEPSGROOTTE,  # 7
    REGIO_AANBOD,  # 8
    BL_KL_CLUSTERS,  # 9
    VESTIGINGEN_PER_PROFIEL,  # 10
    REGIO_DEKKING,  # 11
    TECHNIEKKEUZE_PER_REGIO,  # 12
)
