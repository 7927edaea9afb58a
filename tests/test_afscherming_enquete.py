"""The survey's published figures under disclosure control: hand-made waves, then an attack.

Counts of regions are cells like any count of a confidential source: a top share that would tell
that 1 to 4 regions gave (or did not give) a top answer is hidden, also when only the
difference between all respondents and the pairs would tell it.
"""

from __future__ import annotations

import pytest

from sto_monitor.publicatie.afscherming.enquete import publiceer_enquete
from sto_monitor.survey.analyse import analyseer
from tests.test_enquete_analyse import _regio, _vl


def _golf(codes: list[int], item: str = "u1") -> dict[str, dict[str, int | str | None]]:
    return {_regio(i): {item: c} for i, c in enumerate(codes)}


def test_a_share_that_reveals_two_regions_is_hidden() -> None:
    vl = _vl(2024)
    # 20 regions, 18 (zeer) urgent: "niet urgent" would be 2 regions
    analyse = analyseer(vl, _golf([1] * 9 + [2] * 9 + [4, 5]))
    gepubliceerd, bevindingen = publiceer_enquete(analyse, vl, None)
    assert analyse.item("u1").pct_top == 90.0
    assert gepubliceerd.item("u1").pct_top is None
    assert gepubliceerd.item("u1").n == 20  # the number of respondents stays
    assert bevindingen and all(b.veilig for b in bevindingen)


def test_a_share_of_large_groups_is_shown() -> None:
    vl = _vl(2024)
    analyse = analyseer(vl, _golf([1] * 6 + [2] * 6 + [4] * 8))
    gepubliceerd, bevindingen = publiceer_enquete(analyse, vl, None)
    assert gepubliceerd.item("u1").pct_top == 60.0
    assert bevindingen == ()
    assert gepubliceerd.item("u1").aantallen is None  # the distribution is never published


def test_the_unpaired_regions_are_protected_too() -> None:
    """All 20 now, 17 of them also before. Both shares over 5, but between them: the three
    regions without a pair; their top answers would follow from the two shares."""
    vl_v, vl = _vl(2021), _vl(2024)
    nu = _golf([1] * 10 + [4] * 7 + [1, 1, 4])  # regions 17-19 have no pair
    vorige = _golf([1] * 8 + [4] * 9)
    analyse = analyseer(vl, nu, vorige_vragenlijst=vl_v, vorige=vorige)
    gepubliceerd, bevindingen = publiceer_enquete(analyse, vl, vl_v)
    ia = gepubliceerd.item("u1")
    v = ia.vergelijking
    assert v is not None and not v.verborgen
    # 12 of 20 and 10 of 17: together they would show 2 of the 3 unpaired regions
    assert ia.pct_top is None or v.pct_top_nu is None
    # the report's paired figure is the one kept
    assert v.pct_top_nu == pytest.approx(100 * 10 / 17)
    assert all(b.veilig for b in bevindingen)


def test_borging_distribution_hides_small_groups_and_a_partner() -> None:
    vl = _vl(2024)
    antwoorden: dict[str, dict[str, int | str | None]] = {}
    # 12 regions with all 7 statements applicable, 2 with 3, 6 with none
    for i in range(20):
        k = 7 if i < 12 else (3 if i < 14 else 0)
        antwoorden[_regio(i)] = {f"b{j}": (5 if j <= k else 1) for j in range(1, 8)}
    analyse = analyseer(vl, antwoorden)
    gepubliceerd, bevindingen = publiceer_enquete(analyse, vl, None)
    assert analyse.borging is not None and gepubliceerd.borging is not None
    verdeling = gepubliceerd.borging.verdeling
    assert verdeling is not None
    assert verdeling[3] is None  # 2 regions
    assert sum(1 for n in verdeling if n is None) >= 2  # and not derivable from the total
    assert all(b.veilig for b in bevindingen)
