"""Safe cells for spreadsheets: no text in a CSV or XLSX file may run as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
a tab or carriage return in front of one hides it (OWASP, "CSV Injection"). A region or school
name comes from a file somebody else wrote, so every CSV and XLSX writer of the code base passes
its text cells through :func:`veilige_tekst`, which puts a single quote in front of such text,
as OWASP recommends. Numbers stay numbers: a negative number is no formula, and a text that is
exactly a plain decimal number (``-12.5``, ``+3``: a spreadsheet reads it as that number and
nothing else) is left as it is.

:func:`csv_regels` writes rows as CSV with those cells, and quotes a cell that holds a carriage
return too (Python's ``csv`` module quotes only the characters of its line terminator, so with
``"\n"`` a bare ``"\r"`` would end the row for a spreadsheet and start a new one, formula and all).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

GEVAARLIJK: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_GETAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def veilige_tekst(value: str) -> str:
    """``value``, with a ``'`` in front when a spreadsheet could run it as a formula."""
    if value.startswith(GEVAARLIJK) and not _GETAL.fullmatch(value):
        return "'" + value
    return value


def veilige_cel(value: Any) -> Any:
    """A cell for a CSV or XLSX writer: text made safe, anything else unchanged."""
    return veilige_tekst(value) if isinstance(value, str) else value


def csv_regels(rijen: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV (comma, ``\n`` between rows): safe text, null as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes every cell holding \r or \n
    regels = []
    for rij in rijen:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([veilige_cel(cel) for cel in rij])
        regels.append(buffer.getvalue().removesuffix("\r\n") + "\n")
    return "".join(regels)
