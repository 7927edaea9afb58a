"""``generate()``: write a synthetic country in the real file layouts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from sto_monitor.generate.calibration import TECHNIEK_INDEX, load_calibration
from sto_monitor.generate.context import LAYOUTS, ChunkWriter, Context
from sto_monitor.generate.duo_examens import ExamensWriter
from sto_monitor.generate.duo_leerlingen import LeerlingenWriter
from sto_monitor.generate.duo_mbo import write_crebo, write_mbo_studenten
from sto_monitor.generate.duo_postcodes import PostcodesWriter
from sto_monitor.generate.keuzevakken import KeuzevakkenWriter
from sto_monitor.generate.locations import write_addresses, write_geo
from sto_monitor.generate.offering import Offering, build_offering
from sto_monitor.generate.own_formats import DocentenWriter, DoorstroomWriter, LeerlingPc4Writer
from sto_monitor.generate.postcodes import write_geonames, write_kerncijfers
from sto_monitor.generate.regio_file import write_regio
from sto_monitor.generate.simulate import YearChunk, beroeps_groups, simulate_chunk
from sto_monitor.generate.universe import build_universe
from sto_monitor.ingest.synthetisch import schrijf_manifest

Progress = Callable[[str, int, int], None]
CHUNK_SIZE = 1000  # vestigingen per simulation chunk: bounds memory at any schaal


@lru_cache(maxsize=1)
def _offering() -> Offering:
    return build_offering(load_calibration())


def _no_progress(label: str, done: int, total: int) -> None:
    del label, done, total


class _Stats:
    """Per vestiging what the location and region files need from the simulation."""

    def __init__(self, n: int, first: int, last: int) -> None:
        self.first, self.last = first, last
        self.students = np.zeros(n, dtype=np.int64)  # all leerjaren, last year
        self.beroeps = np.zeros(n, dtype=np.int64)  # bb/kb/gl third-years, any year
        self.techniek = np.zeros(n, dtype=np.int64)  # technical third-years, first year

    def add(self, chunk: YearChunk, off: Offering) -> None:
        if chunk.year == self.last:
            np.add.at(self.students, chunk.inst, chunk.counts.sum(axis=1))
        inst, _, profiel, n = beroeps_groups(chunk, off, 3)
        np.add.at(self.beroeps, inst, n)
        if chunk.year == self.first:
            tech = np.isin(profiel, sorted(TECHNIEK_INDEX))
            np.add.at(self.techniek, inst[tech], n[tech])


def generate(
    out: Path,
    *,
    schaal: float = 1.0,
    layout: str = "2019",
    jaren: Sequence[int] = range(2019, 2025),
    seed: int = 42,
    progress: Progress | None = None,
) -> list[Path]:
    """Write synthetic national data into ``out`` and return the files written.

    ``schaal`` multiplies the number of vestigingen, ``layout`` picks the DUO leerlingen
    layout (``"2019"`` or ``"2023"``), ``jaren`` the school years (first calendar year).
    Deterministic for a given seed. ``progress(step, done, total)`` reports progress.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"onbekende layout {layout!r}; kies uit {', '.join(LAYOUTS)}")
    years = sorted({int(year) for year in jaren})
    if not years:
        raise ValueError("geen jaren opgegeven")
    if seed < 0:
        raise ValueError("seed moet 0 of groter zijn")
    report = progress or _no_progress
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    report("model laden", 0, 1)
    cal = load_calibration()
    off = _offering()
    uni = build_universe(cal, schaal, seed)
    ctx = Context(cal=cal, off=off, uni=uni, out=out, layout=layout, years=years, seed=seed)
    report("model laden", 1, 1)

    stats = _Stats(uni.n, years[0], years[-1])
    writers: list[ChunkWriter] = []
    paths: list[Path] = []
    try:
        for make in (
            LeerlingenWriter,
            PostcodesWriter,
            ExamensWriter,
            KeuzevakkenWriter,
            DoorstroomWriter,
            DocentenWriter,
            LeerlingPc4Writer,
        ):
            writers.append(make(ctx))
        starts = list(range(0, uni.n, CHUNK_SIZE))
        for done, lo in enumerate(starts, start=1):
            hi = min(uni.n, lo + CHUNK_SIZE)
            for chunk in simulate_chunk(off, uni, lo, hi, years, cal.year, seed):
                for writer in writers:
                    writer.add(chunk)
                stats.add(chunk, off)
            report("leerlingen, examens en eigen formaten", done, len(starts))
    finally:
        for writer in writers:
            paths.extend(writer.close())

    steps: list[tuple[str, Callable[[], Path]]] = [
        ("adressen", lambda: write_addresses(ctx)),
        ("locaties", lambda: write_geo(ctx, stats.students)),
        ("postcodes", lambda: write_geonames(ctx)),
        ("bevolking per postcode", lambda: write_kerncijfers(ctx)),
        ("regio-indeling", lambda: write_regio(ctx, stats.beroeps, stats.techniek)),
        ("mbo-studenten per sectorkamer", lambda: write_mbo_studenten(ctx)),
        ("erkende opleidingen", lambda: write_crebo(ctx)),
    ]
    for done, (label, step) in enumerate(steps, start=1):
        paths.append(step())
        report(label, done, len(steps))
    schrijf_manifest(out, paths, seed=seed)  # so that every output says the data is synthetic
    return paths
