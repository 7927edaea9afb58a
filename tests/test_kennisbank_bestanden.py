"""Files attached to kennisbank items (``kennisbank.bestanden`` and its web routes).

The domain on a real SQLite file: types recognised from the bytes (real PDF/PNG/JPEG/Office/
OpenDocument/text files, a disguised executable and a macro-enabled Word file refused), names
sanitised, the file stored under a random name with its SHA-256, the policy on the stored item,
the audit, a published item back to moderation. Then over a real ``sto serve`` with a 1 MB
limit: a multipart upload with the CSRF token in the form, download headers (attachment, the
stored type, nosniff) public only after publication, the 4xx answers in Dutch (empty, too
large, wrong type, no token, another region), removal from disk, and the plain form in
Chromium at 1366 and 375 px (screenshots in build/artefacten)."""

from __future__ import annotations

import hashlib
import http.client
import io
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import docx  # type: ignore[import-untyped,unused-ignore]
import openpyxl
import pytest
from PIL import Image
from playwright.sync_api import Browser as Chromium

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisBestand, KennisItem
from sto_monitor.errors import ForbiddenError, NotFoundError, ParameterError
from sto_monitor.kennisbank import bestanden, opslag
from sto_monitor.kennisbank.item import Item
from sto_monitor.web.pages.kennisbank.bestanden import bijlage
from tests.conftest import REPO
from tests.web_sessies import (
    Antwoord,
    Browser,
    Ingericht,
    codes_van,
    dashboard_proces,
    ingelogd,
    maak_accounts,
)

ARTEFACTEN = REPO / "build" / "artefacten"
REGIO = Actor(11, "pl@r01.nl", "Programmaleider", Rol.REGIO, frozenset({"R01"}))
ANDERE = Actor(12, "pl@r02.nl", "Andere leider", Rol.REGIO, frozenset({"R02"}))
LANDELIJK = Actor(14, "team@landelijk.nl", "Landelijk team", Rol.LANDELIJK)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MB = 1_000_000


def maak(regio: str, titel: str = "Lasproject") -> Item:
    return Item(
        titel=titel,
        samenvatting="Leerlingen lassen een frame.",
        soort="lesmateriaal",
        licentie="CC-BY-4.0",
        regios=(regio,),
        profielen=("PIE",),
        themas=("aandacht.lob",),
        niveaus=("vmbo_bb",),
    )


def png() -> bytes:
    uit = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(uit, "PNG")
    return uit.getvalue()


def jpeg() -> bytes:
    uit = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(uit, "JPEG")
    return uit.getvalue()


def docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("Lesbrief lassen")
    uit = io.BytesIO()
    d.save(uit)
    return uit.getvalue()


