"""``sto enquete``, ``sto scenario`` storage and ``sto database overzetten`` on the application
database beside the warehouse (issue 16): what the national team types, end to end.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from sto_monitor import db
from sto_monitor.accounts.beleid import terminal
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import EnqueteUitnodiging
from sto_monitor.cli import cli
from sto_monitor.settings import Settings
from sto_monitor.survey import opslag, uitnodiging, warehouse
from tests.test_appdb_enquete_scenario import OUDE_TOKEN, oud_warehouse
from tests.test_web_enquete import maak_warehouse


def sto(database: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(database), *args])
    assert result.exit_code == 0, result.output
    return result.output


def tekst(uitvoer: str) -> str:
    """The output as one line (the console wraps long messages)."""
    return " ".join(uitvoer.split())


def naast(database: Path) -> AppDatabase:
    return AppDatabase.open(replace(Settings.from_env({}), db=database))


def test_survey_commands_write_the_application_database(tmp_path: Path) -> None:
    pad = tmp_path / "sto.duckdb"
    maak_warehouse(pad)
    antwoorden = tmp_path / "golf.csv"
    regels = [f"R0{i},{1 + i % 2}" for i in range(1, 7)]
    antwoorden.write_text("regio,urgentie.docenten\n" + "\n".join(regels) + "\n")
    voor = db.connect(pad, read_only=True)
    try:
        warehouse_voor = voor.execute("SELECT count(*) FROM enquete_respons").fetchone()
    finally:
        voor.close()

    assert "6 regio's" in sto(pad, "enquete", "importeer", str(antwoorden), "--golf", "2024")
    assert "6 respondenten" in sto(pad, "enquete", "golven")
    uit = sto(pad, "enquete", "uitnodigen", "--golf", "2024", "--regio", "R01", "--quiet")
    regio, link = uit.strip().split("\t")
    token = link.rsplit("/", 1)[1]
    assert regio == "R01" and link.startswith("http://127.0.0.1:8000/enquete/")
    sto(pad, "enquete", "sluit", "--golf", "2024", "--quiet")
    sto(pad, "enquete", "open", "--golf", "2024", "--quiet")
    sto(pad, "enquete", "intrekken", "--golf", "2024", "--regio", "R01", "--quiet")
    data = json.loads(sto(pad, "enquete", "analyse", "--golf", "2024", "--formaat", "json"))
    assert next(r for r in data["items"] if r["item"] == "urgentie.docenten")["n"] == 6

    app_db = naast(pad)
    try:
        assert len(opslag.antwoorden(app_db, 2024)) == 6
        assert uitnodiging.toegang(app_db, token) is None  # revoked
        with app_db.transactie() as s:
            assert set(s.scalars(select(EnqueteUitnodiging.token_sha256))) == {
                uitnodiging.hash_token(token)
            }
            acties = [r.actie for r in reversed(audit.lees(s))]
        assert acties == [
            "enquêtegolf ingelezen",
            "uitnodiging gemaakt",
            "enquêtegolf gesloten",
            "enquêtegolf geopend",
            "uitnodiging ingetrokken",
        ]
    finally:
        app_db.sluit()

    # the commands did not write the warehouse; `sto build` copies the responses into it
    con = db.connect(pad, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM enquete_respons").fetchone() == warehouse_voor
    finally:
        con.close()
    sto(pad, "build", "--quiet")
    con = db.connect(pad, read_only=True)
    try:
        assert len(warehouse.antwoorden(con, 2024)) == 6
    finally:
        con.close()


def test_database_overzetten_moves_an_older_warehouse_once(tmp_path: Path) -> None:
    pad = tmp_path / "oud.duckdb"
    oud_warehouse(pad)
    uit = tekst(sto(pad, "database", "overzetten"))
    assert "2 golven, 4 responsen met 5 antwoorden, 2 uitnodigingen" in uit
    assert "2 scenario's met 3 wijzigingen" in uit
    assert "Al overgezet" in sto(pad, "database", "overzetten")
    assert "dicht" in sto(pad, "scenario", "lijst") and "samen" in sto(pad, "scenario", "lijst")
    app_db = naast(pad)
    try:
        assert uitnodiging.toegang(app_db, OUDE_TOKEN) is not None  # old links keep working
        with app_db.transactie() as s:
            # the person at the terminal, named as `sto gebruiker` names them
            assert {r.wie for r in audit.lees(s)} == {terminal(getpass.getuser()).wie}
    finally:
        app_db.sluit()
