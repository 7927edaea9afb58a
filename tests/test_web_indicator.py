"""Definitions and provenance (/indicatoren) and data releases (/veranderingen), over real HTTP.

Expectations are read from the warehouse independently (its ``bron`` and ``indicator_run``
tables, ``herkomst.ontbrekende_bronnen``). /veranderingen is tested on a small warehouse of its
own, in which a file is loaded, replaced by a corrected file and built twice, once after a
method-version change, served by a real ``sto serve``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as htmllib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from click.testing import CliRunner
from markupsafe import escape
from starlette.requests import Request

from sto_monitor.cli import cli
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.herkomst import ontbrekende_bronnen
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, METHODE_VERSIE
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.contract import velden
from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.publicatie.tekst import datum
from sto_monitor.web.pages import indicator as indicatorpagina
from sto_monitor.web.pages.indicator import KORT, groep, kort
from sto_monitor.web.pages.indicator_inhoud import MAX_RIJEN, in_woorden, rapport
from sto_monitor.web.pages.veranderingen import builds, gegevens, geraakt, jaren_tekst, releases
from sto_monitor.web.render import html as html_
from tests.indicator_fixtures import tiny_warehouse
from tests.web_fixtures import get, serve

DOCENTEN = Path(__file__).parent / "data" / "ingest" / "eigen" / "docenten.csv"
OUDE_VERSIE = "2025.9"
# What bereikbaarheid lacks in the small warehouse, as the pages name it.
GEO_BRONNEN = ", ".join(bron_naam(t) for t in ("vestiging_geo", "pc4", "pc4_bevolking"))


def _e(text: str) -> str:
    """Text as the (autoescaping) templates write it."""
    return str(escape(text))


def _rijen(body: str, attribuut: str) -> dict[str, str]:
    """The <tr> elements with a data attribute, by its value."""
    pattern = rf'<tr {attribuut}="([^"]+)"[^>]*>(.*?)</tr>'
    return {m.group(1): m.group(2) for m in re.finditer(pattern, body, re.S)}


def _tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _lezen(pad: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(pad), read_only=True)


# --- a small warehouse with a replaced file, two builds and a method change ----------------


@pytest.fixture(scope="module")
def wijziging_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("veranderingen")
    pad = folder / "klein.duckdb"
    con = tiny_warehouse(pad)
    con.close()
    runner = CliRunner()

    def sto(*args: str) -> None:
        result = runner.invoke(cli, [args[0], "--db", str(pad), "--quiet", *args[1:]])
        assert result.exit_code == 0, result.output

    sto("ingest", str(DOCENTEN))
    sto("build")
    correctie = folder / "docenten-correctie.csv"
    correctie.write_text(
        "SCHOOLJAAR;VESTIGINGSCODE;PROFIELGROEP;ZIJ-INSTROMER;FTE;PERSONEN\n"
        "2023;00AH00;techniek;ja;4;5\n",
        encoding="utf-8",
    )
    sto("ingest", str(correctie))
    # As if techniekaandeel was last built with an older method: the next build says so.
    with duckdb.connect(str(pad)) as schrijf:
        schrijf.execute(
            "UPDATE indicator_run SET methode_versie = ? WHERE indicator = 'techniekaandeel'",
            [OUDE_VERSIE],
        )
    sto("build")
    return pad


@pytest.fixture(scope="module")
def wijziging_server(wijziging_db: Path) -> Iterator[str]:
    with serve(wijziging_db) as base:
        yield base


# --- what a reader sees -----------------------------------------------------------------------

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # an identifier in code (aandeel_binnen_10km)
ONTWIKKELAAR = ("duckdb", "Run ", "sha256", "Rekenmachine", "engine")
COMMANDO = re.compile(r"\bsto (?:ingest|build|serve|indicator|openbaarheid|fetch)\b")


def _zichtbaar(html: str, details: bool = True) -> str:
    """The text a reader sees (scripts and styles out); without ``details`` also what is folded
    away in a <details> element."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    if not details:
        html = re.sub(r"<details\b.*?</details>", " ", html, flags=re.S)
    return htmllib.unescape(_tekst(html))


