"""kennisbank

Issue 19: kennisbank items with their moderation status, their facet values, the regions'
"wij gebruiken dit" marks, and the search index of the dialect: an FTS5 virtual table on
SQLite (rowid = item id, the pre-stemmed ``zoektekst``), a GIN index over
``to_tsvector('simple', zoektekst)`` on PostgreSQL. Both index the same pre-stemmed tokens.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _item_id() -> sa.Column[int]:
    return sa.Column("item_id", sa.Integer(), nullable=False)


def _naar_item() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["item_id"], ["kennis_item.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "kennis_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("vestiging", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("zoektekst", sa.Text(), nullable=False),
        sa.Column("gebruikt_door", sa.Integer(), nullable=False),
        sa.Column("auteur_rol", sa.String(length=20), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(length=320), nullable=False),
        sa.Column("gepubliceerd", sa.DateTime(timezone=True), nullable=True),
        sa.Column("geweigerd_reden", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('concept', 'gepubliceerd', 'geweigerd')", name="ck_kennis_item_status"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kennis_item", schema=None) as batch_op:
        batch_op.create_index("ix_kennis_item_status", ["status", "gebruikt_door"], unique=False)
        batch_op.create_index("ix_kennis_item_regio", ["regio"], unique=False)

    op.create_table(
        "kennis_kenmerk",
        _item_id(),
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("waarde", sa.String(length=60), nullable=False),
        _naar_item(),
        sa.PrimaryKeyConstraint("item_id", "facet", "waarde"),
    )
    with op.batch_alter_table("kennis_kenmerk", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kennis_kenmerk_waarde", ["facet", "waarde", "item_id"], unique=False
        )

    op.create_table(
        "kennis_gebruik",
        _item_id(),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(length=320), nullable=False),
        _naar_item(),
        sa.PrimaryKeyConstraint("item_id", "regio"),
    )

    if op.get_bind().dialect.name == "sqlite":
        # Contentless: the words live in kennis_item.zoektekst; the rowid is the item's id.
        op.execute(
            "CREATE VIRTUAL TABLE kennis_zoek USING fts5("
            "zoektekst, content='', tokenize='unicode61')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_kennis_item_zoektekst ON kennis_item "
            "USING gin (to_tsvector('simple', zoektekst))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS kennis_zoek")
    else:
        op.execute("DROP INDEX IF EXISTS ix_kennis_item_zoektekst")
    op.drop_table("kennis_gebruik")
    with op.batch_alter_table("kennis_kenmerk", schema=None) as batch_op:
        batch_op.drop_index("ix_kennis_kenmerk_waarde")
    op.drop_table("kennis_kenmerk")
    with op.batch_alter_table("kennis_item", schema=None) as batch_op:
        batch_op.drop_index("ix_kennis_item_regio")
        batch_op.drop_index("ix_kennis_item_status")
    op.drop_table("kennis_item")
