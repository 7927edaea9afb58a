"""Every route declares its right, and every role gets what the issue's table says, over HTTP.

Two halves. The route table (``create_app(...).routes``): every FastAPI route has exactly one
``Toegang`` dependency (``web/toegang.py``), found anywhere in its dependency tree (router
level or route level); a route without one fails with its path. Starlette's own routes
(``Route``, ``Mount``) never run a dependency, so each must be listed in ``ZONDER_TOEGANG``
with the reason it may be public; a ``Mount`` (a whole application under a prefix, which the
policy would never see) fails unless listed there.

Then a real server (``sto serve``) and one account per role: every route x role x method is
requested, with sample path parameters, and the status is compared with the expectation that
follows from ``ROLRECHTEN``/``OBJECTRECHTEN`` below. Those tables are written here from the
issue's table of roles x rights, not read from ``accounts/beleid.py``, so a change of the
policy must be made in both places on purpose. ``RECHT_VAN`` names the right of the routes the
issue specifies; other routes are held to the right they declare. Refused means a redirect to
``/inloggen`` (a page) or 401 (the API, a form post) for somebody not signed in, and 403 for
somebody signed in; allowed means anything but 401/403 (a 404, 400 or 422 of a sample value is
fine). Every POST carries a valid CSRF token, from a fresh session of its role, so the test
checks the policy and not the CSRF check, and no write can end another request's session.

The toelichting routes with an id (``/toelichting/{id}…``) are tested on fresh toelichtingen
written through ``sto_monitor.toelichting.opslag`` for each request, once of the own regio and
once of one of the own regio's vestigingen; until those routes exist, that test is skipped and
picks them up by itself when they appear.
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, routing
from starlette.routing import BaseRoute, Mount, Route

from sto_monitor import db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.settings import Settings
from sto_monitor.web.app import create_app
from sto_monitor.web.toegang import Toegang
from tests.web_sessies import (
    BEHEER,
    ROLLEN,
    WACHTWOORD,
    Antwoord,
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

# ---------------------------------------------------------------- the expectation

IEDEREEN = frozenset(ROLLEN)
INGELOGD = IEDEREEN - {"anoniem"}

# Rights that depend only on the role.
ROLRECHTEN: dict[str, frozenset[str]] = {
    "openbaar": IEDEREEN,
    "ingelogd": INGELOGD,
    "toelichting_verbergen": frozenset({"landelijk"}),
    "beoordelen": frozenset({"landelijk", "commissie"}),
    "subsidie_beslissen": frozenset({"landelijk"}),
    "audit_lezen": frozenset({"landelijk"}),
    "gebruikers_beheren": frozenset({"landelijk"}),
    "enquete_beheren": frozenset({"landelijk"}),
    "kennis_modereren": frozenset({"landelijk"}),  # issue 19: publish or refuse
    # Issue 19: a company publishes its own places (which company: stagebank/opslag.py).
    "stages_plaatsen": frozenset({"landelijk", "bedrijf"}),
}

# Rights on an object, by what the object is: the own regio (`regio`, `regio_ander` is bound
# to another), a vestiging of the own regio (`school` is bound to it, `school_ander` to a
# vestiging elsewhere), or no object at all (may the role hold the right?). A regio account
# acts on its regio's vestigingen too; a school account never on a regio as a whole.
# "vestiging": an object of one of the own regio's vestigingen (a regio account acts on it);
# "vestiging_pad": a route with {vestiging} in its path, the school's own pages, where only the
# vestiging is known (a regio account writes through its /regio/{regio}/… routes instead).
OBJECTRECHTEN: dict[str, dict[str, frozenset[str]]] = {
    # Issue 19: the kennisbank; a regio contributes for itself, a school for its vestigingen.
    "kennis_bijdragen": {
        "regio": frozenset({"landelijk", "regio"}),
        "vestiging": frozenset({"landelijk", "regio", "school"}),
        "vestiging_pad": frozenset({"landelijk", "school"}),
        "geen": frozenset({"landelijk", "regio", "regio_ander", "school", "school_ander"}),
    },
    "regio_intern": {
        "regio": frozenset({"landelijk", "commissie", "regio"}),
        "vestiging": frozenset({"landelijk", "commissie", "regio", "school"}),
        "vestiging_pad": frozenset({"landelijk", "commissie", "school"}),
        "geen": INGELOGD - {"bedrijf"},
    },
    "toelichting_schrijven": {
        "regio": frozenset({"landelijk", "regio"}),
        "vestiging": frozenset({"landelijk", "regio", "school"}),
        "vestiging_pad": frozenset({"landelijk", "school"}),
        "geen": frozenset({"landelijk", "regio", "regio_ander", "school", "school_ander"}),
    },
    # Issue 17: the region's own planning and documents; nobody else, not even landelijk.
    "plannen": {
        "regio": frozenset({"regio"}),
        "vestiging": frozenset({"regio"}),
        "vestiging_pad": frozenset(),
        "geen": frozenset({"regio", "regio_ander"}),
    },
    "regiodocument_schrijven": {
        "regio": frozenset({"regio"}),
        "vestiging": frozenset({"regio"}),
        "vestiging_pad": frozenset(),
        "geen": frozenset({"regio", "regio_ander"}),
    },
    # Issue 18: a subsidy application is written by its own region and read by that region,
    # the commission and the national team; never by a school, a company or another region.
    "subsidie_aanvragen": {
        "regio": frozenset({"regio"}),
        "vestiging": frozenset({"regio"}),
        "vestiging_pad": frozenset(),
        "geen": frozenset({"regio", "regio_ander"}),
    },
    "subsidie_inzien": {
        "regio": frozenset({"landelijk", "commissie", "regio"}),
        "vestiging": frozenset({"landelijk", "commissie", "regio"}),
        "vestiging_pad": frozenset({"landelijk", "commissie"}),
        "geen": frozenset({"landelijk", "commissie", "regio", "regio_ander"}),
    },
    # Issue 19: a company is confirmed by the region of its address, or by landelijk.
    "bedrijf_bevestigen": {
        "regio": frozenset({"landelijk", "regio"}),
        "vestiging": frozenset({"landelijk", "regio"}),
        "vestiging_pad": frozenset({"landelijk"}),
        "geen": frozenset({"landelijk", "regio", "regio_ander"}),
    },
}

# The right of each route the issue specifies (a set where either is defensible).
TOELICHTING = "/toelichting/{id}"
RECHT_VAN: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/inloggen"): frozenset({"openbaar"}),
    ("POST", "/inloggen"): frozenset({"openbaar"}),
    ("POST", "/uitloggen"): frozenset({"ingelogd"}),
    ("GET", "/wachtwoord/vergeten"): frozenset({"openbaar"}),
    ("POST", "/wachtwoord/vergeten"): frozenset({"openbaar"}),
    ("GET", "/wachtwoord/herstel/{token}"): frozenset({"openbaar"}),
    ("POST", "/wachtwoord/herstel/{token}"): frozenset({"openbaar"}),
    ("GET", "/inloggen/oidc"): frozenset({"openbaar"}),
    ("GET", "/inloggen/oidc/terug"): frozenset({"openbaar"}),
    ("GET", "/mijn"): frozenset({"ingelogd"}),
    ("GET", "/mijn/regio/{regio}"): frozenset({"regio_intern"}),
    ("GET", "/beheer/audit"): frozenset({"audit_lezen"}),
    ("GET", "/beheer/audit.csv"): frozenset({"audit_lezen"}),
    ("GET", "/regio/{regio}/toelichting/nieuw"): frozenset({"toelichting_schrijven"}),
    ("POST", "/regio/{regio}/toelichting"): frozenset({"toelichting_schrijven"}),
    ("GET", "/vestiging/{vestiging}/toelichting/nieuw"): frozenset({"toelichting_schrijven"}),
    ("POST", "/vestiging/{vestiging}/toelichting"): frozenset({"toelichting_schrijven"}),
    ("GET", TOELICHTING + "/bewerken"): frozenset({"toelichting_schrijven"}),
    ("POST", TOELICHTING): frozenset({"toelichting_schrijven"}),
    ("POST", TOELICHTING + "/verbergen"): frozenset({"toelichting_verbergen"}),
    ("GET", TOELICHTING + "/geschiedenis"): frozenset({"regio_intern", "toelichting_schrijven"}),
    ("GET", "/enquete/{token}"): frozenset({"openbaar"}),  # the link is the secret
    ("POST", "/enquete/{token}"): frozenset({"openbaar"}),
    ("GET", "/enquete/beheer/{golf}"): frozenset({"enquete_beheren"}),
    ("GET", "/enquete/beheer/{golf}/{regio}"): frozenset({"enquete_beheren"}),
    # Issue 18: applications are read by their region, the commission and the national team,
    # written by their region; the commission assesses, the national team decides.
    ("GET", "/regio/{regio}/subsidie"): frozenset({"subsidie_inzien"}),
    ("GET", "/regio/{regio}/subsidie/{regeling}"): frozenset({"subsidie_inzien"}),
    ("POST", "/regio/{regio}/subsidie/{regeling}"): frozenset({"subsidie_aanvragen"}),
    ("POST", "/regio/{regio}/subsidie/{regeling}/vraag/{vraag}"): frozenset({"subsidie_aanvragen"}),
    ("GET", "/regio/{regio}/subsidie/{regeling}/verantwoording/{jaar}"): frozenset(
        {"subsidie_inzien"}
    ),
    ("POST", "/regio/{regio}/subsidie/{regeling}/verantwoording/{jaar}"): frozenset(
        {"subsidie_aanvragen"}
    ),
    ("GET", "/regio/{regio}/subsidie/{regeling}/beoordeling"): frozenset({"beoordelen"}),
    ("POST", "/regio/{regio}/subsidie/{regeling}/beoordeling"): frozenset({"beoordelen"}),
    ("POST", "/regio/{regio}/subsidie/{regeling}/vraag"): frozenset({"beoordelen"}),
    ("POST", "/regio/{regio}/subsidie/{regeling}/besluit"): frozenset({"subsidie_beslissen"}),
    ("POST", "/subsidie/{regeling}/maximum/{regio}"): frozenset({"subsidie_beslissen"}),
    ("GET", "/subsidie"): frozenset({"beoordelen"}),
    ("GET", "/subsidie/{regeling}/download.{formaat}"): frozenset({"beoordelen"}),
    ("GET", "/regio/{regio}/subsidie/{regeling}/overzicht.pdf"): frozenset({"subsidie_inzien"}),
    ("GET", "/subsidie/toegekend"): frozenset({"openbaar"}),
    # Issue 19: anyone reads and harvests the kennisbank; regions and schools contribute,
    # the national team moderates; a region marks "wij gebruiken dit" for itself.
    ("GET", "/kennisbank"): frozenset({"openbaar"}),
    ("GET", "/kennisbank/{item}"): frozenset({"openbaar"}),
    ("GET", "/kennisbank/oai"): frozenset({"openbaar"}),
    ("GET", "/api/v1/kennisbank"): frozenset({"openbaar"}),
    ("GET", "/api/v1/kennisbank/{item}"): frozenset({"openbaar"}),
    ("GET", "/kennisbank/{item}/bestand/{bestand}"): frozenset({"openbaar"}),
    ("GET", "/kennisbank/nieuw"): frozenset({"kennis_bijdragen"}),
    ("POST", "/kennisbank"): frozenset({"kennis_bijdragen"}),
    ("GET", "/kennisbank/mijn"): frozenset({"kennis_bijdragen"}),
    ("GET", "/kennisbank/{item}/bewerken"): frozenset({"kennis_bijdragen"}),
    ("POST", "/kennisbank/{item}"): frozenset({"kennis_bijdragen"}),
    ("POST", "/kennisbank/{item}/bestanden"): frozenset({"kennis_bijdragen"}),
    ("POST", "/kennisbank/{item}/bestand/{bestand}/verwijderen"): frozenset({"kennis_bijdragen"}),
    ("GET", "/kennisbank/{item}/gebruik"): frozenset({"kennis_bijdragen"}),
    ("POST", "/regio/{regio}/kennisbank/{item}/gebruik"): frozenset({"kennis_bijdragen"}),
    ("GET", "/kennisbank/moderatie"): frozenset({"kennis_modereren"}),
    ("POST", "/kennisbank/{item}/publiceren"): frozenset({"kennis_modereren"}),
    ("POST", "/kennisbank/{item}/weigeren"): frozenset({"kennis_modereren"}),
    # Issue 19: anyone searches internship places; a company publishes its own, the region of
    # its address confirms it; a signed-in person keeps their own saved searches.
    ("GET", "/stagebank"): frozenset({"openbaar"}),
    ("GET", "/stagebank/feed.atom"): frozenset({"openbaar"}),
    ("GET", "/stagebank/plaats/{plaats}"): frozenset({"openbaar"}),
    ("GET", "/stagebank/bewaard"): frozenset({"ingelogd"}),
    ("POST", "/stagebank/bewaard"): frozenset({"ingelogd"}),
    ("POST", "/stagebank/bewaard/{zoekopdracht}/verwijderen"): frozenset({"ingelogd"}),
    ("GET", "/stagebank/bedrijf"): frozenset({"stages_plaatsen"}),
    ("POST", "/stagebank/bedrijf"): frozenset({"stages_plaatsen"}),
    ("GET", "/stagebank/bedrijf/{bedrijf}"): frozenset({"stages_plaatsen"}),
    ("POST", "/stagebank/bedrijf/{bedrijf}/plaatsen"): frozenset({"stages_plaatsen"}),
    ("GET", "/stagebank/plaats/{plaats}/bewerken"): frozenset({"stages_plaatsen"}),
    ("POST", "/stagebank/plaats/{plaats}"): frozenset({"stages_plaatsen"}),
    ("POST", "/stagebank/plaats/{plaats}/intrekken"): frozenset({"stages_plaatsen"}),
    ("GET", "/regio/{regio}/stagebank"): frozenset({"bedrijf_bevestigen"}),
    ("POST", "/regio/{regio}/stagebank/{bedrijf}/bevestigen"): frozenset({"bedrijf_bevestigen"}),
    ("POST", "/stagebank/bedrijf/{bedrijf}/bevestigen"): frozenset({"bedrijf_bevestigen"}),
}

# Starlette routes without dependencies, and why each may be public.
ZONDER_TOEGANG: dict[str, str] = {
    "/api/v1/openapi.json": "FastAPI's description of the open API; lists no private route",
}

INDICATOR = "techniekaandeel_per_regio"
SCHOOLJAAR = "2024"
# Sample values of path parameters by name (a token and a toelichting id are made per request).
VOORBEELD: dict[str, str] = {
    "code": "",  # the own regio, filled in from the warehouse
    "regio": "",
    "vestiging": "",
    "naam": INDICATOR,
    "name": "sto.css",
    "formaat": "html",
    "golf": SCHOOLJAAR,
    # The region's workspace (issue 17); a 404 for a sample that does not exist is fine.
    "schooljaar": SCHOOLJAAR,
    "soort": "visiedocument",
    "nummer": "1",
    "scenario": "matrix",
    # The subsidy administration (issue 18); the sample region has no application: a 404 is fine.
    "regeling": "sto-2025-2028",
    "jaar": "2025",
    "vraag": "1",
    # The kennisbank and the stagebank (issue 19): ids that need not exist (a 404 is fine).
    "item": "1",
    "bestand": "1",
    "bedrijf": "1",
    "plaats": "1",
    "zoekopdracht": "1",
}
# Fields of a form post beside the CSRF token, by route.
VELDEN: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/inloggen"): {"email": "matrix@test.nl", "wachtwoord": WACHTWOORD},
    ("POST", "/wachtwoord/vergeten"): {"email": "matrix@test.nl"},
    ("POST", "/wachtwoord/herstel/{token}"): {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD},
    ("POST", "/regio/{regio}/toelichting"): {
        "onderwerp": INDICATOR,
        "schooljaar": SCHOOLJAAR,
        "tekst": "Matrix: een toelichting.",
        "actie": "concept",
    },
    ("POST", "/vestiging/{vestiging}/toelichting"): {
        "onderwerp": INDICATOR,
        "schooljaar": SCHOOLJAAR,
        "tekst": "Matrix: een toelichting.",
        "actie": "concept",
    },
    ("POST", TOELICHTING): {"tekst": "Matrix: gewijzigd.", "actie": "concept"},
    ("POST", TOELICHTING + "/verbergen"): {"reden": "Matrix: verborgen."},
}


def test_the_tables_cover_every_right() -> None:
    rechten = {r.value for r in Recht}
    assert set(ROLRECHTEN) | set(OBJECTRECHTEN) == rechten, "a new right needs a row here"
    assert not set(ROLRECHTEN) & set(OBJECTRECHTEN)
    assert all(r <= rechten for r in RECHT_VAN.values())


# ---------------------------------------------------------------- the route table


@dataclass(frozen=True)
class Eindpunt:
    """One route as the app serves it: its full path, methods, and policy dependencies."""

    pad: str
    methodes: frozenset[str]
    route: BaseRoute
    toegangen: tuple[Toegang, ...]

    @property
    def sleutel_pad(self) -> str:
        """The path with a toelichting's id written ``{id}``, whatever the route calls it, and
        without convertors (``{item:int}`` is ``{item}``)."""
        pad = re.sub(r"\{([^}:]+):[^}]*\}", r"{\1}", self.pad)
        return re.sub(r"^/toelichting/\{[^}]+\}", TOELICHTING, pad)

    @property
    def recht(self) -> str | None:
        return self.toegangen[0].recht.value if len(self.toegangen) == 1 else None


def _toegangen(dependant: Any) -> Iterator[Toegang]:
    for sub in dependant.dependencies:
        if isinstance(sub.call, Toegang):
            yield sub.call
        yield from _toegangen(sub)


def eindpunten(app: FastAPI) -> list[Eindpunt]:
    """Every route of the app; FastAPI ≥ 0.120 keeps included routers as one entry each, which
    ``routing.iter_route_contexts`` unfolds (with the router's dependencies and prefix)."""
    uitvouwen = getattr(routing, "iter_route_contexts", None)
    contexten: list[Any] = list(uitvouwen(app.routes)) if uitvouwen else list(app.routes)
    uit = []
    for context in contexten:
        route = getattr(context, "original_route", context)
        methodes = frozenset(getattr(context, "methods", None) or ())
        if isinstance(route, routing.APIRoute):
            toegangen = tuple(_toegangen(context.dependant))
        else:
            toegangen = ()
        uit.append(Eindpunt(str(context.path), methodes, route, toegangen))
    return uit


@pytest.fixture(scope="module")
def app_routes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Eindpunt]]:
    """The route table of an app on an empty warehouse (no figures are needed for it)."""
    map_ = tmp_path_factory.mktemp("routes")
    warehouse = map_ / "leeg.duckdb"
    db.connect(warehouse).close()
    settings = Settings.from_env({"STO_APP_DB": f"sqlite:///{map_ / 'app.sqlite'}"})
    app = create_app(warehouse, settings=settings)
    yield eindpunten(app)
    app.state.app_db.sluit()


