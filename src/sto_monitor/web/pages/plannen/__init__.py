"""The region's planning in the browser: scenarios on the map and the optimiser (issue 17).

One module a step: ``staat.py`` the builder's state in the query string, ``rekenen.py`` the
region's model read once per published version, ``kaart.py`` the clickable SVG map,
``cijfers.py`` and ``weergave.py`` what the templates show, ``bouwer.py`` the builder and its
JSON twin for ``static/plannen.js``, ``opslaan.py`` saving, listing and deleting scenarios,
``optimaliseer.py`` the optimiser and the region's ondergrens. Every route declares its right:
``PLANNEN`` (the region itself) for building, saving and optimising, ``REGIO_INTERN`` for the
list of scenarios, which shows the national team and the commission the shared ones only.
"""

from __future__ import annotations

from fastapi import APIRouter

from sto_monitor.web.pages.plannen import bouwer, opslaan, optimaliseer

router = APIRouter(include_in_schema=False)
for _module in (bouwer, opslaan, optimaliseer):
    router.include_router(_module.router)
