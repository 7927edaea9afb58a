"""The sections of the visiedocument and the evaluatie: ``secties.toml`` read and checked.

The structure the commission asks for (its advice, Bijlage 1 and Bijlage 2) is data: each
section has an id (stable: drafts are stored per section id), a title, the commission's own
words as guidance (``leidraad``) and the figure blocks shown beside it. :func:`structuur`
reads the file once and checks it: known kinds, unique ids, every figure id known, and every
indicator block naming a published indicator and its columns. A mistake fails at first use
with a sentence naming the place in the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from sto_monitor.errors import ConfigError, ParameterError
from sto_monitor.indicators.registry import BY_NAME

SOORTEN: tuple[str, ...] = ("visiedocument", "evaluatie")
# The blocks of the in-, door- and uitstroom view (publicatie/stromen.py's BLOKKEN), the
# forecast and the region's ondergrens: provided by code, not defined in the file.
STROMEN: tuple[str, ...] = (
    "instroom",
    "doorstroom",
    "doorstroom_mbo",
    "weglekken",
    "afstromers",
    "keuzevakken",
)
PROGNOSE = "prognose"
ONDERGRENS = "ondergrens"
VAN_CODE: frozenset[str] = frozenset({*STROMEN, PROGNOSE, ONDERGRENS})
MAX_TEKST = 20_000  # characters of the region's text in one section
BESTAND = "secties.toml"


@dataclass(frozen=True)
class Sectie:
    id: str
    titel: str
    leidraad: str  # the commission's words: what the section is to describe
    cijfers: tuple[str, ...] = ()  # figure block ids shown beside it
    groep: str = ""  # a heading above a run of sections ("Cijfermatige informatie")


@dataclass(frozen=True)
class Soort:
    """One kind of document: the visiedocument or the evaluatie."""

    soort: str
    titel: str
    bijlage: str  # where the commission describes it
    inleiding: str
    secties: tuple[Sectie, ...]

    def sectie(self, id: str) -> Sectie:
        return next(s for s in self.secties if s.id == id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.secties)

    @property
    def cijfers(self) -> tuple[str, ...]:
        """Every figure block id of the document, once, in the order of first use."""
        return tuple(dict.fromkeys(c for s in self.secties for c in s.cijfers))


@dataclass(frozen=True)
class Indicatorblok:
    """A figure block of one published indicator of the region (``[cijfer.<id>]``)."""

    id: str
    indicator: str
    titel: str
    uitleg: str
    jaren: Literal["alle", "laatste"]
    rij: tuple[str, ...]
    kolommen: tuple[str, ...] = ()
    draai: str | None = None
    waarde: str | None = None
    landelijk: tuple[str, ...] = ()


@dataclass(frozen=True)
class Structuur:
    soorten: Mapping[str, Soort]
    blokken: Mapping[str, Indicatorblok]


def soort(naam: str) -> Soort:
    """The kind of document ``naam``; an unknown kind is a :class:`ParameterError`."""
    gevonden = structuur().soorten.get(naam)
    if gevonden is None:
        raise ParameterError(
            f"Onbekende soort document {naam[:40]!r}: kies visiedocument of evaluatie."
        )
    return gevonden


@cache
def structuur() -> Structuur:
    tekst = resources.files("sto_monitor.regiodocument").joinpath(BESTAND).read_text("utf-8")
    return lees(tomllib.loads(tekst))


def lees(data: Mapping[str, Any]) -> Structuur:
    """The checked structure of a parsed ``secties.toml``."""
    blokken = {
        id: _indicatorblok(id, waarden) for id, waarden in _tabel(data, "cijfer", BESTAND).items()
    }
    bekend = VAN_CODE | set(blokken)
    soorten = {naam: _soort(naam, _tabel(data, naam, BESTAND), bekend) for naam in SOORTEN}
    extra = set(data) - {*SOORTEN, "cijfer"}
    if extra:
        raise ConfigError(f"{BESTAND}: onbekend onderdeel [{sorted(extra)[0]}]")
    return Structuur(soorten=soorten, blokken=blokken)


def _tabel(data: Mapping[str, Any], sleutel: str, plek: str) -> Mapping[str, Any]:
    waarde = data.get(sleutel)
    if not isinstance(waarde, Mapping):
        raise ConfigError(f"{plek}: [{sleutel}] ontbreekt of is geen tabel")
    return waarde


def _tekst(data: Mapping[str, Any], sleutel: str, plek: str, *, nodig: bool = True) -> str:
    waarde = data.get(sleutel, None if nodig else "")
    if not isinstance(waarde, str) or (nodig and not waarde.strip()):
        raise ConfigError(f"{plek}: {sleutel} ontbreekt of is geen tekst")
    return " ".join(waarde.split())


def _lijst(data: Mapping[str, Any], sleutel: str, plek: str) -> tuple[str, ...]:
    waarde = data.get(sleutel, [])
    if not isinstance(waarde, list) or not all(isinstance(v, str) for v in waarde):
        raise ConfigError(f"{plek}: {sleutel} is geen lijst van namen")
    if len(set(waarde)) != len(waarde):
        raise ConfigError(f"{plek}: {sleutel} noemt een naam twee keer")
    return tuple(waarde)


def _soort(naam: str, data: Mapping[str, Any], bekend: frozenset[str]) -> Soort:
    plek = f"{BESTAND} [{naam}]"
    rijen = data.get("sectie")
    if not isinstance(rijen, list) or not rijen:
        raise ConfigError(f"{plek}: geen secties ([[{naam}.sectie]])")
    secties = []
    for i, rij in enumerate(rijen, 1):
        waar = f"{plek} sectie {i}"
        id = _tekst(rij, "id", waar)
        if not id.replace("_", "").isalnum() or not id.isascii() or id != id.lower():
            raise ConfigError(f"{waar}: id {id!r} mag alleen kleine letters, cijfers en _ hebben")
        cijfers = _lijst(rij, "cijfers", waar)
        for c in cijfers:
            if c not in bekend:
                raise ConfigError(f"{waar} ({id}): onbekend cijferblok {c!r}")
        onbekend = set(rij) - {"id", "titel", "leidraad", "cijfers", "groep"}
        if onbekend:
            raise ConfigError(f"{waar} ({id}): onbekende sleutel {sorted(onbekend)[0]!r}")
        secties.append(
            Sectie(
                id=id,
                titel=_tekst(rij, "titel", waar),
                leidraad=_tekst(rij, "leidraad", waar),
                cijfers=cijfers,
                groep=_tekst(rij, "groep", waar, nodig=False),
            )
        )
    ids = [s.id for s in secties]
    dubbel = {i for i in ids if ids.count(i) > 1}
    if dubbel:
        raise ConfigError(f"{plek}: sectie-id {sorted(dubbel)[0]!r} komt twee keer voor")
    return Soort(
        soort=naam,
        titel=_tekst(data, "titel", plek),
        bijlage=_tekst(data, "bijlage", plek),
        inleiding=_tekst(data, "inleiding", plek),
        secties=tuple(secties),
    )


def _indicatorblok(id: str, data: Mapping[str, Any]) -> Indicatorblok:
    plek = f"{BESTAND} [cijfer.{id}]"
    if id in VAN_CODE:
        raise ConfigError(f"{plek}: {id!r} is al een cijferblok van de monitor zelf")
    naam = _tekst(data, "indicator", plek)
    indicator = BY_NAME.get(naam)
    if indicator is None:
        raise ConfigError(f"{plek}: onbekende indicator {naam!r}")
    if "regio" not in indicator.kolommen:
        raise ConfigError(f"{plek}: {naam} wordt niet per regio gepubliceerd")
    jaren = data.get("jaren")
    if jaren not in ("alle", "laatste"):
        raise ConfigError(f"{plek}: jaren is 'alle' of 'laatste'")
    rij = _lijst(data, "rij", plek)
    kolommen = _lijst(data, "kolommen", plek)
    landelijk = _lijst(data, "landelijk", plek)
    draai = data.get("draai")
    waarde = data.get("waarde")
    if (draai is None) != (waarde is None):
        raise ConfigError(f"{plek}: draai en waarde horen bij elkaar")
    if not rij or not (kolommen or draai):
        raise ConfigError(f"{plek}: geef rij en kolommen (of draai en waarde)")
    genoemd = [*rij, *kolommen, *landelijk, *(c for c in (draai, waarde) if c is not None)]
    for kolom in genoemd:
        if not isinstance(kolom, str) or kolom not in indicator.kolommen:
            raise ConfigError(f"{plek}: {naam} heeft geen kolom {kolom!r}")
    onbekend = set(data) - {
        "indicator",
        "titel",
        "uitleg",
        "jaren",
        "rij",
        "kolommen",
        "draai",
        "waarde",
        "landelijk",
    }
    if onbekend:
        raise ConfigError(f"{plek}: onbekende sleutel {sorted(onbekend)[0]!r}")
    return Indicatorblok(
        id=id,
        indicator=naam,
        titel=_tekst(data, "titel", plek),
        uitleg=_tekst(data, "uitleg", plek),
        jaren=jaren,
        rij=rij,
        kolommen=kolommen,
        draai=draai,
        waarde=waarde,
        landelijk=landelijk,
    )
