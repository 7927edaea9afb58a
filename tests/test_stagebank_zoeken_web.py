"""The public stagebank search, a place's page, the Atom feed and saved searches, over a real
``sto serve`` on a copy of the generated warehouse with a real SQLite application database.

Places are published through the domain at PC4 centroids of the warehouse chosen by their
distance to a real vestiging: one within 10 km, one between 10 and 20 km, and three that must
never be found (expired, withdrawn, company no longer confirmed). The list, the map's numbered
points, the feed's entries and the place pages are checked against exactly that; odd query
strings give a Dutch 400, never a 500; the public pages read no session; a saved search is
kept per person, and someone else's cannot be deleted.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select, update

from sto_monitor import db as warehouse
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, StageBedrijf, StageZoekopdracht
from sto_monitor.publicatie.gegevens import Vestiging, laad
from sto_monitor.stagebank import opslag
from sto_monitor.stagebank.plek import Locatie, PlekInvoer, controleer, postcodes
from sto_monitor.stagebank.zoeken import haversine_km
from tests.web_sessies import (
    Browser,
    Ingericht,
    codes_van,
    csrf_van,
    dashboard_proces,
    ingelogd,
    ingericht,
    maak_accounts,
)

ATOM = "{http://www.w3.org/2005/Atom}"
VANDAAG = date.today()


@dataclass
class Stagebank(Ingericht):
    vestiging: Vestiging | None = None
    dichtbij: int = 0  # place ids
    verder: int = 0
    verlopen: int = 0
    ingetrokken: int = 0
    onbevestigd: int = 0
    pc_dichtbij: str = ""
    onbekende_pc: str = ""


def _plek(pc: str, titel: str, profiel: str, begin: date, eind: date) -> PlekInvoer:
    return PlekInvoer(
        titel=titel,
        profielen=(profiel,),
        leerwegen=("bb", "kb"),
        begin=begin,
        eind=eind,
        aantal=2,
        adres="Industrieweg 4",
        postcode=f"{pc} AB",
        contact_naam="J. de Vries",
        contact_email="stage@bedrijf.nl",
        contact_telefoon="030 123 45 67",
        omschrijving="Meewerken in de werkplaats.",
    )


def _richt_in(o: Ingericht) -> Stagebank:
    snap = laad(o.warehouse)
    con = warehouse.connect(o.warehouse, read_only=True)
    try:
        pcs = postcodes(con, snap.gemeente_regio)
    finally:
        con.close()
    v = next(x for x in snap.vestigingen if x.code == o.codes.vestiging)
    assert v.lat is not None and v.lon is not None
    lat, lon = v.lat, v.lon

    def km(loc: Locatie) -> float:
        return haversine_km(lat, lon, loc.lat, loc.lon)

    dichtbij = min(pcs.values(), key=km)
    verder = min((x for x in pcs.values() if 13 <= km(x) <= 18), key=km)
    assert km(dichtbij) < 5, km(dichtbij)
    bedrijf, landelijk = o.accounts["bedrijf"], o.accounts["landelijk"]
    b = opslag.registreer_bedrijf(
        o.db, bedrijf, naam="Installatiebedrijf Jansen", adres="Dorpsstraat 1",
        postcode_tekst=dichtbij.pc4, pcs=pcs,
    )  # fmt: skip
    opslag.bevestig_bedrijf(o.db, landelijk, b.id)
    begin, eind = VANDAAG + timedelta(days=60), VANDAAG + timedelta(days=120)

    def publiceer(bedrijf_id: int, pc: str, titel: str, profiel: str = "PIE", **kw: date) -> int:
        plek = controleer(
            _plek(pc, titel, profiel, kw.get("begin", begin), kw.get("eind", eind)), pcs
        )
        return opslag.publiceer(o.db, bedrijf, bedrijf_id, plek).id

    s = Stagebank(**o.velden(), vestiging=v, pc_dichtbij=dichtbij.pc4)
    s.dichtbij = publiceer(b.id, dichtbij.pc4, "Meewerkstage installatietechniek")
    s.verder = publiceer(b.id, verder.pc4, "Timmerwerkplaats", "BWI")
    s.verlopen = publiceer(
        b.id, dichtbij.pc4, "Verlopen stage",
        begin=VANDAAG - timedelta(days=30), eind=VANDAAG - timedelta(days=1),
    )  # fmt: skip
    s.ingetrokken = publiceer(b.id, dichtbij.pc4, "Ingetrokken stage")
    opslag.trek_in(o.db, bedrijf, s.ingetrokken)
    b2 = opslag.registreer_bedrijf(
        o.db, bedrijf, naam="Nog niet bevestigd", adres="Laan 2", postcode_tekst=dichtbij.pc4,
        pcs=pcs,
    )  # fmt: skip
    opslag.bevestig_bedrijf(o.db, landelijk, b2.id)
    s.onbevestigd = publiceer(b2.id, dichtbij.pc4, "Stage van onbevestigd bedrijf")
    with o.db.transactie() as session:  # as if the confirmation were withdrawn
        session.execute(update(StageBedrijf).where(StageBedrijf.id == b2.id).values(bevestigd=None))
    s.onbekende_pc = next(str(n) for n in range(1000, 10000) if str(n) not in pcs)
    return s


@pytest.fixture(scope="module")
def sb(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stagebank]:
    with ingericht(web_db, tmp_path_factory.mktemp("stagebank-zoeken")) as o:
        yield _richt_in(o)


def _zoek(sb: Stagebank, **params: str) -> tuple[int, str]:
    a = Browser(sb.base).get("/stagebank?" + urllib.parse.urlencode(params))
    return a.status, a.text


def _ids(tekst: str) -> list[int]:
    lijst = tekst.split('class="sbz-treffers"', 1)[-1].split("</ol>", 1)[0]
    return [int(x) for x in re.findall(r'href="/stagebank/plaats/(\d+)"', lijst)]


# ---------------------------------------------------------------- the search


def test_ten_km_of_the_vestiging_finds_only_the_near_current_place(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    status, tekst = _zoek(sb, vestiging=sb.vestiging.code)
    assert status == 200, tekst[:2000]
    assert _ids(tekst) == [sb.dichtbij]
    assert "1 stageplaats" in tekst and "binnen 10 km van" in tekst
    assert "Produceren, installeren en energie" in tekst
    # the distance with one decimal and a comma, as afstand_tekst writes it
    assert re.search(r'class="sbz-afstand">\d,\d km<', tekst)
    # the map: the radius circle, the centre and one numbered point linking to list item 1
    kaart = tekst.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'class="sbz-straal"' in kaart and 'class="sbz-middelpunt"' in kaart
    assert kaart.count('class="sbz-punt"') == 1 and 'href="#plaats-1"' in kaart
    assert 'id="plaats-1"' in tekst
    for weg in ("Verlopen stage", "Ingetrokken stage", "onbevestigd bedrijf"):
        assert weg not in tekst


def test_twenty_km_adds_the_farther_place_after_the_near_one(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    status, tekst = _zoek(sb, vestiging=sb.vestiging.code, straal="20")
    assert status == 200
    assert _ids(tekst) == [sb.dichtbij, sb.verder]
    afstanden = [float(x.replace(",", ".")) for x in re.findall(r'sbz-afstand">([\d,]+) km', tekst)]
    assert afstanden == sorted(afstanden) and 10 < afstanden[1] <= 20
    _, bwi = _zoek(sb, vestiging=sb.vestiging.code, straal="20", profiel="BWI")
    assert _ids(bwi) == [sb.verder]
    # a period that ends before the places begin leaves nothing
    _, eerder = _zoek(sb, vestiging=sb.vestiging.code, straal="20", tot=VANDAAG.isoformat())
    assert _ids(eerder) == [] and "Geen stageplaatsen" in eerder
    maand = (VANDAAG + timedelta(days=90)).strftime("%Y-%m")
    _, in_maand = _zoek(sb, vestiging=sb.vestiging.code, straal="20", van=maand, tot=maand)
    assert _ids(in_maand) == [sb.dichtbij, sb.verder]


def test_by_postcode_by_name_and_from_the_list(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    status, tekst = _zoek(sb, postcode=f"{sb.pc_dichtbij} XY", straal="5")
    assert status == 200 and _ids(tekst) == [sb.dichtbij]
    assert 'sbz-afstand">0,0 km<' in tekst and f"postcode {sb.pc_dichtbij}" in tekst
    keuze = f"{sb.vestiging.naam}, {sb.vestiging.plaats} ({sb.vestiging.code})"
    assert f'<option value="{keuze}">' in tekst.replace("&#39;", "'")  # the list to choose from
    status, tekst = _zoek(sb, vestiging=keuze)
    assert status == 200 and _ids(tekst) == [sb.dichtbij]
    status, tekst = _zoek(sb, vestiging=sb.vestiging.naam)
    if status == 400:  # a name several schools share: the page offers them as links
        assert "kies er één" in tekst and sb.vestiging.code in tekst
    else:
        assert _ids(tekst) == [sb.dichtbij]


@pytest.mark.parametrize(
    ("params", "bericht"),
    [
        ({"postcode": "ONBEKEND"}, "Vul een postcode in als 1234 AB."),
        ({"vestiging": "zzzz qqqq onbekende school"}, "We kennen geen school"),
        ({"vestiging": "01AB00", "postcode": "1234"}, "niet allebei"),
        ({"postcode": "1234", "straal": "25"}, "0 tot en met 20 km"),
        ({"postcode": "1234", "straal": "abc"}, "0 tot en met 20 km"),
        ({"postcode": "1234", "straal": "nan"}, "0 tot en met 20 km"),
        ({"postcode": "1234", "straal": "-1"}, "0 tot en met 20 km"),
        ({"postcode": "1234", "profiel": "XYZ"}, "Kies een profiel"),
        ({"postcode": "1234", "van": "2027-13-45"}, "Vul een datum in"),
        ({"postcode": "1234", "van": "2027-05-01", "tot": "2027-04"}, "vóór het begin"),
        ({"vestiging": "x" * 500}, "te lang"),
    ],
)
def test_odd_questions_get_a_dutch_answer_and_keep_what_was_typed(
    sb: Stagebank, params: dict[str, str], bericht: str
) -> None:
    status, tekst = _zoek(sb, **params)
    assert status == 400, tekst[:500]
    assert bericht in tekst and 'role="alert"' in tekst
    for waarde in params.values():
        if len(waarde) < 100 and waarde != "XYZ":
            assert f'value="{waarde}"' in tekst


def test_an_unknown_postcode_and_raw_garbage_never_fail(sb: Stagebank) -> None:
    status, tekst = _zoek(sb, postcode=sb.onbekende_pc)
    assert status == 400 and f"Postcode {sb.onbekende_pc} is niet bekend" in tekst
    vreemd = (
        "straal=%00&postcode=%ff%fe",
        "postcode=1234&postcode=&vestiging=%E2%80%AE",
        "van=&tot=&straal=&profiel=",
        "straal=1e309&postcode=1234",
        "%%%&&==",
    )
    for query in vreemd:
        a = Browser(sb.base).get("/stagebank?" + query)
        assert a.status in (200, 400), (query, a.status)


def test_the_public_pages_read_no_session_and_can_be_kept(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    b = sb.als("school")
    pad = f"/stagebank?vestiging={sb.vestiging.code}"
    a = b.get(pad)
    assert a.status == 200 and not a.cookies()
    assert "Uitloggen" not in a.text  # the same page for everybody
    assert a.kop("Cache-Control") == "no-cache" and (etag := a.kop("ETag"))
    assert Browser(sb.base).get(pad).text == a.text
    assert Browser(sb.base).get(pad, koppen={"If-None-Match": etag}).status == 304


# ---------------------------------------------------------------- a place's page


def test_a_place_page_shows_a_current_place_and_404s_otherwise(sb: Stagebank) -> None:
    a = Browser(sb.base).get(f"/stagebank/plaats/{sb.dichtbij}")
    assert a.status == 200
    for stuk in ("Meewerkstage installatietechniek", "Installatiebedrijf Jansen",
                 "mailto:stage@bedrijf.nl", "030 123 45 67", "Meewerken in de werkplaats.",
                 "Basisberoepsgerichte leerweg"):  # fmt: skip
        assert stuk in a.text, stuk
    for weg in (sb.verlopen, sb.ingetrokken, sb.onbevestigd, 0, 99999999, 10**30):
        assert Browser(sb.base).get(f"/stagebank/plaats/{weg}").status == 404, weg
    assert Browser(sb.base).get("/stagebank/plaats/abc").status == 404


# ---------------------------------------------------------------- the feed


def test_the_feed_is_valid_atom_with_the_places_of_the_search(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    query = urllib.parse.urlencode({"vestiging": sb.vestiging.code, "straal": "20"})
    a = Browser(sb.base).get(f"/stagebank/feed.atom?{query}")
    assert a.status == 200 and (a.kop("Content-Type") or "").startswith("application/atom+xml")
    root = ET.fromstring(a.body)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == f"{sb.base}/stagebank/feed.atom?{query}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.findtext(f"{ATOM}updated") or "")
    zelf = [x for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert len(zelf) == 1 and zelf[0].get("href") == f"{sb.base}/stagebank/feed.atom?{query}"
    entries = root.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links == [f"{sb.base}/stagebank/plaats/{p}" for p in (sb.dichtbij, sb.verder)]
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert ids[0].startswith("tag:127.0.0.1,2026:stagebank/plaats/") and len(set(ids)) == 2
    eerste = entries[0]
    assert "Meewerkstage installatietechniek" in (eerste.findtext(f"{ATOM}title") or "")
    assert " km" in (eerste.findtext(f"{ATOM}summary") or "")
    assert "tot en met" in (eerste.findtext(f"{ATOM}summary") or "")
    assert re.fullmatch(r"\d{4}-.*Z", eerste.findtext(f"{ATOM}updated") or "")
    # an ETag lets a reader poll cheaply; a bad question is a 400 in words
    assert (
        Browser(sb.base)
        .get(f"/stagebank/feed.atom?{query}", koppen={"If-None-Match": a.kop("ETag") or ""})
        .status
        == 304
    )
    fout = Browser(sb.base).get("/stagebank/feed.atom?postcode=abc")
    assert fout.status == 400 and "postcode" in fout.text
    assert Browser(sb.base).get("/stagebank/feed.atom").status == 400


# ---------------------------------------------------------------- saved searches


def test_saved_searches_are_per_person_and_audited(sb: Stagebank) -> None:
    assert sb.vestiging is not None
    anoniem = Browser(sb.base).get("/stagebank/bewaard")
    assert anoniem.status == 303 and "/inloggen" in (anoniem.kop("Location") or "")
    school = sb.als("school")
    vraag = {"vestiging": sb.vestiging.code, "straal": "10", "profiel": "PIE"}
    pagina = school.get("/stagebank/bewaard?" + urllib.parse.urlencode(vraag))
    assert pagina.status == 200 and "Bewaar deze zoekopdracht" in pagina.text
    assert "Stuur mij een e-mail" not in pagina.text  # no SMTP on this server
    # a broken question: 400 with the message and what was typed
    fout = school.post("/stagebank/bewaard", {"csrf": csrf_van(pagina.text), "postcode": "99x"})
    assert fout.status == 400 and "Vul een postcode in" in fout.text
    leeg = school.post("/stagebank/bewaard", {"csrf": csrf_van(pagina.text)})
    assert leeg.status == 400 and "Kies een school of een postcode" in leeg.text
    # without a mail server the e-mail choice is not offered, and a forged "ja" is ignored
    gedaan = school.post(
        "/stagebank/bewaard", {"csrf": csrf_van(pagina.text), **vraag, "email": "ja"}
    )
    assert gedaan.status == 303, gedaan.text[:500]
    lijst = school.get("/stagebank/bewaard?gedaan=bewaard")
    assert "De zoekopdracht is bewaard." in lijst.text
    assert "Binnen 10 km van" in lijst.text and "profiel Produceren" in lijst.text
    assert "/stagebank/feed.atom?vestiging=" in lijst.text
    with sb.db.transactie() as session:
        z = session.scalars(select(StageZoekopdracht)).one()
        assert z.gebruiker_id == sb.accounts["school"].id and z.email is False
        assert z.vraag == {"vestiging": sb.vestiging.code, "straal": "10", "profiel": "PIE"}
        zid = z.id
    # another person cannot delete it (nor see it), and a form without its token is refused
    ander = sb.als("school_ander")
    andere_lijst = ander.get("/stagebank/bewaard")
    assert "Binnen 10 km" not in andere_lijst.text
    weg = ander.post(f"/stagebank/bewaard/{zid}/verwijderen", {"csrf": csrf_van(andere_lijst.text)})
    assert weg.status == 403
    assert school.post(f"/stagebank/bewaard/{zid}/verwijderen", {}).status == 403
    assert (
        school.post("/stagebank/bewaard/987654/verwijderen", {"csrf": csrf_van(lijst.text)}).status
        == 404
    )
    ok = school.post(f"/stagebank/bewaard/{zid}/verwijderen", {"csrf": csrf_van(lijst.text)})
    assert ok.status == 303
    assert "nog geen zoekopdrachten bewaard" in school.get("/stagebank/bewaard").text
    with sb.db.transactie() as session:
        acties = session.scalars(
            select(Auditregel.actie).where(Auditregel.soort == "stagezoekopdracht")
        ).all()
    assert sorted(acties) == ["zoekopdracht bewaard", "zoekopdracht verwijderd"]


def test_with_a_mail_server_the_email_choice_is_offered_and_kept(
    sb: Stagebank, tmp_path: Path
) -> None:
    kopie = tmp_path / "web.duckdb"
    shutil.copyfile(sb.warehouse, kopie)
    smtp = {"STO_SMTP_HOST": "127.0.0.1", "STO_SMTP_POORT": "2525"}  # never reached here
    with dashboard_proces(kopie, tmp_path, env=smtp) as server:
        database = AppDatabase.van_url(server.app_db_url)
        try:
            accounts = maak_accounts(database, server.settings, codes_van(kopie))
            school = ingelogd(server.base, accounts["school"].email)
            pagina = school.get(f"/stagebank/bewaard?postcode={sb.pc_dichtbij}&straal=5")
            assert "Stuur mij een e-mail bij nieuwe plaatsen" in pagina.text
            velden = {"csrf": csrf_van(pagina.text), "postcode": sb.pc_dichtbij, "straal": "5"}
            assert school.post("/stagebank/bewaard", {**velden, "email": "ja"}).status == 303
            lijst = school.get("/stagebank/bewaard").text
            assert "e-mail bij nieuwe plaatsen: aan" in lijst
            with database.transactie() as session:
                z = session.scalars(select(StageZoekopdracht)).one()
                assert z.email is True and z.middelpunt == f"postcode {sb.pc_dichtbij}"
        finally:
            database.sluit()
