"""``sto-regio.csv``: a demo division in STO-regio's for both subsidy periods.

78 regions for 2020-2024 (the 5 with the fewest technical third-years are marked
techniekluw) and 74 for 2025-2029, STATUS ``demo``, names ending in " (demo)". A generated
country with few vmbo vestigingen (small ``schaal``) gets proportionally fewer regions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from sto_monitor.domain import plaatsnaam
from sto_monitor.generate.calibration import IntArray
from sto_monitor.generate.context import Context, open_text
from sto_monitor.generate.regions import VestigingPoint, demo_regions

FILE = "sto-regio.csv"
PERIODS = (("2020-2024", 78, 5), ("2025-2029", 74, 0))
MIN_VESTIGINGEN_PER_REGION = 4


def n_regions(wanted: int, n_vestigingen: int) -> int:
    return min(wanted, max(1, n_vestigingen // MIN_VESTIGINGEN_PER_REGION))


def _names(ctx: Context, members: dict[str, list[int]]) -> dict[str, str]:
    """Region code -> "Regio <most common town> (demo)", unique."""
    out: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for region in sorted(members):
        towns = Counter(plaatsnaam(ctx.plaats(i)) for i in members[region])
        town = min(towns.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        seen[town] += 1
        suffix = f" {seen[town]}" if seen[town] > 1 else ""
        out[region] = f"Regio {town}{suffix} (demo)"
    return out


def write_regio(ctx: Context, beroeps: IntArray, techniek: IntArray) -> Path:
    """``beroeps``: per instance >0 when it offers vmbo bb/kb/gl; ``techniek``: its technical
    third-years in the first year (used to pick the techniekluw regions)."""
    uni = ctx.uni
    points = [
        VestigingPoint(uni.codes[i], ctx.corop(i), float(uni.lat[i]), float(uni.lon[i]))
        for i in range(uni.n)
        if beroeps[i] > 0
    ]
    index = {code: i for i, code in enumerate(uni.codes)}
    path = ctx.out / FILE
    lines = []
    for period, wanted, n_luw in PERIODS:
        mapping = demo_regions(points, n_regions(wanted, len(points)), ctx.seed)
        members: dict[str, list[int]] = defaultdict(list)
        for code, region in mapping.items():
            members[region].append(index[code])
        names = _names(ctx, members)
        tech = {r: sum(int(techniek[i]) for i in m) for r, m in members.items()}
        luw = set(sorted(tech, key=lambda r: (tech[r], r))[:n_luw])
        for code, region in sorted(mapping.items(), key=lambda kv: (kv[1], kv[0])):
            flag = "ja" if region in luw else "nee"
            lines.append(f"{period};{region};{names[region]};{flag};{code};demo\n")
    with open_text(path, "utf-8", "\n") as handle:
        handle.write("PERIODE;REGIOCODE;REGIONAAM;TECHNIEKLUW;VESTIGINGSCODE;STATUS\n")
        handle.write("".join(lines))
    return path