def xlsx_bytes() -> bytes:
    boek = openpyxl.Workbook()
    boek.active["A1"] = "uren"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def zip_met(delen: dict[str, str]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        for naam, inhoud in delen.items():
            z.writestr(naam, inhoud)
    return uit.getvalue()


def ooxml(main: str) -> bytes:
    return zip_met(
        {"[Content_Types].xml": f'<Types><Override PartName="/x" ContentType="{main}"/></Types>'}
    )


# ---------------------------------------------------------------- the domain


@pytest.mark.parametrize(
    ("data", "soort"),
    [
        (PDF, "pdf"),
        (png(), "png"),
        (jpeg(), "jpeg"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
        (
            ooxml(
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
            ),
            "pptx",
        ),
        (zip_met({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
        (zip_met({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "ods"),
        ("Uren;Naam\n3;Aïsha\n".encode(), "tekst"),
    ],
)
def test_types_are_recognised_from_the_bytes(data: bytes, soort: str) -> None:
    assert bestanden.herken(data) == soort


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary",  # a Windows program, whatever its name
        ooxml("application/vnd.ms-word.document.macroEnabled.main+xml"),
        zip_met({"programma.exe": "MZ"}),
        b"PK\x03\x04 not really a zip",
        b"tekst met een nul\x00teken",
        "latin-1: caf\xe9".encode("latin-1"),
    ],
)
def test_other_files_are_refused(data: bytes) -> None:
    with pytest.raises(ParameterError, match="Dit soort bestand kan niet"):
        bestanden.herken(data)


def test_empty_is_refused() -> None:
    with pytest.raises(ParameterError, match="leeg"):
        bestanden.herken(b"")


@pytest.mark.parametrize(
    ("naam", "soort", "schoon"),
    [
        ("../../etc/passwd", "tekst", "passwd.txt"),
        ("C:\\Users\\piet\\Rapport 2025.PDF", "pdf", "Rapport 2025.pdf"),
        ("foto.png", "jpeg", "foto.png.jpg"),
        ("script.html", "tekst", "script.html.txt"),
        ("uren.csv", "tekst", "uren.csv"),
        ('<img src=x onerror="a">.pdf', "pdf", "img src_x onerror_a.pdf"),
        ("", "docx", "bestand.docx"),
        ("....", "pdf", "bestand.pdf"),
    ],
)
def test_names_are_sanitised(naam: str, soort: str, schoon: str) -> None:
    assert bestanden.schone_naam(naam, soort) == schoon


@pytest.fixture
def db(tmp_path: Path) -> Iterator[AppDatabase]:
    database = AppDatabase.van_url(f"sqlite:///{tmp_path / 'app.sqlite'}")
    yield database
    database.sluit()


def test_attach_read_and_remove(db: AppDatabase, tmp_path: Path) -> None:
    map_ = tmp_path / "bestanden"
    k = opslag.draag_bij(db, REGIO, maak("R01"), regio="R01")
    b = bestanden.voeg_toe(db, REGIO, k.id, "les.pdf", PDF, map_=map_, max_bytes=MB)
    with db.transactie() as s:
        rij = s.get(KennisBestand, b.id)
        assert rij is not None
        opgeslagen = map_ / rij.opslagnaam
    assert opgeslagen.read_bytes() == PDF and "les" not in opgeslagen.name
    assert b.sha256 == hashlib.sha256(PDF).hexdigest() and b.media_type == "application/pdf"
    assert b.url == f"/kennisbank/{k.id}/bestand/{b.id}" and b.soort == "PDF"

    with pytest.raises(NotFoundError):  # a concept's file is not public
        bestanden.lees(db, None, k.id, b.id, map_=map_)
    for wie in (REGIO, LANDELIJK):
        assert bestanden.lees(db, wie, k.id, b.id, map_=map_)[2] is False
    with pytest.raises(ForbiddenError):
        bestanden.voeg_toe(db, ANDERE, k.id, "x.pdf", PDF, map_=map_, max_bytes=MB)
    with pytest.raises(NotFoundError):
        bestanden.voeg_toe(db, REGIO, 999, "x.pdf", PDF, map_=map_, max_bytes=MB)
    with pytest.raises(ParameterError, match="te groot"):
        bestanden.voeg_toe(db, REGIO, k.id, "x.pdf", PDF + b"x" * MB, map_=map_, max_bytes=MB)

    opslag.publiceer(db, LANDELIJK, k.id)
    _, pad, openbaar = bestanden.lees(db, None, k.id, b.id, map_=map_)
    assert openbaar and pad == opgeslagen
    # a new file on a published item sends it back to moderation
    tweede = bestanden.voeg_toe(db, REGIO, k.id, "foto.png", png(), map_=map_, max_bytes=MB)
    with db.transactie() as s:
        item = s.get(KennisItem, k.id)
        assert item is not None and item.status == opslag.CONCEPT
    assert [x.id for x in bestanden.van_item(db, k.id)] == [b.id, tweede.id]

    with pytest.raises(ForbiddenError):
        bestanden.verwijder(db, ANDERE, k.id, b.id, map_=map_)
    bestanden.verwijder(db, REGIO, k.id, b.id, map_=map_)
    assert not opgeslagen.exists()
    assert [x.id for x in bestanden.van_item(db, k.id)] == [tweede.id]
    with pytest.raises(NotFoundError):
        bestanden.verwijder(db, REGIO, k.id, b.id, map_=map_)
    with db.transactie() as s:
        acties = [r.actie for r in audit.lees(s, soort=bestanden.SOORT, limiet=None)]
    assert sorted(acties) == sorted(
        ["bestand toegevoegd aan kennisbankitem"] * 2 + ["bestand verwijderd van kennisbankitem"]
    )
    assert sorted(p.name for p in map_.iterdir()) == sorted([r.opslagnaam for r in _rijen(db)]), (
        "no temporary or orphaned files"
    )


def _rijen(db: AppDatabase) -> list[KennisBestand]:
    with db.transactie() as s:
        return list(s.query(KennisBestand).all())


def test_at_most_so_many_files(
    db: AppDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bestanden, "MAX_PER_ITEM", 2)
    map_ = tmp_path / "bestanden"
    k = opslag.draag_bij(db, REGIO, maak("R01"), regio="R01")
    for _ in range(2):
        bestanden.voeg_toe(db, REGIO, k.id, "a.txt", b"tekst", map_=map_, max_bytes=MB)
    with pytest.raises(ParameterError, match="hoogstens 2 bestanden"):
        bestanden.voeg_toe(db, REGIO, k.id, "a.txt", b"tekst", map_=map_, max_bytes=MB)
    assert len(list(map_.iterdir())) == 2, "the refused file's bytes are gone"


# ---------------------------------------------------------------- over HTTP


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingericht]:
    map_ = tmp_path_factory.mktemp("kennis-bestanden")
    kopie = map_ / "web.duckdb"
    shutil.copyfile(web_db, kopie)
    codes = codes_van(kopie)
    with dashboard_proces(kopie, map_, env={"STO_MAX_UPLOAD_MB": "1"}) as server:
        database = AppDatabase.van_url(server.app_db_url)
        try:
            accounts = maak_accounts(database, server.settings, codes)
            yield Ingericht(server, codes, database, accounts, kopie, map_)
        finally:
            database.sluit()


def upload(
    b: Browser,
    pad: str,
    naam: str,
    data: bytes,
    *,
    csrf: str | None,
    soort: str = "application/pdf",
) -> Antwoord:
    """A multipart form post as a browser sends it: the CSRF field, then the file."""
    grens = uuid.uuid4().hex
    delen = []
    if csrf is not None:
        delen.append(
            f'--{grens}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'.encode()
        )
    delen.append(
        f'--{grens}\r\nContent-Disposition: form-data; name="bestand"; filename="{naam}"\r\n'
        f"Content-Type: {soort}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    body = b"".join(delen) + f"--{grens}--\r\n".encode()
    adres = urlsplit(b.base)
    verbinding = http.client.HTTPConnection(adres.hostname or "", adres.port, timeout=60)
    koppen = {
        "Content-Type": f"multipart/form-data; boundary={grens}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in b.cookies.items()),
    }
    try:
        verbinding.request("POST", pad, body=body, headers=koppen)
        antwoord = verbinding.getresponse()
        return Antwoord(antwoord.status, antwoord.getheaders(), antwoord.read())
    finally:
        verbinding.close()


def _item(o: Ingericht, titel: str = "Lasproject") -> int:
    k = opslag.draag_bij(o.db, o.accounts["regio"], maak(o.codes.regio, titel), regio=o.codes.regio)
    return k.id


def _opslag(o: Ingericht, bestand_id: int) -> Path:
    with o.db.transactie() as s:
        rij = s.get(KennisBestand, bestand_id)
        assert rij is not None
        return o.server.settings.bestanden_map / rij.opslagnaam


def test_upload_download_and_remove_over_http(o: Ingericht) -> None:
    regio = o.als("regio")
    csrf = regio.csrf()
    item = _item(o)
    bewerken = regio.get(f"/kennisbank/{item}/bewerken")
    assert bewerken.status == 200
    assert f'action="/kennisbank/{item}/bestanden" enctype="multipart/form-data"' in bewerken.text

    antwoord = upload(regio, f"/kennisbank/{item}/bestanden", "Les <1>.pdf", PDF, csrf=csrf)
    assert antwoord.status == 303, antwoord.text
    assert antwoord.kop("location") == f"/kennisbank/{item}/bewerken#bestanden"
    [b] = bestanden.van_item(o.db, item)
    assert b.naam == "Les _1.pdf"
    assert _opslag(o, b.id).read_bytes() == PDF
    assert o.server.settings.bestanden_map.parent == o.map, "beside the application database"

    anoniem = Browser(o.base)
    assert anoniem.get(b.url).status == 404, "a concept's file is not public"
    eigen = regio.get(b.url)
    assert eigen.status == 200 and eigen.body == PDF and eigen.kop("cache-control") == "no-store"

    opslag.publiceer(o.db, o.accounts["landelijk"], item)
    openbaar = anoniem.get(b.url)
    assert openbaar.status == 200 and openbaar.body == PDF
    assert openbaar.kop("content-type") == "application/pdf"
    assert openbaar.kop("x-content-type-options") == "nosniff"
    assert openbaar.kop("content-disposition") == 'attachment; filename="Les _1.pdf"'
    assert anoniem.get(f"/kennisbank/{item}/bestand/{b.id + 1000}").status == 404
    assert anoniem.get(f"/kennisbank/{item + 1000}/bestand/{b.id}").status == 404

    # a text file named .html is served as text, under a .txt name
    html = b"<script>alert(1)</script>"
    upload(
        regio, f"/kennisbank/{item}/bestanden", "pagina.html", html, csrf=csrf, soort="text/html"
    )
    tekst = bestanden.van_item(o.db, item)[-1]
    assert tekst.naam == "pagina.html.txt" and tekst.media_type.startswith("text/plain")
    assert regio.get(tekst.url).kop("content-type") == "text/plain; charset=utf-8"
    assert anoniem.get(b.url).status == 404, "new file: the item is moderated again"

    weg = regio.post(f"/kennisbank/{item}/bestand/{b.id}/verwijderen", {"csrf": csrf})
    assert weg.status == 303
    assert not _opslag_bestaat(o, b.id) and [x.id for x in bestanden.van_item(o.db, item)] == [
        tekst.id
    ]
    assert regio.get(b.url).status == 404
    assert len(list(o.server.settings.bestanden_map.iterdir())) >= 1


def _opslag_bestaat(o: Ingericht, bestand_id: int) -> bool:
    with o.db.transactie() as s:
        return s.get(KennisBestand, bestand_id) is not None


def test_refusals_are_4xx_in_dutch(o: Ingericht) -> None:
    regio = o.als("regio")
    csrf = regio.csrf()
    item = _item(o, "Weigeringen")
    pad = f"/kennisbank/{item}/bestanden"
    exe = upload(regio, pad, "rapport.pdf", b"MZ\x90\x00programma", csrf=csrf)
    assert exe.status == 415 and "Dit soort bestand kan niet" in exe.text
    assert 'enctype="multipart/form-data"' in exe.text, "the form comes back"
    leeg = upload(regio, pad, "leeg.pdf", b"", csrf=csrf)
    assert leeg.status == 400 and "geen bestand" in leeg.text
    groot = upload(regio, pad, "groot.pdf", PDF + b"x" * (MB + 10), csrf=csrf)
    assert groot.status == 413 and "te groot" in groot.text
    heel_groot = upload(regio, pad, "groot.pdf", PDF + b"x" * (3 * MB), csrf=csrf)
    assert heel_groot.status == 400 and "te groot" in heel_groot.text
    assert upload(regio, pad, "les.pdf", PDF, csrf=None).status == 403
    assert upload(regio, pad, "les.pdf", PDF, csrf="vals").status == 403
    zonder = regio.post(pad, {"csrf": csrf})  # a plain form without the file
    assert zonder.status == 400 and "geen bestand" in zonder.text
    ander = o.als("regio_ander")
    assert upload(ander, pad, "les.pdf", PDF, csrf=ander.csrf()).status == 403
    assert upload(regio, "/kennisbank/999999/bestanden", "les.pdf", PDF, csrf=csrf).status == 404
    anoniem = Browser(o.base)
    assert upload(anoniem, pad, "les.pdf", PDF, csrf=anoniem.csrf()).status == 401
    assert bestanden.van_item(o.db, item) == []
    assert sorted(o.server.settings.bestanden_map.glob(".*")) == [], "no partial files"
    assert "Traceback" not in o.server.logtekst()


def test_the_form_in_chromium(o: Ingericht, browser: Chromium, tmp_path: Path) -> None:
    regio = ingelogd(o.base, o.accounts["regio"].email)
    item = _item(o, "Lesbrief met bijlagen")
    goed, fout = tmp_path / "Lesbrief lassen.pdf", tmp_path / "programma.pdf"
    goed.write_bytes(PDF)
    fout.write_bytes(b"MZ\x90\x00programma")
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    for breedte in (1366, 375):
        context = browser.new_context(viewport={"width": breedte, "height": 900})
        context.add_cookies(
            [{"name": k, "value": v, "url": o.base} for k, v in regio.cookies.items()]
        )
        page = context.new_page()
        page.goto(f"{o.base}/kennisbank/{item}/bewerken")
        page.set_input_files("#kb-bestand", str(goed))
        page.get_by_role("button", name="Bestand uploaden").click()
        page.wait_for_url(f"**/kennisbank/{item}/bewerken*")
        page.locator("#bestanden").screenshot(
            path=str(ARTEFACTEN / f"kennisbank-bestanden-{breedte}.png")
        )
        page.set_input_files("#kb-bestand", str(fout))
        page.get_by_role("button", name="Bestand uploaden").click()
        page.wait_for_load_state()
        assert "Het bestand is niet toegevoegd" in page.content()
        assert "Lesbrief lassen.pdf" in page.content()
        breed = page.evaluate("document.documentElement.scrollWidth")
        assert breed <= breedte, f"page wider than the screen at {breedte}px"
        page.screenshot(
            path=str(ARTEFACTEN / f"kennisbank-bestand-fout-{breedte}.png"), full_page=True
        )
        context.close()
    assert len(bestanden.van_item(o.db, item)) == 2


def test_download_names_for_every_browser() -> None:
    assert bijlage("Les 1.pdf") == 'attachment; filename="Les 1.pdf"'
    assert bijlage("Aïsha's les.pdf") == (
        "attachment; filename=\"Aisha's les.pdf\"; filename*=UTF-8''A%C3%AFsha%27s%20les.pdf"
    )
