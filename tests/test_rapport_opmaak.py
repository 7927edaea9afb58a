"""A regioportret reads like a statistics publication: what a reader sees on every PDF page.

One regioportret is rendered to PDF from the generated warehouse (``web_db``), for the region
whose map is the tallest (the case that used to push the map off its caption's page), and read
back per page with pdfium: the cover, no near-empty page, every figure on the page of its
caption, figure numbers in order, the synthetic-data sentence on every page when the data are
synthetic, and no command, path or code identifier anywhere. The national chapter has the same
checks in ``test_rapport_landelijk.py`` (on the chapter that module renders once).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL.Image import Image

from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.publicatie.regio import CATEGORIEEN, categorie
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.publicatie.tekst import datum, schooljaar
from sto_monitor.reports import kaarten, opmaak, regioportret
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Tabel
from tests.indicator_fixtures import tiny_warehouse

DATUM = dt.date(2026, 11, 23)
ONDERSCHRIFT = re.compile(r"^((?:Figuur|Kaart) \d+(?:\.\d+)?)\. ", re.M)
COMMANDO = re.compile(r"\bsto [a-z]")
PAD = re.compile(r"(?:\bdocs/|\.\./|/tmp/|\\)")
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # a column or table name
VOETTEKST = re.compile(r"pagina \d+ van \d+")


# ---------------------------------------------------------------- reading a PDF


def paginas(pad: Path) -> list[str]:
    document = pdfium.PdfDocument(pad)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def romp(tekst: str) -> str:
    """A page's text without its running footer (title, synthetic sentence, page number)."""
    regels = [r for r in tekst.splitlines() if not VOETTEKST.search(r)]
    regels = [r for r in regels if r.strip() and r.strip() != SYNTHETISCH]
    return "\n".join(
        regels[:-1] if regels and regels[-1].startswith(("Regioportret", "Monitor")) else regels
    )


def inkt(beeld: Image) -> float:
    """The share of pixels that are not white."""
    grijs = beeld.convert("L")
    return float(sum(grijs.histogram()[:235]) / (grijs.width * grijs.height))


def figuren_op_paginas(pad: Path) -> list[tuple[int, str, float]]:
    """Every caption (Figuur/Kaart n) with its page and the ink just below it.

    The ink is measured in the 150 points under the caption, above the footer: the figure
    itself when it is on the caption's page, white when a caption stands alone at the foot of
    a page. A chart drawn there has at least 1 % ink (axes, grid, marks).
    """
    uit = []
    document = pdfium.PdfDocument(pad)
    try:
        for i in range(len(document)):
            pagina = document[i]
            tekstpagina = pagina.get_textpage()
            tekst = tekstpagina.get_text_range()
            _, hoogte = pagina.get_size()
            beeld = None
            for m in ONDERSCHRIFT.finditer(tekst):
                if "in cijfers" in tekst[m.end() : m.end() + 40].split("\n")[0]:
                    continue
                zoeker = tekstpagina.search(m.group(0).strip())
                gevonden = zoeker.get_next()
                assert gevonden is not None, m.group(0)
                _, _, _, boven = tekstpagina.get_charbox(gevonden[0])
                beeld = beeld or pagina.render(scale=1).to_pil()
                y0 = int(hoogte - boven) + 25  # below the caption's (up to two) lines
                onderrand = beeld.height - 62  # the bottom margin (2.2 cm) holds the footer
                band = beeld.crop(
                    (0, min(y0, onderrand - 1), beeld.width, min(onderrand, y0 + 150))
                )
                uit.append((i, m.group(1), inkt(band)))
    finally:
        document.close()
    return uit


def nummers(onderschriften: Sequence[str]) -> list[tuple[int, ...]]:
    return [tuple(int(d) for d in re.findall(r"\d+", n)) for n in onderschriften]


def zonder_bronnenlijst(tekst: str) -> str:
    """The text before the list of source files (file names are provenance, kept as named)."""
    return tekst.split("Gelezen bronbestanden")[0]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def web_snapshot(web_db: Path) -> Snapshot:
    return laad(web_db, indicatoren=regioportret.INDICATOREN)


def _hoogste_regio(snap: Snapshot) -> str:
    """The region whose vestigingen span the most north-south for their east-west extent."""

    def verhouding(code: str) -> float:
        punten = [(v.lat, v.lon) for v in snap.vestigingen if v.regio == code and v.lat and v.lon]
        if len(punten) < 2:
            return 0.0
        lats, lons = [p[0] for p in punten], [p[1] for p in punten]
        return (max(lats) - min(lats)) / max(max(lons) - min(lons), 0.01)

    return max(sorted(snap.regios), key=verhouding)


@pytest.fixture(scope="module")
def portret(
    web_snapshot: Snapshot, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Snapshot, str, str, Path]:
    snap = dataclasses.replace(web_snapshot, synthetisch=False)
    code = _hoogste_regio(snap)
    rapport = regioportret.maak(snap, snap.regio(code), datum=DATUM, waarschuwing=None)
    uit = tmp_path_factory.mktemp("portret")
    html_pad, pdf_pad = opmaak.schrijf(rapport, uit, f"regioportret-{code}")
    return snap, code, html_pad.read_text(), pdf_pad


