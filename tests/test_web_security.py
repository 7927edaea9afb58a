"""The web's defences, against a real ``sto serve`` on loopback.

Session fixation, CSRF (no token, a wrong one, a foreign Origin or Referer), IDOR on another
region's toelichting, stored XSS in a toelichting on the public region page, the lockout over
HTTP, expired and reused reset links, the cookie flags (``Secure`` when the request arrived as
https through a proxy uvicorn trusts), and a server log without passwords or tokens. One server
for the module (on a copy of the shared warehouse, so a survey invitation can be made in it),
with its output in a file; every secret a test sees is remembered, and the last test searches
the whole log for all of them.

Toelichting tests skip while ``/toelichting/{id}`` and ``sto_monitor.toelichting.opslag`` do
not exist yet, and run by themselves once they do.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import func, select

from sto_monitor import db as warehouse_db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.accounts.gebruikers import token_hash
from sto_monitor.accounts.sessies import VRIJ
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, Resetlink, Sessie, Toelichting, nu
from sto_monitor.errors import StoError
from tests.web_sessies import (
    BEHEER,
    WACHTWOORD,
    Browser,
    Codes,
    Server,
    codes_van,
    dashboard_proces,
    ingelogd,
    maak_accounts,
    maak_toelichting,
    reset_token,
    toelichting_api,
)

NIEUW_WACHTWOORD = "een heel ander wachtwoord 42"


@dataclass
class Omgeving:
    server: Server
    db: AppDatabase
    codes: Codes
    accounts: dict[str, Actor]
    warehouse: Path
    uitnodiging: str | None
    geheimen: dict[str, str] = field(default_factory=dict)  # what, value: never in the log

    @property
    def base(self) -> str:
        return self.server.base

    def account(self, email: str) -> None:
        """A `regio` account of the own regio with :data:`WACHTWOORD`, for one test."""
        gebruikers.toevoegen(
            self.db, BEHEER, email=email, naam="Iemand", rol=Rol.REGIO,
            regios=[self.codes.regio], wachtwoord=WACHTWOORD,
            wachtwoorden=Wachtwoorden.van(self.server.settings),
        )  # fmt: skip

    def onthoud(self, wat: str, browser: Browser) -> None:
        for naam, waarde in browser.cookies.items():
            self.geheimen[f"{wat}: cookie {naam}"] = waarde

    def aantal(self, tabel: type[Sessie] | type[Auditregel]) -> int:
        with self.db.transactie() as session:
            return int(session.scalar(select(func.count()).select_from(tabel)) or 0)


def maak_uitnodiging(warehouse: Path, app_db_url: str, regio: str) -> str | None:
    """A survey invitation link's token for ``regio``, in the application database the server
    uses (the warehouse gives the regions); None when that cannot be done."""
    try:
        from sto_monitor.survey import uitnodiging
        from sto_monitor.survey.vragenlijst import beschikbare_golven

        database = AppDatabase.van_url(app_db_url)
        con = warehouse_db.connect(warehouse, read_only=True)
        try:
            gemaakt, _ = uitnodiging.uitnodigen(
                database, con, beschikbare_golven()[-1], [regio], wie="terminal:test"
            )
        finally:
            con.close()
            database.sluit()
        return str(gemaakt[0].token)
    except (ImportError, AttributeError, TypeError, IndexError, StoError, duckdb.Error):
        return None


@pytest.fixture(scope="module", name="o")
def omgeving(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Omgeving]:
    map_ = tmp_path_factory.mktemp("beveiliging")
    warehouse = map_ / "web.duckdb"
    shutil.copyfile(web_db, warehouse)
    codes = codes_van(warehouse)
    uitnodiging = maak_uitnodiging(warehouse, f"sqlite:///{map_ / 'app.sqlite'}", codes.regio)
    with dashboard_proces(warehouse, map_) as server:
        database = AppDatabase.van_url(server.app_db_url)
        accounts = maak_accounts(database, server.settings, codes)
        yield Omgeving(server, database, codes, accounts, warehouse, uitnodiging)
        database.sluit()


def _email(o: Omgeving, rol: str) -> str:
    return o.accounts[rol].email


def _geldig_als_landelijk(o: Omgeving, sessie: str) -> bool:
    """Does this session cookie still open a page only `landelijk` may see?"""
    antwoord = Browser(o.base, {"sto_sessie": sessie}).get("/beheer/audit")
    assert antwoord.status in (200, 303), antwoord.status
    return antwoord.status == 200


def _sessie_geldig(o: Omgeving, sessie: str) -> bool:
    """Is this a valid session (of any role)? Valid: 200 or 403; not signed in: 303."""
    antwoord = Browser(o.base, {"sto_sessie": sessie}).get("/beheer/audit")
    assert antwoord.status in (200, 303, 403), antwoord.status
    return antwoord.status != 303


def _bestaat(o: Omgeving, methode: str, pad: str) -> bool:
    """Whether a route exists: without a session, an existing private route asks to sign in."""
    antwoord = Browser(o.base).vraag(methode, pad, velden={} if methode == "POST" else None)
    return antwoord.status not in (404, 405)


# ---------------------------------------------------------------- sessions


def test_a_session_cookie_planted_before_sign_in_is_not_the_one_after(o: Omgeving) -> None:
    geplant = "aanvaller-kent-deze-waarde-0123456789abcdef"
    browser = Browser(o.base, {"sto_sessie": geplant})
    csrf_voor = browser.csrf()
    assert browser.inloggen(_email(o, "landelijk")).status == 303
    assert browser.sessie and browser.sessie != geplant
    assert browser.csrf() != csrf_voor  # the form token after sign-in is the session's own
    assert not _sessie_geldig(o, geplant)
    o.onthoud("fixatie", browser)


def test_a_real_session_planted_by_an_attacker_ends_when_the_victim_signs_in(o: Omgeving) -> None:
    aanvaller = ingelogd(o.base, _email(o, "regio"))
    token_aanvaller = aanvaller.sessie
    assert token_aanvaller and _sessie_geldig(o, token_aanvaller)
    slachtoffer = Browser(o.base, {"sto_sessie": token_aanvaller})
    assert slachtoffer.inloggen(_email(o, "landelijk")).status == 303
    assert slachtoffer.sessie and slachtoffer.sessie != token_aanvaller
    assert _geldig_als_landelijk(o, slachtoffer.sessie)
    # the planted token gives the attacker nothing: it is no session at all any more
    assert not _sessie_geldig(o, token_aanvaller)
    with o.db.transactie() as session:
        assert session.get(Sessie, token_hash(token_aanvaller)) is None
    o.onthoud("aanvaller", aanvaller)
    o.onthoud("slachtoffer", slachtoffer)


def test_signing_in_again_rotates_the_session_and_the_old_token_stops_working(
    o: Omgeving,
) -> None:
    browser = ingelogd(o.base, _email(o, "landelijk"))
    eerste = browser.sessie
    assert eerste and _geldig_als_landelijk(o, eerste)
    assert browser.inloggen(_email(o, "landelijk")).status == 303
    tweede = browser.sessie
    assert tweede and tweede != eerste
    assert _geldig_als_landelijk(o, tweede) and not _geldig_als_landelijk(o, eerste)
    o.onthoud("rotatie", browser)
    o.geheimen["rotatie: eerste sessie"] = eerste


# ---------------------------------------------------------------- CSRF


def test_a_form_post_without_the_right_token_or_from_another_site_changes_nothing(
    o: Omgeving,
) -> None:
    browser = ingelogd(o.base, _email(o, "landelijk"))
    sessie = browser.sessie
    assert sessie
    goed = browser.csrf()
    andere = ingelogd(o.base, _email(o, "commissie")).csrf()  # a valid token of another session
    audit_voor = o.aantal(Auditregel)
    pogingen: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, {}),
        ({"csrf": ""}, {}),
        ({"csrf": "verkeerd-" + goed[9:]}, {}),
        ({"csrf": andere}, {}),
        ({"csrf": goed}, {"Origin": "https://aanvaller.example"}),
        ({"csrf": goed}, {"Referer": "https://aanvaller.example/formulier.html"}),
        ({"csrf": goed}, {"Origin": "null"}),
    ]
    for velden, koppen in pogingen:
        antwoord = browser.post("/uitloggen", velden, koppen=koppen)
        assert antwoord.status == 403, (velden, koppen, antwoord.status)
        assert "sto_sessie" not in "".join(antwoord.cookies())
        assert _geldig_als_landelijk(o, sessie), (velden, koppen)
    assert o.aantal(Auditregel) == audit_voor  # nothing was written: no "uitgelogd"
    # the same post with the token, from this site, does sign out: the check is not blanket
    antwoord = browser.post("/uitloggen", {"csrf": goed}, koppen={"Origin": o.base})
    assert antwoord.status == 303
    assert not _geldig_als_landelijk(o, sessie)
    o.geheimen["csrf: sessietoken"] = goed
    o.geheimen["csrf: ander sessietoken"] = andere
    o.geheimen["csrf: sessie"] = sessie


def test_a_forged_sign_in_makes_no_session(o: Omgeving) -> None:
    """Login CSRF: another site cannot sign a browser in to the attacker's account."""
    sessies_voor = o.aantal(Sessie)
    velden = {"email": _email(o, "regio"), "wachtwoord": WACHTWOORD}
    # no token, and a token without the cookie it must match (another site cannot set it)
    for browser, extra in (
        (Browser(o.base), {}),
        (Browser(o.base), {"csrf": "token-zonder-cookie-0123456789"}),
    ):
        antwoord = browser.post("/inloggen", {**velden, **extra})
        assert antwoord.status == 403
        assert antwoord.cookie("sto_sessie") is None
    browser = Browser(o.base)
    token = browser.csrf()
    antwoord = browser.post(
        "/inloggen", {**velden, "csrf": token}, koppen={"Origin": "https://aanvaller.example"}
    )
    assert antwoord.status == 403 and antwoord.cookie("sto_sessie") is None
    assert o.aantal(Sessie) == sessies_voor
    o.geheimen["inloggen: csrf-cookie"] = token


