"""The public search for internship places, and one place's public page.

``GET /stagebank`` (``OPENBAAR``): a school or student asks for current places within 0-20 km
(default 10) of a school vestiging (chosen from the list, or typed as its code or name) or a
postcode, optionally for one profiel and a period the place must overlap. The answer is a
numbered list and, beside it, a server-drawn map with the same numbers (``kaart.py``); links
to follow the same search as an Atom feed and to save it. A question that cannot be answered
(an unknown postcode or school, a radius over 20 km, a date that is none) comes back as the
form with what was typed and a Dutch message, status 400, never a server error.

``GET /stagebank/plaats/{plaats}`` (``OPENBAAR``): one current place in full with its contact;
404 once it has expired or been withdrawn, or while its company is not confirmed.

Both read the application database (places change at any time), so they are not kept in the
snapshot's page cache; they never read the session and are the same for everybody, sent with
an ETag and ``no-cache`` so a browser or proxy may keep them and ask whether they changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor import domain
from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot, Vestiging
from sto_monitor.stagebank import vraag as vraag_module
from sto_monitor.stagebank.vraag import Zoekvraag, lees_los, openbare_plaats
from sto_monitor.stagebank.zoeken import (
    LIMIET,
    Middelpunt,
    Treffer,
    vanaf_postcode,
    vanaf_vestiging,
)
from sto_monitor.web.pages.stagebank import kaart
from sto_monitor.web.pages.stagebank.gedeeld import (
    WOORDEN,
    db,
    gepubliceerd,
    postcode_tabel,
    vandaag,
)
from sto_monitor.web.pages.zoeken import vorm
from sto_monitor.web.render import html, vers
from sto_monitor.web.toegang import app_db, toegang

router = APIRouter(include_in_schema=False)
OPENBAAR = [toegang(Recht.OPENBAAR)]
_CODE = re.compile(r"\(([0-9A-Za-z]{2,12})\)\s*\Z")
MAX_KEUZES = 12  # schools offered when a typed name matches several


def vestiging_keuze(v: Vestiging) -> str:
    """How a school stands in the list and in the field: "Naam, Plaats (CODE)"."""
    return f"{v.naam}, {v.plaats} ({v.code})"


@dataclass(frozen=True)
class Uitkomst:
    """A search as the page shows it: the centre found, or the problems and choices."""

    vraag: Zoekvraag
    middelpunt: Middelpunt | None
    fouten: dict[str, str]
    keuzes: tuple[Vestiging, ...] = ()  # schools matching a typed name, to choose from


def _vestigingen(snap: Snapshot, tekst: str) -> list[Vestiging]:
    """The schools a typed text means: by "(CODE)" at its end, its code, or every word."""
    met_ligging = [v for v in snap.vestigingen if v.lat is not None and v.lon is not None]
    code = m.group(1) if (m := _CODE.search(tekst)) else tekst.strip()
    precies = [v for v in snap.vestigingen if v.code.casefold() == code.casefold()]
    if precies:
        return precies
    woorden = vorm(tekst).split()
    if not woorden:
        return []
    return [
        v for v in met_ligging if all(w in vorm(f"{v.naam} {v.plaats} {v.code}") for w in woorden)
    ]


async def uitkomst(request: Request, params: Mapping[str, str]) -> Uitkomst:
    """The question read and its centre found, every problem as a Dutch message by field."""
    vraag, fouten = lees_los(params)
    if vraag.leeg or fouten:
        return Uitkomst(vraag, None, fouten)
    snap = gepubliceerd(request)
    try:
        if vraag.vestiging:
            gevonden = _vestigingen(snap, vraag.vestiging)
            if not gevonden:
                return Uitkomst(
                    vraag,
                    None,
                    {
                        "vestiging": f"We kennen geen school die past bij {vraag.vestiging!r}. "
                        "Kies een school uit de lijst, of typ haar naam, plaats of "
                        "vestigingscode (bijvoorbeeld 01AB00)."
                    },
                )
            if len(gevonden) > 1:
                keuzes = tuple(sorted(gevonden, key=lambda v: (v.naam, v.plaats))[:MAX_KEUZES])
                melding = f"Meer scholen passen bij {vraag.vestiging!r}; kies er één."
                return Uitkomst(vraag, None, {"vestiging": melding}, keuzes)
            return Uitkomst(vraag, vanaf_vestiging(snap, gevonden[0].code), {})
        pcs = await postcode_tabel(request)
        return Uitkomst(vraag, vanaf_postcode(pcs, vraag.postcode), {})
    except (NotFoundError, ParameterError) as fout:
        veld = "vestiging" if vraag.vestiging else "postcode"
        return Uitkomst(vraag, None, {veld: str(fout)})


def _met(vraag: Zoekvraag, vestiging: str) -> str:
    """The same search from the chosen school."""
    return "/stagebank?" + replace(vraag, vestiging=vestiging, postcode="").query()


def keuzelijst(snap: Snapshot) -> list[str]:
    """Every school with a known location, for the field's list."""
    return sorted(
        vestiging_keuze(v) for v in snap.vestigingen if v.lat is not None and v.lon is not None
    )


@router.get("/stagebank", dependencies=OPENBAAR)
async def zoekpagina(request: Request) -> Response:
    params = dict(request.query_params)
    u = await uitkomst(request, params)
    snap = gepubliceerd(request)
    treffers: list[Treffer] = []
    kaart_svg = None
    if u.middelpunt is not None:
        database, middelpunt, dag = app_db(request), u.middelpunt, vandaag()
        treffers = await db(lambda: u.vraag.zoek(database, middelpunt, dag))
        kaart_svg = kaart.svg(snap, middelpunt, u.vraag.straal, treffers)
    # what was typed stays in the fields, also where it could not be read
    getypt = {k: str(params.get(k, ""))[:120] for k in vraag_module.VELDEN}
    tekst = html(
        request,
        "stagebank_zoeken.html",
        snapshot=snap,
        u=u,
        getypt=getypt,
        treffers=treffers,
        kaart=kaart_svg,
        limiet=LIMIET,
        query=u.vraag.query(),
        scholen=keuzelijst(snap),
        profielen=domain.PROFIELEN,
        keuzes=[(vestiging_keuze(v), _met(u.vraag, vestiging_keuze(v))) for v in u.keuzes],
        **WOORDEN,
    )
    return vers(request, tekst, "text/html; charset=utf-8", 400 if u.fouten else 200)


@router.get("/stagebank/plaats/{plaats:int}", dependencies=OPENBAAR)
async def plaatspagina(request: Request, plaats: int) -> Response:
    if not 1 <= plaats <= 1_000_000_000:
        raise NotFoundError(f"Stageplaats {plaats} bestaat niet.")
    database, dag = app_db(request), vandaag()
    p = await db(lambda: openbare_plaats(database, plaats, dag))
    tekst = html(request, "stagebank_plaats.html", snapshot=gepubliceerd(request), p=p, **WOORDEN)
    return vers(request, tekst, "text/html; charset=utf-8")
