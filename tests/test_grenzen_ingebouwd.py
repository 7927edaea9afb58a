"""The boundaries shipped in the package: small, complete, valid, and drawn when none are loaded.

On a fresh machine the warehouse has no boundaries; the snapshot then takes the simplified
gemeenten of ``publicatie.grenzen``, so the region page, /kaart and the regioportret still draw
gemeenten. Loaded boundaries always come first. Where ../shared is present the shipped files are
also compared with their source (every gemeente, same codes and names, similar areas) and
rebuilt to the same JSON. The warehouses are copies of the shared ``web_db``, not new ones.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import vl_convert

from sto_monitor import db
from sto_monitor.ingest.runner import ingest_file
from sto_monitor.publicatie import grenzen
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, getal, laad
from sto_monitor.publicatie.grenzen.bouw import main as bouw
from sto_monitor.publicatie.grenzen.vereenvoudig import geldige_ring, open_ring, oppervlak
from sto_monitor.reports import opmaak, regioportret
from tests.conftest import REAL
from tests.test_rapport_regio import ARTEFACTEN, DATUM, pdf_tekst
from tests.web_fixtures import get, serve

SVG = "{http://www.w3.org/2000/svg}"
GEO = REAL / "geo"
requires_geo = pytest.mark.skipif(
    not (GEO / "gemeenten.geojson").is_file(), reason=f"{GEO} ontbreekt (../shared ontbreekt)"
)
NEDERLAND = (3.3, 50.7, 7.3, 53.6)  # lon/lat box around the country and its islands
GEMEENTEN_2023 = 342


def _polygonen(geometrie: dict[str, Any]) -> list[list[list[list[float]]]]:
    assert geometrie["type"] in ("Polygon", "MultiPolygon"), geometrie["type"]
    coords = geometrie["coordinates"]
    return coords if geometrie["type"] == "MultiPolygon" else [coords]


def _oppervlak(geometrie: dict[str, Any]) -> float:
    """Area in squared degrees: exterior rings minus holes."""
    return sum(
        abs(oppervlak(poly[0])) - sum(abs(oppervlak(gat)) for gat in poly[1:])
        for poly in _polygonen(geometrie)
    )


def _randen(grenzen_: tuple[grenzen.Grens, ...]) -> dict[frozenset[tuple[float, float]], int]:
    """How many rings use each edge (either way round)."""
    uit: dict[frozenset[tuple[float, float]], int] = {}
    for _, _, geometrie in grenzen_:
        for poly in _polygonen(geometrie):
            for ring in poly:
                punten = open_ring(ring)
                for a, b in zip(punten, punten[1:] + punten[:1], strict=True):
                    rand = frozenset((a, b))
                    uit[rand] = uit.get(rand, 0) + 1
    return uit


def _kopie(web_db: Path, doel: Path) -> Path:
    """A copy of the web warehouse without any loaded boundaries (as on a fresh machine)."""
    shutil.copyfile(web_db, doel)
    con = db.connect(doel)
    try:
        con.execute("DELETE FROM grens")
        con.execute("DELETE FROM bron WHERE formaat LIKE 'grenzen-%'")
    finally:
        con.close()
    return doel


@pytest.fixture(scope="module")
def zonder_grenzen(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _kopie(web_db, tmp_path_factory.mktemp("zonder-grenzen") / "sto.duckdb")


@pytest.fixture(scope="module")
def snap_zonder(zonder_grenzen: Path) -> Snapshot:
    return laad(zonder_grenzen)


def _grootste_regio(snap: Snapshot) -> str:
    rijen = snap.beschikbare_rijen("techniekaandeel", schooljaar=snap.laatste_jaar)
    rijen = [r for r in rijen if r["regio"] != LANDELIJK and getal(r["derdejaars"]) is not None]
    return str(max(rijen, key=lambda r: (getal(r["derdejaars"]), r["regio"]))["regio"])


def _svg(html: str, svg_id: str) -> ET.Element:
    match = re.search(rf'<svg [^>]*id="{svg_id}".*?</svg>', html, re.S)
    assert match, f"geen <svg id={svg_id}>"
    return ET.fromstring(match.group(0))


def _vlakken(root: ET.Element) -> list[ET.Element]:
    groep = root.find(f"{SVG}g[@class='vlakken']")
    assert groep is not None
    return list(groep.iter(f"{SVG}path"))


# ---------------------------------------------------------------- the files


def test_bestanden_zijn_klein() -> None:
    groottes = [(grenzen.MAP / n).stat().st_size for n in (grenzen.GEMEENTEN, grenzen.PROVINCIES)]
    assert sum(groottes) < 400_000
    assert sum(groottes) < 100_000  # about 44 kB today; a much larger file is a mistake


def test_elke_gemeente_en_provincie_met_geldige_geometrie() -> None:
    gemeenten, provincies = grenzen.gemeenten(), grenzen.provincies()
    assert len(gemeenten) == GEMEENTEN_2023
    assert [c for c, _, _ in provincies] == [f"PV{n}" for n in range(20, 32)]
    codes = [c for c, _, _ in gemeenten]
    assert codes == sorted(set(codes))
    assert all(re.fullmatch(r"GM[0-9]{4}", c) for c in codes)
    assert {"Noord-Holland", "Zuid-Holland", "Noord-Brabant", "Groningen"} <= {
        n for _, n, _ in provincies
    }
    west, zuid, oost, noord = NEDERLAND
    for code, naam, geometrie in gemeenten + provincies:
        assert naam and naam == naam.strip(), code
        assert _oppervlak(geometrie) > 0, code
        for poly in _polygonen(geometrie):
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1], code
                for lon, lat in ring:
                    assert west < lon < oost and zuid < lat < noord, (code, lon, lat)
                    assert round(lon, 5) == lon and round(lat, 5) == lat, (code, lon, lat)
                assert geldige_ring(open_ring(ring)), f"{code} {naam}: ring kruist zichzelf"
    assert grenzen.gemeenten() is gemeenten  # read once per process


def test_gedeelde_grenzen_blijven_gedeeld() -> None:
    """No gaps, no slivers: every border is one line for both sides, provincies included."""
    gemeente = _randen(grenzen.gemeenten())
    provincie = _randen(grenzen.provincies())
    soorten = {(gemeente.get(r, 0), provincie.get(r, 0)) for r in gemeente.keys() | provincie}
    # inside a provincie, on the national border or coast, on a border between provincies
    assert soorten == {(2, 0), (1, 1), (2, 2)}
    totaal_gemeenten = sum(_oppervlak(g) for _, _, g in grenzen.gemeenten())
    totaal_provincies = sum(_oppervlak(g) for _, _, g in grenzen.provincies())
    assert totaal_gemeenten == pytest.approx(totaal_provincies, rel=1e-9)


@requires_geo
def test_volledig_tegenover_de_bron() -> None:
    bron = json.loads((GEO / "gemeenten.geojson").read_text(encoding="utf-8-sig"))["features"]
    assert len(bron) == GEMEENTEN_2023
    verwacht = {
        f["properties"]["gemeenteCode"]: (f["properties"]["gemeenteNaam"], f["geometry"])
        for f in bron
    }
    gemeenten = {code: (naam, geo) for code, naam, geo in grenzen.gemeenten()}
    assert gemeenten.keys() == verwacht.keys()
    for code, (naam, geometrie) in gemeenten.items():
        assert naam == verwacht[code][0]
        # simplified, but within a few percent of the source's area
        assert _oppervlak(geometrie) == pytest.approx(_oppervlak(verwacht[code][1]), rel=0.05)
    provincies = json.loads((GEO / "Prov.geojson").read_text(encoding="utf-8-sig"))["features"]
    assert {f["properties"]["provincieCode"] for f in provincies} == {
        c for c, _, _ in grenzen.provincies()
    }


@requires_geo
def test_opnieuw_bouwen_geeft_hetzelfde_bestand(tmp_path: Path) -> None:
    """The rebuild command reproduces the shipped JSON exactly (gzip itself may differ by zlib)."""
    assert bouw([str(GEO), "--uit", str(tmp_path)]) == 0
    for bestand in (grenzen.GEMEENTEN, grenzen.PROVINCIES):
        nieuw = gzip.decompress((tmp_path / bestand).read_bytes())
        assert nieuw == gzip.decompress((grenzen.MAP / bestand).read_bytes()), bestand


# ---------------------------------------------------------------- used when nothing is loaded


def test_snapshot_zonder_ingelezen_grenzen_neemt_de_meegeleverde(snap_zonder: Snapshot) -> None:
    assert snap_zonder.gemeenten == grenzen.gemeenten()
    codes = {code for code, _, _ in snap_zonder.gemeenten}
    # the regions colour gemeenten by code: the shipped codes are the ones vestigingen carry
    gekleurd = [g for g in snap_zonder.gemeente_regio if g in codes]
    assert len(gekleurd) > 50
    assert len(gekleurd) >= 0.9 * len(snap_zonder.gemeente_regio)


def test_regiopagina_en_kaart_tekenen_gemeenten(
    zonder_grenzen: Path, snap_zonder: Snapshot
) -> None:
    code = _grootste_regio(snap_zonder)
    namen = {naam for _, naam, _ in grenzen.gemeenten()}
    with serve(zonder_grenzen) as base:
        regiopagina = get(base, f"/regio/{code}").text
        kaartpagina = get(base, "/kaart").text
    for pagina in (regiopagina, kaartpagina):
        assert "sto ingest ../shared" not in pagina
        assert "Gemeentegrenzen ontbreken" not in pagina
        assert "geen gemeentegrenzen" not in pagina
    paden = _vlakken(_svg(regiopagina, "kaart-regio"))
    assert len(paden) >= 5
    titels = {p.findtext(f"{SVG}title", default="").split("\n")[0] for p in paden}
    assert titels <= namen
    assert any("gemeente met een vestiging van" in p.findtext(f"{SVG}title", "") for p in paden)

    # the national map: every gemeente, and the provincie borders as thin lines on top
    landkaart = _svg(kaartpagina, "regiokaart")
    assert len(_vlakken(landkaart)) == GEMEENTEN_2023
    lijnen = landkaart.find(f"{SVG}g[@class='lijnen']")
    assert lijnen is not None and len(lijnen.findall(f"{SVG}path")) == 12
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    svg = re.search(r'<svg [^>]*id="regiokaart".*?</svg>', kaartpagina, re.S)
    assert svg is not None
    breed = svg.group(0).replace('width="100%"', 'width="640"', 1)
    (ARTEFACTEN / "kaart-ingebouwde-grenzen.png").write_bytes(vl_convert.svg_to_png(breed))


def test_ingelezen_grenzen_gaan_voor(web_db: Path, tmp_path: Path) -> None:
    pad = _kopie(web_db, tmp_path / "sto.duckdb")
    ring = [[4.85, 52.3], [4.95, 52.3], [4.95, 52.4], [4.85, 52.4], [4.85, 52.3]]
    bestand = tmp_path / "proef.geojson"
    feature = {
        "type": "Feature",
        "properties": {"gemeenteCode": "GM0363", "gemeenteNaam": "Proefstad"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    bestand.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    con = db.connect(pad)
    try:
        assert ingest_file(con, bestand).status == "geladen"
    finally:
        con.close()
    snap = laad(pad)
    assert snap.gemeenten == (("GM0363", "Proefstad", feature["geometry"]),)


@requires_geo
def test_de_ingelezen_echte_grenzen_gaan_voor(web_db: Path) -> None:
    """web_db has the real gemeenten.geojson loaded: drawn as loaded, not simplified."""
    bron = json.loads((GEO / "gemeenten.geojson").read_text(encoding="utf-8-sig"))["features"]
    verwacht = {f["properties"]["gemeenteCode"]: f["geometry"] for f in bron}
    snap = laad(web_db)
    assert len(snap.gemeenten) == GEMEENTEN_2023
    assert {code: geo for code, _, geo in snap.gemeenten} == verwacht
    assert snap.gemeenten != grenzen.gemeenten()


# ---------------------------------------------------------------- the regioportret


def _kaartpagina(
    snap: Snapshot, code: str, uit: Path, png: Path | None = None
) -> tuple[str, int, float]:
    """The regioportret's HTML, the number of its PDF page with the map and that page's ink.

    Ink is the share of the page that is not white; ``png`` keeps the rendered page.
    """
    rapport = regioportret.maak(snap, snap.regio(code), datum=DATUM, waarschuwing=None)
    html_pad, pdf_pad = opmaak.schrijf(rapport, uit, f"regioportret-{code}")
    titel = f"Vestigingen van {snap.regio(code).naam} naar aantal"
    paginas = [" ".join(t.split()) for t in pdf_tekst(pdf_pad)]
    nummer = next(i for i, t in enumerate(paginas) if titel in t and "Inhoud" not in t)
    document = pdfium.PdfDocument(pdf_pad)
    try:
        beeld = document[nummer].render(scale=1.5).to_pil()
    finally:
        document.close()
    if png is not None:
        beeld.save(png)
    grijs = beeld.convert("L")
    return html_pad.read_text(), nummer, sum(grijs.histogram()[:250]) / (grijs.width * grijs.height)


def test_regioportret_zonder_ingelezen_grenzen_heeft_een_kaart(
    snap_zonder: Snapshot, tmp_path: Path
) -> None:
    code = _grootste_regio(snap_zonder)
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    png = ARTEFACTEN / f"regioportret-{code}-kaart-ingebouwde-grenzen.png"
    html, nummer, inkt = _kaartpagina(snap_zonder, code, tmp_path / "nu", png)
    # as before the shipped boundaries: no boundaries at all, only the vestigingen
    voorheen = dataclasses.replace(snap_zonder, gemeenten=())
    html_voorheen, nummer_voorheen, inkt_voorheen = _kaartpagina(
        voorheen, code, tmp_path / "voorheen"
    )
    assert len(_vlakken(_svg(html, "kaart-regio"))) >= 5
    assert not _vlakken(_svg(html_voorheen, "kaart-regio"))
    assert "sto ingest" not in html
    assert nummer == nummer_voorheen
    assert inkt > 1.5 * inkt_voorheen and inkt - inkt_voorheen > 0.05, (inkt, inkt_voorheen)
