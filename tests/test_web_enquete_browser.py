"""The survey form in a real headless Chromium: fill, save a draft, submit, edit, no access.

Its own small warehouse and ``sto serve``, so the shared
dashboard server stays read-only. Requests outside 127.0.0.1 are blocked and console errors
fail the test (tests/browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import browser as chromium
from tests.test_web_enquete import links, maak_warehouse, trek_in
from tests.web_fixtures import get, serve

Toezicht = chromium.Toezicht

LABELS = """() => ({
    zonder_label: [...document.querySelectorAll('main input:not([type=hidden]), main textarea')]
        .filter(e => e.labels.length === 0).map(e => e.name),
    zonder_legend: [...document.querySelectorAll('main fieldset')]
        .filter(f => !f.querySelector(':scope > legend')).length,
})"""


@pytest.fixture(scope="module")
def enquete_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("enquete-browser") / "sto.duckdb"
    maak_warehouse(path)
    return path


@pytest.fixture(scope="module")
def enquete_server(enquete_db: Path) -> Iterator[str]:
    with serve(enquete_db) as base:
        yield base


@pytest.fixture
def page(browser: Browser, toezicht: Toezicht, enquete_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=enquete_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.route("**/*", toezicht.route)
    yield toezicht.volg(context.new_page())
    context.close()


def test_fill_draft_submit_edit(page: Page, toezicht: Toezicht, enquete_db: Path) -> None:
    pad = links(enquete_db, 2024, "R01")["R01"]
    antwoord = page.goto(pad)
    assert antwoord is not None and antwoord.status == 200
    assert page.evaluate(LABELS) == {"zonder_label": [], "zonder_legend": 0}
    expect(page.locator("h1")).to_have_count(1)

    urgentie = page.locator('[id="vraag-urgentie.docenten"]')
    urgentie.get_by_label("Urgent", exact=True).check()
    page.locator('[id="vraag-impact.uitstraling"]').get_by_label("7", exact=True).check()
    page.locator('[id="vraag-blijft_aan"]').get_by_label("Ja", exact=True).check()
    page.get_by_label("Uw antwoord").fill("Het nieuwe techniekhuis")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator("#melding")).to_contain_text("concept is opgeslagen")

    page.goto(pad)  # a fresh load shows the saved draft
    expect(urgentie.get_by_label("Urgent", exact=True)).to_be_checked()
    expect(
        page.locator('[id="vraag-impact.uitstraling"]').get_by_label("7", exact=True)
    ).to_be_checked()
    expect(page.get_by_label("Uw antwoord")).to_have_value("Het nieuwe techniekhuis")
    expect(page.locator("#status")).to_contain_text("concept")

    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#melding")).to_contain_text("verstuurd")
    expect(page.locator("#status")).to_contain_text("wijzigen tot de enquête sluit")
    expect(page.get_by_role("button", name="Concept opslaan")).to_have_count(0)

    urgentie.get_by_label("Zeer urgent", exact=True).check()
    page.get_by_role("button", name="Wijzigingen versturen").click()
    expect(page.locator("#melding")).to_contain_text("verstuurd")
    page.reload()
    expect(urgentie.get_by_label("Zeer urgent", exact=True)).to_be_checked()
    expect(page.get_by_label("Uw antwoord")).to_have_value("Het nieuwe techniekhuis")
    toezicht.geen_problemen()


def test_revoked_and_wrong_links_show_the_error_page(
    page: Page, toezicht: Toezicht, enquete_db: Path, enquete_server: str
) -> None:
    pad = links(enquete_db, 2024, "R02")["R02"]
    trek_in(enquete_db, 2024, "R02")
    for fout in (pad, pad[:-4] + "abcd"):
        antwoord = page.goto(fout)
        assert antwoord is not None and antwoord.status == 404
        expect(page.locator("h1")).to_have_text("Niet gevonden")
        expect(page.get_by_role("alert")).to_contain_text("niet (meer) geldig")
        expect(page.locator("form")).to_have_count(0)
    # Chromium logs the document's own 404 on the console; nothing else may go wrong
    toezicht.console = [m for m in toezicht.console if "status of 404" not in m]
    toezicht.geen_problemen()
    # the beheer pages ask to sign in first (the landelijk role)
    beheer = get(enquete_server, "/enquete/beheer/2024")
    assert beheer.status == 200 and "Inloggen" in beheer.text and "R01" not in beheer.text
