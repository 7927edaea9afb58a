"""Open the application database and run work in one transaction.

``AppDatabase.open(settings)`` makes the engine for ``STO_APP_DB`` (or the SQLite file beside the
warehouse), brings the schema to the code's migration (Alembic, ``migraties/``) and hands out
sessions. ``transactie()`` commits everything or nothing, which is what makes a write and its
audit record one unit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sto_monitor.errors import AppDatabaseError
from sto_monitor.settings import Settings

MIGRATIES = Path(__file__).parent / "migraties"


def maak_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout per connection.

    WAL lets the dashboard read while one writer writes, and the busy timeout makes a second
    writer wait its turn instead of answering "database is locked".
    """
    if url.startswith("sqlite"):
        pad = url.split("///", 1)[1] if "///" in url else ""
        if pad and pad != ":memory:":
            Path(pad).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def migreer(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; a no-op when it is current)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise AppDatabaseError(
            f"De applicatiedatabase is niet bereikbaar: {_zonder_geheim(engine)} ({exc.orig})"
        ) from exc


def _zonder_geheim(engine: Engine) -> str:
    """The database address for a message, with any password left out."""
    return engine.url.render_as_string(hide_password=True)


@dataclass
class AppDatabase:
    """The application database of one installation: an engine and its sessions."""

    engine: Engine
    sessies: sessionmaker[Session]

    @classmethod
    def open(cls, settings: Settings, *, migreren: bool = True) -> AppDatabase:
        return cls.van_url(settings.app_db_url, migreren=migreren)

    @classmethod
    def van_url(cls, url: str, *, migreren: bool = True) -> AppDatabase:
        engine = maak_engine(url)
        if migreren:
            migreer(engine)
        return cls(engine, sessionmaker(engine, expire_on_commit=False))

    @property
    def adres(self) -> str:
        return _zonder_geheim(self.engine)

    @contextmanager
    def transactie(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back when it raises."""
        with self.sessies.begin() as session:
            yield session

    def sluit(self) -> None:
        self.engine.dispose()
