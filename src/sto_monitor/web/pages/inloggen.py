"""Signing in and out, and a new password by a one-time link.

``/inloggen`` (form with a CSRF token, the lockout's message), ``/uitloggen`` (a POST, so a link
on another site cannot sign anybody out), ``/wachtwoord/vergeten`` (the link goes by e-mail when
SMTP is configured; the answer never says whether an address has an account) and
``/wachtwoord/herstel/{token}`` (the token is the secret; ``web/logboek.py`` keeps it out of the
access log). Nothing here is cached.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sto_monitor.accounts import gebruikers, mail, sessies
from sto_monitor.accounts.beleid import Recht
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.web.render import html
from sto_monitor.web.toegang import (
    GEEN_OPSLAG,
    SESSIE_COOKIE,
    app_db,
    csrf_token,
    formulier,
    instellingen,
    toegang,
    veilig_terug,
    zet_cookie,
)

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]


def _pagina(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    response = HTMLResponse("", status_code=status, headers=GEEN_OPSLAG)
    token = csrf_token(request, response)
    response.body = html(request, template, csrf=token, **context).encode()
    response.headers["content-length"] = str(len(response.body))
    return response


@router.get("/inloggen", dependencies=[toegang(Recht.OPENBAAR)])
async def inlogformulier(
    request: Request,
    terug: Annotated[str | None, Query(max_length=500)] = None,
    hersteld: bool = False,
) -> Response:
    melding = "Uw nieuwe wachtwoord is ingesteld. Log in om verder te gaan." if hersteld else None
    return _pagina(
        request, "inloggen.html", terug=veilig_terug(terug), melding=melding, oidc=_oidc(request)
    )


def _oidc(request: Request) -> bool:
    return bool(instellingen(request).oidc_issuer)


@router.post("/inloggen", dependencies=[toegang(Recht.OPENBAAR)])
async def inloggen(request: Request) -> Response:
    velden = await formulier(request)
    email, terug = velden.get("email", ""), veilig_terug(velden.get("terug"))
    settings = instellingen(request)
    try:
        aanmelding = await run_in_threadpool(
            sessies.inloggen,
            app_db(request),
            settings,
            Wachtwoorden.van(settings),
            email,
            velden.get("wachtwoord", ""),
            oude_token=request.cookies.get(SESSIE_COOKIE),
        )
    except sessies.InlogGeweigerd as exc:
        status = 429 if "Te veel" in str(exc) else 401
        return _pagina(
            request,
            "inloggen.html",
            status,
            terug=terug,
            fout=str(exc),
            email=email[:254],
            oidc=_oidc(request),
        )
    return sessie_starten(request, aanmelding, terug)


def sessie_starten(request: Request, aanmelding: sessies.Aanmelding, terug: str) -> Response:
    """The answer after a sign-in (password or OIDC): the new session's cookie, then onward."""
    response = RedirectResponse(terug, status_code=303, headers=GEEN_OPSLAG)
    uren = instellingen(request).sessie_max
    zet_cookie(request, response, SESSIE_COOKIE, aanmelding.token, max_age=uren * 3600)
    return response


@router.post("/uitloggen", dependencies=[toegang(Recht.INGELOGD)])
async def uitloggen(request: Request) -> Response:
    await run_in_threadpool(sessies.uitloggen, app_db(request), request.cookies.get(SESSIE_COOKIE))
    response = RedirectResponse("/?uitgelogd=1", status_code=303, headers=GEEN_OPSLAG)
    response.delete_cookie(SESSIE_COOKIE, path="/")
    return response


@router.get("/wachtwoord/vergeten", dependencies=[toegang(Recht.OPENBAAR)])
async def vergeten_formulier(request: Request) -> Response:
    return _pagina(
        request, "wachtwoord_vergeten.html", mailen=mail.kan_mailen(instellingen(request))
    )


@router.post("/wachtwoord/vergeten", dependencies=[toegang(Recht.OPENBAAR)])
async def vergeten(request: Request) -> Response:
    velden = await formulier(request)
    settings = instellingen(request)
    if mail.kan_mailen(settings):

        def stuur() -> None:
            try:
                verzoek = gebruikers.maak_resetlink(
                    app_db(request), None, velden.get("email", ""), settings.basis_url
                )
            except (NotFoundError, ParameterError):
                return  # the same answer whether or not the address has an account
            mail.verstuur(settings, mail.resetbericht(settings, verzoek))

        await run_in_threadpool(stuur)
    return _pagina(
        request, "wachtwoord_vergeten.html", verstuurd=True, mailen=mail.kan_mailen(settings)
    )


@router.get("/wachtwoord/herstel/{token}", dependencies=[toegang(Recht.OPENBAAR)])
async def herstel_formulier(request: Request, token: Token) -> Response:
    def geldig() -> bool:
        with app_db(request).transactie() as session:
            return gebruikers.geldige_resetlink(session, token) is not None

    ok = await run_in_threadpool(geldig)
    return _pagina(request, "wachtwoord_herstel.html", 200 if ok else 410, geldig=ok)


@router.post("/wachtwoord/herstel/{token}", dependencies=[toegang(Recht.OPENBAAR)])
async def herstel(request: Request, token: Token) -> Response:
    velden = await formulier(request)
    nieuw, herhaling = velden.get("wachtwoord", ""), velden.get("herhaling", "")
    if nieuw != herhaling:
        return _pagina(
            request,
            "wachtwoord_herstel.html",
            400,
            geldig=True,
            fout="De wachtwoorden verschillen.",
        )
    settings = instellingen(request)
    try:
        await run_in_threadpool(
            gebruikers.gebruik_resetlink, app_db(request), token, nieuw, Wachtwoorden.van(settings)
        )
    except ParameterError as exc:
        verlopen = "verlopen" in str(exc)
        return _pagina(
            request,
            "wachtwoord_herstel.html",
            410 if verlopen else 400,
            geldig=not verlopen,
            fout=str(exc),
        )
    return RedirectResponse("/inloggen?hersteld=1", status_code=303, headers=GEEN_OPSLAG)
