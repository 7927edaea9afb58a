"""Indicator 14 (Tabellen 4.8-4.10) on a tiny warehouse, computed by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from tests.indicator_fixtures import run, tiny_warehouse

# (schooljaar, vestiging, leerweg, keuzevak profiel, profiel leerling, min, max)
KEUZEVAK_ROWS = [
    (2020, "A1", "kb", "PIE", "PIE", 20, 20),
    (2020, "B1", "bb", "PIE", "PIE", 10, 10),
    (2020, "A1", "kb", "MVI", "PIE", 1, 4),  # <5
    (2020, "A1", "kb", "E&O", "PIE", 6, 6),
    (2020, "A2", "gl", "MVI", "MVI", 8, 8),
    (2020, "A2", "gl", "E&O", "MVI", 2, 2),  # MVI students: 10 exams, a small denominator
    (2020, "A3", "bb", "MVI", "D&P", 10, 10),
    (2020, "A3", "bb", "D&P", "D&P", 30, 30),
    (2020, "A3", "bb", "PIE", "D&P", 5, 5),
    (2020, "B1", "tl", "PIE", "PIE", 100, 100),  # tl: not a beroepsgerichte leerweg
    (2021, "A1", "kb", "PIE", "PIE", 15, 15),
]


def _warehouse(path: Path) -> db.Connection:
    con = tiny_warehouse(path)
    con.executemany(
        "INSERT INTO keuzevak_examens VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, 1)",
        [(j, v, lw, f"K/{kp}/1", kp, pl, lo, hi) for j, v, lw, kp, pl, lo, hi in KEUZEVAK_ROWS],
    )
    return con


def test_keuzevakken_matrix(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "keuzevakken")
    keys = ["schooljaar", "profiel_leerling", "keuzevak_profiel"]
    assert list(df[keys].itertuples(index=False)) == sorted(df[keys].itertuples(index=False))
    m = df.set_index(keys)
    pie = m.loc[(2020, "PIE", "PIE")]
    assert pie["aantal"] == 30
    assert bool(pie["techniek_leerling"]) and bool(pie["binnen_eigen_profiel"])
    # PIE students: 30 + [1, 4] + 6 = [37, 40]; share on midpoints 30 / 38.5.
    assert pie["aandeel_van_leerlingprofiel"] == pytest.approx(30 * 100 / 38.5)
    assert bool(pie["onzeker"])
    assert pie["noemer_min"] == 37
    kleine = m.loc[(2020, "PIE", "MVI")]
    assert pd.isna(kleine["aantal"]) and (kleine["aantal_min"], kleine["aantal_max"]) == (1, 4)
    assert not bool(kleine["binnen_eigen_profiel"])
    # MVI students: 8 + 2 = 10 exams, 20 % outside the own profiel (E&O, not techniek).
    mvi_eo = m.loc[(2020, "MVI", "E&O")]
    assert mvi_eo["aandeel_van_leerlingprofiel"] == pytest.approx(20.0)
    assert not bool(mvi_eo["onzeker"]) and mvi_eo["noemer_min"] == 10
    assert bool(mvi_eo["techniek_leerling"]) and not bool(mvi_eo["techniek_keuzevak"])
    # Margins: row total 100 %, column total over student profielen, grand total.
    assert m.loc[(2020, "D&P", "totaal"), "aantal"] == 45
    assert m.loc[(2020, "D&P", "totaal"), "aandeel_van_leerlingprofiel"] == pytest.approx(100)
    assert m.loc[(2020, "totaal", "MVI"), "aantal_min"] == 19
    assert m.loc[(2020, "totaal", "MVI"), "aantal_max"] == 22
    assert (m.loc[(2020, "totaal", "totaal"), ["aantal_min", "aantal_max"]] == [92, 95]).all()
    assert pd.isna(m.loc[(2020, "totaal", "MVI"), "techniek_leerling"])
    # tl exams are left out; 2021 is computed too.
    assert m.loc[(2021, "PIE", "PIE"), "aantal"] == 15
    assert m.loc[(2021, "PIE", "PIE"), "aandeel_van_leerlingprofiel"] == pytest.approx(100)


def test_keuzevakken_per_profiel(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "keuzevakken_per_profiel")
    m = df.set_index(["schooljaar", "kant", "profiel", "deel"])

    def cel(kant: str, profiel: str, deel: str, jaar: int = 2020) -> tuple[int, int]:
        row = m.loc[(jaar, kant, profiel, deel)]
        return int(row["aantal_min"]), int(row["aantal_max"])

    # Tabel 4.8 (by offering profiel): PIE keuzevakken 30 by PIE students + 5 by D&P.
    assert cel("aanbiedend", "PIE", "totaal") == (35, 35)
    assert cel("aanbiedend", "PIE", "techniek") == (30, 30)
    assert cel("aanbiedend", "PIE", "niet-techniek") == (5, 5)
    assert cel("aanbiedend", "PIE", "eigen profiel") == (30, 30)
    assert m.loc[(2020, "aanbiedend", "PIE", "eigen profiel"), "aandeel"] == pytest.approx(
        30 * 100 / 35
    )
    assert cel("aanbiedend", "MVI", "totaal") == (19, 22)
    assert cel("aanbiedend", "MVI", "techniek") == (9, 12)
    assert cel("aanbiedend", "E&O", "niet-techniek") == (0, 0)  # zero rows are kept
    # "Totalen": the five technical profielen together; eigen = the diagonal 30 + 8.
    assert cel("aanbiedend", "techniek", "totaal") == (54, 57)
    assert cel("aanbiedend", "techniek", "niet-techniek") == (15, 15)
    assert cel("aanbiedend", "techniek", "eigen profiel") == (38, 38)
    assert cel("aanbiedend", "totaal", "totaal") == (92, 95)
    # Tabel 4.9 (by the student's profiel).
    assert cel("leerling", "PIE", "totaal") == (37, 40)
    assert cel("leerling", "PIE", "techniek") == (31, 34)
    assert cel("leerling", "PIE", "niet-techniek") == (6, 6)
    mvi = m.loc[(2020, "leerling", "MVI", "eigen profiel")]
    assert mvi["aandeel"] == pytest.approx(80.0) and mvi["noemer_min"] == 10
    assert cel("leerling", "niet-techniek", "techniek") == (15, 15)
    assert cel("leerling", "techniek", "eigen profiel") == (38, 38)
    # Change against 2020 on midpoints: PIE students 38.5 -> 15.
    pie21 = m.loc[(2021, "leerling", "PIE", "totaal")]
    assert pie21["verandering_pct"] == pytest.approx((15 - 38.5) * 100 / 38.5)
    assert pie21["vorig_midden"] == pytest.approx(38.5)
    assert pd.isna(m.loc[(2020, "leerling", "PIE", "totaal"), "verandering_pct"])


def test_keuzevakken_without_source(tmp_path: Path) -> None:
    df = run(tiny_warehouse(tmp_path / "t.duckdb"), "keuzevakken")
    assert df.empty
