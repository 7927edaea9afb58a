"""The region's own subsidy pages over a real server (issue 18): the application, its
validation beside the fields, submitting, answering a question, and the yearly accountability.

One module-scoped set-up (a copied warehouse, real accounts, ``sto serve``); the steps run in
order, each on what the previous one left: the region saves a draft over HTTP (form post with
CSRF), a wrong amount keeps the typed text and names its cell, a stale kenmerk shows the
conflict without losing text, "Controleren" lists every problem (a ceiling set by the national
team, huisvesting not subsidiable), the fixed draft is submitted; another region gets 403 on
every route; the commission reads it read-only; the region answers a question; after the
decision it files a year's accountability and sees underspending. Plus Chromium at 375 px.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser as Chromium

from sto_monitor.subsidie import laden, opslag
from sto_monitor.subsidie.begroting import bereken
from sto_monitor.subsidie.opslag import Status
from tests.conftest import REPO
from tests.web_sessies import WACHTWOORD, Browser, Ingericht, ingericht

REGELING = "sto-2025-2028"
ARTEFACTEN = REPO / "build" / "artefacten"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_KENMERK = re.compile(r'name="kenmerk" value="([^"]*)"')
_TE_BREED = """(w) => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > w)
  .filter(e => !(e.parentElement && e.parentElement.closest('.tabel-wrap')))
  .slice(0, 8).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingericht]:
    with ingericht(web_db, tmp_path_factory.mktemp("subsidie-web")) as i:
        yield i


@pytest.fixture(scope="module")
def regio(o: Ingericht) -> Browser:
    return o.als("regio")


def _pad(o: Ingericht, rest: str = "") -> str:
    return f"/regio/{o.codes.regio}/subsidie/{REGELING}{rest}"


def _velden(pagina: str, **extra: str) -> dict[str, str]:
    """The hidden fields of the page's application form (CSRF, kenmerk) and the given ones."""
    csrf = _CSRF.search(pagina)
    kenmerk = _KENMERK.search(pagina)
    assert csrf and kenmerk
    return {"csrf": csrf.group(1), "kenmerk": unescape(kenmerk.group(1)), **extra}


def _plan(**extra: str) -> dict[str, str]:
    return {
        "lijn-0-id": "L1",
        "lijn-0-naam": "Beeldvorming",
        "act-0-id": "A1",
        "act-0-naam": "Techniekdagen groep 8",
        "act-0-lijn": "L1",
        "act-0-doel": "techniekaandeel",
        "act-0-interventie": "aandacht.bogus",
        "bedrag-personeel-2025": "40.000",
        "bedrag-personeel-2026": "40.000",
        "bedrag-materiaal-2025": "1.234,56",
        "activum-0-naam": "CNC-freesmachine",
        "activum-0-klasse": "machines",
        "activum-0-prijs": "100.000",
        "activum-0-datum": "2025-01-01",
        "activum-0-termijn": "10",
        "partner-0-naam": "Metaal BV",
        "partner-0-soort": "bedrijf",
        "toezegging-0-partner": "Metaal BV",
        "toezegging-0-jaar": "2025",
        "toezegging-0-vorm": "geld",
        "toezegging-0-bedrag": "20.000",
        "verdeling-methode": "handmatig",
        "verdeling-centraal": "",
        "toelichting": "Onze eerste aanvraag.",
        **extra,
    }


def test_the_region_saves_a_draft(o: Ingericht, regio: Browser) -> None:
    overzicht = regio.get(f"/regio/{o.codes.regio}/subsidie")
    assert overzicht.status == 200, overzicht.text[:500]
    assert "Aanvraag beginnen" in overzicht.text
    leeg = regio.get(_pad(o))
    assert leeg.status == 200, leeg.text[:2000]
    assert "niet ingevuld" in leeg.text  # no maximum entered yet
    assert "Derdejaarsleerlingen per profiel" in leeg.text  # the monitor's goals
    # the commission asks for the lower bound in students beside the budget
    assert re.search(r"Ondergrens \(leerlingen per groep\)</dt><dd>11<", leeg.text)
    antwoord = regio.post(_pad(o), _velden(leeg.text, **_plan(actie="bewaren")))
    assert antwoord.status == 303, antwoord.text[:2000]
    pagina = regio.get(antwoord.kop("location") or "").text
    assert "Het concept is bewaard" in pagina
    assert 'value="40.000"' in pagina and 'value="1.234,56"' in pagina
    # the depreciation row is computed from the machine: € 10.000 a year, € 60.000 after 2028
    assert "€ 10.000,00" in pagina and "€ 60.000,00" in pagina
    d = opslag.dossier(o.db, o.accounts["regio"], o.codes.regio, REGELING)
    assert d is not None and d.status is Status.CONCEPT
    assert {(r.kostensoort, r.jaar, r.bedrag) for r in d.aanvraag.regels} == {
        ("personeel", 2025, 4_000_000),
        ("personeel", 2026, 4_000_000),
        ("materiaal", 2025, 123_456),
    }
    assert d.aanvraag.activiteiten[0].doelen == ("techniekaandeel",)
    assert d.aanvraag.activiteiten[0].interventies == ()  # not an item of the survey