def _details(body: str, ident: str) -> tuple[str, str]:
    """The opening tag and the content of ``<details id=ident>``."""
    m = re.search(rf'(<details id="{ident}"[^>]*>)(.*?)</details>', body, re.S)
    assert m, f"geen <details id={ident!r}>"
    return m.group(1), m.group(2)


@pytest.fixture(scope="module")
def tabelnamen(web_db: Path) -> frozenset[str]:
    """The warehouse's table names with an underscore (no Dutch word has one)."""
    with _lezen(web_db) as con:
        namen = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return frozenset(n for n in namen if "_" in n)


# --- /indicatoren ------------------------------------------------------------------------


@pytest.mark.parametrize("welke", ["web", "klein"])
def test_list_names_every_indicator_by_title_grouped_by_subject(
    welke: str, request: pytest.FixtureRequest
) -> None:
    db: Path = request.getfixturevalue("web_db" if welke == "web" else "wijziging_db")
    base: str = request.getfixturevalue("web_server" if welke == "web" else "wijziging_server")
    page = get(base, "/indicatoren")
    assert page.status == 200
    rijen = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<div data-indicator="([^"]+)"[^>]*>(.*?)</div>', page.text, re.S)
    }
    assert sorted(rijen) == sorted(BY_NAME) and len(rijen) == len(INDICATORS)
    # grouped: every group a heading, its indicators in registry order below it
    koppen = re.findall(r'<h2 id="kop-groep-\d+">([^<]+)</h2>', page.text)
    assert len(koppen) == len(set(koppen)) >= 6
    for kop in koppen:
        sectie = page.text.split(f">{kop}</h2>", 1)[1].split("</section>", 1)[0]
        namen = re.findall(r'data-indicator="([^"]+)"', sectie)
        assert namen == [i.naam for i in INDICATORS if groep(i) == htmllib.unescape(kop)]
    assert htmllib.unescape(koppen[0]) == groep(INDICATORS[0])

    with _lezen(db) as con:
        ontbreekt = {i.naam: ontbrekende_bronnen(con, i) for i in INDICATORS}
    if welke == "klein":  # the small warehouse lacks most sources: the check means something
        assert ontbreekt["bereikbaarheid"] and not ontbreekt["docenten"]
    for naam, html in rijen.items():
        tekst = _tekst(html)
        indicator = BY_NAME[naam]
        assert f'<a href="/indicatoren/{naam}">{_e(indicator.titel)}</a>' in html
        assert _e(kort(indicator)) in html and len(kort(indicator)) < 160
        if ontbreekt[naam]:
            bronnen = ", ".join(dict.fromkeys(map(bron_naam, ontbreekt[naam])))
            assert "bron ontbreekt: " + bronnen in tekst, naam
            assert f'data-indicator="{naam}" data-beschikbaar="nee"' in page.text
        else:
            assert "bron ontbreekt" not in tekst, naam
            assert f'data-indicator="{naam}" data-beschikbaar="ja"' in page.text
    # titles and descriptions, never the names of code
    zichtbaar = _zichtbaar(page.text)
    assert SNAKE.findall(zichtbaar) == []
    assert "examens_per_profiel" not in zichtbaar and "MONITOR.md" not in zichtbaar


def test_every_indicator_has_a_short_description_and_a_group() -> None:
    assert set(KORT) == set(BY_NAME)
    assert all(groep(i) != "Overige indicatoren" for i in INDICATORS)
    assert rapport("geen rapporttabel (MONITOR.md, indicator 15)") == ""
    assert rapport("geen rapporttabel (landelijke context bij Figuur 4.10)") == (
        "landelijke context bij Figuur 4.10"
    )
    assert rapport("Tabel 4.1") == "Tabel 4.1"


# --- /indicatoren/{naam} -------------------------------------------------------------------


