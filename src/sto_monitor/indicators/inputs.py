"""What an indicator reads: warehouse tables as Ibis tables, and the base relations of the method.

The base relations are defined once here, in the words of the report, so every indicator that
counts derdejaars or asks whether a vestiging "offers" a profiel means exactly the same thing:

- *derdejaarsleerling*: a student in leerjaar 3 of vmbo bb, kb or gl (``derdejaars``);
- *techniekleerling*: a derdejaars in a technical profiel, per the chosen techniek definition;
- *aanbieden*: a vestiging offers profiel P in leerweg L in a year when it has at least one
  derdejaars in P x L (``aanbod``);
- the *regio* of a vestiging in a year: its STO-regio in the period that contains the year.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sto_monitor import domain
from sto_monitor.indicators.definities import Definitie, definitie


# Named, switchable meanings of "techniek" (issue 3): the monitor's own, and the Techniekpact's,
# which also counts the technical vakmanschaps- and beroepsroutes (profiel "overig").
class Engine:
    """Where expressions run: a DuckDB connection or a Spark session (see ``engines.py``)."""

    name: str

    def table(self, name: str) -> ir.Table:  # pragma: no cover - interface
        raise NotImplementedError

    def execute(self, expr: ir.Table) -> pa.Table:  # pragma: no cover - interface
        raise NotImplementedError


# The region of each vestiging per school year, which ``Inputs.derdejaars`` joins on: an
# indicator built on the derdejaars reads it, and is computed again when a region file loads.
REGIO_INDELING = ("regio_schooljaar",)


@dataclass
class Inputs:
    engine: Engine
    techniek: str = "sto"  # the key of the definition (definities.Definitie.sleutel)

    def table(self, name: str) -> ir.Table:
        return self.engine.table(name)

    # --- base relations ------------------------------------------------------------------
    @property
    def definitie(self) -> Definitie:
        """The definition the key ``techniek`` names (``definities.py``)."""
        return definitie(self.techniek)

    def is_techniek(self, t: ir.Table) -> ir.BooleanValue:
        """Whether a row of ``leerlingen`` counts as techniek under the chosen definition."""
        d = self.definitie
        in_profiel = t.profiel.isin(d.techniek_profielen)
        if d.techniek != "techniekpact":
            return in_profiel.fill_null(False)
        route = (t.profiel == domain.OVERIG) & (
            (t.sector == "Techniek") | t.afdeling.lower().contains("techniek")
        )
        return (in_profiel | route).fill_null(False)

    def derdejaars(self) -> ir.Table:
        """The population of the definition, one row per source cell, with techniek and regio.

        The monitor's: third-year bb/kb/gl students; the definition may take leerjaar 3 and 4
        (``populatie``) or only bb and kb (``noemer``).

        Columns: schooljaar, vestiging, leerweg, profiel, sector, afdeling, geslacht,
        aantal_min, aantal_max, techniek, regio (NULL when the vestiging has no region).
        """
        leerlingen = self.table("leerlingen")
        rows = leerlingen.filter(
            leerlingen.leerjaar.isin(self.definitie.leerjaren)
            & leerlingen.leerweg.isin(self.definitie.leerwegen)
        )
        rows = rows.mutate(techniek=self.is_techniek(rows))
        regio = self.table("regio_schooljaar").select("schooljaar", "vestiging", "regio")
        joined = rows.left_join(regio, ["schooljaar", "vestiging"])
        return joined.select(
            "schooljaar",
            "vestiging",
            "leerweg",
            "profiel",
            "sector",
            "afdeling",
            "geslacht",
            "aantal_min",
            "aantal_max",
            "techniek",
            "regio",
        )

    def aanbod(self) -> ir.Table:
        """Per schooljaar x vestiging x profiel x leerweg that is offered: the derdejaars.

        Columns: schooljaar, vestiging, regio, profiel, leerweg, aantal_min, aantal_max.
        Every stored cell is non-zero, so each group here has at least one student.
        """
        d = self.derdejaars().filter(lambda t: t.profiel.isin(domain.PROFIEL_CODES))
        return d.group_by(["schooljaar", "vestiging", "regio", "profiel", "leerweg"]).aggregate(
            aantal_min=d.aantal_min.sum(), aantal_max=d.aantal_max.sum()
        )


def met_waarden(t: ir.Table, column: str, values: tuple[object, ...]) -> ir.Table:
    """Every row of ``t`` once for each value, in a new column: a portable cross join.

    Unions of literals instead of an ``ibis.memtable``, so the expression's SQL names no
    temporary table and can be stored (``sql_cache``) and run on Spark alike.
    """
    parts = [t.mutate(**{column: ibis.literal(v)}) for v in values]
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part)
    return out


def punt(aantal_min: ir.IntegerValue, aantal_max: ir.IntegerValue) -> ir.IntegerValue:
    """The point value of an interval count: only where min = max (MONITOR.md)."""
    return ibis.ifelse(aantal_min == aantal_max, aantal_min, ibis.null(aantal_min.type()))


def midden(aantal_min: ir.NumericValue, aantal_max: ir.NumericValue) -> ir.FloatingValue:
    """The midpoint used for shares and changes when a count is an interval."""
    return (aantal_min + aantal_max).cast("float64") / 2


def procent(deel: ir.NumericValue, geheel: ir.NumericValue) -> ir.FloatingValue:
    """100 * deel / geheel, NULL when geheel is 0."""
    return ibis.ifelse(geheel == 0, ibis.null("float64"), deel.cast("float64") * 100 / geheel)


def verandering_pct(nu: ir.NumericValue, vorig: ir.NumericValue) -> ir.FloatingValue:
    """% change against the previous year; NULL without a previous value or from 0."""
    return ibis.ifelse(
        vorig.isnull() | (vorig == 0),
        ibis.null("float64"),
        (nu.cast("float64") - vorig) * 100 / vorig,
    )


def onzeker(
    deel_min: ir.NumericValue,
    deel_max: ir.NumericValue,
    geheel_min: ir.NumericValue,
    geheel_max: ir.NumericValue,
) -> ir.BooleanValue:
    """A share is uncertain when ``<5`` intervals leave it more than 1 percentage point wide.

    The widest range is deel_max / geheel_min down to deel_min / geheel_max (the numerator is
    part of the denominator, so this overstates the range a little: it errs towards "onzeker").
    """
    hoog = deel_max.cast("float64") * 100 / ibis.greatest(geheel_min, 1)
    laag = deel_min.cast("float64") * 100 / ibis.greatest(geheel_max, 1)
    return (hoog - laag) > 1.0


def aandeel(
    deel_min: ir.NumericValue,
    deel_max: ir.NumericValue,
    geheel_min: ir.NumericValue,
    geheel_max: ir.NumericValue,
) -> ir.FloatingValue:
    """A share in percent on interval midpoints (the point value when counts are exact)."""
    return procent(midden(deel_min, deel_max), midden(geheel_min, geheel_max))
