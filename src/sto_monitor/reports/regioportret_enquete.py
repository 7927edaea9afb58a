"""Regioportret, the survey section: the national figures of the newest wave, and the region's
own answers beside them when the portrait is made for the region itself.

A region's own answers are individual responses: only ``sto rapport regio`` (run by someone
with the warehouse, i.e. the national team) includes them (``eigen_antwoorden=True``); the
dashboard's public download never does.
"""

from __future__ import annotations

from typing import Any

from sto_monitor.errors import NotFoundError
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.reports.onderdelen import Sectie, Tabel
from sto_monitor.survey.analyse import VERBORGEN_TEKST, Analyse, ItemAnalyse, regio_profiel

TITEL = "Enquête onder programmaleiders"


def sectie(snap: Snapshot, regio: Regio, *, eigen_antwoorden: bool) -> Sectie:
    analyse = snap.enquete
    if analyse is None:
        return Sectie(
            "enquete",
            TITEL,
            ontbreekt="Er zijn nog geen enquêteresultaten ingelezen (sto enquete importeer).",
        )
    if analyse.verborgen:
        return Sectie("enquete", TITEL, ontbreekt=f"Golf {analyse.golf}: {VERBORGEN_TEKST}.")
    eigen: dict[str, str] = {}
    borging_eigen: int | None = None
    if eigen_antwoorden:
        try:
            profiel = regio_profiel(analyse, regio.code)
        except NotFoundError:
            profiel = None
        if profiel is not None:
            eigen = {
                r.item.item: (r.antwoord_label or (str(r.antwoord) if r.antwoord else ""))
                for r in profiel.items
            }
            borging_eigen = profiel.borging
    tekst = [
        f"Landelijke uitkomsten van de enquête van {analyse.golf} "
        f"({analyse.n_respondenten} programmaleiders)"
        + (
            f", met die van {analyse.golf_vorige} voor de {analyse.n_paren} regio's die beide "
            "keren antwoordden"
            if analyse.golf_vorige
            else ""
        )
        + ". Een * markeert een significant verschil (zie docs/enquete.md)."
    ]
    if eigen_antwoorden:
        tekst.append(
            f"De kolom 'Antwoord {regio.naam}' geeft het eigen antwoord van de regio"
            + ("." if eigen else "; de regio heeft deze golf niet ingevuld.")
        )
    if borging_eigen is not None and analyse.borging is not None:
        tekst.append(
            f"Harde borging: in {regio.naam} zijn {borging_eigen} van de "
            f"{analyse.borging.n_stellingen} stellingen (helemaal) van toepassing."
        )
    blokken: dict[str, list[ItemAnalyse]] = {}
    for ia in analyse.items:
        if ia.blok is not None and ia.soort != "open":
            blokken.setdefault(ia.blok, []).append(ia)
    onderdelen = [
        _tabel(analyse, blok, items, eigen if eigen_antwoorden else None, regio.naam)
        for blok, items in blokken.items()
    ]
    return Sectie("enquete", TITEL, tekst=tekst, onderdelen=onderdelen)


def _tabel(
    analyse: Analyse,
    blok: str,
    items: list[ItemAnalyse],
    eigen: dict[str, str] | None,
    naam: str,
) -> Tabel:
    cijfer = items[0].soort == "cijfer"
    label = items[0].top_label
    kolommen: list[tuple[str, str]] = [("tekst", "Onderdeel")]
    if cijfer:
        kolommen.append(("gemiddelde", f"Gemiddeld cijfer {analyse.golf}"))
    kolommen.append(("top", f"% {label} {analyse.golf}"))
    if analyse.golf_vorige:
        kolommen.append(("vorig", f"% {label} {analyse.golf_vorige} (zelfde regio's)"))
    if eigen is not None:
        kolommen.append(("eigen", f"Antwoord {naam}"))
    rijen: list[dict[str, Any]] = []
    for ia in items:
        v = ia.vergelijking
        ster = "*" if v is not None and (v.significant_aandeel or v.significant_gemiddelde) else ""
        rijen.append(
            {
                "tekst": ia.tekst,
                "gemiddelde": ia.gemiddelde,
                "top": (f"{ia.pct_top:.0f}%{ster}" if ia.pct_top is not None else "x"),
                "vorig": (
                    f"{v.pct_top_vorige:.0f}%"
                    if v is not None and v.pct_top_vorige is not None
                    else ""
                ),
                "eigen": (eigen or {}).get(ia.item, ""),
            }
        )
    return Tabel(f"Enquête {analyse.golf}: {blok}", kolommen, rijen)
