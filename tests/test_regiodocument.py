"""The region's visiedocument and evaluatie (``sto_monitor.regiodocument``, issue 17).

- the sections follow Bijlage 1 and 2 of the commission's advice, and a wrong structure file
  fails with the place named;
- every figure is a published cell of the shared generated warehouse: compared with the
  providers (the in-, door- and uitstroom view, the forecast) whatever they return, and with
  the published indicator rows, never recomputed;
- drafts and versions on real SQLite and PostgreSQL: a draft saved, submitted as version 1
  with its figures frozen, a later draft leaves version 1 alone, another region and the
  national team are refused, a text over the limit is refused whole, a stale editor is
  noticed, and every write has its audit record;
- the DOCX opens with python-docx and its tables hold exactly the published cells; the PDF
  renders (pypdfium2) with its title page;
- over a real server: the region writes and submits, the commission reads the version but
  never the draft (403), versions are compared, files are downloaded with Dutch names.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import docx as pydocx
import pypdfium2
import pytest
from click.testing import CliRunner
from docx.table import Table
from docx.text.paragraph import Paragraph

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.cli import cli
from sto_monitor.errors import ConfigError, ForbiddenError, NotFoundError, ParameterError
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.regiodocument import cijfers, opslag, secties, vergelijk
from sto_monitor.regiodocument.cijfers import Cijferblok
from sto_monitor.regiodocument.docx import docx_bytes
from sto_monitor.regiodocument.inhoud import Document, maak
from sto_monitor.regiodocument.pdf import pdf
from tests.web_sessies import Ingericht, ingericht

JAAR = 2024  # the newest year of the shared warehouse (tests/web_fixtures.py)
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_KENMERK = re.compile(r'name="kenmerk" value="([^"]*)"')


@pytest.fixture(scope="module")
def snap(web_db: Path) -> Snapshot:
    return laad(web_db)


@pytest.fixture(scope="module")
def regio(snap: Snapshot) -> str:
    return sorted(r for r in snap.regios if r != LANDELIJK)[0]


def _actor(rol: Rol, regios: frozenset[str] = frozenset(), id: int = 1) -> Actor:
    return Actor(id, f"{rol.value}{id}@test.nl", rol.value, rol, regios)


# ---------------------------------------------------------------- the structure


def test_sections_follow_bijlage_1_and_2_of_the_advice() -> None:
    visie = secties.soort("visiedocument")
    assert [s.titel[:2] for s in visie.secties] == [f"{c}." for c in "abcdefgh"]
    assert "raming van de kosten" in visie.sectie("kosten").leidraad.lower()
    assert "ondergrens" in visie.sectie("kosten").cijfers
    assert {"instroom", "doorstroom", "doorstroom_mbo"} <= set(visie.sectie("regiovisie").cijfers)
    evaluatie = secties.soort("evaluatie")
    assert {s.groep for s in evaluatie.secties} == {
        "Terugblik proces en inhoud",
        "Cijfermatige informatie",
    }
    cijfermatig = {c for s in evaluatie.secties for c in s.cijfers}
    assert {"instroom", "doorstroom", "prognose", "keuzevakken", "afstromers", "weglekken"} <= (
        cijfermatig
    )
    assert "weglekken" in evaluatie.sectie("weglekken").leidraad
    with pytest.raises(ParameterError, match="visiedocument of evaluatie"):
        secties.soort("jaarverslag")


def test_a_wrong_structure_names_its_place() -> None:
    goed = {
        "visiedocument": {
            "titel": "V",
            "bijlage": "B1",
            "inleiding": "I",
            "sectie": [{"id": "a", "titel": "A", "leidraad": "L", "cijfers": ["instroom"]}],
        },
        "evaluatie": {
            "titel": "E",
            "bijlage": "B2",
            "inleiding": "I",
            "sectie": [{"id": "b", "titel": "B", "leidraad": "L"}],
        },
        "cijfer": {},
    }
    assert secties.lees(goed).soorten["visiedocument"].cijfers == ("instroom",)
    fout: Any = {**goed, "visiedocument": {**goed["visiedocument"]}}
    fout["visiedocument"]["sectie"] = [{"id": "a", "titel": "A", "leidraad": "L", "cijfers": ["x"]}]
    with pytest.raises(ConfigError, match=r"\[visiedocument\] sectie 1 \(a\): onbekend cijferblok"):
        secties.lees(fout)
    fout["visiedocument"]["sectie"] = [{"id": "a", "titel": "A", "leidraad": "L"}] * 2
    with pytest.raises(ConfigError, match="komt twee keer voor"):
        secties.lees(fout)
    blok = {"indicator": "techniekaandeel", "titel": "T", "uitleg": "U", "jaren": "alle"}
    with pytest.raises(ConfigError, match="geen kolom 'bestaat_niet'"):
        secties.lees(
            {**goed, "cijfer": {"t": {**blok, "rij": ["bestaat_niet"], "kolommen": ["derdejaars"]}}}
        )


# ---------------------------------------------------------------- the figures


def _provider_blokken(snap: Snapshot, regio: str) -> dict[str, Any]:
    """What the providers return now (none of a provider that is not there yet)."""
    uit: dict[str, Any] = {}
    try:
        from sto_monitor.publicatie.stromen import stromen

        uit.update({b.id: b for b in stromen(snap, regio, JAAR).blokken})
    except (ImportError, NotImplementedError):
        pass
    try:
        from sto_monitor.publicatie import prognose  # type: ignore[attr-defined,unused-ignore]

        uit["prognose"] = prognose.prognoseblok(snap, regio)
    except (ImportError, NotImplementedError, AttributeError):
        pass
    return uit


def test_every_figure_is_a_published_cell_with_its_provenance(snap: Snapshot, regio: str) -> None:
    ids = tuple(dict.fromkeys((*secties.soort("visiedocument").cijfers, "afstromers")))
    ids += tuple(i for i in secties.soort("evaluatie").cijfers if i not in ids)
    blokken = {b.id: b for b in cijfers.vul(snap, regio, JAAR, ids, ondergrens=(9, True))}
    assert tuple(blokken) == ids
    providers = _provider_blokken(snap, regio)
    for id in (*secties.STROMEN, secties.PROGNOSE):
        b = blokken[id]
        if id not in providers:
            assert b.niet_beschikbaar and b.melding.startswith("Nog niet beschikbaar"), id
            continue
        bron = providers[id]
        if bron is None:  # the forecast says it cannot make one for this region
            assert b.ontbreekt and not b.rijen
            continue
        assert b.rijen == tuple(tuple(r) for r in bron.rijen), id
        assert b.kolommen == tuple(bron.kolommen) and b.schatting == bron.schatting, id
        if b.rijen:
            assert b.stand == snap.versie and snap.versie in b.herkomst, id
            assert ("Dit is een schatting." in b.herkomst) == b.schatting, id

    # the blocks of published indicators: the region's rows as published, in Dutch notation
    aandeel = blokken["techniekaandeel"]
    rijen = sorted(
        snap.beschikbare_rijen("techniekaandeel", regio=regio), key=lambda r: r["schooljaar"]
    )
    nl = {r["schooljaar"]: r for r in snap.beschikbare_rijen("techniekaandeel", regio=LANDELIJK)}
    verwacht = tuple(
        (
            f"{r['schooljaar']}/{r['schooljaar'] + 1}",
            *(weergave(r[k]) for k in ("derdejaars", "techniekleerlingen", "techniekaandeel")),
            weergave(r["meisjes_in_techniek"]),
            weergave(nl[r["schooljaar"]]["techniekaandeel"]),
        )
        for r in rijen
    )
    assert aandeel.rijen == verwacht and aandeel.kolommen[0] == "Schooljaar"
    assert "schooljaren 2023/2024 tot en met 2024/2025" in aandeel.herkomst
    kwetsbaar = blokken["kwetsbare_groepen"]
    gepubliceerd = snap.beschikbare_rijen("kwetsbare_groepen", regio=regio, schooljaar=JAAR)
    assert len(kwetsbaar.rijen) == len(gepubliceerd) and kwetsbaar.sleutel == 2
    assert {weergave(r["in_kwetsbare_groepen"]) for r in gepubliceerd} == {
        r[5] for r in kwetsbaar.rijen
    }
    per_leerweg = blokken["techniekleerlingen"]
    assert per_leerweg.kolommen[1:] == ("Basis (bb)", "Kader (kb)", "Gemengd (gl)", "Totaal")
    assert blokken["ondergrens"].rijen == (("Ondergrens van de regio", "9"),)
    cellen = {c for b in blokken.values() for r in b.rijen for c in r[b.sleutel :]}
    assert all(cijfers.GETAL.match(c) or c == "" for c in cellen), cellen - {""}
    # a document about the year after the newest shows the newest figures, and says so
    later = cijfers.vul(snap, regio, JAAR + 1, ("techniekaandeel",))[0]
    assert later.rijen == aandeel.rijen


# ---------------------------------------------------------------- drafts and versions


def test_draft_submit_and_freeze(app_db: AppDatabase, snap: Snapshot, regio: str) -> None:
    ander = sorted(r for r in snap.regios if r not in (LANDELIJK, regio))[0]
    pl = _actor(Rol.REGIO, frozenset({regio}))
    buur = _actor(Rol.REGIO, frozenset({ander}), id=2)
    commissie, landelijk = _actor(Rol.COMMISSIE, id=3), _actor(Rol.LANDELIJK, id=4)

    leeg = opslag.concept(app_db, pl, regio, "visiedocument", JAAR)
    assert leeg.teksten == {} and leeg.kenmerk == ""
    with pytest.raises(ParameterError, match="nog niets geschreven"):
        opslag.dien_in(app_db, pl, snap, regio, "visiedocument", JAAR)
    c = opslag.bewaar_concept(
        app_db, pl, regio, "visiedocument", JAAR, {"regiovisie": "Onze visie.\r\n\r\nMeer.  "}
    )
    assert c.teksten == {"regiovisie": "Onze visie.\n\nMeer."}

    v1 = opslag.dien_in(app_db, pl, snap, regio, "visiedocument", JAAR, {"po": "Met het po."})
    assert v1.nummer == 1
    d1 = v1.document()
    assert d1.teksten["regiovisie"] == "Onze visie.\n\nMeer." and d1.teksten["po"] == "Met het po."
    assert d1.herkomst.kenmerk == snap.versie and d1.herkomst.synthetisch == snap.synthetisch
    vers = maak(snap, regio, "visiedocument", JAAR, {}, ondergrens=(11, False))
    assert {k: b.als_dict() for k, b in vers.cijfers.items()} == v1.inhoud["cijfers"]

    # a later draft and a later version never change version 1
    c = opslag.bewaar_concept(app_db, pl, regio, "visiedocument", JAAR, {"po": "Anders."})
    assert opslag.versie(app_db, pl, regio, "visiedocument", JAAR, 1).inhoud == v1.inhoud
    v2 = opslag.dien_in(app_db, pl, snap, regio, "visiedocument", JAAR, kenmerk=c.kenmerk)
    assert [v.nummer for v in opslag.versies(app_db, commissie, regio, "visiedocument", JAAR)] == [
        1,
        2,
    ]
    terug = opslag.versie(app_db, landelijk, regio, "visiedocument", JAAR, 1).document()
    assert terug.teksten["po"] == "Met het po." and v2.document().teksten["po"] == "Anders."
    assert terug == Document.van_inhoud(v1.inhoud, nummer=1, moment=terug.moment)

    # the policy: drafts only for the region itself, versions for the national team too
    for wie in (buur, commissie, landelijk):
        with pytest.raises(ForbiddenError):
            opslag.bewaar_concept(app_db, wie, regio, "visiedocument", JAAR, {"po": "Niet."})
        with pytest.raises(ForbiddenError):
            opslag.concept(app_db, wie, regio, "visiedocument", JAAR)
    with pytest.raises(ForbiddenError):
        opslag.dien_in(app_db, buur, snap, regio, "visiedocument", JAAR)
    with pytest.raises(ForbiddenError):
        opslag.versie(app_db, buur, regio, "visiedocument", JAAR, 1)
    assert [o.soort for o in opslag.documenten(app_db, commissie, regio)] == ["visiedocument"]
    assert opslag.documenten(app_db, commissie, regio)[0].concept_gewijzigd is None
    assert opslag.documenten(app_db, pl, regio)[0].concept_gewijzigd is not None
    with pytest.raises(NotFoundError):
        opslag.versie(app_db, pl, regio, "visiedocument", JAAR, 3)

    # nothing typed is cut: too long is refused whole; a stale editor is noticed
    te_lang = "woord " * 4000
    with pytest.raises(ParameterError, match=r"hoogstens 20\.000 tekens .*a\. Update"):
        opslag.bewaar_concept(app_db, pl, regio, "visiedocument", JAAR, {"regiovisie": te_lang})
    with pytest.raises(opslag.Gewijzigd):
        opslag.bewaar_concept(
            app_db, pl, regio, "visiedocument", JAAR, {"po": "Oud venster."}, kenmerk=leeg.kenmerk
        )
    assert opslag.concept(app_db, pl, regio, "visiedocument", JAAR).teksten["po"] == "Anders."

    # every write has its audit record, in the region, with the changed texts only
    with app_db.transactie() as session:
        regels = list(reversed(audit.lees(session, regio=regio, soort=opslag.SOORT)))
        acties = [r.actie for r in regels]
        assert acties == [
            "visiedocument concept bewaard",
            "visiedocument concept bewaard",
            "visiedocument ingediend (versie 1)",
            "visiedocument concept bewaard",
            "visiedocument ingediend (versie 2)",
        ]
        assert regels[1].na == {
            "soort": "visiedocument",
            "schooljaar": JAAR,
            "teksten": {"po": "Met het po."},
        }
        assert all(
            r.wie == pl.wie and r.object_id == f"{regio}/visiedocument/{JAAR}" for r in regels
        )
        assert regels[2].na is not None and regels[2].na["cijfers"]["kenmerk"] == snap.versie


# ---------------------------------------------------------------- comparing


def test_compare_words_and_figures(snap: Snapshot, regio: str) -> None:
    stukken = vergelijk.woorden(
        "Onze visie op techniek.\n\nKlaar.", "Onze nieuwe visie op\ntechniek."
    )
    assert [(s.soort, s.tekst.strip()) for s in stukken] == [
        ("gelijk", "Onze"),
        ("erbij", "nieuwe"),
        ("gelijk", "visie op\ntechniek."),
        ("weg", "Klaar."),
    ]
    a = maak(snap, regio, "evaluatie", JAAR, {"resultaten": "Goed."}, nummer=1)
    blok = a.cijfers["techniekaandeel"]
    rijen = ((*blok.rijen[0][:1], "1.000", *blok.rijen[0][2:]), *blok.rijen[1:])
    b = replace(a, nummer=2, cijfers={**a.cijfers, "techniekaandeel": replace(blok, rijen=rijen)})
    v = vergelijk.vergelijk(a, b)
    assert [s.sectie.id for s in v.gewijzigd] == ["resultaten"]
    (bv,) = [x for x in v.gewijzigd[0].blokken if not x.gelijk]
    assert bv.cellen == (
        vergelijk.Celwijziging(blok.rijen[0][0], "Derdejaars", blok.rijen[0][1], "1.000"),
    )
    assert vergelijk.vergelijk(a, a).gewijzigd == []


# ---------------------------------------------------------------- DOCX and PDF


def _tabellen_met_titel(data: bytes) -> list[tuple[str, Table, str]]:
    """Every figure table of a DOCX with the bold title above it and the line under it."""
    doc = pydocx.Document(io.BytesIO(data))
    onderdelen = [
        Paragraph(e, doc) if e.tag.endswith("}p") else Table(e, doc)
        for e in doc.element.body.iterchildren()
        if e.tag.endswith(("}p", "}tbl"))
    ]
    uit = []
    for i, o in enumerate(onderdelen):
        if isinstance(o, Table) and i and isinstance(onderdelen[i - 1], Paragraph):
            titel = onderdelen[i - 1].text  # type: ignore[union-attr]
            onder = [p.text for p in onderdelen[i + 1 : i + 3] if isinstance(p, Paragraph)]
            uit.append((titel, o, " ".join(onder)))
    return uit


def test_docx_holds_exactly_the_published_cells(snap: Snapshot, regio: str) -> None:
    d = maak(snap, regio, "evaluatie", JAAR, {"resultaten": "Eerste alinea.\n\nTweede."})
    data = docx_bytes(d)
    doc = pydocx.Document(io.BytesIO(data))
    tekst = "\n".join(p.text for p in doc.paragraphs)
    assert d.titel in tekst and "Schooljaar 2024/2025 · concept" in tekst
    assert (SYNTHETISCH in tekst) == snap.synthetisch
    koppen = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert koppen[:2] == ["Terugblik proces en inhoud", "Resultaten"]
    assert "Eerste alinea." in tekst and "Tweede." in tekst
    tabellen = {titel: (t, onder) for titel, t, onder in _tabellen_met_titel(data)}
    providers = _provider_blokken(snap, regio)
    getoond = [b for b in d.cijfers.values() if not b.leeg]
    assert getoond, "een evaluatie toont cijfers"
    for b in getoond:
        tabel, onder = tabellen[b.titel]
        cellen = [tuple(c.text for c in r.cells) for r in tabel.rows]
        assert cellen[0] == b.kolommen and tuple(cellen[1:]) == b.rijen, b.id
        assert "Bron: " in onder and snap.versie in onder, b.id
        if b.id in providers and providers[b.id] is not None:
            assert tuple(cellen[1:]) == tuple(tuple(r) for r in providers[b.id].rijen), b.id
    for b in d.cijfers.values():
        if b.leeg:
            assert b.melding in tekst and b.titel not in tabellen


def test_pdf_renders_with_its_title_page(snap: Snapshot, regio: str) -> None:
    d = maak(snap, regio, "visiedocument", JAAR, {"lob": "Zo ziet LOB eruit."}, nummer=3)
    d = replace(d, moment=dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    data = pdf(d)
    assert data.startswith(b"%PDF") and data == pdf(d)  # a version gives the same bytes
    document = pypdfium2.PdfDocument(data)
    try:
        assert len(document) >= 3
        voorblad = " ".join(document[0].get_textpage().get_text_range().split())
        assert d.titel in voorblad and "versie 3" in voorblad and "2 maart 2026" in voorblad
        assert ("Synthetische demogegevens" in voorblad) == snap.synthetisch
        alles = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        assert "Zo ziet LOB eruit." in alles and "Gevraagd door de commissie" in alles
        beeld = document[0].render(scale=0.5).to_pil()
        grijs = beeld.convert("L")
        assert grijs.size[0] > 200 and grijs.getextrema()[0] < 100 < grijs.getextrema()[1]
    finally:
        document.close()


# ---------------------------------------------------------------- over a real server


@pytest.fixture(scope="module")
def opstelling(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingericht]:
    with ingericht(web_db, tmp_path_factory.mktemp("regiodocument-web")) as i:
        yield i


def _velden(pagina: str, **teksten: str) -> dict[str, str]:
    csrf, kenmerk = _CSRF.search(pagina), _KENMERK.search(pagina)
    assert csrf and kenmerk
    return {
        "csrf": csrf.group(1),
        "kenmerk": unescape(kenmerk.group(1)),
        **{f"tekst-{k}": v for k, v in teksten.items()},
    }


def test_region_writes_submits_and_the_commission_reads(opstelling: Ingericht) -> None:
    o = opstelling
    r = o.codes.regio
    basis = f"/regio/{r}/documenten/evaluatie/{JAAR}"
    pl, commissie, buur = o.als("regio"), o.als("commissie"), o.als("regio_ander")

    editor = pl.get(basis)
    assert editor.status == 200 and editor.kop("cache-control") == "no-store"
    for s in secties.soort("evaluatie").secties:
        assert f'name="tekst-{s.id}"' in editor.text and s.leidraad in unescape(editor.text)
    assert 'data-blok="weglekken"' in editor.text and "Stand van de cijfers" in editor.text

    # a text over the limit comes back whole, with the message; nothing is saved
    te_lang = "lang " * 4500
    antwoord = pl.post(basis, _velden(editor.text, resultaten=te_lang, succesfactoren="Kort."))
    assert antwoord.status == 400 and "hoogstens 20.000 tekens" in antwoord.text
    assert te_lang.strip() in antwoord.text and ">Kort.</textarea>" in antwoord.text

    antwoord = pl.post(
        basis, {**_velden(editor.text, resultaten="Wij groeiden."), "naar": "resultaten"}
    )
    assert (
        antwoord.status == 303
        and antwoord.kop("location") == f"{basis}?gedaan=bewaard#sectie-resultaten"
    )
    editor = pl.get(f"{basis}?gedaan=bewaard")
    assert ">Wij groeiden.</textarea>" in editor.text and "Het concept is bewaard" in editor.text
    # an editor opened before that save: refused, the typed text kept; saving again replaces
    oud = pl.post(
        basis, {**_velden(editor.text, kennisdeling="Uit een oud venster."), "kenmerk": ""}
    )
    assert oud.status == 409 and ">Uit een oud venster.</textarea>" in oud.text
    assert ">Wij groeiden.</textarea>" in oud.text and "intussen ergens anders bewaard" in oud.text
    assert pl.post(basis, _velden(oud.text, kennisdeling="Uit een oud venster.")).status == 303
    editor = pl.get(basis)
    antwoord = pl.post(basis + "/indienen", _velden(editor.text, resultaten="Wij groeiden."))
    assert (
        antwoord.status == 303 and antwoord.kop("location") == f"{basis}/versie/1?gedaan=ingediend"
    )

    # the commission: the submitted version, never the draft or the editor
    assert commissie.get(basis).status == 403
    assert commissie.get(basis + "/concept.pdf").status == 403
    assert commissie.post(basis, _velden(editor.text, resultaten="Niet van ons.")).status == 403
    versie = commissie.get(basis + "/versie/1")
    assert versie.status == 200 and "Wij groeiden." in versie.text
    lijst = commissie.get(f"/regio/{r}/documenten")
    assert (
        lijst.status == 200
        and f"{basis}/versie/1" in lijst.text
        and "concept bewaard" not in lijst.text
    )
    assert buur.get(basis + "/versie/1").status == 403 and buur.get(basis).status == 403

    # a second version, compared with the first
    editor = pl.get(basis)
    pl.post(basis + "/indienen", _velden(editor.text, resultaten="Wij groeiden sterk."))
    vergelijking = commissie.get(basis + "/vergelijk?a=1&b=2")
    assert vergelijking.status == 200
    assert re.search(r"<ins>(?:(?!</ins>).)*sterk\.\s*</ins>", vergelijking.text, re.S)
    assert "1</strong> van de 13 onderdelen is veranderd" in vergelijking.text

    # files with Dutch names, marked synthetic; the DOCX of a version holds its frozen cells
    bestand = commissie.get(basis + "/versie/2.docx")
    naam = f"evaluatie-{r}-{JAAR}-{JAAR + 1}-versie-2-synthetisch.docx"
    assert bestand.status == 200 and naam in (bestand.kop("content-disposition") or "")
    inhoud = opslag.versie(o.db, o.accounts["commissie"], r, "evaluatie", JAAR, 2).document()
    tabellen = {t: tabel for t, tabel, _ in _tabellen_met_titel(bestand.body)}
    for b in inhoud.cijfers.values():
        if not b.leeg:
            rijen = [tuple(c.text for c in rij.cells) for rij in tabellen[b.titel].rows][1:]
            assert tuple(rijen) == b.rijen
    # the terminal exports the same version: the same PDF, byte for byte
    uit = o.map / "evaluatie.pdf"
    resultaat = CliRunner().invoke(
        cli,
        ["regiodocument", "export", "--regio", r, "--soort", "evaluatie", "--schooljaar",
         str(JAAR), "--versie", "2", "--uit", str(uit), "--db", str(o.map / "web.duckdb")],
        env={"STO_APP_DB": o.server.app_db_url},
    )  # fmt: skip
    assert resultaat.exit_code == 0, resultaat.output
    assert uit.read_bytes() == commissie.get(basis + "/versie/2.pdf").body

    concept = pl.get(basis + "/concept.pdf")
    assert concept.status == 200 and concept.body.startswith(b"%PDF")
    assert "concept-synthetisch.pdf" in (concept.kop("content-disposition") or "")

    mijn = pl.get(f"/mijn/regio/{r}")
    assert f'href="/regio/{r}/documenten/visiedocument/{JAAR}"' in mijn.text


def test_a_blok_without_rows_says_why() -> None:
    blok = Cijferblok("x", "X", "", (), (), "", ontbreekt="de keuzevakexamens")
    assert blok.leeg and blok.melding == "Niet te tonen: hiervoor ontbreekt de keuzevakexamens."
    assert Cijferblok.van_dict(blok.als_dict()) == blok