def test_indicator_page_shows_the_newest_table_with_dutch_headers_before_the_definition(
    web_server: str, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    page = get(web_server, "/indicatoren/techniekaandeel")
    assert page.status == 200
    body = page.text
    indicator = BY_NAME["techniekaandeel"]
    # the figures first, then the definition, then what is folded away
    plek = [
        body.index(s)
        for s in (
            'id="indicator-grafiek"',
            '<table id="indicator-tabel">',
            '<section id="definitie"',
            '<details id="kolommen"',
            '<details id="herkomst"',
        )
    ]
    assert plek == sorted(plek)
    assert _e(indicator.definitie) in body

    # the newest school year's published rows, every one, with the reader's headers
    tabel = web_publicatie["techniekaandeel"].tabel.to_pylist()
    jaar = max(r["schooljaar"] for r in tabel)
    verwacht = {r["regio"]: r for r in tabel if r["schooljaar"] == jaar}
    html = body.split('<table id="indicator-tabel">', 1)[1].split("</table>", 1)[0]
    assert f"schooljaar {jaar}/{jaar + 1}</caption>" in html
    koppen = [_tekst(k) for k in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert koppen[:4] == ["Regio", "Derdejaars", "Techniekleerlingen", "Techniekaandeel (%)"]
    assert koppen == [woord(indicator, k).kop for k in ("regio", *_getoond(tabel, jaar))]
    assert not any(SNAKE.search(k) for k in koppen)
    rijen = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S)
    assert len(rijen) == len(verwacht)
    cellen = [dict(re.findall(r'data-kolom="([^"]+)">(.*?)</td>', r, re.S)) for r in rijen]
    assert _tekst(cellen[0]["regio"]) == "Nederland"  # the country first, then the regions
    for cel in cellen:
        regio = re.search(r'href="/regio/([^"]+)"', cel["regio"])
        code = regio.group(1) if regio else "NL"
        assert _tekst(cel["techniekaandeel"]) == weergave(verwacht[code]["techniekaandeel"])
    # the chart: the same year, the reader's words on its axis
    spec = json.loads(
        re.search(r'data-grafiek="indicator-grafiek">(.*?)</script>', body, re.S).group(1)  # type: ignore[union-attr]
    )
    tekst = json.dumps(spec, ensure_ascii=False)
    assert f"Techniekaandeel per regio, {jaar}/{jaar + 1}" in tekst
    assert '"Techniekaandeel (%)"' in tekst and '"techniekaandeel"' in tekst  # field, title
    # the verkenner and the downloads of this table and of the whole series
    for href in (
        "/verkenner?indicator=techniekaandeel",
        f"/verkenner.xlsx?indicator=techniekaandeel&amp;schooljaar={jaar}",
        f"/verkenner.csv?indicator=techniekaandeel&amp;schooljaar={jaar}",
        "/verkenner.csv?indicator=techniekaandeel",
        "/api/v1/indicatoren/techniekaandeel",
        "/kaart?indicator=techniekaandeel",
    ):
        assert f'href="{href}"' in body, href


def _getoond(tabel: list[dict[str, object]], jaar: int) -> list[str]:
    """The published columns the page shows: not the keys, not a column empty that year."""
    kolommen = [k for k in tabel[0] if k not in BY_NAME["techniekaandeel"].sleutels]
    rijen = [r for r in tabel if r["schooljaar"] == jaar]
    return [k for k in kolommen if any(r[k] not in (None, "") for r in rijen)]


def test_provenance_is_folded_away_and_written_for_a_person(web_db: Path, web_server: str) -> None:
    body = get(web_server, "/indicatoren/techniekaandeel").text
    open_tag, herkomst = _details(body, "herkomst")
    assert " open" not in open_tag  # closed until the reader opens it
    assert "<summary>Herkomst en verantwoording</summary>" in herkomst
    for sectie in ("bronnen", "methode", "build", "openbaarheid"):
        assert f'<section id="{sectie}"' in herkomst
    assert f"<dd data-methodeversie>{METHODE_VERSIE}</dd>" in herkomst

    with _lezen(web_db) as con:
        bestanden = con.execute(
            "SELECT bron_id, bestand, sha256, doel FROM bron WHERE status = 'geladen' "
            "AND doel IN ('leerlingen', 'regio') ORDER BY bron_id"
        ).fetchall()
        rijen = con.execute(
            "SELECT rijen FROM indicator_run WHERE indicator = 'techniekaandeel' "
            "AND techniek = 'sto' ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
    assert len(bestanden) == 3  # the two generated school years and the region list
    getoond = _rijen(herkomst, "data-bron")
    assert sorted(int(b) for b in getoond) == [b[0] for b in bestanden]
    for bron_id, bestand, sha256, doel in bestanden:
        rij = getoond[str(bron_id)]
        assert _e(bestand) in rij
        assert _e(bron_naam(doel)[0].upper() + bron_naam(doel)[1:]) in rij  # what it holds
        assert f'<code title="{sha256}">{sha256[:12]}</code>' in rij  # the controlegetal
    assert "Controlegetal" in herkomst
    assert rijen is not None
    berekend = _tekst(herkomst.split('<section id="build"', 1)[1])
    assert "Berekend en opgeslagen op " in berekend and f": {rijen[0]} rijen" in berekend

    # outside <details>: no machinery, no code names
    buiten = _zichtbaar(body, details=False)
    for woord_ in ONTWIKKELAAR:
        assert woord_ not in buiten, woord_
    assert SNAKE.findall(buiten) == []
    assert not [b for b in bestanden if b[2][:12] in buiten or _e(b[1]) in buiten]


def test_columns_are_described_in_words(web_server: str) -> None:
    body = get(web_server, "/indicatoren/bereikbaarheid").text
    open_tag, kolommen = _details(body, "kolommen")
    assert " open" not in open_tag
    indicator = BY_NAME["bereikbaarheid"]
    getoond = _rijen(kolommen, "data-kolom")
    assert list(getoond) == [v.naam for v in velden(indicator)]  # the contract's columns
    cellen = [re.findall(r"<td[^>]*>(.*?)</td>", getoond[v.naam], re.S) for v in velden(indicator)]
    labels = [htmllib.unescape(_tekst(c[0])) for c in cellen]
    assert labels[:3] == ["Schooljaar", "Profiel", "Leerweg"]
    assert "Binnen 10 km" in labels
    eenheden = dict(zip(labels, (htmllib.unescape(_tekst(c[2])) for c in cellen), strict=True))
    assert eenheden["Binnen 10 km"] == "procent"
    koppen = re.findall(r"<th[^>]*>(.*?)</th>", kolommen)
    assert koppen == ["Kolom", "Betekenis", "Eenheid"]
    # even folded away, the descriptions name columns in words, not by their code
    assert SNAKE.findall(_zichtbaar(kolommen)) == []
    assert "'Binnen 10 km, status'" in htmllib.unescape(kolommen)


def test_indicator_page_of_a_confidential_source_states_the_strict_rule(
    web_db: Path, web_server: str
) -> None:
    """doorstroom rests on a confidential delivery (sto-doorstroom): x, linked tables, audit."""
    with _lezen(web_db) as con:
        rijen = con.execute("SELECT formaat FROM bron WHERE doel = 'doorstroom'").fetchall()
    formaten = {f for (f,) in rijen}
    assert formaten == {"sto-doorstroom"}
    body = get(web_server, "/indicatoren/doorstroom").text
    regel = _tekst(body.split('<section id="openbaarheid"', 1)[1].split("</section>", 1)[0])
    assert (
        "De cijfers uit de doorstroom na leerjaar 4 (levering onder afspraak) zijn vertrouwelijk. "
        "Elk aantal dat daarop rust en 1 tot en met 4 kan zijn, tonen we als x." in regel
    )
    assert "over alle tabellen die op deze bron rusten samen" in regel
    assert "Elke publicatie wordt daarop gecontroleerd met een lineair programma" in regel
    assert "als de noemer of basis kleiner dan 10 is" in regel
    assert "publiceren we zoals de bron zelf" not in regel  # no public count in this table
    # docenten mixes both: its derdejaars come from DUO, its persons from a confidential file
    body = get(web_server, "/indicatoren/docenten").text
    regel = _tekst(body.split('<section id="openbaarheid"', 1)[1].split("</section>", 1)[0])
    assert "Wat op openbare bronnen rust (de leerlingentelling van DUO en de indeling in " in regel
    assert "De cijfers uit de personeelsgegevens (levering onder afspraak) zijn vertrouwelijk." in (
        regel
    )


def test_public_rule_names_the_public_sources(web_server: str) -> None:
    body = get(web_server, "/indicatoren/techniekaandeel").text
    regel = htmllib.unescape(
        _tekst(body.split('<section id="openbaarheid"', 1)[1].split("</section>", 1)[0])
    )
    assert (
        "Wat op openbare bronnen rust (de leerlingentelling van DUO en de indeling in STO-regio's) "
        "publiceren we zoals de bron zelf" in regel
    )
    assert "Een cijfer uit een openbare bron schermen we nooit verder af." in regel
    assert "vertrouwelijk" not in regel and "kleiner dan 10" not in regel


def test_every_indicator_page_reads_as_a_publication(
    web_server: str, tabelnamen: frozenset[str]
) -> None:
    for indicator in INDICATORS:
        page = get(web_server, f"/indicatoren/{indicator.naam}")
        assert page.status == 200, indicator.naam
        body = page.text
        for sectie in ("definitie", "bronnen", "build", "openbaarheid"):
            assert f'<section id="{sectie}"' in body, (indicator.naam, sectie)
        assert (f'href="/kaart?indicator={indicator.naam}"' in body) == indicator.per_regio
        buiten = _zichtbaar(body, details=False)
        assert SNAKE.findall(buiten) == [], indicator.naam
        assert not [w for w in ONTWIKKELAAR if w in buiten], indicator.naam
        alles = _zichtbaar(body)
        assert not [t for t in tabelnamen if re.search(rf"(?<![\w.-]){t}(?![\w.-])", alles)]
        assert not COMMANDO.search(alles), indicator.naam
        if indicator.naam != "reeksbreuken":  # the register has no table of its own kind
            assert '<table id="indicator-tabel">' in body, indicator.naam
        # a definition that names a column in code shows its words (kwetsbare_groepen)
        assert _e(in_woorden(indicator, indicator.definitie)) in body


def test_long_table_is_cut_and_says_so(web_server: str) -> None:
    body = get(web_server, "/indicatoren/examens_per_profiel").text
    html = body.split('<table id="indicator-tabel">', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr>", html.split("<tbody>", 1)[1])) == MAX_RIJEN
    assert 'id="tabel-ingekort"' in body
    # the national rows (vestiging totaal) come first
    eerste = re.findall(r'data-kolom="vestiging">([^<]*)</td>', html)[:3]
    assert eerste == ["totaal"] * 3


def test_indicator_without_region_has_no_map_link(web_server: str) -> None:
    body = get(web_server, "/indicatoren/leerlingen_per_profiel").text
    assert "/kaart?indicator=" not in body
    assert 'href="/verkenner?indicator=leerlingen_per_profiel"' in body


def test_unknown_indicator_is_a_dutch_404(web_server: str) -> None:
    page = get(web_server, "/indicatoren/bestaatniet")
    assert page.status == 404
    assert "Niet gevonden" in page.text
    assert _e("onbekende indicator 'bestaatniet'") in page.text


def test_missing_source_page_describes_the_columns_it_would_publish(
    wijziging_server: str,
) -> None:
    # bereikbaarheid cannot be computed in the small warehouse; its page still describes the
    # columns the downloads would have
    page = get(wijziging_server, "/indicatoren/bereikbaarheid")
    assert page.status == 200
    assert f"Bron ontbreekt: {GEO_BRONNEN}." in _tekst(page.text)
    assert "/verkenner?indicator=" not in page.text and 'id="indicator-tabel"' not in page.text
    _, kolommen = _details(page.text, "kolommen")
    assert list(_rijen(kolommen, "data-kolom")) == [
        v.naam for v in velden(BY_NAME["bereikbaarheid"])
    ]


# --- rendered from a changed snapshot: synthetic data, series breaks ----------------------------


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db)


def _request(pad: str) -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": pad,
            "query_string": b"",
            "headers": [],
            "scheme": "http",
            "server": ("test", 80),
            "root_path": "",
        }
    )


