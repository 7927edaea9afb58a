"""The planner's stored scenarios as the outputs show them: one summary per scenario.

Read once per snapshot (``gegevens.laad``) from the warehouse's copy of the scenarios (people
write them in the application database; ``sto build`` copies them): each is applied to its
region's offering and compared with today's. Shown are shares (bereik) and numbers of groups;
the one count of students, the lost ones, follows the monitor's rule (``<5``). A scenario that
no longer applies to the data (a file was replaced since it was made) is shown with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from sto_monitor import db
from sto_monitor.errors import StoError
from sto_monitor.planner import model as planmodel
from sto_monitor.planner import opslag
from sto_monitor.planner.scenario import evalueer, pas_toe, vandaag
from sto_monitor.planner.uitvoer import aantal


@dataclass(frozen=True)
class ScenarioSamenvatting:
    naam: str
    regio: str
    schooljaar: int
    omschrijving: str
    wijzigingen: tuple[str, ...]  # in words, in order
    score_vandaag: float | None
    score: float | None
    kwetsbaar_vandaag: int | None
    kwetsbaar: int | None
    verloren: int | str | None  # students; "<5" below 5
    fout: str | None = None  # why it could not be computed


def laad(con: db.Connection) -> tuple[ScenarioSamenvatting, ...]:
    """Every stored scenario, evaluated (regions' models are read once each)."""
    try:
        scenarios = opslag.uit_warehouse(con)
    except duckdb.CatalogException:  # a warehouse from before the planner: no scenarios
        return ()
    modellen: dict[tuple[str, int], planmodel.Regiomodel | StoError] = {}
    uitkomst = []
    for s in scenarios:
        teksten = tuple(w.tekst() for w in s.wijzigingen)
        sleutel = (s.regio, s.schooljaar)
        if sleutel not in modellen:
            try:
                modellen[sleutel] = planmodel.laad(con, s.regio, s.schooljaar)
            except StoError as exc:
                modellen[sleutel] = exc
        model = modellen[sleutel]
        try:
            if isinstance(model, StoError):
                raise model
            basis, na = vandaag(model), evalueer(model, pas_toe(model, s))
        except StoError as exc:
            uitkomst.append(
                ScenarioSamenvatting(
                    s.naam,
                    s.regio,
                    s.schooljaar,
                    s.omschrijving,
                    teksten,
                    None,
                    None,
                    None,
                    None,
                    None,
                    fout=str(exc),
                )
            )
            continue
        uitkomst.append(
            ScenarioSamenvatting(
                s.naam,
                s.regio,
                s.schooljaar,
                s.omschrijving,
                teksten,
                round(basis.score, 1),
                round(na.score, 1),
                basis.kwetsbaar,
                na.kwetsbaar,
                aantal(na.verloren),
            )
        )
    return tuple(uitkomst)
