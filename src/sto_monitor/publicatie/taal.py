"""School years and dates in the monitor's Dutch: a leaf module every publication step may use.

``publicatie.tekst`` re-exports these with the number helpers for pages and reports.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["MAANDEN", "SYNTHETISCH", "datum", "schooljaar"]

# What every output made from generated files says, in these words (banner, PDF cover and
# footer, spreadsheet and CSV headers, API metadata).
SYNTHETISCH = "Synthetische demogegevens, geen echte cijfers."


def schooljaar(jaar: object) -> str:
    """2019 -> 2019/2020, as the monitor writes school years."""
    if jaar is None or jaar == "":
        return ""
    j = int(str(jaar))
    return f"{j}/{j + 1}"


MAANDEN: tuple[str, ...] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def datum(value: dt.date | dt.datetime | None) -> str:
    """A day in Dutch: 23 november 2026."""
    if value is None:
        return ""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"
