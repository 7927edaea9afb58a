"""Write reports: one region, every region (in parallel worker processes), the national chapter.

The snapshot is published once, in the parent process; workers are forked after it exists and
so share it without copying or re-reading the warehouse. Rendering a PDF is CPU-bound Python
(WeasyPrint), so processes, not threads, are what makes use of more than one core.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sto_monitor.ingest.demo_regio import DEMO_LABEL
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.reports import landelijk, opmaak, regioportret

_SNAPSHOT: Snapshot | None = None  # set in the parent before forking; read by the workers


@dataclass(frozen=True)
class Opdracht:
    uit: Path
    formaten: tuple[str, ...]
    datum: dt.date
    eigen_antwoorden: bool = True  # the CLI makes portraits for the regions themselves


def bestandsnaam(code: str) -> str:
    return f"regioportret-{code}"


def waarschuwing(snap: Snapshot) -> str | None:
    return None if snap.officieel else f"Regio-indeling: {DEMO_LABEL}."


def regio(snap: Snapshot, code: str, opdracht: Opdracht) -> list[Path]:
    """Write the regioportret of one region; unknown codes raise NotFoundError."""
    rapport = regioportret.maak(
        snap,
        snap.regio(code),
        datum=opdracht.datum,
        waarschuwing=waarschuwing(snap),
        eigen_antwoorden=opdracht.eigen_antwoorden,
    )
    return opmaak.schrijf(rapport, opdracht.uit, bestandsnaam(code), opdracht.formaten)


def nationaal(snap: Snapshot, opdracht: Opdracht, schooljaar: int | None = None) -> list[Path]:
    rapport = landelijk.maak(
        snap, datum=opdracht.datum, schooljaar=schooljaar, waarschuwing=waarschuwing(snap)
    )
    jaar = rapport.schooljaar
    naam = f"monitor-hoofdstuk-4-{jaar}" if jaar is not None else "monitor-hoofdstuk-4"
    return opmaak.schrijf(rapport, opdracht.uit, naam, opdracht.formaten)


def regios(
    snap: Snapshot,
    codes: Sequence[str],
    opdracht: Opdracht,
    *,
    processen: int | None = None,
    na_elke: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the regioportret of every region in ``codes``; ``na_elke`` after each one."""
    for code in codes:
        snap.regio(code)  # every code known before any work starts
    processen = min(processen or os.cpu_count() or 1, len(codes))
    geschreven: list[Path] = []
    if processen <= 1:
        for code in codes:
            geschreven += regio(snap, code, opdracht)
            if na_elke:
                na_elke(code)
        return geschreven
    global _SNAPSHOT
    _SNAPSHOT = snap
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processen, mp_context=context) as pool:
            taken = {pool.submit(_werker, code, opdracht): code for code in codes}
            for klaar in as_completed(taken):
                geschreven += klaar.result()  # a worker's error surfaces here, as itself
                if na_elke:
                    na_elke(taken[klaar])
    finally:
        _SNAPSHOT = None
    return sorted(geschreven)


def _werker(code: str, opdracht: Opdracht) -> list[Path]:
    assert _SNAPSHOT is not None, "workers are forked after the snapshot is published"
    return regio(_SNAPSHOT, code, opdracht)
