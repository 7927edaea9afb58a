"""Definitions and provenance (/indicatoren) and data releases (/veranderingen), over real HTTP.

Expectations are read from the warehouse independently (its ``bron`` and ``indicator_run``
tables, ``herkomst.ontbrekende_bronnen``). /veranderingen is tested on a small warehouse of its
own, in which a file is loaded, replaced by a corrected file and built twice, once after a
method-version change, served by a real ``sto serve``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from markupsafe import escape

from sto_monitor.cli import cli
from sto_monitor.indicators.herkomst import ontbrekende_bronnen
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, METHODE_VERSIE
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.publiceren import publiceer
from sto_monitor.web.pages.veranderingen import builds, releases
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


# --- /indicatoren ------------------------------------------------------------------------


@pytest.mark.parametrize("welke", ["web", "klein"])
def test_list_names_every_indicator_and_its_missing_sources(
    welke: str, request: pytest.FixtureRequest
) -> None:
    db: Path = request.getfixturevalue("web_db" if welke == "web" else "wijziging_db")
    base: str = request.getfixturevalue("web_server" if welke == "web" else "wijziging_server")
    page = get(base, "/indicatoren")
    assert page.status == 200
    rijen = _rijen(page.text, "data-indicator")
    assert list(rijen) == [i.naam for i in INDICATORS]  # registry order
    links = re.findall(r'href="/indicatoren/([a-z0-9_]+)"', page.text)
    assert sorted(set(links)) == sorted(BY_NAME) and len(links) == len(INDICATORS)

    with _lezen(db) as con:
        ontbreekt = {i.naam: ontbrekende_bronnen(con, i) for i in INDICATORS}
    if welke == "klein":  # the small warehouse lacks most sources: the check means something
        assert ontbreekt["bereikbaarheid"] and not ontbreekt["docenten"]
    for naam, html in rijen.items():
        tekst = _tekst(html)
        indicator = BY_NAME[naam]
        assert _e(indicator.titel) in html and _e(indicator.reproduceert) in html
        if ontbreekt[naam]:
            bronnen = ", ".join(dict.fromkeys(map(bron_naam, ontbreekt[naam])))
            assert "bron ontbreekt: " + bronnen in tekst, naam
            assert f'data-indicator="{naam}" data-beschikbaar="nee"' in page.text
        else:
            assert "bron ontbreekt" not in tekst and "beschikbaar" in tekst, naam
            assert f'data-indicator="{naam}" data-beschikbaar="ja"' in page.text


# --- /indicatoren/{naam} -------------------------------------------------------------------


def test_indicator_page_shows_definition_method_and_every_source_file(
    web_db: Path,
    web_server: str,
) -> None:
    page = get(web_server, "/indicatoren/techniekaandeel")
    assert page.status == 200
    body = page.text
    indicator = BY_NAME["techniekaandeel"]
    assert _e(indicator.definitie) in body
    assert f"<dd data-methodeversie>{METHODE_VERSIE}</dd>" in body
    for sectie in ("definitie", "openbaarheid", "bronnen", "build"):
        assert f'id="{sectie}"' in body
    for href in (
        "/verkenner?indicator=techniekaandeel",
        "/api/v1/indicatoren/techniekaandeel",
        "/kaart?indicator=techniekaandeel",
    ):
        assert f'href="{href}"' in body

    with _lezen(web_db) as con:
        bestanden = con.execute(
            "SELECT bron_id, bestand, sha256 FROM bron WHERE status = 'geladen' "
            "AND doel IN ('leerlingen', 'regio') ORDER BY bron_id"
        ).fetchall()
        run_id, rijen = con.execute(
            "SELECT run_id, rijen FROM indicator_run WHERE indicator = 'techniekaandeel' "
            "AND techniek = 'sto' ORDER BY run_id DESC LIMIT 1"
        ).fetchone() or (None, None)
    assert len(bestanden) == 3  # the two generated school years and the region list
    getoond = _rijen(body, "data-bron")
    assert sorted(int(b) for b in getoond) == [b[0] for b in bestanden]
    for bron_id, bestand, sha256 in bestanden:
        rij = getoond[str(bron_id)]
        assert _e(bestand) in rij
        assert f'<code title="{sha256}">{sha256[:12]}</code>' in rij
    build = body[body.index('id="build"') :]
    assert f"<dt>Run</dt><dd>{run_id}</dd>" in build
    assert f"<dt>Rijen</dt><dd>{rijen}</dd>" in build

    # the published columns are those of the API's table, without the bounds and statuses of
    # the typed contract (the page shows the Dutch notation: one column per count)
    api = get(web_server, "/api/v1/indicatoren/techniekaandeel?schooljaar=2024").json()
    kolommen = re.findall(r"<li><code>([a-z0-9_]+)</code>", body)
    assert kolommen == _zonder_grenzen(api["kolommen"])
    # ... which are exactly the columns of the published table in Dutch notation
    with _lezen(web_db) as con:
        uitkomst = publiceer(con, indicatoren=["techniekaandeel"])
    assert kolommen == uitkomst.publicatie.tabellen["techniekaandeel"].tabel.column_names
    # the disclosure rule follows the source: DUO's leerlingentelling is public, published as
    # DUO publishes it and never hidden further; nothing here is confidential, so no x rule
    regel = _tekst(body[body.index('id="openbaarheid"') : body.index('id="bronnen"')])
    assert (
        "Wat op openbare bronnen rust (de leerlingentelling van DUO en de indeling in STO-regio's) "
        "publiceren we zoals de bron zelf" in _tekst(regel.replace("&#39;", "'"))
    )
    assert "Een cijfer uit een openbare bron schermen we nooit verder af." in regel
    assert "vertrouwelijk" not in regel.split("Notatie:")[0]
    assert "kleiner dan 10" not in regel


def test_indicator_page_of_a_confidential_source_states_the_strict_rule(
    web_db: Path, web_server: str
) -> None:
    """doorstroom rests on a confidential delivery (sto-doorstroom): x, linked tables, audit."""
    with _lezen(web_db) as con:
        rijen = con.execute("SELECT formaat FROM bron WHERE doel = 'doorstroom'").fetchall()
    formaten = {f for (f,) in rijen}
    assert formaten == {"sto-doorstroom"}
    body = get(web_server, "/indicatoren/doorstroom").text
    regel = _tekst(body[body.index('id="openbaarheid"') : body.index('id="bronnen"')])
    assert (
        "De cijfers uit de doorstroom na leerjaar 4 (levering onder afspraak) zijn vertrouwelijk. "
        "Elk aantal dat daarop rust en 1 tot en met 4 kan zijn, tonen we als x." in regel
    )
    assert "over alle tabellen die op deze bron rusten samen" in regel
    assert "Elke publicatie wordt daarop gecontroleerd met een lineair programma" in regel
    assert "als de noemer of basis kleiner dan 10 is" in regel
    assert "publiceren we zoals de bron zelf" not in regel  # no public count in this table
    # docenten mixes both: its derdejaars come from DUO, its persons from a confidential file
    regel = _tekst(get(web_server, "/indicatoren/docenten").text.split('id="openbaarheid"')[1])
    assert "Wat op openbare bronnen rust (de leerlingentelling van DUO en de indeling in " in regel
    assert "De cijfers uit de personeelsgegevens (levering onder afspraak) zijn vertrouwelijk." in (
        regel
    )


def test_every_indicator_page_has_its_anchors(web_server: str) -> None:
    for indicator in INDICATORS:
        page = get(web_server, f"/indicatoren/{indicator.naam}")
        assert page.status == 200, indicator.naam
        for sectie in ("definitie", "openbaarheid", "bronnen", "build"):
            assert f'<section id="{sectie}"' in page.text, (indicator.naam, sectie)
        assert (f'href="/kaart?indicator={indicator.naam}"' in page.text) == indicator.per_regio


def test_indicator_without_region_has_no_map_link(web_server: str) -> None:
    body = get(web_server, "/indicatoren/leerlingen_per_profiel").text
    assert "/kaart?indicator=" not in body
    assert 'href="/verkenner?indicator=leerlingen_per_profiel"' in body


def test_unknown_indicator_is_a_dutch_404(web_server: str) -> None:
    page = get(web_server, "/indicatoren/bestaatniet")
    assert page.status == 404
    assert "Niet gevonden" in page.text
    assert _e("onbekende indicator 'bestaatniet'") in page.text


def test_missing_source_page_lists_the_columns_it_would_publish(
    web_server: str,
    wijziging_server: str,
) -> None:
    # bereikbaarheid cannot be computed in the small warehouse; its page still names the
    # columns the full warehouse publishes.
    page = get(wijziging_server, "/indicatoren/bereikbaarheid")
    assert page.status == 200
    assert f"Bron ontbreekt: {GEO_BRONNEN}." in _tekst(page.text)
    assert "/verkenner?indicator=" not in page.text
    kolommen = re.findall(r"<li><code>([a-z0-9_]+)</code>", page.text)
    api = get(web_server, "/api/v1/indicatoren/bereikbaarheid?schooljaar=2024").json()
    assert kolommen == _zonder_grenzen(api["kolommen"])


def _zonder_grenzen(kolommen: list[str]) -> list[str]:
    """The typed contract's columns without c_min, c_max and the _status columns."""
    return [
        k
        for k in kolommen
        if not k.endswith("_status")
        and not (k.endswith(("_min", "_max")) and f"{k[:-4]}_status" in kolommen)
    ]


