"""The tables of the application database (SQLAlchemy 2, declarative).

Migrations in ``migraties/versions`` create them; a test compares the migrated schema with
these declarations on SQLite and PostgreSQL, so the two cannot drift apart. Times are stored in
UTC. Secrets are never stored as such: a password as its Argon2id hash, a session, reset or
invitation token as its SHA-256.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy import false as sa_false
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


# ---------------------------------------------------------------- the survey (issue 7)
#
# These lived in the warehouse (schema/98_enquete.sql, 99_enquete_uitnodiging.sql), which the
# dashboard then had to open for writing, so a form post failed while `sto ingest` or `sto
# build` held the file. Written here, the form never waits for a load; `sto build` copies the
# submitted responses into the warehouse for the analysis (appdb/kopie.py).


class EnqueteGolf(Basis):
    """A wave of the programme leaders' survey; a closed wave accepts no more changes."""

    __tablename__ = "enquete_golf"

    golf: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    titel: Mapped[str] = mapped_column(String(200))  # the questionnaire's title
    gesloten: Mapped[bool] = mapped_column(Boolean, default=False)


class EnqueteRespons(Basis):
    """One region's response to one wave: a draft or submitted, from the form or a file."""

    __tablename__ = "enquete_respons"

    golf: Mapped[int] = mapped_column(ForeignKey("enquete_golf.golf"), primary_key=True)
    regio: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # concept | ingediend
    bron: Mapped[str] = mapped_column(String(12))  # import | formulier
    bestand: Mapped[str | None] = mapped_column(String(255))  # the imported file's name
    bijgewerkt_op: Mapped[datetime]
    # from a file the generator wrote (SYNTHETISCH.json), so every output says so
    synthetisch: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("status IN ('concept', 'ingediend')", name="ck_enquete_respons_status"),
        CheckConstraint("bron IN ('import', 'formulier')", name="ck_enquete_respons_bron"),
    )


class EnqueteAntwoord(Basis):
    """One answer of a response: an option code, grade or 1/0, or the text of an open item."""

    __tablename__ = "enquete_antwoord"

    golf: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    regio: Mapped[str] = mapped_column(String(20), primary_key=True)
    item: Mapped[str] = mapped_column(String(100), primary_key=True)  # stable across waves
    code: Mapped[int | None] = mapped_column(Integer)
    tekst: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(
            ["golf", "regio"],
            ["enquete_respons.golf", "enquete_respons.regio"],
            ondelete="CASCADE",
        ),
    )


class EnqueteUitnodiging(Basis):
    """An invitation link to the form: only the SHA-256 of its token is stored. A revoked link
    keeps its row (``ingetrokken_op`` set), so it never works again."""

    __tablename__ = "enquete_uitnodiging"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    golf: Mapped[int] = mapped_column(ForeignKey("enquete_golf.golf"))
    regio: Mapped[str] = mapped_column(String(20))
    aangemaakt_op: Mapped[datetime]
    ingetrokken_op: Mapped[datetime | None]  # None: the link works

    __table_args__ = (Index("ix_enquete_uitnodiging_golf_regio", "golf", "regio"),)


# ---------------------------------------------------------------- the planner (issue 6)
#
# Scenarios lived in the warehouse (schema/97_planner.sql); `sto build` copies them there for
# the region page and the regioportret, which evaluate them against the warehouse's offering.


class BewaardScenario(Basis):
    """A named list of changes to one region's offering in one school year."""

    __tablename__ = "scenario"

    naam: Mapped[str] = mapped_column(String(64), primary_key=True)
    regio: Mapped[str] = mapped_column(String(20))
    schooljaar: Mapped[int] = mapped_column(Integer)
    max_km: Mapped[float] = mapped_column(Float)  # beyond this, students of a closed offer are lost
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    gemaakt_op: Mapped[datetime]
    # Issue 17: private to the region (False) or shared with the national team and commission.
    gedeeld: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    gemaakt_door: Mapped[str | None] = mapped_column(String(320))  # Actor.wie; None: before 17
    wijzigingen: Mapped[list[BewaardeWijziging]] = relationship(
        cascade="all, delete-orphan",
        order_by="BewaardeWijziging.volgnummer",
        lazy="selectin",
        passive_deletes=True,
    )


