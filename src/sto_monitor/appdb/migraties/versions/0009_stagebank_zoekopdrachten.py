"""stagebank zoekopdrachten

Issue 19: a signed-in person's saved searches for internship places, with the centre as found
at saving, whether new places are e-mailed, and when the last e-mail digest went out.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_zoekopdracht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("vraag", sa.JSON(), nullable=False),
        sa.Column("middelpunt", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatste_digest", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stage_zoekopdracht", schema=None) as batch_op:
        batch_op.create_index("ix_stage_zoekopdracht_gebruiker_id", ["gebruiker_id"], unique=False)


def downgrade() -> None:
    op.drop_table("stage_zoekopdracht")
