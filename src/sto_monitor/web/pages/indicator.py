"""The indicators as a statistics publication: what they show, what they mean, where from.

``/indicatoren`` lists every registered indicator by title and one short sentence, grouped by
subject. ``/indicatoren/{naam}`` shows one as a reader needs it, in this order: the figures
first (the newest school year's published table with the reader's headers, its chart, the
verkenner and the downloads), then the definition in words (the method, what the table covers,
the breaks in the series), then, folded away, the columns of the downloads described and the
provenance ("Herkomst en verantwoording": the files in words with when they were loaded, the
method version, the last stored calculation, the disclosure rule). Every figure elsewhere in
the dashboard links here (sections ``#cijfers``, ``#definitie``, ``#kolommen``, ``#herkomst``
with ``#openbaarheid``, ``#bronnen`` and ``#build`` inside it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pyarrow as pa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.definities import toelichting
from sto_monitor.indicators.herkomst import Herkomst
from sto_monitor.indicators.registry import Indicator, Openbaarheid
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.afscherming.regels import DREMPEL_NOEMER
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN
from sto_monitor.publicatie.dekking import gemeten
from sto_monitor.publicatie.gegevens import Gepubliceerd, Snapshot
from sto_monitor.publicatie.tekst import datum, schooljaar
from sto_monitor.web.pages.indicator_inhoud import (
    MAX_RIJEN,
    grafiek,
    in_woorden,
    kolombeschrijving,
    kolommen_van,
    kop,
    nieuwste_jaar,
    rapport,
    rijen_van,
    sleuteltekst,
)
from sto_monitor.web.render import formaat_naam, gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

HTML = "text/html; charset=utf-8"
DREMPEL_AANTAL = 5  # a confidential count below this is never shown
SHA_KORT = 12  # characters of a sha256 shown; the full value is in the title attribute


def moment(value: dt.datetime | None) -> str:
    """A moment in Dutch: 23 november 2026, 06:18."""
    if value is None:
        return ""
    return f"{datum(value)}, {value:%H:%M}"


def _basis(kolom: str) -> str:
    return kolom[:-4] if kolom.endswith(("_min", "_max")) else kolom


def _lijst(namen: list[str] | tuple[str, ...]) -> str:
    """a, b en c"""
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " en " + namen[-1]


def _per_waarde(mapping: dict[str, str]) -> dict[str, list[str]]:
    """Invert column -> denominator into denominator -> columns, in order."""
    uit: dict[str, list[str]] = {}
    for kolom, noemer in mapping.items():
        uit.setdefault(noemer, []).append(kolom)
    return uit


def _meervoud(namen: list[str], een: str, meer: str) -> str:
    return een if len(namen) == 1 else meer


def openbaarheid_in_woorden(g: Gepubliceerd, vertrouwelijk: frozenset[str]) -> list[str]:
    """How this indicator is protected, as Dutch sentences: the policy follows the source."""
    indicator: Indicator = g.indicator
    regel: Openbaarheid = indicator.openbaarheid
    h = indicator.herleiding
    zinnen: list[str] = []
    aantallen = list(dict.fromkeys(_basis(k) for k in regel.aantallen))
    geheim = h is not None and h.bron in vertrouwelijk
    openbaar = list(
        dict.fromkeys(
            bron_naam(t)
            for t in indicator.gelezen_tabellen
            if t not in vertrouwelijk and bron_naam(t) != t  # a table without words: internal
        )
    )
    if openbaar and aantallen:
        zinnen.append(
            f"Wat op openbare bronnen rust ({_lijst(openbaar)}) publiceren we zoals de bron "
            "zelf: exact "
            f"waar DUO exact is, en DUO's bandbreedte waar DUO kleine aantallen maskeert "
            f"({KLEIN}, of bijvoorbeeld 12-15). Een cijfer uit een openbare bron schermen we "
            "nooit verder af."
        )
    if geheim:
        assert h is not None
        zinnen.append(
            f"De cijfers uit {bron_naam(h.bron)} zijn vertrouwelijk. Elk aantal dat daarop "
            "rust en 1 tot en met "
            f"{DREMPEL_AANTAL - 1} kan zijn, tonen we als {GEHEIM}. Daarnaast schermen we zoveel "
            f"andere cellen af (ook {GEHEIM}), over alle tabellen die op deze bron rusten samen, "
            "dat niemand een afgeschermd aantal kan terugrekenen uit alles wat gepubliceerd is. "
            "Elke publicatie wordt daarop gecontroleerd met een lineair programma; faalt de "
            "controle, dan publiceren we niets nieuws."
        )
        if regel.aandelen or regel.veranderingen:
            zinnen.append(
                f"Aandelen en veranderingen daarvan tonen we als {GEHEIM} als hun teller of "
                f"noemer is afgeschermd, als de noemer of basis kleiner dan {DREMPEL_NOEMER} is, "
                "of als ze anders een afgeschermd aantal zouden verraden."
            )
    elif h is not None:
        zinnen.append(
            f"Deze cijfers rusten (deels) op {bron_naam(h.bron)}. Die bron is nu niet geladen "
            "of niet vertrouwelijk; zodra die als vertrouwelijke levering geladen is, geldt "
            "daarvoor de strikte afscherming."
        )
    if regel.aandelen or regel.veranderingen:
        zinnen.append("Aandelen en veranderingen ronden we af op één decimaal.")
    if not zinnen:
        zinnen.append(
            "Deze indicator bevat geen aantallen van personen: alle kolommen worden getoond zoals "
            "berekend."
        )
    return zinnen


# The groups of the list /indicatoren, by the module that defines an indicator, in this order.
GROEPEN: dict[str, str] = {
    "leerlingen": "Leerlingen in techniek",
    "regios": "Techniek per STO-regio",
    "aanbod": "Aanbod van technische profielen",
    "aanbod_regio": "Aanbod van technische profielen",
    "kwetsbaar": "Aanbod van technische profielen",
    "bereikbaarheid": "Bereikbaarheid van het aanbod",
    "keuzevakken": "Keuzevakken en examens",
    "examens": "Keuzevakken en examens",
    "doorstroom": "Doorstroom naar het mbo",
    "mbo": "Doorstroom naar het mbo",
    "stromen": "In- en doorstroom per regio",
    "docenten": "Docenten",
    "breuken": "Vergelijkbaarheid van de reeksen",
}
OVERIG = "Overige indicatoren"

# What each indicator is about, in one short sentence (the definition has the method).
KORT: dict[str, str] = {
    "leerlingen_per_profiel": "Derdejaars in bb, kb en gl op 1 oktober, per profiel en "
    "leerweg, en de verandering tegenover het vorige schooljaar.",
    "leerlingen_tl": "Derdejaars in de theoretische leerweg, per sector die DUO registreert.",
    "techniekaandeel": "Het deel van de derdejaars in bb, kb en gl dat een technisch profiel "
    "volgt, landelijk en per STO-regio.",
    "techniekaandeel_per_regio": "Het techniekaandeel per STO-regio, en of het boven het "
    "gemiddelde van de regio's ligt.",
    "techniekaandeel_per_regio_samenvatting": "Het gemiddelde techniekaandeel van de regio's, "
    "en hoeveel regio's hoog of laag uitkomen.",
    "techniekleerlingen_per_regio": "Het aantal derdejaars in een technisch profiel per "
    "STO-regio en leerweg.",
    "techniekleerlingen_per_regio_samenvatting": "Het gemiddelde aantal techniekleerlingen per "
    "regio, en hoeveel regio's er weinig of veel hebben.",
    "groeiclusters": "Groei of daling van techniek- en niet-techniekleerlingen in bb en kb per "
    "STO-regio, ingedeeld in de clusters A tot en met D.",
    "groeiclusters_samenvatting": "De clusters A tot en met D samengevat: regio's, "
    "techniekleerlingen en hun groei.",
    "groepsgrootte": "Vestigingen met een technisch profiel, ingedeeld naar hun aantal "
    "derdejaars in dat profiel en die leerweg.",
    "regio_aanbod": "In hoeveel STO-regio's een technisch profiel per leerweg wordt aangeboden, "
    "door één of door meer vestigingen.",
    "bl_kl_clusters": "Het gemiddelde aantal derdejaars per aanbiedende vestiging in bb en kb, "
    "per STO-regio en profiel, en de verandering daarvan.",
    "vestigingen_per_profiel": "Het aantal vestigingen dat een technisch profiel aanbiedt, en "
    "in welke leerwegen.",
    "regio_dekking": "Het aandeel van de STO-regio's waarin een profiel in een leerweg wordt "
    "aangeboden.",
    "techniekkeuze_per_regio": "Hoeveel technische profielen (0 tot en met 5) een STO-regio per "
    "leerweg aanbiedt.",
    "kwetsbare_groepen": "Per STO-regio de vestigingen met 10 of minder derdejaars in een "
    "technisch profiel en leerweg.",
    "bereikbaarheid": "Het aandeel derdejaars dat binnen 10 km woont van een vestiging met het "
    "profiel in hun leerweg.",
    "reisafstand": "De afstand van huis tot het dichtstbijzijnde aanbod van een profiel: "
    "verdeling, gemiddelde en mediaan.",
    "keuzevakken": "Examens in beroepsgerichte keuzevakken: het profiel van de leerling tegenover "
    "het profiel van het keuzevak.",
    "keuzevakken_per_profiel": "Examens in beroepsgerichte keuzevakken per aanbiedend profiel en "
    "per profiel van de leerling.",
    "examens_per_profiel": "Examenkandidaten, geslaagden en het slaagpercentage per profiel, "
    "leerweg en vestiging.",
    "doorstroom": "Wat leerlingen na leerjaar 4 gaan doen: mbo-bol, mbo-bbl, havo of vwo, nog "
    "in het vmbo, of anders.",
    "doorstroom_sectorkamer": "Naar welke sectorkamers van het mbo vmbo-leerlingen na leerjaar 4 "
    "gaan, per profiel.",
    "mbo_sectorkamer": "Het aantal mbo-studenten per sectorkamer: de landelijke context van de "
    "doorstroom.",
    "instroom_per_regio": "Derdejaars per STO-regio, profiel en leerweg: de instroom in leerjaar "
    "3.",
    "weglekken_per_regio": "Schatting van de derdejaars in techniek die een jaar later niet in "
    "leerjaar 4 van hun profiel op dezelfde vestiging zitten, per STO-regio.",
    "afstromers_per_regio": "Schatting van de leerlingen die tussen leerjaar 3 en 4 naar de "
    "kader- of basisberoepsgerichte leerweg gaan, per STO-regio.",
    "docenten": "Fte en personen in techniek en niet-techniek, zij-instromers, en derdejaars per "
    "fte.",
    "reeksbreuken": "Welke cijfers niet te vergelijken zijn met het jaar ervoor, en waarom.",
}


def groep(indicator: Indicator) -> str:
    """The group of the list an indicator belongs to."""
    module = indicator.bereken.__module__.rsplit(".", 1)[-1]
    return GROEPEN.get(module, OVERIG)


def kort(indicator: Indicator) -> str:
    """One short sentence on what the indicator is about; else the first of its definition."""
    if indicator.naam in KORT:
        return KORT[indicator.naam]
    eerste = re.split(r"(?<=[a-z0-9)])\. (?=[A-Z])", indicator.definitie, maxsplit=1)[0]
    return in_woorden(indicator, eerste.rstrip(".") + ".")


@dataclass(frozen=True)
class Regel:
    """One indicator in the list of /indicatoren."""

    naam: str
    titel: str
    beschrijving: str
    rapport: str
    per_regio: bool
    ontbreekt: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.ontbreekt:
            return "bron ontbreekt: " + ", ".join(dict.fromkeys(map(bron_naam, self.ontbreekt)))
        return "beschikbaar"


def regels(snap: Snapshot) -> list[Regel]:
    """Every indicator of the snapshot, in registry order."""
    return [
        Regel(
            naam=g.indicator.naam,
            titel=g.indicator.titel,
            beschrijving=kort(g.indicator),
            rapport=rapport(g.indicator.reproduceert),
            per_regio=g.indicator.per_regio,
            ontbreekt=g.ontbreekt,
        )
        for g in snap.indicatoren.values()
    ]


def groepen(snap: Snapshot) -> list[tuple[str, list[Regel]]]:
    """The list grouped by subject, groups in the order of ``GROEPEN`` (registry order within)."""
    per_groep: dict[str, list[Regel]] = {}
    for g, regel in zip(snap.indicatoren.values(), regels(snap), strict=True):
        per_groep.setdefault(groep(g.indicator), []).append(regel)
    volgorde = [*dict.fromkeys(GROEPEN.values()), OVERIG]
    return [(naam, per_groep[naam]) for naam in volgorde if naam in per_groep]


def _gepubliceerd(snap: Snapshot, naam: str) -> Gepubliceerd:
    g = snap.indicatoren.get(naam)
    if g is None:
        raise NotFoundError(
            f"onbekende indicator {naam!r}; zie /indicatoren voor alle indicatoren van de monitor"
        )
    return g


@dataclass(frozen=True)
class Breuk:
    """A break in the series of this indicator (the register reeksbreuken)."""

    schooljaar: int
    vorig_schooljaar: int | None
    reden: str


def _register(snap: Snapshot) -> pa.Table | None:
    """The typed rows of the register of series breaks, when it is published."""
    register = snap.indicatoren.get("reeksbreuken")
    return register.data if register is not None else None


def breuken(snap: Snapshot, naam: str) -> list[Breuk]:
    """The breaks that leave this indicator's changes out (or that its years cannot be compared
    across), newest first."""
    register = _register(snap)
    if register is None:
        return []
    uit = []
    for r in register.to_pylist():
        if naam in str(r.get("reeksen") or "").split(", ") and r.get("schooljaar") is not None:
            vorig = r.get("vorig_schooljaar")
            uit.append(Breuk(int(r["schooljaar"]), int(vorig) if vorig else None, str(r["reden"])))
    return sorted(uit, key=lambda b: -b.schooljaar)


@dataclass(frozen=True)
class Bestand:
    """A loaded file an indicator was computed from, for a person."""

    bron_id: int
    gegevens: str  # what the file holds, in words
    formaat: str  # the kind of file (its Dutch title)
    schooljaar: int | None
    bestand: str
    geladen_op: dt.datetime
    sha256: str


def bestanden(snap: Snapshot, h: Herkomst) -> list[Bestand]:
    per_id = {b["bron_id"]: b for b in snap.bronnen}
    uit = []
    for b in h.bronnen:
        formaat = str(per_id.get(b.bron_id, {}).get("formaat") or "")
        uit.append(
            Bestand(
                b.bron_id,
                hoofdletter(bron_naam(b.doel)),
                formaat_naam(formaat) if formaat else "",
                b.schooljaar,
                b.bestand,
                b.geladen_op,
                b.sha256,
            )
        )
    return uit


def hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


def bronnen_in_woorden(h: Herkomst) -> str:
    """ "de leerlingentelling van DUO (2019/2020 tot en met 2024/2025) en de indeling in
    STO-regio's": every source the indicator reads, with the school years loaded."""
    jaren: dict[str, list[int]] = {}
    for b in h.bronnen:
        lijst = jaren.setdefault(bron_naam(b.doel), [])
        if b.schooljaar is not None:
            lijst.append(b.schooljaar)
    delen = []
    for naam in dict.fromkeys([*jaren, *(bron_naam(t) for t in h.tabellen)]):
        if naam not in jaren:
            continue
        j = sorted(set(jaren[naam]))
        if len(j) > 1:
            naam += f" ({schooljaar(j[0])} tot en met {schooljaar(j[-1])})"
        elif j:
            naam += f" ({schooljaar(j[0])})"
        delen.append(naam)
    return _lijst(delen)


