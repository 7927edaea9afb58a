"""Rebuild the shipped boundary files from the open boundaries in ``shared/data/real/geo``.

Run by hand when the source files change (see README.md beside the data)::

    python -m sto_monitor.publicatie.grenzen [../shared/data/real/geo] [--uit MAP]

It reads ``gemeenten.geojson`` and ``Prov.geojson`` (the same lineage, so their borders share
their points), rounds every coordinate to 5 decimals (about 1 m), and simplifies gemeenten and
provincies together so that shared borders stay shared (``vereenvoudig.py``). It writes
``gemeenten.geojson.gz`` and ``provincies.geojson.gz``: GeoJSON FeatureCollections with the
properties ``code`` (``GM0014``, ``PV20``) and ``naam``. The same input gives the same JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

from sto_monitor.publicatie.grenzen import BRON, GEMEENTEN, MAP, PROVINCIES
from sto_monitor.publicatie.grenzen.vereenvoudig import Multipolygoon, vereenvoudig

BRONBESTANDEN = {GEMEENTEN: "gemeenten.geojson", PROVINCIES: "Prov.geojson"}
SLEUTELS = {  # shipped file -> (code property, name property, prefix of a bare number, pattern)
    GEMEENTEN: ("gemeenteCode", "gemeenteNaam", "GM", r"GM[0-9]{4}"),
    PROVINCIES: ("provincieCode", "provincie", "PV", r"PV[0-9]{2}"),
}
STANDAARD_BRON = Path("../shared/data/real/geo")
TOLERANTIE_M = 100.0  # Douglas-Peucker, in metres: about a pixel on a region map
DECIMALEN = 5  # about 1 m; 4 decimals make Westervoort touch itself


def _naam(naam: str) -> str:
    """``Noord Holland`` as the province writes itself: ``Noord-Holland``."""
    return re.sub(r"^(Noord|Zuid) (Holland|Brabant)$", r"\1-\2", " ".join(naam.split()))


def _vlakken(geometrie: dict[str, Any]) -> Multipolygoon:
    if geometrie.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"verwacht een (Multi)Polygon, niet {geometrie.get('type')!r}")
    coords = geometrie.get("coordinates") or []
    polygonen = coords if geometrie.get("type") == "MultiPolygon" else [coords]
    return [
        [[(round(p[0], DECIMALEN), round(p[1], DECIMALEN)) for p in ring] for ring in poly]
        for poly in polygonen
    ]


def lees(pad: Path, bestand: str) -> list[tuple[str, str, Multipolygoon]]:
    """(code, naam, rounded multipolygon) of every feature of one source file, by code."""
    code_sleutel, naam_sleutel, prefix, patroon = SLEUTELS[bestand]
    data = json.loads(pad.read_text(encoding="utf-8-sig"))
    uit = []
    for feature in data["features"]:
        eigenschappen = feature.get("properties") or {}
        code = str(eigenschappen.get(code_sleutel) or "").strip().upper()
        code = prefix + code if code.isdigit() else code
        if not re.fullmatch(patroon, code):
            raise ValueError(f"{pad.name}: ongeldige code {code!r}")
        naam = _naam(str(eigenschappen.get(naam_sleutel) or ""))
        uit.append((code, naam, _vlakken(feature["geometry"])))
    codes = [c for c, _, _ in uit]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{pad.name}: dubbele codes")
    return sorted(uit)


def _geometrie(vlakken: Multipolygoon) -> dict[str, Any]:
    coords = [[[list(p) for p in ring] for ring in poly] for poly in vlakken]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def bouw(geo: Path, tolerantie_m: float = TOLERANTIE_M) -> dict[str, bytes]:
    """The gzip-compressed shipped files, by file name."""
    lagen = {bestand: lees(geo / bron, bestand) for bestand, bron in BRONBESTANDEN.items()}
    klein = vereenvoudig([[v for _, _, v in laag] for laag in lagen.values()], tolerantie_m)
    uit = {}
    for (bestand, laag), vlakken in zip(lagen.items(), klein, strict=True):
        collectie = {
            "type": "FeatureCollection",
            "bron": f"{BRON}; {BRONBESTANDEN[bestand]}, vereenvoudigd ({tolerantie_m:g} m)",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": code, "naam": naam},
                    "geometry": _geometrie(v),
                }
                for (code, naam, _), v in zip(laag, vlakken, strict=True)
            ],
        }
        tekst = json.dumps(collectie, ensure_ascii=False, separators=(",", ":"))
        uit[bestand] = gzip.compress(tekst.encode("utf-8"), compresslevel=9, mtime=0)
    return uit


def _punten(data: bytes) -> int:
    features = json.loads(gzip.decompress(data))["features"]
    return sum(len(ring) for f in features for poly in _vlakken(f["geometry"]) for ring in poly)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sto_monitor.publicatie.grenzen",
        description="Maak de meegeleverde, vereenvoudigde gemeente- en provinciegrenzen opnieuw.",
    )
    parser.add_argument(
        "geo", nargs="?", type=Path, default=STANDAARD_BRON, help="map met de bronbestanden"
    )
    parser.add_argument("--uit", type=Path, default=MAP, help="waar de bestanden komen")
    parser.add_argument(
        "--tolerantie", type=float, default=TOLERANTIE_M, help="tolerantie in meter"
    )
    args = parser.parse_args(argv)
    if (args.geo / "geo").is_dir():  # the folder ``shared/data/real`` itself
        args.geo = args.geo / "geo"
    ontbreekt = [b for b in BRONBESTANDEN.values() if not (args.geo / b).is_file()]
    if ontbreekt:
        sys.stderr.write(f"{args.geo}: {', '.join(ontbreekt)} ontbreekt\n")
        return 2
    args.uit.mkdir(parents=True, exist_ok=True)
    for bestand, data in bouw(args.geo, args.tolerantie).items():
        (args.uit / bestand).write_bytes(data)
        sys.stderr.write(
            f"{args.uit / bestand}: {len(data) / 1024:.0f} kB, {_punten(data)} punten\n"
        )
    return 0
