"""Indicator 7 per region: the "kwetsbare groepen" of each STO-regio (Tabel 4.4 per regio).

A *groep* is the derdejaars of one vestiging in one technical profiel x beroepsgerichte leerweg
(``Inputs.aanbod``); with at most ``KWETSBAAR_TOT`` (10) students it is hard to organise:
*kwetsbaar*. The national distribution by group size is ``aanbod.groepsgrootte``; this module
counts, per region, how many of a region's offering vestigingen have such a group, the
derdejaars of all offering vestigingen, and the derdejaars in the kwetsbare groepen among them.
"""

from __future__ import annotations

import ibis.expr.types as ir

from sto_monitor.indicators.aanbod import KWETSBAAR_TOT
from sto_monitor.indicators.aanbod_regio import techniek_aanbod
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import Inputs, procent, punt

SLEUTELS = ("schooljaar", "regio", "profiel", "leerweg")


def kwetsbare_groepen(inp: Inputs) -> ir.Table:
    """Per region x technical profiel x leerweg: offering vestigingen and how many are kwetsbaar.

    A group with a ``<5`` cell is an interval [min, max]: kwetsbaar when even its maximum is at
    most 10, uncertain (``kwetsbaar_onzeker``) when its minimum is and its maximum is not.
    ``derdejaars`` adds up the groups of every offering vestiging; ``in_kwetsbare_groepen`` only
    the groups counted in ``kwetsbaar`` (an uncertain group is not among them), each as its
    own interval, so both are intervals where a group has a ``<5`` cell.
    """
    a = techniek_aanbod(inp)
    a = a.filter(a.regio.notnull())  # only vestigingen in a region of that school year
    zeker = a.aantal_max <= KWETSBAAR_TOT
    per = a.group_by(list(SLEUTELS)).aggregate(
        vestigingen=a.vestiging.count(),
        kwetsbaar=a.vestiging.count(where=zeker),
        kwetsbaar_onzeker=a.vestiging.count(
            where=(a.aantal_min <= KWETSBAAR_TOT) & (a.aantal_max > KWETSBAAR_TOT)
        ),
        derdejaars_min=a.aantal_min.sum(),
        derdejaars_max=a.aantal_max.sum(),
        in_kwetsbare_groepen_min=a.aantal_min.sum(where=zeker).fill_null(0),
        in_kwetsbare_groepen_max=a.aantal_max.sum(where=zeker).fill_null(0),
    )
    per = per.mutate(
        derdejaars=punt(per.derdejaars_min, per.derdejaars_max),
        in_kwetsbare_groepen=punt(per.in_kwetsbare_groepen_min, per.in_kwetsbare_groepen_max),
        aandeel_kwetsbaar=procent(per.kwetsbaar, per.vestigingen),
    )
    return per.select(*KWETSBARE_GROEPEN_KOLOMMEN).order_by(list(SLEUTELS))


KWETSBARE_GROEPEN_KOLOMMEN = (
    *SLEUTELS,
    "vestigingen",
    "kwetsbaar",
    "kwetsbaar_onzeker",
    "derdejaars",
    "derdejaars_min",
    "derdejaars_max",
    "in_kwetsbare_groepen",
    "in_kwetsbare_groepen_min",
    "in_kwetsbare_groepen_max",
    "aandeel_kwetsbaar",
)

KWETSBARE_GROEPEN = Indicator(
    naam="kwetsbare_groepen",
    titel=(
        "Kwetsbare groepen per regio: technische profielen met 10 of minder derdejaars "
        "per vestiging"
    ),
    definitie=(
        "Per STO-regio, technisch profiel en beroepsgerichte leerweg (bb, kb, gl) het aantal "
        "vestigingen in de regio dat het profiel in die leerweg aanbiedt (ten minste één "
        "derdejaarsleerling), en hoeveel daarvan een kwetsbare groep hebben: 10 of minder "
        "derdejaarsleerlingen in dat profiel en die leerweg. Een groep met een <5-cel van DUO "
        "is een bandbreedte; die telt als kwetsbaar als ook het maximum 10 of minder is, en als "
        "mogelijk kwetsbaar als het minimum 10 of minder is en het maximum meer dan "
        "10. Verder de derdejaarsleerlingen van alle aanbiedende vestigingen samen "
        "(derdejaars), de derdejaarsleerlingen in de kwetsbare groepen samen "
        "(alleen de groepen die als kwetsbaar tellen; een mogelijk kwetsbare groep "
        "telt niet mee) en het aandeel kwetsbare groepen van de aanbiedende vestigingen (in "
        "procenten). Beide aantallen leerlingen zijn een bandbreedte als er een <5-cel in zit. "
        "Vestigingen buiten een STO-regio tellen niet mee. Aantallen leerlingen onder 5 worden "
        "getoond als <5; aantallen vestigingen worden niet afgeschermd."
    ),
    eenheid="vestigingen",
    sleutels=SLEUTELS,
    kolommen=KWETSBARE_GROEPEN_KOLOMMEN,
    bronnen=("leerlingen", "regio", "regio_vestiging", "regio_schooljaar"),
    reproduceert="Tabel 4.4 (per regio)",
    bereken=kwetsbare_groepen,
    # Student counts are protected; a cell must not follow from the region's other leerwegen
    # (groep) nor from the region's techniek total per leerweg, which techniekleerlingen_per_regio
    # publishes (extra_groepen: along the profielen). Counts of vestigingen are no person data
    # and stay visible, and so does aandeel_kwetsbaar (a share of vestigingen): it is not
    # listed under ``aandelen``, whose rule would hide it below 10 vestigingen.
    openbaarheid=Openbaarheid(
        aantallen=(
            "derdejaars",
            "derdejaars_min",
            "derdejaars_max",
            "in_kwetsbare_groepen",
            "in_kwetsbare_groepen_min",
            "in_kwetsbare_groepen_max",
        ),
        groep=("schooljaar", "regio", "profiel"),
        extra_groepen=(("schooljaar", "regio", "leerweg"),),
    ),
    per_regio=True,
)

INDICATORS: tuple[Indicator, ...] = (KWETSBARE_GROEPEN,)