def test_every_route_declares_exactly_one_policy(app_routes: list[Eindpunt]) -> None:
    api = [e for e in app_routes if isinstance(e.route, routing.APIRoute)]
    assert len(api) > 30, "the route table was not unfolded"
    fouten = [
        f"{'/'.join(sorted(e.methodes))} {e.pad}: "
        + ("geen toegang(Recht…)" if not e.toegangen else f"{len(e.toegangen)}: {e.toegangen}")
        for e in api
        if len(e.toegangen) != 1
    ]
    assert not fouten, "routes zonder precies één beleidsregel:\n" + "\n".join(fouten)


def test_routes_without_dependencies_are_known_and_no_app_is_mounted(
    app_routes: list[Eindpunt],
) -> None:
    fouten = []
    for e in app_routes:
        if isinstance(e.route, routing.APIRoute):
            continue
        soort = "Mount" if isinstance(e.route, Mount) else type(e.route).__name__
        if e.pad not in ZONDER_TOEGANG:
            fouten.append(f"{soort} {e.pad}: niet onder het beleid; voeg toegang(Recht…) toe")
        elif not isinstance(e.route, Route):
            fouten.append(f"{soort} {e.pad}: een gemounte app ziet het beleid nooit")
    assert not fouten, "\n".join(fouten)


