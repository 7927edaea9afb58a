"""Indicator 17 (letters; report chapter 5): teachers in techniek and niet-techniek.

From ``docenten`` (our own personnel layout) per schooljaar and profielgroep (``techniek``,
``niet-techniek``, ``algemeen`` and ``totaal``): FTE and headcount, the share of zij-instromers
by FTE and by headcount, the % change of FTE against the previous loaded year, and derdejaars
per FTE: techniekleerlingen per techniek-FTE, the other derdejaars per niet-techniek-FTE, all
derdejaars per FTE in ``totaal`` (none for ``algemeen``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir

from sto_monitor.indicators import herleiding as hl
from sto_monitor.indicators.definitie import Herleiding, Indicator, Openbaarheid, Selectie
from sto_monitor.indicators.inputs import (
    REGIO_INDELING,
    Inputs,
    aandeel,
    midden,
    onzeker,
    procent,
    punt,
)

TOTAAL = "totaal"


def _personeel(d: ir.Table) -> dict[str, ir.Value]:
    zij = d.zij_instromer
    return {
        "fte": d.fte.sum(),
        "personen_min": d.personen_min.sum(),
        "personen_max": d.personen_max.sum(),
        "zij_fte": ibis.ifelse(zij, d.fte, 0.0).sum(),
        "zij_min": ibis.ifelse(zij, d.personen_min, 0).sum(),
        "zij_max": ibis.ifelse(zij, d.personen_max, 0).sum(),
    }


def _derdejaars(inp: Inputs) -> ir.Table:
    """Derdejaars per schooljaar and profielgroep: techniek, niet-techniek and totaal."""
    d = inp.derdejaars()
    d = d.mutate(profielgroep=ibis.ifelse(d.techniek, "techniek", "niet-techniek"))
    sums = {"l_min": d.aantal_min.sum(), "l_max": d.aantal_max.sum()}
    per_groep = d.group_by(["schooljaar", "profielgroep"]).aggregate(**sums)
    totaal = d.group_by("schooljaar").aggregate(**sums).mutate(profielgroep=ibis.literal(TOTAAL))
    return per_groep.union(totaal.select(*per_groep.columns))


def docenten(inp: Inputs) -> ir.Table:
    """FTE, headcount, zij-instromers and derdejaars per FTE, per schooljaar x profielgroep."""
    d = inp.table("docenten")
    d = d.mutate(profielgroep=d.profielgroep.cast("string"))
    per_groep = d.group_by(["schooljaar", "profielgroep"]).aggregate(**_personeel(d))
    totaal = (
        d.group_by("schooljaar")
        .aggregate(**_personeel(d))
        .mutate(profielgroep=ibis.literal(TOTAAL))
    )
    p = per_groep.union(totaal.select(*per_groep.columns))
    t = p.left_join(_derdejaars(inp), ["schooljaar", "profielgroep"])
    w = ibis.window(group_by="profielgroep", order_by="schooljaar")
    t = t.mutate(vorig_fte=t.fte.lag().over(w))
    l_mid = midden(t.l_min, t.l_max)
    return t.select(
        "schooljaar",
        "profielgroep",
        fte=t.fte,
        personen=punt(t.personen_min, t.personen_max),
        personen_min=t.personen_min,
        personen_max=t.personen_max,
        zij_instromers_fte=t.zij_fte,
        zij_instromers=punt(t.zij_min, t.zij_max),
        zij_instromers_min=t.zij_min,
        zij_instromers_max=t.zij_max,
        aandeel_zij_instromers_fte=procent(t.zij_fte, t.fte),
        aandeel_zij_instromers_personen=aandeel(
            t.zij_min, t.zij_max, t.personen_min, t.personen_max
        ),
        onzeker=onzeker(t.zij_min, t.zij_max, t.personen_min, t.personen_max),
        derdejaars=punt(t.l_min, t.l_max),
        derdejaars_min=t.l_min,
        derdejaars_max=t.l_max,
        derdejaars_per_fte=ibis.ifelse(t.fte > 0, l_mid / t.fte, ibis.null("float64")),
        fte_verandering_pct=ibis.ifelse(
            t.vorig_fte > 0, (t.fte - t.vorig_fte) * 100 / t.vorig_fte, ibis.null("float64")
        ),
        vorig_fte=t.vorig_fte,
    ).order_by(["schooljaar", "profielgroep"])


def _atomen(inp: Inputs) -> ir.Table:
    """Persons per profielgroep and zij-instromer or not (the table's finest cells)."""
    d = inp.table("docenten")
    d = d.mutate(profielgroep=d.profielgroep.cast("string"))
    return d.group_by(["schooljaar", "profielgroep", "zij_instromer"]).aggregate(
        **hl.sommen(d, "personen")
    )


def _cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """Persons and zij-instromers of the profielgroep; the derdejaars are public (DUO)."""
    groep = hl.code(rij["profielgroep"], "profielgroep")
    if kolom in ("personen", "aandeel_zij_instromers_personen"):
        return "personen", groep
    if kolom == "zij_instromers":
        return "personen", {**groep, "zij_instromer": (True,)}
    return None


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="docenten",
        titel="Docenten in techniek en niet-techniek: fte, personen, zij-instromers",
        definitie=(
            "Per schooljaar en profielgroep (techniek, niet-techniek, algemeen en totaal) het "
            "aantal fte en personen, het aandeel zij-instromers naar fte en naar personen, de "
            "procentuele verandering van het aantal fte ten opzichte van het vorige geladen "
            "schooljaar, en het aantal derdejaarsleerlingen (bb, kb, gl) per fte: "
            "techniekleerlingen per fte techniek, de overige derdejaars per fte niet-techniek "
            "en alle derdejaars per fte in totaal. Bij algemeen hoort geen leerlingengroep."
        ),
        eenheid="fte",
        sleutels=("schooljaar", "profielgroep"),
        kolommen=(
            "schooljaar",
            "profielgroep",
            "fte",
            "personen",
            "personen_min",
            "personen_max",
            "zij_instromers_fte",
            "zij_instromers",
            "zij_instromers_min",
            "zij_instromers_max",
            "aandeel_zij_instromers_fte",
            "aandeel_zij_instromers_personen",
            "onzeker",
            "derdejaars",
            "derdejaars_min",
            "derdejaars_max",
            "derdejaars_per_fte",
            "fte_verandering_pct",
            "vorig_fte",
        ),
        bronnen=("docenten", "leerlingen"),
        optionele_bronnen=REGIO_INDELING,
        reproduceert="Kamerbrieven (mijlpaal 3: docenten in de techniek)",
        bereken=docenten,
        openbaarheid=Openbaarheid(
            aantallen=(
                "personen",
                "personen_min",
                "personen_max",
                "zij_instromers",
                "zij_instromers_min",
                "zij_instromers_max",
                "derdejaars",
                "derdejaars_min",
                "derdejaars_max",
            ),
            groep=("schooljaar",),
            aandelen={
                "aandeel_zij_instromers_fte": "personen",
                "aandeel_zij_instromers_personen": "personen",
            },
            veranderingen={"fte_verandering_pct": "vorig_fte"},
            # FTE describe the same few persons: hidden with their headcount.
            afgeleid={
                "fte": ("personen",),
                "zij_instromers_fte": ("zij_instromers",),
                "derdejaars_per_fte": ("personen",),
            },
        ),
        herleiding=Herleiding(
            bron="docenten",
            atomen=_atomen,
            cel=_cel,
            tellers={"aandeel_zij_instromers_personen": "zij_instromers"},
            veranderingen={"fte_verandering_pct": "personen"},
        ),
    ),
)
