"""stagebank

Issue 19: companies (confirmed by the region of their address), their internship places with
a row per profiel, and the indexes of the radius search (lat/lon) and of expiry (eind).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _plek() -> list[sa.Column[object]]:
    return [
        sa.Column("adres", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=7), nullable=False),
        sa.Column("pc4", sa.String(length=4), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "stage_bedrijf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("eigenaar_id", sa.Integer(), nullable=True),
        *_plek(),
        sa.Column("regio", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bevestigd", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bevestigd_door", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(["eigenaar_id"], ["gebruiker.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_bedrijf", schema=None) as batch_op:
        batch_op.create_index("ix_stage_bedrijf_eigenaar_id", ["eigenaar_id"], unique=False)
        batch_op.create_index("ix_stage_bedrijf_regio", ["regio"], unique=False)

    op.create_table(
        "stage_plaats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bedrijf_id", sa.Integer(), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("leerwegen", sa.JSON(), nullable=False),
        sa.Column("begin", sa.Date(), nullable=False),
        sa.Column("eind", sa.Date(), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        *_plek(),
        sa.Column("regio", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("contact_naam", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_telefoon", sa.String(length=30), nullable=True),
        sa.Column("ingetrokken", sa.Boolean(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.CheckConstraint("aantal >= 1", name="ck_stage_plaats_aantal"),
        sa.CheckConstraint("eind >= begin", name="ck_stage_plaats_periode"),
        sa.ForeignKeyConstraint(["bedrijf_id"], ["stage_bedrijf.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_plaats", schema=None) as batch_op:
        batch_op.create_index("ix_stage_plaats_bedrijf_id", ["bedrijf_id"], unique=False)
        batch_op.create_index("ix_stage_plaats_eind", ["eind"], unique=False)
        batch_op.create_index("ix_stage_plaats_lat_lon", ["lat", "lon"], unique=False)
        batch_op.create_index("ix_stage_plaats_regio", ["regio"], unique=False)

    op.create_table(
        "stage_plaats_profiel",
        sa.Column("plaats_id", sa.Integer(), nullable=False),
        sa.Column("profiel", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["plaats_id"], ["stage_plaats.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plaats_id", "profiel"),
    )
    with op.batch_alter_table("stage_plaats_profiel", schema=None) as batch_op:
        batch_op.create_index("ix_stage_plaats_profiel_profiel", ["profiel"], unique=False)


def downgrade() -> None:
    op.drop_table("stage_plaats_profiel")
    op.drop_table("stage_plaats")
    op.drop_table("stage_bedrijf")