def test_routes_of_the_issue_declare_their_right(app_routes: list[Eindpunt]) -> None:
    fouten = []
    for e in app_routes:
        for methode in e.methodes - {"HEAD"}:
            verwacht = RECHT_VAN.get((methode, e.sleutel_pad))
            if verwacht is not None and e.recht is not None and e.recht not in verwacht:
                fouten.append(
                    f"{methode} {e.pad}: {e.recht}, verwacht {' of '.join(sorted(verwacht))}"
                )
    assert not fouten, "\n".join(fouten)


# ---------------------------------------------------------------- over HTTP


@dataclass
class Opstelling:
    server: Server
    codes: Codes
    db: AppDatabase
    accounts: dict[str, Actor]
    browsers: dict[str, Browser]
    routes: list[Eindpunt]

    def email(self, rol: str) -> str:
        return self.accounts[rol].email

    def verse_browser(self, rol: str) -> Browser:
        """A new session of ``rol`` (a new CSRF cookie for `anoniem`)."""
        if rol == "anoniem":
            browser = Browser(self.server.base)
            browser.csrf()
            return browser
        return ingelogd(self.server.base, self.email(rol))


@pytest.fixture(scope="module")
def opstelling(
    web_db: Path, tmp_path_factory: pytest.TempPathFactory, app_routes: list[Eindpunt]
) -> Iterator[Opstelling]:
    map_ = tmp_path_factory.mktemp("matrix")
    warehouse = map_ / "web.duckdb"  # a copy: the survey form may open its file to write
    shutil.copyfile(web_db, warehouse)
    codes = codes_van(warehouse)
    with dashboard_proces(warehouse, map_) as server:
        database = AppDatabase.van_url(server.app_db_url)
        accounts = maak_accounts(database, server.settings, codes)
        accounts.update(_matrix_account(database, server))
        browsers = {"anoniem": Browser(server.base)}
        browsers.update({r: ingelogd(server.base, accounts[r].email) for r in ROLLEN[1:]})
        yield Opstelling(server, codes, database, accounts, browsers, app_routes)
        database.sluit()


