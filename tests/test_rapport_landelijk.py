"""`sto rapport landelijk`: chapter 4 of the monitor, regenerated from a real warehouse.

On the generated two-year warehouse of the web tests (``web_db``) the chapter is written as
HTML and PDF; the PDF text must hold every required table and figure with the report's number
and title, and published cells in Dutch notation. Every number in every table must be a cell
of a published indicator table (disclosure control happens once, in ``publicatie``). On the
real DUO files (2016 and 2019) Tabel 4.1 must show the real national totals, and the parts
whose sources are not loaded must say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from sto_monitor import db
from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.registry import FORMATS
from sto_monitor.publicatie.gegevens import Snapshot, getal, laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports import landelijk, landelijk_regio, opmaak
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Figuur, Rapport, Sectie, Tabel
from tests.conftest import REAL
from tests.test_rapport_opmaak import (
    COMMANDO,
    IDENTIFIER,
    PAD,
    figuren_op_paginas,
    inkt,
    paginas,
    romp,
    zonder_bronnenlijst,
)

SEED = REAL.parents[1] / "seeds" / "003_811b228deace4c16.txt"
DATUM = dt.date(2026, 11, 23)
# Every required table and figure, in the order of their numbers. (The report itself prints
# Figuur 4.11 before 4.10; the chapter puts them in numerical order.)
NUMMERS: tuple[str, ...] = (
    "Tabel 4.1",
    "Figuur 4.3",
    "Figuur 4.4",
    "Figuur 4.5",
    "Tabel 4.3",
    "Tabel 4.4",
    "Tabel 4.5",
    "Figuur 4.6",
    "Tabel 4.6",
    "Figuur 4.7",
    "Figuur 4.8",
    "Tabel 4.7",
    "Tabel 4.8",
    "Tabel 4.9",
    "Tabel 4.10",
    "Figuur 4.10",
    "Figuur 4.11",
)
# The titles with J1 = the report's school year and J0 = the previous one (from the report).
TITELS: dict[str, str] = {
    "Tabel 4.1": "Aantal derdejaarsleerlingen per profiel: schooljaar J1 en verandering t.o.v. "
    "schooljaar J0",
    "Figuur 4.3": "Aandeel leerlingen in technisch profiel per STO-regio, schooljaar J1",
    "Figuur 4.4": "Aantal leerlingen in technische profielen per STO-regio, schooljaar J1",
    "Figuur 4.5": "Procentuele verandering in aantal leerlingen in technische versus "
    "niet-technische profielen per STO-regio, schooljaar J1 ten opzichte van J0",
    "Tabel 4.3": "Indicatoren van groei en daling clusters voor de STO-regio's (leerlingen in "
    "de bl en kl tezamen)",
    "Tabel 4.4": "Aandeel gemiddeld aantal derdejaarsleerlingen naar groepsgrootte, leerweg en "
    "profiel, schooljaar J1",
    "Tabel 4.5": "Aantal STO-regio's dat profiel aanbiedt: met een of meer vestigingen en met "
    "gemiddeld minder dan 11 leerlingen per leerweg, schooljaar J1",
    "Figuur 4.6": "Procentuele verandering in het gemiddeld aantal bl- en kl-leerlingen per "
    "STO-regio en profiel, schooljaar J1 ten opzichte van J0",
    "Tabel 4.6": "Aantal vestigingen per profiel en aandeel vestigingen per leerweg en profiel, "
    "J0 - J1",
    "Figuur 4.7": "Aandeel STO-regio's dat profiel binnen leerweg aanbiedt, schooljaar J1",
    "Figuur 4.8": "Aandeel technische profielen aangeboden in STO-regio's, per leerweg, "
    "schooljaar J1",
    "Tabel 4.7": "Aandeel derdejaarsleerlingen binnen 10 km van thuisadres, per leerweg en "
    "profiel, schooljaar J1",
    "Tabel 4.8": "Keuzevakken: Aantal examens in keuzevakken aangeboden door techniekprofielen, "
    "naar aanbiedend profiel",
    "Tabel 4.9": "Keuzevakken: Aantal examens in keuzevakken afgelegd door leerlingen in "
    "techniekprofielen, naar profiel van inschrijving",
    "Tabel 4.10": "Verdeling van examens in keuzevakken per profiel (%), schooljaar J1",
    "Figuur 4.11": "Vervolg na leerjaar 4, schooljaar J1",
    "Figuur 4.10": "Vmbo-leerlingen met een technisch profiel in het mbo naar "
    "sectorkamerindeling, schooljaar J1",
}


# ---------------------------------------------------------------- helpers


def pdf_tekst(pad: Path) -> str:
    """All text of a PDF, whitespace collapsed, a hyphen at a line end put back."""
    document = pdfium.PdfDocument(str(pad))
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    tekst = re.sub(r"\ufffe\s*", "-", " ".join(pages))
    return re.sub(r"\s+", " ", tekst)


def compact(tekst: str) -> str:
    """Without any whitespace, so that a number wrapped over two lines still matches."""
    return re.sub(r"\s+", "", tekst)


def render_pagina(pad: Path, tekst: str, uit: Path) -> Path:
    """The first page holding ``tekst``, as a PNG (a test artefact to look at)."""
    document = pdfium.PdfDocument(str(pad))
    try:
        for i in range(len(document)):
            if tekst in document[i].get_textpage().get_text_range():
                document[i].render(scale=1.3).to_pil().save(uit)
                return uit
    finally:
        document.close()
    raise AssertionError(f"{tekst!r} staat op geen enkele pagina")


def secties(rapport: Rapport) -> Iterator[Sectie]:
    def walk(lijst: Sequence[Sectie]) -> Iterator[Sectie]:
        for s in lijst:
            yield s
            yield from walk(s.subsecties)

    return walk(rapport.secties)


def onderdelen(rapport: Rapport) -> list[Tabel | Figuur]:
    """The report's tables and figures (not the map, which is not in the monitor report)."""
    return [o for s in secties(rapport) for o in s.onderdelen if o.nummer != landelijk_regio.KAART]


