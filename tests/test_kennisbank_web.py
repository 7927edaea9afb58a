"""The kennisbank's pages over a real server (issue 19): contribute, moderate, find, use.

One module-scoped set-up (a copied warehouse, one account per role, ``sto serve`` on loopback
with its own SQLite application database); the steps run in order, each on what the previous
one left: a region contributes (a concept: not on the public page, not found), a wrong form
keeps what was typed and names each field, the national team publishes (the public page, the
search with its facets and the region page show it, the cached region page included), refuses
with and without a reason, a school contributes for its vestiging's region, a summary with a
script and a ``javascript:`` link stays inert, "wij gebruiken dit" raises the count and the
ranking, another region cannot edit. Plus Chromium at 1366 and 375 px.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser as Chromium

from sto_monitor.appdb.tabellen import KennisItem, KennisOogstRecord
from sto_monitor.kennisbank import opslag
from sto_monitor.kennisbank.item import Item
from tests.conftest import REPO
from tests.web_sessies import WACHTWOORD, Browser, Ingericht, csrf_van, ingericht

ARTEFACTEN = REPO / "build" / "artefacten"
_TE_BREED = """(w) => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w)
  .slice(0, 8).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingericht]:
    with ingericht(web_db, tmp_path_factory.mktemp("kennisbank-web")) as i:
        yield i


@pytest.fixture(scope="module")
def regio(o: Ingericht) -> Browser:
    return o.als("regio")


@pytest.fixture(scope="module")
def landelijk(o: Ingericht) -> Browser:
    return o.als("landelijk")


def _velden(o: Ingericht, titel: str, **anders: str) -> dict[str, str]:
    velden = {
        "titel": titel,
        "samenvatting": "Leerlingen oefenen **laswerk** in een echte werkplaats.",
        "soort": "lesmateriaal",
        "regios": o.codes.regio,
        "profielen": "PIE",
        "themas": "monitor.stages",
        "niveaus": "vmbo_bb",
        "licentie": "CC-BY-SA-4.0",
        "links": "https://example.org/lassen\nhttps://example.org/werkplaats",
        "contact": "info@example.org",
    }
    velden.update(anders)
    return velden


def _draag_bij(o: Ingericht, b: Browser, titel: str, **anders: str) -> int:
    formulier = b.get("/kennisbank/nieuw")
    assert formulier.status == 200, formulier.text[:1000]
    antwoord = b.post(
        "/kennisbank", {"csrf": csrf_van(formulier.text), **_velden(o, titel, **anders)}
    )
    assert antwoord.status == 303, antwoord.text[:2000]
    assert antwoord.kop("location") == "/kennisbank/mijn?gedaan=nieuw"
    with o.db.transactie() as s:
        k = s.query(KennisItem).filter(KennisItem.titel == titel).one()
        return k.id


def _publiceer(landelijk: Browser, item_id: int) -> None:
    wachtrij = landelijk.get("/kennisbank/moderatie")
    assert wachtrij.status == 200, wachtrij.text[:1000]
    antwoord = landelijk.post(
        f"/kennisbank/{item_id}/publiceren", {"csrf": csrf_van(wachtrij.text)}
    )
    assert antwoord.status == 303, antwoord.text[:1000]


def _status(o: Ingericht, item_id: int) -> str:
    with o.db.transactie() as s:
        k = s.get(KennisItem, item_id)
        assert k is not None
        return k.status


def _item(o: Ingericht, titel: str) -> int:
    with o.db.transactie() as s:
        return s.query(KennisItem).filter(KennisItem.titel == titel).one().id


def test_a_region_contributes_a_concept_nobody_sees_yet(o: Ingericht, regio: Browser) -> None:
    formulier = regio.get("/kennisbank/nieuw")
    assert formulier.status == 200
    # the own regio is ticked already; the licences are explained
    assert f'name="regios" value="{o.codes.regio}" checked' in formulier.text
    assert f'name="regios" value="{o.codes.regio_ander}" checked' not in formulier.text
    assert "Creative Commons" in formulier.text and "naamsvermelding" in formulier.text
    item_id = _draag_bij(o, regio, "Lassen in de werkplaats")
    assert _status(o, item_id) == opslag.CONCEPT
    mijn = regio.get("/kennisbank/mijn?gedaan=nieuw")
    assert "wacht op controle door het landelijk team" in mijn.text
    assert "Lassen in de werkplaats" in mijn.text and f"/kennisbank/{item_id}/bewerken" in mijn.text
    anoniem = Browser(o.base)
    assert anoniem.get(f"/kennisbank/{item_id}").status == 404
    zoeken = anoniem.get("/kennisbank?q=lassen")
    assert zoeken.status == 200 and "Lassen in de werkplaats" not in zoeken.text
    assert "Niets gevonden" in zoeken.text


