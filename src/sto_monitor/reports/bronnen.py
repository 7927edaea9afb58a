"""Provenance in a report: which loaded files its figures come from, and what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.reports.onderdelen import Bronbestand

# What a user loads to fill a missing source table (docs/formaten.md describes each layout).
LADEN: dict[str, str] = {
    "leerlingen": "de DUO-bestanden met leerlingen per vestiging",
    "examens": "de DUO-bestanden met geslaagden, gezakten en cijfers",
    "keuzevak_examens": "een bestand met examens in keuzevakken (eigen formaat)",
    "doorstroom": "een doorstroombestand (eigen formaat)",
    "docenten": "een personeelsbestand (eigen formaat)",
    "pc4": "de postcodecentroïden (GeoNames)",
    "vestiging": "de DUO-adressen van vestigingen",
}


def ontbreekt_tekst(snap: Snapshot, naam: str) -> str | None:
    """Why ``naam`` cannot be shown, in Dutch, or None when it is available."""
    gepubliceerd = snap.indicatoren.get(naam)
    if gepubliceerd is None:
        return f"De indicator {naam} bestaat niet in deze versie."
    if gepubliceerd.beschikbaar:
        return None
    tabellen = ", ".join(gepubliceerd.ontbreekt)
    hint = "; ".join(LADEN[t] for t in gepubliceerd.ontbreekt if t in LADEN)
    return f"De bron van deze cijfers is niet geladen (tabel {tabellen})." + (
        f" Lees {hint} in met sto ingest om dit deel te vullen." if hint else ""
    )


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
                    formaat=str(detail.get("formaat") or bron.doel),
                    schooljaar=bron.schooljaar,
                    rijen=detail.get("rijen_geladen"),
                    sha256=bron.sha256,
                ),
            )
    return sorted(
        gezien.values(), key=lambda b: (b.formaat, b.schooljaar or 0, b.bestand, b.sha256)
    )
