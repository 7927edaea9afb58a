"""In-, door- and uitstroom of one region in one view, from what is loaded and published.

The contract (issue 17) that the stromen page, the visiedocument and the evaluatie share:
:func:`stromen` returns one :class:`Stroomblok` per part of the view, in this order:

- ``instroom``: instroom into leerjaar 3 per profiel;
- ``doorstroom``: vervolg after leerjaar 4;
- ``doorstroom_mbo``: doorstroom to technical mbo per sectorkamer;
- ``weglekken``: students in a technical profiel in leerjaar 3 and not in leerjaar 4 at the
  same vestiging a year later (an estimate from consecutive files, labelled as such);
- ``afstromers``: (estimate) students who moved to a lower leerweg between leerjaar 3 and 4;
- ``keuzevakken``: technical keuzevakken taken in non-technical profielen.

Every cell is a published cell in the Dutch notation (never a count the rules hide); a block
whose source is not loaded has no rows and says in ``ontbreekt`` which source it needs.

Instroom, weglekken and afstromers are the region's own published tables
(``indicators/stromen.py``, on the public DUO file), with the national figure beside the
estimates. Doorstroom and keuzevakken rest on deliveries under agreement that the monitor
publishes nationally only (``stromen_landelijk.py``); those blocks say so (``landelijk``).
This module only selects and orders published rows: it computes no number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sto_monitor import domain
from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.definities import TECHNIEK, Definitie
from sto_monitor.publicatie.gegevens import LANDELIJK, Regio, Snapshot
from sto_monitor.publicatie.stromen_landelijk import doorstroom, doorstroom_mbo, keuzevakken
from sto_monitor.publicatie.stroomblok import (
    Stromen,
    Stroomblok,
    bron,
    cel,
    in_volgorde,
    leeg,
    ontbrekend,
    profiel,
)
from sto_monitor.publicatie.tekst import breukreden, schooljaar

__all__ = ["BLOKKEN", "Stromen", "Stroomblok", "stromen"]

BLOKKEN: tuple[str, ...] = (
    "instroom",
    "doorstroom",
    "doorstroom_mbo",
    "weglekken",
    "afstromers",
    "keuzevakken",
)

LEERWEGEN: dict[str, str] = {
    "bb": "Basis (bb)",
    "kb": "Kader (kb)",
    "gl": "Gemengd (gl)",
    "totaal": "Totaal",
}
TWEE_BESTANDEN = "DUO-bestanden leerlingen per vestiging van twee opeenvolgende schooljaren"
SCHATTING = (
    "Dit is een schatting: DUO telt leerlingen per vestiging, niet per leerling, dus de "
    "monitor vergelijkt per vestiging twee opeenvolgende bestanden (1 oktober). Alleen "
    "vestigingen die in beide bestanden staan tellen mee. Waar DUO een aantal maskeerde is de "
    "schatting een bandbreedte; een geschat aantal van 1 tot en met 4 staat als <5."
)


def stromen(snap: Snapshot, regio: str, schooljaar: int | None = None) -> Stromen:
    """The view for ``regio`` in ``schooljaar`` (default: the latest loaded)."""
    r = snap.regio(regio)  # unknown: NotFoundError
    jaar = schooljaar if schooljaar is not None else snap.laatste_jaar
    if jaar is not None and jaar not in snap.jaren:
        geladen = ", ".join(_sj(j) for j in snap.jaren) or "geen"
        raise NotFoundError(f"schooljaar {_sj(jaar)} is niet geladen (geladen: {geladen})")
    maak: dict[str, Callable[[], Stroomblok]] = {
        "instroom": lambda: instroom(snap, r, jaar),
        "doorstroom": lambda: doorstroom(snap, jaar),
        "doorstroom_mbo": lambda: doorstroom_mbo(snap, jaar),
        "weglekken": lambda: weglekken(snap, r, jaar),
        "afstromers": lambda: afstromers(snap, r, jaar),
        "keuzevakken": lambda: keuzevakken(snap, jaar),
    }
    return Stromen(regio=r.code, schooljaar=jaar, blokken=tuple(maak[b]() for b in BLOKKEN))


def _sj(jaar: int | None) -> str:
    return schooljaar(jaar)


def _techniek(snap: Snapshot) -> str:
    """What counts as techniek under the snapshot's definition, in words."""
    return TECHNIEK.keuze(Definitie.van(snap.techniek).techniek).uitleg


