"""The optimiser's problem: candidate offers, where their students may go, coverage patterns.

Built once per run from a :class:`~sto_monitor.planner.model.Regiomodel` and shared by the
MILP (``milp``), the greedy fallback (``greedy``) and the report
(``optimaliseer``). Candidates are numbered in sorted key order; everything else refers to
them by that number.

- ``buren[i]``: the candidates of the same profiel and leerweg whose vestiging lies within
  ``max_km`` of candidate ``i``'s (``i`` itself first), nearest first: where ``i``'s students
  may go when ``i`` closes.
- ``dekking[(profiel, leerweg)]``: the leerweg's demand points grouped by the set of
  candidates within 10 km (a *pattern*), with the weight already covered by fixed offers
  outside the region. The score of any set of open candidates is computed from these
  patterns and equals ``model.score(model.bereik(...))`` of the same offering.

Where the students of closed offers go is ``stroom``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner.model import (
    BINNEN_KM,
    LEERWEGEN,
    MARGE_KM,
    TECHNIEK,
    Regiomodel,
    Sleutel,
    afstanden,
)

Groep = tuple[str, str]  # (profiel, leerweg)
EPS = 1e-9


@dataclass(frozen=True)
class Dekking:
    """The demand of one profiel x leerweg, by which candidates lie within 10 km of it."""

    vraag: float  # every student of the leerweg in the region
    vast: float  # of which an offer outside the region covers anyway
    patronen: tuple[tuple[tuple[int, ...], float], ...]  # (candidates within 10 km, weight)

    def binnen(self, open_: Collection[int]) -> float:
        return self.vast + sum(w for ks, w in self.patronen if any(k in open_ for k in ks))


@dataclass(frozen=True)
class Probleem:
    model: Regiomodel
    min_groep: float
    max_km: float
    max_per_profiel: int | None
    sleutels: tuple[Sleutel, ...]  # candidates, sorted
    leerlingen: tuple[float, ...]  # current derdejaars per candidate (0 for a new offer)
    nieuw: tuple[bool, ...]
    open_pins: frozenset[int]
    dicht_pins: frozenset[int]
    groepen: Mapping[Groep, tuple[int, ...]]  # candidates per profiel x leerweg
    buren: tuple[tuple[tuple[int, float], ...], ...]  # (candidate, km), itself first
    dekking: Mapping[Groep, Dekking]
    noemer: float  # students x profielen with demand; 0 when the region has no demand
    gemiddelde_km: tuple[float, ...]  # mean km from the leerweg's students to the candidate

    def groep(self, i: int) -> Groep:
        return self.sleutels[i][1], self.sleutels[i][2]

    @property
    def huidig(self) -> frozenset[int]:
        return frozenset(i for i, n in enumerate(self.nieuw) if not n)

    def score(self, open_: Collection[int]) -> float:
        """The model's score (%) of the offering made of the open candidates."""
        if self.noemer <= 0:
            return 0.0
        return 100.0 * sum(d.binnen(open_) for d in self.dekking.values()) / self.noemer

    def coefficient(self, gewicht: float) -> float:
        """Score points (%) that ``gewicht`` covered students of one profiel are worth."""
        return 100.0 * gewicht / self.noemer if self.noemer > 0 else 0.0

    def km(self, i: int, j: int) -> float:
        for k, afstand in self.buren[i]:
            if k == j:
                return afstand
        return self.model.afstand_km(self.sleutels[i][0], self.sleutels[j][0])


