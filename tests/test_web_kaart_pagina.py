"""The Kaart page: a choropleth of the regions, checked against independently published tables.

The published tables are made here from the warehouse (read-only) with ``publiceer``, not taken
from the server, and every colour on the map is recomputed from them. The map's indicators rest
on public DUO data only: a region's value is exact, DUO's interval or DUO's ``<5``, never ``x``.
"""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from starlette.requests import Request

from sto_monitor import db
from sto_monitor.indicators import breuken
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.publicatie import grenzen
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, getal, laad
from sto_monitor.publicatie.kaart import (
    GEEN_GEGEVENS,
    PALET_CATEGORIE,
    klassegrenzen,
    klassekleur,
)
from sto_monitor.publicatie.publiceren import publiceer
from sto_monitor.web.pages import kaart as kaartpagina
from tests.web_fixtures import JAREN, get

SVG = "{http://www.w3.org/2000/svg}"
LAATSTE = max(JAREN)
AFGESCHERMD = ("<5", "x")
INDICATOREN = ("techniekaandeel", "groeiclusters", "techniekleerlingen_per_regio")


@pytest.fixture(scope="module")
def gepubliceerd(web_db: Path) -> dict[str, list[dict[str, Any]]]:
    """The published rows of the indicators under test, published here from the warehouse."""
    con = db.connect(web_db, read_only=True)
    try:
        publicatie = publiceer(con, indicatoren=INDICATOREN).publicatie
    finally:
        con.close()
    return {naam: publicatie.tabellen[naam].tabel.to_pylist() for naam in INDICATOREN}


@pytest.fixture(scope="module")
def gemeente_regios(web_db: Path) -> dict[str, set[str]]:
    """Gemeente name -> the regions of its vmbo vestigingen in the newest school year."""
    con = db.connect(web_db, read_only=True)
    try:
        rows = con.execute(
            """
            SELECT CASE WHEN v.gemeentecode LIKE 'GM%' THEN v.gemeentecode
                        ELSE 'GM' || v.gemeentecode END, r.regio
            FROM regio_schooljaar r
            JOIN vestiging v USING (vestiging)
            WHERE r.schooljaar = (SELECT max(schooljaar) FROM regio_schooljaar)
            """
        ).fetchall()
        geladen = con.execute("SELECT code, naam FROM grens WHERE soort = 'gemeente'").fetchall()
    finally:
        con.close()
    # without loaded boundaries the map draws the gemeenten shipped in the package
    namen = dict(geladen) or {code: naam for code, naam, _ in grenzen.gemeenten()}
    uit: dict[str, set[str]] = {}
    for code, regio in rows:
        if code in namen:
            uit.setdefault(namen[code], set()).add(regio)
    return uit


@dataclasses.dataclass(frozen=True)
class Gebied:
    gemeente: str
    regel: str  # second tooltip line
    regio: str | None  # from the link
    kleur: str


def _svg(page: str) -> ET.Element:
    match = re.search(r'<svg[^>]*class="kaart".*?</svg>', page, re.S)
    assert match, 'geen <svg class="kaart"> op de pagina'
    root = ET.fromstring(match.group(0))
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def _gebieden(root: ET.Element) -> Iterator[Gebied]:
    vlakken = root.find(f"{SVG}g[@class='vlakken']")
    assert vlakken is not None
    for kind in vlakken:
        href = kind.get("href") if kind.tag == f"{SVG}a" else None
        pad = kind.find(f"{SVG}path") if kind.tag == f"{SVG}a" else kind
        assert pad is not None and pad.tag == f"{SVG}path"
        titel = pad.find(f"{SVG}title")
        assert titel is not None and titel.text is not None
        gemeente, _, regel = titel.text.partition("\n")
        regio = href.removeprefix("/regio/") if href else None
        yield Gebied(gemeente, regel, regio, pad.get("fill", ""))


