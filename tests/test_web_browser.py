"""The dashboard in a real headless Chromium: charts drawn, maps interactive, explorer, a11y.

Every page runs offline (a request to any host but 127.0.0.1 is blocked and fails the test) and
without console errors. What a table shows is compared with the published indicator table,
computed independently from the warehouse (see test_web_api).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.tekst import schooljaar
from tests import browser as chromium
from tests.test_web_api import getypeerd, published, region_codes, select, small_cell
from tests.web_fixtures import csv_cel

# the browser fixtures (web_db and web_server come from tests/web_fixtures.py, a plugin)
Toezicht = chromium.Toezicht

FILTERS = ("schooljaar", "regio", "profiel", "leerweg")
GETEKEND = """() => {
    const charts = [...document.querySelectorAll('.vega')];
    return charts.length > 0 && charts.every(e => e.getAttribute('data-getekend') === 'ja');
}"""
TABELLEN = """() => [...document.querySelectorAll('main table')].map(t => ({
    id: t.id,
    kop: [...t.querySelectorAll('thead th')].map(th =>
        th.dataset.kolom || th.textContent.replace(/[▲▼]/g, '').trim()),
    rijen: [...t.querySelectorAll('tbody tr')].map(tr =>
        [...tr.querySelectorAll('td, th')].map(td => td.textContent.replace(/\\s+/g, ' ').trim()))
}))"""
FORMULIER = """() => {
    const select = document.querySelector('select[name="regio"]');
    return select ? Object.fromEntries(new FormData(select.form)) : null;
}"""

Tabel = tuple[list[str], list[list[str]]]


def toon(kolom: str, waarde: Any) -> str:
    """A published value as the dashboard writes it in a table (Dutch notation)."""
    if kolom == "schooljaar":
        return schooljaar(waarde)
    return weergave(waarde).replace("\u2013", "-")


def tabel(page: Page, kolom: str = "regio") -> Tabel:
    """The data table of the page: the explorer's, else the largest table with ``kolom``."""
    tabellen: list[dict[str, Any]] = page.evaluate(TABELLEN)
    kandidaten = [t for t in tabellen if t["id"] == "verkenner-tabel"] or sorted(
        (t for t in tabellen if kolom in t["kop"]), key=lambda t: -len(t["rijen"])
    )
    assert kandidaten, f"geen tabel met een kolom {kolom!r} op {page.url}"
    kop, rijen = kandidaten[0]["kop"], kandidaten[0]["rijen"]
    return kop, [[c.replace("\u2013", "-") for c in rij] for rij in rijen]


def verwacht(kop: list[str], rijen: list[dict[str, Any]]) -> list[list[str]]:
    """Published rows as table rows over the columns ``kop``."""
    ontbreekt = [k for k in kop if rijen and k not in rijen[0]]
    assert not ontbreekt, f"kolomkoppen die geen kolom van de tabel zijn: {ontbreekt}"
    return [[toon(k, r[k]) for k in kop] for r in rijen]


def wacht_op_grafieken(page: Page) -> None:
    page.wait_for_function(GETEKEND)


# ---- overview ----------------------------------------------------------------------------------


def test_overview_draws_every_chart(page: Page, toezicht: Toezicht) -> None:
    antwoord = page.goto("/")
    assert antwoord is not None and antwoord.status == 200
    wacht_op_grafieken(page)
    grafieken = page.locator(".vega")
    assert grafieken.count() >= 4
    for i in range(grafieken.count()):
        assert grafieken.nth(i).locator("svg").count() >= 1, f"grafiek {i} zonder svg"
        assert grafieken.nth(i).locator("svg .mark-rect, svg .mark-line").count() >= 1
    toezicht.geen_problemen()


def test_skip_link_is_the_first_tab_stop(page: Page, toezicht: Toezicht) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focus = page.evaluate(
        "() => [document.activeElement.textContent.trim(), "
        "document.activeElement.getAttribute('href')]"
    )
    assert focus == ["Naar de inhoud", "#inhoud"]
    assert page.locator("a.naar-inhoud").is_visible()  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    toezicht.geen_problemen()


def test_phone_has_no_horizontal_scroll(page: Page, toezicht: Toezicht) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    wacht_op_grafieken(page)
    breedte = page.evaluate("() => document.documentElement.scrollWidth")
    assert breedte <= 375 + 1, f"pagina is {breedte}px breed op een telefoon van 375px"
    toezicht.geen_problemen()


# ---- region page: the map ----------------------------------------------------------------------


def _ring_zichtbaar(page: Page, vestiging: int) -> bool:
    zichtbaar: bool = page.evaluate(
        """(i) => {
            const ring = document.querySelectorAll('svg.kaart g.vestiging')[i]
                .querySelector('.ring');
            const s = getComputedStyle(ring);
            return s.display !== 'none' && s.visibility !== 'hidden';
        }""",
        vestiging,
    )
    return zichtbaar