def _downloads(naam: str, jaar: int | None) -> list[tuple[str, str]]:
    """(text, href) of the files of this indicator: the page's table and the whole series."""
    uit = []
    if jaar is not None:
        query = urlencode({"indicator": naam, "schooljaar": jaar})
        uit += [
            (f"Excel, {schooljaar(jaar)}", f"/verkenner.xlsx?{query}"),
            (f"CSV, {schooljaar(jaar)}", f"/verkenner.csv?{query}"),
        ]
    alle = urlencode({"indicator": naam})
    wat = "alle schooljaren" if jaar is not None else "de hele tabel"
    uit += [(f"Excel, {wat}", f"/verkenner.xlsx?{alle}"), (f"CSV, {wat}", f"/verkenner.csv?{alle}")]
    return uit


def _context(snap: Snapshot, g: Gepubliceerd) -> dict[str, object]:
    i: Indicator = g.indicator
    h = g.herkomst
    vertrouwelijk = snap.controle.vertrouwelijk if snap.controle else frozenset()
    jaar = nieuwste_jaar(g)
    alle_rijen = rijen_van(g, jaar)
    return {
        "g": g,
        "i": i,
        "h": h,
        "jaar": jaar,
        "rijen": alle_rijen[:MAX_RIJEN],
        "aantal": len(alle_rijen),
        "max_rijen": MAX_RIJEN,
        "kolommen": kolommen_van(g, alle_rijen[:MAX_RIJEN]),
        "sleutels": i.sleutels,
        "sleutel": lambda kolom, waarde: sleuteltekst(snap, kolom, waarde),
        "grafiek_": grafiek(snap, g, alle_rijen) if g.beschikbaar else None,
        "downloads": _downloads(i.naam, jaar) if g.beschikbaar else [],
        "kort": kort(i),
        "definitie_tekst": in_woorden(i, i.definitie),
        "reeks_bekend": _register(snap) is not None,
        "rij_per": _lijst([kop(i, k).lower() for k in i.sleutels]),
        "rapport": rapport(i.reproduceert),
        "breuken": breuken(snap, i.naam),
        "kolombeschrijving": kolombeschrijving(i),
        "regels": openbaarheid_in_woorden(g, vertrouwelijk),
        "techniek_definitie": toelichting(snap.techniek),
        "bronnen_tekst": bronnen_in_woorden(h),
        "bestanden": bestanden(snap, h),
        "sha_kort": SHA_KORT,
        "bron_ids": tuple(sorted(b.bron_id for b in h.bronnen)),
        "moment": moment,
        "hoofdletter": hoofdletter,
        "gemeten": gemeten,
    }


@router.get("/indicatoren")
async def indicatoren(request: Request) -> Response:
    def make(snap: Snapshot) -> str:
        return html(
            request, "indicatoren.html", snapshot=snap, groepen=groepen(snap), regels=regels(snap)
        )

    return gecached(request, make, HTML)


@router.get("/indicatoren/{naam}")
async def indicator(request: Request, naam: str) -> Response:
    def make(snap: Snapshot) -> str:
        g = _gepubliceerd(snap, naam)
        return html(request, "indicator.html", snapshot=snap, **_context(snap, g))

    return gecached(request, make, HTML)
