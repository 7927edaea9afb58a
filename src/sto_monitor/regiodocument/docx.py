"""A region's document as DOCX (python-docx), because regions go on editing in Word.

The same content as the PDF: a title page (regio, kind, school year, version or "concept", the
date, "synthetisch" when the figures are generated), a heading per section (under its group's
heading in the evaluatie), the commission's question, the region's text as paragraphs, and
every figure block as a Word table holding exactly the published cells, with its provenance in
a line under it. A table's header row repeats on every page. The file's own properties carry
the document's date, not the moment it was written, so a version gives the same content on
any day.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, NOTATIE
from sto_monitor.publicatie.taal import SYNTHETISCH, datum, schooljaar
from sto_monitor.regiodocument.cijfers import Cijferblok
from sto_monitor.regiodocument.inhoud import Document
from sto_monitor.regiodocument.pdf import documentdatum, groepen
from sto_monitor.regiodocument.secties import Sectie
from sto_monitor.toelichting.opmaak import dag

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACCENT = RGBColor(0x0B, 0x53, 0x94)
GRIJS = RGBColor(0x55, 0x55, 0x55)
WAARSCHUWING = RGBColor(0xB3, 0x4A, 0x00)


def _klein(p: Paragraph, tekst: str, *, kleur: RGBColor = GRIJS, schuin: bool = False) -> None:
    run = p.add_run(tekst)
    run.font.size = Pt(8)
    run.font.color.rgb = kleur
    run.italic = schuin


def _tekst(doc: docx.document.Document, tekst: str) -> None:
    """The region's plain text: a blank line starts a paragraph, a line end is kept."""
    for alinea in (a.strip() for a in tekst.replace("\r\n", "\n").split("\n\n")):
        if not alinea:
            continue
        p = doc.add_paragraph()
        for i, regel in enumerate(alinea.split("\n")):
            if i:
                p.add_run().add_break(WD_BREAK.LINE)
            p.add_run(regel)


def _herhaal_kop(tabel: Table) -> None:
    """Word repeats the first row on every page of a long table."""
    eigenschappen = tabel.rows[0]._tr.get_or_add_trPr()
    kop = OxmlElement("w:tblHeader")
    kop.set(qn("w:val"), "true")
    eigenschappen.append(kop)


def _blok(doc: docx.document.Document, b: Cijferblok) -> None:
    titel = doc.add_paragraph()
    titel.paragraph_format.keep_with_next = True
    titel.add_run(b.titel).bold = True
    if b.leeg:
        p = doc.add_paragraph()
        p.add_run(b.melding).italic = True
    else:
        getallen = b.getalkolommen()
        tabel = doc.add_table(rows=1 + len(b.rijen), cols=len(b.kolommen))
        tabel.style = "Table Grid"
        tabel.alignment = WD_TABLE_ALIGNMENT.LEFT
        for j, kop in enumerate(b.kolommen):
            cel = tabel.cell(0, j)
            cel.text = ""
            run = cel.paragraphs[0].add_run(kop)
            run.bold = True
            if j in getallen:
                cel.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for i, rij in enumerate(b.rijen, 1):
            for j, waarde in enumerate(rij):
                cel = tabel.cell(i, j)
                cel.text = waarde
                if j in getallen:
                    cel.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if waarde in (KLEIN, GEHEIM):
                    cel.paragraphs[0].runs[0].italic = True
        for rij in tabel.rows:
            for cel in rij.cells:
                for p in cel.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(8 if len(b.kolommen) > 6 else 9)
        _herhaal_kop(tabel)
    if b.uitleg:
        _klein(doc.add_paragraph(), b.uitleg)
    if b.herkomst:
        _klein(doc.add_paragraph(), f"Bron: {b.herkomst}", schuin=True)


def _sectie(doc: docx.document.Document, d: Document, s: Sectie, niveau: int) -> None:
    doc.add_heading(s.titel, level=niveau)
    leidraad = doc.add_paragraph()
    vraag = leidraad.add_run("Gevraagd door de commissie: ")
    vraag.bold = True
    vraag.font.size = Pt(9)
    run = leidraad.add_run(s.leidraad)
    run.italic = True
    run.font.size = Pt(9)
    tekst = d.tekst(s)
    if tekst.strip():
        _tekst(doc, tekst)
    else:
        doc.add_paragraph().add_run("(Nog niet ingevuld.)").italic = True
    for b in d.blokken(s):
        _blok(doc, b)


