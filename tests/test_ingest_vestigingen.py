"""DUO "Alle vestigingen vo" and the geocoded school locations into the warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real

DATA = Path(__file__).parent / "data" / "ingest" / "vestigingen"
ALLE = REAL / "vestigingen_vo" / "alle-vestigingen-vo.csv"
TVANZ = REAL / "vestigingen_vo" / "TvanZ" / "02.csv"
GEO_2022 = REAL / "vestigingen_geo" / "scholen20220501.geo.zip"
GEO_2024 = REAL / "vestigingen_geo" / "scholen20241122.geo.zip"
LEERLINGEN_2019 = REAL / "leerlingen_vo" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    """One warehouse with the real address, geo and 2019 leerlingen files (loaded once)."""
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    con = db.connect(tmp_path_factory.mktemp("vestigingen") / "sto.duckdb")
    for path in (TVANZ, ALLE, GEO_2022, GEO_2024, LEERLINGEN_2019):
        assert ingest_file(con, path).status == "geladen"
    yield con
    con.close()


def one(con: db.Connection, sql: str, params: list[object] | None = None) -> object:
    return con.execute(sql, params or []).fetchall()[0][0]


@requires_real
@pytest.mark.real
def test_real_address_file_round_trip(real: db.Connection) -> None:
    counts = dict(
        real.execute(
            "SELECT b.bestand, count(*) FROM vestiging_adres JOIN bron b USING (bron_id) GROUP BY 1"
        ).fetchall()
    )
    assert counts == {"alle-vestigingen-vo.csv": 1619, "02.csv": 1610}
    assert real.execute("""
        SELECT postcode, pc4, plaats, gemeentecode, gemeente, provincie, corop_code, corop_naam,
               onderwijsstructuur, denominatie
        FROM vestiging WHERE vestiging = '18BR00'""").fetchall() == [
        (
            "9406 NN",
            "9406",
            "ASSEN",
            "0106",
            "ASSEN",
            "Drenthe",
            "07",
            "Noord-Drenthe",
            "PRO",
            "Openbaar",
        )
    ]
    row = real.execute(
        """
        SELECT a.postcode, a.pc4, a.plaats, a.gemeentecode, a.gemeente, a.corop_code,
               a.corop_naam, a.rmc_naam, a.internetadres
        FROM vestiging_adres a JOIN bron b USING (bron_id)
        WHERE b.bestand = 'alle-vestigingen-vo.csv' AND a.vestiging = ?""",
        ["18BR00"],
    )
    assert row.fetchall() == [
        (
            "9406 NN",
            "9406",
            "ASSEN",
            "0106",
            "ASSEN",
            "07",
            "Noord-Drenthe",
            "Noord- en Midden Drenthe",
            "www.pro-assen.nl",
        )
    ]
    # DUO pads empty fields with blanks: they become NULL.
    assert (
        one(
            real,
            "SELECT count(*) FROM vestiging_adres WHERE vestiging = '18BR01' "
            "AND internetadres IS NULL",
        )
        == 2
    )
    assert (
        one(
            real,
            "SELECT count(*) FROM vestiging_adres WHERE trim(naam) <> naam "
            "OR internetadres = '' OR length(vestiging) <> 6",
        )
        == 0
    )
    assert (
        one(
            real,
            "SELECT count(*) FROM vestiging_adres WHERE pc4 IS NULL "
            "OR NOT regexp_full_match(postcode, '[0-9]{4} [A-Z]{2}')",
        )
        == 0
    )
    # Both snapshots are kept; neither replaces the other (no PEILDATUM in these files).
    assert real.execute(
        "SELECT DISTINCT status FROM bron WHERE doel = 'vestiging_adres'"
    ).fetchall() == [("geladen",)]


@requires_real
@pytest.mark.real
def test_real_geo_snapshots(real: db.Connection) -> None:
    rows = real.execute(
        "SELECT peildatum, count(*), count(DISTINCT vestiging) FROM vestiging_geo "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(date(2022, 5, 1), 7871), (date(2024, 11, 22), 8717)]
    assert real.execute(
        "SELECT naam, postcode, lat, lon FROM vestiging_geo WHERE vestiging = '10KN00' "
        "AND peildatum = DATE '2022-05-01'"
    ).fetchall() == [
        (
            "Christelijk Dalton Kindcentrum De Eshorst",
            "9411 AK",
            52.865373897036484,
            6.516571437601065,
        )
    ]
    assert real.execute(
        "SELECT peildatum FROM bron WHERE formaat = 'scholen-geo' ORDER BY 1"
    ).fetchall() == [(date(2022, 5, 1),), (date(2024, 11, 22),)]


@requires_real
@pytest.mark.real
def test_real_view_has_coordinates_for_vmbo_vestigingen_2019(real: db.Connection) -> None:
    total, adres = real.execute("""
        WITH vmbo AS (SELECT DISTINCT vestiging FROM leerlingen
                      WHERE schooljaar = 2019 AND leerweg IS NOT NULL)
        SELECT count(*), count(*) FILTER (WHERE v.coordinaat_bron = 'adres')
        FROM vmbo LEFT JOIN vestiging v USING (vestiging)""").fetchall()[0]
    assert total == 925  # SOURCES.md
    assert adres >= 890


def test_newer_header_peildatum_latin1_and_same_snapshot_replaces(con: db.Connection) -> None:
    first = ingest_file(con, DATA / "vestigingen_2025_03.csv")
    assert first.format is not None and first.format.name == "duo-vestigingen"
    assert first.result is not None and first.result.peildatum == date(2025, 3, 1)
    assert con.execute("""SELECT vestiging, postcode, pc4, gemeentecode, internetadres, naam
                          FROM vestiging_adres ORDER BY 1""").fetchall() == [
        ("00AH00", "7522 AB", "7522", "0153", None, "Het Stedelijk Lyceum"),
        ("00AH01", "7543 AA", "7543", "0153", "www.example.nl", "Het Stedelijk Lyceum Zuid"),
        ("00TQ00", "6800 AA", "6800", "0202", None, "SGM Mariëndael"),
    ]
    assert ingest_file(con, DATA / "vestigingen_2025_03.csv").status == "al-geladen"
    second = ingest_file(con, DATA / "vestigingen_2025_03_correctie.csv")
    assert second.result is not None and second.result.replaced == {first.bron_id}
    assert con.execute("SELECT vestiging, naam, huisnummer FROM vestiging_adres").fetchall() == [
        ("00AH00", "Het Stedelijk Lyceum (gecorrigeerd)", "52")
    ]
    assert con.execute(
        "SELECT status, vervangen_door FROM bron WHERE bron_id = ?", [first.bron_id]
    ).fetchall() == [("vervangen", second.bron_id)]


def test_bad_codes_and_postcodes_name_file_line_and_column(con: db.Connection) -> None:
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, DATA / "vestigingen_fout.csv")
    message = str(caught.value)
    assert "vestigingen_fout.csv, regel 3, kolom 'VESTIGINGSNUMMER'" in message
    assert "'18BR0X'" in message
    assert "vestigingen_fout.csv, regel 4, kolom 'POSTCODE'" in message
    assert "'94O6 NN'" in message
    assert one(con, "SELECT count(*) FROM bron") == 0