def titel(nummer: str, jaar: int, vorig: int, eerste: int) -> str:
    tekst = TITELS[nummer].replace("J1", schooljaar(jaar)).replace("J0", schooljaar(vorig))
    if nummer == "Tabel 4.6":
        tekst = tekst.replace(schooljaar(vorig), schooljaar(eerste))
    return f"{nummer}. {tekst}"


def gepubliceerd(snap: Snapshot) -> set[str]:
    """Every cell of every published indicator table, as text."""
    cellen: set[str] = set()
    for g in snap.indicatoren.values():
        if g.tabel is not None:
            for kolom in g.tabel.columns:
                cellen.update(str(v) for v in kolom.to_pylist() if v is not None)
    return cellen


@pytest.fixture(scope="module")
def web_rapport(
    web_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Snapshot, Rapport, Path, Path]:
    snap = laad(web_db)
    rapport = landelijk.maak(snap, datum=DATUM, schooljaar=None, waarschuwing="demo-indeling")
    uit = tmp_path_factory.mktemp("landelijk")
    html_pad, pdf_pad = opmaak.schrijf(rapport, uit, "hoofdstuk-4", formaten=("html", "pdf"))
    return snap, rapport, html_pad, pdf_pad


# ---------------------------------------------------------------- generated warehouse