def test_region_map_shows_ring_on_hover(page: Page, toezicht: Toezicht, web_db: Path) -> None:
    code = region_codes(web_db)[0]
    antwoord = page.goto(f"/regio/{code}")
    assert antwoord is not None and antwoord.status == 200
    vestigingen = page.locator("svg.kaart g.vestiging")
    assert vestigingen.count() >= 1, "geen vestiging op de kaart"
    assert vestigingen.first.locator(".ring").count() == 1, "vestiging zonder ring"
    assert not _ring_zichtbaar(page, 0), "ring is al zichtbaar zonder hover"
    # the first vestiging the mouse can reach (a legend may lie over a point)
    for i in range(min(vestigingen.count(), 10)):
        try:
            vestigingen.nth(i).locator("circle:not(.ring)").hover(timeout=2_000)
        except PlaywrightError:
            continue
        assert _ring_zichtbaar(page, i), f"ring van vestiging {i} blijft verborgen bij hover"
        break
    else:
        pytest.fail("geen vestiging op de kaart is met de muis bereikbaar")
    page.mouse.move(0, 0)
    assert not _ring_zichtbaar(page, i)
    # and with the keyboard: focus on the vestiging (or its link) shows the ring as well
    g = vestigingen.nth(i)
    (g if g.get_attribute("tabindex") is not None else g.locator("a").first).focus()
    assert _ring_zichtbaar(page, i), "ring blijft verborgen bij toetsenbordfocus"
    toezicht.geen_problemen()


# ---- explorer ----------------------------------------------------------------------------------


def _formulier(page: Page) -> dict[str, str]:
    waarden: dict[str, str] | None = page.evaluate(FORMULIER)
    assert waarden is not None, f"geen filter met name=regio op {page.url}"
    return waarden


def _gekozen(formulier: dict[str, str]) -> dict[str, Any]:
    """The filters set in the form, as values of the published table."""
    return {
        k: int(v) if k == "schooljaar" else v
        for k, v in formulier.items()
        if k in FILTERS and v != ""
    }


def test_explorer_filter_download_and_permalink(
    page: Page, toezicht: Toezicht, web_db: Path
) -> None:
    naam = "techniekaandeel"
    page.goto(f"/verkenner?indicator={naam}")
    code = region_codes(web_db)[0]
    kop, voor = tabel(page)
    assert {toon("regio", code)} < {r[kop.index("regio")] for r in voor}, "al gefilterd?"

    page.select_option('select[name="regio"]', code)
    form = page.locator('select[name="regio"]').locator("xpath=ancestor::form")
    with page.expect_navigation():
        knop = form.locator('[type="submit"]')
        if knop.count():
            knop.first.click()
        else:
            form.evaluate("f => f.requestSubmit()")
    formulier = _formulier(page)
    assert formulier.get("indicator", naam) == naam
    filters = _gekozen(formulier)
    assert filters.get("regio") == code
    kop, rijen = tabel(page)
    assert rijen, "geen rijen na het filter"
    assert {r[kop.index("regio")] for r in rijen} == {code}
    alle = published(web_db, naam).to_pylist()
    assert sorted(rijen) == sorted(verwacht(kop, select(alle, filters)))

    # the CSV download holds exactly the rows of the table
    link = page.locator('a[href^="/verkenner.csv"]')
    assert link.count() >= 1, "geen CSV-download op de pagina"
    href = link.first.get_attribute("href")
    assert href is not None
    download = page.request.get(urljoin(page.url, href))
    assert download.status == 200
    tekst = download.text().lstrip("\ufeff")
    # the CSV holds the typed open-data contract (numbers, _min, _max, _status) of those rows
    csv_rijen = list(csv.reader(io.StringIO(tekst)))
    getypeerd_ = getypeerd(web_db, naam)
    assert csv_rijen[0] == getypeerd_.column_names
    assert sorted(csv_rijen[1:]) == sorted(
        [csv_cel(v) for v in r.values()] for r in select(getypeerd_.to_pylist(), filters)
    )

    # the permalink (the URL of the page) shows the same view in a new page
    nieuw = toezicht.volg(page.context.new_page())
    nieuw.goto(page.url)
    assert tabel(nieuw) == (kop, rijen)
    assert _formulier(nieuw) == formulier
    nieuw.close()
    toezicht.geen_problemen()


def test_explorer_shows_suppressed_cell(page: Page, toezicht: Toezicht, web_db: Path) -> None:
    cel = small_cell(web_db)
    if cel is None:
        pytest.skip("de gegenereerde data heeft geen aantal van 1-4 in een regionale tabel")
    antwoord = page.goto(f"/verkenner?{urlencode({'indicator': cel.naam, **cel.filters})}")
    assert antwoord is not None and antwoord.status == 200
    kop, rijen = tabel(page)
    sleutels = [k for k in cel.filters if k in kop]
    gezocht = [toon(k, cel.filters[k]) for k in sleutels]
    rij = [r for r in rijen if [r[kop.index(k)] for k in sleutels] == gezocht]
    assert len(rij) == 1, f"rij {cel.filters} niet (één keer) in de tabel: {rijen}"
    assert rij[0][kop.index(cel.kolom)] == "<5"
    assert f"{cel.laag}-{cel.hoog}" not in rij[0]
    toezicht.geen_problemen()