def test_a_wrong_form_keeps_the_input_and_names_each_field(o: Ingericht, regio: Browser) -> None:
    formulier = regio.get("/kennisbank/nieuw")
    velden = _velden(o, "Robotica <voor> iedereen", soort="", themas="", links="ftp://oud")
    antwoord = regio.post("/kennisbank", {"csrf": csrf_van(formulier.text), **velden})
    assert antwoord.status == 400, antwoord.text[:1000]
    tekst = antwoord.text
    assert 'value="Robotica &lt;voor&gt; iedereen"' in tekst  # typed, and escaped
    assert "Leerlingen oefenen **laswerk**" in tekst
    assert 'value="PIE" checked' in tekst and 'value="vmbo_bb" checked' in tekst
    assert 'value="CC-BY-SA-4.0" checked' in tekst
    assert "ftp://oud" in tekst and "info@example.org" in tekst
    for veld in ("soort", "themas", "links"):
        assert f'id="fout-{veld}"' in tekst, veld
    assert 'id="fout-titel"' not in tekst
    assert "Kies er minstens één." in tekst
    onbekend = regio.post(
        "/kennisbank", {"csrf": csrf_van(formulier.text), **_velden(o, "Robotica", regios="XX99")}
    )
    assert onbekend.status == 400 and 'id="fout-regios"' in onbekend.text
    assert "Onbekende regio" in onbekend.text
    with o.db.transactie() as s:
        assert s.query(KennisItem).filter(KennisItem.titel.like("Robotica%")).count() == 0


def test_the_national_team_publishes_and_everyone_finds_it(
    o: Ingericht, regio: Browser, landelijk: Browser
) -> None:
    item_id = _item(o, "Lassen in de werkplaats")
    anoniem = Browser(o.base)
    regiopagina = f"/regio/{o.codes.regio}"
    voor = anoniem.get(regiopagina)  # now in the page cache
    assert voor.status == 200 and "nog niets in de kennisbank" in voor.text
    wachtrij = landelijk.get("/kennisbank/moderatie")
    assert "Lassen in de werkplaats" in wachtrij.text
    assert "<strong>laswerk</strong>" in wachtrij.text  # the preview, rendered
    assert regio.get("/kennisbank/moderatie").status == 403
    _publiceer(landelijk, item_id)
    assert _status(o, item_id) == opslag.GEPUBLICEERD
    pagina = anoniem.get(f"/kennisbank/{item_id}")
    assert pagina.status == 200, pagina.text[:1000]
    assert pagina.kop("cache-control") == "no-cache" and pagina.kop("etag")
    assert not pagina.cookies()  # the same page for everyone: no session, no cookie
    tekst = pagina.text
    assert "<strong>laswerk</strong>" in tekst
    assert "CC BY-SA 4.0 (naamsvermelding, gelijk delen)" in tekst
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in tekst
    assert "Stages en samenwerking met bedrijven" in tekst  # the theme by its Dutch name
    assert "Produceren, installeren en energie" in tekst
    assert "vmbo basisberoepsgerichte leerweg" in tekst
    assert 'href="https://example.org/werkplaats"' in tekst and "info@example.org" in tekst
    assert f'href="/kennisbank/{item_id}/gebruik"' in tekst
    opnieuw = anoniem.get(f"/kennisbank/{item_id}", koppen={"If-None-Match": pagina.kop("etag")})
    assert opnieuw.status == 304
    # the search stems: "laswerk" in the summary is found by "lassen"; facets with counts
    zoeken = anoniem.get("/kennisbank?q=lassen")
    assert f'href="/kennisbank/{item_id}"' in zoeken.text
    assert re.search(
        r'value="lesmateriaal"> Lesmateriaal <span class="kb-aantal">\(1\)', zoeken.text
    )
    assert "Gebruikt door 0 regio's" in zoeken.text
    gefilterd = anoniem.get("/kennisbank?q=lassen&soort=onderzoek")
    assert f'href="/kennisbank/{item_id}"' not in gefilterd.text
    assert 'value="onderzoek" checked' in gefilterd.text  # the state stays in the form
    # the cached region page follows the publication
    na = anoniem.get(regiopagina)
    assert f'href="/kennisbank/{item_id}">Lassen in de werkplaats</a>' in na.text