def test_every_table_and_figure_numbered_and_titled_as_in_the_report(
    web_rapport: tuple[Snapshot, Rapport, Path, Path],
) -> None:
    snap, rapport, html_pad, pdf_pad = web_rapport
    assert rapport.soort == "landelijk"
    assert (rapport.schooljaar, snap.jaren) == (2024, (2023, 2024))
    assert rapport.metadata == {"schooljaar": "2024"}
    nummers = [o.nummer for o in onderdelen(rapport)]
    assert nummers == list(NUMMERS)  # all there, once each, in the order of their numbers
    (kaart,) = [o for s in secties(rapport) for o in s.onderdelen if o.nummer == "Kaart 4.1"]
    assert isinstance(kaart, Figuur) and kaart.svg is not None and kaart.legenda
    for o in onderdelen(rapport):
        if isinstance(o, Figuur):
            assert o.spec is not None and o.tabel is not None and o.tabel.rijen, o.nummer
        else:
            assert o.rijen, o.nummer
    tekst = pdf_tekst(pdf_pad)
    for nummer in NUMMERS:
        assert titel(nummer, 2024, 2023, 2023) in tekst, nummer
    # Sections in the report's order, with the report's headings.
    koppen = [s.titel for s in rapport.secties]
    assert koppen[1:] == [
        "4.1 Ontwikkelingen in leerlingenaantallen",
        "4.2 Technische leerlingen naar profiel, regio's en vestiging",
        "4.3 Dekking en bereikbaarheid van het aanbod",
        "4.4 Keuzevakken",
        "4.5 Voorbereiding op en doorstroom naar een vervolgopleiding",
    ]
    # Every DUO-derived source is loaded here; no survey is (so no survey section).
    ontbreekt = [s.titel for s in secties(rapport) if s.ontbreekt]
    assert ontbreekt == []
    # Self-contained HTML: nothing loaded from anywhere, no script.
    html = html_pad.read_text(encoding="utf-8")
    assert "<script" not in html and 'src="http' not in html
    figuren = sum(n.startswith("Figuur") for n in NUMMERS)
    assert html.count("<svg") == figuren + 1  # all drawn, and the map
    # The kind of each file in words (its format's title), not the format's code.
    soorten = {f.name: f.title for f in FORMATS}
    assert rapport.bronnen and {b.formaat for b in rapport.bronnen} >= {
        soorten["duo-leerlingen-2020"],
        soorten["sto-doorstroom"],
    }


def test_the_chapter_reads_like_a_publication(
    web_rapport: tuple[Snapshot, Rapport, Path, Path],
) -> None:
    """Cover with contents, figures in numerical order on their captions' pages, a map, no
    near-empty page, no developer text, a text alternative for every picture."""
    snap, rapport, html_pad, pdf_pad = web_rapport
    teksten = paginas(pdf_pad)
    voorblad = " ".join(teksten[0].split())
    assert f"{schooljaar(min(snap.jaren))} tot en met {schooljaar(max(snap.jaren))}" in voorblad
    assert "23 november 2026" in voorblad and "Inhoud" in voorblad
    assert MONITORRAPPORT in voorblad  # the publication it follows, named in full
    for tekst in teksten:  # generated data: every page says so
        assert (SYNTHETISCH in tekst) is snap.synthetisch

    onderschriften = figuren_op_paginas(pdf_pad)
    figuren = [n for _, n, _ in onderschriften if n.startswith("Figuur")]
    assert figuren == [n for n in NUMMERS if n.startswith("Figuur")]  # 4.10 before 4.11
    assert [n for _, n, _ in onderschriften].index("Kaart 4.1") == 1  # after Figuur 4.3
    for pagina, nummer, onder in onderschriften:
        assert onder > 0.01, f"{nummer} op pagina {pagina + 1}: geen figuur onder het onderschrift"
    document = pdfium.PdfDocument(pdf_pad)
    try:
        for i, tekst in enumerate(teksten):
            if len(romp(tekst)) < 150:
                assert inkt(document[i].render(scale=1).to_pil()) > 0.1, (i + 1, tekst)
    finally:
        document.close()

    tekst = " ".join(" ".join(teksten).split())
    leesbaar = zonder_bronnenlijst(tekst)
    assert not COMMANDO.findall(leesbaar) and not PAD.findall(leesbaar)
    assert not IDENTIFIER.findall(leesbaar), IDENTIFIER.findall(leesbaar)

    html = html_pad.read_text(encoding="utf-8")
    for kop in re.findall(r"<svg\b[^>]*>", html):
        assert 'role="img"' in kop and ("aria-label=" in kop or "aria-labelledby=" in kop), kop
    assert 'id="kaart-nederland"' in html

    # Figuur 4.3 and 4.4: a lying bar per region, labelled with the region's name.
    for nummer in ("Figuur 4.3", "Figuur 4.4"):
        figuur = next(o for o in onderdelen(rapport) if o.nummer == nummer)
        assert isinstance(figuur, Figuur) and figuur.spec is not None
        laag = figuur.spec["layer"][0]
        assert laag["encoding"]["y"]["field"] == "regio"
        labels = {r["regio"] for r in laag["data"]["values"]}
        assert labels <= {r.naam for r in snap.regios.values()} | {
            f"{r.naam} ({c})" for c, r in snap.regios.items()
        }


