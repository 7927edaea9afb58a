"""The survey in the reports: the national tables of the newest wave (chapter 2 of the monitor
report, in the national chapter) and, in a regioportret, the region's own answers beside them.

A region's own answers are individual responses: only ``sto rapport regio`` (run by someone
with the warehouse, i.e. the national team) includes them (``eigen_antwoorden=True``); the
dashboard's public download never does.
"""

from __future__ import annotations

from typing import Any

from sto_monitor.errors import NotFoundError, StoError
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Sectie, Tabel
from sto_monitor.survey import vragenlijst
from sto_monitor.survey.analyse import VERBORGEN_TEKST, Analyse, ItemAnalyse, regio_profiel

TITEL = "Enquête onder programmaleiders"


def _te_weinig(analyse: Analyse) -> str:
    """The one sentence of a wave whose results are not shown."""
    return (
        f"De enquête van {analyse.golf} heeft te weinig respondenten om uitkomsten te tonen "
        f"({VERBORGEN_TEKST})."
    )


def regioportret_sectie(snap: Snapshot, regio: Regio, *, eigen_antwoorden: bool) -> Sectie | None:
    """The survey section of a regioportret; none when no survey has been held yet."""
    analyse = snap.enquete
    if analyse is None:
        return None
    if analyse.verborgen:
        return Sectie("enquete", TITEL, tekst=[_te_weinig(analyse)])
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
        + ". Een * markeert een significant verschil met de vorige golf."
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
    onderdelen = tabellen(analyse, eigen if eigen_antwoorden else None, regio.naam)
    return Sectie("enquete", TITEL, tekst=tekst, onderdelen=onderdelen)


def landelijke_sectie(snap: Snapshot) -> Sectie | None:
    """The survey's tables (Tabellen 4.1-4.5 of chapter 2 of the report) for the national
    report; none when no survey has been held yet."""
    analyse = snap.enquete
    titel = f"{TITEL} (hoofdstuk 2 van het rapport)"
    if analyse is None:
        return None
    if analyse.verborgen:
        return Sectie("enquete", titel, tekst=[_te_weinig(analyse)])
    tekst = [
        f"De tabelnummers zijn die van hoofdstuk 2 van {MONITORRAPPORT}.",
        f"De enquête van {analyse.golf} ({analyse.n_respondenten} programmaleiders)"
        + (
            f", vergeleken met {analyse.golf_vorige} voor de {analyse.n_paren} regio's die "
            "beide keren antwoordden. Een * markeert een significant verschil: McNemar's "
            "exacte toets voor aandelen, Wilcoxon's rangtekentoets voor gemiddelde cijfers."
            if analyse.golf_vorige
            else "."
        ),
    ]
    if analyse.borging is not None and analyse.borging.verdeling is not None:
        verdeling = ", ".join(
            f"{k}: {'x' if n is None else n}" for k, n in enumerate(analyse.borging.verdeling)
        )
        tekst.append(
            f"Harde borging, aantal regio's naar het aantal van de {analyse.borging.n_stellingen} "
            f"stellingen dat (helemaal) van toepassing is: {verdeling}."
        )
    return Sectie("enquete", titel, tekst=tekst, onderdelen=tabellen(analyse, None, ""))


def tabellen(analyse: Analyse, eigen: dict[str, str] | None, naam: str) -> list[Tabel]:
    """One table per block of the questionnaire, numbered and titled as in the report."""
    blokken: dict[str, list[ItemAnalyse]] = {}
    for ia in analyse.items:
        if ia.blok is not None and ia.soort != "open":
            blokken.setdefault(ia.blok, []).append(ia)
    try:
        vl_blokken = {b.id: b for b in vragenlijst.laad(analyse.golf).blokken}
    except StoError:
        vl_blokken = {}
    uit = []
    for blok, items in blokken.items():
        b = vl_blokken.get(blok)
        uit.append(
            _tabel(
                analyse,
                b.titel if b else blok,
                items,
                eigen,
                naam,
                f"{b.tabel} (hoofdstuk 2)" if b and b.tabel else None,
            )
        )
    return uit


def _tabel(
    analyse: Analyse,
    titel: str,
    items: list[ItemAnalyse],
    eigen: dict[str, str] | None,
    naam: str,
    nummer: str | None,
) -> Tabel:
    """A block as in the report: with a previous wave, both waves over the same regions."""
    cijfer = items[0].soort == "cijfer"
    label = items[0].top_label
    gepaard = analyse.golf_vorige is not None and any(
        ia.vergelijking is not None and not ia.vergelijking.verborgen for ia in items
    )
    kolommen: list[tuple[str, str]] = [("tekst", "Onderdeel")]
    if cijfer:
        kolommen.append(("gemiddelde", f"Gemiddeld cijfer {analyse.golf}"))
    kolommen.append(("top", f"% {label} {analyse.golf}"))
    if gepaard:
        kolommen.append(("vorig", f"% {label} {analyse.golf_vorige}"))
    if eigen is not None:
        kolommen.append(("eigen", f"Antwoord {naam}"))
    rijen: list[dict[str, Any]] = []
    for ia in items:
        v = ia.vergelijking if gepaard else None
        verborgen_vorig = v is not None and not v.verborgen and v.pct_top_vorige is None
        if v is not None and not v.verborgen:
            ster_top = "*" if v.significant_aandeel else ""
            ster_gem = "*" if v.significant_gemiddelde else ""
            top, vorig = v.pct_top_nu, v.pct_top_vorige
            gemiddelde: object = (
                f"{v.gemiddelde_nu:.1f}{ster_gem}".replace(".", ",")
                if v.gemiddelde_nu is not None
                else None
            )
        else:
            ster_top, top, vorig, gemiddelde = "", ia.pct_top, None, ia.gemiddelde
        rijen.append(
            {
                "tekst": ia.tekst,
                "gemiddelde": gemiddelde,
                "top": f"{top:.0f}%{ster_top}" if top is not None else "x",
                "vorig": (
                    f"{vorig:.0f}%" if vorig is not None else ("x" if verborgen_vorig else "")
                ),
                "eigen": (eigen or {}).get(ia.item, ""),
            }
        )
    regios = (
        f"regio's met respons in {analyse.golf_vorige} én {analyse.golf}, n={analyse.n_paren}"
        if gepaard
        else f"{analyse.golf}, n={analyse.n_respondenten}"
    )
    return Tabel(f"{titel}, programmaleiders STO ({regios})", kolommen, rijen, nummer=nummer)
