"""DUO "02. Leerlingen per vestiging naar postcode leerling en leerjaar" into the warehouse, and
indicator ``bereikbaarheid`` with its home locations (method ``leerling-pc4-duo``).

Files are written by hand here; expected rows and shares are computed independently of the
code under test (Python's own haversine, shares and centroids).
"""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from sto_monitor import db, domain
from sto_monitor.errors import SourceFileError
from sto_monitor.indicators import registry  # first: it imports every indicator module
from sto_monitor.indicators.bereikbaarheid import (
    BEVOLKING,
    LEERLING_PC4,
    LEERLING_PC4_DUO,
    _bereik_cel,
)
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.leerling_postcode import LEERLING_POSTCODE
from sto_monitor.ingest.runner import ingest_file
from sto_monitor.publicatie.afscherming.bronnen import vertrouwelijke_tabellen
from tests.conftest import checksums
from tests.indicator_fixtures import run, tiny_warehouse
from tests.test_engines import differences, normalise

JAREN = [f"LEER- OF VERBLIJFSJAAR {j}" for j in range(1, 7)]
REST = ["POSTCODE LEERLING", "PLAATSNAAM LEERLING", "GEMEENTENAAM LEERLING"]
HEADER_OUD = ["BRIN NUMMER", "VESTIGINGSNUMMER", *REST, "GEMEENTENUMMER LEERLING", *JAREN]
HEADER_NIEUW = [
    "PEILDATUM",
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    *REST,
    "GEMEENTENUMMER LEERLING",
    *JAREN,
]
NAME = "02.-leerlingen-per-vestiging-naar-postcode-leerling-en-leerjaar-2019.csv"
ROWS = "SELECT * EXCLUDE (bron_id) FROM leerling_postcode ORDER BY ALL"


