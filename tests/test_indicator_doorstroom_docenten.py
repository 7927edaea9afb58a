"""Indicators 16 (doorstroom, Figuren 4.10-4.11) and 17 (docenten) on a tiny warehouse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN, beveilig
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.run import compute
from tests.indicator_fixtures import run, tiny_warehouse

TGO = "Techniek en gebouwde omgeving"
MTLM = "Mobiliteit, transport, logistiek en maritiem"
CI = "Creatieve industrie en ICT"
# (schooljaar, vestiging, profiel, leerweg, bestemming, sectorkamer, min, max)
DOORSTROOM_ROWS = [
    (2020, "A1", "PIE", "bb", "mbo-bbl", TGO, 10, 10),
    (2020, "A1", "PIE", "bb", "mbo-bol", TGO, 5, 5),
    (2020, "A1", "PIE", "bb", "mbo-bol", MTLM, 3, 3),
    (2020, "A1", "PIE", "bb", "mbo-bol", CI, 1, 4),  # <5
    (2020, "A1", "PIE", "bb", "vmbo", None, 2, 2),
    (2020, "A1", "PIE", "kb", "mbo-bol", TGO, 8, 8),
    (2020, "A1", "PIE", "kb", "havo/vwo", None, 1, 4),  # <5
    (2020, "A3", "D&P", "bb", "mbo-bol", CI, 6, 6),
    (2020, "A3", "D&P", "bb", "mbo-bol", TGO, 2, 2),
    (2020, "A3", "D&P", "bb", "overig", None, 2, 2),  # D&P: 10 students, a small denominator
    (2020, "B1", "PIE", "tl", "mbo-bol", TGO, 50, 50),  # tl: left out
    (2021, "A1", "PIE", "bb", "mbo-bol", None, 12, 12),  # mbo without a sectorkamer
]
# (schooljaar, vestiging, profielgroep, zij-instromer, fte, personen min, max)
DOCENTEN_ROWS = [
    (2020, "A1", "techniek", False, 6.0, 8, 8),
    (2020, "A1", "techniek", True, 1.5, 1, 4),  # <5
    (2020, "B1", "techniek", False, 4.5, 5, 5),
    (2020, "A3", "niet-techniek", False, 9.0, 12, 12),
    (2020, "A3", "niet-techniek", True, 1.0, 1, 1),
    (2020, "A1", "algemeen", False, 5.0, 6, 6),
    (2021, "A1", "techniek", False, 8.0, 10, 10),
    (2021, "A1", "techniek", True, 4.0, 5, 5),
    (2021, "A3", "niet-techniek", False, 9.0, 12, 12),
]


def _warehouse(path: Path) -> db.Connection:
    con = tiny_warehouse(path)
    con.executemany("INSERT INTO doorstroom VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", DOORSTROOM_ROWS)
    con.executemany("INSERT INTO docenten VALUES (?, ?, ?, ?, ?, ?, ?, 1)", DOCENTEN_ROWS)
    return con


def _interval(row: pd.Series) -> tuple[int, int]:
    return int(row["aantal_min"]), int(row["aantal_max"])


def test_doorstroom_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "doorstroom")
    keys = ["schooljaar", "profiel", "leerweg", "bestemming"]
    assert list(df[keys].itertuples(index=False)) == sorted(df[keys].itertuples(index=False))
    m = df.set_index(keys)
    # PIE bb: 10 + 5 + 3 + [1, 4] + 2 = [21, 24] students; bbl 10 of midpoint 22.5.
    bbl = m.loc[(2020, "PIE", "bb", "mbo-bbl")]
    assert bbl["aantal"] == 10 and bbl["noemer_min"] == 21
    assert bbl["aandeel"] == pytest.approx(10 * 100 / 22.5) and bool(bbl["onzeker"])
    assert _interval(m.loc[(2020, "PIE", "bb", "mbo-bol")]) == (9, 12)
    # Every bestemming of the year is there, with 0 where nobody went.
    nul = m.loc[(2020, "PIE", "bb", "havo/vwo")]
    assert _interval(nul) == (0, 0) and nul["aandeel"] == 0
    assert len(m.loc[(2020, "PIE", "bb")]) == 5
    assert _interval(m.loc[(2020, "PIE", "kb", "havo/vwo")]) == (1, 4)
    assert _interval(m.loc[(2020, "PIE", "totaal", "mbo-bol")]) == (17, 20)
    # D&P bb: 10 students, 8 to mbo-bol: exactly 80 %.
    dp = m.loc[(2020, "D&P", "bb", "mbo-bol")]
    assert dp["aandeel"] == pytest.approx(80.0) and not bool(dp["onzeker"])
    assert dp["noemer_min"] == 10
    # Groups; tl is left out; shares of a group add up to 100.
    assert _interval(m.loc[(2020, "techniek", "totaal", "mbo-bol")]) == (17, 20)
    assert m.loc[(2020, "niet-techniek", "bb", "overig"), "aantal"] == 2
    assert m.loc[(2020, "totaal", "totaal"), "noemer_min"].iloc[0] == 40
    assert m.loc[(2020, "totaal", "totaal"), "aandeel"].sum() == pytest.approx(100)
    assert "tl" not in set(df["leerweg"])
    # 2021: one bestemming seen, all of PIE bb.
    assert m.loc[(2021, "PIE", "bb", "mbo-bol"), "aandeel"] == pytest.approx(100)
    assert len(m.loc[(2021, "PIE", "bb")]) == 1


def test_doorstroom_sectorkamer_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "doorstroom_sectorkamer")
    keys = ["schooljaar", "profiel", "sectorkamer"]
    assert list(df[keys].itertuples(index=False)) == sorted(df[keys].itertuples(index=False))
    m = df.set_index(keys)
    # PIE to mbo: 10 + 5 + 3 + [1, 4] + 8 = [27, 30]; TGO 23, MTLM 3, together 26.
    tgo = m.loc[(2020, "PIE", TGO)]
    assert tgo["aantal"] == 23 and tgo["noemer_min"] == 27
    assert tgo["aandeel"] == pytest.approx(23 * 100 / 28.5) and bool(tgo["techniek_sectorkamer"])
    tech = m.loc[(2020, "PIE", "techniek")]
    assert tech["aantal"] == 26 and bool(tech["techniek_sectorkamer"])
    assert tech["aandeel"] == pytest.approx(26 * 100 / 28.5)
    ci = m.loc[(2020, "PIE", CI)]
    assert _interval(ci) == (1, 4) and not bool(ci["techniek_sectorkamer"])
    # D&P: 8 mbo entrants (below 10: the disclosure rule hides the share), 2 in TGO.
    dp = m.loc[(2020, "D&P", "techniek")]
    assert dp["aandeel"] == pytest.approx(25.0) and dp["noemer_min"] == 8
    assert m.loc[(2020, "D&P", MTLM), "aantal"] == 0  # seen this year elsewhere: a 0 row
    assert m.loc[(2020, "niet-techniek", CI), "aandeel"] == pytest.approx(75.0)
    assert _interval(m.loc[(2020, "totaal", "techniek")]) == (28, 28)
    # 2021: an mbo row without a sectorkamer is 'onbekend'; the subtotal is still there (0).
    assert m.loc[(2021, "PIE", "onbekend"), "aandeel"] == pytest.approx(100)
    assert m.loc[(2021, "PIE", "techniek"), "aantal"] == 0


def test_docenten_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "docenten")
    assert list(df[["schooljaar", "profielgroep"]].itertuples(index=False)) == [
        (2020, "algemeen"),
        (2020, "niet-techniek"),
        (2020, "techniek"),
        (2020, "totaal"),
        (2021, "niet-techniek"),
        (2021, "techniek"),
        (2021, "totaal"),
    ]
    m = df.set_index(["schooljaar", "profielgroep"])
    tech = m.loc[(2020, "techniek")]
    assert tech["fte"] == pytest.approx(12.0)
    assert pd.isna(tech["personen"]) and (tech["personen_min"], tech["personen_max"]) == (14, 17)
    assert tech["aandeel_zij_instromers_fte"] == pytest.approx(12.5)
    assert (tech["zij_instromers_min"], tech["zij_instromers_max"]) == (1, 4)
    assert tech["aandeel_zij_instromers_personen"] == pytest.approx(2.5 * 100 / 15.5)
    assert bool(tech["onzeker"])
    # Techniekleerlingen 2020 in the tiny warehouse: [73, 76], per techniek-FTE.
    assert (tech["derdejaars_min"], tech["derdejaars_max"]) == (73, 76)
    assert tech["derdejaars_per_fte"] == pytest.approx(74.5 / 12)
    niet = m.loc[(2020, "niet-techniek")]
    assert (niet["personen"], niet["zij_instromers"], niet["derdejaars"]) == (13, 1, 45)
    assert niet["aandeel_zij_instromers_personen"] == pytest.approx(100 / 13)
    assert niet["derdejaars_per_fte"] == pytest.approx(4.5)
    alg = m.loc[(2020, "algemeen")]
    assert pd.isna(alg["derdejaars_min"]) and pd.isna(alg["derdejaars_per_fte"])
    tot = m.loc[(2020, "totaal")]
    assert tot["fte"] == pytest.approx(27.0) and tot["zij_instromers_fte"] == pytest.approx(2.5)
    assert tot["derdejaars_per_fte"] == pytest.approx(119.5 / 27)
    assert pd.isna(tot["fte_verandering_pct"])
    # 2021 against 2020.
    assert m.loc[(2021, "techniek"), "fte_verandering_pct"] == pytest.approx(0.0)
    assert m.loc[(2021, "techniek"), "aandeel_zij_instromers_personen"] == pytest.approx(100 / 3)
    assert m.loc[(2021, "niet-techniek"), "fte_verandering_pct"] == pytest.approx(-10.0)
    assert m.loc[(2021, "totaal"), "fte_verandering_pct"] == pytest.approx((21 - 27) * 100 / 27)
    assert m.loc[(2021, "totaal"), "vorig_fte"] == pytest.approx(27.0)


def test_disclosure_of_doorstroom_and_docenten(tmp_path: Path) -> None:
    con = _warehouse(tmp_path / "t.duckdb")
    ind = BY_NAME["doorstroom_sectorkamer"]
    out = beveilig(compute(ind, con), ind.openbaarheid).to_pylist()
    cell = {(r["schooljaar"], r["profiel"], r["sectorkamer"]): r for r in out}
    assert cell[(2020, "D&P", "techniek")]["aandeel"] == GEHEIM  # 8 mbo entrants
    assert cell[(2020, "PIE", CI)]["aantal"] == KLEIN
    assert "noemer_min" not in out[0]
    ind = BY_NAME["docenten"]
    out = beveilig(compute(ind, con), ind.openbaarheid).to_pylist()
    rij = {(r["schooljaar"], r["profielgroep"]): r for r in out}
    assert rij[(2020, "techniek")]["zij_instromers"] == KLEIN
    assert rij[(2021, "techniek")]["aandeel_zij_instromers_personen"] == "33.3"
    assert rij[(2021, "niet-techniek")]["fte_verandering_pct"] == "-10.0"
