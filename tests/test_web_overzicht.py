"""The national overview, against a real server: its figures are the published ones.

Expectations come from ``publiceer`` on a read-only connection to the same warehouse, not from
the server. Everything on the overview rests on public DUO data: never ``x``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sto_monitor import db
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.publiceren import publiceer
from sto_monitor.publicatie.taal import schooljaar
from tests.web_fixtures import JAREN, get

EN_DASH = "\u2013"


def published(pad: Path, naam: str) -> list[dict[str, object]]:
    """The indicator's published table in Dutch notation, as the dashboard shows it."""
    con = db.connect(pad, read_only=True)
    try:
        tabel = publiceer(con, indicatoren=[naam]).publicatie.tabellen[naam].tabel
    finally:
        con.close()
    rows: list[dict[str, object]] = tabel.to_pylist()
    return rows


def kerncijfer(page: str, ident: str) -> str:
    match = re.search(rf'data-kerncijfer="{ident}">([^<]*(?:<abbr[^>]*>[^<]*</abbr>)?)', page)
    assert match, f"kerncijfer {ident} ontbreekt"
    return re.sub(r"<[^>]+>", "", match.group(1))


def dutch(text: str) -> str:
    """A published cell in the page's Dutch notation: 1234 -> 1.234, 20.1 -> 20,1, and an
    interval from DUO's <5 masking, 3361-4522, with an en dash between the bounds."""
    if "-" in text:
        low, high = text.split("-")
        return f"{dutch(low)}{EN_DASH}{dutch(high)}"
    if "." in text:
        whole, decimals = text.split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + decimals
    return f"{int(text):,}".replace(",", ".")


def test_overview_shows_the_published_national_figures(web_server: str, web_db: Path) -> None:
    page = get(web_server, "/").text
    nieuwste = max(JAREN)
    landelijk = {
        r["schooljaar"]: r for r in published(web_db, "techniekaandeel") if r["regio"] == "NL"
    }
    assert kerncijfer(page, "techniekaandeel") == dutch(str(landelijk[nieuwste]["techniekaandeel"]))
    verschil = float(str(landelijk[nieuwste]["techniekaandeel"])) - float(
        str(landelijk[nieuwste - 1]["techniekaandeel"])
    )
    richting = "hoger" if verschil > 0 else "lager"
    assert f"{abs(verschil):.1f}".replace(".", ",") + f" procentpunt {richting}" in page

    techniek = next(
        r
        for r in published(web_db, "leerlingen_per_profiel")
        if r["schooljaar"] == nieuwste and r["profiel"] == "techniek" and r["leerweg"] == "totaal"
    )
    assert kerncijfer(page, "techniekleerlingen") == dutch(str(techniek["aantal"]))


def test_overview_has_four_charts_each_with_its_table_and_definition_link(
    web_server: str,
) -> None:
    page = get(web_server, "/").text
    assert page.count('data-grafiek="grafiek-') == 4
    assert page.count("<table") == 4
    for naam in ("techniekaandeel", "leerlingen_per_profiel", "vestigingen_per_profiel"):
        assert f'href="/indicatoren/{naam}"' in page
    assert "demo-indeling, niet officieel" in page


def test_overview_chart_data_never_contains_a_suppressed_cell(
    web_server: str, web_db: Path
) -> None:
    """Charts get numbers only; a `<5` of the published table is left out, not zero.

    The overview rests on public DUO data only, so its published cells are never `x`: a small
    count (MaT has few vestigingen) is shown exactly, and so it is a bar.
    """
    page = get(web_server, "/").text
    specs = re.findall(r'<script type="application/json" data-grafiek="[^"]+">(.*?)</script>', page)
    assert len(specs) == 4
    for text in specs:
        spec = json.loads(text)
        # a single chart, or layers (bars or a line with their labels): the first layer's y
        lagen = [spec, *spec.get("layer", [])]
        y = next(
            laag["encoding"]["y"]["field"] for laag in lagen if "y" in laag.get("encoding", {})
        )
        for row in spec["data"]["values"]:
            assert set(row.values()) & {"<5", "x"} == set()
            assert isinstance(row[y], float)
    # the MaT bars: as many as MaT rows whose published count is a number
    nieuwste = max(JAREN)
    mat = [
        r
        for r in published(web_db, "vestigingen_per_profiel")
        if r["schooljaar"] == nieuwste and r["profiel"] == "MaT"
    ]
    assert mat and all(str(r["aantal_vestigingen"]).isdigit() for r in mat)
    vestigingen = json.loads(specs[2])["data"]["values"]
    shown = [r for r in vestigingen if r["profiel"] == "MaT"]
    assert len(shown) == len(mat)
    assert [r["vestigingen"] for r in shown] == [float(str(r["aantal_vestigingen"])) for r in mat]
    for naam in ("techniekaandeel", "leerlingen_per_profiel", "vestigingen_per_profiel"):
        assert all("x" not in r.values() for r in published(web_db, naam)), naam


def _tekst(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_overview_tables_name_columns_in_the_readers_words(web_server: str) -> None:
    """Every table header is the column's label from indicators/woorden.py, never its name,
    and school years read 2023/2024."""
    page = get(web_server, "/").text
    koppen = [_tekst(k) for k in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page, re.S)]
    assert koppen
    assert not [k for k in koppen if "_" in k or k != k.strip() or k[:1].islower()], koppen
    verwacht = {
        woord(BY_NAME[naam], kolom).kop
        for naam, kolom in (
            ("techniekaandeel", "techniekaandeel"),
            ("leerlingen_per_profiel", "aantal"),
            ("vestigingen_per_profiel", "buiten_regio"),
            ("bereikbaarheid", "aandeel_binnen_10km"),
        )
    }
    assert verwacht <= set(koppen), verwacht - set(koppen)
    trend = re.search(r"<caption>Techniekaandeel</caption>.*?</tbody>", page, re.S)
    assert trend
    jaren = re.findall(r"<tr>\s*<td class=\"sleutel\">([^<]*)</td>", trend.group(0))
    assert jaren == [schooljaar(j) for j in sorted(JAREN)]


def test_overview_key_figures_at_a_glance_equal_the_cards(web_server: str) -> None:
    page = get(web_server, "/").text
    kort = dict(re.findall(r'data-kort="([^"]+)">(.*?)</span>', page))
    assert set(kort) == {"techniekaandeel", "techniekleerlingen", "vestigingen", "bereikbaarheid"}
    for ident, waarde in kort.items():
        assert re.sub(r"<[^>]+>", "", waarde) == kerncijfer(page, ident), ident
    # they come first in the content, before the search form and the cards
    inhoud = page[page.index('<main id="inhoud"') :]
    assert inhoud.index('class="kort"') < inhoud.index('class="zoekvak"') < inhoud.index("kaartje")
