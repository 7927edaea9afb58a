"""A signed-in person's saved stagebank searches (``INGELOGD``).

``GET /stagebank/bewaard`` lists them, each with its page, its feed and whether new places are
e-mailed, and a delete button. Reached from the search page's "Bewaar deze zoekopdracht" with
the search in the query string, it first shows that search with a button to save it (and, only
where SMTP is configured, the choice of an e-mail at new places): the public search page never
reads the session, so the form that needs one lives here. ``POST /stagebank/bewaard`` saves;
a search that cannot be answered comes back as this page with the Dutch message (400).
``POST /stagebank/bewaard/{zoekopdracht}/verwijderen`` deletes; the domain
(``stagebank.bewaard``) checks that the search is the person's own.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts import mail
from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.stagebank import bewaard as opslag
from sto_monitor.stagebank.vraag import VELDEN, Zoekvraag, straal_tekst
from sto_monitor.stagebank.zoeken import Middelpunt
from sto_monitor.web.pages.stagebank.gedeeld import PROFIEL_NAAM, datum, db, pagina, wie
from sto_monitor.web.pages.stagebank.zoeken import Uitkomst, uitkomst
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier, instellingen, toegang

router = APIRouter(include_in_schema=False)
INGELOGD = [toegang(Recht.INGELOGD)]
GEDAAN = {
    "bewaard": "De zoekopdracht is bewaard.",
    "verwijderd": "De zoekopdracht is verwijderd.",
}
Gedaan = Annotated[str | None, Query(max_length=20)]


def beschrijving(vraag: Zoekvraag, middelpunt: Middelpunt) -> str:
    """ "Binnen 10 km van X, profiel Y, periode vanaf 1 februari 2027" in one line."""
    delen = [f"Binnen {straal_tekst(vraag.straal).replace('.', ',')} km van {middelpunt.naam}"]
    if vraag.profiel:
        delen.append(f"profiel {PROFIEL_NAAM.get(vraag.profiel, vraag.profiel)}")
    if vraag.van or vraag.tot:
        periode = " ".join(
            x
            for x in (
                f"vanaf {datum(vraag.van)}" if vraag.van else "",
                f"tot en met {datum(vraag.tot)}" if vraag.tot else "",
            )
            if x
        )
        delen.append(f"periode {periode}")
    return ", ".join(delen)


async def _pagina(
    request: Request,
    *,
    nieuw: Uitkomst | None,
    status: int = 200,
    melding: str | None = None,
    email: bool = False,
) -> Response:
    database, ik = app_db(request), wie(request)
    lijst = await db(lambda: opslag.van(database, ik))
    context: dict[str, Any] = {
        "lijst": lijst,
        "nieuw": nieuw,
        "melding": melding,
        "kan_mailen": mail.kan_mailen(instellingen(request)),
        "email": email,
        "beschrijving": beschrijving,
    }
    return pagina(request, "stagebank_bewaard.html", status, **context)


@router.get("/stagebank/bewaard", dependencies=INGELOGD)
async def overzicht(request: Request, gedaan: Gedaan = None) -> Response:
    params = {k: v for k, v in request.query_params.items() if k in VELDEN}
    nieuw = await uitkomst(request, params) if params else None
    status = 400 if nieuw is not None and nieuw.fouten else 200
    return await _pagina(request, nieuw=nieuw, status=status, melding=GEDAAN.get(gedaan or ""))


@router.post("/stagebank/bewaard", dependencies=INGELOGD)
async def bewaar(request: Request) -> Response:
    velden = await formulier(request)
    params = {k: v for k, v in velden.items() if k in VELDEN}
    email = velden.get("email") == "ja"
    u = await uitkomst(request, params)
    if u.middelpunt is None:
        if not u.fouten:
            u = Uitkomst(u.vraag, None, {"vestiging": "Kies een school of een postcode."})
        return await _pagina(request, nieuw=u, status=400, email=email)
    if email and not mail.kan_mailen(instellingen(request)):
        email = False  # the choice is not offered without a mail server
    database, ik, middelpunt = app_db(request), wie(request), u.middelpunt
    try:
        await db(lambda: opslag.bewaar(database, ik, u.vraag, middelpunt, email=email))
    except ParameterError as fout:
        u = Uitkomst(u.vraag, middelpunt, {"bewaren": str(fout)})
        return await _pagina(request, nieuw=u, status=400, email=email)
    return RedirectResponse("/stagebank/bewaard?gedaan=bewaard", 303, headers=GEEN_OPSLAG)


@router.post("/stagebank/bewaard/{zoekopdracht:int}/verwijderen", dependencies=INGELOGD)
async def verwijder(request: Request, zoekopdracht: int) -> Response:
    if not 1 <= zoekopdracht <= 1_000_000_000:
        raise NotFoundError(f"Zoekopdracht {zoekopdracht} bestaat niet.")
    database, ik = app_db(request), wie(request)
    await db(lambda: opslag.verwijder(database, ik, zoekopdracht))
    return RedirectResponse("/stagebank/bewaard?gedaan=verwijderd", 303, headers=GEEN_OPSLAG)
