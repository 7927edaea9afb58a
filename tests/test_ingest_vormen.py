"""Ingest refuses every malformed value: one hostile file per case.

Each file is refused with the problem's code, line and column, and every table of the
warehouse is byte for byte what it was before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import ExitCode, Problem, SourceFileError
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import checksums
from tests.duo_files import HEADER_2019, row_2019, write_csv
from tests.test_ingest_errors import ingest_cli

LJ3_MAN = "LEER- OF VERBLIJFSJAAR 3 - MAN"
GOOD = row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"))
REGIO_HEADER = "PERIODE;REGIOCODE;REGIONAAM;TECHNIEKLUW;VESTIGINGSCODE;STATUS"
DOCENTEN_HEADER = "SCHOOLJAAR;VESTIGINGSCODE;PROFIELGROEP;ZIJ-INSTROMER;FTE;PERSONEN"
KEUZEVAK_HEADER = (
    "SCHOOLJAAR;VESTIGINGSCODE;LEERWEG;KEUZEVAK CODE;KEUZEVAK NAAM;KEUZEVAK PROFIEL;"
    "PROFIEL LEERLING;AANTAL EXAMENS"
)
VESTIGINGEN_HEADER = (
    "BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;"
    "COROPGEBIED CODE"
)
KOPPEL_HEADER = "gemeentCode;gemeenteNaam;veiligheidsRegioNaam;provincieCode;Provincie"


@pytest.fixture
def loaded(con: db.Connection, tmp_path: Path) -> db.Connection:
    """A warehouse with a leerlingen file and a regio file, to see that both stay."""
    ingest_file(con, write_csv(tmp_path / "goed-2019.csv", HEADER_2019, [GOOD]))
    regio = tmp_path / "regio-goed.csv"
    regio.write_text(f"{REGIO_HEADER}\n2020-2024;R01;Regio Noord;nee;12AB00;officieel\n")
    ingest_file(con, regio)
    return con


def refuse(con: db.Connection, path: Path) -> list[Problem]:
    before = checksums(con)
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, path)
    assert checksums(con) == before, "a refused file must leave every table as it was"
    return caught.value.problems


def spots(problems: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.line, p.column) for p in problems]


def text_file(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


# --- counts ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["1e9", "+5", "5.0", "5,0", "1 000", "-1", "0x10", "<4"])
def test_a_count_is_digits_or_masked(loaded: db.Connection, tmp_path: Path, value: str) -> None:
    bad = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", (value, "6"))
    path = write_csv(tmp_path / "aantal-2020.csv", HEADER_2019, [GOOD, bad])
    problems = refuse(loaded, path)
    assert spots(problems) == [("geen-aantal", 3, LJ3_MAN)]
    assert problems[0].value == value


def test_masked_leading_zero_and_blank_counts_still_load(
    con: db.Connection, tmp_path: Path
) -> None:
    rows = [
        row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("<5", " 007 ")),
        row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("", "12")),
    ]
    ingest_file(con, write_csv(tmp_path / "goed-2020.csv", HEADER_2019, rows))
    assert con.execute(
        "SELECT vestiging, geslacht, aantal_min, aantal_max FROM leerlingen ORDER BY ALL"
    ).fetchall() == [
        ("12AB00", "man", 1, 4),
        ("12AB00", "vrouw", 7, 7),
        ("12AB01", "vrouw", 12, 12),
    ]


def test_an_implausible_count_is_refused(loaded: db.Connection, tmp_path: Path) -> None:
    bad = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("10001", "6"))
    problems = refuse(loaded, write_csv(tmp_path / "groot-2020.csv", HEADER_2019, [bad]))
    assert spots(problems) == [("aantal-te-groot", 2, LJ3_MAN)]
    assert "meer dan 10000" in problems[0].message and "STO_MAX_AANTAL" in problems[0].message
    huge = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("9" * 30, "6"))
    problems = refuse(loaded, write_csv(tmp_path / "enorm-2020.csv", HEADER_2019, [huge]))
    assert spots(problems) == [("aantal-te-groot", 2, LJ3_MAN)]


def test_the_count_limit_is_a_setting(
    loaded: db.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STO_MAX_AANTAL", "100")
    bad = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("150", "6"))
    problems = refuse(loaded, write_csv(tmp_path / "limiet-2020.csv", HEADER_2019, [bad]))
    assert spots(problems) == [("aantal-te-groot", 2, LJ3_MAN)]
    assert "meer dan 100;" in problems[0].message


def test_own_layout_count_with_exponent(loaded: db.Connection, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "docenten.csv",
        DOCENTEN_HEADER,
        "2023;12AB00;techniek;ja;3,4;4",
        "2023;12AB00;algemeen;nee;1,0;1e3",
    )
    assert spots(refuse(loaded, path)) == [("geen-aantal", 3, "PERSONEN")]


# --- duplicate keys -------------------------------------------------------------------------
def test_a_repeated_leerlingen_line_is_refused(loaded: db.Connection, tmp_path: Path) -> None:
    other = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("3", "6"))
    # "0" and "00" are the same vestiging: the repeat may not hide behind a leading zero.
    again = ["12AB", "0", *GOOD[2:]]
    path = write_csv(tmp_path / "dubbel-2020.csv", HEADER_2019, [GOOD, other, again])
    [problem] = refuse(loaded, path)
    assert (problem.code, problem.line) == ("dubbele-regel", 4)
    assert problem.column is not None and problem.column.startswith("BRIN NUMMER + ")
    assert "regel 2" in problem.message


def test_the_2016_lwoo_split_is_not_a_repeat(con: db.Connection, tmp_path: Path) -> None:
    header = [*HEADER_2019[:6], "LWOO INDICATIE", *HEADER_2019[6:]]
    rows = [[*row[:6], lwoo, *row[6:]] for row, lwoo in ((GOOD, "J"), (GOOD, "N"))]
    ingest_file(con, write_csv(tmp_path / "lwoo-2016.csv", header, rows))
    assert con.execute("SELECT count(*) FROM leerlingen").fetchall() == [(4,)]
    again = write_csv(tmp_path / "lwoo-dubbel-2017.csv", header, [*rows, rows[0]])
    assert spots(refuse(con, again))[0][:2] == ("dubbele-regel", 4)


@pytest.mark.parametrize(
    ("name", "header", "lines", "line"),
    [
        (
            "docenten.csv",
            DOCENTEN_HEADER,
            ["2023;12AB00;techniek;ja;3,4;4", "2023;12ab00;Techniek;JA;1,0;1"],
            3,
        ),
        (
            "regio.csv",
            REGIO_HEADER,
            [
                "2025-2029;R01;Regio Noord;nee;12AB00;officieel",
                "2025-2029;R01;Regio Noord;nee;12AB01;officieel",
                "2025-2029;R01;Regio Noord;nee;12AB00;officieel",
            ],
            4,
        ),
        (
            "vestigingen.csv",
            VESTIGINGEN_HEADER,
            ["12AB;00;School;9406 NN;ASSEN;0106;07", "12AB;12AB00;School;9406 NN;ASSEN;0106;07"],
            3,
        ),
        (
            "koppel.csv",
            KOPPEL_HEADER,
            ["GM0106;Assen;Drenthe;PV22;Drenthe", "GM0106;Assen;Drenthe;PV22;Drenthe"],
            3,
        ),
    ],
)
def test_a_repeated_key_is_refused_naming_both_lines(
    loaded: db.Connection, tmp_path: Path, name: str, header: str, lines: list[str], line: int
) -> None:
    [problem] = refuse(loaded, text_file(tmp_path / name, header, *lines))
    assert (problem.code, problem.line) == ("dubbele-regel", line)
    assert "regel 2" in problem.message


# --- codes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["=1+1", "+R01", "@R01", "R 01", "-R01", "R0123456789ABCDEFG"])
def test_a_regiocode_has_a_shape(loaded: db.Connection, tmp_path: Path, code: str) -> None:
    path = text_file(
        tmp_path / "regio.csv",
        REGIO_HEADER,
        "2025-2029;R01;Regio Noord;nee;12AB00;officieel",
        f"2025-2029;{code};Regio Zuid;nee;12AB01;officieel",
    )
    assert spots(refuse(loaded, path)) == [("ongeldige-code", 3, "REGIOCODE")]


def test_regiocodes_of_an_official_list_load(con: db.Connection, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "regio.csv",
        REGIO_HEADER,
        "2025-2029;R07;Regio Noord;nee;12AB00;officieel",
        "2025-2029;STO-2025-12;Regio Zuid;ja;12AB01;officieel",
    )
    ingest_file(con, path)
    assert con.execute("SELECT regio FROM regio ORDER BY 1").fetchall() == [
        ("R07",),
        ("STO-2025-12",),
    ]


def test_keuzevak_code_without_formula(loaded: db.Connection, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "keuzevakken.csv",
        KEUZEVAK_HEADER,
        "2022;12AB00;kb;K/PIE/1;Domotica;PIE;MVI;12",
        '2022;12AB00;kb;=HYPERLINK("x");Domotica;PIE;MVI;12',
    )
    assert spots(refuse(loaded, path)) == [("ongeldige-code", 3, "KEUZEVAK CODE")]


def test_vestigingscode_of_another_brin(loaded: db.Connection, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "vestigingen.csv",
        VESTIGINGEN_HEADER,
        "12AB;12AB00;School;9406 NN;ASSEN;0106;07",
        "12AB;99ZZ00;School;9406 NN;ASSEN;0106;07",
    )
    assert spots(refuse(loaded, path)) == [("vestigingscode", 3, "VESTIGINGSNUMMER")]


def test_empty_brin_in_leerlingen(loaded: db.Connection, tmp_path: Path) -> None:
    bad = row_2019("", "01", "VMBO BL lj 3-4", "Groen", ("3", "6"))
    problems = refuse(loaded, write_csv(tmp_path / "brin-2020.csv", HEADER_2019, [bad]))
    assert ("vestigingscode", 2, "BRIN NUMMER") in spots(problems)


@pytest.mark.parametrize("code", ["GM14", "GM00140", "=1+1"])
def test_gemeentecode_in_koppelcodes(loaded: db.Connection, tmp_path: Path, code: str) -> None:
    path = text_file(tmp_path / "koppel.csv", KOPPEL_HEADER, f"{code};Assen;Drenthe;PV22;Drenthe")
    assert spots(refuse(loaded, path)) == [("ongeldige-code", 2, "gemeentCode")]


# --- names ----------------------------------------------------------------------------------
@pytest.mark.parametrize("char", ["\x1b", "\x01", "\x7f", "\t"])
def test_a_name_with_a_control_character(loaded: db.Connection, tmp_path: Path, char: str) -> None:
    bad = row_2019("12AB", "01", "VMBO BL lj 3-4", "Groen", ("3", "6"), naam=f"School{char}[2J")
    problems = refuse(loaded, write_csv(tmp_path / "naam-2020.csv", HEADER_2019, [GOOD, bad]))
    assert spots(problems) == [("stuurteken", 3, "INSTELLINGSNAAM VESTIGING")]


def test_a_regio_name_with_a_control_character(loaded: db.Connection, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "regio.csv", REGIO_HEADER, "2025-2029;R01;Regio\x00Noord;nee;12AB00;officieel"
    )
    assert spots(refuse(loaded, path)) == [("stuurteken", 2, "REGIONAAM")]


def test_names_with_accents_and_quotes_load(con: db.Connection, tmp_path: Path) -> None:
    row = row_2019(
        "12AB", "00", "VMBO BL lj 3-4", "Groen", ("3", "6"), naam="Scholengroep 't Ühland & Cø"
    )
    ingest_file(con, write_csv(tmp_path / "naam-2020.csv", HEADER_2019, [row]))
    assert con.execute("SELECT naam FROM vestiging_jaar").fetchall() == [
        ("Scholengroep 't Ühland & Cø",)
    ]


# --- the command line -----------------------------------------------------------------------
def test_cli_refuses_with_exit_code_3(tmp_path: Path) -> None:
    result, database = ingest_cli(tmp_path, "vijandig-2020.csv", "1e9")
    assert result.returncode == ExitCode.SOURCE_FILE, result.stderr
    [problem] = json.loads((tmp_path / "problemen.json").read_text(encoding="utf-8"))
    assert (problem["line"], problem["column"], problem["value"], problem["code"]) == (
        2,
        LJ3_MAN,
        "1e9",
        "geen-aantal",
    )
    con = db.connect(database, read_only=True)
    assert con.execute("SELECT bestand FROM bron").fetchall() == [("goed-2019.csv",)]
    assert con.execute("SELECT max(aantal_max) FROM leerlingen").fetchall() == [(6,)]
    con.close()
