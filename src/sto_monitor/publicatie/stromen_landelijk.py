"""The blocks of the stromen view that only national tables can fill.

Doorstroom after leerjaar 4 and the keuzevak exams come from deliveries under agreement
(``doorstroom``, ``keuzevak_examens``), which the monitor publishes nationally only (their
strict disclosure control works per national table). A region's view shows those national
tables, newest school year up to the view's, and says that they are national.
"""

from __future__ import annotations

from sto_monitor import domain
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.stroomblok import (
    LANDELIJK_ZIN,
    Stroomblok,
    bron,
    cel,
    in_volgorde,
    laatste,
    leeg,
    ontbrekend,
    ouder,
    profiel,
)
from sto_monitor.publicatie.tekst import schooljaar

BESTEMMINGEN: dict[str, str] = {  # as the published table names them -> column header
    "mbo-bol": "Mbo-bol (%)",
    "mbo-bbl": "Mbo-bbl (%)",
    "havo/vwo": "Havo of vwo (%)",
    "vmbo": "Nog in het vmbo (%)",
    "overig": "Anders (%)",
}
GROEPEN: tuple[str, ...] = ("techniek", "niet-techniek", "totaal")
NIET_TECHNIEK: tuple[str, ...] = tuple(
    p for p in domain.PROFIEL_CODES if p not in domain.TECHNIEK_PROFIELEN
)


def _geen_jaar(jaar: int | None, wat: str) -> str:
    return f"{wat} van {schooljaar(jaar)} of eerder" if jaar is not None else wat


def doorstroom(snap: Snapshot, jaar: int | None) -> Stroomblok:
    """Figuur 4.11 for the technical profielen and the groups, all leerwegen together."""
    naam = "doorstroom"
    titel = "Doorstroom na leerjaar 4"
    uitleg = (
        "Wat leerlingen in leerjaar 4 van bb, kb en gl het schooljaar erna doen, als percentage "
        "van de leerlingen van het profiel (de leerwegen samen). " + LANDELIJK_ZIN
    )
    ontbreekt = ontbrekend(snap, [naam])
    if ontbreekt is not None:
        return leeg("doorstroom", titel, uitleg, ("Profiel",), ontbreekt, [naam], landelijk=True)
    alle = snap.beschikbare_rijen(naam, leerweg="totaal")
    d = laatste(alle, jaar)
    rijen = [r for r in alle if r["schooljaar"] == d]
    bestemmingen = in_volgorde((r["bestemming"] for r in rijen), list(BESTEMMINGEN))
    kolommen = ("Profiel", *(BESTEMMINGEN.get(b, f"{b} (%)") for b in bestemmingen))
    if not rijen:
        wat = _geen_jaar(jaar, "gegevens over de doorstroom na leerjaar 4")
        return leeg("doorstroom", titel, uitleg, kolommen, wat, [naam], landelijk=True)
    cellen = {(r["profiel"], r["bestemming"]): r["aandeel"] for r in rijen}
    profielen = (*domain.TECHNIEK_PROFIELEN, *GROEPEN)
    return Stroomblok(
        id="doorstroom",
        titel=titel,
        uitleg=uitleg,
        kolommen=kolommen,
        rijen=tuple(
            (profiel(p), *(cel(cellen.get((p, b))) for b in bestemmingen))
            for p in profielen
            if any((p, b) in cellen for b in bestemmingen)
        ),
        bron=bron(snap, [naam], d, ouder(d, jaar, "doorstroomgegevens")),
        indicatoren=(naam,),
        landelijk=True,
    )


