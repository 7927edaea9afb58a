"""kennisbank facettelling

Issue 19: the search page's first view (no words, no filters) counted the facets of every
published item on every visit (100-300 ms at 100,000 items), a click on one facet value without
words those of every item with it. Now the counts are stored and kept by the database itself,
in the transaction of every write: ``kennis_facettelling`` (facet, value → published items with
it) and ``kennis_facetpaar`` (two facet values → published items with both; a value with
itself is its own count), by triggers on ``kennis_kenmerk`` (a facet row added or removed
counts when its item is published; rows are replaced, never changed, which a trigger enforces)
and on ``kennis_item`` (a status change into or out of ``gepubliceerd`` adds or removes all its
facet rows; a removed item takes its facet rows along first). Triggers rather than code in
``zoeken.indexeer``: publishing, refusing, a harvest's removal and attaching a file change the
status without indexing, and a trigger cannot be bypassed by any write, now or later. On
PostgreSQL a trigger adds with ``INSERT … ON CONFLICT DO UPDATE SET aantal = aantal + …`` (row
locked, no lost update between two transactions, counters locked in one order); SQLite has one
writer at a time. An index in ranking order of the published items makes the first results an
index scan. ``upgrade`` fills the counts of existing items.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_GEPUBLICEERD = "'gepubliceerd'"
_STATUS_VAN = "(SELECT status FROM kennis_item WHERE id = {rij}.item_id) = " + _GEPUBLICEERD
_VAN_ITEM = "SELECT facet, waarde FROM kennis_kenmerk WHERE item_id = {rij}.item_id"
_PAAR = "kennis_facetpaar (facet, waarde, facet2, waarde2, aantal)"
_ALLE_PAREN = (
    "SELECT a.facet, a.waarde, b.facet, b.waarde{extra} FROM kennis_kenmerk a"
    " JOIN kennis_kenmerk b ON b.item_id = a.item_id WHERE a.item_id = NEW.id"
)

_SQLITE = [
    # AFTER INSERT: kennis_kenmerk holds the new row too, so (new, new) is among the pairs
    f"""CREATE TRIGGER kennis_telling_kenmerk_in AFTER INSERT ON kennis_kenmerk
    WHEN {_STATUS_VAN.format(rij="NEW")}
    BEGIN
        INSERT OR IGNORE INTO kennis_facettelling (facet, waarde, aantal)
            VALUES (NEW.facet, NEW.waarde, 0);
        UPDATE kennis_facettelling SET aantal = aantal + 1
            WHERE facet = NEW.facet AND waarde = NEW.waarde;
        INSERT OR IGNORE INTO {_PAAR}
            SELECT NEW.facet, NEW.waarde, facet, waarde, 0
                FROM kennis_kenmerk WHERE item_id = NEW.item_id
            UNION SELECT facet, waarde, NEW.facet, NEW.waarde, 0
                FROM kennis_kenmerk WHERE item_id = NEW.item_id;
        UPDATE kennis_facetpaar SET aantal = aantal + 1
            WHERE facet = NEW.facet AND waarde = NEW.waarde
            AND (facet2, waarde2) IN ({_VAN_ITEM.format(rij="NEW")});
        UPDATE kennis_facetpaar SET aantal = aantal + 1
            WHERE facet2 = NEW.facet AND waarde2 = NEW.waarde
            AND (facet, waarde) IN ({_VAN_ITEM.format(rij="NEW")})
            AND (facet, waarde) <> (NEW.facet, NEW.waarde);
    END""",
    # AFTER DELETE: kennis_kenmerk no longer holds the old row
    f"""CREATE TRIGGER kennis_telling_kenmerk_uit AFTER DELETE ON kennis_kenmerk
    WHEN {_STATUS_VAN.format(rij="OLD")}
    BEGIN
        UPDATE kennis_facettelling SET aantal = aantal - 1
            WHERE facet = OLD.facet AND waarde = OLD.waarde;
        UPDATE kennis_facetpaar SET aantal = aantal - 1
            WHERE facet = OLD.facet AND waarde = OLD.waarde
            AND facet2 = OLD.facet AND waarde2 = OLD.waarde;
        UPDATE kennis_facetpaar SET aantal = aantal - 1
            WHERE facet = OLD.facet AND waarde = OLD.waarde
            AND (facet2, waarde2) IN ({_VAN_ITEM.format(rij="OLD")});
        UPDATE kennis_facetpaar SET aantal = aantal - 1
            WHERE facet2 = OLD.facet AND waarde2 = OLD.waarde
            AND (facet, waarde) IN ({_VAN_ITEM.format(rij="OLD")});
    END""",
    """CREATE TRIGGER kennis_telling_kenmerk_anders BEFORE UPDATE ON kennis_kenmerk
    BEGIN
        SELECT RAISE(ABORT, 'kennis_kenmerk: vervang een rij, wijzig haar niet');
    END""",
    f"""CREATE TRIGGER kennis_telling_status AFTER UPDATE OF status ON kennis_item
    WHEN (OLD.status = {_GEPUBLICEERD}) <> (NEW.status = {_GEPUBLICEERD})
    BEGIN
        INSERT OR IGNORE INTO kennis_facettelling (facet, waarde, aantal)
            SELECT facet, waarde, 0 FROM kennis_kenmerk WHERE item_id = NEW.id;
        UPDATE kennis_facettelling
            SET aantal = aantal + (CASE WHEN NEW.status = {_GEPUBLICEERD} THEN 1 ELSE -1 END)
            WHERE (facet, waarde) IN
                (SELECT facet, waarde FROM kennis_kenmerk WHERE item_id = NEW.id);
        INSERT OR IGNORE INTO {_PAAR} {_ALLE_PAREN.format(extra=", 0")};
        UPDATE kennis_facetpaar
            SET aantal = aantal + (CASE WHEN NEW.status = {_GEPUBLICEERD} THEN 1 ELSE -1 END)
            WHERE (facet, waarde, facet2, waarde2) IN ({_ALLE_PAREN.format(extra="")});
    END""",
    """CREATE TRIGGER kennis_telling_weg BEFORE DELETE ON kennis_item
    BEGIN
        DELETE FROM kennis_kenmerk WHERE item_id = OLD.id;
    END""",
]

# One function for the counting triggers; the transition tables (``oud``, ``nieuw``) are only
# read in the branches of the trigger that has them. Grouped and sorted: one statement updates
# a counter once, and every transaction locks counters in the same order.
_UPSERT = """INSERT INTO {tabel} AS t ({kolommen}, aantal)
            SELECT {kolommen}, sum(d) FROM ({rijen}) x GROUP BY {kolommen} ORDER BY {kolommen}
            ON CONFLICT ({kolommen}) DO UPDATE SET aantal = t.aantal + EXCLUDED.aantal;"""
_EEN = {"tabel": "kennis_facettelling", "kolommen": "facet, waarde"}
_TWEE = {"tabel": "kennis_facetpaar", "kolommen": "facet, waarde, facet2, waarde2"}
# the rows of a transition table whose item is published
_GEPUBLICEERDE = (
    "(SELECT r.* FROM {rijen} r JOIN kennis_item i ON i.id = r.item_id"
    f" WHERE i.status = {_GEPUBLICEERD})"
)
_NIEUW, _OUD = _GEPUBLICEERDE.format(rijen="nieuw"), _GEPUBLICEERDE.format(rijen="oud")
# AFTER INSERT: kennis_kenmerk holds old and new rows; the added pairs are new with all, and
# the other rows with new
_IN_EEN = f"SELECT facet, waarde, 1 AS d FROM {_NIEUW} n"
_IN_TWEE = f"""SELECT n.facet, n.waarde, k.facet AS facet2, k.waarde AS waarde2, 1 AS d
                FROM {_NIEUW} n JOIN kennis_kenmerk k ON k.item_id = n.item_id
            UNION ALL SELECT k.facet, k.waarde, n.facet, n.waarde, 1
                FROM {_NIEUW} n JOIN kennis_kenmerk k ON k.item_id = n.item_id
                WHERE NOT EXISTS (SELECT 1 FROM nieuw m WHERE m.item_id = k.item_id
                    AND m.facet = k.facet AND m.waarde = k.waarde)"""
# AFTER DELETE: kennis_kenmerk holds the remaining rows; the removed pairs are old with old,
# old with remaining and remaining with old
_UIT_EEN = f"SELECT facet, waarde, -1 AS d FROM {_OUD} o"
_UIT_TWEE = f"""SELECT a.facet, a.waarde, b.facet AS facet2, b.waarde AS waarde2, -1 AS d
                FROM {_OUD} a JOIN oud b ON b.item_id = a.item_id
            UNION ALL SELECT o.facet, o.waarde, k.facet, k.waarde, -1
                FROM {_OUD} o JOIN kennis_kenmerk k ON k.item_id = o.item_id
            UNION ALL SELECT k.facet, k.waarde, o.facet, o.waarde, -1
                FROM {_OUD} o JOIN kennis_kenmerk k ON k.item_id = o.item_id"""
_STATUS = f"""FROM oud o JOIN nieuw n ON n.id = o.id JOIN kennis_kenmerk a ON a.item_id = n.id
                {{meer}} WHERE (o.status = {_GEPUBLICEERD}) <> (n.status = {_GEPUBLICEERD})"""
_TEKEN = f"CASE WHEN n.status = {_GEPUBLICEERD} THEN 1 ELSE -1 END AS d"
_STATUS_EEN = f"SELECT a.facet, a.waarde, {_TEKEN} {_STATUS.format(meer='')}"
_STATUS_TWEE = (
    f"SELECT a.facet, a.waarde, b.facet AS facet2, b.waarde AS waarde2, {_TEKEN} "
    + _STATUS.format(meer="JOIN kennis_kenmerk b ON b.item_id = n.id")
)
_POSTGRES = [
    f"""CREATE FUNCTION kennis_telling() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'kennis_item' THEN
            {_UPSERT.format(rijen=_STATUS_EEN, **_EEN)}
            {_UPSERT.format(rijen=_STATUS_TWEE, **_TWEE)}
        ELSIF TG_OP = 'INSERT' THEN
            {_UPSERT.format(rijen=_IN_EEN, **_EEN)}
            {_UPSERT.format(rijen=_IN_TWEE, **_TWEE)}
        ELSE
            {_UPSERT.format(rijen=_UIT_EEN, **_EEN)}
            {_UPSERT.format(rijen=_UIT_TWEE, **_TWEE)}
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER kennis_telling_kenmerk_in AFTER INSERT ON kennis_kenmerk
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION kennis_telling()""",
    """CREATE TRIGGER kennis_telling_kenmerk_uit AFTER DELETE ON kennis_kenmerk
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION kennis_telling()""",
    """CREATE TRIGGER kennis_telling_status AFTER UPDATE ON kennis_item
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION kennis_telling()""",
    """CREATE FUNCTION kennis_telling_weg() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'kennis_kenmerk' THEN
            RAISE EXCEPTION 'kennis_kenmerk: vervang een rij, wijzig haar niet';
        END IF;
        DELETE FROM kennis_kenmerk WHERE item_id = OLD.id;
        RETURN OLD;
    END $$""",
    """CREATE TRIGGER kennis_telling_kenmerk_anders BEFORE UPDATE ON kennis_kenmerk
    FOR EACH STATEMENT EXECUTE FUNCTION kennis_telling_weg()""",
    """CREATE TRIGGER kennis_telling_weg BEFORE DELETE ON kennis_item
    FOR EACH ROW EXECUTE FUNCTION kennis_telling_weg()""",
]

_VUL = [
    f"""INSERT INTO kennis_facettelling (facet, waarde, aantal)
    SELECT k.facet, k.waarde, count(*) FROM kennis_kenmerk k
    JOIN kennis_item i ON i.id = k.item_id WHERE i.status = {_GEPUBLICEERD}
    GROUP BY k.facet, k.waarde""",
    f"""INSERT INTO {_PAAR}
    SELECT a.facet, a.waarde, b.facet, b.waarde, count(*) FROM kennis_kenmerk a
    JOIN kennis_kenmerk b ON b.item_id = a.item_id
    JOIN kennis_item i ON i.id = a.item_id WHERE i.status = {_GEPUBLICEERD}
    GROUP BY a.facet, a.waarde, b.facet, b.waarde""",
]
_TRIGGERS = (
    ("kenmerk_in", "kennis_kenmerk"),
    ("kenmerk_uit", "kennis_kenmerk"),
    ("kenmerk_anders", "kennis_kenmerk"),
    ("status", "kennis_item"),
    ("weg", "kennis_item"),
)


def upgrade() -> None:
    op.create_table(
        "kennis_facettelling",
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("waarde", sa.String(length=60), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "waarde"),
    )
    op.create_table(
        "kennis_facetpaar",
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("waarde", sa.String(length=60), nullable=False),
        sa.Column("facet2", sa.String(length=20), nullable=False),
        sa.Column("waarde2", sa.String(length=60), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "waarde", "facet2", "waarde2"),
    )
    op.create_index(
        "ix_kennis_item_rang", "kennis_item", ["status", "gebruikt_door", "gepubliceerd", "id"]
    )
    # The triggers first: on PostgreSQL they lock the tables against writes until this
    # transaction commits, so the counts filled below miss nothing.
    for sql in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(sql)
    for sql in _VUL:
        op.execute(sql)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for naam, tabel in _TRIGGERS:
        op.execute(f"DROP TRIGGER kennis_telling_{naam}" + ("" if sqlite else f" ON {tabel}"))
    if not sqlite:
        op.execute("DROP FUNCTION kennis_telling()")
        op.execute("DROP FUNCTION kennis_telling_weg()")
    op.drop_index("ix_kennis_item_rang", table_name="kennis_item")
    op.drop_table("kennis_facetpaar")
    op.drop_table("kennis_facettelling")