def test_published_cells_in_dutch_notation_in_the_pdf(
    web_rapport: tuple[Snapshot, Rapport, Path, Path], tmp_path: Path
) -> None:
    snap, _, _, pdf_pad = web_rapport
    tekst = pdf_tekst(pdf_pad)
    platte = compact(tekst)
    rijen = {
        (r["profiel"], r["leerweg"]): r
        for r in snap.beschikbare_rijen("leerlingen_per_profiel", schooljaar=2024)
    }
    for sleutel in (("techniek", "totaal"), ("totaal", "totaal")):
        assert compact(weergave(rijen[sleutel]["aantal"])) in platte, sleutel
    # A region's techniekaandeel (Figuur 4.3) and a cluster count (Tabel 4.3).
    aandeel = snap.beschikbare_rijen("techniekaandeel_per_regio", schooljaar=2024)[0]
    assert weergave(aandeel["techniekaandeel"]) in tekst
    samenvatting = snap.beschikbare_rijen("groeiclusters_samenvatting", schooljaar=2024)
    assert samenvatting
    # The definition text of the registry and sentences from the summary rows.
    assert BY_NAME["groepsgrootte"].definitie[:80] in tekst
    per_regio = snap.beschikbare_rijen("techniekaandeel_per_regio_samenvatting", schooljaar=2024)
    gemiddeld = weergave(float(per_regio[0]["gemiddeld_techniekaandeel"]))
    assert f"gemiddeld {gemiddeld} procent" in tekst
    assert f"{per_regio[0]['regios_boven_gemiddelde']} regio's liggen boven" in tekst
    # A <5 cell of Figuur 4.4's table is printed as <5 on the pages of that table.
    klein = [
        r
        for r in snap.beschikbare_rijen("techniekleerlingen_per_regio", schooljaar=2024)
        if r["aantal"] == "<5"
    ]
    if klein:
        start = tekst.index("Figuur 4.4 in cijfers")
        einde = tekst.index("4.1.4 Ontwikkelingen", start)
        assert tekst[start:einde].count("<5") == len(klein)
    # One page with a scatter, as an image beside the test output.
    png = render_pagina(pdf_pad, "Figuur 4.5.", tmp_path / "figuur-4-5.png")
    from PIL import Image

    with Image.open(png) as beeld:
        kleuren = beeld.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(kleuren) > 50  # drawn, not a blank page