def _indicatorpagina(snap: Snapshot, naam: str) -> str:
    g = snap.indicatoren[naam]
    return html_(
        _request(f"/indicatoren/{naam}"),
        "indicator.html",
        snapshot=snap,
        **indicatorpagina._context(snap, g),
    )


def test_downloads_say_when_the_data_is_synthetic(snap: Snapshot) -> None:
    echt = dataclasses.replace(snap, synthetisch=False)
    nep = dataclasses.replace(snap, synthetisch=True)
    for s, verwacht in ((echt, False), (nep, True)):
        body = _indicatorpagina(s, "techniekaandeel")
        downloads = body.split('id="downloads"', 1)[1].split("</p>", 1)[0]
        assert ("synthetische demogegevens" in downloads) is verwacht
        assert "/verkenner.csv?indicator=techniekaandeel" in downloads


def test_breaks_of_the_series_are_listed_in_the_definition(snap: Snapshot) -> None:
    reden = "De STO-regio's van 2024/2025 komen uit een andere periode dan die van 2023/2024."
    register = pa.table(
        {
            "schooljaar": pa.array([2024, 2024], pa.int16()),
            "vorig_schooljaar": pa.array([2023, 2023], pa.int16()),
            "code": ["regio-indeling", "andere"],
            "soort": ["breuk", "breuk"],
            "vergelijkbaar": [False, False],
            "reeksen": ["techniekaandeel_per_regio, bl_kl_clusters", "docenten"],
            "reden": [reden, "Iets anders."],
        }
    )
    indicatoren = dict(snap.indicatoren)
    indicatoren["reeksbreuken"] = dataclasses.replace(indicatoren["reeksbreuken"], data=register)
    met_breuk = dataclasses.replace(snap, indicatoren=indicatoren)
    body = _indicatorpagina(met_breuk, "techniekaandeel_per_regio")
    definitie = body.split('<section id="definitie"', 1)[1].split("</section>", 1)[0]
    assert '<h3 id="breuken">Breuken in de reeks</h3>' in definitie
    assert htmllib.unescape(_tekst(definitie)).count("2024/2025 tegenover 2023/2024: ") == 1
    assert _e(reden) in definitie and "Iets anders." not in definitie
    # without a break the page says the years compare (the register is there, and empty)
    body = _indicatorpagina(met_breuk, "leerlingen_tl")
    assert "Er is geen breuk in de reeks" in body and 'id="breuken"' not in body


