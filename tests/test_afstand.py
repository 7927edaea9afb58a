"""The great-circle distance (afstand.py), checked against values that do not come from it."""

from __future__ import annotations

import math
import random

import ibis
import pyarrow as pa
import pytest

from sto_monitor.indicators.afstand import AARDSTRAAL_KM, haversine_km, haversine_km_py

Pair = tuple[float, float, float, float]

AMSTERDAM_CS = (52.3791, 4.9003)
UTRECHT_CS = (52.0894, 5.1100)
GRONINGEN_STATION = (53.2105, 6.5641)
MAASTRICHT_STATION = (50.8498, 5.7053)


def ibis_km(pairs: list[Pair]) -> list[float]:
    """Evaluate the Ibis expression on DuckDB for each (lat1, lon1, lat2, lon2)."""
    t = ibis.memtable(
        pa.table(
            {
                "i": list(range(len(pairs))),
                "lat1": [p[0] for p in pairs],
                "lon1": [p[1] for p in pairs],
                "lat2": [p[2] for p in pairs],
                "lon2": [p[3] for p in pairs],
            }
        )
    )
    expr = t.select("i", km=haversine_km(t.lat1, t.lon1, t.lat2, t.lon2)).order_by("i")
    return [float(v) for v in ibis.duckdb.connect().to_pyarrow(expr)["km"].to_pylist()]


def chord_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Independent formula: the straight chord between unit vectors, turned into an arc."""

    def unit(lat: float, lon: float) -> tuple[float, float, float]:
        phi, lam = math.radians(lat), math.radians(lon)
        return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))

    chord = math.dist(unit(lat1, lon1), unit(lat2, lon2))
    return 2 * AARDSTRAAL_KM * math.asin(min(1.0, chord / 2))


def test_known_distances() -> None:
    pairs: list[Pair] = [
        (*AMSTERDAM_CS, *UTRECHT_CS),
        (*GRONINGEN_STATION, *MAASTRICHT_STATION),
        (52.0, 5.0, 52.0, 5.0),
        (52.0, 5.0, 53.0, 5.0),  # one degree along a meridian
        (0.0, 0.0, 0.0, 90.0),  # a quarter of the equator
        (0.0, 0.0, 0.0, 180.0),  # antipodes: half a great circle
        (90.0, 0.0, -90.0, 0.0),  # pole to pole
    ]
    half_circle = math.pi * AARDSTRAAL_KM
    expected = [
        35.2,  # published straight-line distance Amsterdam Centraal - Utrecht Centraal (~35 km)
        269.0,  # Groningen - Maastricht station to station (~269 km in vogelvlucht)
        0.0,
        half_circle / 180,  # 111.19 km
        half_circle / 2,
        half_circle,
        half_circle,
    ]
    for got in (ibis_km(pairs), [haversine_km_py(*p) for p in pairs]):
        assert got[0] == pytest.approx(expected[0], abs=0.5)
        assert got[1] == pytest.approx(expected[1], abs=1.5)
        assert got[2] == 0.0
        assert got[3:] == pytest.approx(expected[3:], rel=1e-9)


def test_matches_independent_formula_and_is_symmetric() -> None:
    rng = random.Random(13)
    pairs: list[Pair] = [
        (
            rng.uniform(50.7, 53.6),
            rng.uniform(3.3, 7.3),
            rng.uniform(50.7, 53.6),
            rng.uniform(3.3, 7.3),
        )
        for _ in range(200)
    ]
    # Nearby pairs too, where cancellation would show: 10 m to 10 km apart.
    pairs += [(52.0, 5.0, 52.0 + d, 5.0 + d) for d in (1e-4, 1e-3, 0.01, 0.09)]
    swapped: list[Pair] = [(p[2], p[3], p[0], p[1]) for p in pairs]
    got = ibis_km(pairs)
    back = ibis_km(swapped)
    reference = [chord_km(*p) for p in pairs]
    assert got == pytest.approx(reference, rel=1e-9, abs=1e-9)
    assert [haversine_km_py(*p) for p in pairs] == pytest.approx(reference, rel=1e-9, abs=1e-9)
    assert back == pytest.approx(got, rel=1e-12)


def test_ten_km_along_a_meridian() -> None:
    # The tiny indicator tests place PC4s on a meridian: 0.085 deg is inside 10 km, 0.09 not.
    assert ibis_km([(52.0, 5.0, 52.085, 5.0), (52.0, 5.0, 52.09, 5.0)]) == pytest.approx(
        [9.4516, 10.0076], abs=1e-3
    )
