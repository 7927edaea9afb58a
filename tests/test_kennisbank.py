"""The kennisbank (``sto_monitor.kennisbank``) on a real SQLite file and a real PostgreSQL
server: contribute, moderate with a kept reason, audit records, the policy on the item's stored
regio, sanitised summaries, ranking by the regions that use an item. The search is in
``test_kennisbank_zoeken.py``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    Auditregel,
    KennisItem,
)
from sto_monitor.errors import ForbiddenError, NotFoundError, NotSignedInError, ParameterError
from sto_monitor.kennisbank import item as kitem
from sto_monitor.kennisbank import lezen, opslag, zoeken
from sto_monitor.kennisbank.item import Item

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
