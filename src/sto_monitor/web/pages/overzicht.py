"""Landelijk overzicht: the headline figures, each with its trend, a chart and its definition.

Every number comes from a published indicator table (see ``gegevens``); this module only picks
rows and says in one Dutch line what each figure means. Table headers are the reader's words of
each column (``indicators.woorden``), school years are written 2019/2020.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor import domain
from sto_monitor.accounts.beleid import Recht
from sto_monitor.indicators.definities import Definitie
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.dekking import gemeten
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, getal, getal_nl
from sto_monitor.publicatie.tekst import (
    breukreden,
    deel_van_reeks,
    is_breuk,
    schooljaar,
    verandering_tekst,
)
from sto_monitor.web.render import gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

LEERWEGEN = ("bb", "kb", "gl")


@dataclass(frozen=True)
class Kerncijfer:
    """One headline figure of the overview."""

    ident: str
    titel: str
    waarde: str  # published text of the newest year ("20.1", "<5", ...)
    eenheid: str
    verandering: str  # Dutch sentence on the change against the previous loaded year
    uitleg: str  # one-line definition
    indicator: str  # registry name: links to its definition and sources
    grafiek: dict[str, Any] | None
    grafiek_tekst: str
    tabel: list[dict[str, Any]]
    kolommen: tuple[tuple[str, str], ...]  # (column, its header in the reader's words)
    sleutels: tuple[str, ...]
    kort: str = ""  # its label in the overview's key figures at a glance (default: titel)

    @property
    def label(self) -> str:
        return self.kort or self.titel


def koppen(indicator: str, *kolommen: str) -> tuple[tuple[str, str], ...]:
    """Columns of an indicator's published table with their headers: "Binnen 10 km (%)"."""
    return tuple((k, woord(BY_NAME[indicator], k).kop) for k in kolommen)


def _profiel_leerweg(row: dict[str, Any]) -> tuple[int, int]:
    return domain.TECHNIEK_PROFIELEN.index(row["profiel"]), LEERWEGEN.index(row["leerweg"])


def _rows(snap: Snapshot, naam: str, **filters: str | int | None) -> list[dict[str, Any]]:
    g = snap.indicatoren.get(naam)
    if g is None or g.tabel is None:
        return []
    table: pa.Table = snap.rijen(naam, filters)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def techniekaandeel(snap: Snapshot) -> Kerncijfer | None:
    rows = _rows(snap, "techniekaandeel", regio=LANDELIJK)
    if not rows:
        return None
    rows.sort(key=lambda r: r["schooljaar"])
    nu = rows[-1]
    vorig = rows[-2] if len(rows) > 1 else {}
    delen = deel_van_reeks(snap, "techniekaandeel", [r["schooljaar"] for r in rows])
    data = [
        {
            "schooljaar": schooljaar(r["schooljaar"]),
            "techniekaandeel": getal(r["techniekaandeel"]),
            "deel": delen[r["schooljaar"]],
        }
        for r in rows
    ]
    return Kerncijfer(
        ident="techniekaandeel",
        titel="Techniekaandeel",
        waarde=nu["techniekaandeel"],
        eenheid="%",
        verandering=_niet_vergelijkbaar(snap, "techniekaandeel", nu["schooljaar"])
        or verandering_tekst(nu["techniekaandeel"], vorig.get("techniekaandeel")),
        uitleg="Techniekleerlingen als percentage van alle leerlingen van de populatie; "
        f"{Definitie.van(snap.techniek).toelichting()}.",
        indicator="techniekaandeel",
        grafiek=charts.lijn(
            data,
            x="schooljaar",
            y="techniekaandeel",
            titel="Techniekaandeel per schooljaar (landelijk)",
            y_titel="procent",
            deel="deel",
        ),
        grafiek_tekst="Lijngrafiek van het landelijke techniekaandeel per schooljaar; "
        "de tabel eronder geeft dezelfde cijfers.",
        tabel=rows,
        kolommen=koppen(
            "techniekaandeel", "schooljaar", "derdejaars", "techniekleerlingen", "techniekaandeel"
        ),
        sleutels=("schooljaar",),
    )


