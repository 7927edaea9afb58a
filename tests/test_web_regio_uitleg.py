"""What the region pages explain: the techniekluw label, and the region sets per period.

Against a real server on the shared warehouse: the counts on /regios equal the snapshot's
(loaded here without the web layer), never numbers written in a template. The explanation of
a snapshot that lists every loaded region set (``perioden``) is rendered from the template
itself, with the two sets of the STO periods.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.web.render import ENV
from tests.web_fixtures import get

LUW = (
    '<abbr class="luw" title="Techniekluw: een STO-regio met weinig of geen technisch '
    'vmbo-onderwijs.">'
)
EN_DASH = "\u2013"


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db, indicatoren=())


def tekst(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def dd(page: str, ident: str) -> str:
    match = re.search(rf'<dd id="{ident}">(.*?)</dd>', page, flags=re.S)
    assert match, f"uitleg {ident} ontbreekt"
    return match.group(1)


def test_regios_explains_techniekluw_with_the_count_of_the_shown_set(
    web_server: str, snap: Snapshot
) -> None:
    page = get(web_server, "/regios").text
    luw = [r for r in snap.regios.values() if r.techniekluw]
    assert luw, "de gegenereerde indeling heeft techniekluwe regio's"
    # the label in the definition list and behind every techniekluw region in the table
    assert page.count(LUW) == len(luw) + 1
    for regio in luw:
        rij = re.search(rf'<tr data-regio="{regio.code}">.*?</tr>', page, flags=re.S)
        assert rij and LUW in rij.group(0), regio.code
    uitleg = dd(page, "techniekluw")
    assert "weinig of geen technisch vmbo-onderwijs" in uitleg
    periode = Counter(r.periode for r in snap.regios.values()).most_common(1)[0][0]
    in_periode = [r for r in snap.regios.values() if r.periode == periode]
    aantal = sum(r.techniekluw for r in in_periode)
    assert f'<span data-techniekluw="{periode}">{aantal or "geen"}</span>' in uitleg
    assert f"van de {len(in_periode)} regio's techniekluw" in tekst(uitleg)


def test_regios_counts_regions_per_period_from_the_snapshot(
    web_server: str, snap: Snapshot
) -> None:
    uitleg = dd(get(web_server, "/regios").text, "perioden")
    # every loaded set when the snapshot lists them, else the sets of its region codes
    perioden = getattr(snap, "perioden", None)
    per_periode = (
        Counter({p.periode: p.aantal for p in perioden})
        if perioden
        else Counter(r.periode for r in snap.regios.values())
    )
    getoond = dict(re.findall(r'<span data-periode="([^"]+)">(\d+)</span>', uitleg))
    assert {p: int(n) for p, n in getoond.items()} == dict(per_periode)
    # which set the newest school year uses, said in words
    jaar = snap.laatste_jaar
    assert jaar is not None
    gekozen = re.search(r'data-gekozen="([^"]+)">(\d+)<', uitleg)
    assert gekozen
    start, eind = (int(j) for j in gekozen.group(1).split("-"))
    assert per_periode[gekozen.group(1)] == int(gekozen.group(2))
    if start <= jaar <= eind:
        assert f"Schooljaar {schooljaar(jaar)} valt in de periode {start}{EN_DASH}{eind}" in tekst(
            uitleg
        )


def _uitleg(perioden: list[tuple[str, int, int, int, int]], jaar: int) -> str:
    """The period sentence for a snapshot that lists these region sets."""
    snapshot = SimpleNamespace(
        perioden=[
            SimpleNamespace(periode=p, start=s, eind=e, aantal=n, techniekluw=luw)
            for p, s, e, n, luw in perioden
        ],
        regios={},
    )
    template = ENV.from_string(
        '{% from "regio_uitleg.html" import perioden, perioden_zin, luw_zin %}'
        "{% call(rijen, gekozen) perioden(snapshot, jaar) %}"
        "{{ perioden_zin(rijen, gekozen, jaar) }} {{ luw_zin(gekozen) }}{% endcall %}"
    )
    return tekst(template.render(snapshot=snapshot, jaar=jaar))


STO = [("2025-2029", 2025, 2029, 74, 0), ("2020-2024", 2020, 2024, 78, 5)]


def test_every_loaded_set_is_counted_and_the_year_picks_its_own() -> None:
    zin = _uitleg(STO, 2024)
    assert f"78 regio's in 2020{EN_DASH}2024 en 74 regio's in 2025{EN_DASH}2029." in zin
    assert f"Schooljaar 2024/2025 valt in de periode 2020{EN_DASH}2024" in zin
    assert "over de 78 regio's van die indeling" in zin
    assert f"In de indeling van 2020{EN_DASH}2024 zijn 5 van de 78 regio's techniekluw." in zin
    zin = _uitleg(STO, 2026)
    assert f"Schooljaar 2026/2027 valt in de periode 2025{EN_DASH}2029" in zin
    assert "over de 74 regio's van die indeling" in zin
    assert f"In de indeling van 2025{EN_DASH}2029 is geen van de 74 regio's techniekluw." in zin
    # before the first period: the first set (the warehouse's regio_schooljaar rule)
    zin = _uitleg(STO, 2019)
    assert f"ligt buiten de ingelezen perioden en telt met de indeling van 2020{EN_DASH}2024" in zin


def test_a_techniekluw_region_page_says_what_it_means(web_server: str, snap: Snapshot) -> None:
    luw = next(r for r in snap.regios.values() if r.techniekluw)
    page = get(web_server, f"/regio/{luw.code}").text
    kop = re.search(r"<h1>.*?</h1>", page, flags=re.S)
    assert kop and LUW in kop.group(0)
    uitleg = re.search(r'<span id="techniekluw">(.*?)</span></p>', page, flags=re.S)
    assert uitleg
    assert "Deze regio is techniekluw." in tekst(uitleg.group(1))
    assert "weinig of geen technisch vmbo-onderwijs" in uitleg.group(1)
    gewoon = next(r for r in snap.regios.values() if not r.techniekluw)
    page = get(web_server, f"/regio/{gewoon.code}").text
    assert 'id="techniekluw"' not in page
    assert LUW not in page
