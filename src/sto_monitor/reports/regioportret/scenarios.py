"""Regioportret, the last section: the planner's stored scenarios of the region.

The report itself is built in ``__init__.py``; a region without stored scenarios has no such
section.
"""

from __future__ import annotations

from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.onderdelen import Sectie, Tabel, kop

# ---------------------------------------------------------------- 10. scenarios


def scenarios(snap: Snapshot, regio: Regio) -> Sectie | None:
    """The planner's stored scenarios of the region; no section when it has none."""
    eigen = [s for s in snap.scenarios if s.regio == regio.code]
    titel = "Scenario's voor het aanbod"
    if not eigen:
        return None
    rijen = [
        {
            "naam": s.naam,
            "jaar": schooljaar(s.schooljaar),
            "wijzigingen": "; ".join(s.wijzigingen),
            "score_vandaag": s.score_vandaag,
            "score": s.score,
            "kwetsbaar_vandaag": s.kwetsbaar_vandaag,
            "kwetsbaar": s.kwetsbaar,
            "verloren": s.verloren if s.fout is None else s.fout,
        }
        for s in eigen
    ]
    return Sectie(
        "scenarios",
        titel,
        tekst=[
            "De scenario's die voor de regio zijn bewaard, doorgerekend op de geladen gegevens. "
            "Score: het aandeel leerlingen dat een technisch profiel binnen 10 km kan volgen, "
            "gemiddeld over de vijf technische profielen."
        ],
        onderdelen=[
            Tabel(
                "Scenario's naast het aanbod van vandaag",
                (
                    ("naam", "Scenario"),
                    kop("techniekaandeel", "schooljaar", sleutel="jaar"),
                    ("wijzigingen", "Wijzigingen"),
                    ("score_vandaag", "Score vandaag (%)"),
                    ("score", "Score scenario (%)"),
                    ("kwetsbaar_vandaag", "Kwetsbare groepen vandaag"),
                    ("kwetsbaar", "Kwetsbare groepen scenario"),
                    ("verloren", "Verloren leerlingen"),
                ),
                rijen,
            )
        ],
    )
