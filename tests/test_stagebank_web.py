"""The stagebank's company and region pages over a real server (issue 19).

One module-scoped set-up (a copied warehouse, real accounts, ``sto serve``); the steps run in
order, each on what the previous one left: a company account registers (a bad postcode keeps
the typed input), its region sees it waiting and another region does not (and gets 403 on
confirming it), publishing before the confirmation shows the domain's message kindly with the
form still filled in, the region confirms, the company publishes (wrong fields come back with
every problem and the input), edits and withdraws a place; a second company account gets 403
on all of it; a place whose period is over is listed apart. Plus Chromium at 1366 and 375 px.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser as Chromium

from sto_monitor import db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Rol
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.publicatie.gegevens import laad
from sto_monitor.stagebank import opslag
from sto_monitor.stagebank.plek import postcodes
from tests.conftest import REPO
from tests.web_sessies import (
    BEHEER,
    WACHTWOORD,
    Antwoord,
    Browser,
    Ingericht,
    csrf_van,
    ingelogd,
    ingericht,
)

ARTEFACTEN = REPO / "build" / "artefacten"
_BEDRIJF = re.compile(r"/stagebank/bedrijf/(\d+)")
_PLAATS = re.compile(r"/stagebank/plaats/(\d+)/bewerken")
NAAM = "Metaalbewerking Testdorp BV"
TITEL = "Meewerken in de werkplaats"
_TE_BREED = """(w) => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w).slice(0, 8)
  .map(e => e.tagName + '.' + e.className)"""


class Staat:
    """What the steps hand on: the company's id and postcode, the place's id."""

    bedrijf, plaats, postcode = 0, 0, ""


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingericht]:
    with ingericht(web_db, tmp_path_factory.mktemp("stagebank-web")) as i:
        yield i


@pytest.fixture(scope="module")
def staat(o: Ingericht, web_db: Path) -> Staat:
    """A postcode in the own region (``codes.regio``) from the warehouse's PC4 table."""
    snap = laad(web_db, indicatoren=())
    with db.connect(web_db, read_only=True) as con:
        pcs = postcodes(con, snap.gemeente_regio)
    s = Staat()
    s.postcode = next(pc for pc, loc in sorted(pcs.items()) if loc.regio == o.codes.regio) + " AB"
    return s


@pytest.fixture(scope="module")
def bedrijf(o: Ingericht) -> Browser:
    return o.als("bedrijf")


@pytest.fixture(scope="module")
def regio(o: Ingericht) -> Browser:
    return o.als("regio")


def _plaats(s: Staat, **extra: str) -> dict[str, str]:
    begin = date.today() + timedelta(days=30)
    velden = {
        "titel": TITEL,
        "profielen": "PIE",
        "leerwegen": "kb",
        "begin": begin.isoformat(),
        "eind": (begin + timedelta(days=14)).isoformat(),
        "aantal": "2",
        "adres": "Werkstraat 1",
        "postcode": s.postcode,
        "contact_naam": "Jan Werkmeester",
        "contact_email": "jan@metaal.nl",
        "omschrijving": "Een leerling helpt bij het lassen.",
    }
    return {**velden, **extra}


def _publiceer(bedrijf: Browser, s: Staat, **extra: str) -> Antwoord:
    """Post the new-place form of the company's page (with its CSRF token)."""
    csrf = csrf_van(bedrijf.get(f"/stagebank/bedrijf/{s.bedrijf}").text)
    return bedrijf.post(
        f"/stagebank/bedrijf/{s.bedrijf}/plaatsen", {"csrf": csrf, **_plaats(s, **extra)}
    )


def test_a_company_registers_and_a_bad_postcode_keeps_the_input(
    o: Ingericht, bedrijf: Browser, staat: Staat
) -> None:
    leeg = bedrijf.get("/stagebank/bedrijf")
    assert leeg.status == 200 and "Uw bedrijf aanmelden" in leeg.text
    csrf = csrf_van(leeg.text)
    fout = bedrijf.post(
        "/stagebank/bedrijf",
        {"csrf": csrf, "naam": NAAM, "adres": "Werkstraat 1", "postcode": "12 AB"},
    )
    assert fout.status == 400
    assert NAAM in unescape(fout.text) and "Vul een postcode in als 1234 AB." in fout.text
    assert 'aria-invalid="true"' in fout.text
    assert bedrijf.post("/stagebank/bedrijf", {"csrf": csrf}).status == 400  # nothing filled in

    goed = bedrijf.post(
        "/stagebank/bedrijf",
        {"csrf": csrf, "naam": NAAM, "adres": "Werkstraat 1", "postcode": staat.postcode},
    )
    assert goed.status == 303, goed.text
    gevonden = _BEDRIJF.search(goed.kop("location") or "")
    assert gevonden
    staat.bedrijf = int(gevonden.group(1))
    pagina = bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}?gedaan=aangemeld")
    assert pagina.status == 200
    assert "wacht op bevestiging door de regio" in pagina.text
    assert "Uw bedrijf is aangemeld" in pagina.text
    overzicht = bedrijf.get("/stagebank/bedrijf")
    assert NAAM in unescape(overzicht.text) and "Uw bedrijf aanmelden" not in overzicht.text