def _matrix_account(database: AppDatabase, server: Server) -> dict[str, Actor]:
    """The account the public forms sign in with and reset (never one of the roles)."""
    gebruiker = gebruikers.toevoegen(
        database,
        BEHEER,
        email="matrix@test.nl",
        naam="Matrix",
        rol=Rol.BEDRIJF,
        wachtwoord=WACHTWOORD,
        wachtwoorden=Wachtwoorden.van(server.settings),
    )
    return {"matrix": gebruikers.actor_van(gebruiker)}


def _scope(pad: str) -> str:
    if "{vestiging}" in pad:
        return "vestiging_pad"
    if "{regio}" in pad:
        return "regio"
    return "geen"


def mag(recht: str, scope: str, rol: str) -> bool:
    if recht in ROLRECHTEN:
        return rol in ROLRECHTEN[recht]
    return rol in OBJECTRECHTEN[recht][scope]


def beoordeel(rol: str, methode: str, pad: str, verwacht: bool, antwoord: Antwoord) -> str | None:
    """None when the answer is what the table expects, else what went wrong."""
    plek = antwoord.kop("location") or ""
    naar_inloggen = antwoord.status in (302, 303, 307) and plek.startswith("/inloggen?terug=")
    if verwacht:
        if antwoord.status in (401, 403) or naar_inloggen:
            return f"geweigerd ({antwoord.status} {plek}), verwacht toegestaan"
        return None
    if rol == "anoniem":
        if methode in ("GET", "HEAD") and not pad.startswith("/api/"):
            goed = antwoord.status == 303 and plek.startswith("/inloggen?terug=")
            return None if goed else f"{antwoord.status} {plek}, verwacht 303 naar /inloggen"
        return None if antwoord.status == 401 else f"{antwoord.status}, verwacht 401"
    return None if antwoord.status == 403 else f"{antwoord.status}, verwacht 403"


