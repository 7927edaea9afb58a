"""The programme leaders' survey as the outputs show it: the newest wave with submitted answers.

Read once per snapshot (``gegevens.laad``) from the warehouse's copy of the submitted responses
(people answer in the application database; ``sto build`` copies them) and analysed against
the wave before it (``survey.analyse``). National figures carry the survey's own rule (fewer
than 5 respondents: no numbers) and the disclosure control of every confidential source
(``afscherming/enquete.py``): a count of 1 to 4 regions that a figure would reveal is hidden.
A region's own answers stay inside the ``Analyse``: only a regioportret made for the region
itself (``sto rapport``, which needs the warehouse) shows them, never a public page.
"""

from __future__ import annotations

import duckdb

from sto_monitor import db
from sto_monitor.errors import StoError
from sto_monitor.publicatie.afscherming.enquete import publiceer_enquete
from sto_monitor.publicatie.afscherming.patroon import Bevinding
from sto_monitor.survey import vragenlijst
from sto_monitor.survey import warehouse as opslag
from sto_monitor.survey.analyse import Analyse, analyseer


def laad(con: db.Connection) -> tuple[Analyse | None, tuple[Bevinding, ...]]:
    """The published analysis of the newest wave with submitted answers (None: no survey
    loaded), and the audit of its protected cells."""
    try:
        golven = [g for g in opslag.golven(con) if g.ingediend > 0]
    except duckdb.CatalogException:  # a warehouse from before the survey existed
        return None, ()
    if not golven:
        return None, ()
    nu, vorige = golven[-1], (golven[-2] if len(golven) > 1 else None)
    try:
        vl = vragenlijst.laad(nu.golf)
        vl_vorige = vragenlijst.laad(vorige.golf) if vorige else None
        analyse = analyseer(
            vl,
            opslag.antwoorden(con, nu.golf),
            vorige_vragenlijst=vl_vorige,
            vorige=opslag.antwoorden(con, vorige.golf) if vorige else None,
        )
    except StoError:  # a wave without a questionnaire file in this version: nothing to show
        return None, ()
    return publiceer_enquete(analyse, vl, vl_vorige)
