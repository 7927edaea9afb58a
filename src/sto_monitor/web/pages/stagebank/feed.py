"""``GET /stagebank/feed.atom`` (``OPENBAAR``): a stagebank search as an Atom 1.0 feed.

The same query parameters as the search page (``zoeken.py``); each current place of the
answer is an entry with its stable id, its publication or change time and a link to its page
(``stagebank.atom``). A question that cannot be answered is a 400 with the Dutch message, as
on the page. Not kept in the page cache (places change at any time); sent with an ETag, so a
feed reader that polls every hour gets a 304 while nothing changed.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.stagebank import atom
from sto_monitor.stagebank.vraag import met_tijden, straal_tekst
from sto_monitor.stagebank.zoeken import Treffer
from sto_monitor.web.pages.stagebank.gedeeld import PROFIEL_NAAM, db, vandaag
from sto_monitor.web.pages.stagebank.zoeken import uitkomst
from sto_monitor.web.render import vers
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)


def basis_url(request: Request) -> str:
    """This site's address as the request reached it (a feed's links must be absolute)."""
    return str(request.base_url).rstrip("/")


@router.get("/stagebank/feed.atom", dependencies=[toegang(Recht.OPENBAAR)])
async def feed(request: Request) -> Response:
    u = await uitkomst(request, dict(request.query_params))
    if u.fouten:
        raise ParameterError(" ".join(u.fouten.values()))
    if u.middelpunt is None:
        raise ParameterError("Zoek vanaf een school (vestiging=) of een postcode (postcode=).")
    database, middelpunt, dag = app_db(request), u.middelpunt, vandaag()
    treffers: list[tuple[Treffer, datetime]] = await db(
        lambda: met_tijden(database, u.vraag, middelpunt, dag)
    )
    basis = basis_url(request)
    query = u.vraag.query()
    titel = f"Stageplaatsen binnen {straal_tekst(u.vraag.straal).replace('.', ',')} km van "
    titel += middelpunt.naam
    if u.vraag.profiel:
        titel += f", profiel {PROFIEL_NAAM.get(u.vraag.profiel, u.vraag.profiel)}"
    data = atom.feed(
        treffers,
        basis_url=basis,
        titel=titel,
        zelf=f"{basis}/stagebank/feed.atom?{query}",
        pagina=f"{basis}/stagebank?{query}",
    )
    return vers(request, data, atom.MEDIA_TYPE)
