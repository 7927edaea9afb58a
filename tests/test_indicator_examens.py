"""Indicator 15 (examens per profiel) on a tiny warehouse and on the real 2018/19 DUO file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real
from tests.indicator_fixtures import run, tiny_warehouse

KEYS = ["schooljaar", "vestiging", "profiel", "leerweg"]
# (schooljaar, vestiging, onderwijstype, leerweg, afdeling, profiel, kand min/max, gesl min/max)
EXAMEN_ROWS = [
    (2020, "A1", "VMBO", "bb", "PIE", "PIE", 12, 12, 11, 11),
    (2020, "A1", "VMBO", "kb", "PIE", "PIE", 8, 8, 8, 8),
    (2020, "A2", "VMBO", "kb", "PIE", "PIE", 1, 4, 1, 4),  # <5
    (2020, "A2", "VMBO", "gl", "MVI", "MVI", 6, 6, 5, 5),  # small denominator
    (2020, "A3", "VMBO", "bb", "ZWE", "Z&W", 20, 20, 18, 18),
    (2020, "A3", "VMBO", "bb", "Vakmanschapsroute", "overig", 3, 3, 3, 3),
    (2020, "A3", "VMBO", "bb", "Beroepsroute", "overig", 2, 2, 2, 2),
    (2020, "B1", "VMBO", "bb", "PIE", "PIE", 0, 0, 0, 0),  # no candidates: not a vestiging
    (2020, "A1", "VMBO", "tl", None, None, 50, 50, 49, 49),  # tl: no profiel
    (2020, "A1", "HAVO", None, None, None, 40, 40, 35, 35),
    (2021, "A1", "VMBO", "bb", "PIE", "PIE", 10, 10, 9, 9),
]


def _warehouse(path: Path) -> db.Connection:
    con = tiny_warehouse(path)
    con.executemany(
        "INSERT INTO examens VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, NULL, NULL, "
        "NULL, NULL, NULL, 1)",
        EXAMEN_ROWS,
    )
    return con


def test_examens_per_profiel_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "examens_per_profiel")
    assert list(df[KEYS].itertuples(index=False)) == sorted(df[KEYS].itertuples(index=False))
    m = df.set_index(KEYS)

    def interval(row: pd.Series, kolom: str) -> tuple[int, int]:
        return int(row[f"{kolom}_min"]), int(row[f"{kolom}_max"])

    # Per vestiging: A1 PIE bb + kb = 20 candidates, 19 geslaagd.
    a1 = m.loc[(2020, "A1", "PIE", "totaal")]
    assert (a1["kandidaten"], a1["geslaagden"], a1["aantal_vestigingen"]) == (20, 19, 1)
    assert a1["slaagpercentage"] == pytest.approx(95.0)
    a2 = m.loc[(2020, "A2", "PIE", "kb")]
    assert pd.isna(a2["kandidaten"]) and interval(a2, "kandidaten") == (1, 4)
    # National rows (vestiging 'totaal'): PIE kb = 8 + [1, 4]; pass rate on midpoints.
    kb = m.loc[(2020, "totaal", "PIE", "kb")]
    assert interval(kb, "kandidaten") == (9, 12) and interval(kb, "geslaagden") == (9, 12)
    assert kb["slaagpercentage"] == pytest.approx(100.0)
    assert bool(kb["onzeker"]) and kb["aantal_vestigingen"] == 2
    # B1 has a row with 0 candidates: it does not count as a vestiging.
    bb = m.loc[(2020, "totaal", "PIE", "bb")]
    assert (bb["kandidaten"], bb["aantal_vestigingen"]) == (12, 1)
    pie = m.loc[(2020, "totaal", "PIE", "totaal")]
    assert interval(pie, "kandidaten") == (21, 24) and pie["aantal_vestigingen"] == 2
    mvi = m.loc[(2020, "totaal", "MVI", "gl")]
    assert mvi["slaagpercentage"] == pytest.approx(500 / 6) and not bool(mvi["onzeker"])
    # Groups: techniek = PIE + MVI; overig = the two routes at A3 (one row, not two).
    tech = m.loc[(2020, "totaal", "techniek", "totaal")]
    assert interval(tech, "kandidaten") == (27, 30) and interval(tech, "geslaagden") == (25, 28)
    assert m.loc[(2020, "totaal", "niet-techniek", "totaal"), "kandidaten"] == 20
    overig = m.loc[(2020, "totaal", "overig", "totaal")]
    assert isinstance(overig, pd.Series) and overig["kandidaten"] == 5
    alles = m.loc[(2020, "totaal", "totaal", "totaal")]
    assert interval(alles, "kandidaten") == (52, 55) and alles["aantal_vestigingen"] == 3
    # tl and havo rows are not part of it; 2021 is computed too.
    assert "tl" not in set(df["leerweg"])
    assert m.loc[(2021, "totaal", "PIE", "totaal"), "kandidaten"] == 10


@requires_real
def test_examens_per_profiel_real_2018(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(con, REAL / "examens_vo/geslaagden-gezakten-en-cijfers-2018-2019.csv")
    df = run(con, "examens_per_profiel")
    landelijk = df[(df["vestiging"] == "totaal") & (df["leerweg"] == "totaal")]
    m = landelijk.set_index("profiel")
    # SOURCES.md, counted by hand from the file: bb/kb/gl candidates and vestigingen.
    expected = {"PIE": (4988, 221), "BWI": (2916, 172), "M&T": (1574, 101)}
    expected |= {"MVI": (1435, 48), "MaT": (273, 6)}
    for profiel, (kandidaten, vestigingen) in expected.items():
        assert (m.loc[profiel, "kandidaten"], m.loc[profiel, "aantal_vestigingen"]) == (
            kandidaten,
            vestigingen,
        ), profiel
    assert set(landelijk["schooljaar"]) == {2018}
    assert m.loc["techniek", "kandidaten"] == 4988 + 2916 + 1574 + 1435 + 273
    assert 90 < m.loc["techniek", "slaagpercentage"] < 100