# ---------------------------------------------------------------- instroom


def instroom(snap: Snapshot, regio: Regio, jaar: int | None) -> Stroomblok:
    """The region's derdejaars per profiel x leerweg: who started a profiel in leerjaar 3."""
    naam = "instroom_per_regio"
    titel = "Instroom in leerjaar 3"
    uitleg = (
        f"Derdejaars op 1 oktober op de vestigingen van {regio.naam}, per profiel en leerweg: "
        f"wie in leerjaar 3 aan een profiel begon. Techniek telt {_techniek(snap)}. DUO toont "
        "aantallen van 1 tot en met 4 als <5; een som met zulke aantallen is een bandbreedte."
    )
    kolommen = ("Profiel", *LEERWEGEN.values())
    ontbreekt = ontbrekend(snap, [naam])
    if ontbreekt is None and jaar is None:
        ontbreekt = "het DUO-bestand leerlingen per vestiging"
    if ontbreekt is not None:
        return leeg("instroom", titel, uitleg, kolommen, ontbreekt, [naam])
    rijen = snap.beschikbare_rijen(naam, schooljaar=jaar, regio=regio.code)
    if not rijen:
        wat = f"derdejaars in bb, kb of gl op de vestigingen van deze regio in {_sj(jaar)}"
        return leeg("instroom", titel, uitleg, kolommen, wat, [naam])
    cellen = {(r["profiel"], r["leerweg"]): r["aantal"] for r in rijen}
    volgorde = (*domain.PROFIEL_CODES, domain.OVERIG, "techniek", "niet-techniek", "totaal")
    return Stroomblok(
        id="instroom",
        titel=titel,
        uitleg=uitleg,
        kolommen=kolommen,
        rijen=tuple(
            (profiel(p), *(cel(cellen.get((p, lw))) for lw in LEERWEGEN))
            for p in in_volgorde((r["profiel"] for r in rijen), volgorde)
        ),
        bron=bron(snap, [naam], jaar),
        indicatoren=(naam,),
    )


# ---------------------------------------------------------------- the two estimates


def _schatting_rijen(
    snap: Snapshot, naam: str, sleutel: str, regio: Regio, jaar: int | None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], str | None]:
    """The region's published rows of an estimate in ``jaar`` and the national rows by their
    key; or, when the region has none to show, which data is missing (in words)."""
    ontbreekt = ontbrekend(snap, [naam])
    if ontbreekt is not None or jaar is None:
        return [], {}, ontbreekt or TWEE_BESTANDEN
    eigen = snap.beschikbare_rijen(naam, schooljaar=jaar, regio=regio.code)
    nl = snap.beschikbare_rijen(naam, schooljaar=jaar, regio=LANDELIJK)
    vorig = jaar - 1
    if not nl:  # no pair of files for this year at all
        if vorig not in snap.jaren:
            return [], {}, f"{TWEE_BESTANDEN} ({_sj(vorig)} is niet geladen)"
        return (
            [],
            {},
            (
                f"{TWEE_BESTANDEN} met leerjaar 3 en 4 (leerjaar 4 van {_sj(jaar)} of leerjaar 3 "
                f"van {_sj(vorig)} staat niet in het geladen bestand)"
            ),
        )
    reden = breukreden(snap, naam, jaar)
    if reden:  # the estimate is left out across a break of the series
        return [], {}, f"twee vergelijkbare bestanden: {reden}"
    if not eigen:
        return (
            [],
            {},
            (
                f"vestigingen van deze regio die in de bestanden van {_sj(vorig)} en {_sj(jaar)} "
                "allebei voorkomen"
            ),
        )
    return eigen, {str(r[sleutel]): r for r in nl}, None