class BewaardeWijziging(Basis):
    """One change of a scenario; changes apply in the order of ``volgnummer``."""

    __tablename__ = "scenario_wijziging"

    scenario: Mapped[str] = mapped_column(
        ForeignKey("scenario.naam", ondelete="CASCADE"), primary_key=True
    )
    volgnummer: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    soort: Mapped[str] = mapped_column(String(12))  # sluit | open | samenvoegen
    vestiging: Mapped[str] = mapped_column(String(20))
    profiel: Mapped[str] = mapped_column(String(20))
    leerweg: Mapped[str] = mapped_column(String(20))
    naar: Mapped[str | None] = mapped_column(String(20))  # samenvoegen: the vestiging that takes it
    leerlingen: Mapped[float | None] = mapped_column(Float)  # open: expected derdejaars

    __table_args__ = (
        CheckConstraint(
            "soort IN ('sluit', 'open', 'samenvoegen')", name="ck_scenario_wijziging_soort"
        ),
    )


# ---------------------------------------------------------------- the region's workspace (issue 17)


class RegioInstelling(Basis):
    """A region's own settings. ``ondergrens``: the fewest derdejaars with which the region can
    offer a profiel in a leerweg sustainably (the commission asks each region for it); the
    planner's minimum group, its forecasts' flag and the workspace all use it."""

    __tablename__ = "regio_instelling"

    regio: Mapped[str] = mapped_column(String(20), primary_key=True)
    ondergrens: Mapped[int] = mapped_column(Integer)
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))  # Actor.wie

    __table_args__ = (
        CheckConstraint("ondergrens BETWEEN 1 AND 100", name="ck_regio_instelling_ondergrens"),
    )


class Regiodocument(Basis):
    """A document the region writes for the commission: the visiedocument (Bijlage 1 of the
    commission's advice) or the yearly evaluatie (Bijlage 2). ``concept`` holds the draft texts
    per section id; submitted states are :class:`RegiodocumentVersie` rows."""

    __tablename__ = "regiodocument"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    regio: Mapped[str] = mapped_column(String(20))
    soort: Mapped[str] = mapped_column(String(20))  # visiedocument | evaluatie
    schooljaar: Mapped[int] = mapped_column(Integer)  # the school year it is about
    concept: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))  # Actor.wie
    versies: Mapped[list[RegiodocumentVersie]] = relationship(
        cascade="all, delete-orphan",
        order_by="RegiodocumentVersie.nummer",
        lazy="selectin",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint("soort IN ('visiedocument', 'evaluatie')", name="ck_regiodocument_soort"),
        Index("ux_regiodocument", "regio", "soort", "schooljaar", unique=True),
    )


class RegiodocumentVersie(Basis):
    """A submitted version: the texts and every figure with its provenance as they were then,
    so what the commission read can always be shown again and compared."""

    __tablename__ = "regiodocument_versie"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("regiodocument.id", ondelete="CASCADE"), primary_key=True
    )
    nummer: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ingediend: Mapped[datetime]
    ingediend_door: Mapped[str] = mapped_column(String(320))  # Actor.wie
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSON)


# ---------------------------------------------------------------- subsidy administration (issue 18)
#
# Amounts are integer cents (BigInteger: a period's national total exceeds 2^31 cents). The
# statuses and outcomes are the names in ``subsidie/opslag.py``.

SUBSIDIE_STATUSSEN = (
    "('concept', 'ingediend', 'in_beoordeling', 'toegekend', 'afgewezen', 'aangepast')"
)


class SubsidieAanvraag(Basis):
    """A region's application under a regulation: the draft (``Aanvraag.als_json()``) and where
    it is in the workflow. Submitted states are :class:`SubsidieAanvraagVersie` rows."""

    __tablename__ = "subsidie_aanvraag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    regio: Mapped[str] = mapped_column(String(20))
    regeling: Mapped[str] = mapped_column(String(60))  # Regeling.code
    status: Mapped[str] = mapped_column(String(20))
    concept: Mapped[dict[str, Any]] = mapped_column(JSON)
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))  # Actor.wie
    ingediend: Mapped[datetime | None]
    ingediend_door: Mapped[str | None] = mapped_column(String(320))

    __table_args__ = (
        CheckConstraint(f"status IN {SUBSIDIE_STATUSSEN}", name="ck_subsidie_aanvraag_status"),
        Index("ux_subsidie_aanvraag", "regio", "regeling", unique=True),
    )


class SubsidieAanvraagVersie(Basis):
    """A submitted version, frozen: the application and what submission checked against, so
    what the commission assessed can always be shown again."""

    __tablename__ = "subsidie_aanvraag_versie"

    aanvraag_id: Mapped[int] = mapped_column(
        ForeignKey("subsidie_aanvraag.id", ondelete="CASCADE"), primary_key=True
    )
    nummer: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ingediend: Mapped[datetime]
    ingediend_door: Mapped[str] = mapped_column(String(320))
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSON)


