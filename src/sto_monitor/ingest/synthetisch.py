"""Which files are synthetic: the generator lists every file it writes in a manifest beside
them, and ingest records that in the file's provenance (``bron.synthetisch``).

Every output then says so from the provenance alone (``Snapshot.synthetisch``), so that no
page, report or download of generated numbers can look like real figures. A generated file
keeps its real DUO layout (no marker inside it); the manifest travels with the directory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sto_monitor.db import Connection

MANIFEST = "SYNTHETISCH.json"


def schrijf_manifest(uit: Path, bestanden: Iterable[Path], *, seed: int) -> Path:
    """List ``bestanden`` (written by the generator in ``uit``) as synthetic; adds to a
    manifest that is already there, so that several generator runs in one directory add up."""
    pad = Path(uit) / MANIFEST
    namen = set(_namen(pad))
    namen.update(Path(b).name for b in bestanden)
    document = {
        "let_op": "Deze bestanden zijn synthetisch: door het programma gegenereerde "
        "demogegevens in de echte DUO-indelingen, geen echte cijfers.",
        "seed": seed,
        "bestanden": sorted(namen),
    }
    pad.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return pad


def is_synthetisch(bestand: Path) -> bool:
    """Whether the generator wrote this file (a manifest beside it lists its name)."""
    return Path(bestand).name in _namen(Path(bestand).resolve().parent / MANIFEST)


def _namen(manifest: Path) -> list[str]:
    if not manifest.is_file():
        return []
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    namen = document.get("bestanden", []) if isinstance(document, dict) else []
    return [str(n) for n in namen]


def in_gebruik(con: Connection) -> bool:
    """Whether any file in use (or any survey response) was written by the generator.

    A warehouse made before this column existed, opened read-only, has no such column yet:
    its files are then not known to be synthetic.
    """
    tabellen = {
        t
        for (t,) in con.execute(
            "SELECT table_name FROM duckdb_columns() WHERE column_name = 'synthetisch' "
            "AND table_name IN ('bron', 'enquete_respons')"
        ).fetchall()
    }
    delen = [
        f"SELECT synthetisch FROM {t}" + (" WHERE status = 'geladen'" if t == "bron" else "")
        for t in sorted(tabellen)
    ]
    if not delen:
        return False
    sql = f"SELECT coalesce(bool_or(synthetisch), false) FROM ({' UNION ALL '.join(delen)})"
    return bool(con.execute(sql).fetchall()[0][0])