def _niet_vergelijkbaar(snap: Snapshot, naam: str, jaar: object) -> str | None:
    """In place of a change across a break of the series (``reeksbreuken``): why."""
    breuk = breukreden(snap, naam, jaar)
    return f"Niet te vergelijken met het vorige geladen schooljaar: {breuk}" if breuk else None


def techniekleerlingen(snap: Snapshot) -> Kerncijfer | None:
    jaar = snap.laatste_jaar
    rows = _rows(snap, "leerlingen_per_profiel", schooljaar=jaar)
    if not rows:
        return None
    totaal = next(
        (r for r in rows if r["profiel"] == "techniek" and r["leerweg"] == "totaal"), None
    )
    techniek = [
        r for r in rows if r["profiel"] in domain.TECHNIEK_PROFIELEN and r["leerweg"] in LEERWEGEN
    ]
    techniek.sort(key=_profiel_leerweg)
    data = [
        {"profiel": r["profiel"], "leerweg": r["leerweg"], "leerlingen": getal(r["aantal"])}
        for r in techniek
    ]
    change = getal(totaal.get("verandering_pct")) if totaal else None
    breuk = (
        _niet_vergelijkbaar(snap, "leerlingen_per_profiel", jaar)
        if totaal and is_breuk(totaal.get("verandering_pct"))
        else None
    )
    if breuk:
        verandering = breuk
    elif change is None:
        verandering = "Geen vergelijking met vorig jaar."
    else:
        meer = "meer" if change >= 0 else "minder"
        verandering = f"{getal_nl(abs(change))} % {meer} dan vorig schooljaar."
    return Kerncijfer(
        ident="techniekleerlingen",
        titel="Technische derdejaars per profiel en leerweg",
        waarde=totaal["aantal"] if totaal else "",
        eenheid="leerlingen",
        verandering=verandering,
        uitleg="Derdejaars vmbo-leerlingen op 1 oktober in een technisch profiel, per leerweg "
        "(bb, kb, gl); zittenblijvers tellen opnieuw mee.",
        indicator="leerlingen_per_profiel",
        grafiek=charts.staaf(
            data,
            x="profiel",
            y="leerlingen",
            kleur="leerweg",
            titel=f"Technische derdejaars, {schooljaar(jaar)}",
            y_titel="leerlingen",
        ),
        grafiek_tekst="Gestapelde staafgrafiek van technische derdejaars per profiel en leerweg; "
        "de tabel eronder geeft dezelfde cijfers.",
        tabel=techniek,
        kolommen=koppen(
            "leerlingen_per_profiel", "profiel", "leerweg", "aantal", "verandering_pct"
        ),
        sleutels=("profiel", "leerweg"),
        kort="Technische derdejaars",
    )


def vestigingen(snap: Snapshot) -> Kerncijfer | None:
    rows = _rows(snap, "vestigingen_per_profiel")
    if not rows:
        return None
    jaar = snap.laatste_jaar
    nu = [r for r in rows if r["schooljaar"] == jaar]
    vorig = {r["profiel"]: r for r in rows if r["schooljaar"] == snap.vorig_jaar}
    nu.sort(key=lambda r: domain.TECHNIEK_PROFIELEN.index(r["profiel"]))
    totaal_nu = sum(getal(r["aantal_vestigingen"]) or 0 for r in nu)
    verschillen = []
    for r in nu:
        a, b = (
            getal(r["aantal_vestigingen"]),
            getal(vorig.get(r["profiel"], {}).get("aantal_vestigingen")),
        )
        if a is not None and b is not None and a != b:
            verschillen.append(f"{r['profiel']} {int(a - b):+d}")
    verandering = (
        "Tegenover vorig schooljaar: " + ", ".join(verschillen) + "."
        if verschillen
        else "Geen verschil met vorig schooljaar."
        if vorig
        else "Geen vorig jaar geladen."
    )
    data = [{"profiel": r["profiel"], "vestigingen": getal(r["aantal_vestigingen"])} for r in nu]
    return Kerncijfer(
        ident="vestigingen",
        titel="Vestigingen per technisch profiel",
        waarde=getal_nl(totaal_nu, 0),
        eenheid="profielaanbiedingen",
        verandering=_niet_vergelijkbaar(snap, "vestigingen_per_profiel", jaar) or verandering,
        uitleg="Opgeteld over de technische profielen: het aantal vestigingen dat het profiel "
        "aanbiedt, dat wil zeggen minstens één derdejaars in dat profiel heeft op 1 oktober.",
        indicator="vestigingen_per_profiel",
        grafiek=charts.staaf(
            data,
            x="profiel",
            y="vestigingen",
            titel=f"Vestigingen per technisch profiel, {schooljaar(jaar)}",
            y_titel="vestigingen",
        ),
        grafiek_tekst="Staafgrafiek van het aantal vestigingen per technisch profiel; de tabel "
        "eronder geeft dezelfde cijfers.",
        tabel=nu,
        kolommen=koppen(
            "vestigingen_per_profiel",
            "profiel",
            "aantal_vestigingen",
            "vestigingen_bb",
            "vestigingen_kb",
            "vestigingen_gl",
            "buiten_regio",
        ),
        sleutels=("profiel",),
        kort="Aanbod van technische profielen",
    )