def _schatting_blok(
    snap: Snapshot,
    id: str,
    naam: str,
    regio: Regio,
    jaar: int | None,
    *,
    titel: str,
    uitleg: str,
    kolommen: Sequence[str],
    sleutel: str,
    volgorde: Sequence[str],
    label: Callable[[str], str],
    velden: Sequence[str],
) -> Stroomblok:
    """A block of one estimate: per ``sleutel`` the region's published ``velden`` and the
    national share (the last of ``velden``) beside them."""
    eigen, landelijk, ontbreekt = _schatting_rijen(snap, naam, sleutel, regio, jaar)
    if ontbreekt is not None or jaar is None:
        wat = ontbreekt or TWEE_BESTANDEN
        return leeg(id, titel, uitleg, kolommen, wat, [naam], schatting=True)
    aandeel = velden[-1]
    rijen = {str(r[sleutel]): r for r in eigen}
    return Stroomblok(
        id=id,
        titel=titel,
        uitleg=uitleg,
        kolommen=tuple(kolommen),
        rijen=tuple(
            (
                label(k),
                *(cel(rijen[k].get(v)) for v in velden),
                cel(landelijk.get(k, {}).get(aandeel)),
            )
            for k in in_volgorde(rijen, volgorde)
        ),
        bron=bron(
            snap, [naam], jaar, f" (leerjaar 4), vergeleken met {_sj(jaar - 1)} (leerjaar 3)"
        ),
        schatting=True,
        indicatoren=(naam,),
    )


def weglekken(snap: Snapshot, regio: Regio, jaar: int | None) -> Stroomblok:
    """Derdejaars in techniek not in leerjaar 4 of their profiel at the same vestiging."""
    vorig = _sj(None if jaar is None else jaar - 1)
    return _schatting_blok(
        snap,
        "weglekken",
        "weglekken_per_regio",
        regio,
        jaar,
        titel="Weglekken uit techniek (schatting)",
        uitleg=(
            f"Leerlingen die in {vorig} in leerjaar 3 een technisch profiel volgden en in "
            f"{_sj(jaar)} niet in leerjaar 4 van dat profiel op dezelfde vestiging zitten: per "
            "vestiging het aantal derdejaars min het aantal vierdejaars een jaar later, als dat "
            "positief is. Wie blijft zitten, van school wisselt of een ander profiel kiest, telt "
            "als weggelekt. Bij 'Techniek samen' lekt wie naar een ander technisch profiel gaat "
            "niet weg. " + SCHATTING
        ),
        kolommen=(
            "Profiel",
            f"Derdejaars {vorig}",
            f"Vierdejaars {_sj(jaar)}, zelfde vestigingen",
            "Weggelekt (schatting)",
            "Weggelekt (%)",
            "Nederland: weggelekt (%)",
        ),
        sleutel="profiel",
        volgorde=(*domain.TECHNIEK_PROFIELEN, "techniek"),
        label=profiel,
        velden=("derdejaars_vorig", "vierdejaars", "weglekkers", "aandeel_weglekkers"),
    )


def afstromers(snap: Snapshot, regio: Regio, jaar: int | None) -> Stroomblok:
    """Students who joined leerjaar 4 of kb or bb against leerjaar 3 of it a year earlier."""
    vorig = _sj(None if jaar is None else jaar - 1)
    return _schatting_blok(
        snap,
        "afstromers",
        "afstromers_per_regio",
        regio,
        jaar,
        titel="Afstromers naar een lagere leerweg (schatting)",
        uitleg=(
            f"Leerlingen die tussen leerjaar 3 ({vorig}) en leerjaar 4 ({_sj(jaar)}) naar de "
            "kaderberoepsgerichte of de basisberoepsgerichte leerweg gingen: per vestiging het "
            "aantal vierdejaars in die leerweg min het aantal derdejaars in dezelfde leerweg een "
            "jaar eerder, als dat positief is. Zittenblijvers in leerjaar 4 en leerlingen van "
            "een andere school tellen mee; wie tegelijk vertrekt, valt ertegen weg. " + SCHATTING
        ),
        kolommen=(
            "Naar leerweg",
            f"Derdejaars {vorig}",
            f"Vierdejaars {_sj(jaar)}",
            "Afstromers (schatting)",
            "Van de vierdejaars (%)",
            "Nederland: van de vierdejaars (%)",
        ),
        sleutel="leerweg",
        volgorde=("kb", "bb", "totaal"),
        label=lambda lw: "Kader en basis samen" if lw == "totaal" else LEERWEGEN.get(lw, lw),
        velden=("derdejaars_vorig", "vierdejaars", "afstromers", "aandeel_afstromers"),
    )
