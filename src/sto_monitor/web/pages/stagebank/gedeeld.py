"""What every stagebank page shares: blocking work off the event loop, the postcode table,
the page answer for signed-in pages, and the words a page shows for profielen, leerwegen and
dates.

Kept small and stable: the search, feed and saved-search pages import from here too.

The postcode table (every PC4 with its centroid and the regio of its gemeente, from
:func:`sto_monitor.stagebank.plek.postcodes`) is read from the warehouse once per published
snapshot, in a worker thread, and kept until the snapshot changes: a registration, a
publication or a search by postcode then costs a dictionary lookup, not a warehouse read.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from fastapi.responses import Response

from sto_monitor import db as warehouse
from sto_monitor import domain
from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb.tabellen import StageBedrijf, StagePlaats
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.taal import datum
from sto_monitor.settings import Settings
from sto_monitor.stagebank.plek import (
    Locatie,
    Plek,
    PlekFout,
    PlekInvoer,
    Postcodes,
    controleer,
    postcodes,
)
from sto_monitor.web.pages.regiodocument import gedeeld as regiodocument
from sto_monitor.web.toegang import formulier_alle, instellingen

__all__ = [
    "LEERWEG_NAAM",
    "PROFIEL_NAAM",
    "Formulier",
    "Id",
    "Regiocode",
    "controleer_plaats",
    "datum",
    "db",
    "formulier_van_plaats",
    "gepubliceerd",
    "leerweg_namen",
    "nieuwe_plaats",
    "pagina",
    "periode_tekst",
    "plaats_formulier",
    "postcode_tabel",
    "postcode_tabel_van",
    "profiel_namen",
    "vandaag",
    "velden",
    "wie",
]

T = TypeVar("T")

Id = Annotated[int, Path(ge=1, le=1_000_000_000)]
Regiocode = regiodocument.Regiocode

PROFIEL_NAAM: dict[str, str] = {p.code: p.naam for p in domain.PROFIELEN}
LEERWEG_NAAM: dict[str, str] = dict(domain.LEERWEGEN)

wie = regiodocument.wie
db = regiodocument.db  # blocking work (the application database, the warehouse) off the loop


def vandaag() -> date:
    """Today: a place is current up to and including its end date."""
    return date.today()


def profiel_namen(codes: Sequence[str]) -> str:
    """ "Bouwen, wonen en interieur, Groen" for the codes, in the order of the domain."""
    return ", ".join(PROFIEL_NAAM[c] for c in PROFIEL_NAAM if c in codes)


def leerweg_namen(codes: Sequence[str]) -> str:
    """ "basisberoepsgerichte leerweg, gemengde leerweg" for the codes, in the domain's order."""
    return ", ".join(LEERWEG_NAAM[c] for c in LEERWEG_NAAM if c in codes)


def periode_tekst(begin: date, eind: date) -> str:
    """ "3 februari 2027 tot en met 14 februari 2027"."""
    return f"{datum(begin)} tot en met {datum(eind)}"


# Words every stagebank template may use.
WOORDEN: dict[str, Any] = {
    "profiel_naam": PROFIEL_NAAM,
    "leerweg_naam": LEERWEG_NAAM,
    "profiel_namen": profiel_namen,
    "leerweg_namen": leerweg_namen,
    "periode_tekst": periode_tekst,
    "datum": datum,
}


