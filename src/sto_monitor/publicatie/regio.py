"""One STO-regio as every output shows it: its figures beside NL and similar regions, its map.

The dashboard's region page (``/regio/X``) and the printed regioportret both start from
:func:`regioportret`. Every figure is a published (disclosure-controlled) cell of an indicator
table; this module only selects rows. The one derived number, the mean techniekaandeel of the
regions of similar size, is an unweighted mean of published shares and so reveals nothing the
tables do not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from sto_monitor import domain
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import LANDELIJK, Regio, Snapshot, Vestiging, getal, getal_nl
from sto_monitor.publicatie.kaart import (
    KM_PER_GRAAD,
    PALET_CATEGORIE,
    Legenda,
    Punt,
    Vlak,
    kaart_svg,
)
from sto_monitor.publicatie.tekst import (
    breukreden,
    deel_van_reeks,
    is_breuk,
    schooljaar,
    verandering_tekst,
)

LEERWEGEN = domain.BEROEPSGERICHTE_LEERWEGEN
VERGELIJKBAAR = 5  # regions of similar size shown beside a region
OMGEVING_KM = 15.0  # neighbouring gemeenten drawn around the region, as context
KLEUR_REGIO = "#fff2c7"  # light fill: gemeenten with a vestiging of the region
KLEUR_OMGEVING = "#dcdcdc"  # neutral grey: neighbouring gemeenten
CATEGORIEEN: tuple[tuple[str, str], ...] = (  # (colour, label) by number of technical profielen
    (PALET_CATEGORIE[0], "geen techniek"),
    (PALET_CATEGORIE[1], "1 technisch profiel"),
    (PALET_CATEGORIE[2], "2 technische profielen"),
    (PALET_CATEGORIE[4], "3 of meer"),
)
CLUSTERS: Mapping[str, str] = {
    "A": "het aantal techniekleerlingen en het aantal niet-techniekleerlingen zijn allebei "
    "gelijk gebleven of gegroeid",
    "B": "het aantal techniekleerlingen en het aantal niet-techniekleerlingen zijn allebei gedaald",
    "C": "het aantal techniekleerlingen is gelijk gebleven of gegroeid, het aantal "
    "niet-techniekleerlingen is gedaald",
    "D": "het aantal techniekleerlingen is gedaald, het aantal niet-techniekleerlingen is "
    "gelijk gebleven of gegroeid",
}


@dataclass(frozen=True)
class Vergelijkbaar:
    regios: list[dict[str, Any]]  # techniekaandeel rows of the similar regions, with "naam"
    gemiddelde: str | None  # unweighted mean of their published techniekaandeel, Dutch text
    gemiddelde_over: int  # how many published shares the mean is over


def vergelijkbaar(snap: Snapshot, code: str, rijen: Sequence[dict[str, Any]]) -> Vergelijkbaar:
    """The regions whose published derdejaars are closest to this region's (hidden: left out)."""
    eigen = next((getal(r["derdejaars"]) for r in rijen if r["regio"] == code), None)
    if eigen is None:
        return Vergelijkbaar([], None, 0)
    kandidaten = [
        (abs(n - eigen), r["regio"], r)
        for r in rijen
        if r["regio"] not in (code, LANDELIJK)
        and r["regio"] in snap.regios
        and (n := getal(r["derdejaars"])) is not None
    ]
    kandidaten.sort(key=lambda t: (t[0], t[1]))
    gekozen = [
        {**r, "naam": snap.regios[r["regio"]].naam} for _, _, r in kandidaten[:VERGELIJKBAAR]
    ]
    aandelen = [a for r in gekozen if (a := getal(r["techniekaandeel"])) is not None]
    gemiddelde = getal_nl(sum(aandelen) / len(aandelen)) if aandelen else None
    return Vergelijkbaar(gekozen, gemiddelde, len(aandelen))


