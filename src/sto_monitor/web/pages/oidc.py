"""Sign-in through an OIDC provider (SURFconext): ``/inloggen/oidc`` and its callback.

``/inloggen/oidc?terug=…`` sends the browser to the provider with a new request (state, nonce,
PKCE), kept in the signed cookie ``sto_oidc`` for ten minutes (``accounts/oidc.py`` explains the
choice). ``/inloggen/oidc/terug`` is the redirect URI registered at the provider: it verifies
everything, finds the existing account and starts the session like a password sign-in does.
Every failure is a Dutch page; the log gets the reason, never a code or token.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sto_monitor.accounts import oidc, sessies
from sto_monitor.accounts.beleid import Recht
from sto_monitor.web.pages.inloggen import sessie_starten
from sto_monitor.web.render import foutpagina
from sto_monitor.web.toegang import (
    GEEN_OPSLAG,
    SESSIE_COOKIE,
    app_db,
    instellingen,
    toegang,
    veilig_terug,
)

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

VERZOEK_COOKIE = "sto_oidc"
COOKIE_PAD = "/inloggen/oidc"  # sent to the two routes below only
AFGEBROKEN = "Het inloggen bij uw instelling is afgebroken. Begin opnieuw op de inlogpagina."


@router.get("/inloggen/oidc", dependencies=[toegang(Recht.OPENBAAR)])
async def naar_aanbieder(
    request: Request, terug: Annotated[str | None, Query(max_length=500)] = None
) -> Response:
    settings = instellingen(request)
    try:
        aanbieder = await oidc.ontdek(settings)
    except oidc.OidcFout as fout:
        return _fout(request, fout)
    url, verzoek = oidc.begin(settings, aanbieder, veilig_terug(terug))
    response = RedirectResponse(url, status_code=303, headers=GEEN_OPSLAG)
    response.set_cookie(
        VERZOEK_COOKIE,
        oidc.verzegel(verzoek),
        max_age=oidc.VERZOEK_GELDIG,
        path=COOKIE_PAD,
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back, not on cross-site posts
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/inloggen/oidc/terug", dependencies=[toegang(Recht.OPENBAAR)])
async def terug_van_aanbieder(request: Request) -> Response:
    # code and state are read by hand: a validation error would repeat them on the page
    vraag = request.query_params
    try:
        verzoek = oidc.ontzegel(request.cookies.get(VERZOEK_COOKIE))
        if "error" in vraag:
            fout = vraag["error"] if vraag["error"].isidentifier() else "onbekend"
            raise oidc.OidcFout(AFGEBROKEN, reden=f"aanbieder meldt {fout}")
        settings = instellingen(request)
        identiteit = await oidc.afronden(
            settings, verzoek, state=vraag.get("state"), code=vraag.get("code")
        )
        database = app_db(request)
        gebruiker_id = await run_in_threadpool(oidc.koppel, database, identiteit)
        aanmelding = await run_in_threadpool(
            sessies.aanmelden,
            database,
            settings,
            gebruiker_id,
            oude_token=request.cookies.get(SESSIE_COOKIE),
            hoe="oidc",
        )
    except oidc.OidcFout as fout:
        return _fout(request, fout)
    except sessies.InlogGeweigerd:  # blocked between the link and the session
        return _fout(request, oidc.OidcFout(oidc.GEBLOKKEERD, status=403, reden="geblokkeerd"))
    response = sessie_starten(request, aanmelding, veilig_terug(verzoek.terug))
    _vergeet_verzoek(response)
    return response


def _fout(request: Request, fout: oidc.OidcFout) -> Response:
    log.warning("Inloggen via OIDC mislukt: %s", fout.reden)
    page = foutpagina(request, fout.status, str(fout))
    response = HTMLResponse(page, status_code=fout.status, headers=GEEN_OPSLAG)
    _vergeet_verzoek(response)
    return response


def _vergeet_verzoek(response: Response) -> None:
    """A request is used once, whatever the outcome."""
    response.delete_cookie(VERZOEK_COOKIE, path=COOKIE_PAD, httponly=True, samesite="lax")
