"""Reconciliation of the two techniek definitions (``inputs.TECHNIEK_DEFINITIES``).

Per schooljaar and leerweg (bb, kb, gl and totaal) the table reads as a sum:

    sto            techniekleerlingen under the STO definition (the five technical profielen)
    + <afdeling>   derdejaars counted as techniek only under the Techniekpact definition
    - <afdeling>   derdejaars counted as techniek only under the STO definition (normally none)
    techniekpact   techniekleerlingen under the Techniekpact definition

so the STO figure plus the ``verschil`` rows gives the Techniekpact figure. Used by
``sto techniek-verschil`` and by the reports.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sto_monitor import domain
from sto_monitor.indicators.inputs import Engine, Inputs
from sto_monitor.indicators.registry import Openbaarheid

KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "leerweg",
    "soort",
    "onderdeel",
    "aantal_min",
    "aantal_max",
)
SLEUTELS: tuple[str, ...] = ("schooljaar", "leerweg", "soort", "onderdeel")
# A reconciliation is one group per schooljaar x leerweg: a <5 difference gets a partner.
OPENBAARHEID = Openbaarheid(aantallen=("aantal_min", "aantal_max"), groep=("schooljaar", "leerweg"))
TITEL = "Techniekleerlingen volgens de STO- en de Techniekpact-definitie"


def _sums(t: ir.Table, keys: list[str]) -> ir.Table:
    return t.group_by(keys).aggregate(aantal_min=t.aantal_min.sum(), aantal_max=t.aantal_max.sum())


def verschil_expr(engine: Engine) -> ir.Table:
    """The reconciliation as one Ibis expression (runs on DuckDB and Spark)."""
    sto, pact = Inputs(engine, "sto"), Inputs(engine, "techniekpact")
    leerlingen = engine.table("leerlingen")
    rows = leerlingen.filter(
        (leerlingen.leerjaar == 3) & leerlingen.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN)
    )
    rows = rows.mutate(
        in_sto=sto.is_techniek(rows),
        in_pact=pact.is_techniek(rows),
        onderdeel=rows.afdeling.fill_null(rows.profiel.fill_null("onbekend")),
    )
    rows = rows.union(rows.mutate(leerweg=ibis.literal("totaal")))
    keys = ["schooljaar", "leerweg"]
    cols = ["volgorde", *KOLOMMEN]

    def part(t: ir.Table, volgorde: int, soort: str, onderdeel: ir.Value | str) -> ir.Table:
        label = ibis.literal(onderdeel) if isinstance(onderdeel, str) else onderdeel
        grouped = _sums(t.mutate(onderdeel=label), [*keys, "onderdeel"])
        return grouped.mutate(volgorde=ibis.literal(volgorde), soort=ibis.literal(soort)).select(
            cols
        )

    # The totals come from every row (0 where a year has none under a definition).
    totals = rows.mutate(
        aantal_min=ibis.ifelse(rows.in_sto, rows.aantal_min, 0),
        aantal_max=ibis.ifelse(rows.in_sto, rows.aantal_max, 0),
    )
    totals_pact = rows.mutate(
        aantal_min=ibis.ifelse(rows.in_pact, rows.aantal_min, 0),
        aantal_max=ibis.ifelse(rows.in_pact, rows.aantal_max, 0),
    )
    extra = rows.filter(rows.in_pact & ~rows.in_sto)
    minder = rows.filter(rows.in_sto & ~rows.in_pact)
    result = (
        part(totals, 0, "sto", "STO-definitie")
        .union(part(extra, 1, "verschil", "+ " + extra.onderdeel))
        .union(part(minder, 2, "verschil", "- " + minder.onderdeel))
        .union(part(totals_pact, 3, "techniekpact", "Techniekpact-definitie"))
    )
    return result.order_by(["schooljaar", "leerweg", "volgorde", "onderdeel"])


def techniek_verschil(engine: Engine) -> pa.Table:
    """The reconciliation table (unsuppressed; publish it through ``export``)."""
    return engine.execute(verschil_expr(engine)).select(list(KOLOMMEN))
