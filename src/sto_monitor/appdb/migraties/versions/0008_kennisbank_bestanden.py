"""kennisbank bestanden

Issue 19: files attached to a kennisbank item. The bytes are on disk in the uploads folder
(``Settings.bestanden_map``) under a random name; this table keeps that name, the sanitised
original name, the type recognised from the bytes, the size and the SHA-256.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kennis_bestand",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("opslagnaam", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("grootte", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["kennis_item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("opslagnaam"),
    )
    with op.batch_alter_table("kennis_bestand", schema=None) as batch_op:
        batch_op.create_index("ix_kennis_bestand_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kennis_bestand", schema=None) as batch_op:
        batch_op.drop_index("ix_kennis_bestand_item_id")
    op.drop_table("kennis_bestand")