# ---------------------------------------------------------------- the regioportret


def test_cover_names_region_period_date_definition_and_holds_the_contents(
    portret: tuple[Snapshot, str, str, Path],
) -> None:
    snap, code, _, pdf = portret
    voorblad = " ".join(paginas(pdf)[0].split())
    regio = snap.regio(code)
    assert f"Regioportret {regio.naam}" in voorblad
    eerste, laatste = min(snap.jaren), max(snap.jaren)
    assert f"{schooljaar(eerste)} tot en met {schooljaar(laatste)}" in voorblad
    assert f"STO-periode {regio.periode}" in voorblad  # the region's period, said apart
    assert f"periode {regio.periode}" not in voorblad.replace(f"STO-periode {regio.periode}", "")
    assert datum(DATUM) in voorblad
    assert "Definitie" in voorblad and "Sterk Techniekonderwijs" in voorblad
    # the table of contents is on the cover, not on a page of its own
    assert "Inhoud" in voorblad and "Verantwoording en bronnen" in voorblad
    assert SYNTHETISCH not in voorblad


def test_no_page_is_nearly_empty_and_figures_stay_with_their_captions(
    portret: tuple[Snapshot, str, str, Path],
) -> None:
    _, _, _, pdf = portret
    teksten = paginas(pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        for i, tekst in enumerate(teksten):
            body = romp(tekst)
            alleen = re.fullmatch(r"(?:Figuur|Kaart) [\d.]+\. [^\n]*\n?[^\n]*", body.strip())
            assert alleen is None, (i + 1, body)  # a caption alone on a page
            if len(body) < 150:  # little text: only a page with a drawn figure may be so
                assert inkt(document[i].render(scale=1).to_pil()) > 0.1, (i + 1, body)
    finally:
        document.close()
    onderschriften = figuren_op_paginas(pdf)
    assert [n for _, n, _ in onderschriften][:3] == ["Figuur 1", "Figuur 2", "Figuur 3"]
    for pagina, nummer, onder in onderschriften:
        assert onder > 0.01, f"{nummer} op pagina {pagina + 1}: geen figuur onder het onderschrift"
    getallen = nummers([n for _, n, _ in onderschriften])
    assert getallen == sorted(getallen)


def test_the_map_fills_its_figure(portret: tuple[Snapshot, str, str, Path]) -> None:
    snap, code, html, pdf = portret
    titel = f"Vestigingen van {snap.regio(code).naam}"
    teksten = [" ".join(t.split()) for t in paginas(pdf)]
    nummer = next(i for i, t in enumerate(teksten) if titel in t and "Inhoud" not in t)
    document = pdfium.PdfDocument(pdf)
    try:
        beeld = document[nummer].render(scale=1).to_pil()
    finally:
        document.close()
    assert inkt(beeld) > 0.2  # gemeenten and vestigingen drawn, not a lone dot
    svg = re.search(r'<svg [^>]*id="kaart-regio"[^>]*>', html)
    assert svg is not None
    breedte = int(re.search(r'width="(\d+)"', svg.group(0)).group(1))  # type: ignore[union-attr]
    hoogte = int(re.search(r'height="(\d+)"', svg.group(0)).group(1))  # type: ignore[union-attr]
    assert breedte <= kaarten.BREEDTE and hoogte <= kaarten.HOOGTE
    assert max(breedte / kaarten.BREEDTE, hoogte / kaarten.HOOGTE) > 0.99  # fills the box
    # the legend lists only what the map shows, under it
    legenda = re.search(r'<ul class="legenda".*?</ul>', html, re.S)
    assert legenda is not None and "gemeente met een vestiging van de regio" in legenda.group(0)
    getekend = {categorie(v)[1] for v in snap.vestigingen if v.regio == code and v.lat}
    for _, label in CATEGORIEEN:
        assert (label in legenda.group(0)) == (label in getekend), label


def test_no_command_path_or_identifier_and_sources_named_in_full(
    portret: tuple[Snapshot, str, str, Path],
) -> None:
    _, _, _, pdf = portret
    tekst = " ".join(" ".join(paginas(pdf)).split())
    leesbaar = zonder_bronnenlijst(tekst)
    assert not COMMANDO.findall(leesbaar)
    assert not PAD.findall(leesbaar)
    assert not IDENTIFIER.findall(leesbaar), IDENTIFIER.findall(leesbaar)
    assert "landelijke monitor" not in tekst
    # every cited table of the monitor report names the publication
    for m in re.finditer(r"(?:Tabel|Figuur) 4\.\d+", leesbaar):
        volgend = leesbaar[m.start() : m.start() + 200].replace("\ufffe", "-")
        assert MONITORRAPPORT.split(" (")[0] in volgend, volgend


def test_every_svg_is_an_image_with_a_text_alternative(
    portret: tuple[Snapshot, str, str, Path],
) -> None:
    _, _, html, _ = portret
    koppen = re.findall(r"<svg\b[^>]*>", html)
    assert len(koppen) >= 3
    for kop in koppen:
        assert 'role="img"' in kop, kop
        assert "aria-label=" in kop or "aria-labelledby=" in kop, kop
    for beeld in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\balt="[^"]+"', beeld), beeld


