"""One generated warehouse and one real dashboard server on loopback, shared by the web tests.

``web_db``: a generated national warehouse (layout 2023, so DUO's ``<5`` masking is in it;
two school years), with the real gemeente boundaries from ../shared when present, built with
``sto build``. ``web_server``: ``sto serve`` on that file in a subprocess on a free port
(a real uvicorn, not a test client); ``get(base, path)`` fetches from it. conftest.py
registers this module as a plugin, so tests just ask for ``web_db`` / ``web_server``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.generate import generate
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.publiceren import publiceer
from tests.conftest import REAL

JAREN = (2023, 2024)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    files = folder / "bestanden"
    generate(files, schaal=0.3, layout="2023", jaren=JAREN, seed=7)
    database = folder / "web.duckdb"
    paths = [str(files)]
    geo = REAL / "geo"
    paths += [str(geo / n) for n in ("gemeenten.geojson", "KoppelCodes.csv") if (geo / n).is_file()]
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--db", str(database), "--quiet", *paths])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["build", "--db", str(database), "--quiet"])
    assert result.exit_code == 0, result.output
    return database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(
    database: Path, *, env: Mapping[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """``sto serve`` on ``database`` in a subprocess on a free loopback port; yields its URL.

    ``env``: extra environment (settings); ``log``: a file for everything the server prints
    (uvicorn's access log included), else it is kept only to explain a failed start.
    """
    port = free_port()
    command = [sys.executable, "-m", "sto_monitor", "--db", str(database), "serve"]
    if log is None:
        command.insert(-1, "--quiet")
    uit = log.open("wb") if log is not None else subprocess.PIPE
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=uit,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/indicatoren", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                if log is not None:
                    output = log.read_text(errors="replace")
                else:
                    output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"sto serve kwam niet op:\n{output}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if log is not None and not isinstance(uit, int):
            uit.close()


@pytest.fixture(scope="session")
def web_server(web_db: Path) -> Iterator[str]:
    """Base URL of a running ``sto serve`` on loopback."""
    with serve(web_db) as base:
        yield base


@dataclass(frozen=True)
class Antwoord:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> Any:
        return json.loads(self.body)


def get(base: str, path: str, headers: dict[str, str] | None = None) -> Antwoord:
    """GET over real HTTP; 4xx/5xx answers are returned, not raised."""
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return Antwoord(answer.status, dict(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return Antwoord(error.code, dict(error.headers.items()), error.read())


@pytest.fixture(scope="session")
def web_publicatie(web_db: Path) -> dict[str, GepubliceerdeTabel]:
    """Every indicator of the shared warehouse, published without the web layer: the
    independent expectation of what pages, API and downloads must show."""
    con = db.connect(web_db, read_only=True)
    try:
        return dict(publiceer(con, techniek="sto").publicatie.tabellen)
    finally:
        con.close()


def csv_cel(value: object) -> str:
    """A typed value as the open-data contract writes it in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
