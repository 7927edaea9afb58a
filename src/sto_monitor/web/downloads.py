"""Files to download (the verkenner's CSV and Excel files, a region's workbook): one answer.

The file name goes in ``Content-Disposition`` and is kept with the cached answer, so an answer
served again from the cache (``render.CacheMiddleware``) is still a download with its name. When
the snapshot rests on generated files the name says so (``-synthetisch`` before the extension):
a CSV has no place for that sentence without breaking Excel's columns.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.web.render import gecached, snapshot

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SYNTHETISCH_ACHTERVOEGSEL = "-synthetisch"


def bestandsnaam(naam: str, synthetisch: bool) -> str:
    """``naam`` (with its extension), marked when the numbers are generated."""
    if not synthetisch:
        return naam
    stam, punt, extensie = naam.rpartition(".")
    if not punt:
        return naam + SYNTHETISCH_ACHTERVOEGSEL
    return f"{stam}{SYNTHETISCH_ACHTERVOEGSEL}.{extensie}"


def download(
    request: Request, naam: str, make: Callable[[Snapshot], bytes | str], media_type: str
) -> Response:
    """The file ``make`` writes from the snapshot, as an attachment named ``naam`` (checked by
    the caller: letters, digits, ``_``, ``-`` and ``.`` only)."""
    snap = snapshot(request)
    disposition = f'attachment; filename="{bestandsnaam(naam, snap.synthetisch)}"'
    return gecached(request, make, media_type, {"Content-Disposition": disposition}, snap=snap)
