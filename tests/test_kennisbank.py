"""The kennisbank (``sto_monitor.kennisbank``) on a real SQLite file and a real PostgreSQL
server: contribute, moderate with a kept reason, audit records, the policy on the item's stored
regio, sanitised summaries, Dutch stemming with prefix match, facet counts, ranking by the
regions that use an item, and the same top results on both databases."""

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

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import MIGRATIES, AppDatabase, maak_engine
from sto_monitor.appdb.tabellen import (
    Auditregel,
    Basis,
    KennisFacetpaar,
    KennisFacettelling,
    KennisItem,
    KennisKenmerk,
    hoort_bij_schema,
)
from sto_monitor.errors import ForbiddenError, NotFoundError, NotSignedInError, ParameterError
from sto_monitor.kennisbank import bestanden, lezen, opslag, zoeken
from sto_monitor.kennisbank import item as kitem
from sto_monitor.kennisbank.item import Item
from tests.appdb_fixtures import Cluster

REGIO, ANDERE, DERDE = "R01", "R02", "R03"
VESTIGING = "01AB00"
REGIO_PL = Actor(11, "pl@r01.nl", "Programmaleider", Rol.REGIO, frozenset({REGIO}))
ANDERE_PL = Actor(12, "pl@r02.nl", "Andere leider", Rol.REGIO, frozenset({ANDERE}))
DERDE_PL = Actor(17, "pl@r03.nl", "Derde leider", Rol.REGIO, frozenset({DERDE}))
LANDELIJK = Actor(14, "team@landelijk.nl", "Landelijk team", Rol.LANDELIJK)
SCHOOL = Actor(15, "d@school.nl", "Directeur", Rol.SCHOOL, vestigingen=frozenset({VESTIGING}))
COMMISSIE = Actor(13, "lid@commissie.nl", "Commissielid", Rol.COMMISSIE)


def maak(titel: str, samenvatting: str = "Een korte beschrijving.", **anders: object) -> Item:
    velden: dict[str, object] = {
        "titel": titel,
        "samenvatting": samenvatting,
        "soort": "lesmateriaal",
        "licentie": "CC-BY-4.0",
        "regios": (REGIO,),
        "profielen": ("PIE",),
        "themas": ("aandacht.lob",),
        "niveaus": ("vmbo_bb",),
        "links": ("https://example.org/les",),
        "contact": "info@example.org",
    }
    velden.update(anders)
    return Item(**velden)  # type: ignore[arg-type]


def _audit(db: AppDatabase) -> list[Auditregel]:
    with db.transactie() as s:
        return list(reversed(audit.lees(s, soort=opslag.SOORT, limiet=None)))


def _status(db: AppDatabase, item_id: int) -> str:
    with db.transactie() as s:
        return str(s.scalar(select(KennisItem.status).where(KennisItem.id == item_id)))


# ---------------------------------------------------------------- the record


def test_validation_lists_every_problem_by_field() -> None:
    slecht = Item(
        titel=" ",
        samenvatting="",
        soort="blog",
        licentie="alle rechten voorbehouden",
        regios=(),
        profielen=("XYZ",),
        themas=(),
        niveaus=("vwo",),
        links=("javascript:alert(1)",),
    )
    with pytest.raises(ParameterError) as fout:
        kitem.controleer(slecht)
    melding = str(fout.value)
    for veld in ("titel", "samenvatting", "soort", "licentie", "regios", "profielen", "themas"):
        assert f"- {veld}:" in melding
    assert "- niveaus:" in melding and "- links:" in melding


def test_themes_are_the_surveys_interventions_and_the_monitors_topics() -> None:
    themas = kitem.themas()
    assert len([t for t in themas if t.startswith("aandacht.")]) == 16
    assert themas["aandacht.lob"].startswith("LOB-activiteiten")
    assert "monitor.doorstroom" in themas


def test_the_summary_is_sanitised() -> None:
    tekst = (
        "**Vet** <script>alert('x')</script> [link](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> [goed](https://example.org)'
    )
    html = str(kitem.samenvatting_html(tekst))
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "<strong>Vet</strong>" in html
    assert 'href="https://example.org"' in html


# ---------------------------------------------------------------- the workflow