# --- /veranderingen --------------------------------------------------------------------------


def test_changes_page_says_what_came_in_what_it_replaced_and_which_figures_changed(
    wijziging_db: Path, wijziging_server: str
) -> None:
    page = get(wijziging_server, "/veranderingen")
    assert page.status == 200
    body = page.text
    with _lezen(wijziging_db) as con:
        paren = con.execute(
            "SELECT o.bron_id, o.bestand, o.geladen_op, n.bron_id, n.bestand, n.schooljaar "
            "FROM bron o JOIN bron n ON o.vervangen_door = n.bron_id"
        ).fetchall()
        runs = con.execute(
            "SELECT run_id, indicator, methode_versie, rijen, status, reden FROM indicator_run "
            "ORDER BY run_id"
        ).fetchall()
    assert len(paren) == 1
    oud_id, oud_bestand, oud_op, _, nieuw_bestand, jaar = paren[0]
    assert oud_bestand == "docenten.csv" and nieuw_bestand == "docenten-correctie.csv"

    # the replacement in words: the data, its school year, the date of the delivery it replaced
    vervangingen = {
        m.group(1): htmllib.unescape(_tekst(m.group(2)))
        for m in re.finditer(r'<li data-oud="(\d+)" data-nieuw="\d+">(.*?)</li>', body, re.S)
    }
    assert list(vervangingen) == [str(oud_id)]
    assert vervangingen[str(oud_id)] == (
        f"De personeelsgegevens (levering onder afspraak), schooljaar {jaar}/{jaar + 1}: "
        f"vervangt de levering van {datum(oud_op)}; de cijfers van de eerdere levering tellen "
        "niet meer mee."
    )
    assert "Vervangen gegevens" in body

    # the figures that rest on it: docenten, by its title, in the release of the correction
    levering = body.split(f'data-oud="{oud_id}"', 1)[0].rsplit('class="levering"', 1)[1]
    levering += body.split(f'data-oud="{oud_id}"', 1)[1].split('class="levering"', 1)[0]
    assert "Cijfers die daardoor veranderden" in levering
    assert f'<a href="/indicatoren/docenten">{_e(BY_NAME["docenten"].titel)}</a>' in levering

    # two calculations, newest first, each listing its indicators
    gebouwd = [int(b) for b in re.findall(r'class="berekening" data-build="(\d+)"', body)]
    eerste = len(INDICATORS)  # the first build logs every indicator once
    assert gebouwd == [runs[eerste][0], runs[0][0]]
    getoond = {int(r) for r in re.findall(r'<tr data-run="(\d+)"', body)}
    assert getoond == {r[0] for r in runs}

    # the docenten run of the second build: another source file, another size of table
    docenten = [r for r in runs if r[1] == "docenten"]
    assert len(docenten) == 2 and docenten[0][3] != docenten[1][3]
    assert docenten[1][5] == "bronnen gewijzigd: opnieuw berekend"
    rij = _tekst(_rijen(body, "data-run")[str(docenten[1][0])])
    assert f"{docenten[1][3]} rijen (was {docenten[0][3]})" in rij
    assert "bronnen gewijzigd: opnieuw berekend" in rij

    # the method change of techniekaandeel is spelled out
    assert f"methodeversie {OUDE_VERSIE} → {METHODE_VERSIE}" in body
    assert any(r[1] == "techniekaandeel" and r[5] and OUDE_VERSIE in r[5] for r in runs)
    # indicators without their source say so, in words
    assert f"bron ontbreekt: {GEO_BRONNEN}" in _tekst(body)
    # the files themselves are folded away under their release
    _, bestanden = _details(body.replace('<details class="bestanden">', '<details id="b">'), "b")
    assert _e(nieuw_bestand) in bestanden
    assert _e(nieuw_bestand) not in _zichtbaar(body, details=False)


