"""werkplaats van de regio

Issue 17: a region's settings (its ondergrens, the planner's minimum group), its visiedocument
and evaluatie with their submitted versions, and whether a scenario is shared with the national
team (existing scenarios stay private to their region).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "regio_instelling",
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("ondergrens", sa.Integer(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.CheckConstraint("ondergrens BETWEEN 1 AND 100", name="ck_regio_instelling_ondergrens"),
        sa.PrimaryKeyConstraint("regio"),
    )
    op.create_table(
        "regiodocument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("schooljaar", sa.Integer(), nullable=False),
        sa.Column("concept", sa.JSON(), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.CheckConstraint(
            "soort IN ('visiedocument', 'evaluatie')", name="ck_regiodocument_soort"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("regiodocument", schema=None) as batch_op:
        batch_op.create_index("ux_regiodocument", ["regio", "soort", "schooljaar"], unique=True)

    op.create_table(
        "regiodocument_versie",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("nummer", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ingediend", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingediend_door", sa.String(length=320), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["regiodocument.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "nummer"),
    )
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gedeeld", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("gemaakt_door", sa.String(length=320), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.drop_column("gemaakt_door")
        batch_op.drop_column("gedeeld")

    op.drop_table("regiodocument_versie")
    with op.batch_alter_table("regiodocument", schema=None) as batch_op:
        batch_op.drop_index("ux_regiodocument")

    op.drop_table("regiodocument")
    op.drop_table("regio_instelling")
