"""In-, door- and uitstroom of one region in one view, from what is loaded and published.

The contract (issue 17) that the stromen page, the visiedocument and the evaluatie share:
:func:`stromen` returns one :class:`Stroomblok` per part of the view, in this order:

- ``instroom``: instroom into leerjaar 3 per profiel;
- ``doorstroom``: vervolg after leerjaar 4;
- ``doorstroom_mbo``: doorstroom to technical mbo per sectorkamer;
- ``weglekken``: students in a technical profiel in leerjaar 3 and not in leerjaar 4 at the
  same vestiging a year later (an estimate from consecutive files, labelled as such);
- ``afstromers``: (estimate) students who moved to a lower leerweg between leerjaar 3 and 4;
- ``keuzevakken``: technical keuzevakken taken in non-technical profielen.

Every cell is a published cell in the Dutch notation (never a count the rules hide); a block
whose source is not loaded has no rows and says in ``ontbreekt`` which source it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sto_monitor.publicatie.gegevens import Snapshot

BLOKKEN: tuple[str, ...] = (
    "instroom",
    "doorstroom",
    "doorstroom_mbo",
    "weglekken",
    "afstromers",
    "keuzevakken",
)


@dataclass(frozen=True)
class Stroomblok:
    id: str  # one of BLOKKEN
    titel: str  # Dutch, for a heading
    uitleg: str  # Dutch: what is counted, from which source; says "schatting" where estimated
    kolommen: tuple[str, ...]  # the reader's words for the columns
    rijen: tuple[tuple[str, ...], ...]  # cells as published (Dutch notation, <5, x, ranges)
    bron: str  # provenance in words: the published table(s) and school years
    schatting: bool = False
    ontbreekt: str | None = None  # the source that is not loaded, in words; then no rows
    indicatoren: tuple[str, ...] = ()  # the published indicators the cells come from


@dataclass(frozen=True)
class Stromen:
    regio: str
    schooljaar: int | None  # the school year the view is about (the latest loaded)
    blokken: tuple[Stroomblok, ...]

    def blok(self, id: str) -> Stroomblok:
        return next(b for b in self.blokken if b.id == id)


def stromen(snap: Snapshot, regio: str, schooljaar: int | None = None) -> Stromen:
    """The view for ``regio`` in ``schooljaar`` (default: the latest loaded)."""
    raise NotImplementedError("issue 17: publicatie/stromen.py is being written")