def _regiorijen(rows: list[dict[str, Any]], **filters: Any) -> list[dict[str, Any]]:
    return [
        r for r in rows if r["regio"] != LANDELIJK and all(r[k] == v for k, v in filters.items())
    ]


def _verwachte_kleuren(rijen: list[dict[str, Any]], kolom: str) -> dict[str, str]:
    getallen = {r["regio"]: getal(r[kolom]) for r in rijen}
    grenzen = klassegrenzen([g for g in getallen.values() if g is not None])
    return {regio: klassekleur(g, grenzen) or GEEN_GEGEVENS for regio, g in getallen.items()}


def _tabel(page: str) -> list[tuple[str, str]]:
    """(regio, value text) for every row of the table under the map, in page order."""
    body = page.split('id="kaart-tabel"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-regio="([^"]+)">(.*?)</tr>', body, re.S)
    uit = []
    for regio, cellen in rows:
        laatste = re.findall(r"<td[^>]*>(.*?)</td>", cellen, re.S)[-1]
        uit.append((regio, html.unescape(re.sub(r"<[^>]+>", "", laatste)).strip()))
    return uit


def test_standaardkaart_kleurt_elke_gemeente_naar_haar_regio(
    web_server: str,
    gepubliceerd: dict[str, list[dict[str, Any]]],
    gemeente_regios: dict[str, set[str]],
) -> None:
    answer = get(web_server, "/kaart")
    assert answer.status == 200
    page = answer.text
    root = _svg(page)
    assert 'name="indicator"' in page and 'name="kolom"' in page and 'name="schooljaar"' in page
    # indicators by their title only, columns in the reader's words with their unit
    titel = html.escape(BY_NAME["techniekaandeel"].titel, quote=False)
    assert f'<option value="techniekaandeel" selected>{titel}</option>' in page
    select = page.split('<select name="indicator">', 1)[1].split("</select>", 1)[0]
    keuzes = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)
    assert len(keuzes) == sum(i.per_regio for i in INDICATORS)
    for naam, tekst in keuzes:  # the title, never "titel (naam)"
        assert html.unescape(tekst) == BY_NAME[naam].titel and naam not in tekst
    assert len(re.findall(r'<option value="techniekaandeel" selected>', page)) == 2
    assert '<option value="techniekaandeel" selected>Techniekaandeel (%)</option>' in page
    assert f'<option value="{LAATSTE}" selected>' in page
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "techniekaandeel (%)" in (desc.text or "")
    assert titel in (desc.text or "") and "(techniekaandeel," not in (desc.text or "")
    legenda = root.find(f"{SVG}g[@class='legenda']")
    assert legenda is not None
    assert next(t.text for t in legenda.iter(f"{SVG}text")) == "Techniekaandeel"
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", _zichtbaar(page)) == []
    assert 'href="/indicatoren/techniekaandeel"' in page
    assert f'href="/verkenner?indicator=techniekaandeel&amp;schooljaar={LAATSTE}"' in page

    gebieden = list(_gebieden(root))
    assert gemeente_regios and gebieden, "ingelezen of meegeleverde gemeenten op de kaart"
    rijen = _regiorijen(gepubliceerd["techniekaandeel"], schooljaar=LAATSTE)
    waarden = {r["regio"]: r["techniekaandeel"] for r in rijen}
    kleuren = _verwachte_kleuren(rijen, "techniekaandeel")
    gekleurd = 0
    for g in gebieden:
        if g.regio is None:
            assert g.kleur == GEEN_GEGEVENS and "geen gegevens of afgeschermd" in g.regel
            continue
        # the region drawn is one of the regions of the gemeente's own vestigingen
        assert g.regio in gemeente_regios.get(g.gemeente, set()), g
        assert g.kleur == kleuren.get(g.regio, GEEN_GEGEVENS), g
        waarde = waarden.get(g.regio)
        if waarde is None or waarde in AFGESCHERMD:
            assert "geen gegevens of afgeschermd" in g.regel
        else:
            assert g.regel.endswith(f"({g.regio}): {weergave(waarde)} %"), g
            gekleurd += 1
    assert gekleurd > 10


