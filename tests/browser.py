"""A real headless Chromium for the dashboard tests, offline and watched for errors.

``browser`` (session): Debian's Chromium at /usr/bin/chromium driven by Playwright; never a
downloaded browser (no ``playwright install``). The browser tests are skipped, with the
reason, when that binary is missing (CI installs it: .ci/run). ``page``: a fresh context and
page whose every request that does not go to 127.0.0.1 is blocked and recorded (the dashboard
must work without internet), and whose console errors, page errors and failed requests are
recorded; ``toezicht.geen_problemen()`` asserts none happened. conftest.py registers this
module as a plugin (once: two Playwright sessions cannot run in one process), so tests just
ask for ``browser``, ``toezicht`` or ``page``; ``page`` uses the ``web_server`` fixture of
tests/web_fixtures.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOKAAL = {"127.0.0.1"}
SCHEMES_ZONDER_NETWERK = {"data", "blob", "about"}


@dataclass
class Toezicht:
    """What went wrong in the pages of one test."""

    console: list[str] = field(default_factory=list)
    paginafouten: list[str] = field(default_factory=list)
    mislukt: list[str] = field(default_factory=list)
    foutstatus: list[str] = field(default_factory=list)
    extern: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in SCHEMES_ZONDER_NETWERK or parts.hostname in LOKAAL:
            route.continue_()
        else:
            self.extern.append(url)
            route.abort("blockedbyclient")

    def volg(self, page: Page) -> Page:
        """Record the problems of one page (the context's route already blocks the outside)."""

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                waar = message.location.get("url", "")
                self.console.append(f"{message.text} ({waar})" if waar else message.text)

        def mislukt(request: Request) -> None:
            if request.url not in self.extern:
                self.mislukt.append(f"{request.method} {request.url}: {request.failure}")

        def antwoord(response: Response) -> None:
            # a sub-resource (script, style, image) that answered 4xx/5xx
            if response.status >= 400 and response.request.resource_type != "document":
                self.foutstatus.append(f"{response.status} {response.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.paginafouten.append(str(error)))
        page.on("requestfailed", mislukt)
        page.on("response", antwoord)
        return page

    def problemen(self) -> list[str]:
        return [
            *(f"verzoek naar buiten (geblokkeerd): {u}" for u in self.extern),
            *(f"consolefout: {m}" for m in self.console),
            *(f"JavaScript-fout: {m}" for m in self.paginafouten),
            *(f"mislukt verzoek: {m}" for m in self.mislukt),
            *(f"foutstatus: {m}" for m in self.foutstatus),
        ]

    def geen_problemen(self) -> None:
        problemen = self.problemen()
        assert not problemen, "\n".join(problemen)


@pytest.fixture(scope="session")
def playwright_sessie() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} ontbreekt: installeer Debian's chromium (apt-get install chromium); "
            "CI doet dat in .ci/run"
        )
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_sessie: Playwright) -> Iterator[Browser]:
    chromium = playwright_sessie.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def toezicht() -> Toezicht:
    return Toezicht()


@pytest.fixture
def page(browser: Browser, toezicht: Toezicht, web_server: str) -> Iterator[Page]:
    """A page in a fresh context, relative URLs against the dashboard server."""
    context = browser.new_context(base_url=web_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.route("**/*", toezicht.route)
    yield toezicht.volg(context.new_page())
    context.close()
    if toezicht.extern:
        pytest.fail("verzoek naar buiten het dashboard: " + ", ".join(toezicht.extern))