def doorstroom_mbo(snap: Snapshot, jaar: int | None) -> Stroomblok:
    """Figuur 4.10: per profiel the share of mbo entrants in the two technical sectorkamers."""
    naam = "doorstroom_sectorkamer"
    titel = "Doorstroom naar technisch mbo per sectorkamer"
    kamers = domain.TECHNIEK_SECTORKAMERS
    uitleg = (
        "Van de leerlingen die na leerjaar 4 naar het mbo gaan (bol of bbl): het percentage in "
        f"de twee technische sectorkamers, {kamers[0]} en {kamers[1]}, en hoeveel leerlingen "
        "dat samen zijn. " + LANDELIJK_ZIN
    )
    kolommen = (
        "Profiel",
        *(f"{k} (%)" for k in kamers),
        "Technische sectorkamers samen (%)",
        "Technische sectorkamers samen (aantal)",
    )
    ontbreekt = ontbrekend(snap, [naam])
    if ontbreekt is not None:
        return leeg("doorstroom_mbo", titel, uitleg, kolommen, ontbreekt, [naam], landelijk=True)
    alle = snap.beschikbare_rijen(naam)
    d = laatste(alle, jaar)
    rijen = {(r["profiel"], r["sectorkamer"]): r for r in alle if r["schooljaar"] == d}
    if not rijen:
        wat = _geen_jaar(jaar, "gegevens over de doorstroom naar het mbo")
        return leeg("doorstroom_mbo", titel, uitleg, kolommen, wat, [naam], landelijk=True)

    def rij(p: str) -> tuple[str, ...]:
        samen = rijen.get((p, "techniek"), {})
        return (
            profiel(p),
            *(cel(rijen.get((p, k), {}).get("aandeel")) for k in kamers),
            cel(samen.get("aandeel")),
            cel(samen.get("aantal")),
        )

    profielen = (*domain.PROFIEL_CODES, *GROEPEN)
    return Stroomblok(
        id="doorstroom_mbo",
        titel=titel,
        uitleg=uitleg,
        kolommen=kolommen,
        rijen=tuple(rij(p) for p in profielen if (p, "techniek") in rijen),
        bron=bron(snap, [naam], d, ouder(d, jaar, "doorstroomgegevens")),
        indicatoren=(naam,),
        landelijk=True,
    )


def keuzevakken(snap: Snapshot, jaar: int | None) -> Stroomblok:
    """Tabellen 4.9 and 4.10: exams in technical keuzevakken by students of the other profielen."""
    namen = ("keuzevakken", "keuzevakken_per_profiel")
    titel = "Technische keuzevakken in niet-technische profielen"
    uitleg = (
        "Het aantal afgelegde examens in beroepsgerichte keuzevakken van een technisch profiel "
        "door leerlingen van een niet-technisch profiel (bb, kb en gl): per technisch profiel "
        "dat het keuzevak aanbiedt, samen, en samen als percentage van alle keuzevakexamens van "
        "die leerlingen. " + LANDELIJK_ZIN
    )
    technisch = domain.TECHNIEK_PROFIELEN
    kolommen = (
        "Profiel van de leerling",
        *(f"Keuzevak {p}" for p in technisch),
        "Technisch samen",
        "Technisch samen (% van hun keuzevakexamens)",
    )
    ontbreekt = ontbrekend(snap, namen)
    if ontbreekt is not None:
        return leeg("keuzevakken", titel, uitleg, kolommen, ontbreekt, namen, landelijk=True)
    matrix = snap.beschikbare_rijen("keuzevakken")
    samen = snap.beschikbare_rijen("keuzevakken_per_profiel", kant="leerling", deel="techniek")
    d = laatste(samen, jaar)
    cellen = {
        (r["profiel_leerling"], r["keuzevak_profiel"]): r["aantal"]
        for r in matrix
        if r["schooljaar"] == d
    }
    per_profiel = {r["profiel"]: r for r in samen if r["schooljaar"] == d}
    if not per_profiel:
        wat = _geen_jaar(jaar, "examens in keuzevakken")
        return leeg("keuzevakken", titel, uitleg, kolommen, wat, namen, landelijk=True)

    def rij(p: str) -> tuple[str, ...]:
        # The matrix has a row for every combination with exams: one it lacks had none (0).
        # A group has no row of its own there: its cells per keuzevak stay empty.
        return (
            profiel(p),
            *(cel(cellen.get((p, k), 0 if p in NIET_TECHNIEK else None)) for k in technisch),
            cel(per_profiel[p].get("aantal")),
            cel(per_profiel[p].get("aandeel")),
        )

    return Stroomblok(
        id="keuzevakken",
        titel=titel,
        uitleg=uitleg,
        kolommen=kolommen,
        rijen=tuple(rij(p) for p in (*NIET_TECHNIEK, "niet-techniek") if p in per_profiel),
        bron=bron(snap, namen, d, ouder(d, jaar, "keuzevakexamens")),
        indicatoren=namen,
        landelijk=True,
    )
