"""The stagebank's whole flow in Debian's Chromium (Playwright) against a real ``sto serve``.

A company signs in and registers (its postcode lies in the own region, near the school); the
region confirms it on its stagebank page; the company publishes a place through its form; a
school finds the place within 10 km of its vestiging, chosen in the search form as a person
types it, sees it on the list and the map, opens its page, follows the Atom link (the feed
lists the place) and saves the search. Every step goes through the pages, as people click;
nothing is written through the domain. (Afterwards, for the photograph of a fuller map only,
more places are published through the domain and a 20 km search is shown.) The search page
(with results and map), the place page and the saved searches are photographed at 1366 and
375 px wide into ``build/artefacten/``; they must not be wider than the screen, show no
developer words, pass axe-core, and nothing may go wrong in the browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from sto_monitor import db as warehouse
from sto_monitor.publicatie.gegevens import Vestiging, laad
from sto_monitor.stagebank import opslag
from sto_monitor.stagebank.plek import PlekInvoer, controleer, postcodes
from sto_monitor.stagebank.zoeken import haversine_km
from tests import zicht
from tests.browser import Toezicht
from tests.web_sessies import WACHTWOORD, Ingericht, ingericht

AXE_URL = "/__stagebank__/axe.min.js"  # answered by the test's route, never the server
ATOM = "{http://www.w3.org/2005/Atom}"
BEDRIJF = "Installatietechniek Van Dam (synthetisch)"
TITEL = "Meewerken aan warmtepompen"


@dataclass
class Flow(Ingericht):
    vestiging: Vestiging | None = None
    pc4: str = ""  # the company's postcode: in the own region, near the school


@pytest.fixture(scope="module")
def flow(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flow]:
    with ingericht(web_db, tmp_path_factory.mktemp("stagebank-browser")) as o:
        snap = laad(o.warehouse)
        con = warehouse.connect(o.warehouse, read_only=True)
        try:
            pcs = postcodes(con, snap.gemeente_regio)
        finally:
            con.close()
        v = next(x for x in snap.vestigingen if x.code == o.codes.vestiging)
        assert v.lat is not None and v.lon is not None
        lat, lon = v.lat, v.lon
        eigen = [p for p in pcs.values() if p.regio == o.codes.regio]
        pc = min(eigen, key=lambda p: haversine_km(lat, lon, p.lat, p.lon))
        assert haversine_km(lat, lon, pc.lat, pc.lon) < 8
        yield Flow(**o.velden(), vestiging=v, pc4=pc.pc4)


def _context(browser: Browser, toezicht: Toezicht, flow: Flow) -> BrowserContext:
    context = browser.new_context(base_url=flow.base, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    context.route("**/*", toezicht.route)
    if zicht.AXE_JS.is_file():
        context.route(
            flow.base + AXE_URL,
            lambda route: route.fulfill(path=zicht.AXE_JS, content_type="text/javascript"),
        )
    return context


def _inloggen(context: BrowserContext, toezicht: Toezicht, email: str, naar: str) -> Page:
    page = toezicht.volg(context.new_page())
    page.goto(naar)  # a signed-in page: first the sign-in form, then back here
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{naar}")
    return page


def _meer_plaatsen(flow: Flow, bedrijf_id: str) -> int:
    """Places at PC4 centroids 2-19 km from the school (through the domain); how many."""
    assert flow.vestiging is not None and flow.vestiging.lat and flow.vestiging.lon
    lat, lon = flow.vestiging.lat, flow.vestiging.lon
    snap = laad(flow.warehouse)
    con = warehouse.connect(flow.warehouse, read_only=True)
    try:
        pcs = postcodes(con, snap.gemeente_regio)
    finally:
        con.close()
    afstand = {p.pc4: haversine_km(lat, lon, p.lat, p.lon) for p in pcs.values()}
    gekozen: list[str] = []
    for doel in (2, 4, 6, 9, 12, 15, 18):
        pc = min((p for p in afstand if p not in gekozen), key=lambda p: abs(afstand[p] - doel))
        if afstand[pc] <= 19.5:
            gekozen.append(pc)
    begin = date.today() + timedelta(days=30)
    for i, pc in enumerate(gekozen):
        plek = PlekInvoer(
            titel=f"Stage {i + 1} in de werkplaats", profielen=(("PIE", "BWI", "M&T")[i % 3],),
            leerwegen=("bb", "kb"), begin=begin, eind=begin + timedelta(days=50 + 10 * i),
            aantal=1 + i % 3, adres="Werkweg 1", postcode=pc, contact_naam="K. Smit",
            contact_email="stage@smit.example",
        )  # fmt: skip
        opslag.publiceer(flow.db, flow.accounts["bedrijf"], int(bedrijf_id), controleer(plek, pcs))
    return len(gekozen)


def bekijk(page: Page, naam: str) -> list[str]:
    return zicht.bekijk(page, f"stagebank-openbaar-{naam}", axe_url=AXE_URL)


def test_company_region_and_school_through_the_pages(
    browser: Browser, toezicht: Toezicht, flow: Flow
) -> None:
    assert flow.vestiging is not None
    # 1. the company registers
    bedrijf_ctx = _context(browser, toezicht, flow)
    bedrijf = _inloggen(bedrijf_ctx, toezicht, flow.accounts["bedrijf"].email, "/stagebank/bedrijf")
    bedrijf.get_by_label("Naam van het bedrijf").fill(BEDRIJF)
    bedrijf.get_by_label("Adres (straat en huisnummer)").fill("Havenweg 12")
    bedrijf.get_by_label("Postcode").fill(f"{flow.pc4} AB")
    bedrijf.get_by_role("button", name="Bedrijf aanmelden").click()
    bedrijf.wait_for_url("**/stagebank/bedrijf/*?gedaan=aangemeld")
    bedrijf_pad = bedrijf.url.split("?", 1)[0]

    # 2. the region confirms it
    regio_ctx = _context(browser, toezicht, flow)
    regio_pad = f"/regio/{flow.codes.regio}/stagebank"
    regio = _inloggen(regio_ctx, toezicht, flow.accounts["regio"].email, regio_pad)
    regio.get_by_role("button", name=BEDRIJF).click()  # "Bevestigen: <name>"
    regio.wait_for_url(f"**{regio_pad}?bevestigd=*")
    assert BEDRIJF in regio.locator("#kop-bevestigd").locator("..").inner_text()

    # 3. the company publishes a place
    bedrijf.goto(bedrijf_pad)
    begin, eind = date.today() + timedelta(days=40), date.today() + timedelta(days=100)
    bedrijf.get_by_label("Korte naam van de stageplaats").fill(TITEL)
    bedrijf.get_by_label("Produceren, installeren en energie").check()
    bedrijf.get_by_label("kaderberoepsgerichte leerweg").check()
    bedrijf.get_by_label("Van", exact=True).fill(begin.isoformat())
    bedrijf.get_by_label("Tot en met", exact=True).fill(eind.isoformat())
    bedrijf.get_by_label("Aantal plaatsen").fill("2")
    bedrijf.get_by_label("Adres (straat en huisnummer)").fill("Havenweg 12")
    bedrijf.get_by_label("Postcode").fill(f"{flow.pc4} AB")
    bedrijf.get_by_label("Naam", exact=True).fill("Sanne van Dam")
    bedrijf.get_by_label("E-mailadres").fill("stage@vandam.example")
    bedrijf.get_by_role("button", name="Stageplaats publiceren").click()
    bedrijf.wait_for_url(f"**{bedrijf_pad}?*")
    assert TITEL in bedrijf.inner_text("main")

    # 4. the school searches within 10 km of its vestiging, as a person types it
    school_ctx = _context(browser, toezicht, flow)
    school = _inloggen(school_ctx, toezicht, flow.accounts["school"].email, "/stagebank/bewaard")
    school.goto("/stagebank")
    v = flow.vestiging
    school.get_by_label("Uw school").fill(f"{v.naam}, {v.plaats} ({v.code})")
    school.get_by_label("Afstand (km, hemelsbreed)").fill("10")
    school.get_by_role("button", name="Zoeken").click()
    school.wait_for_url("**/stagebank?*")
    treffers = school.locator(".sbz-treffers > li")
    assert treffers.count() == 1
    assert TITEL in treffers.first.inner_text() and BEDRIJF in treffers.first.inner_text()
    assert school.locator("svg.sbz-kaart a.sbz-punt").count() == 1
    assert school.locator("svg.sbz-kaart .sbz-straal").count() == 1
    problemen = bekijk(school, "zoeken")
    zoek_url = school.url

    # the place's own page
    school.get_by_role("link", name=TITEL, exact=True).click()
    school.wait_for_url("**/stagebank/plaats/*")
    assert "stage@vandam.example" in school.inner_text("main")
    assert "Sanne van Dam" in school.inner_text("main")
    problemen += bekijk(school, "plaats")
    plaats_url = school.url

    # 5. the feed: the Atom link works and lists the place
    school.goto(zoek_url)
    href = school.get_by_role("link", name="Deze zoekvraag als feed (Atom)").get_attribute("href")
    assert href and href.startswith("/stagebank/feed.atom?")
    feed = school_ctx.request.get(flow.base + href)
    assert feed.status == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [plaats_url]  # type: ignore[union-attr]
    assert TITEL in (entries[0].findtext(f"{ATOM}title") or "")

    # 6. and saves the search
    school.get_by_role("link", name="Bewaar deze zoekopdracht").click()
    school.wait_for_url("**/stagebank/bewaard?*")
    problemen += bekijk(school, "bewaren")
    school.get_by_role("button", name="Zoekopdracht bewaren").click()
    school.wait_for_url("**/stagebank/bewaard?gedaan=bewaard")
    lijst = school.locator(".sbz-bewaard > li")
    assert lijst.count() == 1 and "Binnen 10 km van" in lijst.first.inner_text()
    assert lijst.first.get_by_role("link", name="feed (Atom) van deze zoekopdracht").count() == 1
    problemen += bekijk(school, "bewaard")

    # a fuller map, for the photograph: more places up to 20 km around the school
    meer = _meer_plaatsen(flow, bedrijf_pad.rsplit("/", 1)[-1])
    school.goto(f"/stagebank?vestiging={v.code}&straal=20")
    assert school.locator(".sbz-treffers > li").count() == 1 + meer
    problemen += bekijk(school, "zoeken-20km")

    for ctx in (bedrijf_ctx, regio_ctx, school_ctx):
        ctx.close()
    assert not problemen, "\n".join(problemen)
    toezicht.geen_problemen()
