"""The technical offer within 10 km of a region's vestigingen (publicatie/bereik.py).

Hand-made geography with known answers: schools on one meridian, where 1 degree of latitude is
a known number of km, and an offer at exactly 10.0 km.
"""

from __future__ import annotations

from sto_monitor.indicators.afstand import KM_PER_GRAAD_BREEDTE
from sto_monitor.publicatie.bereik import bereik
from sto_monitor.publicatie.gegevens import Vestiging

LAT0, LON = 52.0, 5.0


def school(
    code: str, km_noord: float | None, regio: str | None, *aanbod: tuple[str, str]
) -> Vestiging:
    lat = None if km_noord is None else LAT0 + km_noord / KM_PER_GRAAD_BREEDTE
    leerwegen = tuple(sorted({lw for _, lw in aanbod})) or ("bb",)
    return Vestiging(
        code=code,
        naam=code,
        plaats="",
        gemeentecode=None,
        lat=lat,
        lon=LON if lat is not None else None,
        regio=regio,
        techniek=tuple(sorted({p for p, _ in aanbod})),
        leerwegen=leerwegen,
        aanbod=tuple(aanbod),
    )


def rij(uitkomst: list, profiel: str, leerweg: str):  # type: ignore[no-untyped-def]
    return next(b for b in uitkomst if (b.profiel, b.leerweg) == (profiel, leerweg))


def test_three_schools_on_a_line_and_an_offer_at_exactly_10_km() -> None:
    alle = [
        school("A", 0.0, "R1", ("PIE", "bb")),
        school("B", 6.0, "R1", ("BWI", "bb")),
        school("C", 16.0, "R2", ("MVI", "bb")),  # outside the region, 10.0 km from B
        school("D", 30.0, "R2", ("PIE", "kb")),
    ]
    uit = bereik(alle, "R1")
    pie = rij(uit, "PIE", "bb")
    assert (pie.vestigingen, pie.zelf, pie.binnen) == (2, 1, 2)  # B is 6 km from A
    assert round(pie.dichtstbij_km or 0, 6) == 6.0
    mvi = rij(uit, "MVI", "bb")
    # exactly 10.0 km counts as within (the spec's "binnen 10 km"); A is 16 km away
    assert (mvi.vestigingen, mvi.zelf, mvi.binnen) == (2, 0, 1)
    assert round(mvi.dichtstbij_km or 0, 6) == 16.0
    # nobody offers M&T in bb: no reach, no distance
    mt = rij(uit, "M&T", "bb")
    assert (mt.binnen, mt.dichtstbij_km) == (0, None)
    # R1 has no kb vestiging: kb rows count no vestigingen (PIE kb exists only at D)
    assert rij(uit, "PIE", "kb").vestigingen == 0


def test_a_vestiging_without_location_is_not_counted_as_reachable() -> None:
    alle = [school("A", 0.0, "R1", ("PIE", "bb")), school("Z", None, "R1", ("PIE", "bb"))]
    pie = rij(bereik(alle, "R1"), "PIE", "bb")
    # Z has no coordinates: it is neither a starting point nor an offer that can be measured
    assert (pie.vestigingen, pie.binnen) == (1, 1)
