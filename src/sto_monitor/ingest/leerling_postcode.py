"""DUO "02. Leerlingen per vestiging naar postcode leerling en leerjaar", two editions.

One line per vestiging x home postcode (with the place and gemeente of that postcode) and one
count column per leerjaar 1-6. We store it long, one row per non-zero cell, with ``<5`` as the
interval [1, 4], like the leerlingen file.

The header of the older edition (``BRIN NUMMER``, ``VESTIGINGSNUMMER``, ``cp1252``) comes from
public code that reads the real file. The newer edition, with ``INSTELLINGSCODE`` and
``VESTIGINGSCODE`` as in the leerlingen file, is written from DUO's documentation: it is a
column mapping only, so a real file fixes it in one line.

For privacy DUO may cut a postcode short (two or three digits, or nothing at all) where few
students live; such a postcode is stored as written (0-4 digits, text) and placed by the
indicator that reads it (``indicators/bereikbaarheid.py``).
"""

from __future__ import annotations

from sto_monitor.domain import OPENBAAR
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.csvlayout import (
    Check,
    CsvFormat,
    CsvLayout,
    count_checks,
    count_max,
    count_min,
    open_csv,
    scan,
)
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows
from sto_monitor.ingest.leerlingen import (
    VESTIGING_CHECKS,
    VESTIGING_KEY,
    VESTIGING_SQL,
    file_schooljaar,
)
from sto_monitor.ingest.vestigingen import BAD_GEMEENTENUMMER

TARGET = "leerling_postcode"
COUNT_COLUMNS = r"LEER- OF VERBLIJFSJAAR ([1-6])"
_COMMON = {
    "postcode": "POSTCODE LEERLING",
    "plaats": "PLAATSNAAM LEERLING",
    "gemeente": "GEMEENTENAAM LEERLING",
    "gemeentecode": "GEMEENTENUMMER LEERLING",
}
_OPTIONAL = {"peildatum": "PEILDATUM"}
# A postcode as DUO writes it: the four digits of a PC4, or fewer where DUO cut it short for
# privacy (none at all is allowed too). Letters, blanks inside or a fifth digit are refused.
BAD_POSTCODE = "NOT regexp_full_match(coalesce(trim({c}), ''), '[0-9]{{0,4}}')"
FILLED = "NOT ({col:%s} IS NULL OR trim({col:%s}) = '')"
# A line is one vestiging x postcode; a postcode that covers two places or gemeenten may come
# on two lines (different students), so place and gemeente are part of the key.
KEY = (VESTIGING_KEY, "postcode", "gemeentecode", "plaats")


def load_leerling_postcode(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    """One streaming pass of checks, then one insert of the long rows."""
    csv = open_csv(ctx, layout)
    refs = csv.refs
    repeated = layout.repeated_columns(ctx.source)
    count_refs = [refs[h] for h, _ in repeated]
    vestiging = VESTIGING_SQL.format(v=refs["vestigingsnummer"], b=refs["brin"])
    peildatum_sql = f"trim({refs['peildatum']})" if "peildatum" in refs else "NULL::VARCHAR"

    checks = [
        *VESTIGING_CHECKS,
        Check(
            "postcode",
            BAD_POSTCODE,
            "postcode leerling moet 0-4 cijfers zijn (bijv. 7511, of ingekort tot 75)",
            "postcode",
        ),
        Check(
            "gemeentecode",
            BAD_GEMEENTENUMMER,
            "gemeentenummer moet 1-4 cijfers zijn (bijv. 0106 of 153)",
            "gemeentecode",
            where=FILLED % ("gemeentecode", "gemeentecode"),
        ),
        *[check for c in count_refs for check in count_checks(c)],
    ]
    found = scan(ctx, csv, checks, {"peildata": f"list(DISTINCT {peildatum_sql})"}, key=KEY)
    if found["rows"] == 0:
        raise SourceFileError.single(
            ctx.source.path, "bevat alleen een kopregel, geen gegevens", code="leeg", line=2
        )
    jaar, peildatum = file_schooljaar(ctx, found["peildata"])

    con, bron_id = ctx.con, ctx.bron_id
    replaced = replace_rows(con, TARGET, "schooljaar = ?", [jaar], bron_id)
    kept = ", ".join(refs[n] for n in ("brin", "vestigingsnummer", "postcode", "gemeentecode"))
    unpivot_on = ", ".join(count_refs)
    kolommen = ", ".join(f"('{refs[h]}', {m.group(1)})" for h, m in repeated)
    gemeentecode = (
        f"CASE WHEN trim(u.{refs['gemeentecode']}) <> '' "
        f"THEN lpad(trim(u.{refs['gemeentecode']}), 4, '0') END"
    )
    # Two lines of one postcode (two places) add up: one row per vestiging x postcode x
    # gemeente x leerjaar.
    con.execute(
        f"""
        INSERT INTO {TARGET}
        SELECT ?, {vestiging}, coalesce(trim(u.{refs["postcode"]}), ''), {gemeentecode},
               k.leerjaar, sum({count_min("u.waarde")}), sum({count_max("u.waarde")}), ?
        FROM (UNPIVOT (SELECT {kept}, {unpivot_on} FROM {csv.reader})
              ON {unpivot_on} INTO NAME kolom VALUE waarde) AS u
        JOIN (VALUES {kolommen}) AS k(kolom, leerjaar) ON k.kolom = u.kolom
        WHERE {count_max("u.waarde")} > 0
        GROUP BY ALL
    """,
        [jaar, bron_id],
    )
    loaded = con.execute(f"SELECT count(*) FROM {TARGET} WHERE bron_id = ?", [bron_id]).fetchall()
    notes = [f"schooljaar {jaar}/{jaar + 1}"]
    return LoadResult(int(found["rows"]), int(loaded[0][0]), jaar, peildatum, replaced, notes)


def _layout(brin: str, vestigingsnummer: str) -> CsvLayout:
    return CsvLayout(
        name="duo-leerling-postcode",
        target=TARGET,
        title="DUO leerlingen per vestiging naar postcode leerling en leerjaar",
        columns={"brin": brin, "vestigingsnummer": vestigingsnummer, **_COMMON},
        optional=_OPTIONAL,
        repeated=COUNT_COLUMNS,
    )


# The edition read by public code (cp1252, VESTIGINGSNUMMER "0"/"00" or the 6-character code),
# and the newer key names from DUO's documentation (as in the leerlingen file since 2020).
LEERLING_POSTCODE = CsvFormat(
    (_layout("BRIN NUMMER", "VESTIGINGSNUMMER"), _layout("INSTELLINGSCODE", "VESTIGINGSCODE")),
    load_leerling_postcode,
    OPENBAAR,
)
FORMATS = (LEERLING_POSTCODE,)
