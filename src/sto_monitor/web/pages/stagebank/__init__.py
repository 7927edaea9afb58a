"""The stagebank on the web (issue 19); the domain is ``sto_monitor.stagebank``.

- ``zoeken.py``: the public search for internship places within 0-20 km of a school or a
  postcode, as a list and on the map, with distances;
- ``feed.py``: a search as an Atom feed (the saved search a reader subscribes to);
- ``bewaard.py``: a signed-in person's saved searches, with an e-mail digest where SMTP is set;
- ``bedrijf.py``: a company registers itself and publishes, edits and withdraws its places;
- ``regio.py``: a region confirms the companies of its area.
"""

from __future__ import annotations

from fastapi import APIRouter

from sto_monitor.web.pages.stagebank import bedrijf, bewaard, feed, regio, zoeken

router = APIRouter(include_in_schema=False)
for deel in (zoeken, feed, bewaard, bedrijf, regio):
    router.include_router(deel.router)
