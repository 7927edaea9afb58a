"""Indicator 15: exam candidates and pass rate per profiel x leerweg x vestiging.

From DUO "geslaagden, gezakten en cijfers" (table ``examens``): vmbo rows in bb, kb and gl that
carry a profiel. One table with two levels: rows per vestiging, and national rows with
``vestiging = 'totaal'`` (the sum over all vestigingen). Both levels have ``leerweg = 'totaal'``
(bb + kb + gl) and the profiel groups ``techniek``, ``niet-techniek``, ``overig`` and ``totaal``.
``aantal_vestigingen`` counts the vestigingen with at least one candidate in the row.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import Inputs, aandeel, onzeker, punt

TOTAAL = "totaal"
_COUNTS = ("kandidaten_min", "kandidaten_max", "geslaagden_min", "geslaagden_max")


def _sums(t: ir.Table) -> dict[str, ir.Value]:
    sums: dict[str, ir.Value] = {c: t[c].sum() for c in _COUNTS}
    # A vestiging counts when it has at least one candidate (a <5 cell does: min is 1).
    met_kandidaten = ibis.ifelse(t.kandidaten_max > 0, t.vestiging, ibis.null("string"))
    sums["aantal_vestigingen"] = met_kandidaten.nunique()
    return sums


def examens_per_profiel(inp: Inputs) -> ir.Table:
    """Candidates, geslaagden and pass rate per schooljaar x vestiging x profiel x leerweg."""
    e = inp.table("examens")
    e = e.filter(e.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN) & e.profiel.notnull())
    e = e.mutate(
        vestiging=e.vestiging.cast("string"),
        profiel=e.profiel.cast("string"),
        leerweg=e.leerweg.cast("string"),
        groep=ibis.cases(
            (e.profiel.isin(domain.TECHNIEK_PROFIELEN), "techniek"),
            (e.profiel == domain.OVERIG, domain.OVERIG),
            else_="niet-techniek",
        ),
    )
    keys = ["schooljaar", "vestiging", "profiel", "leerweg"]
    cols = [*keys, *_COUNTS, "aantal_vestigingen"]
    totaal = ibis.literal(TOTAAL)
    # Profiel level: the ten profielen ('overig' is a group, as in indicator 1); then groups.
    niveaus = [(e.filter(e.profiel.isin(domain.PROFIEL_CODES)), "profiel"), (e, "groep"), (e, None)]
    parts: list[ir.Table] = []
    for per_vestiging in (True, False):
        for t, profiel in niveaus:
            for per_leerweg in (True, False):
                part = t.group_by(
                    [
                        "schooljaar",
                        (t.vestiging if per_vestiging else totaal).name("vestiging"),
                        (t[profiel] if profiel else totaal).name("profiel"),
                        (t.leerweg if per_leerweg else totaal).name("leerweg"),
                    ]
                ).aggregate(**_sums(t))
                parts.append(part.select(*cols))
    rows = parts[0]
    for part in parts[1:]:
        rows = rows.union(part)
    k_min, k_max = rows.kandidaten_min, rows.kandidaten_max
    g_min, g_max = rows.geslaagden_min, rows.geslaagden_max
    return rows.select(
        *keys,
        "aantal_vestigingen",
        kandidaten=punt(k_min, k_max),
        kandidaten_min=k_min,
        kandidaten_max=k_max,
        geslaagden=punt(g_min, g_max),
        geslaagden_min=g_min,
        geslaagden_max=g_max,
        slaagpercentage=aandeel(g_min, g_max, k_min, k_max),
        onzeker=onzeker(g_min, g_max, k_min, k_max),
    ).order_by(keys)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="examens_per_profiel",
        titel="Examenkandidaten en slaagpercentage per profiel, leerweg en vestiging",
        definitie=(
            "Aantal examenkandidaten en geslaagden in de basis-, kaderberoepsgerichte en "
            "gemengde leerweg per schooljaar, vestiging, profiel en leerweg (DUO 'geslaagden, "
            "gezakten en cijfers'), met leerweg 'totaal' (bb + kb + gl) en de profielgroepen "
            "techniek, niet-techniek, overig en totaal. Rijen met vestiging 'totaal' zijn het "
            "landelijk totaal; het aantal vestigingen telt de vestigingen met ten minste één "
            "kandidaat. Het slaagpercentage is geslaagden / kandidaten x 100."
        ),
        eenheid="examenkandidaten",
        sleutels=("schooljaar", "vestiging", "profiel", "leerweg"),
        kolommen=(
            "schooljaar",
            "vestiging",
            "profiel",
            "leerweg",
            "aantal_vestigingen",
            "kandidaten",
            "kandidaten_min",
            "kandidaten_max",
            "geslaagden",
            "geslaagden_min",
            "geslaagden_max",
            "slaagpercentage",
            "onzeker",
        ),
        bronnen=("examens",),
        reproduceert="geen rapporttabel (indicator 15 van de monitor)",
        bereken=examens_per_profiel,
        openbaarheid=Openbaarheid(
            aantallen=(
                "kandidaten",
                "kandidaten_min",
                "kandidaten_max",
                "geslaagden",
                "geslaagden_min",
                "geslaagden_max",
            ),
            groep=("schooljaar", "vestiging", "profiel"),
            aandelen={"slaagpercentage": "kandidaten"},
        ),
    ),
)
