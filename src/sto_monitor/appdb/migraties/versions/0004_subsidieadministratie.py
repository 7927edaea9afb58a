"""subsidieadministratie

Issue 18: a region's subsidy application with its submitted versions, the commission's
questions and assessments, the national team's decision, the yearly accountability, and the
per-region maxima the national team enters. Amounts are integer cents.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATUSSEN = "('concept', 'ingediend', 'in_beoordeling', 'toegekend', 'afgewezen', 'aangepast')"


def _aanvraag_id() -> sa.Column[int]:
    return sa.Column("aanvraag_id", sa.Integer(), nullable=False)


def _naar_aanvraag() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["aanvraag_id"], ["subsidie_aanvraag.id"], ondelete="CASCADE")


def upgrade() -> None:

    op.create_table(
        "subsidie_aanvraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("regeling", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("concept", sa.JSON(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.Column("ingediend", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingediend_door", sa.String(length=320), nullable=True),
        sa.CheckConstraint(f"status IN {STATUSSEN}", name="ck_subsidie_aanvraag_status"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subsidie_aanvraag", schema=None) as batch_op:
        batch_op.create_index("ux_subsidie_aanvraag", ["regio", "regeling"], unique=True)

    op.create_table(
        "subsidie_aanvraag_versie",
        _aanvraag_id(),
        sa.Column("nummer", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ingediend", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingediend_door", sa.String(length=320), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        _naar_aanvraag(),
        sa.PrimaryKeyConstraint("aanvraag_id", "nummer"),
    )
    op.create_table(
        "subsidie_vraag",
        sa.Column("id", sa.Integer(), nullable=False),
        _aanvraag_id(),
        sa.Column("gesteld", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gesteld_door", sa.String(length=320), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("antwoord", sa.Text(), nullable=True),
        sa.Column("beantwoord", sa.DateTime(timezone=True), nullable=True),
        sa.Column("beantwoord_door", sa.String(length=320), nullable=True),
        _naar_aanvraag(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subsidie_vraag", schema=None) as batch_op:
        batch_op.create_index("ix_subsidie_vraag_aanvraag_id", ["aanvraag_id"], unique=False)

    op.create_table(
        "subsidie_beoordeling",
        sa.Column("id", sa.Integer(), nullable=False),
        _aanvraag_id(),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(length=320), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("opmerkingen", sa.JSON(), nullable=False),
        sa.Column("advies", sa.String(length=20), nullable=False),
        sa.Column("advies_bedrag", sa.BigInteger(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "advies IN ('toekennen', 'aanpassen', 'afwijzen')",
            name="ck_subsidie_beoordeling_advies",
        ),
        sa.CheckConstraint("advies_bedrag >= 0", name="ck_subsidie_beoordeling_bedrag"),
        _naar_aanvraag(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subsidie_beoordeling", schema=None) as batch_op:
        batch_op.create_index("ix_subsidie_beoordeling_aanvraag_id", ["aanvraag_id"], unique=False)

    op.create_table(
        "subsidie_besluit",
        _aanvraag_id(),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(length=320), nullable=False),
        sa.Column("uitkomst", sa.String(length=20), nullable=False),
        sa.Column("bedrag", sa.BigInteger(), nullable=False),
        sa.Column("per_jaar", sa.JSON(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "uitkomst IN ('toegekend', 'afgewezen', 'aangepast')",
            name="ck_subsidie_besluit_uitkomst",
        ),
        sa.CheckConstraint("bedrag >= 0", name="ck_subsidie_besluit_bedrag"),
        _naar_aanvraag(),
        sa.PrimaryKeyConstraint("aanvraag_id"),
    )
    op.create_table(
        "subsidie_verantwoording",
        sa.Column("id", sa.Integer(), nullable=False),
        _aanvraag_id(),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("ingediend", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        _naar_aanvraag(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subsidie_verantwoording", schema=None) as batch_op:
        batch_op.create_index("ux_subsidie_verantwoording", ["aanvraag_id", "jaar"], unique=True)

    op.create_table(
        "subsidie_regiomaximum",
        sa.Column("regeling", sa.String(length=60), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("bedrag", sa.BigInteger(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.CheckConstraint("bedrag >= 0", name="ck_subsidie_regiomaximum_bedrag"),
        sa.PrimaryKeyConstraint("regeling", "regio"),
    )


def downgrade() -> None:

    op.drop_table("subsidie_regiomaximum")
    with op.batch_alter_table("subsidie_verantwoording", schema=None) as batch_op:
        batch_op.drop_index("ux_subsidie_verantwoording")
    op.drop_table("subsidie_verantwoording")
    op.drop_table("subsidie_besluit")
    with op.batch_alter_table("subsidie_beoordeling", schema=None) as batch_op:
        batch_op.drop_index("ix_subsidie_beoordeling_aanvraag_id")
    op.drop_table("subsidie_beoordeling")
    with op.batch_alter_table("subsidie_vraag", schema=None) as batch_op:
        batch_op.drop_index("ix_subsidie_vraag_aanvraag_id")
    op.drop_table("subsidie_vraag")
    op.drop_table("subsidie_aanvraag_versie")
    with op.batch_alter_table("subsidie_aanvraag", schema=None) as batch_op:
        batch_op.drop_index("ux_subsidie_aanvraag")
    op.drop_table("subsidie_aanvraag")
