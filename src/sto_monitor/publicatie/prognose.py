"""The published forecast of a region's derdejaars: a block of the public region page.

:func:`prognoseblok` returns a :class:`~sto_monitor.publicatie.stroomblok.Stroomblok` (id
``prognose``): per technical profiel, techniek and all derdejaars, the number counted in the
last loaded school year and the forecast for the next :data:`JAREN` school years with its 80 %
interval. The forecast is ``planner.prognose`` (the same numbers as ``sto prognose`` and the
region's forecast page): the snapshot holds every region's history (:func:`reeksen`, read
when it is loaded: a few tenths of a second for the national demo), and the block of a region
is computed the first time it is asked for (about 10 ms) and kept on the snapshot.

Disclosure as in ``planner/prognose/uitvoer.py``: whole students, a number of 1 to 4 as
``<5``; a counted number that would give such a number away by a difference is ``x``.
"""

from __future__ import annotations

from sto_monitor import db, domain
from sto_monitor.errors import StoError
from sto_monitor.indicators.export import weergave
from sto_monitor.planner.prognose import ALLE, TECHNIEK, TOTAAL, Prognose, bereken
from sto_monitor.planner.prognose.data import Reeks, laad_reeksen
from sto_monitor.planner.prognose.uitvoer import toon_aantal, toon_rij, verborgen
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.stroomblok import Stroomblok
from sto_monitor.publicatie.taal import schooljaar

JAREN = 3  # school years ahead on the public page
ID = "prognose"
TITEL = "Prognose van het aantal derdejaars"
NAMEN = {p.code: p.naam for p in domain.PROFIELEN} | {
    TECHNIEK: "Techniek samen",
    TOTAAL: "Alle derdejaars",
}
WAT = (
    "Hoeveel leerlingen de regio de komende schooljaren naar verwachting in het derde leerjaar "
    "van basis, kader en gemengd heeft, per technisch profiel."
)
INTERVAL = (
    "Tussen haakjes staat het 80%-interval: in vier van de vijf gevallen komt het werkelijke "
    "aantal daarbinnen uit. Een prognose is een schatting, geen telling. Aantallen van 1 tot "
    "en met 4 staan als <5; x betekent afgeschermd."
)


def prognoseblok(snap: Snapshot, regio: str) -> Stroomblok | None:
    """The published forecast of ``regio``; None when nothing can be forecast (no derdejaars
    loaded for it). An unknown region is a NotFoundError."""
    snap.regio(regio)
    if regio not in snap.prognoses:
        reeks = snap.prognosereeksen.get(regio)
        snap.prognoses[regio] = (
            blok(bereken(reeks, jaren=JAREN), synthetisch=snap.synthetisch)
            if reeks is not None and reeks.jaren
            else None
        )
    return snap.prognoses[regio]


def reeksen(con: db.Connection) -> dict[str, Reeks]:
    """Every region's history for the forecast; none (not an error of the snapshot) when the
    warehouse has no leerlingen or no regions."""
    try:
        return laad_reeksen(con)
    except StoError:
        return {}


def aantal(waarde: float) -> str:
    """A forecast count as published: whole students in Dutch notation, ``<5`` for 1-4."""
    tekst = toon_aantal(waarde)
    return weergave(int(tekst)) if tekst.isdigit() else tekst


def schatting(punt: float, laag: float, hoog: float) -> str:
    """``1.234 (1.180-1.290)`` with an en dash: the forecast and its 80 % interval."""
    return f"{aantal(punt)} ({aantal(laag)}\u2013{aantal(hoog)})"


def blok(p: Prognose, *, synthetisch: bool = False) -> Stroomblok | None:
    """The block of one forecast: the technical profielen the region has, techniek (0 in a
    region without any) and all derdejaars; None without derdejaars in the base year."""
    t = p.methode.basisjaar
    aanwezig = {r.profiel for r in p.rijen if r.schooljaar == t and r.punt > 0}
    if TOTAAL not in aanwezig:
        return None
    profielen = [c for c in domain.TECHNIEK_PROFIELEN if c in aanwezig] + [TECHNIEK, TOTAAL]
    weg = verborgen(p)
    jaren = p.prognosejaren
    rijen = []
    for profiel in profielen:
        per_jaar = {r.schooljaar: r for r in p.reeks(profiel, ALLE)}
        geteld = per_jaar.get(t)
        rijen.append(
            (
                NAMEN.get(profiel, profiel),
                _geteld(toon_rij(geteld, weg)) if geteld is not None else "0",
                *(
                    schatting(per_jaar[j].punt, per_jaar[j].laag, per_jaar[j].hoog)
                    if j in per_jaar
                    else "0 (0\u20130)"
                    for j in jaren
                ),
            )
        )
    geladen = p.methode.jaren
    periode = (
        f"schooljaar {schooljaar(geladen[0])}"
        if len(geladen) == 1
        else f"de schooljaren {schooljaar(geladen[0])} tot en met {schooljaar(geladen[-1])}"
    )
    soort = "synthetische " if synthetisch else ""
    return Stroomblok(
        id=ID,
        titel=TITEL,
        uitleg=uitleg(p),
        kolommen=(
            "Profiel",
            f"{schooljaar(t)} geteld",
            *(f"{schooljaar(j)} prognose" for j in jaren),
        ),
        rijen=tuple(rijen),
        bron=(
            f"Prognose van de monitor op de {soort}DUO-tellingen van leerlingen per vestiging "
            f"(1 oktober) van {periode}; de regio zoals de indeling van "
            f"{schooljaar(t)} haar vestigingen telt. Een prognose, geen telling."
        ),
        schatting=True,
    )


def uitleg(p: Prognose) -> str:
    """What the block shows and how the forecast was made, in plain Dutch."""
    bronnen = [bron for _, bron in p.methode.per_jaar]
    zin = ""
    if bronnen[:1] == ["leerjaar 2"]:
        zin = "Het aantal van volgend jaar volgt uit de tweedejaars van nu"
        if bronnen[1:2] == ["leerjaar 1"]:
            zin += ", dat van het jaar daarna uit de eerstejaars"
    if "trend" in bronnen:
        trend = (
            "de trend van de afgelopen jaren"
            if p.methode.trend_pct is not None
            else "het laatst bekende aantal (voor een trend zijn te weinig jaren geladen)"
        )
        zin += (
            f"; verder vooruit volgt de prognose {trend}" if zin else f"De prognose volgt {trend}"
        )
    return f"{WAT} {zin}. {INTERVAL}"


def _geteld(tekst: str) -> str:
    return weergave(int(tekst)) if tekst.isdigit() else tekst
