"""STO Monitor's own layouts (docs/formaten.md): valid files, bad files, replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.runner import ingest_file

DATA = Path(__file__).parent / "data" / "ingest" / "eigen"


def rows(con: db.Connection, sql: str) -> list[tuple[object, ...]]:
    return con.execute(sql).fetchall()


def refuse(con: db.Connection, name: str) -> str:
    """Load a bad file: it must fail and leave the warehouse as it was."""
    before = db.table_counts(con)
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, DATA / name)
    assert db.table_counts(con) == before
    return str(caught.value)


def test_keuzevakken(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "keuzevakken.csv")
    assert outcome.format is not None and outcome.format.name == "sto-keuzevakken"
    assert rows(con, "SELECT * EXCLUDE (bron_id) FROM keuzevak_examens ORDER BY 1, 3") == [
        (2022, "00AH00", "bb", "K/BWI/3", "Meubelmaken", "BWI", "BWI", 1, 4),
        (2022, "00AH00", "kb", "K/PIE/1", "Domotica en automatisering", "PIE", "MVI", 12, 12),
        (2023, "00AH00", "gl", "K/M&T/2", "Carrosserie", "M&T", "MaT", 0, 0),
    ]


def test_doorstroom(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "doorstroom.csv")
    assert outcome.format is not None and outcome.format.name == "sto-doorstroom"
    assert rows(con, "SELECT * EXCLUDE (bron_id) FROM doorstroom ORDER BY 1, 3, 5") == [
        (2020, "00AH00", "PIE", "kb", "havo/vwo", None, 1, 4),
        (2020, "00AH00", "PIE", "kb", "mbo-bbl", "Techniek en gebouwde omgeving", 17, 17),
        (2020, "00AH00", "Z&W", "bb", "mbo-bol", "Zorg, welzijn en sport", 9, 9),
        (2021, "00AH00", "MVI", "gl", "overig", None, 2, 2),
    ]


def test_docenten_with_comma_and_dot_decimals(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "docenten.csv")
    assert outcome.format is not None and outcome.format.name == "sto-docenten"
    assert outcome.result is not None and outcome.result.schooljaar == 2023
    assert rows(con, "SELECT * EXCLUDE (bron_id) FROM docenten ORDER BY fte") == [
        (2023, "00AH00", "techniek", True, 3.4, 4, 4),
        (2023, "00AH00", "techniek", False, 12.75, 15, 15),
        (2023, "00AH00", "algemeen", False, 20.0, 1, 4),
    ]


def test_leerling_pc4(con: db.Connection) -> None:
    outcome = ingest_file(con, DATA / "leerling_pc4.csv")
    assert outcome.format is not None and outcome.format.name == "sto-leerling-pc4"
    assert rows(con, "SELECT * EXCLUDE (bron_id) FROM leerling_pc4 ORDER BY 4, 5") == [
        (2023, "00AH00", "PIE", "bb", "7511", 1, 4),
        (2023, "00AH00", "MVI", "gl", "7511", 6, 6),
        (2023, "00AH00", "PIE", "kb", "7512", 11, 11),
    ]


def test_same_year_replaces_and_same_file_is_a_no_op(con: db.Connection, tmp_path: Path) -> None:
    first = ingest_file(con, DATA / "docenten.csv")
    assert ingest_file(con, DATA / "docenten.csv").status == "al-geladen"
    corrected = tmp_path / "docenten-correctie.csv"
    corrected.write_text(
        "SCHOOLJAAR;VESTIGINGSCODE;PROFIELGROEP;ZIJ-INSTROMER;FTE;PERSONEN\n"
        "2023;00AH00;techniek;ja;4;5\n",
        encoding="utf-8",
    )
    second = ingest_file(con, corrected)
    assert second.result is not None and second.result.replaced == {first.bron_id}
    assert rows(con, "SELECT fte, personen_min FROM docenten") == [(4.0, 5)]
    assert rows(con, "SELECT status FROM bron ORDER BY bron_id") == [("vervangen",), ("geladen",)]


def test_regio_official_list_replaces_demo_of_that_period(con: db.Connection) -> None:
    # A demo division built by `sto regio-demo` (no bron) and a demo file for 2020-2024.
    con.execute(
        "INSERT INTO regio VALUES ('2020-2024', 2020, 2024, 'D01', 'Demo', false, false, NULL)"
    )
    con.execute("INSERT INTO regio_vestiging VALUES ('2020-2024', 'D01', '99ZZ00', NULL)")
    demo = ingest_file(con, DATA / "regio_demo.csv")
    assert demo.format is not None and demo.format.name == "sto-regio"
    assert demo.result is not None and "demo-indeling, niet officieel" in demo.result.notes
    assert rows(con, "SELECT regio, naam, techniekluw, officieel FROM regio ORDER BY 1") == [
        ("R01", "Regio Groningen-Noord", False, False),
        ("R02", "Regio Twente", True, False),
    ]
    assert ingest_file(con, DATA / "regio_demo.csv").status == "al-geladen"

    official = ingest_file(con, DATA / "regio_officieel.csv")
    assert official.result is not None and official.result.replaced == {demo.bron_id}
    assert rows(
        con,
        "SELECT periode, periode_start, periode_eind, regio, naam, techniekluw, "
        "officieel FROM regio ORDER BY 1, 4",
    ) == [
        ("2020-2024", 2020, 2024, "R01", "Regio Groningen", True, True),
        ("2020-2024", 2020, 2024, "R03", "Regio Drenthe", False, True),
        ("2025-2029", 2025, 2029, "R01", "Regio Groningen", True, True),
    ]
    assert rows(con, "SELECT periode, regio, vestiging FROM regio_vestiging ORDER BY 1, 2") == [
        ("2020-2024", "R01", "00AH00"),
        ("2020-2024", "R03", "00AH01"),
        ("2025-2029", "R01", "00AH00"),
    ]
    assert rows(con, "SELECT bron_id, status, vervangen_door FROM bron ORDER BY 1") == [
        (demo.bron_id, "vervangen", official.bron_id),
        (official.bron_id, "geladen", None),
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "regio_fout_waarden.csv",
            [
                "regio_fout_waarden.csv, regel 2, kolom 'PERIODE'",
                "regio_fout_waarden.csv, regel 3, kolom 'VESTIGINGSCODE'",
                "'00AH1'",
                "regio_fout_waarden.csv, regel 4, kolom 'TECHNIEKLUW'",
                "'misschien'",
                "regio_fout_waarden.csv, regel 5, kolom 'STATUS'",
                "'voorlopig'",
            ],
        ),
        (
            "regio_fout_tegenstrijdig.csv",
            [
                "regio_fout_tegenstrijdig.csv, regel 4, kolom 'VESTIGINGSCODE': "
                "vestiging 00AH00 staat in periode 2020-2024 al in regio R01 (regel 2)",
                "regio_fout_tegenstrijdig.csv, regel 5, kolom 'REGIONAAM': "
                "regio R01 heeft in periode 2020-2024 al de naam 'Regio Groningen' (regel 2)",
            ],
        ),
        (
            "keuzevakken_fout.csv",
            [
                "keuzevakken_fout.csv, regel 2, kolom 'LEERWEG'",
                "'bl'",
                "keuzevakken_fout.csv, regel 3, kolom 'KEUZEVAK PROFIEL'",
                "'Metaal'",
                "keuzevakken_fout.csv, regel 4, kolom 'AANTAL EXAMENS'",
                "'veel'",
            ],
        ),
        (
            "doorstroom_fout.csv",
            [
                "doorstroom_fout.csv, regel 2, kolom 'SECTORKAMER'",
                "alleen bij een mbo-bestemming",
                "doorstroom_fout.csv, regel 3, kolom 'SECTORKAMER': onbekende sectorkamer",
                "doorstroom_fout.csv, regel 4, kolom 'BESTEMMING'",
                "'werk'",
            ],
        ),
        (
            "docenten_fout.csv",
            [
                "docenten_fout.csv, regel 2, kolom 'ZIJ-INSTROMER'",
                "'misschien'",
                "docenten_fout.csv, regel 3, kolom 'FTE'",
                "'drie'",
            ],
        ),
        (
            "leerling_pc4_fout.csv",
            [
                "leerling_pc4_fout.csv, regel 2, kolom 'POSTCODE LEERLING'",
                "'751'",
                "leerling_pc4_fout.csv, regel 3, kolom 'PROFIEL': onbekend profiel",
                "'Techniek'",
            ],
        ),
    ],
)
def test_bad_files_name_file_line_and_column(
    con: db.Connection, name: str, expected: list[str]
) -> None:
    message = refuse(con, name)
    for part in expected:
        assert part in message, message


def test_regio_conflicts_do_not_hide_other_periods(con: db.Connection) -> None:
    # In regio_fout_tegenstrijdig.csv line 6 puts 00AH00 in R02 for 2025-2029 only: no problem.
    message = refuse(con, "regio_fout_tegenstrijdig.csv")
    assert "regel 6" not in message
    assert message.startswith("regio_fout_tegenstrijdig.csv: 2 problemen")
