"""Issue 16: the survey and the scenarios in the application database, on SQLite and PostgreSQL.

The move of an older warehouse's rows into the application database (``appdb/overzetten.py``),
the copy back into the warehouse for the analysis (``appdb/kopie.py``, part of ``sto build``),
the audit record of every write, and the migration against the declarations.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from sto_monitor import db
from sto_monitor.appdb import audit, overzetten
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.appdb.tabellen import (
    Auditregel,
    Basis,
    BewaardeWijziging,
    BewaardScenario,
    EnqueteAntwoord,
    EnqueteGolf,
    EnqueteRespons,
    EnqueteUitnodiging,
    hoort_bij_schema,
    nu,
)
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.indicators.build import build
from sto_monitor.ingest import synthetisch
from sto_monitor.planner import opslag as scenarios
from sto_monitor.publicatie import enquete as publicatie_enquete
from sto_monitor.survey import opslag, uitnodiging, warehouse
from sto_monitor.survey.vragenlijst import laad

WIE = "terminal:test"
REGIOS = ("R01", "R02", "R03", "R04", "R05", "R06")
TIJD = datetime(2024, 3, 1, 12, 30, 15, 250000)  # local time, as the warehouse kept it
OUDE_TOKEN = secrets.token_urlsafe(32)
OUDE_INGETROKKEN = secrets.token_urlsafe(32)


def _warehouse(path: Path) -> db.Connection:
    con = db.connect(path)
    con.executemany(
        "INSERT INTO regio VALUES ('2020-2024', 2020, 2024, ?, ?, false, false, NULL)",
        [(r, f"Regio {r[1:]}") for r in REGIOS],
    )
    return con


def oud_warehouse(path: Path) -> None:
    """A warehouse as an older version left it: the survey and scenarios written into it."""
    con = _warehouse(path)
    try:
        con.execute(
            "INSERT INTO enquete_golf VALUES (2021, 'Enquête 2021', true), "
            "(2024, 'Enquête 2024', false)"
        )
        con.executemany(
            "INSERT INTO enquete_respons VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (2021, "R01", "ingediend", "import", "sto-2021.csv", TIJD, True),
                (2024, "R01", "ingediend", "formulier", None, TIJD, False),
                (2024, "R02", "concept", "formulier", None, TIJD, False),
                (2024, "R03", "ingediend", "import", "sto-2024.csv", TIJD, None),
            ],
        )
        con.executemany(
            "INSERT INTO enquete_antwoord VALUES (?, ?, ?, ?, ?)",
            [
                (2021, "R01", "urgentie.docenten", 2, None),
                (2024, "R01", "urgentie.docenten", 1, None),
                (2024, "R01", "trots", None, "Het techniekhuis, één jaar later"),
                (2024, "R02", "leeft", 2, None),
                (2024, "R03", "impact.uitstraling", 8, None),
            ],
        )
        con.executemany(
            "INSERT INTO enquete_uitnodiging VALUES (?, ?, ?, ?, ?)",
            [
                (uitnodiging.hash_token(OUDE_TOKEN), 2024, "R01", TIJD, None),
                (uitnodiging.hash_token(OUDE_INGETROKKEN), 2024, "R02", TIJD, TIJD),
            ],
        )
        con.execute(
            "INSERT INTO scenario VALUES ('dicht', 'R01', 2024, 25.0, 'sluit er een', ?), "
            "('samen', 'R02', 2023, 12.5, '', ?)",
            [TIJD, TIJD],
        )
        con.executemany(
            "INSERT INTO scenario_wijziging VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("dicht", 1, "open", "00AA01", "PIE", "bb", None, 12.5),
                ("dicht", 2, "sluit", "00AA02", "PIE", "bb", None, None),
                ("samen", 1, "samenvoegen", "00AA03", "BWI", "kb", "00AA04", None),
            ],
        )
    finally:
        con.close()


def _oude_rijen(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb_lezen(path)
    try:
        return {
            tabel: sorted(
                tuple(r) for r in con.execute(sql.format(synthetisch="synthetisch")).fetchall()
            )
            for tabel, sql in [
                (overzetten.TABEL[veld], sql) for veld, sql in overzetten.QUERIES.items()
            ]
        }
    finally:
        con.close()


def duckdb_lezen(path: Path) -> db.Connection:
    return db.connect(path, read_only=True)


def _lokaal(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone().replace(tzinfo=None)


def _app_rijen(app_db: AppDatabase) -> dict[str, list[tuple[Any, ...]]]:
    """The application database's rows in the warehouse's form (local times, column order)."""
    with app_db.transactie() as s:
        golven = s.scalars(select(EnqueteGolf)).all()
        responsen = s.scalars(select(EnqueteRespons)).all()
        antwoorden = s.scalars(select(EnqueteAntwoord)).all()
        links = s.scalars(select(EnqueteUitnodiging)).all()
        bewaard = s.scalars(select(BewaardScenario)).all()
        wijzigingen = s.scalars(select(BewaardeWijziging)).all()
    return {
        "enquete_golf": sorted((g.golf, g.titel, g.gesloten) for g in golven),
        "enquete_respons": sorted(
            (r.golf, r.regio, r.status, r.bron, r.bestand, _lokaal(r.bijgewerkt_op),
             r.synthetisch)
            for r in responsen
        ),
        "enquete_antwoord": sorted((a.golf, a.regio, a.item, a.code, a.tekst) for a in antwoorden),
        "enquete_uitnodiging": sorted(
            (u.token_sha256, u.golf, u.regio, _lokaal(u.aangemaakt_op), _lokaal(u.ingetrokken_op))
            for u in links
        ),
        "scenario": sorted(
            (r.naam, r.regio, r.schooljaar, r.max_km, r.omschrijving, _lokaal(r.gemaakt_op))
            for r in bewaard
        ),
        "scenario_wijziging": sorted(
            (w.scenario, w.volgnummer, w.soort, w.vestiging, w.profiel, w.leerweg, w.naar,
             w.leerlingen)
            for w in wijzigingen
        ),
    }  # fmt: skip


def _audit(app_db: AppDatabase) -> list[Auditregel]:
    with app_db.transactie() as s:
        return list(reversed(audit.lees(s, limiet=None)))


# ---------------------------------------------------------------- the migration


def test_the_migration_creates_what_the_tables_declare(app_db: AppDatabase) -> None:
    with app_db.engine.connect() as connection:
        verschil = compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": hoort_bij_schema}),
            Basis.metadata,
        )
    assert verschil == []


# ---------------------------------------------------------------- the move (overzetten)


def test_overzetten_moves_every_row_once(app_db: AppDatabase, tmp_path: Path) -> None:
    pad = tmp_path / "oud.duckdb"
    oud_warehouse(pad)
    oud = _oude_rijen(pad)
    verslag = overzetten.overzetten(pad, app_db, wie=WIE)
    assert (verslag.golven, verslag.responsen, verslag.antwoorden) == (2, 4, 5)
    assert (verslag.uitnodigingen, verslag.scenarios, verslag.wijzigingen) == (2, 2, 3)
    assert verslag.al_aanwezig == 0 and verslag.totaal == 18
    # every row arrived, as it was (R03's unknown synthetic flag becomes false)
    verwacht = dict(oud)
    verwacht["enquete_respons"] = sorted((*r[:6], bool(r[6])) for r in oud["enquete_respons"])
    assert _app_rijen(app_db) == verwacht

    # an old link still opens the form, an old revoked one does not; only hashes were moved
    toegang = uitnodiging.toegang(app_db, OUDE_TOKEN, {"R01": "Regio 01"})
    assert toegang is not None and (toegang.golf, toegang.regio) == (2024, "R01")
    assert uitnodiging.toegang(app_db, OUDE_INGETROKKEN) is None
    assert str(uitnodiging.lees_respons(app_db, 2024, "R01").antwoorden["trots"]).startswith("Het")

    # one audit record per object moved, by the terminal, without a token or its hash
    regels = _audit(app_db)
    assert {r.actie for r in regels} == {overzetten.ACTIE} and {r.wie for r in regels} == {WIE}
    assert len(regels) == 2 + 4 + 2 + 2
    tekst = repr([(r.object_id, r.voor, r.na) for r in regels])
    for token in (OUDE_TOKEN, OUDE_INGETROKKEN):
        assert token not in tekst and uitnodiging.hash_token(token) not in tekst

    # the warehouse is marked; a second run reads nothing and copies nothing
    opnieuw = overzetten.overzetten(pad, app_db, wie=WIE)
    assert opnieuw.totaal == 0 and opnieuw.al_overgezet is not None
    assert _app_rijen(app_db) == verwacht and len(_audit(app_db)) == len(regels)


def test_overzetten_is_all_or_nothing(
    app_db: AppDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = tmp_path / "oud.duckdb"
    oud_warehouse(pad)
    echte = audit.schrijf
    geschreven: list[str] = []

    def faalt_bij_de_zevende(session: Any, **kw: Any) -> Auditregel:
        geschreven.append(kw["soort"])
        if len(geschreven) == 7:
            raise RuntimeError("schijf vol")
        return echte(session, **kw)

    monkeypatch.setattr(audit, "schrijf", faalt_bij_de_zevende)
    with pytest.raises(RuntimeError, match="schijf vol"):
        overzetten.overzetten(pad, app_db, wie=WIE)
    assert all(not rijen for rijen in _app_rijen(app_db).values())
    assert _audit(app_db) == []
    con = duckdb_lezen(pad)
    try:
        assert overzetten.gemarkeerd(con) is None
    finally:
        con.close()
    monkeypatch.undo()
    assert overzetten.overzetten(pad, app_db, wie=WIE).totaal == 18


def test_overzetten_keeps_what_the_application_database_has(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    pad = tmp_path / "oud.duckdb"
    oud_warehouse(pad)
    with app_db.transactie() as s:
        s.add(
            BewaardScenario(
                naam="dicht", regio="R05", schooljaar=2024, max_km=5.0, omschrijving="nieuwer",
                gemaakt_op=nu(), wijzigingen=[],
            )
        )  # fmt: skip
    con = db.connect(pad)
    try:
        # the move itself, twice (as when the mark could not be written after the first)
        eerste = overzetten.zet_over(app_db, overzetten.lees_oud(con), wie=WIE)
        tweede = overzetten.zet_over(app_db, overzetten.lees_oud(con), wie=WIE)
    finally:
        con.close()
    assert eerste.scenarios == 1 and eerste.al_aanwezig == 1
    assert tweede.totaal == 0 and tweede.al_aanwezig == 2 + 4 + 2 + 2
    assert scenarios.lees(app_db, "dicht").omschrijving == "nieuwer"
    assert scenarios.lees(app_db, "samen").wijzigingen[0].naar == "00AA04"


def test_overzetten_of_a_warehouse_without_these_tables_moves_nothing(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    pad = tmp_path / "nieuw.duckdb"
    _warehouse(pad).close()
    assert overzetten.overzetten(pad, app_db, wie=WIE).totaal == 0
    with pytest.raises(Exception, match="bestaat niet"):
        overzetten.overzetten(tmp_path / "geen.duckdb", app_db)


# ---------------------------------------------------------------- the copy (sto build)


def _golf(app_db: AppDatabase) -> None:
    vl = laad(2024)
    antwoorden: dict[str, dict[str, int | str | None]] = {
        r: {"urgentie.docenten": 1 + i % 2, "impact.uitstraling": 7, "trots": f"iets in {r}"}
        for i, r in enumerate(REGIOS[:5])
    }
    opslag.bewaar_golf(
        app_db, 2024, antwoorden, bron="import", bestand="sto-2024.csv", vragenlijst=vl,
        synthetisch=True, wie=WIE,
    )  # fmt: skip
    # R06's draft stays the region's own: it is not copied
    uitnodiging.bewaar_respons(app_db, 2024, "R06", {"leeft": 1}, "concept", vl)


def test_build_copies_the_submitted_survey_and_the_scenarios(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    _golf(app_db)
    with app_db.transactie() as s:
        s.add(
            BewaardScenario(
                naam="dicht", regio="R01", schooljaar=2024, max_km=25.0, omschrijving="",
                gemaakt_op=nu(),
                wijzigingen=[BewaardeWijziging(volgnummer=1, soort="sluit", vestiging="00AA01",
                                               profiel="PIE", leerweg="bb")],
            )
        )  # fmt: skip
    con = _warehouse(tmp_path / "w.duckdb")
    try:
        assert build(con, indicators=[], app_db=app_db) == []
        assert warehouse.antwoorden(con, 2024) == opslag.antwoorden(app_db, 2024)
        assert sorted(warehouse.antwoorden(con, 2024)) == list(REGIOS[:5])
        assert [(g.golf, g.respondenten, g.ingediend) for g in warehouse.golven(con)] == [
            (2024, 5, 5)
        ]
        assert con.execute(
            "SELECT count(*) FROM enquete_respons WHERE regio = 'R06'"
        ).fetchone() == (0,)
        assert synthetisch.in_gebruik(con)  # the generator's flag travels with the responses
        assert [s.naam for s in scenarios.uit_warehouse(con)] == ["dicht"]
        assert scenarios.uit_warehouse(con)[0] == scenarios.lees(app_db, "dicht")
        analyse, _ = publicatie_enquete.laad(con)
        assert analyse is not None and analyse.golf == 2024
        kopieen = con.execute("SELECT soort, responsen, scenarios FROM app_kopie").fetchall()
        assert kopieen == [("kopie", 5, 1)]

        # nothing changed: nothing is written (the dashboard does not reload for nothing)
        assert not naar_warehouse(app_db, con).gewijzigd
        # a change reaches the copy at the next build
        scenarios.verwijder(app_db, "dicht", wie=WIE)
        uitnodiging.bewaar_respons(app_db, 2024, "R06", {"leeft": 1}, "ingediend", laad(2024))
        kopie = naar_warehouse(app_db, con)
        assert kopie.gewijzigd and (kopie.responsen, kopie.scenarios) == (6, 0)
        assert scenarios.uit_warehouse(con) == []
        assert warehouse.antwoorden(con, 2024)["R06"] == {"leeft": 1}
    finally:
        con.close()


def test_build_first_moves_what_an_older_version_wrote(app_db: AppDatabase, tmp_path: Path) -> None:
    pad = tmp_path / "oud.duckdb"
    oud_warehouse(pad)
    con = db.connect(pad)
    try:
        kopie = naar_warehouse(app_db, con, wie=WIE)
        assert kopie.overgezet is not None and kopie.overgezet.totaal == 18
        # everything is in the application database now, the draft and the links included
        assert opslag.antwoorden(app_db, 2024) == {
            "R01": {"urgentie.docenten": 1, "trots": "Het techniekhuis, één jaar later"},
            "R03": {"impact.uitstraling": 8},
        }
        assert uitnodiging.lees_respons(app_db, 2024, "R02").status == "concept"
        # the warehouse holds the copy: submitted responses only, no links, marked
        assert warehouse.antwoorden(con, 2024) == opslag.antwoorden(app_db, 2024)
        assert con.execute("SELECT count(*) FROM enquete_respons").fetchone() == (3,)
        assert con.execute("SELECT count(*) FROM enquete_uitnodiging").fetchone() == (0,)
        assert len(scenarios.uit_warehouse(con)) == 2
        assert overzetten.gemarkeerd(con) is not None
        # from now on the copy is never read back: a deleted scenario stays deleted
        scenarios.verwijder(app_db, "samen", wie=WIE)
        assert naar_warehouse(app_db, con).overgezet is None
        assert scenarios.namen(app_db) == ["dicht"]
        assert [s.naam for s in scenarios.uit_warehouse(con)] == ["dicht"]
    finally:
        con.close()
    assert overzetten.overzetten(pad, app_db).al_overgezet is not None


# ---------------------------------------------------------------- every write is audited


def test_survey_writes_are_audited_and_tokens_stored_as_hashes(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    con = _warehouse(tmp_path / "w.duckdb")
    try:
        gemaakt, _ = uitnodiging.uitnodigen(app_db, con, 2024, ["R01", "R02"], wie=WIE)
        with pytest.raises(ParameterError, match="onbekende regio"):
            uitnodiging.uitnodigen(app_db, con, 2024, ["R99"], wie=WIE)
        _, overgeslagen = uitnodiging.uitnodigen(app_db, con, 2024, None, wie=WIE)
    finally:
        con.close()
    assert overgeslagen == ["R01", "R02"]
    token = gemaakt[0].token
    with app_db.transactie() as s:
        hashes = set(s.scalars(select(EnqueteUitnodiging.token_sha256)))
    assert uitnodiging.hash_token(token) in hashes and token not in hashes
    assert len(hashes) == len(REGIOS)

    vl = laad(2024)
    t = uitnodiging.toegang(app_db, token)
    assert t is not None and t.regio == "R01"
    assert uitnodiging.bewaar_respons(app_db, 2024, "R01", {"leeft": 2}, "concept", vl) == "concept"
    assert (
        uitnodiging.bewaar_respons(app_db, 2024, "R01", {"leeft": 1}, "ingediend", vl)
        == "ingediend"
    )
    # submitted stays submitted
    assert uitnodiging.bewaar_respons(app_db, 2024, "R01", {}, "concept", vl) == "ingediend"
    uitnodiging.zet_gesloten(app_db, 2024, True, wie=WIE)
    with pytest.raises(uitnodiging.GolfGesloten):
        uitnodiging.bewaar_respons(app_db, 2024, "R01", {"leeft": 3}, "ingediend", vl)
    uitnodiging.zet_gesloten(app_db, 2024, False, wie=WIE)
    uitnodiging.intrekken(app_db, 2024, "R02", wie=WIE)
    with pytest.raises(NotFoundError):
        uitnodiging.intrekken(app_db, 2024, "R02", wie=WIE)
    assert uitnodiging.toegang(app_db, gemaakt[1].token) is None

    regels = _audit(app_db)
    assert [(r.actie, r.wie) for r in regels if r.soort != "uitnodiging"] == [
        ("enquête als concept bewaard", "regio R01 (uitnodigingslink)"),
        ("enquête verstuurd", "regio R01 (uitnodigingslink)"),
        ("enquête gewijzigd", "regio R01 (uitnodigingslink)"),
        ("enquêtegolf gesloten", WIE),
        ("enquêtegolf geopend", WIE),
    ]
    links = [r.actie for r in regels if r.soort == "uitnodiging"]
    assert links == ["uitnodiging gemaakt"] * len(REGIOS) + ["uitnodiging ingetrokken"]
    verstuurd = next(r for r in regels if r.actie == "enquête verstuurd")
    assert verstuurd.regio == "R01" and verstuurd.object_id == "2024/R01"
    assert verstuurd.voor == {"status": "concept", "antwoorden": {"leeft": 2}}
    assert verstuurd.na == {"status": "ingediend", "antwoorden": {"leeft": 1}}
    tekst = repr([(r.object_id, r.voor, r.na) for r in regels])
    assert all(
        g.token not in tekst and uitnodiging.hash_token(g.token) not in tekst for g in gemaakt
    )

    with app_db.transactie() as s:
        assert s.scalar(select(func.count()).select_from(EnqueteAntwoord)) == 0
