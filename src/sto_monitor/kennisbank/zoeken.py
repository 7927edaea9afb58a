"""Search the kennisbank in Dutch: stems, prefix match, facets with counts, ranking by use.

Words are reduced to their Snowball stems (``snowballstemmer``, Dutch) in Python, both when an
item is written (``kennis_item.zoektekst``, the pre-stemmed words of its title and summary) and
when a question is asked. Every stem of the question must match the start of a stem of the item
(a prefix match), so "lassen" (stem ``las``) finds "laswerk" and "elektro" finds
"elektrotechniek"; "elektrotechniek" does not find an item that only says "elektro".

Why this engine: the embedded default is SQLite, whose FTS5 ships with Python and needs no
service; where the application database is PostgreSQL, its own full text search does the same
without another process. Both index the *same pre-stemmed text* with no stemming of their own
(FTS5's ``unicode61`` tokenizer; PostgreSQL's ``'simple'`` configuration, a GIN index over
``to_tsvector('simple', zoektekst)``), so they see identical tokens and match the same items.
The engines only decide *which* items match; the order is ours and the same on both: items used
by more regions first ("wij gebruiken dit", ``gebruikt_door``), then the newest publication,
then the highest id. So the same question gives the same top results on SQLite and PostgreSQL
(``tests/test_kennisbank.py`` checks a set of questions on both). Engine scores (bm25,
ts_rank) are deliberately not used: they differ between the engines.

Facets (soort, profiel, thema, regio, niveau) are rows of ``kennis_kenmerk``; a filter keeps
the items with any of the chosen values of a facet, and all chosen facets together. The counts
are over the items found with every filter applied. Only published items are found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from sqlalchemy import Integer, and_, column, delete, func, insert, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisItem, KennisKenmerk
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank.item import Item

FACETTEN = ("soort", "profiel", "thema", "regio", "niveau")
MAX_LIMIET = 100
MAX_WOORDEN = 12
GEPUBLICEERD = "gepubliceerd"
_WOORD = re.compile(r"[a-z0-9]+")


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch")


def woorden(tekst: str) -> list[str]:
    """The Dutch stems of a text: lower case, accents dropped, split on anything but letters
    and digits (so "laswerk-project" is two words), in order, doubles kept."""
    plat = unicodedata.normalize("NFKD", tekst.lower())
    plat = "".join(c for c in plat if not unicodedata.combining(c))
    return [str(s) for s in _stemmer().stemWords(_WOORD.findall(plat))]


def zoektekst(item: Item) -> str:
    """What both engines index of an item: the stems of its title and summary."""
    return " ".join(woorden(f"{item.titel}\n{item.samenvatting}"))


def kenmerken(item: Item) -> set[tuple[str, str]]:
    """The facet values of an item."""
    paren = {("soort", item.soort)}
    paren |= {("profiel", p) for p in item.profielen}
    paren |= {("thema", t) for t in item.themas}
    paren |= {("regio", r) for r in item.regios}
    paren |= {("niveau", n) for n in item.niveaus}
    return paren


def indexeer(session: Session, rij: KennisItem, oud: str | None) -> None:
    """Keep the search structures of ``rij`` with its new content, in the write's transaction:
    its facet rows, and on SQLite its FTS5 row (``oud``: the words indexed before, or None for
    a new item). PostgreSQL's GIN index follows the column by itself."""
    item = Item.uit_json(rij.inhoud)
    session.execute(delete(KennisKenmerk).where(KennisKenmerk.item_id == rij.id))
    session.execute(
        insert(KennisKenmerk),
        [{"item_id": rij.id, "facet": f, "waarde": w} for f, w in sorted(kenmerken(item))],
    )
    if session.get_bind().dialect.name != "sqlite":
        return
    if oud is not None:
        session.execute(
            text(
                "INSERT INTO kennis_zoek(kennis_zoek, rowid, zoektekst) VALUES ('delete', :id, :t)"
            ),
            {"id": rij.id, "t": oud},
        )
    session.execute(
        text("INSERT INTO kennis_zoek(rowid, zoektekst) VALUES (:id, :t)"),
        {"id": rij.id, "t": rij.zoektekst},
    )


