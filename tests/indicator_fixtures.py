"""A tiny warehouse for indicator tests: rows written by hand, expectations computed by hand.

``TINY`` has two regions and two school years:

    R1 (2020-2024): A1, A2, A3      R2: B1, B2      no region: X1

Use ``tiny_warehouse(path, rows=..., regios=...)`` with your own rows where a case needs them.
A row is (schooljaar, vestiging, leerweg, profiel, geslacht, aantal_min, aantal_max); a ``<5``
cell is (…, 1, 4). Leerjaar is 3 unless ``leerjaar`` is given as an 8th element.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from sto_monitor import db, domain
from sto_monitor.indicators.run import compute

Row = tuple[object, ...]
ONDERWIJSTYPE = {
    "bb": "VMBO BL lj 3-4",
    "kb": "VMBO KL lj 3-4",
    "gl": "VMBO GL lj 3-4",
    "tl": "VMBO TL lj 3-4",
}
NAAM = {p.code: p.naam for p in domain.PROFIELEN}

TINY_REGIOS: dict[str, str] = {"A1": "R1", "A2": "R1", "A3": "R1", "B1": "R2", "B2": "R2"}
TINY_ROWS: list[Row] = [
    # 2020
    (2020, "A1", "bb", "PIE", "man", 12, 12),
    (2020, "A1", "kb", "PIE", "man", 8, 8),
    (2020, "A1", "bb", "Z&W", "vrouw", 10, 10),
    (2020, "A2", "kb", "BWI", "man", 1, 4),  # <5
    (2020, "A2", "gl", "MVI", "vrouw", 6, 6),
    (2020, "A3", "bb", "D&P", "man", 20, 20),
    (2020, "B1", "bb", "PIE", "man", 30, 30),
    (2020, "B1", "kb", "E&O", "vrouw", 15, 15),
    (2020, "B2", "kb", "MaT", "man", 7, 7),  # MaT: one vestiging
    (2020, "X1", "bb", "PIE", "man", 9, 9),  # outside any region
    # 2021
    (2021, "A1", "bb", "PIE", "man", 12, 12),  # exactly 0 % change in R1 techniek bb
    (2021, "A1", "kb", "PIE", "man", 10, 10),
    (2021, "A1", "bb", "Z&W", "vrouw", 8, 8),
    (2021, "A2", "kb", "BWI", "man", 5, 5),
    (2021, "A2", "gl", "MVI", "vrouw", 9, 9),
    (2021, "A3", "bb", "D&P", "man", 18, 18),
    (2021, "B1", "bb", "PIE", "man", 25, 25),
    (2021, "B1", "kb", "E&O", "vrouw", 15, 15),  # R2 has no gl at all
    (2021, "B2", "kb", "MaT", "man", 1, 4),
    (2021, "X1", "bb", "PIE", "man", 11, 11),
]


def tiny_warehouse(
    path: Path,
    *,
    rows: Sequence[Row] = TINY_ROWS,
    regios: Mapping[str, str] = TINY_REGIOS,
    periode: str = "2020-2024",
) -> db.Connection:
    con = db.connect(path)
    # bron_id from the sequence, so that later `sto ingest` calls into this file still work
    con.execute(
        "INSERT INTO bron (bestand, pad, sha256, grootte, formaat, doel) "
        "VALUES ('tiny.csv', 'tiny.csv', 'x', 0, 'test', 'leerlingen')"
    )
    records = []
    for row in rows:
        jaar, vestiging, leerweg, profiel, geslacht, low, high = row[:7]
        leerjaar = row[7] if len(row) > 7 else 3
        code = f"{vestiging}"
        afdeling = NAAM.get(str(profiel), str(profiel))
        records.append(
            (
                jaar,
                code,
                ONDERWIJSTYPE[str(leerweg)],
                leerweg,
                None,
                None,
                afdeling,
                profiel,
                None,
                None,
                leerjaar,
                geslacht,
                low,
                high,
                1,
            )
        )
    con.executemany(
        "INSERT INTO leerlingen VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records
    )
    start, end = (int(part) for part in periode.split("-"))
    for regio in sorted(set(regios.values())):
        con.execute(
            "INSERT INTO regio VALUES (?, ?, ?, ?, ?, false, true, 1)",
            [periode, start, end, regio, f"Regio {regio}"],
        )
    con.executemany(
        "INSERT INTO regio_vestiging VALUES (?, ?, ?, 1)",
        [(periode, r, v) for v, r in regios.items()],
    )
    return con


def run(con: db.Connection, naam: str, techniek: str = "sto") -> pd.DataFrame:
    """The indicator's table as a DataFrame, rows in key order."""
    return compute(naam, con, techniek=techniek).to_pandas()
