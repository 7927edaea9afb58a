"""PC4 files (GeoNames ``NL.txt``, CBS-style kerncijfers xlsx) and where students live."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np

from sto_monitor.generate.calibration import Calibration, FloatArray, IntArray
from sto_monitor.generate.context import Context
from sto_monitor.generate.regions import to_km

GEONAMES_FILE = "NL.txt"
CBS_FILE = "pc4_kerncijfers.xlsx"
CBS_SECRET = -99997
TITLE_ROWS = [
    "Inwoner, huishouden en woninggegevens voor numeriek deel van de postcode, "
    "peildatum 1 januari 2023",
    "Gegevens over geboorten, energie en inkomen betreffen het gehele jaar 2023",
    "Definitieve gegevens, versie 2",
    "Datum: 14 mei 2025",
    "Betekenis -99 997 =  '0 - 4 / geheim'",
    "Synthetische gegevens (sto generate), afgeleid van CBS-cijfers; geen officiële statistiek",
]
HEADER = [
    "Postcode-4",
    "Totaal",
    "Man",
    "Vrouw",
    "tot 15 jaar",
    "15 tot 25 jaar",
    "25 tot 45 jaar",
    "45 tot 65 jaar",
    "65 jaar en ouder",
]
# Shares of the population outside 0-25, national (CBS 2023, rounded).
OLDER_SHARES = (0.36, 0.37, 0.27)
SHARE_MEN = 0.497
SHARE_UNDER_15 = 0.155
DISTANCE_DECAY_KM = 6.0
MAX_DISTANCE_KM = 30.0
NEIGHBOURS = 40
FIXED_TIME = b"2025-05-14T00:00:00Z"


def write_geonames(ctx: Context) -> Path:
    """One tab-separated line per PC4, the 12 GeoNames columns, coordinates lightly moved."""
    cal = ctx.cal
    rng = np.random.default_rng([ctx.seed, 5])
    lat = np.round(cal.pc4_lat + rng.normal(0.0, 0.0004, len(cal.pc4_lat)), 4)
    lon = np.round(cal.pc4_lon + rng.normal(0.0, 0.0006, len(cal.pc4_lon)), 4)
    path = ctx.out / GEONAMES_FILE
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for p, code in enumerate(cal.pc4_code):
            admin1, gemeente = cal.pc4_admin1[p], cal.pc4_gemeente[p]
            cols = [
                "NL",
                code,
                cal.pc4_plaats[p],
                cal.admin1.get(admin1, ""),
                admin1,
                cal.admin2.get(gemeente, ""),
                gemeente,
                "",
                "",
                f"{lat[p]:g}",
                f"{lon[p]:g}",
                "",
            ]
            handle.write("\t".join(cols) + "\n")
    return path


def _round5(values: FloatArray) -> IntArray:
    rounded = (np.round(values / 5.0) * 5).astype(np.int64)
    return np.where(values < 5, CBS_SECRET, rounded)


def write_kerncijfers(ctx: Context) -> Path:
    """A "Kerncijfers per postcode" workbook: CBS title and header rows, first 9 columns."""
    import openpyxl

    cal = ctx.cal
    rng = np.random.default_rng([ctx.seed, 6])
    keep = np.flatnonzero(cal.pc4_total > 0)
    noise = np.exp(rng.normal(0.0, 0.03, (len(keep), 2)))
    total = np.maximum(cal.pc4_total[keep] * noise[:, 0], 0.0)
    young = np.minimum(cal.pc4_young[keep] * noise[:, 1], total)
    men = total * np.clip(rng.normal(SHARE_MEN, 0.01, len(keep)), 0.3, 0.7)
    under15 = np.minimum(total * SHARE_UNDER_15, total - young)
    rest = np.maximum(total - young - under15, 0.0)
    columns = [total, men, total - men, under15, young, *(rest * share for share in OLDER_SHARES)]
    values = np.column_stack([_round5(c) for c in columns])

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("PC4_2023_v2")
    for title in TITLE_ROWS:
        sheet.append([title])
    sheet.append([None, "Inwoners"])
    sheet.append([None, "Totaal", "Geslacht", None, "Leeftijdklassen"])
    sheet.append(HEADER)
    sheet.append(["Code", *(["x1"] * (len(HEADER) - 1))])
    for row, p in enumerate(keep.tolist()):
        sheet.append([cal.pc4_code[p], *values[row].tolist()])
    buffer = io.BytesIO()
    book.save(buffer)
    path = ctx.out / CBS_FILE
    path.write_bytes(_fixed_times(buffer.getvalue()))
    return path


def _fixed_times(xlsx: bytes) -> bytes:
    """The same workbook with fixed zip and document times, so that output is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME, data
                )
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 5, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def home_pc4_table(cal: Calibration) -> tuple[IntArray, FloatArray]:
    """Per calibration vestiging, PC4 indices where its students live and their probabilities.

    Weight of a PC4 = inhabitants aged 15-25 x exp(-distance / 6 km), up to 30 km, the 40
    heaviest kept; a vestiging with none in reach draws from its 3 nearest PC4s.
    """
    pc4_xy = to_km(cal.pc4_lat, cal.pc4_lon)
    vest_xy = to_km(cal.lat, cal.lon)
    young = np.maximum(cal.pc4_young, 0.0)
    k = min(NEIGHBOURS, len(young))
    index = np.zeros((cal.n_vestigingen, k), dtype=np.int64)
    prob = np.zeros((cal.n_vestigingen, k))
    for lo in range(0, cal.n_vestigingen, 256):
        block = vest_xy[lo : lo + 256]
        dist = np.sqrt(((block[:, None, :] - pc4_xy[None, :, :]) ** 2).sum(axis=2))
        weight = young[None, :] * np.exp(-dist / DISTANCE_DECAY_KM)
        weight[dist > MAX_DISTANCE_KM] = 0.0
        top = np.argpartition(-weight, k - 1, axis=1)[:, :k]
        top_w = np.take_along_axis(weight, top, axis=1)
        for j in np.flatnonzero(top_w.sum(axis=1) <= 0):
            top[j] = np.argsort(dist[j])[:k]
            top_w[j] = 0.0
            top_w[j, :3] = 1.0
        index[lo : lo + 256] = top
        prob[lo : lo + 256] = top_w / top_w.sum(axis=1, keepdims=True)
    return index, prob
