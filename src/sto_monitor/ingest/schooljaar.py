"""Which school year a file is about: from a PEILDATUM column, else from the file name.

DUO names newer files after the peildatum year (``…-2019.csv`` = 2019/2020) and older ones
after the school year itself (``…-2016-2017.csv``). Both give the first calendar year.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_SCHOOL_YEAR = re.compile(r"(?<!\d)(\d{4})[-_](\d{4})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%Y%m%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


def from_file_name(name: str) -> int | None:
    """``leerlingen-2019.csv`` -> 2019; ``leerlingen-2016-2017.csv`` -> 2016; else None."""
    for first, second in _SCHOOL_YEAR.findall(name):
        if int(second) == int(first) + 1:
            return int(first)
    years = _YEAR.findall(name)
    return int(years[-1]) if years else None


def parse_peildatum(text: str) -> date | None:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def from_peildatum(peildatum: date) -> int:
    """A count on 1 October 2019 belongs to 2019/2020; one in (say) March 2020 too."""
    return peildatum.year if peildatum.month >= 8 else peildatum.year - 1
