"""Browsers with cookies against a real ``sto serve``, for the access and security tests.

``dashboard_proces(warehouse, map)`` runs ``sto serve`` in a subprocess on a free loopback port
with its own SQLite application database in ``map`` and cheap Argon2, with uvicorn's access log
on and everything the server prints written to a file (``Server.log``), so a test can read the
log afterwards. ``Browser`` keeps cookies, never follows a redirect and reads the CSRF token of
a form the way a browser submits it. ``maak_accounts`` makes one account per role of the
policy: a `regio` and a `school` account of an own regio/vestiging, and one of another.
``ingericht(warehouse, map)`` does all of that at once for a test module's shared set-up.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import duckdb

from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.settings import Settings
from tests.web_fixtures import serve

SNEL_HASHEN = {"STO_ARGON2_TIJD": "1", "STO_ARGON2_GEHEUGEN": "1024"}
WACHTWOORD = "correct paard batterij niet"
BEHEER = terminal("test")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_van(pagina: str) -> str:
    """The CSRF token of the (first) form on a page."""
    gevonden = _CSRF.search(pagina)
    assert gevonden, "geen CSRF-token op de pagina"
    return gevonden.group(1)


@dataclass(frozen=True)
class Antwoord:
    status: int
    koppen: list[tuple[str, str]]
    body: bytes

    def kop(self, naam: str) -> str | None:
        return next((v for k, v in self.koppen if k.lower() == naam.lower()), None)

    def cookies(self) -> list[str]:
        """Every ``Set-Cookie`` header, as sent."""
        return [v for k, v in self.koppen if k.lower() == "set-cookie"]

    def cookie(self, naam: str) -> str | None:
        return next((c for c in self.cookies() if c.startswith(f"{naam}=")), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Browser:
    """One browser: its cookies, over HTTP/1.1; redirects are returned, not followed."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def vraag(
        self,
        methode: str,
        pad: str,
        *,
        velden: Mapping[str, str] | None = None,
        koppen: Mapping[str, str] | None = None,
        timeout: float = 120,
    ) -> Antwoord:
        adres = urllib.parse.urlsplit(self.base)
        verbinding = http.client.HTTPConnection(adres.hostname or "", adres.port, timeout=timeout)
        alle = dict(koppen or {})
        if self.cookies:
            alle["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if velden is not None:
            body = urllib.parse.urlencode(velden).encode()
            alle["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            verbinding.request(methode, pad, body=body, headers=alle)
            antwoord = verbinding.getresponse()
            uit = Antwoord(antwoord.status, antwoord.getheaders(), antwoord.read())
        finally:
            verbinding.close()
        for waarde in uit.cookies():
            self._bewaar(waarde)
        return uit

    def _bewaar(self, set_cookie: str) -> None:
        koek: SimpleCookie = SimpleCookie()
        koek.load(set_cookie)
        for naam, morsel in koek.items():
            weg = morsel["max-age"] in ("0", "-1") or (
                morsel["expires"] and "1970" in morsel["expires"]
            )
            if weg or morsel.value in ("", '""'):
                self.cookies.pop(naam, None)
            else:
                self.cookies[naam] = morsel.value

    def get(self, pad: str, **kw: Any) -> Antwoord:
        return self.vraag("GET", pad, **kw)

    def post(self, pad: str, velden: Mapping[str, str] | None = None, **kw: Any) -> Antwoord:
        return self.vraag("POST", pad, velden=dict(velden or {}), **kw)

    def csrf(self) -> str:
        """The token a form must carry now: the session's once signed in, else the cookie's
        (which the sign-in page sets)."""
        pagina = self.get("/inloggen")
        assert pagina.status == 200, pagina.status
        gevonden = _CSRF.search(pagina.text)
        assert gevonden, "geen CSRF-token op /inloggen"
        return gevonden.group(1)

    def inloggen(self, email: str, wachtwoord: str = WACHTWOORD) -> Antwoord:
        velden = {"csrf": self.csrf(), "email": email, "wachtwoord": wachtwoord, "terug": "/"}
        return self.post("/inloggen", velden)

    @property
    def sessie(self) -> str | None:
        return self.cookies.get("sto_sessie")


def ingelogd(base: str, email: str) -> Browser:
    browser = Browser(base)
    antwoord = browser.inloggen(email)
    assert antwoord.status == 303 and browser.sessie, (email, antwoord.status, antwoord.text)
    return browser


# ---------------------------------------------------------------- the server


@dataclass(frozen=True)
class Server:
    base: str
    log: Path
    app_db_url: str
    settings: Settings

    def logtekst(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wacht_op_log(self, stukje: str, timeout: float = 5.0) -> str:
        """The log once ``stukje`` is in it (uvicorn writes a line just after the answer)."""
        einde = time.monotonic() + timeout
        while True:
            tekst = self.logtekst()
            if stukje in tekst or time.monotonic() > einde:
                return tekst
            time.sleep(0.05)


@contextlib.contextmanager
def dashboard_proces(
    warehouse: Path, map_: Path, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """``sto serve`` (access log on) on ``warehouse`` with the application database
    ``map_/app.sqlite``; stdout and stderr go to ``map_/server.log``."""
    app_db_url = f"sqlite:///{map_ / 'app.sqlite'}"
    extra = {"STO_APP_DB": app_db_url, **SNEL_HASHEN, **(env or {})}
    settings = Settings.from_env(extra)
    AppDatabase.van_url(app_db_url).sluit()  # migrated before the server and the test use it
    log = map_ / "server.log"
    with serve(warehouse, env=extra, log=log) as base:
        yield Server(base, log, app_db_url, settings)


# ---------------------------------------------------------------- accounts and objects


@dataclass(frozen=True)
class Codes:
    """An own and another regio, each with one of its vestigingen."""

    regio: str
    vestiging: str
    regio_ander: str
    vestiging_ander: str


def codes_van(warehouse: Path) -> Codes:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rijen = con.execute(
            "SELECT regio, min(vestiging) FROM regio_vestiging GROUP BY regio ORDER BY regio"
        ).fetchall()
    finally:
        con.close()
    assert len(rijen) >= 2, "het warehouse heeft minstens twee regio's nodig"
    (r1, v1), (r2, v2) = rijen[0], rijen[1]
    return Codes(str(r1), str(v1), str(r2), str(v2))


ROLLEN = (
    "anoniem",
    "landelijk",
    "commissie",
    "regio",
    "regio_ander",
    "school",
    "school_ander",
    "bedrijf",
)


def maak_accounts(db: AppDatabase, settings: Settings, codes: Codes) -> dict[str, Actor]:
    """One account per role (all but `anoniem`), each with :data:`WACHTWOORD`."""
    ww = Wachtwoorden.van(settings)
    soorten: dict[str, tuple[Rol, list[str], list[str]]] = {
        "landelijk": (Rol.LANDELIJK, [], []),
        "commissie": (Rol.COMMISSIE, [], []),
        "regio": (Rol.REGIO, [codes.regio], []),
        "regio_ander": (Rol.REGIO, [codes.regio_ander], []),
        "school": (Rol.SCHOOL, [], [codes.vestiging]),
        "school_ander": (Rol.SCHOOL, [], [codes.vestiging_ander]),
        "bedrijf": (Rol.BEDRIJF, [], []),
    }
    accounts = {}
    for naam, (rol, regios, vestigingen) in soorten.items():
        gebruiker = gebruikers.toevoegen(
            db,
            BEHEER,
            email=f"{naam}@test.nl",
            naam=naam.replace("_", " ").capitalize(),
            rol=rol,
            regios=regios,
            vestigingen=vestigingen,
            wachtwoord=WACHTWOORD,
            wachtwoorden=ww,
        )
        accounts[naam] = gebruikers.actor_van(gebruiker)
    return accounts


@dataclass
class Ingericht:
    """A running server on a copy of a warehouse, its application database open and one
    account per role: what a web test module shares. A module that needs more subclasses it
    and builds its own from :meth:`velden`."""

    server: Server
    codes: Codes
    db: AppDatabase
    accounts: dict[str, Actor]
    warehouse: Path  # the copy the server reads
    map: Path  # the copy's directory (application database and server log live there too)

    @property
    def base(self) -> str:
        return self.server.base

    def als(self, rol: str) -> Browser:
        """A browser signed in with the account of ``rol``."""
        return ingelogd(self.base, self.accounts[rol].email)

    def velden(self) -> dict[str, Any]:
        """The fields of :class:`Ingericht` (not a subclass's), for ``Sub(**i.velden(), ...)``;
        shallow, unlike ``dataclasses.asdict``, so the server and database stay themselves."""
        return {f.name: getattr(self, f.name) for f in fields(Ingericht)}


@contextlib.contextmanager
def ingericht(warehouse: Path, map_: Path) -> Iterator[Ingericht]:
    """``sto serve`` on a copy of ``warehouse`` in ``map_`` (nothing touches the original),
    with the accounts of :func:`maak_accounts`; the database is closed afterwards."""
    kopie = map_ / "web.duckdb"
    shutil.copyfile(warehouse, kopie)
    codes = codes_van(kopie)
    with dashboard_proces(kopie, map_) as server:
        database = AppDatabase.van_url(server.app_db_url)
        try:
            accounts = maak_accounts(database, server.settings, codes)
            yield Ingericht(server, codes, database, accounts, kopie, map_)
        finally:
            database.sluit()


def reset_token(db: AppDatabase, email: str) -> str:
    """A fresh one-time link for ``email``: its token."""
    verzoek = gebruikers.maak_resetlink(db, BEHEER, email, "http://localhost")
    return verzoek.url.rsplit("/", 1)[-1]


def toelichting_api() -> Any | None:
    """``sto_monitor.toelichting.opslag`` once it exists, else None."""
    try:
        from sto_monitor.toelichting import opslag  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return opslag


def maak_toelichting(
    db: AppDatabase,
    actor: Actor,
    *,
    regio: str,
    vestiging: str | None = None,
    tekst: str = "Een toelichting van de regio.",
    onderwerp: str = "techniekaandeel_per_regio",
    schooljaar: int | None = 2024,
    publiceer: bool = False,
) -> int:
    """A toelichting written through the domain API; its id."""
    opslag = toelichting_api()
    assert opslag is not None
    gemaakt = opslag.schrijf(
        db,
        actor,
        regio=regio,
        onderwerp=onderwerp,
        schooljaar=schooljaar,
        vestiging=vestiging,
        tekst=tekst,
        publiceer=publiceer,
    )
    return int(getattr(gemaakt, "id", gemaakt))