def write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "cp1252") -> Path:
    lines = [";".join(header), *(";".join(r) for r in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def oud(brin: str, nummer: str, postcode: str, counts: list[str], **kw: str) -> list[str]:
    return [
        brin,
        nummer,
        postcode,
        kw.get("plaats", "ENSCHEDE"),
        kw.get("gemeente", "ENSCHEDE"),
        kw.get("gemeentecode", "153"),
        *counts,
    ]


# --- ingest: input / expected pairs ---------------------------------------------------------

OUD_IN = [
    oud("00AH", "0", "7511", ["3", "0", "12", "<5", "0", "0"], plaats="ENSCHEDÉ"),
    oud("00AH", "00", "7512", ["", "0", "0", "0", "0", "1"]),  # an empty count is 0
    oud("00AH", "01", "75", ["0", "0", "<5", "0", "0", "0"], gemeentecode=""),
    oud(
        "00AH",
        "00AH02",
        "",
        ["0", "0", "2", "0", "0", "0"],
        plaats="",
        gemeente="",
        gemeentecode="",
    ),
    oud("00AH", "02", "7", ["0", "0", "0", "0", "0", "0"]),  # all zero: no row
]
OUD_UIT = [
    (2019, "00AH00", "7511", "0153", 1, 3, 3),
    (2019, "00AH00", "7511", "0153", 3, 12, 12),
    (2019, "00AH00", "7511", "0153", 4, 1, 4),
    (2019, "00AH00", "7512", "0153", 6, 1, 1),
    (2019, "00AH01", "75", None, 3, 1, 4),
    (2019, "00AH02", "", None, 3, 2, 2),
]


def test_old_edition(con: db.Connection, tmp_path: Path) -> None:
    outcome = ingest_file(con, write(tmp_path / NAME, HEADER_OUD, OUD_IN))
    assert outcome.status == "geladen"
    assert outcome.format is not None and outcome.format.name == "duo-leerling-postcode"
    assert outcome.format.target == "leerling_postcode"
    assert outcome.result is not None and outcome.result.schooljaar == 2019
    assert (outcome.result.rows_read, outcome.result.rows_loaded) == (5, 6)
    assert con.execute(ROWS).fetchall() == OUD_UIT


def test_new_edition_with_peildatum_quotes_and_utf8(con: db.Connection, tmp_path: Path) -> None:
    rows = [
        ["2023-10-01", "12AB", "12AB01", "7511", "ENSCHEDE", "ENSCHEDE", "0153", "<5", "0", "7"],
        ["2023-10-01", "12AB", "1", "12", "", "", "", "0", "0", "<5"],
    ]
    rows = [[*r, "0", "0", "0"] for r in rows]  # leerjaar 4-6
    quoted = [[f'"{v}"' for v in row] for row in rows]
    path = write(tmp_path / "postcodes.csv", [f'"{h}"' for h in HEADER_NIEUW], quoted, "utf-8")
    outcome = ingest_file(con, path)
    assert outcome.format is not None and outcome.format.name == "duo-leerling-postcode"
    assert outcome.result is not None and outcome.result.schooljaar == 2023
    assert str(outcome.result.peildatum) == "2023-10-01"
    assert con.execute(ROWS).fetchall() == [
        (2023, "12AB01", "12", None, 3, 1, 4),
        (2023, "12AB01", "7511", "0153", 1, 1, 4),
        (2023, "12AB01", "7511", "0153", 3, 7, 7),
    ]


def test_one_postcode_in_two_places_adds_up(con: db.Connection, tmp_path: Path) -> None:
    rows = [
        oud("00AH", "00", "7511", ["0", "0", "5", "0", "0", "0"], plaats="ENSCHEDE"),
        oud("00AH", "00", "7511", ["0", "0", "<5", "0", "0", "0"], plaats="GLANERBRUG"),
    ]
    ingest_file(con, write(tmp_path / NAME, HEADER_OUD, rows))
    assert con.execute(ROWS).fetchall() == [(2019, "00AH00", "7511", "0153", 3, 6, 9)]


def test_a_new_file_replaces_its_year(con: db.Connection, tmp_path: Path) -> None:
    ingest_file(con, write(tmp_path / NAME, HEADER_OUD, OUD_IN))
    nieuw = [oud("00AH", "00", "7511", ["0", "0", "9", "0", "0", "0"])]
    outcome = ingest_file(con, write(tmp_path / "correctie-2019.csv", HEADER_OUD, nieuw))
    assert outcome.result is not None and outcome.result.replaced == {1}
    assert con.execute(ROWS).fetchall() == [(2019, "00AH00", "7511", "0153", 3, 9, 9)]


# --- ingest: refusals ------------------------------------------------------------------------

GOED = oud("00AH", "00", "7511", ["0", "0", "5", "0", "0", "0"])


@pytest.mark.parametrize(
    ("bad", "code", "column", "value"),
    [
        (oud("00AH", "00", "75A1", ["0"] * 6), "postcode", "POSTCODE LEERLING", "75A1"),
        (oud("00AH", "00", "12345", ["0"] * 6), "postcode", "POSTCODE LEERLING", "12345"),
        (oud("00AH", "00", "75 1", ["0"] * 6), "postcode", "POSTCODE LEERLING", "75 1"),
        (
            oud("00AH", "00", "7512", ["0", "0", "1e9", "0", "0", "0"]),
            "geen-aantal",
            "LEER- OF VERBLIJFSJAAR 3",
            "1e9",
        ),
        (
            oud("00AH", "00", "7512", ["0"] * 6, gemeentecode="01530"),
            "gemeentecode",
            "GEMEENTENUMMER LEERLING",
            "01530",
        ),
        (oud("0AHH", "00", "7512", ["0"] * 6), "vestigingscode", "BRIN NUMMER", "0AHH"),
        (oud("00AH", "12AB01", "7512", ["0"] * 6), "vestigingscode", "VESTIGINGSNUMMER", "12AB01"),
        (
            oud("00AH", "00", "7512", ["0"] * 6, plaats="ENS\x1bCHEDE"),
            "stuurteken",
            "PLAATSNAAM LEERLING",
            "ENS\x1bCHEDE",
        ),
        (GOED, "dubbele-regel", None, None),
    ],
)
def test_bad_line_is_refused_and_nothing_changes(
    con: db.Connection,
    tmp_path: Path,
    bad: list[str],
    code: str,
    column: str | None,
    value: str | None,
) -> None:
    ingest_file(con, write(tmp_path / "eerder-2018.csv", HEADER_OUD, [GOED]))
    before = checksums(con)
    path = write(tmp_path / NAME, HEADER_OUD, [GOED, bad])
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, path)
    assert checksums(con) == before, "a refused file must leave every table as it was"
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.code) == (NAME, 3, code)
    if column is not None:
        assert (problem.column, problem.value) == (column, value)
    else:  # the duplicate names the key columns and the first line
        assert problem.column is not None and "POSTCODE LEERLING" in problem.column
        assert "regel 2" in problem.message


# --- bereikbaarheid with method leerling-pc4-duo ---------------------------------------------
#
# Two vestigingen on the meridian 5.0 E; PC4 centroids (and the prefixes DUO cut them to):
#   V1 52.0 offers PIE bb, PIE kb        V2 52.5 offers Z&W bb, PIE gl
#   PC4 1000 52.0, 1001 52.04, 1002 52.085, 1010 52.3, 1011 52.32, 2000 52.5
# 2022 has only the DUO postcode file: leerling-pc4-duo. 2021 has student postcodes of our
# own (leerling_pc4) as well: that delivery wins. 2020 has neither: residents 15-25.

