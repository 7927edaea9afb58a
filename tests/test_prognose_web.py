"""The forecast on the web, over a real ``sto serve`` on a copy of the shared generated warehouse.

The workspace page ``/regio/{regio}/prognose`` (``REGIO_INTERN``): the region's own account
sees it (private: ``no-store``), with the region's ondergrens, the flags of offers under it and
the back-test's coverage; another region gets 403 and an anonymous visitor the sign-in page.
``sto prognose`` takes the same ondergrens as its minimum group. The public region page has
the published forecast section. One test opens the page in Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser as Chromium

from sto_monitor.cli import cli
from sto_monitor.planner import ondergrens
from tests.browser import Toezicht
from tests.web_sessies import WACHTWOORD, Browser, Ingericht, ingericht

CEL = re.compile(r"<td[^>]*>([^<]*)(?:<span class=\"interval\">\(([^)]*)\)</span>)?</td>")


@dataclass
class Opstelling(Ingericht):
    @property
    def pad(self) -> str:
        return f"/regio/{self.codes.regio}/prognose"


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    with ingericht(web_db, tmp_path_factory.mktemp("prognose-web")) as i:
        yield Opstelling(**i.velden())


def _getallen(tekst: str) -> list[int]:
    """Every number shown in a table cell of the page (Dutch thousands separator)."""
    uit = []
    for aantal, interval in CEL.findall(tekst):
        for deel in (unescape(aantal), *unescape(interval).split("\u2013")):
            deel = deel.strip().replace(".", "")
            if deel.isdigit():
                uit.append(int(deel))
    return uit


def test_the_region_sees_its_forecast_with_its_ondergrens_and_flags(o: Opstelling) -> None:
    regio = o.als("regio")
    antwoord = regio.get(o.pad)
    tekst = antwoord.text
    assert antwoord.status == 200, tekst[:800]
    assert antwoord.kop("Cache-Control") == "no-store"
    for stuk in ('id="tabel-per-profiel"', 'id="tabel-per-aanbod"', "Synthetische"):
        assert stuk in tekst
    assert "<strong>11 derdejaars</strong>" in tekst and "nog geen eigen" in tekst
    assert re.search(r"lag\s+<strong>\d+%</strong> van de \d+ getelde aantallen", tekst)
    getallen = _getallen(tekst)
    assert getallen and not {1, 2, 3, 4} & set(getallen)
    assert "&lt;5" in tekst

    # the region sets its own, higher ondergrens: offers fall under it, in red
    ondergrens.zet(o.db, o.accounts["regio"], o.codes.regio, 60)
    try:
        tekst = regio.get(o.pad).text
        assert "<strong>60 derdejaars</strong>" in tekst and "zelf ingesteld" in tekst
        assert 'data-signaal="onder"' in tekst and 'class="onder"' in tekst
        assert re.search(r"komen er naar verwachting \d+ onder de ondergrens van 60", tekst)

        # sto prognose takes the same ondergrens as its minimum group
        uit = CliRunner().invoke(
            cli,
            ["prognose", "--regio", o.codes.regio, "--db", str(o.warehouse), "--quiet"],
            env={"STO_APP_DB": o.server.app_db_url},
            terminal_width=160,
        )
        assert uit.exit_code == 0, uit.output
        assert "minimale groepsgrootte (60" in " ".join(uit.output.split())
    finally:
        ondergrens.zet(o.db, o.accounts["regio"], o.codes.regio, ondergrens.STANDAARD)


def test_others_are_refused_and_strangers_sent_to_sign_in(o: Opstelling) -> None:
    assert o.als("regio_ander").get(o.pad).status == 403
    anoniem = Browser(o.server.base).get(o.pad)
    assert anoniem.status == 303
    assert (anoniem.kop("Location") or "").startswith("/inloggen")


def test_the_public_region_page_shows_the_published_forecast(o: Opstelling) -> None:
    antwoord = Browser(o.server.base).get(f"/regio/{o.codes.regio}")
    assert antwoord.status == 200
    tekst = antwoord.text
    assert 'id="prognose"' in tekst and 'id="tabel-prognose"' in tekst
    deel = tekst[tekst.index('id="tabel-prognose"') : tekst.index("</table>", tekst.index(
        'id="tabel-prognose"'))]  # fmt: skip
    assert "Techniek samen" in deel and "Alle derdejaars" in deel and "prognose" in deel
    getallen = _getallen(deel)
    assert getallen and not {1, 2, 3, 4} & set(getallen)


def test_the_forecast_page_in_chromium(
    o: Opstelling, browser: Chromium, toezicht: Toezicht
) -> None:
    context = browser.new_context(base_url=o.server.base, viewport={"width": 375, "height": 800})
    context.set_default_timeout(15_000)
    context.route("**/*", toezicht.route)
    page = toezicht.volg(context.new_page())
    try:
        page.goto(o.pad)  # not signed in: the sign-in form, which returns here
        page.get_by_label("E-mailadres").fill(o.accounts["regio"].email)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"**{o.pad}")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Prognose derdejaars")
        assert page.locator("#tabel-per-profiel tbody tr").count() > 3
        assert page.locator("#ondergrens").is_visible()
        page.get_by_role("link", name="Hoe betrouwbaar").click()
        assert page.locator("#backtest").is_visible()
        # a narrow screen scrolls the tables, never the page
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
    toezicht.geen_problemen()
