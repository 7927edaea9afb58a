"""Derive the generator's calibration file from the real public data.

Run once, by hand, when the public data changes::

    python -m sto_monitor.generate.calibrate /path/to/shared/data/real

It reads the DUO, CBS and GeoNames files described in ``shared/data/real/SOURCES.md`` and writes
``kalibratie.json.gz`` next to this module. The result is a *model* of the country: per
vestiging its location and its offering (a size per leerjaar, boys and girls together) and
national parameters (share of girls, drift, pass rates, exam grades). Genders, yearly noise,
postcode letters, street names and every later year are drawn by the generator.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sto_monitor.generate.calibration import CALIBRATION_PATH, CALIBRATION_VERSION

LEERLINGEN = "leerlingen_vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
LEERLINGEN_2016 = "leerlingen_vo/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv"
ADRESSEN = "vestigingen_vo/alle-vestigingen-vo.csv"
GEO_FILES = ("vestigingen_geo/scholen20241122.geo.zip", "vestigingen_geo/scholen20220501.geo.zip")
GEONAMES = "pc4/NL.txt"
CBS_PC4 = "pc4/pc4_2023_v2.xlsx"
EXAMENS = "examens_vo/geslaagden-gezakten-en-cijfers-2018-2019.csv"
CALIBRATION_YEAR = 2019

OT = "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"
CBS_SECRET = -99997
AREAS = ("NODAAL GEBIED", "RPA-GEBIED", "WGR-GEBIED", "COROPGEBIED", "ONDERWIJSGEBIED", "RMC-REGIO")
AREA_KEYS = ("nodaal", "rpa", "wgr", "corop", "onderwijsgebied", "rmc")


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def _lj_key(leerjaar: int, sex: str) -> str:
    return f"LEER- OF VERBLIJFSJAAR {leerjaar} - {sex}"


def _sizes(row: dict[str, str]) -> tuple[list[int], int]:
    """Per leerjaar boys+girls, and the number of girls over all leerjaren."""
    sizes = [int(row[_lj_key(j, "MAN")]) + int(row[_lj_key(j, "VROUW")]) for j in range(1, 7)]
    girls = sum(int(row[_lj_key(j, "VROUW")]) for j in range(1, 7))
    return sizes, girls


class _Index:
    """Strings to small integers, in order of first appearance."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._pos: dict[Any, int] = {}

    def __call__(self, item: Any) -> int:
        if item not in self._pos:
            self._pos[item] = len(self.items)
            self.items.append(item)
        return self._pos[item]


def _read_geo(real: Path) -> dict[str, dict[str, Any]]:
    """Vestiging code -> properties and coordinates; the newest file wins."""
    out: dict[str, dict[str, Any]] = {}
    for name in GEO_FILES:
        with zipfile.ZipFile(real / name) as archive:
            data = json.loads(archive.read(archive.namelist()[0]))
        for feature in data["features"]:
            props = feature["properties"]
            code = props.get("vestigingscode") or props.get("vestigingsnummer")
            if not code or code in out or feature.get("geometry") is None:
                continue
            lon, lat = feature["geometry"]["coordinates"][:2]
            out[code] = {**props, "lat": lat, "lon": lon}
    return out


def _read_geonames(real: Path) -> dict[str, list[str]]:
    """PC4 -> the first GeoNames row for it."""
    out: dict[str, list[str]] = {}
    with (real / GEONAMES).open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 11 and cols[1] not in out:
                out[cols[1]] = cols
    return out


def _read_cbs(real: Path) -> dict[str, tuple[int, int]]:
    """PC4 -> (inhabitants, inhabitants 15-25); the secrecy code (0-4) becomes 2."""
    import openpyxl

    book = openpyxl.load_workbook(real / CBS_PC4, read_only=True)
    sheet = book.worksheets[0]
    out: dict[str, tuple[int, int]] = {}
    for row in sheet.iter_rows(min_row=11, max_col=9, values_only=True):
        if row[0] is None or not str(row[0]).isdigit():
            continue
        total, young = (2 if v == CBS_SECRET else int(v or 0) for v in (row[1], row[5]))
        out[str(row[0])] = (total, young)
    book.close()
    return out


