"""Who is asking, and may they: the web's side of the policy (``accounts/beleid.py``).

Every route declares exactly one :func:`toegang` dependency with the :class:`Recht` it needs;
``tests/test_toegang_matrix.py`` walks the app's route table and fails for a route without one.
The dependency reads the session cookie, asks ``beleid.vereis`` (with the route's ``{regio}``
or ``{vestiging}`` path parameter, when it has one) and, for every write (POST), checks the
form's CSRF token. A handler that writes an object of a regio asks :func:`vereis_object` once
it has loaded it, which is the same policy again. Public pages never read the session, so they
stay the same for everyone and are served from the page cache.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import Depends, Request, Response
from starlette.exceptions import HTTPException

from sto_monitor.accounts import sessies
from sto_monitor.accounts.beleid import Actor, Recht, vereis
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import ForbiddenError, NotSignedInError, ParameterError
from sto_monitor.settings import Settings

SESSIE_COOKIE = "sto_sessie"
CSRF_COOKIE = "sto_csrf"  # before sign-in: the form's token is compared with this cookie
CSRF_VELD = "csrf"
VEILIG = frozenset({"GET", "HEAD", "OPTIONS"})
_NOG_NIET = object()
GEEN_OPSLAG = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def app_db(request: Request) -> AppDatabase:
    database: AppDatabase = request.app.state.app_db
    return database


def instellingen(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def sessie(request: Request) -> sessies.Geldig | None:
    """The request's valid session (looked up once per request), or None."""
    bekend: object = getattr(request.state, "sessie", _NOG_NIET)
    if bekend is not _NOG_NIET:
        return bekend if isinstance(bekend, sessies.Geldig) else None
    token = request.cookies.get(SESSIE_COOKIE)
    geldig = sessies.sessie(app_db(request), instellingen(request), token) if token else None
    request.state.sessie = geldig
    return geldig


def actor(request: Request) -> Actor | None:
    geldig = sessie(request)
    return geldig.actor if geldig else None


class Toegang:
    """The dependency of one route: its right, and whether its writes carry a CSRF token."""

    def __init__(self, recht: Recht, *, csrf: bool = True) -> None:
        self.recht = recht
        self.csrf = csrf

    async def __call__(self, request: Request) -> Actor | None:
        if self.recht is Recht.OPENBAAR and request.method in VEILIG:
            return None  # a public page is the same for everybody: no session lookup
        wie = actor(request)
        regio, vestiging = request.path_params.get("regio"), request.path_params.get("vestiging")
        vereis(
            wie,
            self.recht,
            regio=str(regio) if regio is not None else None,
            vestiging=str(vestiging) if vestiging is not None else None,
        )
        if request.method not in VEILIG and self.csrf:
            await controleer_csrf(request)
        return wie

    def __repr__(self) -> str:
        return f"Toegang({self.recht.value})"


def toegang(recht: Recht, *, csrf: bool = True) -> Any:
    """``Depends`` for a route's right. ``csrf=False`` only where the path holds the secret
    (an invitation link), which a forged cross-site form cannot know."""
    return Depends(Toegang(recht, csrf=csrf))


def vereis_object(
    request: Request, recht: Recht, *, regio: str | None = None, vestiging: str | None = None
) -> Actor:
    """The policy for one object (its regio or vestiging), for a handler that loaded it."""
    wie = vereis(actor(request), recht, regio=regio, vestiging=vestiging)
    if wie is None:  # only OPENBAAR passes without an actor; objects are never public writes
        raise NotSignedInError("Log in om dit te doen.")
    return wie


async def formulier(request: Request) -> dict[str, str]:
    """The posted form's text fields (the last value of a repeated name).

    URL-encoded, or ``multipart/form-data`` (an upload): then Starlette parses it once and
    keeps it on the request (``await request.form()`` in the handler gets the same, files
    included). An upload larger than ``STO_MAX_UPLOAD_MB`` (plus room for the other fields) is
    refused before it is read, by its Content-Length; for a visitor without a session (who is
    asked to sign in, and typed nothing but the file) the fields are then simply empty."""
    soort = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if soort != "multipart/form-data":
        body = await request.body()  # kept on the request, so the handler can read it again
        velden = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        return {k: v[-1] for k, v in velden.items()}
    max_mb = instellingen(request).max_upload_mb
    lengte = request.headers.get("content-length", "")
    onleesbaar = "Het formulier kon niet worden gelezen. Probeer het opnieuw."
    if not lengte.isdigit() or int(lengte) > (max_mb + 1) * 1_000_000:
        if sessie(request) is None:
            return {}
        raise ParameterError(
            onleesbaar
            if not lengte.isdigit()
            else f"Het bestand is te groot: hoogstens {max_mb} MB. Verklein het of deel het "
            "op, en probeer het opnieuw."
        )
    try:
        form = await request.form(max_files=5, max_fields=200)
    except HTTPException:  # a broken multipart body (Starlette answers it with a 400)
        if sessie(request) is None:
            return {}
        raise ParameterError(onleesbaar) from None
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


async def formulier_alle(request: Request) -> dict[str, list[str]]:
    """The posted (URL-encoded) form with every value of a name, in order: a group of
    checkboxes sends its name once per ticked box."""
    body = await request.body()  # kept on the request: the CSRF check read it already
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


async def controleer_csrf(request: Request) -> None:
    """The form's token equals the session's (or, before sign-in, the CSRF cookie), and the
    Origin or Referer, when sent, is this host."""
    host = request.headers.get("host", "")
    for kop in ("origin", "referer"):
        waarde = request.headers.get(kop)
        if waarde and urlsplit(waarde).netloc != host:
            raise ForbiddenError("Dit formulier kwam niet van deze website.")
    verwacht = _csrf_verwacht(request)
    gekregen = (await formulier(request)).get(CSRF_VELD, "")
    if not verwacht or not hmac.compare_digest(verwacht.encode(), gekregen.encode()):
        raise ForbiddenError(
            "Het formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."
        )


def _csrf_verwacht(request: Request) -> str:
    geldig = sessie(request)
    if geldig is not None:
        return geldig.csrf
    return request.cookies.get(CSRF_COOKIE, "")


def csrf_token(request: Request, response: Response | None = None) -> str:
    """The token a form on this page must carry; before sign-in it is also set as a cookie
    (``response``), which a page with a form must then return."""
    geldig = sessie(request)
    if geldig is not None:
        return geldig.csrf
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    if response is not None:
        zet_cookie(request, response, CSRF_COOKIE, token)
    return token


def zet_cookie(
    request: Request, response: Response, naam: str, waarde: str, *, max_age: int | None = None
) -> None:
    """HttpOnly, SameSite=Lax, and Secure when the request came over https."""
    response.set_cookie(
        naam,
        waarde,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def veilig_terug(terug: str | None, standaard: str = "/mijn") -> str:
    """Where to go after sign-in: a path on this site only (no ``//host`` or ``https://``)."""
    if terug and terug.startswith("/") and not terug.startswith(("//", "/\\")):
        return terug
    return standaard