def test_publishing_before_confirmation_is_refused_kindly(bedrijf: Browser, staat: Staat) -> None:
    antwoord = _publiceer(bedrijf, staat)
    assert antwoord.status == 409
    tekst = unescape(antwoord.text)
    assert "nog niet bevestigd door de regio" in tekst and "Wat u hebt ingevuld" in tekst
    assert TITEL in tekst and "jan@metaal.nl" in tekst  # the form still holds the input
    assert "Er staan nu geen stageplaatsen" in tekst


def test_the_region_sees_it_waiting_and_another_region_does_not(
    o: Ingericht, regio: Browser, staat: Staat
) -> None:
    lijst = regio.get(f"/regio/{o.codes.regio}/stagebank")
    assert lijst.status == 200
    tekst = unescape(lijst.text)
    wachtend = tekst.split("Wachten op bevestiging", 1)[1].split("Bevestigde bedrijven", 1)[0]
    assert NAAM in wachtend and "Werkstraat 1" in wachtend and "bedrijf@test.nl" in wachtend
    assert f"/regio/{o.codes.regio}/stagebank/{staat.bedrijf}/bevestigen" in tekst

    ander = o.als("regio_ander")
    eigen = ander.get(f"/regio/{o.codes.regio_ander}/stagebank")
    assert eigen.status == 200 and NAAM not in unescape(eigen.text)
    assert ander.get(f"/regio/{o.codes.regio}/stagebank").status == 403
    csrf = csrf_van(eigen.text)
    for pad in (
        f"/regio/{o.codes.regio_ander}/stagebank/{staat.bedrijf}/bevestigen",
        f"/regio/{o.codes.regio}/stagebank/{staat.bedrijf}/bevestigen",
    ):
        assert ander.post(pad, {"csrf": csrf}).status == 403
    assert (
        regio.post(
            f"/regio/{o.codes.regio}/stagebank/999999/bevestigen", {"csrf": csrf_van(lijst.text)}
        ).status
        == 404
    )


def test_the_region_confirms_the_company(o: Ingericht, regio: Browser, staat: Staat) -> None:
    lijst = regio.get(f"/regio/{o.codes.regio}/stagebank")
    antwoord = regio.post(
        f"/regio/{o.codes.regio}/stagebank/{staat.bedrijf}/bevestigen",
        {"csrf": csrf_van(lijst.text)},
    )
    assert antwoord.status == 303
    terug = regio.get(antwoord.kop("location") or "")
    tekst = unescape(terug.text)
    assert f"{NAAM} is bevestigd" in tekst
    bevestigd = tekst.split("Bevestigde bedrijven", 1)[1]
    assert NAAM in bevestigd and "nu geen stageplaatsen" in bevestigd


def test_wrong_fields_come_back_with_every_problem_and_the_input(
    bedrijf: Browser, staat: Staat
) -> None:
    pagina = bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}")
    assert "Status: bevestigd door " in pagina.text
    begin = date.today() + timedelta(days=30)
    eind = (begin - timedelta(days=1)).isoformat()
    fout = _publiceer(bedrijf, staat, postcode="0000 ZZ", eind=eind, aantal="0")
    assert fout.status == 400
    tekst = unescape(fout.text)
    for bericht in (
        "Vul een postcode in als 1234 AB.",
        "De einddatum ligt vóór de begindatum.",
        "Het aantal plaatsen is 1 tot en met 100.",
    ):
        assert bericht in tekst
    assert TITEL in tekst and 'value="0000 ZZ"' in tekst and "Een leerling helpt" in tekst
    assert re.search(r'value="PIE" checked', tekst)
    onleesbaar = _publiceer(bedrijf, staat, begin="morgen", aantal="twee")
    assert onleesbaar.status == 400
    assert "Vul een datum in als 31-01-2027." in onleesbaar.text
    assert "Vul het aantal plaatsen in als getal" in onleesbaar.text