def test_refusing_needs_a_reason_which_the_contributor_reads(
    o: Ingericht, regio: Browser, landelijk: Browser
) -> None:
    item_id = _draag_bij(o, regio, "Gastlessen van bedrijven")
    wachtrij = landelijk.get("/kennisbank/moderatie")
    te_lang = "x" * (opslag.MAX_REDEN + 1)
    antwoord = landelijk.post(
        f"/kennisbank/{item_id}/weigeren", {"csrf": csrf_van(wachtrij.text), "reden": te_lang}
    )
    assert antwoord.status == 400
    assert "te lang" in antwoord.text and te_lang in antwoord.text  # typed text kept
    leeg = landelijk.post(
        f"/kennisbank/{item_id}/weigeren", {"csrf": csrf_van(wachtrij.text), "reden": "  "}
    )
    assert leeg.status == 400 and "Geef een reden op" in leeg.text
    assert f'id="fout-reden-{item_id}"' in leeg.text
    assert _status(o, item_id) == opslag.CONCEPT
    reden = "Voeg een link naar het lesmateriaal toe."
    goed = landelijk.post(
        f"/kennisbank/{item_id}/weigeren", {"csrf": csrf_van(wachtrij.text), "reden": reden}
    )
    assert goed.status == 303
    assert _status(o, item_id) == opslag.GEWEIGERD
    mijn = regio.get("/kennisbank/mijn").text
    assert "Geweigerd" in mijn and reden in mijn
    assert Browser(o.base).get(f"/kennisbank/{item_id}").status == 404


def test_a_school_contributes_for_its_vestigings_region(o: Ingericht) -> None:
    school = o.als("school")
    formulier = school.get("/kennisbank/nieuw")
    assert f'name="regios" value="{o.codes.regio}" checked' in formulier.text
    antwoord = school.post(
        "/kennisbank",
        {"csrf": csrf_van(formulier.text), **_velden(o, "Techniekmiddag op school")},
    )
    assert antwoord.status == 303, antwoord.text[:2000]
    with o.db.transactie() as s:
        k = s.query(KennisItem).filter(KennisItem.titel == "Techniekmiddag op school").one()
        assert (k.regio, k.vestiging, k.status) == (o.codes.regio, o.codes.vestiging, "concept")
    assert "Techniekmiddag op school" in school.get("/kennisbank/mijn").text
    # the national team sees which school sent it, and in which region
    wachtrij = o.als("landelijk").get("/kennisbank/moderatie").text
    door = re.search(
        r"Techniekmiddag op school</h2>\s*<p[^>]*>.*?ingestuurd door ([^·<]+)", wachtrij
    )
    assert door and o.codes.vestiging not in door.group(1) and "(Regio" in door.group(1)
    # the school's region sees it among its items too; the other school does not
    assert "Techniekmiddag op school" in o.als("regio").get("/kennisbank/mijn").text
    assert "Techniekmiddag op school" not in o.als("school_ander").get("/kennisbank/mijn").text


def test_a_script_in_a_summary_stays_inert(
    o: Ingericht, regio: Browser, landelijk: Browser
) -> None:
    samenvatting = (
        "Voorbeeld <script>alert('xss')</script> en "
        "[klik hier](javascript:alert(1)) en <img src=x onerror=alert(2)>"
    )
    item_id = _draag_bij(o, regio, "Veilig <b>delen</b>", samenvatting=samenvatting)
    wachtrij = landelijk.get("/kennisbank/moderatie").text
    _publiceer(landelijk, item_id)
    for tekst in (wachtrij, Browser(o.base).get(f"/kennisbank/{item_id}").text):
        assert "<script>alert" not in tekst and "&lt;script&gt;" in tekst  # shown as text
        assert 'href="javascript' not in tekst.lower()
        assert "<img" not in tekst and "<b>delen" not in tekst
        assert "Veilig &lt;b&gt;delen&lt;/b&gt;" in tekst


