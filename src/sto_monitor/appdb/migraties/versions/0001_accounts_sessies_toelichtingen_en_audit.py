"""accounts, sessies, toelichtingen en audit

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# The audit log is append-only in the database itself, not only by convention in the code.
AUDIT_ALLEEN_TOEVOEGEN = {
    "sqlite": [
        "CREATE TRIGGER audit_geen_wijziging BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'het auditlog is alleen aan te vullen'); END",
        "CREATE TRIGGER audit_geen_verwijdering BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'het auditlog is alleen aan te vullen'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'het auditlog is alleen aan te vullen'; END $$",
        "CREATE TRIGGER audit_alleen_toevoegen BEFORE UPDATE OR DELETE OR TRUNCATE ON audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_alleen_toevoegen()",
    ],
}


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wie", sa.String(length=300), nullable=False),
        sa.Column("actie", sa.String(length=60), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=True),
        sa.Column("voor", sa.JSON(), nullable=True),
        sa.Column("na", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index("ix_audit_regio_moment", ["regio", "moment"], unique=False)

    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("wachtwoord_hash", sa.String(length=200), nullable=True),
        sa.Column("oidc_sub", sa.String(length=255), nullable=True),
        sa.Column("geblokkeerd", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatst_gezien", sa.DateTime(timezone=True), nullable=True),
        sa.Column("vorig_bezoek", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("oidc_sub"),
    )
    op.create_table(
        "inlogpoging",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("mislukt", sa.Integer(), nullable=False),
        sa.Column("geblokkeerd_tot", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("email"),
    )
    op.create_table(
        "koppeling",
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=12), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("gebruiker_id", "soort", "code"),
    )
    op.create_table(
        "resetlink",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verloopt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gebruikt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "sessie",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatst_actief", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verloopt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_table(
        "toelichting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regio", sa.String(length=20), nullable=False),
        sa.Column("vestiging", sa.String(length=20), nullable=True),
        sa.Column("onderwerp", sa.String(length=80), nullable=False),
        sa.Column("schooljaar", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("auteur_id", sa.Integer(), nullable=False),
        sa.Column("auteur_rol", sa.String(length=20), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gepubliceerd", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verborgen_reden", sa.Text(), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["auteur_id"],
            ["gebruiker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("toelichting", schema=None) as batch_op:
        batch_op.create_index("ix_toelichting_regio_status", ["regio", "status"], unique=False)

    op.create_table(
        "toelichting_versie",
        sa.Column("toelichting_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["door"],
            ["gebruiker.id"],
        ),
        sa.ForeignKeyConstraint(["toelichting_id"], ["toelichting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("toelichting_id", "versie"),
    )
    for statement in AUDIT_ALLEEN_TOEVOEGEN.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_alleen_toevoegen ON audit")
        op.execute("DROP FUNCTION audit_alleen_toevoegen()")
    op.drop_table("toelichting_versie")
    with op.batch_alter_table("toelichting", schema=None) as batch_op:
        batch_op.drop_index("ix_toelichting_regio_status")

    op.drop_table("toelichting")
    op.drop_table("sessie")
    op.drop_table("resetlink")
    op.drop_table("koppeling")
    op.drop_table("inlogpoging")
    op.drop_table("gebruiker")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_regio_moment")

    op.drop_table("audit")