def trend(
    snap: Snapshot, regio: Regio, rijen: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The techniekaandeel over all loaded years, region against NL: chart spec and table."""
    tabel = sorted(rijen, key=lambda r: (r["schooljaar"], r["regio"] != regio.code))
    reeks = {regio.code: regio.naam, LANDELIJK: charts.NEDERLAND}
    delen = deel_van_reeks(snap, "techniekaandeel", [r["schooljaar"] for r in tabel])
    data = [
        {
            "schooljaar": schooljaar(r["schooljaar"]),
            "reeks": reeks[r["regio"]],
            "techniekaandeel": getal(r["techniekaandeel"]),
            "deel": delen[r["schooljaar"]],
        }
        for r in tabel
    ]
    spec = charts.lijn(
        data,
        x="schooljaar",
        y="techniekaandeel",
        kleur="reeks",
        titel="Techniekaandeel per schooljaar",
        ondertitel=f"{regio.naam} en {charts.NEDERLAND}",
        y_titel=_kop("techniekaandeel", "techniekaandeel"),
        kleur_titel=_kop("techniekaandeel", "regio"),
        deel="deel",
    )
    return spec, tabel


def _kop(indicator: str, kolom: str) -> str:
    """A column's header or axis title in the reader's words, with its unit."""
    return woord(BY_NAME[indicator], kolom).kop


def per_leerweg(snap: Snapshot, code: str, jaar: int | None) -> dict[str, Any] | None:
    rows = snap.beschikbare_rijen("techniekleerlingen_per_regio", schooljaar=jaar, regio=code)
    if not rows:
        return None
    volgorde = (*LEERWEGEN, "totaal")
    rows.sort(key=lambda r: volgorde.index(r["leerweg"]) if r["leerweg"] in volgorde else 99)
    # a count DUO masked is drawn as its range (charts.cel), never as a bar of its midpoint
    data = [
        {"leerweg": r["leerweg"], **charts.cel("leerlingen", r["aantal"])}
        for r in rows
        if r["leerweg"] in LEERWEGEN
    ]
    spec = charts.staaf(
        data,
        x="leerweg",
        y="leerlingen",
        kleur="leerweg",
        titel=f"Techniekleerlingen per leerweg, {schooljaar(jaar)}",
        y_titel=_kop("techniekleerlingen_per_regio", "aantal"),
        x_titel=_kop("techniekleerlingen_per_regio", "leerweg"),
        kleur_titel=_kop("techniekleerlingen_per_regio", "leerweg"),
    )
    return {"grafiek": spec, "tabel": rows}


def _breuk_tekst(snap: Snapshot, jaar: int | None, vorig: object) -> str | None:
    """In place of the change of the techniekaandeel across a break of the series: why."""
    breuk = breukreden(snap, "techniekaandeel_per_regio", jaar) if vorig else None
    return f"Niet te vergelijken met vorig schooljaar: {breuk}" if breuk else None


def groeicluster(snap: Snapshot, code: str, jaar: int | None) -> dict[str, Any] | None:
    rows = snap.beschikbare_rijen("groeiclusters", schooljaar=jaar, regio=code)
    if not rows:
        return None
    row = rows[0]
    cluster = row.get("cluster")
    # Across a break of the series (breuken.toml) the cell holds its reason, not a cluster.
    breuk = breukreden(snap, "groeiclusters", row.get("schooljaar")) if is_breuk(cluster) else None
    return {
        **row,
        "uitleg": CLUSTERS.get(cluster) if isinstance(cluster, str) else None,
        "breuk": breuk,
    }


def kwetsbaar(snap: Snapshot, code: str, jaar: int | None) -> list[dict[str, Any]]:
    rows = snap.beschikbare_rijen("kwetsbare_groepen", schooljaar=jaar, regio=code)
    profielen = domain.TECHNIEK_PROFIELEN

    def key(r: dict[str, Any]) -> tuple[int, int, str, str]:
        p, lw = r["profiel"], r["leerweg"]
        return (
            profielen.index(p) if p in profielen else 99,
            LEERWEGEN.index(lw) if lw in LEERWEGEN else 99,
            p,
            lw,
        )

    return sorted(rows, key=key)


# ---------------------------------------------------------------- the map


Kader = tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


def omhullende(geometrie: Mapping[str, Any]) -> Kader | None:
    lons: list[float] = []
    lats: list[float] = []
    soort, coords = geometrie.get("type"), geometrie.get("coordinates") or ()
    polygonen = [coords] if soort == "Polygon" else coords if soort == "MultiPolygon" else []
    for polygoon in polygonen:
        for ring in polygoon:
            for p in ring:
                if math.isfinite(p[0]) and math.isfinite(p[1]):
                    lons.append(p[0])
                    lats.append(p[1])
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def samen(kaders: Iterable[Kader | None]) -> Kader | None:
    """The box around every given box (None where none is given)."""
    lijst = [k for k in kaders if k is not None]
    if not lijst:
        return None
    return (
        min(k[0] for k in lijst),
        min(k[1] for k in lijst),
        max(k[2] for k in lijst),
        max(k[3] for k in lijst),
    )


def ruimer(kader: Kader, km: float) -> Kader:
    dlat = km / KM_PER_GRAAD
    dlon = km / (KM_PER_GRAAD * math.cos(math.radians((kader[1] + kader[3]) / 2)))
    return kader[0] - dlon, kader[1] - dlat, kader[2] + dlon, kader[3] + dlat


def overlapt(a: Kader, b: Kader) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def categorie(v: Vestiging) -> tuple[str, str]:
    """(colour, label) of a vestiging by the number of technical profielen it offers."""
    return CATEGORIEEN[min(len(v.techniek), len(CATEGORIEEN) - 1)]


def _beschrijf(v: Vestiging) -> str:
    techniek = ", ".join(v.techniek) if v.techniek else "geen"
    leerwegen = ", ".join(v.leerwegen) if v.leerwegen else "geen"
    return f"Technische profielen: {techniek}\nLeerwegen: {leerwegen}"


def regiokaart(
    snap: Snapshot, regio: Regio, vestigingen: Sequence[Vestiging], *, papier: bool = False
) -> str:
    """The region's gemeenten, their neighbours as context, and its vestigingen as points."""
    punten = [
        Punt(v.code, v.naam, v.lat, v.lon, categorie(v)[0], _beschrijf(v))
        for v in vestigingen
        if v.lat is not None and v.lon is not None
    ]
    kaders = {code: omhullende(geo) for code, _, geo in snap.gemeenten}
    # gemeenten with a vestiging of the region, and those most of whose vestigingen it has
    codes = {v.gemeentecode for v in vestigingen if v.gemeentecode}
    codes |= {g for g, r in snap.gemeente_regio.items() if r == regio.code}
    eigen = [(code, naam, geo) for code, naam, geo in snap.gemeenten if code in codes]
    gebied = samen(kaders[code] for code, _, _ in eigen)
    if gebied is None and punten:  # no boundaries of its own: the box of its vestigingen
        gebied = (
            min(p.lon for p in punten),
            min(p.lat for p in punten),
            max(p.lon for p in punten),
            max(p.lat for p in punten),
        )
    vlakken = [
        Vlak(code, naam, geo, KLEUR_REGIO, f"gemeente met een vestiging van {regio.naam}")
        for code, naam, geo in eigen
    ]
    if gebied is not None:
        omgeving = ruimer(gebied, OMGEVING_KM)
        eigen_codes = {code for code, _, _ in eigen}
        vlakken = [
            Vlak(code, naam, geo, KLEUR_OMGEVING)
            for code, naam, geo in snap.gemeenten
            if code not in eigen_codes and (k := kaders[code]) is not None and overlapt(k, omgeving)
        ] + vlakken  # the region's own gemeenten on top
    items = list(CATEGORIEEN)
    if vlakken:  # only what is drawn: boundaries exist even when none lie near the region
        items += [
            (KLEUR_REGIO, "gemeente met een vestiging van de regio"),
            (KLEUR_OMGEVING, "omgeving"),
        ]
    return kaart_svg(
        vlakken,
        punten,
        titel=f"Kaart van {regio.naam}",
        beschrijving=f"De {len(punten)} vestigingen van {regio.naam} met derdejaars in bb, kb "
        "of gl, gekleurd naar het aantal technische profielen dat ze aanbieden"
        + (", op de gemeenten van de regio en de omliggende gemeenten." if vlakken else ".")
        + " De tabel onder de kaart geeft dezelfde vestigingen.",
        legenda=Legenda("Vestigingen", items),
        ring_km=10,
        id="kaart-regio",
        papier=papier,
    )


# ---------------------------------------------------------------- the page


def regioportret(snap: Snapshot, regio: Regio, *, papier: bool = False) -> dict[str, Any]:
    """Everything the region page and the regioportret show of one region (newest year)."""
    jaar = snap.laatste_jaar
    code = regio.code
    alle = [r for r in snap.beschikbare_rijen("techniekaandeel") if r["regio"] in (code, LANDELIJK)]
    nu = [r for r in alle if r["schooljaar"] == jaar]
    eigen = next((r for r in nu if r["regio"] == code), None)
    nl = next((r for r in nu if r["regio"] == LANDELIJK), None)
    vorig = next(
        (r for r in alle if r["schooljaar"] == snap.vorig_jaar and r["regio"] == code),
        None,
    )
    reeks = trend(snap, regio, alle) if eigen is not None else None
    vestigingen = [v for v in snap.vestigingen if v.regio == code]
    return {
        "regio": regio,
        "jaar": jaar,
        "eigen": eigen,
        "nl": nl,
        "verandering": _breuk_tekst(snap, jaar, vorig)
        or verandering_tekst(
            eigen["techniekaandeel"] if eigen else None,
            vorig["techniekaandeel"] if vorig else None,
        ),
        "trend_grafiek": reeks[0] if reeks else None,
        "trend_tabel": reeks[1] if reeks else [],
        "vergelijkbaar": vergelijkbaar(
            snap, code, snap.beschikbare_rijen("techniekaandeel", schooljaar=jaar)
        ),
        "per_leerweg": per_leerweg(snap, code, jaar),
        "groeicluster": groeicluster(snap, code, jaar),
        "kwetsbaar": kwetsbaar(snap, code, jaar),
        "kaart": Markup(regiokaart(snap, regio, vestigingen, papier=papier)),
        "vestigingen": vestigingen,
        "zonder_ligging": sum(1 for v in vestigingen if v.lat is None or v.lon is None),
    }


def kerncijfers(snap: Snapshot, code: str) -> dict[str, Any] | None:
    """The headline numbers of the public region page: techniekaandeel and its change."""
    jaar = snap.laatste_jaar
    rijen = snap.beschikbare_rijen("techniekaandeel")
    eigen = next((r for r in rijen if r["regio"] == code and r["schooljaar"] == jaar), None)
    if eigen is None:
        return None
    nl = next((r for r in rijen if r["regio"] == LANDELIJK and r["schooljaar"] == jaar), None)
    vorig = next(
        (r for r in rijen if r["regio"] == code and r["schooljaar"] == snap.vorig_jaar), None
    )
    return {
        "jaar": jaar,
        "eigen": eigen,
        "nl": nl,
        "verandering": verandering_tekst(
            eigen["techniekaandeel"], vorig["techniekaandeel"] if vorig else None
        ),
    }
