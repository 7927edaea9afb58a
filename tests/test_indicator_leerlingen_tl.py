"""Indicators 2 (tl per profiel) and 3 (techniekaandeel) on the tiny warehouse and real data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real
from tests.indicator_fixtures import run, tiny_warehouse

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LEERLINGEN_2019 = "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
LEERLINGEN_2016 = "leerlingen_vo/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv"

# (schooljaar, vestiging, sector, leerjaar, aantal_min, aantal_max)
TL_ROWS: list[tuple[int, str, str | None, int, int, int]] = [
    (2020, "T1", "Techniek", 3, 10, 10),
    (2020, "T1", None, 3, 3, 3),  # no sector: Profielloos
    (2020, "T2", "Intersectoraal", 3, 2, 2),  # another sector: Profielloos
    (2020, "T2", "Economie", 3, 20, 20),
    (2020, "T1", "Techniek", 4, 50, 50),  # leerjaar 4: not counted
    (2021, "T1", "Techniek", 3, 12, 12),
    (2021, "T2", "Economie", 3, 1, 4),  # <5
    (2021, "T2", "Landbouw", 3, 6, 6),
]


def _add_tl(con: db.Connection) -> None:
    con.executemany(
        "INSERT INTO leerlingen VALUES (?, ?, 'VMBO TL lj 3-4', 'tl', NULL, ?, 'N.v.t.', NULL, "
        "NULL, NULL, ?, 'man', ?, ?, 1)",
        TL_ROWS,
    )


def _nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def test_leerlingen_tl_by_hand(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")  # its bb/kb/gl rows must not count here
    _add_tl(con)
    df = run(con, "leerlingen_tl")
    # Every year has a row for each of the five tl-profielen and totaal, in key order.
    assert list(df.profiel[df.schooljaar == 2020]) == [
        "Economie",
        "Landbouw",
        "Profielloos",
        "Techniek",
        "Zorg en welzijn",
        "totaal",
    ]
    df = df.set_index(["schooljaar", "profiel"])
    # 2020: Techniek 10 (the leerjaar 4 row is not counted), Profielloos 3 + 2 = 5,
    # Economie 20, totaal 35; no previous year, so no change.
    assert df.loc[(2020, "Techniek"), "aantal"] == 10
    assert df.loc[(2020, "Profielloos"), "aantal"] == 5
    assert df.loc[(2020, "totaal"), "aantal"] == 35
    assert _nan(df.loc[(2020, "totaal"), "verandering_pct"])
    # 2021: Techniek 12, +20 %.
    assert df.loc[(2021, "Techniek"), "verandering_pct"] == pytest.approx(20.0)
    # Economie is <5: interval [1, 4], no point value; change on the midpoint 2.5 against 20.
    eco = df.loc[(2021, "Economie")]
    assert (eco.aantal_min, eco.aantal_max) == (1, 4)
    assert _nan(eco.aantal)
    assert eco.verandering_pct == pytest.approx((2.5 - 20) * 100 / 20)  # -87.5
    # Landbouw grows from 0: no % change; Profielloos drops to 0: a row with 0 and -100 %.
    assert df.loc[(2021, "Landbouw"), "aantal"] == 6
    assert _nan(df.loc[(2021, "Landbouw"), "verandering_pct"])
    assert df.loc[(2021, "Profielloos"), "aantal"] == 0
    assert df.loc[(2021, "Profielloos"), "verandering_pct"] == pytest.approx(-100.0)
    assert df.loc[(2021, "Zorg en welzijn"), "aantal"] == 0
    # totaal 2021: 12 + [1, 4] + 6 = [19, 22], midpoint 20.5 against 35.
    tot = df.loc[(2021, "totaal")]
    assert (tot.aantal_min, tot.aantal_max) == (19, 22)
    assert tot.verandering_pct == pytest.approx((20.5 - 35) * 100 / 35)
    assert tot.vorig_midden == 35


def test_techniekaandeel_by_hand(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    df = run(con, "techniekaandeel")
    assert list(zip(df.schooljaar, df.regio, strict=True)) == [
        (2020, "NL"),
        (2020, "R1"),
        (2020, "R2"),
        (2021, "NL"),
        (2021, "R1"),
        (2021, "R2"),
    ]
    df = df.set_index(["schooljaar", "regio"])
    # NL 2020 counts every vestiging, X1 (outside any region) too:
    # derdejaars 12+8+10+6+20+30+15+7+9 = 117, plus A2's BWI <5 cell: [118, 121];
    # techniek PIE 12+8+30+9 + BWI [1,4] + MVI 6 + MaT 7 = [73, 76].
    nl = df.loc[(2020, "NL")]
    assert (nl.derdejaars_min, nl.derdejaars_max) == (118, 121)
    assert (nl.techniekleerlingen_min, nl.techniekleerlingen_max) == (73, 76)
    assert _nan(nl.derdejaars)
    assert nl.techniekaandeel == pytest.approx(74.5 * 100 / 119.5)
    # 76/118 - 73/121 = 64.4 % - 60.3 %: more than 1 point wide.
    assert bool(nl.onzeker)
    # Girls in techniek: A2's MVI gl (6, vrouw) of 74.5; 6/73 - 6/76 < 1 point.
    assert nl.meisjes_in_techniek == pytest.approx(6 * 100 / 74.5)
    assert not bool(nl.meisjes_onzeker)
    # R1 2020: A1 30, A2 [1,4] + 6, A3 20 = [57, 60]; techniek 20 + [1,4] + 6 = [27, 30].
    r1 = df.loc[(2020, "R1")]
    assert (r1.derdejaars_min, r1.derdejaars_max) == (57, 60)
    assert r1.techniekaandeel == pytest.approx(28.5 * 100 / 58.5)
    assert r1.meisjes_in_techniek == pytest.approx(6 * 100 / 28.5)
    # R2 2020: exact counts 52 and 37, a certain share.
    r2 = df.loc[(2020, "R2")]
    assert (r2.derdejaars, r2.techniekleerlingen) == (52, 37)
    assert r2.techniekaandeel == pytest.approx(37 * 100 / 52)
    assert not bool(r2.onzeker)
    assert r2.meisjes_in_techniek == 0.0
    # R1 2021: 62 derdejaars, techniek 12 + 10 + 5 + 9 = 36, girls 9 (MVI).
    r1 = df.loc[(2021, "R1")]
    assert (r1.derdejaars, r1.techniekleerlingen) == (62, 36)
    assert r1.meisjes_in_techniek == pytest.approx(25.0)


def test_techniekaandeel_without_regions_is_national_only(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")
    con.execute("DELETE FROM regio_vestiging")
    con.execute("DELETE FROM regio")
    df = run(con, "techniekaandeel")
    assert list(df.regio) == ["NL", "NL"]
    assert (df.techniekleerlingen_min.iloc[1], df.techniekleerlingen_max.iloc[1]) == (73, 76)


@requires_real
def test_leerlingen_tl_real(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(con, REAL / LEERLINGEN_2016)
    ingest_file(con, REAL / LEERLINGEN_2019)
    df = run(con, "leerlingen_tl").set_index(["schooljaar", "profiel"])
    # Independent count: tl leerjaar 3 per sector, straight from the warehouse.
    per_sector = dict(
        con.execute(
            "SELECT coalesce(sector, '-'), sum(aantal_min) FROM leerlingen "
            "WHERE schooljaar = 2019 AND leerweg = 'tl' AND leerjaar = 3 GROUP BY ALL"
        ).fetchall()
    )
    for profiel in ("Economie", "Zorg en welzijn", "Techniek", "Landbouw"):
        assert df.loc[(2019, profiel), "aantal"] == per_sector.pop(profiel)
    assert df.loc[(2019, "Profielloos"), "aantal"] == sum(per_sector.values())
    totaal = df.loc[(2019, "totaal")]
    vorig = df.loc[(2016, "totaal"), "aantal"]
    assert totaal.verandering_pct == pytest.approx((totaal.aantal - vorig) * 100 / vorig)
    # The report (§4.1.2) counts "iets meer dan 35.000" tl derdejaars in 2021/2022; tl shrank
    # by about 2 % a year, so 2019/2020 lies within 10 % above that.
    text = (SEEDS / "003_811b228deace4c16.txt").read_text(encoding="utf-8")
    match = re.search(
        r"theoretische leerweg telde in het schooljaar 2021/2022 iets meer dan (\S+)", text
    )
    assert match, "zin over het aantal tl-leerlingen niet gevonden in het rapport"
    published = int(match.group(1).replace(".", ""))
    assert published <= totaal.aantal <= published * 1.10


@requires_real
def test_techniekaandeel_real_2019(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "r.duckdb")
    ingest_file(con, REAL / LEERLINGEN_2019)
    nl = run(con, "techniekaandeel").set_index(["schooljaar", "regio"]).loc[(2019, "NL")]
    assert (nl.derdejaars, nl.techniekleerlingen) == (61508, 11509)
    assert nl.techniekaandeel == pytest.approx(11509 * 100 / 61508)
    assert not bool(nl.onzeker)
    girls = con.execute(
        "SELECT sum(aantal_min) FROM leerlingen WHERE schooljaar = 2019 AND leerjaar = 3 "
        "AND leerweg IN ('bb', 'kb', 'gl') AND geslacht = 'vrouw' "
        "AND profiel IN ('BWI', 'PIE', 'M&T', 'MaT', 'MVI')"
    ).fetchall()[0][0]
    assert nl.meisjes_in_techniek == pytest.approx(girls * 100 / 11509)
    # The letter gives the share for 2020 ("van 19,2% naar ..."); a year earlier lies within
    # one percentage point of it.
    letter = (SEEDS / "000_97df6d80a38f6d19.txt").read_text(encoding="utf-8")
    match = re.search(
        r"aandeel techniekleerlingen is tussen 2020 en \d+ toegenomen van ([\d,]+)%", letter
    )
    assert match, "techniekaandeel 2020 niet gevonden in de brief"
    assert nl.techniekaandeel == pytest.approx(float(match.group(1).replace(",", ".")), abs=1.0)
