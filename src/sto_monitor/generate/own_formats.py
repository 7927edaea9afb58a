"""The project's own layouts (docs/formaten.md): doorstroom, docenten, leerling-pc4.

One file per kind, all years; UTF-8, ``;``, LF. The shapes follow the monitor report: about
90 % of fourth-years go to mbo, bb/kb more often to bbl, gl more often to havo; students of
technical profielen mostly choose a technical sectorkamer (MVI: creatieve industrie en ICT).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sto_monitor.domain import DOORSTROOM_BESTEMMINGEN, PROFIEL_CODES, SECTORKAMERS
from sto_monitor.generate.calibration import TECHNIEK_INDEX
from sto_monitor.generate.context import Context, open_text
from sto_monitor.generate.postcodes import home_pc4_table
from sto_monitor.generate.simulate import YearChunk, beroeps_groups

LEERWEG_NAMES = ("bb", "kb", "gl")

# mbo-bol, mbo-bbl, havo/vwo, vmbo, overig per leerweg.
BESTEMMING = np.array(
    [[0.62, 0.24, 0.00, 0.08, 0.06], [0.72, 0.17, 0.01, 0.05, 0.05], [0.80, 0.07, 0.06, 0.03, 0.04]]
)
HARD_TECH_BBL = 0.05  # BWI, PIE, M&T: this share moves from bol to bbl
# Sectorkamer weights per profiel (SECTORKAMERS order: TGO, MTLM, CI&ICT, ZWS, Handel, VGG,
# ZDV, ALG, SV).
SECTORKAMER_WEIGHTS: dict[str, tuple[float, ...]] = {
    "BWI": (65, 5, 5, 4, 5, 4, 5, 3, 4),
    "PIE": (62, 8, 4, 4, 5, 4, 5, 4, 4),
    "M&T": (20, 52, 3, 5, 5, 4, 5, 3, 3),
    "MaT": (25, 45, 3, 5, 5, 5, 6, 3, 3),
    "MVI": (6, 3, 54, 8, 10, 5, 8, 3, 3),
    "D&P": (10, 7, 13, 25, 12, 10, 13, 5, 5),
    "E&O": (7, 6, 13, 17, 25, 8, 17, 4, 3),
    "Groen": (10, 7, 3, 12, 8, 45, 6, 5, 4),
    "HBR": (5, 5, 5, 15, 12, 45, 8, 3, 2),
    "Z&W": (3, 2, 5, 60, 8, 6, 8, 6, 2),
}
STUDENTS_PER_FTE = {"techniek": 12.0, "niet-techniek": 15.0, "algemeen": 18.0}
ZIJ_INSTROOM = {"techniek": 0.10, "niet-techniek": 0.05, "algemeen": 0.04}
ZIJ_INSTROOM_GROWTH = 0.01  # per year after the calibration year, techniek only
FTE_PER_PERSON = (0.7, 0.9)


class DoorstroomWriter:
    FILE = "sto-doorstroom.csv"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.path = ctx.out / self.FILE
        self.handle = open_text(self.path, "utf-8", "\n")
        self.handle.write(
            "SCHOOLJAAR;VESTIGINGSCODE;PROFIEL;LEERWEG;BESTEMMING;SECTORKAMER;AANTAL\n"
        )
        weights = np.array([SECTORKAMER_WEIGHTS[p] for p in PROFIEL_CODES], dtype=np.float64)
        self.kamers = weights / weights.sum(axis=1, keepdims=True)

    def add(self, chunk: YearChunk) -> None:
        rng = chunk.stream(3)
        inst, leerweg, profiel, n = beroeps_groups(chunk, self.ctx.off, 4)
        if len(n) == 0:
            return
        probs = BESTEMMING[leerweg].copy()
        hard = np.isin(profiel, [PROFIEL_CODES.index(c) for c in ("BWI", "PIE", "M&T")])
        probs[hard, 0] -= HARD_TECH_BBL
        probs[hard, 1] += HARD_TECH_BBL
        dest = rng.multinomial(n, probs)
        per_kamer = [rng.multinomial(dest[:, d], self.kamers[profiel]) for d in (0, 1)]
        lines = []
        for g in range(len(n)):
            head = (
                f"{chunk.year};{self.ctx.uni.codes[inst[g]]};{PROFIEL_CODES[profiel[g]]};"
                f"{LEERWEG_NAMES[leerweg[g]]}"
            )
            for d, bestemming in enumerate(DOORSTROOM_BESTEMMINGEN):
                if d < 2:
                    for s, kamer in enumerate(SECTORKAMERS):
                        count = int(per_kamer[d][g, s])
                        if count:
                            lines.append(f"{head};{bestemming};{kamer};{count}\n")
                elif dest[g, d]:
                    lines.append(f"{head};{bestemming};;{int(dest[g, d])}\n")
        self.handle.write("".join(lines))

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


class DocentenWriter:
    FILE = "sto-docenten.csv"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.path = ctx.out / self.FILE
        self.handle = open_text(self.path, "utf-8", "\n")
        self.handle.write("SCHOOLJAAR;VESTIGINGSCODE;PROFIELGROEP;ZIJ-INSTROMER;FTE;PERSONEN\n")

    def add(self, chunk: YearChunk) -> None:
        rng = chunk.stream(4)
        inst3, _, prof3, n3 = beroeps_groups(chunk, self.ctx.off, 3)
        inst4, _, prof4, n4 = beroeps_groups(chunk, self.ctx.off, 4)
        inst = np.concatenate([inst3, inst4])
        if len(inst) == 0:
            return
        tech = np.isin(np.concatenate([prof3, prof4]), sorted(TECHNIEK_INDEX))
        n = np.concatenate([n3, n4]).astype(np.float64)
        uniq, inverse = np.unique(inst, return_inverse=True)
        students = {
            "techniek": np.bincount(inverse, weights=n * tech, minlength=len(uniq)),
            "niet-techniek": np.bincount(inverse, weights=n * ~tech, minlength=len(uniq)),
        }
        students["algemeen"] = students["techniek"] + students["niet-techniek"]
        t = max(chunk.year - self.ctx.cal.year, 0)
        lines = []
        for group, count in students.items():
            fte = count / STUDENTS_PER_FTE[group] * np.exp(rng.normal(0.0, 0.15, len(uniq)))
            persons = np.where(
                fte >= 0.1,
                np.maximum(1, np.round(fte / rng.uniform(*FTE_PER_PERSON, len(uniq)))),
                0,
            )
            persons = persons.astype(np.int64)
            share = ZIJ_INSTROOM[group] + (ZIJ_INSTROOM_GROWTH * t if group == "techniek" else 0)
            zij = rng.binomial(persons, min(share, 0.5))
            for i in range(len(uniq)):
                if persons[i] == 0:
                    continue
                code = self.ctx.uni.codes[int(uniq[i])]
                for label, people in (("ja", zij[i]), ("nee", persons[i] - zij[i])):
                    if people:
                        part = f"{max(fte[i] * people / persons[i], 0.1):.1f}"
                        lines.append(
                            f"{chunk.year};{code};{group};{label};"
                            f"{part.replace('.', ',')};{people}\n"
                        )
        lines.sort()
        self.handle.write("".join(lines))

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


class LeerlingPc4Writer:
    """Third-years per vestiging x profiel x leerweg by home PC4 (near the vestiging)."""

    FILE = "sto-leerling-pc4.csv"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.path = ctx.out / self.FILE
        self.handle = open_text(self.path, "utf-8", "\n")
        self.handle.write("SCHOOLJAAR;VESTIGINGSCODE;PROFIEL;LEERWEG;POSTCODE LEERLING;AANTAL\n")
        self.index, self.prob = home_pc4_table(ctx.cal)
        self.mask = ctx.layout == "2023"

    def add(self, chunk: YearChunk) -> None:
        rng = chunk.stream(5)
        inst, leerweg, profiel, n = beroeps_groups(chunk, self.ctx.off, 3)
        if len(n) == 0:
            return
        base = self.ctx.uni.base[inst]
        draws = rng.multinomial(n, self.prob[base])
        pc4 = self.index[base]
        lines = []
        codes, pc4_codes = self.ctx.uni.codes, self.ctx.cal.pc4_code
        for g, k in zip(*np.nonzero(draws), strict=True):
            count = int(draws[g, k])
            text = "<5" if self.mask and count < 5 else str(count)
            lines.append(
                (
                    inst[g],
                    leerweg[g],
                    profiel[g],
                    pc4_codes[pc4[g, k]],
                    f"{chunk.year};{codes[inst[g]]};{PROFIEL_CODES[profiel[g]]};"
                    f"{LEERWEG_NAMES[leerweg[g]]};{pc4_codes[pc4[g, k]]};{text}\n",
                )
            )
        lines.sort(key=lambda x: (x[0], x[2], x[1], x[3]))
        self.handle.write("".join(line[4] for line in lines))

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]
