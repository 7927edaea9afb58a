"""Building blocks for the ``Herleiding`` of an indicator on a confidential source.

A published count selects atoms of its source by the codes in its row: a profiel code selects
that profiel, a profiel group (``techniek``, ``niet-techniek``, ``overig``) the atoms of that
group, and ``totaal`` everything. These helpers write those selections once, so every
herleiding reads like its indicator's method.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators.definitie import Selectie

TOTAAL = "totaal"
GROEPEN: tuple[str, ...] = ("techniek", "niet-techniek", domain.OVERIG)


def groep(profiel: ir.StringValue) -> ir.StringValue:
    """techniek / overig / niet-techniek of a profiel code, as the indicators group them."""
    return ibis.cases(
        (profiel.isin(domain.TECHNIEK_PROFIELEN), "techniek"),
        (profiel == domain.OVERIG, domain.OVERIG),
        else_="niet-techniek",
    )


def profiel(code: object, kolom: str = "profiel", groep_kolom: str = "groep") -> Selectie:
    """A profiel code, a profiel group or ``totaal`` as a selection of atoms."""
    if code == TOTAAL:
        return {}
    if code in GROEPEN:
        return {groep_kolom: (code,)}
    return {kolom: (code,)}


def code(waarde: object, kolom: str) -> Selectie:
    """A plain code (leerweg, bestemming) or ``totaal`` as a selection of atoms."""
    return {} if waarde == TOTAAL else {kolom: (waarde,)}


def sommen(t: ir.Table, maat: str = "aantal") -> dict[str, ir.Value]:
    """The atom measure's bounds, summed."""
    return {f"{maat}_min": t[f"{maat}_min"].sum(), f"{maat}_max": t[f"{maat}_max"].sum()}
