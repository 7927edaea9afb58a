"""Security headers on every answer of the dashboard, over real HTTP against ``sto serve``.

Every kind of answer gets the same headers (``web/beveiliging.py``): a page rendered by its
route and the same page served from the cache before routing, API JSON, error pages and API
errors, static files, downloads, the survey form, HEAD and 304 answers, and Starlette's own
500. The Content-Security-Policy allows no inline script, no eval and no other host; a real
Chromium then checks that the pages still work under it (charts drawn, no violation).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page

from sto_monitor.web.app import create_app
from sto_monitor.web.beveiliging import KOPPEN
from tests import browser as chromium
from tests.test_web_api import region_codes
from tests.test_web_browser import wacht_op_grafieken
from tests.web_fixtures import free_port

Toezicht = chromium.Toezicht

VERWACHT = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
# the directives the policy must have, with exactly these sources
RICHTLIJNEN = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
# Styles may be inline (documented in web/beveiliging.py); nothing else is allowed there.
STIJL = {"'self'", "'unsafe-inline'"}
# Recorded in the page before any script of it runs (a CDP init script, not subject to CSP).
VIOLATIES = """() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(
        e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));
}"""


@dataclass(frozen=True)
class Antwoord:
    status: int
    koppen: list[tuple[str, str]]  # every header line, names in lower case, in order
    body: bytes

    def alle(self, naam: str) -> list[str]:
        return [v for k, v in self.koppen if k == naam]

    def kop(self, naam: str) -> str:
        waarden = self.alle(naam)
        assert len(waarden) == 1, f"{naam}: {waarden}"
        return waarden[0]


def vraag(
    base: str, path: str, *, method: str = "GET", koppen: dict[str, str] | None = None
) -> Antwoord:
    """One request over real HTTP; every header line of the answer (repeated ones too)."""
    request = urllib.request.Request(base + path, method=method, headers=koppen or {})
    if method == "POST":
        request.data = b""
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            regels = [(k.lower(), v) for k, v in answer.headers.items()]
            return Antwoord(answer.status, regels, answer.read())
    except urllib.error.HTTPError as error:
        with error:
            regels = [(k.lower(), v) for k, v in error.headers.items()]
            return Antwoord(error.code, regels, error.read())


def beleid(csp: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as directive -> sources."""
    result: dict[str, list[str]] = {}
    for deel in csp.split(";"):
        woorden = deel.split()
        if woorden:
            assert woorden[0] not in result, f"richtlijn {woorden[0]} staat er twee keer"
            result[woorden[0]] = woorden[1:]
    return result


def controleer(antwoord: Antwoord, waar: str) -> None:
    """The security headers, each exactly once, and a strict script policy."""
    for naam, waarde in VERWACHT.items():
        assert antwoord.kop(naam) == waarde, waar
    richtlijnen = beleid(antwoord.kop("content-security-policy"))
    for naam, bronnen in RICHTLIJNEN.items():
        assert set(richtlijnen.get(naam, ())) == bronnen, (waar, naam, richtlijnen.get(naam))
    assert set(richtlijnen["style-src"]) == STIJL, waar
    alle_bronnen = {b for bronnen in richtlijnen.values() for b in bronnen}
    assert "'unsafe-eval'" not in alle_bronnen and "'unsafe-hashes'" not in alle_bronnen
    assert "'unsafe-inline'" not in richtlijnen["script-src"] + richtlijnen["default-src"]
    # nothing from another host: only keywords and data: (images)
    assert all(b.startswith("'") or b == "data:" for b in alle_bronnen), alle_bronnen
    # no HSTS on plain http
    assert not antwoord.alle("strict-transport-security"), waar


def test_the_module_and_the_test_agree() -> None:
    assert {k.lower(): v for k, v in KOPPEN.items() if k != "Content-Security-Policy"} == VERWACHT


def test_page_and_its_cached_answer(web_server: str) -> None:
    eerste = vraag(web_server, "/regios?beveiliging=1")  # a URL no other test renders first
    assert eerste.status == 200
    controleer(eerste, "pagina")
    # the second request is answered by CacheMiddleware before routing: same headers
    tweede = vraag(web_server, "/regios?beveiliging=1")
    assert tweede.status == 200 and tweede.body == eerste.body
    controleer(tweede, "pagina uit de cache")
    # ... and so is a 304 from the cache
    niet_gewijzigd = vraag(
        web_server, "/regios?beveiliging=1", koppen={"If-None-Match": tweede.kop("etag")}
    )
    assert niet_gewijzigd.status == 304
    controleer(niet_gewijzigd, "304 uit de cache")


def test_region_page_and_overview(web_server: str, web_db: Path) -> None:
    for path in ("/", f"/regio/{region_codes(web_db)[0]}"):
        antwoord = vraag(web_server, path)
        assert antwoord.status == 200
        controleer(antwoord, path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicatoren",
        "/api/v1/indicatoren/techniekaandeel?regio=NL",
        "/api/v1/openapi.json",
        "/api",
    ],
)
def test_api(web_server: str, path: str) -> None:
    antwoord = vraag(web_server, path)
    assert antwoord.status == 200
    controleer(antwoord, path)


