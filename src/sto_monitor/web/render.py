"""Server-side HTML: the Jinja2 environment, the context every page gets, and the page cache.

A snapshot never changes, so a page or API answer rendered for one URL and one snapshot can be
served again as the same bytes; ``gecached`` keeps them (with an ETag) until the next snapshot.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.build import BRON_ONTBREEKT, FOUT
from sto_monitor.indicators.definities import SCHAKELAARS, Definitie
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME, METHODE_VERSIE
from sto_monitor.ingest.demo_regio import DEMO_LABEL
from sto_monitor.ingest.registry import FORMATS
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, NOTATIE
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.publicatie.tekst import schooljaar

# Every page and API answer takes ``?definitie=<key>`` (indicators/definities.py); without it,
# the dashboard's own definition.
DEFINITIE = "definitie"
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


FORMAAT_NAMEN: dict[str, str] = {f.name: f.title for f in FORMATS}


def formaat_naam(code: str) -> str:
    """An ingest format as the reader calls it (its Dutch title), else the code itself."""
    return FORMAAT_NAMEN.get(code, code)


def indicator_titel(naam: str) -> str:
    """An indicator by its Dutch title; a name this version no longer knows stays as is."""
    indicator = BY_NAME.get(naam)
    return indicator.titel if indicator is not None else naam


def definitie_tekst(sleutel: str) -> str:
    """A definition key (indicators/definities.py) as one Dutch sentence, else the key."""
    try:
        return Definitie.van(sleutel).beschrijving()
    except (ParameterError, ValueError, TypeError):  # a key of another version
        return sleutel


def reden_tekst(reden: object, status: object = None) -> str:
    """The logged reason of a build in plain Dutch: sources by name, no error class."""
    if status == FOUT:
        return "de berekening is mislukt"
    tekst = str(reden or "")
    voorvoegsel = f"{BRON_ONTBREEKT}: "
    if tekst.startswith(voorvoegsel):
        tabellen = tekst.removeprefix(voorvoegsel).split(", ")
        return voorvoegsel + ", ".join(dict.fromkeys(bron_naam(t) for t in tabellen))
    return tekst


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
ENV.filters["bron"] = bron_naam  # a warehouse table as the reader calls the source
ENV.filters["formaat"] = formaat_naam
ENV.filters["titel"] = indicator_titel
ENV.filters["reden"] = reden_tekst
ENV.filters["definitie"] = definitie_tekst
ENV.globals.update(
    NAVIGATIE=NAVIGATIE,
    METHODE_VERSIE=METHODE_VERSIE,
    DEMO_LABEL=DEMO_LABEL,
    SYNTHETISCH=SYNTHETISCH,
    NOTATIE=NOTATIE,
    grafiek=grafiek,
)


def definitie_sleutel(request: Request) -> str:
    """The definition a request asks for (``?definitie=``), else the dashboard's own."""
    gevraagd = request.query_params.get(DEFINITIE)
    if gevraagd is None:
        return str(request.app.state.bronnen.standaard.techniek)
    try:
        return Definitie.van(gevraagd).sleutel
    except ParameterError as error:
        raise ParameterError(f"parameter {DEFINITIE!r}: {error}") from None


def snapshot(request: Request) -> Snapshot:
    bron = request.app.state.bronnen.voor(definitie_sleutel(request))
    result: Snapshot = bron.snapshot()
    return result


# Pages without figures under a definition (the survey's forms and results): no definition
# statement or control there.
ZONDER_DEFINITIE = ("/enquete", "/inloggen", "/uitloggen", "/wachtwoord", "/beheer")


def html(request: Request, template: str, **context: Any) -> str:
    snap = context.pop("snapshot", None) or snapshot(request)
    figures = not request.url.path.startswith(ZONDER_DEFINITIE)
    page = ENV.get_template(template).render(
        request=request,
        pad=request.url.path,
        snapshot=snap,
        synthetisch=snap.synthetisch,
        definitie=Definitie.van(snap.techniek) if figures else None,
        keuzemenu=SCHAKELAARS,
        hier=_hier(request),
        **context,
    )
    app = request.scope.get("app")
    if figures and app is not None and snap.techniek != app.state.bronnen.standaard.techniek:
        page = met_definitie(page, snap.techniek)
    return page


def _hier(request: Request) -> str:
    """This page's address without the definition: where the definition control returns to."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != DEFINITIE]
    return request.url.path + (f"?{urlencode(query)}" if query else "")


_LINK = re.compile(r'href="(/(?!static/)[^"#]*)(#[^"]*)?"')


def met_definitie(page: str, sleutel: str) -> str:
    """Every link to another page of the dashboard keeps the chosen definition."""

    def link(match: re.Match[str]) -> str:
        pad, _, query = match.group(1).replace("&amp;", "&").partition("?")
        params = {k: v for k, v in parse_qs(query, keep_blank_values=True).items()}
        params[DEFINITIE] = [sleutel]
        query = urlencode([(k, v) for k, vs in params.items() for v in vs]).replace("&", "&amp;")
        return f'href="{pad}?{query}{match.group(2) or ""}"'

    return _LINK.sub(link, page)


def foutpagina(request: Request, status: int, message: str, *, opnieuw: int | None = None) -> str:
    """An error page; with ``opnieuw`` (seconds) a "please wait" page that reloads itself."""
    try:
        snap = snapshot(request)
    except Exception:  # the warehouse itself is the problem: render without it
        snap = None
    return ENV.get_template("fout.html").render(
        request=request,
        pad=request.url.path,
        snapshot=snap,
        synthetisch=snap is not None and snap.synthetisch,
        status=status,
        melding=message,
        opnieuw=opnieuw,
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
        hit = Bewaard(data, etag_van(data), media_type, dict(headers or {}))
        snap.cache[key] = hit
        while len(snap.cache) > MAX_CACHE:  # drop the least recently used answers
            snap.cache.popitem(last=False)
    if request.headers.get("if-none-match") == hit.etag:
        return Response(status_code=304, headers=_headers(hit))
    return Response(content=hit.data, media_type=hit.media_type, headers=_headers(hit))


def etag_van(data: bytes) -> str:
    """A strong ETag of the bytes of an answer."""
    return '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'


def vers(request: Request, body: str | bytes, media_type: str, status: int = 200) -> Response:
    """An answer read fresh from the application database on every request (it changes at any
    moment, so it is not kept per snapshot like :func:`gecached`): ``no-cache`` with an ETag,
    and a 304 when the browser already has these bytes."""
    data = body.encode() if isinstance(body, str) else body
    koppen = {"ETag": etag_van(data), "Cache-Control": "no-cache"}
    if status == 200 and request.headers.get("if-none-match") == koppen["ETag"]:
        return Response(status_code=304, headers=koppen)
    return Response(data, status_code=status, media_type=media_type, headers=koppen)


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
        query = scope["query_string"].decode("latin-1")
        bronnen = scope["app"].state.bronnen
        sleutel = parse_qs(query).get(DEFINITIE, [bronnen.standaard.techniek])[-1]
        bron = bronnen.geladen(sleutel)
        if bron is None:  # a definition not published yet (or not valid): let the app answer
            await self.app(scope, receive, send)
            return
        key = cache_key(scope["path"], query)
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