def _verwacht_recht(e: Eindpunt, methode: str) -> str | None:
    """The issue's right for a route it names; else the right the route declares."""
    verwacht = RECHT_VAN.get((methode, e.sleutel_pad))
    if verwacht is None:
        return e.recht
    if e.recht in verwacht:
        return e.recht
    return sorted(verwacht)[0]


def _pad_met_waarden(o: Opstelling, e: Eindpunt, toelichting_id: int | None) -> str | None:
    waarden = {
        **VOORBEELD,
        "code": o.codes.regio,
        "regio": o.codes.regio,
        "vestiging": o.codes.vestiging,
    }
    pad = e.pad
    if e.sleutel_pad.startswith(TOELICHTING):
        pad = re.sub(r"^/toelichting/\{[^}]+\}", f"/toelichting/{toelichting_id}", pad)
    for param in re.findall(r"\{([^}:]+)(?::[^}]*)?\}", pad):
        if param == "token":
            waarde = (
                reset_token(o.db, "matrix@test.nl")
                if pad.startswith("/wachtwoord/herstel/")
                else secrets.token_urlsafe(32)
            )
        elif param in waarden:
            waarde = waarden[param]
        else:
            return None
        pad = re.sub(r"\{" + re.escape(param) + r"(?::[^}]*)?\}", waarde, pad)
    return pad


