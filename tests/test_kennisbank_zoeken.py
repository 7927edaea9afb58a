"""Kennisbank search (``sto_monitor.kennisbank.zoeken``) on a real SQLite file and a real
PostgreSQL server: Dutch stemming with prefix match, facet filters and counts, one text match per
question, the same top results on both databases, and the facet counts the database keeps
itself (migration 0010) checked against a recount after every kind of write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, select, update
from sqlalchemy.exc import DBAPIError

from sto_monitor.appdb.engine import MIGRATIES, AppDatabase, maak_engine
from sto_monitor.appdb.tabellen import (
    Basis,
    KennisFacetpaar,
    KennisFacettelling,
    KennisItem,
    KennisKenmerk,
    hoort_bij_schema,
)
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden, opslag, zoeken
from sto_monitor.kennisbank.item import Item
from tests.appdb_fixtures import Cluster
from tests.test_kennisbank import (
    ANDERE,
    ANDERE_PL,
    DERDE,
    DERDE_PL,
    LANDELIJK,
    REGIO,
    REGIO_PL,
    maak,
)

# ---------------------------------------------------------------- search

VOORBEELDEN: list[tuple[str, str, dict[str, object]]] = [
    ("Laswerk in de bovenbouw", "Leerlingen oefenen met lasapparatuur.", {}),
    ("Elektrotechniek voor kader", "Schakelen en meten.", {"niveaus": ("vmbo_kb",)}),
    (
        "Elektro-installaties",
        "Een project met een echte meterkast.",
        {"soort": "goede_praktijk", "regios": (ANDERE,), "profielen": ("PIE", "BWI")},
    ),
    (
        "Onderzoek naar doorstroom",
        "Wat leerlingen na het vmbo kiezen.",
        {"soort": "onderzoek", "themas": ("monitor.doorstroom",), "profielen": ()},
    ),
    (
        "Technasium: ontwerpen",
        "Ontwerpend leren in de onderbouw.",
        {"soort": "hulpmiddel", "niveaus": ("technasium",), "profielen": ("MVI",)},
    ),
    ("Geprinte behuizing", "3D-printen met de klas; lassen niet nodig.", {"regios": (DERDE,)}),
]


def vul(db: AppDatabase) -> list[int]:
    ids = []
    for titel, tekst, anders in VOORBEELDEN:
        k = opslag.draag_bij(db, LANDELIJK, maak(titel, tekst, **anders), regio=REGIO)
        opslag.publiceer(db, LANDELIJK, k.id)
        ids.append(k.id)
    return ids


def _titels(db: AppDatabase, vraag: str, **filters: tuple[str, ...]) -> set[str]:
    return {t.titel for t in zoeken.zoek(db, vraag, filters).treffers}


def test_dutch_stemming_and_prefixes(app_db: AppDatabase) -> None:
    vul(app_db)
    assert zoeken.woorden("lassen") == ["las"]
    assert _titels(app_db, "lassen") == {"Laswerk in de bovenbouw", "Geprinte behuizing"}
    assert _titels(app_db, "elektro") == {"Elektrotechniek voor kader", "Elektro-installaties"}
    assert _titels(app_db, "elektrotechniek") == {"Elektrotechniek voor kader"}
    # inflections meet in one stem: plural "meterkasten" finds "meterkast"
    assert _titels(app_db, "meterkasten projecten") == {"Elektro-installaties"}
    assert _titels(app_db, "schakel") == {"Elektrotechniek voor kader"}
    assert _titels(app_db, "ONTWERPEND leren") == {"Technasium: ontwerpen"}
    assert _titels(app_db, "lassen elektro") == set()  # every word must match
    assert _titels(app_db, "ontwérpen") == {"Technasium: ontwerpen"}  # accents dropped
    assert zoeken.zoek(app_db, "").totaal == len(VOORBEELDEN)


def test_hostile_questions_are_only_words(app_db: AppDatabase) -> None:
    vul(app_db)
    for vraag in ('"', "las* OR ", "NEAR(a b)", "'; DROP TABLE kennis_item; --", "a:* | !b"):
        zoeken.zoek(app_db, vraag)  # no syntax error of either engine
    assert zoeken.zoek(app_db, "").totaal == len(VOORBEELDEN)


def test_facets_filter_and_count(app_db: AppDatabase) -> None:
    vul(app_db)
    alles = zoeken.zoek(app_db, "")
    soort = dict(alles.facetten["soort"])
    assert soort == {"lesmateriaal": 3, "goede_praktijk": 1, "onderzoek": 1, "hulpmiddel": 1}
    assert alles.facetten["soort"][0] == ("lesmateriaal", 3)
    assert dict(alles.facetten["regio"]) == {REGIO: 4, ANDERE: 1, DERDE: 1}
    assert dict(alles.facetten["profiel"]) == {"PIE": 4, "BWI": 1, "MVI": 1}

    elektro = zoeken.zoek(app_db, "elektro")
    assert dict(elektro.facetten["niveau"]) == {"vmbo_bb": 1, "vmbo_kb": 1}
    gefilterd = zoeken.zoek(app_db, "elektro", {"niveau": ["vmbo_kb"]})
    assert [t.titel for t in gefilterd.treffers] == ["Elektrotechniek voor kader"]
    twee = zoeken.zoek(app_db, "", {"soort": ["onderzoek", "hulpmiddel"], "regio": [REGIO]})
    assert twee.totaal == 2
    assert _titels(app_db, "", profiel=("BWI",), thema=("aandacht.lob",)) == {
        "Elektro-installaties"
    }
    with pytest.raises(ParameterError):
        zoeken.zoek(app_db, "", {"kleur": ["rood"]})
    with pytest.raises(ParameterError):
        zoeken.zoek(app_db, "", limiet=0)


def test_a_question_matches_once(app_db: AppDatabase) -> None:
    """Total, first results and facet counts come from one match (the speed of issue 19):
    one statement matches and counts, one reads the first items."""
    vul(app_db)
    statements: list[str] = []

    def tel(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        if "kennis_" in statement:
            statements.append(statement)

    event.listen(app_db.engine, "before_cursor_execute", tel)
    try:
        r = zoeken.zoek(app_db, "elektro", {"niveau": ["vmbo_kb", "vmbo_bb"], "soort": []})
    finally:
        event.remove(app_db.engine, "before_cursor_execute", tel)
    assert [t.titel for t in r.treffers] == ["Elektro-installaties", "Elektrotechniek voor kader"]
    assert (r.totaal, dict(r.facetten["niveau"])) == (2, {"vmbo_bb": 1, "vmbo_kb": 1})
    assert len(statements) == 2
    assert sum(("MATCH" in s or "to_tsquery" in s) for s in statements) == 1
    assert zoeken.zoek(app_db, "geen-treffer-woord").treffers == ()


VRAGEN = ["", "lassen", "elektro", "leerlingen", "project meterkast", "ontwerpen", "vmbo"]


@pytest.fixture
def beide(tmp_path: Path, postgres_cluster: Cluster) -> Iterator[tuple[AppDatabase, AppDatabase]]:
    sqlite = AppDatabase.van_url(f"sqlite:///{tmp_path / 'app.sqlite'}")
    postgres = AppDatabase.van_url(postgres_cluster.nieuwe_database())
    yield sqlite, postgres
    sqlite.sluit()
    postgres.sluit()


Samenvatting = tuple[list[tuple[str, int]], int, dict[str, object]]


def _samengevat(r: zoeken.Resultaat) -> Samenvatting:
    return ([(t.titel, t.gebruikt_door) for t in r.treffers], r.totaal, dict(r.facetten))


def test_the_same_top_results_on_both_databases(beide: tuple[AppDatabase, AppDatabase]) -> None:
    uitkomsten = []
    for db in beide:
        ids = vul(db)
        opslag.markeer_gebruik(db, ANDERE_PL, ids[2], ANDERE)
        opslag.markeer_gebruik(db, DERDE_PL, ids[4], DERDE)
        opslag.markeer_gebruik(db, ANDERE_PL, ids[4], ANDERE)
        uitkomsten.append([_samengevat(zoeken.zoek(db, v, limiet=3)) for v in VRAGEN])
    sqlite, postgres = uitkomsten
    assert sqlite == postgres
    assert sqlite[0][0][:2] == [("Technasium: ontwerpen", 2), ("Elektro-installaties", 1)]


# ---------------------------------------------------------------- stored facet counts

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _opgeslagen(db: AppDatabase) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, ...]]]:
    with db.transactie() as s:
        een = s.execute(select(KennisFacettelling)).scalars().all()
        twee = s.execute(select(KennisFacetpaar)).scalars().all()
        return (
            Counter({(r.facet, r.waarde): r.aantal for r in een if r.aantal}),
            Counter({(r.facet, r.waarde, r.facet2, r.waarde2): r.aantal for r in twee if r.aantal}),
        )


def _herteld(db: AppDatabase) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, ...]]]:
    """A plain recount: the facet values (and two values) of every published item."""
    with db.transactie() as s:
        inhoud = s.scalars(
            select(KennisItem.inhoud).where(KennisItem.status == opslag.GEPUBLICEERD)
        ).all()
    een: Counter[tuple[str, str]] = Counter()
    twee: Counter[tuple[str, ...]] = Counter()
    for i in inhoud:
        paren = zoeken.kenmerken(Item.uit_json(i))
        een.update(paren)
        twee.update((*a, *b) for a in paren for b in paren)
    return een, twee


def _klopt(db: AppDatabase) -> None:
    """Stored counts are a recount, and the answers without words (the first view, one facet
    value) are what counting the items gives."""
    een, twee = _herteld(db)
    assert _opgeslagen(db) == (een, twee)
    for limiet in (1, 20):
        assert zoeken.zoek(db, "", limiet=limiet) == zoeken.zoek(
            db, "", limiet=limiet, opgeslagen=False
        )
    assert zoeken.zoek(db, "  ", {"soort": []}) == zoeken.zoek(db, "  ", opgeslagen=False)
    for facet, waarde in [*een, ("regio", "R99")]:
        gekozen = {facet: [waarde]}
        for limiet in (1, 3):
            antwoord = zoeken.zoek(db, "", gekozen, limiet)
            assert antwoord == zoeken.zoek(db, "", gekozen, limiet, opgeslagen=False)
            assert antwoord.totaal == een[(facet, waarde)]


def test_stored_counts_follow_every_write(app_db: AppDatabase, tmp_path: Path) -> None:
    _klopt(app_db)
    ids = vul(app_db)  # contributed and published
    _klopt(app_db)
    concept = opslag.draag_bij(
        app_db, REGIO_PL, maak("Nog een concept", regios=(DERDE,)), regio=REGIO
    )
    assert dict(zoeken.zoek(app_db, "").facetten["regio"]) == {REGIO: 4, ANDERE: 1, DERDE: 1}
    opslag.publiceer(app_db, LANDELIJK, concept.id)
    assert dict(zoeken.zoek(app_db, "").facetten["regio"]) == {REGIO: 4, ANDERE: 1, DERDE: 2}
    _klopt(app_db)
    # an edit of a published item: its old values leave the counts until it is published again
    opslag.bewerk(app_db, REGIO_PL, ids[0], maak("Ander onderwerp", soort="onderzoek"))
    _klopt(app_db)
    opslag.publiceer(app_db, LANDELIJK, ids[0])
    opslag.weiger(app_db, LANDELIJK, ids[1], "Verouderd.")
    opslag.weiger(app_db, LANDELIJK, ids[1], "Nog steeds verouderd.")  # refused twice
    opslag.markeer_gebruik(app_db, ANDERE_PL, ids[2], ANDERE)
    _klopt(app_db)
    assert zoeken.zoek(app_db, "").treffers[0].id == ids[2]  # used by a region: first
    # a file attached to a published item makes it a concept again
    bestanden.voeg_toe(app_db, LANDELIJK, ids[3], "les.pdf", PDF, map_=tmp_path, max_bytes=10**6)
    _klopt(app_db)
    # the harvest: new, new content for it, removed at the source
    with app_db.transactie() as s:
        nieuw = opslag.importeer(
            s, "oogst", maak("Geoogst", regios=("landelijk",)), bestaand=None, bron="Edurep"
        )
        nieuw_id = nieuw.id
    _klopt(app_db)
    with app_db.transactie() as s:
        anders = maak("Geoogst", soort="hulpmiddel", regios=("landelijk",), niveaus=("techhavo",))
        opslag.importeer(s, "oogst", anders, bestaand=nieuw_id, bron="Edurep")
    _klopt(app_db)
    with app_db.transactie() as s:
        opslag.verwijder_geoogst(s, "oogst", nieuw_id, bron="Edurep")
    _klopt(app_db)
    with app_db.transactie() as s:  # and back, the way a harvest re-imports a record
        opslag.importeer(s, "oogst", anders, bestaand=nieuw_id, bron="Edurep")
    _klopt(app_db)
    with app_db.transactie() as s:  # no write path removes items, but the counts would follow
        s.delete(s.get(KennisItem, ids[4]))
    _klopt(app_db)
    # 6 published, +1 published concept, -1 refused, -1 file (concept), +1 harvested, -1 removed
    assert zoeken.zoek(app_db, "").totaal == len(VOORBEELDEN) - 1
    with pytest.raises(DBAPIError), app_db.transactie() as s:  # rows are replaced, not changed
        s.execute(update(KennisKenmerk).values(waarde="R99").where(KennisKenmerk.facet == "regio"))
    _klopt(app_db)


# ---------------------------------------------------------------- the migration


def test_the_migration_up_and_down(app_db_url: str) -> None:
    engine = maak_engine(app_db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    try:
        with engine.begin() as c:
            config.attributes["connection"] = c
            command.upgrade(config, "head")
        with engine.connect() as c:
            kontekst = MigrationContext.configure(c, opts={"include_name": hoort_bij_schema})
            assert compare_metadata(kontekst, Basis.metadata) == []
            namen = set(inspect(c).get_table_names())
            assert {"kennis_item", "kennis_kenmerk", "kennis_gebruik"} <= namen
            zoekindex = "kennis_zoek" in namen  # the FTS5 table, on SQLite only
            assert zoekindex == (engine.dialect.name == "sqlite")
        with engine.begin() as c:
            config.attributes["connection"] = c
            command.downgrade(config, "0004")
        with engine.connect() as c:
            assert not [n for n in inspect(c).get_table_names() if n.startswith("kennis_")]
    finally:
        engine.dispose()


def test_the_migration_counts_existing_items(app_db_url: str) -> None:
    """Migration 0010 fills the stored counts from the items already there."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    engine = maak_engine(app_db_url)
    with engine.begin() as c:
        config.attributes["connection"] = c
        command.upgrade(config, "0009")
    engine.dispose()
    db = AppDatabase.van_url(app_db_url, migreren=False)
    try:
        ids = vul(db)
        opslag.weiger(db, LANDELIJK, ids[0], "Verouderd.")
        opslag.draag_bij(db, REGIO_PL, maak("Nog een concept"), regio=REGIO)
        with db.engine.begin() as c:
            config.attributes["connection"] = c
            command.upgrade(config, "head")
        assert zoeken.zoek(db, "").totaal == len(VOORBEELDEN) - 1
        _klopt(db)
    finally:
        db.sluit()
