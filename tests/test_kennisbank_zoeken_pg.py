"""Kennisbank search at benchmark shape on a real SQLite file and a real PostgreSQL server.

The benchmark's synthetic items (``benchmarks/kennisbank.py``, a few hundred here instead of
100,000) and its seeded mix of questions: one word, two words, with one or two facet filters.
Every answer is checked against a plain-Python reading of the same rows (prefix match on the
stems, the filters, the counts, the ranking), so a faster query can never quietly change what
is found; and SQLite and PostgreSQL must give the same answer to every question (issue 19:
"the same query gives the same top results on both databases").
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from benchmarks import kennisbank as bank
from sqlalchemy import select

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisItem
from sto_monitor.kennisbank import opslag, zoeken
from sto_monitor.kennisbank.item import Item
from tests.appdb_fixtures import Cluster

ITEMS = 400
LANDELIJK = Actor(14, "team@landelijk.nl", "Landelijk team", Rol.LANDELIJK)
VRAGEN = 60


@dataclass(frozen=True)
class Rij:
    id: int
    gepubliceerd: bool
    woorden: frozenset[str]
    kenmerken: frozenset[tuple[str, str]]
    rang: tuple[int, float, int]  # smallest first


def _rijen(db: AppDatabase) -> list[Rij]:
    with db.transactie() as s:
        rows = s.execute(
            select(
                KennisItem.id,
                KennisItem.status,
                KennisItem.inhoud,
                KennisItem.gebruikt_door,
                KennisItem.gepubliceerd,
            )
        ).all()
    uit = []
    for id_, status, inhoud, gebruikt, moment in rows:
        item = Item.uit_json(inhoud)
        tijd = moment or datetime(1, 1, 2, tzinfo=UTC)
        tijd = tijd if tijd.tzinfo else tijd.replace(tzinfo=UTC)  # SQLite gives naive UTC
        uit.append(
            Rij(
                id=id_,
                gepubliceerd=status == zoeken.GEPUBLICEERD,
                woorden=frozenset(zoeken.zoektekst(item).split()),
                kenmerken=frozenset(zoeken.kenmerken(item)),
                rang=(-gebruikt, -tijd.timestamp(), -id_),
            )
        )
    return uit


def _verwacht(
    rijen: list[Rij], vraag: str, filters: Mapping[str, tuple[str, ...]], limiet: int
) -> tuple[int, list[int], dict[str, dict[str, int]]]:
    """What the search must answer, read in Python: (total, first ids, facet counts)."""
    stammen = zoeken.woorden(vraag)
    gevonden = [
        r
        for r in rijen
        if r.gepubliceerd
        and all(any(w.startswith(s) for w in r.woorden) for s in stammen)
        and all(any((f, w) in r.kenmerken for w in ws) for f, ws in filters.items() if ws)
    ]
    gevonden.sort(key=lambda r: r.rang)
    tellingen: dict[str, Counter[str]] = {f: Counter() for f in zoeken.FACETTEN}
    for r in gevonden:
        for facet, waarde in r.kenmerken:
            tellingen[facet][waarde] += 1
    return (
        len(gevonden),
        [r.id for r in gevonden[:limiet]],
        {f: dict(c) for f, c in tellingen.items()},
    )


def _antwoord(r: zoeken.Resultaat) -> tuple[int, list[int], dict[str, dict[str, int]]]:
    return r.totaal, [t.id for t in r.treffers], {f: dict(v) for f, v in r.facetten.items()}


def test_every_answer_is_what_the_rows_say(app_db: AppDatabase) -> None:
    bank.vul(app_db, ITEMS)
    rijen = _rijen(app_db)
    gevonden = 0
    for vraag, filters in bank.vragen(VRAGEN):
        resultaat = zoeken.zoek(app_db, vraag, filters, limiet=10)
        assert _antwoord(resultaat) == _verwacht(rijen, vraag, filters, 10), (vraag, filters)
        for facet, paren in resultaat.facetten.items():  # most first, then by value
            assert list(paren) == sorted(paren, key=lambda p: (-p[1], p[0])), facet
        gevonden += resultaat.totaal
    assert gevonden > VRAGEN  # the mix finds things: the comparison is not over empty answers
    # a question without words is every published item, with a filter a subset
    alles = zoeken.zoek(app_db, "", limiet=5)  # the first view: stored counts, index order
    assert _antwoord(alles) == _verwacht(rijen, "", {}, 5)
    assert alles == zoeken.zoek(app_db, "", {}, 5, opgeslagen=False)
    # one value without words (stored counts): common values scan in ranking order, rare ones
    # sort their items; both must be what the rows say
    for facet, waarden in alles.facetten.items():
        for waarde, aantal in (waarden[0], waarden[-1]):
            verwacht = _verwacht(rijen, "", {facet: (waarde,)}, 10)
            assert _antwoord(zoeken.zoek(app_db, "", {facet: [waarde]}, 10)) == verwacht
            assert verwacht[0] == aantal
    assert alles.totaal == sum(r.gepubliceerd for r in rijen)
    for filters in (
        {"soort": ("lesmateriaal", "onderzoek"), "niveau": ("vmbo_kb",)},
        {"niveau": ("vmbo_kb", "vmbo_bb")},  # an item with both is found once
        {"regio": ("R01", "R02", "R03"), "thema": (), "soort": ("lesmateriaal",)},
    ):
        verwacht = _verwacht(rijen, "", filters, 20)
        assert _antwoord(zoeken.zoek(app_db, "", filters)) == verwacht
        assert 0 < verwacht[0] < alles.totaal


@pytest.fixture
def beide(tmp_path: Path, postgres_cluster: Cluster) -> Iterator[tuple[AppDatabase, AppDatabase]]:
    sqlite = AppDatabase.van_url(f"sqlite:///{tmp_path / 'app.sqlite'}")
    postgres = AppDatabase.van_url(postgres_cluster.nieuwe_database())
    yield sqlite, postgres
    sqlite.sluit()
    postgres.sluit()


def test_the_same_answers_on_sqlite_and_postgresql(
    beide: tuple[AppDatabase, AppDatabase],
) -> None:
    antwoorden = []
    for db in beide:
        bank.vul(db, ITEMS)
        vragen = [("", {}), *bank.vragen(VRAGEN)]
        antwoorden.append([zoeken.zoek(db, v, f, limiet=10) for v, f in vragen])
    sqlite, postgres = antwoorden
    for a, b in zip(sqlite, postgres, strict=True):
        assert _vergelijkbaar(a) == _vergelijkbaar(b), a.vraag
    assert sum(a.totaal for a in sqlite) > VRAGEN


def _vergelijkbaar(r: zoeken.Resultaat) -> tuple[object, ...]:
    """All of an answer but the time zone of the dates (SQLite gives naive UTC)."""
    treffers = [(t.id, t.titel, t.soort, t.regio, t.gebruikt_door) for t in r.treffers]
    return r.woorden, r.totaal, treffers, dict(r.facetten)


def test_two_writers_lose_no_count(app_db: AppDatabase) -> None:
    """Two transactions publishing items with the same facet values: the second waits for the
    first's counter rows (PostgreSQL: a row lock; SQLite: its one writer) and adds to what the
    first committed, so no count is lost."""
    rng = random.Random(3)
    eerste, tweede = (
        opslag.draag_bij(
            app_db, LANDELIJK, replace(bank.maak_item(rng), soort="onderzoek"), regio="R01"
        ).id
        for _ in range(2)
    )
    klaar = threading.Event()

    def publiceer_tweede() -> None:
        opslag.publiceer(app_db, LANDELIJK, tweede)
        klaar.set()

    draad = threading.Thread(target=publiceer_tweede)
    with app_db.transactie() as s:
        k = s.get(KennisItem, eerste)
        assert k is not None
        k.status, k.gepubliceerd = zoeken.GEPUBLICEERD, datetime.now(UTC)
        s.flush()
        draad.start()
        assert not klaar.wait(0.5)  # waits for this transaction's counters
    draad.join(10)
    assert klaar.is_set()
    alles = zoeken.zoek(app_db, "")
    assert (alles.totaal, dict(alles.facetten["soort"])) == (2, {"onderzoek": 2})
    assert _antwoord(alles) == _verwacht(_rijen(app_db), "", {}, 20)