def test_changes_page_names_no_table_command_or_path(
    web_db: Path, web_server: str, tabelnamen: frozenset[str]
) -> None:
    body = get(web_server, "/veranderingen").text
    assert "Wat is veranderd" in body and "Levering van " in body
    tekst = _zichtbaar(body)  # also what is folded away
    assert "keuzevak_examens" in tabelnamen and "leerling_pc4" in tabelnamen
    assert [t for t in tabelnamen if re.search(rf"(?<![\w.-]){t}(?![\w.-])", tekst)] == []
    assert "sto " not in tekst and not COMMANDO.search(tekst)
    assert not re.search(r"(?:\bdocs/|\.\./|/tmp/|\w\.py\b)", tekst)
    # the confidential deliveries by what they hold
    assert "De keuzevakexamens (levering onder afspraak)" in tekst
    assert "De leerlingentelling van DUO, schooljaren 2023/2024 tot en met 2024/2025." in tekst
    with _lezen(web_db) as con:
        bestanden = [b for (b,) in con.execute("SELECT bestand FROM bron").fetchall()]
    for bestand in bestanden:  # every file, folded away
        assert _e(bestand) in body


def test_release_words() -> None:
    assert jaren_tekst([2023]) == "schooljaar 2023/2024"
    assert jaren_tekst([2021, 2019, 2020]) == "schooljaren 2019/2020 tot en met 2021/2022"
    assert jaren_tekst([2019, 2021]) == "schooljaren 2019/2020 en 2021/2022"
    rijen: list[dict[str, object]] = [
        {"doel": "leerlingen", "schooljaar": 2024},
        {"doel": "keuzevak_examens", "schooljaar": None},
        {"doel": "leerlingen", "schooljaar": 2023},
    ]
    assert [g.tekst for g in gegevens(rijen)] == [
        "De leerlingentelling van DUO, schooljaren 2023/2024 tot en met 2024/2025",
        "De keuzevakexamens (levering onder afspraak)",
    ]
    namen = [i.naam for i in geraakt(INDICATORS, [{"doel": "docenten"}])]
    assert namen == ["docenten"]
    assert "techniekaandeel" in [i.naam for i in geraakt(INDICATORS, [{"doel": "regio"}])]