def _voorblad(doc: docx.document.Document, d: Document, op: dt.date) -> None:
    doc.add_heading(d.titel, level=0)
    ondertitel = f"Schooljaar {d.schooljaar_tekst} · " + (
        f"versie {d.nummer}" if d.nummer else "concept"
    )
    doc.add_paragraph(ondertitel)
    if d.synthetisch:
        p = doc.add_paragraph()
        run = p.add_run(
            f"{SYNTHETISCH} De cijfers in dit document komen uit gegenereerde bestanden."
        )
        run.bold = True
        run.font.color.rgb = WAARSCHUWING
    if not d.nummer:
        p = doc.add_paragraph()
        p.add_run("Concept: dit document is nog niet ingediend bij de commissie.").italic = True
    versie = (
        f"versie {d.nummer}, ingediend op {dag(d.moment)}"
        if d.nummer
        else "concept, niet ingediend"
    )
    cijfers = (
        f"schooljaar {schooljaar(d.herkomst.cijferjaar)}, " if d.herkomst.cijferjaar else ""
    ) + f"gepubliceerd door de STO Monitor (publicatie {d.herkomst.kenmerk})"
    regels = [
        ("Regio", f"{d.regio_naam} ({d.regio})"),
        ("Document", f"{d.soort.titel}: {d.soort.bijlage}"),
        ("Schooljaar", d.schooljaar_tekst),
        ("Versie", versie),
        ("Datum", datum(op)),
        ("Cijfers", cijfers),
    ]
    tabel = doc.add_table(rows=len(regels), cols=2)
    for i, (term, tekst) in enumerate(regels):
        tabel.cell(i, 0).text = ""
        tabel.cell(i, 0).paragraphs[0].add_run(term).bold = True
        tabel.cell(i, 1).text = tekst
    doc.add_paragraph(d.soort.inleiding)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _over_de_cijfers(doc: docx.document.Document, d: Document) -> None:
    doc.add_heading("Over de cijfers", level=1)
    tekst = (
        "Alle cijfers in dit document zijn gepubliceerde cijfers van de STO Monitor, na "
        "dezelfde openbaarheidscontrole als het dashboard en de regioportretten; ze zijn niet "
        "opnieuw berekend. Onder elke tabel staat waar de cijfers vandaan komen."
    )
    if d.nummer:
        tekst += (
            " Ze zijn vastgelegd op het moment van indienen: latere gegevens veranderen deze "
            "versie niet."
        )
    doc.add_paragraph(tekst)
    for teken in (KLEIN, GEHEIM):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(teken).bold = True
        p.add_run(f": {NOTATIE[teken]}")
    p = doc.add_paragraph(style="List Bullet")
    p.add_run("12\u201315").bold = True
    p.add_run(
        ": een aantal dat tussen deze grenzen ligt: het telt cellen mee die DUO als <5 levert"
    )


def docx_bytes(d: Document, datum_: dt.date | None = None) -> bytes:
    """The document as a .docx file."""
    op = documentdatum(d, datum_)
    doc = docx.Document()
    moment = dt.datetime(op.year, op.month, op.day, tzinfo=dt.UTC)
    eigenschappen = doc.core_properties
    eigenschappen.title = f"{d.titel}, schooljaar {d.schooljaar_tekst}"
    eigenschappen.subject = d.soort.bijlage
    eigenschappen.author = d.regio_naam
    eigenschappen.last_modified_by = d.regio_naam
    eigenschappen.comments = SYNTHETISCH if d.synthetisch else ""
    eigenschappen.created = moment
    eigenschappen.modified = moment
    eigenschappen.revision = d.nummer or 1
    stijl = doc.styles["Normal"].font
    stijl.name = "Calibri"
    stijl.size = Pt(10.5)
    for naam in ("Title", "Heading 1", "Heading 2"):
        doc.styles[naam].font.color.rgb = ACCENT
    if d.synthetisch:
        voet = doc.sections[0].footer.paragraphs[0]
        _klein(voet, SYNTHETISCH, kleur=WAARSCHUWING)
    _voorblad(doc, d, op)
    for groep, secties in groepen(d):
        if groep:
            doc.add_heading(groep, level=1)
        for s in secties:
            _sectie(doc, d, s, 2 if groep else 1)
    _over_de_cijfers(doc, d)
    uit = BytesIO()
    doc.save(uit)
    return uit.getvalue()
