"""Regioportret, sections 4-8: the region's offer, its viability and reach, exams, doorstroom.

The report itself is built in ``__init__.py``, sections 1-3 in ``leerlingen.py``; the rules are
the same: every number is a published cell, and a section whose source is not loaded says so.
"""

from __future__ import annotations

from typing import Any

from sto_monitor import domain
from sto_monitor.publicatie.bereik import bereik
from sto_monitor.publicatie.gegevens import Regio, Snapshot, getal_nl
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.bronnen import ontbreekt_tekst
from sto_monitor.reports.kaarten import regiokaart
from sto_monitor.reports.onderdelen import Figuur, Sectie, Tabel, kop, uit_monitorrapport

LEERWEGEN = domain.BEROEPSGERICHTE_LEERWEGEN
TECHNIEK = domain.TECHNIEK_PROFIELEN


def profielvolgorde(profiel: str) -> int:
    return TECHNIEK.index(profiel) if profiel in TECHNIEK else 99


def leerwegvolgorde(leerweg: str) -> int:
    volgorde = (*LEERWEGEN, "totaal")
    return volgorde.index(leerweg) if leerweg in volgorde else 99


# ---------------------------------------------------------------- 4. vestigingen


def vestigingen(snap: Snapshot, regio: Regio, basis: dict[str, Any]) -> Sectie:
    vestigingen = basis["vestigingen"]
    kaart = regiokaart(snap, regio, vestigingen)
    rijen = [
        {
            "naam": v.naam,
            "code": v.code,
            "plaats": v.plaats,
            "techniek": ", ".join(v.techniek) or "geen",
            "leerwegen": ", ".join(v.leerwegen) or "geen",
        }
        for v in vestigingen
    ]
    tekst = [
        f"{regio.naam} telt in {schooljaar(basis['jaar'])} {len(vestigingen)} vestigingen met "
        "derdejaars in bb, kb of gl."
        + (
            " De kaart kleurt ze naar het aantal technische profielen dat ze aanbieden."
            if kaart
            else ""
        )
    ]
    if kaart is None and vestigingen:
        tekst.append("Van geen van deze vestigingen is de ligging bekend; de tabel geeft ze.")
    elif basis["zonder_ligging"]:
        tekst.append(
            f"{basis['zonder_ligging']} vestiging(en) hebben geen bekende ligging en staan "
            "alleen in de tabel."
        )
    tabel = Tabel(
        "Vestigingen en hun aanbod",
        (
            ("naam", "Vestiging"),
            ("code", "Vestigingscode"),
            ("plaats", "Plaats"),
            ("techniek", "Technische profielen"),
            ("leerwegen", "Leerwegen"),
        ),
        rijen,
        leeg="Geen vestigingen met derdejaars in dit schooljaar.",
    )
    if kaart is None:  # nothing to draw: no map with an empty frame, only the table
        return Sectie("vestigingen", "Vestigingen en hun aanbod", tekst=tekst, onderdelen=[tabel])
    svg, legenda = kaart
    return Sectie(
        "vestigingen",
        "Vestigingen en hun aanbod",
        tekst=tekst,
        onderdelen=[
            Figuur(
                f"Vestigingen van {regio.naam} naar aantal technische profielen",
                "Kaart van de gemeenten van de regio met de vestigingen als punten; de tabel "
                "eronder geeft dezelfde vestigingen.",
                svg=svg,
                legenda=legenda,
                tabel=tabel,
            )
        ],
    )


# ---------------------------------------------------------------- 5. kwetsbare groepen


def kwetsbaar(snap: Snapshot, regio: Regio, basis: dict[str, Any]) -> Sectie:
    ontbreekt = ontbreekt_tekst(snap, "kwetsbare_groepen")
    if ontbreekt:
        return Sectie("kwetsbaar", "Groepsgrootte en kwetsbare groepen", ontbreekt=ontbreekt)
    return Sectie(
        "kwetsbaar",
        "Groepsgrootte en kwetsbare groepen",
        tekst=[
            "Een groep is het aantal derdejaars van één vestiging in één technisch profiel en "
            "leerweg. Met 10 leerlingen of minder is een groep moeilijk te organiseren: "
            f"kwetsbaar (zoals {uit_monitorrapport('Tabel 4.4')})."
        ],
        onderdelen=[
            Tabel(
                f"Aanbiedende vestigingen en kwetsbare groepen, {schooljaar(basis['jaar'])}",
                tuple(
                    kop("kwetsbare_groepen", k)
                    for k in (
                        "profiel",
                        "leerweg",
                        "vestigingen",
                        "derdejaars",
                        "kwetsbaar",
                        "in_kwetsbare_groepen",
                        "aandeel_kwetsbaar",
                    )
                ),
                basis["kwetsbaar"],
                leeg="De regio biedt in dit schooljaar geen technisch profiel aan.",
            )
        ],
    )


# ---------------------------------------------------------------- 6. bereikbaarheid