def maak_probleem(
    model: Regiomodel,
    *,
    min_groep: float,
    max_km: float,
    max_per_profiel: int | None,
    open_pins: Iterable[Sleutel],
    dicht_pins: Iterable[Sleutel],
    nieuw: bool,
) -> Probleem:
    """Candidates, neighbours and coverage patterns; bad options and pins raise in Dutch."""
    if min_groep < 1:
        raise ParameterError(f"--min-groep moet minstens 1 zijn, niet {min_groep:g}")
    if not max_km > 0:
        raise ParameterError(f"--max-km moet groter dan 0 zijn, niet {max_km:g}")
    if max_per_profiel is not None and max_per_profiel < 1:
        raise ParameterError(f"--max-per-profiel moet minstens 1 zijn, niet {max_per_profiel}")
    open_lijst = [_sleutel(model, s) for s in open_pins]
    dicht_lijst = [_sleutel(model, s) for s in dicht_pins]
    dubbel = sorted(set(open_lijst) & set(dicht_lijst))
    if dubbel:
        raise ParameterError(
            "zowel open als dicht vastgezet: " + ", ".join(_naam(s) for s in dubbel)
        )

    kandidaten: dict[Sleutel, float] = dict(model.aanbod)
    nieuwe: set[Sleutel] = set()
    if nieuw:
        for vestiging in model.eigen:
            for leerweg in sorted(model.leerwegen.get(vestiging, frozenset()) & set(LEERWEGEN)):
                for profiel in TECHNIEK:
                    if (vestiging, profiel, leerweg) not in kandidaten:
                        nieuwe.add((vestiging, profiel, leerweg))
    for s in open_lijst:  # pinning a new offer open makes it a candidate
        if s not in kandidaten and s not in nieuwe:
            if s[2] not in model.leerwegen.get(s[0], frozenset()):
                raise ParameterError(
                    f"vestiging {s[0]} heeft geen derdejaars in leerweg {s[2]}; "
                    f"{_naam(s)} kan daar niet open"
                )
            nieuwe.add(s)
    for s in dicht_lijst:
        if s not in kandidaten and s not in nieuwe:
            raise ParameterError(f"{_naam(s)} wordt nu niet aangeboden; er is niets te sluiten")
    kandidaten.update(dict.fromkeys(nieuwe, 0.0))
    sleutels = tuple(sorted(kandidaten))
    index = {s: i for i, s in enumerate(sleutels)}

    groepen: dict[Groep, list[int]] = {}
    for i, (_, profiel, leerweg) in enumerate(sleutels):
        groepen.setdefault((profiel, leerweg), []).append(i)
    buren = _buren(model, sleutels, groepen, max_km)
    dekking, totaal, gemiddeld = _dekking(model, sleutels, groepen)
    return Probleem(
        model=model,
        min_groep=float(min_groep),
        max_km=float(max_km),
        max_per_profiel=max_per_profiel,
        sleutels=sleutels,
        leerlingen=tuple(float(kandidaten[s]) for s in sleutels),
        nieuw=tuple(s in nieuwe for s in sleutels),
        open_pins=frozenset(index[s] for s in open_lijst),
        dicht_pins=frozenset(index[s] for s in dicht_lijst),
        groepen={g: tuple(ks) for g, ks in sorted(groepen.items())},
        buren=buren,
        dekking=dekking,
        noemer=totaal * len(TECHNIEK) if totaal > 0 else 0.0,
        gemiddelde_km=gemiddeld,
    )


def _naam(s: Sleutel) -> str:
    return f"vestiging {s[0]} profiel {s[1]} leerweg {s[2]}"


def _sleutel(model: Regiomodel, s: Sleutel) -> Sleutel:
    """A pin in canonical spelling; unknown vestiging, profiel or leerweg raise."""
    vestiging, profiel, leerweg = (str(d).strip() for d in s)
    vestiging = vestiging.upper()
    if vestiging not in model.eigen:
        if vestiging in model.locaties:
            raise ParameterError(
                f"vestiging {vestiging} ligt buiten regio {model.regio}; de planner verandert "
                "alleen het aanbod van de regio zelf"
            )
        raise NotFoundError(
            f"onbekende vestiging {vestiging!r} in regio {model.regio} "
            f"(vestigingen: {', '.join(model.eigen) or 'geen'})"
        )
    gevonden = [p for p in TECHNIEK if p.lower() == profiel.lower()]
    if not gevonden:
        raise NotFoundError(
            f"onbekend technisch profiel {profiel!r} (kies uit {', '.join(TECHNIEK)})"
        )
    if leerweg.lower() not in LEERWEGEN:
        raise NotFoundError(f"onbekende leerweg {leerweg!r} (kies uit {', '.join(LEERWEGEN)})")
    return vestiging, gevonden[0], leerweg.lower()


