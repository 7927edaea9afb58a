"""The application database for tests: a SQLite file, and a real PostgreSQL server.

``app_db_url`` runs a test on both: a fresh SQLite file, and a fresh database on a throw-away
PostgreSQL cluster that this module starts once per test session (Debian's ``initdb`` and
``pg_ctl``, on a Unix socket in a temporary directory, no TCP port, trust authentication for the
local socket only) and stops at the end. PostgreSQL refuses to run as root, so as root the
cluster runs as the ``postgres`` user (``runuser``). Without PostgreSQL installed the PostgreSQL
half is skipped, except under CI (``CI=true``), where ``.ci/run`` installs it and a skip would
hide a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor.appdb.engine import AppDatabase


def postgres_bin() -> Path | None:
    for pad in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(pad, "initdb").exists():
            return Path(pad)
    gevonden = shutil.which("pg_ctl")
    return Path(gevonden).parent if gevonden else None


def _als_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    """A throw-away PostgreSQL cluster on a socket directory."""

    def __init__(self, bin_: Path) -> None:
        self.bin = bin_
        self.dir = Path(tempfile.mkdtemp(prefix="sto-pg-"))
        self.data = self.dir / "data"
        self.socket = self.dir
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o755)

    def start(self) -> None:
        run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
        subprocess.run(
            _als_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-sync",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
        opties = f"-c listen_addresses='' -k {self.socket} -c fsync=off -c max_connections=200"
        subprocess.run(
            _als_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    opties,
                    "-l",
                    str(self.dir / "log"),
                    "-w",
                    "start",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket}"

    def nieuwe_database(self) -> str:
        naam = "t_" + uuid.uuid4().hex[:12]
        subprocess.run(
            _als_postgres(
                [str(self.bin / "createdb"), "-h", str(self.socket), "-U", "postgres", naam]
            ),
            check=True,
        )
        return self.url(naam)

    def stop(self) -> None:
        subprocess.run(
            _als_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    bin_ = postgres_bin()
    if bin_ is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL ontbreekt; .ci/run hoort het te installeren")
        pytest.skip("PostgreSQL is niet geïnstalleerd")
    cluster = Cluster(bin_)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def app_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty application database: once SQLite, once PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'app.sqlite'}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.nieuwe_database()


@pytest.fixture
def app_db(app_db_url: str) -> Iterator[AppDatabase]:
    """The application database at the newest migration, on SQLite and on PostgreSQL."""
    database = AppDatabase.van_url(app_db_url)
    yield database
    database.sluit()
