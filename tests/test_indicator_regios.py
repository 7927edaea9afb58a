"""Indicators 4-6 (Figuren 4.3-4.5, Tabel 4.3) on hand-written warehouses and on real data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real
from tests.indicator_fixtures import Row, run, tiny_warehouse

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_registry_lists_indicators_2_to_6_in_order() -> None:
    eigen = [
        "leerlingen_tl",
        "techniekaandeel",
        "techniekaandeel_per_regio",
        "techniekaandeel_per_regio_samenvatting",
        "techniekleerlingen_per_regio",
        "techniekleerlingen_per_regio_samenvatting",
        "groeiclusters",
        "groeiclusters_samenvatting",
    ]
    namen = [i.naam for i in INDICATORS]
    assert namen[1:9] == eigen
    for ind in INDICATORS[1:9]:
        assert ind.kolommen[: len(ind.sleutels)] == ind.sleutels
        assert ind.per_regio == ("regio" in ind.sleutels)
        regel = ind.openbaarheid
        for col in (*regel.aantallen, *regel.groep, *regel.aandelen, *regel.veranderingen):
            assert col in ind.kolommen
        for base in (*regel.aandelen.values(), *regel.veranderingen.values()):
            assert base in ind.kolommen or f"{base}_min" in ind.kolommen


# --- 4. techniekaandeel_per_regio ----------------------------------------------------------
def test_techniekaandeel_per_regio_tiny(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    df = run(con, "techniekaandeel_per_regio")
    assert "NL" not in set(df.regio)
    # 2020: R1 28.5/58.5 = 48.72 %, R2 37/52 = 71.15 %; mean 59.94: only R2 above.
    # 2021: R1 36/62 = 58.06 %, R2 27.5/42.5 = 64.71 %; mean 61.39: only R2 above.
    assert list(df.boven_gemiddelde) == [False, True, False, True]
    som = run(con, "techniekaandeel_per_regio_samenvatting").set_index("schooljaar")
    assert som.loc[2020, "regio_aantal"] == 2
    assert som.loc[2020, "gemiddeld_techniekaandeel"] == pytest.approx((28.5 / 58.5 + 37 / 52) * 50)
    assert som.loc[2021, "regios_boven_gemiddelde"] == 1
    assert som.loc[2021, "regios_vanaf_40_procent"] == 2


def test_techniekaandeel_per_regio_thresholds(tmp_path: Path) -> None:
    # Four regions of 100 derdejaars with 10, 9, 40 and 39 techniekleerlingen.
    rows: list[Row] = []
    regios: dict[str, str] = {}
    for regio, tech in (("R1", 10), ("R2", 9), ("R3", 40), ("R4", 39)):
        vestiging = f"{regio}V"
        regios[vestiging] = regio
        rows += [
            (2020, vestiging, "bb", "PIE", "man", tech, tech),
            (2020, vestiging, "kb", "D&P", "vrouw", 100 - tech, 100 - tech),
        ]
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows, regios=regios)
    df = run(con, "techniekaandeel_per_regio")
    assert list(df.techniekaandeel) == [10.0, 9.0, 40.0, 39.0]
    som = run(con, "techniekaandeel_per_regio_samenvatting").iloc[0]
    # Mean (10 + 9 + 40 + 39) / 4 = 24.5: R3 and R4 above. Exactly 10 % is not "below 10 %";
    # exactly 40 % is "40 % or more".
    assert som.gemiddeld_techniekaandeel == pytest.approx(24.5)
    assert som.regios_boven_gemiddelde == 2
    assert som.regios_onder_10_procent == 1
    assert som.regios_vanaf_40_procent == 1


# --- 5. techniekleerlingen_per_regio -------------------------------------------------------
def test_techniekleerlingen_per_regio_tiny(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    df = run(con, "techniekleerlingen_per_regio")
    # Four rows (bb, gl, kb, totaal) per region and year; X1 is in no region.
    assert len(df) == 16
    df = df.set_index(["schooljaar", "regio", "leerweg"])
    # R1 2020: bb 12 (A1 PIE), kb 8 + BWI <5 = [9, 12], gl 6 (MVI); totaal [27, 30].
    kb = df.loc[(2020, "R1", "kb")]
    assert (kb.aantal_min, kb.aantal_max) == (9, 12)
    assert _nan(kb.aantal)
    tot = df.loc[(2020, "R1", "totaal")]
    assert (tot.aantal_min, tot.aantal_max) == (27, 30)
    assert df.loc[(2020, "R1", "bb"), "meeste"]  # 12 > 10.5 (midpoint) > 6
    assert _nan(tot.meeste)
    # R2 has no gl at all: a row with 0.
    assert df.loc[(2021, "R2", "gl"), "aantal"] == 0
    # R1 2021: bb 12, kb 10 + 5 = 15, gl 9: kb has the most.
    assert df.loc[(2021, "R1", "kb"), "aantal"] == 15
    assert df.loc[(2021, "R1", "kb"), "meeste"]
    som = run(con, "techniekleerlingen_per_regio_samenvatting").set_index("schooljaar")
    # 2020: totals 28.5 and 37 (midpoints): mean 32.75, R1 below it; R2 has no gl techniek.
    assert som.loc[2020, "gemiddeld_per_regio"] == pytest.approx(32.75)
    assert som.loc[2020, "regios_onder_gemiddelde"] == 1
    assert som.loc[2020, "regios_zonder_gl"] == 1
    assert som.loc[2020, "regios_meeste_bb"] == 2
    # 2021: R1 kb most, R2 bb most (25 against [1, 4]); bb 37 > kb 17.5 > gl 9 overall.
    assert (som.loc[2021, "regios_meeste_bb"], som.loc[2021, "regios_meeste_kb"]) == (1, 1)
    assert som.loc[2021, "grootste_leerweg"] == "bb"


def test_techniekleerlingen_per_regio_thresholds(tmp_path: Path) -> None:
    rows: list[Row] = [
        (2020, "S1", "bb", "PIE", "man", 75, 75),  # exactly 75: not "under 75"
        (2020, "S1", "bb", "D&P", "man", 10, 10),
        (2020, "S2", "kb", "PIE", "man", 74, 74),
        (2020, "S3", "bb", "PIE", "man", 150, 150),  # exactly 300, bb and kb tie
        (2020, "S3", "kb", "BWI", "man", 150, 150),
        (2020, "S4", "gl", "MVI", "vrouw", 301, 301),
        (2020, "S5", "bb", "D&P", "man", 20, 20),  # no techniek at all
    ]
    regios = {f"S{i}": f"R{i}" for i in range(1, 6)}
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows, regios=regios)
    df = run(con, "techniekleerlingen_per_regio").set_index(["regio", "leerweg"])
    assert df.loc[("R3", "bb"), "meeste"]
    assert df.loc[("R3", "kb"), "meeste"]
    assert df.loc[("R5", "totaal"), "aantal"] == 0
    assert all(_nan(v) for v in df.loc["R5"].meeste)
    som = run(con, "techniekleerlingen_per_regio_samenvatting").iloc[0]
    # Mean (75 + 74 + 300 + 301 + 0) / 5 = 150; under it R1, R2, R5.
    assert som.regio_aantal == 5
    assert som.gemiddeld_per_regio == pytest.approx(150.0)
    assert som.regios_onder_gemiddelde == 3
    assert som.regios_onder_75 == 2  # R2 (74), R5 (0)
    assert som.regios_boven_300 == 1  # R4 (301), not R3 (300)
    assert som.regios_zonder_gl == 4
    assert (som.regios_meeste_bb, som.regios_meeste_kb, som.regios_meeste_gl) == (2, 2, 1)
    # bb 75 + 150 = 225, kb 74 + 150 = 224, gl 301.
    assert som.grootste_leerweg == "gl"


# --- 6. groeiclusters -----------------------------------------------------------------------
GROEI_ROWS: list[Row] = [
    # 2020
    (2020, "A1", "bb", "PIE", "man", 10, 10),
    (2020, "A1", "kb", "Z&W", "vrouw", 20, 20),
    (2020, "B1", "bb", "PIE", "man", 10, 10),
    (2020, "B1", "kb", "D&P", "man", 20, 20),
    (2020, "C1", "kb", "PIE", "man", 10, 10),
    (2020, "C1", "bb", "E&O", "man", 20, 20),
    (2020, "C2", "kb", "MVI", "vrouw", 10, 10),
    (2020, "C2", "bb", "Groen", "man", 10, 10),
    (2020, "D1", "bb", "BWI", "man", 10, 10),
    (2020, "D1", "kb", "HBR", "man", 20, 20),
    (2020, "X1", "bb", "PIE", "man", 100, 100),  # in no region
    # 2021
    (2021, "A1", "bb", "PIE", "man", 10, 10),  # techniek 0 %, niet-techniek 0 %: A
    (2021, "A1", "kb", "Z&W", "vrouw", 20, 20),
    (2021, "A1", "bb", "overig", "man", 7, 7),  # a route: neither techniek nor niet-techniek
    (2021, "B1", "bb", "PIE", "man", 8, 8),  # techniek -20 %
    (2021, "B1", "kb", "D&P", "man", 12, 12),  # niet-techniek 12 + [1, 4]: -27.5 %: B
    (2021, "B1", "kb", "D&P", "vrouw", 1, 4),
    (2021, "B1", "gl", "PIE", "man", 50, 50),  # gl: not counted
    (2021, "C1", "kb", "PIE", "man", 10, 10),  # techniek 0 %
    (2021, "C1", "bb", "E&O", "man", 19, 19),  # niet-techniek -5 %: C
    (2021, "C2", "kb", "MVI", "vrouw", 15, 15),  # +50 %
    (2021, "C2", "bb", "Groen", "man", 5, 5),  # -50 %: C
    (2021, "D1", "bb", "BWI", "man", 9, 9),  # techniek -10 %
    (2021, "D1", "kb", "HBR", "man", 20, 20),  # niet-techniek 0 %: D
    (2021, "N1", "bb", "PIE", "man", 5, 5),  # a region without students last year
    (2021, "X1", "bb", "PIE", "man", 50, 50),
]
GROEI_REGIOS = {"A1": "RA", "B1": "RB", "C1": "RC", "C2": "RC2", "D1": "RD", "N1": "RN"}


def test_groeiclusters_by_hand(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=GROEI_ROWS, regios=GROEI_REGIOS)
    df = run(con, "groeiclusters").set_index(["schooljaar", "regio"])
    # The first loaded year has no previous year: no change, no cluster.
    assert df.loc[2020].cluster.map(_nan).all()
    jaar = df.loc[2021]
    assert dict(jaar.cluster.fillna("-")) == {
        "RA": "A",
        "RB": "B",
        "RC": "C",
        "RC2": "C",
        "RD": "D",
        "RN": "-",
    }
    # Exactly 0 % counts as ">= 0": RA both, RC techniek, RD niet-techniek.
    assert (
        jaar.loc["RA"].verandering_techniek_pct,
        jaar.loc["RA"].verandering_niet_techniek_pct,
    ) == (
        0.0,
        0.0,
    )
    assert jaar.loc["RC"].verandering_techniek_pct == 0.0
    assert jaar.loc["RD"].verandering_niet_techniek_pct == 0.0
    # RA 2021: derdejaars 10 + 20 + 7 (overig) = 37; niet-techniek 20 (not the route).
    ra = jaar.loc["RA"]
    assert (ra.derdejaars, ra.techniekleerlingen, ra.niet_techniekleerlingen) == (37, 10, 20)
    assert ra.techniekaandeel == pytest.approx(1000 / 37)
    # RB: gl is left out; niet-techniek [13, 16] against 20 on the midpoint 14.5.
    rb = jaar.loc["RB"]
    assert (rb.techniekleerlingen, rb.verandering_techniek_pct) == (8, -20.0)
    assert (rb.niet_techniekleerlingen_min, rb.niet_techniekleerlingen_max) == (13, 16)
    assert rb.verandering_niet_techniek_pct == pytest.approx(-27.5)
    assert (rb.techniek_vorig_midden, rb.niet_techniek_vorig_midden) == (10.0, 20.0)
    # RN had no students last year: no change (from 0).
    assert jaar.loc["RN"].techniek_vorig_midden == 0.0
    assert _nan(jaar.loc["RN"].verandering_techniek_pct)

    som = run(con, "groeiclusters_samenvatting")
    assert list(som.schooljaar) == [2021] * 4
    som = som.set_index("cluster")
    assert list(som.regio_aantal) == [1, 1, 2, 1]
    # C: RC (techniek 10 of 29, none in bb) and RC2 (15 of 20, none in bb): unweighted means.
    c = som.loc["C"]
    assert c.techniekleerlingen == 25
    assert c.techniekaandeel == pytest.approx((1000 / 29 + 75) / 2)
    assert c.techniekaandeel_bb == 0.0
    assert c.verandering_techniek_pct == pytest.approx(25.0)  # (0 + 50) / 2
    assert c.verandering_niet_techniek_pct == pytest.approx(-27.5)  # (-5 - 50) / 2
    # A: RA's bb: techniek 10 of 17 bb derdejaars (the route is bb too).
    assert som.loc["A", "techniekaandeel_bb"] == pytest.approx(1000 / 17)
    # B: techniek 8 of derdejaars [21, 24] (midpoint 22.5); all of RB's bb is techniek.
    b = som.loc["B"]
    assert b.techniekaandeel == pytest.approx(800 / 22.5)
    assert b.techniekaandeel_bb == 100.0
    assert (b.verandering_techniek_pct, som.loc["D", "verandering_techniek_pct"]) == (-20.0, -10.0)


def test_groeiclusters_empty_cluster_and_new_period(tmp_path: Path) -> None:
    # V1 is in P and V2 in Q in 2020-2024; from 2025 both are in P. Nothing changes at the
    # vestigingen, so P's change must be 0 % (last year counted over this year's members),
    # not +200 % (P's own members last year).
    rows: list[Row] = []
    for jaar in (2024, 2025):
        rows += [
            (jaar, "V1", "bb", "PIE", "man", 10, 10),
            (jaar, "V1", "kb", "Z&W", "vrouw", 10, 10),
            (jaar, "V2", "bb", "PIE", "man", 20, 20),
            (jaar, "V2", "kb", "Z&W", "vrouw", 20, 20),
        ]
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows, regios={"V1": "P", "V2": "Q"})
    con.execute(
        "INSERT INTO regio VALUES ('2025-2029', 2025, 2029, 'P', 'Regio P', false, true, 1)"
    )
    con.execute(
        "INSERT INTO regio_vestiging VALUES "
        "('2025-2029', 'P', 'V1', 1), ('2025-2029', 'P', 'V2', 1)"
    )
    df = run(con, "groeiclusters").set_index(["schooljaar", "regio"])
    assert list(df.index) == [(2024, "P"), (2024, "Q"), (2025, "P")]
    p = df.loc[(2025, "P")]
    assert (p.techniekleerlingen, p.techniek_vorig_midden) == (30, 30.0)
    assert (p.verandering_techniek_pct, p.cluster) == (0.0, "A")
    som = run(con, "groeiclusters_samenvatting").set_index("cluster")
    # Clusters without regions are still listed, with 0 regions and 0 students.
    assert list(som.regio_aantal) == [1, 0, 0, 0]
    assert som.loc["B", "techniekleerlingen"] == 0
    assert _nan(som.loc["B", "techniekaandeel"])


# --- real data ------------------------------------------------------------------------------
@requires_real
def test_regios_real_consistent_with_national(tmp_path: Path) -> None:
    """78 test regions (round robin over the vestigingen: no official list is public)."""
    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(
        con, REAL / "leerlingen_vo/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv"
    )
    ingest_file(con, REAL / "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv")
    con.execute(
        "INSERT INTO regio SELECT '2020-2024', 2020, 2024, 'R' || lpad(i::VARCHAR, 2, '0'), "
        "'Testregio', false, false, NULL FROM range(78) t(i)"
    )
    con.execute(
        "INSERT INTO regio_vestiging SELECT '2020-2024', "
        "'R' || lpad(((row_number() OVER (ORDER BY vestiging) - 1) % 78)::VARCHAR, 2, '0'), "
        "vestiging, NULL FROM (SELECT DISTINCT vestiging FROM leerlingen "
        "WHERE schooljaar = 2019 AND leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl'))"
    )
    nationaal = run(con, "techniekaandeel").set_index(["schooljaar", "regio"])
    techniek = nationaal.loc[(2019, "NL"), "techniekleerlingen"]
    assert techniek == 11509
    # Every 2019 vestiging is in a region, so the regions add up to the national count.
    per_regio = run(con, "techniekleerlingen_per_regio")
    per_regio = per_regio[(per_regio.schooljaar == 2019) & (per_regio.leerweg == "totaal")]
    assert len(per_regio) == 78
    assert per_regio.aantal.sum() == techniek
    som = run(con, "techniekleerlingen_per_regio_samenvatting").set_index("schooljaar")
    assert som.loc[2019, "gemiddeld_per_regio"] == pytest.approx(techniek / 78)
    assert som.loc[2019, "grootste_leerweg"] == "kb"
    # The mean per region depends only on the total and the number of regions; the report
    # publishes it for 2021/2022 (78 regions, a few vestigingen outside them): within 5 %.
    text = (SEEDS / "003_811b228deace4c16.txt").read_text(encoding="utf-8")
    match = re.search(r"Een gemiddelde STO-regio heeft.*?(\d+) leer-", text, re.DOTALL)
    assert match, "gemiddeld aantal techniekleerlingen per regio niet gevonden in het rapport"
    assert som.loc[2019, "gemiddeld_per_regio"] == pytest.approx(int(match.group(1)), rel=0.05)
    # Groeiclusters 2019 against 2016: the regions add up to the national bb+kb count of
    # Tabel 4.1. No region gets a change or a cluster: 2016/17 still used the pre-2016
    # afdelingen, a break of the series (breuken.toml), so each row says why instead.
    groei = run(con, "groeiclusters")
    groei = groei[groei.schooljaar == 2019]
    tabel = run(con, "leerlingen_per_profiel").set_index(["schooljaar", "profiel", "leerweg"])
    bb_kb = sum(tabel.loc[(2019, "techniek", lw), "aantal"] for lw in ("bb", "kb"))
    assert groei.techniekleerlingen.sum() == bb_kb
    assert len(groei) >= 70
    assert groei.cluster.isna().all() and groei.verandering_techniek_pct.isna().all()
    assert (groei.breuk == "oude-afdelingen").all()
    clusters = run(con, "groeiclusters_samenvatting").set_index("cluster")
    assert clusters.regio_aantal.sum() == 0
    assert (clusters.breuk == "oude-afdelingen").all()
