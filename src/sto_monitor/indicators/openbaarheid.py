"""The per-table disclosure rule of method 2026.1, and the small-count helpers of the planner.

No output uses :func:`beveilig` any more: publications go through ``publicatie/afscherming``
(protection follows the source; one pattern across all linked tables; an audit). It stays as
the baseline that ``benchmarks/afscherming.py`` measures beside the new publication, and
:func:`secundair` and the thresholds serve the planner's own outputs. The rule it implements:

- A count whose value is 1-4 (a point value, or an interval whose maximum is 1-4, such as
  DUO's ``<5`` = [1, 4]) is shown as ``<5`` (primary suppression). 0 stays ``0``.
- When exactly one cell of a ``groep`` (e.g. a row of Tabel 4.1: schooljaar x profiel across
  bb, kb, gl and totaal) is suppressed, the smallest other non-zero cell of that group is
  suppressed too and shown as ``x`` (secondary suppression, CBS's "geheim"), so the first
  cannot be derived as the total minus the visible cells. Since ``<5`` means 1-4 and ``x``
  at least 5, one more cell is suppressed while the hidden cells' sum would still pin them
  down (``<5`` = 1 next to ``x`` = 5 under a total of 6; two ``<5`` cells of 1 each).
- A share is shown as ``x`` when its denominator is below 10 (or may be: the interval's
  minimum is used); a % change likewise when its base is below 10. A share or change in a row
  where a count was suppressed is ``x`` too, since it would reveal that count.
- ``extra_groepen`` are checked like ``groep`` (a column of a table as well as its row).
- A derived column (``afgeleid``, e.g. a cluster letter that shows the sign of two changes)
  is ``x`` whenever one of the columns it reveals is.
- An interval that is not a point is shown as ``min-max``, e.g. ``12-15``.
- Shares and changes are rounded to one decimal and written with a decimal point (``12.3``);
  an empty cell (null) means "not applicable", e.g. no previous year.

A count column ``c`` with ``c_min``/``c_max`` (e.g. ``aantal``, ``aantal_min``,
``aantal_max``) becomes one published string column ``c``; the bounds are dropped. A
denominator or base column that is not itself a count (e.g. ``vorig_midden``) is a helper and
is dropped, because it can hold an unprotected small number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pyarrow as pa

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.definitie import Openbaarheid, families

KLEIN = "<5"  # primary suppression: a count of 1-4
GEHEIM = "x"  # secondary suppression, or a share/change with a denominator/base below 10
DREMPEL_AANTAL = 5  # counts below this (and above 0) are suppressed
DREMPEL_NOEMER = 10  # shares and changes need a denominator/base of at least this

NOTATIE: dict[str, str] = {
    KLEIN: "aantal van 1 tot en met 4 (niet getoond)",
    GEHEIM: "niet getoond: secundair afgeschermd, of noemer/basis kleiner dan 10",
    "12-15": "bandbreedte: DUO maskeert aantallen onder 5, dus het aantal ligt hiertussen",
    "(leeg)": "niet van toepassing, bijvoorbeeld geen vorig schooljaar",
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _count_text(bounds: tuple[float, float] | None) -> str | None:
    if bounds is None:
        return None
    lo, hi = bounds
    if hi == 0:
        return "0"
    if hi < DREMPEL_AANTAL:
        return KLEIN
    return _number(lo) if lo == hi else f"{_number(lo)}-{_number(hi)}"


def _small(bounds: tuple[float, float] | None) -> bool:
    return bounds is not None and 0 < bounds[1] < DREMPEL_AANTAL


def _pinned(
    hidden: list[tuple[int, int]],
    cells: dict[tuple[int, int], tuple[float, float] | None],
    primary: set[tuple[int, int]],
) -> bool:
    """Whether a total over the group could pin the hidden cells down to exact values.

    An attacker knows a ``<5`` cell is 1-4 and an ``x`` cell at least 5. A single hidden cell
    always equals a total minus the rest; several are pinned when their sum is the smallest
    (e.g. 1 + 5 = 6) or, with only ``<5`` cells, the largest (4 + 4) it could be.
    """
    if len(hidden) <= 1:
        return len(hidden) == 1
    lows = [(cells[c] or (0.0, 0.0))[0] for c in hidden]
    floor = sum(1 if c in primary else DREMPEL_AANTAL for c in hidden)
    if sum(lows) <= floor:
        return True
    return all(c in primary for c in hidden) and min(lows) >= DREMPEL_AANTAL - 1


def secundair(
    cells: dict[tuple[int, int], tuple[float, float] | None],
    primary: set[tuple[int, int]],
    groups: Sequence[dict[tuple[int, int], object]],
) -> set[tuple[int, int]]:
    """Cells to suppress as well, so no group total reveals a suppressed cell.

    ``cells`` maps (row, family) to its bounds; ``groups`` gives, per grouping, each cell's
    group key. While a group's hidden cells are pinned (see ``_pinned``), the smallest other
    non-zero cell is suppressed too. Repeats until stable, so several groupings (rows and
    columns) can be combined.
    """
    extra: set[tuple[int, int]] = set()
    # The groups of each grouping, built once (not on every pass).
    per_grouping: list[list[list[tuple[int, int]]]] = []
    for grouping in groups:
        members: dict[object, list[tuple[int, int]]] = defaultdict(list)
        for cell, key in grouping.items():
            members[key].append(cell)
        per_grouping.append(list(members.values()))
    changed = True
    while changed:
        changed = False
        for groepen in per_grouping:
            for group in groepen:
                hidden = [c for c in group if c in primary or c in extra]
                if not hidden:  # nothing hidden: nothing a total could reveal
                    continue
                if not _pinned(hidden, cells, primary):
                    continue
                candidates = [
                    c for c in group if c not in hidden and (b := cells[c]) is not None and b[1] > 0
                ]
                if not candidates:
                    continue
                smallest = min(candidates, key=lambda c: (cells[c] or (0, 0))[::-1] + c)
                extra.add(smallest)
                changed = True
    return extra


def _check(table: pa.Table, rule: Openbaarheid) -> None:
    names = set(table.column_names)
    wanted = [
        *rule.groep,
        *rule.aandelen,
        *rule.veranderingen,
        *rule.afgeleid,
        *(c for grouping in rule.extra_groepen for c in grouping),
    ]
    missing = [c for c in wanted if c not in names]
    for base in (*rule.aandelen.values(), *rule.veranderingen.values()):
        if base not in names and f"{base}_min" not in names:
            missing.append(base)
    if missing:
        raise IndicatorError(f"openbaarheid: kolom(men) {', '.join(missing)} ontbreken")


def _noemer(row: dict[str, object], col: str) -> float | None:
    value = row[f"{col}_min"] if f"{col}_min" in row else row[col]
    return None if value is None else float(value)  # type: ignore[arg-type]


def _ratio_text(value: object, noemer: float | None, hidden_row: bool) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # null or NaN
        return None
    if hidden_row or noemer is None or noemer < DREMPEL_NOEMER:
        return GEHEIM
    return f"{float(value):.1f}"  # type: ignore[arg-type]


def beveilig(table: pa.Table, rule: Openbaarheid) -> pa.Table:
    """The publishable version of an indicator table (see the module docstring)."""
    _check(table, rule)
    names = table.column_names
    fams = families(names, rule.aantallen)
    rows: list[dict[str, object]] = table.to_pylist()

    cells: dict[tuple[int, int], tuple[float, float] | None] = {}
    for r, row in enumerate(rows):
        for f, fam in enumerate(fams):
            cells[(r, f)] = fam.grenzen(row)
    primary = {cell for cell, b in cells.items() if _small(b)}
    groups: list[dict[tuple[int, int], object]] = []
    for grouping in (rule.groep, *rule.extra_groepen):
        if grouping:
            row_keys = [tuple(row[g] for g in grouping) for row in rows]
            groups.append({(r, f): row_keys[r] for (r, f) in cells})
    extra = secundair(cells, primary, groups)
    hidden_rows = {r for (r, _f) in primary | extra}

    published: dict[str, list[str | None]] = {}
    for f, fam in enumerate(fams):
        published[fam.naam] = [
            GEHEIM if (r, f) in extra else _count_text(cells[(r, f)]) for r in range(len(rows))
        ]
    for share, noemer_col in (*rule.aandelen.items(), *rule.veranderingen.items()):
        published[share] = [
            _ratio_text(row[share], _noemer(row, noemer_col), r in hidden_rows)
            for r, row in enumerate(rows)
        ]

    for derived, sources in rule.afgeleid.items():
        published[derived] = [
            GEHEIM
            if any(published[s][r] == GEHEIM for s in sources)
            else (None if row[derived] is None else str(row[derived]))
            for r, row in enumerate(rows)
        ]

    count_cols = {c: fam.naam for fam in fams for c in fam.kolommen}
    helpers: set[str] = set()
    for noemer in (*rule.aandelen.values(), *rule.veranderingen.values()):
        base = noemer[:-4] if noemer.endswith(("_min", "_max")) else noemer
        helpers |= {noemer, base, f"{base}_min", f"{base}_max"}
    helpers -= set(count_cols)
    out_names: list[str] = []
    arrays: list[pa.Array] = []
    for col in names:
        if col in helpers:
            continue
        target = count_cols.get(col, col)
        if target in out_names:
            continue
        out_names.append(target)
        if target in published:
            arrays.append(pa.array(published[target], type=pa.string()))
        else:
            arrays.append(table.column(col).combine_chunks())
    return pa.Table.from_arrays(arrays, names=out_names)