def test_only_published_cells_in_the_tables(
    web_rapport: tuple[Snapshot, Rapport, Path, Path],
) -> None:
    snap, rapport, _, _ = web_rapport
    cellen = gepubliceerd(snap)
    tabellen = [o.tabel if isinstance(o, Figuur) else o for o in onderdelen(rapport)]
    gecontroleerd = 0
    for tabel in tabellen:
        assert tabel is not None
        for rij in tabel.rijen:
            for sleutel, _kop in tabel.kolommen:
                waarde = rij.get(sleutel)
                if waarde is None or isinstance(waarde, bool):
                    continue
                if getal(waarde) is not None or waarde in ("<5", "x"):
                    assert str(waarde) in cellen, (tabel.titel, sleutel, waarde)
                    gecontroleerd += 1
    assert gecontroleerd > 1000
    # Protection follows the source: x stands only in the parts on confidential deliveries
    # (woonpostcodes, keuzevakken, doorstroom); the parts on DUO's files show DUO's own <5 and
    # intervals, and never x. <5 never stands on a count of a confidential delivery.
    vertrouwelijk = {"Tabel 4.8", "Tabel 4.9", "Tabel 4.10", "Figuur 4.11", "Figuur 4.10"}
    met_x: set[str] = set()
    met_klein: set[str] = set()
    for o in onderdelen(rapport):
        tabel = o.tabel if isinstance(o, Figuur) else o
        assert tabel is not None and o.nummer is not None
        waarden = [v for rij in tabel.rijen for v in rij.values()]
        if "x" in waarden:
            met_x.add(o.nummer)
        if "<5" in waarden:
            met_klein.add(o.nummer)
    assert met_x and met_x <= vertrouwelijk | {"Tabel 4.7"}
    assert met_klein and not met_klein & vertrouwelijk
    # ... and the introduction explains the notation that way.
    inleiding = " ".join(next(s for s in secties(rapport) if s.id == "inleiding").tekst)
    assert "<5 betekent een aantal van 1 tot en met 4 dat DUO zelf maskeerde" in inleiding
    assert "x is afgeschermd: het cijfer rust op een vertrouwelijke bron" in inleiding
    assert "noemer onder 10" not in inleiding


def test_first_loaded_year_says_what_needs_a_previous_year(web_db: Path) -> None:
    snap = laad(web_db)
    rapport = landelijk.maak(snap, datum=DATUM, schooljaar=2023, waarschuwing=None)
    ontbrekend = {
        s.titel: s.ontbreekt or ""
        for s in secties(rapport)
        if s.ontbreekt and s.id != "enquete"  # no survey loaded here: tested elsewhere
    }
    nummers = sorted(t.partition(". ")[0] for t in ontbrekend)
    assert nummers == ["Figuur 4.5", "Figuur 4.6", "Tabel 4.3"]
    assert all("geen eerder schooljaar geladen" in r for r in ontbrekend.values())
    tabel_4_1 = next(o for o in onderdelen(rapport) if o.nummer == "Tabel 4.1")
    assert tabel_4_1.titel == "Aantal derdejaarsleerlingen per profiel: schooljaar 2023/2024"


def test_same_data_same_html(web_db: Path) -> None:
    een, twee = (
        opmaak.html(landelijk.maak(laad(web_db), datum=DATUM, schooljaar=2024, waarschuwing=None))
        for _ in range(2)
    )
    assert een == twee


def test_unknown_schooljaar_is_not_found(web_db: Path) -> None:
    snap = laad(web_db)
    with pytest.raises(NotFoundError, match=r"schooljaar 2031 is niet geladen.*2023.*2024"):
        landelijk.maak(snap, datum=DATUM, schooljaar=2031, waarschuwing=None)


@pytest.mark.skipif(not SEED.is_file(), reason=f"rapporttekst niet gevonden: {SEED}")
def test_title_templates_are_the_reports_titles() -> None:
    """Filled in with the report's own years, every title stands in the report's text."""
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("\u2019", "'"))
    seed = seed.replace("bl en ki tezamen", "bl en kl tezamen")  # OCR
    seed = seed.replace("techniek- profielen", "techniekprofielen")  # hyphenation
    jaren = re.compile(r"\d{4}/\d{4}")
    seed = jaren.sub("J", seed)
    for nummer in NUMMERS:
        verwacht = jaren.sub("J", titel(nummer, 2021, 2020, 2018))
        if nummer == "Figuur 4.8":  # the text of the report breaks off after "schooljaar"
            verwacht = verwacht.removesuffix(" J")
        assert verwacht in seed, nummer