def test_column_headers_are_the_vocabulary_and_school_years_written_out(
    web_snapshot: Snapshot,
) -> None:
    snap = web_snapshot
    code = _hoogste_regio(snap)
    rapport = regioportret.maak(snap, snap.regio(code), datum=DATUM, waarschuwing=None)
    tabellen: list[Tabel] = []
    for s in rapport.secties:
        for o in s.onderdelen:
            tabel = o if isinstance(o, Tabel) else o.tabel
            if tabel is not None:
                tabellen.append(tabel)
    koppen = {k for t in tabellen for _, k in t.kolommen}
    for kop in koppen:
        assert "_" not in kop and not re.fullmatch(r"\d{4}", kop), kop
    for indicator, kolom in (
        ("bereikbaarheid", "aandeel_binnen_10km"),
        ("kwetsbare_groepen", "in_kwetsbare_groepen"),
        ("groeiclusters", "verandering_techniek_pct"),
        ("techniekaandeel", "techniekaandeel"),
    ):
        label = woord(BY_NAME[indicator], kolom).label.lower()
        assert any(label in k.lower() for k in koppen), (indicator, kolom)
    assert schooljaar(snap.laatste_jaar) in koppen


# ---------------------------------------------------------------- small warehouse


@pytest.fixture(scope="module")
def tiny_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    pad = tmp_path_factory.mktemp("tiny-opmaak") / "tiny.duckdb"
    tiny_warehouse(pad).close()
    return laad(pad)


@pytest.mark.parametrize("synthetisch", [True, False])
def test_synthetic_data_say_so_on_the_cover_and_every_page(
    tiny_snapshot: Snapshot, tmp_path: Path, synthetisch: bool
) -> None:
    snap = dataclasses.replace(tiny_snapshot, synthetisch=synthetisch)
    rapport = regioportret.maak(snap, snap.regio("R1"), datum=DATUM, waarschuwing=None)
    (pdf,) = opmaak.schrijf(rapport, tmp_path, "r1", formaten=("pdf",))
    teksten = paginas(pdf)
    assert len(teksten) >= 3
    for tekst in teksten:
        assert (SYNTHETISCH in tekst) is synthetisch


def test_survey_and_scenarios_without_data_are_left_out(
    tiny_snapshot: Snapshot, tmp_path: Path
) -> None:
    snap = tiny_snapshot
    assert snap.enquete is None and not snap.scenarios
    rapport = regioportret.maak(snap, snap.regio("R1"), datum=DATUM, waarschuwing=None)
    assert {s.id for s in rapport.secties}.isdisjoint({"enquete", "scenarios"})
    tekst = opmaak.html(rapport)
    assert "Enquête" not in tekst and "Scenario" not in tekst


def test_no_empty_map_when_nothing_has_a_location(tiny_snapshot: Snapshot) -> None:
    snap = tiny_snapshot
    assert not any(v.lat is not None for v in snap.vestigingen)
    rapport = regioportret.maak(snap, snap.regio("R1"), datum=DATUM, waarschuwing=None)
    (sectie,) = [s for s in rapport.secties if s.id == "vestigingen"]
    assert [type(o).__name__ for o in sectie.onderdelen] == ["Tabel"]
    assert 'id="kaart-regio"' not in opmaak.html(rapport)


# ---------------------------------------------------------------- pieces


def test_period_of_the_data_in_school_years() -> None:
    assert opmaak.periode([2019, 2020, 2021, 2022, 2023, 2024]) == (
        "schooljaar 2019/2020 tot en met 2024/2025"
    )
    assert opmaak.periode([2016, 2019]) == "schooljaren 2016/2017 en 2019/2020"
    assert opmaak.periode([2024]) == "schooljaar 2024/2025"
    assert opmaak.periode([]) == "geen gegevens geladen"


def test_dutch_numbers_are_number_columns() -> None:
    tabel = Tabel("t", (("a", "A"), ("b", "B")), [{"a": "15,3", "b": "Assen"}, {"a": "1.204,0"}])
    assert tabel.getalkolommen() == frozenset({"a"})


def test_clipping_and_sizing_a_map() -> None:
    vierkant = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    deel = kaarten.knip(vierkant, (1.0, 1.0, 3.0, 3.0))
    assert deel is not None
    (ring,) = deel["coordinates"][0]
    assert sorted(map(tuple, ring)) == [(1.0, 1.0), (1.0, 2.0), (2.0, 1.0), (2.0, 2.0)]
    assert kaarten.knip(vierkant, (5.0, 5.0, 6.0, 6.0)) is None
    svg = '<svg viewBox="0 0 640 1200" width="640" height="1200"><g/></svg>'
    assert 'width="320" height="600"' in kaarten.op_maat(svg)
    lon0, lat0, lon1, lat1 = kaarten.kader((6.5, 52.5, 6.6, 53.3))  # a tall, narrow region
    assert lat1 - lat0 > 0.8 and lon1 - lon0 > 0.1
