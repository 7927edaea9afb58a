"""Rendered private pages, kept per session and version, in this process's memory only.

A private page (Mijn regio, a subsidy application, the national subsidy overview) is made from
the published snapshot and the application database. It is kept under a key of the session's
own CSRF token (which no other session has), the address with its query, the snapshot's
version, the application database's write version (every write has an audit record:
``audit.Schrijfversie``; another process's writes count within 2 s) and the day. It never
enters the public page cache (``render.gecached``) and is sent with ``GEEN_OPSLAG``. Fifty
people who reload their page then cost one small query each instead of a render
(``benchmarks/ingelogd.py``, ``benchmarks/subsidie.py``). Only successful answers are kept.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, ParamSpec

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from sto_monitor.appdb import audit
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, sessie

MAX_BEWAARD = 5000
_BEWAARD: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()

Sleutel = tuple[Any, ...]
P = ParamSpec("P")


def sleutel(request: Request) -> Sleutel:
    """This request's key: session, address, snapshot, application database, day."""
    database = app_db(request)
    versies = getattr(request.app.state, "schrijfversie", None)
    if versies is None or versies.database is not database:
        versies = request.app.state.schrijfversie = audit.Schrijfversie(database)
    geldig = sessie(request)
    return (
        geldig.csrf if geldig else "",
        request.url.path,
        request.url.query,
        snapshot(request).versie,
        versies(),
        datetime.now(UTC).date(),
    )


def bewaard(s: Sleutel) -> Response | None:
    """The page kept under ``s``, or None."""
    inhoud = _BEWAARD.get(s)
    if inhoud is None:
        return None
    _BEWAARD.move_to_end(s)
    return HTMLResponse(inhoud, headers=GEEN_OPSLAG)


def bewaar(s: Sleutel, antwoord: Response) -> Response:
    """Keep ``antwoord`` under ``s`` when it is a successful page; returns it."""
    if antwoord.status_code == 200:
        _BEWAARD[s] = bytes(antwoord.body)
        while len(_BEWAARD) > MAX_BEWAARD:
            _BEWAARD.popitem(last=False)
    return antwoord


def per_sessie(route: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
    """A GET route whose page is kept per session and version. The route's access check (its
    ``toegang`` dependency) still runs on every request before the kept page is sent."""

    @functools.wraps(route)
    async def bewaarde(*args: P.args, **kwargs: P.kwargs) -> Response:
        request = kwargs["request"]
        assert isinstance(request, Request), "the route takes `request` by name"
        s = sleutel(request)
        kept = bewaard(s)
        if kept is not None:
            return kept
        return bewaar(s, await route(*args, **kwargs))

    return bewaarde
