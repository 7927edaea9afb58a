"""Load the committed calibration model (``kalibratie.json.gz``) into numpy arrays."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sto_monitor.domain import (
    OVERIG,
    PROFIEL_CODES,
    TECHNIEK_PROFIELEN,
    UnknownProfiel,
    leerweg_from_onderwijstype,
    profiel_for_afdeling,
)

CALIBRATION_PATH = Path(__file__).with_name("kalibratie.json.gz")
CALIBRATION_VERSION = 1

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

LEERWEG_CODES: tuple[str, ...] = ("bb", "kb", "gl", "tl")
NO_CODE = -1


@dataclass(frozen=True)
class Calibration:
    """The country as the calibration file describes it (one school year)."""

    year: int
    onderwijstypen: list[str]
    sectoren: list[str]
    afdelingen: list[str]
    opleidingen: list[tuple[str, str]]
    structuren: list[str]
    denominaties: list[str]
    areas: dict[str, dict[str, str]]
    gemeenten: dict[str, dict[str, str]]
    admin1: dict[str, str]
    admin2: dict[str, str]
    # vestigingen (index b)
    codes: list[str]
    namen: list[str]
    plaatsen: list[str]
    gemeente: list[str]
    pc4: list[str]
    lat: FloatArray
    lon: FloatArray
    structuur: IntArray
    denominatie: IntArray
    bevoegd_gezag: list[str]
    # offering rows (index r), rows of vestiging b are row_start[b]:row_start[b+1]
    row_start: IntArray
    row_ot: IntArray
    row_sector: IntArray
    row_afdeling: IntArray
    row_opleiding: IntArray
    row_size: FloatArray  # (R, 6) boys+girls per leerjaar
    # pc4 table (index p)
    pc4_code: list[str]
    pc4_plaats: list[str]
    pc4_admin1: list[str]
    pc4_gemeente: list[str]
    pc4_lat: FloatArray
    pc4_lon: FloatArray
    pc4_total: FloatArray
    pc4_young: FloatArray
    national: dict[str, Any]

    @property
    def n_vestigingen(self) -> int:
        return len(self.codes)

    def onderwijstype_leerweg(self) -> IntArray:
        """Per onderwijstype index: 0 bb, 1 kb, 2 gl, 3 tl, -1 anything else."""
        out = []
        for name in self.onderwijstypen:
            leerweg = leerweg_from_onderwijstype(name) if " lj 3-4" in name else None
            out.append(LEERWEG_CODES.index(leerweg) if leerweg else NO_CODE)
        return np.array(out, dtype=np.int64)

    def afdeling_profiel(self) -> IntArray:
        """Per afdeling index: index in ``PROFIEL_CODES``, or -1 (overig, N.v.t., havo/vwo)."""
        out = []
        for name in self.afdelingen:
            try:
                code = profiel_for_afdeling(name)
            except UnknownProfiel:
                code = OVERIG
            out.append(PROFIEL_CODES.index(code) if code != OVERIG else NO_CODE)
        return np.array(out, dtype=np.int64)


TECHNIEK_INDEX: frozenset[int] = frozenset(PROFIEL_CODES.index(c) for c in TECHNIEK_PROFIELEN)


def _from_dict(data: dict[str, Any]) -> Calibration:
    if data.get("versie") != CALIBRATION_VERSION:
        raise ValueError(
            f"kalibratiebestand heeft versie {data.get('versie')}, verwacht {CALIBRATION_VERSION}"
        )
    tables, vest, pc4 = data["tabellen"], data["vestigingen"], data["pc4"]
    flat = [row for rows in vest["rijen"] for row in rows]
    counts = [len(rows) for rows in vest["rijen"]]
    matrix = np.array(flat, dtype=np.int64).reshape(len(flat), 10)
    return Calibration(
        year=int(data["kalibratiejaar"]),
        onderwijstypen=list(tables["onderwijstype"]),
        sectoren=list(tables["sector"]),
        afdelingen=list(tables["afdeling"]),
        opleidingen=[(str(c), str(n)) for c, n in tables["opleiding"]],
        structuren=list(tables["structuur"]),
        denominaties=list(tables["denominatie"]),
        areas=data["gebieden"],
        gemeenten=data["gemeenten"],
        admin1=data["geonames"]["admin1"],
        admin2=data["geonames"]["admin2"],
        codes=list(vest["code"]),
        namen=list(vest["naam"]),
        plaatsen=list(vest["plaats"]),
        gemeente=list(vest["gemeente"]),
        pc4=list(vest["pc4"]),
        lat=np.array(vest["lat"], dtype=np.float64),
        lon=np.array(vest["lon"], dtype=np.float64),
        structuur=np.array(vest["structuur"], dtype=np.int64),
        denominatie=np.array(vest["denominatie"], dtype=np.int64),
        bevoegd_gezag=list(vest["bevoegd_gezag"]),
        row_start=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        row_ot=matrix[:, 0].copy(),
        row_sector=matrix[:, 1].copy(),
        row_afdeling=matrix[:, 2].copy(),
        row_opleiding=matrix[:, 3].copy(),
        row_size=matrix[:, 4:].astype(np.float64),
        pc4_code=list(pc4["pc4"]),
        pc4_plaats=list(pc4["plaats"]),
        pc4_admin1=list(pc4["admin1"]),
        pc4_gemeente=list(pc4["gemeente"]),
        pc4_lat=np.array(pc4["lat"], dtype=np.float64),
        pc4_lon=np.array(pc4["lon"], dtype=np.float64),
        pc4_total=np.array(pc4["totaal"], dtype=np.float64),
        pc4_young=np.array(pc4["bev15_25"], dtype=np.float64),
        national=data["nationaal"],
    )


@lru_cache(maxsize=2)
def load_calibration(path: Path = CALIBRATION_PATH) -> Calibration:
    """Read the calibration file; a missing or damaged file is an error in Dutch."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ValueError(f"kalibratiebestand {path} niet leesbaar: {exc}") from exc
    return _from_dict(data)
