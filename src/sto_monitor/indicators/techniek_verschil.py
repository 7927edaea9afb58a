"""Reconciliations: why 18,7 %, 19,2 % and 19,5 % can all be "right".

``definities_overzicht``: the national techniekaandeel of every school year under every
combination of the switches that change it (techniek x populatie x noemer; the routes switch
only moves rows between subtotals of Tabel 4.1), one row per year and definition.

``verschil_expr``: the STO and the Techniekpact definition of techniek, per afdeling.

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
from sto_monitor.db import Connection
from sto_monitor.indicators.definities import (
    NOEMER,
    POPULATIE,
    ROUTES,
    TECHNIEK,
    alle_definities,
)
from sto_monitor.indicators.inputs import Engine, Inputs
from sto_monitor.indicators.registry import BY_NAME, Openbaarheid
from sto_monitor.indicators.run import compute

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


OVERZICHT_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "techniek",
    "populatie",
    "leerwegen",
    "leerlingen",
    "leerlingen_min",
    "leerlingen_max",
    "techniekleerlingen",
    "techniekleerlingen_min",
    "techniekleerlingen_max",
    "techniekaandeel",
)
OVERZICHT_SLEUTELS: tuple[str, ...] = ("schooljaar", "techniek", "populatie", "leerwegen")
OVERZICHT_OPENBAARHEID = Openbaarheid(
    aantallen=OVERZICHT_KOLOMMEN[4:10],
    groep=OVERZICHT_SLEUTELS,
    aandelen={"techniekaandeel": "leerlingen"},
)
OVERZICHT_TITEL = "Techniekaandeel onder elke definitie"


def definities_overzicht(con: Connection, engine: Engine) -> pa.Table:
    """The national techniekaandeel per school year under every definition (unsuppressed).

    Each row is the ``techniekaandeel`` indicator itself under that definition, so the figures
    are exactly those every other output shows for it.
    """
    indicator = BY_NAME["techniekaandeel"]
    rows: list[dict[str, object]] = []
    for d in alle_definities():
        if d.routes != ROUTES.standaard:
            continue  # moves rows between subtotals only; the share is the same
        table = compute(indicator, con, engine=engine, techniek=d.sleutel)
        for r in table.to_pylist():
            if r["regio"] != "NL":
                continue
            rows.append(
                {
                    "schooljaar": r["schooljaar"],
                    "techniek": TECHNIEK.keuze(d.techniek).label,
                    "populatie": POPULATIE.keuze(d.populatie).label,
                    "leerwegen": NOEMER.keuze(d.noemer).label,
                    "leerlingen": r["derdejaars"],
                    "leerlingen_min": r["derdejaars_min"],
                    "leerlingen_max": r["derdejaars_max"],
                    "techniekleerlingen": r["techniekleerlingen"],
                    "techniekleerlingen_min": r["techniekleerlingen_min"],
                    "techniekleerlingen_max": r["techniekleerlingen_max"],
                    "techniekaandeel": r["techniekaandeel"],
                }
            )
    # per school year the monitor's own definition first, then in the order of the switches
    schema = pa.schema(
        [
            ("schooljaar", pa.int16()),
            *((k, pa.string()) for k in ("techniek", "populatie", "leerwegen")),
            *((k, pa.int64()) for k in OVERZICHT_KOLOMMEN[4:10]),
            ("techniekaandeel", pa.float64()),
        ]
    )
    rows.sort(key=lambda r: int(str(r["schooljaar"])))  # stable: definitions keep their order
    return pa.Table.from_pylist(rows, schema=schema)
