"""The survey form over real HTTP: links, drafts, submitting, revoking, closing, beheer, results.

One small warehouse (the schema and eight regions; the dashboard serves it with empty
indicators) and one real ``sto serve`` with a beheer password, shared by this module. Links
are made with the CLI, as the national team would. The tests run in order: later ones build
on the responses of earlier ones.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import duckdb
import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.cli import cli
from sto_monitor.settings import Settings
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


def sto(database: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(database), *args])
    assert result.exit_code == 0, result.output
    return result.output


def links(database: Path, golf: int, *regios: str) -> dict[str, str]:
    """New links (regio -> path) via ``sto enquete uitnodigen``."""
    args = [a for r in regios for a in ("--regio", r)] if regios else ["--alle"]
    output = sto(database, "enquete", "uitnodigen", "--golf", str(golf), "--quiet", *args)
    found = dict(line.split("\t") for line in output.splitlines() if "\t" in line)
    return {regio: urlsplit(url).path for regio, url in found.items()}


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
    con = duckdb.connect(str(database), read_only=True)
    try:
        row = con.execute(
            "SELECT status, bron FROM enquete_respons WHERE golf = ? AND regio = ?", [golf, regio]
        ).fetchone()
        items = con.execute(
            "SELECT item, coalesce(CAST(code AS VARCHAR), tekst) FROM enquete_antwoord "
            "WHERE golf = ? AND regio = ?",
            [golf, regio],
        ).fetchall()
    finally:
        con.close()
    if row is None:
        return None
    assert row[1] == "formulier"
    return str(row[0]), dict(items)


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
    database = AppDatabase.van_url(f"sqlite:///{warehouse.with_name('sto-app.sqlite')}")
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
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        opgeslagen = {
            h for (h,) in con.execute("SELECT token_sha256 FROM enquete_uitnodiging").fetchall()
        }
    finally:
        con.close()
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
    sto(warehouse, "enquete", "intrekken", "--golf", "2024", "--regio", "R08", "--quiet")
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


def test_busy_warehouse_gives_503_and_keeps_input(
    server: str, warehouse: Path, uitnodigingen: dict[str, str]
) -> None:
    velden = {"golf": "2024", "leeft": "2", "trots": "niet kwijt", "actie": "concept"}
    bezet = duckdb.connect(str(warehouse))  # another process writes the file
    try:
        antwoord = post(server, uitnodigingen["R04"], velden)
    finally:
        bezet.close()
    assert antwoord.status == 503
    assert "Probeer het over een minuut opnieuw" in antwoord.text
    assert "niet kwijt</textarea>" in antwoord.text
    assert 'name="leeft" value="2" checked' in antwoord.text
    assert post(server, uitnodigingen["R04"], velden).status == 303


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
    sto(warehouse, "enquete", "sluit", "--golf", "2024", "--quiet")
    try:
        pagina = get(server, pad)
        assert pagina.status == 200
        assert "<form" not in pagina.text and "De enquête is gesloten" in pagina.text
        assert "Het techniekhuis" in pagina.text
        antwoord = post(server, pad, {"golf": "2024", "trots": "te laat", "actie": "versturen"})
        assert antwoord.status == 409
        assert respons(warehouse, 2024, "R01") == ("ingediend", {"trots": "Het techniekhuis"})
    finally:
        sto(warehouse, "enquete", "open", "--golf", "2024", "--quiet")
    assert "<form" in get(server, pad).text