def test_a_forged_password_reset_changes_nothing(o: Omgeving) -> None:
    o.account("reset-csrf@test.nl")
    token = reset_token(o.db, "reset-csrf@test.nl")
    o.geheimen["reset (csrf): token"] = token
    velden = {"wachtwoord": NIEUW_WACHTWOORD, "herhaling": NIEUW_WACHTWOORD}
    assert Browser(o.base).post(f"/wachtwoord/herstel/{token}", velden).status == 403
    assert Browser(o.base).get(f"/wachtwoord/herstel/{token}").status == 200  # still unused
    assert Browser(o.base).inloggen("reset-csrf@test.nl", WACHTWOORD).status == 303


# ---------------------------------------------------------------- toelichtingen


def _toelichting_of_skip(o: Omgeving) -> None:
    if not _bestaat(o, "POST", "/toelichting/1"):
        pytest.skip("de routes /toelichting/{id}… bestaan nog niet (web/pages/toelichting.py)")
    if toelichting_api() is None:
        pytest.skip("sto_monitor.toelichting.opslag bestaat nog niet: geen toelichting te maken")


def _tekst(o: Omgeving, ident: int) -> tuple[str, str]:
    with o.db.transactie() as session:
        rij = session.get_one(Toelichting, ident)
        return rij.tekst, rij.status


