"""The region's visiedocument in a real headless Chromium against a real ``sto serve``: open it
from Mijn regio, fill in a section, save, submit, download the Word file and the PDF through
the page, write on and submit again, and compare the two versions. The pages are photographed
at 1366 and 375 px wide into ``build/artefacten/``, must not be wider than the screen, show no
developer words, and nothing may go wrong in the browser.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx as pydocx
import pytest
from playwright.sync_api import Browser, Page

from tests import zicht
from tests.browser import Toezicht
from tests.test_regiodocument import JAAR, opstelling  # noqa: F401 (fixture)
from tests.web_sessies import WACHTWOORD
from tests.web_sessies import Ingericht as Opstelling

AXE_URL = "/__regiodocument__/axe.min.js"  # answered by the test's route, never the server


@pytest.fixture
def pagina(browser: Browser, toezicht: Toezicht, opstelling: Opstelling) -> Iterator[Page]:  # noqa: F811
    o = opstelling
    context = browser.new_context(
        base_url=o.server.base, viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    context.route("**/*", toezicht.route)
    if zicht.AXE_JS.is_file():
        context.route(
            o.server.base + AXE_URL,
            lambda route: route.fulfill(path=zicht.AXE_JS, content_type="text/javascript"),
        )
    page = toezicht.volg(context.new_page())
    page.goto("/mijn")
    page.get_by_label("E-mailadres").fill(o.accounts["regio"].email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**/mijn/regio/{o.codes.regio}")
    yield page
    context.close()


def bekijk(page: Page, naam: str) -> list[str]:
    return zicht.bekijk(page, f"regiodocument-{naam}", axe_url=AXE_URL)


def test_fill_submit_export_and_compare(
    pagina: Page,
    toezicht: Toezicht,
    opstelling: Opstelling,  # noqa: F811
) -> None:
    page, o = pagina, opstelling
    basis = f"/regio/{o.codes.regio}/documenten/visiedocument/{JAAR}"
    page.get_by_role("link", name="Visiedocument", exact=True).click()
    page.wait_for_url(f"**{basis}")
    veld = page.get_by_label("Uw tekst bij a. Update van de regiovisie")
    veld.fill("Onze regio kiest voor techniek.\n\nMet het mbo samen.")
    page.get_by_role("button", name="Bewaren (a. Update van de regiovisie)").click()
    page.wait_for_url(f"**{basis}?gedaan=bewaard#sectie-regiovisie")
    assert "Het concept is bewaard" in page.inner_text("main")
    assert veld.input_value() == "Onze regio kiest voor techniek.\n\nMet het mbo samen."
    assert page.locator("[data-blok=instroom]").count() == 1
    problemen = bekijk(page, "editor")

    page.get_by_label("Uw tekst bij g. Loopbaanoriëntatie en -begeleiding (LOB)").fill("LOB zo.")
    page.get_by_role("button", name="Indienen bij de commissie").click()
    page.wait_for_url(f"**{basis}/versie/1?gedaan=ingediend")
    tekst = page.inner_text("main")
    assert "Het document is ingediend" in tekst and "LOB zo." in tekst

    with page.expect_download() as wacht:
        page.get_by_role("link", name="Downloaden als Word-bestand").click()
    download = wacht.value
    assert download.suggested_filename == (
        f"visiedocument-{o.codes.regio}-{JAAR}-{JAAR + 1}-versie-1-synthetisch.docx"
    )
    pad = download.path()
    assert pad is not None
    woord = pydocx.Document(io.BytesIO(pad.read_bytes()))
    alinea = "\n".join(p.text for p in woord.paragraphs)
    assert "Onze regio kiest voor techniek." in alinea and "LOB zo." in alinea
    assert len(woord.tables) > 3
    with page.expect_download() as wacht:
        page.get_by_role("link", name="Downloaden als PDF").click()
    pdf = wacht.value
    assert pdf.suggested_filename.endswith("-versie-1-synthetisch.pdf")
    pdf_pad = pdf.path()
    assert pdf_pad is not None and pdf_pad.read_bytes().startswith(b"%PDF")
    problemen += bekijk(page, "versie")

    # write on, submit again, and compare
    page.get_by_role("link", name="Verder schrijven aan het concept").click()
    page.wait_for_url(f"**{basis}")
    page.get_by_label("Uw tekst bij g. Loopbaanoriëntatie en -begeleiding (LOB)").fill(
        "LOB zo, en beter."
    )
    page.get_by_role("button", name="Indienen bij de commissie").click()
    page.wait_for_url(f"**{basis}/versie/2?gedaan=ingediend")
    page.get_by_role("link", name="Vergelijken met versie 1").click()
    page.wait_for_url(f"**{basis}/vergelijk?a=1&b=2")
    assert "en beter." in page.locator(".rd-diff ins").first.inner_text()
    assert "g. Loopbaanoriëntatie" in page.inner_text("main")
    problemen += bekijk(page, "vergelijk")

    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()
