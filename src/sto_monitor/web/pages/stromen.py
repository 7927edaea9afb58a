"""In-, door- and uitstroom of a region in one view (issue 17): ``/regio/{code}/stromen``.

What the page shows is assembled in ``publicatie/stromen.py``, which the visiedocument and the
evaluatie share: published cells only, with what is an estimate and what is national said in
words. This module adds the route, the choice of school year and the cache.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.stromen import stromen
from sto_monitor.web.pages.regio import CODE
from sto_monitor.web.render import gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

HTML = "text/html; charset=utf-8"


def _code(code: str) -> str:
    if not CODE.match(code):
        raise ParameterError(
            f"ongeldige regiocode {code!r}: een regiocode bestaat uit letters, cijfers, '_', '.' "
            "en '-' (hoogstens 32 tekens), bijvoorbeeld R01"
        )
    return code


def _jaar(tekst: str | None) -> int | None:
    """The school year asked for (``?schooljaar=2024``), or None for the newest loaded."""
    if tekst is None or tekst == "":
        return None
    try:
        return int(tekst)
    except ValueError:
        raise ParameterError(
            f"schooljaar moet een jaartal zijn, zoals 2024, niet {tekst!r}"
        ) from None


@router.get("/regio/{code}/stromen")
async def stromen_pagina(
    request: Request,
    code: Annotated[str, Path(max_length=64)],
    schooljaar: Annotated[str | None, Query(max_length=8)] = None,
) -> Response:
    code = _code(code)
    jaar = _jaar(schooljaar)

    def make(snap: Snapshot) -> str:
        view = stromen(snap, code, jaar)  # unknown region or year: 404
        return html(
            request,
            "stromen.html",
            snapshot=snap,
            regio=snap.regio(code),
            stromen=view,
            jaar=view.schooljaar,
        )

    return gecached(request, make, HTML)
