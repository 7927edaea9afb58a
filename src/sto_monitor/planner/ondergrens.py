"""A region's ondergrens: the fewest derdejaars with which it can offer a profiel in a leerweg
sustainably.

The commission asks every region for this bound (advice 001, Bijlage 1). It is the planner's
minimum group: the optimiser's ``min_groep``, the forecasts' flag "onder de ondergrens", and
the workspace's signals all read it from here, so a region sets it once. Until a region sets
its own, the monitor's bound for a kwetsbare groep applies (:data:`STANDAARD`, 11 derdejaars:
a group of 10 or fewer is kwetsbaar, Tabel 4.4 of the monitor).

Stored in the application database (``regio_instelling``); every change is authorised by
``beleid.vereis(PLANNEN)`` on the region and audited in the same transaction.
"""

from __future__ import annotations

from sto_monitor.accounts.beleid import Actor, Recht, vereis
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import RegioInstelling, nu
from sto_monitor.errors import ParameterError

STANDAARD = 11  # derdejaars; the optimiser's and the forecasts' default minimum group
MINIMUM, MAXIMUM = 1, 100  # also a CHECK constraint of the table
SOORT = "regio_instelling"  # the kind of object in the audit log


def lees(app_db: AppDatabase | None, regio: str) -> int:
    """The region's ondergrens, or :data:`STANDAARD` when it set none (or there is no
    application database, as for a bare warehouse in a script)."""
    if app_db is None:
        return STANDAARD
    with app_db.transactie() as session:
        rij = session.get(RegioInstelling, regio)
        return STANDAARD if rij is None else int(rij.ondergrens)


def is_eigen(app_db: AppDatabase | None, regio: str) -> bool:
    """Did the region set its own ondergrens (rather than using :data:`STANDAARD`)?"""
    if app_db is None:
        return False
    with app_db.transactie() as session:
        return session.get(RegioInstelling, regio) is not None


def zet(app_db: AppDatabase, actor: Actor, regio: str, ondergrens: int) -> None:
    """Store the region's ondergrens (``PLANNEN`` on the region), with its audit record."""
    vereis(actor, Recht.PLANNEN, regio=regio)
    if not MINIMUM <= ondergrens <= MAXIMUM:
        raise ParameterError(
            f"de ondergrens is een aantal derdejaars van {MINIMUM} tot en met {MAXIMUM}"
        )
    with app_db.transactie() as session:
        rij = session.get(RegioInstelling, regio)
        voor = None if rij is None else {"ondergrens": int(rij.ondergrens)}
        if rij is None:
            rij = RegioInstelling(
                regio=regio, ondergrens=ondergrens, gewijzigd=nu(), gewijzigd_door=actor.wie
            )
            session.add(rij)
        else:
            rij.ondergrens = ondergrens
            rij.gewijzigd = nu()
            rij.gewijzigd_door = actor.wie
        audit.schrijf(
            session,
            wie=actor.wie,
            actie="ondergrens gezet",
            soort=SOORT,
            object_id=regio,
            regio=regio,
            voor=voor,
            na={"ondergrens": ondergrens},
        )
