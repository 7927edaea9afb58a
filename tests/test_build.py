"""`sto build`: stored tables, the run log with provenance, skipping and recomputing."""

from __future__ import annotations

from pathlib import Path

import ibis.expr.types as ir
import pytest

from sto_monitor import db
from sto_monitor.indicators import build as build_module
from sto_monitor.indicators.build import build
from sto_monitor.indicators.herkomst import herkomst
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.registry import BY_NAME, METHODE_VERSIE, Indicator
from sto_monitor.indicators.run import compute
from tests.indicator_fixtures import tiny_warehouse

LEERLINGEN = BY_NAME["leerlingen_per_profiel"]


def broken(inp: Inputs) -> ir.Table:
    raise RuntimeError("kapot")


ZONDER_BRON = Indicator(
    naam="zonder_bron",
    titel="Heeft een lege bron",
    definitie="",
    eenheid="",
    sleutels=("schooljaar",),
    kolommen=("schooljaar",),
    bronnen=("leerlingen", "examens"),
    reproduceert="",
    bereken=broken,
)
KAPOT = Indicator(
    naam="kapot",
    titel="Gaat fout",
    definitie="",
    eenheid="",
    sleutels=("schooljaar",),
    kolommen=("schooljaar",),
    bronnen=("leerlingen",),
    reproduceert="",
    bereken=broken,
)
ALLE = [LEERLINGEN, ZONDER_BRON, KAPOT]


@pytest.fixture
def con(tmp_path: Path) -> db.Connection:
    connection = tiny_warehouse(tmp_path / "t.duckdb")
    # A file for another table, and a replaced leerlingen file: neither is provenance here.
    connection.execute(
        "INSERT INTO bron (bron_id, bestand, pad, sha256, grootte, formaat, doel, status) VALUES "
        "(2, 'adres.csv', 'adres.csv', 'y', 0, 'test', 'vestiging_adres', 'geladen'), "
        "(3, 'oud.csv', 'oud.csv', 'z', 0, 'test', 'leerlingen', 'vervangen')"
    )
    return connection


def runs(con: db.Connection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT indicator, methode_versie, techniek, engine, rijen, status, reden "
        "FROM indicator_run ORDER BY run_id"
    ).fetchall()


def test_build_stores_tables_runs_and_provenance(con: db.Connection) -> None:
    seen: list[str] = []
    out = build(con, indicators=ALLE, on_indicator=lambda naam, i, n: seen.append(naam))
    assert seen == ["leerlingen_per_profiel", "zonder_bron", "kapot", ""]
    status = {u.naam: (u.status, u.reden) for u in out}
    assert status["leerlingen_per_profiel"] == ("berekend", None)
    assert status["zonder_bron"] == ("bron ontbreekt", "bron ontbreekt: examens")
    assert status["kapot"] == ("fout", "RuntimeError: kapot")

    expected = compute(LEERLINGEN, con)
    stored = con.execute("SELECT * EXCLUDE (techniekdefinitie) FROM ind_leerlingen_per_profiel")
    columns = [d[0] for d in stored.description]
    assert len(stored.fetchall()) == expected.num_rows == out[0].rijen
    assert columns == list(LEERLINGEN.kolommen)
    assert con.execute(
        "SELECT DISTINCT techniekdefinitie FROM ind_leerlingen_per_profiel"
    ).fetchall() == [("sto",)]
    assert not con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('ind_zonder_bron', 'ind_kapot')"
    ).fetchall()[0][0]
    assert runs(con) == [
        ("leerlingen_per_profiel", METHODE_VERSIE, "sto", "duckdb", expected.num_rows,
         "berekend", None),
        ("zonder_bron", METHODE_VERSIE, "sto", "duckdb", None, "bron ontbreekt",
         "bron ontbreekt: examens"),
        ("kapot", METHODE_VERSIE, "sto", "duckdb", None, "fout", "RuntimeError: kapot"),
    ]  # fmt: skip
    links = con.execute(
        "SELECT r.indicator, b.bron_id FROM indicator_run_bron b JOIN indicator_run r "
        "USING (run_id) ORDER BY ALL"
    ).fetchall()
    assert links == [("kapot", 1), ("leerlingen_per_profiel", 1)]  # only loaded leerlingen files