def test_a_regio_cannot_write_another_regions_toelichting_by_its_id(o: Omgeving) -> None:
    _toelichting_of_skip(o)
    origineel = "De toelichting van de andere regio, ongewijzigd."
    ident = maak_toelichting(
        o.db, o.accounts["regio_ander"], regio=o.codes.regio_ander, tekst=origineel,
        publiceer=True,
    )  # fmt: skip
    voor = _tekst(o, ident)
    for rol in ("regio", "school", "commissie", "bedrijf"):
        browser = ingelogd(o.base, _email(o, rol))
        csrf = browser.csrf()
        antwoord = browser.post(
            f"/toelichting/{ident}", {"csrf": csrf, "tekst": "Overgenomen!", "actie": "publiceren"}
        )
        assert antwoord.status == 403, (rol, antwoord.status)
        bewerken = browser.get(f"/toelichting/{ident}/bewerken")
        assert bewerken.status == 403, (rol, bewerken.status)
        assert origineel not in bewerken.text
        verbergen = browser.post(f"/toelichting/{ident}/verbergen", {"csrf": csrf, "reden": "x"})
        assert verbergen.status == 403, (rol, verbergen.status)
        assert _tekst(o, ident) == voor
    # and the right owner without a token changes nothing either
    eigenaar = ingelogd(o.base, _email(o, "regio_ander"))
    antwoord = eigenaar.post(f"/toelichting/{ident}", {"tekst": "Zonder token", "actie": "concept"})
    assert antwoord.status == 403
    assert _tekst(o, ident) == voor


