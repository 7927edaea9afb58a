"""The region's planning in a real headless Chromium against a real ``sto serve``: build a
scenario by clicking the map and the table, see the figures change without a reload, save it,
compare it; run the optimiser, read its "waarom" and save its proposal. The pages are
photographed at 1366 and 375 px wide into ``build/artefacten/`` and must not be wider than
the screen; nothing may go wrong in the browser (console, requests to the outside).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from tests import zicht
from tests.browser import Toezicht
from tests.test_plannen_web import Opstelling, opstelling  # noqa: F401 (fixture)
from tests.web_sessies import WACHTWOORD

AXE_URL = "/__plannen__/axe.min.js"  # answered by the test's route, never the server
GETEKEND = """async (knop) => {
  const begin = performance.now();
  const klaar = new Promise(r => document.addEventListener('plan:getekend', r, {once: true}));
  knop.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
  await klaar;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - begin;
}"""


@pytest.fixture
def o(opstelling: Opstelling) -> Opstelling:  # noqa: F811
    return opstelling


@pytest.fixture
def pagina(browser: Browser, toezicht: Toezicht, o: Opstelling) -> Iterator[Page]:
    context = browser.new_context(base_url=o.base, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    context.route("**/*", toezicht.route)
    if zicht.AXE_JS.is_file():
        context.route(
            o.base + AXE_URL,
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
    return zicht.bekijk(page, f"plannen-{naam}", axe_url=AXE_URL, tekst=False)


def klik_en_wacht(page: Page, selector: str) -> float:
    """Click and wait until plannen.js has drawn the answer; milliseconds."""
    knop = page.locator(selector).first
    knop.wait_for()
    ms: float = page.evaluate(GETEKEND, knop.element_handle())
    return ms


def test_build_a_scenario_by_clicking_save_and_compare(
    pagina: Page, toezicht: Toezicht, o: Opstelling
) -> None:
    page = pagina
    page.get_by_role("link", name="Scenario's op de kaart").click()
    page.wait_for_url(f"**/regio/{o.codes.regio}/plannen")
    voor = page.locator("#plan-samenvatting tbody tr").first.inner_text()
    adres = page.url

    # a point on the map opens its actions, without a reload
    klik_en_wacht(
        page, "#plan-kaart a.plan-punt.plan-aanbod, #plan-kaart a.plan-punt.plan-kwetsbaar"
    )
    assert page.locator("#plan-actie").is_visible() and "kies=" in page.url
    ms = klik_en_wacht(page, "#plan-actie button:text-is('Sluiten')")
    assert ms < 1000, f"sluiten tot getekend: {ms:.0f} ms"
    assert "Toegevoegd: Sluit" in page.locator("#plan-status").inner_text()
    assert "w=sluit" in page.url and page.url.split("?")[0] == adres.split("?")[0]
    assert page.locator("#plan-samenvatting td.anders").count() > 0
    assert page.locator("#plan-samenvatting tbody tr").first.inner_text() != voor
    assert page.locator("#plan-kaart a.plan-punt.plan-gesloten").count() == 1

    # another profiel on the map; a vestiging without it, chosen in the table, opens it
    keuze = page.locator("#plan-kaart select[name=profiel]")
    profiel = next(
        p
        for p in keuze.locator("option").evaluate_all("os => os.map(o => o.value)")
        if p != keuze.input_value()
    )
    getekend = page.locator("#plan-werkblad").get_attribute("data-getekend")
    keuze.select_option(profiel)  # redraws at once (plannen.js submits the filter)
    page.wait_for_function(
        "n => document.getElementById('plan-werkblad').dataset.getekend !== n", arg=getekend
    )
    assert f"profiel={quote(profiel, safe='')}" in page.url
    rij = page.locator("#plan-aanbod tr.plan-rij-geen a[data-plan=kies]").first
    if rij.count():
        klik_en_wacht(page, "#plan-aanbod tr.plan-rij-geen a[data-plan=kies]")
        page.get_by_label("Verwachte leerlingen").fill("12")
        klik_en_wacht(page, "#plan-actie button:text-is('Openen')")
        assert f"Toegevoegd: Open {profiel}" in page.locator("#plan-status").inner_text()
        assert page.locator("#plan-kaart a.plan-punt.plan-nieuw").count() == 1
    aantal = page.locator("ol.plan-wijzigingen > li").count()
    assert aantal >= 1
    problemen = bekijk(page, "bouwer")

    # save, shared with the national team
    page.get_by_label("Naam").fill("klik-scenario")
    page.get_by_label("Omschrijving").fill("Gebouwd door te klikken.")
    page.get_by_label("Ook het landelijk team en de commissie").check()
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url("**/scenarios?gedaan=bewaard")
    rij_lijst = page.locator("#plan-lijst tr[data-scenario='klik-scenario']")
    assert "gedeeld met het landelijk team" in rij_lijst.inner_text()

    # open it on the map again and compare it with itself being built further
    rij_lijst.get_by_role("link", name="Openen op de kaart").click()
    page.wait_for_url("**/plannen?**")
    assert page.locator("ol.plan-wijzigingen > li").count() == aantal
    page.locator("input[name=vergelijk][value='klik-scenario']").check()
    klik_en_wacht(page, "form[data-plan=vergelijk] button")
    koppen = page.locator("#plan-samenvatting thead th").all_inner_texts()
    assert koppen[1:3] == ["Vandaag", "Dit scenario"] and koppen[3].startswith("klik-scenario")
    rijen = page.locator("#plan-samenvatting tbody tr")
    eerste = rijen.first.locator("td").all_inner_texts()
    assert eerste[1].split("\n")[0] == eerste[2].split("\n")[0]  # the same changes, the same score
    assert "vergelijk=klik-scenario" in page.url
    problemen += bekijk(page, "vergelijken")
    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()


def test_run_the_optimiser_and_save_its_proposal(
    pagina: Page, toezicht: Toezicht, o: Opstelling
) -> None:
    page = pagina
    page.get_by_role("link", name="Optimaliseren").click()
    page.wait_for_url("**/plannen/optimaliseer")
    assert page.get_by_role("heading", name="Het voorstel", exact=True).is_visible()
    page.get_by_label("Minimale groep derdejaars per aanbod").fill("30")
    page.get_by_label("Ook nieuw aanbod overwegen", exact=False).check()
    page.get_by_role("button", name="Reken het voorstel uit").click()
    page.wait_for_url("**min_groep=30**")
    assert page.locator(".plan-waarom .waarom").count() >= 1
    assert "minimale groep van 30" in page.locator("#plan-voorstel").inner_text()
    assert page.locator("#plan-voorstel-svg .plan-punt").count() >= 1
    problemen = bekijk(page, "optimaliseren")

    page.locator("#plan-voorstel").get_by_label("Naam").fill("voorstel-browser")
    page.get_by_role("button", name="Bewaar als scenario").click()
    page.wait_for_url("**/scenarios?gedaan=bewaard")
    assert page.locator("#plan-lijst tr[data-scenario='voorstel-browser']").count() == 1
    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()
