""" "Mijn regio" over real HTTP: each role's start page, the region's working page, what
changed since the previous visit, and that none of it is ever cached or shown to others."""

from __future__ import annotations

import re

import pytest

from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Rol
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.toelichting import opslag
from tests.test_toelichting_web import Opstelling, csrf, opstelling  # noqa: F401 (fixture)
from tests.web_sessies import BEHEER, WACHTWOORD, Browser, ingelogd
from tests.zicht import ontwikkelaarstekst


@pytest.fixture
def o(opstelling: Opstelling) -> Opstelling:  # noqa: F811
    return opstelling


def _zichtbaar(html: str) -> str:
    """The page's text without tags, scripts and attribute values (roughly what one reads)."""
    zonder = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", zonder)


def test_each_role_gets_its_own_start_page(o: Opstelling) -> None:
    anoniem = Browser(o.base).get("/mijn")
    assert anoniem.status == 303 and anoniem.kop("location") == "/inloggen?terug=/mijn"

    landelijk = o.als("landelijk").get("/mijn")
    assert landelijk.status == 200 and landelijk.kop("cache-control") == "no-store"
    for code in (o.codes.regio, o.codes.regio_ander):
        assert f'href="/mijn/regio/{code}"' in landelijk.text

    commissie = o.als("commissie")
    assert f'href="/mijn/regio/{o.codes.regio}"' in commissie.get("/mijn").text
    pagina = commissie.get(f"/mijn/regio/{o.codes.regio}")
    assert pagina.status == 200
    assert "/toelichting/nieuw" not in pagina.text  # the commission reads, never writes
    assert "/bewerken" not in pagina.text

    school = o.als("school").get("/mijn")
    assert school.status == 200 and "Mijn vestigingen" in school.text
    assert o.codes.vestiging in school.text and o.codes.vestiging_ander not in school.text

    bedrijf = o.als("bedrijf").get("/mijn")
    assert bedrijf.status == 200 and "geen regio's of vestigingen" in bedrijf.text
    assert o.als("bedrijf").get(f"/mijn/regio/{o.codes.regio}").status == 403


def test_a_person_of_several_regions_chooses(o: Opstelling) -> None:
    gebruikers.toevoegen(
        o.db,
        BEHEER,
        email="twee@test.nl",
        naam="Twee Regio's",
        rol=Rol.REGIO,
        regios=[o.codes.regio, o.codes.regio_ander],
        wachtwoord=WACHTWOORD,
        wachtwoorden=Wachtwoorden.van(o.server.settings),
    )
    pagina = ingelogd(o.base, "twee@test.nl").get("/mijn")
    assert pagina.status == 200
    assert f'href="/mijn/regio/{o.codes.regio}"' in pagina.text
    assert f'href="/mijn/regio/{o.codes.regio_ander}"' in pagina.text
    assert "meer dan één regio" in pagina.text


def test_the_region_page_shows_figures_toelichtingen_and_links(o: Opstelling) -> None:
    regio = o.codes.regio
    concept = opslag.schrijf(
        o.db, o.accounts["regio"], regio=regio, onderwerp="groeiclusters", tekst="Een concept."
    )
    pagina = o.als("regio").get(f"/mijn/regio/{regio}")
    assert pagina.status == 200
    tekst = pagina.text
    assert "Kerncijfers" in tekst and "Techniekaandeel" in tekst
    assert f'href="/regio/{regio}"' in tekst  # the public page
    assert "Concepten" in tekst and "Een concept." in tekst
    assert f'href="/toelichting/{concept.id}/bewerken"' in tekst
    assert f'href="/toelichting/{concept.id}/geschiedenis"' in tekst
    assert 'name="csrf"' in tekst and 'action="/uitloggen"' in tekst
    # only landelijk sees the hide form
    assert "/verbergen" not in tekst
    assert f'action="/toelichting/{concept.id}/verbergen"' in (
        o.als("landelijk").get(f"/mijn/regio/{regio}").text
    )
    # a concept never reaches the public page
    assert "Een concept." not in Browser(o.base).get(f"/regio/{regio}").text
    # words for readers: no column, table or indicator names, no paths
    assert ontwikkelaarstekst(_zichtbaar(tekst)) == []
    formulier = o.als("regio").get(f"/regio/{regio}/toelichting/nieuw").text
    assert ontwikkelaarstekst(_zichtbaar(formulier)) == []
    assert '<label for="tekst">' in formulier and '<label for="onderwerp">' in formulier


def test_what_changed_since_the_previous_visit(o: Opstelling) -> None:
    regio = o.codes.regio
    gebruikers.toevoegen(
        o.db,
        BEHEER,
        email="terug@test.nl",
        naam="Terugkomer",
        rol=Rol.REGIO,
        regios=[regio],
        wachtwoord=WACHTWOORD,
        wachtwoorden=Wachtwoorden.van(o.server.settings),
    )
    eerste = ingelogd(o.base, "terug@test.nl").get(f"/mijn/regio/{regio}").text
    assert "Dit is uw eerste bezoek" in eerste
    opslag.schrijf(
        o.db,
        o.accounts["regio"],
        regio=regio,
        onderwerp="bereikbaarheid",
        tekst="Nieuw sinds het vorige bezoek.",
        publiceer=True,
    )
    tweede = ingelogd(o.base, "terug@test.nl").get(f"/mijn/regio/{regio}").text
    assert "Uw vorige bezoek:" in tweede
    deel = tweede[tweede.index('id="veranderd"') : tweede.index('id="kerncijfers"')]
    assert "toelichting gepubliceerd" in deel
    assert "Bereikbaarheid van het profielaanbod" in deel and "door regio" in deel
    assert "regio@test.nl" not in deel  # the role, not the person
    assert "De gepubliceerde cijfers zijn niet veranderd." in deel


def test_private_pages_are_never_cached_or_shown_to_another(o: Opstelling) -> None:
    regio = o.codes.regio
    browser = o.als("regio")
    for pad in (
        "/mijn",
        f"/mijn/regio/{regio}",
        f"/regio/{regio}/toelichting/nieuw",
    ):
        antwoord = browser.get(pad)
        assert antwoord.kop("cache-control") == "no-store", pad
        assert antwoord.kop("etag") is None, pad
        nu_anoniem = Browser(o.base).get(pad)
        assert nu_anoniem.status == 303, pad
        assert (nu_anoniem.kop("location") or "").startswith("/inloggen?terug="), pad
    # the public page is the same for everybody: the menu link, never a name
    publiek = Browser(o.base).get(f"/regio/{regio}")
    ingelogd_publiek = browser.get(f"/regio/{regio}")
    assert publiek.body == ingelogd_publiek.body
    assert 'href="/mijn"' in publiek.text and "Ingelogd als" not in publiek.text


def test_signing_out_from_the_start_page(o: Opstelling) -> None:
    browser = o.als("regio")
    token = csrf(browser, f"/mijn/regio/{o.codes.regio}")
    uit = browser.post("/uitloggen", {"csrf": token})
    assert uit.status == 303 and browser.sessie is None
    assert browser.get("/mijn").status == 303


def test_a_region_that_does_not_exist(o: Opstelling) -> None:
    assert o.als("landelijk").get("/mijn/regio/BESTAATNIET").status == 404
