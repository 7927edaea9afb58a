"""Provenance in a report: which loaded files its figures come from, and what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from sto_monitor.ingest.registry import FORMATS
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.reports.onderdelen import Bronbestand

# The loaded formats as a reader calls them (their Dutch titles, not their codes).
SOORTEN: dict[str, str] = {f.name: f.title for f in FORMATS}


def _soort(formaat: object, doel: str) -> str:
    """The kind of a loaded file in words: its format's title, else the source's name."""
    if formaat is not None and str(formaat) in SOORTEN:
        return SOORTEN[str(formaat)]
    return bron_naam(doel)


def ontbreekt_tekst(snap: Snapshot, naam: str) -> str | None:
    """Why ``naam`` cannot be shown, in Dutch, or None when it is available."""
    gepubliceerd = snap.indicatoren.get(naam)
    if gepubliceerd is None:
        return "Deze cijfers maakt deze versie van de STO Monitor niet."
    if gepubliceerd.beschikbaar:
        return None
    bronnen = ", ".join(dict.fromkeys(bron_naam(t) for t in gepubliceerd.ontbreekt))
    return f"De bron van deze cijfers is nog niet ingelezen: {bronnen}."


def rapport_bronnen(snap: Snapshot, namen: Iterable[str]) -> list[Bronbestand]:
    """Every loaded file the given indicators read, once, by kind, school year and name.

    Only the file name is shown (a local path says nothing to a reader and would make the
    report differ between machines); the SHA-256 identifies the exact file.
    """
    details = {b["bron_id"]: b for b in snap.bronnen}
    gezien: dict[str, Bronbestand] = {}
    for naam in namen:
        gepubliceerd = snap.indicatoren.get(naam)
        if gepubliceerd is None:
            continue
        for bron in gepubliceerd.herkomst.bronnen:
            detail = details.get(bron.bron_id, {})
            gezien.setdefault(
                bron.sha256,
                Bronbestand(
                    bestand=PurePath(bron.bestand).name,
                    formaat=_soort(detail.get("formaat"), bron.doel),
                    schooljaar=bron.schooljaar,
                    rijen=detail.get("rijen_geladen"),
                    sha256=bron.sha256,
                ),
            )
    return sorted(
        gezien.values(), key=lambda b: (b.formaat, b.schooljaar or 0, b.bestand, b.sha256)
    )