# --- the grouping, on hand-made rows ---------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, 9, 0)


def _bron(
    bron_id: int, bestand: str, dag: int, vervangen_door: int | None = None, volledig: bool = True
) -> dict[str, object]:
    return {
        "bron_id": bron_id,
        "bestand": bestand,
        "formaat": "sto-docenten",
        "doel": "docenten",
        "schooljaar": 2023,
        "rijen_geladen": 10 * bron_id,
        "geladen_op": T0 + dt.timedelta(days=dag, minutes=bron_id),
        "status": "vervangen" if vervangen_door and volledig else "geladen",
        "vervangen_door": vervangen_door,
    }


def _run(
    run_id: int, indicator: str, minuut: float, rijen: int | None, versie: str = "2026.1"
) -> dict[str, object]:
    return {
        "run_id": run_id,
        "indicator": indicator,
        "methode_versie": versie,
        "techniek": "sto",
        "engine": "duckdb",
        "rijen": rijen,
        "gebouwd_op": T0 + dt.timedelta(minutes=minuut),
        "status": "berekend" if rijen is not None else "bron ontbreekt",
        "reden": None if rijen is not None else "bron ontbreekt: docenten",
    }


def test_releases_group_by_day_newest_first_with_replacements_and_builds() -> None:
    bronnen = [
        _bron(1, "a.csv", 0, vervangen_door=3),
        _bron(2, "b.csv", 0, vervangen_door=4, volledig=False),
        _bron(3, "a-correctie.csv", 7),
        _bron(4, "b-2024.csv", 7),
        _bron(5, "c.csv", 7),
    ]
    runs = [
        _run(1, "x", 10, None),  # day 0, first build
        _run(2, "y", 11, 5),
        _run(3, "x", 12, 7),  # x again: a second build the same day
        _run(4, "x", 7 * 24 * 60 + 30, 8, versie="2026.2"),  # day 7
        _run(5, "y", 7 * 24 * 60 + 31, 5, versie="2026.2"),
        _run(6, "x", 9 * 24 * 60, 8, versie="2026.2"),  # day 9: no files that day
    ]
    uit = releases(bronnen, runs)
    assert [r.dag for r in uit] == [dt.date(2026, 3, 9), dt.date(2026, 3, 2)]
    nieuwst, oudst = uit
    assert [b["bron_id"] for b in nieuwst.bestanden] == [3, 4, 5]
    assert [(v.oud["bron_id"], v.nieuw["bron_id"], v.volledig) for v in nieuwst.vervangingen] == [
        (1, 3, True),
        (2, 4, False),
    ]
    assert [b["bron_id"] for b in nieuwst.nieuw] == [5]
    assert oudst.vervangingen == () and [b["bron_id"] for b in oudst.nieuw] == [1, 2]

    # builds: newest first within a release; a later day without files joins the last release
    assert [[r.run["run_id"] for r in b.runs] for b in nieuwst.builds] == [[6], [4, 5]]
    assert [[r.run["run_id"] for r in b.runs] for b in oudst.builds] == [[3], [1, 2]]
    met_versie = nieuwst.builds[1]
    assert met_versie.versiewissels == [("2026.1", "2026.2")]
    x, y = met_versie.runs
    assert x.rijen_gewijzigd and x.vorige is not None and x.vorige["rijen"] == 7
    assert x.rijen_tekst == "8 rijen (was 7)" and y.rijen_tekst == "5 rijen"
    assert not y.rijen_gewijzigd and y.opvallend  # not the rows, but the method changed
    eerste = oudst.builds[1]
    assert eerste.per_status == {"bron ontbreekt": 1, "berekend": 1}
    assert [r.toelichting for r in eerste.runs] == [
        f"bron ontbreekt: {bron_naam('docenten')}",
        "eerste berekening",
    ]
    assert oudst.builds[0].runs[0].toelichting == "opnieuw berekend"
    assert oudst.builds[0].runs[0].rijen_gewijzigd  # None -> 7


def test_builds_split_on_pause_and_engine() -> None:
    runs = [
        _run(1, "x", 0, 1),
        _run(2, "y", 45, 1),  # more than half an hour later: another build
        {**_run(3, "z", 46, 1), "engine": "spark"},
    ]
    assert [len(b.runs) for b in builds(runs)] == [1, 1, 1]
    assert releases([], runs) == []
