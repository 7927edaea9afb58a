"""DUO leerlingen files, every edition, into the warehouse: counts survive the round trip."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import REAL, requires_real
from tests.duo_files import HEADER_2019, HEADER_2023, row_2019, row_2023, write_csv

LEERLINGEN = REAL / "leerlingen_vo"
FILE_2019 = LEERLINGEN / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
FILE_2016 = LEERLINGEN / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv"

DERDEJAARS = """
    SELECT sum(aantal_min), sum(aantal_max),
           sum(aantal_min) FILTER (WHERE p.techniek)
    FROM leerlingen l LEFT JOIN profiel p USING (profiel)
    WHERE schooljaar = ? AND leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl')
"""


@requires_real
def test_real_2019_third_years_and_techniek(con: db.Connection) -> None:
    outcome = ingest_file(con, FILE_2019)
    assert outcome.status == "geladen"
    assert outcome.format is not None and outcome.format.name == "duo-leerlingen-2019"
    assert outcome.result is not None and outcome.result.schooljaar == 2019
    assert con.execute(DERDEJAARS, [2019]).fetchall() == [(61508, 61508, 11509)]
    per_profiel = dict(
        con.execute("""
        SELECT profiel, sum(aantal_min) FROM leerlingen
        WHERE schooljaar = 2019 AND leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl')
        GROUP BY profiel""").fetchall()
    )
    # SOURCES.md, computed by hand from the same file.
    assert {k: per_profiel[k] for k in ("PIE", "BWI", "M&T", "MVI", "MaT")} == {
        "PIE": 4816,
        "BWI": 3395,
        "M&T": 1511,
        "MVI": 1515,
        "MaT": 272,
    }
    assert per_profiel["overig"] == 829  # vakmanschaps- and beroepsroutes


def _cells_from_file(path: Path, key_columns: list[str]) -> Counter[tuple[str, ...]]:
    """An independent reading of the wide file with Python's csv module: non-zero cells."""
    cells: Counter[tuple[str, ...]] = Counter()
    with path.open(encoding="latin-1", newline="") as handle:
        for record in csv.DictReader(handle, delimiter=";"):
            vestiging = record["BRIN NUMMER"] + record["VESTIGINGSNUMMER"].zfill(2)
            for leerjaar in range(1, 7):
                for geslacht in ("MAN", "VROUW"):
                    value = int(record[f"LEER- OF VERBLIJFSJAAR {leerjaar} - {geslacht}"])
                    if value:
                        key = (
                            vestiging,
                            *(record[c] for c in key_columns),
                            str(leerjaar),
                            geslacht.lower(),
                        )
                        cells[key] += value
    return cells


@requires_real
@pytest.mark.parametrize("path, lwoo", [(FILE_2019, False), (FILE_2016, True)])
def test_every_cell_survives_the_round_trip(con: db.Connection, path: Path, lwoo: bool) -> None:
    ingest_file(con, path)
    keys = ["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR", "AFDELING", "ELEMENTCODE"]
    lwoo_sql = ", CASE lwoo WHEN true THEN 'J' ELSE 'N' END" if lwoo else ""
    if lwoo:
        keys.append("LWOO INDICATIE")
    expected = _cells_from_file(path, keys)
    rows = con.execute(f"""
        SELECT vestiging, onderwijstype, afdeling, opleidingscode {lwoo_sql},
               leerjaar::VARCHAR, geslacht, sum(aantal_min), sum(aantal_max)
        FROM leerlingen GROUP BY ALL""").fetchall()
    loaded = {tuple(r[:-2]): r[-1] for r in rows}
    assert all(r[-2] == r[-1] for r in rows)  # no masking in these editions
    assert loaded == dict(expected)


@requires_real
def test_2016_edition_pads_vestigingsnummer_and_maps_old_afdelingen(con: db.Connection) -> None:
    outcome = ingest_file(con, FILE_2016)
    assert outcome.format is not None and outcome.format.name == "duo-leerlingen-2016"
    assert outcome.result is not None and outcome.result.schooljaar == 2016
    codes = {r[0] for r in con.execute("SELECT DISTINCT vestiging FROM leerlingen").fetchall()}
    assert "00AH00" in codes and all(len(c) == 6 for c in codes)
    old = con.execute("""SELECT DISTINCT profiel FROM leerlingen
                         WHERE afdeling IN ('Metaaltechniek', 'Handel en Administratie -ISP')
                         AND leerweg IN ('bb', 'kb', 'gl')""").fetchall()
    assert old == [("overig",)]
    # SOURCES.md: 2016/17 third-year bb/kb/gl in the ten profielen, technical part.
    techniek = con.execute(DERDEJAARS, [2016]).fetchall()[0][2]
    assert techniek == 10388


