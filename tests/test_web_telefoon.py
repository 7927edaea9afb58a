"""The dashboard on a phone (375 px wide) in a real headless Chromium, and its landmarks.

On a phone the header is one line (the name and the menu, which scrolls sideways inside it),
the first key figure of the overview is within the first screen, and nothing is wider than
the screen: a wide table scrolls inside its own box. Every text of a page sits in a landmark
(the banners in the header), which is what axe-core's "region" rule asks. The search form
works without JavaScript.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from sto_monitor.publicatie.gegevens import Snapshot, laad
from tests import browser as chromium
from tests.test_web_browser import wacht_op_grafieken

Toezicht = chromium.Toezicht
TELEFOON: ViewportSize = {"width": 375, "height": 740}

# Text outside every landmark: the "region" rule of axe-core (the skip link is allowed).
BUITEN_LANDMARK = """() => {
    const landmark = 'header, nav, main, footer, aside, form[aria-label], section[aria-label],'
        + ' section[aria-labelledby], [role=banner], [role=navigation], [role=main],'
        + ' [role=contentinfo], [role=complementary], [role=search], [role=region][aria-label]';
    const uit = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!node.textContent.trim() || el.closest('script, style, template')) continue;
        if (el.closest('a.naar-inhoud') || el.closest(landmark)) continue;
        if (!el.getClientRects().length) continue;  // not shown
        uit.push(node.textContent.trim().slice(0, 60));
    }
    return uit;
}"""
KOP = """() => {
    const balk = document.querySelector('header.kop .kop-balk').getBoundingClientRect();
    const merk = document.querySelector('header.kop .merk').getBoundingClientRect();
    const nav = document.querySelector('nav.hoofdmenu');
    const menu = nav.getBoundingClientRect();
    const hier = nav.querySelector('a[aria-current="page"]');
    const h = hier ? hier.getBoundingClientRect() : null;
    return {hoogte: balk.height, merk: merk.top, menu: menu.top, merkHoogte: merk.height,
            schuift: nav.scrollWidth > nav.clientWidth,
            hierZichtbaar: h === null || (h.left >= menu.left - 1 && h.right <= menu.right + 1)};
}"""


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db, indicatoren=())


def paden(snap: Snapshot) -> list[str]:
    return ["/", "/regios", f"/regio/{next(iter(snap.regios))}", "/zoeken?q=a"]


def test_phone_header_is_one_line_and_nothing_is_wider_than_the_screen(
    page: Page, toezicht: Toezicht, snap: Snapshot
) -> None:
    page.set_viewport_size(TELEFOON)
    for pad in paden(snap):
        antwoord = page.goto(pad)
        assert antwoord is not None and antwoord.status == 200, pad
        if pad == "/":
            wacht_op_grafieken(page)
        breedte = page.evaluate("() => document.documentElement.scrollWidth")
        assert breedte <= TELEFOON["width"], f"{pad} is {breedte}px breed"
        kop = page.evaluate(KOP)
        assert abs(kop["merk"] - kop["menu"]) < kop["merkHoogte"], f"{pad}: twee regels: {kop}"
        assert kop["hoogte"] < 2 * kop["merkHoogte"] + 16, f"{pad}: kop te hoog: {kop}"
        assert kop["schuift"], "het menu is op een telefoon één rij die opzij schuift"
        assert kop["hierZichtbaar"], f"{pad}: het menu-item van de pagina is niet in beeld"
    toezicht.geen_problemen()


def test_phone_first_key_figure_is_in_the_first_screen(page: Page, toezicht: Toezicht) -> None:
    page.set_viewport_size(TELEFOON)
    page.goto("/")
    eerste = page.locator(".kort dd").first.bounding_box()
    assert eerste is not None
    assert eerste["y"] + eerste["height"] < 320, f"eerste kerncijfer op {eerste['y']}px"
    zoekvak = page.locator("form.zoekvak").bounding_box()
    assert zoekvak is not None and zoekvak["y"] + zoekvak["height"] < TELEFOON["height"]
    toezicht.geen_problemen()


def test_all_text_is_in_a_landmark(page: Page, toezicht: Toezicht, snap: Snapshot) -> None:
    for breedte in (1366, TELEFOON["width"]):
        page.set_viewport_size({"width": breedte, "height": 800})
        for pad in [*paden(snap), "/bestaat-niet"]:
            page.goto(pad)
            assert page.evaluate(BUITEN_LANDMARK) == [], f"{pad} bij {breedte}px"
            assert page.locator("header.kop .synthetisch-label").count() == int(snap.synthetisch)
    toezicht.foutstatus = [f for f in toezicht.foutstatus if "/bestaat-niet" not in f]
    toezicht.console = [c for c in toezicht.console if "404" not in c]
    toezicht.geen_problemen()


def test_search_works_without_javascript(browser: Browser, web_server: str, snap: Snapshot) -> None:
    regio = next(iter(snap.regios.values()))
    context = browser.new_context(base_url=web_server, java_script_enabled=False, viewport=TELEFOON)
    try:
        page = context.new_page()
        page.goto("/regios")
        page.fill("form.zoekvak input[name=q]", regio.naam)
        page.click("form.zoekvak button[type=submit]")
        page.wait_for_url("**/zoeken?q=*")
        link = page.locator(f'#regios a[href="/regio/{regio.code}"]')
        assert link.count() == 1
        link.click()
        page.wait_for_url(f"**/regio/{regio.code}")
        assert regio.naam in page.locator("h1").inner_text()
    finally:
        context.close()