def test_a_wrong_amount_keeps_the_text_and_names_the_cell(o: Ingericht, regio: Browser) -> None:
    pagina = regio.get(_pad(o)).text
    fout = regio.post(
        _pad(o), _velden(pagina, **_plan(actie="bewaren", **{"bedrag-personeel-2027": "veel"}))
    )
    assert fout.status == 400
    assert 'value="veel"' in fout.text
    assert "Personeel 2027: &#39;veel&#39; is geen bedrag" in fout.text
    assert 'id="bedrag-personeel-2027" name="bedrag-personeel-2027" value="veel"' in fout.text
    assert 'aria-describedby="fout-bedrag-personeel-2027"' in fout.text
    d = opslag.dossier(o.db, o.accounts["regio"], o.codes.regio, REGELING)
    assert d is not None and all(r.jaar != 2027 for r in d.aanvraag.regels)  # nothing saved


def test_a_stale_kenmerk_shows_the_conflict_without_losing_text(
    o: Ingericht, regio: Browser
) -> None:
    pagina = regio.get(_pad(o)).text
    velden = _velden(pagina, **_plan(actie="bewaren", toelichting="Versie A"))
    assert regio.post(_pad(o), velden).status == 303
    oud = {**velden, "toelichting": "Mijn tekst uit het andere venster"}  # the old kenmerk
    conflict = regio.post(_pad(o), oud)
    assert conflict.status == 409
    assert "intussen ergens anders bewaard" in conflict.text
    assert "Mijn tekst uit het andere venster" in conflict.text
    nieuw = _KENMERK.search(conflict.text)
    assert nieuw and unescape(nieuw.group(1)) != velden["kenmerk"]


def test_checking_lists_every_problem_then_the_fixed_draft_is_submitted(
    o: Ingericht, regio: Browser
) -> None:
    opslag.zet_regiomaximum(o.db, o.accounts["landelijk"], REGELING, o.codes.regio, 5_000_000)
    pagina = regio.get(_pad(o)).text
    assert "€ 50.000" in pagina  # the maximum shown
    te_veel = _plan(actie="controleren", **{"bedrag-huisvesting-2025": "5.000"})
    gecontroleerd = regio.post(_pad(o), _velden(pagina, **te_veel))
    assert gecontroleerd.status == 200, gecontroleerd.text[:1000]
    tekst = unescape(gecontroleerd.text)
    assert "hoger dan het maximum van de regio (€ 50.000,00)" in tekst
    assert "Huisvesting wordt niet gesubsidieerd" in tekst
    assert 'aria-describedby="fout-bedrag-huisvesting-2025"' in tekst  # beside its cell
    ingediend = regio.post(_pad(o), _velden(gecontroleerd.text, **{**te_veel, "actie": "indienen"}))
    assert ingediend.status == 400 and "niet ingediend" in ingediend.text
    d = opslag.dossier(o.db, o.accounts["regio"], o.codes.regio, REGELING)
    assert d is not None and d.status is Status.CONCEPT
    # fixed: no huisvesting, within € 50.000 (personeel 2 x 15.000 + materiaal + € 10.000
    # depreciation a year = 30.000 + 1.234,56 + 40.000 is too much: a cheaper machine)
    goed = _plan(
        actie="indienen",
        **{
            "bedrag-personeel-2025": "15.000",
            "bedrag-personeel-2026": "15.000",
            "activum-0-prijs": "20.000",
            "toezegging-0-bedrag": "5.000",
        },
    )
    klaar = regio.post(_pad(o), _velden(regio.get(_pad(o)).text, **goed))
    assert klaar.status == 303, unescape(klaar.text)[:3000]
    d = opslag.dossier(o.db, o.accounts["regio"], o.codes.regio, REGELING)
    assert d is not None and d.status is Status.INGEDIEND
    na = regio.get(klaar.kop("location") or "").text
    assert "De aanvraag is ingediend" in na and 'name="kenmerk"' not in na  # read-only now


def test_another_region_gets_403_on_every_route(o: Ingericht) -> None:
    ander = o.als("regio_ander")
    csrf = _CSRF.search(ander.get(f"/regio/{o.codes.regio_ander}/subsidie").text)
    assert csrf
    for pad in ("", "/" + REGELING, f"/{REGELING}/verantwoording/2025"):
        assert ander.get(f"/regio/{o.codes.regio}/subsidie{pad}").status == 403, pad
    for pad in (f"/{REGELING}", f"/{REGELING}/vraag/1", f"/{REGELING}/verantwoording/2025"):
        antwoord = ander.post(
            f"/regio/{o.codes.regio}/subsidie{pad}", {"csrf": csrf.group(1), "actie": "bewaren"}
        )
        assert antwoord.status == 403, pad


def test_the_commission_reads_the_submitted_application(o: Ingericht) -> None:
    commissie = o.als("commissie")
    pagina = commissie.get(_pad(o))
    assert pagina.status == 200
    assert "Techniekdagen groep 8" in pagina.text and "CNC-freesmachine" in pagina.text
    assert 'name="kenmerk"' not in pagina.text and "bedrag-personeel-2025" not in pagina.text
    assert commissie.post(_pad(o), {"csrf": "x"}).status == 403


