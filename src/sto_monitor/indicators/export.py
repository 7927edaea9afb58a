"""What every output needs from the registry: an indicator by name, and a cell in Dutch.

The writers (terminal table, CSV, JSON, Excel, Parquet) are in ``publicatie/export.py``: they
write published tables only, so they live after disclosure control (``publicatie``) in the
pipeline. This module stays here because pages and reports format their cells with
:func:`weergave` and the CLI looks indicators up with :func:`zoek_indicator`.
"""

from __future__ import annotations

import difflib

from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.registry import BY_NAME, Indicator


def zoek_indicator(naam: str) -> Indicator:
    """The registered indicator, or an error that names the closest names."""
    if naam in BY_NAME:
        return BY_NAME[naam]
    close = difflib.get_close_matches(naam, list(BY_NAME), n=3, cutoff=0.5)
    hint = f"; bedoelde u {' of '.join(close)}?" if close else ""
    raise IndicatorError(
        f"onbekende indicator {naam!r}{hint} (`sto indicatoren` toont alle indicatoren)"
    )


def weergave(value: object) -> str:
    """Dutch notation on the terminal: 61.508 and 12,3."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    text = str(value)
    if text.lstrip("-").isdigit():
        return weergave(int(text))
    if "-" in text.lstrip("-"):  # an interval 12-15
        low, high = text.split("-", 1)
        if low.isdigit() and high.isdigit():
            return f"{weergave(int(low))}\u2013{weergave(int(high))}"
    try:
        return weergave(float(text))
    except ValueError:
        return text
