"""Write small DUO-shaped files for tests, independently of the generator."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

COUNT_HEADERS = [f"LEER- OF VERBLIJFSJAAR {j} - {g}" for j in range(1, 7) for g in ("MAN", "VROUW")]
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
    *COUNT_HEADERS,
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
    *COUNT_HEADERS,
]


def row_2019(
    brin: str,
    nummer: str,
    onderwijstype: str,
    afdeling: str,
    leerjaar3: tuple[str, str] = ("0", "0"),
    sector: str = "Techniek",
    naam: str = "Testschool",
) -> list[str]:
    counts = ["0"] * 12
    counts[4], counts[5] = leerjaar3
    return [
        brin,
        nummer,
        naam,
        "ASSEN",
        "Drenthe",
        onderwijstype,
        sector,
        afdeling,
        "0001",
        f"VMBO {afdeling}",
        *counts,
    ]


def row_2023(
    brin: str,
    nummer: str,
    onderwijstype: str,
    afdeling: str,
    leerjaar3: tuple[str, str] = ("0", "0"),
    sector: str = "Techniek",
) -> list[str]:
    base = row_2019(brin, nummer, onderwijstype, afdeling, leerjaar3, sector)
    return [*base[:5], "SWV VO 22.01", *base[5:]]


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    quoted: bool = False,
    encoding: str = "latin-1",
    bom: bool = False,
    newline: str = "\n",
    delimiter: str = ";",
) -> Path:
    def line(fields: Sequence[str]) -> str:
        if quoted:
            return delimiter.join('"' + f.replace('"', '""') + '"' for f in fields)
        return delimiter.join(fields)

    text = newline.join([line(header), *(line(r) for r in rows)]) + newline
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path
