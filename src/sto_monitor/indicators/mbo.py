"""The national context of the doorstroom to mbo: all mbo students per sectorkamer.

From ``mbo_sectorkamer`` (DUO, public): per schooljaar and sectorkamer the students in bbl and
bol (voltijd and deeltijd; not the examendeelnemers, EX), all niveaus, summed over the
woonprovincies; DUO's ``-1`` (1-4 students) makes a count an interval. The share is of all
these mbo students in that year. A row ``techniek`` is the subtotal of the two technical
sectorkamers, as in ``doorstroom_sectorkamer``, so the two tables read side by side.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import Inputs, aandeel, onzeker, punt

TECHNIEK = "techniek"
# bbl, bol voltijd and bol deeltijd: students following an mbo opleiding.
LEERWEGEN: tuple[str, ...] = ("BBL", "BOLVT", "BOLDT")


def mbo_sectorkamer(inp: Inputs) -> ir.Table:
    """Mbo students (bbl + bol) per schooljaar x sectorkamer, with their share."""
    m = inp.table("mbo_sectorkamer")
    m = m.filter(m.leerweg.isin(LEERWEGEN))
    m = m.mutate(sectorkamer=m.sectorkamer.cast("string"))
    cols = ["schooljaar", "sectorkamer", "aantal_min", "aantal_max"]
    cellen = (
        m.group_by(["schooljaar", "sectorkamer"])
        .aggregate(aantal_min=m.aantal_min.sum(), aantal_max=m.aantal_max.sum())
        .select(*cols)
    )
    tech = m.sectorkamer.isin(domain.TECHNIEK_SECTORKAMERS)
    noemer = m.group_by("schooljaar").aggregate(
        n_min=m.aantal_min.sum(),
        n_max=m.aantal_max.sum(),
        t_min=ibis.ifelse(tech, m.aantal_min, 0).sum(),
        t_max=ibis.ifelse(tech, m.aantal_max, 0).sum(),
    )
    subtotaal = noemer.select(
        "schooljaar",
        sectorkamer=ibis.literal(TECHNIEK),
        aantal_min=noemer.t_min,
        aantal_max=noemer.t_max,
    )
    t = cellen.union(subtotaal).join(noemer.drop("t_min", "t_max"), "schooljaar")
    lo, hi = t.aantal_min, t.aantal_max
    return t.select(
        "schooljaar",
        "sectorkamer",
        techniek_sectorkamer=t.sectorkamer.isin([*domain.TECHNIEK_SECTORKAMERS, TECHNIEK]),
        aantal=punt(lo, hi),
        aantal_min=lo,
        aantal_max=hi,
        aandeel=aandeel(lo, hi, t.n_min, t.n_max),
        onzeker=onzeker(lo, hi, t.n_min, t.n_max),
        noemer_min=t.n_min,
    ).order_by(["schooljaar", "sectorkamer"])


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="mbo_sectorkamer",
        woorden={"aantal": w.aantal("Mbo-studenten"), "aandeel": w.procent("Aandeel")},
        titel="Mbo-studenten per sectorkamer (landelijke context van de doorstroom)",
        definitie=(
            "Aantal studenten in het mbo (bbl en bol voltijd en deeltijd, alle niveaus, alle "
            "woonprovincies; zonder examendeelnemers) op 1 oktober per schooljaar en "
            "sectorkamer van SBB (DUO 'studenten per sectorkamer, leerweg, niveau en "
            "woonprovincie'), met Entree, Bovensectoraal en 'Niet gespecificeerd naar sector' "
            "zoals DUO ze telt. Sectorkamer 'techniek' is het subtotaal van de twee technische "
            "sectorkamers: Techniek en gebouwde omgeving, en Mobiliteit, transport, logistiek "
            "en maritiem. Het aandeel is het percentage van alle mbo-studenten in dat "
            "schooljaar. DUO publiceert 1 tot en met 4 studenten als -1: zo'n cel telt als "
            "1 tot en met 4."
        ),
        eenheid="studenten",
        sleutels=("schooljaar", "sectorkamer"),
        kolommen=(
            "schooljaar",
            "sectorkamer",
            "techniek_sectorkamer",
            "aantal",
            "aantal_min",
            "aantal_max",
            "aandeel",
            "onzeker",
            "noemer_min",
        ),
        bronnen=("mbo_sectorkamer",),
        reproduceert="geen rapporttabel (landelijke context bij Figuur 4.10)",
        bereken=mbo_sectorkamer,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar",),
            aandelen={"aandeel": "noemer_min"},
        ),
    ),
)