def test_contribute_publish_refuse_with_audit(app_db: AppDatabase) -> None:
    k = opslag.draag_bij(app_db, REGIO_PL, maak("Laswerk in de bovenbouw"), regio=REGIO)
    assert k.status == opslag.CONCEPT
    assert zoeken.zoek(app_db, "laswerk").totaal == 0  # a concept is not found
    with pytest.raises(NotFoundError):
        lezen.gepubliceerd_item(app_db, k.id)
    opslag.publiceer(app_db, LANDELIJK, k.id)
    assert zoeken.zoek(app_db, "laswerk").totaal == 1
    assert [i.id for i in lezen.van_regio(app_db, REGIO)] == [k.id]

    s = opslag.draag_bij(app_db, SCHOOL, maak("Een robotproject"), regio=REGIO, vestiging=VESTIGING)
    with pytest.raises(ParameterError):
        opslag.weiger(app_db, LANDELIJK, s.id, "  ")
    opslag.weiger(app_db, LANDELIJK, s.id, "Geen open licentie bij de bijlagen.")
    with app_db.transactie() as sessie:
        rij = sessie.get(KennisItem, s.id)
        assert rij is not None and rij.status == opslag.GEWEIGERD
        assert rij.geweigerd_reden == "Geen open licentie bij de bijlagen."

    regels = _audit(app_db)
    assert [r.actie for r in regels] == [
        "kennisbankitem ingediend",
        "kennisbankitem gepubliceerd",
        "kennisbankitem ingediend",
        "kennisbankitem geweigerd",
    ]
    assert regels[1].wie == LANDELIJK.wie and regels[1].object_id == str(k.id)
    assert regels[1].voor is not None and regels[1].voor["status"] == "concept"
    assert regels[3].na is not None
    assert regels[3].na["geweigerd_reden"] == "Geen open licentie bij de bijlagen."

    # an edit makes a published item a concept again, to be moderated anew
    opslag.bewerk(app_db, REGIO_PL, k.id, maak("Laswerk en lassen in de bovenbouw"))
    assert _status(app_db, k.id) == opslag.CONCEPT
    assert zoeken.zoek(app_db, "laswerk").totaal == 0


def test_the_policy_on_the_stored_regio(app_db: AppDatabase) -> None:
    k = opslag.draag_bij(app_db, REGIO_PL, maak("Techniekdag"), regio=REGIO)
    voor = len(_audit(app_db))
    # a school cannot publish, nor can a region or the commission
    for actor in (SCHOOL, REGIO_PL, COMMISSIE):
        with pytest.raises(ForbiddenError):
            opslag.publiceer(app_db, actor, k.id)
    with pytest.raises(NotSignedInError):
        lezen.te_modereren(app_db, None)
    # another region cannot edit, whatever it claims
    with pytest.raises(ForbiddenError):
        opslag.bewerk(app_db, ANDERE_PL, k.id, maak("Overgenomen"))
    with pytest.raises(ForbiddenError):
        opslag.draag_bij(app_db, ANDERE_PL, maak("Namens een ander"), regio=REGIO)
    # a school contributes for its own vestiging only
    with pytest.raises(ForbiddenError):
        opslag.draag_bij(app_db, SCHOOL, maak("Elders"), regio=REGIO, vestiging="99ZZ00")
    with pytest.raises(ForbiddenError):
        opslag.bewerk(app_db, SCHOOL, k.id, maak("Van de regio"))
    assert len(_audit(app_db)) == voor  # nothing refused left a trace or a change
    assert _status(app_db, k.id) == opslag.CONCEPT
    assert [i.id for i in lezen.te_modereren(app_db, LANDELIJK)] == [k.id]
    with pytest.raises(NotFoundError):
        opslag.publiceer(app_db, LANDELIJK, 9999)


def test_a_script_never_survives_storage_and_rendering(app_db: AppDatabase) -> None:
    k = opslag.draag_bij(
        app_db, REGIO_PL, maak("Veilig", "Hallo <script>alert(1)</script>"), regio=REGIO
    )
    opslag.publiceer(app_db, LANDELIJK, k.id)
    rij = lezen.gepubliceerd_item(app_db, k.id)
    html = str(kitem.samenvatting_html(Item.uit_json(rij.inhoud).samenvatting))
    assert "<script" not in html and "&lt;script&gt;" in html


def test_marks_by_regions_and_ranking(app_db: AppDatabase) -> None:
    ids = []
    for titel in ("Lassen voor beginners", "Laswerk in de praktijk", "Lasrobot in de les"):
        k = opslag.draag_bij(app_db, REGIO_PL, maak(titel), regio=REGIO)
        opslag.publiceer(app_db, LANDELIJK, k.id)
        ids.append(k.id)
    # no marks: the newest publication first
    assert [t.id for t in zoeken.zoek(app_db, "lassen").treffers] == ids[::-1]
    for actor, regio in ((ANDERE_PL, ANDERE), (DERDE_PL, DERDE)):
        opslag.markeer_gebruik(app_db, actor, ids[0], regio)
    opslag.markeer_gebruik(app_db, ANDERE_PL, ids[1], ANDERE)
    opslag.markeer_gebruik(app_db, ANDERE_PL, ids[1], ANDERE)  # twice counts once
    treffers = zoeken.zoek(app_db, "lassen").treffers
    assert [t.id for t in treffers] == [ids[0], ids[1], ids[2]]
    assert [t.gebruikt_door for t in treffers] == [2, 1, 0]
    assert lezen.gebruikt_door(app_db, ids[0]) == [ANDERE, DERDE]
    opslag.markeer_gebruik(app_db, DERDE_PL, ids[0], DERDE, gebruikt=False)
    assert lezen.gebruikt_door(app_db, ids[0]) == [ANDERE]
    # only a region marks, and only for itself
    with pytest.raises(ForbiddenError):
        opslag.markeer_gebruik(app_db, ANDERE_PL, ids[2], DERDE)
    with pytest.raises(ForbiddenError):
        opslag.markeer_gebruik(app_db, SCHOOL, ids[2], REGIO)
    assert "gebruik van kennisbankitem gemeld" in [r.actie for r in _audit(app_db)]


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