def _vraag(o: Opstelling, e: Eindpunt, methode: str, rol: str, pad: str, scope: str) -> str | None:
    recht = _verwacht_recht(e, methode)
    if recht is None:
        return None  # no policy to hold it to: test_every_route_declares_exactly_one_policy
    verwacht = mag(recht, scope, rol)
    if methode in ("GET", "HEAD"):
        antwoord = o.browsers[rol].vraag(methode, pad)
    else:
        browser = o.verse_browser(rol)
        velden = {"csrf": browser.csrf(), **VELDEN.get((methode, e.sleutel_pad), {})}
        antwoord = browser.vraag(methode, pad, velden=velden)
    fout = beoordeel(rol, methode, pad, verwacht, antwoord)
    if fout is None:
        return None
    wie = f"{rol} ({scope})" if scope != "geen" else rol
    return f"{methode} {pad} als {wie} [{recht}]: {fout}"


def _methodes(e: Eindpunt) -> list[str]:
    return sorted(e.methodes - {"HEAD"}) if e.methodes != {"HEAD"} else ["HEAD"]


def test_every_route_and_role_over_http(opstelling: Opstelling) -> None:
    """Every route without a toelichting id, every role, every method."""
    o = opstelling
    fouten: list[str] = []
    gevraagd = 0
    for e in o.routes:
        if not isinstance(e.route, routing.APIRoute):
            continue
        if e.sleutel_pad.startswith(TOELICHTING):
            continue  # test_toelichting_routes_over_http
        for methode in _methodes(e):
            for rol in ROLLEN:
                pad = _pad_met_waarden(o, e, None)
                if pad is None:
                    fouten.append(f"{methode} {e.pad}: geen voorbeeldwaarde; vul VOORBEELD aan")
                    break
                fout = _vraag(o, e, methode, rol, pad, _scope(e.pad))
                gevraagd += 1
                if fout:
                    fouten.append(fout)
    assert gevraagd > 200
    assert not fouten, f"{len(fouten)} afwijkingen van de tabel:\n" + "\n".join(fouten)


