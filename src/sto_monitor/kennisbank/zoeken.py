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
(``tests/test_kennisbank.py`` and ``tests/test_kennisbank_zoeken_pg.py`` check it). Engine
scores (bm25, ts_rank) are deliberately not used: they differ between the engines.

Facets (soort, profiel, thema, regio, niveau) are rows of ``kennis_kenmerk``; a filter keeps
the items with any of the chosen values of a facet, and all chosen facets together. The counts
are over the items found with every filter applied. Only published items are found.

Why it is fast (issue 19: p95 under 50 ms over 100,000 items on both engines, measured side by
side by ``benchmarks/kennisbank.py``; no schema change was needed). The text match runs *once*
per question: one statement materialises the matched set ``g`` (``WITH … AS MATERIALIZED``: id
and ranking keys of every published item found) and derives from it the total, the facet
counts (``g`` joined to ``kennis_kenmerk`` on its primary key) and the ids of the first
``limiet`` (a top-N sort of ``g``); a second statement reads those few items. Before, the
count, the results and the counts each re-ran the match, and a facet filter was an ``IN`` list
of every item with that value (tens of thousands for a common soort). Now the text index
always drives and a filter is an ``EXISTS`` probe of the primary key per item found, so the
cost follows the number of items found, not the size of the kennisbank:

* SQLite: ``CROSS JOIN`` fixes the join order, FTS5 first. Without statistics SQLite's planner
  otherwise walks the status index over every published item, and joins the facets from the
  wrong side to save a sort. SQLite can only group by sorting, so it hands the ~8 facet rows
  of every item found over as one string that Python's ``Counter`` counts: cheaper than its
  sorter for thousands of items.
* PostgreSQL: the text match is materialised on its own (``t``), so the GIN index always
  drives; with a filter on a common value the planner would otherwise start from the filter
  and recompute ``to_tsvector`` on thousands of rows. The facets are grouped by hashing.

The facet order (most first, then by value) is made in Python, so it is the same on both
engines whatever their collation. What stays proportional to the items found is the facet
counting (about 8 facet rows an item): a word in a third of all items ("onderzoek") takes two
to three times the target, and a question without words counts the facets of every published
item (100-300 ms at 100,000 items on either engine, as before this design; only counts kept
up to date on every write would make that fast). ``tests/test_kennisbank_zoeken_pg.py`` checks
every answer of the benchmark's mix against a plain reading of the rows, on both engines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

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


_KOLOMMEN = "x.id, x.gebruikt_door, x.gepubliceerd"
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
    every published item found, and their parameters (a list: the values of an ``IN``).

    With words the text match comes first and alone (``t``), so the engine's text index drives
    and a filter only probes the items it found. Without words PostgreSQL plans freely from its
    statistics; SQLite, which has none, starts from the items of the most selective filter
    (else it would probe the filters for every published item)."""
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
    id of one of the first ``:limiet``). PostgreSQL groups the facet rows by hashing; SQLite
    can only group by sorting, which costs more than handing the ~8 facet rows per item over
    as one string for Python's ``Counter`` (:func:`_tel`). Without words (``g`` is then
    inlined on PostgreSQL) the facets are a semi-join that PostgreSQL plans on the tables'
    statistics, as it did before; over most of the kennisbank that beats a join on ``g``."""
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
        gevonden, params = _gevonden(dialect, stammen, filters or {})
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
        rijen = (
            session.execute(
                select(
                    KennisItem.id,
                    KennisItem.titel,
                    KennisItem.soort,
                    KennisItem.regio,
                    KennisItem.gebruikt_door,
                    KennisItem.gepubliceerd,
                )
                .where(KennisItem.id.in_(ids))
                .order_by(
                    KennisItem.gebruikt_door.desc(),
                    KennisItem.gepubliceerd.desc(),
                    KennisItem.id.desc(),
                )
            ).all()
            if ids
            else []
        )
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
