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
from sto_monitor.indicators.definities import toelichting
from sto_monitor.indicators.registry import Indicator, Openbaarheid
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.afscherming.regels import DREMPEL_NOEMER
from sto_monitor.publicatie.afscherming.tabel import (
    GEHEIM,
    KLEIN,
    Besluit,
    getypeerd,
    weergave,
)
from sto_monitor.publicatie.gegevens import Gepubliceerd, Snapshot
from sto_monitor.publicatie.tekst import datum
from sto_monitor.web.render import gecached, html

router = APIRouter(include_in_schema=False)

HTML = "text/html; charset=utf-8"
DREMPEL_AANTAL = 5  # a confidential count below this is never shown
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
    regel = g.indicator.openbaarheid
    return list(weergave(getypeerd(leeg, regel, Besluit()), regel).column_names)


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
        dict.fromkeys(bron_naam(t) for t in indicator.gelezen_tabellen if t not in vertrouwelijk)
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
            return "bron ontbreekt: " + ", ".join(dict.fromkeys(map(bron_naam, self.ontbreekt)))
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
    vertrouwelijk = snap.controle.vertrouwelijk if snap.controle else frozenset()
    return {
        "g": g,
        "i": i,
        "h": h,
        "kolommen": kolommen,
        "regels": openbaarheid_in_woorden(g, vertrouwelijk),
        "techniek_definitie": toelichting(snap.techniek),
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