def test_unchanged_is_skipped_and_a_new_source_recomputes(con: db.Connection) -> None:
    build(con, indicators=[LEERLINGEN])
    again = build(con, indicators=[LEERLINGEN])
    assert again[0].status == "overgeslagen"
    assert "ongewijzigd" in (again[0].reden or "")
    assert len(runs(con)) == 1
    forced = build(con, indicators=[LEERLINGEN], opnieuw=True)
    assert forced[0].status == "berekend"

    con.execute(
        "INSERT INTO bron (bron_id, bestand, pad, sha256, grootte, formaat, doel) "
        "VALUES (4, 'nieuw.csv', 'nieuw.csv', 'n', 0, 'test', 'leerlingen')"
    )
    changed = build(con, indicators=[LEERLINGEN])
    assert (changed[0].status, changed[0].reden) == (
        "berekend",
        "bronnen gewijzigd: opnieuw berekend",
    )
    info = herkomst(con, LEERLINGEN)
    assert info.laatste_build is not None and info.laatste_build.bron_ids == (1, 4)
    assert [b.bestand for b in info.bronnen] == ["tiny.csv", "nieuw.csv"]


def test_a_method_change_recomputes_the_whole_series(
    con: db.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(con, indicators=[LEERLINGEN])
    monkeypatch.setattr(build_module, "METHODE_VERSIE", "9999.1")
    out = build(con, indicators=[LEERLINGEN])
    assert out[0].status == "berekend"
    assert (
        out[0].reden
        == f"methode gewijzigd ({METHODE_VERSIE} → 9999.1): hele reeks opnieuw berekend"
    )
    years = con.execute("SELECT DISTINCT schooljaar FROM ind_leerlingen_per_profiel ORDER BY 1")
    assert years.fetchall() == [(2020,), (2021,)]
    assert runs(con)[-1][1] == "9999.1"


def test_techniek_definitions_are_stored_side_by_side(con: db.Connection) -> None:
    build(con, indicators=[LEERLINGEN])
    build(con, indicators=[LEERLINGEN], techniek="techniekpact")
    per = con.execute(
        "SELECT techniekdefinitie, count(*) FROM ind_leerlingen_per_profiel GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [t for t, _ in per] == ["sto", "techniekpact"]
    # Rebuilding one definition replaces only its own rows.
    build(con, indicators=[LEERLINGEN], techniek="sto", opnieuw=True)
    assert (
        con.execute(
            "SELECT techniekdefinitie, count(*) FROM ind_leerlingen_per_profiel "
            "GROUP BY 1 ORDER BY 1"
        ).fetchall()
        == per
    )


def test_a_source_that_disappears_removes_stale_figures(con: db.Connection) -> None:
    build(con, indicators=[LEERLINGEN])
    con.execute("DELETE FROM leerlingen")
    out = build(con, indicators=[LEERLINGEN])
    assert (out[0].status, out[0].reden) == ("bron ontbreekt", "bron ontbreekt: leerlingen")
    assert con.execute("SELECT count(*) FROM ind_leerlingen_per_profiel").fetchall() == [(0,)]


def test_stored_tables_are_read_back_even_with_an_own_techniek_column(
    con: db.Connection,
) -> None:
    """regio_dekking has a boolean column `techniek`; the build's own column must not clash."""
    dekking = BY_NAME["regio_dekking"]
    assert "techniek" in dekking.kolommen
    build(con, indicators=[dekking])
    stored = build_module.opgeslagen(con, dekking)
    assert stored is not None
    assert stored.sort_by("profiel").equals(compute(dekking, con).sort_by("profiel"))
    build(con, indicators=[dekking], techniek="techniekpact")
    assert build_module.opgeslagen(con, dekking).num_rows == stored.num_rows  # type: ignore[union-attr]


def test_a_table_stored_by_an_older_layout_is_not_read_back(con: db.Connection) -> None:
    """A warehouse built before a column was renamed: its run log says current, its table not."""
    build(con, indicators=[LEERLINGEN])
    assert build_module.opgeslagen(con, LEERLINGEN) is not None
    con.execute(
        'ALTER TABLE "ind_leerlingen_per_profiel" RENAME COLUMN techniekdefinitie TO techniek'
    )
    assert build_module.opgeslagen(con, LEERLINGEN) is None  # so readers compute it instead
