"""What is left of the per-table rule of method 2026.1, and what replaced it.

``indicators/openbaarheid.py`` no longer protects any output (``beveilig`` is only the
benchmark's baseline). What the product still uses of it is tested here: the signs and
thresholds and :func:`secundair`, with which the planner hides the cells of its own forecast
tables. The cases the old rule decided for indicators are asked of the publication instead
(``publicatie/afscherming``): a count that rests on public DUO data is published as DUO
publishes it, exact or as DUO's masking interval, never ``x``, and its shares, changes and
cluster letters are shown whatever their denominator. Confidential sources are tested in
test_afscherming.py, test_afscherming_aanval.py and test_indicator_doorstroom_docenten.py.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators import openbaarheid
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.publicatie.afscherming import publiceer as afschermen
from sto_monitor.publicatie.afscherming import regels, tabel
from sto_monitor.publicatie.afscherming.tabel import Besluit, getypeerd
from sto_monitor.publicatie.publiceren import publiceer
from tests.indicator_fixtures import TINY_ROWS, tiny_warehouse

KLEIN = openbaarheid.KLEIN
GEHEIM = openbaarheid.GEHEIM

# ---------------------------------------------------------------- what the planner uses


def test_the_planners_signs_and_thresholds_are_those_of_the_publication() -> None:
    assert (openbaarheid.KLEIN, openbaarheid.GEHEIM) == ("<5", "x")
    assert (openbaarheid.KLEIN, openbaarheid.GEHEIM) == (tabel.KLEIN, tabel.GEHEIM)
    assert openbaarheid.DREMPEL_AANTAL == 5  # a forecast below 5 is shown as <5
    assert openbaarheid.DREMPEL_NOEMER == regels.DREMPEL_NOEMER == 10


Cel = tuple[str, int, int]  # (leerweg, min, max)


def verborgen(*groepen: list[Cel]) -> list[dict[str, str]]:
    """Each group's cells as shown after ``secundair``: <5 (primary), x (secondary), value.

    One grouping: every list is one group (e.g. bb, kb, gl and their totaal in one row).
    """
    cellen: dict[tuple[int, int], tuple[float, float] | None] = {}
    groep: dict[tuple[int, int], object] = {}
    for g, cells in enumerate(groepen):
        for i, (_, low, high) in enumerate(cells):
            cellen[(g, i)] = (float(low), float(high))
            groep[(g, i)] = g
    primair = {c for c, b in cellen.items() if b is not None and 0 < b[1] < 5}
    extra = openbaarheid.secundair(cellen, primair, [groep])
    uit = []
    for g, cells in enumerate(groepen):
        shown = {}
        for i, (leerweg, low, high) in enumerate(cells):
            if (g, i) in primair:
                shown[leerweg] = KLEIN
            elif (g, i) in extra:
                shown[leerweg] = GEHEIM
            else:
                shown[leerweg] = str(low) if low == high else f"{low}-{high}"
        uit.append(shown)
    return uit


def test_one_suppressed_cell_gets_a_partner_the_smallest_other_nonzero() -> None:
    [shown] = verborgen([("bb", 3, 3), ("kb", 20, 20), ("gl", 0, 0), ("totaal", 23, 23)])
    assert shown == {"bb": KLEIN, "kb": GEHEIM, "gl": "0", "totaal": "23"}


def test_two_suppressed_cells_need_no_partner() -> None:
    [shown] = verborgen([("bb", 3, 3), ("kb", 2, 2), ("gl", 30, 30), ("totaal", 35, 35)])
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": "30", "totaal": "35"}


def test_a_partner_that_would_pin_the_cell_gets_a_third_cell() -> None:
    # <5 next to x under a total of 6 can only be 1 + 5: the total is hidden as well.
    [shown] = verborgen([("bb", 1, 1), ("kb", 5, 5), ("gl", 0, 0), ("totaal", 6, 6)])
    assert shown == {"bb": KLEIN, "kb": GEHEIM, "gl": "0", "totaal": GEHEIM}


def test_two_small_cells_that_add_up_to_their_minimum_get_a_partner() -> None:
    [shown] = verborgen([("bb", 1, 1), ("kb", 1, 1), ("gl", 20, 20), ("totaal", 22, 22)])
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": GEHEIM, "totaal": "22"}
    [shown] = verborgen([("bb", 4, 4), ("kb", 4, 4), ("gl", 20, 20), ("totaal", 28, 28)])
    assert shown == {"bb": KLEIN, "kb": KLEIN, "gl": GEHEIM, "totaal": "28"}


def test_groups_are_independent() -> None:
    g, h = verborgen(
        [("bb", 3, 3), ("kb", 9, 9), ("totaal", 12, 12)],
        [("bb", 30, 30), ("kb", 9, 9), ("totaal", 39, 39)],
    )
    assert (g["kb"], h["kb"]) == (GEHEIM, "9")


def test_a_column_grouping_protects_a_cell_that_its_row_leaves_visible() -> None:
    """Row A has two small cells (no partner needed in the row), but column kb has one."""
    cellen: dict[tuple[int, int], tuple[float, float] | None] = {
        (0, 0): (3.0, 3.0),  # A bb
        (1, 0): (2.0, 2.0),  # A kb
        (2, 0): (20.0, 20.0),  # B bb
        (3, 0): (30.0, 30.0),  # B kb
    }
    primair = {(0, 0), (1, 0)}
    rijen: dict[tuple[int, int], object] = {(0, 0): "A", (1, 0): "A", (2, 0): "B", (3, 0): "B"}
    kolommen: dict[tuple[int, int], object] = {
        (0, 0): "bb",
        (1, 0): "kb",
        (2, 0): "bb",
        (3, 0): "kb",
    }
    assert openbaarheid.secundair(cellen, primair, [rijen]) == set()
    # Column bb: 3 (hidden) and 20; column kb: 2 (hidden) and 30: each needs a partner.
    assert openbaarheid.secundair(cellen, primair, [rijen, kolommen]) == {(2, 0), (3, 0)}


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
def test_a_suppressed_cell_cannot_be_derived_from_the_total(cells: list[Cel]) -> None:
    [shown] = verborgen(cells)
    hidden = [k for k, v in shown.items() if v in (KLEIN, GEHEIM)]
    assert len(hidden) >= 2
    possible = feasible(shown)
    for k in hidden:
        assert len(possible[k]) > 1, (k, shown, possible[k])


# ---------------------------------------------------------------- public data, published


def _indicator(openbaarheid_: Openbaarheid, kolommen: tuple[str, ...]) -> Indicator:
    return Indicator(
        naam="proef",
        titel="proef",
        definitie="",
        eenheid="leerlingen",
        sleutels=("leerweg",),
        kolommen=kolommen,
        bronnen=("leerlingen",),
        reproduceert="",
        bereken=lambda inp: None,
        openbaarheid=openbaarheid_,
    )


@pytest.mark.parametrize(
    ("low", "high", "shown", "status"),
    [
        (0, 0, "0", None),
        (1, 1, "1", None),  # a public count of 1 is shown as 1
        (3, 3, "3", None),
        (4, 4, "4", None),
        (5, 5, "5", None),
        (1, 4, KLEIN, KLEIN),  # DUO's own <5, and only that, is <5
        (12, 15, "12-15", "interval"),
        (2, 8, "2-8", "interval"),
        (61508, 61508, "61508", None),
    ],
)
def test_a_public_count_is_published_as_duo_publishes_it(
    low: int, high: int, shown: str, status: str | None
) -> None:
    rule = Openbaarheid(aantallen=("aantal", "aantal_min", "aantal_max"))
    computed = pa.table(
        {
            "leerweg": ["bb"],
            "aantal": [low if low == high else None],
            "aantal_min": [low],
            "aantal_max": [high],
        }
    )
    indicator = _indicator(rule, tuple(computed.column_names))
    publicatie = afschermen([(indicator, computed)], {}, frozenset())
    assert publicatie.controle.geslaagd and not publicatie.controle.bevindingen
    uit = publicatie.tabellen["proef"]
    assert not uit.vertrouwelijk
    assert uit.tabel.column("aantal").to_pylist() == [shown]
    data = uit.data.to_pylist()[0]
    assert (data["aantal_min"], data["aantal_max"], data["aantal_status"]) == (low, high, status)


def test_an_isolated_small_public_cell_gets_no_partner_and_its_share_shows() -> None:
    """The old rule hid 20 beside a 3 and the share of the row; public data hides nothing."""
    rule = Openbaarheid(aantallen=("aantal",), groep=("groep",), aandelen={"aandeel": "noemer"})
    computed = pa.table(
        {
            "groep": ["g"] * 4,
            "leerweg": ["bb", "kb", "gl", "totaal"],
            "aantal": [3, 20, 0, 23],
            "noemer": [6, 40, 9, 55],  # below 10 for bb and gl
            "aandeel": [50.0, 50.0, 0.0, 41.818],
        }
    )
    indicator = _indicator(rule, tuple(computed.column_names))
    uit = afschermen([(indicator, computed)], {}, frozenset()).tabellen["proef"].tabel
    assert uit.column("aantal").to_pylist() == ["3", "20", "0", "23"]
    assert uit.column("aandeel").to_pylist() == ["50.0", "50.0", "0.0", "41.8"]
    assert "noemer" not in uit.column_names  # a denominator that is no count is a helper


def test_a_rule_naming_a_missing_count_column_is_an_error() -> None:
    with pytest.raises(IndicatorError, match="telkolom 'n' ontbreekt"):
        getypeerd(pa.table({"m": [1]}), Openbaarheid(aantallen=("n",)), Besluit())


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_every_registered_rule_fits_its_indicator(indicator: Any) -> None:
    empty = pa.table({c: pa.array([], pa.int64()) for c in indicator.kolommen})
    publicatie = afschermen([(indicator, empty)], {}, frozenset())
    uit = publicatie.tabellen[indicator.naam]
    assert uit.data.num_rows == uit.tabel.num_rows == 0
    for fam in tabel.families(indicator.kolommen, indicator.openbaarheid.aantallen):
        assert {fam.naam, f"{fam.naam}_min", f"{fam.naam}_max", f"{fam.naam}_status"} <= set(
            uit.data.column_names
        )
        assert fam.naam in uit.tabel.column_names


def test_indicator_1_on_the_tiny_warehouse(tmp_path: Path) -> None:
    # PIE kb in 2020 has a 3 that DUO published exactly: the leerlingen are public (formaat
    # 'test' feeds leerlingen, like DUO's formats), so the 3 is shown, and nothing else hides it.
    rows = [*TINY_ROWS, (2020, "A3", "kb", "PIE", "vrouw", 3, 3)]
    rows = [
        r for r in rows if not (r[0] == 2020 and r[1] == "A1" and r[3] == "PIE" and r[2] == "kb")
    ]
    con = tiny_warehouse(tmp_path / "t.duckdb", rows=rows)
    uitkomst = publiceer(con, indicatoren=["leerlingen_per_profiel"])
    con.close()
    uit = uitkomst.publicatie.tabellen["leerlingen_per_profiel"]
    assert not uit.vertrouwelijk
    assert "leerlingen" not in uitkomst.publicatie.controle.vertrouwelijk
    out = uit.tabel.to_pylist()
    cell = {(r["schooljaar"], r["profiel"], r["leerweg"]): r for r in out}
    assert cell[(2020, "BWI", "kb")]["aantal"] == KLEIN  # DUO's <5
    assert cell[(2020, "PIE", "kb")]["aantal"] == "3"  # exact in the source: exact here
    assert cell[(2020, "PIE", "bb")]["aantal"] == "51"  # no partner for the 3
    assert cell[(2020, "PIE", "totaal")]["aantal"] == "54"
    assert cell[(2020, "techniek", "totaal")]["aantal"] == "68-71"  # with BWI's <5
    # Changes of public data show whatever their base: 2020 PIE kb (3) to 2021 (10).
    assert cell[(2021, "PIE", "kb")]["verandering_pct"] == "233.3"
    assert cell[(2021, "BWI", "kb")]["verandering_pct"] == "100.0"  # from DUO's <5 (2.5) to 5
    assert cell[(2021, "D&P", "bb")]["verandering_pct"] == "-10.0"
    assert cell[(2020, "PIE", "kb")]["verandering_pct"] is None  # no previous year
    assert "vorig_midden" not in out[0] and "aantal_min" not in out[0]
    assert all(GEHEIM not in r.values() for r in out)  # public data is never x
    assert BY_NAME["leerlingen_per_profiel"].herleiding is None  # nothing confidential to trace


def test_a_cluster_letter_of_public_data_is_shown_with_its_changes(tmp_path: Path) -> None:
    # R1 PIE 2021: bb 12 -> 12 (0 %), kb 8 -> 10 (+25 %, a base below 10): cluster A.
    con = tiny_warehouse(tmp_path / "t.duckdb")
    uit = publiceer(con, indicatoren=["bl_kl_clusters"]).publicatie.tabellen["bl_kl_clusters"]
    con.close()
    rij = next(
        r
        for r in uit.tabel.to_pylist()
        if (r["schooljaar"], r["regio"], r["profiel"]) == (2021, "R1", "PIE")
    )
    assert (rij["verandering_bb"], rij["verandering_kb"], rij["cluster"]) == ("0.0", "25.0", "A")