def _buren(
    model: Regiomodel,
    sleutels: Sequence[Sleutel],
    groepen: Mapping[Groep, Sequence[int]],
    max_km: float,
) -> tuple[tuple[tuple[int, float], ...], ...]:
    codes = sorted({s[0] for s in sleutels})
    km: dict[tuple[str, str], float] = {}
    for a_i, a in enumerate(codes):
        km[a, a] = 0.0
        for b in codes[a_i + 1 :]:
            km[a, b] = km[b, a] = model.afstand_km(a, b)
    buren: list[tuple[tuple[int, float], ...]] = [() for _ in sleutels]
    for leden in groepen.values():
        for i in leden:
            dichtbij = [
                (j, km[sleutels[i][0], sleutels[j][0]])
                for j in leden
                if km[sleutels[i][0], sleutels[j][0]] <= max_km + MARGE_KM
            ]
            dichtbij.sort(key=lambda jk: (jk[0] != i, jk[1], sleutels[jk[0]]))
            buren[i] = tuple(dichtbij)
    return tuple(buren)


def _dekking(
    model: Regiomodel, sleutels: Sequence[Sleutel], groepen: Mapping[Groep, Sequence[int]]
) -> tuple[dict[Groep, Dekking], float, tuple[float, ...]]:
    """Coverage patterns per profiel x leerweg, total demand, mean km to each candidate."""
    binnen = BINNEN_KM + MARGE_KM
    eigen = sorted({s[0] for s in sleutels})
    vreemd = sorted({s[0] for s in model.buiten})
    km_eigen = afstanden(model, eigen)
    km_vreemd = afstanden(model, vreemd)
    kolom_eigen = {c: k for k, c in enumerate(eigen)}
    kolom_vreemd = {c: k for k, c in enumerate(vreemd)}
    buiten: dict[Groep, list[int]] = {}
    for vestiging, profiel, leerweg in model.buiten:
        buiten.setdefault((profiel, leerweg), []).append(kolom_vreemd[vestiging])
    gewicht = np.array([v.gewicht for v in model.vraag])
    dekking: dict[Groep, Dekking] = {}
    gemiddeld = [0.0] * len(sleutels)
    for leerweg in LEERWEGEN:
        punten = np.array([i for i, v in enumerate(model.vraag) if v.leerweg == leerweg], int)
        vraag = float(gewicht[punten].sum()) if len(punten) else 0.0
        if vraag > 0:
            for j, s in enumerate(sleutels):
                if s[2] == leerweg:
                    kolom = km_eigen[punten, kolom_eigen[s[0]]]
                    gemiddeld[j] = float((kolom * gewicht[punten]).sum() / vraag)
        for profiel in TECHNIEK:
            kolommen = np.array(buiten.get((profiel, leerweg), []), dtype=int)
            gedekt: np.ndarray = (
                (km_vreemd[np.ix_(punten, kolommen)] <= binnen).any(axis=1)
                if len(punten) and len(kolommen)
                else np.zeros(len(punten), bool)
            )
            leden = groepen.get((profiel, leerweg), ())
            patronen: dict[tuple[int, ...], float] = {}
            for rij, d in enumerate(punten):
                if gedekt[rij]:
                    continue
                ks = tuple(j for j in leden if km_eigen[d, kolom_eigen[sleutels[j][0]]] <= binnen)
                if ks:
                    patronen[ks] = patronen.get(ks, 0.0) + float(gewicht[d])
            vast = float(gewicht[punten[gedekt]].sum()) if len(punten) else 0.0
            dekking[profiel, leerweg] = Dekking(vraag, vast, tuple(sorted(patronen.items())))
    return dekking, float(gewicht.sum()) if len(gewicht) else 0.0, tuple(gemiddeld)