class SubsidieVraag(Basis):
    """A question of the commission or the national team to the region, and its answer."""

    __tablename__ = "subsidie_vraag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanvraag_id: Mapped[int] = mapped_column(
        ForeignKey("subsidie_aanvraag.id", ondelete="CASCADE"), index=True
    )
    gesteld: Mapped[datetime]
    gesteld_door: Mapped[str] = mapped_column(String(320))
    tekst: Mapped[str] = mapped_column(Text)
    antwoord: Mapped[str | None] = mapped_column(Text)
    beantwoord: Mapped[datetime | None]
    beantwoord_door: Mapped[str | None] = mapped_column(String(320))


class SubsidieBeoordeling(Basis):
    """One assessment: a score per criterion code, remarks, an advice and an advised amount.
    Every assessment is kept."""

    __tablename__ = "subsidie_beoordeling"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanvraag_id: Mapped[int] = mapped_column(
        ForeignKey("subsidie_aanvraag.id", ondelete="CASCADE"), index=True
    )
    moment: Mapped[datetime]
    door: Mapped[str] = mapped_column(String(320))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    opmerkingen: Mapped[dict[str, Any]] = mapped_column(JSON)
    advies: Mapped[str] = mapped_column(String(20))
    advies_bedrag: Mapped[int] = mapped_column(BigInteger)
    toelichting: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "advies IN ('toekennen', 'aanpassen', 'afwijzen')",
            name="ck_subsidie_beoordeling_advies",
        ),
        CheckConstraint("advies_bedrag >= 0", name="ck_subsidie_beoordeling_bedrag"),
    )


class SubsidieBesluit(Basis):
    """The national team's decision, one per application and final. ``per_jaar`` maps the
    calendar year (as text, JSON keys are text) to the amount of that year."""

    __tablename__ = "subsidie_besluit"

    aanvraag_id: Mapped[int] = mapped_column(
        ForeignKey("subsidie_aanvraag.id", ondelete="CASCADE"), primary_key=True
    )
    moment: Mapped[datetime]
    door: Mapped[str] = mapped_column(String(320))
    uitkomst: Mapped[str] = mapped_column(String(20))
    bedrag: Mapped[int] = mapped_column(BigInteger)
    per_jaar: Mapped[dict[str, Any]] = mapped_column(JSON)
    toelichting: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "uitkomst IN ('toegekend', 'afgewezen', 'aangepast')",
            name="ck_subsidie_besluit_uitkomst",
        ),
        CheckConstraint("bedrag >= 0", name="ck_subsidie_besluit_bedrag"),
    )


class SubsidieVerantwoording(Basis):
    """A year's accountability (``Verantwoording.als_json()``): a draft until ``ingediend``."""

    __tablename__ = "subsidie_verantwoording"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("subsidie_aanvraag.id", ondelete="CASCADE"))
    jaar: Mapped[int] = mapped_column(Integer)
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSON)
    ingediend: Mapped[datetime | None]
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))

    __table_args__ = (Index("ux_subsidie_verantwoording", "aanvraag_id", "jaar", unique=True),)


class SubsidieRegiomaximum(Basis):
    """A region's maximum over a regulation's period, entered by the national team where the
    regulation itself does not state it."""

    __tablename__ = "subsidie_regiomaximum"

    regeling: Mapped[str] = mapped_column(String(60), primary_key=True)
    regio: Mapped[str] = mapped_column(String(20), primary_key=True)
    bedrag: Mapped[int] = mapped_column(BigInteger)
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))

    __table_args__ = (CheckConstraint("bedrag >= 0", name="ck_subsidie_regiomaximum_bedrag"),)


# ---------------------------------------------------------------- kennisbank (issue 19)
#
# The search index is not declared here: on SQLite it is the FTS5 virtual table
# ``kennis_zoek`` (with SQLite's own shadow tables), on PostgreSQL a GIN index over
# ``to_tsvector('simple', zoektekst)``; migration 0005 makes the one of its dialect.
# ``hoort_bij_schema`` leaves them out of a comparison of the schema with these declarations.

KENNIS_ZOEKINDEX = "kennis_zoek"


def hoort_bij_schema(naam: str | None, soort: str, ouder: Any = None) -> bool:
    """Alembic's ``include_name``: False for the search index a dialect keeps by itself."""
    if naam is None:
        return True
    if soort == "table" and naam.startswith(KENNIS_ZOEKINDEX):
        return False
    return not (soort == "index" and naam == "ix_kennis_item_zoektekst")


