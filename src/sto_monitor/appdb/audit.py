"""The audit log: every write, who made it, when, and the value before and after.

``schrijf`` is called inside the write's own transaction, so a write without its record (or a
record without its write) cannot exist. The table is append-only in the database itself
(triggers in migration 0001). Secrets never reach it: callers pass the fields a person may see,
and ``schrijf`` drops any key that names a secret, as a second line of defence.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, nu

# Keys whose values never enter the log, whatever a caller passes.
GEHEIME_SLEUTELS = frozenset(
    {"wachtwoord", "wachtwoord_hash", "token", "token_hash", "csrf", "geheim", "secret"}
)


def _zonder_geheimen(waarde: dict[str, Any] | None) -> dict[str, Any] | None:
    if waarde is None:
        return None
    return {k: v for k, v in waarde.items() if k not in GEHEIME_SLEUTELS}


def schrijf(
    session: Session,
    *,
    wie: str,
    actie: str,
    soort: str,
    object_id: object,
    regio: str | None = None,
    voor: dict[str, Any] | None = None,
    na: dict[str, Any] | None = None,
    moment: datetime | None = None,
) -> Auditregel:
    regel = Auditregel(
        moment=moment or nu(),
        wie=wie,
        actie=actie,
        soort=soort,
        object_id=str(object_id),
        regio=regio,
        voor=_zonder_geheimen(voor),
        na=_zonder_geheimen(na),
    )
    session.add(regel)
    session.flush()
    _EIGEN_SCHRIJFACTIES[0] += 1
    return regel


# Writes made by this process, counted at once (another process's are seen by polling).
_EIGEN_SCHRIJFACTIES = [0]


def laatste(session: Session) -> int:
    """The number of the newest record. Every write has one, so this changes with every write
    to the application database: a version for pages made from it."""
    return int(session.scalar(select(func.max(Auditregel.id))) or 0)


def lees(
    session: Session,
    *,
    regio: str | None = None,
    soort: str | None = None,
    sinds: datetime | None = None,
    limiet: int | None = 500,
) -> Sequence[Auditregel]:
    """The newest records first, optionally of one regio or kind, or since a moment."""
    query = select(Auditregel).order_by(Auditregel.id.desc())
    if regio is not None:
        query = query.where(Auditregel.regio == regio)
    if soort is not None:
        query = query.where(Auditregel.soort == soort)
    if sinds is not None:
        query = query.where(Auditregel.moment > sinds)
    if limiet is not None:
        query = query.limit(limiet)
    return session.scalars(query).all()


class Schrijfversie:
    """A version of everything in the application database, for pages made from it: this
    process's own writes count at once, another process's within ``interval`` seconds (the
    newest audit number, read at most that often), so a page cache costs no query per request.
    """

    def __init__(self, database: AppDatabase, interval: float = 2.0) -> None:
        self.database = database
        self.interval = interval
        self._laatste = 0
        self._gelezen = -float("inf")

    def __call__(self) -> tuple[int, int]:
        nu_ = time.monotonic()
        if nu_ - self._gelezen >= self.interval:
            with self.database.transactie() as session:
                self._laatste = laatste(session)
            self._gelezen = nu_
        return self._laatste, _EIGEN_SCHRIJFACTIES[0]
