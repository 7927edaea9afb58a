"""The web's snapshot of a warehouse (publicatie/gegevens.py), on a hand-made warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import getal, laad
from tests.indicator_fixtures import tiny_warehouse


def test_region_names_come_from_the_period_of_the_newest_year(tmp_path: Path) -> None:
    """A code can mean another partnership in a later period: R1 of 2025-2029 is not the R1
    whose figures (2020 and 2021, period 2020-2024) are shown."""
    pad = tmp_path / "t.duckdb"
    con = tiny_warehouse(pad)
    con.execute(
        "INSERT INTO regio VALUES ('2025-2029', 2025, 2029, 'R1', 'Later ergens anders', "
        "false, true, 1), ('2025-2029', 2025, 2029, 'R9', 'Alleen later', false, true, 1)"
    )
    con.close()
    snap = laad(pad)
    assert snap.regios["R1"].naam == "Regio R1"
    assert snap.regios["R1"].periode == "2020-2024"
    assert snap.regios["R9"].naam == "Alleen later"  # known only from the later period
    assert snap.jaren == (2020, 2021)


def test_rows_are_selected_from_the_published_table_and_filters_are_checked(
    tmp_path: Path,
) -> None:
    pad = tmp_path / "t.duckdb"
    tiny_warehouse(pad).close()
    snap = laad(pad)
    rows = snap.rijen("techniekaandeel", {"schooljaar": 2021, "regio": "R2"}).to_pylist()
    assert len(rows) == 1 and rows[0]["regio"] == "R2"
    # R2 2021: B1 PIE bb 25 + B2 MaT kb [1,4] techniek, B1 E&O kb 15: published as intervals
    assert rows[0]["techniekleerlingen"] == "26-29"
    with pytest.raises(NotFoundError, match="niet geladen"):
        snap.rijen("techniekaandeel", {"schooljaar": 2031})
    with pytest.raises(NotFoundError, match="onbekende regio"):
        snap.rijen("techniekaandeel", {"regio": "R7"})
    with pytest.raises(ParameterError, match="geen kolom 'profiel'"):
        snap.rijen("techniekaandeel", {"profiel": "PIE"})


def test_getal_reads_published_cells() -> None:
    assert getal("12.5") == 12.5
    assert getal("12-16") == 14.0  # an interval: its midpoint
    assert getal("-3.2") == -3.2
    assert getal("<5") is None and getal("x") is None and getal(None) is None
    assert getal(True) is None
