"""Search the kennisbank in Dutch: stems, prefix match, facets with counts, ranking by use.

Words are reduced to their Snowball stems (``snowballstemmer``, Dutch) in Python, both when an
item is written (``kennis_item.zoektekst``, the pre-stemmed words of its title and summary) and
when a question is asked. Every stem of the question must match the start of a stem of the item
(a prefix match), so "lassen" (stem ``las``) finds "laswerk" and "elektro" finds
"elektrotechniek"; "elektrotechniek" does not find an item that only says "elektro".

Why this engine: SQLite (the embedded default) ships FTS5 with Python, PostgreSQL has its own
full text search; neither needs another service. Both index the *same pre-stemmed text* with no
stemming of their own (FTS5's ``unicode61``; PostgreSQL's ``'simple'``, a GIN index over
``to_tsvector('simple', zoektekst)``), so they match the same items. The order is ours and the
same on both: items used by more regions first (``gebruikt_door``), then the newest
publication, then the highest id; engine scores (bm25, ts_rank) differ and are not used.

Facets (soort, profiel, thema, regio, niveau) are rows of ``kennis_kenmerk``; a filter keeps
the items with any of the chosen values of a facet, and all chosen facets together. The counts
are over the items found with every filter applied. Only published items are found.

Why it is fast (issue 19: p95 under 50 ms over 100,000 items on both engines, measured by
``benchmarks/kennisbank.py``). The text match runs *once*: one statement materialises the
matched set ``g`` (id and ranking keys of every published item found) and derives from it the
total, the facet counts and the first ids; a second reads those items. The text index drives
and a filter is an ``EXISTS`` probe per item found, so the cost follows the items found:

* SQLite: ``CROSS JOIN`` fixes the join order, FTS5 first (without statistics its planner
  walks the status index over every published item). It can only group by sorting, so it
  hands the ~8 facet rows of every item found over as one string for Python's ``Counter``.
* PostgreSQL: the text match is materialised on its own (``t``), so the GIN index drives
  (with a common filter it would otherwise recompute ``to_tsvector`` on thousands of rows).

The facet order (most first, then by value) is made in Python, the same on both engines. The
first view (no words, no filters) and a click on one value without words do not count:
``kennis_facettelling`` and ``kennis_facetpaar`` hold the counts of all published items, per
value and per two values, kept by the database's own triggers in the transaction of every
write (migration 0010; no write bypasses them, also not the status changes that do not call
:func:`indexeer`). Their first results are an index scan in ranking order
(``ix_kennis_item_rang``) or, for a rare value, its items sorted (:func:`_eerste`).
``tests/test_kennisbank_zoeken_pg.py`` checks every kind of answer against the rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    KennisFacetpaar,
    KennisFacettelling,
    KennisItem,
    KennisKenmerk,
)
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


_KOLOMMEN = "x.id, x.gebruikt_door, x.gepubliceerd"
_TREFFER = [getattr(KennisItem, veld.name) for veld in fields(Treffer)]
_RANG = [getattr(KennisItem, k).desc() for k in ("gebruikt_door", "gepubliceerd", "id")]
_SELECTIEF = ("regio", "thema", "profiel", "niveau", "soort")  # facets with rarer values first


def _gekozen(filters: Mapping[str, Iterable[str]]) -> list[tuple[str, list[str]]]:
    """The filters that choose something, as (facet, values), the most selective facet first."""
    uit = []
    for facet, waarden in filters.items():
        if facet not in FACETTEN:
            raise ParameterError(f"Onbekend filter {facet[:40]!r}.")
        if gekozen := sorted(set(waarden)):
            uit.append((facet, gekozen))
    return sorted(uit, key=lambda paar: _SELECTIEF.index(paar[0]))


def _gevonden(
    dialect: str, stammen: Sequence[str], filters: Mapping[str, Iterable[str]]
) -> tuple[str, dict[str, Any]]:
    """The common table expressions of a question, the last one ``g``: id and ranking keys of
    every published item found, and their parameters (a list: the values of an ``IN``). With
    words the text match comes first and alone (``t``); without, PostgreSQL plans from its
    statistics and SQLite starts from the items of the most selective filter."""
    params: dict[str, Any] = {"status": GEPUBLICEERD}
    bestaat = []
    for n, (facet, gekozen) in enumerate(_gekozen(filters)):
        params |= {f"f{n}": facet, f"w{n}": gekozen}
        bestaat.append(
            f"EXISTS (SELECT 1 FROM kennis_kenmerk k WHERE k.item_id = x.id"
            f" AND k.facet = :f{n} AND k.waarde IN :w{n})"
        )
    if not stammen:
        van = "kennis_item x"
        if dialect == "sqlite" and bestaat:
            van = (
                "(SELECT DISTINCT item_id FROM kennis_kenmerk WHERE facet = :f0"
                " AND waarde IN :w0) d CROSS JOIN kennis_item x ON x.id = d.item_id"
            )
            bestaat = bestaat[1:]
        waar = " AND ".join(["x.status = :status", *bestaat])
        # PostgreSQL: inlined in every part, each planned on the tables' own statistics
        hoe = "MATERIALIZED" if dialect == "sqlite" else "NOT MATERIALIZED"
        return f"g AS {hoe} (SELECT {_KOLOMMEN} FROM {van} WHERE {waar})", params
    if dialect == "sqlite":
        # CROSS JOIN keeps SQLite's join order: without statistics its planner would walk
        # the status index over every published item instead of starting from FTS5.
        params["vraag"] = " AND ".join(f'"{s}"*' for s in stammen)
        tekst = (
            f"SELECT {_KOLOMMEN} FROM kennis_zoek CROSS JOIN kennis_item x"
            " ON x.id = kennis_zoek.rowid WHERE kennis_zoek MATCH :vraag AND x.status = :status"
        )
    else:
        # Materialised on its own so the GIN index always drives: a filter on a common value
        # would otherwise lead PostgreSQL to recompute to_tsvector on thousands of rows.
        params["vraag"] = " & ".join(f"{s}:*" for s in stammen)
        tekst = (
            f"SELECT {_KOLOMMEN} FROM kennis_item x WHERE x.status = :status"
            " AND to_tsvector('simple', x.zoektekst) @@ to_tsquery('simple', :vraag)"
        )
    if not bestaat:
        return f"g AS MATERIALIZED ({tekst})", params
    gefilterd = f"SELECT {_KOLOMMEN} FROM t x WHERE {' AND '.join(bestaat)}"
    return f"t AS MATERIALIZED ({tekst}), g AS MATERIALIZED ({gefilterd})", params


# Separators of the facet values SQLite hands over in one string: control characters, which
# no validated facet value contains.
_TUSSEN, _PAAR = "\x1f", "\x1e"


def _statement(dialect: str, gevonden: str, woorden: bool) -> str:
    """One statement over the matched set ``g``: rows (0, total), (1, facet counts) and (2, the
    id of one of the first ``:limiet``); SQLite's counts as one string (:func:`_tel`). Without
    words PostgreSQL plans the facets as a semi-join on its statistics (``g`` inlined)."""
    if dialect == "sqlite":
        facetten = (
            "SELECT 1, NULL, group_concat(k.facet || char(31) || k.waarde, char(30)), NULL"
            " FROM g CROSS JOIN kennis_kenmerk k ON k.item_id = g.id"
        )
    elif woorden:
        facetten = (
            "SELECT 1, k.facet, k.waarde, count(*) FROM g JOIN kennis_kenmerk k"
            " ON k.item_id = g.id GROUP BY k.facet, k.waarde"
        )
    else:
        facetten = (
            "SELECT 1, k.facet, k.waarde, count(*) FROM kennis_kenmerk k"
            " WHERE k.item_id IN (SELECT g.id FROM g) GROUP BY k.facet, k.waarde"
        )
    eerste = (
        "SELECT g.id FROM g ORDER BY g.gebruikt_door DESC, g.gepubliceerd DESC, g.id DESC"
        " LIMIT :limiet"
    )
    return (
        f"WITH {gevonden} SELECT 0, NULL, NULL, count(*) FROM g"
        f" UNION ALL {facetten} UNION ALL SELECT 2, NULL, NULL, e.id FROM ({eerste}) e"
    )


def _tel(facet: str | None, waarde: str | None, getal: int | None) -> list[tuple[str, str, int]]:
    """The facet counts of one row of part 1 of :func:`_statement`."""
    if getal is not None:
        return [(str(facet), str(waarde), int(getal))]
    paren = Counter(waarde.split(_PAAR) if waarde else ())
    uit = []
    for paar, n in paren.items():
        f, _, w = paar.partition(_TUSSEN)
        uit.append((f, w, n))
    return uit


def _herteld(
    session: Session, stammen: Sequence[str], filters: Mapping[str, Iterable[str]], limiet: int
) -> tuple[int, list[tuple[str, str, int]], list[int]]:
    """Total, facet counts and first ids, counted over the items found (one statement)."""
    dialect = session.get_bind().dialect.name
    gevonden, params = _gevonden(dialect, stammen, filters)
    lijsten: list[BindParameter[Any]] = [
        bindparam(p, expanding=True) for p, v in params.items() if isinstance(v, list)
    ]
    sql = text(_statement(dialect, gevonden, bool(stammen))).bindparams(*lijsten)
    totaal, tellingen, ids = 0, list[tuple[str, str, int]](), list[int]()
    for deel, facet, waarde, getal in session.execute(sql, {**params, "limiet": limiet}):
        if deel == 0:
            totaal = int(getal)
        elif deel == 1:
            tellingen += _tel(facet, waarde, getal)
        else:
            ids.append(int(getal))
    return totaal, tellingen, ids


def _opgeslagen(session: Session, paar: tuple[str, str] | None) -> tuple[int, list[Any]]:
    """Total and facet counts of all published items (``paar``: those with that facet value),
    as stored. Every item has exactly one soort, so the total is the sum of those counts."""
    een, twee = KennisFacettelling, KennisFacetpaar
    vraag = (
        select(een.facet, een.waarde, een.aantal).where(een.aantal > 0)
        if paar is None
        else select(twee.facet2, twee.waarde2, twee.aantal).where(
            twee.facet == paar[0], twee.waarde == paar[1], twee.aantal > 0
        )
    )
    tellingen = [(str(f), str(w), int(n)) for f, w, n in session.execute(vraag)]
    return sum(n for f, _, n in tellingen if f == "soort"), tellingen


def _eerste(session: Session, paar: tuple[str, str] | None, aantal: int, limiet: int) -> list[int]:
    """The first ids of the ``aantal`` published items (with facet value ``paar``). In ranking
    order (an index scan) each item probes the value: about ``limiet`` * all/``aantal`` probes;
    from the value its items are fetched and sorted: ``aantal`` rows. The cheaper is chosen
    (SQLite has no statistics to choose by; ``CROSS JOIN`` keeps its order)."""
    van = "kennis_item x WHERE"
    if paar is not None and aantal * aantal >= limiet * _opgeslagen(session, None)[0]:
        van += " EXISTS (SELECT 1 FROM kennis_kenmerk k WHERE k.item_id = x.id"
        van += " AND k.facet = :f AND k.waarde = :w) AND"
    elif paar is not None:
        join = "CROSS JOIN" if session.get_bind().dialect.name == "sqlite" else "JOIN"
        van = f"kennis_kenmerk k {join} kennis_item x ON x.id = k.item_id WHERE k.facet = :f"
        van += " AND k.waarde = :w AND"
    rang = "ORDER BY x.gebruikt_door DESC, x.gepubliceerd DESC, x.id DESC LIMIT :limiet"
    sql = text(f"SELECT x.id FROM {van} x.status = :status {rang}")
    params = dict(zip("fw", paar or ("", ""), strict=True), status=GEPUBLICEERD, limiet=limiet)
    return [int(i) for i in session.scalars(sql, params)]


def zoek(
    db: AppDatabase,
    vraag: str,
    filters: Mapping[str, Iterable[str]] | None = None,
    limiet: int = 20,
    *,
    opgeslagen: bool = True,
) -> Resultaat:
    """The published items that match every word of ``vraag`` (empty: all) and ``filters``
    (facet → values), the first ``limiet`` of them in ranking order, with facet counts
    (``opgeslagen=False``: counted even where stored, to compare them in the tests)."""
    if not 1 <= limiet <= MAX_LIMIET:
        raise ParameterError(f"Vraag om 1 tot {MAX_LIMIET} resultaten.")
    stammen = tuple(dict.fromkeys(woorden(vraag[:500])))[:MAX_WOORDEN]
    gekozen = _gekozen(filters or {})
    paar = (gekozen[0][0], gekozen[0][1][0]) if [len(w) for _, w in gekozen] == [1] else None
    with db.transactie() as session:
        if opgeslagen and not stammen and (not gekozen or paar is not None):
            totaal, tellingen = _opgeslagen(session, paar)
            ids = _eerste(session, paar, totaal, limiet) if totaal else []
        else:
            totaal, tellingen, ids = _herteld(session, stammen, filters or {}, limiet)
        gevonden = select(*_TREFFER).where(KennisItem.id.in_(ids)).order_by(*_RANG)
        rijen = session.execute(gevonden).all() if ids else []
    # Ordered here, not by the engine: the same order on both, whatever their collation.
    tellingen.sort(key=lambda t: (t[0], -t[2], t[1]))
    facetten: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETTEN}
    for facet, waarde, n in tellingen:
        facetten.setdefault(facet, []).append((waarde, n))
    return Resultaat(
        vraag=vraag,
        woorden=stammen,
        totaal=totaal,
        treffers=tuple(Treffer(*r) for r in rijen),
        facetten={f: tuple(v) for f, v in facetten.items()},
    )