def test_a_region_that_uses_an_item_raises_its_count_and_rank(
    o: Ingericht, landelijk: Browser
) -> None:
    lassen, veilig = _item(o, "Lassen in de werkplaats"), _item(o, "Veilig <b>delen</b>")
    anoniem = Browser(o.base)
    alles = anoniem.get("/kennisbank").text
    assert alles.index(f'href="/kennisbank/{veilig}"') < alles.index(f'href="/kennisbank/{lassen}"')
    ander = o.als("regio_ander")
    formulier = ander.get(f"/kennisbank/{lassen}/gebruik")
    assert formulier.status == 200 and "Wij gebruiken dit" in formulier.text
    doel = f"/regio/{o.codes.regio_ander}/kennisbank/{lassen}/gebruik"
    assert f'action="{doel}"' in formulier.text
    antwoord = ander.post(doel, {"csrf": csrf_van(formulier.text), "gebruik": "ja"})
    assert antwoord.status == 303 and antwoord.kop("location") == f"/kennisbank/{lassen}"
    pagina = anoniem.get(f"/kennisbank/{lassen}").text
    assert "1 regio gebruikt dit" in pagina and f'href="/regio/{o.codes.regio_ander}"' in pagina
    alles = anoniem.get("/kennisbank").text
    assert alles.index(f'href="/kennisbank/{lassen}"') < alles.index(f'href="/kennisbank/{veilig}"')
    assert "Gebruikt door 1 regio<" in alles
    # another region's mark is refused; the national team marks for a region it chooses
    geweigerd = ander.post(
        f"/regio/{o.codes.regio}/kennisbank/{lassen}/gebruik",
        {"csrf": csrf_van(formulier.text), "gebruik": "ja"},
    )
    assert geweigerd.status == 403
    kiezen = landelijk.get(f"/kennisbank/{lassen}/gebruik?regio={o.codes.regio}")
    assert kiezen.status == 200
    assert f'action="/regio/{o.codes.regio}/kennisbank/{lassen}/gebruik"' in kiezen.text
    antwoord = landelijk.post(
        f"/regio/{o.codes.regio}/kennisbank/{lassen}/gebruik",
        {"csrf": csrf_van(kiezen.text), "gebruik": "ja"},
    )
    assert antwoord.status == 303
    assert "2 regio's gebruiken dit" in anoniem.get(f"/kennisbank/{lassen}").text
    # a school holds the right but marks nothing: a page that says so, not a 403
    school = o.als("school").get(f"/kennisbank/{lassen}/gebruik")
    assert school.status == 200 and "Alleen een regio kan melden" in school.text
    assert '/gebruik" ' not in school.text and 'name="gebruik"' not in school.text
    # and unmarking lowers the count again
    formulier = ander.get(f"/kennisbank/{lassen}/gebruik")
    assert "Wij gebruiken dit niet meer" in formulier.text
    ander.post(doel, {"csrf": csrf_van(formulier.text), "gebruik": "nee"})
    assert "1 regio gebruikt dit" in anoniem.get(f"/kennisbank/{lassen}").text


def test_only_the_own_region_edits_and_an_edit_is_checked_again(
    o: Ingericht, regio: Browser
) -> None:
    lassen = _item(o, "Lassen in de werkplaats")
    ander = o.als("regio_ander")
    assert ander.get(f"/kennisbank/{lassen}/bewerken").status == 403
    pagina = ander.get("/kennisbank/nieuw")
    poging = ander.post(
        f"/kennisbank/{lassen}", {"csrf": csrf_van(pagina.text), **_velden(o, "Overgenomen")}
    )
    assert poging.status == 403
    assert regio.get("/kennisbank/999999/bewerken").status == 404
    assert Browser(o.base).get("/kennisbank/999999").status == 404
    formulier = regio.get(f"/kennisbank/{lassen}/bewerken")
    assert formulier.status == 200 and 'value="Lassen in de werkplaats"' in formulier.text
    assert "gepubliceerd" in formulier.text
    fout = regio.post(
        f"/kennisbank/{lassen}",
        {"csrf": csrf_van(formulier.text), **_velden(o, "", niveaus="")},
    )
    assert (
        fout.status == 400 and 'id="fout-titel"' in fout.text and 'id="fout-niveaus"' in fout.text
    )
    assert _status(o, lassen) == opslag.GEPUBLICEERD  # nothing changed
    regiopagina = f"/regio/{o.codes.regio}"
    assert "Lassen in de werkplaats" in Browser(o.base).get(regiopagina).text
    goed = regio.post(
        f"/kennisbank/{lassen}",
        {"csrf": csrf_van(formulier.text), **_velden(o, "Lassen in de werkplaats, versie 2")},
    )
    assert goed.status == 303, goed.text[:1000]
    assert _status(o, lassen) == opslag.CONCEPT
    assert Browser(o.base).get(f"/kennisbank/{lassen}").status == 404
    assert "Lassen in de werkplaats" not in Browser(o.base).get(regiopagina).text
    # checked again and published: the new title is public, the use marks kept
    _publiceer(o.als("landelijk"), lassen)
    weer = Browser(o.base).get(f"/kennisbank/{lassen}").text
    assert "Lassen in de werkplaats, versie 2" in weer and "1 regio gebruikt dit" in weer


