"""DUO "02. Leerlingen per vestiging naar postcode leerling en leerjaar", one file per year.

Every student of a vestiging (all onderwijstypen, leerjaar 1-6) gets a home PC4 near it, drawn
as in ``sto-leerling-pc4`` (``postcodes.home_pc4_table``). One line per vestiging x home
postcode, with the place and gemeente of that PC4 and a count per leerjaar; counts 1-4 are
written ``<5``. As DUO does for privacy, a postcode where only ``CUT_AT_MOST`` students of the
vestiging live is cut short to its first two digits (the lines of one vestiging with the same
two digits are added up; place and gemeente are then left empty).

* ``2019``: the header of the older edition (``BRIN NUMMER``, ``VESTIGINGSNUMMER`` as 2 digits,
  gemeentenummer without leading zeros), ``;``, unquoted, cp1252, LF.
* ``2023``: ``INSTELLINGSCODE``/``VESTIGINGSCODE`` (2-digit suffix), a 4-digit gemeentenummer,
  every field quoted, UTF-8 with BOM, CRLF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import numpy as np

from sto_monitor.generate.calibration import IntArray
from sto_monitor.generate.context import Context, field, open_text, quote
from sto_monitor.generate.postcodes import home_pc4_table
from sto_monitor.generate.simulate import YearChunk

JAREN = [f"LEER- OF VERBLIJFSJAAR {j}" for j in range(1, 7)]
_REST = [
    "POSTCODE LEERLING",
    "PLAATSNAAM LEERLING",
    "GEMEENTENAAM LEERLING",
    "GEMEENTENUMMER LEERLING",
    *JAREN,
]
HEADER_2019 = ["BRIN NUMMER", "VESTIGINGSNUMMER", *_REST]
HEADER_2023 = ["INSTELLINGSCODE", "VESTIGINGSCODE", *_REST]
MASK_BELOW = 5
CUT_AT_MOST = 1  # students of one vestiging in one PC4 (all leerjaren) for a cut postcode
CUT_DIGITS = 2


def file_name(year: int, layout: str) -> str:
    if layout == "2023":
        return f"02.-leerlingen-per-vestiging-naar-postcode-leerling-en-leerjaar-{year}.csv"
    return f"leerlingen-per-vestiging-naar-postcode-leerling-en-leerjaar-{year}.csv"


class PostcodesWriter:
    """Streams the lines of every chunk into the file of its year."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.modern = ctx.layout == "2023"
        self.paths = {year: ctx.out / file_name(year, ctx.layout) for year in ctx.years}
        encoding, newline = ("utf-8-sig", "\r\n") if self.modern else ("cp1252", "\n")
        self.files: dict[int, TextIO] = {}
        for year, path in self.paths.items():
            handle = open_text(path, encoding, newline)
            header = HEADER_2023 if self.modern else HEADER_2019
            handle.write(self._line(header))
            self.files[year] = handle
        self.index, self.prob = home_pc4_table(ctx.cal)
        cal = ctx.cal
        self.place: list[list[str]] = []  # per PC4: place, gemeente, gemeentenummer
        for plaats, code in zip(cal.pc4_plaats, cal.pc4_gemeente, strict=True):
            naam = cal.gemeenten.get(code, {}).get("naam") or cal.admin2.get(code, "")
            nummer = code if self.modern or not code.isdigit() else str(int(code))
            self.place.append([plaats.upper(), naam.upper(), nummer])

    def _line(self, fields: list[str]) -> str:
        return ";".join(quote(f) if self.modern else field(f) for f in fields) + "\n"

    @staticmethod
    def _count(n: int) -> str:
        return "<5" if 0 < n < MASK_BELOW else str(n)

    def add(self, chunk: YearChunk) -> None:
        instances, inverse = np.unique(chunk.inst, return_inverse=True)
        if len(instances) == 0:
            return
        per_leerjaar = np.zeros((len(instances), 6), dtype=np.int64)
        np.add.at(per_leerjaar, inverse, chunk.counts)
        base = self.ctx.uni.base[instances]
        # (instance, leerjaar, home slot): every student of a leerjaar to one of the PC4s
        draws = chunk.stream(6).multinomial(per_leerjaar, self.prob[base][:, None, :])
        codes, pc4_codes = self.ctx.uni.codes, self.ctx.cal.pc4_code
        lines = []
        for i, instance in enumerate(instances.tolist()):
            code = codes[instance]
            cells = draws[i].T  # (slot, leerjaar)
            full: list[tuple[str, list[str], IntArray]] = []
            cut: dict[str, IntArray] = {}
            for slot in np.flatnonzero(cells.sum(axis=1)).tolist():
                p = int(self.index[base[i], slot])
                pc4 = pc4_codes[p]
                if cells[slot].sum() <= CUT_AT_MOST:
                    prefix = pc4[:CUT_DIGITS]
                    cut[prefix] = cut[prefix] + cells[slot] if prefix in cut else cells[slot]
                else:
                    full.append((pc4, self.place[p], cells[slot]))
            rows = sorted(full, key=lambda r: r[0])
            rows += [(prefix, ["", "", ""], n) for prefix, n in sorted(cut.items())]
            for postcode, place, counts in rows:
                lines.append(
                    self._line(
                        [
                            code[:4],
                            code[4:],
                            postcode,
                            *place,
                            *(self._count(int(n)) for n in counts),
                        ]
                    )
                )
        self.files[chunk.year].write("".join(lines))

    def close(self) -> list[Path]:
        for handle in self.files.values():
            handle.close()
        return list(self.paths.values())
