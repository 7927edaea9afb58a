"""No text meant for developers on a page or in a report.

Every page type of the dashboard is fetched from a real ``sto serve`` (on the shared warehouse,
an empty one and a small one) and the reports are rendered; their visible text (tags, scripts
and styles stripped) may not show a command (``sto ingest``), a path (``docs/…``, ``../…``)
or a warehouse table name. Those belong in the documentation and in the output of the command line.

Only table names with an underscore are checked: the others (``leerlingen``, ``regio``,
``examens``, ...) are also ordinary Dutch words. A table that shares its name with an indicator
(``mbo_sectorkamer``) is left out as well: the indicator's name is its public identifier in the
API. The text folded away in a ``<details>`` element counts as visible: a reader can open it.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sto_monitor import db
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.publicatie.afscherming.tabel import weergave
from sto_monitor.publicatie.gegevens import LANDELIJK, laad
from sto_monitor.reports import landelijk, opmaak, regioportret
from tests.indicator_fixtures import tiny_warehouse
from tests.web_fixtures import get, serve

COMMANDO = re.compile(
    r"\bsto (?:ingest|build|serve|enquete|scenario|rapport|indicator|openbaarheid)\b"
)
PAD = re.compile(r"(?:\bdocs/|\.\./|shared/data)")


def zichtbare_tekst(html: str) -> str:
    """What a reader sees: no scripts, styles or tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    tekst = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", tekst).strip()


@pytest.fixture(scope="module")
def tabelnamen(web_db: Path) -> frozenset[str]:
    con = duckdb.connect(str(web_db), read_only=True)
    try:
        namen = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    return frozenset(n for n in namen if "_" in n and n not in BY_NAME)


def _fouten(tekst: str, tabellen: frozenset[str]) -> list[str]:
    fouten = [m.group(0) for m in COMMANDO.finditer(tekst)]
    fouten += [tekst[max(0, m.start() - 30) : m.end() + 30] for m in PAD.finditer(tekst)]
    fouten += sorted(t for t in tabellen if re.search(rf"(?<![\w/.-]){t}(?![\w/.-])", tekst))
    return fouten


def _regiocodes(web_db: Path) -> list[str]:
    return sorted(r for r in laad(web_db).regios if r != LANDELIJK)


def _paden(web_db: Path) -> list[str]:
    codes = _regiocodes(web_db)
    paden = ["/", "/regios", *(f"/regio/{c}" for c in codes[:1]), "/kaart", "/verkenner"]
    paden += ["/indicatoren"]
    paden += [f"/indicatoren/{i.naam}" for i in INDICATORS]
    paden += [f"/verkenner?indicator={i.naam}" for i in INDICATORS]
    paden += [f"/kaart?indicator={i.naam}" for i in INDICATORS if i.per_regio]
    paden += ["/veranderingen", "/api", "/definitie", "/enquete/resultaten"]
    return paden


def _controleer(
    base: str, database: Path, tabellen: frozenset[str], statussen: tuple[int, ...] = (200,)
) -> None:
    """Every page type; a sparse warehouse may answer 404 (say, a map of a missing source)."""
    gevonden: dict[str, list[str]] = {}
    for pad in _paden(database):
        antwoord = get(base, pad)
        assert antwoord.status in statussen, pad
        if fouten := _fouten(zichtbare_tekst(antwoord.text), tabellen):
            gevonden[pad] = fouten
    assert not gevonden, "\n".join(f"{p}: {f}" for p, f in gevonden.items())


def test_no_developer_text_on_any_page(
    web_server: str, web_db: Path, tabelnamen: frozenset[str]
) -> None:
    assert "keuzevak_examens" in tabelnamen and "vestiging_geo" in tabelnamen
    _controleer(web_server, web_db, tabelnamen)


@pytest.fixture(scope="module", params=["leeg", "klein"])
def karig(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A warehouse without any file, and one with little more than leerlingen (never built):
    the pages that say what is missing."""
    pad = tmp_path_factory.mktemp(request.param) / "karig.duckdb"
    con = db.connect(pad) if request.param == "leeg" else tiny_warehouse(pad)
    con.close()
    with serve(pad) as base:
        yield base, pad


def test_no_developer_text_where_sources_are_missing(
    karig: tuple[str, Path], tabelnamen: frozenset[str]
) -> None:
    base, pad = karig
    _controleer(base, pad, tabelnamen, statussen=(200, 404))


def test_series_breaks_name_the_indicators_by_title_for_people() -> None:
    """The notation of reeksbreuken shows titles; the typed contract keeps the names."""
    namen = "leerlingen_per_profiel, techniekaandeel"
    getypeerd = pa.table({"schooljaar": [2024], "reeksen": [namen], "reden": ["Andere indeling."]})
    rule = BY_NAME["reeksbreuken"].openbaarheid
    getoond = weergave(getypeerd, rule).column("reeksen").to_pylist()
    titels = [BY_NAME["leerlingen_per_profiel"].titel, BY_NAME["techniekaandeel"].titel]
    assert getoond == ["; ".join(titels)]
    assert getypeerd.column("reeksen").to_pylist() == [namen]


def test_no_developer_text_in_the_reports(web_db: Path, tabelnamen: frozenset[str]) -> None:
    """The regioportret of two regions and the national chapter, as HTML (the PDF's source)."""
    snap = laad(web_db)
    datum = dt.date(2026, 11, 23)
    for code in _regiocodes(web_db)[:2]:
        rapport = regioportret.maak(snap, snap.regio(code), datum=datum, waarschuwing=None)
        tekst = zichtbare_tekst(opmaak.html(rapport))
        assert "Regioportret" in tekst
        assert _fouten(tekst, tabelnamen) == [], code
    rapport = landelijk.maak(snap, datum=datum, schooljaar=None, waarschuwing=None)
    assert _fouten(zichtbare_tekst(opmaak.html(rapport)), tabelnamen) == []
