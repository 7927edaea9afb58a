"""``sto-keuzevakken.csv``: exams in keuzevakken per vestiging, leerweg and student profiel.

Fourth-years sit about four keuzevak exams (bb, kb) or two (gl). Which profiel's keuzevakken
they choose follows the shape of Tabel 4.10 of the monitor report (mostly their own profiel;
D&P and MVI students choose widely), then a keuzevak within that profiel by a fixed weight.
Keuzevak names follow the report; the codes (``K/PIE/1``) are this project's own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sto_monitor.domain import PROFIEL_CODES
from sto_monitor.generate.calibration import FloatArray
from sto_monitor.generate.context import Context, open_text
from sto_monitor.generate.simulate import YearChunk, beroeps_groups

FILE = "sto-keuzevakken.csv"
HEADER = [
    "SCHOOLJAAR",
    "VESTIGINGSCODE",
    "LEERWEG",
    "KEUZEVAK CODE",
    "KEUZEVAK NAAM",
    "KEUZEVAK PROFIEL",
    "PROFIEL LEERLING",
    "AANTAL EXAMENS",
]
EXAMS_PER_STUDENT = (4, 4, 2)  # bb, kb, gl (minimum); a few students take one more
EXTRA_EXAM_SHARE = 0.15

CATALOGUS: dict[str, tuple[tuple[str, float], ...]] = {
    "BWI": (
        ("Meubelmaken", 20),
        ("Interieurontwerp en -design", 13),
        ("Gevelopeningen", 11),
        ("Interieurbouw, stand en betimmeringen", 10),
        ("Daken en kapconstructies van hout", 9),
        ("Duurzaam en circulair bouwen", 5),
        ("Vloeren", 1),
        ("Glaszetting", 1),
    ),
    "MaT": (
        ("Stuwadoor en vorkheftruck", 11),
        ("Navigatie", 9),
        ("Scheepskennis", 9),
        ("Ladingsbehandeling aan boord", 9),
        ("Werken en leven aan boord", 9),
        ("Dienstverlening in de haven", 9),
        ("Opslag en overslag in de haven", 9),
    ),
    "MVI": (
        ("Fotografie", 19),
        ("Vormgeven en typografie", 14),
        ("Idee-ontwikkeling", 13),
        ("Game-design", 11),
        ("Netwerkbeheer", 3),
        ("Licht, geluid en decor", 3),
        ("Digitale beveiliging", 2),
    ),
    "M&T": (
        ("Motorsystemen", 26),
        ("Aandrijf- en remsystemen", 24),
        ("Elektronica", 20),
        ("Elektrische voertuigen", 8),
        ("Verbrandingsmotoren", 2),
        ("Carrosseriebouw", 2),
        ("Mobiele werktuigen", 2),
    ),
    "PIE": (
        ("Domotica en automatisering", 6),
        ("Plaat- en constructiewerk", 17),
        ("Utiliteitsinstallaties", 13),
        ("Booglasprocessen", 11),
        ("Verspaningstechnieken", 10),
        ("Woon- en kantoortechnologie", 10),
        ("Drinkwater en sanitair", 9),
        ("Machinebouw - verspanen", 0.2),
    ),
    "D&P": (
        ("Robotica", 12),
        ("Podium", 10),
        ("Evenementen", 10),
        ("Geüniformeerde dienstverlening en veiligheid", 9),
        ("Milieu en duurzaamheid", 6),
    ),
    "E&O": (
        ("Ondernemen", 18),
        ("Presentatie en styling", 14),
        ("Webshop", 12),
        ("Distributie", 10),
        ("Marketing", 9),
    ),
    "Groen": (
        ("Groene vormgeving en styling", 14),
        ("Dier en welzijn", 12),
        ("Natuur en landschap", 10),
        ("Teelt en verwerking", 9),
    ),
    "HBR": (
        ("Keukenspecialisatie", 16),
        ("De bijzondere keuken", 12),
        ("Brood en banket", 11),
        ("Gastheerschap", 9),
    ),
    "Z&W": (
        ("Ondersteuning bij sport- en bewegingsactiviteiten", 16),
        ("Voorkomen van ongevallen en EHBO", 14),
        ("Mens en gezondheid", 12),
        ("Kinderopvang", 10),
        ("Welzijn kind en jongere", 9),
    ),
}

# Rows: keuzevak profiel; columns: student profiel (both in PROFIEL_CODES order:
# BWI PIE M&T MaT MVI D&P E&O Groen HBR Z&W). Percentages after Tabel 4.10, 2020/2021.
MATRIX = np.array(
    [
        [89, 3, 0, 2, 1, 4, 1, 1, 1, 2],  # BWI
        [3, 85, 3, 1, 1, 3, 0, 3, 0, 1],  # PIE
        [0, 1, 85, 5, 0, 1, 0, 3, 0, 0],  # M&T
        [0, 0, 0, 91, 0, 1, 0, 0, 0, 0],  # MaT
        [3, 7, 5, 0, 80, 11, 8, 2, 1, 2],  # MVI
        [1, 1, 1, 1, 4, 24, 4, 6, 2, 4],  # D&P
        [1, 1, 1, 1, 9, 21, 79, 8, 4, 7],  # E&O
        [0, 0, 0, 0, 0, 3, 0, 70, 0, 1],  # Groen
        [1, 1, 1, 2, 2, 7, 3, 4, 88, 5],  # HBR
        [2, 1, 4, 2, 3, 25, 5, 3, 4, 80],  # Z&W
    ],
    dtype=np.float64,
)


def _catalogue() -> tuple[list[list[str]], list[list[str]], list[FloatArray]]:
    codes, names, weights = [], [], []
    for profiel in PROFIEL_CODES:
        entries = CATALOGUS[profiel]
        codes.append([f"K/{profiel}/{i + 1}" for i in range(len(entries))])
        names.append([name for name, _ in entries])
        w = np.array([weight for _, weight in entries], dtype=np.float64)
        weights.append(w / w.sum())
    return codes, names, weights


class KeuzevakkenWriter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.path = ctx.out / FILE
        self.handle = open_text(self.path, "utf-8", "\n")
        self.handle.write(";".join(HEADER) + "\n")
        self.codes, self.names, self.weights = _catalogue()
        self.choice = MATRIX / MATRIX.sum(axis=0, keepdims=True)

    def add(self, chunk: YearChunk) -> None:
        ctx = self.ctx
        rng = chunk.stream(2)
        inst, leerweg, profiel, n = beroeps_groups(chunk, ctx.off, 4)
        if len(n) == 0:
            return
        exams = n * np.take(EXAMS_PER_STUDENT, leerweg) + rng.binomial(n, EXTRA_EXAM_SHARE)
        by_profiel = rng.multinomial(exams, self.choice[:, profiel].T)
        parts = []
        for q in range(len(PROFIEL_CODES)):
            per_vak = rng.multinomial(by_profiel[:, q], self.weights[q])
            g, v = np.nonzero(per_vak)
            parts.append(np.column_stack([g, np.full(len(g), q), v, per_vak[g, v]]))
        rows = np.concatenate(parts)
        rows = rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
        lines = []
        for g, q, v, count in rows.tolist():
            lines.append(
                f"{chunk.year};{ctx.uni.codes[inst[g]]};"
                f"{('bb', 'kb', 'gl')[leerweg[g]]};{self.codes[q][v]};"
                f"{self.names[q][v]};{PROFIEL_CODES[q]};"
                f"{PROFIEL_CODES[profiel[g]]};{count}\n"
            )
        self.handle.write("".join(lines))

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]
