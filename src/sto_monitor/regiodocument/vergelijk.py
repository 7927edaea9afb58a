"""Two submitted versions side by side: per section the text as a word diff, and the figures
that changed (cells, rows, provenance).

Sections follow the newer version; a section only the older one has comes last. Figures are
compared as the published cells they hold, by row label and column header (by position
when the headers changed but their number did not, as when the school years in them moved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from sto_monitor.regiodocument.cijfers import Cijferblok
from sto_monitor.regiodocument.inhoud import Document
from sto_monitor.regiodocument.secties import Sectie

WOORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Stuk:
    """A run of words: the same in both, only in the older (weg), or only in the newer."""

    soort: Literal["gelijk", "weg", "erbij"]
    tekst: str


@dataclass(frozen=True)
class Celwijziging:
    rij: str
    kolom: str
    was: str
    wordt: str


@dataclass(frozen=True)
class Blokverschil:
    id: str
    titel: str
    cellen: tuple[Celwijziging, ...] = ()
    rijen_weg: tuple[str, ...] = ()
    rijen_erbij: tuple[str, ...] = ()
    kolommen: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (was, wordt) if changed
    herkomst: tuple[str, str] | None = None  # (was, wordt) if changed
    melding: tuple[str, str] | None = None  # why there is no table: (was, wordt) if changed

    @property
    def gelijk(self) -> bool:
        return not (
            self.cellen
            or self.rijen_weg
            or self.rijen_erbij
            or self.kolommen
            or self.herkomst
            or self.melding
        )


@dataclass(frozen=True)
class Sectieverschil:
    sectie: Sectie
    stukken: tuple[Stuk, ...]
    blokken: tuple[Blokverschil, ...]
    alleen_in: Literal["a", "b"] | None = None  # a section of one version only

    @property
    def tekst_gelijk(self) -> bool:
        return all(s.soort == "gelijk" for s in self.stukken)

    @property
    def cijfers_gelijk(self) -> bool:
        return all(b.gelijk for b in self.blokken)

    @property
    def gelijk(self) -> bool:
        return self.alleen_in is None and self.tekst_gelijk and self.cijfers_gelijk


@dataclass(frozen=True)
class Vergelijking:
    a: Document  # the older version
    b: Document  # the newer version
    secties: tuple[Sectieverschil, ...]

    @property
    def gewijzigd(self) -> list[Sectieverschil]:
        return [s for s in self.secties if not s.gelijk]


def woorden(a: str, b: str) -> tuple[Stuk, ...]:
    """``a`` → ``b`` as runs of words kept, removed and added (white space is not a change)."""
    wa, wb = WOORD.findall(a), WOORD.findall(b)
    matcher = SequenceMatcher(None, [w.strip() for w in wa], [w.strip() for w in wb], False)
    stukken: list[Stuk] = []

    def voeg(soort: Literal["gelijk", "weg", "erbij"], tekst: str) -> None:
        if not tekst:
            return
        if stukken and stukken[-1].soort == soort:
            stukken[-1] = Stuk(soort, stukken[-1].tekst + tekst)
        else:
            stukken.append(Stuk(soort, tekst))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            voeg("gelijk", "".join(wb[j1:j2]))
            continue
        if op in ("replace", "delete"):
            voeg("weg", "".join(wa[i1:i2]))
        if op in ("replace", "insert"):
            voeg("erbij", "".join(wb[j1:j2]))
    return tuple(stukken)


def _rijen(blok: Cijferblok) -> dict[str, tuple[str, ...]]:
    n = max(1, blok.sleutel)
    return {", ".join(r[:n]): r for r in blok.rijen}


def blok(a: Cijferblok | None, b: Cijferblok | None) -> Blokverschil:
    """What changed in one figure block between two versions."""
    if a is None or b is None:
        er = b or a
        assert er is not None, "a block of at least one version"
        weg, wel = "Niet in deze versie.", er.melding or "Met cijfers."
        return Blokverschil(er.id, er.titel, melding=(weg, wel) if a is None else (wel, weg))
    melding = (a.melding, b.melding) if a.melding != b.melding else None
    herkomst = (a.herkomst, b.herkomst) if a.herkomst != b.herkomst else None
    kolommen = (a.kolommen, b.kolommen) if a.kolommen != b.kolommen else None
    ra, rb = _rijen(a), _rijen(b)
    n = max(1, b.sleutel)
    if len(a.kolommen) == len(b.kolommen):
        paren = list(range(n, len(b.kolommen)))
        koppen = {i: (i, b.kolommen[i]) for i in paren}
    else:
        gedeeld = [k for k in b.kolommen[n:] if k in a.kolommen]
        koppen = {b.kolommen.index(k): (a.kolommen.index(k), k) for k in gedeeld}
    cellen = [
        Celwijziging(rij, kop, ra[rij][ia], rb[rij][ib])
        for rij in rb
        if rij in ra
        for ib, (ia, kop) in koppen.items()
        if ia < len(ra[rij]) and ib < len(rb[rij]) and ra[rij][ia] != rb[rij][ib]
    ]
    return Blokverschil(
        id=b.id,
        titel=b.titel,
        cellen=tuple(cellen),
        rijen_weg=tuple(r for r in ra if r not in rb),
        rijen_erbij=tuple(r for r in rb if r not in ra),
        kolommen=kolommen,
        herkomst=herkomst,
        melding=melding,
    )


def vergelijk(a: Document, b: Document) -> Vergelijking:
    """Version ``a`` (older) against ``b`` (newer)."""
    secties: list[Sectieverschil] = []
    in_a = {s.id: s for s in a.soort.secties}
    for s in b.soort.secties:
        oud = in_a.get(s.id)
        ids = list(dict.fromkeys([*s.cijfers, *(oud.cijfers if oud else ())]))
        secties.append(
            Sectieverschil(
                sectie=s,
                stukken=woorden(a.tekst(oud) if oud else "", b.tekst(s)),
                blokken=tuple(
                    blok(a.cijfers.get(c), b.cijfers.get(c))
                    for c in ids
                    if c in a.cijfers or c in b.cijfers
                ),
                alleen_in=None if oud else "b",
            )
        )
    ids_b = {s.id for s in b.soort.secties}
    for s in a.soort.secties:
        if s.id not in ids_b:
            secties.append(
                Sectieverschil(
                    sectie=s,
                    stukken=woorden(a.tekst(s), ""),
                    blokken=tuple(blok(a.cijfers[c], None) for c in s.cijfers if c in a.cijfers),
                    alleen_in="a",
                )
            )
    return Vergelijking(a=a, b=b, secties=tuple(secties))
