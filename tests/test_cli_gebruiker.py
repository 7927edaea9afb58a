"""``sto gebruiker`` and ``sto database`` through the real command (subprocess), on the SQLite
file beside a warehouse and on PostgreSQL via STO_APP_DB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sto_monitor.accounts import sessies
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.settings import Settings

GOEDKOOP = {"STO_ARGON2_TIJD": "1", "STO_ARGON2_GEHEUGEN": "1024"}


def sto(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GOEDKOOP, "STO_APP_DB": url, "STO_BASIS_URL": "https://sto.example"}
    env.pop("STO_SMTP_HOST", None)
    command = [sys.executable, "-m", "sto_monitor", "--db", str(tmp_path / "w.duckdb"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_accounts_from_the_terminal(tmp_path: Path, app_db_url: str) -> None:
    nieuw = sto(
        tmp_path, app_db_url, "gebruiker", "toevoegen", "pl@regio.nl", "--naam", "Pat",
        "--rol", "regio", "--regio", "R01", "--regio", "R02",
    )  # fmt: skip
    assert nieuw.returncode == 0, nieuw.stderr
    link = next(r for r in nieuw.stdout.split() if "/wachtwoord/herstel/" in r)
    assert link.startswith("https://sto.example/wachtwoord/herstel/")

    lijst = sto(tmp_path, app_db_url, "gebruiker", "lijst")
    assert "pl@regio.nl" in lijst.stdout and "R01, R02" in lijst.stdout

    # the printed link sets a password once; then the person signs in
    database = AppDatabase.van_url(app_db_url)
    settings = Settings.from_env(GOEDKOOP)
    from sto_monitor.accounts import gebruikers

    gebruikers.gebruik_resetlink(
        database, link.rsplit("/", 1)[1], "mijn eigen wachtwoord", Wachtwoorden.van(settings)
    )
    sessies.inloggen(
        database, settings, Wachtwoorden.van(settings), "pl@regio.nl", "mijn eigen wachtwoord"
    )

    assert sto(tmp_path, app_db_url, "gebruiker", "rol", "pl@regio.nl", "commissie").returncode == 0
    assert sto(tmp_path, app_db_url, "gebruiker", "blokkeer", "pl@regio.nl").returncode == 0
    with pytest.raises(sessies.InlogGeweigerd):
        sessies.inloggen(
            database, settings, Wachtwoorden.van(settings), "pl@regio.nl", "mijn eigen wachtwoord"
        )

    with database.transactie() as s:
        regels = audit.lees(s)
        assert {r.wie.split(":")[0] for r in regels if r.actie != "wachtwoord gezet"} >= {
            "landelijk terminal"
        }
        assert link.rsplit("/", 1)[1] not in repr([(r.voor, r.na) for r in regels])
    database.sluit()


def test_mistakes_get_a_clear_message_and_a_non_zero_exit(tmp_path: Path, app_db_url: str) -> None:
    geen_regio = sto(
        tmp_path, app_db_url, "gebruiker", "toevoegen", "x@y.nl", "--naam", "X", "--rol", "regio"
    )
    assert geen_regio.returncode == 2 and "minstens één regio" in geen_regio.stderr
    onbekend = sto(tmp_path, app_db_url, "gebruiker", "blokkeer", "niemand@y.nl")
    assert onbekend.returncode == 2 and "geen account" in onbekend.stderr
    fout_adres = sto(tmp_path, app_db_url, "gebruiker", "reset-link", "geen-adres")
    assert fout_adres.returncode == 2 and "geen e-mailadres" in fout_adres.stderr


def test_migreer_names_the_database_without_its_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    uit = sto(tmp_path, url, "database", "migreer")
    assert uit.returncode == 0 and "app.sqlite" in uit.stdout.replace("\n", "")
    onbereikbaar = sto(
        tmp_path, "postgresql://iemand:geheim123@127.0.0.1:1/sto", "database", "migreer"
    )
    assert onbereikbaar.returncode != 0
    assert "geheim123" not in onbereikbaar.stdout + onbereikbaar.stderr
    assert "niet bereikbaar" in onbereikbaar.stderr
