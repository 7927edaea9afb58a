"""``/definitie``: the control in every page's footer that switches the definition.

The form sends the choice on each switch and the page it came from; the answer sends the reader
back to that page with ``?definitie=<key>`` (no parameter for the dashboard's own definition).
Only a path on this site is a valid way back, so the control cannot redirect elsewhere.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.indicators.definities import SCHAKELAARS, Definitie
from sto_monitor.web.render import DEFINITIE
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])


@router.get("/definitie")
async def kies(request: Request) -> RedirectResponse:
    params = request.query_params
    onbekend = sorted(set(params) - {s.naam for s in SCHAKELAARS} - {"terug", DEFINITIE})
    if onbekend:
        raise ParameterError(f"onbekende parameter {', '.join(onbekend)}")
    gekozen = Definitie.uit_keuzes({s.naam: params.get(s.naam) for s in SCHAKELAARS})
    terug = urlsplit(params.get("terug") or "/")
    if not terug.path.startswith("/") or terug.path.startswith("//") or terug.netloc:
        raise ParameterError("parameter 'terug' moet een pagina van deze site zijn")
    query = [(k, v) for k, v in parse_qsl(terug.query) if k != DEFINITIE]
    if gekozen.sleutel != request.app.state.bronnen.standaard.techniek:
        query.append((DEFINITIE, gekozen.sleutel))
    doel = terug.path + (f"?{urlencode(query)}" if query else "")
    return RedirectResponse(doel, status_code=303)
