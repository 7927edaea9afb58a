"""The programme leaders' survey as the outputs show it: the newest wave with submitted answers.

Read once per snapshot (``gegevens.laad``) and analysed against the wave before it
(``survey.analyse``). National figures carry the survey's own rule (fewer than 5 respondents:
no numbers). A region's own answers stay inside the ``Analyse``: only a regioportret made for
the region itself (``sto rapport``, which needs the warehouse) shows them, never a public page.
"""

from __future__ import annotations

import duckdb

from sto_monitor import db
from sto_monitor.errors import StoError
from sto_monitor.survey import opslag, vragenlijst
from sto_monitor.survey.analyse import Analyse, analyseer


def laad(con: db.Connection) -> Analyse | None:
    """The analysis of the newest wave with submitted answers, or None (no survey loaded)."""
    try:
        golven = [g for g in opslag.golven(con) if g.ingediend > 0]
    except duckdb.CatalogException:  # a warehouse from before the survey existed
        return None
    if not golven:
        return None
    nu, vorige = golven[-1], (golven[-2] if len(golven) > 1 else None)
    try:
        return analyseer(
            vragenlijst.laad(nu.golf),
            opslag.antwoorden(con, nu.golf),
            vorige_vragenlijst=vragenlijst.laad(vorige.golf) if vorige else None,
            vorige=opslag.antwoorden(con, vorige.golf) if vorige else None,
        )
    except StoError:  # a wave without a questionnaire file in this version: nothing to show
        return None
