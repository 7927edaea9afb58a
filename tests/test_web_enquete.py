"""The survey form over real HTTP: links, drafts, submitting, revoking, closing, beheer, results.

One small warehouse (the schema and eight regions; the dashboard serves it with empty
indicators) and one real ``sto serve``, shared by this module. Answers and links live in the
application database beside the warehouse (where ``sto serve`` opens it); links are made with
the functions behind ``sto enquete uitnodigen``, as the national team would. The tests run in
order: later ones build on the responses of earlier ones.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest
from sqlalchemy import select

from sto_monitor import db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import EnqueteUitnodiging
from sto_monitor.settings import Settings
from sto_monitor.survey import uitnodiging
from sto_monitor.survey.uitnodiging import hash_token
from sto_monitor.survey.vragenlijst import laad
from tests.web_fixtures import Antwoord, get, serve
from tests.web_sessies import WACHTWOORD as ACCOUNT_WACHTWOORD
from tests.web_sessies import Browser, ingelogd

WACHTWOORD = "correct paard batterij"
REGIOS = [f"R{i:02d}" for i in range(1, 9)]
GEEN_TOEGANG = "Deze enquêtelink is niet (meer) geldig"


def maak_warehouse(path: Path) -> None:
    """The schema and eight regions: enough for the survey pages."""
    con = db.connect(path)
    try:
        con.executemany(
            "INSERT INTO regio VALUES ('2020-2024', 2020, 2024, ?, ?, false, false, NULL)",
            [(r, f"Regio {r[1:]}") for r in REGIOS],
        )
    finally:
        con.close()


def app_db_van(database: Path) -> AppDatabase:
    """The application database beside the warehouse, where ``sto serve`` opens it."""
    return AppDatabase.open(replace(Settings.from_env({}), db=database))


def links(database: Path, golf: int, *regios: str) -> dict[str, str]:
    """New links (regio -> path), as ``sto enquete uitnodigen`` makes them."""
    app_db = app_db_van(database)
    con = db.connect(database, read_only=True)
    try:
        gemaakt, _ = uitnodiging.uitnodigen(
            app_db, con, golf, list(regios) or None, wie="terminal:test"
        )
    finally:
        con.close()
        app_db.sluit()
    return {u.regio: f"/enquete/{u.token}" for u in gemaakt}


def trek_in(database: Path, golf: int, regio: str) -> None:
    """``sto enquete intrekken``."""
    app_db = app_db_van(database)
    try:
        uitnodiging.intrekken(app_db, golf, regio, wie="terminal:test")
    finally:
        app_db.sluit()


def zet_gesloten(database: Path, golf: int, gesloten: bool) -> None:
    """``sto enquete sluit`` / ``sto enquete open``."""
    app_db = app_db_van(database)
    try:
        uitnodiging.zet_gesloten(app_db, golf, gesloten, wie="terminal:test")
    finally:
        app_db.sluit()


class GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def post(
    base: str, path: str, velden: dict[str, str], headers: dict[str, str] | None = None
) -> Antwoord:
    """POST a form over real HTTP without following the redirect."""
    data = urlencode(velden).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers or {})
    opener = urllib.request.build_opener(GeenRedirect)
    try:
        with opener.open(request, timeout=30) as answer:
            return Antwoord(answer.status, dict(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Antwoord(error.code, dict(error.headers.items()), error.read())


def kop(antwoord: Antwoord, naam: str) -> str:
    """A response header, whatever its case."""
    return next(v for k, v in antwoord.headers.items() if k.lower() == naam.lower())


def basic(wachtwoord: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"beheer:{wachtwoord}".encode()).decode()}


def respons(database: Path, golf: int, regio: str) -> tuple[str, dict[str, object]] | None:
    """The region's stored response (status, item -> answer as text), from the application
    database; None when it has none."""
    app_db = app_db_van(database)
    try:
        r = uitnodiging.lees_respons(app_db, golf, regio)
    finally:
        app_db.sluit()
    if r.status is None:
        return None
    assert r.bron == "formulier"
    return r.status, {k: str(v) for k, v in r.antwoorden.items()}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("enquete") / "sto.duckdb"
    maak_warehouse(path)
    return path


@pytest.fixture(scope="module")
def uitnodigingen(warehouse: Path) -> dict[str, str]:
    return links(warehouse, 2024)


@pytest.fixture(scope="module")
def server(warehouse: Path, uitnodigingen: dict[str, str]) -> Iterator[str]:
    with serve(warehouse) as base:
        yield base


@pytest.fixture(scope="module")
def accounts(warehouse: Path, server: str) -> dict[str, str]:
    """A landelijk and a regio account in the served application database (beside the file)."""
    database = app_db_van(warehouse)
    beheer = terminal("test")
    ww = Wachtwoorden.van(Settings.from_env({}))
    gebruikers.toevoegen(
        database, beheer, email="team@sto.example", naam="Team", rol=Rol.LANDELIJK,
        wachtwoord=ACCOUNT_WACHTWOORD, wachtwoorden=ww,
    )  # fmt: skip
    gebruikers.toevoegen(
        database, beheer, email="pl@regio.example", naam="PL", rol=Rol.REGIO, regios=["R01"],
        wachtwoord=ACCOUNT_WACHTWOORD, wachtwoorden=ww,
    )  # fmt: skip
    database.sluit()
    return {"landelijk": "team@sto.example", "regio": "pl@regio.example"}


def test_links_store_only_a_hash(warehouse: Path, uitnodigingen: dict[str, str]) -> None:
    assert sorted(uitnodigingen) == REGIOS
    token = uitnodigingen["R01"].rsplit("/", 1)[1]
    assert len(token) >= 43
    database = app_db_van(warehouse)
    try:
        with database.transactie() as s:
            opgeslagen = set(s.scalars(select(EnqueteUitnodiging.token_sha256)))
    finally:
        database.sluit()
    assert hash_token(token) in opgeslagen
    assert not any(token in h for h in opgeslagen)
    # a second run skips regions that already have a working link
    assert links(warehouse, 2024, "R01") == {}


def test_form_has_a_fieldset_per_item(server: str, uitnodigingen: dict[str, str]) -> None:
    antwoord = get(server, uitnodigingen["R01"])
    assert antwoord.status == 200
    assert kop(antwoord, "Cache-Control") == "no-store"
    assert kop(antwoord, "Referrer-Policy") == "same-origin"
    vl = laad(2024)
    assert antwoord.text.count("<fieldset") == len(vl.items())
    assert antwoord.text.count("<legend>") == len(vl.items())
    assert 'name="urgentie.docenten" value="1"' in antwoord.text
    assert "Concept opslaan" in antwoord.text and "Versturen" in antwoord.text
    assert "Regio 01" in antwoord.text


def test_draft_then_submit_then_edit(
    server: str, warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    pad = uitnodigingen["R01"]
    concept = {
        "golf": "2024",
        "urgentie.docenten": "2",
        "trots": "Het techniekhuis",
        "actie": "concept",
    }
    antwoord = post(server, pad, concept)
    assert antwoord.status == 303
    assert kop(antwoord, "Location") == f"{pad}?opgeslagen=concept"
    assert respons(warehouse, 2024, "R01") == (
        "concept",
        {"urgentie.docenten": "2", "trots": "Het techniekhuis"},
    )
    pagina = get(server, pad).text
    assert 'name="urgentie.docenten" value="2" checked' in pagina
    assert "Het techniekhuis</textarea>" in pagina
    assert "Er is een concept opgeslagen" in pagina

    assert (
        post(server, pad, {**concept, "impact.uitstraling": "7", "actie": "versturen"}).status
        == 303
    )
    status, items = respons(warehouse, 2024, "R01") or ("", {})
    assert status == "ingediend" and items["impact.uitstraling"] == "7"
    pagina = get(server, f"{pad}?opgeslagen=ingediend").text
    assert "U kunt uw antwoorden wijzigen tot de enquête sluit" in pagina
    assert "vragen open (dat mag)" in pagina  # incomplete is accepted, the open items are listed
    assert "Concept opslaan" not in pagina

    # editing after submitting: the answers change, the response stays submitted
    assert post(server, pad, {**concept, "urgentie.docenten": "", "actie": "concept"}).status == 303
    assert respons(warehouse, 2024, "R01") == ("ingediend", {"trots": "Het techniekhuis"})


def test_invalid_answer_is_refused_and_input_kept(
    server: str, uitnodigingen: dict[str, str]
) -> None:
    antwoord = post(
        server,
        uitnodigingen["R02"],
        {"golf": "2024", "urgentie.docenten": "9", "trots": "bewaard", "actie": "concept"},
    )
    assert antwoord.status == 400
    assert "geen geldig antwoord" in antwoord.text
    assert "bewaard</textarea>" in antwoord.text


def test_wrong_and_revoked_tokens_get_no_access(
    server: str, warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    pad = uitnodigingen["R08"]
    assert get(server, pad).status == 200
    trek_in(warehouse, 2024, "R08")
    for fout in (pad, "/enquete/" + "A" * 43, "/enquete/kort", "/enquete/%3Cscript%3E"):
        antwoord = get(server, fout)
        assert antwoord.status == 404, fout
        assert GEEN_TOEGANG in antwoord.text
    assert post(server, pad, {"golf": "2024", "actie": "concept"}).status == 404
    assert respons(warehouse, 2024, "R08") is None


def test_post_from_another_site_is_refused(server: str, uitnodigingen: dict[str, str]) -> None:
    velden = {"golf": "2024", "actie": "concept"}
    pad = uitnodigingen["R03"]
    assert post(server, pad, velden, {"Origin": "http://example.org"}).status == 403
    assert post(server, pad, velden, {"Referer": "http://example.org/x"}).status == 403
    assert post(server, pad, velden, {"Origin": server}).status == 303


def test_the_form_takes_answers_while_the_warehouse_is_written(
    server: str, warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    """Issue 16: the form writes the application database only, so `sto ingest` or `sto build`
    holding the warehouse (DuckDB lets one process write a file) never makes it wait."""
    velden = {"golf": "2024", "leeft": "2", "trots": "niet kwijt", "actie": "concept"}
    bezet = duckdb.connect(str(warehouse))  # another process writes the file
    try:
        assert get(server, uitnodigingen["R04"]).status == 200
        antwoord = post(server, uitnodigingen["R04"], velden)
        assert antwoord.status == 303
        assert get(server, "/enquete/resultaten/2024").status == 200
    finally:
        bezet.close()
    assert respons(warehouse, 2024, "R04") == ("concept", {"leeft": "2", "trots": "niet kwijt"})
    # the write has its audit record: by the region's link, never with the token
    database = app_db_van(warehouse)
    try:
        with database.transactie() as s:
            regel = audit.lees(s, regio="R04", limiet=1)[0]
    finally:
        database.sluit()
    assert (regel.wie, regel.actie, regel.object_id) == (
        "regio R04 (uitnodigingslink)",
        "enquête als concept bewaard",
        "2024/R04",
    )
    token = uitnodigingen["R04"].rsplit("/", 1)[1]
    assert token not in repr((regel.voor, regel.na))


def test_an_unreachable_application_database_gives_503_and_keeps_input(
    warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from sto_monitor.web.app import create_app

    weg = AppDatabase.van_url("postgresql://niemand@127.0.0.1:1/sto", migreren=False)
    velden = {"golf": "2024", "leeft": "2", "trots": "niet kwijt", "actie": "concept"}
    app = create_app(warehouse, app_db=weg)

    async def vraag() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            post = await client.post(uitnodigingen["R05"], data=velden)
            return post, await client.get(uitnodigingen["R05"])

    # in a thread of its own: an earlier browser test may leave this thread's event loop running
    try:
        with ThreadPoolExecutor(1) as draad:
            antwoord, formulier = draad.submit(lambda: asyncio.run(vraag())).result()
    finally:
        weg.sluit()
    assert antwoord.status_code == 503
    assert "Probeer het over een minuut opnieuw" in antwoord.text
    assert "niet kwijt</textarea>" in antwoord.text
    assert 'name="leeft" value="2" checked' in antwoord.text
    assert formulier.status_code == 503
    assert respons(warehouse, 2024, "R05") is None


def test_beheer_is_for_the_landelijk_role(server: str, accounts: dict[str, str]) -> None:
    # not signed in: to the sign-in page; the old shared password opens nothing
    for headers in ({}, basic(WACHTWOORD), {"Authorization": "Bearer x"}):
        antwoord = Browser(server).get("/enquete/beheer/2024", koppen=headers)
        assert antwoord.status == 303
        assert (antwoord.kop("Location") or "").startswith("/inloggen?terug=")
        assert "R01" not in antwoord.text
    regio = ingelogd(server, accounts["regio"])
    assert regio.get("/enquete/beheer/2024").status == 403
    team = ingelogd(server, accounts["landelijk"])
    antwoord = team.get("/enquete/beheer/2024")
    assert antwoord.status == 200
    assert antwoord.kop("Cache-Control") == "no-store"
    rij = re.search(r"R01</a></th>(.*?)</tr>", antwoord.text, re.S)
    assert rij and "ingediend" in rij.group(1)
    per_regio = team.get("/enquete/beheer/2024/R01")
    assert per_regio.status == 200 and "Het techniekhuis" in per_regio.text
    assert Browser(server).get("/enquete/beheer/2024/R01").status == 303


def test_results_hide_fewer_than_five(server: str, uitnodigingen: dict[str, str]) -> None:
    pagina = get(server, "/enquete/resultaten/2024")
    assert pagina.status == 200 and 'id="te-weinig"' in pagina.text  # 1 submitted so far
    assert post(server, uitnodigingen["R07"], {"golf": "2024", "leeft": "1"}).status == 303
    for regio in ("R02", "R03", "R04", "R05", "R06"):
        velden = {"golf": "2024", "urgentie.docenten": "1", "impact.uitstraling": "8"}
        assert post(server, uitnodigingen[regio], {**velden, "actie": "versturen"}).status == 303
    pagina = get(server, "/enquete/resultaten/2024")
    assert 'id="te-weinig"' not in pagina.text
    assert "Respondenten: 6." in pagina.text  # R01 and R02-R06; R07's draft does not count
    tekst = re.sub(r"\s+", " ", pagina.text)
    assert (
        'Voldoende techniekdocenten</th> <td>5</td><td class="sleutel">100% (zeer) urgent' in tekst
    )
    assert "uitstraling te geven</th> <td>5</td>" in tekst and "<td>8,0</td>" in tekst
    # leeft: only R07's draft answers it (R04's answer was replaced): 0 counted, hidden
    assert (
        'leeft STO in uw regio?</th> <td>0</td><td class="sleutel" colspan="2">te weinig' in tekst
    )


def test_closed_wave_is_read_only(
    server: str, warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    pad = uitnodigingen["R01"]
    # self-contained: R01 has a submitted answer before the wave closes
    opgeslagen = post(
        server, pad, {"golf": "2024", "trots": "Het techniekhuis", "actie": "versturen"}
    )
    assert opgeslagen.status in (200, 303)
    zet_gesloten(warehouse, 2024, True)
    try:
        pagina = get(server, pad)
        assert pagina.status == 200
        assert "<form" not in pagina.text and "De enquête is gesloten" in pagina.text
        assert "Het techniekhuis" in pagina.text
        antwoord = post(server, pad, {"golf": "2024", "trots": "te laat", "actie": "versturen"})
        assert antwoord.status == 409
        assert respons(warehouse, 2024, "R01") == ("ingediend", {"trots": "Het techniekhuis"})
    finally:
        zet_gesloten(warehouse, 2024, False)
    assert "<form" in get(server, pad).text
