"""A region's technical offer as the planner sees it: offers, students, distances.

One school year, one STO-regio. An *offer* (``aanbod``) is a vestiging offering a technical
profiel in a beroepsgerichte leerweg, with its derdejaars (the monitor's definition:
``Inputs.aanbod``, so at least one student; a DUO ``<5`` cell counts as its midpoint 2.5).
Offers of vestigingen outside the region are kept too: students may travel to them, but the
planner never changes them.

*Demand* (``vraag``) is where the region's students are, per leerweg:

- ``leerling-pc4``: for a school year with home postcodes (``leerling_pc4``), the home PC4 of
  every derdejaars of the region's vestigingen, weighted by their number;
- ``leerling-vestiging``: otherwise the region's vestigingen themselves, weighted by their
  derdejaars in that leerweg (all profielen): the school stands in for home.

A demand point is *covered* for profiel P in leerweg L when an offer of P in L lies within
``BINNEN_KM`` (10 km, straight line, 10.0 itself included) of it. The score of an offering is
the share of the region's students covered, per technical profiel over the three leerwegen,
averaged over the five technical profielen (issue 6: "the share of students within 10 km
averaged over the technical profielen").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sto_monitor import db, domain
from sto_monitor.errors import NotFoundError, ParameterError, WarehouseError
from sto_monitor.indicators.afstand import AARDSTRAAL_KM
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.inputs import Inputs

BINNEN_KM = 10.0
MARGE_KM = 1e-9  # "within 10 km" includes 10.0; rounding must not push a school out
LEERWEGEN: tuple[str, ...] = domain.BEROEPSGERICHTE_LEERWEGEN
TECHNIEK: tuple[str, ...] = domain.TECHNIEK_PROFIELEN
LEERLING_PC4 = "leerling-pc4"
LEERLING_VESTIGING = "leerling-vestiging"

Sleutel = tuple[str, str, str]  # (vestiging, profiel, leerweg)


@dataclass(frozen=True)
class Locatie:
    code: str
    naam: str
    lat: float
    lon: float
    regio: str | None


@dataclass(frozen=True)
class Vraagpunt:
    """Students of one leerweg at one place (a home PC4 or a vestiging)."""

    plek: str  # PC4 or vestiging code
    leerweg: str
    lat: float
    lon: float
    gewicht: float  # number of students (midpoints of <5 cells)


@dataclass(frozen=True)
class Regiomodel:
    regio: str
    naam: str
    schooljaar: int
    methode: str  # LEERLING_PC4 or LEERLING_VESTIGING
    locaties: Mapping[str, Locatie]  # every vestiging with an offer, in or outside the region
    eigen: tuple[str, ...]  # the region's vestigingen with derdejaars in bb/kb/gl, sorted
    aanbod: Mapping[Sleutel, float]  # offers of the region: derdejaars (midpoint)
    buiten: frozenset[Sleutel]  # offers of vestigingen outside the region (fixed)
    vraag: tuple[Vraagpunt, ...]
    leerwegen: Mapping[str, frozenset[str]] = field(default_factory=dict)  # vestiging -> leerwegen

    def afstand_km(self, a: str, b: str) -> float:
        """Straight-line distance between two vestigingen."""
        la, lb = self.locaties[a], self.locaties[b]
        return float(_haversine(la.lat, la.lon, np.array([lb.lat]), np.array([lb.lon]))[0])

    def vraag_per_leerweg(self) -> dict[str, float]:
        totaal = dict.fromkeys(LEERWEGEN, 0.0)
        for v in self.vraag:
            totaal[v.leerweg] += v.gewicht
        return totaal


def _haversine(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle km from one point to many (the same formula as indicators.afstand)."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lons - lon) / 2) ** 2
    )
    return np.asarray(2 * AARDSTRAAL_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def afstanden(model: Regiomodel, vestigingen: Sequence[str]) -> np.ndarray:
    """Matrix [demand point, vestiging] of km, for the given vestigingen (columns in order)."""
    if not vestigingen or not model.vraag:
        return np.zeros((len(model.vraag), len(vestigingen)))
    lats = np.array([model.locaties[c].lat for c in vestigingen])
    lons = np.array([model.locaties[c].lon for c in vestigingen])
    return np.vstack([_haversine(v.lat, v.lon, lats, lons) for v in model.vraag])


@dataclass(frozen=True)
class Bereik:
    """Coverage of one technical profiel x leerweg by a set of offers."""

    profiel: str
    leerweg: str
    vraag: float  # students of this leerweg in the region
    binnen: float  # of which an offer of P in L lies within 10 km
    gemiddelde_km: float | None  # mean distance to the nearest offer (None: no offer anywhere)

    @property
    def aandeel(self) -> float | None:
        return 100.0 * self.binnen / self.vraag if self.vraag > 0 else None


def bereik(
    model: Regiomodel, aanbieders: Iterable[Sleutel], *, km: float = BINNEN_KM
) -> list[Bereik]:
    """Per technical profiel x leerweg: the region's students within ``km`` of an offer.

    ``aanbieders`` are the region's offers in the offering evaluated; the offers outside the
    region (``model.buiten``) always count as well.
    """
    per: dict[tuple[str, str], set[str]] = {}
    for vestiging, profiel, leerweg in (*aanbieders, *model.buiten):
        per.setdefault((profiel, leerweg), set()).add(vestiging)
    uitkomst = []
    for profiel in TECHNIEK:
        for leerweg in LEERWEGEN:
            punten = [i for i, v in enumerate(model.vraag) if v.leerweg == leerweg]
            gewichten = np.array([model.vraag[i].gewicht for i in punten])
            codes = sorted(per.get((profiel, leerweg), ()))
            totaal = float(gewichten.sum()) if punten else 0.0
            if not codes or not punten:
                uitkomst.append(Bereik(profiel, leerweg, totaal, 0.0, None))
                continue
            lats = np.array([model.locaties[c].lat for c in codes])
            lons = np.array([model.locaties[c].lon for c in codes])
            dichtst = np.array(
                [
                    _haversine(model.vraag[i].lat, model.vraag[i].lon, lats, lons).min()
                    for i in punten
                ]
            )
            binnen = float(gewichten[dichtst <= km + MARGE_KM].sum())
            gemiddeld = float((dichtst * gewichten).sum() / totaal) if totaal > 0 else None
            uitkomst.append(Bereik(profiel, leerweg, totaal, binnen, gemiddeld))
    return uitkomst


def score(bereiken: Sequence[Bereik]) -> float:
    """Share (%) of students within 10 km, per technical profiel over the leerwegen, averaged."""
    per_profiel = []
    for profiel in TECHNIEK:
        rijen = [b for b in bereiken if b.profiel == profiel]
        vraag = sum(b.vraag for b in rijen)
        if vraag > 0:
            per_profiel.append(100.0 * sum(b.binnen for b in rijen) / vraag)
    return sum(per_profiel) / len(per_profiel) if per_profiel else 0.0


def lees_aanbod(tekst: str, optie: str) -> Sleutel:
    """An offer as users write it on the command line: ``VESTIGING/PROFIEL/LEERWEG``.

    ``:`` works as a separator too; the vestiging is upper case and the leerweg lower case,
    as in the warehouse. ``optie`` names the option in the error message.
    """
    delen = [d.strip() for d in re.split(r"[:/]", tekst)]
    if len(delen) != 3 or not all(delen):
        raise ParameterError(
            f"{optie} {tekst!r}: schrijf VESTIGING/PROFIEL/LEERWEG, bijvoorbeeld 00AB12/PIE/bb"
        )
    return delen[0].upper(), delen[1], delen[2].lower()


# ---------------------------------------------------------------- reading the warehouse


def laad(
    con: db.Connection, regio: str, schooljaar: int | None = None, *, techniek: str = "sto"
) -> Regiomodel:
    """The offering of ``regio`` in ``schooljaar`` (default: the newest loaded year)."""
    jaren = [int(j) for (j,) in con.execute(_JAREN).fetchall()]
    if not jaren:
        raise WarehouseError("er zijn geen leerlingengegevens geladen; lees eerst DUO-bestanden in")
    jaar = jaren[-1] if schooljaar is None else schooljaar
    if jaar not in jaren:
        geladen = ", ".join(str(j) for j in jaren)
        raise NotFoundError(f"schooljaar {jaar} is niet geladen (geladen: {geladen})")
    naam = _regionaam(con, regio, jaar)

    engine = DuckDBEngine(con)
    aanbod_expr = Inputs(engine, techniek=techniek).aanbod()
    aanbod_expr = aanbod_expr.filter(
        (aanbod_expr.schooljaar == jaar) & aanbod_expr.profiel.isin(TECHNIEK)
    )
    rijen = engine.execute(aanbod_expr).to_pylist()
    leerwegen_expr = Inputs(engine, techniek=techniek).derdejaars()
    leerwegen_expr = leerwegen_expr.filter(leerwegen_expr.schooljaar == jaar)
    leerwegen_expr = leerwegen_expr.group_by(["vestiging", "leerweg", "regio"]).aggregate(
        aantal=(leerwegen_expr.aantal_min + leerwegen_expr.aantal_max).sum() / 2
    )
    per_leerweg = engine.execute(leerwegen_expr).to_pylist()

    eigen = sorted({r["vestiging"] for r in per_leerweg if r["regio"] == regio})
    codes = sorted(eigen + [r["vestiging"] for r in rijen if r["regio"] != regio])
    ligging = _ligging(con, codes)
    zonder = [c for c in eigen if c not in ligging]
    if zonder:
        raise WarehouseError(
            f"regio {regio}: {len(zonder)} vestiging(en) zonder ligging: {', '.join(zonder)}; "
            "lees hun adressen of coördinaten in (vestigingen_geo, DUO-adressen) en probeer "
            "het opnieuw"
        )
    locaties = {
        c: Locatie(c, ligging[c][0], ligging[c][1], ligging[c][2], regio if c in eigen else None)
        for c in codes
        if c in ligging  # offers outside the region without a location cannot be reached
    }
    aanbod = {
        (r["vestiging"], r["profiel"], r["leerweg"]): (r["aantal_min"] + r["aantal_max"]) / 2
        for r in rijen
        if r["regio"] == regio
    }
    buiten = frozenset(
        (r["vestiging"], r["profiel"], r["leerweg"])
        for r in rijen
        if r["regio"] != regio and r["vestiging"] in locaties
    )
    leerwegen: dict[str, set[str]] = {}
    for r in per_leerweg:
        if r["regio"] == regio:
            leerwegen.setdefault(r["vestiging"], set()).add(r["leerweg"])
    vraag, methode = _vraag(con, jaar, regio, per_leerweg, locaties)
    return Regiomodel(
        regio=regio,
        naam=naam,
        schooljaar=jaar,
        methode=methode,
        locaties=locaties,
        eigen=tuple(eigen),
        aanbod=dict(sorted(aanbod.items())),
        buiten=buiten,
        vraag=tuple(vraag),
        leerwegen={k: frozenset(v) for k, v in sorted(leerwegen.items())},
    )


_JAREN = "SELECT DISTINCT schooljaar FROM leerlingen ORDER BY schooljaar"


def _regionaam(con: db.Connection, regio: str, jaar: int) -> str:
    row = con.execute(
        "SELECT any_value(r.naam) FROM regio_schooljaar rs "
        "JOIN regio r ON r.periode = rs.periode AND r.regio = rs.regio "
        "WHERE rs.regio = ? AND rs.schooljaar = ?",
        [regio, jaar],
    ).fetchone()
    if row is None or row[0] is None:
        bekend = [
            r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
        ]
        voorbeeld = ", ".join(bekend[:5]) + (", …" if len(bekend) > 5 else "")
        raise NotFoundError(
            f"onbekende regio {regio!r} in schooljaar {jaar}"
            + (f" (bekend: {voorbeeld}; alle: sto indicator techniekaandeel)" if bekend else "")
        )
    return str(row[0])


def _ligging(con: db.Connection, codes: Sequence[str]) -> dict[str, tuple[str, float, float]]:
    if not codes:
        return {}
    rows = con.execute(
        "SELECT vestiging, coalesce(naam, vestiging), lat, lon FROM vestiging "
        "WHERE vestiging IN (SELECT unnest(?)) AND lat IS NOT NULL AND lon IS NOT NULL",
        [list(codes)],
    ).fetchall()
    return {r[0]: (str(r[1]), float(r[2]), float(r[3])) for r in rows}


def _vraag(
    con: db.Connection,
    jaar: int,
    regio: str,
    per_leerweg: Sequence[Mapping[str, object]],
    locaties: Mapping[str, Locatie],
) -> tuple[list[Vraagpunt], str]:
    """Demand points of the region: home PC4s when loaded for the year, else its vestigingen."""
    eigen = sorted({str(r["vestiging"]) for r in per_leerweg if r["regio"] == regio})
    rows = con.execute(
        """
        SELECT l.pc4, l.leerweg, avg(p.lat), avg(p.lon),
               sum(l.aantal_min + l.aantal_max) / 2
        FROM leerling_pc4 l JOIN pc4 p USING (pc4)
        WHERE l.schooljaar = ? AND l.vestiging IN (SELECT unnest(?))
          AND l.leerweg IN ('bb', 'kb', 'gl')
        GROUP BY l.pc4, l.leerweg ORDER BY l.leerweg, l.pc4
        """,
        [jaar, eigen],
    ).fetchall()
    if rows:
        return [Vraagpunt(r[0], r[1], float(r[2]), float(r[3]), float(r[4])) for r in rows], (
            LEERLING_PC4
        )
    punten = [
        Vraagpunt(
            str(r["vestiging"]),
            str(r["leerweg"]),
            locaties[str(r["vestiging"])].lat,
            locaties[str(r["vestiging"])].lon,
            float(r["aantal"]),  # type: ignore[arg-type]
        )
        for r in sorted(per_leerweg, key=lambda r: (str(r["leerweg"]), str(r["vestiging"])))
        if r["regio"] == regio and r["leerweg"] in LEERWEGEN
    ]
    return punten, LEERLING_VESTIGING
