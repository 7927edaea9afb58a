"""``sto controleer``: the problems of ``sto ingest`` and warnings, and nothing written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.ingest.runner import ingest_file
from tests.duo_files import HEADER_2019, row_2019, write_csv

DATA = Path(__file__).parent / "data" / "ingest"
ADRESSEN = DATA / "vestigingen" / "vestigingen_2025_03.csv"  # 00AH00, 00AH01, 00TQ..


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def checksum(path: Path) -> str:
    """A hash of every row of every table, and of the next bron_id."""
    con = db.connect(path, read_only=True)
    try:
        digest = hashlib.sha256()
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
            digest.update(f"{table}{rows!r}".encode())
        seq = con.execute(
            "SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'bron_id_seq'"
        ).fetchall()
        digest.update(repr(seq).encode())
        return digest.hexdigest()
    finally:
        con.close()


def leerlingen(
    tmp: Path,
    name: str,
    jaar: int,
    cells: dict[str, tuple[str, str]],
    onderwijstypen: dict[str, str] | None = None,
) -> Path:
    """A tiny leerlingen file: per vestiging (BRIN + nr) its leerjaar 3 counts, kb unless
    ``onderwijstypen`` says otherwise."""
    soort = onderwijstypen or {}
    header = ["PEILDATUM", *HEADER_2019]
    rows = [
        [
            f"{jaar}-10-01",
            *row_2019(v[:4], v[4:], soort.get(v, "VMBO KB lj 3-4"), "PIE", counts),
        ]
        for v, counts in cells.items()
    ]
    return write_csv(tmp / name, header, rows)


def load(path: Path, *files: Path) -> None:
    con = db.connect(path)
    try:
        for f in files:
            assert ingest_file(con, f).status == "geladen"
    finally:
        con.close()


def codes(result_json: Path) -> list[tuple[str, str]]:
    found = json.loads(result_json.read_text(encoding="utf-8"))
    return [(f["soort"], f["code"]) for f in found]


def test_good_file_screens_clean_and_nothing_is_written(db_path: Path, tmp_path: Path) -> None:
    load(db_path, ADRESSEN)
    before = checksum(db_path)
    good = leerlingen(tmp_path, "l.csv", 2024, {"00AH00": ("10", "12")})
    out = tmp_path / "p.json"
    result = run("controleer", "--db", str(db_path), "--problemen", str(out), str(good))
    assert result.exit_code == 0, result.output
    assert "in orde" in result.output
    assert json.loads(out.read_text(encoding="utf-8")) == []
    assert checksum(db_path) == before
    # an already loaded file is screened again, still without writing
    load(db_path, good)
    before = checksum(db_path)
    assert run("controleer", "--db", str(db_path), str(good)).exit_code == 0
    assert checksum(db_path) == before


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    database = tmp_path / "nieuw.duckdb"
    good = leerlingen(tmp_path, "l.csv", 2024, {"00AH00": ("10", "12")})
    result = run("controleer", "--db", str(database), str(good))
    assert result.exit_code == 0, result.output
    assert "lege database" in result.output and "overgeslagen" in result.output
    assert not database.exists()


def test_outdated_database_is_screened_on_a_copy(db_path: Path, tmp_path: Path) -> None:
    # Opening an older schema for writing would upgrade it; screening must not (the same path
    # serves a read-only or locked file).
    load(db_path, ADRESSEN)
    con = db.connect(db_path)
    con.execute("UPDATE schema_versie SET versie = 'oud'")
    con.close()
    before = checksum(db_path)
    bad = leerlingen(tmp_path, "l.csv", 2024, {"99ZZ00": ("10", "12")})
    out = tmp_path / "p.json"
    result = run("controleer", "--db", str(db_path), "--problemen", str(out), str(bad))
    assert result.exit_code == 0, result.output
    assert "kopie" in result.output
    assert codes(out) == [("waarschuwing", "onbekende-vestiging")]
    assert checksum(db_path) == before


def test_bad_file_gives_exit_3_and_the_problems_of_ingest(db_path: Path, tmp_path: Path) -> None:
    bad = DATA / "eigen" / "regio_fout_waarden.csv"
    load(db_path, ADRESSEN)
    before = checksum(db_path)
    screened, ingested = tmp_path / "controleer.json", tmp_path / "ingest.json"
    result = run("controleer", "--db", str(db_path), "--problemen", str(screened), str(bad))
    assert result.exit_code == 3, result.output
    assert checksum(db_path) == before
    result = run("ingest", "--db", str(db_path), "--problemen", str(ingested), str(bad))
    assert result.exit_code == 3
    from_ingest = json.loads(ingested.read_text(encoding="utf-8"))
    from_screen = json.loads(screened.read_text(encoding="utf-8"))
    assert from_ingest  # file, line and column as ingest reports them
    assert [{k: v for k, v in f.items() if k != "soort"} for f in from_screen] == from_ingest
    assert {f["soort"] for f in from_screen} == {"fout"}


def test_grote_verandering(db_path: Path, tmp_path: Path) -> None:
    vorig = leerlingen(tmp_path, "a.csv", 2023, {"00AH00": ("10", "10"), "00AH01": ("10", "10")})
    load(db_path, vorig)
    nieuw = leerlingen(tmp_path, "b.csv", 2024, {"00AH00": ("30", "20"), "00AH01": ("12", "10")})
    out = tmp_path / "p.json"
    result = run("controleer", "--db", str(db_path), "--problemen", str(out), str(nieuw))
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    assert [(f["code"], f["value"]) for f in found] == [("grote-verandering", "00AH00")]
    assert "+150 %" in found[0]["message"]
    # a larger allowed change: no warning
    result = run(
        "controleer",
        "--db",
        str(db_path),
        "--max-verandering",
        "200",
        "--problemen",
        str(out),
        str(nieuw),
    )
    assert result.exit_code == 0 and codes(out) == []


def test_onbekende_vestiging_only_with_addresses_loaded(db_path: Path, tmp_path: Path) -> None:
    bestand = leerlingen(tmp_path, "l.csv", 2024, {"00AH00": ("1", "1"), "99ZZ00": ("1", "1")})
    out = tmp_path / "p.json"
    load(db_path)
    assert (
        run("controleer", "--db", str(db_path), "--problemen", str(out), str(bestand)).exit_code
        == 0
    )
    assert codes(out) == []
    load(db_path, ADRESSEN)
    result = run("controleer", "--db", str(db_path), "--problemen", str(out), str(bestand))
    assert result.exit_code == 0
    found = json.loads(out.read_text(encoding="utf-8"))
    assert [(f["code"], f["value"]) for f in found] == [("onbekende-vestiging", "99ZZ00")]


def screen_region_of_00ah00(db_path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """`sto controleer` of a region list holding only vestiging 00AH00: its findings."""
    regio = tmp_path / "regio.csv"
    regio.write_text(
        "PERIODE;REGIOCODE;REGIONAAM;TECHNIEKLUW;VESTIGINGSCODE\n"
        "2020-2024;R01;Regio Een;ja;00AH00\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.json"
    result = run("controleer", "--db", str(db_path), "--problemen", str(out), str(regio))
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return found


def test_regio_mist_vestigingen(db_path: Path, tmp_path: Path) -> None:
    load(
        db_path,
        leerlingen(tmp_path, "l.csv", 2023, {"00AH00": ("5", "5"), "00AH02": ("5", "5")}),
    )
    found = screen_region_of_00ah00(db_path, tmp_path)
    assert [(f["code"], f["value"]) for f in found] == [("regio-mist-vestigingen", "2020-2024")]
    assert "00AH02" in found[0]["message"] and "00AH00" not in found[0]["message"]


def test_a_vestiging_with_only_tl_needs_no_region(db_path: Path, tmp_path: Path) -> None:
    """STO regions group the schools of bb/kb/gl; a school of only tl is rightly left out."""
    cells = {"00AH00": ("5", "5"), "00AH03": ("9", "9")}
    load(db_path, leerlingen(tmp_path, "l.csv", 2023, cells, {"00AH03": "VMBO TL lj 3-4"}))
    assert screen_region_of_00ah00(db_path, tmp_path) == []


def test_ingest_prints_the_warning_but_loads(db_path: Path, tmp_path: Path) -> None:
    load(db_path, ADRESSEN)
    bestand = leerlingen(tmp_path, "l.csv", 2024, {"99ZZ00": ("3", "4")})
    result = run("ingest", "--db", str(db_path), str(bestand))
    assert result.exit_code == 0, result.output
    assert "waarschuwing" in result.output and "99ZZ00" in result.output
    con = db.connect(db_path, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM leerlingen").fetchall() == [(2,)]
    finally:
        con.close()
