"""The stagebank for one region: supply against demand, and where places are missing.

Supply: the current places (``opslag.actueel``) whose own address lies in the region, summed
per profiel (a place open to two profielen counts for both, as either may take it). Demand:
the region's derdejaars per profiel from the published snapshot (``instroom_per_regio``,
newest school year: its published total over the leerwegen, else the sum of bb, kb and gl),
from published cells only, read in the notation they are published in. A range stays a range
(``9-12``), a cell DUO masks as ``<5`` counts as 1 to 4, and a cell hidden by disclosure
control (``x``) makes the profiel's demand unknown rather than a number that looks exact.
A published total also keeps its published text (``Vraag.gepubliceerd``), so a page can show
the cell exactly as the dashboard does.

Gaps: for each vestiging of the region, each technical profiel it offers (the snapshot
records the offer of the technical profielen) with no current place within 20 km.
Both read only published data and published places, so both may be shown on public pages.
:func:`overzicht` reads both at once for "Mijn regio" and the regioportret.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from sto_monitor import domain
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import StageBedrijf, StagePlaats, StagePlaatsProfiel
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.stagebank.opslag import actueel
from sto_monitor.stagebank.zoeken import MAX_STRAAL_KM, SPLING_KM, haversine_km, kader

BEROEPSGERICHT = domain.BEROEPSGERICHTE_LEERWEGEN


@dataclass(frozen=True)
class Vraag:
    """The region's derdejaars in a profiel: a range (equal bounds when exact), or None when
    a cell is not published."""

    min: int | None
    max: int | None
    # the published cell as published ("22-28", "<5") when the demand is one published cell
    gepubliceerd: str | None = field(default=None, compare=False)

    @property
    def bekend(self) -> bool:
        return self.min is not None and self.max is not None

    @property
    def tekst(self) -> str:
        if self.min is None or self.max is None:
            return "niet gepubliceerd"
        return str(self.min) if self.min == self.max else f"{self.min}\u2013{self.max}"  # en dash


@dataclass(frozen=True)
class AanbodRij:
    profiel: str
    plaatsen: int  # the number of students the current places take (sum of ``aantal``)
    aanbieders: int  # entries (stageplaatsen) behind that number
    derdejaars: Vraag


@dataclass(frozen=True)
class Gat:
    """A profiel a vestiging offers, with no current place within 20 km."""

    vestiging: str
    naam: str
    profiel: str


def cel(waarde: object) -> tuple[int, int] | None:
    """A published count in the monitor's notation as (min, max): ``"1.234"`` exact,
    ``"9-12"`` a range, ``"<5"`` 1 to 4; None when hidden (``"x"``) or missing."""
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        return waarde, waarde
    tekst = str(waarde or "").strip().replace(".", "").replace("\u2013", "-")
    if tekst == "<5":
        return 1, 4
    lo, streep, hi = tekst.partition("-")
    try:
        return (int(lo), int(hi)) if streep and lo else (int(tekst), int(tekst))
    except ValueError:
        return None


def vraag(snapshot: Snapshot, regio: str) -> dict[str, Vraag]:
    """Derdejaars per profiel of the region in the newest school year (published cells):
    the published total over the leerwegen where there is one, else the sum of bb, kb, gl."""
    jaar = snapshot.laatste_jaar
    if jaar is None:
        return {}
    rijen = snapshot.beschikbare_rijen("instroom_per_regio", schooljaar=jaar, regio=regio)
    totaal: dict[str, tuple[int, int] | None] = {}
    tekst: dict[str, str] = {}
    som: dict[str, tuple[int, int] | None] = {}
    for r in rijen:
        p, lw = r["profiel"], r["leerweg"]
        if p not in domain.PROFIEL_CODES:
            continue
        if lw == "totaal":
            totaal[p], tekst[p] = cel(r["aantal"]), str(r["aantal"])
        elif lw in BEROEPSGERICHT:
            c, eerder = cel(r["aantal"]), som.get(p, (0, 0))
            som[p] = None if c is None or eerder is None else (eerder[0] + c[0], eerder[1] + c[1])
    uit: dict[str, Vraag] = {}
    for p in dict.fromkeys([*som, *totaal]):
        t = totaal.get(p)
        if t is not None:
            uit[p] = Vraag(*t, gepubliceerd=tekst[p])
        else:
            v = som.get(p)
            uit[p] = Vraag(*v) if v is not None else Vraag(None, None)
    return uit


def aanbod(db: AppDatabase, regio: str, vandaag: date) -> dict[str, tuple[int, int]]:
    """Per profiel: (places, entries) of the current places in the region."""
    q = (
        select(
            StagePlaatsProfiel.profiel,
            func.coalesce(func.sum(StagePlaats.aantal), 0),
            func.count(StagePlaats.id),
        )
        .join(StagePlaats, StagePlaats.id == StagePlaatsProfiel.plaats_id)
        .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
        .where(StagePlaats.regio == regio, actueel(vandaag))
        .group_by(StagePlaatsProfiel.profiel)
    )
    with db.transactie() as session:
        return {p: (int(n), int(k)) for p, n, k in session.execute(q)}


def aanbod_en_vraag(
    db: AppDatabase, snapshot: Snapshot, regio: str, vandaag: date
) -> list[AanbodRij]:
    """Every profiel with places or derdejaars in the region, in the order of the domain (a
    profiel with neither, published as 0, says nothing and is left out)."""
    plaatsen, derdejaars = aanbod(db, regio, vandaag), vraag(snapshot, regio)
    return [
        AanbodRij(
            p,
            plaatsen.get(p, (0, 0))[0],
            plaatsen.get(p, (0, 0))[1],
            derdejaars.get(p, Vraag(0, 0)),
        )
        for p in domain.PROFIEL_CODES
        if p in plaatsen or derdejaars.get(p, Vraag(0, 0)) != Vraag(0, 0)
    ]


def _punten(
    db: AppDatabase, vestigingen: Iterable[tuple[float, float]], vandaag: date
) -> list[tuple[float, float, str]]:
    """(lat, lon, profiel) of the current places in the box around all the vestigingen."""
    kaders = [kader(lat, lon, MAX_STRAAL_KM) for lat, lon in vestigingen]
    if not kaders:
        return []
    q = (
        select(StagePlaats.lat, StagePlaats.lon, StagePlaatsProfiel.profiel)
        .join(StagePlaatsProfiel, StagePlaatsProfiel.plaats_id == StagePlaats.id)
        .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
        .where(
            StagePlaats.lat.between(min(k[0] for k in kaders), max(k[1] for k in kaders)),
            StagePlaats.lon.between(min(k[2] for k in kaders), max(k[3] for k in kaders)),
            actueel(vandaag),
        )
    )
    with db.transactie() as session:
        return [(float(a), float(b), str(p)) for a, b, p in session.execute(q)]


def zonder_plaats(db: AppDatabase, snapshot: Snapshot, regio: str, vandaag: date) -> list[Gat]:
    """The region's vestigingen and technical profielen with no place within 20 km."""
    eigen = [
        v
        for v in snapshot.vestigingen
        if v.regio == regio and v.lat is not None and v.lon is not None
    ]
    ligging = [(v.lat, v.lon) for v in eigen if v.lat is not None and v.lon is not None]
    punten = _punten(db, ligging, vandaag)
    gaten: list[Gat] = []
    for v in sorted(eigen, key=lambda v: v.code):
        assert v.lat is not None and v.lon is not None
        for p in v.techniek:
            if not any(
                q == p and haversine_km(v.lat, v.lon, a, b) <= MAX_STRAAL_KM + SPLING_KM
                for a, b, q in punten
            ):
                gaten.append(Gat(v.code, v.naam, p))
    return gaten


@dataclass(frozen=True)
class Overzicht:
    """One region's supply against demand and its gaps on one day: what "Mijn regio" and the
    regioportret show, read once so both tell the same story."""

    regio: str
    vandaag: date
    rijen: tuple[AanbodRij, ...]
    gaten: tuple[Gat, ...]
    totaal: int  # every current place of the region, each counted once (not per profiel)


def totaal(db: AppDatabase, regio: str, vandaag: date) -> int:
    """The number of students the region's current places take, each place counted once."""
    q = (
        select(func.coalesce(func.sum(StagePlaats.aantal), 0))
        .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
        .where(StagePlaats.regio == regio, actueel(vandaag))
    )
    with db.transactie() as session:
        return int(session.execute(q).scalar_one())


def overzicht(db: AppDatabase, snapshot: Snapshot, regio: str, vandaag: date) -> Overzicht:
    """:func:`aanbod_en_vraag` and :func:`zonder_plaats` of ``regio`` together."""
    return Overzicht(
        regio,
        vandaag,
        tuple(aanbod_en_vraag(db, snapshot, regio, vandaag)),
        tuple(zonder_plaats(db, snapshot, regio, vandaag)),
        totaal(db, regio, vandaag),
    )
