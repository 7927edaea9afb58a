"""The kennisbank on the web (issue 19); the domain is ``sto_monitor.kennisbank``.

- ``zoeken.py``: the public search page with facets (``/kennisbank``);
- ``item.py``: the public page of one item, and "wij gebruiken dit" for a signed-in region;
- ``bijdragen.py``: contributing and editing by regions and schools, and their own list;
- ``moderatie.py``: the national team's queue: publish, or refuse with a reason;
- ``bestanden.py``: files attached to an item (uploads, limited in size and type, stored
  outside the web root) and their download;
- ``oai.py``: our own OAI-PMH endpoint, so others can harvest the published items;
- ``api.py``: the kennisbank in the open API (``/api/v1/kennisbank``).
"""

from __future__ import annotations

from fastapi import APIRouter

from sto_monitor.web.pages.kennisbank import (
    api,
    bestanden,
    bijdragen,
    item,
    moderatie,
    oai,
    zoeken,
)

router = APIRouter(include_in_schema=False)
for deel in (zoeken, bijdragen, moderatie, oai, bestanden, item):
    router.include_router(deel.router)
# The open API is described in the API's own schema.
api_router = api.router
