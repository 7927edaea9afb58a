"""Signed-in load: 50 sessions on "Mijn regio" and on region pages with toelichtingen, on the
SQLite application database and on PostgreSQL, side by side; and what a sign-in costs.

The national demo data set is built (as in ``web_load``), every region gets a published
toelichting, and 50 `regio` accounts sign in over HTTP. For each application database (a
SQLite file; a throw-away PostgreSQL cluster as in the tests) ``sto serve`` runs with
``STO_APP_DB`` pointing at it and ``wrk`` with ``wrk_rapport.lua`` sends every request with one
of the 50 session cookies for 30 s per target. Target: p95 under 100 ms and no errors, on both.
Sign-in: Argon2id at the settings' cost, timed on this machine (target 50-250 ms).
"""

from __future__ import annotations

import http.client
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.web_load import (
    CLIENTS,
    DUUR,
    THREADS,
    Meting,
    belast,
    bouw_warehouse,
    regios_en_jaren,
    start_server,
    stop_server,
    vrije_poort,
    wrk_pad,
)
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol, terminal
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.settings import Settings

SESSIES = 50
WACHTWOORD = "een lang wachtwoord voor de meting"
INLOG_DOEL_MS = (50.0, 250.0)


@contextmanager
def postgres() -> Iterator[str | None]:
    """A throw-away PostgreSQL database (tests/appdb_fixtures.py), or None when not installed."""
    from tests.appdb_fixtures import Cluster, postgres_bin

    bin_ = postgres_bin()
    if bin_ is None:
        yield None
        return
    cluster = Cluster(bin_)
    cluster.start()
    try:
        yield cluster.nieuwe_database()
    finally:
        cluster.stop()


def account(
    database: AppDatabase,
    email: str,
    naam: str,
    rol: Rol,
    regios: list[str],
    wachtwoorden: Wachtwoorden | None,
) -> Actor:
    """An account made at the terminal; with ``wachtwoorden`` it signs in with WACHTWOORD."""
    gebruiker = gebruikers.toevoegen(
        database,
        terminal("benchmark"),
        email=email,
        naam=naam,
        rol=rol,
        regios=regios,
        wachtwoord=WACHTWOORD if wachtwoorden else None,
        wachtwoorden=wachtwoorden,
    )
    return gebruikers.actor_van(gebruiker)


def vul(url: str, codes: list[str]) -> list[tuple[str, str]]:
    """50 regio accounts (email, regio) and a published toelichting for every region."""
    from sto_monitor.toelichting import opslag

    database = AppDatabase.van_url(url)
    beheer = terminal("benchmark")
    wachtwoorden = Wachtwoorden.van(Settings.from_env({}))
    accounts = []
    try:
        for i in range(SESSIES):
            regio = codes[i % len(codes)]
            email = f"programmaleider{i}@regio.example"
            account(database, email, f"Programmaleider {i}", Rol.REGIO, [regio], wachtwoorden)
            accounts.append((email, regio))
        team = gebruikers.toevoegen(
            database, beheer, email="team@sto.example", naam="Team", rol=Rol.LANDELIJK
        )
        schrijver = gebruikers.actor_van(team)  # a toelichting has an account as its author
        for regio in codes:
            opslag.schrijf(
                database,
                schrijver,
                regio=regio,
                onderwerp="techniekaandeel",
                schooljaar=None,
                tekst="In deze regio telt **elke** techniekleerling. Zie ook het regioplan.",
                publiceer=True,
            )
    finally:
        database.sluit()
    return accounts


def inloggen(port: int, email: str) -> str:
    """Sign in over HTTP like a browser (form, CSRF cookie); the session cookie's value."""
    verbinding = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    verbinding.request("GET", "/inloggen")
    antwoord = verbinding.getresponse()
    body = antwoord.read().decode()
    csrf_cookie = re.search(r"sto_csrf=([^;]+)", antwoord.getheader("set-cookie") or "")
    veld = re.search(r'name="csrf" value="([^"]+)"', body)
    if csrf_cookie is None or veld is None:
        raise RuntimeError("de inlogpagina gaf geen CSRF-token")
    form = urllib.parse.urlencode(
        {"csrf": veld.group(1), "email": email, "wachtwoord": WACHTWOORD, "terug": "/mijn"}
    )
    verbinding.request(
        "POST",
        "/inloggen",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sto_csrf={csrf_cookie.group(1)}",
        },
    )
    antwoord = verbinding.getresponse()
    antwoord.read()
    sessie = re.search(r"sto_sessie=([^;]+)", antwoord.getheader("set-cookie") or "")
    if antwoord.status != 303 or sessie is None:
        raise RuntimeError(f"inloggen mislukte voor {email}: status {antwoord.status}")
    return sessie.group(1)


