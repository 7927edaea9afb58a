"""DUO "Geslaagden, gezakten en cijfers", one file per school year.

The file ``geslaagden-gezakten-en-cijfers-{jaar}-{jaar+1}.csv`` counts the candidates of school
year jaar/jaar+1: the final-year students of that year's leerlingen file (leerjaar 4 of vmbo,
who were last year's third-years, leerjaar 5 of havo, 6 of vwo). Latin-1, ``;``, LF, decimal
comma, the real 2018-2019 header; vmbo bb/kb/gl per profiel code (PIE, MTR, ..), tl per sector.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import numpy as np

from sto_monitor.domain import PROFIEL_CODES
from sto_monitor.generate.calibration import IntArray
from sto_monitor.generate.context import (
    EXAM_CODES,
    LEERWEG_DUO,
    Context,
    decimal_comma,
    field,
    open_text,
)
from sto_monitor.generate.offering import TL
from sto_monitor.generate.simulate import EXAM_SHARE, YearChunk, beroeps_groups

HEADER = [
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "INSTELLINGSNAAM VESTIGING",
    "GEMEENTENAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "ONDERWIJSTYPE VO",
    "LEERWEG VMBO",
    "VMBO SECTOR",
    "AFDELING",
    "EXAMENKANDIDATEN",
    "GESLAAGDEN",
    "GEZAKTEN",
    "GEMIDDELD CIJFER SCHOOLEXAMEN",
    "GEMIDDELD CIJFER CENTRAAL EXAMEN",
    "GEMIDDELD CIJFER CIJFERLIJST",
]
PROFIEL_SECTOR = {
    "BWI": "Techniek",
    "PIE": "Techniek",
    "M&T": "Techniek",
    "MaT": "Techniek",
    "MVI": "Techniek",
    "D&P": "Intersect. programma",
    "E&O": "Economie",
    "HBR": "Economie",
    "Groen": "Landbouw",
    "Z&W": "Zorg & Welzijn",
}
FALLBACK = [0.93, 6.4, 6.4, 6.5, 0.2, 0.3, 0.2]
QUALITY_SD = 0.02


def file_name(year: int) -> str:
    return f"geslaagden-gezakten-en-cijfers-{year}-{year + 1}.csv"


def _sum_by(inst: IntArray, key: IntArray, counts: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    combined = inst * 1000 + key
    uniq, inverse = np.unique(combined, return_inverse=True)
    total = np.bincount(inverse, weights=counts, minlength=len(uniq)).astype(np.int64)
    return uniq // 1000, uniq % 1000, total


class ExamensWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.paths = {year: ctx.out / file_name(year) for year in ctx.years}
        self.files: dict[int, TextIO] = {}
        for year, path in self.paths.items():
            self.files[year] = open_text(path, "latin-1", "\n")
            self.files[year].write(";".join(HEADER) + "\n")
        names = ctx.cal.onderwijstypen
        self.havo = names.index("HAVO lj 4-5") if "HAVO lj 4-5" in names else -1
        self.vwo = names.index("VWO lj 4-6") if "VWO lj 4-6" in names else -1

    def _records(self, chunk: YearChunk) -> list[tuple[int, str, str, str, str, str, int]]:
        """(instance, sort key, onderwijstype, leerweg, sector, afdeling, final-year count)."""
        ctx, off = self.ctx, self.ctx.off
        out: list[tuple[int, str, str, str, str, str, int]] = []
        inst, leerweg, profiel, total = beroeps_groups(chunk, off, 4)
        for i, lw, pr, n in zip(
            inst.tolist(), leerweg.tolist(), profiel.tolist(), total.tolist(), strict=True
        ):
            code = PROFIEL_CODES[pr]
            out.append(
                (
                    i,
                    f"VMBO {lw}",
                    "VMBO",
                    LEERWEG_DUO[lw],
                    PROFIEL_SECTOR[code],
                    EXAM_CODES[code],
                    n,
                )
            )
        tl = off.leerweg[chunk.rows] == TL
        for i, sector, n in zip(
            *(
                a.tolist()
                for a in _sum_by(chunk.inst[tl], off.sector[chunk.rows][tl], chunk.counts[tl, 3])
            ),
            strict=True,
        ):
            name = ctx.cal.sectoren[sector]
            out.append((i, "VMBO 3", "VMBO", "TL", "" if name == "N.v.t." else name, "", n))
        for ot, label, leerjaar in ((self.havo, "HAVO", 5), (self.vwo, "VWO", 6)):
            mask = off.ot[chunk.rows] == ot
            for i, afd, n in zip(
                *(
                    a.tolist()
                    for a in _sum_by(
                        chunk.inst[mask],
                        off.afdeling[chunk.rows][mask],
                        chunk.counts[mask, leerjaar - 1],
                    )
                ),
                strict=True,
            ):
                out.append((i, label, label, "", "", ctx.cal.afdelingen[afd], n))
        out.sort(key=lambda r: (r[0], r[1], r[4], r[5]))
        return out

    def add(self, chunk: YearChunk) -> None:
        ctx, rng = self.ctx, chunk.stream(1)
        params: dict[str, list[float]] = ctx.cal.national["examens"]
        lines = []
        for inst, _, ot, leerweg, sector, afdeling, n in self._records(chunk):
            candidates = int(rng.binomial(n, EXAM_SHARE))
            if candidates == 0:
                continue
            key = f"{ot}||" if ot != "VMBO" else f"VMBO|{leerweg}|{afdeling}"
            p = params.get(key, params.get("VMBO|TL|", FALLBACK))
            rate = min(1.0, max(0.4, p[0] + rng.normal(0.0, QUALITY_SD)))
            passed = int(rng.binomial(candidates, rate))
            dev = rng.normal(0.0, 1.0, 2)
            se = p[1] + dev[0] * p[4]
            ce = p[2] + dev[1] * p[5]
            cl = p[3] + (dev[0] * p[4] + dev[1] * p[5]) / 2
            code = ctx.uni.codes[inst]
            gemeente = ctx.gemeente(inst)
            fields = [
                code[:4],
                code,
                ctx.naam(inst),
                gemeente["naam"],
                gemeente["provincie"],
                ot,
                leerweg,
                sector,
                afdeling,
                str(candidates),
                str(passed),
                str(candidates - passed),
                *(decimal_comma(min(10.0, max(1.0, g))) for g in (se, ce, cl)),
            ]
            lines.append(";".join(field(f) for f in fields) + "\n")
        self.files[chunk.year].write("".join(lines))

    def close(self) -> list[Path]:
        for handle in self.files.values():
            handle.close()
        return list(self.paths.values())
