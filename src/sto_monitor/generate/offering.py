"""The offering model: calibration rows plus latent rows for offerings a vestiging may start.

Every row is one line of the DUO leerlingen file (onderwijstype x sector x afdeling x
opleiding at one base vestiging). Rows of a vmbo profiel in bb/kb/gl form *groups* (one
profiel x leerweg offering at one vestiging); the simulation starts and stops whole groups.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from sto_monitor.generate.calibration import (
    NO_CODE,
    TECHNIEK_INDEX,
    BoolArray,
    Calibration,
    FloatArray,
    IntArray,
)

BEROEPS = (0, 1, 2)  # bb, kb, gl
TL = 3
NEW_OFFERING_SHARE = 0.6  # a new offering starts at this share of the national median size
COHORT_SHRINK = 3.0
# OPLEIDINGSNAAM of a brugklas that (also) prepares for vmbo: the forecast's own test
# (``planner/prognose/data.py``), so generated cohorts flow where the forecast looks.
VMBO_BRUGKLAS = re.compile(r"(?i)(vmbo|\bvbo\b|mavo|lwoo|\blw\b)")
HAVO_VWO_LJ3 = "HAVO/VWO lj 3"


@dataclass(frozen=True)
class Offering:
    start: IntArray  # rows of base vestiging b: start[b]:start[b+1]
    vest: IntArray
    ot: IntArray
    sector: IntArray
    afdeling: IntArray
    opleiding: IntArray
    size: FloatArray  # (R, 6)
    latent: BoolArray
    prevalence: FloatArray  # share of vestigingen with this leerweg that offer this profiel
    leerweg: IntArray  # 0 bb, 1 kb, 2 gl, 3 tl, -1 other
    profiel: IntArray  # index in PROFIEL_CODES or -1
    tech: BoolArray
    drift: FloatArray  # log change per year
    girls: FloatArray
    group: IntArray  # offering group (bb/kb/gl profiel rows) or -1
    cohort: FloatArray  # share of leerjaar 3 that is in leerjaar 4 a year later, or -1
    inflow: FloatArray  # expected leerjaar 4 students from elsewhere (other rows, repeaters)
    n_groups: int
    brug: BoolArray  # onderwijstype Brugjaar 1-2
    vmbo_brug: BoolArray  # a brugklas whose opleidingsnaam names a vmbo stream
    havo_vwo_lj3: BoolArray  # onderwijstype HAVO/VWO lj 3

    @property
    def n_rows(self) -> int:
        return len(self.vest)


def _standard_rows(
    cal: Calibration, leerweg: IntArray, profiel: IntArray
) -> dict[tuple[int, int], tuple[int, int, int, int, float]]:
    """Per (leerweg, profiel): onderwijstype, sector, afdeling, opleiding, start size."""
    options: dict[tuple[int, int], Counter[tuple[int, int, int, int]]] = defaultdict(Counter)
    sizes: dict[tuple[int, int], list[float]] = defaultdict(list)
    for r in range(len(cal.row_ot)):
        lw, pr = int(leerweg[cal.row_ot[r]]), int(profiel[cal.row_afdeling[r]])
        if lw in BEROEPS and pr != NO_CODE:
            opl = int(cal.row_opleiding[r])
            if cal.opleidingen[opl][1].startswith("VMBO "):
                key = (int(cal.row_ot[r]), int(cal.row_sector[r]), int(cal.row_afdeling[r]), opl)
                options[(lw, pr)][key] += 1
            if cal.row_size[r, 2] > 0:
                sizes[(lw, pr)].append(float(cal.row_size[r, 2]))
    out: dict[tuple[int, int], tuple[int, int, int, int, float]] = {}
    for lw_pr, counter in options.items():
        median = float(np.median(np.array(sizes[lw_pr]))) if sizes[lw_pr] else 6.0
        out[lw_pr] = (*counter.most_common(1)[0][0], max(3.0, NEW_OFFERING_SHARE * median))
    return out


def _prevalence(
    vest: IntArray, leerweg: IntArray, profiel: IntArray, eligible: BoolArray, latent: BoolArray
) -> FloatArray:
    """Per row: of the vestigingen offering its leerweg, the share offering its profiel too."""
    out = np.zeros(len(vest))
    for lw in BEROEPS:
        in_lw = eligible & (leerweg == lw)
        n_vest = len(np.unique(vest[in_lw]))
        for pr in np.unique(profiel[in_lw]).tolist():
            rows = in_lw & (profiel == pr)
            offered = len(np.unique(vest[rows & ~latent]))
            out[rows] = offered / max(n_vest, 1)
    return out


def build_offering(cal: Calibration) -> Offering:
    ot_leerweg = cal.onderwijstype_leerweg()
    afd_profiel = cal.afdeling_profiel()
    standard = _standard_rows(cal, ot_leerweg, afd_profiel)
    drift = cal.national["drift"]
    girls_share: dict[str, float] = cal.national["meisjes"]

    cols: dict[str, list[float]] = defaultdict(list)
    sizes: list[FloatArray] = []
    start = [0]
    for b in range(cal.n_vestigingen):
        lo, hi = int(cal.row_start[b]), int(cal.row_start[b + 1])
        present: set[tuple[int, int]] = set()
        leerwegen: set[int] = set()
        for r in range(lo, hi):
            lw, pr = int(ot_leerweg[cal.row_ot[r]]), int(afd_profiel[cal.row_afdeling[r]])
            if lw in BEROEPS:
                leerwegen.add(lw)
                present.add((lw, pr))
            for key, value in (
                ("vest", b),
                ("ot", cal.row_ot[r]),
                ("sector", cal.row_sector[r]),
                ("afdeling", cal.row_afdeling[r]),
                ("opleiding", cal.row_opleiding[r]),
                ("latent", 0),
            ):
                cols[key].append(float(value))
        sizes.append(cal.row_size[lo:hi])
        for lw in sorted(leerwegen):
            for pr in range(10):
                if (lw, pr) in present or (lw, pr) not in standard:
                    continue
                s_ot, s_sector, s_afd, s_opl, size3 = standard[(lw, pr)]
                for key, value in (
                    ("vest", b),
                    ("ot", s_ot),
                    ("sector", s_sector),
                    ("afdeling", s_afd),
                    ("opleiding", s_opl),
                    ("latent", 1),
                ):
                    cols[key].append(float(value))
                sizes.append(np.array([[0, 0, size3, 0, 0, 0]], dtype=np.float64))
        start.append(len(cols["vest"]))

    vest = np.array(cols["vest"], dtype=np.int64)
    ot_arr = np.array(cols["ot"], dtype=np.int64)
    afd = np.array(cols["afdeling"], dtype=np.int64)
    size = np.concatenate(sizes)
    leerweg = ot_leerweg[ot_arr]
    profiel = afd_profiel[afd]
    beroeps = (leerweg >= 0) & (leerweg < TL)
    tech = beroeps & np.isin(profiel, sorted(TECHNIEK_INDEX))
    brug = np.array([name.startswith("Brugjaar") for name in cal.onderwijstypen])[ot_arr]
    row_drift = np.where(
        beroeps, drift["vmbo"], np.where(leerweg == TL, drift["tl"], drift["overig"])
    )
    row_drift = np.where(brug, (drift["vmbo"] + drift["overig"]) / 2, row_drift)
    row_drift = row_drift + np.where(tech, drift["techniek"], 0.0)
    girls = np.array(
        [
            girls_share.get(
                f"{cal.onderwijstypen[o]}|{cal.afdelingen[a]}",
                girls_share.get(cal.onderwijstypen[o], 0.5),
            )
            for o, a in zip(ot_arr.tolist(), afd.tolist(), strict=True)
        ]
    )

    group = np.full(len(vest), NO_CODE, dtype=np.int64)
    eligible = beroeps & (profiel != NO_CODE)
    latent = np.array(cols["latent"], dtype=bool)
    prevalence = _prevalence(vest, leerweg, profiel, eligible, latent)
    keys = vest * 10_000 + ot_arr * 100 + afd
    _, inverse = np.unique(keys[eligible], return_inverse=True)
    group[eligible] = inverse
    # Share of leerjaar 3 found in leerjaar 4 a year later: the row's own ratio, shrunk to the
    # national ratio for small rows; leerjaar 4 students beyond that come from elsewhere.
    cohort_rows = leerweg >= 0
    national = size[cohort_rows, 3].sum() / max(size[cohort_rows, 2].sum(), 1.0)
    ratio = np.minimum((size[:, 3] + national * COHORT_SHRINK) / (size[:, 2] + COHORT_SHRINK), 1.0)
    cohort = np.where(cohort_rows, ratio, -1.0)
    inflow = np.where(leerweg >= 0, np.maximum(size[:, 3] - ratio * size[:, 2], 0.0), 0.0)
    return Offering(
        start=np.array(start, dtype=np.int64),
        vest=vest,
        ot=ot_arr,
        sector=np.array(cols["sector"], dtype=np.int64),
        afdeling=afd,
        opleiding=np.array(cols["opleiding"], dtype=np.int64),
        size=size,
        latent=latent,
        prevalence=prevalence,
        leerweg=leerweg,
        profiel=profiel,
        tech=tech,
        drift=np.log1p(row_drift),
        girls=girls,
        group=group,
        cohort=cohort,
        inflow=inflow,
        n_groups=int(inverse.max()) + 1 if len(inverse) else 0,
        brug=brug,
        vmbo_brug=brug
        & np.array([bool(VMBO_BRUGKLAS.search(naam)) for _, naam in cal.opleidingen])[
            np.array(cols["opleiding"], dtype=np.int64)
        ],
        havo_vwo_lj3=np.array([name == HAVO_VWO_LJ3 for name in cal.onderwijstypen])[ot_arr],
    )