# ---------------------------------------------------------------- real DUO files


def test_real_files_2019(echt_db: Path, tmp_path: Path) -> None:
    """The real DUO files as ``sto demo --echt`` loads them (tests/echte_fixtures.py)."""
    con = db.connect(echt_db, read_only=True)
    try:
        berekend = compute(BY_NAME["leerlingen_per_profiel"], con)
    finally:
        con.close()
    aantallen = {
        r["profiel"]: r["aantal"]
        for r in berekend.to_pylist()
        if r["schooljaar"] == 2019 and r["leerweg"] == "totaal"
    }
    assert (aantallen["techniek"], aantallen["totaal"]) == (11509, 61508)

    snap = laad(echt_db)
    rapport = landelijk.maak(snap, datum=DATUM, schooljaar=2019, waarschuwing=None)
    tabel_4_1 = next(o for o in onderdelen(rapport) if o.nummer == "Tabel 4.1")
    assert isinstance(tabel_4_1, Tabel)
    rijen = {r["profiel"]: r for r in tabel_4_1.rijen}
    assert (rijen["Techniek"]["totaal"], rijen["Totaal"]["totaal"]) == ("11509", "61508")
    assert tabel_4_1.titel.endswith(
        "schooljaar 2019/2020 en verandering t.o.v. schooljaar 2016/2017"
    )

    (pdf_pad,) = opmaak.schrijf(rapport, tmp_path, "hoofdstuk-4-2019", formaten=("pdf",))
    tekst = pdf_tekst(pdf_pad)
    assert "11.509" in tekst and "61.508" in tekst
    assert "11.509 van hen volgden een technisch profiel" in tekst
    # Keuzevakken and doorstroom have no source here: each part keeps its number and title and
    # says so. Bereikbaarheid has one (PC4 centroids and CBS residents 15-25): a table.
    # ... whose title says what it measures here: residents aged 15-25, not derdejaars
    assert "Tabel 4.7. Aandeel inwoners van 15 tot 25 jaar binnen 10 km" in tekst
    assert "Aandeel derdejaarsleerlingen binnen 10 km van thuisadres" not in tekst
    assert "Niet beschikbaar" not in tekst.split("Tabel 4.7.")[1][:300]
    assert "gemeten: inwoners van 15 tot 25 jaar" in tekst  # the note, in words
    for nummer in (
        "Tabel 4.8",
        "Tabel 4.9",
        "Tabel 4.10",
        "Figuur 4.11",
        "Figuur 4.10",
    ):
        kop = titel(nummer, 2019, 2016, 2016)
        assert f"{kop} Niet beschikbaar. De bron van deze cijfers is nog niet ingelezen" in tekst, (
            nummer
        )
    for nummer in NUMMERS:
        if nummer != "Tabel 4.7":  # titled by what it measures here (above)
            assert titel(nummer, 2019, 2016, 2016) in tekst, nummer


def test_cli_writes_the_chapter_and_refuses_a_year_not_loaded(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sto_monitor.cli import cli
    from tests.indicator_fixtures import tiny_warehouse

    database = tmp_path / "tiny.duckdb"
    tiny_warehouse(database).close()
    runner = CliRunner()
    uit = tmp_path / "uit"
    basis = ["rapport", "landelijk", "--uit", str(uit), "--db", str(database), "--quiet"]
    result = runner.invoke(cli, [*basis, "--formaat", "html", "--datum", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in uit.iterdir()] == ["monitor-hoofdstuk-4-2021.html"]
    html = (uit / "monitor-hoofdstuk-4-2021.html").read_text()
    assert "Tabel 4.1." in html and "23 november 2026" in html

    result = runner.invoke(cli, [*basis, "--schooljaar", "2031"])
    assert result.exit_code != 0
    assert "schooljaar 2031 is niet geladen" in str(result.exception)
    assert [p.name for p in uit.iterdir()] == ["monitor-hoofdstuk-4-2021.html"]
