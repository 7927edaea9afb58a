"""A running dashboard picks up a changed warehouse without a restart, and keeps answering."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb

from tests.web_fixtures import get, serve


def beschikbaar(base: str, naam: str) -> bool:
    answer = get(base, "/api/v1/indicatoren")
    assert answer.status == 200  # never an error while a reload is under way
    return next(i["beschikbaar"] for i in answer.json()["indicatoren"] if i["naam"] == naam)


def test_a_changed_warehouse_is_shown_after_a_background_reload(
    web_db: Path, tmp_path: Path
) -> None:
    kopie = tmp_path / "kopie.duckdb"
    shutil.copy(web_db, kopie)
    with serve(kopie) as base:
        assert beschikbaar(base, "docenten")
        con = duckdb.connect(str(kopie))
        con.execute("DELETE FROM docenten")
        con.close()
        deadline = time.monotonic() + 60
        while beschikbaar(base, "docenten"):
            assert time.monotonic() < deadline, "het dashboard toont de gewijzigde database niet"
            time.sleep(0.3)
        page = get(base, "/indicatoren/docenten")
        assert page.status == 200 and "docenten" in page.text
