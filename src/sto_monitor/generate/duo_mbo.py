"""DUO's mbo files: students per sectorkamer, leerweg, niveau and woonprovincie; crebo link.

``mbo-studenten-per-sectorkamer-leerweg-niveau-woonprovincie.csv`` is written as the real
resource: comma-separated, UTF-8 with BOM, one column ``JAAR_jjjj`` per generated year, and
``-1`` for a cell of 1-4 students. About 520,000 students at schaal 1 (the real mbo), spread
over the sectorkamers in roughly the real proportions, over niveaus (Entree is niveau 1) and
over the provinces as the generated vestigingen are.

``combinatie-erkende-opleidingscode-en-sectorkamer.csv`` is a synthetic list of erkende
opleidingen (made-up codes and names, ``;``-separated like DUO's list), some on two lines
(one per beroep) as in DUO's "combinatie erkende opleidingscode en beroep".
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sto_monitor.generate.context import Context, open_text

STUDENTEN_FILE = "mbo-studenten-per-sectorkamer-leerweg-niveau-woonprovincie.csv"
CREBO_FILE = "combinatie-erkende-opleidingscode-en-sectorkamer.csv"
MBO_STUDENTEN = 520_000  # bbl + bol + ex, all of the Netherlands, at schaal 1
GROEI = 0.01  # per year

# DUO's spelling -> share of the students, share in bbl.
SECTORKAMERS: dict[str, tuple[float, float]] = {
    "Techniek en gebouwde omgeving": (0.16, 0.40),
    "Mobiliteit, transport, logistiek en maritiem": (0.07, 0.35),
    "ICT en creatieve industrie": (0.11, 0.06),
    "Zorg, welzijn en sport": (0.27, 0.25),
    "Handel": (0.09, 0.18),
    "Voedsel, groen en gastvrijheid": (0.10, 0.22),
    "Zakelijke dienstverlening en veiligheid": (0.14, 0.12),
    "Specialistisch vakmanschap": (0.025, 0.30),
    "Entree": (0.025, 0.10),
    "Niet gespecificeerd naar sector": (0.003, 0.30),
}
# Of the rest (bol): voltijd, deeltijd, examendeelnemers.
BOL_DELEN = {"BOLVT": 0.95, "BOLDT": 0.02, "EX": 0.03}
NIVEAUS = {2: 0.17, 3: 0.28, 4: 0.55}  # Entree is niveau 1

# A few synthetic opleidingen per sectorkamer (names only plausible, codes made up).
OPLEIDINGEN: dict[str, tuple[tuple[str, int], ...]] = {
    "Techniek en gebouwde omgeving": (
        ("Eerste monteur elektrotechnische installaties", 3),
        ("Timmerman", 2),
        ("Technicus engineering", 4),
    ),
    "Mobiliteit, transport, logistiek en maritiem": (
        ("Autotechnicus", 3),
        ("Logistiek medewerker", 2),
    ),
    "ICT en creatieve industrie": (("Software developer", 4), ("Mediavormgever", 4)),
    "Zorg, welzijn en sport": (("Verzorgende-IG", 3), ("Pedagogisch medewerker", 3)),
    "Handel": (("Verkoopspecialist", 3),),
    "Voedsel, groen en gastvrijheid": (("Kok", 2), ("Hovenier", 2)),
    "Zakelijke dienstverlening en veiligheid": (("Secretarieel medewerker", 3),),
    "Specialistisch vakmanschap": (("Laborant", 4),),
    "Entree": (("Entree-opleiding", 1),),
}


def _provincies(ctx: Context) -> tuple[list[str], np.ndarray]:
    """The provinces of the generated vestigingen and their share of them."""
    counts: dict[str, int] = {}
    for instance in range(ctx.uni.n):
        naam = ctx.gemeente(instance).get("provincie", "") or "Onbekend"
        counts[naam] = counts.get(naam, 0) + 1
    names = sorted(counts)
    weights = np.array([counts[n] for n in names], dtype=np.float64)
    return names, weights / weights.sum()


def write_mbo_studenten(ctx: Context) -> Path:
    path = ctx.out / STUDENTEN_FILE
    rng = np.random.default_rng([ctx.seed, 21])
    schaal = ctx.uni.n / max(ctx.cal.n_vestigingen, 1)
    provincies, per_provincie = _provincies(ctx)
    years = list(ctx.years)
    with open_text(path, "utf-8-sig", "") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(
            [
                "SECTORKAMER NAAM",
                "LEERWEG",
                "NIVEAU",
                "WOONPROVINCIE",
                *(f"JAAR_{y}" for y in years),
            ]
        )
        for kamer, (aandeel, bbl) in SECTORKAMERS.items():
            leerwegen = {"BBL": bbl, **{lw: (1 - bbl) * d for lw, d in BOL_DELEN.items()}}
            niveaus = {1: 1.0} if kamer == "Entree" else NIVEAUS
            for leerweg, lw_deel in leerwegen.items():
                for niveau, niv_deel in niveaus.items():
                    for provincie, prov_deel in zip(provincies, per_provincie, strict=True):
                        verwacht = MBO_STUDENTEN * schaal * aandeel * lw_deel * niv_deel * prov_deel
                        counts = [
                            int(rng.poisson(verwacht * (1 + GROEI * (y - years[0])))) for y in years
                        ]
                        if not any(counts):
                            continue
                        cells = ["-1" if 1 <= c <= 4 else str(c) for c in counts]
                        writer.writerow([kamer, leerweg, niveau, provincie, *cells])
    return path


def write_crebo(ctx: Context) -> Path:
    path = ctx.out / CREBO_FILE
    with open_text(path, "utf-8", "\n") as handle:
        handle.write("Erkende opleidingscode;Opleidingsnaam;Niveau;Sectorkamer naam;Beroep\n")
        code = 25000
        for kamer, opleidingen in OPLEIDINGEN.items():
            for naam, niveau in opleidingen:
                code += 7
                # the first opleiding of a sectorkamer leads to two beroepen: two lines
                beroepen = ("beroep A", "beroep B") if naam == opleidingen[0][0] else ("",)
                for beroep in beroepen:
                    handle.write(f"{code};{naam};{niveau};{kamer};{beroep}\n")
    return path
