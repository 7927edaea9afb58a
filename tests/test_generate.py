"""Tests for ``sto_monitor.generate``: the synthetic country in the real file layouts."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from sto_monitor import db
from sto_monitor.domain import TECHNIEK_PROFIELEN, leerweg_from_onderwijstype, profiel_for_afdeling
from sto_monitor.generate import VestigingPoint, demo_regions, generate
from sto_monitor.generate.calibration import load_calibration
from sto_monitor.generate.regions import to_km
from sto_monitor.ingest.runner import ingest_paths

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
CODE = re.compile(r"^\d\d[A-Z]{2}\d\d$")
COUNTS = [f"LEER- OF VERBLIJFSJAAR {j} - {s}" for j in range(1, 7) for s in ("MAN", "VROUW")]
HEADER_2019 = (
    "BRIN NUMMER;VESTIGINGSNUMMER;INSTELLINGSNAAM VESTIGING;PLAATSNAAM VESTIGING;"
    "PROVINCIE VESTIGING;ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR;VMBO SECTOR;"
    "AFDELING;ELEMENTCODE;OPLEIDINGSNAAM;" + ";".join(COUNTS)
)
HEADER_2023 = ";".join(
    f'"{h}"'
    for h in [
        "INSTELLINGSCODE",
        "VESTIGINGSCODE",
        "INSTELLINGSNAAM VESTIGING",
        "PLAATSNAAM VESTIGING",
        "PROVINCIE VESTIGING",
        "SAMENWERKINGSVERBAND PASSEND ONDERWIJS VO",
        "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
        "VMBO SECTOR",
        "AFDELING",
        "ERKENDE OPLEIDINGSCODE",
        "OPLEIDINGSNAAM",
        *COUNTS,
    ]
)
OWN_HEADERS = {
    "sto-regio.csv": "PERIODE;REGIOCODE;REGIONAAM;TECHNIEKLUW;VESTIGINGSCODE;STATUS",
    "sto-keuzevakken.csv": "SCHOOLJAAR;VESTIGINGSCODE;LEERWEG;KEUZEVAK CODE;KEUZEVAK NAAM;"
    "KEUZEVAK PROFIEL;PROFIEL LEERLING;AANTAL EXAMENS",
    "sto-doorstroom.csv": "SCHOOLJAAR;VESTIGINGSCODE;PROFIEL;LEERWEG;BESTEMMING;SECTORKAMER;AANTAL",
    "sto-docenten.csv": "SCHOOLJAAR;VESTIGINGSCODE;PROFIELGROEP;ZIJ-INSTROMER;FTE;PERSONEN",
    "sto-leerling-pc4.csv": "SCHOOLJAAR;VESTIGINGSCODE;PROFIEL;LEERWEG;POSTCODE LEERLING;AANTAL",
}
EXAM_HEADER = (
    "BRIN NUMMER;VESTIGINGSNUMMER;INSTELLINGSNAAM VESTIGING;GEMEENTENAAM VESTIGING;"
    "PROVINCIE VESTIGING;ONDERWIJSTYPE VO;LEERWEG VMBO;VMBO SECTOR;AFDELING;"
    "EXAMENKANDIDATEN;GESLAAGDEN;GEZAKTEN;GEMIDDELD CIJFER SCHOOLEXAMEN;"
    "GEMIDDELD CIJFER CENTRAAL EXAMEN;GEMIDDELD CIJFER CIJFERLIJST"
)


def _rows(path: Path, encoding: str) -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _third_years(rows: list[dict[str, str]]) -> tuple[int, int]:
    """bb+kb+gl third-years and technical third-years; ``<5`` counts as 2."""
    total = tech = 0
    for row in rows:
        if leerweg_from_onderwijstype(row["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"]) not in (
            "bb",
            "kb",
            "gl",
        ):
            continue
        n = sum(2 if row[k] == "<5" else int(row[k]) for k in COUNTS[4:6])
        total += n
        if profiel_for_afdeling(row["AFDELING"]) in TECHNIEK_PROFIELEN:
            tech += n
    return total, tech


def _vestigingen(path: Path) -> list[str]:
    return [row["VESTIGINGSNUMMER"] for row in _rows(path, "latin-1")]


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, int, int]]]:
    """Schaal 1, layout 2019, three years; also records the progress calls."""
    out = tmp_path_factory.mktemp("land")
    calls: list[tuple[str, int, int]] = []
    generate(
        out,
        jaren=[2019, 2020, 2021],
        seed=42,
        progress=lambda label, done, total: calls.append((label, done, total)),
    )
    return out, calls


@pytest.fixture(scope="module")
def modern(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("modern")
    generate(out, schaal=0.3, layout="2023", jaren=[2023], seed=7)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", schaal=0.1, jaren=[2020, 2021], seed=3)
    again = generate(tmp_path / "b", schaal=0.1, jaren=[2020, 2021], seed=3)
    other = generate(tmp_path / "c", schaal=0.1, jaren=[2020, 2021], seed=4)
    assert [p.name for p in first] == [p.name for p in again] == [p.name for p in other]
    for a, b in zip(first, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    leerlingen = "leerlingen-vo-per-vestiging-naar-onderwijstype-2020.csv"
    assert (tmp_path / "a" / leerlingen).read_bytes() != (tmp_path / "c" / leerlingen).read_bytes()


def test_layout_2019_header_encoding_and_exact_counts(country: tuple[Path, object]) -> None:
    out, _ = country
    raw = (out / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    text = raw.decode("latin-1")
    assert text.split("\n", 1)[0] == HEADER_2019
    assert not any(line.startswith('"') for line in text.splitlines())  # quoted only if needed
    assert {len(r) for r in csv.reader(io.StringIO(text), delimiter=";")} == {22}
    rows = _rows(out / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", "latin-1")
    assert all(len(r["VESTIGINGSNUMMER"]) == 2 and len(r["BRIN NUMMER"]) == 4 for r in rows)
    assert "<5" not in text
    assert {r["VMBO SECTOR"] for r in rows} >= {
        "Techniek",
        "Economie",
        "Zorg & Welzijn",
        "Landbouw",
        "Intersect. programma",
        "N.v.t.",
    }
    types = {r["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"] for r in rows}
    assert {
        "VMBO BL lj 3-4",
        "VMBO KL lj 3-4",
        "VMBO GL lj 3-4",
        "VMBO TL lj 3-4",
        "Brugjaar 1-2",
        "HAVO lj 4-5",
    } <= types
    afdelingen = {r["AFDELING"] for r in rows}
    assert "Produceren, installeren en energie" in afdelingen
    assert any(a.startswith(("Vakmanschapsroute", "Beroepsroute")) for a in afdelingen)


def test_layout_2023_quoted_bom_crlf_and_masked(modern: Path) -> None:
    path = modern / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2023.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").split("\r\n")
    assert lines[0] == HEADER_2023
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))[1:]
    counts = [cell for row in rows for cell in row[11:]]
    assert "<5" in counts
    assert not {"1", "2", "3", "4"} & set(counts)
    assert all(len(row[1]) == 2 and len(row[0]) == 4 for row in rows)
    assert all(line.startswith('"') and line.endswith('"') for line in lines[1:-1])
    pc4_counts = {
        line.rsplit(";", 1)[1]
        for line in (modern / "sto-leerling-pc4.csv").read_text("utf-8").splitlines()[1:]
    }
    assert "<5" in pc4_counts and not {"1", "2", "3", "4"} & pc4_counts


def test_first_year_matches_calibration(country: tuple[Path, object]) -> None:
    out, _ = country
    control = load_calibration().national["controle"]
    rows = _rows(out / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", "latin-1")
    total, tech = _third_years(rows)
    expected_total = control["derdejaars_bb_kb_gl"]
    expected_share = control["derdejaars_techniek"] / expected_total
    assert 60_000 < expected_total < 63_000  # the real 2019 figure is 61,508
    assert abs(total - expected_total) / expected_total < 0.03
    assert abs(tech / total - expected_share) < 0.01


def test_vmbo_declines_and_technical_share_rises(country: tuple[Path, object]) -> None:
    out, _ = country
    per_year = [
        _third_years(
            _rows(out / f"leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv", "latin-1")
        )
        for year in (2019, 2020, 2021)
    ]
    totals = [t for t, _ in per_year]
    assert totals[0] > totals[1] > totals[2]
    # national drift about -0.9 % a year (vmbo -1.2 %, techniek growing); cohorts carry a year's
    # chance on to the next, so two years show it give or take half a percent
    yearly = (totals[2] / totals[0]) ** 0.5 - 1
    assert -0.03 < yearly < -0.001
    shares = [tech / total for total, tech in per_year]
    assert shares[2] > shares[0]


def test_exam_candidates_follow_previous_third_years(country: tuple[Path, object]) -> None:
    out, _ = country
    path = out / "geslaagden-gezakten-en-cijfers-2020-2021.csv"
    assert path.read_bytes().decode("latin-1").split("\n", 1)[0] == EXAM_HEADER
    exams = _rows(path, "latin-1")
    beroeps = [r for r in exams if r["LEERWEG VMBO"] in ("BL", "KL", "GL")]
    assert {r["AFDELING"] for r in beroeps} == {
        "PIE",
        "BWI",
        "MTR",
        "MVI",
        "MTE",
        "ZWE",
        "EO",
        "HBR",
        "G",
        "DP",
    }
    assert all(
        int(r["GESLAAGDEN"]) + int(r["GEZAKTEN"]) == int(r["EXAMENKANDIDATEN"]) for r in exams
    )
    assert all(re.fullmatch(r"\d+,\d", r["GEMIDDELD CIJFER CENTRAAL EXAMEN"]) for r in exams)
    candidates = sum(int(r["EXAMENKANDIDATEN"]) for r in beroeps)
    third_2019, _ = _third_years(
        _rows(out / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", "latin-1")
    )
    assert 0.8 < candidates / third_2019 < 1.05


@pytest.mark.parametrize("schaal", [0.1, 2.0])
def test_schaal_scales_vestigingen_with_unique_codes(tmp_path: Path, schaal: float) -> None:
    generate(tmp_path, schaal=schaal, jaren=[2022], seed=1)
    n_base = load_calibration().n_vestigingen
    codes = _vestigingen(tmp_path / "alle-vestigingen-vo.csv")
    assert len(codes) == round(n_base * schaal)
    assert len(set(codes)) == len(codes)
    assert all(CODE.match(code) for code in codes)
    rows = _rows(tmp_path / "leerlingen-vo-per-vestiging-naar-onderwijstype-2022.csv", "latin-1")
    in_file = {r["BRIN NUMMER"] + r["VESTIGINGSNUMMER"] for r in rows}
    assert in_file <= set(codes)
    assert 0.8 * schaal < len(in_file) / 1450 < 1.2 * schaal


def test_every_vestiging_has_coordinates(country: tuple[Path, object]) -> None:
    out, _ = country
    with zipfile.ZipFile(out / "scholen.geo.zip") as archive:
        assert archive.namelist() == ["scholen.geo.json"]
        data = json.loads(archive.read("scholen.geo.json"))
    assert data["crs"]["properties"]["name"] == "urn:ogc:def:crs:OGC:1.3:CRS84"
    points = {}
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 50.7 < lat < 53.6 and 3.3 < lon < 7.3
        points[feature["properties"]["vestigingscode"]] = (lat, lon)
    keys = {
        "naam",
        "type",
        "denominatie",
        "straat",
        "huisnummer",
        "postcode",
        "plaats",
        "gemeente",
        "provincie",
        "brin_nummer",
        "vestigingscode",
        "onderwijsgebied",
        "leerlingen",
    }
    assert keys <= set(data["features"][0]["properties"])
    rows = _rows(out / "leerlingen-vo-per-vestiging-naar-onderwijstype-2021.csv", "latin-1")
    assert {r["BRIN NUMMER"] + r["VESTIGINGSNUMMER"] for r in rows} <= set(points)


def test_address_file(country: tuple[Path, object]) -> None:
    out, _ = country
    rows = _rows(out / "alle-vestigingen-vo.csv", "latin-1")
    assert len(rows[0]) == 31
    assert all(re.fullmatch(r"\d{4} [A-Z]{2}", r["POSTCODE"]) for r in rows)
    assert all(r["COROPGEBIED CODE"] and r["COROPGEBIED NAAM"] for r in rows)
    assert all(len(r["VESTIGINGSNUMMER"]) == 6 for r in rows)


def test_pc4_files(country: tuple[Path, object]) -> None:
    out, _ = country
    lines = (out / "NL.txt").read_text("utf-8").splitlines()
    assert len(lines) > 4000
    cols = [line.split("\t") for line in lines]
    assert all(len(c) == 12 and c[0] == "NL" and re.fullmatch(r"\d{4}", c[1]) for c in cols)
    assert all(50.7 < float(c[9]) < 53.6 for c in cols)
    book = openpyxl.load_workbook(out / "pc4_kerncijfers.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Postcode-4"))
    assert list(rows[header][:6]) == [
        "Postcode-4",
        "Totaal",
        "Man",
        "Vrouw",
        "tot 15 jaar",
        "15 tot 25 jaar",
    ]
    assert rows[header + 1][:2] == ("Code", "x1")
    values = [v for row in rows[header + 2 :] for v in row[1:]]
    assert -99997 in values and not {1, 2, 3, 4} & set(values)
    book.close()


def test_own_formats_headers_and_values(country: tuple[Path, object]) -> None:
    out, _ = country
    for name, header in OWN_HEADERS.items():
        text = (out / name).read_text("utf-8")
        assert text.split("\n", 1)[0] == header, name
    doorstroom = _rows(out / "sto-doorstroom.csv", "utf-8")
    assert {r["BESTEMMING"] for r in doorstroom} == {
        "mbo-bol",
        "mbo-bbl",
        "havo/vwo",
        "vmbo",
        "overig",
    }
    assert all(bool(r["SECTORKAMER"]) == r["BESTEMMING"].startswith("mbo") for r in doorstroom)
    docenten = _rows(out / "sto-docenten.csv", "utf-8")
    assert all(re.fullmatch(r"\d+,\d", r["FTE"]) for r in docenten)
    pc4 = _rows(out / "sto-leerling-pc4.csv", "utf-8")
    assert all(r["AANTAL"].isdigit() for r in pc4)  # exact counts in the 2019 layout
    third = sum(int(r["AANTAL"]) for r in pc4 if r["SCHOOLJAAR"] == "2019")
    assert 55_000 < third < 65_000


def test_sto_regio_file(country: tuple[Path, object]) -> None:
    out, _ = country
    rows = _rows(out / "sto-regio.csv", "utf-8")
    by_period: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        assert row["STATUS"] == "demo" and row["REGIONAAM"].endswith(" (demo)")
        by_period[row["PERIODE"]][row["REGIOCODE"]].add(row["TECHNIEKLUW"])
    assert len(by_period["2020-2024"]) == 78
    assert len(by_period["2025-2029"]) == 74
    assert sum(flags == {"ja"} for flags in by_period["2020-2024"].values()) == 5
    for period in by_period:
        members = Counter(r["VESTIGINGSCODE"] for r in rows if r["PERIODE"] == period)
        assert max(members.values()) == 1


def test_progress_is_reported(country: tuple[Path, list[tuple[str, int, int]]]) -> None:
    _, calls = country
    assert calls and all(0 <= done <= total for _, done, total in calls)
    assert calls[-1][1] == calls[-1][2]


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="layout"):
        generate(tmp_path, layout="2021")


def _grid(n: int, seed: int) -> list[VestigingPoint]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        corop = int(rng.integers(0, 12))
        lat = 51.0 + (corop // 4) * 0.7 + rng.random() * 0.5
        lon = 4.0 + (corop % 4) * 0.8 + rng.random() * 0.6
        out.append(VestigingPoint(f"{i:04d}AA", f"{corop:02d}", lat, lon))
    return out


@pytest.mark.parametrize("n_regions", [1, 5, 12, 30, 78])
def test_demo_regions_exact_count_and_compact(n_regions: int) -> None:
    points = _grid(600, 3)
    mapping = demo_regions(points, n_regions, seed=11)
    assert len(set(mapping.values())) == n_regions
    assert 0 < len(points) - len(mapping) <= 0.02 * len(points)
    assert set(mapping) <= {p.code for p in points}
    xy = {p.code: to_km(np.array([p.lat]), np.array([p.lon]))[0] for p in points}
    members: dict[str, list[str]] = defaultdict(list)
    for code, region in mapping.items():
        members[region].append(code)
    limit = 150 if n_regions < 12 else 60
    for codes in members.values():
        coords = np.array([xy[c] for c in codes])
        radius = float(np.sqrt(((coords - coords.mean(axis=0)) ** 2).sum(axis=1)).max())
        assert radius < limit
    assert demo_regions(list(reversed(points)), n_regions, seed=11) == mapping


def test_demo_regions_small_inputs() -> None:
    points = _grid(5, 1)
    assert len(set(demo_regions(points, 78, seed=1).values())) == 5
    assert demo_regions([], 10, seed=1) == {}
    one = [VestigingPoint("00AA00", "", 52.0, 5.0)]
    assert demo_regions(one, 3, seed=1) == {"00AA00": "R01"}


@pytest.mark.real
@pytest.mark.skipif(not REAL.exists(), reason="shared/data/real ontbreekt")
def test_calibration_matches_real_2019_file() -> None:
    rows = _rows(
        REAL / "leerlingen_vo" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
        "latin-1",
    )
    total, tech = _third_years(rows)
    cal = load_calibration()
    assert cal.national["controle"] == {"derdejaars_bb_kb_gl": total, "derdejaars_techniek": tech}
    real_codes = {r["BRIN NUMMER"] + r["VESTIGINGSNUMMER"].zfill(2) for r in rows}
    assert real_codes <= set(cal.codes)
    assert math.isclose(
        float(cal.row_size[:, 2].sum()), sum(int(r[COUNTS[4]]) + int(r[COUNTS[5]]) for r in rows)
    )


def test_generated_2023_layout_ingests_cleanly_with_masked_intervals(tmp_path: Path) -> None:
    """Everything `sto generate` writes must load; masked cells become [1, 4]."""
    out = tmp_path / "gen2023"
    generate(out, schaal=0.2, layout="2023", jaren=[2023, 2024], seed=3)
    con = db.connect(tmp_path / "g.duckdb")
    try:
        outcomes = ingest_paths(con, [out])
        assert [o.path.name for o in outcomes if o.status != "geladen"] == []
        masked = con.execute(
            "SELECT count(*), min(aantal_min), max(aantal_max) FROM leerlingen "
            "WHERE aantal_min <> aantal_max"
        ).fetchall()[0]
        layouts = {r[0] for r in con.execute("SELECT formaat FROM bron").fetchall()}
    finally:
        con.close()
    assert masked[0] > 0 and masked[1:] == (1, 4)
    assert "duo-leerlingen-2020" in layouts
