"""Reports as downloads from the dashboard, over real HTTP against ``sto serve``."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from sto_monitor.publicatie.gegevens import laad
from sto_monitor.reports import opmaak, regioportret
from tests.web_fixtures import get


def test_region_page_offers_its_regioportret_as_pdf_and_html(web_server: str, web_db: Path) -> None:
    snap = laad(web_db)
    code = sorted(snap.regios)[0]
    pagina = get(web_server, f"/regio/{code}")
    assert f'href="/regio/{code}/regioportret.pdf"' in pagina.text

    pdf = get(web_server, f"/regio/{code}/regioportret.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'inline; filename="regioportret-{code}.pdf"'
    assert pdf.body.startswith(b"%PDF-")
    document = pdfium.PdfDocument(pdf.body)
    try:
        eerste = document[0].get_textpage().get_text_range()
        tweede = document[1].get_textpage().get_text_range()
        assert f"Regioportret {snap.regios[code].naam}" in eerste
        assert f"pagina 2 van {len(document)}" in tweede
    finally:
        document.close()
    # Rendered once per snapshot: the second request is the cached answer.
    assert (
        get(
            web_server, f"/regio/{code}/regioportret.pdf", {"If-None-Match": pdf.headers["etag"]}
        ).status
        == 304
    )

    # The HTML is exactly what `sto rapport regio` writes from the same data on the same day.
    html = get(web_server, f"/regio/{code}/regioportret.html")
    assert html.status == 200 and html.headers["content-type"].startswith("text/html")
    verwacht = opmaak.html(
        regioportret.maak(
            snap,
            snap.regio(code),
            datum=opmaak.rapportdatum(),
            waarschuwing="Regio-indeling: demo-indeling, niet officieel.",
        )
    )
    assert html.text == verwacht


def test_unknown_region_or_format_is_an_error_page(web_server: str) -> None:
    assert get(web_server, "/regio/R999/regioportret.pdf").status == 404
    assert get(web_server, "/regio/R01/regioportret.docx").status in (400, 404)
    assert get(web_server, "/rapporten/monitor-hoofdstuk-4.exe").status in (400, 404)


def test_overview_offers_the_national_chapter(web_server: str) -> None:
    assert 'href="/rapporten/monitor-hoofdstuk-4.pdf"' in get(web_server, "/").text
    hoofdstuk = get(web_server, "/rapporten/monitor-hoofdstuk-4.html")
    assert hoofdstuk.status == 200
    for nummer in ("Tabel 4.1.", "Figuur 4.3.", "Tabel 4.7.", "Figuur 4.10."):
        assert nummer in hoofdstuk.text
    assert "<script" not in hoofdstuk.text
