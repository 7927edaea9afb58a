"""PC4 centroids (GeoNames), CBS PC4 population, boundaries and KoppelCodes, plain GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real

DATA = Path(__file__).parent / "data" / "ingest" / "geo"
NL_TXT = REAL / "pc4" / "NL.txt"
CBS_2023 = REAL / "pc4" / "pc4_2023_v2.xlsx"
CBS_2024 = REAL / "pc4" / "pc4_2024_v1.xlsx"
GEO = REAL / "geo"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    con = db.connect(tmp_path_factory.mktemp("pc4") / "sto.duckdb")
    for path in (
        NL_TXT,
        CBS_2023,
        CBS_2024,
        GEO / "gemeenten.geojson",
        GEO / "Prov.geojson",
        GEO / "KoppelCodes.csv",
    ):
        assert ingest_file(con, path).status == "geladen", path
    yield con
    con.close()


def rows(
    con: db.Connection, sql: str, params: list[object] | None = None
) -> list[tuple[object, ...]]:
    return con.execute(sql, params or []).fetchall()


@requires_real
@pytest.mark.real
def test_real_geonames_one_row_per_pc4(real: db.Connection) -> None:
    with NL_TXT.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle, delimiter="\t"))
    by_pc4: dict[str, list[tuple[float, float]]] = {}
    for line in lines:
        by_pc4.setdefault(line[1], []).append((float(line[9]), float(line[10])))
    assert len(lines) == 4334 and len(by_pc4) == 4086
    assert rows(real, "SELECT count(*), count(DISTINCT pc4) FROM pc4") == [(4086, 4086)]
    assert rows(
        real, "SELECT rijen_gelezen, rijen_geladen FROM bron WHERE formaat = 'geonames-pc4'"
    ) == [(4334, 4086)]
    assert rows(
        real,
        "SELECT plaats, provincie, gemeentecode, gemeente, lat, lon FROM pc4 WHERE pc4 = '1011'",
    ) == [("Amsterdam", "Noord-Holland", "0363", "Amsterdam", 52.371, 4.9042)]
    lat, lon = rows(real, "SELECT lat, lon FROM pc4 WHERE pc4 = '5371'")[0]
    points = by_pc4["5371"]
    assert len(points) == 7
    assert lat == pytest.approx(sum(p[0] for p in points) / 7)
    assert lon == pytest.approx(sum(p[1] for p in points) / 7)
    assert (
        rows(
            real,
            "SELECT DISTINCT provincie FROM pc4 WHERE provincie LIKE 'North%' "
            "OR provincie LIKE 'South%' OR provincie = 'Guelders'",
        )
        == []
    )
    assert rows(
        real,
        "SELECT count(*) FROM pc4 WHERE gemeente LIKE '%unicip%' OR gemeente LIKE 'Gemeente %'",
    ) == [(0,)]


@requires_real
@pytest.mark.real
def test_real_cbs_population_per_pc4(real: db.Connection) -> None:
    assert rows(real, "SELECT jaar, count(*) FROM pc4_bevolking GROUP BY 1 ORDER BY 1") == [
        (2023, 4070),
        (2024, 4072),
    ]
    assert rows(
        real,
        "SELECT jaar, inwoners_min, inwoners_max, inwoners_15_25_min, "
        "inwoners_15_25_max FROM pc4_bevolking WHERE pc4 = '1011' ORDER BY 1",
    ) == [(2023, 9910, 9910, 1300, 1300), (2024, 10010, 10010, 1330, 1330)]
    # CBS secret cells (-99997 = 0-4) become the interval [0, 4]; no negative number survives.
    secret = rows(
        real,
        "SELECT count(*) FROM pc4_bevolking WHERE inwoners_15_25_min = 0 "
        "AND inwoners_15_25_max = 4",
    )[0][0]
    assert isinstance(secret, int) and secret > 0
    assert rows(
        real,
        "SELECT count(*) FROM pc4_bevolking WHERE inwoners_min < 0 "
        "OR inwoners_15_25_min < 0 OR inwoners_min IS NULL",
    ) == [(0,)]
    assert rows(
        real, "SELECT peildatum FROM bron WHERE formaat = 'cbs-pc4-kerncijfers' ORDER BY 1"
    ) == [(date(2023, 1, 1),), (date(2024, 1, 1),)]


@requires_real
@pytest.mark.real
def test_real_boundaries_and_koppelcodes(real: db.Connection) -> None:
    assert rows(
        real, "SELECT soort, count(*), count(DISTINCT code) FROM grens GROUP BY 1 ORDER BY 1"
    ) == [("gemeente", 342, 342), ("provincie", 12, 12)]
    assert rows(
        real, "SELECT code, naam FROM grens WHERE code IN ('GM0014', 'PV20') ORDER BY 1"
    ) == [("GM0014", "Groningen (gemeente)"), ("PV20", "Groningen")]
    geometry = json.loads(str(rows(real, "SELECT geometrie FROM grens LIMIT 1")[0][0]))
    assert geometry["type"] == "MultiPolygon"
    assert rows(real, "SELECT count(*) FROM gemeente") == [(342,)]
    assert rows(
        real,
        "SELECT naam, veiligheidsregio, provinciecode, provincie FROM gemeente "
        "WHERE gemeentecode = 'GM0014'",
    ) == [("Groningen (gemeente)", "Groningen", "PV20", "Groningen")]
    # Every gemeente boundary has a row in the lookup table and the other way round.
    assert rows(
        real,
        "SELECT count(*) FROM grens g FULL JOIN gemeente m "
        "ON g.code = m.gemeentecode WHERE g.soort = 'gemeente' "
        "AND (g.code IS NULL OR m.gemeentecode IS NULL)",
    ) == [(0,)]


@requires_real
@pytest.mark.real
def test_real_boundary_sets_live_side_by_side(con: db.Connection) -> None:
    """The outdated 2016 gemeenten must not wipe the 2023 ones when a folder is loaded."""
    ingest_file(con, GEO / "gemeenten.geojson")
    townships = ingest_file(con, GEO / "townships.geojson")
    provinces = ingest_file(con, GEO / "provinces.geojson")
    assert townships.format is not None and townships.format.name == "grenzen-gemeente"
    assert provinces.format is not None and provinces.format.name == "grenzen-provincie"
    per_file = rows(
        con,
        "SELECT b.bestand, g.soort, count(*), count(g.code) FROM grens g "
        "JOIN bron b USING (bron_id) GROUP BY ALL ORDER BY 1",
    )
    assert per_file == [
        ("gemeenten.geojson", "gemeente", 342, 342),
        ("provinces.geojson", "provincie", 12, 0),
        ("townships.geojson", "gemeente", 394, 394),
    ]
    assert rows(con, "SELECT DISTINCT code FROM grens WHERE naam = 'Assen'") == [("GM0106",)]
    # Loading a corrected copy of the same file replaces only that file's boundaries.
    copy = con.execute("SELECT count(*) FROM bron WHERE status = 'vervangen'").fetchall()
    assert copy == [(0,)]


def test_plain_geojson_without_date(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "scholen.geojson")
    assert outcome.format is not None and outcome.format.name == "scholen-geo"
    assert outcome.result is not None
    assert (outcome.result.rows_read, outcome.result.rows_loaded) == (3, 1)
    assert outcome.result.peildatum is None
    assert rows(con, "SELECT vestiging, postcode, lat, lon, peildatum FROM vestiging_geo") == [
        ("00AH00", "7522 AB", 52.2215, 6.8937, None)
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "scholen_fout.geojson",
            [
                "scholen_fout.geojson, kolom 'geometry.coordinates': object 2 (00AH01)",
                "'[52.2215, 6.8937]'",
                "scholen_fout.geojson, kolom 'geometry.coordinates': object 3 (00AH02)",
            ],
        ),
        (
            "nl_fout.txt",
            [
                "nl_fout.txt, regel 2, kolom '2 (postcode)': verwacht een postcode van 4 cijfers",
                "nl_fout.txt, regel 3, kolom '10/11 (lat/lon)': coördinaat ligt niet in Nederland",
            ],
        ),
        (
            "grenzen_fout.geojson",
            [
                "grenzen_fout.geojson, kolom 'gemeenteCode': object 2 (Fout)",
                "'G14'",
                "grenzen_fout.geojson, kolom 'geometry': object 3 (Almere)",
            ],
        ),
    ],
)
def test_bad_files_name_the_spot(con: db.Connection, name: str, expected: list[str]) -> None:
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, DATA / name)
    message = str(caught.value)
    for part in expected:
        assert part in message
    assert db.table_counts(con)["bron"] == 0
