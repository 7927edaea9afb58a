"""kennisbank oogst

Issue 19: the harvest of open learning material over OAI-PMH keeps, per source, the ``until``
of its last complete run (the next run's ``from``), and per harvested record the item it
became, so updates and deletions at the source reach the same item.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kennis_oogst_bron",
        sa.Column("bron", sa.String(length=40), nullable=False),
        sa.Column("laatst_tot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("bron"),
    )
    op.create_table(
        "kennis_oogst_record",
        sa.Column("bron", sa.String(length=40), nullable=False),
        sa.Column("identifier", sa.String(length=500), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("datestamp", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["kennis_item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("bron", "identifier"),
    )
    with op.batch_alter_table("kennis_oogst_record", schema=None) as batch_op:
        batch_op.create_index("ix_kennis_oogst_record_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kennis_oogst_record", schema=None) as batch_op:
        batch_op.drop_index("ix_kennis_oogst_record_item_id")
    op.drop_table("kennis_oogst_record")
    op.drop_table("kennis_oogst_bron")
