"""A kennisbank item: the typed record, its vocabularies as data, and its validation.

The vocabularies are data, not code paths: the types, the education levels, the Creative
Commons licences, and the themes, which are the survey's interventions (the ``aandacht`` block
of the newest questionnaire, read from ``survey/vragenlijsten``, so a theme keeps the survey
item's stable id) plus a few topics of the monitor itself. Profielen come from
``sto_monitor.domain``.

``controleer`` checks a whole item and raises one :class:`ParameterError` that lists every
problem by field (in Dutch), so a form can show them all at once. The summary is Markdown in
the toelichting's safe subset (``toelichting/opmaak.py``): stored as written, rendered with
:func:`samenvatting_html`, where raw HTML such as ``<script>`` stays text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sto_monitor.domain import PROFIEL_CODES
from sto_monitor.errors import ParameterError
from sto_monitor.toelichting import opmaak

# The life of an item: a contribution is a concept until the national team publishes or
# refuses it (``opslag.py``); only published items are public.
CONCEPT, GEPUBLICEERD, GEWEIGERD = "concept", "gepubliceerd", "geweigerd"
STATUSSEN = (CONCEPT, GEPUBLICEERD, GEWEIGERD)
MAX_TITEL = 200
MAX_SAMENVATTING = 5000
MAX_LINKS = 10
MAX_LINK = 1000
MAX_CONTACT = 300

SOORTEN: Mapping[str, str] = {
    "goede_praktijk": "Goede praktijk",
    "lesmateriaal": "Lesmateriaal",
    "hulpmiddel": "Hulpmiddel",
    "onderzoek": "Onderzoek",
}
NIVEAUS: Mapping[str, str] = {
    "vmbo_bb": "vmbo basisberoepsgerichte leerweg",
    "vmbo_kb": "vmbo kaderberoepsgerichte leerweg",
    "vmbo_gl": "vmbo gemengde leerweg",
    "vmbo_tl": "vmbo theoretische leerweg",
    "technasium": "technasium",
    "beroepshavo": "beroepshavo",
    "techhavo": "techhavo",
}
# Creative Commons 4.0 and CC0; the code is what a harvester reads, the name what people read.
LICENTIES: Mapping[str, tuple[str, str]] = {
    "CC0-1.0": ("CC0 (publiek domein)", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("CC BY 4.0 (naamsvermelding)", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (
        "CC BY-SA 4.0 (naamsvermelding, gelijk delen)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC-BY-NC-4.0": (
        "CC BY-NC 4.0 (naamsvermelding, niet commercieel)",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    "CC-BY-NC-SA-4.0": (
        "CC BY-NC-SA 4.0 (naamsvermelding, niet commercieel, gelijk delen)",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    "CC-BY-ND-4.0": (
        "CC BY-ND 4.0 (naamsvermelding, geen afgeleide werken)",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    "CC-BY-NC-ND-4.0": (
        "CC BY-NC-ND 4.0 (naamsvermelding, niet commercieel, geen afgeleide werken)",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
}
# Topics of the monitor beside the survey's interventions.
MONITOR_THEMAS: Mapping[str, str] = {
    "monitor.techniekkeuze": "Keuze voor een technisch profiel",
    "monitor.doorstroom": "Doorstroom naar het mbo",
    "monitor.aanbod": "Spreiding van het technisch aanbod",
    "monitor.stages": "Stages en samenwerking met bedrijven",
}
VRAGENLIJSTEN = Path(__file__).resolve().parent.parent / "survey" / "vragenlijsten"
REGIOCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}\Z")
LINK = re.compile(r"https?://[^\s<>\"']+\Z")


@cache
def themas() -> dict[str, str]:
    """Theme id → Dutch text: the newest questionnaire's interventions, then the monitor's."""
    nieuwste = sorted(VRAGENLIJSTEN.glob("sto-*.json"))[-1]
    data = json.loads(nieuwste.read_text(encoding="utf-8"))
    blok = next(b for b in data["blokken"] if b["id"] == "aandacht")
    uit = {str(i["id"]): str(i["tekst"]) for i in blok["items"]}
    uit.update(MONITOR_THEMAS)
    return uit


@dataclass(frozen=True)
class Item:
    """What a contributor writes. ``regios`` are the regions it comes from or is about."""

    titel: str
    samenvatting: str  # Markdown, the safe subset
    soort: str
    licentie: str
    regios: tuple[str, ...] = ()
    profielen: tuple[str, ...] = ()
    themas: tuple[str, ...] = ()
    niveaus: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    contact: str = ""

    def als_json(self) -> dict[str, Any]:
        return {
            "titel": self.titel,
            "samenvatting": self.samenvatting,
            "soort": self.soort,
            "licentie": self.licentie,
            "regios": list(self.regios),
            "profielen": list(self.profielen),
            "themas": list(self.themas),
            "niveaus": list(self.niveaus),
            "links": list(self.links),
            "contact": self.contact,
        }

    @classmethod
    def uit_json(cls, data: Mapping[str, Any]) -> Item:
        def rij(naam: str) -> tuple[str, ...]:
            return tuple(str(v) for v in data.get(naam) or ())

        return cls(
            titel=str(data.get("titel", "")),
            samenvatting=str(data.get("samenvatting", "")),
            soort=str(data.get("soort", "")),
            licentie=str(data.get("licentie", "")),
            regios=rij("regios"),
            profielen=rij("profielen"),
            themas=rij("themas"),
            niveaus=rij("niveaus"),
            links=rij("links"),
            contact=str(data.get("contact", "")),
        )


@dataclass
class _Fouten:
    lijst: list[str] = field(default_factory=list)

    def erbij(self, veld: str, melding: str) -> None:
        self.lijst.append(f"{veld}: {melding}")


def _uniek(waarden: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.strip() for w in waarden if w.strip()))


def _codes(
    fouten: _Fouten, veld: str, waarden: tuple[str, ...], bekend: Sequence[str], verplicht: bool
) -> None:
    if verplicht and not waarden:
        fouten.erbij(veld, "kies er minstens één.")
    onbekend = [w for w in waarden if w not in bekend]
    if onbekend:
        fouten.erbij(veld, "onbekend: " + ", ".join(repr(w[:40]) for w in onbekend[:5]) + ".")


def controleer(item: Item) -> Item:
    """The item as stored (text trimmed, lists without doubles), or one ParameterError with
    every problem, each starting with its field's name."""
    fouten = _Fouten()
    titel = " ".join(item.titel.split())
    samenvatting = item.samenvatting.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not titel:
        fouten.erbij("titel", "vul een titel in.")
    elif len(titel) > MAX_TITEL:
        fouten.erbij("titel", f"te lang: {len(titel)} tekens, hoogstens {MAX_TITEL}.")
    if not samenvatting:
        fouten.erbij("samenvatting", "schrijf een korte samenvatting.")
    elif len(samenvatting) > MAX_SAMENVATTING:
        fouten.erbij("samenvatting", f"te lang: hoogstens {MAX_SAMENVATTING} tekens.")
    if item.soort not in SOORTEN:
        fouten.erbij("soort", "kies goede praktijk, lesmateriaal, hulpmiddel of onderzoek.")
    if item.licentie not in LICENTIES:
        fouten.erbij("licentie", "kies een Creative Commons-licentie.")
    regios = _uniek(item.regios)
    if not regios:
        fouten.erbij("regios", "noem minstens één regio.")
    slecht = [r for r in regios if not REGIOCODE.match(r)]
    if slecht:
        fouten.erbij("regios", "onbekende regiocode " + repr(slecht[0][:40]) + ".")
    profielen, thema_ids, niveaus = (
        _uniek(item.profielen),
        _uniek(item.themas),
        _uniek(item.niveaus),
    )
    _codes(fouten, "profielen", profielen, PROFIEL_CODES, verplicht=False)
    _codes(fouten, "themas", thema_ids, list(themas()), verplicht=True)
    _codes(fouten, "niveaus", niveaus, list(NIVEAUS), verplicht=True)
    links = _uniek(item.links)
    if len(links) > MAX_LINKS:
        fouten.erbij("links", f"hoogstens {MAX_LINKS} links.")
    for link in links:
        if len(link) > MAX_LINK or not LINK.match(link):
            fouten.erbij("links", f"geen geldige webadres (http of https): {link[:60]!r}.")
    contact = " ".join(item.contact.split())
    if len(contact) > MAX_CONTACT:
        fouten.erbij("contact", f"te lang: hoogstens {MAX_CONTACT} tekens.")
    if fouten.lijst:
        raise ParameterError(
            "Het item is niet compleet of niet juist:\n- " + "\n- ".join(fouten.lijst)
        )
    return Item(
        titel=titel,
        samenvatting=samenvatting,
        soort=item.soort,
        licentie=item.licentie,
        regios=regios,
        profielen=profielen,
        themas=thema_ids,
        niveaus=niveaus,
        links=links,
        contact=contact,
    )


def samenvatting_html(samenvatting: str) -> Markup:
    """The summary as safe HTML: the toelichting's Markdown subset, cleaned twice."""
    return opmaak.html(samenvatting)