XSS = (
    "Marker-7f3a: <script>alert('xss')</script> "
    "<img src=x onerror=alert(1)> "
    '<a href="javascript:alert(2)">klik</a> '
    "[klik](javascript:alert(3)) "
    '" onmouseover="alert(4)'
)


def test_script_in_a_toelichting_is_inert_on_the_public_region_page(o: Omgeving) -> None:
    _toelichting_of_skip(o)
    maak_toelichting(o.db, o.accounts["regio"], regio=o.codes.regio, tekst=XSS, publiceer=True)
    antwoord = Browser(o.base).get(f"/regio/{o.codes.regio}")
    assert antwoord.status == 200
    pagina = antwoord.text
    assert "Marker-7f3a" in pagina, "de gepubliceerde toelichting staat niet op de regiopagina"
    assert "<script>alert" not in pagina
    assert not re.search(r"<[a-z]+[^>]*\son\w+\s*=", pagina, flags=re.I), "event handler"
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", pagina, flags=re.I)
    assert "&lt;script&gt;" in pagina  # shown as text
    csp = antwoord.kop("content-security-policy") or ""
    regels = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert regels.get("script-src") == ["'self'"], csp  # and a script could not run anyway


# ---------------------------------------------------------------- lockout and reset links


def test_the_sixth_attempt_waits_even_with_the_right_password(o: Omgeving) -> None:
    o.account("slot@test.nl")
    browser = Browser(o.base)
    for _ in range(VRIJ):
        antwoord = browser.inloggen("slot@test.nl", "niet het wachtwoord!")
        assert antwoord.status == 401
        assert "klopt niet" in antwoord.text
    antwoord = browser.inloggen("slot@test.nl", WACHTWOORD)
    assert antwoord.status == 429
    assert "Te veel mislukte pogingen. Probeer het over" in antwoord.text
    assert antwoord.cookie("sto_sessie") is None and browser.sessie is None
    # an address without an account gets the same answers (no account enumeration)
    anoniem = Browser(o.base)
    for _ in range(VRIJ):
        assert anoniem.inloggen("niemand@test.nl", "niet het wachtwoord!").status == 401
    assert anoniem.inloggen("niemand@test.nl", "niet het wachtwoord!").status == 429


