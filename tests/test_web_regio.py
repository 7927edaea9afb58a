"""The region pages over real HTTP: /regios (sortable list) and /regio/{code} (regioportret).

Every figure on the pages is compared with the published table made here independently
(``publiceer`` on a read-only connection to the test warehouse, not the server's snapshot), and
the map's vestigingen with a count straight from the warehouse tables. The region pages rest on
public DUO data: their counts are exact or DUO's masking (``<5``, ``12-15``), never ``x``.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sto_monitor import db
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.publiceren import publiceer
from tests.web_fixtures import get

_VESTIGINGEN = """
WITH jaar AS (SELECT max(schooljaar) AS j FROM leerlingen)
SELECT DISTINCT l.vestiging
FROM leerlingen l
JOIN jaar ON l.schooljaar = jaar.j
JOIN regio_schooljaar r ON r.vestiging = l.vestiging AND r.schooljaar = jaar.j
JOIN vestiging v ON v.vestiging = l.vestiging
WHERE l.leerjaar = 3 AND l.leerweg IN ('bb', 'kb', 'gl') AND r.regio = $regio
  AND v.lat IS NOT NULL AND v.lon IS NOT NULL
"""


@dataclass(frozen=True)
class Gepubliceerd:
    jaar: int
    regios: list[str]  # every region code in the warehouse
    namen: dict[str, str]
    tabellen: dict[str, list[dict[str, Any]]]  # published rows of the newest year
    vol: dict[str, list[dict[str, Any]]]  # the same before disclosure control
    vestigingen: dict[str, set[str]]  # regio -> vestigingen with coordinates on its map

    def rij(self, naam: str, regio: str) -> dict[str, Any] | None:
        return next((r for r in self.tabellen[naam] if r["regio"] == regio), None)


@pytest.fixture(scope="module")
def gepubliceerd(web_db: Path) -> Iterator[Gepubliceerd]:
    con = db.connect(web_db, read_only=True)
    try:
        (jaar,) = con.execute("SELECT max(schooljaar) FROM leerlingen").fetchone() or (0,)
        namen = dict(
            con.execute(
                "SELECT regio, arg_max(naam, periode_start) FROM regio GROUP BY regio"
            ).fetchall()
        )
        tabellen, vol = {}, {}
        bekeken = ("techniekaandeel", "kwetsbare_groepen", "groeiclusters")
        publicatie = publiceer(con, indicatoren=bekeken).publicatie
        for naam in bekeken:
            full = compute(BY_NAME[naam], con)
            vol[naam] = [r for r in full.to_pylist() if r["schooljaar"] == jaar]
            tabellen[naam] = [
                r for r in publicatie.tabellen[naam].tabel.to_pylist() if r["schooljaar"] == jaar
            ]
        vestigingen = {
            regio: {v for (v,) in con.execute(_VESTIGINGEN, {"regio": regio}).fetchall()}
            for regio in namen
        }
    finally:
        con.close()
    yield Gepubliceerd(jaar, sorted(namen), namen, tabellen, vol, vestigingen)


def _tekst(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _nl(published: str) -> str:
    """A published share as the page writes it: 25.5 -> 25,5."""
    return published.replace(".", ",")


def _waarde(published: object) -> float | None:
    """A published cell's number: intervals 12-15 by their midpoint, <5 and x none."""
    text = str(published or "")
    if re.fullmatch(r"\d+-\d+", text):
        low, high = text.split("-")
        return (int(low) + int(high)) / 2
    try:
        return float(text)
    except ValueError:
        return None