def bereikbaarheid(snap: Snapshot) -> Kerncijfer | None:
    jaar = snap.laatste_jaar
    rows = _rows(snap, "bereikbaarheid", schooljaar=jaar)
    if not rows:
        return None
    techniek = [
        r for r in rows if r["profiel"] in domain.TECHNIEK_PROFIELEN and r["leerweg"] in LEERWEGEN
    ]
    techniek.sort(key=_profiel_leerweg)
    vorig = {
        (r["profiel"], r["leerweg"]): r
        for r in (
            _rows(snap, "bereikbaarheid", schooljaar=snap.vorig_jaar) if snap.vorig_jaar else []
        )
    }
    pie_kb = next((r for r in techniek if (r["profiel"], r["leerweg"]) == ("PIE", "kb")), None)
    methode = techniek[0]["methode"] if techniek else ""
    data = [
        {
            "profiel": r["profiel"],
            "leerweg": r["leerweg"],
            "procent": getal(r["aandeel_binnen_10km"]),
        }
        for r in techniek
    ]
    return Kerncijfer(
        ident="bereikbaarheid",
        titel="Bereikbaarheid binnen 10 km",
        waarde=pie_kb["aandeel_binnen_10km"] if pie_kb else "",
        eenheid="% (PIE, kb)",
        verandering=_niet_vergelijkbaar(snap, "bereikbaarheid", jaar)
        or verandering_tekst(
            pie_kb["aandeel_binnen_10km"] if pie_kb else None,
            vorig.get(("PIE", "kb"), {}).get("aandeel_binnen_10km"),
        ),
        uitleg="Aandeel van een leerweg dat binnen 10 km in vogelvlucht van een vestiging met "
        f"dat profiel in die leerweg woont; gemeten: {gemeten([methode])}.",
        indicator="bereikbaarheid",
        grafiek=charts.staaf(
            data,
            x="profiel",
            y="procent",
            kleur="leerweg",
            gestapeld=False,
            titel=f"Binnen 10 km van een aanbieder, {schooljaar(jaar)}",
            y_titel="procent",
        ),
        grafiek_tekst="Staafgrafiek per technisch profiel en leerweg van het aandeel derdejaars "
        "dat binnen 10 km van een aanbieder woont; de tabel eronder geeft dezelfde cijfers.",
        tabel=techniek,
        kolommen=koppen("bereikbaarheid", "profiel", "leerweg", "aandeel_binnen_10km"),
        sleutels=("profiel", "leerweg"),
    )


def kerncijfers(snap: Snapshot) -> list[Kerncijfer]:
    found = (
        techniekaandeel(snap),
        techniekleerlingen(snap),
        vestigingen(snap),
        bereikbaarheid(snap),
    )
    return [k for k in found if k is not None]


@router.get("/")
async def overzicht(request: Request) -> Response:
    def make(snap: Snapshot) -> str:
        return html(request, "overzicht.html", snapshot=snap, kerncijfers=kerncijfers(snap))

    return gecached(request, make, "text/html; charset=utf-8")
