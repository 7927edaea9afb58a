"""The planner's engine for the web: the region's model, read once per published version.

The same functions as ``sto scenario`` and ``sto optimaliseer`` (``planner.model.laad``,
``planner.scenario.pas_toe``/``evalueer``), so the page gives the CLI's numbers. The warehouse
is opened read-only in a worker thread and closed again; the :class:`Regiomodel` is kept per
(regio, snapshot version, techniek definition), so a click costs one evaluation (tens of
milliseconds), never a query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from sto_monitor import db
from sto_monitor.indicators.definities import Definitie
from sto_monitor.planner import model as planmodel
from sto_monitor.planner.scenario import (
    Scenario,
    Uitkomst,
    Wijziging,
    evalueer,
    pas_toe,
    vandaag,
)
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.settings import Settings

MAX_MODELLEN = 120  # every region of the country, and some room for a new version

Sleutel = tuple[str, str, str, int | None]  # (regio, version, techniek, schooljaar)


@dataclass(frozen=True)
class Geladen:
    """One region's model and today's offering evaluated, for one published version."""

    snap: Snapshot
    regio: Regio
    model: planmodel.Regiomodel
    vandaag: Uitkomst


_modellen: OrderedDict[Sleutel, Geladen] = OrderedDict()
_sloten: dict[Sleutel, threading.Lock] = {}
_slot = threading.Lock()


def gepubliceerd(request: Request) -> Snapshot:
    """The snapshot under the dashboard's own definition: the planner reads the offering as
    the monitor defines it, whatever ``?definitie=`` a link carried."""
    snap: Snapshot = request.app.state.bron.snapshot()
    return snap


def _laad(snap: Snapshot, regio: Regio, settings: Settings, sleutel: Sleutel) -> Geladen:
    with _slot:
        slot = _sloten.setdefault(sleutel, threading.Lock())
    with slot:  # one read per region and version, however many clicks arrive at once
        if (klaar := _modellen.get(sleutel)) is not None:
            return klaar
        con = db.connect(snap.pad, settings=settings, read_only=True)
        try:
            model = planmodel.laad(con, regio.code, sleutel[3], techniek=sleutel[2])
        finally:
            con.close()
        geladen = Geladen(snap, regio, model, vandaag(model))
        with _slot:
            _modellen[sleutel] = geladen
            while len(_modellen) > MAX_MODELLEN:
                oud, _ = _modellen.popitem(last=False)
                _sloten.pop(oud, None)
        return geladen


async def regiomodel(request: Request, code: str, schooljaar: int | None = None) -> Geladen:
    """The region's model of the published version (read in a worker thread the first time),
    of the newest school year unless another is asked for (a saved scenario's)."""
    snap = gepubliceerd(request)
    regio = snap.regio(code)  # unknown: 404
    techniek = Definitie.van(snap.techniek).techniek
    if schooljaar is not None and schooljaar == snap.laatste_jaar:
        schooljaar = None
    sleutel = (regio.code, snap.versie, techniek, schooljaar)
    klaar = _modellen.get(sleutel)
    if klaar is not None:
        _modellen.move_to_end(sleutel)
        return klaar
    settings: Settings = request.app.state.settings
    return await run_in_threadpool(_laad, snap, regio, settings, sleutel)


def doorreken(geladen: Geladen, scenario: Scenario) -> Uitkomst:
    """The scenario applied to the region's offering and evaluated (ParameterError, with the
    change that cannot be made, when one cannot)."""
    if not scenario.wijzigingen:  # nothing moves, whatever max_km says
        return geladen.vandaag
    return evalueer(geladen.model, pas_toe(geladen.model, scenario))


def scenario_van(
    geladen: Geladen, wijzigingen: Sequence[Wijziging], max_km: float, naam: str = "dit scenario"
) -> Scenario:
    """The scenario being built (named only when it is saved)."""
    m = geladen.model
    return Scenario(naam, m.regio, m.schooljaar, tuple(wijzigingen), max_km)
