"""The subsidy administration on the web (issue 18); the domain is ``sto_monitor.subsidie``.

- ``aanvraag.py``: a region's application (plan, budget, assets, partners, split, validation,
  submitting, answering questions) under ``/regio/{regio}/subsidie``;
- ``verantwoording.py``: the region's yearly accountability and its signals;
- ``beoordeling.py``: the commission scores, asks questions; the national team decides;
- ``landelijk.py``: the national picture for the commission and the national team, the map and
  the downloads (XLSX for DUS-I, PDF per region);
- ``openbaar.py``: the public page of the amounts granted per region.

Every page but the public one is private (``GEEN_OPSLAG``) and never cached.
"""

from __future__ import annotations

from fastapi import APIRouter

from sto_monitor.web.pages.subsidie import (
    aanvraag,
    beoordeling,
    landelijk,
    openbaar,
    verantwoording,
)

router = APIRouter(include_in_schema=False)
for deel in (aanvraag, verantwoording, beoordeling, landelijk, openbaar):
    router.include_router(deel.router)