PC4 = {"1000": 52.0, "1001": 52.04, "1002": 52.085, "1010": 52.3, "1011": 52.32, "2000": 52.5}
SCHOOLS = {"V1": 52.0, "V2": 52.5}
LEERLINGEN = [
    (2022, "V1", "bb", "PIE", "man", 6, 6),
    (2022, "V1", "kb", "PIE", "man", 1, 4),  # midpoint 2.5
    (2022, "V1", "tl", None, "vrouw", 11, 11),  # counts in the denominator of the shares
    (2022, "V1", "tl", None, "man", 50, 50, 1),  # leerjaar 1: not at all
    (2022, "V2", "bb", "Z&W", "vrouw", 10, 10),
    (2022, "V2", "gl", "PIE", "man", 10, 10),
    (2021, "V1", "bb", "PIE", "man", 6, 6),
    (2020, "V1", "bb", "PIE", "man", 6, 6),
]
# (vestiging, postcode, leerjaar, min, max) of 2022 as DUO would give them.
POSTCODES_2022 = [
    ("V1", "1000", 3, 10, 10),
    ("V1", "1002", 3, 1, 4),
    ("V1", "101", 3, 3, 3),  # cut short: mean of 1010 and 1011
    ("V1", "", 3, 5, 5),  # no postcode: cannot be placed
    ("V1", "9999", 3, 2, 2),  # unknown PC4: cannot be placed
    ("V1", "1000", 1, 20, 20),  # leerjaar 1: not a home of derdejaars
    ("V2", "2000", 3, 8, 8),
    ("V2", "1001", 3, 1, 4),
    ("V2", "10", 3, 2, 2),  # cut short: mean of all five 10xx
]


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(math.sqrt(a))


def expected_2022() -> dict[tuple[str, str], tuple[float, float, float, float]]:
    """(profiel, leerweg) -> binnen_min, binnen_max, totaal_min, totaal_max, by hand."""
    third = [r for r in LEERLINGEN if r[0] == 2022 and (r[7] if len(r) > 7 else 3) == 3]
    mid: dict[tuple[str, str], float] = defaultdict(float)
    alle: dict[str, float] = defaultdict(float)
    for row in third:
        v, leerweg, lo, hi = str(row[1]), str(row[2]), float(str(row[5])), float(str(row[6]))
        alle[v] += (lo + hi) / 2
        mid[(v, leerweg)] += (lo + hi) / 2
    # Homes: a PC4, or a prefix at the mean latitude of the PC4s starting with it.
    where = dict(PC4)
    for prefix in ("101", "10"):
        lats = [lat for code, lat in PC4.items() if code.startswith(prefix)]
        where[prefix] = sum(lats) / len(lats)
    offer = {("PIE", "bb"): ["V1"], ("PIE", "kb"): ["V1"], ("Z&W", "bb"): ["V2"]}
    offer[("PIE", "gl")] = ["V2"]
    out = {}
    for (profiel, leerweg), schools in offer.items():
        b_lo = b_hi = t_lo = t_hi = 0.0
        for v, postcode, leerjaar, lo, hi in POSTCODES_2022:
            if leerjaar != 3 or postcode not in where:
                continue
            share = mid[(v, leerweg)] / alle[v]
            t_lo, t_hi = t_lo + lo * share, t_hi + hi * share
            km = min(haversine(where[postcode], 5.0, SCHOOLS[s], 5.0) for s in schools)
            if km <= 10:
                b_lo, b_hi = b_lo + lo * share, b_hi + hi * share
        out[(profiel, leerweg)] = (b_lo, b_hi, t_lo, t_hi)
    return out


def test_expected_case_is_not_trivial() -> None:
    e = expected_2022()
    assert 0 < e[("PIE", "bb")][0] < e[("PIE", "bb")][2]  # some homes near, some not
    assert haversine(PC4["1002"], 5.0, 52.0, 5.0) < 10 < haversine(52.31, 5.0, 52.0, 5.0)


@pytest.fixture
def warehouse(tmp_path: Path) -> db.Connection:
    con = tiny_warehouse(tmp_path / "b.duckdb", rows=LEERLINGEN, regios={"V1": "R1", "V2": "R1"})
    con.executemany(
        "INSERT INTO pc4 (pc4, lat, lon, bron_id) VALUES (?, ?, 5.0, 1)", list(PC4.items())
    )
    con.executemany(
        "INSERT INTO vestiging_geo (vestiging, lat, lon, bron_id) VALUES (?, ?, 5.0, 1)",
        list(SCHOOLS.items()),
    )
    con.executemany(
        "INSERT INTO pc4_bevolking (pc4, jaar, inwoners_15_25_min, inwoners_15_25_max, bron_id) "
        "VALUES (?, 2023, 100, 100, 1)",
        [(p,) for p in PC4],
    )
    con.executemany(
        "INSERT INTO leerling_postcode VALUES (2022, ?, ?, NULL, ?, ?, ?, 1)", POSTCODES_2022
    )
    # 2021: both sources; the own delivery is the method.
    con.execute("INSERT INTO leerling_postcode VALUES (2021, 'V1', '2000', NULL, 3, 9, 9, 1)")
    con.execute("INSERT INTO leerling_pc4 VALUES (2021, 'V1', 'PIE', 'bb', '1000', 6, 6, 1)")
    return con


