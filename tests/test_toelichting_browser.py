"""Toelichtingen in a real headless Chromium against a real ``sto serve``: sign in, write and
publish a toelichting, see it on the public region page, sign out; the pages checked with
axe-core where it is installed, measured at 1366 and 375 px wide, and photographed into
``build/artefacten/`` for a person to look at. The regioportret PDF with the toelichting is
read back and one page rendered to PNG.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page

from sto_monitor.toelichting import opslag
from tests import zicht
from tests.browser import Toezicht
from tests.conftest import REPO
from tests.test_toelichting_web import Opstelling, opstelling  # noqa: F401 (fixture)
from tests.web_sessies import WACHTWOORD
from tests.web_sessies import Browser as HttpBrowser

ARTEFACTEN = REPO / "build" / "artefacten"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__toelichting__/axe.min.js"  # answered by the test's route, never the server
BREEDTES = (1366, 375)
TEKST = (
    "Onze regio **groeit**: twee scholen openden PIE.\n\n- meer meisjes\n- [plan](https://sto.nl)"
)


@pytest.fixture
def o(opstelling: Opstelling) -> Opstelling:  # noqa: F811
    return opstelling


@pytest.fixture
def pagina(browser: Browser, toezicht: Toezicht, o: Opstelling) -> Iterator[Page]:
    context = browser.new_context(base_url=o.base, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    context.route("**/*", toezicht.route)
    if AXE_JS.is_file():
        context.route(
            o.base + AXE_URL,
            lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"),
        )
    yield toezicht.volg(context.new_page())
    context.close()


def _axe(page: Page) -> list[dict[str, Any]]:
    if not AXE_JS.is_file():
        return []
    page.add_script_tag(url=AXE_URL)
    gevonden: list[dict[str, Any]] = page.evaluate(zicht.AXE)
    return gevonden


def _bekijk(page: Page, naam: str) -> list[str]:
    """Photograph the page at both widths; what axe and the overflow probe found."""
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    problemen: list[str] = []
    for breedte in BREEDTES:
        page.set_viewport_size({"width": breedte, "height": 900})
        page.screenshot(path=str(ARTEFACTEN / f"toelichting-{naam}-{breedte}.png"), full_page=True)
        overloop = page.evaluate(zicht.OVERLOOP)
        for soort in ("buiten", "afgekapt"):
            gevonden = overloop.get(soort, []) if isinstance(overloop, dict) else []
            problemen += [f"{naam} @ {breedte}px {soort}: {b}" for b in gevonden]
        breed = page.evaluate("() => document.documentElement.scrollWidth")
        if breed > breedte:
            problemen.append(f"{naam} @ {breedte}px is {breed}px breed")
    page.set_viewport_size({"width": 1366, "height": 900})
    for fout in _axe(page):
        problemen.append(f"{naam}: axe {fout['id']} ({fout['impact']}): {fout['help']}")
    return problemen


def test_sign_in_write_publish_see_it_and_sign_out(
    pagina: Page, toezicht: Toezicht, o: Opstelling
) -> None:
    page = pagina
    regio = o.codes.regio
    problemen: list[str] = []

    page.goto("/mijn")
    assert "/inloggen" in page.url
    page.get_by_label("E-mailadres").fill(o.accounts["regio"].email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**/mijn/regio/{regio}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mijn regio")

    page.get_by_role("link", name="Aandeel techniekleerlingen per STO-regio, 2024/2025").click()
    page.wait_for_url("**/toelichting/nieuw?**")
    assert page.get_by_label("Waar gaat de toelichting over?").input_value() == (
        "techniekaandeel_per_regio"
    )
    assert page.get_by_label("Schooljaar").input_value() == "2024"
    page.get_by_role("button", name="Publiceren").click()  # empty: the browser refuses
    assert "/toelichting/nieuw" in page.url
    page.get_by_label("Toelichting", exact=True).fill(TEKST)
    problemen += _bekijk(page, "formulier")
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_url(f"**/mijn/regio/{regio}?gedaan=gepubliceerd")
    assert "gepubliceerd" in page.get_by_role("status").first.inner_text()
    problemen += _bekijk(page, "mijn-regio")

    page.get_by_role("link", name="Openbare regiopagina").click()
    page.wait_for_url(f"**/regio/{regio}")
    toelichting = page.locator("#kerncijfers .toelichting").first
    toelichting.wait_for()
    assert "Onze regio groeit: twee scholen openden PIE." in toelichting.inner_text()
    assert toelichting.locator("strong", has_text="groeit").count() == 1
    assert toelichting.get_by_role("link", name="plan").get_attribute("rel") == (
        "noopener nofollow ugc"
    )
    kop = toelichting.locator(".toelichting-kop").inner_text()
    assert kop.startswith("Toelichting van de regio, ")
    assert o.accounts["regio"].naam not in kop
    toelichting.scroll_into_view_if_needed()
    problemen += _bekijk(page, "regiopagina")

    page.goto(f"/mijn/regio/{regio}")
    ident = page.locator(".toelichtinglijst li").first.get_attribute("data-toelichting")
    page.goto(f"/toelichting/{ident}/geschiedenis")
    problemen += _bekijk(page, "geschiedenis")

    page.goto(f"/mijn/regio/{regio}")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/?uitgelogd=1")
    page.goto(f"/mijn/regio/{regio}")
    assert "/inloggen" in page.url
    # the public page still shows it to everybody
    page.goto(f"/regio/{regio}")
    assert "twee scholen openden PIE" in page.locator("#kerncijfers").inner_text()

    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()


def test_regioportret_pdf_carries_the_toelichting(o: Opstelling, tmp_path: Path) -> None:
    regio = o.codes.regio
    opslag.schrijf(
        o.db,
        o.accounts["regio"],
        regio=regio,
        onderwerp="sectie:groei",
        tekst="De **groei** komt vooral uit de nieuwe PIE-opleiding.\n\n- twee scholen\n"
        "- [het plan](https://sto.nl/plan)",
        publiceer=True,
    )
    pdf = tmp_path / "portret.pdf"
    pdf.write_bytes(_wacht_op_pdf(o, f"/regio/{regio}/regioportret.pdf", "PIE-opleiding"))
    document = pdfium.PdfDocument(pdf)
    try:
        teksten = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        nummer = next(i for i, t in enumerate(teksten) if "PIE-opleiding" in t)
        assert "Toelichting van de regio, " in teksten[nummer].replace("\r\n", " ")
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)
        document[nummer].render(scale=1.5).to_pil().save(
            ARTEFACTEN / "toelichting-regioportret-pdf.png"
        )
    finally:
        document.close()


def _wacht_op_pdf(o: Opstelling, pad: str, stukje: str) -> bytes:
    einde = time.monotonic() + 15
    while True:
        data = HttpBrowser(o.base).get(pad).body
        document = pdfium.PdfDocument(data)
        try:
            tekst = "".join(
                document[i].get_textpage().get_text_range() for i in range(len(document))
            )
        finally:
            document.close()
        if stukje in tekst or time.monotonic() > einde:
            return data
        time.sleep(0.5)