class KennisItem(Basis):
    """A kennisbank item: what was contributed (``inhoud``, ``kennisbank.item.Item``), by which
    regio (and vestiging, for a school), and where it is in moderation. ``zoektekst`` holds the
    pre-stemmed words that both search engines index; ``gebruikt_door`` the number of regions
    that marked "wij gebruiken dit" (kept with every mark, for the ranking)."""

    __tablename__ = "kennis_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    regio: Mapped[str] = mapped_column(String(20))  # the contributing regio
    vestiging: Mapped[str | None] = mapped_column(String(20))  # a school's contribution
    status: Mapped[str] = mapped_column(String(20))
    inhoud: Mapped[dict[str, Any]] = mapped_column(JSON)
    titel: Mapped[str] = mapped_column(String(200))
    soort: Mapped[str] = mapped_column(String(30))
    zoektekst: Mapped[str] = mapped_column(Text, default="")
    gebruikt_door: Mapped[int] = mapped_column(Integer, default=0)
    auteur_rol: Mapped[str] = mapped_column(String(20))
    aangemaakt: Mapped[datetime]
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))  # Actor.wie
    gepubliceerd: Mapped[datetime | None]
    geweigerd_reden: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "status IN ('concept', 'gepubliceerd', 'geweigerd')", name="ck_kennis_item_status"
        ),
        Index("ix_kennis_item_status", "status", "gebruikt_door"),
        Index("ix_kennis_item_regio", "regio"),
    )


class KennisKenmerk(Basis):
    """One facet value of a published item (soort, profiel, thema, regio, niveau): what search
    filters and counts on, the same way on both databases."""

    __tablename__ = "kennis_kenmerk"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("kennis_item.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    waarde: Mapped[str] = mapped_column(String(60), primary_key=True)

    __table_args__ = (Index("ix_kennis_kenmerk_waarde", "facet", "waarde", "item_id"),)


class KennisGebruik(Basis):
    """A region's "wij gebruiken dit" mark on an item."""

    __tablename__ = "kennis_gebruik"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("kennis_item.id", ondelete="CASCADE"), primary_key=True
    )
    regio: Mapped[str] = mapped_column(String(20), primary_key=True)
    moment: Mapped[datetime]
    door: Mapped[str] = mapped_column(String(320))  # Actor.wie


# ---------------------------------------------------------------- stagebank (issue 19)


class StageBedrijf(Basis):
    """A company of the stagebank, owned by one `bedrijf` account. ``regio`` is the STO-regio
    its address lies in (from the PC4 at registration); that region confirms it. Lat/lon are
    the PC4 centroid, copied at registration so nothing reads the warehouse per request."""

    __tablename__ = "stage_bedrijf"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    naam: Mapped[str] = mapped_column(String(200))
    eigenaar_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="SET NULL"), index=True
    )
    adres: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(7))
    pc4: Mapped[str] = mapped_column(String(4))
    plaats: Mapped[str] = mapped_column(String(100))
    regio: Mapped[str | None] = mapped_column(String(20), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    aangemaakt: Mapped[datetime]
    bevestigd: Mapped[datetime | None]
    bevestigd_door: Mapped[str | None] = mapped_column(String(320))


class StagePlaats(Basis):
    """An internship place of a company: where, when, how many, for which profielen (the
    rows of :class:`StagePlaatsProfiel`) and leerwegen. No student data."""

    __tablename__ = "stage_plaats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bedrijf_id: Mapped[int] = mapped_column(
        ForeignKey("stage_bedrijf.id", ondelete="CASCADE"), index=True
    )
    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str] = mapped_column(Text)
    leerwegen: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"leerwegen": ["bb", ...]}
    begin: Mapped[date] = mapped_column(Date)
    eind: Mapped[date] = mapped_column(Date, index=True)
    aantal: Mapped[int] = mapped_column(Integer)
    adres: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(7))
    pc4: Mapped[str] = mapped_column(String(4))
    plaats: Mapped[str] = mapped_column(String(100))
    regio: Mapped[str | None] = mapped_column(String(20), index=True)  # of its own PC4
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    contact_naam: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_telefoon: Mapped[str | None] = mapped_column(String(30))
    ingetrokken: Mapped[bool] = mapped_column(Boolean, default=False)
    gewijzigd: Mapped[datetime]
    gewijzigd_door: Mapped[str] = mapped_column(String(320))
    profielen: Mapped[list[StagePlaatsProfiel]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("aantal >= 1", name="ck_stage_plaats_aantal"),
        CheckConstraint("eind >= begin", name="ck_stage_plaats_periode"),
        Index("ix_stage_plaats_lat_lon", "lat", "lon"),
    )


