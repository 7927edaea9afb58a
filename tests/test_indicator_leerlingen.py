"""Indicator 1 (Tabel 4.1) on the tiny warehouse and on the real 2019 file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real
from tests.indicator_fixtures import run, tiny_warehouse


def test_leerlingen_per_profiel_by_hand(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    df = run(con, "leerlingen_per_profiel").set_index(["schooljaar", "profiel", "leerweg"])
    # PIE 2020: bb 12 + 30 + 9 = 51, kb 8.
    assert df.loc[(2020, "PIE", "bb"), "aantal"] == 51
    assert df.loc[(2020, "PIE", "totaal"), "aantal"] == 59
    # BWI 2020 is a <5 cell: no point value, interval [1, 4].
    bwi = df.loc[(2020, "BWI", "kb")]
    assert bwi["aantal"] is None or bwi.isna()["aantal"]
    assert (bwi["aantal_min"], bwi["aantal_max"]) == (1, 4)
    # techniek 2020: PIE 59 + BWI [1,4] + MVI 6 + MaT 7 = [73, 76].
    tech = df.loc[(2020, "techniek", "totaal")]
    assert (tech["aantal_min"], tech["aantal_max"]) == (73, 76)
    # totaal: 2020 = 117 + [1, 4] = [118, 121], 2021 = 113 + [1, 4] = [114, 117]; the change
    # is computed on the midpoints.
    tot = df.loc[(2021, "totaal", "totaal")]
    assert (tot["aantal_min"], tot["aantal_max"]) == (114, 117)
    assert tot["verandering_pct"] == pytest.approx((115.5 - 119.5) * 100 / 119.5)
    # PIE bb: 2020 51, 2021 12 + 25 + 11 = 48.
    assert df.loc[(2021, "PIE", "bb"), "verandering_pct"] == pytest.approx((48 - 51) * 100 / 51)
    assert (
        df.loc[(2020, "PIE", "bb"), "verandering_pct"]
        != df.loc[(2020, "PIE", "bb"), "verandering_pct"]
    )  # NaN


@requires_real
def test_leerlingen_per_profiel_real_2019(tmp_path: Path) -> None:
    from sto_monitor import db

    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(con, REAL / "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv")
    df = run(con, "leerlingen_per_profiel").set_index(["schooljaar", "profiel", "leerweg"])
    assert df.loc[(2019, "totaal", "totaal"), "aantal"] == 61508
    assert df.loc[(2019, "techniek", "totaal"), "aantal"] == 11509
    assert df.loc[(2019, "overig", "totaal"), "aantal"] == 829
    pact = run(con, "leerlingen_per_profiel", techniek="techniekpact").set_index(
        ["schooljaar", "profiel", "leerweg"]
    )
    # Vakmanschapsroute Techniek (254) counts as techniek under the Techniekpact definition.
    assert pact.loc[(2019, "techniek", "totaal"), "aantal"] == 11509 + 254
