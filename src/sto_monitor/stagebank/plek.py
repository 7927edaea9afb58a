"""The internship place as a company enters it: typed, checked, and located by its postcode.

A place says which company offers it, for which profielen (``sto_monitor.domain``) and
leerwegen, from when to when, how many students it takes, where (address with postcode) and
whom to contact. It holds no student data at all: a school or student finds a place and calls
the contact; the stagebank never learns who.

Location: the 4-digit part of the postcode is looked up among the PC4 centroids already in
the warehouse (``schema/50_pc4.sql``, loaded from GeoNames by ``ingest/pc4.py``). The centroid
and the regio of the PC4's gemeente are copied into the application database when a company
registers or a place is published, so a search never reads the warehouse per request.

:func:`controleer` lists every problem, by field, in one :class:`PlekFout`, so a form can
show them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sto_monitor import db, domain
from sto_monitor.errors import ParameterError

POSTCODE = re.compile(r"\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*\Z")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
TELEFOON = re.compile(r"[0-9+()\- ]{6,30}\Z")
MAX_AANTAL = 100  # places per entry; more is a typing error more often than a real offer
MAX_DAGEN = 2 * 366  # a period longer than two school years is not one internship


@dataclass(frozen=True)
class Locatie:
    """A PC4 centroid and the STO-regio of its gemeente (None: outside every region)."""

    pc4: str
    plaats: str
    lat: float
    lon: float
    regio: str | None


Postcodes = Mapping[str, Locatie]


def postcodes(con: db.Connection, gemeente_regio: Mapping[str, str]) -> dict[str, Locatie]:
    """Every PC4 of the warehouse with its centroid; the regio from the published snapshot's
    ``gemeente_regio`` (gemeentecode -> regio). Read once, at registration or publication."""
    rows = con.execute("SELECT pc4, plaats, gemeentecode, lat, lon FROM pc4").fetchall()
    uit: dict[str, Locatie] = {}
    for pc4, plaats, gemeente, lat, lon in rows:
        code = f"GM{gemeente}" if gemeente and not str(gemeente).startswith("GM") else gemeente
        regio = gemeente_regio.get(code) if code else None
        uit[str(pc4)] = Locatie(str(pc4), str(plaats or ""), float(lat), float(lon), regio)
    return uit


class PlekFout(ParameterError):
    """Every problem of an entry, by field (the form's field name -> Dutch messages)."""

    def __init__(self, fouten: Mapping[str, Sequence[str]]) -> None:
        self.fouten = {veld: list(berichten) for veld, berichten in fouten.items()}
        regels = [f"{veld}: {b}" for veld, berichten in self.fouten.items() for b in berichten]
        super().__init__("Controleer de stageplaats. " + " ".join(regels))


@dataclass(frozen=True)
class PlekInvoer:
    """What a company types in (strings and numbers as the form gives them)."""

    titel: str
    profielen: Sequence[str]
    leerwegen: Sequence[str]
    begin: date | None
    eind: date | None
    aantal: int
    adres: str
    postcode: str
    contact_naam: str
    contact_email: str
    omschrijving: str = ""
    contact_telefoon: str = ""


@dataclass(frozen=True)
class Plek:
    """A checked place, located: what the database stores."""

    titel: str
    omschrijving: str
    profielen: tuple[str, ...]
    leerwegen: tuple[str, ...]
    begin: date
    eind: date
    aantal: int
    adres: str
    postcode: str  # normalised: "1234 AB", or "1234" without letters
    locatie: Locatie
    contact_naam: str
    contact_email: str
    contact_telefoon: str | None

    def velden(self) -> dict[str, Any]:
        """As the audit log records it (contact details of the company are no student data)."""
        return {
            "titel": self.titel,
            "profielen": list(self.profielen),
            "leerwegen": list(self.leerwegen),
            "begin": self.begin.isoformat(),
            "eind": self.eind.isoformat(),
            "aantal": self.aantal,
            "adres": self.adres,
            "postcode": self.postcode,
            "contact_naam": self.contact_naam,
            "contact_email": self.contact_email,
        }


def postcode(tekst: str, pcs: Postcodes) -> tuple[str, Locatie] | str:
    """The normalised postcode and its location, or the Dutch problem."""
    m = POSTCODE.match(tekst or "")
    if not m:
        return "Vul een postcode in als 1234 AB."
    pc4, letters = m.group(1), (m.group(2) or "").upper()
    if pc4 not in pcs:
        return f"Postcode {pc4} is niet bekend; controleer de postcode."
    return (f"{pc4} {letters}" if letters else pc4), pcs[pc4]


def controleer(invoer: PlekInvoer, pcs: Postcodes) -> Plek:
    """The place as stored, or a :class:`PlekFout` listing every problem by field."""
    fouten: dict[str, list[str]] = {}

    def fout(veld: str, bericht: str) -> None:
        fouten.setdefault(veld, []).append(bericht)

    titel = invoer.titel.strip()
    if not titel:
        fout("titel", "Geef de stageplaats een korte naam.")
    elif len(titel) > 200:
        fout("titel", "De naam is te lang: hoogstens 200 tekens.")
    omschrijving = invoer.omschrijving.replace("\r\n", "\n").strip()
    if len(omschrijving) > 5000:
        fout("omschrijving", "De omschrijving is te lang: hoogstens 5000 tekens.")
    profielen = tuple(dict.fromkeys(invoer.profielen))
    if not profielen:
        fout("profielen", "Kies ten minste één profiel.")
    for p in profielen:
        if p not in domain.PROFIEL_CODES:
            fout("profielen", f"Onbekend profiel {p[:20]!r}.")
    leerwegen = tuple(dict.fromkeys(invoer.leerwegen))
    if not leerwegen:
        fout("leerwegen", "Kies ten minste één leerweg.")
    for lw in leerwegen:
        if lw not in domain.LEERWEGEN:
            fout("leerwegen", f"Onbekende leerweg {lw[:20]!r}.")
    if invoer.begin is None:
        fout("begin", "Vul de begindatum in.")
    if invoer.eind is None:
        fout("eind", "Vul de einddatum in.")
    if invoer.begin and invoer.eind:
        if invoer.eind < invoer.begin:
            fout("eind", "De einddatum ligt vóór de begindatum.")
        elif (invoer.eind - invoer.begin).days > MAX_DAGEN:
            fout("eind", "Een stageperiode duurt hoogstens twee jaar.")
    if not 1 <= invoer.aantal <= MAX_AANTAL:
        fout("aantal", f"Het aantal plaatsen is 1 tot en met {MAX_AANTAL}.")
    adres = invoer.adres.strip()
    if not adres:
        fout("adres", "Vul het adres in (straat en huisnummer).")
    elif len(adres) > 300:
        fout("adres", "Het adres is te lang.")
    gevonden = postcode(invoer.postcode, pcs)
    if isinstance(gevonden, str):
        fout("postcode", gevonden)
    naam = invoer.contact_naam.strip()
    if not naam or len(naam) > 200:
        fout("contact_naam", "Vul de naam van de contactpersoon in.")
    email = invoer.contact_email.strip()
    if not EMAIL.match(email) or len(email) > 254:
        fout("contact_email", "Vul een geldig e-mailadres in.")
    telefoon = invoer.contact_telefoon.strip()
    if telefoon and not TELEFOON.match(telefoon):
        fout("contact_telefoon", "Vul een telefoonnummer in met alleen cijfers.")
    if fouten or isinstance(gevonden, str) or invoer.begin is None or invoer.eind is None:
        raise PlekFout(fouten)
    pc, locatie = gevonden
    return Plek(
        titel=titel,
        omschrijving=omschrijving,
        profielen=profielen,
        leerwegen=leerwegen,
        begin=invoer.begin,
        eind=invoer.eind,
        aantal=invoer.aantal,
        adres=adres,
        postcode=pc,
        locatie=locatie,
        contact_naam=naam,
        contact_email=email,
        contact_telefoon=telefoon or None,
    )
