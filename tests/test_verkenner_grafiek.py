"""Charts that read like a statistics publication: the reader's words, honest scales, ranges.

The chart definitions (``publicatie/charts/``) on their own, then the verkenner and the region
page against a real ``sto serve`` on the shared generated warehouse (layout 2023: DUO's masking
intervals are in it): axis titles from the vocabulary, shares on a zero baseline, no totals
among their parts, every row drawn or a page that says how to see the rest, masked counts as
ranges, a paged table, Nederland beside a region, and the chart as SVG and PNG.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import Gepubliceerd, Snapshot
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.web.pages.verkenner_grafiek import MAX_STAVEN, grafiek
from tests.test_web_api import published, region_codes
from tests.web_fixtures import get

TOTALEN = {"techniek", "niet-techniek", "totaal"}


def _spec(page: str, ident: str = "verkenner-grafiek") -> dict[str, Any]:
    found = re.search(
        rf'<script type="application/json" data-grafiek="{ident}">(.*?)</script>', page, re.S
    )
    assert found, f"geen grafiek {ident} op de pagina"
    spec: dict[str, Any] = json.loads(found.group(1).replace("<\\/", "</"))
    return spec


def _laag(spec: dict[str, Any], mark: str) -> dict[str, Any]:
    lagen = [laag for laag in spec["layer"] if laag["mark"]["type"] == mark]
    assert lagen, f"geen laag {mark}"
    laag: dict[str, Any] = lagen[0]
    return laag


def _noten(page: str) -> list[str]:
    return [
        html.unescape(n) for n in re.findall(r'class="verkenner-noot grafiek-noot">(.*?)</p>', page)
    ]


# ---------------------------------------------------------------- charts on its own


def test_een_lijn_van_aandelen_begint_bij_nul_of_zegt_dat_de_as_gebroken_is() -> None:
    rijen = [{"jaar": "2023/2024", "aandeel": 19.5}, {"jaar": "2024/2025", "aandeel": 20.1}]
    spec = charts.lijn(rijen, x="jaar", y="aandeel", titel="Aandeel", y_titel="Aandeel (%)")
    assert _laag(spec, "line")["encoding"]["y"]["scale"]["zero"] is True
    assert _laag(spec, "line")["encoding"]["y"]["title"] == ["Aandeel (%)"]
    gebroken = charts.lijn(
        rijen, x="jaar", y="aandeel", titel="Aandeel", y_titel="Aandeel (%)", nul=False
    )
    y = _laag(gebroken, "line")["encoding"]["y"]
    assert y["scale"]["zero"] is False
    assert f"({charts.GEBROKEN_AS})" in y["title"]
    assert _laag(gebroken, "point")["mark"]["shape"].startswith("M")  # the zigzag on the axis


def test_staven_beginnen_bij_nul_en_een_gemaskeerd_deel_is_een_bandbreedte() -> None:
    rijen = [
        {"jaar": "2023/2024", "leerweg": "bb", **charts.cel("aantal", "36-42")},
        {"jaar": "2023/2024", "leerweg": "kb", **charts.cel("aantal", "50")},
        {"jaar": "2024/2025", "leerweg": "bb", **charts.cel("aantal", "<5")},
        {"jaar": "2024/2025", "leerweg": "kb", **charts.cel("aantal", "x")},
    ]
    spec = charts.staaf(rijen, x="jaar", y="aantal", kleur="leerweg", titel="T", y_titel="A")
    # every drawn row in the chart's data; the afgeschermde one (x) is not: it has no number
    assert spec["data"]["values"] == rijen[:3]
    staaf = _laag(spec, "bar")
    assert staaf["encoding"]["y"]["scale"]["zero"] is True
    # parts of unequal certainty are not stacked: grouped side by side
    assert staaf["encoding"]["y"]["stack"] is None and "xOffset" in staaf["encoding"]
    assert staaf["transform"] == [{"filter": {"field": "aantal", "valid": True}}]
    regel = _laag(spec, "rule")
    assert regel["encoding"]["y"]["field"] == "aantal_min"
    assert regel["encoding"]["y2"]["field"] == "aantal_max"
    bereik = regel["transform"][0]["filter"]["and"]
    assert {"field": "aantal", "valid": False} in bereik
    # "<5" is the range 1 to 4, never a point of 0
    assert rijen[2] == {"jaar": "2024/2025", "leerweg": "bb", "aantal": None, "aantal_min": 1.0,
                        "aantal_max": 4.0}  # fmt: skip
    # all exact: stacked, bb at the bottom
    exact = [r for r in rijen if r["aantal"] is not None]
    gestapeld = _laag(charts.staaf(exact, x="jaar", y="aantal", kleur="leerweg", titel="T",
                                   y_titel="A"), "bar")  # fmt: skip
    assert gestapeld["encoding"]["y"]["stack"] == "zero"


def test_titels_passen_op_een_telefoon() -> None:
    titel = "Kwetsbare groepen per regio: technische profielen met 10 of minder derdejaars"
    spec = charts.lijn([{"j": "a", "v": 1.0}], x="j", y="v", titel=titel, y_titel="V")
    regels = spec["title"]["text"]
    assert len(regels) > 1 and all(len(r) <= charts.TITEL_TEKENS for r in regels)
    assert " ".join(regels) == titel
    assert spec["width"] == "container"


def test_veel_categorieen_liggen_en_de_grafiek_groeit_mee() -> None:
    rijen = [{"regio": f"Regio {i}", "aandeel": float(i)} for i in range(40)]
    spec = charts.staaf(rijen, x="regio", y="aandeel", titel="T", y_titel="Aandeel (%)")
    staaf = _laag(spec, "bar")
    assert staaf["encoding"]["y"]["field"] == "regio"  # the categories on the y axis
    assert staaf["encoding"]["x"]["field"] == "aandeel"
    assert spec["height"] >= 40 * charts.STAP
    assert len(spec["data"]["values"]) == 40


def test_bestand_heeft_titel_en_zegt_dat_de_cijfers_synthetisch_zijn() -> None:
    rijen = [{"j": "2024/2025", "v": 1.0}]
    spec = charts.staaf(rijen, x="j", y="v", titel="Een titel", y_titel="Derdejaars")
    svg = charts.svg(charts.als_bestand(spec, synthetisch=True))
    assert "Een titel" in svg and SYNTHETISCH in svg
    assert SYNTHETISCH not in charts.svg(charts.als_bestand(spec, synthetisch=False))
    assert charts.png(charts.als_bestand(spec)).startswith(b"\x89PNG")


# ---------------------------------------------------------------- the verkenner


def test_astitels_en_legenda_in_de_woorden_van_de_lezer(web_server: str) -> None:
    ind = BY_NAME["bereikbaarheid"]
    page = get(web_server, "/verkenner?indicator=bereikbaarheid&schooljaar=2024").text
    staaf = _laag(_spec(page), "bar")
    assert staaf["encoding"]["y"]["title"] == [woord(ind, "aandeel_binnen_10km").kop]
    assert staaf["encoding"]["y"]["title"] == ["Binnen 10 km (%)"]
    assert staaf["encoding"]["color"]["title"] == woord(ind, "leerweg").kop
    assert "aandeel_binnen_10km" not in json.dumps(_spec(page)["title"])
    # the measure picker and the table's headers: the same words
    assert '<option value="aandeel_binnen_10km" selected>Binnen 10 km (%)</option>' in page
    assert '<label for="filter-leerweg">Leerweg' in page
    sorteer = "/verkenner?indicator=bereikbaarheid&amp;schooljaar=2024&amp;sort=aandeel_binnen_10km"
    assert f'<a href="{sorteer}' in page
    assert ">Binnen 10 km (%)</a></th>" in page


def test_standaardgrafiek_zonder_totalen_en_leerwegen_op_volgorde(web_server: str) -> None:
    page = get(web_server, "/verkenner").text
    spec = _spec(page)
    data = spec["data"]["values"]
    assert data
    assert not {d.get("profiel") for d in data} & TOTALEN
    assert "totaal" not in {d.get("leerweg") for d in data}
    assert any("Totalen (" in n for n in _noten(page))
    assert _laag(spec, "bar")["encoding"]["color"]["sort"] == ["bb", "kb", "gl"]
    # the filter's options: bb, kb, gl before totaal; profielen as the report lists them
    leerwegen = re.search(r'<select id="filter-leerweg".*?</select>', page, re.S)
    assert leerwegen
    waarden = re.findall(r'<option value="([^"]+)"', leerwegen.group(0))
    assert waarden == [w for w in ("bb", "kb", "gl", "tl", "totaal") if w in waarden]
    profielen = re.search(r'<select id="filter-profiel".*?</select>', page, re.S)
    assert profielen
    waarden = re.findall(r'<option value="([^"]+)"', profielen.group(0))
    assert waarden[:3] == ["BWI", "PIE", "M&amp;T"]
    assert waarden.index("techniek") < waarden.index("totaal") == len(waarden) - 1
    # a bar chart says nothing about lines
    assert not any("lijn" in n for n in _noten(page))


def test_tabel_per_pagina_van_vijftig_rijen(web_server: str, web_db: Path) -> None:
    alle = published(web_db, "leerlingen_per_profiel").num_rows
    assert alle > 50
    page = get(web_server, "/verkenner").text
    assert page.count("<tr data-rij=") == 50
    assert f'data-rijen="{alle}"' in page
    volgende = re.search(r'<a id="volgende-pagina" href="([^"]+)" rel="next"', page)
    assert volgende and html.unescape(volgende.group(1)).endswith("&pagina=2")
    assert 'id="vorige-pagina"' not in page
    tweede = get(web_server, html.unescape(volgende.group(1))).text
    assert 'id="vorige-pagina"' in tweede
    assert tweede.count("<tr data-rij=") == min(50, alle - 50)
    assert "Pagina 2 van" in tweede
    # the newest school year first; totals set apart
    jaar = max(published(web_db, "leerlingen_per_profiel").column("schooljaar").to_pylist())
    assert re.search(rf'<tr data-rij="{jaar}\|', page)
    assert 'class="totaalrij"' in page
    # the downloads hold every page, not this one
    assert 'href="/verkenner.csv?indicator=leerlingen_per_profiel"' in tweede
    fout = get(web_server, "/verkenner?pagina=999")
    assert fout.status == 400 and "pagina 999 bestaat niet" in html.unescape(fout.text)


def test_geen_rij_stil_weggelaten_en_regio_s_bij_naam(web_server: str, web_db: Path) -> None:
    jaar = max(published(web_db, "techniekaandeel").column("schooljaar").to_pylist())
    rijen = [r for r in published(web_db, "techniekaandeel").to_pylist() if r["schooljaar"] == jaar]
    page = get(web_server, f"/verkenner?indicator=techniekaandeel&schooljaar={jaar}").text
    spec = _spec(page)
    staaf = _laag(spec, "bar")
    assert staaf["encoding"]["y"]["field"] == "regio"  # lying bars: a region per line
    regios = [r for r in rijen if r["regio"] != "NL" and r["techniekaandeel"] not in (None, "x")]
    assert len(spec["data"]["values"]) == len(regios)
    labels = {d["regio"] for d in spec["data"]["values"]}
    assert not labels & {r["regio"] for r in rijen}  # names, not codes
    assert spec["height"] >= len(regios) * charts.STAP
    # Nederland: the dashed reference line, not a bar among the regions
    nl = next(r for r in rijen if r["regio"] == "NL")
    assert _laag(spec, "rule")["encoding"]["x"]["datum"] == float(nl["techniekaandeel"])
    assert "De grafiek toont de eerste" not in page
    # a chart too large to draw says so and how to see the rest
    page = get(web_server, "/verkenner?indicator=examens_per_profiel").text
    assert any("de tabel en de downloads bevatten alle rijen" in n for n in _noten(page))


def _vestigingen(aantal: int, combinaties: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "schooljaar": 2024,
            "vestiging": f"{i:02d}AA00",
            "profiel": ("BWI", "PIE", "M&T", "MaT", "MVI")[j % 5],
            "leerweg": ("bb", "kb")[j // 5],
            "aantal_vestigingen": 1,
            "kandidaten": 10 + i,
            "geslaagden": 9,
            "slaagpercentage": 90.0,
        }
        for i in range(aantal)
        for j in range(combinaties)
    ]


def test_een_te_grote_grafiek_zegt_hoeveel_hij_toont_en_hoe_de_rest_te_zien() -> None:
    snap = cast(Snapshot, SimpleNamespace(regios={}))
    g = cast(Gepubliceerd, SimpleNamespace(indicator=BY_NAME["examens_per_profiel"], tabel=None))
    rijen = _vestigingen(400)
    uitkomst = grafiek(snap, g, rijen, maat="kandidaten")
    assert uitkomst.spec is not None
    getekend = uitkomst.spec["data"]["values"]
    assert len(getekend) == MAX_STAVEN  # whole categories, as many as fit
    assert [d["vestiging"] for d in getekend] == [r["vestiging"] for r in rijen[:MAX_STAVEN]]
    assert any(
        f"De grafiek toont de eerste {MAX_STAVEN} van de 400 waarden van vestiging" in n
        and "de tabel en de downloads bevatten alle rijen" in n
        for n in uitkomst.noten
    )
    # ten combinations of profiel and leerweg as colours: no chart, and the page says why
    uitkomst = grafiek(snap, g, _vestigingen(5, combinaties=10), maat="kandidaten")
    assert uitkomst.spec is None
    assert any(n.startswith("Geen grafiek: 10 combinaties") for n in uitkomst.noten)
    assert any("Kies een profiel of leerweg in de filters" in n for n in uitkomst.noten)


def test_gemaskeerd_deel_als_bandbreedte_en_nederland_naast_de_regio(
    web_server: str, web_db: Path
) -> None:
    tabel = published(web_db, "techniekleerlingen_per_regio").to_pylist()
    gemaskeerd = next(r for r in tabel if "-" in str(r["aantal"]) and r["leerweg"] != "totaal")
    code = gemaskeerd["regio"]
    page = get(web_server, f"/verkenner?indicator=techniekleerlingen_per_regio&regio={code}").text
    spec = _spec(page)
    laag, hoog = (float(g) for g in str(gemaskeerd["aantal"]).split("-"))
    bereiken = [d for d in spec["data"]["values"] if d["aantal"] is None]
    assert {"aantal_min": laag, "aantal_max": hoog}.items() <= next(
        d
        for d in bereiken
        if d["schooljaar"].startswith(str(gemaskeerd["schooljaar"]))
        and d["leerweg"] == gemaskeerd["leerweg"]
    ).items()
    assert _laag(spec, "rule")["encoding"]["y"]["field"] == "aantal_min"
    assert any("bandbreedte" in n for n in _noten(page))
    # the count sentence names the region once, not "regio Regio ..."
    zin = re.search(r'<p id="aantal-rijen".*?</p>', page, re.S)
    assert zin and "regio Regio" not in zin.group(0) and f"({code})" in zin.group(0)
    # one region's share over the years: Nederland beside it, on a zero baseline
    page = get(web_server, f"/verkenner?indicator=techniekaandeel&regio={code}").text
    spec = _spec(page)
    assert {d["reeks"] for d in spec["data"]["values"]} >= {charts.NEDERLAND}
    assert _laag(spec, "line")["encoding"]["y"]["scale"]["zero"] is True


def test_regiopagina_toont_nederland_naast_de_regio(web_server: str, web_db: Path) -> None:
    code = region_codes(web_db)[0]
    spec = _spec(get(web_server, f"/regio/{code}").text, "grafiek-trend")
    reeksen = {d["reeks"] for d in spec["data"]["values"]}
    assert charts.NEDERLAND in reeksen and len(reeksen) == 2
    lijn = _laag(spec, "line")
    assert lijn["encoding"]["y"]["scale"]["zero"] is True
    assert lijn["encoding"]["y"]["title"] == [
        woord(BY_NAME["techniekaandeel"], "techniekaandeel").kop
    ]


@pytest.mark.parametrize(("soort", "type_"), [("svg", "image/svg+xml"), ("png", "image/png")])
def test_grafiek_als_svg_en_png(web_server: str, soort: str, type_: str) -> None:
    query = "indicator=techniekaandeel&regio=NL"
    page = get(web_server, f"/verkenner?{query}").text
    link = re.search(rf'<a id="download-{soort}" href="([^"]+)"', page)
    assert link and html.unescape(link.group(1)) == f"/verkenner/grafiek.{soort}?{query}"
    antwoord = get(web_server, html.unescape(link.group(1)))
    assert antwoord.status == 200
    assert antwoord.headers["content-type"] == type_
    assert "attachment;" in antwoord.headers["content-disposition"]
    assert f".{soort}" in antwoord.headers["content-disposition"]
    if soort == "png":
        assert antwoord.body.startswith(b"\x89PNG")
        return
    svg = antwoord.text
    assert svg.lstrip().startswith(("<svg", "<?xml"))
    titel = " ".join(_spec(page)["title"]["text"])  # wrapped again for the file's width
    assert all(html.escape(woord, quote=False) in svg for woord in titel.split())
    assert "Techniekaandeel per schooljaar" in svg
    # generated data says so in the file, exactly when the page does
    assert (SYNTHETISCH in svg) == (SYNTHETISCH in page)
    assert get(web_server, "/verkenner/grafiek.svg?indicator=techniekaandeel&maat=x").status == 400