def meet_backend(
    wrk: str, database: Path, url: str, codes: list[str], duur: int, tmp: Path
) -> list[Meting]:
    accounts = vul(url, codes)
    port = vrije_poort()
    server = start_server(
        database, port, tmp / f"server-{len(os.listdir(tmp))}.log", env={"STO_APP_DB": url}
    )
    try:
        sessies = [(regio, inloggen(port, email)) for email, regio in accounts]
        mijn = [f"/mijn/regio/{regio}\tsto_sessie={token}" for regio, token in sessies]
        regio = [
            f"/regio/{urllib.parse.quote(r, safe='')}\tsto_sessie={token}" for r, token in sessies
        ]
        base = f"http://127.0.0.1:{port}"
        for pad in {line.split("\t")[0]: line for line in mijn + regio}.values():
            p, cookie = pad.split("\t")
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", p, headers={"Cookie": cookie})
            c.getresponse().read()
        return [
            belast(wrk, base, "Mijn regio", mijn, duur, tmp),
            belast(wrk, base, "regiopagina", regio, duur, tmp),
        ]
    finally:
        stop_server(server)


def run(duur: int = DUUR, database: Path | None = None) -> bool:
    wrk = wrk_pad()
    if wrk is None:
        print("ingelogd: wrk niet gevonden; installeer wrk: apt-get install wrk")
        return False
    settings = Settings.from_env({})
    inlog_s = Wachtwoorden.van(settings).meet()
    inlog_ok = INLOG_DOEL_MS[0] <= inlog_s * 1000 <= INLOG_DOEL_MS[1]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        opbouw = f"bestaande database {database}"
        if database is None:
            database, opbouw = bouw_warehouse(tmp)
        codes, _ = regios_en_jaren(database)
        uitslag: dict[str, list[Meting] | None] = {
            "SQLite": meet_backend(
                wrk, database, f"sqlite:///{tmp / 'app.sqlite'}", codes, duur, tmp
            )
        }
        with postgres() as pg_url:
            uitslag["PostgreSQL"] = (
                meet_backend(wrk, database, pg_url, codes, duur, tmp) if pg_url else None
            )

    print(
        f"ingelogd: {SESSIES} ingelogde sessies, wrk -t{THREADS} -c{CLIENTS} -d{duur}s op "
        f"loopback, {os.cpu_count()} kernen (server, database en wrk delen ze); {opbouw}"
    )
    print(
        f"  inloggen: Argon2id t={settings.argon2_tijd}, m={settings.argon2_geheugen} KiB, p=1: "
        f"{inlog_s * 1000:.0f} ms per controle (doel {INLOG_DOEL_MS[0]:.0f}-"
        f"{INLOG_DOEL_MS[1]:.0f} ms: {'gehaald' if inlog_ok else 'niet gehaald'})"
    )
    print(f"  {'database':<11} {'doel':<12} {'verz./s':>8} {'p50':>8} {'p95':>8} {'fouten':>7}")
    alles = inlog_ok
    for naam, metingen in uitslag.items():
        if metingen is None:
            print(f"  {naam:<11} niet gemeten: PostgreSQL is niet geïnstalleerd")
            alles = False
            continue
        for m in metingen:
            print(
                f"  {naam:<11} {m.doel:<12} {m.per_seconde:>8.0f} {m.p50:>5.1f} ms "
                f"{m.p95:>5.1f} ms {m.aantal_fouten:>7}  "
                f"{'gehaald' if m.gehaald else 'niet gehaald'} (p95 < 100 ms, 0 fouten)"
            )
            if m.aantal_fouten:
                soorten = ", ".join(f"{k} {v}" for k, v in m.fouten.items() if v)
                print(f"    fouten: {soorten} (status = antwoorden >= 400)")
            alles = alles and m.gehaald
    return alles