def test_tabel_bevat_elke_regio_hoogste_eerst(
    web_server: str,
    gepubliceerd: dict[str, list[dict[str, Any]]],
) -> None:
    page = get(web_server, f"/kaart?schooljaar={LAATSTE}").text
    tabel = _tabel(page)
    rijen = _regiorijen(gepubliceerd["techniekaandeel"], schooljaar=LAATSTE)
    assert {regio for regio, _ in tabel} == {r["regio"] for r in rijen}
    assert len(tabel) == len(rijen)
    waarden = {r["regio"]: r["techniekaandeel"] for r in rijen}
    for regio, tekst in tabel:
        assert tekst == weergave(waarden[regio])
    getallen = [getal(waarden[regio]) for regio, _ in tabel]
    zichtbaar = [g for g in getallen if g is not None]
    assert zichtbaar == sorted(zichtbaar, reverse=True)
    assert getallen[: len(zichtbaar)] == zichtbaar  # hidden values last
    landelijk = next(
        r["techniekaandeel"]
        for r in gepubliceerd["techniekaandeel"]
        if r["regio"] == LANDELIJK and r["schooljaar"] == LAATSTE
    )
    assert f"<strong data-landelijk>{weergave(landelijk)} %</strong>" in page


def test_kaartindicatoren_rusten_op_openbare_gegevens_en_zijn_nooit_x(
    gepubliceerd: dict[str, list[dict[str, Any]]],
) -> None:
    """Every map indicator rests on public DUO data: published as DUO does, never ``x``."""
    for naam, rijen in gepubliceerd.items():
        assert rijen, naam
        assert all("x" not in r.values() for r in rijen), naam
    # DUO's masking does reach the map: a region's count of 1-4 is DUO's <5, as in the source
    assert any(
        r["aantal"] == "<5" for r in _regiorijen(gepubliceerd["techniekleerlingen_per_regio"])
    )


def test_regio_zonder_getal_is_neutraal_grijs(
    web_server: str,
    gepubliceerd: dict[str, list[dict[str, Any]]],
    gemeente_regios: dict[str, set[str]],
) -> None:
    """A region whose published value has no number (DUO's <5) is drawn grey, not as 0."""
    kandidaten: list[tuple[str, str, dict[str, Any]]] = [
        ("techniekaandeel", "techniekaandeel", {}),
        *(
            ("techniekleerlingen_per_regio", "aantal", {"leerweg": lw})
            for lw in ("gl", "bb", "kb", "totaal")
        ),
    ]
    getekend = set().union(*gemeente_regios.values())
    for naam, kolom, filters in kandidaten:
        rijen = _regiorijen(gepubliceerd[naam], schooljaar=LAATSTE, **filters)
        verborgen = [r["regio"] for r in rijen if r[kolom] in AFGESCHERMD]
        if not any(regio in getekend for regio in verborgen):
            continue
        query = f"indicator={naam}&kolom={kolom}" + "".join(f"&{k}={v}" for k, v in filters.items())
        answer = get(web_server, f"/kaart?{query}")
        assert answer.status == 200
        gebieden = list(_gebieden(_svg(answer.text)))
        kleuren = _verwachte_kleuren(rijen, kolom)
        grijs = [g for g in gebieden if g.regio in verborgen]
        assert grijs, "een regio zonder getal hoort op de kaart te staan"
        for g in grijs:
            assert g.kleur == GEEN_GEGEVENS
            assert g.regel.endswith("geen gegevens of afgeschermd")
        for g in gebieden:
            if g.regio is not None:
                assert g.kleur == kleuren.get(g.regio, GEEN_GEGEVENS), g
        return
    pytest.skip("geen regiowaarde zonder getal (<5) in de testgegevens")


