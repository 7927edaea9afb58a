"""Regioportretten: HTML and PDF from real warehouses, read back as a reader would.

The PDF is read with pdfium (text per page) and one page is rendered to PNG into
``build/artefacten/`` so a person can look at it. Figures are compared with the published
indicator tables, which the web tests compare with the API.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from sto_monitor.cli import cli
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, getal, laad
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports import opmaak, regioportret
from tests.conftest import REPO
from tests.indicator_fixtures import tiny_warehouse

DATUM = dt.date(2026, 11, 23)
SNAPSHOTS = Path(__file__).parent / "snapshots"
ARTEFACTEN = REPO / "build" / "artefacten"


def pdf_tekst(pad: Path) -> list[str]:
    document = pdfium.PdfDocument(pad)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _schrijf(snap: Snapshot, code: str, uit: Path) -> tuple[str, list[str]]:
    rapport = regioportret.maak(snap, snap.regio(code), datum=DATUM, waarschuwing=None)
    paden = opmaak.schrijf(rapport, uit, f"regioportret-{code}")
    assert [p.name for p in paden] == [f"regioportret-{code}.html", f"regioportret-{code}.pdf"]
    return paden[0].read_text(), pdf_tekst(paden[1])


@pytest.fixture(scope="module")
def web_snapshot(web_db: Path) -> Snapshot:
    return laad(web_db)


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pad = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    tiny_warehouse(pad).close()
    return pad


def _grootste_regio(snap: Snapshot) -> str:
    rijen = snap.beschikbare_rijen("techniekaandeel", schooljaar=snap.laatste_jaar)
    rijen = [r for r in rijen if r["regio"] != LANDELIJK and getal(r["derdejaars"]) is not None]
    return str(max(rijen, key=lambda r: (getal(r["derdejaars"]), r["regio"]))["regio"])


def test_regioportret_pdf_has_pages_tables_and_the_published_figures(
    web_snapshot: Snapshot, tmp_path: Path
) -> None:
    snap = web_snapshot
    code = _grootste_regio(snap)
    regio = snap.regio(code)
    html, paginas = _schrijf(snap, code, tmp_path)
    tekst = "\n".join(paginas)

    # A4 with a cover holding the table of contents with page numbers, and numbered footers.
    assert len(paginas) >= 6
    document = pdfium.PdfDocument(tmp_path / f"regioportret-{code}.pdf")
    breedte, hoogte = document[0].get_size()
    assert (round(breedte), round(hoogte)) == (595, 842)  # A4 in points
    assert f"Regioportret {regio.naam}" in " ".join(paginas[0].split())  # a long name wraps
    assert "23 november 2026" in paginas[0]
    assert "Inhoud" in paginas[0]
    assert f"pagina 2 van {len(paginas)}" in paginas[1]
    for titel in (
        "Techniekaandeel",
        "Techniekleerlingen per profiel en leerweg",
        "Groei en krimp",
        "Vestigingen en hun aanbod",
        "Groepsgrootte en kwetsbare groepen",
        "Bereikbaarheid van het technische aanbod",
        "Verantwoording en bronnen",
    ):
        assert titel in paginas[0], titel  # in the table of contents ...
        assert tekst.count(titel) >= 2, titel  # ... and as a heading
    assert "Tabel 1." in tekst and "Figuur 1." in tekst

    # The figures are the published ones (the same cells the API returns), in Dutch notation.
    jaar = snap.laatste_jaar
    eigen = snap.beschikbare_rijen("techniekaandeel", schooljaar=jaar, regio=code)[0]
    assert (
        f"{regio.naam} {weergave(eigen['derdejaars'])} {weergave(eigen['techniekleerlingen'])}"
        f" {weergave(eigen['techniekaandeel'])}" in tekst.replace("\r\n", " ").replace("\n", " ")
    )
    for rij in snap.beschikbare_rijen("techniekleerlingen_per_regio", schooljaar=jaar, regio=code):
        assert weergave(rij["aantal"]) in tekst
    # Every vestiging of the region is listed with its code.
    for v in (v for v in snap.vestigingen if v.regio == code):
        assert v.code in tekst
    # The provenance lists the loaded DUO file by name, never a local path.
    assert "leerlingen" in tekst and str(REPO) not in html

    # Self-contained: nothing is loaded from elsewhere.
    assert "<script" not in html and 'src="http' not in html and "<link" not in html

    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    pagina = document[2].render(scale=1.5).to_pil()
    pagina.save(ARTEFACTEN / f"regioportret-{code}-pagina-3.png")
    # A page with a chart is not blank: a good share of its pixels are ink.
    grijs = pagina.convert("L")
    inkt = sum(grijs.histogram()[:200])
    assert inkt > 0.01 * grijs.width * grijs.height
    document.close()


def test_suppressed_cells_show_as_lt5_in_the_report(web_snapshot: Snapshot, tmp_path: Path) -> None:
    snap = web_snapshot
    jaar = snap.laatste_jaar
    met_klein = sorted(
        {
            r["regio"]
            for r in snap.beschikbare_rijen("kwetsbare_groepen", schooljaar=jaar)
            if r["derdejaars"] == "<5"
        }
    )
    assert met_klein, "generated data with DUO masking has <5 groups"
    code = met_klein[0]
    html, paginas = _schrijf(snap, code, tmp_path)
    assert '<span class="afgeschermd">&lt;5</span>' in html
    assert "<5" in "\n".join(paginas)
    # ... and the explanation of the notation is in the report: <5 is DUO's own masking of a
    # public count, x only ever stands for a number on a confidential source.
    tekst = " ".join(" ".join(paginas).split())
    assert "aantal van 1 tot en met 4, door DUO gemaskeerd" in tekst
    assert "afgeschermd: rust op een vertrouwelijke bron en is klein" in tekst
    assert "kleiner dan 10" not in tekst  # no denominator rule for public data


def test_region_without_gl_techniek_says_so_and_missing_sources_get_a_section(
    tiny_db: Path, tmp_path: Path
) -> None:
    snap = laad(tiny_db)
    _, paginas = _schrijf(snap, "R2", tmp_path)
    tekst = " ".join(" ".join(paginas).split())
    assert "geen enkele gl-derdejaars een technisch profiel" in tekst
    # R1 has gl techniek (MVI at A2): no such sentence.
    html_r1, _ = _schrijf(snap, "R1", tmp_path)
    assert "geen enkele gl-derdejaars" not in html_r1
    # No exam or doorstroom files in this warehouse: the sections say so, naming the source.
    assert tekst.count("Niet beschikbaar.") == 2  # examens, doorstroom
    assert "de examenuitslagen van DUO" in tekst
    assert "de doorstroom na leerjaar 4" in tekst
    # No survey held and no scenario stored: those sections are left out.
    assert "Enquête onder programmaleiders" not in tekst and "Scenario's" not in tekst


def test_same_data_gives_byte_identical_html_and_pdf(tiny_db: Path, tmp_path: Path) -> None:
    eerste = laad(tiny_db)
    tweede = laad(tiny_db)  # a second, independent publication of the same file
    a = opmaak.schrijf(
        regioportret.maak(eerste, eerste.regio("R1"), datum=DATUM, waarschuwing=None),
        tmp_path / "a",
        "r",
    )
    b = opmaak.schrijf(
        regioportret.maak(tweede, tweede.regio("R1"), datum=DATUM, waarschuwing=None),
        tmp_path / "b",
        "r",
    )
    assert a[0].read_bytes() == b[0].read_bytes()
    assert a[1].read_bytes() == b[1].read_bytes()


def test_regioportret_html_snapshot(tiny_db: Path) -> None:
    """The whole HTML of a small region against a reviewed file (STO_SNAPSHOTS=bijwerken).

    Charts drawn by vl-convert are left out of the comparison: their text placement depends on
    the fonts of the machine. The rest (sections, tables, cells, provenance) must match.
    """
    snap = laad(tiny_db)
    rapport = regioportret.maak(snap, snap.regio("R1"), datum=DATUM, waarschuwing="test")
    html = re.sub(
        r'<svg [^>]*class="marks".*?</svg>',
        "<svg><!-- grafiek --></svg>",
        opmaak.html(rapport),
        flags=re.S,
    )
    assert html.count("<!-- grafiek -->") == 2
    verwacht = SNAPSHOTS / "regioportret-R1.html"
    if os.environ.get("STO_SNAPSHOTS") == "bijwerken" or not verwacht.exists():
        verwacht.write_text(html)
    assert html == verwacht.read_text()


def test_rapportdatum_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23 00:00 UTC
    assert opmaak.rapportdatum() == DATUM
    assert opmaak.rapportdatum("2025-01-31") == dt.date(2025, 1, 31)


def test_cli_all_regions_in_parallel_and_bad_input(tiny_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    uit = tmp_path / "alle"
    result = runner.invoke(
        cli,
        [
            "rapport",
            "regio",
            "--alle",
            "--uit",
            str(uit),
            "--processen",
            "2",
            "--datum",
            "2026-11-23",
            "--db",
            str(tiny_db),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in uit.iterdir()) == [
        "regioportret-R1.html",
        "regioportret-R1.pdf",
        "regioportret-R2.html",
        "regioportret-R2.pdf",
    ]
    # The parallel run writes the same bytes as a single one.
    enkel = tmp_path / "enkel"
    result = runner.invoke(
        cli,
        [
            "rapport",
            "regio",
            "R2",
            "--uit",
            str(enkel),
            "--formaat",
            "html",
            "--datum",
            "2026-11-23",
            "--db",
            str(tiny_db),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in enkel.iterdir()] == ["regioportret-R2.html"]
    assert (enkel / "regioportret-R2.html").read_bytes() == (
        uit / "regioportret-R2.html"
    ).read_bytes()

    # Unknown region: a clear message, a non-zero exit, and no file written.
    leeg = tmp_path / "leeg"
    for args, fragment in (
        (["R1", "R9"], "onbekende regio 'R9'"),
        (["R1", "--alle"], "regiocodes of --alle"),
        (["--datum", "23-11-2026", "R1"], "ongeldige datum"),
    ):
        result = runner.invoke(
            cli, ["rapport", "regio", *args, "--uit", str(leeg), "--db", str(tiny_db)]
        )
        assert result.exit_code != 0
        assert fragment in str(result.exception) + result.output
    assert not leeg.exists() or not any(leeg.iterdir())


def test_trend_table_lists_every_loaded_year(web_snapshot: Snapshot) -> None:
    snap = web_snapshot
    code = _grootste_regio(snap)
    rapport = regioportret.maak(snap, snap.regio(code), datum=DATUM, waarschuwing=None)
    html = opmaak.html(rapport)
    for jaar in snap.jaren:
        assert schooljaar(jaar) in html


def test_regioportret_from_the_real_2016_and_2019_files(echt_db: Path, tmp_path: Path) -> None:
    """Real DUO files: the national row beside the region is the report's published 2019 figure."""
    snap = laad(echt_db, indicatoren=regioportret.INDICATOREN)
    assert snap.jaren == (2016, 2019)
    code = _grootste_regio(snap)
    html, paginas = _schrijf(snap, code, tmp_path)
    tekst = " ".join(" ".join(paginas).split())
    # The monitor report: 11.509 of 61.508 derdejaars in bb/kb/gl followed techniek in 2019/2020.
    assert "Nederland 61.508 11.509 18,7" in tekst
    # Both loaded years appear in the series of the region.
    assert "2016/2017" in tekst and "2019/2020" in tekst
    # Exams are loaded from DUO (2018/2019 is the newest exam year here): a table, no gap.
    assert "Examens in technische profielen, 2018/2019" in tekst
    # No doorstroom file exists in the real data: the section says so instead of disappearing.
    doorstroom = tekst[tekst.index("Doorstroom na leerjaar 4 Niet beschikbaar") :]
    assert "nog niet ingelezen: de doorstroom na leerjaar 4" in doorstroom[:300]
    assert "<script" not in html
