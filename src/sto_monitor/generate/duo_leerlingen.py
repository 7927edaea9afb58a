"""DUO "01. Leerlingen vo per vestiging naar onderwijstype", one file per year, in two layouts.

* ``2019``: the header of the real 2019 file, ``;``, unquoted, latin-1, LF, exact counts,
  ``VESTIGINGSNUMMER`` as 2 digits.
* ``2023``: ``INSTELLINGSCODE``/``VESTIGINGSCODE`` (2-digit suffix), the extra
  ``SAMENWERKINGSVERBAND PASSEND ONDERWIJS VO`` column, ``ERKENDE OPLEIDINGSCODE``, every field
  quoted, UTF-8 with BOM, CRLF, counts 1-4 as ``<5``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import numpy as np

from sto_monitor.generate.context import Context, field, open_text, quote
from sto_monitor.generate.simulate import YearChunk

COUNT_COLUMNS = [
    f"LEER- OF VERBLIJFSJAAR {j} - {sex}" for j in range(1, 7) for sex in ("MAN", "VROUW")
]
HEADER_2019 = [
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "INSTELLINGSNAAM VESTIGING",
    "PLAATSNAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
    "VMBO SECTOR",
    "AFDELING",
    "ELEMENTCODE",
    "OPLEIDINGSNAAM",
    *COUNT_COLUMNS,
]
HEADER_2023 = [
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "INSTELLINGSNAAM VESTIGING",
    "PLAATSNAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "SAMENWERKINGSVERBAND PASSEND ONDERWIJS VO",
    "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
    "VMBO SECTOR",
    "AFDELING",
    "ERKENDE OPLEIDINGSCODE",
    "OPLEIDINGSNAAM",
    *COUNT_COLUMNS,
]
MASK_BELOW = 5


def file_name(year: int, layout: str) -> str:
    if layout == "2023":
        return f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv"
    return f"leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv"


class LeerlingenWriter:
    """Streams the rows of every chunk into the file of its year."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.modern = ctx.layout == "2023"
        self.paths = {year: ctx.out / file_name(year, ctx.layout) for year in ctx.years}
        encoding, newline = ("utf-8-sig", "\r\n") if self.modern else ("latin-1", "\n")
        self.files: dict[int, TextIO] = {}
        for year, path in self.paths.items():
            handle = open_text(path, encoding, newline)
            header = HEADER_2023 if self.modern else HEADER_2019
            handle.write(";".join(quote(h) if self.modern else h for h in header) + "\n")
            self.files[year] = handle
        cal = ctx.cal
        self.row_text: list[str] = []
        for ot, sector, afd, opl in zip(
            ctx.off.ot.tolist(),
            ctx.off.sector.tolist(),
            ctx.off.afdeling.tolist(),
            ctx.off.opleiding.tolist(),
            strict=True,
        ):
            fields = [
                cal.onderwijstypen[ot],
                cal.sectoren[sector],
                cal.afdelingen[afd],
                *cal.opleidingen[opl],
            ]
            self.row_text.append(";".join(quote(f) if self.modern else field(f) for f in fields))
        self.last_prefix = (-1, "")  # rows of one vestiging come together: cache one prefix
        self.numbers = (
            [quote("<5") if 0 < n < MASK_BELOW else quote(str(n)) for n in range(10_000)]
            if self.modern
            else []
        )

    def _prefix(self, instance: int) -> str:
        if self.last_prefix[0] != instance:
            ctx = self.ctx
            code = ctx.uni.codes[instance]
            fields = [
                code[:4],
                code[4:],
                ctx.naam(instance),
                ctx.plaats(instance),
                ctx.gemeente(instance)["provincie"],
            ]
            if self.modern:
                fields.append(ctx.samenwerkingsverband(instance))
                text = ";".join(quote(f) for f in fields)
            else:
                text = ";".join(field(f) for f in fields)
            self.last_prefix = (instance, text)
        return self.last_prefix[1]

    def _count_text(self, values: list[int]) -> str:
        if not self.modern:
            return ";".join(map(str, values))
        numbers = self.numbers
        return ";".join(numbers[v] if v < len(numbers) else quote(str(v)) for v in values)

    def add(self, chunk: YearChunk) -> None:
        handle = self.files[chunk.year]
        boys_girls = np.empty((len(chunk.rows), 12), dtype=np.int64)
        boys_girls[:, 0::2] = chunk.counts - chunk.girls
        boys_girls[:, 1::2] = chunk.girls
        lines = []
        for instance, row, values in zip(
            chunk.inst.tolist(), chunk.rows.tolist(), boys_girls.tolist(), strict=True
        ):
            lines.append(
                f"{self._prefix(instance)};{self.row_text[row]};{self._count_text(values)}\n"
            )
        handle.write("".join(lines))

    def close(self) -> list[Path]:
        for handle in self.files.values():
            handle.close()
        return list(self.paths.values())
