"""One kennisbank item as Dublin Core (``oai_dc``), for our OAI-PMH endpoint (``oai.py``).

The fields and what goes in them:

- ``dc:title``; ``dc:description`` the summary as plain text (the Markdown rendered by the
  item's own safe renderer, then stripped of its tags, so what a harvester shows is what a
  reader sees, without markup);
- ``dc:type`` the kind in Dutch ("Lesmateriaal"); ``dc:subject`` the profielen, themes and
  education levels in Dutch words (a harvester filtering on "vmbo" or "techniek" finds them);
- ``dc:rights`` the licence's Creative Commons address; ``dc:identifier`` the item's page;
  ``dc:relation`` its links and the download address of each attached file;
- ``dc:coverage`` the contributing regions ("Nederland" for national material),
  ``dc:publisher`` the kennisbank, ``dc:date`` the day of publication, ``dc:language`` ``nl``.

Contact details are left out: they name a person, and the item's page has them.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.domain import PROFIELEN
from sto_monitor.kennisbank.bestanden import Bestand
from sto_monitor.kennisbank.item import LICENTIES, NIVEAUS, SOORTEN, Item, samenvatting_html
from sto_monitor.kennisbank.item import themas as alle_themas
from sto_monitor.kennisbank.opslag import LANDELIJK

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
UITGEVER = "STO Monitor, kennisbank techniek in het vmbo"
PROFIELNAMEN = {p.code: p.naam for p in PROFIELEN}


def platte_tekst(markdown: str) -> str:
    """The summary as plain text: rendered safely, tags dropped, paragraphs kept."""
    opgemaakt = str(samenvatting_html(markdown))
    opgemaakt = re.sub(r"</(p|li|h\d|blockquote|pre)>|<br\s*/?>", "\n", opgemaakt)
    tekst = html.unescape(re.sub(r"<[^>]+>", "", opgemaakt))
    regels = (" ".join(r.split()) for r in tekst.split("\n"))
    return "\n".join(r for r in regels if r)


def onderwerpen(item: Item) -> list[str]:
    """The profielen, themes and education levels of an item in Dutch words."""
    thema_teksten = alle_themas()
    return [
        *(PROFIELNAMEN.get(p, p) for p in item.profielen),
        *(thema_teksten.get(t, t) for t in item.themas),
        *(NIVEAUS.get(n, n) for n in item.niveaus),
    ]


def dc(
    k: KennisItem,
    bestanden: Sequence[Bestand],
    *,
    basis_url: str,
    regionamen: Mapping[str, str] | None = None,
) -> ET.Element:
    """The ``oai_dc:dc`` element of a published item."""
    item = Item.uit_json(k.inhoud)
    wortel = ET.Element(
        f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {OAI_DC_SCHEMA}"}
    )

    def veld(naam: str, waarde: str) -> None:
        if waarde:
            ET.SubElement(wortel, f"{{{DC}}}{naam}").text = waarde

    veld("title", item.titel)
    veld("description", platte_tekst(item.samenvatting))
    veld("type", SOORTEN.get(item.soort, item.soort))
    for onderwerp in onderwerpen(item):
        veld("subject", onderwerp)
    veld("rights", LICENTIES[item.licentie][1] if item.licentie in LICENTIES else "")
    veld("identifier", f"{basis_url}/kennisbank/{k.id}")
    for link in item.links:
        veld("relation", link)
    for b in bestanden:
        veld("relation", basis_url + b.url)
    namen = regionamen or {}
    for regio in item.regios:
        veld("coverage", "Nederland" if regio == LANDELIJK else namen.get(regio, f"regio {regio}"))
    veld("publisher", UITGEVER)
    if k.gepubliceerd is not None:
        veld("date", k.gepubliceerd.date().isoformat())
    veld("language", "nl")
    return wortel
