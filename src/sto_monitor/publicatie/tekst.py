"""Numbers and school years in the words the monitor uses, for pages and reports alike."""

from __future__ import annotations

import datetime as dt

from sto_monitor.publicatie.gegevens import getal, getal_nl


def schooljaar(jaar: object) -> str:
    """2019 -> 2019/2020, as the monitor writes school years."""
    if jaar is None or jaar == "":
        return ""
    j = int(str(jaar))
    return f"{j}/{j + 1}"


def verandering_tekst(nu: object, vorig: object, eenheid: str = "procentpunt") -> str:
    """The change of a published share against last year, as one Dutch sentence."""
    a, b = getal(nu), getal(vorig)
    if a is None or b is None:
        return "Geen vergelijking met vorig schooljaar (niet geladen of afgeschermd)."
    if a == b:
        return "Gelijk aan vorig schooljaar."
    richting = "hoger" if a > b else "lager"
    return f"{getal_nl(abs(a - b))} {eenheid} {richting} dan vorig schooljaar."


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
