"""A region's visiedocument with all its figures exports to PDF in under 5 s.

On the national 6-year demo warehouse of ``web_load`` (or ``--db``), published once as the
dashboard does: the visiedocument of the region with the most vestigingen, every section
filled with a long text (about 1,500 words each) and every figure block filled in from the
snapshot, laid out as PDF (filling the figures, HTML, WeasyPrint). The first export in the
process ("koud": WeasyPrint and its fonts load) is printed beside the median of three.
Side by side, in the same run: the evaluatie as PDF, both as DOCX, and the same region's
regioportret as PDF (``sto rapport``'s layout) as a reference.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import verdict
from benchmarks.web_load import bouw_warehouse

DOEL = 5.0  # seconds for a visiedocument with all figures, as PDF
WOORDEN = 1500  # words of text per section


def _tijd(actie: Callable[[], object], keer: int = 3) -> tuple[float, float]:
    """(first, median of ``keer`` after it) in seconds."""
    start = time.perf_counter()
    actie()
    eerste = time.perf_counter() - start
    tijden = []
    for _ in range(keer):
        start = time.perf_counter()
        actie()
        tijden.append(time.perf_counter() - start)
    return eerste, statistics.median(tijden)


def _paginas(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def run(database: Path | None = None) -> bool:
    from sto_monitor.publicatie.gegevens import LANDELIJK, laad
    from sto_monitor.regiodocument import docx, inhoud, pdf, secties
    from sto_monitor.reports import opmaak, regioportret

    print("regiodocument: een visiedocument met alle cijfers als PDF")
    with tempfile.TemporaryDirectory(prefix="sto-bench-regiodocument-") as tmp_name:
        if database is None:
            database, opbouw = bouw_warehouse(Path(tmp_name))
            print(f"  warehouse: {opbouw}")
        start = time.perf_counter()
        snap = laad(database)
        gepubliceerd = time.perf_counter() - start
    per_regio: dict[str, int] = {}
    for v in snap.vestigingen:
        if v.regio is not None and v.regio != LANDELIJK:
            per_regio[v.regio] = per_regio.get(v.regio, 0) + 1
    regio = max(sorted(per_regio), key=lambda r: per_regio[r])
    jaar = snap.laatste_jaar
    assert jaar is not None, "geen schooljaar geladen"

    def document(soort: str) -> inhoud.Document:
        s = secties.soort(soort)
        tekst = " ".join(f"woord{i % 97}" for i in range(WOORDEN))
        teksten = {x.id: f"{tekst}\n\n{tekst[:400]}" for x in s.secties}
        return inhoud.maak(snap, regio, soort, jaar, teksten, ondergrens=(11, False))

    visie = document("visiedocument")
    blokken = sum(1 for b in visie.cijfers.values() if not b.leeg)
    koud, visie_pdf = _tijd(lambda: pdf.pdf(document("visiedocument")))
    _, evaluatie_pdf = _tijd(lambda: pdf.pdf(document("evaluatie")))
    _, visie_docx = _tijd(lambda: docx.docx_bytes(document("visiedocument")))
    _, evaluatie_docx = _tijd(lambda: docx.docx_bytes(document("evaluatie")))
    r = snap.regio(regio)
    _, portret = _tijd(
        lambda: opmaak.pdf(
            opmaak.html(regioportret.maak(snap, r, datum=opmaak.rapportdatum(), waarschuwing=None))
        ),
        keer=1,
    )
    paginas = _paginas(pdf.pdf(visie))

    ok = visie_pdf < DOEL and koud < DOEL
    print(f"  publiceren (eenmalig, zoals het dashboard): {gepubliceerd:.1f} s")
    print(
        f"  visiedocument {regio} als PDF ({len(visie.cijfers)} cijferblokken, {blokken} met "
        f"een tabel, {WOORDEN} woorden per onderdeel): {visie_pdf:.2f} s "
        f"(koud {koud:.2f} s; doel < {DOEL:.0f} s, {max(visie_pdf, koud) / DOEL:.2f}x het doel)  "
        f"{verdict(ok)}"
    )
    print(
        f"  naast elkaar: evaluatie PDF {evaluatie_pdf:.2f} s "
        f"({evaluatie_pdf / visie_pdf:.2f}x), visiedocument DOCX {visie_docx:.2f} s "
        f"({visie_docx / visie_pdf:.2f}x), evaluatie DOCX {evaluatie_docx:.2f} s "
        f"({evaluatie_docx / visie_pdf:.2f}x), regioportret PDF {portret:.2f} s "
        f"({portret / visie_pdf:.2f}x); het visiedocument telt {paginas} pagina's"
    )
    return ok