def bereikbaarheid(snap: Snapshot, regio: Regio) -> Sectie:
    jaar = snap.laatste_jaar
    landelijk = {
        (r["profiel"], r["leerweg"]): r
        for r in snap.beschikbare_rijen("bereikbaarheid", schooljaar=jaar)
    }
    rijen = []
    for b in bereik(snap.vestigingen, regio.code):
        if b.vestigingen == 0:
            continue
        nl = landelijk.get((b.profiel, b.leerweg), {})
        rijen.append(
            {
                "profiel": b.profiel,
                "leerweg": b.leerweg,
                "vestigingen": b.vestigingen,
                "zelf": b.zelf,
                "binnen": b.binnen,
                "verst": getal_nl(b.dichtstbij_km) if b.dichtstbij_km is not None else "",
                "nl": nl.get("aandeel_binnen_10km"),
            }
        )
    return Sectie(
        "bereikbaarheid",
        "Bereikbaarheid van het technische aanbod",
        tekst=[
            "Per technisch profiel en leerweg: van hoeveel vestigingen van de regio (met "
            "derdejaars in die leerweg) ligt een vestiging die het profiel in die leerweg "
            "aanbiedt binnen 10 km in vogelvlucht, in of buiten de regio. De laatste kolom "
            "geeft ter vergelijking het landelijke aandeel derdejaars dat binnen 10 km van "
            f"huis het profiel kan volgen (zoals {uit_monitorrapport('Tabel 4.7')})."
        ],
        onderdelen=[
            Tabel(
                f"Technisch aanbod binnen 10 km van de vestigingen, {schooljaar(jaar)}",
                (
                    kop("bereikbaarheid", "profiel"),
                    kop("bereikbaarheid", "leerweg"),
                    ("vestigingen", "Vestigingen"),
                    ("zelf", "Bieden zelf aan"),
                    ("binnen", "Met aanbod binnen 10 km"),
                    ("verst", "Grootste afstand tot aanbod (km)"),
                    kop("bereikbaarheid", "aandeel_binnen_10km", voor="Landelijk", sleutel="nl"),
                ),
                rijen,
                leeg="Geen vestigingen met een bekende ligging.",
            )
        ],
    )


# ---------------------------------------------------------------- 7. examens, 8. doorstroom


def examens(snap: Snapshot, regio: Regio) -> Sectie:
    ontbreekt = ontbreekt_tekst(snap, "examens_per_profiel")
    if ontbreekt:
        return Sectie("examens", "Examens", ontbreekt=ontbreekt)
    eigen = {v.code: v.naam for v in snap.vestigingen if v.regio == regio.code}
    alle = snap.beschikbare_rijen("examens_per_profiel")
    jaar = max((r["schooljaar"] for r in alle), default=None)
    rijen = [
        {**r, "naam": eigen[r["vestiging"]]}
        for r in alle
        if r["schooljaar"] == jaar and r["vestiging"] in eigen and r["profiel"] in TECHNIEK
    ]
    rijen.sort(
        key=lambda r: (r["naam"], profielvolgorde(r["profiel"]), leerwegvolgorde(r["leerweg"]))
    )
    return Sectie(
        "examens",
        "Examens",
        tekst=[
            "Examenkandidaten en geslaagden in de technische profielen per vestiging van de "
            f"regio, examenjaar {schooljaar(jaar)} (DUO, geslaagden en gezakten)."
        ],
        onderdelen=[
            Tabel(
                f"Examens in technische profielen, {schooljaar(jaar)}",
                (
                    kop("examens_per_profiel", "vestiging", sleutel="naam"),
                    kop("examens_per_profiel", "profiel"),
                    kop("examens_per_profiel", "leerweg"),
                    kop("examens_per_profiel", "kandidaten"),
                    kop("examens_per_profiel", "geslaagden"),
                    kop("examens_per_profiel", "slaagpercentage"),
                ),
                rijen,
                leeg="Geen examens in technische profielen bij de vestigingen van de regio.",
            )
        ],
    )


def doorstroom(snap: Snapshot) -> Sectie:
    ontbreekt = ontbreekt_tekst(snap, "doorstroom")
    if ontbreekt:
        return Sectie("doorstroom", "Doorstroom na leerjaar 4", ontbreekt=ontbreekt)
    alle = snap.beschikbare_rijen("doorstroom")
    jaar = max((r["schooljaar"] for r in alle), default=None)
    rijen = [r for r in alle if r["schooljaar"] == jaar and r["profiel"] in TECHNIEK]
    bestemmingen = list(dict.fromkeys(r["bestemming"] for r in rijen))
    cellen = {(r["profiel"], r["leerweg"], r["bestemming"]): r["aandeel"] for r in rijen}
    tabelrijen = [
        {"profiel": p, "leerweg": lw, **{b: cellen.get((p, lw, b)) for b in bestemmingen}}
        for p in TECHNIEK
        for lw in LEERWEGEN
        if any((p, lw, b) in cellen for b in bestemmingen)
    ]
    return Sectie(
        "doorstroom",
        "Doorstroom na leerjaar 4",
        tekst=[
            "Waar leerlingen van de technische profielen na leerjaar 4 heen gaan, in procenten "
            f"per profiel en leerweg, schooljaar {schooljaar(jaar)}. Deze cijfers zijn "
            "landelijk: de doorstroombestanden zijn niet per regio beschikbaar."
        ],
        onderdelen=[
            Tabel(
                f"Vervolg na leerjaar 4 (landelijk, %), {schooljaar(jaar)}",
                (
                    kop("doorstroom", "profiel"),
                    kop("doorstroom", "leerweg"),
                    *((b, f"{b} (%)") for b in bestemmingen),
                ),
                tabelrijen,
            )
        ],
    )
