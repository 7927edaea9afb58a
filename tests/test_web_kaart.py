"""Server-side SVG maps: well-formed, accessible, north up, true-scale rings, real boundaries."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sto_monitor.publicatie.kaart import (
    PALET_CATEGORIE,
    PALET_SEQUENTIEEL,
    Legenda,
    Punt,
    Vlak,
    kaart_svg,
    klassegrenzen,
    klassekleur,
    klasselegenda,
)

NS = {"s": "http://www.w3.org/2000/svg"}
GEMEENTEN = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "real"
    / "geo"
    / "gemeenten.geojson"
)


def _vierkant(lon: float, lat: float, d: float = 0.1) -> dict[str, Any]:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return x, y, w, h


def _cirkels(root: ET.Element) -> dict[str, ET.Element]:
    """The point circle of every vestiging group, by the name in its title."""
    uit = {}
    for g in root.iterfind(".//s:g[@class='vestiging']", NS):
        titel = g.find("s:title", NS)
        assert titel is not None and titel.text is not None
        cirkel = [
            c for c in g.iter("{http://www.w3.org/2000/svg}circle") if "class" not in c.attrib
        ]
        assert len(cirkel) == 1
        uit[titel.text.split(" (")[0]] = cirkel[0]
    return uit


def _voorbeeld(**kwargs: Any) -> str:
    vlakken = [
        Vlak("GM0001", 'Dorp & "Stad"', _vierkant(5.0, 52.0), kleur="#a1dab4", tekst="18,4 %"),
        Vlak("GM0002", "Linkstad", _vierkant(5.1, 52.0), href="/regio/R01?a=1&b=2"),
        Vlak(
            "GM0003",
            "Eilanden",
            {
                "type": "MultiPolygon",
                "coordinates": [
                    _vierkant(5.0, 52.1)["coordinates"],
                    _vierkant(5.2, 52.2, 0.05)["coordinates"],
                ],
            },
        ),
    ]
    punten = [
        Punt("00AH17", "Noord", 52.15, 5.05, PALET_CATEGORIE[0], "Techniek: PIE, BWI"),
        Punt("00AH18", "Zuid", 52.05, 5.05, PALET_CATEGORIE[1], href="/vestiging/00AH18"),
        Punt("00AH19", "Kapot", math.nan, 5.05, PALET_CATEGORIE[2]),
        Punt("00AH20", "Oneindig", 52.1, math.inf, PALET_CATEGORIE[2]),
    ]
    return kaart_svg(
        vlakken, punten, titel="Aandeel techniek", beschrijving="Per gemeente", **kwargs
    )


def test_structure_and_accessibility() -> None:
    root = _parse(_voorbeeld())
    assert root.attrib["role"] == "group"  # it holds links and focusable points
    alleen_beeld = kaart_svg(
        [Vlak("GM1", "Een", {"type": "Polygon", "coordinates": [[[5, 52], [6, 52], [6, 53]]]})],
        titel="t",
        beschrijving="b",
    )
    assert _parse(alleen_beeld).attrib["role"] == "img"
    assert root.attrib["width"] == "100%"
    assert "kaart" in root.attrib["class"].split()
    ids = root.attrib["aria-labelledby"].split()
    gelabeld = {e.attrib["id"]: e for e in root.iter() if "id" in e.attrib and e is not root}
    assert [gelabeld[i].tag.split("}")[1] for i in ids] == ["title", "desc"]
    assert [gelabeld[i].text for i in ids] == ["Aandeel techniek", "Per gemeente"]
    assert len(root.findall(".//s:path", NS)) == 3
    # the points with a NaN or infinite coordinate are skipped
    assert len(root.findall(".//s:g[@class='vestiging']", NS)) == 2
    for pad in root.iterfind(".//s:path", NS):
        assert pad.find("s:title", NS) is not None
        assert re.fullmatch(r"(M[-\d., ]+Z)+", pad.attrib["d"])


def test_names_and_links_are_escaped() -> None:
    svg = _voorbeeld()
    assert 'Dorp & "Stad"' not in svg
    root = _parse(svg)
    titels = [t.text for t in root.iterfind(".//s:path/s:title", NS)]
    assert titels[0] == 'Dorp & "Stad"\n18,4 %'
    assert titels[1] == "Linkstad"
    links = root.findall(".//s:a", NS)
    assert [a.attrib["href"] for a in links] == ["/regio/R01?a=1&b=2", "/vestiging/00AH18"]
    # the linked area is the path inside the first <a>; the others are not links
    gelinkt = links[0].find("s:path", NS)
    assert gelinkt is not None and gelinkt.findtext("s:title", namespaces=NS) == "Linkstad"
    vlakken = root.find(".//s:g[@class='vlakken']", NS)
    assert vlakken is not None
    assert [e.tag.split("}")[1] for e in vlakken] == ["path", "a", "path"]
    assert links[1].find("s:circle", NS) is not None


def test_fills_and_tooltips_of_points() -> None:
    root = _parse(_voorbeeld())
    fills = [p.attrib["fill"] for p in root.iterfind(".//s:path", NS)]
    assert fills == ["#a1dab4", "#eeeeee", "#eeeeee"]
    groepen = root.findall(".//s:g[@class='vestiging']", NS)
    assert groepen[0].findtext("s:title", namespaces=NS) == "Noord (00AH17)\nTechniek: PIE, BWI"
    assert groepen[0].attrib["tabindex"] == "0"
    cirkels = _cirkels(root)
    assert cirkels["Noord"].attrib["r"] == "4"
    assert cirkels["Noord"].attrib["stroke"] == "#222"
    assert cirkels["Noord"].attrib["fill"] == PALET_CATEGORIE[0]


def test_points_only_fit_north_up_and_east_right() -> None:
    punten = [
        Punt("A", "Zuidwest", 51.0, 4.0, "#000000"),
        Punt("B", "Noordoost", 53.0, 6.0, "#000000"),
        Punt("C", "Midden", 52.0, 5.0, "#000000"),
    ]
    root = _parse(kaart_svg([], punten, titel="t", beschrijving="b"))
    x0, y0, w, h = _viewbox(root)
    assert w == 640
    c = _cirkels(root)
    for cirkel in c.values():
        cx, cy = float(cirkel.attrib["cx"]), float(cirkel.attrib["cy"])
        assert x0 < cx < x0 + w
        assert y0 < cy < y0 + h
    assert float(c["Noordoost"].attrib["cy"]) < float(c["Midden"].attrib["cy"])
    assert float(c["Midden"].attrib["cy"]) < float(c["Zuidwest"].attrib["cy"])
    assert float(c["Zuidwest"].attrib["cx"]) < float(c["Noordoost"].attrib["cx"])
    # longitude is scaled by cos(52 degrees): the map is taller than wide
    assert h / w == pytest.approx(2 / (2 * math.cos(math.radians(52))), rel=0.05)


def test_areas_fit_the_viewbox() -> None:
    root = _parse(_voorbeeld())
    _, _, w, h = _viewbox(root)
    getallen = [
        float(v)
        for p in root.iterfind(".//s:path", NS)
        for v in re.findall(r"[-\d.]+", p.attrib["d"])
    ]
    xs, ys = getallen[0::2], getallen[1::2]
    assert 0 < min(xs) < 20 and w - 20 < max(xs) < w
    assert 0 < min(ys) < 20 and h - 20 < max(ys) < h


def test_ring_is_true_to_scale() -> None:
    dlat = 10 / 111.32
    punten = [
        Punt("A", "Zuid", 52.0, 5.0, "#000000"),
        Punt("B", "Noord", 52.0 + dlat, 5.0, "#000000"),
        Punt("C", "Oost", 52.0, 5.0 + dlat / math.cos(math.radians(52.0 + dlat / 2)), "#000000"),
    ]
    svg = kaart_svg([], punten, titel="t", beschrijving="b", ring_km=10, id="k2")
    root = _parse(svg)
    c = _cirkels(root)
    afstand = float(c["Zuid"].attrib["cy"]) - float(c["Noord"].attrib["cy"])
    oost = float(c["Oost"].attrib["cx"]) - float(c["Zuid"].attrib["cx"])
    ringen = root.findall(".//s:circle[@class='ring']", NS)
    assert len(ringen) == 3
    straal = float(ringen[0].attrib["r"])
    assert straal == pytest.approx(afstand, abs=0.15)
    assert straal == pytest.approx(oost, abs=0.15)  # a true circle: east-west alike
    assert ringen[0].attrib["fill"] == "none"
    assert "stroke-dasharray" in ringen[0].attrib
    css = root.findtext("s:style", namespaces=NS) or ""
    assert "#k2 .ring{display:none" in css
    for selector in (".vestiging:hover .ring", ".vestiging:focus .ring", ":focus-within .ring"):
        assert selector in css
    tekst = "".join(root.itertext())
    assert "Ring: 10 km in vogelvlucht (hover of focus op een vestiging)" in tekst


def test_no_ring_without_ring_km() -> None:
    root = _parse(_voorbeeld())
    assert root.findall(".//s:circle[@class='ring']", NS) == []
    assert "vogelvlucht" not in "".join(root.itertext())


def test_legend_is_drawn() -> None:
    legenda = Legenda("Techniek", [("#E69F00", "PIE & BWI"), ("#56B4E9", "Geen techniek")])
    root = _parse(_voorbeeld(legenda=legenda, ring_km=7.5))
    groep = root.find(".//s:g[@class='legenda']", NS)
    assert groep is not None
    assert groep.attrib["font-size"] == "12"
    assert groep.attrib["fill"] == "#1a1a1a"
    assert [t.text for t in groep.iterfind("s:text", NS)] == [
        "Techniek",
        "PIE & BWI",
        "Geen techniek",
    ]
    swatches = [r.attrib["fill"] for r in groep.iterfind("s:rect", NS)][1:]  # [0] = background
    assert swatches == ["#E69F00", "#56B4E9"]
    assert "Ring: 7,5 km in vogelvlucht" in "".join(root.itertext())


def test_empty_map_and_bad_arguments() -> None:
    root = _parse(kaart_svg([], titel="Leeg", beschrijving="Geen gegevens"))
    assert _viewbox(root)[3] > 0
    with pytest.raises(ValueError, match="id"):
        kaart_svg([], titel="t", beschrijving="b", id='x" onload="y')
    with pytest.raises(ValueError, match="ring_km"):
        kaart_svg([], titel="t", beschrijving="b", ring_km=math.nan)
    with pytest.raises(ValueError, match="Point"):
        kaart_svg(
            [Vlak("GM1", "p", {"type": "Point", "coordinates": [5, 52]})],
            titel="t",
            beschrijving="b",
        )


def test_klassegrenzen() -> None:
    waarden = [float(v) for v in range(1, 11)]
    assert klassegrenzen(waarden) == [2.8, 4.6, 6.4, 8.2]
    assert klassegrenzen([*waarden, math.nan]) == [2.8, 4.6, 6.4, 8.2]
    assert klassegrenzen(waarden, n=2) == [5.5]
    assert klassegrenzen([1, 1, 1, 1, 2]) == [1.0, 1.2]  # deduplicated
    assert klassegrenzen([]) == []


def test_klassekleur() -> None:
    grenzen = [2.8, 4.6, 6.4, 8.2]
    assert klassekleur(None, grenzen) is None
    assert klassekleur(math.nan, grenzen) is None
    assert klassekleur(0.0, grenzen) == "#ffffcc"
    assert klassekleur(2.8, grenzen) == "#a1dab4"  # a break belongs to the upper class
    assert klassekleur(5.0, grenzen) == "#41b6c4"
    assert klassekleur(8.1, grenzen) == "#2c7fb8"
    assert klassekleur(99.0, grenzen) == "#253494"
    # fewer classes still span the palette from light to dark
    assert [klassekleur(v, [1.0, 1.2]) for v in (0, 1.1, 5)] == ["#ffffcc", "#41b6c4", "#253494"]
    assert klassekleur(3.0, [1.0], PALET_CATEGORIE[:2]) == PALET_CATEGORIE[1]


def test_klasselegenda() -> None:
    legenda = klasselegenda("Aandeel techniek", [12.34, 18.0, 24.06], "%")
    assert legenda.titel == "Aandeel techniek"
    assert list(legenda.items) == [
        ("#ffffcc", "< 12,3 %"),
        ("#a1dab4", "12,3 \u2013 18,0 %"),
        ("#2c7fb8", "18,0 \u2013 24,1 %"),
        ("#253494", "\u2265 24,1 %"),
        ("#eeeeee", "geen gegevens of afgeschermd"),
    ]
    labels = [label for _, label in klasselegenda("Leerlingen", [1234.5, 2000], "").items]
    assert labels == [
        "< 1.234,5",
        "1.234,5 \u2013 2.000,0",
        "\u2265 2.000,0",
        "geen gegevens of afgeschermd",
    ]
    kleuren = [k for k, _ in klasselegenda("x", [1, 2, 3, 4], "%").items]
    assert kleuren == [*PALET_SEQUENTIEEL, "#eeeeee"]


def _centrum(pad: ET.Element) -> tuple[float, float]:
    paren = re.findall(r"(-?[\d.]+),(-?[\d.]+)", pad.attrib["d"])
    xs, ys = [float(x) for x, _ in paren], [float(y) for _, y in paren]
    return sum(xs) / len(xs), sum(ys) / len(ys)


@pytest.mark.skipif(not GEMEENTEN.is_file(), reason=f"{GEMEENTEN} ontbreekt")
def test_real_gemeenten() -> None:
    features = json.loads(GEMEENTEN.read_text(encoding="utf-8"))["features"]
    vlakken = [
        Vlak(
            f["properties"]["gemeenteCode"],
            f["properties"]["gemeenteNaam"],
            f["geometry"],
            kleur=PALET_SEQUENTIEEL[i % 5],
            href=f"/gemeente/{f['properties']['gemeenteCode']}",
        )
        for i, f in enumerate(features)
    ]
    assert len(vlakken) == 342
    svg = kaart_svg(vlakken, titel="Gemeenten", beschrijving="Alle gemeenten", ring_km=10)
    assert len(svg.encode()) < 400_000
    root = _parse(svg)
    paden = root.findall(".//s:path", NS)
    assert len(paden) == 342
    assert all(p.attrib["d"] for p in paden)
    centrum = {}
    for a in root.iterfind(".//s:a", NS):
        pad = a.find("s:path", NS)
        assert pad is not None
        centrum[a.attrib["href"].rsplit("/", 1)[1]] = _centrum(pad)
    amsterdam, den_haag, utrecht = centrum["GM0363"], centrum["GM0518"], centrum["GM0344"]
    assert amsterdam[0] > den_haag[0]  # east
    assert amsterdam[1] < utrecht[1]  # north: smaller y


def test_consecutive_duplicate_points_are_dropped() -> None:
    ring = [[5.0, 52.0], [5.0, 52.0], [5.0000001, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]
    vlak = Vlak("GM1", "dubbel", {"type": "Polygon", "coordinates": [ring]})
    root = _parse(kaart_svg([vlak], titel="t", beschrijving="b"))
    pad = root.find(".//s:path", NS)
    assert pad is not None
    paren = re.findall(r"-?[\d.]+,-?[\d.]+", pad.attrib["d"])
    assert len(paren) == 3  # the closing point is implied by Z
    assert len(set(paren)) == 3
