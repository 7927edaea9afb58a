"""A demo region set when no official STO-regio list is loaded.

No machine-readable list of the 78 (2020-2024) and 74 (2025-2029) STO-regio's exists offline.
So that region pages and indicators can be shown, this builds contiguous groups of vmbo
vestigingen within COROP areas, labelled everywhere "demo-indeling, niet officieel". Loading an
official ``sto-regio`` file for a period replaces the demo set of that period.
"""

from __future__ import annotations

from collections import Counter

from sto_monitor.db import Connection, transaction
from sto_monitor.generate.regions import VestigingPoint, demo_regions

DEMO_LABEL = "demo-indeling, niet officieel"
PERIODS: dict[str, tuple[int, int, int, int]] = {
    # periode: (first year, last year, number of regions, number of techniekluwen)
    "2020-2024": (2020, 2024, 78, 5),
    "2025-2029": (2025, 2029, 74, 0),
}

_VMBO_VESTIGINGEN = """
    SELECT v.vestiging, coalesce(v.corop_code, v.provincie, 'onbekend'),
           coalesce(v.corop_naam, v.provincie, 'onbekend'), v.lat, v.lon
    FROM vestiging v
    WHERE v.lat IS NOT NULL
      AND v.vestiging IN (SELECT vestiging FROM leerlingen WHERE leerweg IN ('bb', 'kb', 'gl'))
    ORDER BY v.vestiging
"""


def ensure_demo_regions(con: Connection, *, seed: int = 42) -> dict[str, int]:
    """Build a demo set for each period that has no regions yet; return regions per period."""
    built: dict[str, int] = {}
    rows = con.execute(_VMBO_VESTIGINGEN).fetchall()
    if not rows:
        return built
    points = [
        VestigingPoint(code, corop, float(lat), float(lon)) for code, corop, _name, lat, lon in rows
    ]
    corop_names = {code: name for code, _corop, name, _lat, _lon in rows}
    corop_of = {code: corop for code, corop, _name, _lat, _lon in rows}
    for periode, (start, end, n_regions, n_luw) in PERIODS.items():
        exists = con.execute("SELECT count(*) FROM regio WHERE periode = ?", [periode]).fetchall()
        if exists[0][0]:
            continue
        assignment = demo_regions(points, min(n_regions, len(points)), seed)
        members: dict[str, list[str]] = {}
        for vestiging, regio in assignment.items():
            members.setdefault(regio, []).append(vestiging)
        smallest = sorted(members, key=lambda r: (len(members[r]), r))[:n_luw]
        with transaction(con):
            for regio, vestigingen in sorted(members.items()):
                corop = Counter(corop_of[v] for v in vestigingen).most_common(1)[0][0]
                sample = next(v for v in vestigingen if corop_of[v] == corop)
                naam = f"{corop_names[sample]} {regio} (demo)"
                con.execute(
                    "INSERT INTO regio VALUES (?, ?, ?, ?, ?, ?, false, NULL)",
                    [periode, start, end, regio, naam, regio in smallest],
                )
                con.executemany(
                    "INSERT INTO regio_vestiging VALUES (?, ?, ?, NULL)",
                    [(periode, regio, v) for v in vestigingen],
                )
        built[periode] = len(members)
    return built