class StagePlaatsProfiel(Basis):
    """One profiel a place is open to (a row each, so the search filters in SQL)."""

    __tablename__ = "stage_plaats_profiel"

    plaats_id: Mapped[int] = mapped_column(
        ForeignKey("stage_plaats.id", ondelete="CASCADE"), primary_key=True
    )
    profiel: Mapped[str] = mapped_column(String(10), primary_key=True, index=True)


# ---------------------------------------------------------------- kennisbank harvest (issue 19)


class KennisOogstBron(Basis):
    """An external source the kennisbank harvests over OAI-PMH, with the ``until`` of its last
    complete run: the ``from`` of the next one (``kennisbank.oogst``)."""

    __tablename__ = "kennis_oogst_bron"

    bron: Mapped[str] = mapped_column(String(40), primary_key=True)
    laatst_tot: Mapped[datetime]
    gewijzigd: Mapped[datetime]


class KennisOogstRecord(Basis):
    """A harvested record: the source's record identifier and the item it became, so an update
    or a deletion at the source reaches the same item."""

    __tablename__ = "kennis_oogst_record"

    bron: Mapped[str] = mapped_column(String(40), primary_key=True)
    identifier: Mapped[str] = mapped_column(String(500), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("kennis_item.id", ondelete="CASCADE"), index=True
    )
    datestamp: Mapped[str] = mapped_column(String(40))


# ---------------------------------------------------------- stagebank saved searches (issue 19)


class StageZoekopdracht(Basis):
    """A search for internship places that a signed-in person saved (``stagebank.bewaard``).

    ``vraag`` is the search as typed (the page's and feed's query parameters); the centre is
    kept as it was found then (name, lat/lon), so the e-mail digest needs no warehouse. With
    ``email`` on, places published or changed after ``laatste_digest`` go into the next digest.
    """

    __tablename__ = "stage_zoekopdracht"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(
        ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True
    )
    vraag: Mapped[dict[str, Any]] = mapped_column(JSON)
    middelpunt: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    email: Mapped[bool] = mapped_column(Boolean, default=False)
    aangemaakt: Mapped[datetime]
    laatste_digest: Mapped[datetime]


# ---------------------------------------------------------------- kennisbank files (issue 19)


class KennisBestand(Basis):
    """A file attached to a kennisbank item (``kennisbank.bestanden``). The bytes live on disk
    under ``opslagnaam``, a random name in the uploads folder outside the web root; ``naam`` is
    the sanitised name it was uploaded with, ``media_type`` what its bytes were recognised as
    (never what the browser said)."""

    __tablename__ = "kennis_bestand"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("kennis_item.id", ondelete="CASCADE"), index=True
    )
    naam: Mapped[str] = mapped_column(String(200))
    opslagnaam: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(120))
    grootte: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    aangemaakt: Mapped[datetime]
    door: Mapped[str] = mapped_column(String(320))  # Actor.wie


# ---------------------------------------------------------------- kennisbank facet counts


class KennisFacettelling(Basis):
    """How many published items have a facet value: the counts of the search page's first view
    (``kennisbank.zoeken``), so it need not count every item. Kept by the database's own
    triggers (migration 0010) in the transaction of every write of ``kennis_kenmerk`` or of an
    item's status; a value no published item has any more keeps a row with 0."""

    __tablename__ = "kennis_facettelling"

    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    waarde: Mapped[str] = mapped_column(String(60), primary_key=True)
    aantal: Mapped[int] = mapped_column(Integer, default=0)


class KennisFacetpaar(Basis):
    """How many published items have both facet values (a value with itself: its own count):
    the counts after a click on one value without words, kept like ``KennisFacettelling``."""

    __tablename__ = "kennis_facetpaar"

    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    waarde: Mapped[str] = mapped_column(String(60), primary_key=True)
    facet2: Mapped[str] = mapped_column(String(20), primary_key=True)
    waarde2: Mapped[str] = mapped_column(String(60), primary_key=True)
    aantal: Mapped[int] = mapped_column(Integer, default=0)


# The first results without words in ranking order (``kennisbank.zoeken``): an index scan.
Index(
    "ix_kennis_item_rang",
    KennisItem.status,
    KennisItem.gebruikt_door,
    KennisItem.gepubliceerd,
    KennisItem.id,
)
