"""Where the vestigingen are: DUO "02. Alle vestigingen vo" and a geocoded GeoJSON zip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from sto_monitor.domain import plaatsnaam
from sto_monitor.generate.calibration import IntArray
from sto_monitor.generate.context import Context, field, open_text

ADDRESS_FILE = "alle-vestigingen-vo.csv"
GEO_FILE = "scholen.geo.zip"
GEO_MEMBER = "scholen.geo.json"
ADDRESS_HEADER = [
    "PROVINCIE",
    "BEVOEGD GEZAG NUMMER",
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "VESTIGINGSNAAM",
    "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENUMMER",
    "GEMEENTENAAM",
    "DENOMINATIE",
    "TELEFOONNUMMER",
    "INTERNETADRES",
    "ONDERWIJSSTRUCTUUR",
    "STRAATNAAM CORRESPONDENTIEADRES",
    "HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES",
    "POSTCODE CORRESPONDENTIEADRES",
    "PLAATSNAAM CORRESPONDENTIEADRES",
    "NODAAL GEBIED CODE",
    "NODAAL GEBIED NAAM",
    "RPA-GEBIED CODE",
    "RPA-GEBIED NAAM",
    "WGR-GEBIED CODE",
    "WGR-GEBIED NAAM",
    "COROPGEBIED CODE",
    "COROPGEBIED NAAM",
    "ONDERWIJSGEBIED CODE",
    "ONDERWIJSGEBIED NAAM",
    "RMC-REGIO CODE",
    "RMC-REGIO NAAM",
]
AREA_KEYS = ("nodaal", "rpa", "wgr", "corop", "onderwijsgebied", "rmc")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())[:24] or "school"


def write_addresses(ctx: Context) -> Path:
    """The 31-column address file (latin-1, ``;``), one row per generated vestiging."""
    path = ctx.out / ADDRESS_FILE
    cal, uni = ctx.cal, ctx.uni
    with open_text(path, "latin-1", "\n") as handle:
        handle.write(";".join(ADDRESS_HEADER) + "\n")
        for i, code in enumerate(uni.codes):
            b = int(uni.base[i])
            gem_code = cal.gemeente[b]
            gem = cal.gemeenten[gem_code]
            street, number = uni.straat[i], str(int(uni.huisnummer[i]))
            phone = f"0{(i * 7_919_317 + int(code[:2]) * 131 + 12_345) % 899_999_999 + 100_000_000}"
            areas = []
            for key in AREA_KEYS:
                area = gem.get(key, "")
                areas += [area, cal.areas.get(key, {}).get(area, "")]
            fields = [
                gem["provincie"],
                uni.bevoegd_gezag[i],
                code[:4],
                code,
                cal.namen[b],
                street,
                number,
                uni.postcode[i],
                cal.plaatsen[b],
                gem_code,
                gem["naam"],
                cal.denominaties[int(cal.denominatie[b])],
                phone,
                f"www.{_slug(cal.namen[b])}.nl",
                cal.structuren[int(cal.structuur[b])],
                street,
                number,
                uni.postcode[i],
                cal.plaatsen[b],
                *areas,
            ]
            handle.write(";".join(field(f) for f in fields) + "\n")
    return path


def write_geo(ctx: Context, students: IntArray) -> Path:
    """``scholen.geo.zip`` with one CRS84 point per vestiging, properties as edugis 2024."""
    path = ctx.out / GEO_FILE
    cal, uni = ctx.cal, ctx.uni
    head = (
        '{"type":"FeatureCollection","name":"scholen","crs":{"type":"name","properties":'
        '{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n'
    )
    info = zipfile.ZipInfo(GEO_MEMBER, date_time=(2024, 11, 22, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as archive, archive.open(info, "w") as member:
        member.write(head.encode())
        for i, code in enumerate(uni.codes):
            b = int(uni.base[i])
            gem = cal.gemeenten[cal.gemeente[b]]
            props = {
                "naam": cal.namen[b],
                "type": cal.structuren[int(cal.structuur[b])],
                "denominatie": cal.denominaties[int(cal.denominatie[b])],
                "internetadres": f"www.{_slug(cal.namen[b])}.nl",
                "straat": uni.straat[i],
                "huisnummer": int(uni.huisnummer[i]),
                "huisletter": None,
                "huisnummertoevoeging": None,
                "postcode": uni.postcode[i].replace(" ", ""),
                "plaats": plaatsnaam(cal.plaatsen[b]),
                "gemeente": gem["naam"],
                "provincie": gem["provincie"],
                "brin_nummer": code[:4],
                "vestigingscode": code,
                "onderwijsgebied": cal.areas.get("onderwijsgebied", {}).get(
                    gem.get("onderwijsgebied", ""), ""
                ),
                "leerlingen": int(students[i]) if students[i] > 0 else None,
            }
            feature = {
                "type": "Feature",
                "properties": props,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(uni.lon[i]), float(uni.lat[i])],
                },
            }
            sep = ",\n" if i else ""
            member.write((sep + json.dumps(feature, ensure_ascii=False)).encode())
        member.write(b"\n]}\n")
    return path