def pagina(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """A signed-in page (never cached, with the CSRF token for its forms), with the
    stagebank's words (:data:`WOORDEN`) in the template's context."""
    return regiodocument.pagina(request, template, status, **{**WOORDEN, **context})


# ---------------------------------------------------------------- the postcode table

_slot = threading.Lock()
_tabel: dict[str, Mapping[str, Locatie]] = {}  # snapshot (path and version) -> table


def gepubliceerd(request: Request) -> Snapshot:
    """The snapshot under the dashboard's own definition (the postcodes and regions do not
    depend on a ``?definitie=`` a link carried)."""
    snap: Snapshot = request.app.state.bron.snapshot()
    return snap


def postcode_tabel_van(snap: Snapshot, settings: Settings) -> Mapping[str, Locatie]:
    """The PC4 table of the snapshot's warehouse (blocking; read once per snapshot)."""
    sleutel = f"{snap.pad}|{snap.versie}"
    with _slot:
        if (klaar := _tabel.get(sleutel)) is not None:
            return klaar
        con = warehouse.connect(snap.pad, settings=settings, read_only=True)
        try:
            tabel = postcodes(con, snap.gemeente_regio)
        finally:
            con.close()
        _tabel.clear()  # an older snapshot's table is never asked for again
        _tabel[sleutel] = tabel
        return tabel


async def postcode_tabel(request: Request) -> Mapping[str, Locatie]:
    """The PC4 table of the published snapshot (read in a worker thread the first time)."""
    snap, settings = gepubliceerd(request), instellingen(request)
    klaar = _tabel.get(f"{snap.pad}|{snap.versie}")
    if klaar is not None:
        return klaar
    return await db(lambda: postcode_tabel_van(snap, settings))


# ---------------------------------------------------------------- the forms

DATUM_NL = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*\Z")
LIJSTEN = ("profielen", "leerwegen")  # checkbox groups: every value counts


async def velden(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The posted form: single fields (the last value of a name) and every value of a
    checkbox group (:data:`LIJSTEN`)."""
    alles = await formulier_alle(request)
    enkel = {k: v[-1] for k, v in alles.items() if k not in LIJSTEN}
    return enkel, {k: [x for x in alles.get(k, []) if x] for k in LIJSTEN}


@dataclass
class Formulier:
    """What a person typed, exactly as typed, and the problems by field: a form that comes
    back after an error shows both."""

    waarden: dict[str, str] = field(default_factory=dict)
    lijsten: dict[str, list[str]] = field(default_factory=dict)
    fouten: dict[str, list[str]] = field(default_factory=dict)

    def w(self, naam: str) -> str:
        return self.waarden.get(naam, "")

    def gekozen(self, naam: str, waarde: str) -> bool:
        return waarde in self.lijsten.get(naam, [])

    def fout(self, naam: str) -> str:
        return " ".join(self.fouten.get(naam, []))

    def voeg_toe(self, fouten: Mapping[str, Sequence[str]]) -> None:
        for veld, berichten in fouten.items():
            self.fouten.setdefault(veld, []).extend(b for b in berichten if b)


def lees_datum(tekst: str) -> date | str | None:
    """A date as a date field sends it (2027-02-03) or as typed (3-2-2027); None when empty,
    the Dutch problem when it is no date."""
    tekst = tekst.strip()
    if not tekst:
        return None
    try:
        if m := DATUM_NL.match(tekst):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(tekst)
    except ValueError:
        return "Vul een datum in als 31-01-2027."


PLAATS_VELDEN = (
    "titel",
    "omschrijving",
    "begin",
    "eind",
    "aantal",
    "adres",
    "postcode",
    "contact_naam",
    "contact_email",
    "contact_telefoon",
)


def plaats_formulier(enkel: Mapping[str, str], lijsten: Mapping[str, list[str]]) -> Formulier:
    """The place form as posted (only its own fields)."""
    return Formulier(
        {k: enkel.get(k, "")[:6000] for k in PLAATS_VELDEN},
        {k: list(lijsten.get(k, []))[:20] for k in LIJSTEN},
    )


def controleer_plaats(f: Formulier, pcs: Postcodes) -> Plek | None:
    """The checked place, or None with every problem in ``f.fouten``: what could not be read
    (a date, a number) and what the domain's :func:`controleer` refuses."""
    eigen: dict[str, list[str]] = {}
    datums: dict[str, date | None] = {}
    for naam in ("begin", "eind"):
        gelezen = lees_datum(f.w(naam))
        if isinstance(gelezen, str):
            eigen[naam] = [gelezen]
            datums[naam] = None
        else:
            datums[naam] = gelezen
    try:
        aantal = int(f.w("aantal").strip() or "0")
    except ValueError:
        eigen["aantal"] = ["Vul het aantal plaatsen in als getal, bijvoorbeeld 2."]
        aantal = 0
    invoer = PlekInvoer(
        titel=f.w("titel"),
        profielen=f.lijsten.get("profielen", []),
        leerwegen=f.lijsten.get("leerwegen", []),
        begin=datums["begin"],
        eind=datums["eind"],
        aantal=aantal,
        adres=f.w("adres"),
        postcode=f.w("postcode"),
        contact_naam=f.w("contact_naam"),
        contact_email=f.w("contact_email"),
        omschrijving=f.w("omschrijving"),
        contact_telefoon=f.w("contact_telefoon"),
    )
    try:
        plek = controleer(invoer, pcs)
    except PlekFout as fout:
        # where the field could not be read, that is the problem to show, not "fill it in"
        f.voeg_toe({**fout.fouten, **eigen})
        return None
    if eigen:
        f.voeg_toe(eigen)
        return None
    return plek


def formulier_van_plaats(p: StagePlaats) -> Formulier:
    """The stored place as its editor shows it."""
    return Formulier(
        {
            "titel": p.titel,
            "omschrijving": p.omschrijving,
            "begin": p.begin.isoformat(),
            "eind": p.eind.isoformat(),
            "aantal": str(p.aantal),
            "adres": p.adres,
            "postcode": p.postcode,
            "contact_naam": p.contact_naam,
            "contact_email": p.contact_email,
            "contact_telefoon": p.contact_telefoon or "",
        },
        {
            "profielen": sorted(x.profiel for x in p.profielen),
            "leerwegen": list(p.leerwegen.get("leerwegen", [])),
        },
    )


def nieuwe_plaats(b: StageBedrijf, ik: Actor) -> Formulier:
    """A new place: at the company's address; the contact is the signed-in person (a
    company account), which they may change."""
    eigen = ik.rol is Rol.BEDRIJF
    return Formulier(
        {
            "aantal": "1",
            "adres": b.adres,
            "postcode": b.postcode,
            "contact_naam": ik.naam if eigen else "",
            "contact_email": ik.email if eigen else "",
        },
        {"leerwegen": list(domain.BEROEPSGERICHTE_LEERWEGEN)},
    )