def test_andere_indicator_en_kolom(
    web_server: str,
    gepubliceerd: dict[str, list[dict[str, Any]]],
) -> None:
    kolom = "verandering_techniek_pct"
    answer = get(web_server, f"/kaart?indicator=groeiclusters&kolom={kolom}")
    assert answer.status == 200
    page = answer.text
    root = _svg(page)
    assert f'<option value="{kolom}" selected>Verandering techniek (%)</option>' in page
    assert '<option value="groeiclusters" selected>' in page
    rijen = _regiorijen(gepubliceerd["groeiclusters"], schooljaar=LAATSTE)
    waarden = {r["regio"]: r[kolom] for r in rijen}
    assert dict(_tabel(page)) == {regio: weergave(w) for regio, w in waarden.items()}
    kleuren = _verwachte_kleuren(rijen, kolom)
    for g in _gebieden(root):
        if g.regio is not None:
            assert g.kleur == kleuren.get(g.regio, GEEN_GEGEVENS), g


def test_clusters_als_categorieen(
    web_server: str,
    gepubliceerd: dict[str, list[dict[str, Any]]],
) -> None:
    answer = get(web_server, "/kaart?indicator=groeiclusters&kolom=cluster")
    assert answer.status == 200
    root = _svg(answer.text)
    legenda = root.find(f"{SVG}g[@class='legenda']")
    assert legenda is not None
    labels = [t.text for t in legenda.iter(f"{SVG}text")]
    assert [f"cluster {c}" for c in "ABCD"] == [t for t in labels if t and t.startswith("cluster")]
    rijen = _regiorijen(gepubliceerd["groeiclusters"], schooljaar=LAATSTE)
    clusters = {r["regio"]: r["cluster"] for r in rijen}
    for g in _gebieden(root):
        if g.regio is None:
            continue
        cluster = clusters.get(g.regio)
        verwacht = PALET_CATEGORIE["ABCD".index(cluster)] if cluster in tuple("ABCD") else None
        assert g.kleur == (verwacht or GEEN_GEGEVENS), g


def test_profiel_en_leerweg_keuze(web_server: str) -> None:
    answer = get(web_server, "/kaart?indicator=techniekleerlingen_per_regio")
    assert answer.status == 200
    assert 'name="leerweg"' in answer.text and 'name="profiel"' not in answer.text
    assert '<option value="bb" selected>' in answer.text
    answer = get(web_server, "/kaart?indicator=techniekleerlingen_per_regio&leerweg=totaal")
    assert answer.status == 200 and '<option value="totaal" selected>' in answer.text
    answer = get(web_server, "/kaart?indicator=techniekleerlingen_per_regio&leerweg=zz")
    assert answer.status == 404 and "leerweg" in answer.text


@pytest.mark.parametrize(
    ("query", "status", "tekst"),
    [
        ("indicator=leerlingen_per_profiel", 400, "techniekaandeel"),
        ("kolom=bestaatniet", 400, "bestaatniet"),
        ("kolom=regio", 400, "techniekaandeel"),
        ("schooljaar=1999", 404, "1999"),
        ("schooljaar=abc", 400, "jaartal"),
        ("indicator=bestaatniet", 404, "bestaatniet"),
    ],
)
def test_foute_parameters(web_server: str, query: str, status: int, tekst: str) -> None:
    answer = get(web_server, f"/kaart?{query}")
    assert answer.status == status
    assert tekst in html.unescape(answer.text)
    assert "<svg" not in answer.text


def test_niet_per_regio_noemt_de_kaartindicatoren(web_server: str) -> None:
    text = html.unescape(get(web_server, "/kaart?indicator=leerlingen_per_profiel").text)
    for indicator in INDICATOREN:
        assert indicator in text
    niet = [i.naam for i in INDICATORS if not i.per_regio]
    assert not any(f" {naam}," in text.split("kunnen:")[1] for naam in niet)


