"""A toelichting's text: a safe Markdown subset, and how a published one is signed.

People write in a small Markdown subset: paragraphs, *nadruk*, **vet**, lists, links (http,
https, mailto) and line breaks. markdown-it-py renders it with raw HTML switched off and only
those rules on, so ``<script>`` stays text; links to any other scheme (``javascript:``,
``data:``) stay text too. nh3 then cleans the result as a second line of defence: only the
tags of the subset, only ``href`` on a link, only the three schemes, and every link gets
``rel="noopener nofollow ugc"``. The text is stored as written and rendered when shown.

Last, the cleaned HTML is written out once more with every quote in the text escaped too
(``&quot;``), so that no typed text can look like an attribute to anything that scans a page.

A published toelichting is signed with the author's role and the date in Dutch ("Toelichting
van de regio, 3 december 2026"), never with a person's name or address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from sto_monitor.appdb.tabellen import Toelichting
from sto_monitor.publicatie.taal import datum
from sto_monitor.toelichting import onderwerpen

MAX_TEKST = 5000  # characters of one toelichting
MAX_REDEN = 1000  # characters of the reason for hiding one
NL_TIJD = ZoneInfo("Europe/Amsterdam")

TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "a", "br"})
SCHEMAS = frozenset({"http", "https", "mailto"})
REL = "noopener nofollow ugc"

# What the author's role is called under a published toelichting.
AUTEUR: Mapping[str, str] = {
    "regio": "de regio",
    "school": "de school",
    "landelijk": "het landelijk team",
}
STATUS: Mapping[str, str] = {
    "concept": "concept, niet openbaar",
    "gepubliceerd": "gepubliceerd",
    "verborgen": "verborgen door het landelijk team",
}


def _link_toegestaan(url: str) -> bool:
    schema, dubbele_punt, _ = url.strip().partition(":")
    return bool(dubbele_punt) and schema.lower() in SCHEMAS


def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False})
    md.enable(["paragraph", "list", "emphasis", "link", "autolink", "newline", "escape"])
    md.enable(["entity"])
    md.validateLink = _link_toegestaan  # type: ignore[method-assign]
    return md


_MD = _markdown()


def html(tekst: str) -> Markup:
    """The text as safe HTML (the Markdown subset, cleaned)."""
    ruw = _MD.render(tekst)
    schoon = nh3.clean(
        ruw,
        tags=set(TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(SCHEMAS),
        link_rel=REL,
    )
    return Markup(_herschreven(schoon))  # cleaned by nh3 just above


class _Schrijver(HTMLParser):
    """Writes cleaned HTML out again: the same tags, every value and text fully escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.uit: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            return
        waarden = "".join(f' {k}="{escape(v or "", quote=True)}"' for k, v in attrs)
        self.uit.append(f"<{tag}{waarden}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in TAGS and tag != "br":
            self.uit.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.uit.append(escape(data, quote=True))


def _herschreven(schoon: str) -> str:
    schrijver = _Schrijver()
    schrijver.feed(schoon)
    schrijver.close()
    return "".join(schrijver.uit)


def dag(moment: datetime | None) -> str:
    """A moment as a Dutch day, in Dutch time: 3 december 2026."""
    return datum(moment.astimezone(NL_TIJD)) if moment is not None else ""


def tijdstip(moment: datetime | None) -> str:
    """A moment in Dutch time: 3 december 2026, 14:05."""
    if moment is None:
        return ""
    lokaal = moment.astimezone(NL_TIJD)
    return f"{datum(lokaal)}, {lokaal:%H:%M}"


def ondertekening(t: Toelichting, vestigingen: Mapping[str, str] | None = None) -> str:
    """ "Toelichting van de regio, 3 december 2026" (the author's role, never a name)."""
    rol = AUTEUR.get(t.auteur_rol, "de regio")
    wie = f"Toelichting van {rol}"
    if t.vestiging:
        naam = (vestigingen or {}).get(t.vestiging, t.vestiging)
        wie += f" ({naam})" if t.auteur_rol == "school" else f" over {naam}"
    return f"{wie}, {dag(t.gepubliceerd or t.gewijzigd)}"


@dataclass(frozen=True)
class Weergave:
    """A toelichting as a page or report shows it."""

    id: int
    onderwerp: str
    titel: str  # the onderwerp in words, with the school year
    schooljaar: int | None
    vestiging: str | None
    vestiging_naam: str | None
    status: str
    status_tekst: str
    ondertekening: str
    html: Markup
    tekst: str  # as written (Markdown)
    gewijzigd: str  # Dutch date and time of the last change
    verborgen_reden: str | None
    sectie: str  # where the public region page shows it (onderwerpen.regiopagina_sectie)


def weergave(t: Toelichting, vestigingen: Mapping[str, str] | None = None) -> Weergave:
    return Weergave(
        id=t.id,
        onderwerp=t.onderwerp,
        titel=onderwerpen.titel(t.onderwerp, t.schooljaar),
        schooljaar=t.schooljaar,
        vestiging=t.vestiging,
        vestiging_naam=(vestigingen or {}).get(t.vestiging, t.vestiging) if t.vestiging else None,
        status=t.status,
        status_tekst=STATUS.get(t.status, t.status),
        ondertekening=ondertekening(t, vestigingen),
        html=html(t.tekst),
        tekst=t.tekst,
        gewijzigd=tijdstip(t.gewijzigd),
        verborgen_reden=t.verborgen_reden,
        sectie=onderwerpen.regiopagina_sectie(t.onderwerp),
    )
