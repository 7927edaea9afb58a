"""`sto fetch` against a real HTTP server on loopback serving DUO-named files."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.errors import DownloadError, ExitCode
from sto_monitor.ingest.fetch import download, fetch_year
from tests.conftest import REAL, requires_real
from tests.duo_files import HEADER_2019, row_2019, write_csv


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.endswith("kapot.csv"):
            self.send_error(500, "Internal Server Error")
            return
        if self.path.endswith("pagina.csv"):
            body = b"<!DOCTYPE html><html><body>Onderhoud</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "duo"
    root.mkdir()
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/open_onderwijsdata", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def publish(root: Path, name: str, source: Path) -> None:
    target = root / "open_onderwijsdata" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def test_fetch_tries_names_in_order_and_notes_missing_files(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = server
    small = write_csv(
        tmp_path / "src.csv",
        HEADER_2019,
        [row_2019("12AB", "00", "VMBO BL lj 3-4", "Groen", ("5", "6"))],
    )
    publish(root, "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2021-2022.csv", small)
    files, notes = fetch_year(2021, tmp_path / "uit", base_url=base)
    assert [f.name for f in files] == [
        "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2021-2022.csv"
    ]
    assert files[0].read_bytes() == small.read_bytes()
    assert len(notes) == 2 and "niet beschikbaar" in notes[0]
    assert not list((tmp_path / "uit").glob("*.part"))


def test_missing_required_file_is_an_error(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _root = server
    with pytest.raises(DownloadError, match="leerlingen vo per vestiging 2030/2031 niet gevonden"):
        fetch_year(2030, tmp_path / "uit", base_url=base)


def test_html_page_and_server_error_are_refused(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _root = server
    with pytest.raises(DownloadError, match="HTML-pagina"):
        download(f"{base}/pagina.csv", tmp_path / "pagina.csv")
    with pytest.raises(Exception, match="500"):
        download(f"{base}/kapot.csv", tmp_path / "kapot.csv")
    assert not (tmp_path / "pagina.csv").exists()
    assert not list(tmp_path.glob("*.part"))


def test_unreachable_host_is_a_download_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError):
        download("http://127.0.0.1:9/x.csv", tmp_path / "x.csv")


@requires_real
def test_cli_fetches_and_ingests_the_real_2019_files(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = server
    publish(
        root,
        "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
        REAL / "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
    )
    database = tmp_path / "fetch.duckdb"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sto_monitor",
            "fetch",
            "--jaar",
            "2019",
            "--basis-url",
            base,
            "--uit",
            str(tmp_path / "duo-data"),
            "--db",
            str(database),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == ExitCode.OK, result.stderr
    con = db.connect(database, read_only=True)
    total = con.execute(
        "SELECT sum(aantal_min) FROM leerlingen WHERE schooljaar = 2019 "
        "AND leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl')"
    ).fetchall()
    con.close()
    assert total == [(61508,)]