def test_a_reset_link_works_once(o: Omgeving) -> None:
    o.account("eenmalig@test.nl")
    token = reset_token(o.db, "eenmalig@test.nl")
    o.geheimen["reset: token"] = token
    browser = Browser(o.base)
    assert browser.get(f"/wachtwoord/herstel/{token}").status == 200
    velden = {"csrf": browser.csrf(), "wachtwoord": NIEUW_WACHTWOORD, "herhaling": NIEUW_WACHTWOORD}
    antwoord = browser.post(f"/wachtwoord/herstel/{token}", velden)
    assert antwoord.status == 303 and antwoord.kop("location") == "/inloggen?hersteld=1"
    # used: the page and the form answer 410 Gone, and the password stays the new one
    tweede = browser.get(f"/wachtwoord/herstel/{token}")
    assert tweede.status == 410 and "verlopen of al gebruikt" in tweede.text
    velden = {"csrf": browser.csrf(), "wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD}
    derde = browser.post(f"/wachtwoord/herstel/{token}", velden)
    assert derde.status == 410 and "verlopen of al gebruikt" in derde.text
    assert Browser(o.base).inloggen("eenmalig@test.nl", WACHTWOORD).status == 401
    assert Browser(o.base).inloggen("eenmalig@test.nl", NIEUW_WACHTWOORD).status == 303
    o.geheimen["reset: nieuw wachtwoord"] = NIEUW_WACHTWOORD


def test_an_expired_reset_link_is_gone(o: Omgeving) -> None:
    o.account("verlopen@test.nl")
    token = reset_token(o.db, "verlopen@test.nl")
    o.geheimen["reset (verlopen): token"] = token
    with o.db.transactie() as session:
        session.get_one(Resetlink, token_hash(token)).verloopt = nu() - timedelta(seconds=1)
    browser = Browser(o.base)
    pagina = browser.get(f"/wachtwoord/herstel/{token}")
    assert pagina.status == 410 and "verlopen of al gebruikt" in pagina.text
    assert 'name="wachtwoord"' not in pagina.text  # no form on a dead link
    velden = {"csrf": browser.csrf(), "wachtwoord": NIEUW_WACHTWOORD, "herhaling": NIEUW_WACHTWOORD}
    assert browser.post(f"/wachtwoord/herstel/{token}", velden).status == 410
    assert Browser(o.base).inloggen("verlopen@test.nl", WACHTWOORD).status == 303
    onbekend = "x" * 43
    assert Browser(o.base).get(f"/wachtwoord/herstel/{onbekend}").status == 410


# ---------------------------------------------------------------- cookies


def _vlaggen(set_cookie: str) -> set[str]:
    return {deel.strip().split("=")[0].lower() for deel in set_cookie.split(";")[1:]}


def _samesite(set_cookie: str) -> str:
    gevonden = re.search(r"samesite=(\w+)", set_cookie, flags=re.I)
    return gevonden.group(1).lower() if gevonden else ""


def test_cookies_are_httponly_and_samesite_lax_and_secure_over_https(o: Omgeving) -> None:
    for https in (False, True):
        koppen = {"X-Forwarded-Proto": "https"} if https else {}
        browser = Browser(o.base)
        formulier = browser.get("/inloggen", koppen=koppen)
        csrf_cookie = formulier.cookie("sto_csrf")
        assert csrf_cookie, "de inlogpagina zet geen CSRF-cookie"
        token = re.search(r'name="csrf" value="([^"]+)"', formulier.text)
        assert token
        velden = {"csrf": token.group(1), "email": _email(o, "regio"), "wachtwoord": WACHTWOORD}
        antwoord = browser.post("/inloggen", velden, koppen=koppen)
        assert antwoord.status == 303
        sessie_cookie = antwoord.cookie("sto_sessie")
        assert sessie_cookie
        for cookie in (csrf_cookie, sessie_cookie):
            vlaggen = _vlaggen(cookie)
            assert "httponly" in vlaggen, cookie
            assert _samesite(cookie) == "lax", cookie
            assert ("secure" in vlaggen) is https, cookie
            assert "path" in vlaggen
        if https:
            assert antwoord.kop("strict-transport-security")
        o.onthoud(f"cookies (https={https})", browser)


# ---------------------------------------------------------------- the log


def test_an_invitation_link_opens(o: Omgeving) -> None:
    assert o.uitnodiging is not None, "geen enquête-uitnodiging te maken"
    antwoord = Browser(o.base).get(f"/enquete/{o.uitnodiging}")
    assert antwoord.status == 200
    o.geheimen["enquête: uitnodiging"] = o.uitnodiging


def test_no_password_or_token_reaches_the_server_log(o: Omgeving) -> None:
    """Sign in, use a reset link, open an invitation, send an OIDC callback with a code: the
    access log has every request, with each token masked; and no secret any test of this
    module saw is anywhere in the log."""
    o.account("logboek@test.nl")
    browser = Browser(o.base)
    csrf_anoniem = browser.csrf()
    assert browser.inloggen("logboek@test.nl", WACHTWOORD).status == 303
    assert browser.sessie
    csrf_sessie = browser.csrf()
    o.geheimen.update(
        {
            "log: wachtwoord": WACHTWOORD,
            "log: csrf voor inloggen": csrf_anoniem,
            "log: csrf van de sessie": csrf_sessie,
            "log: sessie": browser.sessie,
        }
    )
    token = reset_token(o.db, "logboek@test.nl")
    o.geheimen["log: reset-token"] = token
    herstel = Browser(o.base)
    assert herstel.get(f"/wachtwoord/herstel/{token}").status == 200
    velden = {"csrf": herstel.csrf(), "wachtwoord": NIEUW_WACHTWOORD, "herhaling": NIEUW_WACHTWOORD}
    assert herstel.post(f"/wachtwoord/herstel/{token}", velden).status == 303
    if o.uitnodiging is not None:
        Browser(o.base).get(f"/enquete/{o.uitnodiging}")
        o.geheimen["log: uitnodiging"] = o.uitnodiging
    code, state = "geheime-code-0123456789abcdef", "geheime-state-0123456789abcdef"
    Browser(o.base).get(f"/inloggen/oidc/terug?code={code}&state={state}")
    o.geheimen["log: oidc-code"], o.geheimen["log: oidc-state"] = code, state

    log = o.server.wacht_op_log("/inloggen/oidc/terug?")
    assert '"POST /inloggen HTTP/1.1" 303' in log, "de toegangslog staat niet aan"
    assert '"GET /wachtwoord/herstel/*** HTTP/1.1" 200' in log
    assert '"POST /wachtwoord/herstel/*** HTTP/1.1" 303' in log
    assert "/inloggen/oidc/terug?code=***&state=***" in log
    if o.uitnodiging is not None:
        assert '"GET /enquete/*** HTTP/1.1"' in log
    gelekt = [wat for wat, waarde in o.geheimen.items() if waarde and waarde in log]
    assert not gelekt, f"in het serverlog: {gelekt}"
    assert len(o.geheimen) >= 8


def test_a_form_posted_after_the_session_ended_shows_only_what_was_typed(o: Omgeving) -> None:
    """Signed out meanwhile: the page keeps the typed text, labelled in words; the form's own
    fields (a version stamp, the button pressed, a choice) and their names stay off it."""
    browser = Browser(o.base)
    velden = {
        "csrf": browser.csrf(),
        "onderwerp": "techniekaandeel_per_regio",
        "schooljaar": "2024",
        "kenmerk": "2026-12-04T16:00:00.123456+00:00",
        "actie": "concept",
        "tekst-regiovisie": "Wij bouwen verder op de samenwerking met het mbo.",
        "tekst-lob": "Oriëntatie",
    }
    antwoord = browser.post(f"/regio/{o.codes.regio}/toelichting", velden)
    assert antwoord.status == 401
    tekst = antwoord.text
    assert "Wij bouwen verder op de samenwerking met het mbo." in tekst
    assert "Oriëntatie" in tekst
    for machine in ("tekst-regiovisie", "techniekaandeel_per_regio", "2026-12-04T16", ">concept<"):
        assert machine not in tekst, machine
