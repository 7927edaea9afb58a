"""Radius search: current internship places within 0-20 km of a school vestiging or a
postcode, by profiel and period, nearest first.

Distance is the great-circle distance by the haversine formula on a sphere of radius
:data:`AARDSTRAAL_KM` = 6371.0088 km (the IUGG mean Earth radius R1). Over 20 km the sphere
differs from the ellipsoid by at most about 0.5 %, far less than the spread of a PC4 area
around its centroid; what matters is that every part of the monitor uses this one function.

How: a bounding box around the centre (indexed ``lat``/``lon`` columns) narrows the rows in
SQL, the same on SQLite and PostgreSQL; the exact distance is then computed in Python on the
box's ids and coordinates only, and just the places inside the circle are read in full (two
more queries: the places, and their profielen). The box is wider than the circle, never
narrower, so it cannot lose a place.

Boundary rule: a place is in when its unrounded distance is at most the radius, so at exactly
20.0 km it is in and at 20.1 km it is out. The comparison allows :data:`SPLING_KM` (one
millimetre) for floating-point noise only. Distances are rounded to 0.1 km for display
(:func:`afstand_tekst`), never before comparing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import lazyload

from sto_monitor import domain
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import StageBedrijf, StagePlaats, StagePlaatsProfiel
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.stagebank.opslag import actueel
from sto_monitor.stagebank.plek import Locatie, postcode

AARDSTRAAL_KM = 6371.0088
MAX_STRAAL_KM = 20.0
SPLING_KM = 1e-6  # one millimetre: floating-point noise, not a rounding of the rule


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points in degrees."""
    f1, f2 = math.radians(lat1), math.radians(lat2)
    df, dl = f2 - f1, math.radians(lon2 - lon1)
    a = math.sin(df / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(dl / 2) ** 2
    return 2 * AARDSTRAAL_KM * math.asin(min(1.0, math.sqrt(a)))


def kader(lat: float, lon: float, straal_km: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of a box that holds the whole circle."""
    dlat = math.degrees(straal_km / AARDSTRAAL_KM)
    # the circle is widest in longitude at its poleward edge
    rand = min(89.0, abs(lat) + dlat)
    dlon = math.degrees(straal_km / (AARDSTRAAL_KM * math.cos(math.radians(rand))))
    marge = 1e-6  # degrees, about 0.1 m: the box is never narrower than the circle
    return lat - dlat - marge, lat + dlat + marge, lon - dlon - marge, lon + dlon + marge


def afstand_tekst(km: float) -> str:
    """For display only: 12,3 km."""
    return f"{km:.1f}".replace(".", ",") + " km"


@dataclass(frozen=True)
class Middelpunt:
    """Where a search starts: a vestiging or a postcode, with a name for the page."""

    naam: str
    lat: float
    lon: float


def vanaf_vestiging(snapshot: Snapshot, code: str) -> Middelpunt:
    """The vestiging's location from the published snapshot."""
    for v in snapshot.vestigingen:
        if v.code == code:
            if v.lat is None or v.lon is None:
                raise NotFoundError(f"Van vestiging {v.naam} is de ligging niet bekend.")
            return Middelpunt(f"{v.naam} ({v.plaats})", v.lat, v.lon)
    raise NotFoundError(f"Onbekende vestiging {code[:20]!r}.")


def vanaf_postcode(pcs: Mapping[str, Locatie], tekst: str) -> Middelpunt:
    """The centroid of the postcode's PC4 (the letters do not narrow it further)."""
    gevonden = postcode(tekst, pcs)
    if isinstance(gevonden, str):
        raise ParameterError(gevonden)
    pc, locatie = gevonden
    return Middelpunt(f"postcode {pc}", locatie.lat, locatie.lon)


@dataclass(frozen=True)
class Treffer:
    plaats_id: int
    bedrijf: str
    titel: str
    profielen: tuple[str, ...]
    leerwegen: tuple[str, ...]
    begin: date
    eind: date
    aantal: int
    adres: str
    postcode: str
    plaats: str
    lat: float
    lon: float
    contact_naam: str
    contact_email: str
    contact_telefoon: str | None
    afstand_km: float  # unrounded

    @property
    def afstand(self) -> str:
        return afstand_tekst(self.afstand_km)


LIMIET = 200  # places a search returns at most: the nearest


def zoek(
    db: AppDatabase,
    middelpunt: Middelpunt,
    *,
    straal_km: float = MAX_STRAAL_KM,
    vandaag: date,
    profiel: str | None = None,
    van: date | None = None,
    tot: date | None = None,
    limiet: int = LIMIET,
) -> list[Treffer]:
    """Current places within ``straal_km`` (0-20) of ``middelpunt``, nearest first, at most
    ``limiet`` of them (the nearest; a list and a map of more help nobody, and reading every
    place of a dense 20 km circle in full is what makes a search slow); with a ``profiel``,
    only places open to it; with ``van``/``tot``, only places whose period overlaps that
    period. Anyone may search: a place is public once published."""
    if not 0 <= straal_km <= MAX_STRAAL_KM:
        raise ParameterError("Kies een afstand van 0 tot en met 20 km.")
    if profiel is not None and profiel not in domain.PROFIEL_CODES:
        raise ParameterError(f"Onbekend profiel {profiel[:20]!r}.")
    if van is not None and tot is not None and tot < van:
        raise ParameterError("De einddatum van de periode ligt vóór de begindatum.")
    lat_min, lat_max, lon_min, lon_max = kader(middelpunt.lat, middelpunt.lon, straal_km)
    # plain columns, not ORM objects: the box may hold thousands of rows on a dense map
    q = (
        select(StagePlaats.id, StagePlaats.lat, StagePlaats.lon)
        .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
        .where(
            StagePlaats.lat.between(lat_min, lat_max),
            StagePlaats.lon.between(lon_min, lon_max),
            actueel(vandaag),
        )
    )
    if profiel is not None:
        q = q.where(
            exists().where(
                StagePlaatsProfiel.plaats_id == StagePlaats.id,
                StagePlaatsProfiel.profiel == profiel,
            )
        )
    if van is not None:
        q = q.where(StagePlaats.eind >= van)
    if tot is not None:
        q = q.where(StagePlaats.begin <= tot)
    uit: list[Treffer] = []
    with db.transactie() as session:
        afstand: dict[int, float] = {}
        for pid, lat, lon in session.execute(q):
            km = haversine_km(middelpunt.lat, middelpunt.lon, lat, lon)
            if km <= straal_km + SPLING_KM:
                afstand[pid] = km
        if not afstand:
            return []
        ids = sorted(afstand, key=lambda pid: (afstand[pid], pid))[: max(limiet, 0)]
        profielen: dict[int, list[str]] = {}
        for pid, code in session.execute(
            select(StagePlaatsProfiel.plaats_id, StagePlaatsProfiel.profiel).where(
                StagePlaatsProfiel.plaats_id.in_(ids)
            )
        ):
            profielen.setdefault(pid, []).append(code)
        rijen = session.execute(
            select(StagePlaats, StageBedrijf.naam)
            .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
            .where(StagePlaats.id.in_(ids))
            .options(lazyload(StagePlaats.profielen))  # never touched: read above, at once
        )
        for p, naam in rijen:
            uit.append(
                Treffer(
                    plaats_id=p.id,
                    bedrijf=naam,
                    titel=p.titel,
                    profielen=tuple(sorted(profielen.get(p.id, ()))),
                    leerwegen=tuple(p.leerwegen.get("leerwegen", [])),
                    begin=p.begin,
                    eind=p.eind,
                    aantal=p.aantal,
                    adres=p.adres,
                    postcode=p.postcode,
                    plaats=p.plaats,
                    lat=p.lat,
                    lon=p.lon,
                    contact_naam=p.contact_naam,
                    contact_email=p.contact_email,
                    contact_telefoon=p.contact_telefoon,
                    afstand_km=afstand[p.id],
                )
            )
    uit.sort(key=lambda t: (t.afstand_km, t.plaats_id))
    return uit
