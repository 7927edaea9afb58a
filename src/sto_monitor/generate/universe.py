"""The generated country: which vestigingen exist, with their codes and locations.

``schaal`` 1 keeps the calibration's vestigingen, below 1 takes a random subset, above 1 adds
copies. A copy belongs to a copy of its institution under a new BRIN (2 digits + 2 capital
letters); when BRINs run short (``schaal`` of about 100), several copied institutions share a
BRIN and are renumbered within it, so the vestigingsnummer code space is used too.
"""

from __future__ import annotations

import math
import string
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from sto_monitor.generate.calibration import Calibration, FloatArray, IntArray

STREETS = (
    "Schoolstraat",
    "Kerkstraat",
    "Stationsweg",
    "Julianalaan",
    "Beatrixlaan",
    "Dorpsstraat",
    "Molenweg",
    "Parklaan",
    "Sportlaan",
    "Lindelaan",
    "Prins Bernhardlaan",
    "Wilhelminastraat",
    "Kanaalweg",
    "Industrieweg",
    "Europalaan",
    "Rembrandtlaan",
    "Oranjelaan",
    "Kastanjelaan",
    "Nieuwstraat",
    "Marktstraat",
    "Eikenlaan",
    "Van Goghlaan",
    "Burgemeester Smeetsweg",
    "Händelstraat",
    "Populierenlaan",
    "Zuiderzeestraatweg",
    "De Savornin Lohmanlaan",
)
JITTER_COPY_DEG = 0.012  # about 1 km
JITTER_ORIGINAL_DEG = 0.0004  # about 40 m
N_BRINS = 100 * 26 * 26


@dataclass(frozen=True)
class Universe:
    base: IntArray  # calibration vestiging index per instance
    copy: IntArray  # 0 = the calibration vestiging itself
    codes: list[str]  # 6 characters, sorted
    lat: FloatArray
    lon: FloatArray
    factor: FloatArray  # size multiplier of this vestiging (light noise)
    postcode: list[str]  # "9406 NN"
    straat: list[str]
    huisnummer: IntArray
    bevoegd_gezag: list[str]

    @property
    def n(self) -> int:
        return len(self.codes)


def _brin(index: int) -> str:
    digits, letters = divmod(index, 26 * 26)
    first, second = divmod(letters, 26)
    return f"{digits:02d}{string.ascii_uppercase[first]}{string.ascii_uppercase[second]}"


def _select(cal: Calibration, schaal: float, rng: np.random.Generator) -> list[IntArray]:
    """Per copy number the base vestigingen it contains."""
    n_base = cal.n_vestigingen
    if schaal <= 0 or not math.isfinite(schaal):
        raise ValueError("schaal moet groter dan 0 zijn")
    whole, frac = (0, schaal) if schaal < 1 else (int(schaal), schaal - int(schaal))
    copies = [np.arange(n_base) for _ in range(whole)]
    extra = round(frac * n_base)
    if extra:
        copies.append(np.sort(rng.choice(n_base, size=extra, replace=False)))
    if not copies or sum(len(c) for c in copies) == 0:
        copies = [np.array([int(rng.integers(n_base))])]
    return copies


def _assign_codes(
    cal: Calibration, copies: list[IntArray], rng: np.random.Generator
) -> list[tuple[int, int, str]]:
    """(base, copy, code) for every instance; the first selection keeps the real codes."""
    out = [(int(b), 0, cal.codes[b]) for b in copies[0].tolist()]
    institutions: list[tuple[int, list[int]]] = []
    for copy_no, members in enumerate(copies[1:], start=1):
        by_brin: dict[str, list[int]] = defaultdict(list)
        for b in members.tolist():
            by_brin[cal.codes[b][:4]].append(b)
        institutions.extend((copy_no, group) for _, group in sorted(by_brin.items()))
    if not institutions:
        return out
    used = {code[:4] for code in cal.codes}
    free = [i for i in range(N_BRINS) if _brin(i) not in used]
    order = rng.permutation(len(free))
    per_brin = math.ceil(len(institutions) / (0.95 * len(free)))
    pointer, used_numbers, in_brin = 0, 0, 0
    for copy_no, group in institutions:
        if in_brin >= per_brin or used_numbers + len(group) > 100:
            pointer, used_numbers, in_brin = pointer + 1, 0, 0
        if pointer >= len(free):
            raise ValueError("schaal te groot: de BRIN-codes raken op")
        brin = _brin(free[int(order[pointer])])
        for rank, b in enumerate(group):
            number = cal.codes[b][4:] if per_brin == 1 else f"{used_numbers + rank:02d}"
            out.append((b, copy_no, brin + number))
        used_numbers += len(group)
        in_brin += 1
    return out


def build_universe(cal: Calibration, schaal: float, seed: int) -> Universe:
    rng = np.random.default_rng([seed, 1])
    copies = _select(cal, schaal, rng)
    triples = sorted(_assign_codes(cal, copies, rng), key=lambda t: t[2])
    base = np.array([t[0] for t in triples], dtype=np.int64)
    copy = np.array([t[1] for t in triples], dtype=np.int64)
    n = len(triples)
    jitter = np.where(copy == 0, JITTER_ORIGINAL_DEG, JITTER_COPY_DEG)
    lat = np.round(cal.lat[base] + rng.normal(0.0, 1.0, n) * jitter, 6)
    lon = np.round(cal.lon[base] + rng.normal(0.0, 1.0, n) * jitter * 1.6, 6)
    factor = np.exp(rng.normal(-0.005, 0.1, n))
    letters = rng.integers(0, 26, size=(n, 2))
    postcode = [
        f"{cal.pc4[b]} {string.ascii_uppercase[x]}{string.ascii_uppercase[y]}"
        for b, (x, y) in zip(base.tolist(), letters.tolist(), strict=True)
    ]
    streets = rng.integers(0, len(STREETS), size=n)
    gezag: dict[tuple[str, int], str] = {}
    bevoegd = []
    for (b, c, _), code in zip(triples, [t[2] for t in triples], strict=True):
        key = (cal.bevoegd_gezag[b] or code[:4], c)
        gezag.setdefault(
            key, str(90000 + len(gezag)) if c or not cal.bevoegd_gezag[b] else cal.bevoegd_gezag[b]
        )
        bevoegd.append(gezag[key])
    return Universe(
        base=base,
        copy=copy,
        codes=[t[2] for t in triples],
        lat=lat,
        lon=lon,
        factor=factor,
        postcode=postcode,
        straat=[STREETS[i] for i in streets.tolist()],
        huisnummer=rng.integers(1, 250, size=n),
        bevoegd_gezag=bevoegd,
    )