def _zichtbaar(page: str) -> str:
    """The text a reader sees, the map's title and description included."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


SCOPE = {
    "type": "http",
    "method": "GET",
    "path": "/kaart",
    "query_string": b"",
    "headers": [],
    "scheme": "http",
    "server": ("test", 80),
    "root_path": "",
}


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db)


def test_zonder_grenzen_uitleg_en_tabel(snap: Snapshot) -> None:
    snap = dataclasses.replace(snap, gemeenten=())
    page = kaartpagina.pagina(Request(SCOPE), snap, "techniekaandeel", None, None, None, None)
    assert "<svg" not in page
    melding = re.findall(r'<p class="melding">(.*?)</p>', page, re.S)
    assert len(melding) == 1 and melding[0].startswith("Er zijn geen gemeentegrenzen")
    assert melding[0].count(".") == 1  # one sentence
    tekst = _zichtbaar(page)
    assert not re.search(r"\bsto [a-z]+|docs/|\.\./|/tmp/|\.geojson|\w\.py\b", tekst)
    assert _tabel(page)


def test_breuk_is_niet_vergelijkbaar_en_geen_ontbrekend_gegeven(snap: Snapshot) -> None:
    """A region whose change cannot be compared across a series break shows the reason: on the
    map in a colour of its own with a legend entry, not as missing data."""
    kolom = "verandering_techniek_pct"
    reden = next(r.kort for r in breuken.regels() if r.code == "oude-afdelingen")
    g = snap.indicatoren["groeiclusters"]
    assert g.tabel is not None
    rijen = g.tabel.to_pylist()
    getekend = set(snap.gemeente_regio.values())
    regios = sorted(
        {r["regio"] for r in rijen if r["regio"] in getekend and r["schooljaar"] == LAATSTE}
    )
    gebroken = set(regios[:5])
    for r in rijen:
        if r["schooljaar"] == LAATSTE and r["regio"] in gebroken:
            r[kolom] = reden
    indicatoren = dict(snap.indicatoren)
    tabel = pa.Table.from_pylist(rijen, schema=g.tabel.schema)
    indicatoren["groeiclusters"] = dataclasses.replace(g, tabel=tabel)
    met_breuk = dataclasses.replace(snap, indicatoren=indicatoren)
    page = kaartpagina.pagina(
        Request(SCOPE), met_breuk, "groeiclusters", str(LAATSTE), kolom, None, None
    )
    # the column can still be chosen, in the reader's words
    assert f'<option value="{kolom}" selected>Verandering techniek (%)</option>' in page
    root = _svg(page)
    legenda = root.find(f"{SVG}g[@class='legenda']")
    assert legenda is not None
    labels = [t.text for t in legenda.iter(f"{SVG}text")]
    assert "niet vergelijkbaar" in labels and "geen gegevens of afgeschermd" in labels
    assert labels.index("niet vergelijkbaar") < labels.index("geen gegevens of afgeschermd")
    gezien = set()
    for gebied in _gebieden(root):
        if gebied.regio in gebroken:
            gezien.add(gebied.regio)
            assert gebied.kleur == kaartpagina.KLEUR_NIET_VERGELIJKBAAR, gebied
            assert gebied.regel.endswith(f"({gebied.regio}): {reden}"), gebied
        elif gebied.regio is not None:
            assert gebied.kleur != kaartpagina.KLEUR_NIET_VERGELIJKBAAR, gebied
    assert gezien == gebroken
    # the table says why; the description of the map names the colour
    assert {r: t for r, t in _tabel(page) if r in gebroken} == dict.fromkeys(gebroken, reden)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "niet te vergelijken" in (desc.text or "")
    # without a break, no such entry
    gewoon = kaartpagina.pagina(
        Request(SCOPE), snap, "groeiclusters", str(LAATSTE), kolom, None, None
    )
    assert "niet vergelijkbaar" not in gewoon
