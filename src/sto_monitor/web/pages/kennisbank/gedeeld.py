"""What every kennisbank page shares: running blocking work, the two kinds of answer, and an
item in the reader's words.

- :func:`db`, :func:`wie`, :func:`pagina`: as on the other signed-in pages (the regiodocument's
  helpers): work off the event loop, the signed-in actor, a private page (``no-store``).
- :func:`openbaar`: a public page. It never reads the session, so it is the same for everyone;
  it is not kept in the snapshot's page cache (a moderation must show at once, and the cache
  lives as long as a snapshot), but browsers may keep it and ask again with its ETag.
- :func:`weergave`: a stored item (``KennisItem``) as a page shows it: the names of its type,
  profielen, themes, levels, licence and regions instead of their codes, and its summary as
  safe HTML (``kennisbank.item.samenvatting_html``: raw HTML and ``javascript:`` links inert).
- :func:`ververs`: drops a region's cached public region page after a change of what it lists.

Kept small and stable: the files, OAI-PMH and API modules of the kennisbank import from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup

from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.domain import PROFIELEN
from sto_monitor.kennisbank import opslag
from sto_monitor.kennisbank.item import LICENTIES, NIVEAUS, SOORTEN, Item, samenvatting_html, themas
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.toelichting import verversen
from sto_monitor.web.pages.regiodocument.gedeeld import db, pagina, wie
from sto_monitor.web.render import html, vers

__all__ = [
    "FACET_NAAM",
    "LANDELIJK_NAAM",
    "PROFIEL_NAAM",
    "STATUS_NAAM",
    "Weergave",
    "db",
    "kort",
    "naam_van",
    "openbaar",
    "pagina",
    "regio_naam",
    "ververs",
    "weergave",
    "wie",
]

PROFIEL_NAAM: dict[str, str] = {p.code: p.naam for p in PROFIELEN}
STATUS_NAAM: dict[str, str] = {
    opslag.CONCEPT: "wacht op controle",
    opslag.GEPUBLICEERD: "gepubliceerd",
    opslag.GEWEIGERD: "geweigerd",
}
# The search's facets as the reader calls them.
FACET_NAAM: dict[str, str] = {
    "soort": "Soort",
    "profiel": "Profiel",
    "thema": "Thema",
    "regio": "Regio",
    "niveau": "Onderwijsniveau",
}
LANDELIJK_NAAM = "Landelijk (geen bepaalde regio)"
KORT = 220  # characters of a summary in a list of results


def regio_naam(snap: Snapshot, code: str) -> str:
    """A region by its name; national material as such; an unknown code stays itself."""
    if code == opslag.LANDELIJK:
        return LANDELIJK_NAAM
    regio = snap.regios.get(code)
    return regio.naam if regio is not None else code


def naam_van(snap: Snapshot, facet: str, waarde: str) -> str:
    """A facet value (a code) in words."""
    if facet == "soort":
        return SOORTEN.get(waarde, waarde)
    if facet == "profiel":
        return PROFIEL_NAAM.get(waarde, waarde)
    if facet == "thema":
        return themas().get(waarde, waarde)
    if facet == "niveau":
        return NIVEAUS.get(waarde, waarde)
    if facet == "regio":
        return regio_naam(snap, waarde)
    return waarde


def kort(samenvatting: str, lengte: int = KORT) -> str:
    """The summary as plain text, cut at a word near ``lengte`` characters."""
    tekst = " ".join(samenvatting_html(samenvatting).striptags().split())
    if len(tekst) <= lengte:
        return tekst
    return tekst[:lengte].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


@dataclass(frozen=True)
class Weergave:
    """An item as a page shows it: names instead of codes, the summary as safe HTML."""

    id: int
    titel: str
    samenvatting: str  # the Markdown as written (a form shows it again)
    samenvatting_html: Markup
    kort: str
    soort: str
    profielen: tuple[str, ...]
    themas: tuple[str, ...]
    niveaus: tuple[str, ...]
    licentie: str
    licentie_url: str | None
    links: tuple[str, ...]
    contact: str
    regio: str  # the contributing regio, by name
    regio_code: str
    door: str  # who shared it, in words: the region, or a school and its region
    regios: tuple[tuple[str, str], ...]  # (code, name) of the regions it is about
    status: str
    status_tekst: str
    reden: str | None
    gebruikt_door: int
    gebruikers: tuple[tuple[str, str], ...]  # (code, name) of the regions that use it
    bron: str | None  # the national repository of a harvested item
    gewijzigd: str
    item: Item


def weergave(
    k: KennisItem, snap: Snapshot, gebruikers: Sequence[str] = (), bron: str | None = None
) -> Weergave:
    """``k`` in the reader's words; ``gebruikers``: the codes of the regions that use it."""
    item = Item.uit_json(k.inhoud)
    licentie = LICENTIES.get(item.licentie)
    return Weergave(
        id=k.id,
        titel=item.titel,
        samenvatting=item.samenvatting,
        samenvatting_html=samenvatting_html(item.samenvatting),
        kort=kort(item.samenvatting),
        soort=SOORTEN.get(item.soort, item.soort),
        profielen=tuple(PROFIEL_NAAM.get(p, p) for p in item.profielen),
        themas=tuple(themas().get(t, t) for t in item.themas),
        niveaus=tuple(NIVEAUS.get(n, n) for n in item.niveaus),
        licentie=licentie[0] if licentie else "onbekende licentie",
        licentie_url=licentie[1] if licentie else None,
        links=item.links,
        contact=item.contact,
        regio=regio_naam(snap, k.regio),
        regio_code=k.regio,
        door=_door(snap, k),
        regios=tuple((r, regio_naam(snap, r)) for r in item.regios),
        status=k.status,
        status_tekst=STATUS_NAAM.get(k.status, k.status),
        reden=k.geweigerd_reden,
        gebruikt_door=k.gebruikt_door,
        gebruikers=tuple((r, regio_naam(snap, r)) for r in gebruikers),
        bron=bron,
        gewijzigd=f"{k.gewijzigd:%d-%m-%Y}",
        item=item,
    )


def _door(snap: Snapshot, k: KennisItem) -> str:
    regio = regio_naam(snap, k.regio)
    if k.vestiging is None:
        return regio
    naam = next((v.naam for v in snap.vestigingen if v.code == k.vestiging), k.vestiging)
    return f"{naam} ({regio})"


def openbaar(request: Request, template: str, **context: Any) -> Response:
    """A public page: no session read, the same bytes for everybody, with an ETag so a
    browser that has it gets a 304."""
    return vers(request, html(request, template, **context), "text/html; charset=utf-8")


def ververs(regio: str) -> None:
    """The public region page lists the region's published items: drop its cached copy."""
    verversen.vergeet(regio)
