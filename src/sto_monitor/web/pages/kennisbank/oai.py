"""Our OAI-PMH endpoint, ``GET /kennisbank/oai``: others harvest the kennisbank's own items.

The protocol (verbs, paging, deleted records, which items) is ``kennisbank.oai``; this module
passes the query's arguments on and answers with its XML. Region names come from the
published snapshot. The base URL is the setting ``STO_BASIS_URL`` (the address the dashboard
is reached at), so identifiers and links stay the same whichever proxy the request came
through; Identify's adminEmail is the mail sender (``STO_SMTP_AFZENDER``). Not in the page
cache: a moderation must reach harvesters at once.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.kennisbank import oai
from sto_monitor.web.pages.kennisbank.gedeeld import db
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import app_db, instellingen, toegang

router = APIRouter(include_in_schema=False)
XML = "text/xml; charset=utf-8"


@router.get("/kennisbank/oai", dependencies=[toegang(Recht.OPENBAAR)])
async def oai_pmh(request: Request) -> Response:
    database, settings = app_db(request), instellingen(request)
    namen = {code: r.naam for code, r in snapshot(request).regios.items()}
    argumenten = list(request.query_params.multi_items())
    data = await db(
        lambda: oai.antwoord(
            database,
            argumenten,
            basis_url=settings.basis_url,
            regionamen=namen,
            beheer_email=settings.smtp_afzender,
        )
    )
    return Response(data, media_type=XML, headers={"Cache-Control": "no-cache"})
