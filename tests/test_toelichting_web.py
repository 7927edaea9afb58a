"""Toelichtingen over real HTTP: a real ``sto serve`` on a copy of the shared warehouse.

A region signs in, writes and publishes a toelichting, and an anonymous reader sees it on the
public region page and in the regioportret (the cached pages are dropped at once); a write by
another process appears within seconds; the national team hides one with a reason; a school
writes for its own vestiging; another region is refused; the text comes out inert.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.toelichting import opslag
from sto_monitor.toelichting.opmaak import MAX_TEKST
from tests.web_sessies import Antwoord, Browser, Ingericht, ingericht

INDICATOR = "techniekaandeel_per_regio"
JAAR = "2024"


@dataclass
class Opstelling(Ingericht):
    snap: Snapshot


@pytest.fixture(scope="module")
def opstelling(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    with ingericht(web_db, tmp_path_factory.mktemp("toelichting-web")) as i:
        yield Opstelling(**i.velden(), snap=laad(i.warehouse, indicatoren=()))


def csrf(browser: Browser, pad: str) -> str:
    pagina = browser.get(pad)
    assert pagina.status == 200, (pad, pagina.status, pagina.text[:500])
    gevonden = pagina.text.split('name="csrf" value="', 1)
    assert len(gevonden) == 2, f"geen CSRF-token op {pad}"
    return gevonden[1].split('"', 1)[0]


def schrijf(
    browser: Browser, regio: str, tekst: str, *, actie: str = "publiceren", **velden: str
) -> Antwoord:
    nieuw = f"/regio/{regio}/toelichting/nieuw?" + urlencode(
        {"onderwerp": INDICATOR, "schooljaar": JAAR}
    )
    token = csrf(browser, nieuw)
    return browser.post(
        f"/regio/{regio}/toelichting",
        {
            "csrf": token,
            "onderwerp": INDICATOR,
            "schooljaar": JAAR,
            "tekst": tekst,
            "actie": actie,
            **velden,
        },
    )


def publiek(o: Opstelling, pad: str) -> Antwoord:
    return Browser(o.base).get(pad)


def wacht_op(o: Opstelling, pad: str, stukje: str, *, aanwezig: bool = True) -> str:
    """The public page once ``stukje`` is (or is no longer) on it, within 8 seconds."""
    einde = time.monotonic() + 8
    while True:
        tekst = publiek(o, pad).text
        if (stukje in tekst) == aanwezig or time.monotonic() > einde:
            return tekst
        time.sleep(0.25)


def test_a_region_writes_publishes_and_the_public_page_shows_it(o: Opstelling) -> None:
    regio = o.codes.regio
    voor = publiek(o, f"/regio/{regio}")  # the page is in the cache before the write
    assert voor.status == 200 and "Toelichting van de regio" not in voor.text
    assert "Mijn regio" in voor.text and "Ingelogd als" not in voor.text
    portret_voor = publiek(o, f"/regio/{regio}/regioportret.html")
    assert portret_voor.status == 200

    browser = o.als("regio")
    mijn = browser.get("/mijn")
    assert mijn.status == 303 and mijn.kop("location") == f"/mijn/regio/{regio}"
    pagina = browser.get(f"/mijn/regio/{regio}")
    assert pagina.status == 200 and pagina.kop("cache-control") == "no-store"
    assert "Ingelogd als" in pagina.text and 'action="/uitloggen"' in pagina.text
    assert f"/regio/{regio}/toelichting/nieuw?onderwerp={INDICATOR}" in pagina.text

    tekst = "In ons **centrum** groeit techniek.\n\n- meer instroom\n- [plan](https://sto.nl/plan)"
    antwoord = schrijf(browser, regio, tekst)
    assert antwoord.status == 303, antwoord.text[:500]
    assert antwoord.kop("location") == f"/mijn/regio/{regio}?gedaan=gepubliceerd"
    assert antwoord.kop("cache-control") == "no-store"

    # at once: this process dropped the cached pages of the region
    pagina = publiek(o, f"/regio/{regio}")
    assert "In ons <strong>centrum</strong> groeit techniek." in pagina.text
    assert '<a href="https://sto.nl/plan" rel="noopener nofollow ugc">plan</a>' in pagina.text
    assert "Toelichting van de regio, " in pagina.text
    assert o.accounts["regio"].email not in pagina.text
    assert pagina.kop("etag") and pagina.kop("cache-control") == "no-cache"  # cached again
    portret = publiek(o, f"/regio/{regio}/regioportret.html")
    assert "In ons <strong>centrum</strong> groeit techniek." in portret.text
    assert "Toelichting van de regio, " in portret.text
    # another region's page does not show it
    assert "centrum</strong> groeit" not in publiek(o, f"/regio/{o.codes.regio_ander}").text
    # the region's own page lists it as published
    eigen = browser.get(f"/mijn/regio/{regio}?gedaan=gepubliceerd")
    assert 'role="status"' in eigen.text and "groeit techniek" in eigen.text


def test_a_write_of_another_process_reaches_the_cached_page_within_seconds(
    o: Opstelling,
) -> None:
    regio = o.codes.regio
    publiek(o, f"/regio/{regio}")  # cached
    opslag.schrijf(
        o.db,
        o.accounts["regio"],
        regio=regio,
        onderwerp="sectie:groei",
        tekst="Geschreven buiten de server om.",
        publiceer=True,
    )
    assert "Geschreven buiten de server om." in wacht_op(o, f"/regio/{regio}", "buiten de server")


def test_the_national_team_hides_one_with_a_reason_and_the_history_is_kept(
    o: Opstelling,
) -> None:
    regio = o.codes.regio
    t = opslag.schrijf(
        o.db, o.accounts["regio"], regio=regio, onderwerp="doorstroom", tekst="Te verbergen."
    )
    browser = o.als("regio")
    bewerk = f"/toelichting/{t.id}/bewerken"
    token = csrf(browser, bewerk)
    antwoord = browser.post(
        f"/toelichting/{t.id}",
        {"csrf": token, "tekst": "Te verbergen, nu openbaar.", "actie": "publiceren"},
    )
    assert antwoord.status == 303
    assert "nu openbaar" in wacht_op(o, f"/regio/{regio}", "nu openbaar")

    landelijk = o.als("landelijk")
    token = csrf(landelijk, f"/mijn/regio/{regio}")
    leeg = landelijk.post(f"/toelichting/{t.id}/verbergen", {"csrf": token, "reden": " "})
    assert leeg.status == 400 and 'role="alert"' in leeg.text and "Geef een reden op" in leeg.text
    antwoord = landelijk.post(
        f"/toelichting/{t.id}/verbergen", {"csrf": token, "reden": "Noemt een leerling."}
    )
    assert antwoord.status == 303
    assert antwoord.kop("location") == f"/mijn/regio/{regio}?gedaan=verborgen"
    assert "nu openbaar" not in publiek(o, f"/regio/{regio}").text

    eigen = browser.get(f"/mijn/regio/{regio}").text
    assert "Verborgen door het landelijk team" in eigen and "Noemt een leerling." in eigen
    # the region can no longer change it
    eigen_token = csrf(browser, f"/mijn/regio/{regio}")
    geweigerd = browser.post(
        f"/toelichting/{t.id}", {"csrf": eigen_token, "tekst": "Toch.", "actie": "publiceren"}
    )
    assert geweigerd.status == 403 and "verborgen" in geweigerd.text
    assert "Het landelijk team heeft deze toelichting verborgen" in browser.get(bewerk).text
    geschiedenis = browser.get(f"/toelichting/{t.id}/geschiedenis")
    assert geschiedenis.status == 200 and geschiedenis.kop("cache-control") == "no-store"
    tekst = geschiedenis.text
    for versie in ("Versie 1", "Versie 2", "Versie 3"):
        assert versie in tekst
    assert "Te verbergen." in tekst and "Noemt een leerling." in tekst


def test_another_region_is_refused_and_nothing_changes(o: Opstelling) -> None:
    t = opslag.schrijf(
        o.db,
        o.accounts["regio"],
        regio=o.codes.regio,
        onderwerp=INDICATOR,
        tekst="Van de eigen regio.",
        publiceer=True,
    )
    ander = o.als("regio_ander")
    token = csrf(ander, f"/mijn/regio/{o.codes.regio_ander}")
    for pad, velden in (
        (f"/toelichting/{t.id}", {"tekst": "Overgenomen.", "actie": "publiceren"}),
        (f"/regio/{o.codes.regio}/toelichting", {"onderwerp": INDICATOR, "tekst": "x"}),
    ):
        antwoord = ander.post(pad, {"csrf": token, "actie": "publiceren", **velden})
        assert antwoord.status == 403, pad
    assert ander.get(f"/toelichting/{t.id}/bewerken").status == 403
    assert ander.get(f"/toelichting/{t.id}/geschiedenis").status == 403
    assert ander.get(f"/mijn/regio/{o.codes.regio}").status == 403
    assert opslag.haal(o.db, t.id).tekst == "Van de eigen regio."
    # without the form's token nothing is written either
    browser = o.als("regio")
    zonder = browser.post(f"/toelichting/{t.id}", {"tekst": "Zonder token.", "actie": "concept"})
    assert zonder.status == 403
    assert opslag.haal(o.db, t.id).tekst == "Van de eigen regio."


def test_errors_are_shown_in_dutch_and_what_was_typed_is_kept(o: Opstelling) -> None:
    browser = o.als("regio")
    te_lang = "woord " * (MAX_TEKST // 5)
    antwoord = schrijf(browser, o.codes.regio, te_lang)
    assert antwoord.status == 400
    assert 'role="alert"' in antwoord.text and "De toelichting is te lang" in antwoord.text
    assert te_lang.strip()[:200] in antwoord.text
    antwoord = schrijf(browser, o.codes.regio, "Tekst.", actie="publiceren", schooljaar="1999")
    assert antwoord.status == 400 and "Kies een schooljaar" in antwoord.text


def test_script_and_raw_html_reach_the_public_page_inert(o: Opstelling) -> None:
    browser = o.als("regio")
    kwaad = (
        '<script>alert("x")</script> <img src=x onerror=alert(1)> '
        "[klik](javascript:alert(1)) <b>vet</b> einde-van-de-test"
    )
    assert schrijf(browser, o.codes.regio, kwaad).status == 303
    pagina = wacht_op(o, f"/regio/{o.codes.regio}", "einde-van-de-test")
    deel = pagina[pagina.index("&lt;script&gt;") - 200 : pagina.index("einde-van-de-test")]
    assert "<script>alert" not in pagina and "<img src=x" not in deel and "<b>" not in deel
    assert 'href="javascript' not in pagina
    assert "[klik](javascript:alert(1))" in deel


def test_a_school_writes_for_its_own_vestiging(o: Opstelling) -> None:
    school = o.als("school")
    mijn = school.get("/mijn")
    assert mijn.status == 200 and f"/vestiging/{o.codes.vestiging}/toelichting/nieuw" in mijn.text
    token = csrf(school, f"/vestiging/{o.codes.vestiging}/toelichting/nieuw")
    velden = {"csrf": token, "onderwerp": "kwetsbare_groepen", "schooljaar": JAAR}
    antwoord = school.post(
        f"/vestiging/{o.codes.vestiging}/toelichting",
        {**velden, "tekst": "Onze school: kleine groepen.", "actie": "publiceren"},
    )
    assert antwoord.status == 303 and antwoord.kop("location") == "/mijn?gedaan=gepubliceerd"
    vestiging = next(v for v in o.snap.vestigingen if v.code == o.codes.vestiging)
    pagina = wacht_op(o, f"/regio/{vestiging.regio}", "kleine groepen")
    assert "Onze school: kleine groepen." in pagina
    assert f"Toelichting van de school ({vestiging.naam})" in pagina
    # not for another school's vestiging, nor for the region as a whole
    ander = school.post(
        f"/vestiging/{o.codes.vestiging_ander}/toelichting",
        {**velden, "tekst": "x", "actie": "publiceren"},
    )
    assert ander.status == 403
    regio = school.post(
        f"/regio/{o.codes.regio}/toelichting", {**velden, "tekst": "x", "actie": "publiceren"}
    )
    assert regio.status == 403


@pytest.fixture
def o(opstelling: Opstelling) -> Opstelling:
    return opstelling
