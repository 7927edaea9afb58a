"""DUO exam files: geslaagden/gezakten (profielcodes) and the wide examenkandidaten files."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real

DATA = Path(__file__).parent / "data" / "ingest" / "examens"
EXAMENS = REAL / "examens_vo"
GESLAAGDEN = EXAMENS / "geslaagden-gezakten-en-cijfers-2018-2019.csv"
KANDIDATEN_2014 = EXAMENS / "examenkandidaten-en-geslaagden-2014-2019.csv"
KANDIDATEN_2019 = EXAMENS / "duo_examen_raw_all.csv"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    con = db.connect(tmp_path_factory.mktemp("examens") / "sto.duckdb")
    for path in (GESLAAGDEN, KANDIDATEN_2014, KANDIDATEN_2019):
        assert ingest_file(con, path).status == "geladen", path
    yield con
    con.close()


def rows(
    con: db.Connection, sql: str, params: list[object] | None = None
) -> list[tuple[object, ...]]:
    return con.execute(sql, params or []).fetchall()


@requires_real
@pytest.mark.real
def test_real_geslaagden_profiel_totals(real: db.Connection) -> None:
    assert rows(real, "SELECT schooljaar, count(*) FROM examens GROUP BY 1") == [(2018, 11694)]
    totals = rows(
        real,
        """
        SELECT profiel, sum(kandidaten_min), sum(kandidaten_max), count(DISTINCT vestiging)
        FROM examens WHERE leerweg IN ('bb', 'kb', 'gl') AND profiel IN ('PIE', 'BWI', 'M&T',
             'MVI', 'MaT')
        GROUP BY 1 ORDER BY 2 DESC""",
    )
    # SOURCES.md: bb/kb/gl exam candidates per profiel and the number of vestigingen.
    assert totals == [
        ("PIE", 4988, 4988, 221),
        ("BWI", 2916, 2916, 172),
        ("M&T", 1574, 1574, 101),
        ("MVI", 1435, 1435, 48),
        ("MaT", 273, 273, 6),
    ]
    assert rows(real, "SELECT DISTINCT leerweg FROM examens ORDER BY 1 NULLS LAST") == [
        ("bb",),
        ("gl",),
        ("kb",),
        ("tl",),
        (None,),
    ]
    assert rows(
        real, "SELECT count(*) FROM examens WHERE leerweg IN ('bb', 'kb', 'gl') AND profiel IS NULL"
    ) == [(0,)]
    assert rows(real, "SELECT DISTINCT profiel FROM examens WHERE afdeling = 'Metaaltechniek'") == [
        ("overig",)
    ]
    assert rows(
        real,
        """SELECT onderwijstype, sector, kandidaten_min, geslaagden_min,
                                gezakten_min, cijfer_schoolexamen, cijfer_centraal, cijfer_lijst
                         FROM examens WHERE vestiging = '00AH00'
                           AND afdeling = 'Cultuur en Maatschappij'
                           AND onderwijstype = 'HAVO'""",
    ) == [("HAVO", None, 7, 6, 1, 6.4, 6.6, 6.6)]
    assert rows(real, "SELECT DISTINCT sector FROM examens WHERE sector LIKE 'Zorg%'") == [
        ("Zorg en welzijn",)
    ]


def _cells(path: Path, encoding: str) -> tuple[int, int, int]:
    """An independent reading: EXAMENKANDIDATEN cells that are '<5', and the sum and count of
    the other non-zero ones."""
    masked = total = nonzero = 0
    with path.open(encoding=encoding, newline="") as handle:
        for record in csv.DictReader(handle, delimiter=";"):
            for column, value in record.items():
                if not re.fullmatch(r"EXAMENKANDIDATEN SCHOOLJAAR .*", column):
                    continue
                if value == "<5":
                    masked += 1
                elif value not in ("", "0"):
                    total += int(value)
                    nonzero += 1
    return masked, total, nonzero


@requires_real
@pytest.mark.real
@pytest.mark.parametrize(
    "path, encoding, years",
    [
        (KANDIDATEN_2014, "latin-1", [2014, 2015, 2016, 2017, 2018]),
        (KANDIDATEN_2019, "utf-8", [2019, 2020, 2021, 2022, 2023]),
    ],
)
def test_real_examenkandidaten_round_trip(
    real: db.Connection, path: Path, encoding: str, years: list[int]
) -> None:
    masked, total, nonzero = _cells(path, encoding)
    got = rows(
        real,
        """
        SELECT count(*) FILTER (WHERE kandidaten_min = 1 AND kandidaten_max = 4),
               sum(kandidaten_min) FILTER (WHERE kandidaten_min = kandidaten_max),
               count(*) FILTER (WHERE kandidaten_min = kandidaten_max AND kandidaten_min > 0)
        FROM examenkandidaten JOIN bron b USING (bron_id) WHERE b.bestand = ?""",
        [path.name],
    )
    assert got == [(masked, total, nonzero)]
    assert [
        r[0]
        for r in rows(
            real,
            "SELECT DISTINCT e.schooljaar FROM examenkandidaten e "
            "JOIN bron b USING (bron_id) WHERE b.bestand = ? ORDER BY 1",
            [path.name],
        )
    ] == years


@requires_real
@pytest.mark.real
def test_real_examenkandidaten_spot_values(real: db.Connection) -> None:
    # duo_examen_raw_all.csv line 2: 00AH00 HAVO N&T 2019/20, man "<5", totaal 6.
    assert rows(
        real,
        """SELECT geslacht, kandidaten_min, kandidaten_max, geslaagden_min,
                                geslaagden_max, inspectiecode
                         FROM examenkandidaten WHERE vestiging = '00AH00' AND schooljaar = 2019
                           AND opleidingsnaam = 'HAVO - N&T' ORDER BY 1""",
    ) == [("man", 1, 4, 1, 4, "50"), ("totaal", 6, 6, 6, 6, "50"), ("vrouw", 1, 4, 1, 4, "50")]
    found = rows(
        real,
        """SELECT DISTINCT regexp_extract(opleidingsnaam, '^VMBO \\S+'),
                                 coalesce(leerweg, '-')
                          FROM examenkandidaten WHERE onderwijstype = 'VMBO'""",
    )
    leerwegen = {r[0]: r[1] for r in found}
    assert leerwegen == {
        "VMBO B": "bb",
        "VMBO K": "kb",
        "VMBO G": "gl",
        "VMBO T": "tl",
        "VMBO LWT": "-",
    }
    assert rows(real, "SELECT count(*) FROM examenkandidaten WHERE geslacht = 'onbekend'") == [
        (0,)
    ]  # always 0 in these files, so never stored


def test_wide_file_with_masking_and_empty_years(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "kandidaten_klein.csv")
    assert outcome.format is not None and outcome.format.name == "duo-examenkandidaten"
    assert outcome.result is not None and outcome.result.rows_loaded == 5
    assert rows(
        con,
        """SELECT schooljaar, leerweg, geslacht, kandidaten_min, kandidaten_max,
                               geslaagden_min, geslaagden_max
                        FROM examenkandidaten ORDER BY 1, 3""",
    ) == [
        (2019, "bb", "man", 12, 12, 11, 11),
        (2019, "bb", "totaal", 15, 15, 14, 14),
        (2019, "bb", "vrouw", 1, 4, 1, 4),
        (2020, None, "man", 3, 3, 3, 3),
        (2020, None, "totaal", 3, 3, 3, 3),
    ]


def test_geslaagden_schooljaar_column_and_replacement_by_year(con: db.Connection) -> None:
    first = ingest_file(con, DATA / "geslaagden_twee_jaren.csv")
    assert first.result is not None and first.result.schooljaar is None  # two years
    assert rows(
        con,
        "SELECT schooljaar, leerweg, profiel, kandidaten_min, kandidaten_max "
        "FROM examens ORDER BY 1, 2",
    ) == [
        (2021, "bb", "PIE", 10, 10),
        (2021, "kb", "M&T", 1, 4),
        (2022, "gl", "Z&W", 8, 8),
        (2022, None, None, 20, 20),
    ]
    second = ingest_file(con, DATA / "geslaagden_correctie.csv")
    assert second.result is not None and second.result.replaced == {first.bron_id}
    assert rows(
        con, "SELECT schooljaar, profiel, kandidaten_min FROM examens ORDER BY 1, 2 NULLS LAST"
    ) == [(2021, "PIE", 11), (2022, "Z&W", 8), (2022, None, 20)]
    # The first file still has rows for 2022/23, so it stays 'geladen'.
    assert rows(con, "SELECT status FROM bron ORDER BY bron_id") == [("geladen",), ("geladen",)]


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "geslaagden_fout.csv",
            [
                "geslaagden_fout.csv, regel 2, kolom 'EXAMENKANDIDATEN'",
                "geslaagden_fout.csv, regel 3, kolom 'AFDELING': onbekend profiel",
                "geslaagden_fout.csv, regel 4, kolom 'LEERWEG VMBO'",
                "geslaagden_fout.csv, regel 4, kolom 'GEMIDDELD CIJFER SCHOOLEXAMEN'",
            ],
        ),
        (
            "kandidaten_fout.csv",
            [
                "kandidaten_fout.csv, regel 3, kolom 'GESLAAGDEN SCHOOLJAAR 2020-2021 - MAN'",
                "'veel'",
            ],
        ),
    ],
)
def test_bad_exam_files_name_the_spot(con: db.Connection, name: str, expected: list[str]) -> None:
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, DATA / name)
    for part in expected:
        assert part in str(caught.value)
    assert db.table_counts(con)["bron"] == 0
