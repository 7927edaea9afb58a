"""Bad input: one clear message naming file, line and column; the database stays as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import ExitCode, SourceFileError
from sto_monitor.ingest.runner import ingest_file
from tests.duo_files import HEADER_2019, row_2019, write_csv

GOOD = row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"))


def snapshot(con: db.Connection) -> tuple[dict[str, int], list[tuple[object, ...]]]:
    return db.table_counts(con), con.execute("SELECT * FROM bron ORDER BY 1").fetchall()


@pytest.fixture
def loaded(con: db.Connection, tmp_path: Path) -> db.Connection:
    """A warehouse that already holds one good file, so we can see it is left untouched."""
    ingest_file(con, write_csv(tmp_path / "goed-2019.csv", HEADER_2019, [GOOD]))
    return con


def refuse(con: db.Connection, path: Path) -> SourceFileError:
    before = snapshot(con)
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, path)
    assert snapshot(con) == before, "a refused file must leave the database as it was"
    return caught.value


def test_empty_file(loaded: db.Connection, tmp_path: Path) -> None:
    path = tmp_path / "leeg-2019.csv"
    path.write_bytes(b"")
    error = refuse(loaded, path)
    assert str(error) == "leeg-2019.csv: het bestand is leeg"


def test_header_only(loaded: db.Connection, tmp_path: Path) -> None:
    error = refuse(loaded, write_csv(tmp_path / "kop-2020.csv", HEADER_2019, []))
    assert "kop-2020.csv" in str(error) and "alleen een kopregel" in str(error)


def test_truncated_last_line(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kapot-2020.csv", HEADER_2019, [GOOD, GOOD])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])  # cut in the middle of line 3
    error = refuse(loaded, path)
    [problem] = error.problems
    assert problem.line == 3
    assert "te weinig velden" in problem.message
    assert str(error).startswith("kapot-2020.csv, regel 3")


def test_data_lines_with_another_delimiter(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gemengd-2020.csv", HEADER_2019, [GOOD])
    with path.open("a", encoding="latin-1") as handle:
        handle.write(",".join(GOOD) + "\n")
        handle.write(",".join(GOOD) + "\n")
    error = refuse(loaded, path)
    assert [p.line for p in error.problems] == [3, 4]
    assert error.total == 2


def test_header_with_unknown_delimiter(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dubbele-punt-2020.csv", HEADER_2019, [GOOD], delimiter=":")
    error = refuse(loaded, path)
    assert "scheidingsteken ';'" in str(error) and "regel 1" in str(error)


def test_html_error_page_saved_as_csv(loaded: db.Connection, tmp_path: Path) -> None:
    path = tmp_path / "leerlingen-2020.csv"
    path.write_text("<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n")
    error = refuse(loaded, path)
    assert "HTML-pagina" in str(error)


def test_unknown_layout_names_missing_columns(loaded: db.Connection, tmp_path: Path) -> None:
    header = [h for h in HEADER_2019 if h != "AFDELING"]
    path = write_csv(tmp_path / "zonder-afdeling-2020.csv", header, [GOOD[:7] + GOOD[8:]])
    error = refuse(loaded, path)
    assert "lijkt op duo-leerlingen-2019" in str(error) and "'AFDELING'" in str(error)


def test_every_bad_count_is_reported_with_line_and_column(
    loaded: db.Connection, tmp_path: Path
) -> None:
    # Each line its own vestiging: a repeated line would be a problem of its own.
    bad_text = row_2019("12AB", "02", "VMBO BL lj 3-4", "Groen", ("vijf", "6"))
    other = row_2019("12AB", "03", "VMBO BL lj 3-4", "Groen", ("5", "6"))
    bad_negative = row_2019("12AB", "01", "VMBO KL lj 3-4", "Groen", ("5", "-3"))
    path = write_csv(
        tmp_path / "tellingen-2020.csv", HEADER_2019, [GOOD, bad_text, other, bad_negative]
    )
    error = refuse(loaded, path)
    assert [(p.line, p.column, p.value) for p in error.problems] == [
        (3, "LEER- OF VERBLIJFSJAAR 3 - MAN", "vijf"),
        (5, "LEER- OF VERBLIJFSJAAR 3 - VROUW", "-3"),
    ]
    assert "verwacht een aantal" in error.problems[0].message


def test_unknown_profiel(loaded: db.Connection, tmp_path: Path) -> None:
    bad = row_2019("12AB", "00", "VMBO KL lj 3-4", "Ruimtevaarttechniek", ("5", "6"))
    error = refuse(loaded, write_csv(tmp_path / "profiel-2020.csv", HEADER_2019, [GOOD, bad]))
    [problem] = error.problems
    assert (problem.line, problem.column, problem.value) == (3, "AFDELING", "Ruimtevaarttechniek")
    assert problem.code == "onbekend-profiel"


def test_vestiging_code_of_the_wrong_shape(loaded: db.Connection, tmp_path: Path) -> None:
    bad = row_2019("1AB", "000", "VMBO KL lj 3-4", "Groen", ("5", "6"))
    error = refuse(loaded, write_csv(tmp_path / "code-2020.csv", HEADER_2019, [bad]))
    assert [(p.line, p.column) for p in error.problems] == [
        (2, "BRIN NUMMER"),
        (2, "VESTIGINGSNUMMER"),
    ]


def test_no_school_year_anywhere(loaded: db.Connection, tmp_path: Path) -> None:
    other = row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("8", "6"))
    error = refuse(loaded, write_csv(tmp_path / "leerlingen.csv", HEADER_2019, [other]))
    assert "--schooljaar" in str(error)


def ingest_cli(
    tmp_path: Path, naam: str, waarde: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`sto ingest` of a good file and one whose first count is ``waarde``, in a subprocess;
    the result and the database (problems in problemen.json)."""
    good = write_csv(tmp_path / "goed-2019.csv", HEADER_2019, [GOOD])
    bad = write_csv(
        tmp_path / naam,
        HEADER_2019,
        [row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", (waarde, "6"))],
    )
    database = tmp_path / "cli.duckdb"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sto_monitor",
            "ingest",
            str(good),
            str(bad),
            "--db",
            str(database),
            "--quiet",
            "--problemen",
            str(tmp_path / "problemen.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return result, database


def test_cli_exit_code_and_message(tmp_path: Path) -> None:
    result, database = ingest_cli(tmp_path, "slecht-2020.csv", "x")
    assert result.returncode == ExitCode.SOURCE_FILE
    assert "slecht-2020.csv, regel 2, kolom 'LEER- OF VERBLIJFSJAAR 3 - MAN'" in result.stderr
    con = db.connect(database, read_only=True)
    assert con.execute("SELECT bestand FROM bron").fetchall() == [("goed-2019.csv",)]
    con.close()
    [problem] = json.loads((tmp_path / "problemen.json").read_text(encoding="utf-8"))
    assert (problem["file"], problem["line"], problem["value"], problem["code"]) == (
        "slecht-2020.csv",
        2,
        "x",
        "geen-aantal",
    )
