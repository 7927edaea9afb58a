"""Disclosure control: every rule and boundary, and attempts to derive suppressed cells."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN, beveilig
from sto_monitor.indicators.registry import BY_NAME, INDICATORS, Openbaarheid
from sto_monitor.indicators.run import compute
from tests.indicator_fixtures import TINY_ROWS, tiny_warehouse

INTERVAL = Openbaarheid(aantallen=("aantal", "aantal_min", "aantal_max"), groep=("groep",))


def counts(*cells: tuple[str, int, int]) -> pa.Table:
    """One group 'g' with cells (leerweg, min, max); ``aantal`` is the point value."""
    return pa.table(
        {
            "groep": ["g"] * len(cells),
            "leerweg": [c[0] for c in cells],
            "aantal": [c[1] if c[1] == c[2] else None for c in cells],
            "aantal_min": [c[1] for c in cells],
            "aantal_max": [c[2] for c in cells],
        }
    )


def published(table: pa.Table, rule: Openbaarheid = INTERVAL) -> dict[str, Any]:
    out = beveilig(table, rule).to_pylist()
    return {row["leerweg"]: row["aantal"] for row in out}


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (0, 0, "0"),
        (1, 1, KLEIN),
        (4, 4, KLEIN),
        (5, 5, "5"),
        (1, 4, KLEIN),  # DUO's <5
        (12, 15, "12-15"),
        (2, 8, "2-8"),  # max >= 5: an interval is shown
        (61508, 61508, "61508"),
    ],
)
def test_a_single_count_and_its_boundaries(low: int, high: int, shown: str) -> None:
    rule = Openbaarheid(aantallen=("aantal", "aantal_min", "aantal_max"))
    assert published(counts(("bb", low, high)), rule) == {"bb": shown}


def test_counts_become_one_string_column_without_bounds() -> None:
    out = beveilig(counts(("bb", 7, 7), ("kb", 1, 4)), INTERVAL)
    assert out.column_names == ["groep", "leerweg", "aantal"]
    assert out.schema.field("aantal").type == pa.string()


def test_a_count_without_bounds_is_protected_too() -> None:
    table = pa.table({"groep": ["g", "g", "g"], "leerweg": ["a", "b", "c"], "n": [3, 40, 0]})
    out = beveilig(table, Openbaarheid(aantallen=("n",), groep=("groep",))).to_pylist()
    assert [r["n"] for r in out] == [KLEIN, GEHEIM, "0"]


def test_one_suppressed_cell_gets_a_partner_the_smallest_other_nonzero() -> None:
    shown = published(counts(("bb", 3, 3), ("kb", 20, 20), ("gl", 0, 0), ("totaal", 23, 23)))
    assert shown == {"bb": KLEIN, "kb": GEHEIM, "gl": "0", "totaal": "23"}


def test_two_suppressed_cells_need_no_partner() -> None:
    shown = published(counts(("bb", 3, 3), ("kb", 2, 2), ("gl", 30, 30), ("totaal", 35, 35)))
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": "30", "totaal": "35"}


def test_a_partner_that_would_pin_the_cell_gets_a_third_cell() -> None:
    # <5 next to x under a total of 6 can only be 1 + 5: the total is hidden as well.
    shown = published(counts(("bb", 1, 1), ("kb", 5, 5), ("gl", 0, 0), ("totaal", 6, 6)))
    assert shown == {"bb": KLEIN, "kb": GEHEIM, "gl": "0", "totaal": GEHEIM}


def test_two_small_cells_that_add_up_to_their_minimum_get_a_partner() -> None:
    shown = published(counts(("bb", 1, 1), ("kb", 1, 1), ("gl", 20, 20), ("totaal", 22, 22)))
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": GEHEIM, "totaal": "22"}
    shown = published(counts(("bb", 4, 4), ("kb", 4, 4), ("gl", 20, 20), ("totaal", 28, 28)))
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": GEHEIM, "totaal": "28"}


def test_groups_are_independent() -> None:
    table = pa.concat_tables(
        [
            counts(("bb", 3, 3), ("kb", 9, 9), ("totaal", 12, 12)),
            counts(("bb", 30, 30), ("kb", 9, 9), ("totaal", 39, 39)).set_column(
                0, "groep", pa.array(["h"] * 3)
            ),
        ]
    )
    out = [(r["groep"], r["leerweg"], r["aantal"]) for r in beveilig(table, INTERVAL).to_pylist()]
    assert ("g", "kb", GEHEIM) in out and ("h", "kb", "9") in out


def feasible(shown: dict[str, str], cap: int = 200) -> dict[str, set[int]]:
    """An attacker: every value of each hidden cell consistent with totaal = sum of the rest."""
    parts = [k for k in shown if k != "totaal"]

    def options(text: str) -> range:
        if text == KLEIN:
            return range(1, 5)
        if text == GEHEIM:
            return range(5, cap)
        if "-" in text:
            low, high = (int(x) for x in text.split("-"))
            return range(low, high + 1)
        return range(int(text), int(text) + 1)

    found: dict[str, set[int]] = {k: set() for k in shown}
    for combo in itertools.product(*(options(shown[k]) for k in parts)):
        total = sum(combo)
        if total in options(shown["totaal"]):
            found["totaal"].add(total)
            for k, v in zip(parts, combo, strict=True):
                found[k].add(v)
    return found


@pytest.mark.parametrize(
    "cells",
    [
        [("bb", 3, 3), ("kb", 20, 20), ("gl", 30, 30), ("totaal", 53, 53)],
        [("bb", 1, 1), ("kb", 5, 5), ("gl", 0, 0), ("totaal", 6, 6)],
        [("bb", 4, 4), ("kb", 6, 6), ("gl", 7, 7), ("totaal", 17, 17)],
        [("bb", 1, 4), ("kb", 10, 10), ("gl", 12, 12), ("totaal", 23, 26)],
        [("bb", 1, 1), ("kb", 1, 1), ("gl", 20, 20), ("totaal", 22, 22)],
        [("bb", 4, 4), ("kb", 4, 4), ("gl", 5, 5), ("totaal", 13, 13)],
        [("bb", 2, 2), ("kb", 5, 5), ("gl", 9, 9), ("totaal", 16, 16)],
    ],
)
def test_a_suppressed_cell_cannot_be_derived_from_the_total(
    cells: list[tuple[str, int, int]],
) -> None:
    shown = published(counts(*cells))
    hidden = [k for k, v in shown.items() if v in (KLEIN, GEHEIM)]
    assert len(hidden) >= 2
    possible = feasible(shown)
    for k in hidden:
        assert len(possible[k]) > 1, (k, shown, possible[k])


def ratios(noemer: list[float | None], waarde: list[float | None], n: list[int]) -> pa.Table:
    return pa.table(
        {
            "groep": [str(i) for i in range(len(n))],
            "n": n,
            "noemer": noemer,
            "aandeel": waarde,
        }
    )


@pytest.mark.parametrize(("noemer", "shown"), [(9, GEHEIM), (10, "50.0"), (9.5, GEHEIM)])
def test_a_share_needs_a_denominator_of_10(noemer: float, shown: str) -> None:
    rule = Openbaarheid(aantallen=("n",), aandelen={"aandeel": "noemer"})
    out = beveilig(ratios([noemer], [50.0], [40]), rule).to_pylist()
    assert out[0]["aandeel"] == shown
    assert "noemer" not in out[0]  # a helper column with a small number is not published


@pytest.mark.parametrize(("basis", "shown"), [(9.0, GEHEIM), (10.0, "-12.3")])
def test_a_change_needs_a_base_of_10(basis: float, shown: str) -> None:
    rule = Openbaarheid(aantallen=("n",), veranderingen={"aandeel": "noemer"})
    out = beveilig(ratios([basis], [-12.345], [40]), rule).to_pylist()
    assert out[0]["aandeel"] == shown


def test_a_denominator_that_is_an_interval_uses_its_minimum() -> None:
    table = pa.table({"t_min": [8, 10], "t_max": [11, 13], "deel": [5, 5], "aandeel": [50.0, 45.0]})
    rule = Openbaarheid(aantallen=("t_min", "t_max", "deel"), aandelen={"aandeel": "t"})
    out = beveilig(table, rule).to_pylist()
    assert [r["aandeel"] for r in out] == [GEHEIM, "45.0"]
    assert [r["t"] for r in out] == ["8-11", "10-13"]


def test_a_share_or_change_beside_a_suppressed_count_is_hidden() -> None:
    rule = Openbaarheid(aantallen=("n",), aandelen={"aandeel": "noemer"})
    out = beveilig(ratios([100, 100], [3.0, 30.0], [3, 30]), rule).to_pylist()
    assert [(r["n"], r["aandeel"]) for r in out] == [(KLEIN, GEHEIM), ("30", "30.0")]


def test_an_undefined_share_stays_empty() -> None:
    rule = Openbaarheid(aantallen=("n",), aandelen={"aandeel": "noemer"})
    out = beveilig(ratios([None], [None], [30]), rule).to_pylist()
    assert out[0]["aandeel"] is None


def test_a_rule_naming_a_missing_column_is_an_error() -> None:
    with pytest.raises(IndicatorError, match="ontbreken"):
        beveilig(pa.table({"n": [1]}), Openbaarheid(aantallen=("n",), groep=("regio",)))


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_every_registered_rule_fits_its_indicator(indicator: Any) -> None:
    empty = pa.table({c: pa.array([], pa.int64()) for c in indicator.kolommen})
    out = beveilig(empty, indicator.openbaarheid)
    assert out.num_rows == 0


def test_indicator_1_on_the_tiny_warehouse(tmp_path: Path) -> None:
    # PIE kb in 2020 has an unmasked 3: totaal minus bb must not reveal it.
    rows = [*TINY_ROWS, (2020, "A3", "kb", "PIE", "vrouw", 3, 3)]
    rows = [
        r for r in rows if not (r[0] == 2020 and r[1] == "A1" and r[3] == "PIE" and r[2] == "kb")
    ]
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows)
    ind = BY_NAME["leerlingen_per_profiel"]
    out = beveilig(compute(ind, con), ind.openbaarheid).to_pylist()
    con.close()
    cell = {(r["schooljaar"], r["profiel"], r["leerweg"]): r for r in out}
    assert cell[(2020, "BWI", "kb")]["aantal"] == KLEIN  # DUO's <5
    assert cell[(2020, "PIE", "kb")]["aantal"] == KLEIN
    assert cell[(2020, "PIE", "bb")]["aantal"] == GEHEIM  # 51 < 54 (totaal)
    assert cell[(2020, "PIE", "totaal")]["aantal"] == "54"
    assert cell[(2020, "techniek", "totaal")]["aantal"] == "68-71"  # 73-76 with 3 for 8
    # The change from 2020 PIE kb (3) to 2021 (10) has a base below 10.
    assert cell[(2021, "PIE", "kb")]["verandering_pct"] == GEHEIM
    assert cell[(2021, "D&P", "bb")]["verandering_pct"] == "-10.0"
    assert "vorig_midden" not in out[0] and "aantal_min" not in out[0]
    for r in out:  # no published count is a small number
        assert r["aantal"] not in {"1", "2", "3", "4"}


def test_a_column_grouping_protects_a_cell_that_its_row_leaves_visible() -> None:
    """Row A has two small cells (no partner needed in the row), but column kb has one."""
    table = pa.table(
        {
            "profiel": ["A", "A", "B", "B"],
            "leerweg": ["bb", "kb", "bb", "kb"],
            "aantal": [3, 2, 20, 30],
        }
    )
    rows_only = Openbaarheid(aantallen=("aantal",), groep=("profiel",))
    both = Openbaarheid(aantallen=("aantal",), groep=("profiel",), extra_groepen=(("leerweg",),))
    assert beveilig(table, rows_only).column("aantal").to_pylist() == ["<5", "<5", "20", "30"]
    # Column bb: 3 (hidden) and 20; column kb: 2 (hidden) and 30: each needs a partner.
    assert beveilig(table, both).column("aantal").to_pylist() == ["<5", "<5", GEHEIM, GEHEIM]


def test_a_cluster_letter_is_hidden_with_the_change_it_reveals() -> None:
    table = pa.table(
        {
            "regio": ["R1", "R2"],
            "verandering": [12.5, -3.0],
            "basis": [40.0, 6.0],  # R2's base is below 10: its change is hidden
            "cluster": ["A", "D"],
        }
    )
    rule = Openbaarheid(
        veranderingen={"verandering": "basis"}, afgeleid={"cluster": ("verandering",)}
    )
    out = beveilig(table, rule).to_pylist()
    assert [(r["verandering"], r["cluster"]) for r in out] == [("12.5", "A"), (GEHEIM, GEHEIM)]
