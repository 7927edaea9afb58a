"""The subsidy workflow in the application database (``subsidie/opslag.py``), on a real SQLite
file and a real PostgreSQL server: concept → ingediend → in beoordeling → besluit, every step
audited in its own transaction, the policy asked on the application's stored region, and a
refused write leaving the database as it was.

Submission runs the real ``subsidie/validatie.py``: the valid application below has personeel
lines in every year of the period and a company co-financing 10 %.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text, update
from sqlalchemy.exc import DatabaseError

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import MIGRATIES, AppDatabase, maak_engine
from sto_monitor.appdb.tabellen import Auditregel, Basis, SubsidieAanvraag, hoort_bij_schema
from sto_monitor.errors import ForbiddenError, NotFoundError, NotSignedInError, ParameterError
from sto_monitor.subsidie import opslag
from sto_monitor.subsidie.aanvraag import (
    Aanvraag,
    Begrotingsregel,
    Partner,
    Toezegging,
    Verantwoording,
)
from sto_monitor.subsidie.geld import aandeel_van
from sto_monitor.subsidie.opslag import Status
from sto_monitor.subsidie.regeling import Cofinanciering, Criterium, Kostensoort, Regeling

REGIO, ANDERE = "R01", "R02"
CODE = "test-2025-2028"

REGIO_PL = Actor(11, "pl@r01.nl", "Programmaleider", Rol.REGIO, frozenset({REGIO}))
ANDERE_PL = Actor(12, "pl@r02.nl", "Andere leider", Rol.REGIO, frozenset({ANDERE}))
COMMISSIE = Actor(13, "lid@commissie.nl", "Commissielid", Rol.COMMISSIE)
LANDELIJK = Actor(14, "team@landelijk.nl", "Landelijk team", Rol.LANDELIJK)
SCHOOL = Actor(15, "d@school.nl", "Directeur", Rol.SCHOOL, vestigingen=frozenset({"01AB00"}))
BEDRIJF = Actor(16, "hr@bedrijf.nl", "Bedrijf", Rol.BEDRIJF)


def maak_regeling(**anders: Any) -> Regeling:
    """A small regulation: 2025 to 2028, personeel paid, huisvesting not, 7.5 % co-financing."""
    basis = Regeling(
        code=CODE,
        naam="Testregeling",
        bron="test",
        eerste_jaar=2025,
        laatste_jaar=2028,
        plafond_per_jaar={j: None for j in range(2025, 2029)},
        plafond_totaal=None,
        maximum_techniekluw=400_000_000,
        maximum_per_regio={},
        kostensoorten=(
            Kostensoort("personeel", "Personeel", True),
            Kostensoort("huisvesting", "Huisvesting", False),
        ),
        cofinanciering=Cofinanciering(
            aandeel=Fraction(3, 40), grondslag="subsidie", moment="einde_periode", vormen=("geld",)
        ),
        afschrijving_methode="lineair_per_maand",
        activaklassen=(),
        termijnen=(),
        criteria=(
            Criterium("visie", "Visie", "", 10),
            Criterium("samenwerking", "Samenwerking", "", 5),
        ),
        openbaar=("toegekend_per_regio",),
    )
    return replace(basis, **anders)


REGELING = maak_regeling()
PER_JAAR = 25_000_000  # € 250.000 per year
TOTAAL = 4 * PER_JAAR


def geldig(regio: str = REGIO, toelichting: str = "") -> Aanvraag:
    """A valid application: personeel in every year, a company co-financing 10 %."""
    return Aanvraag(
        regio=regio,
        regeling=CODE,
        regels=tuple(
            Begrotingsregel("personeel", j, PER_JAAR, "projectleider") for j in range(2025, 2029)
        ),
        partners=(Partner("Techniek BV", "bedrijf"),),
        toezeggingen=tuple(
            Toezegging("Techniek BV", j, aandeel_van(PER_JAAR, Fraction(1, 10)))
            for j in range(2025, 2029)
        ),
        toelichting=toelichting,
    )


# ---------------------------------------------------------------- helpers


def _audit(db: AppDatabase) -> list[Auditregel]:
    with db.transactie() as s:
        return list(reversed(audit.lees(s, soort=opslag.SOORT, limiet=None)))


def _lees(db: AppDatabase, actor: Actor, regio: str = REGIO) -> opslag.Dossier:
    d = opslag.dossier(db, actor, regio, CODE)
    assert d is not None
    return d


def _ingediend(db: AppDatabase, regio: str = REGIO) -> opslag.Dossier:
    pl = REGIO_PL if regio == REGIO else ANDERE_PL
    opslag.bewaar(db, pl, geldig(regio))
    return opslag.dien_in(db, pl, REGELING, regio)


def _scores() -> dict[str, int]:
    return {"visie": 8, "samenwerking": 4}


def _tel(db: AppDatabase) -> dict[str, int]:
    tabellen = [t for t in Basis.metadata.tables if t.startswith("subsidie_")] + ["audit"]
    with db.engine.connect() as c:
        return {t: int(c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tabellen}


# ---------------------------------------------------------------- the workflow


def test_full_workflow_granted_with_every_step_audited(app_db: AppDatabase) -> None:
    d = opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="eerste opzet"))
    assert d.status is Status.CONCEPT and d.versie == 0 and d.regio == REGIO
    d = opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="tweede opzet"), kenmerk=d.kenmerk)
    assert d.aanvraag.toelichting == "tweede opzet"

    d = opslag.dien_in(app_db, REGIO_PL, REGELING, REGIO)
    assert d.status is Status.INGEDIEND and d.versie == 1 and d.ingediend is not None
    with pytest.raises(ParameterError, match="ingediend"):
        opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="te laat"))

    vraag = opslag.stel_vraag(app_db, COMMISSIE, d.id, "Hoe borgt u de samenwerking?")
    beantwoord = opslag.beantwoord(app_db, REGIO_PL, d.id, vraag.id, "Met een convenant.")
    assert (
        beantwoord.antwoord == "Met een convenant." and beantwoord.beantwoord_door == REGIO_PL.wie
    )

    b1 = opslag.beoordeel(
        app_db,
        COMMISSIE,
        REGELING,
        d.id,
        scores=_scores(),
        opmerkingen={"visie": "helder"},
        advies="toekennen",
        advies_bedrag=TOTAAL,
    )
    b2 = opslag.beoordeel(
        app_db,
        LANDELIJK,
        REGELING,
        d.id,
        scores={"visie": 10, "samenwerking": 0},
        opmerkingen={},
        advies="aanpassen",
        advies_bedrag=TOTAAL - 100,
    )
    assert b1.id != b2.id
    d = _lees(app_db, COMMISSIE)
    assert d.status is Status.IN_BEOORDELING
    assert [b.scores for b in d.beoordelingen] == [_scores(), {"visie": 10, "samenwerking": 0}]

    per_jaar = {j: PER_JAAR for j in REGELING.jaren}
    besluit = opslag.beslis(
        app_db, LANDELIJK, d.id, uitkomst=Status.TOEGEKEND, bedrag=TOTAAL, per_jaar=per_jaar
    )
    assert besluit.uitkomst is Status.TOEGEKEND and besluit.per_jaar == per_jaar
    d = _lees(app_db, REGIO_PL)
    assert d.status is Status.TOEGEKEND and d.besluit == besluit
    assert d.vragen[0].antwoord == "Met een convenant."
    assert opslag.toegekend_openbaar(app_db, CODE) == {REGIO: TOTAAL}

    with pytest.raises(ParameterError, match="definitief"):
        opslag.beslis(app_db, LANDELIJK, d.id, uitkomst=Status.AFGEWEZEN, bedrag=0, per_jaar={})

    v = Verantwoording(
        REGIO, CODE, 2025, realisatie=(Begrotingsregel("personeel", 2025, PER_JAAR - 5),)
    )
    d = opslag.bewaar_verantwoording(app_db, REGIO_PL, v, indienen=False)
    assert d.verantwoordingen[2025] == v and 2025 not in d.verantwoording_ingediend
    d = opslag.bewaar_verantwoording(app_db, REGIO_PL, v, indienen=True)
    assert 2025 in d.verantwoording_ingediend
    with pytest.raises(ParameterError, match="al ingediend"):
        opslag.bewaar_verantwoording(
            app_db, REGIO_PL, replace(v, afschrijving_geboekt=1), indienen=False
        )
    with pytest.raises(ParameterError, match="periode"):
        opslag.bewaar_verantwoording(app_db, REGIO_PL, replace(v, jaar=2029), indienen=False)

    regels = _audit(app_db)
    assert [r.actie for r in regels] == [
        "subsidieaanvraag begonnen",
        "subsidieaanvraag bewaard",
        "subsidieaanvraag ingediend",
        "vraag gesteld",
        "vraag beantwoord",
        "subsidieaanvraag beoordeeld",
        "subsidieaanvraag beoordeeld",
        "besluit over subsidieaanvraag",
        "verantwoording bewaard",
        "verantwoording ingediend",
    ]
    assert {r.object_id for r in regels} == {f"{REGIO}/{CODE}"} and {r.regio for r in regels} == {
        REGIO
    }
    assert [r.wie for r in regels][5:8] == [COMMISSIE.wie, LANDELIJK.wie, LANDELIJK.wie]
    assert (
        regels[1].voor is not None and regels[1].voor["aanvraag"]["toelichting"] == "eerste opzet"
    )
    assert regels[2].na == {"status": "ingediend", "versie": 1, "aangevraagd": TOTAAL}
    assert regels[7].na is not None and regels[7].na["per_jaar"] == {
        str(j): PER_JAAR for j in REGELING.jaren
    }

    # The log is append-only in the database itself.
    with pytest.raises(DatabaseError), app_db.transactie() as s:
        s.execute(update(Auditregel).values(wie="iemand anders"))
    with pytest.raises(DatabaseError), app_db.transactie() as s:
        s.execute(text("DELETE FROM audit"))
    assert len(_audit(app_db)) == len(regels)


def test_rejected_and_adjusted(app_db: AppDatabase) -> None:
    afgewezen = _ingediend(app_db, REGIO)
    aangepast = _ingediend(app_db, ANDERE)
    b = opslag.beslis(
        app_db,
        LANDELIJK,
        afgewezen.id,
        uitkomst=Status.AFGEWEZEN,
        bedrag=0,
        per_jaar={},
        toelichting="Onvoldoende onderbouwd.",
    )
    assert b.uitkomst is Status.AFGEWEZEN and b.bedrag == 0

    # Granted without adjustment must be the amount applied for; adjusted must differ from it.
    with pytest.raises(ParameterError, match="aangevraagde"):
        opslag.beslis(
            app_db,
            LANDELIJK,
            aangepast.id,
            uitkomst=Status.TOEGEKEND,
            bedrag=TOTAAL - 400,
            per_jaar={j: PER_JAAR - 100 for j in REGELING.jaren},
        )
    with pytest.raises(ParameterError, match="gelijk aan het aangevraagde"):
        opslag.beslis(
            app_db,
            LANDELIJK,
            aangepast.id,
            uitkomst=Status.AANGEPAST,
            bedrag=TOTAAL,
            per_jaar={j: PER_JAAR for j in REGELING.jaren},
        )
    b = opslag.beslis(
        app_db,
        LANDELIJK,
        aangepast.id,
        uitkomst=Status.AANGEPAST,
        bedrag=TOTAAL - 400,
        per_jaar={j: PER_JAAR - 100 for j in REGELING.jaren},
    )
    assert b.uitkomst is Status.AANGEPAST
    assert {d.regio: d.status for d in opslag.dossiers(app_db, LANDELIJK, CODE)} == {
        REGIO: Status.AFGEWEZEN,
        ANDERE: Status.AANGEPAST,
    }
    # Only granted amounts are public; a rejected region does not appear.
    assert opslag.toegekend_openbaar(app_db, CODE) == {ANDERE: TOTAAL - 400}
    # No accountability for a rejected application.
    with pytest.raises(ParameterError, match="afgewezen"):
        opslag.bewaar_verantwoording(
            app_db, REGIO_PL, Verantwoording(REGIO, CODE, 2025), indienen=False
        )


def test_decision_per_year_must_add_up_within_the_period(app_db: AppDatabase) -> None:
    d = _ingediend(app_db)
    voor = _tel(app_db)
    with pytest.raises(ParameterError) as fout:
        opslag.beslis(
            app_db,
            LANDELIJK,
            d.id,
            uitkomst=Status.TOEGEKEND,
            bedrag=TOTAAL,
            per_jaar={2025: PER_JAAR, 2026: PER_JAAR, 2027: PER_JAAR, 2028: PER_JAAR - 1},
        )
    assert "tellen op tot € 999.999,99" in str(fout.value)
    with pytest.raises(ParameterError, match="2029 valt niet in de periode"):
        opslag.beslis(
            app_db,
            LANDELIJK,
            d.id,
            uitkomst=Status.TOEGEKEND,
            bedrag=TOTAAL,
            per_jaar={2025: PER_JAAR, 2026: PER_JAAR, 2027: PER_JAAR, 2029: PER_JAAR},
        )
    with pytest.raises(ParameterError, match="afwijzing"):
        opslag.beslis(
            app_db, LANDELIJK, d.id, uitkomst=Status.AFGEWEZEN, bedrag=1, per_jaar={2025: 1}
        )
    assert _tel(app_db) == voor
    d2 = opslag.dossier(app_db, LANDELIJK, REGIO, CODE)
    assert d2 is not None and d2.status is Status.INGEDIEND and d2.besluit is None


def test_scores_cover_every_criterion_within_its_maximum(app_db: AppDatabase) -> None:
    d = _ingediend(app_db)
    with pytest.raises(ParameterError) as fout:
        opslag.beoordeel(
            app_db,
            COMMISSIE,
            REGELING,
            d.id,
            scores={"visie": 11, "extra": 1},
            opmerkingen={},
            advies="toekennen",
            advies_bedrag=0,
        )
    bericht = str(fout.value)
    assert "Visie: de score moet tussen 0 en 10" in bericht
    assert "Samenwerking: geen score" in bericht and "'extra'" in bericht
    with pytest.raises(ParameterError, match="advies"):
        opslag.beoordeel(
            app_db,
            COMMISSIE,
            REGELING,
            d.id,
            scores=_scores(),
            opmerkingen={},
            advies="misschien",
            advies_bedrag=0,
        )
    d2 = opslag.dossier(app_db, COMMISSIE, REGIO, CODE)
    assert d2 is not None and d2.status is Status.INGEDIEND and d2.beoordelingen == ()


# ---------------------------------------------------------------- refusals leave nothing behind


def test_stale_kenmerk_is_refused_and_the_draft_kept(app_db: AppDatabase) -> None:
    eerste = opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="A"))
    tweede = opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="B"), kenmerk=eerste.kenmerk)
    assert tweede.kenmerk != eerste.kenmerk
    voor = _tel(app_db)
    with pytest.raises(opslag.Gewijzigd) as fout:
        opslag.bewaar(app_db, REGIO_PL, geldig(toelichting="C"), kenmerk=eerste.kenmerk)
    assert fout.value.gewijzigd == tweede.gewijzigd
    d = opslag.dossier(app_db, REGIO_PL, REGIO, CODE)
    assert d is not None and d.aanvraag.toelichting == "B" and d.kenmerk == tweede.kenmerk
    assert _tel(app_db) == voor


def test_submission_with_blocking_problems_is_refused_and_changes_nothing(
    app_db: AppDatabase,
) -> None:
    slecht = replace(
        geldig(),
        regels=(Begrotingsregel("personeel", 2025, PER_JAAR),),
        toezeggingen=(),  # no co-financing at all
    )
    opslag.bewaar(app_db, REGIO_PL, slecht)
    voor = _tel(app_db)
    with pytest.raises(ParameterError) as fout:
        opslag.dien_in(app_db, REGIO_PL, REGELING, REGIO)
    bericht = str(fout.value)
    assert bericht.startswith("De aanvraag is niet ingediend")
    assert bericht.count("\n- ") >= 1 and "cofinanciering" in bericht.lower()
    assert _tel(app_db) == voor
    d = opslag.dossier(app_db, REGIO_PL, REGIO, CODE)
    assert d is not None and d.status is Status.CONCEPT and d.versie == 0
    # Questions, assessments and decisions wait for submission.
    with pytest.raises(ParameterError, match="concept"):
        opslag.stel_vraag(app_db, COMMISSIE, d.id, "Vraag")
    with pytest.raises(ParameterError, match="concept"):
        opslag.beslis(app_db, LANDELIJK, d.id, uitkomst=Status.AFGEWEZEN, bedrag=0, per_jaar={})


def test_the_maximum_passed_to_validation(app_db: AppDatabase) -> None:
    # Regulation's own per-region maximum first, then the national team's, then techniekluw.
    assert opslag.maximum_voor(app_db, REGELING, REGIO) is None
    assert opslag.maximum_voor(app_db, REGELING, REGIO, techniekluw=True) == 400_000_000
    opslag.zet_regiomaximum(app_db, LANDELIJK, CODE, REGIO, 50_000_000)
    assert opslag.regiomaxima(app_db, CODE) == {REGIO: 50_000_000}
    assert opslag.maximum_voor(app_db, REGELING, REGIO, techniekluw=True) == 50_000_000
    eigen = maak_regeling(maximum_per_regio={REGIO: 7})
    assert opslag.maximum_voor(app_db, eigen, REGIO) == 7
    with pytest.raises(ForbiddenError):
        opslag.zet_regiomaximum(app_db, COMMISSIE, CODE, REGIO, 1)
    opslag.zet_regiomaximum(app_db, LANDELIJK, CODE, REGIO, None)
    assert opslag.regiomaxima(app_db, CODE) == {}
    assert [r.actie for r in _audit(app_db)] == ["regiomaximum ingevuld", "regiomaximum gewist"]

    # A budget over the entered maximum is refused at submission.
    opslag.zet_regiomaximum(app_db, LANDELIJK, CODE, REGIO, TOTAAL - 1)
    opslag.bewaar(app_db, REGIO_PL, geldig())
    with pytest.raises(ParameterError, match="niet ingediend"):
        opslag.dien_in(app_db, REGIO_PL, REGELING, REGIO)


# ---------------------------------------------------------------- the policy


def test_who_may_read_and_write(app_db: AppDatabase) -> None:
    d = _ingediend(app_db, ANDERE)
    opslag.bewaar(app_db, REGIO_PL, geldig(REGIO))
    voor = _tel(app_db)

    # A region never reads or writes another region's application.
    with pytest.raises(ForbiddenError):
        opslag.dossier(app_db, REGIO_PL, ANDERE, CODE)
    with pytest.raises(ForbiddenError):
        opslag.dossier_van(app_db, REGIO_PL, d.id)
    with pytest.raises(ForbiddenError):
        opslag.bewaar(app_db, REGIO_PL, geldig(ANDERE))
    with pytest.raises(ForbiddenError):
        opslag.dien_in(app_db, REGIO_PL, REGELING, ANDERE)
    vraag = opslag.stel_vraag(app_db, COMMISSIE, d.id, "Wie betaalt mee?")
    voor = _tel(app_db)
    with pytest.raises(ForbiddenError):
        opslag.beantwoord(app_db, REGIO_PL, d.id, vraag.id, "Niemand.")
    with pytest.raises(ForbiddenError):
        opslag.bewaar_verantwoording(
            app_db, REGIO_PL, Verantwoording(ANDERE, CODE, 2025), indienen=False
        )
    assert [x.regio for x in opslag.dossiers(app_db, REGIO_PL, CODE)] == [REGIO]
    assert [x.regio for x in opslag.dossiers(app_db, COMMISSIE, CODE)] == [REGIO, ANDERE]
    assert [x.regio for x in opslag.dossiers(app_db, LANDELIJK, CODE)] == [REGIO, ANDERE]

    # The question belongs to its own application: answering it through another one fails.
    with pytest.raises(NotFoundError):
        opslag.beantwoord(app_db, REGIO_PL, _lees(app_db, REGIO_PL).id, vraag.id, "x")

    # Schools and companies read nothing; nobody signed in neither.
    for buiten in (SCHOOL, BEDRIJF):
        with pytest.raises(ForbiddenError):
            opslag.dossier(app_db, buiten, ANDERE, CODE)
        with pytest.raises(ForbiddenError):
            opslag.dossiers(app_db, buiten, CODE)
        with pytest.raises(ForbiddenError):
            opslag.bewaar(app_db, buiten, geldig(ANDERE))
    with pytest.raises(NotSignedInError):
        opslag.dossier(app_db, None, ANDERE, CODE)

    # The commission reads and assesses, but neither writes the application nor decides.
    assert opslag.dossier(app_db, COMMISSIE, ANDERE, CODE) is not None
    with pytest.raises(ForbiddenError):
        opslag.bewaar(app_db, COMMISSIE, geldig(ANDERE))
    with pytest.raises(ForbiddenError):
        opslag.beantwoord(app_db, COMMISSIE, d.id, vraag.id, "x")
    with pytest.raises(ForbiddenError):
        opslag.beslis(app_db, COMMISSIE, d.id, uitkomst=Status.AFGEWEZEN, bedrag=0, per_jaar={})
    # The national team reads and decides, but never writes the region's application.
    with pytest.raises(ForbiddenError):
        opslag.bewaar(app_db, LANDELIJK, geldig(ANDERE))
    with pytest.raises(ForbiddenError):
        opslag.dien_in(app_db, LANDELIJK, REGELING, ANDERE)
    # The region does not assess or decide its own application.
    with pytest.raises(ForbiddenError):
        opslag.beoordeel(
            app_db,
            ANDERE_PL,
            REGELING,
            d.id,
            scores=_scores(),
            opmerkingen={},
            advies="toekennen",
            advies_bedrag=0,
        )
    with pytest.raises(ForbiddenError):
        opslag.stel_vraag(app_db, ANDERE_PL, d.id, "Mag ik?")
    assert _tel(app_db) == voor
    with app_db.transactie() as s:
        rij = s.scalars(select(SubsidieAanvraag).where(SubsidieAanvraag.regio == ANDERE)).one()
        assert rij.status == "ingediend"


# ---------------------------------------------------------------- the migration


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    config.attributes["connection"] = connection
    return config


def test_the_migration_up_and_down(app_db_url: str) -> None:
    engine = maak_engine(app_db_url)
    try:
        with engine.begin() as c:
            command.upgrade(_config(c), "head")
        with engine.connect() as c:
            assert (
                compare_metadata(
                    MigrationContext.configure(c, opts={"include_name": hoort_bij_schema}),
                    Basis.metadata,
                )
                == []
            )
            assert "subsidie_besluit" in inspect(c).get_table_names()
        with engine.begin() as c:
            command.downgrade(_config(c), "0003")
        with engine.connect() as c:
            namen = inspect(c).get_table_names()
            assert not [n for n in namen if n.startswith("subsidie_")]
            assert "regiodocument" in namen
        with engine.begin() as c:
            command.upgrade(_config(c), "head")
    finally:
        engine.dispose()
    db = AppDatabase.van_url(app_db_url)
    try:
        assert opslag.bewaar(db, REGIO_PL, geldig()).status is Status.CONCEPT
    finally:
        db.sluit()


def test_amounts_beyond_32_bits_are_kept(app_db: AppDatabase) -> None:
    groot = 368_640_080_00  # € 368.640.080 in cents
    opslag.zet_regiomaximum(app_db, LANDELIJK, CODE, REGIO, groot)
    assert opslag.regiomaxima(app_db, CODE) == {REGIO: groot}
