"""Issue 7A: questionnaire files, import, storage and synthetic waves calibrated on the report.

The responses go to the application database (on SQLite and PostgreSQL); the warehouse gives
the known regions.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from sto_monitor import db
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.appdb.tabellen import EnqueteRespons
from sto_monitor.errors import ParameterError, SourceFileError
from sto_monitor.ingest import synthetisch
from sto_monitor.survey import genereer as gen
from sto_monitor.survey.importeer import importeer as importeer_in
from sto_monitor.survey.opslag import antwoorden as antwoorden_van
from sto_monitor.survey.opslag import golven as golven_van
from sto_monitor.survey.vragenlijst import laad, laad_bestand


@pytest.fixture
def wcon(con: db.Connection) -> db.Connection:
    con.executemany(
        "INSERT INTO regio VALUES ('2020-2024', 2020, 2024, ?, ?, false, false, NULL)",
        [(r, f"Regio {r}") for r in gen.regiocodes()],
    )
    return con


@dataclass(frozen=True)
class Enquete:
    """The warehouse (its regions) and the application database the responses go to."""

    con: db.Connection
    app_db: AppDatabase


def importeer(e: Enquete, path: Path, golf: int, *, vervang: bool = False) -> object:
    return importeer_in(e.app_db, e.con, path, golf, vervang=vervang, wie="terminal:test")


def antwoorden(e: Enquete, golf: int) -> dict[str, dict[str, int | str | None]]:
    return antwoorden_van(e.app_db, golf)


@pytest.fixture
def leeg(wcon: db.Connection, app_db: AppDatabase) -> Enquete:
    return Enquete(wcon, app_db)


@pytest.fixture
def geladen(leeg: Enquete, tmp_path: Path) -> Enquete:
    paden = gen.genereer(tmp_path / "enquete", seed=7)
    for golf, path in paden.items():
        importeer(leeg, path, golf)
    return leeg


def share(
    data: dict[str, dict[str, int | str | None]], regios: set[str], item: str, top: tuple[int, ...]
) -> int:
    codes = [data[r][item] for r in regios if data[r].get(item) is not None]
    return gen.pct(sum(1 for c in codes if c in top), len(codes))


def test_vragenlijsten_laden_en_delen_ids() -> None:
    v21, v24 = laad(2021), laad(2024)
    ids21, ids24 = {i.id for i in v21.items()}, {i.id for i in v24.items()}
    assert len([i for i in v24.items() if i.blok == "urgentie"]) == 8
    assert len([i for i in v24.items() if i.blok == "aandacht"]) == 16
    assert len([i for i in v24.items() if i.blok == "impact"]) == 12
    assert len([i for i in v24.items() if i.blok == "borging"]) == 7
    assert ids21 - ids24 == set()
    assert {"urgentie.docenten", "impact.samenhang", "trots"} <= ids21 & ids24
    assert v24.item("aandacht.doorstroom_mbo34").tekst.startswith("Afstemming rond doorstroom")
    assert v24.schaal_van("urgentie.docenten").top_label == "(zeer) urgent"


def test_vragenlijst_validatie(tmp_path: Path) -> None:
    data = json.loads(
        (
            Path(__file__).parents[1] / "src/sto_monitor/survey/vragenlijsten/sto-2024.json"
        ).read_text(encoding="utf-8")
    )
    data["blokken"][0]["schaal"] = "bestaat_niet"
    data["blokken"][1]["items"][0]["id"] = "urgentie.docenten"
    data["schalen"][0]["opties"][0]["code"] = 7
    path = tmp_path / "kapot.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SourceFileError) as exc:
        laad_bestand(path)
    text = str(exc.value)
    assert "kapot.json" in text
    assert "onbekende schaal" in text and "twee keer" in text and "codes" in text


def test_round_trip_en_golven(geladen: Enquete) -> None:
    verwacht = gen.genereer_golven(seed=7)
    for golf in (2021, 2024):
        assert antwoorden(geladen, golf) == verwacht[golf]
    assert [(g.golf, g.ingediend) for g in golven_van(geladen.app_db)] == [(2021, 60), (2024, 51)]
    # each import is one write with its audit record, by the person at the terminal
    with geladen.app_db.transactie() as s:
        regels = list(reversed(audit.lees(s)))
    assert [(r.actie, r.object_id, r.wie) for r in regels] == [
        ("enquêtegolf ingelezen", "2021", "terminal:test"),
        ("enquêtegolf ingelezen", "2024", "terminal:test"),
    ]
    assert regels[1].na == {
        "responsen": 51, "bron": "import", "bestand": "sto-2024.csv", "synthetisch": True,
    }  # fmt: skip


def test_gepubliceerde_cijfers(geladen: Enquete) -> None:
    a21, a24 = antwoorden(geladen, 2021), antwoorden(geladen, 2024)
    paar = set(a21) & set(a24)
    assert len(paar) == 42
    # Tabel 4.1: Voldoende techniekdocenten 12, 25, 5, 0, 0 -> 88 %; 2021 57 %.
    counts = [sum(1 for r in paar if a24[r]["urgentie.docenten"] == c) for c in range(1, 6)]
    assert counts == [12, 25, 5, 0, 0]
    for key, (cnt, p21) in gen.URGENTIE.items():
        p24 = gen.pct(cnt[0] + cnt[1], 42)
        assert share(a24, paar, f"urgentie.{key}", (1, 2)) == p24
        assert share(a21, paar, f"urgentie.{key}", (1, 2)) == p21
    assert share(a24, paar, "urgentie.docenten", (1, 2)) == 88
    # Tabel 4.2 and 4.5 over all 51.
    assert share(a24, set(a24), "opbrengsten.kwaliteit", (4, 5)) == 86
    assert share(a24, set(a24), "opbrengsten.mbo", (1, 2)) == 33
    assert share(a24, set(a24), "borging.integratie", (4, 5)) == 86
    assert share(a24, set(a24), "borging.communicatie", (4, 5)) == 69
    # Tabel 4.3.
    assert share(a24, set(a24), "aandacht.nieuwe_fase", (4, 5)) == 96
    for key, (_, p21) in gen.AANDACHT.items():
        if p21 is not None:
            assert share(a21, paar, f"aandacht.{key}", (4, 5)) == p21
    assert share(a24, paar, "aandacht.werving", (4, 5)) == 48
    assert share(a24, paar, "aandacht.infrastructuur", (1, 2)) == 24
    # Tabel 4.4: mean grade and % voldoende, both waves.
    for key, (m24, p24, m21, p21) in gen.IMPACT.items():
        for data, m, p in ((a24, m24, p24), (a21, m21, p21)):
            grades = [int(data[r][f"impact.{key}"]) for r in paar]  # type: ignore[arg-type]
            assert round(sum(grades) / 42 + 1e-9, 1) == m
            assert gen.pct(sum(1 for g in grades if g >= 6), 42) == p
    # Single questions from the text.
    assert sum(1 for r in paar if a24[r]["leeft"] in (1, 2)) == 30
    assert sum(1 for r in paar if a21[r]["leeft"] in (1, 2)) == 24
    assert share(a24, set(a24), "tevredenheid", (4,)) == 71
    assert share(a24, set(a24), "blijft_aan", (1,)) == 80


def test_fout_bestand_alles_of_niets(geladen: Enquete, tmp_path: Path) -> None:
    before = antwoorden(geladen, 2024)
    path = tmp_path / "fout.csv"
    path.write_text(
        "regio;urgentie.docenten;impact.samenhang\nR01;1;8\nX99;2;7\nR02;6;11\nR01;zeer urgent;7\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceFileError) as exc:
        importeer(geladen, path, 2024, vervang=True)
    spots = {(p.line, p.column) for p in exc.value.problems}
    assert spots == {(3, "regio"), (4, "urgentie.docenten"), (4, "impact.samenhang"), (5, "regio")}
    assert "fout.csv" in str(exc.value)
    assert antwoorden(geladen, 2024) == before


def test_opnieuw_importeren_vraagt_vervang(geladen: Enquete, tmp_path: Path) -> None:
    path = tmp_path / "klein.csv"
    path.write_text("Regio,urgentie.docenten\nR01,Urgent\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="--vervang"):
        importeer(geladen, path, 2024)
    importeer(geladen, path, 2024, vervang=True)
    assert antwoorden(geladen, 2024) == {"R01": {"urgentie.docenten": 2}}
    with geladen.app_db.transactie() as s:
        assert audit.lees(s, limiet=1)[0].actie == "enquêtegolf vervangen"


def test_xlsx_en_limesurvey(leeg: Enquete, tmp_path: Path) -> None:
    v = laad(2024)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["regiocode", v.item("aandacht.lob").tekst, "impact.uitstraling", "blijft_aan"])
    ws.append(["R05", "heel veel aandacht", 8, "Ja"])
    ws.append(["R06", 3, 7.0, None])
    wb.save(tmp_path / "golf.xlsx")
    importeer(leeg, tmp_path / "golf.xlsx", 2024)
    assert antwoorden(leeg, 2024) == {
        "R05": {"aandacht.lob": 5, "impact.uitstraling": 8, "blijft_aan": 1},
        "R06": {"aandacht.lob": 3, "impact.uitstraling": 7},
    }
    path = tmp_path / "limesurvey.csv"
    with path.open("w", encoding="latin-1", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["id", "token", "submitdate", "REGIO", "urgentie[SQ001]", "blijftaan", "trots"])
        w.writerow(["1", "abc", "2021-04-01", "R07", "A2", "Y", "Het techlab in één jaar"])
        w.writerow(["2", "def", "2021-04-02", "R08", "A5", "N", ""])
    importeer(leeg, path, 2024, vervang=True)
    assert antwoorden(leeg, 2024) == {
        "R07": {"urgentie.docenten": 2, "blijft_aan": 1, "trots": "Het techlab in één jaar"},
        "R08": {"urgentie.docenten": 5, "blijft_aan": 0},
    }


def test_generated_waves_are_synthetic(geladen: Enquete) -> None:
    """The generator's manifest reaches the responses, so every output says "synthetisch",
    also from the warehouse's copy that ``sto build`` makes."""
    with geladen.app_db.transactie() as s:
        assert set(s.scalars(select(EnqueteRespons.synthetisch))) == {True}
    assert not synthetisch.in_gebruik(geladen.con)
    naar_warehouse(geladen.app_db, geladen.con)
    rows = geladen.con.execute("SELECT DISTINCT synthetisch FROM enquete_respons").fetchall()
    assert rows == [(True,)]
    assert synthetisch.in_gebruik(geladen.con)