def test_a_harvested_item_names_its_source(o: Ingericht) -> None:
    item = Item(
        titel="Solderen voor beginners",
        samenvatting="Een les over solderen.\n\nOvergenomen uit Edurep.",
        soort="lesmateriaal",
        licentie="CC-BY-4.0",
        regios=(opslag.LANDELIJK,),
        themas=("aandacht.leeromgeving",),
        niveaus=("vmbo_kb",),
        links=("https://example.org/solderen",),
    )
    with o.db.transactie() as s:
        k = opslag.importeer(s, "terminal:oogst", item, bestaand=None, bron="Edurep")
        s.add(KennisOogstRecord(bron="Edurep", identifier="oai:x:1", item_id=k.id, datestamp="x"))
        item_id = k.id
    pagina = Browser(o.base).get(f"/kennisbank/{item_id}").text
    assert "overgenomen uit Edurep" in pagina and "Landelijk (geen bepaalde regio)" in pagina
    assert "Solderen voor beginners" in Browser(o.base).get("/kennisbank?q=solderen").text
    # the national team's own list holds neither harvested items nor what it moderated
    mijn = o.als("landelijk").get("/kennisbank/mijn")
    assert mijn.status == 200 and "U hebt nog niets gedeeld" in mijn.text


@pytest.mark.parametrize(
    ("rol", "naam", "pad"),
    [
        (None, "zoeken", "/kennisbank"),
        (None, "item", "/kennisbank/{lassen}"),
        ("regio", "formulier", "/kennisbank/nieuw"),
        ("landelijk", "moderatie", "/kennisbank/moderatie"),
    ],
)
def test_the_pages_fit_a_phone(
    o: Ingericht, browser: Chromium, rol: str | None, naam: str, pad: str
) -> None:
    pad = pad.format(lassen=_item(o, "Lassen in de werkplaats, versie 2"))
    context = browser.new_context(viewport={"width": 1366, "height": 800}, base_url=o.base)
    try:
        page = context.new_page()
        if rol is not None:
            page.goto("/inloggen")
            page.get_by_label("E-mailadres").fill(o.accounts[rol].email)
            page.get_by_label("Wachtwoord").fill(WACHTWOORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_load_state()
        page.goto(pad)
        if naam == "formulier":  # the form as it comes back with its messages
            page.get_by_label("Titel").fill("Een titel")
            page.get_by_label("Korte beschrijving").fill("Wat het is en voor wie.")
            page.get_by_role("button", name="Insturen ter controle").click()
            page.wait_for_load_state()
            assert page.locator("#fout-themas").is_visible()
            assert page.get_by_label("Titel").input_value() == "Een titel"
        assert page.get_by_role("heading", level=1).is_visible()
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)
        for breedte in (1366, 375):
            page.set_viewport_size({"width": breedte, "height": 800})
            page.screenshot(
                path=str(ARTEFACTEN / f"kennisbank-{naam}-{breedte}.png"), full_page=True
            )
            breed = page.evaluate("() => document.documentElement.scrollWidth")
            te_breed = page.evaluate(_TE_BREED, breedte)
            assert breed <= breedte, f"{naam} is {breed}px breed op {breedte}px: {te_breed}"
    finally:
        context.close()
