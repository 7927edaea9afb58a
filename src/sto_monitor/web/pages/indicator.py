"""Definitions and provenance: "waar komt dit cijfer vandaan".

``/indicatoren`` lists every registered indicator; ``/indicatoren/{naam}`` shows one: its Dutch
definition, unit, keys and published columns, the disclosure rule in words, the method version
and techniek definition, the source tables and the loaded files it was computed from, and the
last ``sto build``. Every figure elsewhere in the dashboard links here (sections ``#definitie``,
``#openbaarheid``, ``#bronnen``, ``#build``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.inputs import TECHNIEK_DEFINITIES
from sto_monitor.indicators.openbaarheid import (
    DREMPEL_AANTAL,
    DREMPEL_NOEMER,
    GEHEIM,
    KLEIN,
    beveilig,
)
from sto_monitor.indicators.registry import Indicator, Openbaarheid
from sto_monitor.publicatie.gegevens import Gepubliceerd, Snapshot
from sto_monitor.publicatie.tekst import datum
from sto_monitor.web.render import gecached, html

router = APIRouter(include_in_schema=False)

HTML = "text/html; charset=utf-8"
SHA_KORT = 12  # characters of a sha256 shown; the full value is in the title attribute


def moment(value: dt.datetime | None) -> str:
    """A moment in Dutch: 23 november 2026, 06:18."""
    if value is None:
        return ""
    return f"{datum(value)}, {value:%H:%M}"


def gepubliceerde_kolommen(g: Gepubliceerd) -> list[str]:
    """The columns of the published table, also when it cannot be computed (source missing)."""
    if g.tabel is not None:
        return list(g.tabel.column_names)
    # Disclosure control decides which helper columns are dropped; ask it with an empty table.
    leeg = pa.table({k: pa.array([], type=pa.float64()) for k in g.indicator.kolommen})
    return list(beveilig(leeg, g.indicator.openbaarheid).column_names)


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


def openbaarheid_in_woorden(indicator: Indicator, gepubliceerd: list[str]) -> list[str]:
    """The disclosure rule of an indicator as Dutch sentences, one per rule."""
    regel: Openbaarheid = indicator.openbaarheid
    zinnen: list[str] = []
    aantallen = list(dict.fromkeys(_basis(k) for k in regel.aantallen))
    if aantallen:
        zinnen.append(
            f"Aantallen ({_lijst(aantallen)}): een aantal van 1 tot en met {DREMPEL_AANTAL - 1} "
            f"tonen we als {KLEIN}; 0 blijft 0. Een bandbreedte (DUO maskeert kleine aantallen) "
            "tonen we als min-max, bijvoorbeeld 12-15."
        )
    groepen = [g for g in (regel.groep, *regel.extra_groepen) if g]
    if aantallen and groepen:
        per = " en ook per ".join(" \N{MULTIPLICATION SIGN} ".join(g) for g in groepen)
        zinnen.append(
            f"Secundaire afscherming per {per}: staat er in zo'n groep één afgeschermde cel, "
            f"dan schermen we ook de kleinste andere cel af en tonen die als {GEHEIM}, zodat "
            "de eerste niet uit een totaal terug te rekenen is."
        )
    for noemer, aandelen in _per_waarde(regel.aandelen).items():
        zinnen.append(
            f"{_meervoud(aandelen, 'Aandeel', 'Aandelen')} {_lijst(aandelen)}: getoond als "
            f"{GEHEIM} als de noemer ({noemer}) kleiner dan {DREMPEL_NOEMER} is of kan zijn, of "
            "als in dezelfde rij een aantal is afgeschermd."
        )
    for basis, veranderingen in _per_waarde(regel.veranderingen).items():
        zinnen.append(
            f"{_meervoud(veranderingen, 'Verandering', 'Veranderingen')} {_lijst(veranderingen)}: "
            f"getoond als {GEHEIM} als de basis ({basis}, het vorige jaar) kleiner dan "
            f"{DREMPEL_NOEMER} is, of als in dezelfde rij een aantal is afgeschermd."
        )
    for afgeleid, bronnen in regel.afgeleid.items():
        zinnen.append(
            f"{afgeleid} verraadt {_lijst(list(bronnen))} en wordt {GEHEIM} zodra een daarvan "
            "is afgeschermd."
        )
    if regel.aandelen or regel.veranderingen:
        zinnen.append("Aandelen en veranderingen ronden we af op één decimaal.")
    # Columns the computation has but the published table does not: the bounds of a count
    # (published as one column) and helper denominators or bases.
    hulp = [k for k in indicator.kolommen if k not in gepubliceerd and _basis(k) not in aantallen]
    if hulp:
        zinnen.append(
            f"Hulpkolommen ({_lijst(hulp)}) publiceren we niet: ze kunnen een onbeveiligd klein "
            "aantal bevatten."
        )
    if not zinnen:
        zinnen.append(
            "Voor deze indicator is geen afschermingsregel per cel vastgelegd: alle kolommen "
            "worden getoond zoals berekend."
        )
    return zinnen


@dataclass(frozen=True)
class Regel:
    """One indicator in the list of /indicatoren."""

    naam: str
    titel: str
    eenheid: str
    reproduceert: str
    per_regio: bool
    ontbreekt: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.ontbreekt:
            return "bron ontbreekt: " + ", ".join(self.ontbreekt)
        return "beschikbaar"


def regels(snap: Snapshot) -> list[Regel]:
    """Every indicator of the snapshot, in registry order."""
    return [
        Regel(
            naam=g.indicator.naam,
            titel=g.indicator.titel,
            eenheid=g.indicator.eenheid,
            reproduceert=g.indicator.reproduceert,
            per_regio=g.indicator.per_regio,
            ontbreekt=g.ontbreekt,
        )
        for g in snap.indicatoren.values()
    ]


def _gepubliceerd(snap: Snapshot, naam: str) -> Gepubliceerd:
    g = snap.indicatoren.get(naam)
    if g is None:
        raise NotFoundError(
            f"onbekende indicator {naam!r}; zie /indicatoren voor alle indicatoren van de monitor"
        )
    return g


def _context(snap: Snapshot, g: Gepubliceerd) -> dict[str, object]:
    i: Indicator = g.indicator
    h = g.herkomst
    kolommen = gepubliceerde_kolommen(g)
    return {
        "g": g,
        "i": i,
        "h": h,
        "kolommen": kolommen,
        "regels": openbaarheid_in_woorden(i, kolommen),
        "techniek_definitie": TECHNIEK_DEFINITIES.get(snap.techniek, h.techniek_definitie),
        "sha_kort": SHA_KORT,
        "bron_ids": tuple(sorted(b.bron_id for b in h.bronnen)),
        "moment": moment,
    }


@router.get("/indicatoren")
async def indicatoren(request: Request) -> Response:
    def make(snap: Snapshot) -> str:
        return html(request, "indicatoren.html", snapshot=snap, regels=regels(snap))

    return gecached(request, make, HTML)


@router.get("/indicatoren/{naam}")
async def indicator(request: Request, naam: str) -> Response:
    def make(snap: Snapshot) -> str:
        g = _gepubliceerd(snap, naam)
        return html(request, "indicator.html", snapshot=snap, **_context(snap, g))

    return gecached(request, make, HTML)
