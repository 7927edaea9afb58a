"""Hostile files: one encoding per file, and zip/xlsx/GeoJSON containers named for what they are.

Every case is built in tmp_path. A refused file names the spot and a code, and every table of
the warehouse is byte-for-byte what it was (a checksum of each table, before and after).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import ExitCode, SourceFileError
from sto_monitor.ingest.runner import ingest_file
from sto_monitor.ingest.source import SourceFile
from tests.conftest import REAL, checksums, requires_real
from tests.duo_files import HEADER_2019, row_2019, write_csv

GOOD = row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"))


@pytest.fixture
def loaded(con: db.Connection, tmp_path: Path) -> db.Connection:
    """A warehouse that already holds one good file, so we can see it is left untouched."""
    ingest_file(con, write_csv(tmp_path / "goed-2019.csv", HEADER_2019, [GOOD]))
    return con


def refuse(con: db.Connection, path: Path, code: str) -> SourceFileError:
    before = checksums(con)
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, path)
    assert checksums(con) == before, "a refused file must leave every table as it was"
    assert [p.code for p in caught.value.problems] == [code]
    assert caught.value.exit_code == ExitCode.SOURCE_FILE
    return caught.value


def geojson(code: str = "00AH01", naam: str = "Scholengemeenschap Zuidvögel") -> bytes:
    feature = {
        "type": "Feature",
        "properties": {"vestigingscode": code, "naam": naam, "plaats": "Assen"},
        "geometry": {"type": "Point", "coordinates": [6.56, 53.0]},
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# --- encoding ------------------------------------------------------------------------------
def test_utf8_file_with_one_invalid_byte_is_refused_naming_line_and_byte(
    loaded: db.Connection, tmp_path: Path
) -> None:
    naam = "Scholengemeenschap Ölçü"
    rows = [row_2019("12AB", f"0{i}", "VMBO BL lj 3-4", "Groen", naam=naam) for i in range(3)]
    path = write_csv(tmp_path / "gemengd-2020.csv", HEADER_2019, rows, encoding="utf-8")
    data = path.read_bytes()
    line3 = data.index(b"\n", data.index(b"\n") + 1) + 1  # start of line 3
    spot = data.index(b"Scholen", line3)
    path.write_bytes(data[:spot] + b"\xe9" + data[spot:])  # one latin-1 e-acute, line 3
    error = refuse(loaded, path, "codering-gemengd")
    [problem] = error.problems
    assert problem.line == 3
    column = spot - line3 + 1
    assert f"ongeldige UTF-8-byte 0xE9 op positie {column} (byte) van de regel" in problem.message
    assert str(error).startswith("gemengd-2020.csv, regel 3: ")


def test_latin1_file_loads_as_latin1(con: db.Connection, tmp_path: Path) -> None:
    rows = [row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"), naam="Café Ölçü")]
    path = write_csv(tmp_path / "latin-2019.csv", HEADER_2019, rows, encoding="latin-1")
    assert SourceFile.open(path).encoding == "latin-1"
    outcome = ingest_file(con, path)
    assert outcome.status == "geladen"
    codering = con.execute("SELECT codering FROM bron WHERE bron_id = ?", [outcome.bron_id])
    assert codering.fetchall() == [("latin-1",)]


@requires_real
def test_real_latin1_exam_file_still_loads_as_latin1(con: db.Connection) -> None:
    path = REAL / "examens_vo" / "examenkandidaten-en-geslaagden-2014-2019.csv"
    outcome = ingest_file(con, path)
    assert outcome.status == "geladen"
    codering = con.execute("SELECT codering FROM bron WHERE bron_id = ?", [outcome.bron_id])
    assert codering.fetchall() == [("latin-1",)]


# --- containers ------------------------------------------------------------------------------
def test_text_file_named_xlsx(loaded: db.Connection, tmp_path: Path) -> None:
    path = tmp_path / "kerncijfers.xlsx"
    path.write_text("dit is gewoon tekst\nen geen werkmap\n", encoding="utf-8")
    error = refuse(loaded, path, "geen-xlsx")
    assert str(error) == "kerncijfers.xlsx: geen geldig xlsx-bestand (het is geen zip)"


def test_zip_named_xlsx_without_workbook(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "kerncijfers.xlsx", {"lees-mij.txt": b"hallo"})
    error = refuse(loaded, path, "geen-xlsx")
    assert "geen geldig xlsx-bestand (een zip zonder werkmap 'xl/')" in str(error)


def test_damaged_xlsx(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "kapot.xlsx", {"xl/workbook.xml": b"<geen xml"})
    error = refuse(loaded, path, "geen-xlsx")
    assert "kapot.xlsx: geen geldig xlsx-bestand (kan de werkmap niet openen" in str(error)


def test_zip_without_json(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "scholen.geo.zip", {"lees-mij.txt": b"hallo", "a.csv": b"x;y"})
    error = refuse(loaded, path, "zip-zonder-geojson")
    assert str(error) == (
        "scholen.geo.zip: zip bevat geen GeoJSON-bestand (inhoud: lees-mij.txt, a.csv)"
    )


def test_zip_with_two_json_files(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "scholen.geo.zip", {"a.geojson": geojson(), "b.json": geojson()})
    refuse(loaded, path, "zip-meerdere-geojson")


@pytest.mark.parametrize("member", ["../../x.json", "/etc/x.json", "map/x.json", "a\\x.json"])
def test_zip_member_with_a_path_is_refused_by_name(
    loaded: db.Connection, tmp_path: Path, member: str
) -> None:
    path = write_zip(tmp_path / "scholen20240101.geo.zip", {member: geojson()})
    error = refuse(loaded, path, "zip-onveilig")
    assert f"zip bevat een bestand met een onveilige naam {member!r}" in str(error)


def test_zip_bomb(loaded: db.Connection, tmp_path: Path) -> None:
    path = tmp_path / "scholen20240101.geo.zip"
    zeros = bytes(10_000_000)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("scholen.geo.json", "w") as member,
    ):
        for _ in range(30):  # 300 MB of zeros, written in chunks
            member.write(zeros)
    assert path.stat().st_size < 2_000_000
    error = refuse(loaded, path, "zip-te-groot")
    assert "zip pakt uit tot 300 MB, meer dan de grens van 200 MB (een zip-bom?)" in str(error)


def test_zip_with_too_many_members(loaded: db.Connection, tmp_path: Path) -> None:
    members = {f"leeg{i}.txt": b"" for i in range(1001)}
    refuse(loaded, write_zip(tmp_path / "veel.zip", members), "zip-te-groot")


def test_damaged_zip(loaded: db.Connection, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "scholen.geo.zip", {"scholen.geo.json": geojson()})
    path.write_bytes(path.read_bytes()[:-30])  # the central directory is cut off
    error = refuse(loaded, path, "zip-onleesbaar")
    assert "geen geldig zip-bestand (beschadigd:" in str(error)


def test_zip_member_with_mixed_encoding(loaded: db.Connection, tmp_path: Path) -> None:
    body = geojson(naam="Zuidvögel Ölçü")
    body = body.replace(b'"Assen"', b'"Ass\xe9n"')
    path = write_zip(tmp_path / "scholen20240101.geo.zip", {"scholen.geo.json": body})
    error = refuse(loaded, path, "codering-gemengd")
    assert "ongeldige UTF-8-byte 0xE9 in scholen.geo.json op positie" in str(error)
    assert error.problems[0].line == 1


def test_good_zip_still_loads_and_records_no_text_encoding(
    con: db.Connection, tmp_path: Path
) -> None:
    path = write_zip(tmp_path / "scholen20240101.geo.zip", {"scholen.geo.json": geojson()})
    outcome = ingest_file(con, path)
    assert outcome.status == "geladen"
    assert con.execute("SELECT naam FROM vestiging_geo").fetchall() == [
        ("Scholengemeenschap Zuidvögel",)
    ]
    codering = con.execute("SELECT codering FROM bron WHERE bron_id = ?", [outcome.bron_id])
    assert codering.fetchall() == [(None,)]


def test_cli_refuses_an_unsafe_zip_with_exit_code_3(tmp_path: Path) -> None:
    members = {"scholen.geo.json": geojson(), "../x.json": b"{}"}
    path = write_zip(tmp_path / "scholen20240101.geo.zip", members)
    database = tmp_path / "cli.duckdb"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sto_monitor",
            "ingest",
            str(path),
            "--db",
            str(database),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == ExitCode.SOURCE_FILE
    assert "onveilige naam '../x.json'" in " ".join(result.stderr.split())  # rich wraps lines
