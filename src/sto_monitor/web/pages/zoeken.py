"""``/zoeken?q=``: find a region, gemeente or school (vestiging) and go to its region's page.

The form on the overview and on /regios (``templates/zoekvak.html``) sends here with GET, so
it works without JavaScript and every answer has its own address. Matching ignores case,
accents and punctuation ("Súdwest", "SUDWEST" and "sudwest" are one word) and every word of
the question must occur in what is searched: a region's name and code, a gemeente's name, a
school's name, place and vestiging code. Every hit links to the page of its STO-regio. Only
the snapshot's lists of names are searched, never a figure, so an answer cannot show a cell
the published tables hide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.web.render import gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

HTML = "text/html; charset=utf-8"
MAX_VRAAG = 100  # characters of a question (the form's maxlength)
MAX_TREFFERS = 25  # hits shown per group; the page says how many more there are
_NIET_LETTER = re.compile(r"[^0-9a-z]+")
EN_DASH = "\u2013"  # between the years of a period, as in the region pages


def vorm(tekst: str) -> str:
    """A name as it is compared: no accents, no case, no punctuation, single spaces.

    "'s-Hertogenbosch" -> "s hertogenbosch", "Súdwest-Fryslân" -> "sudwest fryslan",
    "M&T" -> "m en t".
    """
    ontleed = unicodedata.normalize("NFKD", tekst)
    zonder = "".join(c for c in ontleed if not unicodedata.combining(c))
    kleiner = zonder.casefold().replace("&", " en ")
    return " ".join(_NIET_LETTER.sub(" ", kleiner).split())


@dataclass(frozen=True)
class Treffer:
    """One hit: what it is called, one line on what it is, and the region it links to."""

    naam: str
    wat: str  # shown under the name: the kind of hit, its code or place, its region
    regio: Regio | None  # the page the hit links to; None: it belongs to no STO-regio
    anker: str = ""  # a place on the region page ("kaart": the map and its vestigingen)
    sorteer: tuple[int, str] = (0, "")

    @property
    def href(self) -> str | None:
        if self.regio is None:
            return None
        return f"/regio/{self.regio.code}" + (f"#{self.anker}" if self.anker else "")


@dataclass(frozen=True)
class Groep:
    """The hits of one kind, best first, at most ``MAX_TREFFERS`` of them."""

    titel: str
    ident: str
    treffers: tuple[Treffer, ...]
    meer: int  # hits not shown


@dataclass(frozen=True)
class Uitkomst:
    vraag: str
    groepen: tuple[Groep, ...]  # only kinds with a hit

    @property
    def aantal(self) -> int:
        return sum(len(g.treffers) + g.meer for g in self.groepen)


def _rang(woorden: list[str], naam: str, *overig: str) -> int | None:
    """How well the question matches (0 best), or None when a word occurs nowhere.

    0: the name is the question; 1: the name starts with it; 2: a word of the name starts with
    the first word of the question; 3: the words occur somewhere (also in place or code).
    """
    genormaliseerd = vorm(naam)
    alles = " ".join((genormaliseerd, *(vorm(o) for o in overig)))
    if not all(w in alles for w in woorden):
        return None
    vraag = " ".join(woorden)
    if genormaliseerd == vraag or any(vorm(o) == vraag for o in overig):
        return 0
    if genormaliseerd.startswith(vraag):
        return 1
    if any(deel.startswith(woorden[0]) for deel in genormaliseerd.split()):
        return 2
    return 3


def _groep(titel: str, ident: str, treffers: Iterable[Treffer]) -> Groep | None:
    gesorteerd = sorted(treffers, key=lambda t: t.sorteer)
    if not gesorteerd:
        return None
    return Groep(
        titel, ident, tuple(gesorteerd[:MAX_TREFFERS]), max(0, len(gesorteerd) - MAX_TREFFERS)
    )


def _regios(snap: Snapshot, woorden: list[str]) -> Iterable[Treffer]:
    for regio in snap.regios.values():
        rang = _rang(woorden, regio.naam, regio.code)
        if rang is None:
            continue
        luw = ", techniekluw" if regio.techniekluw else ""
        wat = f"STO-regio {regio.code}, indeling {regio.periode.replace('-', EN_DASH)}{luw}"
        yield Treffer(regio.naam, wat, regio, sorteer=(rang, vorm(regio.naam)))


def _gemeenten(snap: Snapshot, woorden: list[str]) -> Iterable[Treffer]:
    scholen = Counter(v.gemeentecode for v in snap.vestigingen if v.gemeentecode)
    for code, naam, _geometrie in snap.gemeenten:
        rang = _rang(woorden, naam)
        if rang is None:
            continue
        regio = snap.regios.get(snap.gemeente_regio.get(code, ""))
        aantal = scholen.get(code, 0)
        vestigingen = (
            f"{aantal} vestiging{'en' if aantal != 1 else ''} met derdejaars in bb, kb of gl"
        )
        if regio is not None:
            wat = f"Gemeente; {vestigingen}, de meeste in {regio.naam}"
        else:
            wat = f"Gemeente; {vestigingen}, geen in een STO-regio"
        yield Treffer(naam, wat, regio, sorteer=(rang, vorm(naam)))


def _scholen(snap: Snapshot, woorden: list[str]) -> Iterable[Treffer]:
    for v in snap.vestigingen:
        rang = _rang(woorden, v.naam, v.plaats, v.code)
        if rang is None:
            continue
        regio = snap.regios.get(v.regio or "")
        waar = f"in {regio.naam}" if regio is not None else "in geen STO-regio"
        plaats = f"{v.plaats}, " if v.plaats else ""
        wat = f"{plaats}vestiging {v.code}, {waar}"
        yield Treffer(v.naam, wat, regio, anker="kaart", sorteer=(rang, vorm(v.naam)))


def zoek(snap: Snapshot, vraag: str) -> Uitkomst:
    """Every region, gemeente and school that matches ``vraag``, grouped, best first."""
    woorden = vorm(vraag).split()
    if not woorden:
        return Uitkomst(vraag, ())
    groepen = (
        _groep("Regio's", "regios", _regios(snap, woorden)),
        _groep("Gemeenten", "gemeenten", _gemeenten(snap, woorden)),
        _groep("Scholen (vestigingen)", "scholen", _scholen(snap, woorden)),
    )
    return Uitkomst(vraag, tuple(g for g in groepen if g is not None))


@router.get("/zoeken")
async def zoeken(request: Request, q: Annotated[str, Query(max_length=MAX_VRAAG)] = "") -> Response:
    vraag = " ".join(q.split())

    def make(snap: Snapshot) -> str:
        return html(request, "zoeken.html", snapshot=snap, q=vraag, uitkomst=zoek(snap, vraag))

    return gecached(request, make, HTML)
