"""Indicator 7 per regio (``kwetsbare_groepen``) on hand-written warehouses.

The tiny warehouse (``tests/indicator_fixtures.py``), technical cells of vestigingen in a region
(R1 = A1, A2, A3; R2 = B1, B2; X1 is in no region and never counts):

    2020  R1: A1 PIE bb 12, A1 PIE kb 8, A2 BWI kb <5, A2 MVI gl 6
          R2: B1 PIE bb 30, B2 MaT kb 7
    2021  R1: A1 PIE bb 12, A1 PIE kb 10, A2 BWI kb 5, A2 MVI gl 9
          R2: B1 PIE bb 25, B2 MaT kb <5

Every region x profiel x leerweg here has one offering vestiging, so kwetsbaar is 1 where its
group has at most 10 derdejaars (a <5 cell: [1, 4], at most 4) and 0 otherwise; derdejaars is
that group's size and in_kwetsbare_groepen the same where kwetsbaar is 1, else 0.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from sto_monitor.indicators.openbaarheid import beveilig
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.publiceren import publiceer
from tests.indicator_fixtures import Row, run, tiny_warehouse

NAAM = "kwetsbare_groepen"
SLEUTELS = ["schooljaar", "regio", "profiel", "leerweg"]


def _nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> db.Connection:
    """The shared tiny warehouse, built once for this module (the tests only read it)."""
    return tiny_warehouse(tmp_path_factory.mktemp("kwetsbaar") / "t.duckdb")


def _published(con: db.Connection) -> pd.DataFrame:
    """The table as every output shows it (Dutch notation), from the one publication."""
    tabel = publiceer(con, indicatoren=[NAAM]).publicatie.tabellen[NAAM]
    return tabel.tabel.to_pandas().set_index(SLEUTELS)


def _published_typed(con: db.Connection) -> pd.DataFrame:
    """The open-data contract of the same publication (c, c_min, c_max, c_status)."""
    tabel = publiceer(con, indicatoren=[NAAM]).publicatie.tabellen[NAAM]
    return tabel.data.to_pandas().set_index(SLEUTELS)


def _legacy(con: db.Connection) -> pd.DataFrame:
    """The per-table rule of method 2026.1 (``beveilig``), which no output uses any more."""
    ind = BY_NAME[NAAM]
    return beveilig(compute(ind, con), ind.openbaarheid).to_pandas().set_index(SLEUTELS)


def test_registered_after_the_aanbod_indicators() -> None:
    namen = [i.naam for i in INDICATORS]
    assert namen[namen.index("techniekkeuze_per_regio") + 1] == NAAM
    ind = BY_NAME[NAAM]
    assert ind.per_regio and ind.sleutels == tuple(SLEUTELS)
    assert ind.kolommen[: len(ind.sleutels)] == ind.sleutels
    assert ind.eenheid == "vestigingen" and ind.reproduceert == "Tabel 4.4 (per regio)"
    # vestigingen and the share of them are no person data: never suppressed
    assert ind.openbaarheid.aandelen == {}
    assert "vestigingen" not in ind.openbaarheid.aantallen
    # both student counts are count families (c, c_min, c_max); "aantal" is gone (2026.2)
    for familie in ("derdejaars", "in_kwetsbare_groepen"):
        for kolom in (familie, f"{familie}_min", f"{familie}_max"):
            assert kolom in ind.kolommen and kolom in ind.openbaarheid.aantallen
    assert not any(k.startswith("aantal") for k in ind.kolommen)


def test_kwetsbare_groepen_tiny(tiny: db.Connection) -> None:
    df = run(tiny, NAAM).set_index(SLEUTELS)
    # 6 offered region x profiel x leerweg cells per year (see the docstring); X1 adds none.
    assert len(df) == 12
    assert set(df.index.get_level_values("regio")) == {"R1", "R2"}
    assert set(df.index.get_level_values("profiel")) == {"PIE", "BWI", "MVI", "MaT"}  # techniek
    # 2020 R1 PIE bb: A1 12 > 10 -> 1 vestiging, 0 kwetsbaar, 0 %.
    pie = df.loc[(2020, "R1", "PIE", "bb")]
    assert (pie["vestigingen"], pie["kwetsbaar"], pie["kwetsbaar_onzeker"]) == (1, 0, 0)
    assert (pie["derdejaars"], pie["derdejaars_min"], pie["derdejaars_max"]) == (12, 12, 12)
    # ... and its 12 derdejaars are in no kwetsbare groep: 0, a point value.
    assert (
        pie["in_kwetsbare_groepen"],
        pie["in_kwetsbare_groepen_min"],
        pie["in_kwetsbare_groepen_max"],
    ) == (0, 0, 0)
    assert pie["aandeel_kwetsbaar"] == 0
    # 2020 R2 PIE bb: B1 30 only; X1's 9 (no region) is not added: 30, not 39.
    assert df.loc[(2020, "R2", "PIE", "bb"), "derdejaars"] == 30
    # 2020 R1 BWI kb: A2 <5 = [1, 4]; max 4 <= 10 -> kwetsbaar for certain; no point value.
    bwi = df.loc[(2020, "R1", "BWI", "kb")]
    assert (bwi["vestigingen"], bwi["kwetsbaar"], bwi["kwetsbaar_onzeker"]) == (1, 1, 0)
    assert (bwi["derdejaars_min"], bwi["derdejaars_max"]) == (1, 4) and _nan(bwi["derdejaars"])
    # the whole group is kwetsbaar, so its [1, 4] students are in a kwetsbare groep
    assert (bwi["in_kwetsbare_groepen_min"], bwi["in_kwetsbare_groepen_max"]) == (1, 4)
    assert _nan(bwi["in_kwetsbare_groepen"])
    assert bwi["aandeel_kwetsbaar"] == 100
    # 2021 R1 PIE kb: A1 exactly 10 -> kwetsbaar (at most 10): its 10 students count.
    pie_kb = df.loc[(2021, "R1", "PIE", "kb")]
    assert (pie_kb["kwetsbaar"], pie_kb["in_kwetsbare_groepen"]) == (1, 10)
    # 2021 R2 MaT kb: B2 <5 = [1, 4] -> kwetsbaar; 2020: 7 -> kwetsbaar too.
    mat = df.loc[(2021, "R2", "MaT", "kb")]
    assert (mat["kwetsbaar"], mat["derdejaars_min"], mat["derdejaars_max"]) == (1, 1, 4)
    assert (mat["in_kwetsbare_groepen_min"], mat["in_kwetsbare_groepen_max"]) == (1, 4)
    mat_2020 = df.loc[(2020, "R2", "MaT", "kb")]
    assert (mat_2020["derdejaars"], mat_2020["in_kwetsbare_groepen"]) == (7, 7)
    # kwetsbaar per row: 2020 BWI kb, MVI gl 6, PIE kb 8, MaT kb 7; 2021 BWI kb 5, MVI gl 9,
    # PIE kb 10, MaT kb <5 -> 8 of 12; the PIE bb rows (12, 30, 12, 25) are not.
    assert df["kwetsbaar"].sum() == 8
    assert (df["kwetsbaar_onzeker"] == 0).all()
    # Students in kwetsbare groepen, all rows: 2020 [1, 4] + 6 + 8 + 7 = [22, 25];
    # 2021 5 + 9 + 10 + [1, 4] = [25, 28]; the PIE bb rows add 0.
    assert df["in_kwetsbare_groepen_min"].sum() == 22 + 25
    assert df["in_kwetsbare_groepen_max"].sum() == 25 + 28
    assert (df["in_kwetsbare_groepen_max"] <= df["derdejaars_max"]).all()


def test_kwetsbare_groepen_intervals_and_several_vestigingen(tmp_path: Path) -> None:
    rows: list[Row] = [
        (2020, "A1", "bb", "BWI", "man", 1, 4),
        (2020, "A1", "bb", "BWI", "vrouw", 6, 6),  # A1: [7, 10], max 10 -> kwetsbaar
        (2020, "A2", "bb", "BWI", "man", 1, 4),
        (2020, "A2", "bb", "BWI", "vrouw", 8, 8),  # A2: [9, 12] -> cannot tell: onzeker
        (2020, "A3", "bb", "BWI", "man", 11, 11),  # A3: 11 -> not kwetsbaar
        (2020, "B1", "bb", "BWI", "man", 10, 10),  # R2: B1 10 -> kwetsbaar
        (2020, "X1", "bb", "BWI", "man", 2, 2),  # no region: ignored
        (2020, "X1", "gl", "MaT", "man", 7, 7),  # offered only outside a region: no row
        (2020, "A1", "bb", "BWI", "man", 3, 3, 4),  # leerjaar 4: not a derdejaars
        (2020, "A1", "tl", "BWI", "man", 3, 3),  # theoretische leerweg: not counted
        (2020, "A1", "bb", "Z&W", "man", 4, 4),  # not a technical profiel
    ]
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows)
    df = run(con, NAAM).set_index(SLEUTELS)
    assert list(df.index) == [(2020, "R1", "BWI", "bb"), (2020, "R2", "BWI", "bb")]
    r1 = df.loc[(2020, "R1", "BWI", "bb")]
    # 3 vestigingen: 1 kwetsbaar (A1), 1 onzeker (A2); 7 + 9 + 11 = 27 to 10 + 12 + 11 = 33.
    assert (r1["vestigingen"], r1["kwetsbaar"], r1["kwetsbaar_onzeker"]) == (3, 1, 1)
    assert (r1["derdejaars_min"], r1["derdejaars_max"]) == (27, 33) and _nan(r1["derdejaars"])
    # In kwetsbare groepen: only A1's [7, 10]; A2 (onzeker, [9, 12]) counts as it does in
    # kwetsbaar, i.e. not at all, and A3's 11 is no kwetsbare groep.
    assert (r1["in_kwetsbare_groepen_min"], r1["in_kwetsbare_groepen_max"]) == (7, 10)
    assert _nan(r1["in_kwetsbare_groepen"])
    assert r1["aandeel_kwetsbaar"] == pytest.approx(100 / 3)
    r2 = df.loc[(2020, "R2", "BWI", "bb")]
    assert (
        r2["vestigingen"],
        r2["kwetsbaar"],
        r2["derdejaars"],
        r2["in_kwetsbare_groepen"],
        r2["aandeel_kwetsbaar"],
    ) == (1, 1, 10, 10, 100)
    # Published: an interval as min-max; counts of vestigingen and the share stay visible
    # although there are fewer than 10 vestigingen.
    pub = _published(con)
    assert pub.loc[(2020, "R1", "BWI", "bb"), "derdejaars"] == "27-33"
    assert pub.loc[(2020, "R1", "BWI", "bb"), "in_kwetsbare_groepen"] == "7-10"
    assert pub.loc[(2020, "R1", "BWI", "bb"), "vestigingen"] == 3
    assert pub.loc[(2020, "R1", "BWI", "bb"), "aandeel_kwetsbaar"] == pytest.approx(100 / 3)


def test_kwetsbare_groepen_published_tiny(tiny: db.Connection) -> None:
    pub = _published(tiny)
    assert "derdejaars_min" not in pub.columns and "in_kwetsbare_groepen_max" not in pub.columns
    # 2020 R1 BWI kb and 2021 R2 MaT kb are DUO's <5, in both student counts.
    for sleutel in ((2020, "R1", "BWI", "kb"), (2021, "R2", "MaT", "kb")):
        assert pub.loc[sleutel, "derdejaars"] == "<5"
        assert pub.loc[sleutel, "in_kwetsbare_groepen"] == "<5"
    # The source (DUO leerlingen) is public: published as DUO publishes it, never x.
    for familie in ("derdejaars", "in_kwetsbare_groepen"):
        assert (pub[familie] == "x").sum() == 0 and (pub[familie] == "<5").sum() == 2
    assert pub.loc[(2020, "R1", "PIE", "kb"), "derdejaars"] == "8"
    assert pub.loc[(2021, "R2", "PIE", "bb"), "derdejaars"] == "25"
    assert pub.loc[(2021, "R2", "PIE", "bb"), "in_kwetsbare_groepen"] == "0"
    assert pub.loc[(2020, "R1", "MVI", "gl"), "in_kwetsbare_groepen"] == "6"
    # The open-data contract: DUO's interval [1, 4] and the status, no number.
    typed = _published_typed(tiny).loc[(2020, "R1", "BWI", "kb")]
    assert _nan(typed["in_kwetsbare_groepen"]) and typed["in_kwetsbare_groepen_status"] == "<5"
    assert (typed["in_kwetsbare_groepen_min"], typed["in_kwetsbare_groepen_max"]) == (1, 4)
    # Counts of vestigingen and the share kwetsbaar are never hidden, even in a <5 row.
    bwi = pub.loc[(2020, "R1", "BWI", "kb")]
    assert (bwi["vestigingen"], bwi["kwetsbaar"], bwi["aandeel_kwetsbaar"]) == (1, 1, 100)
    # No row for a vestiging outside a region: X1 is in none, and R2 has no PIE kb row.
    assert set(pub.index.get_level_values("regio")) == {"R1", "R2"}
    assert (2020, "R2", "PIE", "kb") not in pub.index


def test_kwetsbare_groepen_legacy_rule_tiny(tiny: db.Connection) -> None:
    """The rule's groups, as the per-table rule of 2026.1 applies them to both families."""
    pub = _legacy(tiny)
    assert pub.loc[(2020, "R1", "BWI", "kb"), "derdejaars"] == "<5"
    assert pub.loc[(2021, "R2", "MaT", "kb"), "in_kwetsbare_groepen"] == "<5"
    # Secondary, along the profielen (2020 x R1 x kb: PIE 8 and BWI <5, so the R1 kb total of
    # techniekleerlingen_per_regio minus PIE would give BWI): PIE kb 8 -> x, in both families.
    assert pub.loc[(2020, "R1", "PIE", "kb"), "derdejaars"] == "x"
    assert pub.loc[(2020, "R1", "PIE", "kb"), "in_kwetsbare_groepen"] == "x"
    # 2021 R2 MaT kb is alone in its profiel and in R2's technical kb: nothing else hidden.
    assert pub.loc[(2021, "R2", "PIE", "bb"), "derdejaars"] == "25"
    assert pub.loc[(2020, "R1", "MVI", "gl"), "derdejaars"] == "6"
