"""DUO's mbo files (students per sectorkamer, crebo -> sectorkamer), the crebo in
``sto-doorstroom``, and the indicator ``mbo_sectorkamer``, on hand-written files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import SourceFileError
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.runner import ingest_file
from tests.conftest import checksums
from tests.duo_files import HEADER_2019, row_2019, write_csv

TGO = "Techniek en gebouwde omgeving"
MTLM = "Mobiliteit, transport, logistiek en maritiem"
CI = "Creatieve industrie en ICT"
HEADER = "SECTORKAMER NAAM,LEERWEG,NIVEAU,WOONPROVINCIE,JAAR_2022,JAAR_2023"
STUDENTEN = [
    f"{TGO},BBL,2,Utrecht,120,-1",
    f'"{MTLM}",BOLVT,4,Utrecht,30,40',
    "ICT en creatieve industrie,BOL-VT,3,Utrecht,0,35",
    f"{TGO},BOLDT,3,Drenthe,,7",
    '"zorg,  welzijn & sport",BOLVT,4,Drenthe,200,210',
    "Entree,BOLVT,1,Drenthe,-1,0",
    f"{TGO},EX,4,Utrecht,50,50",  # examendeelnemers: loaded, not in the indicator
]
CREBO_HEADER = "Erkende opleidingscode;Opleidingsnaam;Niveau;Sectorkamer naam;Beroep"
CREBO = [
    f"25180;Monteur;2;{TGO};monteur",
    f"25180;Monteur;2;{TGO};servicemonteur",  # one line per beroep: the same link
    "25604;Software developer;4;ICT en creatieve industrie;developer",
    f"25100;Logistiek medewerker;;{MTLM};",
]
DOORSTROOM_HEADER = (
    "SCHOOLJAAR;VESTIGINGSCODE;PROFIEL;LEERWEG;BESTEMMING;SECTORKAMER;ERKENDE OPLEIDINGSCODE;AANTAL"
)


def write(path: Path, header: str, lines: list[str], *, bom: bool = False) -> Path:
    path.write_text(
        header + "\n" + "".join(f"{line}\n" for line in lines),
        encoding="utf-8-sig" if bom else "utf-8",
    )
    return path


def refuse(con: db.Connection, path: Path) -> list[str]:
    """Load a bad file: it must fail and leave every table exactly as it was."""
    before = checksums(con)
    with pytest.raises(SourceFileError) as caught:
        ingest_file(con, path)
    assert checksums(con) == before
    return [str(p) for p in caught.value.problems]


def test_students_file_loads_long_with_minus_one_as_one_to_four(
    con: db.Connection, tmp_path: Path
) -> None:
    outcome = ingest_file(con, write(tmp_path / "mbo.csv", HEADER, STUDENTEN, bom=True))
    assert outcome.format is not None and outcome.format.name == "duo-mbo-sectorkamer"
    assert outcome.result is not None and outcome.result.rows_read == 7
    assert outcome.result.notes == ["schooljaren 2022/2023 t/m 2023/2024"]
    assert con.execute(
        "SELECT * EXCLUDE (bron_id) FROM mbo_sectorkamer ORDER BY ALL"
    ).fetchall() == [
        (2022, "Entree", "BOLVT", 1, "Drenthe", 1, 4),
        (2022, MTLM, "BOLVT", 4, "Utrecht", 30, 30),
        (2022, TGO, "BBL", 2, "Utrecht", 120, 120),
        (2022, TGO, "EX", 4, "Utrecht", 50, 50),
        (2022, "Zorg, welzijn en sport", "BOLVT", 4, "Drenthe", 200, 200),
        (2023, CI, "BOLVT", 3, "Utrecht", 35, 35),
        (2023, MTLM, "BOLVT", 4, "Utrecht", 40, 40),
        (2023, TGO, "BBL", 2, "Utrecht", 1, 4),
        (2023, TGO, "BOLDT", 3, "Drenthe", 7, 7),
        (2023, TGO, "EX", 4, "Utrecht", 50, 50),
        (2023, "Zorg, welzijn en sport", "BOLVT", 4, "Drenthe", 210, 210),
    ]


def test_a_newer_students_file_replaces_its_years(con: db.Connection, tmp_path: Path) -> None:
    ingest_file(con, write(tmp_path / "a.csv", HEADER, STUDENTEN))
    newer = write(
        tmp_path / "b.csv", "SECTORKAMER NAAM;LEERWEG;NIVEAU;JAAR_2023", ["Handel;BBL;2;9"]
    )
    outcome = ingest_file(con, newer)
    assert outcome.result is not None and outcome.result.replaced == {1}
    assert con.execute(
        "SELECT schooljaar, sectorkamer, provincie, aantal_min FROM mbo_sectorkamer "
        "WHERE schooljaar = 2023"
    ).fetchall() == [(2023, "Handel", None, 9)]
    assert (
        con.execute("SELECT count(*) FROM mbo_sectorkamer WHERE schooljaar = 2022").fetchall()[0][0]
        == 5
    )


@pytest.mark.parametrize("value", ["<5", "1e9", "-2", "+5", "5,0", "1000001"])
def test_students_file_refuses_counts_other_than_digits_and_minus_one(
    con: db.Connection, tmp_path: Path, value: str
) -> None:
    lines = [*STUDENTEN[:2], f'Handel,BBL,2,Utrecht,"{value}",3']
    problems = refuse(con, write(tmp_path / "mbo.csv", HEADER, lines))
    code = "aantal-te-groot" if value == "1000001" else "geen-aantal"
    assert problems == [
        "mbo.csv, regel 4, kolom 'JAAR_2022': "
        + (
            "onwaarschijnlijk groot aantal voor één cel (meer dan 1000000; meer dan het landelijk "
            "totaal van deze bron)"
            if code == "aantal-te-groot"
            else "verwacht een aantal (geheel getal ≥ 0, alleen cijfers) of '-1' "
            "(DUO-maskering: 1 tot en met 4)"
        )
        + f" (waarde: {value!r})"
    ]


def test_vo_leerlingen_still_refuse_minus_one(con: db.Connection, tmp_path: Path) -> None:
    rows = [row_2019("12AB", "0", "VMBO KL lj 3-4", "Mobiliteit en transport", ("-1", "5"))]
    problems = refuse(con, write_csv(tmp_path / "lln-2020.csv", HEADER_2019, rows))
    assert len(problems) == 1
    assert "kolom 'LEER- OF VERBLIJFSJAAR 3 - MAN'" in problems[0]
    assert "of '<5'" in problems[0] and "(waarde: '-1')" in problems[0]


def test_students_file_refuses_unknown_values(con: db.Connection, tmp_path: Path) -> None:
    lines = [
        "Techniek en gebouwde omgevin,BBL,2,Utrecht,1,2",
        "Handel,BOL,2,Utrecht,1,2",
        "Handel,BBL,5,Utrecht,1,2",
        "Han\tdel,BBL,2,Utrecht,1,2",
    ]
    problems = refuse(con, write(tmp_path / "mbo.csv", HEADER, lines))
    assert [p.split(": ", 1)[0] for p in problems] == [
        "mbo.csv, regel 2, kolom 'SECTORKAMER NAAM'",
        "mbo.csv, regel 3, kolom 'LEERWEG'",
        "mbo.csv, regel 4, kolom 'NIVEAU'",
        "mbo.csv, regel 5, kolom 'SECTORKAMER NAAM'",
        "mbo.csv, regel 5, kolom 'SECTORKAMER NAAM'",
    ]
    assert "onbekende sectorkamer" in problems[0]
    assert any("stuurteken" in p for p in problems[3:])


def test_students_file_refuses_a_duplicate_line_naming_both(
    con: db.Connection, tmp_path: Path
) -> None:
    lines = [*STUDENTEN[:3], f"{TGO.upper()},bbl, 2 ,Utrecht,5,6"]
    problems = refuse(con, write(tmp_path / "mbo.csv", HEADER, lines))
    assert len(problems) == 1
    assert problems[0].startswith("mbo.csv, regel 5, kolom 'SECTORKAMER NAAM + LEERWEG + NIVEAU")
    assert "staat al op regel 2" in problems[0]


def test_crebo_link_loads_one_row_per_crebo(con: db.Connection, tmp_path: Path) -> None:
    outcome = ingest_file(con, write(tmp_path / "crebo.csv", CREBO_HEADER, CREBO))
    assert outcome.format is not None and outcome.format.name == "duo-crebo-sectorkamer"
    assert con.execute(
        "SELECT * EXCLUDE (bron_id) FROM crebo_sectorkamer ORDER BY 1"
    ).fetchall() == [
        ("25100", MTLM, "Logistiek medewerker", None),
        ("25180", TGO, "Monteur", 2),
        ("25604", CI, "Software developer", 4),
    ]
    # a new list replaces the whole link
    ingest_file(con, write(tmp_path / "crebo2.csv", CREBO_HEADER, [f"25999;Kok;2;{TGO};"]))
    assert con.execute("SELECT crebo FROM crebo_sectorkamer").fetchall() == [("25999",)]


@pytest.mark.parametrize("crebo", ["2518", "251800", "2518A", ""])
def test_crebo_link_refuses_a_bad_crebo(con: db.Connection, tmp_path: Path, crebo: str) -> None:
    problems = refuse(
        con, write(tmp_path / "crebo.csv", CREBO_HEADER, [*CREBO, f"{crebo};X;2;Handel;"])
    )
    shown = f" (waarde: {crebo!r})" if crebo else ""
    assert problems == [
        "crebo.csv, regel 6, kolom 'Erkende opleidingscode': verwacht een erkende "
        f"opleidingscode (crebo) van 5 cijfers (bijv. 25180){shown}"
    ]


def test_crebo_link_refuses_a_crebo_with_two_sectorkamers(
    con: db.Connection, tmp_path: Path
) -> None:
    problems = refuse(
        con, write(tmp_path / "crebo.csv", CREBO_HEADER, [*CREBO, "25180;Monteur;2;Handel;x"])
    )
    assert len(problems) == 1
    assert problems[0].startswith("crebo.csv, regel 6, kolom 'Erkende opleidingscode + ")
    assert f"staat op regel 2 bij sectorkamer '{TGO}' en hier bij 'Handel'" in problems[0]


def test_doorstroom_takes_the_sectorkamer_of_its_crebo(con: db.Connection, tmp_path: Path) -> None:
    ingest_file(con, write(tmp_path / "crebo.csv", CREBO_HEADER, CREBO))
    lines = [
        "2022;00AH00;PIE;kb;mbo-bbl;;25180;17",
        "2022;00AH00;PIE;kb;mbo-bol;;25604;<5",
        "2022;00AH00;PIE;kb;mbo-bol;;25100;3",  # a second line of the same (empty) sectorkamer
        "2022;00AH00;PIE;kb;mbo-bol;Handel;;6",
        f"2022;00AH00;PIE;kb;mbo-bol;{TGO};25180;2",  # both given and agreeing
        "2022;00AH00;PIE;kb;havo/vwo;;;2",
    ]
    ingest_file(con, write(tmp_path / "doorstroom.csv", DOORSTROOM_HEADER, lines))
    assert con.execute(
        "SELECT bestemming, sectorkamer, aantal_min, aantal_max FROM doorstroom ORDER BY ALL"
    ).fetchall() == [
        ("havo/vwo", None, 2, 2),
        ("mbo-bbl", TGO, 17, 17),
        ("mbo-bol", CI, 1, 4),
        ("mbo-bol", "Handel", 6, 6),
        ("mbo-bol", MTLM, 3, 3),
        ("mbo-bol", TGO, 2, 2),
    ]


def test_doorstroom_refuses_bad_or_unknown_crebos(con: db.Connection, tmp_path: Path) -> None:
    ingest_file(con, write(tmp_path / "crebo.csv", CREBO_HEADER, CREBO))
    lines = [
        "2022;00AH00;PIE;kb;mbo-bbl;;99999;17",
        "2022;00AH00;PIE;kb;mbo-bol;;2560;3",
        "2022;00AH00;PIE;kb;mbo-bol;Handel;25180;3",
        "2022;00AH00;PIE;kb;havo/vwo;;25180;2",
    ]
    problems = refuse(con, write(tmp_path / "doorstroom.csv", DOORSTROOM_HEADER, lines))
    assert [p.split(": ", 1)[0] for p in problems] == [
        "doorstroom.csv, regel 2, kolom 'ERKENDE OPLEIDINGSCODE'",
        "doorstroom.csv, regel 3, kolom 'ERKENDE OPLEIDINGSCODE'",
        "doorstroom.csv, regel 4, kolom 'SECTORKAMER'",
        "doorstroom.csv, regel 5, kolom 'ERKENDE OPLEIDINGSCODE'",
    ]
    assert "onbekende opleidingscode" in problems[0]
    assert "5 cijfers" in problems[1]
    assert "verschilt van die van de opleidingscode" in problems[2]
    assert "alleen bij een mbo-bestemming" in problems[3]


def test_doorstroom_with_only_a_crebo_needs_a_loaded_link(
    con: db.Connection, tmp_path: Path
) -> None:
    lines = ["2022;00AH00;PIE;kb;mbo-bbl;;25180;17", f"2022;00AH00;PIE;kb;mbo-bol;{TGO};25180;3"]
    problems = refuse(con, write(tmp_path / "doorstroom.csv", DOORSTROOM_HEADER, lines))
    assert len(problems) == 1  # the line with a SECTORKAMER does not need the link
    assert problems[0].startswith("doorstroom.csv, regel 2, kolom 'ERKENDE OPLEIDINGSCODE'")
    assert "geen koppeling crebo-sectorkamer geladen" in problems[0]


def test_mbo_sectorkamer_indicator_by_hand(con: db.Connection, tmp_path: Path) -> None:
    ingest_file(con, write(tmp_path / "mbo.csv", HEADER, STUDENTEN))
    table = compute("mbo_sectorkamer", con).to_pylist()
    got = {(r["schooljaar"], r["sectorkamer"]): r for r in table}
    # 2022 (EX left out): Entree [1,4], MTLM 30, TGO 120, ZWS 200 -> total [351, 354]
    # 2023: CI 35, MTLM 40, TGO [1,4] + 7 = [8, 11], ZWS 210 -> total [293, 296]
    expected = {
        (2022, "Entree"): (None, 1, 4, False),
        (2022, MTLM): (30, 30, 30, True),
        (2022, TGO): (120, 120, 120, True),
        (2022, "Zorg, welzijn en sport"): (200, 200, 200, False),
        (2022, "techniek"): (150, 150, 150, True),
        (2023, CI): (35, 35, 35, False),
        (2023, MTLM): (40, 40, 40, True),
        (2023, TGO): (None, 8, 11, True),
        (2023, "Zorg, welzijn en sport"): (210, 210, 210, False),
        (2023, "techniek"): (None, 48, 51, True),
    }
    assert set(got) == set(expected)
    for key, (aantal, lo, hi, tech) in expected.items():
        row = got[key]
        assert (row["aantal"], row["aantal_min"], row["aantal_max"]) == (aantal, lo, hi), key
        assert row["techniek_sectorkamer"] is tech, key
    noemer = {2022: (351, 354), 2023: (293, 296)}
    for (jaar, kamer), row in got.items():
        lo, hi = noemer[jaar]
        midden = (row["aantal_min"] + row["aantal_max"]) / 2
        assert row["aandeel"] == pytest.approx(100 * midden / ((lo + hi) / 2)), (jaar, kamer)
        assert row["noemer_min"] == lo
    assert got[(2022, TGO)]["aandeel"] == pytest.approx(100 * 120 / 352.5)
    assert got[(2023, "techniek")]["onzeker"] is True  # 48/296 .. 51/293: 1.2 points wide
    assert got[(2022, "Zorg, welzijn en sport")]["onzeker"] is False
