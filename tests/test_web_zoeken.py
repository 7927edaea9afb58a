"""``/zoeken?q=`` against a real server: regions, gemeenten and schools, each to its region page.

Expectations come from the snapshot of the same warehouse, loaded here without the web layer
(``gegevens.laad``): which region a gemeente or a school belongs to, and their names.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from sto_monitor.publicatie.gegevens import Snapshot, Vestiging, laad
from sto_monitor.web.pages.zoeken import MAX_TREFFERS, vorm
from tests.test_web_definitie import SLEUTEL, _wacht
from tests.web_fixtures import get

GEEN = "Geen regio, gemeente of school gevonden"


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db, indicatoren=())


def zoek(base: str, vraag: str) -> str:
    answer = get(base, "/zoeken?q=" + quote(vraag))
    assert answer.status == 200, answer.text
    return answer.text


def groep(page: str, ident: str) -> list[tuple[str | None, str]]:
    """The hits of one group of the answer page: (link or None, name)."""
    match = re.search(rf'<section id="{ident}".*?</section>', page, flags=re.S)
    if match is None:
        return []
    hits = re.findall(r"<li>(?:<a href=\"([^\"]+)\">)?([^<]+)", match.group(0))
    return [(link or None, html.unescape(naam)) for link, naam in hits]


def woord(naam: str) -> str:
    """The longest word of a name: a part of it that finds it."""
    woorden: list[str] = re.findall(r"[A-Za-z]{4,}", naam)
    return max(woorden, key=len)


def test_vorm_ignores_case_accents_and_punctuation() -> None:
    assert vorm("Súdwest-Fryslân") == "sudwest fryslan"
    assert vorm("\u2019s-Hertogenbosch") == "s hertogenbosch"
    assert vorm("  M&T  College ") == "m en t college"
    assert vorm("ÉÉN") == vorm("een")


def test_a_region_by_part_of_its_name_and_by_its_code(web_server: str, snap: Snapshot) -> None:
    regio = next(r for r in snap.regios.values() if "Regio" in r.naam)
    deel = woord(regio.naam.replace("Regio", "")).lower()
    hits = groep(zoek(web_server, deel), "regios")
    assert (f"/regio/{regio.code}", regio.naam) in hits
    assert all(deel in vorm(naam) for _, naam in hits)
    # by its code, in lower case: the region itself comes first
    assert groep(zoek(web_server, regio.code.lower()), "regios")[0] == (
        f"/regio/{regio.code}",
        regio.naam,
    )


def test_a_gemeente_links_to_the_region_of_most_of_its_schools(
    web_server: str, snap: Snapshot
) -> None:
    code, naam = next(
        (c, n) for c, n, _ in snap.gemeenten if c in snap.gemeente_regio and len(n) > 4
    )
    regio = snap.regios[snap.gemeente_regio[code]]
    page = zoek(web_server, naam.upper())
    assert (f"/regio/{regio.code}", naam) in groep(page, "gemeenten")
    aantal = sum(1 for v in snap.vestigingen if v.gemeentecode == code)
    tekst = html.unescape(page)
    assert f"{aantal} vestiging{'en' if aantal != 1 else ''} met derdejaars" in tekst
    assert f"de meeste in {regio.naam}" in tekst


def _school(snap: Snapshot) -> Vestiging:
    """A school in a region whose name has a word that few other schools share."""
    namen = Counter(w for v in snap.vestigingen for w in set(vorm(v.naam).split()))
    return next(
        v
        for v in snap.vestigingen
        if v.regio in snap.regios and v.plaats and namen[vorm(woord(v.naam))] == 1
    )


def test_a_school_by_name_and_by_place(web_server: str, snap: Snapshot) -> None:
    school = _school(snap)
    link = f"/regio/{school.regio}#kaart"
    hits = groep(zoek(web_server, woord(school.naam)), "scholen")
    assert (link, school.naam) in hits
    page = zoek(web_server, school.plaats)
    in_plaats = [v for v in snap.vestigingen if vorm(school.plaats) in vorm(v.plaats)]
    if len(in_plaats) <= MAX_TREFFERS:
        assert (link, school.naam) in groep(page, "scholen")
    assert f"vestiging {school.code}" in page or len(in_plaats) > MAX_TREFFERS
    # and by its vestiging code
    assert groep(zoek(web_server, school.code), "scholen")[0] == (link, school.naam)


def test_accents_and_case_do_not_matter(web_server: str, snap: Snapshot) -> None:
    school = _school(snap)
    gewoon = woord(school.naam).lower()
    met_accenten = gewoon.upper().replace("E", "É").replace("A", "Á").replace("O", "Ö")
    assert met_accenten != gewoon.upper()
    assert groep(zoek(web_server, met_accenten), "scholen") == groep(
        zoek(web_server, gewoon), "scholen"
    )
    assert groep(zoek(web_server, gewoon), "scholen")


def test_nothing_found_is_one_neutral_sentence(web_server: str) -> None:
    page = zoek(web_server, "qxzqxzq")
    assert GEEN in page
    assert 'class="treffers"' not in page
    assert "/regios" in page  # a way on: the list of every region


def test_the_question_is_escaped(web_server: str) -> None:
    vraag = '"><script>alert(1)</script>'
    page = zoek(web_server, vraag)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'value="&#34;&gt;&lt;script&gt;' in page  # in the search field, as typed


def test_an_empty_question_shows_the_form(web_server: str) -> None:
    page = get(web_server, "/zoeken").text
    assert 'action="/zoeken"' in page
    assert GEEN not in page
    assert 'class="treffers"' not in page


def test_a_too_long_question_is_refused(web_server: str) -> None:
    assert get(web_server, "/zoeken?q=" + "a" * 101).status == 400


def test_the_form_is_on_the_overview_and_regions_and_works_without_javascript(
    web_server: str,
) -> None:
    for pad in ("/", "/regios"):
        page = get(web_server, pad).text
        form = re.search(
            r'<form class="zoekvak" method="get" action="/zoeken".*?</form>', page, re.S
        )
        assert form, pad
        assert "Zoek uw regio, gemeente of school" in form.group(0)
        assert 'name="q"' in form.group(0)
        assert 'name="definitie"' not in form.group(0)  # the dashboard's own definition


def test_another_definition_is_kept(web_server: str, snap: Snapshot) -> None:
    regio = next(iter(snap.regios.values()))
    _, page = _wacht(web_server, f"/zoeken?q={regio.code}&definitie={quote(SLEUTEL)}")
    assert page.status == 200
    assert f'href="/regio/{regio.code}?definitie={quote(SLEUTEL)}"' in page.text
    assert f'<input type="hidden" name="definitie" value="{SLEUTEL}">' in page.text
