"""Synthetic survey waves (2021: 60 regions, 2024: 51, 42 in both), calibrated on the report.

The 42 paired regions reproduce the published counts of chapter 2 exactly: in 2024 Tabellen
4.1 and 4.3 (counts), 4.4 (mean grade and % voldoende); over all 51 regions of 2024 Tabellen
4.2 and 4.5 and the item "Voorbereidingen voor de nieuwe fase" (its published counts add up to
51). For 2021 the published percentages (last column) over the 42 paired regions, as closely
as whole regions allow. Regions outside the pairing answer like a random paired region.
Deterministic for a given seed. Files are written in the import layout (``sto-<golf>.csv``).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from sto_monitor.ingest.synthetisch import schrijf_manifest
from sto_monitor.survey.vragenlijst import Vragenlijst, laad

PAAR, ALLEEN_2024, ALLEEN_2021 = 42, 9, 18

# Counts per option code (the report's column order), Tabel 4.1 (2024, n=42) and the 2021 %.
URGENTIE: dict[str, tuple[tuple[int, ...], int]] = {
    "docenten": ((12, 25, 5, 0, 0), 57),
    "mbo": ((16, 21, 4, 1, 0), 74),
    "beeldvorming": ((5, 31, 5, 1, 0), 76),
    "bedrijfsleven": ((8, 26, 6, 2, 0), 83),
    "leerlingaantallen": ((6, 27, 9, 0, 0), 81),
    "kwaliteit": ((5, 28, 7, 2, 0), 64),
    "samenwerking": ((8, 21, 11, 2, 0), 60),
    "aanbod": ((2, 21, 11, 7, 1), 45),
}
# Tabel 4.2 (2024, n=51).
OPBRENGSTEN = {
    "kwaliteit": (0, 0, 7, 34, 10),
    "samenwerking": (0, 0, 9, 30, 12),
    "beeldvorming": (0, 2, 7, 39, 3),
    "aanbod": (1, 0, 10, 28, 12),
    "leerlingaantallen": (0, 5, 13, 26, 7),
    "bedrijfsleven": (0, 2, 17, 24, 8),
    "docenten": (0, 7, 22, 16, 6),
    "mbo": (3, 14, 14, 15, 5),
}
# Tabel 4.3 (2024, n=42; nieuwe_fase n=51 and not asked in 2021) and the 2021 %.
AANDACHT: dict[str, tuple[tuple[int, ...], int | None]] = {
    "nieuwe_fase": ((0, 0, 2, 22, 27), None),
    "instroom": ((0, 1, 8, 27, 6), 88),
    "basisonderwijs": ((0, 1, 9, 20, 12), 95),
    "monitoren": ((0, 2, 9, 26, 5), 86),
    "lob": ((0, 0, 13, 24, 5), 71),
    "inventaris": ((1, 1, 12, 18, 10), 81),
    "bereikbaarheid": ((0, 2, 14, 22, 4), 69),
    "vmbo_breed": ((0, 1, 16, 19, 6), 86),
    "infrastructuur": ((1, 9, 7, 20, 5), 69),
    "techlabs": ((0, 6, 12, 17, 7), 79),
    "arbeidsmarkt": ((0, 1, 18, 18, 5), 71),
    "leeromgeving": ((0, 2, 17, 15, 8), 71),
    "professionalisering": ((0, 3, 16, 21, 2), 74),
    "werving": ((1, 5, 16, 17, 3), 40),
    "doorstroom_mbo34": ((2, 6, 17, 11, 6), 60),
    "doorstroom_mbo2": ((1, 6, 19, 11, 5), 60),
}
# Tabel 4.4 (n=42): mean 2024, % voldoende 2024, mean 2021, % voldoende 2021.
IMPACT = {
    "elkaar_vinden": (8.2, 100, 7.8, 93),
    "uitstraling": (8.1, 100, 7.9, 95),
    "samenhang": (7.9, 98, 7.9, 100),
    "buitenschools": (7.9, 100, 7.1, 83),
    "beeld_techniek": (7.6, 95, 7.7, 95),
    "kennisdeling": (7.6, 98, 7.5, 95),
    "waardering_vmbo": (7.5, 93, 6.7, 83),
    "regiobelang": (7.4, 86, 6.9, 81),
    "waardering_docenten": (7.3, 98, 6.9, 83),
    "loopbanen": (7.0, 88, 7.1, 88),
    "faciliteiten": (6.6, 81, 6.8, 88),
    "afspraken_scholen": (6.4, 74, 6.0, 64),
}
# Tabel 4.5 (2024, n=51).
BORGING = {
    "integratie": (0, 1, 6, 34, 10),
    "samenwerking": (0, 0, 9, 34, 8),
    "betrokkenheid": (0, 4, 10, 31, 6),
    "structuren": (0, 1, 15, 30, 5),
    "communicatie": (0, 5, 11, 21, 14),
    "aanbod": (0, 5, 12, 33, 1),
    "inzicht": (1, 2, 14, 28, 6),
}
# Single questions, from the text: (counts per code, over the paired 42 or all respondents).
TEVREDENHEID = {2024: (0, 0, 3, 36, 12), 2021: (0, 4, 14, 20, 4)}  # 2024 over 51, 2021 over 42
LEEFT = {2024: (8, 22, 11, 1), 2021: (4, 20, 13, 5)}  # over the 42 paired regions
JA_2024 = {"blijft_aan": 41, "andere_profielen": 38, "borging_lange_termijn": 34}  # of 51
TROTS = (
    "De samenwerking tussen scholen en bedrijfsleven in de regio.",
    "Ons techlab, waar leerlingen van basisschool tot vmbo les krijgen.",
    "De jaarlijkse techniekdag die inmiddels vast op de agenda staat.",
    "Nieuwe keuzevakken die samen met het mbo zijn ontwikkeld.",
    "Het behoud van de kleine techniekprofielen in de regio.",
    "Moderne faciliteiten op alle vmbo-scholen.",
)


def pct(k: int, n: int) -> int:
    """A share as the report rounds it: whole percent, half up."""
    return int(100 * k / n + 0.5)


def regiocodes() -> list[str]:
    """The demo region codes (R01-R78)."""
    return [f"R{i:02d}" for i in range(1, 79)]


def _verdeel(regios: list[str], counts: tuple[int, ...], rng: random.Random) -> dict[str, int]:
    assert sum(counts) == len(regios), (counts, len(regios))
    codes = [code for code, n in enumerate(counts, start=1) for _ in range(n)]
    rng.shuffle(codes)
    return dict(zip(regios, codes, strict=True))


def _uit_pct(p: int, top: tuple[int, ...], n_opties: int, n: int) -> tuple[int, ...]:
    """Counts per code whose top share rounds to p %: the top split 1:3 towards the middle."""
    k = next(k for k in sorted(range(n + 1), key=lambda k: abs(100 * k / n - p)))
    counts = [0] * n_opties
    rest = [c for c in range(1, n_opties + 1) if c not in top]
    middle = sorted(rest, key=lambda c: min(abs(c - t) for t in top))  # nearest first
    inner = sorted(top, key=lambda c: min(abs(c - r) for r in rest))
    counts[inner[0] - 1] += k - k // 4
    counts[inner[-1] - 1] += k // 4
    r = n - k
    for i, c in enumerate(middle):
        share = r if i == len(middle) - 1 else (r * 2 + 2) // 3
        counts[c - 1] += share
        r -= share
    return tuple(counts)


def _cijfers(n: int, p: int, gemiddelde: float, rng: random.Random) -> list[int]:
    """n grades with round(mean, 1) == gemiddelde and a share of 6+ that rounds to p %."""
    voldoende = next(k for k in range(n + 1) if pct(k, n) == p)
    totaal = next(
        s
        for s in sorted(range(n * 10 + 1), key=lambda s: abs(s / n - gemiddelde))
        if round(s / n + 1e-9, 1) == gemiddelde
    )
    onvoldoende = [5] * (n - voldoende)
    rest = totaal - sum(onvoldoende)
    base, extra = divmod(rest, voldoende)
    grades = [base + (1 if i < extra else 0) for i in range(voldoende)]
    for _ in range(3 * n):  # spread them out, keeping the sum and staying within 6-10
        i, j = rng.randrange(voldoende), rng.randrange(voldoende)
        if i != j and grades[i] < 10 and grades[j] > 6:
            grades[i] += 1
            grades[j] -= 1
    result = grades + onvoldoende
    rng.shuffle(result)
    return result


def genereer_golven(
    seed: int = 42, regios: list[str] | None = None
) -> dict[int, dict[str, dict[str, int | str | None]]]:
    """The two synthetic waves as Antwoorden (regio -> item id -> code)."""
    rng = random.Random(seed)
    pool = sorted(regios or regiocodes())
    if len(pool) < PAAR + ALLEEN_2024 + ALLEEN_2021:
        raise ValueError(f"te weinig regio's ({len(pool)}) voor de synthetische enquête")
    rng.shuffle(pool)
    paar = sorted(pool[:PAAR])
    r24 = sorted(pool[: PAAR + ALLEEN_2024])
    r21 = sorted(pool[:PAAR] + pool[PAAR + ALLEEN_2024 : PAAR + ALLEEN_2024 + ALLEEN_2021])
    g24: dict[str, dict[str, int | str | None]] = {r: {} for r in r24}
    g21: dict[str, dict[str, int | str | None]] = {r: {} for r in r21}

    def zet(golf: dict[str, dict[str, int | str | None]], item: str, codes: dict[str, int]) -> None:
        bron = list(codes.values())
        for regio in golf:
            golf[regio][item] = codes[regio] if regio in codes else rng.choice(bron)

    for key, (counts, p21) in URGENTIE.items():
        zet(g24, f"urgentie.{key}", _verdeel(paar, counts, rng))
        zet(g21, f"urgentie.{key}", _verdeel(paar, _uit_pct(p21, (1, 2), 5, PAAR), rng))
    for key, counts in OPBRENGSTEN.items():
        zet(g24, f"opbrengsten.{key}", _verdeel(r24, counts, rng))
    for key, (counts, p) in AANDACHT.items():
        zet(g24, f"aandacht.{key}", _verdeel(r24 if sum(counts) == len(r24) else paar, counts, rng))
        if p is not None:
            zet(g21, f"aandacht.{key}", _verdeel(paar, _uit_pct(p, (4, 5), 5, PAAR), rng))
    for key, (m24, p24, m21, p21) in IMPACT.items():
        zet(g24, f"impact.{key}", dict(zip(paar, _cijfers(PAAR, p24, m24, rng), strict=True)))
        zet(g21, f"impact.{key}", dict(zip(paar, _cijfers(PAAR, p21, m21, rng), strict=True)))
    for key, counts in BORGING.items():
        zet(g24, f"borging.{key}", _verdeel(r24, counts, rng))
    zet(g24, "tevredenheid", _verdeel(r24, TEVREDENHEID[2024], rng))
    zet(g21, "tevredenheid", _verdeel(paar, TEVREDENHEID[2021], rng))
    zet(g24, "leeft", _verdeel(paar, LEEFT[2024], rng))
    zet(g21, "leeft", _verdeel(paar, LEEFT[2021], rng))
    for key, ja in JA_2024.items():
        zet(g24, key, _verdeel(r24, (ja, len(r24) - ja), rng))
        for regio in r24:  # counts were made for codes 1, 2: ja = 1, nee = 0
            g24[regio][key] = 1 if g24[regio][key] == 1 else 0
    for golf in (g21, g24):
        for regio in golf:
            golf[regio]["trots"] = rng.choice(TROTS)
    return {2021: g21, 2024: g24}


def schrijf_csv(
    path: Path,
    vragenlijst: Vragenlijst,
    antwoorden: dict[str, dict[str, int | str | None]],
    delimiter: str = ",",
) -> None:
    ids = [i.id for i in vragenlijst.items()]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["regio", *ids])
        for regio in sorted(antwoorden):
            a = antwoorden[regio]
            w.writerow([regio, *("" if a.get(i) is None else a[i] for i in ids)])


def genereer(uit: Path, seed: int = 42, regios: list[str] | None = None) -> dict[int, Path]:
    """Write ``sto-2021.csv`` (semicolons) and ``sto-2024.csv`` (commas) into ``uit``."""
    uit.mkdir(parents=True, exist_ok=True)
    paden = {}
    for golf, antwoorden in genereer_golven(seed, regios).items():
        path = uit / f"sto-{golf}.csv"
        schrijf_csv(path, laad(golf), antwoorden, ";" if golf == 2021 else ",")
        paden[golf] = path
    schrijf_manifest(uit, paden.values(), seed=seed)  # the import records them as synthetic
    return paden