@dataclass(frozen=True)
class Treffer:
    id: int
    titel: str
    soort: str
    regio: str  # the contributing regio
    gebruikt_door: int  # the number of regions that use it
    gepubliceerd: datetime | None


@dataclass(frozen=True)
class Resultaat:
    vraag: str
    woorden: tuple[str, ...]  # the stems searched for
    totaal: int  # items found (all of them, not only the first ``limiet``)
    treffers: tuple[Treffer, ...]
    facetten: Mapping[str, tuple[tuple[str, int], ...]]  # facet → (value, count), most first


def _tekstvoorwaarde(dialect: str, stammen: Sequence[str]) -> ColumnElement[bool]:
    if dialect == "sqlite":
        vraag = " AND ".join(f'"{s}"*' for s in stammen)
        treffers = text("SELECT rowid FROM kennis_zoek WHERE kennis_zoek MATCH :vraag")
        kolom = treffers.bindparams(vraag=vraag).columns(column("rowid", Integer))
        return KennisItem.id.in_(kolom)
    vraag = " & ".join(f"{s}:*" for s in stammen)
    simple: ColumnElement[Any] = literal_column("'simple'")
    vector = func.to_tsvector(simple, KennisItem.zoektekst)
    return vector.op("@@")(func.to_tsquery(simple, vraag))


def _filters(filters: Mapping[str, Iterable[str]]) -> list[ColumnElement[bool]]:
    uit: list[ColumnElement[bool]] = []
    for facet, waarden in sorted(filters.items()):
        if facet not in FACETTEN:
            raise ParameterError(f"Onbekend filter {facet[:40]!r}.")
        gekozen = sorted(set(waarden))
        if not gekozen:
            continue
        met = select(KennisKenmerk.item_id).where(
            KennisKenmerk.facet == facet, KennisKenmerk.waarde.in_(gekozen)
        )
        uit.append(KennisItem.id.in_(met))
    return uit


def zoek(
    db: AppDatabase,
    vraag: str,
    filters: Mapping[str, Iterable[str]] | None = None,
    limiet: int = 20,
) -> Resultaat:
    """The published items that match every word of ``vraag`` (empty: all) and ``filters``
    (facet → values), the first ``limiet`` of them in ranking order, with facet counts."""
    if not 1 <= limiet <= MAX_LIMIET:
        raise ParameterError(f"Vraag om 1 tot {MAX_LIMIET} resultaten.")
    stammen = tuple(dict.fromkeys(woorden(vraag[:500])))[:MAX_WOORDEN]
    with db.transactie() as session:
        dialect = session.get_bind().dialect.name
        voorwaarden = [KennisItem.status == GEPUBLICEERD, *_filters(filters or {})]
        if stammen:
            voorwaarden.append(_tekstvoorwaarde(dialect, stammen))
        waar = and_(*voorwaarden)
        totaal = int(session.scalar(select(func.count()).select_from(KennisItem).where(waar)) or 0)
        rijen = session.execute(
            select(
                KennisItem.id,
                KennisItem.titel,
                KennisItem.soort,
                KennisItem.regio,
                KennisItem.gebruikt_door,
                KennisItem.gepubliceerd,
            )
            .where(waar)
            .order_by(
                KennisItem.gebruikt_door.desc(),
                KennisItem.gepubliceerd.desc(),
                KennisItem.id.desc(),
            )
            .limit(limiet)
        ).all()
        gevonden = select(KennisItem.id).where(waar)
        aantal = func.count().label("aantal")
        tellingen = session.execute(
            select(KennisKenmerk.facet, KennisKenmerk.waarde, aantal)
            .where(KennisKenmerk.item_id.in_(gevonden))
            .group_by(KennisKenmerk.facet, KennisKenmerk.waarde)
            .order_by(KennisKenmerk.facet, aantal.desc(), KennisKenmerk.waarde)
        ).all()
    facetten: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETTEN}
    for facet, waarde, n in tellingen:
        facetten.setdefault(str(facet), []).append((str(waarde), int(n)))
    return Resultaat(
        vraag=vraag,
        woorden=stammen,
        totaal=totaal,
        treffers=tuple(Treffer(*r) for r in rijen),
        facetten={f: tuple(v) for f, v in facetten.items()},
    )
