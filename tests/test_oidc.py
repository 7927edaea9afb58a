"""Sign-in through OIDC, end to end over real HTTP on loopback.

The dashboard (``create_app`` on uvicorn, with ``STO_OIDC_ISSUER`` set) and the test provider
(``tests/oidc_provider.py``) each run on a port of their own; the test plays the browser. The
provider checks PKCE, the redirect URI and the client secret like a real one, and misbehaves on
demand, so each refusal below is the dashboard's own doing.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from sto_monitor.accounts import gebruikers, oidc, sessies
from sto_monitor.accounts.beleid import Recht, Rol, terminal
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Gebruiker, Sessie
from sto_monitor.settings import Settings
from sto_monitor.web.pages import oidc as oidc_pagina
from sto_monitor.web.toegang import SESSIE_COOKIE, Toegang
from tests.accounts_server import Dashboard, dashboard
from tests.oidc_provider import Persoon, Provider, provider
from tests.web_fixtures import free_port

BEHEER = terminal("test")


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Dashboard, Provider]]:
    with provider() as aanbieder:
        env = {
            "STO_OIDC_ISSUER": aanbieder.base,
            "STO_OIDC_CLIENT_ID": aanbieder.client_id,
            "STO_OIDC_CLIENT_SECRET": aanbieder.client_secret,
        }
        with dashboard(tmp_path_factory.mktemp("oidc"), env) as web:
            aanbieder.redirect_uri = f"{web.base}/inloggen/oidc/terug"
            yield web, aanbieder


@pytest.fixture
def web(omgeving: tuple[Dashboard, Provider]) -> Dashboard:
    return omgeving[0]


@pytest.fixture
def idp(omgeving: tuple[Dashboard, Provider]) -> Iterator[Provider]:
    aanbieder = omgeving[1]
    aanbieder.persoon, aanbieder.fout = None, None
    aanbieder.token_verzoeken = aanbieder.discovery_verzoeken = aanbieder.jwks_verzoeken = 0
    oidc.vergeet()  # discovery and JWKS fetched again: each test sees the provider as it is
    yield aanbieder
    aanbieder.persoon, aanbieder.fout = None, None


@pytest.fixture
def browser() -> Iterator[httpx.Client]:
    with httpx.Client(follow_redirects=False, timeout=30) as client:
        yield client


def _account(
    db: AppDatabase, email: str, *, rol: Rol = Rol.REGIO, geblokkeerd: bool = False
) -> int:
    regios = ["R01"] if rol is Rol.REGIO else []
    gebruiker = gebruikers.toevoegen(db, BEHEER, email=email, naam="Pat", rol=rol, regios=regios)
    if geblokkeerd:
        gebruikers.blokkeer(db, BEHEER, email)
    return gebruiker.id


def _gebruiker(db: AppDatabase, email: str) -> Gebruiker:
    with db.transactie() as s:
        return gebruikers.zoek(s, email)


def _inloggen(browser: httpx.Client, web: Dashboard, terug: str = "/mijn") -> httpx.Response:
    """Click "log in with SURFconext", let the provider approve, and come back."""
    naar_idp = browser.get(f"{web.base}/inloggen/oidc", params={"terug": terug})
    assert naar_idp.status_code == 303, naar_idp.text
    van_idp = browser.get(naar_idp.headers["location"])
    assert van_idp.status_code == 302, van_idp.text
    assert van_idp.headers["location"].startswith(f"{web.base}/inloggen/oidc/terug?")
    return browser.get(van_idp.headers["location"])


def _sessie(web: Dashboard, antwoord: httpx.Response) -> sessies.Geldig | None:
    token = antwoord.cookies.get(SESSIE_COOKIE)
    return sessies.sessie(web.app_db, web.settings, token) if token else None


def _geweigerd(antwoord: httpx.Response, status: int, tekst: str) -> None:
    assert antwoord.status_code == status, antwoord.text
    assert tekst in antwoord.text
    assert antwoord.headers["content-type"].startswith("text/html")
    assert "Traceback" not in antwoord.text
    assert SESSIE_COOKIE not in antwoord.cookies
    assert antwoord.headers["cache-control"] == "no-store"
    # the one-time request cookie is cleared whatever the outcome
    assert any(
        c.startswith(f"{oidc_pagina.VERZOEK_COOKIE}=") and "Max-Age=0" in c
        for c in antwoord.headers.get_list("set-cookie")
    )


# ---- the happy path --------------------------------------------------------------------------


def test_first_sign_in_links_by_verified_email_then_by_sub(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    gebruiker_id = _account(web.app_db, "pl@regio.nl")
    idp.persoon = Persoon(sub="surf-0001", email="PL@Regio.nl")

    naar_idp = browser.get(f"{web.base}/inloggen/oidc", params={"terug": "/regio/R01?x=1"})
    assert naar_idp.status_code == 303
    cookie = next(
        c for c in naar_idp.headers.get_list("set-cookie") if c.startswith("sto_oidc=")
    ).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/inloggen/oidc" in cookie
    assert "max-age=600" in cookie
    vraag = parse_qs(urlsplit(naar_idp.headers["location"]).query)
    assert vraag["code_challenge_method"] == ["S256"] and vraag["response_type"] == ["code"]
    assert vraag["redirect_uri"] == [f"{web.base}/inloggen/oidc/terug"]
    assert set(vraag["scope"][0].split()) >= {"openid", "email"}
    assert vraag["state"][0] != vraag["nonce"][0]
    # the state, nonce and verifier are nowhere in the cookie in the clear
    assert vraag["state"][0] not in cookie

    van_idp = browser.get(naar_idp.headers["location"])
    terug = browser.get(van_idp.headers["location"])
    assert terug.status_code == 303, terug.text
    assert terug.headers["location"] == "/regio/R01?x=1"
    geldig = _sessie(web, terug)
    assert geldig is not None and geldig.actor.id == gebruiker_id
    assert geldig.actor.rol is Rol.REGIO and geldig.actor.regios == {"R01"}
    assert _gebruiker(web.app_db, "pl@regio.nl").oidc_sub == "surf-0001"
    with web.app_db.transactie() as s:
        regels = audit.lees(s, soort="gebruiker")
        koppeling = next(r for r in regels if r.actie == "instellingsaccount gekoppeld")
        assert koppeling.object_id == str(gebruiker_id)
        assert koppeling.voor == {"oidc_sub": None} and koppeling.na == {"oidc_sub": "surf-0001"}
        assert any(r.actie == "ingelogd (oidc)" for r in audit.lees(s, soort="sessie"))

    # second time: found by sub, even though the provider now reports another, unverified address
    idp.persoon = Persoon(sub="surf-0001", email="ander@elders.nl", email_verified=False)
    oude_token = terug.cookies[SESSIE_COOKIE]
    tweede = _inloggen(browser, web)
    assert tweede.status_code == 303 and tweede.headers["location"] == "/mijn"
    geldig2 = _sessie(web, tweede)
    assert geldig2 is not None and geldig2.actor.id == gebruiker_id
    # a sign-in always makes a new session and ends the one the browser came with
    assert tweede.cookies[SESSIE_COOKIE] != oude_token
    assert sessies.sessie(web.app_db, web.settings, oude_token) is None
    with web.app_db.transactie() as s:
        gekoppeld = [
            r for r in audit.lees(s, soort="gebruiker") if r.actie == "instellingsaccount gekoppeld"
        ]
        assert len(gekoppeld) == 1  # linked once


def test_email_from_userinfo_when_the_id_token_has_none(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "info@regio.nl")
    idp.persoon = Persoon(sub="surf-info", email="info@regio.nl", email_in_id_token=False)
    antwoord = _inloggen(browser, web)
    assert antwoord.status_code == 303 and _sessie(web, antwoord) is not None
    assert _gebruiker(web.app_db, "info@regio.nl").oidc_sub == "surf-info"


def test_address_and_verification_from_userinfo_are_one_pair(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    """An ``email_verified`` in the ID token does not vouch for an address from userinfo."""
    _account(web.app_db, "paar@regio.nl")
    idp.persoon = Persoon(
        sub="surf-paar",
        email="paar@regio.nl",
        email_verified=False,
        email_in_id_token=False,
        id_token_extra={"email_verified": True},
    )
    _geweigerd(_inloggen(browser, web), 403, "U hebt nog geen account")
    assert _gebruiker(web.app_db, "paar@regio.nl").oidc_sub is None


def test_terug_stays_on_this_site(web: Dashboard, idp: Provider, browser: httpx.Client) -> None:
    _account(web.app_db, "terug@regio.nl")
    idp.persoon = Persoon(sub="surf-terug", email="terug@regio.nl")
    antwoord = _inloggen(browser, web, terug="https://kwaad.example/")
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/mijn"


# ---- no account, or not this one -----------------------------------------------------------


def test_unknown_person_gets_no_account_and_no_session(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    idp.persoon = Persoon(sub="surf-onbekend", email="niemand@school.nl")
    _geweigerd(_inloggen(browser, web), 403, "U hebt nog geen account; vraag het landelijk team")
    with web.app_db.transactie() as s:
        assert s.scalar(select(Gebruiker).where(Gebruiker.oidc_sub == "surf-onbekend")) is None
        assert s.scalar(select(Gebruiker).where(Gebruiker.email == "niemand@school.nl")) is None


def test_an_unverified_address_links_nothing(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "onbevestigd@regio.nl")
    idp.persoon = Persoon(
        sub="surf-ongeverifieerd", email="onbevestigd@regio.nl", email_verified=False
    )
    _geweigerd(_inloggen(browser, web), 403, "U hebt nog geen account")
    assert _gebruiker(web.app_db, "onbevestigd@regio.nl").oidc_sub is None


def test_an_account_linked_to_another_sub_is_not_taken_over(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "bezet@regio.nl")
    idp.persoon = Persoon(sub="surf-eerste", email="bezet@regio.nl")
    assert _inloggen(browser, web).status_code == 303
    idp.persoon = Persoon(sub="surf-tweede", email="bezet@regio.nl")
    _geweigerd(_inloggen(browser, web), 403, "al gekoppeld aan een ander instellingsaccount")
    assert _gebruiker(web.app_db, "bezet@regio.nl").oidc_sub == "surf-eerste"


def test_a_blocked_account_is_refused_by_email_and_by_sub(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "dicht@regio.nl", geblokkeerd=True)
    idp.persoon = Persoon(sub="surf-dicht", email="dicht@regio.nl")
    _geweigerd(_inloggen(browser, web), 403, "Dit account is geblokkeerd")
    assert _gebruiker(web.app_db, "dicht@regio.nl").oidc_sub is None  # not linked either

    _account(web.app_db, "later-dicht@regio.nl")
    idp.persoon = Persoon(sub="surf-later-dicht", email="later-dicht@regio.nl")
    assert _inloggen(browser, web).status_code == 303
    gebruikers.blokkeer(web.app_db, BEHEER, "later-dicht@regio.nl")
    _geweigerd(_inloggen(browser, web), 403, "Dit account is geblokkeerd")
    with web.app_db.transactie() as s:
        gebruiker = gebruikers.zoek(s, "later-dicht@regio.nl")
        assert s.scalar(select(Sessie).where(Sessie.gebruiker_id == gebruiker.id)) is None


# ---- a request that is not ours ------------------------------------------------------------


def test_state_mismatch_is_refused(web: Dashboard, idp: Provider, browser: httpx.Client) -> None:
    _account(web.app_db, "state@regio.nl")
    idp.persoon = Persoon(sub="surf-state", email="state@regio.nl")
    naar_idp = browser.get(f"{web.base}/inloggen/oidc")
    terug = browser.get(naar_idp.headers["location"]).headers["location"]
    vervalst = re.sub(r"state=[^&]+", "state=een-andere-state", terug)
    _geweigerd(browser.get(vervalst), 400, "Begin opnieuw op de inlogpagina")
    assert idp.token_verzoeken == 0  # the code was never even exchanged


def test_a_callback_in_another_browser_is_refused(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "ander@regio.nl")
    idp.persoon = Persoon(sub="surf-ander", email="ander@regio.nl")
    naar_idp = browser.get(f"{web.base}/inloggen/oidc")
    terug = browser.get(naar_idp.headers["location"]).headers["location"]
    with httpx.Client(follow_redirects=False) as ander:  # no sto_oidc cookie
        _geweigerd(ander.get(terug), 400, "in een andere browser begonnen")
    # and a cookie that was changed by one byte is no cookie of ours
    cookie = browser.cookies.get("sto_oidc", path="/inloggen/oidc")
    assert cookie is not None
    gewijzigd = cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1]
    with httpx.Client(follow_redirects=False, cookies={"sto_oidc": gewijzigd}) as vervalser:
        _geweigerd(vervalser.get(terug), 400, "Begin opnieuw")


def test_the_provider_refusing_is_a_dutch_page(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    idp.persoon = None  # the provider answers error=access_denied
    _geweigerd(_inloggen(browser, web), 400, "Het inloggen bij uw instelling is afgebroken")


WAAROM = {
    "nonce": "InvalidClaimError (nonce)",
    "aud": "InvalidClaimError (aud)",
    "iss": "InvalidClaimError (iss)",
    "handtekening": "BadSignatureError",
    "hs256": "UnsupportedAlgorithmError",  # HMAC with the client secret: not accepted at all
    "verlopen": "ExpiredTokenError (exp)",
}


@pytest.mark.parametrize("fout", sorted(WAAROM))
def test_an_id_token_that_does_not_hold_is_refused(
    web: Dashboard,
    idp: Provider,
    browser: httpx.Client,
    fout: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _account(web.app_db, f"{fout}@regio.nl")
    idp.persoon = Persoon(sub=f"surf-{fout}", email=f"{fout}@regio.nl")
    idp.fout = fout
    with caplog.at_level(logging.WARNING, logger="sto_monitor"):
        antwoord = _inloggen(browser, web)
    _geweigerd(antwoord, 400, "kon niet worden bevestigd")
    assert idp.token_verzoeken > 0
    assert _gebruiker(web.app_db, f"{fout}@regio.nl").oidc_sub is None
    # the log says why, and holds no token, code or secret
    assert f"ID-token: {WAAROM[fout]}" in caplog.text
    code = parse_qs(antwoord.url.query.decode())["code"][0]
    for geheim in [*idp.tokens, idp.client_secret, code]:
        assert geheim not in caplog.text
    assert "eyJ" not in caplog.text and "eyJ" not in antwoord.text  # no JWT anywhere


def test_the_provider_down_is_a_dutch_page(
    web: Dashboard, idp: Provider, browser: httpx.Client
) -> None:
    _account(web.app_db, "plat@regio.nl")
    idp.persoon = Persoon(sub="surf-plat", email="plat@regio.nl")
    naar_idp = browser.get(f"{web.base}/inloggen/oidc")
    terug = browser.get(naar_idp.headers["location"]).headers["location"]
    idp.fout = "plat"  # down between the approval and the token request
    _geweigerd(browser.get(terug), 502, "niet bereikbaar")
    # and down before it starts: discovery fails, the page says so
    oidc.vergeet()
    _geweigerd(browser.get(f"{web.base}/inloggen/oidc"), 502, "niet bereikbaar")


def test_a_rotated_key_is_fetched_again(
    web: Dashboard, idp: Provider, browser: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _account(web.app_db, "rotatie@regio.nl")
    idp.persoon = Persoon(sub="surf-rotatie", email="rotatie@regio.nl")
    assert _inloggen(browser, web).status_code == 303
    assert idp.jwks_verzoeken == 1
    idp.roteer()  # a new key under a new kid; the dashboard still holds the old set
    monkeypatch.setattr(oidc, "SLEUTELS_OPNIEUW", 0.0)
    assert _inloggen(browser, web).status_code == 303
    assert idp.jwks_verzoeken == 2


def test_discovery_is_cached(web: Dashboard, idp: Provider, browser: httpx.Client) -> None:
    for _ in range(3):
        assert browser.get(f"{web.base}/inloggen/oidc").status_code == 303
    assert idp.discovery_verzoeken == 1


def test_the_login_page_offers_oidc(web: Dashboard, browser: httpx.Client) -> None:
    pagina = browser.get(f"{web.base}/inloggen", params={"terug": "/mijn"})
    assert 'href="/inloggen/oidc?terug=/mijn"' in pagina.text


# ---- without the web -------------------------------------------------------------------------


def test_each_route_declares_exactly_one_public_toegang() -> None:
    routes = [r for r in oidc_pagina.router.routes if hasattr(r, "dependencies")]
    assert {getattr(r, "path", "") for r in routes} == {"/inloggen/oidc", "/inloggen/oidc/terug"}
    for route in routes:
        toegangen = [d.dependency for d in route.dependencies if isinstance(d.dependency, Toegang)]
        assert len(route.dependencies) == 1 and len(toegangen) == 1
        assert toegangen[0].recht is Recht.OPENBAAR


def test_the_request_cookie_is_signed_and_expires() -> None:
    verzoek = oidc.Verzoek("s" * 43, "n" * 43, "v" * 86, "/mijn", int(time.time()) + 60)
    zegel = oidc.verzegel(verzoek)
    assert oidc.ontzegel(zegel) == verzoek
    assert "s" * 43 not in repr(verzoek) and "v" * 86 not in repr(verzoek)
    inhoud, mac = zegel.rsplit(".", 1)
    for kapot in (f"{inhoud}x.{mac}", f"{inhoud}.{mac[:-1]}", "", "zonder-punt", None):
        with pytest.raises(oidc.OidcFout):
            oidc.ontzegel(kapot)
    verlopen = oidc.Verzoek("s", "n", "v", "/mijn", int(time.time()) - 1)
    with pytest.raises(oidc.OidcFout, match="verlopen"):
        oidc.ontzegel(oidc.verzegel(verlopen))


def _los_op(instellingen: Settings) -> object:
    """``oidc.ontdek`` on an event loop of its own thread: an earlier browser test (Playwright's
    sync API) may leave this thread's loop running, where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(1) as draad:
        return draad.submit(lambda: asyncio.run(oidc.ontdek(instellingen))).result()


def test_an_unreachable_or_unconfigured_provider() -> None:
    oidc.vergeet()
    dicht = Settings.from_env(
        {"STO_OIDC_ISSUER": f"http://127.0.0.1:{free_port()}", "STO_OIDC_CLIENT_ID": "x"}
    )
    with pytest.raises(oidc.OidcFout) as fout:
        _los_op(dicht)
    assert fout.value.status == 502 and "niet bereikbaar" in str(fout.value)
    with pytest.raises(oidc.OidcFout) as niet_ingesteld:
        _los_op(Settings.from_env({}))
    assert niet_ingesteld.value.status == 404
    # plain http is for this machine only
    ver = Settings.from_env({"STO_OIDC_ISSUER": "http://idp.example", "STO_OIDC_CLIENT_ID": "x"})
    with pytest.raises(oidc.OidcFout, match="niet bereikbaar") as onveilig:
        _los_op(ver)
    assert "https" in onveilig.value.reden