def test_framework_routes_are_public_and_list_no_private_route(opstelling: Opstelling) -> None:
    antwoord = Browser(opstelling.server.base).get("/api/v1/openapi.json")
    assert antwoord.status == 200
    for e in opstelling.routes:
        if e.recht not in (None, "openbaar"):
            assert f'"{e.pad}"' not in antwoord.text, e.pad


def test_toelichting_routes_over_http(opstelling: Opstelling) -> None:
    """Routes of one toelichting by its id, on a fresh toelichting of the own regio, and of a
    vestiging of the own regio, for every request (a write never changes the next request)."""
    o = opstelling
    routes = [
        e
        for e in o.routes
        if isinstance(e.route, routing.APIRoute) and e.sleutel_pad.startswith(TOELICHTING)
    ]
    if not routes:
        pytest.skip("de routes /toelichting/{id}… bestaan nog niet (web/pages/toelichting.py)")
    if toelichting_api() is None:
        pytest.skip("sto_monitor.toelichting.opslag bestaat nog niet: geen toelichting te maken")
    fouten: list[str] = []
    for e in routes:
        for methode in _methodes(e):
            for scope in ("regio", "vestiging"):
                for rol in ROLLEN:
                    auteur = o.accounts["regio" if scope == "regio" else "school"]
                    ident = maak_toelichting(
                        o.db,
                        auteur,
                        regio=o.codes.regio,
                        vestiging=o.codes.vestiging if scope == "vestiging" else None,
                        publiceer=True,
                    )
                    pad = _pad_met_waarden(o, e, ident)
                    assert pad is not None, e.pad
                    fout = _vraag(o, e, methode, rol, pad, scope)
                    if fout:
                        fouten.append(fout)
    assert not fouten, f"{len(fouten)} afwijkingen van de tabel:\n" + "\n".join(fouten)
