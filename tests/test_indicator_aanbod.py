"""Indicators 7-12 (Tabellen 4.4-4.6, Figuren 4.6-4.8) on hand-written warehouses.

The tiny warehouse (``tests/indicator_fixtures.py``), technical cells only:

    2020  R1: A1 PIE bb 12, A1 PIE kb 8, A2 BWI kb <5, A2 MVI gl 6
          R2: B1 PIE bb 30, B2 MaT kb 7            no region: X1 PIE bb 9
    2021  R1: A1 PIE bb 12, A1 PIE kb 10, A2 BWI kb 5, A2 MVI gl 9
          R2: B1 PIE bb 25, B2 MaT kb <5           no region: X1 PIE bb 11
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.ingest.runner import ingest_file
from sto_monitor.publicatie.publiceren import publiceer
from tests.conftest import REAL, REPO, requires_real
from tests.indicator_fixtures import TINY_REGIOS, Row, run, tiny_warehouse

SEED = REPO.parent / "shared" / "seeds" / "003_811b228deace4c16.txt"


def _nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> db.Connection:
    """The shared tiny warehouse, built once for this module (the tests only read it)."""
    return tiny_warehouse(tmp_path_factory.mktemp("aanbod") / "t.duckdb")


def _indexed(con: db.Connection, naam: str) -> pd.DataFrame:
    return run(con, naam).set_index(list(BY_NAME[naam].sleutels))


def test_registry_lists_indicators_7_to_12_in_order() -> None:
    # (Imported through the registry: importing an indicator module first is circular.)
    namen = [i.naam for i in INDICATORS]
    eigen = [
        "groepsgrootte",
        "regio_aanbod",
        "bl_kl_clusters",
        "vestigingen_per_profiel",
        "regio_dekking",
        "techniekkeuze_per_regio",
    ]
    start = namen.index("groepsgrootte")
    assert namen[start : start + 6] == eigen
    for ind in INDICATORS[start : start + 6]:
        assert ind.kolommen[: len(ind.sleutels)] == ind.sleutels
        for share, base in {**ind.openbaarheid.aandelen, **ind.openbaarheid.veranderingen}.items():
            assert share in ind.kolommen
            assert base in ind.kolommen or f"{base}_min" in ind.kolommen


def test_public_counts_are_published_as_duo_does_with_every_share_and_mean(
    tiny: db.Connection,
) -> None:
    """The tiny warehouse's leerlingen are public: DUO's <5 stays <5, nothing becomes x."""
    namen = [i.naam for i in INDICATORS[INDICATORS.index(BY_NAME["groepsgrootte"]) :][:6]]
    uitkomst = publiceer(tiny, indicatoren=namen)
    published = {naam: uitkomst.publicatie.tabellen[naam].tabel.to_pandas() for naam in namen}
    for naam, tabel in published.items():
        assert not uitkomst.publicatie.tabellen[naam].vertrouwelijk, naam
        assert not (tabel == "x").any().any(), naam  # public data is never afgeschermd
    groep = published["groepsgrootte"].set_index(["schooljaar", "profiel", "leerweg"])
    # BWI kb 2020 is DUO's <5 at one vestiging: the count is DUO's own <5; the shares and the
    # mean (on the midpoint 2.5) reveal nothing DUO hides, so they are shown.
    bwi = groep.loc[(2020, "BWI", "kb")]
    assert (bwi["aantal"], bwi["gemiddeld"], bwi["aandeel_1_5"]) == ("<5", "2.5", "100.0")
    # BWI kb 2021 is an exact 5, shown exactly; last year's mean rests on DUO's <5 and shows.
    bwi = groep.loc[(2021, "BWI", "kb")]
    assert (bwi["aantal"], bwi["gemiddeld"], bwi["gemiddeld_vorig"]) == ("5", "5.0", "2.5")
    # PIE bb 2020: 51 students at 3 vestigingen; the mean and the shares show, even though 3
    # vestigingen is a small denominator (no denominator rule for public data).
    pie = groep.loc[(2020, "PIE", "bb")]
    assert (pie["aantal"], pie["gemiddeld"], pie["aandeel_1_5"]) == ("51", "17.0", "0.0")
    assert pie["aandeel_11_20"] == "33.3"
    assert "aantal_vestigingen" not in groep.columns  # a denominator only (Tabel 4.4)
    assert "aantal_vestigingen" in published["vestigingen_per_profiel"].columns
    assert "aantal_regios" in published["regio_dekking"].columns
    assert "totaal_regios" in published["techniekkeuze_per_regio"].columns
    # A count of one vestiging is published as 1, not hidden.
    vestigingen = published["vestigingen_per_profiel"].set_index(["schooljaar", "profiel"])
    assert vestigingen.loc[(2020, "MaT"), "aantal_vestigingen"] == "1"


# --- 7. groepsgrootte -------------------------------------------------------------------------
def test_groepsgrootte_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "groepsgrootte")
    # PIE bb 2020: A1 12 (11-20), B1 30 (21-30), X1 9 (6-10; outside a region, still counted).
    pie = df.loc[(2020, "PIE", "bb")]
    assert pie["aantal_vestigingen"] == 3
    assert pie["aandeel_1_5"] == 0
    for col in ("aandeel_6_10", "aandeel_11_20", "aandeel_21_30", "aandeel_kwetsbaar"):
        assert pie[col] == pytest.approx(100 / 3)
    assert pie["gemiddeld"] == pytest.approx(51 / 3)  # 17
    assert _nan(pie["gemiddeld_vorig"])  # first loaded year
    # 2021: A1 12, B1 25, X1 11 -> 2 x 11-20, 1 x 21-30, none kwetsbaar; mean 48 / 3 = 16.
    pie = df.loc[(2021, "PIE", "bb")]
    assert pie["aandeel_11_20"] == pytest.approx(200 / 3)
    assert pie["aandeel_kwetsbaar"] == 0
    assert (pie["gemiddeld"], pie["gemiddeld_vorig"]) == (16, 17)
    # BWI kb 2020 is a <5 cell: [1, 4], always class 1-5, mean on the midpoint 2.5, certain.
    bwi = df.loc[(2020, "BWI", "kb")]
    assert (bwi["aantal_min"], bwi["aantal_max"]) == (1, 4)
    assert (bwi["aandeel_1_5"], bwi["aandeel_kwetsbaar"], bwi["gemiddeld"]) == (100, 100, 2.5)
    assert not bwi["onzeker"]
    # MaT kb: one vestiging; 7 in 2020, <5 in 2021.
    mat = df.loc[(2021, "MaT", "kb")]
    assert (mat["aantal_vestigingen"], mat["gemiddeld"], mat["gemiddeld_vorig"]) == (1, 2.5, 7)
    assert set(df.index.get_level_values("profiel")) == {"PIE", "BWI", "MVI", "MaT"}  # techniek


def test_groepsgrootte_straddling_interval_and_gap(tmp_path: Path) -> None:
    rows: list[Row] = [
        # V1 BWI bb: <5 + 8 = [9, 12], midpoint 10.5 -> class 11-20, but could be 6-10.
        (2019, "V1", "bb", "BWI", "man", 1, 4),
        (2019, "V1", "bb", "BWI", "vrouw", 8, 8),
        (2019, "V2", "bb", "BWI", "man", 3, 3),  # exact 3 -> 1-5
        (2019, "V1", "kb", "M&T", "man", 6, 6),
        (2020, "V2", "bb", "BWI", "man", 20, 20),  # M&T kb not offered in 2020
        (2021, "V1", "kb", "M&T", "man", 12, 12),
    ]
    df = _indexed(tiny_warehouse(tmp_path / "t.duckdb", rows=rows), "groepsgrootte")
    bwi = df.loc[(2019, "BWI", "bb")]
    assert (bwi["aandeel_1_5"], bwi["aandeel_11_20"], bwi["aandeel_kwetsbaar"]) == (50, 50, 50)
    assert (bwi["vestigingen_onzeker"], bool(bwi["onzeker"])) == (1, True)
    assert (bwi["aantal_min"], bwi["aantal_max"]) == (12, 15)
    assert bwi["gemiddeld"] == pytest.approx(13.5 / 2)
    assert df.loc[(2020, "BWI", "bb"), "gemiddeld_vorig"] == pytest.approx(6.75)
    # M&T kb 2021 against the previous *loaded* year 2020, when it was not offered: NULL,
    # not the 6 of 2019.
    assert _nan(df.loc[(2021, "M&T", "kb"), "gemiddeld_vorig"])


# --- 8. regio_aanbod --------------------------------------------------------------------------
def test_regio_aanbod_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "regio_aanbod")
    # PIE bb 2020: R1 (A1 12) and R2 (B1 30), one vestiging each, neither below 11; X1 is in
    # no region and does not count.
    pie = df.loc[(2020, "PIE", "bb")]
    assert pie["aantal_regios"] == 2
    assert (pie["regios_1_vestiging"], pie["regios_meer_vestigingen"]) == (2, 0)
    assert pie["regios_onder_11"] == 0
    # PIE kb 2020: R1 only, A1 8 < 11. MaT kb: R2 only (B2), 7 in 2020 and <5 in 2021.
    assert df.loc[(2020, "PIE", "kb"), "regios_1_vestiging_onder_11"] == 1
    assert df.loc[(2021, "MaT", "kb"), "regios_onder_11"] == 1
    assert not df["onzeker"].any()
    assert (2020, "PIE", "gl") not in df.index  # nobody offers it: no row


def test_regio_aanbod_more_vestigingen_and_uncertain_mean(tmp_path: Path) -> None:
    rows: list[Row] = [
        (2020, "A1", "bb", "PIE", "man", 12, 12),
        (2020, "A2", "bb", "PIE", "man", 6, 6),  # R1: mean (12 + 6) / 2 = 9 < 11
        (2020, "B1", "bb", "PIE", "man", 1, 4),
        (2020, "B1", "bb", "PIE", "vrouw", 8, 8),  # R2: [9, 12], midpoint 10.5 < 11, unsure
        (2020, "A1", "kb", "PIE", "man", 20, 20),
        (2020, "A3", "kb", "PIE", "man", 4, 4),  # R1 kb: mean 12, not below 11
    ]
    df = _indexed(tiny_warehouse(tmp_path / "t.duckdb", rows=rows), "regio_aanbod")
    bb = df.loc[(2020, "PIE", "bb")]
    assert (bb["aantal_regios"], bb["regios_onder_11"]) == (2, 2)
    assert (bb["regios_1_vestiging"], bb["regios_1_vestiging_onder_11"]) == (1, 1)
    assert (bb["regios_meer_vestigingen"], bb["regios_meer_vestigingen_onder_11"]) == (1, 1)
    assert (bb["regios_onzeker"], bool(bb["onzeker"])) == (1, True)
    kb = df.loc[(2020, "PIE", "kb")]
    assert (kb["regios_meer_vestigingen"], kb["regios_meer_vestigingen_onder_11"]) == (1, 0)


# --- 9. bl_kl_clusters ------------------------------------------------------------------------
def test_bl_kl_clusters_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "bl_kl_clusters")
    # R1 PIE: bb 12 -> 12 is exactly 0 % (counts as growth), kb 8 -> 10 is +25 %: cluster A.
    r1 = df.loc[(2021, "R1", "PIE")]
    assert (r1["verandering_bb"], r1["verandering_kb"], r1["cluster"]) == (0, 25, "A")
    assert (r1["vorig_midden_bb"], r1["vorig_midden_kb"]) == (12, 8)
    # R2 PIE: bb 30 -> 25 = -16.7 %, no kb: no cluster.
    r2 = df.loc[(2021, "R2", "PIE")]
    assert r2["verandering_bb"] == pytest.approx(-50 / 3)
    assert r2["vestigingen_kb"] == 0 and _nan(r2["gemiddeld_kb"]) and _nan(r2["cluster"])
    # R2 MaT kb: 7 -> <5 (midpoint 2.5): (2.5 - 7) / 7 = -64.3 %; the interval stays [1, 4].
    mat = df.loc[(2021, "R2", "MaT")]
    assert mat["verandering_kb"] == pytest.approx(-4.5 * 100 / 7)
    assert (mat["aantal_kb_min"], mat["aantal_kb_max"]) == (1, 4)
    assert _nan(df.loc[(2020, "R1", "PIE"), "cluster"])  # first year: no change
    assert "X1" not in set(df.index.get_level_values("regio"))


def test_bl_kl_clusters_all_four(tmp_path: Path) -> None:
    rows: list[Row] = []
    # (profiel, bb 2020, bb 2021, kb 2020, kb 2021) for one vestiging A1 in R1
    for profiel, bb0, bb1, kb0, kb1 in [
        ("BWI", 10, 8, 10, 8),  # -20 %, -20 %: B
        ("M&T", 10, 12, 10, 5),  # +20 %, -50 %: C
        ("MVI", 10, 5, 10, 10),  # -50 %, exactly 0 %: D
    ]:
        rows += [
            (2020, "A1", "bb", profiel, "man", bb0, bb0),
            (2021, "A1", "bb", profiel, "man", bb1, bb1),
            (2020, "A1", "kb", profiel, "man", kb0, kb0),
            (2021, "A1", "kb", profiel, "man", kb1, kb1),
        ]
    # PIE: bb 2020 A1 10 + A2 20 (mean 15), 2021 A1 15 only (mean 15): 0 % although the
    # count fell; kb A1 10 -> 11: +10 %. Cluster A.
    rows += [
        (2020, "A1", "bb", "PIE", "man", 10, 10),
        (2020, "A2", "bb", "PIE", "man", 20, 20),
        (2021, "A1", "bb", "PIE", "man", 15, 15),
        (2020, "A1", "kb", "PIE", "man", 10, 10),
        (2021, "A1", "kb", "PIE", "man", 11, 11),
    ]
    df = _indexed(tiny_warehouse(tmp_path / "t.duckdb", rows=rows), "bl_kl_clusters")
    clusters = df.loc[2021]["cluster"].to_dict()
    assert clusters == {
        ("R1", "BWI"): "B",
        ("R1", "M&T"): "C",
        ("R1", "MVI"): "D",
        ("R1", "PIE"): "A",
    }
    pie = df.loc[(2021, "R1", "PIE")]
    assert (pie["vestigingen_bb"], pie["gemiddeld_bb"], pie["gemiddeld_bb_vorig"]) == (1, 15, 15)
    assert (pie["verandering_bb"], pie["vorig_midden_bb"]) == (0, 30)
    assert pie["verandering_kb"] == pytest.approx(10)


# --- 10. vestigingen_per_profiel --------------------------------------------------------------
def test_vestigingen_per_profiel_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "vestigingen_per_profiel")
    # PIE 2020: A1 (bb, kb), B1 (bb), X1 (bb, no region) -> 3 vestigingen, 1 outside.
    pie = df.loc[(2020, "PIE")]
    assert (pie["aantal_vestigingen"], pie["buiten_regio"]) == (3, 1)
    assert (pie["aandeel_bb"], pie["aandeel_gl"]) == (100, 0)
    assert pie["aandeel_kb"] == pytest.approx(100 / 3)
    # MaT: one vestiging (B2), kb only; MVI: A2, gl only; BWI: A2 with a <5 cell still offers.
    assert tuple(df.loc[(2020, "MaT"), ["aantal_vestigingen", "aandeel_kb"]]) == (1, 100)
    assert df.loc[(2021, "MVI"), "aandeel_gl"] == 100
    assert df.loc[(2020, "BWI"), "aantal_vestigingen"] == 1
    assert "M&T" not in set(df.index.get_level_values("profiel"))


def test_vestigingen_per_profiel_counts_a_vestiging_once(tmp_path: Path) -> None:
    rows: list[Row] = [
        (2020, "A1", "bb", "PIE", "man", 5, 5),
        (2020, "A1", "kb", "PIE", "vrouw", 1, 4),
        (2020, "A1", "gl", "PIE", "man", 2, 2),
        (2020, "X1", "gl", "PIE", "man", 7, 7),
        (2020, "X1", "bb", "PIE", "man", 7, 7, 4),  # leerjaar 4: not a derdejaars
    ]
    df = _indexed(tiny_warehouse(tmp_path / "t.duckdb", rows=rows), "vestigingen_per_profiel")
    pie = df.loc[(2020, "PIE")]
    assert (pie["aantal_vestigingen"], pie["buiten_regio"]) == (2, 1)
    assert (pie["vestigingen_bb"], pie["vestigingen_kb"], pie["vestigingen_gl"]) == (1, 1, 2)
    assert (pie["aandeel_bb"], pie["aandeel_gl"]) == (50, 100)


@requires_real
@pytest.mark.skipif(not SEED.is_file(), reason=f"rapporttekst niet gevonden: {SEED}")
def test_vestigingen_per_profiel_real_2019(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    tabel = text[text.index("Tabel 4.6. Aantal vestigingen per profiel") :]
    match = re.search(r"Schooljaar 2019/2020 ((?:\d+(?: \(\d+\))? ?){5})", tabel)
    assert match, "Tabel 4.6, 2019/2020 niet gevonden in de rapporttekst"
    totals = [int(n) for n in re.sub(r"\(\d+\)", "", match.group(1)).split()]
    published = dict(zip(["BWI", "MaT", "MVI", "M&T", "PIE"], totals, strict=True))
    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(con, REAL / "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv")
    df = _indexed(con, "vestigingen_per_profiel")
    for profiel, value in published.items():
        assert abs(df.loc[(2019, profiel), "aantal_vestigingen"] - value) <= 3, profiel
    # Without a region file every vestiging is outside a region.
    assert (df["buiten_regio"] == df["aantal_vestigingen"]).all()


# --- 11. regio_dekking ------------------------------------------------------------------------
def test_regio_dekking_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "regio_dekking")
    assert len(df) == 2 * 3 * 10  # every year x leerweg x all ten profielen
    # PIE bb: R1 (A1) and R2 (B1) of 2 regions; R2 has no gl at all, so MVI gl is R1 only.
    assert tuple(df.loc[(2021, "bb", "PIE"), ["regios_aanbod", "aandeel"]]) == (2, 100)
    assert tuple(df.loc[(2021, "gl", "MVI"), ["regios_aanbod", "aandeel"]]) == (1, 50)
    assert df.loc[(2020, "bb", "Z&W"), "aandeel"] == 50  # non-technical profielen too
    assert not df.loc[(2020, "bb", "Z&W"), "techniek"]
    assert tuple(df.loc[(2020, "gl", "Groen"), ["regios_aanbod", "aandeel"]]) == (0, 0)


def test_regio_dekking_denominator_is_the_period(tmp_path: Path) -> None:
    rows: list[Row] = [
        (2024, "A1", "bb", "PIE", "man", 5, 5),
        (2024, "X1", "gl", "PIE", "man", 5, 5),  # outside any region: no region offers PIE gl
        (2025, "A1", "bb", "PIE", "man", 5, 5),
    ]
    # 2020-2024: R1, R2 and R3 (R3's vestiging C1 has no students). 2025-2029: R1 only.
    regios = {**TINY_REGIOS, "C1": "R3"}
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows, regios=regios)
    con.execute(
        "INSERT INTO regio VALUES ('2025-2029', 2025, 2029, 'R1', 'Regio R1', false, true, 1)"
    )
    con.execute("INSERT INTO regio_vestiging VALUES ('2025-2029', 'R1', 'A1', 1)")
    df = _indexed(con, "regio_dekking")
    assert tuple(df.loc[(2024, "bb", "PIE"), ["aantal_regios", "regios_aanbod"]]) == (3, 1)
    assert df.loc[(2024, "bb", "PIE"), "aandeel"] == pytest.approx(100 / 3)
    assert df.loc[(2024, "gl", "PIE"), "regios_aanbod"] == 0
    assert tuple(df.loc[(2025, "bb", "PIE"), ["aantal_regios", "aandeel"]]) == (1, 100)


# --- 12. techniekkeuze_per_regio --------------------------------------------------------------
def test_techniekkeuze_per_regio_tiny(tiny: db.Connection) -> None:
    df = _indexed(tiny, "techniekkeuze_per_regio")
    assert len(df) == 2 * 3 * 6  # every year x leerweg x 0..5 profielen
    n = df["aantal_regios"]
    # bb: R1 PIE, R2 PIE -> both 1. kb: R1 PIE + BWI (a <5 cell still offers) = 2, R2 MaT = 1.
    assert n[(2020, "bb", 1)] == 2 and n[(2020, "bb", 0)] == 0
    assert (n[(2020, "kb", 1)], n[(2020, "kb", 2)]) == (1, 1)
    # gl: R1 MVI = 1; R2 has no gl at all and counts at 0.
    assert (n[(2021, "gl", 0)], n[(2021, "gl", 1)]) == (1, 1)
    assert df.loc[(2021, "gl", 0), "aandeel"] == 50
    assert df.loc[(2021, "gl", 5), "aandeel"] == 0
    assert (df["totaal_regios"] == 2).all()
    assert (df.groupby(level=["schooljaar", "leerweg"])["aantal_regios"].sum() == 2).all()
