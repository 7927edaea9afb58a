"""The regioportret: one STO-regio's in-, door- and uitstroom figures, for its plans.

Every number is a published cell (``publicatie``), so the portrait shows exactly what the
dashboard and the API show, ``<5`` included. Sections follow what the commission asks of a
region: who its technical students are (per profiel and leerweg, every loaded year), how its
techniekaandeel compares, whether it grows, where its offer is and how viable, how near, and
exams and doorstroom where loaded, the internship places of the stagebank against its
derdejaars, the survey (national figures, and the region's own answers only in a portrait
made for the region), and the planner's stored scenarios.

The report and the toelichtingen are here; sections 1-3 in ``leerlingen.py``, 4-8 in
``aanbod.py``, the internship places in ``stages.py`` (only when the application database is
there), the scenarios in ``scenarios.py``, the survey in ``reports/enquete.py``. The region's
published toelichtingen (``toelichting/``) stand under the section they are about, signed with
the author's role and date; those about a figure the portrait does not show close it in a
section of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sto_monitor.appdb.tabellen import Toelichting
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.publicatie.regio import regioportret
from sto_monitor.reports import enquete
from sto_monitor.reports.bronnen import rapport_bronnen
from sto_monitor.reports.onderdelen import Rapport, Sectie, nummer
from sto_monitor.reports.regioportret import aanbod, leerlingen, scenarios
from sto_monitor.reports.regioportret.stages import stageplaatsen
from sto_monitor.stagebank.regio import Overzicht
from sto_monitor.toelichting import onderwerpen, opslag, verversen
from sto_monitor.toelichting.opmaak import Weergave
from sto_monitor.toelichting.opmaak import weergave as toelichting_weergave

INDICATOREN: tuple[str, ...] = (  # what a regioportret reads, for its list of sources
    "techniekaandeel",
    "techniekleerlingen_per_regio",
    "kwetsbare_groepen",
    "groeiclusters",
    "bl_kl_clusters",
    "reeksbreuken",
    "bereikbaarheid",
    "examens_per_profiel",
    "doorstroom",
)


def maak(
    snap: Snapshot,
    regio: Regio,
    *,
    datum: dt.date,
    waarschuwing: str | None,
    eigen_antwoorden: bool = False,
    toelichtingen: Sequence[Toelichting] | None = None,
    stages: Overzicht | None = None,
) -> Rapport:
    """The regioportret of ``regio`` for the newest loaded school year.

    ``eigen_antwoorden``: include the region's own survey answers (an individual response;
    only for a portrait made for the region itself, never on a public page).
    ``toelichtingen``: the region's published toelichtingen; by default those in the
    application database of the snapshot's warehouse.
    ``stages``: the region's internship places against its derdejaars; by default read from
    that application database too (no section without one: ``stages.py``).
    """
    basis = regioportret(snap, regio, papier=True)
    secties = [
        leerlingen.kerncijfers(snap, regio, basis),
        leerlingen.profielen(snap, regio),
        leerlingen.groei(snap, regio, basis),
        aanbod.vestigingen(snap, regio, basis),
        aanbod.kwetsbaar(snap, regio, basis),
        aanbod.bereikbaarheid(snap, regio),
        aanbod.examens(snap, regio),
        aanbod.doorstroom(snap),
        stageplaatsen(snap, regio, datum, stages),
        enquete.regioportret_sectie(snap, regio, eigen_antwoorden=eigen_antwoorden),
        scenarios.scenarios(snap, regio),
    ]
    if toelichtingen is None:
        toelichtingen = opslag.gepubliceerd_bij(snap.pad, regio.code)
        verversen.onthoud(snap)  # a cached portrait is dropped when they change
    aanwezig = _met_toelichtingen(snap, regio, [s for s in secties if s is not None], toelichtingen)
    return Rapport(
        soort="regioportret",
        titel=f"Regioportret {regio.naam}",
        ondertitel="Leerlingen, aanbod en bereikbaarheid van het technisch vmbo in de regio",
        datum=datum,
        schooljaar=snap.laatste_jaar,
        jaren=snap.jaren,
        secties=nummer(aanwezig),
        bronnen=rapport_bronnen(snap, INDICATOREN),
        methode_versie=METHODE_VERSIE,
        techniek=snap.techniek,
        waarschuwing=waarschuwing,
        metadata={"regio": regio.code},
        synthetisch=snap.synthetisch,
        voorblad=[
            ("Regio", f"{regio.naam} (STO-regio {regio.code})"),
            ("Regio-indeling", f"indeling van de STO-periode {regio.periode}"),
        ],
    )


# ---------------------------------------------------------------- toelichtingen


@dataclass(frozen=True)
class SectieMetToelichting(Sectie):
    """A section with the region's published toelichtingen under its figures."""

    toelichtingen: Sequence[Weergave] = ()


def _met_toelichtingen(
    snap: Snapshot, regio: Regio, secties: list[Sectie], toelichtingen: Sequence[Toelichting]
) -> list[Sectie]:
    """Each published toelichting under the section it is about; the rest in a last section."""
    if not toelichtingen:
        return secties
    namen = {v.code: v.naam for v in snap.vestigingen if v.regio == regio.code}
    per_sectie: dict[str, list[Weergave]] = {}
    for t in toelichtingen:
        if t.regio == regio.code and t.status == opslag.GEPUBLICEERD:
            per_sectie.setdefault(onderwerpen.sectie_van(t.onderwerp) or "", []).append(
                toelichting_weergave(t, namen)
            )
    uit: list[Sectie] = []
    for s in secties:
        eigen = per_sectie.pop(s.id, [])
        uit.append(
            SectieMetToelichting(
                **{f.name: getattr(s, f.name) for f in fields(s)}, toelichtingen=eigen
            )
            if eigen
            else s
        )
    overig = [w for lijst in per_sectie.values() for w in lijst]
    if overig:
        uit.append(
            SectieMetToelichting(
                "toelichtingen",
                "Toelichtingen van de regio",
                tekst=["Wat de regio (of een school) zelf vertelt over andere cijfers."],
                toelichtingen=overig,
            )
        )
    return uit