def _place_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"^ST\.?[- ]", "SINT ", plain.upper().strip())
    return re.sub(r"[^A-Z]+", " ", key).strip()


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _third_year_totals(path: Path) -> tuple[int, int, int]:
    """bb+kb+gl third-years, of which technical, and tl third-years."""
    tech_afd = {
        "Produceren, installeren en energie",
        "Bouwen, wonen en interieur",
        "Mobiliteit en transport",
        "Media, vormgeving en ICT",
        "Maritiem en Techniek",
    }
    beroeps = tech = tl = 0
    for row in _read_csv(path):
        n = int(row[_lj_key(3, "MAN")]) + int(row[_lj_key(3, "VROUW")])
        ot = row[OT]
        if ot.startswith(("VMBO BL", "VMBO KL", "VMBO GL")):
            beroeps += n
            tech += n if row["AFDELING"] in tech_afd else 0
        elif ot.startswith("VMBO TL"):
            tl += n
    return beroeps, tech, tl


def _national(real: Path, girls: dict[str, list[int]]) -> dict[str, Any]:
    b19, t19, tl19 = _third_year_totals(real / LEERLINGEN)
    b16, t16, tl16 = _third_year_totals(real / LEERLINGEN_2016)
    # 2016/17 still has pre-2016 afdelingen (counted as overig) and a steep drop in bb/kb;
    # the drift is clipped to the range the monitor reports (about 1.5 % per year fewer students,
    # offerings that stop included).
    vmbo = _clip((b19 / b16) ** (1 / 3) - 1, -0.012, -0.008)
    tl = _clip((tl19 / tl16) ** (1 / 3) - 1, -0.02, 0.0)
    tech = _clip(((t19 / b19) / (t16 / b16)) ** (1 / 3) - 1, 0.005, 0.015)
    share = {key: round(g / n, 3) for key, (g, n) in girls.items() if n >= 30}
    passed: dict[str, list[float]] = defaultdict(lambda: [0.0] * 8)
    for row in _read_csv(real / EXAMENS):
        key = f"{row['ONDERWIJSTYPE VO']}|{row['LEERWEG VMBO']}|{row['AFDELING']}"
        if row["ONDERWIJSTYPE VO"] in ("HAVO", "VWO"):
            key = f"{row['ONDERWIJSTYPE VO']}||"
        elif row["LEERWEG VMBO"] == "TL":
            key = "VMBO|TL|"
        n = int(row["EXAMENKANDIDATEN"])
        acc = passed[key]
        acc[0] += n
        acc[1] += int(row["GESLAAGDEN"])
        for i, col in enumerate(("SCHOOLEXAMEN", "CENTRAAL EXAMEN", "CIJFERLIJST")):
            text = row[f"GEMIDDELD CIJFER {col}"].replace(",", ".")
            if text and n:
                grade = float(text)
                acc[2 + i] += n * grade
                acc[5 + i] += n * grade * grade
    exams: dict[str, list[float]] = {}
    for key, acc in passed.items():
        if acc[0] < 100:
            continue
        means = [acc[2 + i] / acc[0] for i in range(3)]
        sds = [math.sqrt(max(acc[5 + i] / acc[0] - means[i] ** 2, 0.0)) for i in range(3)]
        exams[key] = [
            round(acc[1] / acc[0], 4),
            *(round(m, 2) for m in means),
            *(round(s, 2) for s in sds),
        ]
    return {
        "drift": {
            "vmbo": round(vmbo, 4),
            "tl": round(tl, 4),
            "techniek": round(tech, 4),
            "overig": -0.003,
        },
        "meisjes": share,
        "examens": exams,
        "controle": {"derdejaars_bb_kb_gl": b19, "derdejaars_techniek": t19},
    }