def test_the_confirmed_company_publishes_and_edits_a_place(bedrijf: Browser, staat: Staat) -> None:
    pagina = bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}")
    csrf = csrf_van(pagina.text)
    antwoord = _publiceer(bedrijf, staat, profielen="PIE")
    assert antwoord.status == 303, antwoord.text
    na = bedrijf.get(antwoord.kop("location") or "")
    tekst = unescape(na.text)
    assert "De stageplaats is gepubliceerd" in tekst and TITEL in tekst
    assert "Produceren, installeren en energie" in tekst
    gevonden = _PLAATS.search(tekst)
    assert gevonden
    staat.plaats = int(gevonden.group(1))

    editor = bedrijf.get(f"/stagebank/plaats/{staat.plaats}/bewerken")
    assert editor.status == 200 and f'value="{TITEL}"' in unescape(editor.text)
    fout = bedrijf.post(
        f"/stagebank/plaats/{staat.plaats}", {"csrf": csrf, **_plaats(staat, titel="")}
    )
    assert fout.status == 400 and "Geef de stageplaats een korte naam." in fout.text
    assert "jan@metaal.nl" in fout.text
    gewijzigd = bedrijf.post(
        f"/stagebank/plaats/{staat.plaats}",
        {"csrf": csrf, **_plaats(staat, titel="Lassen en zagen", aantal="3")},
    )
    assert gewijzigd.status == 303
    tekst = unescape(bedrijf.get(gewijzigd.kop("location") or "").text)
    assert "De wijzigingen zijn bewaard" in tekst and "Lassen en zagen" in tekst
    assert "3 plaatsen" in tekst


def test_another_company_cannot_touch_it(o: Ingericht, staat: Staat) -> None:
    ww = Wachtwoorden.van(o.server.settings)
    gebruikers.toevoegen(
        o.db,
        BEHEER,
        email="ander-bedrijf@test.nl",
        naam="Ander bedrijf",
        rol=Rol.BEDRIJF,
        wachtwoord=WACHTWOORD,
        wachtwoorden=ww,
    )
    ander = ingelogd(o.base, "ander-bedrijf@test.nl")
    eigen = ander.get("/stagebank/bedrijf")
    assert eigen.status == 200 and NAAM not in unescape(eigen.text)
    csrf = csrf_van(eigen.text)
    velden = {"csrf": csrf, "naam": "Bakkerij De Ander", "adres": "Bakkerstraat 3"}
    aangemeld = ander.post("/stagebank/bedrijf", {**velden, "postcode": staat.postcode})
    assert aangemeld.status == 303
    regio = o.als("regio").get(f"/regio/{o.codes.regio}/stagebank")
    wachtend = unescape(regio.text).split("Bevestigde bedrijven", 1)[0]
    assert "Bakkerij De Ander" in wachtend and NAAM not in wachtend
    landelijk = unescape(o.als("landelijk").get("/stagebank/bedrijf").text)
    assert "2 bedrijven in de stagebank" in landelijk and "Bakkerij De Ander" in landelijk
    assert ander.get(f"/stagebank/bedrijf/{staat.bedrijf}").status == 403
    assert ander.get(f"/stagebank/plaats/{staat.plaats}/bewerken").status == 403
    for pad in (
        f"/stagebank/plaats/{staat.plaats}",
        f"/stagebank/plaats/{staat.plaats}/intrekken",
        f"/stagebank/bedrijf/{staat.bedrijf}/plaatsen",
    ):
        assert ander.post(pad, {"csrf": csrf, **_plaats(staat)}).status == 403, pad
    for pad in ("/stagebank/plaats/999999/bewerken", "/stagebank/bedrijf/999999"):
        assert ander.get(pad).status == 404, pad
    for pad in ("/stagebank/plaats/999999", "/stagebank/plaats/999999/intrekken"):
        assert ander.post(pad, {"csrf": csrf}).status == 404, pad
    assert ander.post("/stagebank/bedrijf/999999/plaatsen", {"csrf": csrf}).status == 404


