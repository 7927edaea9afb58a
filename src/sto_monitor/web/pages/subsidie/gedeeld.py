"""What every subsidy page shares: the path parameters, the regulation and dossier of a
request, the status in words and whether a viewer may see a draft.

Kept small and stable: the commission's pages import from here too. Blocking work (the
application database) runs off the event loop via ``regiodocument.gedeeld.db``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from sto_monitor.accounts.beleid import Actor, Recht, besluit
from sto_monitor.errors import NotFoundError
from sto_monitor.subsidie import laden, opslag
from sto_monitor.subsidie.opslag import STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.web.pages.regiodocument.gedeeld import Regiocode, db, pagina, wie
from sto_monitor.web.toegang import app_db

__all__ = [
    "GEEN_AANVRAAG",
    "STATUS_UITLEG",
    "Jaar",
    "Regelingcode",
    "Regiocode",
    "Vraagnummer",
    "db",
    "dossier_van",
    "mag_aanvragen",
    "pad",
    "pagina",
    "regeling_van",
    "status_tekst",
    "vereis_dossier",
    "wie",
    "zichtbaar_dossier",
]

Regelingcode = Annotated[str, Path(max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Jaar = Annotated[int, Path(ge=2000, le=2100)]
Vraagnummer = Annotated[int, Path(ge=1, le=1_000_000_000)]

# The status a region reads, with what it means for them next.
STATUS_UITLEG: dict[Status, str] = {
    Status.CONCEPT: "Alleen uw regio ziet dit concept. Dien het in als het klaar is.",
    Status.INGEDIEND: "De commissie en het landelijk team kunnen de aanvraag nu lezen.",
    Status.IN_BEOORDELING: "De commissie beoordeelt de aanvraag.",
    Status.TOEGEKEND: "De subsidie is toegekend.",
    Status.AFGEWEZEN: "De aanvraag is afgewezen.",
    Status.AANGEPAST: "De subsidie is toegekend, met een ander bedrag dan aangevraagd.",
}
GEEN_AANVRAAG = "nog geen aanvraag"


def regeling_van(code: str) -> Regeling:
    """The regulation of the path; NotFoundError (404) for an unknown code."""
    return laden.regeling(code)


def status_tekst(d: Dossier | None) -> str:
    """The status in words ("in beoordeling"), or "nog geen aanvraag"."""
    return STATUS_NAAM[d.status] if d is not None else GEEN_AANVRAAG


def pad(regio: str, regeling: str | None = None) -> str:
    """The address of a region's subsidy pages (of one regulation when given)."""
    basis = f"/regio/{regio}/subsidie"
    return f"{basis}/{regeling}" if regeling else basis


def mag_aanvragen(ik: Actor, regio: str) -> bool:
    """The viewer writes this region's application (the region itself)."""
    return besluit(ik, Recht.SUBSIDIE_AANVRAGEN, regio=regio)


def zichtbaar_dossier(ik: Actor, d: Dossier | None) -> Dossier | None:
    """A draft is the region's own business until it is submitted: others see None."""
    return opslag.zichtbaar(ik, d)


async def dossier_van(request: Request, regio: str, regeling: str) -> Dossier | None:
    """The region's dossier under a regulation as the viewer may see it (``SUBSIDIE_INZIEN``
    asked by the domain on the region; a draft hidden from anyone but the region)."""
    database, ik = app_db(request), wie(request)
    d = await db(lambda: opslag.dossier(database, ik, regio, regeling))
    return zichtbaar_dossier(ik, d)


def vereis_dossier(d: Dossier | None, regio: str, regeling: Regeling) -> Dossier:
    """The dossier, or 404 in words."""
    if d is None:
        raise NotFoundError(
            f"Regio {regio} heeft (nog) geen ingediende aanvraag onder {regeling.naam}."
        )
    return d
