"""What every file writer needs: the model, the universe, options, and small helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from sto_monitor.generate.calibration import Calibration
from sto_monitor.generate.offering import Offering
from sto_monitor.generate.simulate import YearChunk
from sto_monitor.generate.universe import Universe

LAYOUTS = ("2019", "2023")
# Profiel code (domain) -> the code DUO's exam files use in AFDELING.
EXAM_CODES: dict[str, str] = {
    "PIE": "PIE",
    "BWI": "BWI",
    "M&T": "MTR",
    "MaT": "MTE",
    "MVI": "MVI",
    "D&P": "DP",
    "E&O": "EO",
    "Groen": "G",
    "HBR": "HBR",
    "Z&W": "ZWE",
}
LEERWEG_DUO = ("BL", "KL", "GL", "TL")


@dataclass(frozen=True)
class Context:
    cal: Calibration
    off: Offering
    uni: Universe
    out: Path
    layout: str
    years: Sequence[int]
    seed: int

    def gemeente(self, instance: int) -> dict[str, str]:
        return self.cal.gemeenten[self.cal.gemeente[int(self.uni.base[instance])]]

    def corop(self, instance: int) -> str:
        return self.gemeente(instance).get("corop", "")

    def naam(self, instance: int) -> str:
        return self.cal.namen[int(self.uni.base[instance])]

    def plaats(self, instance: int) -> str:
        return self.cal.plaatsen[int(self.uni.base[instance])]

    def samenwerkingsverband(self, instance: int) -> str:
        """A made-up but stable code in the style of DUO's ``VO2001``."""
        gemeente = self.cal.gemeente[int(self.uni.base[instance])]
        number = int(gemeente) % 2 + 1 if gemeente.isdigit() else 1
        return f"VO{self.corop(instance) or '00'}{number:02d}"


class ChunkWriter(Protocol):
    def add(self, chunk: YearChunk) -> None: ...

    def close(self) -> list[Path]: ...


def open_text(path: Path, encoding: str, newline: str) -> TextIO:
    """A text file for writing; ``utf-8-sig`` writes the BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding=encoding, errors="replace", newline=newline)


def quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def field(text: str) -> str:
    """A CSV field that is quoted only when it has to be (as in DUO's older files)."""
    return quote(text) if '"' in text or ";" in text else text


def decimal_comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