def test_withdrawn_and_expired_places_are_listed_apart(bedrijf: Browser, staat: Staat) -> None:
    pagina = bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}")
    csrf = csrf_van(pagina.text)
    oud = date.today() - timedelta(days=20)
    eind = (oud + timedelta(days=10)).isoformat()
    verlopen = _publiceer(
        bedrijf, staat, titel="Zomerstage vorig jaar", begin=oud.isoformat(), eind=eind
    )
    assert verlopen.status == 303
    tekst = unescape(bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}").text)
    actueel, apart = tekst.split("Verlopen en ingetrokken", 1)
    assert "Lassen en zagen" in actueel and "Zomerstage vorig jaar" not in actueel
    assert "Zomerstage vorig jaar" in apart and "verlopen" in apart

    ingetrokken = bedrijf.post(f"/stagebank/plaats/{staat.plaats}/intrekken", {"csrf": csrf})
    assert ingetrokken.status == 303
    tekst = unescape(bedrijf.get(ingetrokken.kop("location") or "").text)
    assert "De stageplaats is ingetrokken" in tekst
    actueel, apart = tekst.split("Verlopen en ingetrokken", 1)
    assert "Lassen en zagen" not in actueel and "Er staan nu geen stageplaatsen" in actueel
    assert "Lassen en zagen" in apart and "ingetrokken" in apart
    editor = bedrijf.get(f"/stagebank/plaats/{staat.plaats}/bewerken")
    assert "Deze stageplaats is ingetrokken" in editor.text
    assert "Deze stageplaats intrekken" not in editor.text

    nieuw = _publiceer(bedrijf, staat, titel="Monteur in opleiding", profielen="BWI")
    assert nieuw.status == 303
    tekst = unescape(bedrijf.get(f"/stagebank/bedrijf/{staat.bedrijf}").text)
    assert "Monteur in opleiding" in tekst.split("Verlopen en ingetrokken", 1)[0]
    gevonden = re.search(r"Monteur in opleiding.*?/stagebank/plaats/(\d+)/bewerken", tekst, re.S)
    assert gevonden
    staat.plaats = int(gevonden.group(1))  # the screenshots show a current place's editor
    overzicht = unescape(bedrijf.get("/stagebank/bedrijf").text)
    assert (
        "Stageplaatsen (1)" in overzicht
        and "Verlopen en ingetrokken stageplaatsen (2)" in overzicht
    )


@pytest.mark.parametrize(
    ("rol", "naam"),
    [("bedrijf", "bedrijf"), ("bedrijf", "plaats"), ("regio", "regio")],
)
def test_the_pages_fit_a_phone(
    o: Ingericht, browser: Chromium, staat: Staat, rol: str, naam: str
) -> None:
    adres = {
        "bedrijf": f"/stagebank/bedrijf/{staat.bedrijf}",
        "plaats": f"/stagebank/plaats/{staat.plaats}/bewerken",
        "regio": f"/regio/{o.codes.regio}/stagebank",
    }[naam]
    context = browser.new_context(viewport={"width": 1366, "height": 800}, base_url=o.base)
    try:
        page = context.new_page()
        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(o.accounts[rol].email)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        page.goto(adres)
        assert page.get_by_role("heading", level=1).is_visible()
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)
        for breedte in (1366, 375):
            page.set_viewport_size({"width": breedte, "height": 800})
            page.screenshot(
                path=str(ARTEFACTEN / f"stagebank-{naam}-{breedte}.png"), full_page=True
            )
            breed = page.evaluate("() => document.documentElement.scrollWidth")
            assert breed <= breedte, (
                f"{naam}: {breed}px op {breedte}px: {page.evaluate(_TE_BREED, breedte)}"
            )
    finally:
        context.close()


def test_the_national_team_confirms_a_company_outside_every_region(
    o: Ingericht, web_db: Path, regio: Browser
) -> None:
    """No region confirms a company whose address lies outside every region: the national
    team finds it first in its list and confirms it on the company's page; a region cannot."""
    snap = laad(web_db, indicatoren=())
    with db.connect(web_db, read_only=True) as con:
        pcs = postcodes(con, snap.gemeente_regio)
    buiten = next(pc for pc, loc in sorted(pcs.items()) if loc.regio is None)
    b = opslag.registreer_bedrijf(
        o.db, o.accounts["bedrijf"], naam="Buitenbedrijf BV", adres="Polderweg 2",
        postcode_tekst=f"{buiten} AA", pcs=pcs,
    )  # fmt: skip
    assert b.regio is None
    landelijk = o.als("landelijk")
    lijst = unescape(landelijk.get("/stagebank/bedrijf").text)
    eerste = lijst.split('<ul class="stb-bedrijven">', 1)[1].split("</li>", 1)[0]
    assert "Buitenbedrijf BV" in eerste and "buiten de regio" in eerste
    # a region may hold the right, but not for this company
    pagina = landelijk.get(f"/stagebank/bedrijf/{b.id}")
    assert pagina.status == 200 and "Bevestigen" in pagina.text
    geweigerd = regio.post(
        f"/stagebank/bedrijf/{b.id}/bevestigen",
        {"csrf": csrf_van(regio.get(f"/regio/{o.codes.regio}/stagebank").text)},
    )
    assert geweigerd.status == 403
    antwoord = landelijk.post(
        f"/stagebank/bedrijf/{b.id}/bevestigen", {"csrf": csrf_van(pagina.text)}
    )
    assert antwoord.status == 303
    na = unescape(landelijk.get(antwoord.kop("location") or "").text)
    assert "Het bedrijf is bevestigd" in na and "Status: bevestigd op" in na
    assert "/bevestigen" not in na
