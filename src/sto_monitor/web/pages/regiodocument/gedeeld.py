"""What the regiodocument pages share: path parameters, the page answer, file downloads."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from sto_monitor.accounts.beleid import ROL_NAAM, Actor, Rol
from sto_monitor.errors import NotFoundError, NotSignedInError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.regiodocument import docx, pdf
from sto_monitor.regiodocument.inhoud import Document
from sto_monitor.regiodocument.secties import Soort, soort
from sto_monitor.toelichting.opmaak import dag, tijdstip
from sto_monitor.web.downloads import bestandsnaam
from sto_monitor.web.render import html
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, csrf_token

T = TypeVar("T")

Regiocode = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Soortnaam = Annotated[str, Path(max_length=20, pattern=r"^[a-z]+$")]
Schooljaar = Annotated[int, Path(ge=2000, le=2100)]
Nummer = Annotated[int, Path(ge=1, le=1_000_000)]
PDF = "application/pdf"
GEDAAN: dict[str, str] = {
    "bewaard": "Het concept is bewaard. Alleen uw regio ziet het.",
    "ingediend": "Het document is ingediend. Het landelijk team en de commissie zien deze versie.",
}
FORMATEN: dict[str, tuple[str, Callable[[Document], bytes]]] = {
    "pdf": (PDF, pdf.pdf),
    "docx": (docx.MEDIA_TYPE, docx.docx_bytes),
}
# Files of submitted versions never change: a few are kept, after the policy let them through.
_BESTANDEN: OrderedDict[tuple[str, str, int, int, str], bytes] = OrderedDict()
MAX_BESTANDEN = 16


def wie(request: Request) -> Actor:
    gevonden = actor(request)
    if gevonden is None:  # the route's toegang() already refused; for the type checker
        raise NotSignedInError("Log in om deze pagina te gebruiken.")
    return gevonden


DOOR: dict[Rol, str] = {
    Rol.REGIO: "de regio",
    Rol.LANDELIJK: "het landelijk team",
    Rol.COMMISSIE: "de commissie",
    Rol.SCHOOL: "een school",
    Rol.BEDRIJF: "een bedrijf",
}


def rol(actor_wie: str) -> str:
    """Who did it as stored ("regio pl@x.nl"), in words: the role, never the person."""
    try:
        return DOOR[Rol(actor_wie.split(" ", 1)[0])]
    except ValueError:
        return "onbekend"


def soort_van(naam: str) -> Soort:
    try:
        return soort(naam)
    except ParameterError as fout:
        raise NotFoundError(str(fout)) from None


def pad(regio: str, soortnaam: str, jaar: int) -> str:
    return f"/regio/{regio}/documenten/{soortnaam}/{jaar}"


def jaar_van(snap: Snapshot, jaar: int) -> int:
    """A school year a new draft may be about: a loaded one, or the one after the newest."""
    toegestaan = {*snap.jaren, *((snap.laatste_jaar + 1,) if snap.laatste_jaar else ())}
    if jaar not in toegestaan:
        raise NotFoundError(
            f"Schooljaar {jaar}/{jaar + 1} kan niet: kies een schooljaar waarvan de cijfers "
            "geladen zijn, of het schooljaar daarna."
        )
    return jaar


def pagina(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    ik = wie(request)
    tekst = html(
        request,
        template,
        csrf=csrf_token(request),
        ik=ik,
        rol_naam=ROL_NAAM.get(ik.rol, ik.rol.value),
        tijdstip=tijdstip,
        dag=dag,
        alineas=pdf.alineas,
        **context,
    )
    return HTMLResponse(tekst, status_code=status, headers=GEEN_OPSLAG)


async def db(werk: Callable[[], T]) -> T:
    return await run_in_threadpool(werk)


def naam(d: Document, formaat: str) -> str:
    """The file name in words: visiedocument-R01-2024-2025-versie-2.pdf (or -concept)."""
    wat = f"versie-{d.nummer}" if d.nummer else "concept"
    kaal = f"{d.soort.soort}-{d.regio}-{d.schooljaar}-{d.schooljaar + 1}-{wat}.{formaat}"
    return bestandsnaam(kaal, d.synthetisch)


async def bestand(d: Document, formaat: str) -> Response:
    """The PDF or DOCX of a document, as a download with its name (made off the event loop)."""
    if formaat not in FORMATEN:
        raise NotFoundError(f"Onbekend formaat {formaat[:10]!r}: kies pdf of docx.")
    media, maak = FORMATEN[formaat]
    sleutel = (d.regio, d.soort.soort, d.schooljaar, d.nummer or 0, formaat)
    data = _BESTANDEN.get(sleutel) if d.nummer else None
    if data is None:
        data = await run_in_threadpool(maak, d)
        if d.nummer:
            _BESTANDEN[sleutel] = data
            while len(_BESTANDEN) > MAX_BESTANDEN:
                _BESTANDEN.popitem(last=False)
    return Response(
        data,
        media_type=media,
        headers={
            **GEEN_OPSLAG,
            "Content-Disposition": f'attachment; filename="{naam(d, formaat)}"',
        },
    )
