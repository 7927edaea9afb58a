"""Security headers on every answer of the dashboard: one pure ASGI layer around everything.

The layer wraps the whole application (``app.Dashboard.build_middleware_stack``), outside
Starlette's own outer layers, so that every answer gets the headers: pages rendered by a route,
answers served from the page cache before routing (``render.CacheMiddleware``), error pages and
API errors (``app._handle_errors``), Starlette's bare 500, static files, API JSON, downloads
(zip, xlsx, csv, pdf, html reports), the survey form and its redirects, 304s and HEAD answers.

The Content-Security-Policy allows nothing from outside the dashboard: every script, style and
chart library is served by the app itself (``static.py``), and the browser tests block any
other host. Scripts are strict: only files from the app (``/static/vega.js``, ``/static/sto.js``),
no inline script, no ``eval``. The chart specs in the pages are ``<script type="application/json">``
data blocks, which the browser never executes, and ``sto.js`` draws them with Vega's
CSP-safe expression interpreter (vega-embed's ``ast: true``), so Vega needs no ``new Function``.

Styles allow ``'unsafe-inline'`` (styles only, never scripts), because inline CSS is part of
what the dashboard serves by design:

- the HTML reports (``/regio/{code}/regioportret.html``, ``/rapporten/*.html``) are one
  self-contained file with their CSS in a ``<style>`` element, so they can be saved and sent on;
- the SVG maps (``publicatie/kaart.py``) carry a ``<style>`` scoped to their own id (the
  ring around a vestiging on hover or focus); the same SVG goes into the printed reports;
- several page templates have a small ``<style>`` block of their own;
- vega-embed inserts a ``<style>`` element for its chart container, and its tooltip handler
  (vega-tooltip) one for the tooltip.

Inline CSS runs no code. Injecting it takes injected markup, which Jinja2's autoescaping
prevents and which could still not run a script; hashes instead would have to follow every
template change and differ per map.

``Strict-Transport-Security`` is only sent on an answer over https (behind a TLS proxy that
uvicorn trusts for ``X-Forwarded-Proto``): browsers ignore it on plain http, and a local
``sto serve`` has no TLS to insist on.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP: str = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # 'unsafe-inline' for styles only: see the module docstring for why
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",  # data: for the empty favicon (base.html)
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

KOPPEN: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS: tuple[str, str] = ("Strict-Transport-Security", "max-age=31536000")

_KOPPEN: tuple[tuple[bytes, bytes], ...] = tuple(
    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in KOPPEN.items()
)
_HSTS: tuple[bytes, bytes] = (HSTS[0].lower().encode("latin-1"), HSTS[1].encode("latin-1"))


class Beveiligingskoppen:
    """Adds :data:`KOPPEN` to every HTTP answer (and HSTS over https).

    A header the answer already has is kept: a route that needs a stricter (or another) policy
    can set its own.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = (*_KOPPEN, _HSTS) if scope.get("scheme") == "https" else _KOPPEN

        async def send_met_koppen(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                aanwezig = {bytes(k).lower() for k, _ in headers}
                headers += [(k, v) for k, v in extra if k not in aanwezig]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_met_koppen)
