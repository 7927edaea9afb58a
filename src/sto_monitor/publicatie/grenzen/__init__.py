"""Simplified gemeente and provincie boundaries shipped with the package.

Maps need boundaries, and a fresh machine has none in its warehouse. These files are the open
CBS/PDOK boundaries (2023 indeling, 342 gemeenten and 12 provincies), simplified so that
shared borders stay shared, coordinates rounded to 5 decimals (README.md beside them says
where they come from and how they were made; ``python -m sto_monitor.publicatie.grenzen``
makes them again). ``publicatie.gegevens`` uses the gemeenten when no boundaries are loaded;
loaded boundaries (``sto ingest …geojson``) always come first.

Every boundary is ``(code, naam, GeoJSON geometry)``, with codes as loaded boundaries have
them (``GM0014``, ``PV20``), so a gemeente colours the same way whichever set is drawn.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

MAP = Path(__file__).resolve().parent
GEMEENTEN = "gemeenten.geojson.gz"
PROVINCIES = "provincies.geojson.gz"
BRON = "CBS/PDOK Wijk- en buurtkaart (CC-BY 4.0), via rubensan19/kaarten"

Grens = tuple[str, str, dict[str, Any]]  # (code, naam, GeoJSON Polygon or MultiPolygon)


def collectie(bestand: str) -> dict[str, Any]:
    """One shipped file as a GeoJSON FeatureCollection (``code`` and ``naam`` per feature)."""
    data: dict[str, Any] = json.loads(gzip.decompress((MAP / bestand).read_bytes()))
    return data


def _grenzen(bestand: str) -> tuple[Grens, ...]:
    features = collectie(bestand)["features"]
    return tuple(
        (str(f["properties"]["code"]), str(f["properties"]["naam"]), f["geometry"])
        for f in sorted(features, key=lambda f: str(f["properties"]["code"]))
    )


@cache
def gemeenten() -> tuple[Grens, ...]:
    """The 342 gemeenten (2023 indeling), by code. Shared by every caller: do not modify."""
    return _grenzen(GEMEENTEN)


@cache
def provincies() -> tuple[Grens, ...]:
    """The 12 provincies, by code. Shared by every caller: do not modify."""
    return _grenzen(PROVINCIES)
