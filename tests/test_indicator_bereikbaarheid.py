"""Indicator 13 (Tabel 4.7, bereikbaarheid and reisafstand): by hand and on the real data.

The tiny case puts every school and every PC4 on the meridian 5.0 E, so a distance is just the
difference in latitude times 111.19 km (``KM``): no distance formula is needed to check it.

    lat   52.0   52.04  52.085  52.095  52.2   52.45  52.5  53.0
    PC4   1000   1001   1002    1003    1004   1005
    school V1                                         V2    V3
    V1: PIE bb, kb (2020, 2021); V2: Z&W bb (2020, 2021); V3: MaT bb (2020 only)

2020 has no student postcodes: PC4s weigh by residents aged 15-25 (2023, the latest CBS year):
1000: 100, 1001: 200, 1002: 300, 1003: 400, 1004: [0, 4] (CBS-secret), 1005: 98 -> [1098, 1102],
midpoint 1100. 2021 has student postcodes (``leerling_pc4``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db, domain
from sto_monitor.indicators import registry  # first: it imports every indicator module
from sto_monitor.indicators.afstand import AARDSTRAAL_KM, haversine_km_py
from sto_monitor.indicators.bereikbaarheid import BEVOLKING, LEERLING_PC4, _box
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, REPO, requires_real
from tests.indicator_fixtures import run, tiny_warehouse

KM = AARDSTRAAL_KM * math.pi / 180  # km per degree of latitude on the sphere
SEED = REPO.parent / "shared" / "seeds" / "003_811b228deace4c16.txt"

PC4 = {"1000": 52.0, "1001": 52.04, "1002": 52.085, "1003": 52.095, "1004": 52.2, "1005": 52.45}
SCHOOLS = {"V1": 52.0, "V2": 52.5, "V3": 53.0}
ROWS = [
    (2020, "V1", "bb", "PIE", "man", 12, 12),
    (2020, "V1", "kb", "PIE", "man", 8, 8),
    (2020, "V2", "bb", "Z&W", "vrouw", 10, 10),
    (2020, "V3", "bb", "MaT", "man", 6, 6),
    (2020, "X9", "gl", "PIE", "man", 9, 9),  # a school without coordinates: not counted
    (2021, "V1", "bb", "PIE", "man", 12, 12),
    (2021, "V1", "kb", "PIE", "man", 10, 10),
    (2021, "V2", "bb", "Z&W", "vrouw", 8, 8),
]
BEVOLKING_2023 = {"1000": (100, 100), "1001": (200, 200), "1002": (300, 300)}
BEVOLKING_2023 |= {"1003": (400, 400), "1004": (0, 4), "1005": (98, 98)}
# 2021 derdejaars by home PC4: bb [5] + [1, 4] + [10] (+ 7 in a PC4 without coordinates),
# kb 10 + 10.
LEERLING_PC4_2021 = [
    ("V1", "PIE", "bb", "1000", 5, 5),
    ("V2", "Z&W", "bb", "1002", 1, 4),
    ("V1", "PIE", "bb", "1004", 10, 10),
    ("V1", "PIE", "bb", "9999", 7, 7),
    ("V1", "PIE", "kb", "1001", 10, 10),
    ("V1", "PIE", "kb", "1006", 10, 10),
]
# Off the meridian, inside the 10 km box around V1 but 10.3 km away: 0.15 deg east at 52 N.
EAST_1006 = (52.0, 5.15)


def tiny_geo(path: Path) -> db.Connection:
    con = tiny_warehouse(path, rows=ROWS, regios={"V1": "R1", "V2": "R1", "V3": "R1"})
    con.executemany(
        "INSERT INTO pc4 (pc4, lat, lon, bron_id) VALUES (?, ?, ?, 1)",
        [(pc4, lat, 5.0) for pc4, lat in PC4.items()] + [("1006", *EAST_1006)],
    )
    con.executemany(
        "INSERT INTO vestiging_geo (vestiging, lat, lon, bron_id) VALUES (?, ?, 5.0, 1)",
        list(SCHOOLS.items()),
    )
    bevolking = [(pc4, 2023, low, high) for pc4, (low, high) in BEVOLKING_2023.items()]
    # An older CBS year with other numbers: only the latest year counts.
    bevolking += [(pc4, 2022, 5000, 5000) for pc4 in PC4]
    con.executemany(
        "INSERT INTO pc4_bevolking (pc4, jaar, inwoners_15_25_min, inwoners_15_25_max, bron_id) "
        "VALUES (?, ?, ?, ?, 1)",
        bevolking,
    )
    con.executemany(
        "INSERT INTO leerling_pc4 VALUES (2021, ?, ?, ?, ?, ?, ?, 1)", LEERLING_PC4_2021
    )
    return con


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    con = tiny_geo(tmp_path_factory.mktemp("bereik") / "t.duckdb")
    yield con
    con.close()


def km(pc4: str, school: str) -> float:
    return abs(PC4[pc4] - SCHOOLS[school]) * KM


def test_registered() -> None:
    for naam in ("bereikbaarheid", "reisafstand"):
        ind = registry.BY_NAME[naam]
        assert ind.sleutels == ("schooljaar", "profiel", "leerweg")
        assert ind.kolommen[:4] == (*ind.sleutels, "methode")
        assert "Tabel 4.7" in ind.reproduceert and "15 tot 25" in ind.definitie


def test_box_holds_every_point_within_the_radius() -> None:
    dlat, dlon = _box(10.0)
    assert 10.0 / KM < dlat <= 0.1
    # 10 km due east at the northern edge of the country is still inside the box.
    assert 10.0 / (KM * math.cos(math.radians(53.6))) < dlon <= 0.17


def test_bereikbaarheid_by_hand(tiny: db.Connection) -> None:
    df = run(tiny, "bereikbaarheid")
    keys = ["schooljaar", "profiel", "leerweg"]
    assert df[keys].values.tolist() == sorted(df[keys].values.tolist())
    assert len(df) == 2 * len(domain.PROFIEL_CODES) * 3  # every profiel, even when not offered
    t = df.set_index(keys)
    assert set(t.loc[2020, "methode"]) == {BEVOLKING}
    assert set(t.loc[2021, "methode"]) == {LEERLING_PC4}

    # 2020, residents 15-25: PIE within 10 km of V1 = PC4 1000, 1001, 1002 (1003 is 10.6 km).
    assert km("1002", "V1") < 10 < km("1003", "V1")
    pie = t.loc[(2020, "PIE", "bb")]
    assert (pie["binnen_10km"], pie["totaal_min"], pie["totaal_max"]) == (600, 1098, 1102)
    assert pie["aandeel_binnen_10km"] == pytest.approx(600 * 100 / 1100)
    assert not pie["onzeker"]
    # The same population in every leerweg, so kb gives the same share.
    assert t.loc[(2020, "PIE", "kb"), "aandeel_binnen_10km"] == pytest.approx(600 * 100 / 1100)
    # Z&W bb (V2 at 52.5): only PC4 1005 (5.6 km); MaT bb (V3 at 53.0): nobody.
    assert t.loc[(2020, "Z&W", "bb"), "aandeel_binnen_10km"] == pytest.approx(98 * 100 / 1100)
    assert t.loc[(2020, "MaT", "bb"), "aandeel_binnen_10km"] == 0
    # PIE gl is offered only by X9, which has no coordinates; BWI is offered by nobody.
    assert t.loc[(2020, "PIE", "gl"), "aandeel_binnen_10km"] == 0
    assert t.loc[(2020, "BWI", "kb"), "aandeel_binnen_10km"] == 0

    # 2021, students: bb = 1000 [5] + 1002 [1, 4] + 1004 [10] = [16, 19]; PC4 9999 has no
    # coordinates. PIE bb within 10 km: 1000 and 1002 = [6, 9]. Shares on midpoints.
    pie = t.loc[(2021, "PIE", "bb")]
    assert (pie["binnen_10km_min"], pie["binnen_10km_max"]) == (6, 9)
    assert (pie["totaal_min"], pie["totaal_max"]) == (16, 19)
    assert pd.isna(pie["totaal"])  # an interval has no point value
    assert pie["aandeel_binnen_10km"] == pytest.approx(7.5 * 100 / 17.5)
    assert pie["onzeker"]
    # kb: 1001 (4.4 km) is within 10 km, 1006 (10.3 km, but inside the search box) is not.
    assert haversine_km_py(PC4["1001"], 5.0, *EAST_1006) > 10
    assert t.loc[(2021, "PIE", "kb"), "aandeel_binnen_10km"] == pytest.approx(50.0)
    assert t.loc[(2021, "Z&W", "bb"), "aandeel_binnen_10km"] == 0  # 1004 is 33 km from V2
    assert t.loc[(2021, "MaT", "bb"), "aandeel_binnen_10km"] == 0  # V3 stopped
    # No gl students with a known home: no share, not 0 %.
    gl = t.loc[(2021, "PIE", "gl")]
    assert gl["totaal_max"] == 0 and pd.isna(gl["aandeel_binnen_10km"])


def test_reisafstand_by_hand(tiny: db.Connection) -> None:
    t = run(tiny, "reisafstand").set_index(["schooljaar", "profiel", "leerweg"])
    weights = {pc4: (low + high) / 2 for pc4, (low, high) in BEVOLKING_2023.items()}
    total = sum(weights.values())
    assert total == 1100

    # PIE bb 2020 (V1): 1000 0 km, 1001 4.4, 1002 9.5, 1003 10.6, 1004 22.2, 1005 50.0 km.
    pie = t.loc[(2020, "PIE", "bb")]
    assert t.loc[(2020, "PIE", "bb"), "methode"] == BEVOLKING
    shares = [pie[c] for c in ("aandeel_0_5km", "aandeel_5_10km", "aandeel_10_15km")]
    shares += [pie["aandeel_15_25km"], pie["aandeel_25km_plus"]]
    expected = [300 / 11, 300 / 11, 400 / 11, 2 / 11, 98 / 11]
    assert shares == pytest.approx(expected)
    mean = sum(w * km(pc4, "V1") for pc4, w in weights.items()) / total
    assert pie["gemiddelde_km"] == pytest.approx(mean)
    # Cumulative weight nearest first: 100, 300, 600 >= 550 -> the median is PC4 1002.
    assert pie["mediaan_km"] == pytest.approx(km("1002", "V1"))
    # The first two classes together are the share within 10 km.
    within = run(tiny, "bereikbaarheid").set_index(["schooljaar", "profiel", "leerweg"])
    assert pie["aandeel_0_5km"] + pie["aandeel_5_10km"] == pytest.approx(
        within.loc[(2020, "PIE", "bb"), "aandeel_binnen_10km"]
    )

    # MaT bb 2020 (V3 at 53.0): every PC4 is more than 25 km away (found in the second pass).
    mat = t.loc[(2020, "MaT", "bb")]
    assert mat["aandeel_25km_plus"] == pytest.approx(100.0)
    assert mat["gemiddelde_km"] == pytest.approx(
        sum(w * km(pc4, "V3") for pc4, w in weights.items()) / total
    )
    # Weight from the far end: 1005 98, 1004 2, 1003 400 -> 500 < 550, 1002 300 -> 800.
    assert mat["mediaan_km"] == pytest.approx(km("1002", "V3"))

    # 2021 PIE bb from student homes: 1000 [5] at 0 km, 1004 [10] at 22.2 km, 1002 [1, 4].
    pie = t.loc[(2021, "PIE", "bb")]
    assert pie["methode"] == LEERLING_PC4
    assert pie["aandeel_15_25km"] == pytest.approx(10 * 100 / 17.5)
    assert pie["gemiddelde_km"] == pytest.approx(
        (2.5 * km("1002", "V1") + 10 * km("1004", "V1")) / 17.5
    )
    assert pie["onzeker"]
    kb = t.loc[(2021, "PIE", "kb")]
    assert (kb["aandeel_0_5km"], kb["aandeel_10_15km"]) == (pytest.approx(50), pytest.approx(50))
    # Not offered at all: no distribution.
    assert t.loc[(2021, "MaT", "bb")][["aandeel_0_5km", "gemiddelde_km", "mediaan_km"]].isna().all()


def published_tabel_4_7() -> dict[tuple[str, str], float]:
    """Tabel 4.7 (2021/2022, student home addresses) from the report text: (profiel, leerweg)."""
    text = SEED.read_text(encoding="utf-8")
    block = text[text.index("Tabel 4.7. Aandeel") :]
    block = block[: block.index("Bron:")]
    by_label = {p.code.lower(): p.code for p in domain.PROFIELEN}
    by_label |= {p.naam.lower(): p.code for p in domain.PROFIELEN}
    table: dict[tuple[str, str], float] = {}
    for match in re.finditer(r"^(.+?) (\d+,\d) (\d+,\d) (\d+,\d)$", block, flags=re.MULTILINE):
        code = by_label[match.group(1).strip().lower()]
        for leerweg, value in zip(("bb", "kb", "gl"), match.groups()[1:], strict=True):
            table[(code, leerweg)] = float(value.replace(",", "."))
    assert len(table) == 30
    return table


@requires_real
@pytest.mark.real
def test_bereikbaarheid_real_2019_plausible(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "r.duckdb")
    for path in (
        REAL / "leerlingen_vo" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
        *sorted((REAL / "vestigingen_geo").glob("*.geo.zip")),
        REAL / "pc4" / "NL.txt",
        REAL / "pc4" / "pc4_2023_v2.xlsx",
    ):
        assert ingest_file(con, path).status == "geladen", path
    t = run(con, "bereikbaarheid").set_index(["profiel", "leerweg"])
    assert set(t["schooljaar"]) == {2019} and set(t["methode"]) == {BEVOLKING}
    assert t["totaal_min"].nunique() == 1  # the same residents for every leerweg
    for leerweg in domain.BEROEPSGERICHTE_LEERWEGEN:
        assert t.loc[("PIE", leerweg), "aandeel_binnen_10km"] > 50
        assert t.loc[("MaT", leerweg), "aandeel_binnen_10km"] < 15
    if SEED.is_file():
        # Another year (2021/2022) and student addresses instead of residents 15-25: within
        # 15 percentage points for every cell (on this data the largest gap is about 7).
        for (profiel, leerweg), published in published_tabel_4_7().items():
            got = t.loc[(profiel, leerweg), "aandeel_binnen_10km"]
            assert got == pytest.approx(published, abs=15), (profiel, leerweg)
    r = run(con, "reisafstand").set_index(["profiel", "leerweg"])
    shares = [c for c in r.columns if c.startswith("aandeel_")]
    assert r[shares].sum(axis=1).to_numpy() == pytest.approx(100.0)
    assert (r["aandeel_0_5km"] + r["aandeel_5_10km"]).to_numpy() == pytest.approx(
        t.loc[r.index, "aandeel_binnen_10km"].to_numpy()
    )
    assert (r.loc["MaT", "mediaan_km"] > r.loc["PIE", "mediaan_km"]).all()
    con.close()
