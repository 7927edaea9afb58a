"""Today's figures beside a scenario's (and up to three side by side), in the reader's words.

Every number is one that ``planner.scenario.evalueer`` gives and ``sto scenario toon`` prints:
the score (students with the profiel within 10 km, averaged over the technical profielen), per
profiel and leerweg the share within 10 km, the mean distance and the offering vestigingen,
the expected groups and how many are kwetsbaar, students lost or sent outside the region, and
indicators 8, 11 and 12. Counts of students follow the monitor's rule: 1 to 4 is ``<5``
(``planner/uitvoer.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sto_monitor.planner.model import LEERWEGEN, TECHNIEK, Regiomodel
from sto_monitor.planner.scenario import (
    KLEINE_REGIO_GROEP,
    KWETSBAAR_TOT,
    Uitkomst,
    Verhuizing,
    Wijziging,
)
from sto_monitor.planner.uitvoer import aantal
from sto_monitor.publicatie.gegevens import getal_nl

GEEN = "\u2013"  # en dash: no value (no offer anywhere, no demand)


@dataclass(frozen=True)
class Kolom:
    titel: str
    uitkomst: Uitkomst
    soort: str  # "vandaag", "bouw" (the scenario being built) or "bewaard"
    uitleg: str = ""  # e.g. "gedeeld met het landelijk team"


@dataclass(frozen=True)
class Rij:
    label: str
    waarden: tuple[str, ...]
    anders: tuple[bool, ...]  # differs from today's


def procent(x: float | None) -> str:
    return GEEN if x is None else f"{getal_nl(x)} %"


def km(x: float | None) -> str:
    return GEEN if x is None else f"{getal_nl(x)} km"


def leerlingen(x: float | None) -> str:
    """A count of students as shown: whole, ``<5`` for 1 to 4."""
    waarde = aantal(x)
    if waarde is None:
        return GEEN
    return waarde if isinstance(waarde, str) else f"{waarde:,}".replace(",", ".")


def _rij(label: str, waarden: Sequence[str]) -> Rij:
    return Rij(label, tuple(waarden), tuple(w != waarden[0] for w in waarden))


def samenvatting(kolommen: Sequence[Kolom], profiel: str, leerweg: str) -> list[Rij]:
    """The key figures, one row each, a column per offering."""
    u = [k.uitkomst for k in kolommen]

    def bereik(x: Uitkomst) -> tuple[str, str]:
        b = next(b for b in x.bereik if (b.profiel, b.leerweg) == (profiel, leerweg))
        return procent(b.aandeel), km(b.gemiddelde_km)

    rijen = [
        _rij(
            "Bereik: leerlingen met het technische profiel binnen 10 km (gemiddeld over de "
            "technische profielen)",
            [procent(x.score) for x in u],
        ),
        _rij(f"{profiel} in {leerweg}: leerlingen binnen 10 km", [bereik(x)[0] for x in u]),
        _rij(
            f"{profiel} in {leerweg}: gemiddelde afstand tot het dichtstbijzijnde aanbod",
            [bereik(x)[1] for x in u],
        ),
        _rij("Technische aanbiedingen in de regio", [str(len(x.groepen)) for x in u]),
        _rij(
            f"Kwetsbare groepen ({KWETSBAAR_TOT} leerlingen of minder)",
            [str(x.kwetsbaar) for x in u],
        ),
        _rij("Leerlingen die hun profiel verliezen", [leerlingen(x.verloren) for x in u]),
        _rij("Leerlingen naar een school buiten de regio", [leerlingen(x.naar_buiten) for x in u]),
    ]
    for lw in LEERWEGEN:
        rijen.append(
            _rij(
                f"Technische profielen in {lw} (indicatoren 11 en 12)",
                [
                    f"{len(x.profielen_per_leerweg[lw])}"
                    + (
                        f": {', '.join(x.profielen_per_leerweg[lw])}"
                        if x.profielen_per_leerweg[lw]
                        else ""
                    )
                    for x in u
                ],
            )
        )
    rijen.append(
        _rij(
            f"Profielen en leerwegen met gemiddeld minder dan {KLEINE_REGIO_GROEP} leerlingen "
            "per vestiging (indicator 8)",
            [str(sum(1 for r in x.regio_aanbod if r.onder_11)) for x in u],
        )
    )
    return rijen


def per_profiel(kolommen: Sequence[Kolom]) -> list[dict[str, object]]:
    """Per technical profiel x leerweg: share within 10 km, mean distance and vestigingen."""
    rijen: list[dict[str, object]] = []
    for profiel in TECHNIEK:
        for leerweg in LEERWEGEN:
            cellen = []
            for k in kolommen:
                b = next(
                    b for b in k.uitkomst.bereik if (b.profiel, b.leerweg) == (profiel, leerweg)
                )
                r = next(
                    r
                    for r in k.uitkomst.regio_aanbod
                    if (r.profiel, r.leerweg) == (profiel, leerweg)
                )
                cellen.append((procent(b.aandeel), km(b.gemiddelde_km), str(r.vestigingen)))
            rijen.append(
                {
                    "profiel": profiel,
                    "leerweg": leerweg,
                    "cellen": cellen,
                    "anders": [c != cellen[0] for c in cellen],
                }
            )
    return rijen


def verhuizing_tekst(model: Regiomodel, v: Verhuizing) -> str:
    """Where the students of a closed or merged offer go, in one sentence."""
    vestiging, profiel, leerweg = v.van
    van = f"{profiel} {leerweg} bij {naam(model, vestiging)}"
    groep = leerlingen(v.leerlingen)
    if v.naar is None:
        return (
            f"De {groep} leerlingen van {van} hebben geen {profiel} {leerweg} meer binnen "
            "bereik: ze verliezen hun profiel."
        )
    waar = naam(model, v.naar) + (" (buiten de regio)" if v.buiten_regio else "")
    afstand = f", {km(v.km)}" if v.km is not None else ""
    return f"De {groep} leerlingen van {van} gaan naar {waar}{afstand}."


def naam(model: Regiomodel, code: str) -> str:
    plek = model.locaties.get(code)
    return f"{plek.naam} ({code})" if plek is not None and plek.naam != code else code


def wijziging_tekst(model: Regiomodel, w: Wijziging) -> str:
    """A change in words, with the vestigingen by name."""
    aanbod = f"{w.profiel} {w.leerweg}"
    if w.soort == "sluit":
        return f"Sluit {aanbod} bij {naam(model, w.vestiging)}"
    if w.soort == "open":
        verwacht = f" (verwacht {leerlingen(w.leerlingen)} leerlingen)" if w.leerlingen else ""
        return f"Open {aanbod} bij {naam(model, w.vestiging)}{verwacht}"
    return f"Voeg {aanbod} van {naam(model, w.vestiging)} samen met {naam(model, w.naar or '')}"