def test_2023_edition_with_masking_quotes_bom_and_crlf(con: db.Connection, tmp_path: Path) -> None:
    rows = [
        row_2023("12AB", "01", "VMBO BL lj 3-4", "Produceren, installeren en energie", ("<5", "0")),
        row_2023("12AB", "01", "VMBO KL lj 3-4", "Bouwen, wonen en interieur", ("12", "<5")),
        row_2023("12AB", "01", "VMBO TL lj 3-4", "N.v.t.", ("30", "31"), sector="Economie"),
    ]
    path = write_csv(
        tmp_path / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2023.csv",
        HEADER_2023,
        rows,
        quoted=True,
        encoding="utf-8",
        bom=True,
        newline="\r\n",
    )
    outcome = ingest_file(con, path)
    assert outcome.format is not None and outcome.format.name == "duo-leerlingen-2020"
    assert outcome.result is not None and outcome.result.schooljaar == 2023
    got = con.execute("""SELECT vestiging, leerweg, profiel, geslacht, aantal_min, aantal_max
                         FROM leerlingen ORDER BY leerweg, geslacht""").fetchall()
    assert got == [
        ("12AB01", "bb", "PIE", "man", 1, 4),
        ("12AB01", "kb", "BWI", "man", 12, 12),
        ("12AB01", "kb", "BWI", "vrouw", 1, 4),
        ("12AB01", "tl", None, "man", 30, 30),
        ("12AB01", "tl", None, "vrouw", 31, 31),
    ]
    swv = con.execute("SELECT samenwerkingsverband FROM vestiging_jaar").fetchall()
    assert swv == [("SWV VO 22.01",)]


def test_schooljaar_from_peildatum_column_and_from_option(
    con: db.Connection, tmp_path: Path
) -> None:
    header = ["PEILDATUM", *HEADER_2019]
    rows = [["2021-10-01", *row_2019("12AB", "00", "VMBO GL lj 3-4", "Groen", ("5", "6"))]]
    outcome = ingest_file(con, write_csv(tmp_path / "leerlingen.csv", header, rows))
    assert outcome.result is not None and outcome.result.schooljaar == 2021
    assert str(outcome.result.peildatum) == "2021-10-01"

    rows2 = [row_2019("12AB", "00", "VMBO GL lj 3-4", "Groen", ("7", "8"))]
    path = write_csv(tmp_path / "zonder-jaar.csv", HEADER_2019, rows2)
    outcome = ingest_file(con, path, schooljaar=2022)
    assert outcome.result is not None and outcome.result.schooljaar == 2022
    assert con.execute("SELECT DISTINCT schooljaar FROM leerlingen ORDER BY 1").fetchall() == [
        (2021,),
        (2022,),
    ]


def test_corrected_file_replaces_the_year_and_same_file_is_a_no_op(
    con: db.Connection, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path / "a-2019.csv",
        HEADER_2019,
        [row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"))],
    )
    corrected = write_csv(
        tmp_path / "b-2019.csv",
        HEADER_2019,
        [row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("7", "6"))],
    )
    ingest_file(con, first)
    again = ingest_file(con, first)
    assert again.status == "al-geladen"
    assert con.execute("SELECT count(*) FROM leerlingen").fetchall() == [(2,)]

    outcome = ingest_file(con, corrected)
    assert outcome.result is not None and outcome.result.replaced == {1}
    assert con.execute("SELECT sum(aantal_min) FROM leerlingen").fetchall() == [(13,)]
    assert con.execute(
        "SELECT bron_id, status, vervangen_door FROM bron ORDER BY 1"
    ).fetchall() == [(1, "vervangen", 2), (2, "geladen", None)]


def test_comma_separated_copy_loads_the_same(con: db.Connection, tmp_path: Path) -> None:
    rows = [row_2019("12AB", "0", "VMBO KL lj 3-4", "Mobiliteit en transport", ("9", "1"))]
    path = write_csv(tmp_path / "lln-2020.csv", HEADER_2019, rows, delimiter=",")
    ingest_file(con, path)
    assert con.execute(
        "SELECT vestiging, profiel, sum(aantal_min) FROM leerlingen GROUP BY ALL"
    ).fetchall() == [("12AB00", "M&T", 10)]