def test_the_region_answers_a_question(o: Ingericht, regio: Browser) -> None:
    d = opslag.dossier(o.db, o.accounts["commissie"], o.codes.regio, REGELING)
    assert d is not None
    vraag = opslag.stel_vraag(o.db, o.accounts["commissie"], d.id, "Hoeveel leerlingen bereikt u?")
    pagina = regio.get(_pad(o)).text
    assert "Hoeveel leerlingen bereikt u?" in pagina
    csrf = _CSRF.search(pagina)
    assert csrf
    leeg = regio.post(_pad(o, f"/vraag/{vraag.id}"), {"csrf": csrf.group(1), "antwoord": " "})
    assert leeg.status == 400 and "Het antwoord is leeg" in leeg.text
    antwoord = regio.post(
        _pad(o, f"/vraag/{vraag.id}"), {"csrf": csrf.group(1), "antwoord": "Zo'n 600."}
    )
    assert antwoord.status == 303
    d = opslag.dossier(o.db, o.accounts["commissie"], o.codes.regio, REGELING)
    assert d is not None and d.vragen[0].antwoord == "Zo'n 600."


def test_after_the_decision_the_region_files_its_accountability(
    o: Ingericht, regio: Browser
) -> None:
    ik = o.accounts["commissie"]
    d = opslag.dossier(o.db, ik, o.codes.regio, REGELING)
    assert d is not None
    regeling = laden.regeling(REGELING)
    bedrag = opslag.aangevraagd(d.aanvraag, regeling)
    per_jaar = bereken(d.aanvraag, regeling).subsidiabel_per_jaar
    assert sum(per_jaar.values()) == bedrag == 3_923_456  # 30.000 + 1.234,56 + 4 x 2.000
    opslag.beslis(
        o.db,
        o.accounts["landelijk"],
        d.id,
        uitkomst=Status.TOEGEKEND,
        bedrag=bedrag,
        per_jaar=per_jaar,
        toelichting="Een sterk plan.",
    )
    aanvraag = regio.get(_pad(o)).text
    assert "Een sterk plan." in aanvraag and "Verantwoording per jaar" in aanvraag
    pagina = regio.get(_pad(o, "/verantwoording/2025"))
    assert pagina.status == 200
    csrf = _CSRF.search(pagina.text)
    assert csrf
    velden = {
        "csrf": csrf.group(1),
        "realisatie-personeel": "5.000",
        "afschrijving": "2.000",
        "cof-0-partner": "Metaal BV",
        "cof-0-vorm": "geld",
        "cof-0-bedrag": "100",
        "toelichting-algemeen": "Later begonnen dan gepland.",
        "actie": "bewaren",
    }
    fout = regio.post(_pad(o, "/verantwoording/2025"), {**velden, "afschrijving": "2.000,999"})
    assert fout.status == 400 and 'value="2.000,999"' in fout.text
    assert "Later begonnen dan gepland." in fout.text
    bewaard = regio.post(_pad(o, "/verantwoording/2025"), velden)
    assert bewaard.status == 303, bewaard.text[:2000]
    tekst = unescape(regio.get(bewaard.kop("location") or "").text)
    assert "De verantwoording is bewaard" in tekst
    assert 'data-signaal="onderbesteding"' in tekst and "Onderbesteding" in tekst
    assert "Cofinanciering achter op het pad naar 7,5 %" in tekst
    d = opslag.dossier(o.db, ik, o.codes.regio, REGELING)
    assert d is not None and d.verantwoordingen[2025].afschrijving_geboekt == 200_000
    # a year outside the period does not exist
    assert regio.get(_pad(o, "/verantwoording/2031")).status == 404


@pytest.mark.parametrize(
    ("rol", "naam", "rest"),
    [
        ("regio_ander", "concept", ""),
        ("regio", "ingediend", ""),
        ("regio", "verantwoording", "/verantwoording/2025"),
    ],
)
def test_the_pages_fit_a_phone(
    o: Ingericht, browser: Chromium, rol: str, naam: str, rest: str
) -> None:
    regio = o.codes.regio_ander if rol == "regio_ander" else o.codes.regio
    context = browser.new_context(viewport={"width": 1366, "height": 800}, base_url=o.base)
    try:
        page = context.new_page()
        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(o.accounts[rol].email)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        page.goto(f"/regio/{regio}/subsidie/{REGELING}{rest}")
        assert page.get_by_role("heading", level=1).is_visible()
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)
        for breedte in (1366, 375):
            page.set_viewport_size({"width": breedte, "height": 800})
            pad = ARTEFACTEN / f"subsidie-{naam}-{breedte}.png"
            page.screenshot(path=str(pad), full_page=True)
            breed = page.evaluate("() => document.documentElement.scrollWidth")
            te_breed = page.evaluate(_TE_BREED, breedte)
            assert breed <= breedte, f"{naam} is {breed}px breed op {breedte}px: {te_breed}"
    finally:
        context.close()
