"""The tables of the application database (SQLAlchemy 2, declarative).

Migrations in ``migraties/versions`` create them; a test compares the migrated schema with
these declarations on SQLite and PostgreSQL, so the two cannot drift apart. Times are stored in
UTC. Secrets are never stored as such: a password as its Argon2id hash, a session, reset or
invitation token as its SHA-256.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcTijd(TypeDecorator[datetime]):
    """A moment in UTC, aware on the way in and out on SQLite (which keeps no zone) as on
    PostgreSQL, so comparisons with ``datetime.now(UTC)`` work on both."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tijdstip zonder tijdzone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def nu() -> datetime:
    return datetime.now(UTC)


class Basis(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcTijd(), dict[str, Any]: JSON}


class Gebruiker(Basis):
    """A person with an account: a role and, for `regio` and `school`, what they are bound to."""

    __tablename__ = "gebruiker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    rol: Mapped[str] = mapped_column(String(20))
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(200))
    oidc_sub: Mapped[str | None] = mapped_column(String(255), unique=True)
    geblokkeerd: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt: Mapped[datetime]
    laatst_gezien: Mapped[datetime | None]
    vorig_bezoek: Mapped[datetime | None]
    koppelingen: Mapped[list[Koppeling]] = relationship(
        back_populates="gebruiker", cascade="all, delete-orphan", lazy="selectin"
    )


class Koppeling(Basis):
    """What a `regio` or `school` account is bound to: a regio code or a vestiging code."""

    __tablename__ = "koppeling"

    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True
    )
    soort: Mapped[str] = mapped_column(String(12), primary_key=True)  # regio | vestiging
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    gebruiker: Mapped[Gebruiker] = relationship(back_populates="koppelingen")


class Sessie(Basis):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "sessie"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    aangemaakt: Mapped[datetime]
    laatst_actief: Mapped[datetime]
    verloopt: Mapped[datetime]  # the absolute end, whatever the activity


class Inlogpoging(Basis):
    """Failed sign-ins per e-mail address, for the lockout with back-off.

    Kept per address whether or not an account exists, so the answer never tells which
    addresses have one.
    """

    __tablename__ = "inlogpoging"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    mislukt: Mapped[int] = mapped_column(Integer, default=0)
    geblokkeerd_tot: Mapped[datetime | None]


class Resetlink(Basis):
    """A one-time link to set a new password: the SHA-256 of its token, valid for an hour."""

    __tablename__ = "resetlink"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    aangemaakt: Mapped[datetime]
    verloopt: Mapped[datetime]
    gebruikt: Mapped[datetime | None]


class Auditregel(Basis):
    """One write: who, when, what, and the value before and after. Append-only (triggers)."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    moment: Mapped[datetime]
    wie: Mapped[str] = mapped_column(String(300))  # "rol e-mail" or "terminal: naam"
    actie: Mapped[str] = mapped_column(String(60))
    soort: Mapped[str] = mapped_column(String(40))  # the kind of object written
    object_id: Mapped[str] = mapped_column(String(100))
    regio: Mapped[str | None] = mapped_column(String(20))
    voor: Mapped[dict[str, Any] | None]
    na: Mapped[dict[str, Any] | None]

    __table_args__ = (Index("ix_audit_regio_moment", "regio", "moment"),)


class Toelichting(Basis):
    """A region's (or school's) explanation of one of its figures: indicator by schooljaar, or a
    section of the regioportret. Draft → published; `landelijk` may hide it with a reason."""

    __tablename__ = "toelichting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    regio: Mapped[str] = mapped_column(String(20))
    vestiging: Mapped[str | None] = mapped_column(String(20))
    onderwerp: Mapped[str] = mapped_column(String(80))  # indicator name or "sectie:<id>"
    schooljaar: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))  # concept | gepubliceerd | verborgen
    tekst: Mapped[str] = mapped_column(Text)
    auteur_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    auteur_rol: Mapped[str] = mapped_column(String(20))
    aangemaakt: Mapped[datetime]
    gewijzigd: Mapped[datetime]
    gepubliceerd: Mapped[datetime | None]
    verborgen_reden: Mapped[str | None] = mapped_column(Text)
    versie: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index("ix_toelichting_regio_status", "regio", "status"),)


class ToelichtingVersie(Basis):
    """Every saved state of a toelichting, so history is kept when it is edited or hidden."""

    __tablename__ = "toelichting_versie"

    toelichting_id: Mapped[int] = mapped_column(
        ForeignKey("toelichting.id", ondelete="CASCADE"), primary_key=True
    )
    versie: Mapped[int] = mapped_column(Integer, primary_key=True)
    moment: Mapped[datetime]
    door: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    status: Mapped[str] = mapped_column(String(12))
    tekst: Mapped[str] = mapped_column(Text)
    reden: Mapped[str | None] = mapped_column(Text)
