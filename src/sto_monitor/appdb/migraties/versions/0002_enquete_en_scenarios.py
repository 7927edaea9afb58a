"""enquete en scenario's

The survey's tables (waves, responses, answers, invitation links) and the planner's scenarios,
which the warehouse held until issue 16. Existing rows come over with ``sto database
overzetten`` (``appdb/overzetten.py``); ``sto build`` copies them back into the warehouse for
the analysis (``appdb/kopie.py``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enquete_golf",
        sa.Column("golf", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("gesloten", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("golf"),
    )
    op.create_table(
        "scenario",
        sa.Column("naam", sa.String(length=64), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("schooljaar", sa.Integer(), nullable=False),
        sa.Column("max_km", sa.Float(), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("gemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("naam"),
    )
    op.create_table(
        "enquete_respons",
        sa.Column("golf", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("bron", sa.String(length=12), nullable=False),
        sa.Column("bestand", sa.String(length=255), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synthetisch", sa.Boolean(), nullable=False),
        sa.CheckConstraint("bron IN ('import', 'formulier')", name="ck_enquete_respons_bron"),
        sa.CheckConstraint("status IN ('concept', 'ingediend')", name="ck_enquete_respons_status"),
        sa.ForeignKeyConstraint(
            ["golf"],
            ["enquete_golf.golf"],
        ),
        sa.PrimaryKeyConstraint("golf", "regio"),
    )
    op.create_table(
        "enquete_uitnodiging",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("golf", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingetrokken_op", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["golf"],
            ["enquete_golf.golf"],
        ),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    with op.batch_alter_table("enquete_uitnodiging", schema=None) as batch_op:
        batch_op.create_index("ix_enquete_uitnodiging_golf_regio", ["golf", "regio"], unique=False)

    op.create_table(
        "scenario_wijziging",
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("volgnummer", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("soort", sa.String(length=12), nullable=False),
        sa.Column("vestiging", sa.String(length=20), nullable=False),
        sa.Column("profiel", sa.String(length=20), nullable=False),
        sa.Column("leerweg", sa.String(length=20), nullable=False),
        sa.Column("naar", sa.String(length=20), nullable=True),
        sa.Column("leerlingen", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "soort IN ('sluit', 'open', 'samenvoegen')", name="ck_scenario_wijziging_soort"
        ),
        sa.ForeignKeyConstraint(["scenario"], ["scenario.naam"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("scenario", "volgnummer"),
    )
    op.create_table(
        "enquete_antwoord",
        sa.Column("golf", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("code", sa.Integer(), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["golf", "regio"], ["enquete_respons.golf", "enquete_respons.regio"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("golf", "regio", "item"),
    )


def downgrade() -> None:
    op.drop_table("enquete_antwoord")
    op.drop_table("scenario_wijziging")
    with op.batch_alter_table("enquete_uitnodiging", schema=None) as batch_op:
        batch_op.drop_index("ix_enquete_uitnodiging_golf_regio")

    op.drop_table("enquete_uitnodiging")
    op.drop_table("enquete_respons")
    op.drop_table("scenario")
    op.drop_table("enquete_golf")
