"""Generated data says so everywhere: the generator's manifest reaches the provenance, the
snapshot and every page, and a real file stays real."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.ingest.runner import ingest_file
from sto_monitor.ingest.synthetisch import MANIFEST, is_synthetisch, schrijf_manifest
from sto_monitor.publicatie.gegevens import laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from tests.conftest import REAL
from tests.web_fixtures import get


def test_generated_files_are_marked_in_provenance(web_db: Path) -> None:
    con = db.connect(web_db, read_only=True)
    try:
        rows = con.execute("SELECT bestand, synthetisch FROM bron").fetchall()
    finally:
        con.close()
    generated = [naam for naam, synthetisch in rows if synthetisch]
    real = [naam for naam, synthetisch in rows if not synthetisch]
    assert any("leerlingen-vo-per-vestiging" in naam for naam in generated), rows
    # The real gemeente boundaries from ../shared are loaded beside them and stay real.
    if (REAL / "geo" / "gemeenten.geojson").is_file():
        assert "gemeenten.geojson" in real
    assert laad(web_db).synthetisch


def test_a_real_file_is_not_synthetic(tmp_path: Path, db_path: Path) -> None:
    echt = REAL / "geo" / "KoppelCodes.csv"
    if not echt.is_file():
        pytest.skip("../shared/data/real/geo/KoppelCodes.csv ontbreekt")
    assert not is_synthetisch(echt)
    # The same real file beside a manifest that does not list it stays real; listed, it is not.
    kopie = tmp_path / echt.name
    shutil.copy(echt, kopie)
    schrijf_manifest(tmp_path, [tmp_path / "ander.csv"], seed=1)
    assert not is_synthetisch(kopie)
    schrijf_manifest(tmp_path, [kopie], seed=1)
    assert json.loads((tmp_path / MANIFEST).read_text())["bestanden"] == [
        "KoppelCodes.csv",
        "ander.csv",
    ]
    assert is_synthetisch(kopie)
    con = db.connect(db_path)
    try:
        ingest_file(con, kopie)
        assert con.execute("SELECT synthetisch FROM bron").fetchall() == [(True,)]
    finally:
        con.close()


def test_every_page_says_synthetic(web_server: str) -> None:
    for pad in ("/", "/regios", "/verkenner", "/kaart", "/indicatoren"):
        assert SYNTHETISCH in get(web_server, pad).text, pad


def test_bulk_readme_says_synthetic_and_names_sources_in_words(web_server: str) -> None:
    import io
    import re
    import urllib.request
    import zipfile

    with urllib.request.urlopen(f"{web_server}/api/v1/bulk.zip", timeout=120) as antwoord:
        leesmij = zipfile.ZipFile(io.BytesIO(antwoord.read())).read("LEESMIJ.txt").decode()
    assert SYNTHETISCH in leesmij.splitlines()[:3]
    for regel in leesmij.splitlines():
        if "niet beschikbaar" in regel:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", regel), regel
