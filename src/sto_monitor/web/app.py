"""The dashboard application: ``create_app(db)`` wires the pages, the API and the static files.

Served by uvicorn (``sto serve``). Read-only: it never writes to the warehouse. Every figure
comes from a :class:`~sto_monitor.publicatie.gegevens.Snapshot`, published through disclosure
control once per warehouse version. Errors are translated to HTTP here, in one handler, and
nowhere else. Every answer, whichever layer makes it, gets the security headers of
``beveiliging.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import (
    AppDatabaseError,
    DisclosureError,
    ForbiddenError,
    IndicatorError,
    NotFoundError,
    NotReadyError,
    NotSignedInError,
    ParameterError,
    StoError,
    WarehouseError,
)
from sto_monitor.publicatie.gegevens import BronPerDefinitie
from sto_monitor.settings import Settings
from sto_monitor.web import api, static
from sto_monitor.web.beveiliging import Beveiligingskoppen
from sto_monitor.web.pages import (
    beheer,
    definitie,
    enquete,
    indicator,
    inloggen,
    kaart,
    kennisbank,
    mijn,
    oidc,
    overzicht,
    plannen,
    prognose,
    rapporten,
    regio,
    regiodocument,
    stagebank,
    stromen,
    subsidie,
    toelichting,
    veranderingen,
    verkenner,
    zoeken,
)
from sto_monitor.web.render import CacheMiddleware, foutpagina, html
from sto_monitor.web.toegang import GEEN_OPSLAG, formulier

# Dutch for the validation errors a query parameter can get (pydantic's error types).
VALIDATIE: dict[str, str] = {
    "string_pattern_mismatch": "bevat tekens die hier niet voorkomen",
    "string_too_long": "is te lang",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "missing": "ontbreekt",
}

HTTP_STATUS: dict[type[StoError], int] = {
    NotFoundError: 404,
    ParameterError: 400,
    IndicatorError: 400,
    WarehouseError: 503,
    DisclosureError: 503,
    NotReadyError: 503,
    AppDatabaseError: 503,
    NotSignedInError: 401,
    ForbiddenError: 403,
}


class Dashboard(FastAPI):
    """The FastAPI application with the security headers as its outermost layer.

    Middleware added with ``add_middleware`` runs inside Starlette's own outer layers
    (``ServerErrorMiddleware``, which answers an unexpected exception with a bare 500, and the
    body size limit), so an answer made there would miss the headers. Wrapping the whole stack
    here puts them on every answer: cached ones (``CacheMiddleware`` answers before routing),
    error pages, static files, API JSON, downloads and the survey form.
    """

    def build_middleware_stack(self) -> ASGIApp:
        return Beveiligingskoppen(super().build_middleware_stack())


def _getypt(waarde: str) -> bool:
    """Text a person wrote, rather than what a form carries along: a stamp or number, or the
    lowercase code of a button or choice ("bewaren", "concept", an indicator)."""
    tekst = waarde.strip()
    if not tekst:
        return False
    if any(c.isspace() for c in tekst):
        return True
    return not (any(c.isdigit() for c in tekst) or re.fullmatch(r"[a-z_.:-]+", tekst))


def create_app(
    db: Path,
    *,
    techniek: str = "sto",
    settings: Settings | None = None,
    interval: float = 2.0,
    app_db: AppDatabase | None = None,
) -> FastAPI:
    app = Dashboard(
        title="STO Monitor API",
        summary="Indicatoren van de monitor Sterk Techniekonderwijs, met onthullingsbeveiliging.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # FastAPI's docs pages load scripts from a CDN; /api serves our own
        redoc_url=None,
    )
    app.state.bronnen = BronPerDefinitie(
        db, techniek=techniek, settings=settings, interval=interval
    )
    app.state.bron = app.state.bronnen.standaard  # the dashboard's own definition
    # What people write (accounts, toelichtingen, survey answers) goes to the application
    # database; the warehouse is only read. Settings: the warehouse's, with STO_APP_DB.
    # (the application database lies beside *this* warehouse unless STO_APP_DB says otherwise)
    settings = settings or Settings.from_env()
    app.state.settings = replace(settings, db=db) if settings.db != db else settings
    app.state.app_db = app_db or AppDatabase.open(app.state.settings)
    app.include_router(api.router)
    app.include_router(api.pagina)
    for module in (
        overzicht,
        regio,
        rapporten,
        kaart,
        verkenner,
        indicator,
        veranderingen,
        definitie,
        zoeken,
        static,
    ):
        app.include_router(module.router)
    app.include_router(enquete.router)  # the survey form: writes by invitation link
    app.include_router(inloggen.router)
    app.include_router(oidc.router)
    app.include_router(mijn.router)
    app.include_router(toelichting.router)
    app.include_router(beheer.router)
    # The region's workspace (issue 17).
    app.include_router(plannen.router)
    app.include_router(prognose.router)
    app.include_router(stromen.router)
    app.include_router(regiodocument.router)
    # The subsidy administration (issue 18).
    app.include_router(subsidie.router)
    # The kennisbank and the stagebank (issue 19).
    app.include_router(kennisbank.api_router)
    app.include_router(kennisbank.router)
    app.include_router(stagebank.router)
    app.add_middleware(CacheMiddleware)
    _handle_errors(app)
    return app


def _handle_errors(app: FastAPI) -> None:
    """The one place where errors become HTTP answers: JSON under /api, a page elsewhere."""

    def answer(request: Request, status: int, message: str, opnieuw: int | None = None) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"fout": message, "status": status}, status_code=status)
        page = foutpagina(request, status, message, opnieuw=opnieuw)
        return HTMLResponse(page, status_code=status)

    @app.exception_handler(StoError)
    async def sto_error(request: Request, exc: StoError) -> Response:
        status = next((s for cls, s in HTTP_STATUS.items() if isinstance(exc, cls)), 500)
        if isinstance(exc, NotSignedInError) and not request.url.path.startswith("/api/"):
            return await niet_ingelogd(request, str(exc))
        if isinstance(exc, NotReadyError):
            response = answer(request, status, str(exc), opnieuw=exc.retry_after)
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        return answer(request, status, str(exc))

    async def niet_ingelogd(request: Request, message: str) -> Response:
        """A page asks to sign in first; a form posted after the session ended shows what
        was typed, so nothing a person entered is lost."""
        terug = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method in ("GET", "HEAD"):
            return RedirectResponse(
                f"/inloggen?terug={quote(terug)}", status_code=303, headers=GEEN_OPSLAG
            )
        # Only what a person typed (a field name is no label, and hidden fields such as a
        # version stamp or the button pressed mean nothing to them).
        velden = [
            v
            for k, v in (await formulier(request)).items()
            if k not in ("csrf", "wachtwoord") and _getypt(v)
        ]
        page = html(request, "sessie_verlopen.html", melding=message, velden=velden, terug=terug)
        return HTMLResponse(page, status_code=401, headers=GEEN_OPSLAG)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
            value = error.get("input")
            why = VALIDATIE.get(error.get("type", ""), "is ongeldig")
            problems.append(f"parameter {where!r} {why} (waarde: {value!r})")
        return answer(request, 400, "; ".join(problems))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = (
            exc.detail if exc.status_code != 404 else f"pagina {request.url.path} bestaat niet"
        )
        return answer(request, exc.status_code, str(message))
