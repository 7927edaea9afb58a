"""The whole subsidy cycle in a real headless Chromium against a real ``sto serve`` (issue 18):
a region drafts and submits its application, the commission asks a question and scores, the
region answers, the national team decides (toegekend), the region files its accountability for
the first year and sees a signal, and the public page shows the amount granted.

The assessment page is photographed at 1366 and 375 px wide into ``build/artefacten/``; it must
not be wider than the screen, show no developer words, pass axe-core, and nothing may go wrong
in the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from sto_monitor.subsidie import laden, opslag
from sto_monitor.subsidie.opslag import Status
from tests import zicht
from tests.browser import Toezicht
from tests.test_subsidie_beoordeling_web import (  # noqa: F401 (fixture)
    AANGEVRAAGD,
    CODE,
    Opstelling,
    opstelling,
)
from tests.web_sessies import WACHTWOORD

AXE_URL = "/__subsidie__/axe.min.js"  # answered by the test's route, never the server


@pytest.fixture
def contexten(
    browser: Browser,
    toezicht: Toezicht,
    opstelling: Opstelling,  # noqa: F811
) -> Iterator[dict[str, BrowserContext]]:
    """One browser context (its own cookies) per person, made on first use."""
    o = opstelling
    gemaakt: dict[str, BrowserContext] = {}

    def context() -> BrowserContext:
        c = browser.new_context(base_url=o.server.base, viewport={"width": 1366, "height": 900})
        c.set_default_timeout(20_000)
        c.route("**/*", toezicht.route)
        if zicht.AXE_JS.is_file():
            c.route(
                o.server.base + AXE_URL,
                lambda route: route.fulfill(path=zicht.AXE_JS, content_type="text/javascript"),
            )
        return c

    for rol in ("regio", "commissie", "landelijk", "publiek"):
        gemaakt[rol] = context()
    yield gemaakt
    for c in gemaakt.values():
        c.close()


def inloggen(context: BrowserContext, toezicht: Toezicht, email: str) -> Page:
    page = toezicht.volg(context.new_page())
    page.goto("/mijn")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/mijn**")
    return page


def bekijk(page: Page, naam: str) -> list[str]:
    return zicht.bekijk(page, f"subsidie-{naam}", axe_url=AXE_URL)


def regio_dient_in(page: Page, o: Opstelling) -> None:
    """The region drafts its application in the browser: a programme line, personeel in every
    year, a partner co-financing 7.5 %, a machine; saves, and submits."""
    r = o.codes.regio
    page.goto(f"/regio/{r}/subsidie")
    page.get_by_role("link", name=re.compile("Aanvraag beginnen")).click()
    page.wait_for_url(f"**/regio/{r}/subsidie/{CODE}")
    page.locator("#lijn-0-naam").fill("Techniek zichtbaar")
    for jaar in range(2025, 2029):
        page.get_by_label(f"Personeel {jaar}", exact=True).fill("50.000")
    page.locator("#partner-0-naam").fill("Techniek BV")
    page.locator("#partner-0-soort").select_option("bedrijf")
    page.locator("#activum-0-naam").fill("Lasrobot")
    page.locator("#activum-0-klasse").select_option("machines")
    page.locator("#activum-0-prijs").fill("100.000")
    page.locator("#activum-0-datum").fill("2025-01-01")
    page.locator("#activum-0-termijn").fill("10")
    page.get_by_role("button", name="Bewaren").first.click()
    page.wait_for_url(f"**/regio/{r}/subsidie/{CODE}?gedaan=*")
    # the partner saved, its commitment can be chosen: 7.5 % of € 240.000 in 2025
    page.locator("#toezegging-0-partner").select_option("Techniek BV")
    page.locator("#toezegging-0-jaar").select_option("2025")
    page.locator("#toezegging-0-bedrag").fill("18.000")
    page.get_by_role("button", name="Bewaren").first.click()
    page.wait_for_url(f"**/regio/{r}/subsidie/{CODE}?gedaan=*")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(f"**/regio/{r}/subsidie/{CODE}?gedaan=*")


def regio_antwoordt(page: Page, o: Opstelling, vraag: int, tekst: str) -> None:
    page.goto(f"/regio/{o.codes.regio}/subsidie/{CODE}")
    page.locator(f"#antwoord-{vraag}").fill(tekst)
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_url(f"**/regio/{o.codes.regio}/subsidie/{CODE}?gedaan=*")


def regio_verantwoordt(page: Page, o: Opstelling) -> str:
    """The accountability for 2025, far below plan; the signals the page shows."""
    page.goto(f"/regio/{o.codes.regio}/subsidie/{CODE}/verantwoording/2025")
    page.locator("#realisatie-personeel").fill("20.000")
    page.locator("#afschrijving").fill("10.000")
    page.locator("#cof-0-partner").select_option("Techniek BV")
    page.locator("#cof-0-bedrag").fill("1.000")
    page.locator("#toelichting-algemeen").fill("Later begonnen dan gepland.")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url("**/verantwoording/2025?gedaan=*")
    return page.inner_text("#signalen")


def test_the_whole_cycle(
    contexten: dict[str, BrowserContext],
    toezicht: Toezicht,
    opstelling: Opstelling,  # noqa: F811
) -> None:
    o = opstelling
    r = o.codes.regio
    regeling = laden.regeling(CODE)
    beoordeling = f"/regio/{r}/subsidie/{CODE}/beoordeling"

    # the region drafts and submits
    regio = inloggen(contexten["regio"], toezicht, o.accounts["regio"].email)
    regio_dient_in(regio, o)
    d = o.dossier(r)
    assert d.status is Status.INGEDIEND and d.aanvraag.activa[0].naam == "Lasrobot"
    assert opslag.aangevraagd(d.aanvraag, regeling) == AANGEVRAAGD
    assert [(t.partner, t.jaar, t.bedrag) for t in d.aanvraag.toezeggingen] == [
        ("Techniek BV", 2025, 1_800_000)
    ]

    # the commission: from Mijn regio to the overview, then the assessment page
    commissie = inloggen(contexten["commissie"], toezicht, o.accounts["commissie"].email)
    commissie.get_by_role("link", name="Subsidieaanvragen beoordelen").click()
    commissie.wait_for_url("**/subsidie")
    commissie.goto(beoordeling)
    assert "Techniek BV" in commissie.inner_text("#cofinanciering")
    commissie.get_by_label("Uw vraag aan de regio").fill("Hoe bereikt u de scholen in het oosten?")
    commissie.get_by_role("button", name="Vraag stellen").click()
    commissie.wait_for_url(f"**{beoordeling}?gedaan=gevraagd#vragen")
    assert "Nog niet beantwoord." in commissie.inner_text("#vragen")
    for c in regeling.criteria:
        commissie.get_by_role("group", name=c.naam).get_by_label(f"4 van {c.maximum_score}").check()
    commissie.get_by_label("Toekennen", exact=True).check()
    commissie.get_by_label("Toelichting bij het advies").fill("Een sterk plan.")
    commissie.get_by_role("button", name="Beoordeling bewaren").click()
    commissie.wait_for_url(f"**{beoordeling}?gedaan=beoordeeld#beoordelen")
    assert "Uw beoordeling is bewaard" in commissie.inner_text("main")
    assert "De commissie" in commissie.inner_text("#beoordelen")
    problemen = bekijk(commissie, "beoordeling-commissie")

    # the region answers
    regio_antwoordt(regio, o, o.dossier(r).vragen[0].id, "Met een techniekbus.")
    commissie.reload()
    assert "Met een techniekbus." in commissie.inner_text("#vragen")

    # the national team decides: granted as applied, the years prefilled
    landelijk = inloggen(contexten["landelijk"], toezicht, o.accounts["landelijk"].email)
    landelijk.goto(beoordeling)
    assert landelijk.get_by_label("2025").input_value() == "60.000,00"
    landelijk.get_by_label("Toegekend", exact=True).check()
    landelijk.get_by_label("Toelichting bij het besluit").fill("Conform advies.")
    problemen += bekijk(landelijk, "beoordeling-landelijk")
    landelijk.get_by_role("button", name="Besluit vastleggen").click()
    landelijk.wait_for_url(f"**{beoordeling}?gedaan=besloten#besluit")
    besluit = landelijk.inner_text("#besluit").replace("\u00a0", " ")
    assert "Toegekend: € 240.000,00" in besluit
    d = o.dossier(r)
    assert d.status is Status.TOEGEKEND and d.besluit and d.besluit.bedrag == AANGEVRAAGD

    regio.goto(f"/regio/{r}/subsidie/{CODE}")
    assert "Conform advies." in regio.inner_text("main")  # the region sees the decision

    # the region's accountability for the first year: spent far less than planned
    signalen = regio_verantwoordt(regio, o)
    # granted € 60.000 for 2025; realised € 20.000 personeel + € 10.000 depreciation
    assert "In 2025 is € 30.000,00 minder uitgegeven dan gepland" in signalen, signalen
    assert regio.locator("[data-signaal=onderbesteding]").count() == 1
    d = o.dossier(r)
    assert 2025 in d.verantwoording_ingediend
    assert d.verantwoordingen[2025].realisatie[0].bedrag == 2_000_000

    # the public page shows the amount granted
    publiek = toezicht.volg(contexten["publiek"].new_page())
    publiek.goto("/subsidie/toegekend")
    assert "240.000" in publiek.inner_text("main")

    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()
