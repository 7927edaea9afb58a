"""Published cells as chart values: exact, a range (DUO's masking interval) or left out
(afgeschermd); the filters that tell the drawn rows apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt


def _grenzen(waarde: object) -> tuple[float, float] | None:
    """A published cell as (min, max): exact (v, v), DUO's ``<5`` (1, 4), ``12-15``, else None."""
    if waarde is None or isinstance(waarde, bool):
        return None
    if isinstance(waarde, int | float):
        return (float(waarde), float(waarde))
    tekst = str(waarde).strip().replace("\u2013", "-")
    if tekst == "<5":
        return (1.0, 4.0)
    if "-" in tekst[1:]:
        laag, _, hoog = tekst[1:].partition("-")
        try:
            return (float(tekst[0] + laag), float(hoog))
        except ValueError:
            return None
    try:
        getal = float(tekst)
    except ValueError:
        return None  # "x", text
    return (getal, getal)


def cel(naam: str, waarde: object) -> dict[str, float | None]:
    """A published cell as the fields of a chart row: ``{naam: v}`` when exact, the range
    ``{naam: None, naam_min: a, naam_max: b}`` when DUO masked it, ``{naam: None}`` when hidden."""
    grenzen = _grenzen(waarde)
    if grenzen is None:
        return {naam: None}
    laag, hoog = grenzen
    if laag == hoog:
        return {naam: laag}
    return {naam: None, f"{naam}_min": laag, f"{naam}_max": hoog}


def _teken(rijen: Sequence[dict[str, Any]], y: str) -> tuple[list[dict[str, Any]], bool]:
    """The rows drawn, in their order: an exact value (``<y>``), or a range (``<y>`` null,
    ``<y>_min`` < ``<y>_max``); and whether any is a range. Rows with neither (afgeschermd)
    are left out; a range of one value is that value."""
    getekend: list[dict[str, Any]] = []
    bereik = False
    for r in rijen:
        laag, hoog = r.get(f"{y}_min"), r.get(f"{y}_max")
        if r.get(y) is not None:
            getekend.append(r)
        elif laag is not None and laag == hoog:
            getekend.append({**r, y: laag})
        elif laag is not None and hoog is not None:
            getekend.append(r)
            bereik = True
    return getekend, bereik


def _exact(y: str) -> alt.FieldValidPredicate:
    return alt.FieldValidPredicate(field=y, valid=True)


def _bereik(y: str, veld: str | None = None, reeks: str | None = None) -> alt.LogicalAndPredicate:
    """The filter of the rows known only as a range (of one series)."""
    delen: list[Any] = [
        alt.FieldValidPredicate(field=y, valid=False),
        alt.FieldValidPredicate(field=f"{y}_min", valid=True),
        alt.FieldValidPredicate(field=f"{y}_max", valid=True),
    ]
    if veld is not None and reeks is not None:
        delen.append(alt.FieldEqualPredicate(field=veld, equal=reeks))
    return alt.LogicalAndPredicate(**{"and": delen})  # type: ignore[no-untyped-call]


def _getekend(rijen: Sequence[dict[str, Any]], y: str, veld: str) -> list[str]:
    """The values of ``veld`` of the rows that are drawn (a value or a range), in row order."""
    return list(
        dict.fromkeys(
            str(r[veld])
            for r in rijen
            if r.get(y) is not None
            or (r.get(f"{y}_min") is not None and r.get(f"{y}_max") is not None)
        )
    )