def _getal(shown: str) -> float | None:
    """A number as the page shows it: 1.234 and 25,5."""
    try:
        return float(shown.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _regio_rijen(body: str) -> list[tuple[str, dict[str, str]]]:
    """(code, {kolom: cell text}) for every row of the /regios table, in page order."""
    rows = []
    for m in re.finditer(r'<tr data-regio="([^"]+)">(.*?)</tr>', body, re.S):
        cells = dict(re.findall(r'<td data-kolom="(\w+)">(.*?)</td>', m.group(2), re.S))
        rows.append((m.group(1), {k: _tekst(v) for k, v in cells.items()}))
    return rows


def _sectie(body: str, ident: str) -> str:
    m = re.search(rf'<section id="{ident}".*?(?=<section id="|</main>)', body, re.S)
    assert m, f"sectie {ident} ontbreekt"
    return m.group(0)


def _eerste_regio(p: Gepubliceerd) -> str:
    """R01 when it has a published techniekaandeel, else the first region that has one."""
    kandidaten = ["R01", *p.regios]
    for code in kandidaten:
        rij = p.rij("techniekaandeel", code)
        if rij and re.fullmatch(r"\d+\.\d", rij["techniekaandeel"] or ""):
            return code
    pytest.skip("geen regio met een gepubliceerd techniekaandeel in de testgegevens")


# ---------------------------------------------------------------- /regios


def test_regios_lists_every_region(web_server: str, gepubliceerd: Gepubliceerd) -> None:
    answer = get(web_server, "/regios")
    assert answer.status == 200
    rows = _regio_rijen(answer.text)
    assert sorted(code for code, _ in rows) == gepubliceerd.regios
    for code in gepubliceerd.regios:
        assert f'href="/regio/{code}"' in answer.text
    assert "demo-indeling, niet officieel" in answer.text
    # every cell is the published one
    for code, cells in rows:
        rij = gepubliceerd.rij("techniekaandeel", code)
        if rij is None:
            assert cells == {"derdejaars": "", "techniekleerlingen": "", "techniekaandeel": ""}
            continue
        assert cells["techniekaandeel"] == _nl(rij["techniekaandeel"])
        for kolom in ("derdejaars", "techniekleerlingen"):
            assert cells[kolom] == weergave(rij[kolom]), (code, kolom)
        assert "x" not in cells.values(), code  # public DUO data is never afgeschermd
    # A share of public data is shown even beside DUO's <5 (alone, or in a sum: a range from
    # below 5): it reveals nothing DUO hides.
    per_code = dict(rows)
    laatste = max(int(r["schooljaar"]) for r in gepubliceerd.tabellen["techniekaandeel"])
    klein = [
        r
        for r in gepubliceerd.tabellen["techniekaandeel"]
        if r["regio"] in per_code
        and int(r["schooljaar"]) == laatste
        and _gemaskeerd(r["techniekleerlingen"])
    ]
    assert klein, "generated data with DUO masking has a region with <5 techniekleerlingen"
    for rij in klein:
        assert re.fullmatch(r"\d+\.\d", rij["techniekaandeel"]), rij
        assert per_code[rij["regio"]]["techniekleerlingen"] == weergave(rij["techniekleerlingen"])
        assert per_code[rij["regio"]]["techniekaandeel"] == _nl(rij["techniekaandeel"])


def _gemaskeerd(waarde: object) -> bool:
    """DUO's ``<5``, or a sum holding one (a range whose lower end is below 5)."""
    tekst = str(waarde)
    bereik = re.fullmatch(r"(\d+)-\d+", tekst)
    return tekst == "<5" or (bereik is not None and int(bereik.group(1)) < 5)


@pytest.mark.parametrize(
    ("kolom", "richting"),
    [("techniekaandeel", "af"), ("techniekaandeel", "op"), ("derdejaars", "af")],
)
def test_regios_sort_links_reorder(
    web_server: str,
    gepubliceerd: Gepubliceerd,
    kolom: str,
    richting: str,
) -> None:
    start = get(web_server, "/regios").text
    href = f"/regios?sort={kolom}&amp;richting={richting}"
    if richting == "op":  # reached by clicking the header again on the descending page
        start = get(web_server, f"/regios?sort={kolom}&richting=af").text
    assert f'href="{href}"' in start, "de kolomkop linkt niet naar deze sortering"
    answer = get(web_server, html.unescape(href))
    assert answer.status == 200
    shown = [cells[kolom] for _, cells in _regio_rijen(answer.text)]

    published = sorted(
        (
            (v, r[kolom])
            for r in gepubliceerd.tabellen["techniekaandeel"]
            if r["regio"] in gepubliceerd.namen and (v := _waarde(r[kolom])) is not None
        ),
        reverse=richting == "af",
    )
    assert len(published) > 10
    assert shown[:10] == [weergave(cell) for _, cell in published[:10]]
    # hidden cells and regions without figures come last
    assert all(_getal(t) is None for t in shown[len(published) :])
    current = 'aria-sort="descending"' if richting == "af" else 'aria-sort="ascending"'
    assert current in answer.text


def test_regios_sort_by_name(web_server: str, gepubliceerd: Gepubliceerd) -> None:
    answer = get(web_server, "/regios?sort=naam&richting=op")
    codes = [code for code, _ in _regio_rijen(answer.text)]
    assert codes == sorted(gepubliceerd.regios, key=lambda c: (gepubliceerd.namen[c], c))


def test_regios_unknown_sort_column(web_server: str) -> None:
    for path in ("/regios?sort=wachtwoord", "/regios?sort=naam&richting=omhoog"):
        answer = get(web_server, path)
        assert answer.status == 400
        assert "sorteerkolom" in answer.text or "richting" in answer.text


# ---------------------------------------------------------------- /regio/{code}


def test_regio_shows_published_techniekaandeel(
    web_server: str,
    gepubliceerd: Gepubliceerd,
) -> None:
    code = _eerste_regio(gepubliceerd)
    answer = get(web_server, f"/regio/{code}")
    assert answer.status == 200
    body = answer.text
    rij = gepubliceerd.rij("techniekaandeel", code)
    nl = gepubliceerd.rij("techniekaandeel", "NL")
    assert rij is not None and nl is not None
    m = re.search(r'<span data-kerncijfer="techniekaandeel">(.*?)</span>', body)
    assert m and _tekst(m.group(1)) == _nl(rij["techniekaandeel"])
    m = re.search(r'<span data-landelijk="techniekaandeel">(.*?)</span>', body)
    assert m and _tekst(m.group(1)) == _nl(nl["techniekaandeel"])
    assert html.escape(gepubliceerd.namen[code]) in body
    assert "demo-indeling, niet officieel" in body
    # every figure links to its definition and to the explorer on this region
    for naam in ("techniekaandeel", "techniekleerlingen_per_regio", "groeiclusters"):
        assert f'href="/indicatoren/{naam}"' in body
        assert f'href="/verkenner?indicator={naam}&amp;regio={code}"' in body
    assert 'id="scenarios"' in body


def test_regio_map_has_every_vestiging(web_server: str, gepubliceerd: Gepubliceerd) -> None:
    code = _eerste_regio(gepubliceerd)
    body = get(web_server, f"/regio/{code}").text
    m = re.search(r'<svg[^>]*class="kaart"[^>]*>.*?</svg>', body, re.S)
    assert m, "geen <svg class=kaart> op de regiopagina"
    svg = m.group(0)
    expected = gepubliceerd.vestigingen[code]
    assert expected, f"regio {code} heeft geen vestigingen met coördinaten in de testgegevens"
    assert svg.count('<g class="vestiging"') == len(expected)
    assert svg.count('class="ring"') == len(expected)
    shown = set(re.findall(r'<g class="vestiging"[^>]*><title>[^<]*\((\w{6})\)', svg))
    assert shown == expected
    # the text alternative lists them too
    tabel = _sectie(body, "kaart")
    for vestiging in expected:
        assert f'data-vestiging="{vestiging}"' in tabel


def test_regio_similar_size(web_server: str, gepubliceerd: Gepubliceerd) -> None:
    code = _eerste_regio(gepubliceerd)
    body = get(web_server, f"/regio/{code}").text
    sectie = _sectie(body, "vergelijkbaar")
    m = re.search(r'<table id="tabel-vergelijkbaar">.*?<tbody>(.*?)</tbody>', sectie, re.S)
    assert m
    codes = re.findall(r'<tr data-regio="([^"]+)">', m.group(1))
    assert len(codes) == 5 and len(set(codes)) == 5 and code not in codes
    # they are the closest by published derdejaars
    derdejaars = {
        r["regio"]: v
        for r in gepubliceerd.tabellen["techniekaandeel"]
        if r["regio"] in gepubliceerd.namen and (v := _waarde(r["derdejaars"])) is not None
    }
    eigen = derdejaars[code]
    afstand = {c: abs(v - eigen) for c, v in derdejaars.items() if c != code}
    assert max(afstand[c] for c in codes) <= min(a for c, a in afstand.items() if c not in codes)
    # the mean is the unweighted mean of their published shares
    rijen = [gepubliceerd.rij("techniekaandeel", c) or {} for c in codes]
    aandelen = [v for r in rijen if (v := _waarde(r.get("techniekaandeel"))) is not None]
    m = re.search(r'<span data-vergelijkbaar="techniekaandeel">(.*?)</span>', body)
    assert m and _getal(m.group(1)) == pytest.approx(sum(aandelen) / len(aandelen), abs=0.051)


def test_regio_groeicluster(web_server: str, gepubliceerd: Gepubliceerd) -> None:
    code = _eerste_regio(gepubliceerd)
    sectie = _sectie(get(web_server, f"/regio/{code}").text, "groeicluster")
    rij = gepubliceerd.rij("groeiclusters", code)
    cluster = rij["cluster"] if rij else None
    if cluster in ("A", "B", "C", "D"):
        assert f"Cluster <span data-cluster>{cluster}</span>" in sectie
    else:
        assert "Geen groeicluster" in sectie


def test_regio_kwetsbaar_shows_small_cells_as_such(
    web_server: str,
    gepubliceerd: Gepubliceerd,
) -> None:
    klein = [r for r in gepubliceerd.tabellen["kwetsbare_groepen"] if r["derdejaars"] == "<5"]
    if not klein:
        pytest.skip("geen <5-cel in kwetsbare_groepen van de testgegevens")
    rij = klein[0]
    sleutel = (rij["regio"], rij["profiel"], rij["leerweg"])
    onderliggend = next(
        r
        for r in gepubliceerd.vol["kwetsbare_groepen"]
        if (r["regio"], r["profiel"], r["leerweg"]) == sleutel
    )
    assert onderliggend["derdejaars_max"] <= 4  # the test data is what we think it is
    sectie = _sectie(get(web_server, f"/regio/{rij['regio']}").text, "kwetsbaar")
    m = re.search(
        rf'<tr data-rij="{re.escape(html.escape(rij["profiel"]))}\|{rij["leerweg"]}">(.*?)</tr>',
        sectie,
        re.S,
    )
    assert m, f"rij {sleutel} ontbreekt op de pagina"
    cells = dict(re.findall(r'data-kolom="(\w+)">(.*?)</td>', m.group(1), re.S))
    assert _tekst(cells["derdejaars"]) == "<5"
    # a group of at most 4 is kwetsbaar: its students are in a kwetsbare groep, also <5
    assert _tekst(cells["in_kwetsbare_groepen"]) == rij["in_kwetsbare_groepen"] == "<5"
    assert _tekst(cells["vestigingen"]) == str(rij["vestigingen"])
    assert _tekst(cells["kwetsbaar"]) == str(rij["kwetsbaar"])
    # every published row of the region is there, with its published student cell
    rows = [r for r in gepubliceerd.tabellen["kwetsbare_groepen"] if r["regio"] == rij["regio"]]
    assert sectie.count("<tr data-rij=") == len(rows)


def test_unknown_region_is_404(web_server: str) -> None:
    answer = get(web_server, "/regio/R999")
    assert answer.status == 404
    assert "onbekende regio" in answer.text
    assert 'lang="nl"' in answer.text


def test_odd_region_code_is_4xx(web_server: str) -> None:
    for code in ("R01'--", "R01;DROP", "%3Cscript%3E", "R01 OR 1=1"):
        answer = get(web_server, "/regio/" + urllib.parse.quote(code, safe="%"))
        assert 400 <= answer.status < 500, code
        assert "<script>" not in answer.text
