"""Server-side HTML: the Jinja2 environment, the context every page gets, and the page cache.

A snapshot never changes, so a page or API answer rendered for one URL and one snapshot can be
served again as the same bytes; ``gecached`` keeps them (with an ETag) until the next snapshot.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.ingest.demo_regio import DEMO_LABEL
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, NOTATIE
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.tekst import schooljaar

MAX_CACHE = 20_000  # rendered answers kept per snapshot (least recently used dropped first)

NAVIGATIE: tuple[tuple[str, str], ...] = (
    ("/", "Overzicht"),
    ("/regios", "Regio's"),
    ("/kaart", "Kaart"),
    ("/verkenner", "Verkenner"),
    ("/indicatoren", "Indicatoren"),
    ("/veranderingen", "Wat is veranderd"),
    ("/enquete/resultaten", "Enquête"),
    ("/api", "API"),
)


def cel(value: object) -> Markup:
    """A published cell in Dutch notation; suppressed cells get an explanation on hover."""
    text = weergave(value)
    if text in (KLEIN, GEHEIM):
        uitleg = NOTATIE[text]
        return Markup('<abbr class="afgeschermd" title="{}">{}</abbr>').format(uitleg, text)
    return Markup.escape(text)


def grafiek(spec: dict[str, Any], ident: str, beschrijving: str) -> Markup:
    """A Vega-Lite chart: its spec as inline JSON, drawn by static/sto.js (no CDN)."""
    data = json.dumps(spec, ensure_ascii=False, default=str).replace("</", "<\\/")
    return Markup(
        '<figure class="grafiek"><div class="vega" id="{0}" role="img" aria-label="{1}"></div>'
        '<script type="application/json" data-grafiek="{0}">{2}</script></figure>'
    ).format(ident, beschrijving, Markup(data))


ENV = Environment(
    loader=PackageLoader("sto_monitor.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["schooljaar"] = schooljaar
ENV.filters["cel"] = cel
ENV.filters["nl"] = weergave
ENV.globals.update(
    NAVIGATIE=NAVIGATIE,
    METHODE_VERSIE=METHODE_VERSIE,
    DEMO_LABEL=DEMO_LABEL,
    NOTATIE=NOTATIE,
    grafiek=grafiek,
)


def snapshot(request: Request) -> Snapshot:
    bron = request.app.state.bron
    result: Snapshot = bron.snapshot()
    return result


def html(request: Request, template: str, **context: Any) -> str:
    snap = context.pop("snapshot", None) or snapshot(request)
    return ENV.get_template(template).render(
        request=request, pad=request.url.path, snapshot=snap, **context
    )


def foutpagina(request: Request, status: int, message: str) -> str:
    try:
        snap = snapshot(request)
    except Exception:  # the warehouse itself is the problem: render without it
        snap = None
    return ENV.get_template("fout.html").render(
        request=request, pad=request.url.path, snapshot=snap, status=status, melding=message
    )


def gecached(
    request: Request,
    make: Callable[[Snapshot], bytes | str],
    media_type: str,
    headers: dict[str, str] | None = None,
    *,
    snap: Snapshot | None = None,
) -> Response:
    """Serve the answer for this URL from the snapshot's cache, rendering it once.

    Later requests for the same URL are answered by :class:`CacheMiddleware` before routing.
    ``snap``: the snapshot the answer was made from, when the caller already has it.
    """
    snap = snap or snapshot(request)
    key = cache_key(request.url.path, request.url.query)
    hit = snap.cache.get(key)
    if hit is None:
        body = make(snap)
        data = body.encode() if isinstance(body, str) else body
        etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
        hit = Bewaard(data, etag, media_type, dict(headers or {}))
        snap.cache[key] = hit
        while len(snap.cache) > MAX_CACHE:  # drop the least recently used answers
            snap.cache.popitem(last=False)
    if request.headers.get("if-none-match") == hit.etag:
        return Response(status_code=304, headers=_headers(hit))
    return Response(content=hit.data, media_type=hit.media_type, headers=_headers(hit))


@dataclass(frozen=True)
class Bewaard:
    """A rendered answer kept for one URL and one snapshot."""

    data: bytes
    etag: str
    media_type: str
    headers: dict[str, str]


def cache_key(path: str, query: str) -> str:
    return f"{path}?{query}"


def _headers(hit: Bewaard) -> dict[str, str]:
    return {"ETag": hit.etag, "Cache-Control": "no-cache", **hit.headers}


class CacheMiddleware:
    """Answers a GET whose rendered answer is in the snapshot's cache, before any routing.

    This is the hot path of the dashboard (a region page, an API call): a dictionary lookup
    and the bytes, without FastAPI's routing and parameter validation, which were already
    done when the answer was first rendered.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:  # HEAD is a GET without the body (uptime monitors, link checkers)
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        bron = scope["app"].state.bron
        key = cache_key(scope["path"], scope["query_string"].decode("latin-1"))
        cache = bron.snapshot().cache
        hit: Bewaard | None = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            await self._send(hit, scope, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _send(hit: Bewaard, scope: Scope, send: Send) -> None:
        etag = hit.etag.encode()
        not_modified = any(k == b"if-none-match" and v == etag for k, v in scope["headers"])
        headers = [(k.lower().encode(), v.encode()) for k, v in _headers(hit).items()]
        if not_modified:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        content_type = hit.media_type
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        headers += [
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(hit.data)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": hit.data})


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head