def test_bereikbaarheid_from_duo_postcodes(warehouse: db.Connection) -> None:
    t = run(warehouse, "bereikbaarheid").set_index(["schooljaar", "profiel", "leerweg"])
    assert set(t.loc[2020, "methode"]) == {BEVOLKING}
    assert set(t.loc[2021, "methode"]) == {LEERLING_PC4}
    assert set(t.loc[2022, "methode"]) == {LEERLING_PC4_DUO}
    assert t.loc[(2021, "PIE", "bb"), "aandeel_binnen_10km"] == pytest.approx(100.0)

    for (profiel, leerweg), (b_lo, b_hi, t_lo, t_hi) in expected_2022().items():
        row = t.loc[(2022, profiel, leerweg)]
        share = (b_lo + b_hi) / 2 * 100 / ((t_lo + t_hi) / 2)
        assert row["aandeel_binnen_10km"] == pytest.approx(share), (profiel, leerweg)
        # published counts in whole students
        assert (row["totaal_min"], row["totaal_max"]) == (round(t_lo), round(t_hi))
        assert (row["binnen_10km_min"], row["binnen_10km_max"]) == (round(b_lo), round(b_hi))
    # A profiel nobody offers: 0 % of a known population.
    assert t.loc[(2022, "BWI", "bb"), "aandeel_binnen_10km"] == 0
    # kb students live only where V1's postcodes are (V2 has no kb): their total is V1's.
    kb = expected_2022()[("PIE", "kb")]
    assert kb[2] == pytest.approx(14 * 2.5 / 19.5)


def test_reisafstand_uses_the_same_homes(warehouse: db.Connection) -> None:
    r = run(warehouse, "reisafstand").set_index(["schooljaar", "profiel", "leerweg"])
    b = run(warehouse, "bereikbaarheid").set_index(["schooljaar", "profiel", "leerweg"])
    assert set(r.loc[2022, "methode"]) == {LEERLING_PC4_DUO}
    for key in [(2022, "PIE", "bb"), (2022, "Z&W", "bb"), (2022, "PIE", "gl")]:
        within = r.loc[key, "aandeel_0_5km"] + r.loc[key, "aandeel_5_10km"]
        assert within == pytest.approx(b.loc[key, "aandeel_binnen_10km"])


def test_duo_method_cells_are_public(con: db.Connection, tmp_path: Path) -> None:
    """The DUO file is open data: its years need no protection, its table is not confidential."""
    assert LEERLING_POSTCODE.openheid == domain.OPENBAAR
    ingest_file(con, write(tmp_path / NAME, HEADER_OUD, OUD_IN))
    assert "leerling_postcode" not in vertrouwelijke_tabellen(con)
    rij = {"schooljaar": 2022, "profiel": "PIE", "leerweg": "bb", "methode": LEERLING_PC4_DUO}
    assert _bereik_cel(rij, "totaal") is None
    assert _bereik_cel({**rij, "methode": LEERLING_PC4}, "totaal") is not None


@pytest.mark.parametrize("naam", ["bereikbaarheid", "reisafstand"])
def test_same_result_on_spark(warehouse: db.Connection, naam: str) -> None:
    """The new method is portable Ibis: Spark gives the same table (prefixes, shares, rounding)."""
    if shutil.which("java") is None:
        pytest.skip("geen java op PATH: installeer openjdk-17-jre-headless (zie .ci/run)")
    pytest.importorskip("pyspark", reason="pyspark ontbreekt: pip install .[spark]")
    from sto_monitor.indicators.engines import SparkEngine

    indicator = registry.BY_NAME[naam]
    duck = compute(indicator, warehouse)
    with SparkEngine(warehouse, master="local[1]") as spark:
        on_spark = compute(indicator, warehouse, engine=spark)
    kinds_d, rows_d = normalise(duck, indicator.sleutels)
    kinds_s, rows_s = normalise(on_spark, indicator.sleutels)
    assert kinds_s == kinds_d
    assert differences(rows_d, rows_s) == []
    assert any(r["methode"] == LEERLING_PC4_DUO for r in rows_d)