# --- /veranderingen --------------------------------------------------------------------------


def test_changes_page_names_the_replaced_file_and_the_builds(
    wijziging_db: Path, wijziging_server: str
) -> None:
    page = get(wijziging_server, "/veranderingen")
    assert page.status == 200
    body = page.text
    with _lezen(wijziging_db) as con:
        paren = con.execute(
            "SELECT o.bron_id, o.bestand, o.rijen_geladen, n.bron_id, n.bestand, n.rijen_geladen "
            "FROM bron o JOIN bron n ON o.vervangen_door = n.bron_id"
        ).fetchall()
        runs = con.execute(
            "SELECT run_id, indicator, methode_versie, rijen, status, reden FROM indicator_run "
            "ORDER BY run_id"
        ).fetchall()
    assert len(paren) == 1
    oud, nieuw = paren[0][:3], paren[0][3:]
    assert oud[1] == "docenten.csv" and nieuw[1] == "docenten-correctie.csv"

    vervangingen = _rijen(body, "data-oud")
    assert list(vervangingen) == [str(oud[0])]
    tekst = _tekst(vervangingen[str(oud[0])])
    assert tekst.startswith(f"{oud[1]} {oud[2]} ")
    assert f" {nieuw[1]} {nieuw[2]} " in tekst
    # every row of the old file is gone, even though a build read it (indicator_run_bron)
    assert "volledig vervangen" in tekst
    assert "Vervangen bestanden" in body

    # two builds, newest first, each listing its runs
    gebouwd = [int(b) for b in re.findall(r'class="berekening" data-build="(\d+)"', body)]
    eerste = len(INDICATORS)  # the first build logs every indicator once
    assert gebouwd == [runs[eerste][0], runs[0][0]]
    getoond = {int(r) for r in re.findall(r'<tr data-run="(\d+)"', body)}
    assert getoond == {r[0] for r in runs}

    # the docenten run of the second build: other source file, other row count
    docenten = [r for r in runs if r[1] == "docenten"]
    assert len(docenten) == 2 and docenten[0][3] != docenten[1][3]
    assert docenten[1][5] == "bronnen gewijzigd: opnieuw berekend"
    docent_rijen = [
        _tekst(html)
        for run_id, html in _rijen(body, "data-run").items()
        if int(run_id) == docenten[1][0]
    ]
    assert docent_rijen
    assert f"{docenten[0][3]} → {docenten[1][3]}" in docent_rijen[0]
    assert "bronnen gewijzigd: opnieuw berekend" in docent_rijen[0]

    # the method change of techniekaandeel is spelled out
    assert f"methodeversie {OUDE_VERSIE} → {METHODE_VERSIE}" in body
    assert any(r[1] == "techniekaandeel" and r[5] and OUDE_VERSIE in r[5] for r in runs)
    # indicators without their source say so
    assert f"bron ontbreekt: {GEO_BRONNEN}" in _tekst(body)


def test_changes_page_on_the_shared_warehouse(web_db: Path, web_server: str) -> None:
    body = get(web_server, "/veranderingen").text
    with _lezen(web_db) as con:
        bestanden = [b for (b,) in con.execute("SELECT bestand FROM bron").fetchall()]
    assert "Wat is veranderd" in body
    for bestand in bestanden:
        assert _e(bestand) in body
    assert "Levering van " in body


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