@pytest.mark.parametrize(
    ("path", "status", "soort"),
    [
        ("/bestaat-niet", 404, "text/html"),
        ("/regio/R999", 404, "text/html"),
        ("/api/v1/indicatoren/techniekaandeel?schooljaar=abc", 400, "application/json"),
        ("/api/v1/bestaat_niet", 404, "application/json"),
        ("/static/bestaat-niet.js", 404, "text/html"),
    ],
)
def test_errors(web_server: str, path: str, status: int, soort: str) -> None:
    antwoord = vraag(web_server, path)
    assert antwoord.status == status
    assert antwoord.kop("content-type").startswith(soort)
    controleer(antwoord, path)


@pytest.mark.parametrize("path", ["/static/sto.css", "/static/sto.js", "/static/vega.js"])
def test_static_files(web_server: str, path: str) -> None:
    for koppen in ({}, {"Accept-Encoding": "gzip"}):
        antwoord = vraag(web_server, path, koppen=koppen)
        assert antwoord.status == 200
        controleer(antwoord, f"{path} {koppen}")


@pytest.mark.parametrize(
    ("path", "soort"),
    [
        ("/api/v1/bulk.zip", "application/zip"),
        ("/verkenner.csv?indicator=techniekaandeel", "text/csv"),
        ("/verkenner.xlsx?indicator=techniekaandeel", "application/vnd.openxmlformats"),
        ("/regio/{regio}/regioportret.html", "text/html"),
        ("/regio/{regio}/regioportret.pdf", "application/pdf"),
    ],
)
def test_downloads(web_server: str, web_db: Path, path: str, soort: str) -> None:
    path = path.format(regio=region_codes(web_db)[0])
    antwoord = vraag(web_server, path)
    assert antwoord.status == 200
    assert antwoord.kop("content-type").startswith(soort)
    controleer(antwoord, path)


@pytest.mark.parametrize(
    "path", ["/", "/api/v1/indicatoren/techniekaandeel?regio=NL", "/static/sto.css"]
)
def test_head(web_server: str, path: str) -> None:
    vraag(web_server, path)  # the GET first, so the HEAD is also answered from the cache
    antwoord = vraag(web_server, path, method="HEAD")
    assert antwoord.status == 200 and antwoord.body == b""
    controleer(antwoord, f"HEAD {path}")


def test_survey_form_keeps_its_own_referrer_policy(web_server: str) -> None:
    """The survey's answers carry their own, stricter Referrer-Policy (the token is a secret)."""
    for method in ("GET", "POST"):
        antwoord = vraag(web_server, "/enquete/geen-geldige-link", method=method)
        assert 400 <= antwoord.status < 500
        assert antwoord.kop("referrer-policy") == "same-origin"
        assert antwoord.kop("cache-control") == "no-store"
        for naam, waarde in VERWACHT.items():
            if naam != "referrer-policy":
                assert antwoord.kop(naam) == waarde
        assert "script-src 'self';" in antwoord.kop("content-security-policy")


def test_hsts_only_over_https(web_server: str) -> None:
    # uvicorn trusts X-Forwarded-Proto from 127.0.0.1, as from a TLS proxy on the same machine
    via_proxy = vraag(web_server, "/", koppen={"X-Forwarded-Proto": "https"})
    assert via_proxy.kop("strict-transport-security") == "max-age=31536000"
    assert not vraag(web_server, "/").alle("strict-transport-security")


# ---- Starlette's own 500, outside the app's error handler ------------------------------------


@pytest.fixture(scope="module")
def server_met_fout(web_db: Path) -> Iterator[str]:
    """The dashboard app on uvicorn in a thread, with one extra route that fails unexpectedly."""
    app = create_app(web_db)

    @app.get("/fout-voor-de-test")
    async def fout() -> None:
        raise RuntimeError("onverwacht")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn kwam niet op"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_unexpected_error_500(server_met_fout: str) -> None:
    antwoord = vraag(server_met_fout, "/fout-voor-de-test")
    assert antwoord.status == 500
    assert b"onverwacht" not in antwoord.body  # no traceback for the outside world
    controleer(antwoord, "500")


# ---- in a real browser: the pages work under the policy ----------------------------------------


def test_pages_work_under_the_policy(
    page: Page, toezicht: Toezicht, web_server: str, web_db: Path
) -> None:
    page.add_init_script(script=f"({VIOLATIES})()")
    for path in ("/", f"/regio/{region_codes(web_db)[0]}"):
        antwoord = page.goto(path)
        assert antwoord is not None and antwoord.status == 200
        assert "script-src 'self';" in (antwoord.header_value("content-security-policy") or "")
        wacht_op_grafieken(page)  # drawn by Vega under the policy, without eval
        grafieken = page.locator(".vega")
        for i in range(grafieken.count()):
            assert grafieken.nth(i).locator("svg .mark-rect, svg .mark-line").count() >= 1, path
        schendingen: list[str] = page.evaluate("() => window.__csp")
        assert schendingen == [], f"{path}: {schendingen}"
        csp_meldingen = [m for m in toezicht.console if "Content Security Policy" in m]
        assert csp_meldingen == [], csp_meldingen
    toezicht.geen_problemen()