def build(real: Path) -> dict[str, Any]:
    """The calibration model as a JSON-able dict."""
    geo = _read_geo(real)
    geonames = _read_geonames(real)
    cbs = _read_cbs(real)
    addresses = {row["VESTIGINGSNUMMER"]: row for row in _read_csv(real / ADRESSEN)}

    areas: dict[str, dict[str, str]] = {key: {} for key in AREA_KEYS}
    gemeenten: dict[str, dict[str, str]] = {}
    for row in addresses.values():
        entry = {"naam": row["GEMEENTENAAM"].strip(), "provincie": row["PROVINCIE"].strip()}
        for key, col in zip(AREA_KEYS, AREAS, strict=True):
            code = row[f"{col} CODE"].strip()
            areas[key][code] = row[f"{col} NAAM"].strip()
            entry[key] = code
        gemeenten.setdefault(row["GEMEENTENUMMER"].strip(), entry)
    by_name = {g["naam"]: code for code, g in gemeenten.items()}
    places: dict[str, str] = {}
    for pc4, cols in sorted(geonames.items()):
        places.setdefault(_place_key(cols[2]), pc4)

    ots, sectors, afds, opls = _Index(), _Index(), _Index(), _Index()
    structures, denominations = _Index(), _Index()
    rows: dict[str, list[list[int]]] = defaultdict(list)
    first: dict[str, dict[str, str]] = {}
    girls: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in _read_csv(real / LEERLINGEN):
        code = row["BRIN NUMMER"] + row["VESTIGINGSNUMMER"].zfill(2)
        first.setdefault(code, row)
        sizes, n_girls = _sizes(row)
        if sum(sizes) == 0:
            continue
        rows[code].append(
            [
                ots(row[OT]),
                sectors(row["VMBO SECTOR"]),
                afds(row["AFDELING"]),
                opls((row["ELEMENTCODE"], row["OPLEIDINGSNAAM"])),
                *sizes,
            ]
        )
        for key in (f"{row[OT]}|{row['AFDELING']}", row[OT]):
            girls[key][0] += n_girls
            girls[key][1] += sum(sizes)

    vest: dict[str, list[Any]] = defaultdict(list)
    pending_corop: list[int] = []
    codes = sorted(set(first) | set(addresses))
    pc4s: dict[str, str] = {}
    for code in codes:
        adr, lrow, props = addresses.get(code), first.get(code), geo.get(code, {})
        plaats = (adr or {}).get("PLAATSNAAM") or (lrow or {}).get("PLAATSNAAM VESTIGING", "")
        pc4s[code] = ((adr or {}).get("POSTCODE") or props.get("postcode") or "")[:4]
        if pc4s[code] not in geonames:
            pc4s[code] = places.get(_place_key(plaats), "")
    for code in codes:  # unknown town: another vestiging of the same institution
        if not pc4s[code]:
            pc4s[code] = next(p for c, p in pc4s.items() if c[:4] == code[:4] and p)
    for index, code in enumerate(codes):
        adr, lrow, props = addresses.get(code), first.get(code), geo.get(code, {})
        plaats = (adr or {}).get("PLAATSNAAM") or (lrow or {}).get("PLAATSNAAM VESTIGING", "")
        pc4 = pc4s[code]
        gemeente = (adr or {}).get("GEMEENTENUMMER", "").strip()
        if not gemeente:
            gemeente = by_name.get(str(props.get("gemeente", "")).upper(), "")
        if not gemeente and pc4:
            gemeente = geonames[pc4][6]
        if gemeente not in gemeenten:
            name = geonames[pc4][5] if pc4 else plaats
            name = name.replace("Gemeente ", "").replace(" Municipality", "").upper()
            prov = (lrow or {}).get("PROVINCIE VESTIGING", "") or str(props.get("provincie", ""))
            gemeenten[gemeente] = {"naam": name, "provincie": prov}
            pending_corop.append(index)
        lat = props.get("lat") or float(geonames[pc4][9])
        lon = props.get("lon") or float(geonames[pc4][10])
        vest["code"].append(code)
        vest["naam"].append(
            (
                (lrow or {}).get("INSTELLINGSNAAM VESTIGING")
                or (adr or {}).get("VESTIGINGSNAAM", "")
            ).strip()
        )
        vest["plaats"].append(plaats.strip())
        vest["gemeente"].append(gemeente)
        vest["pc4"].append(pc4)
        vest["lat"].append(round(float(lat), 5))
        vest["lon"].append(round(float(lon), 5))
        vest["structuur"].append(
            structures((adr or {}).get("ONDERWIJSSTRUCTUUR") or props.get("type") or "VBO/MAVO")
        )
        vest["denominatie"].append(
            denominations(
                ((adr or {}).get("DENOMINATIE") or props.get("denominatie") or "Openbaar").strip()
            )
        )
        vest["bevoegd_gezag"].append((adr or {}).get("BEVOEGD GEZAG NUMMER", "").strip())
        vest["rijen"].append(rows.get(code, []))

    # Gemeenten without a known area (no school in the address file): copy the areas of the
    # nearest vestiging that has them.
    for index in pending_corop:
        gem = gemeenten[vest["gemeente"][index]]
        if "corop" in gem:
            continue
        lat, lon = vest["lat"][index], vest["lon"][index]
        best = min(
            (j for j in range(len(vest["code"])) if "corop" in gemeenten[vest["gemeente"][j]]),
            key=lambda j: (vest["lat"][j] - lat) ** 2 + (vest["lon"][j] - lon) ** 2,
        )
        gem.update({k: gemeenten[vest["gemeente"][best]][k] for k in AREA_KEYS})
        gem["provincie"] = gem["provincie"] or gemeenten[vest["gemeente"][best]]["provincie"]

    pc4_table: dict[str, list[Any]] = defaultdict(list)
    admin1: dict[str, str] = {}
    admin2: dict[str, str] = {}
    for code, cols in sorted(geonames.items()):
        total, young = cbs.get(code, (0, 0))
        admin1[cols[4]] = cols[3]
        admin2[cols[6]] = cols[5]
        for key, value in (
            ("pc4", code),
            ("plaats", cols[2]),
            ("admin1", cols[4]),
            ("gemeente", cols[6]),
            ("lat", float(cols[9])),
            ("lon", float(cols[10])),
            ("totaal", total),
            ("bev15_25", young),
        ):
            pc4_table[key].append(value)

    return {
        "versie": CALIBRATION_VERSION,
        "kalibratiejaar": CALIBRATION_YEAR,
        "bronnen": [
            "DUO open onderwijsdata: leerlingen vo per vestiging 2019, alle vestigingen "
            "vo, geslaagden/gezakten 2018-2019",
            "edugis data-nl-scholen (DUO + BAG)",
            "CBS kerncijfers per postcode 2023 (CC-BY 4.0)",
            "GeoNames NL (CC-BY 4.0)",
        ],
        "tabellen": {
            "onderwijstype": ots.items,
            "sector": sectors.items,
            "afdeling": afds.items,
            "opleiding": [list(x) for x in opls.items],
            "structuur": structures.items,
            "denominatie": denominations.items,
        },
        "gebieden": areas,
        "gemeenten": gemeenten,
        "geonames": {"admin1": admin1, "admin2": admin2},
        "vestigingen": vest,
        "pc4": pc4_table,
        "nationaal": _national(real, girls),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        sys.stderr.write("gebruik: python -m sto_monitor.generate.calibrate DATA/REAL [UIT]\n")
        return 2
    model = build(Path(args[0]))
    target = Path(args[1]) if len(args) == 2 else CALIBRATION_PATH
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"))
    with gzip.GzipFile(target, "wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    sys.stderr.write(f"{target}: {target.stat().st_size // 1024} kB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
