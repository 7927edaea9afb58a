"""DUO "02. Alle vestigingen vo": name and address of every vestiging, one monthly snapshot.

Each loaded file is kept as a snapshot (the ``vestiging`` view shows the newest); only a file
with the same PEILDATUM as an earlier one replaces it. DUO pads empty text fields with blanks;
those become NULL. Older editions name the keys ``BRIN NUMMER``/``VESTIGINGSNUMMER`` (the
latter already the full six-character code), newer ones ``INSTELLINGSCODE``/``VESTIGINGSCODE``.
"""

from __future__ import annotations

from datetime import date

from sto_monitor.domain import OPENBAAR
from sto_monitor.ingest import schooljaar as schooljaar_from
from sto_monitor.ingest.csvlayout import Check, CsvFormat, CsvLayout, Staged, run_checks
from sto_monitor.ingest.eigen_basis import stage_nonempty
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows
from sto_monitor.ingest.leerlingen import (
    MSG_OTHER_BRIN,
    OTHER_BRIN,
    VESTIGING_KEY,
    VESTIGING_SQL,
)

_COLUMNS = {
    "naam": "VESTIGINGSNAAM",
    "postcode": "POSTCODE",
    "plaats": "PLAATSNAAM",
    "gemeentecode": "GEMEENTENUMMER",
    "corop_code": "COROPGEBIED CODE",
}
_OPTIONAL = {
    "provincie": "PROVINCIE",
    "bevoegd_gezag": "BEVOEGD GEZAG NUMMER",
    "straat": "STRAATNAAM",
    "huisnummer": "HUISNUMMER-TOEVOEGING",
    "gemeente": "GEMEENTENAAM",
    "denominatie": "DENOMINATIE",
    "internetadres": "INTERNETADRES",
    "onderwijsstructuur": "ONDERWIJSSTRUCTUUR",
    "corop_naam": "COROPGEBIED NAAM",
    "onderwijsgebied_code": "ONDERWIJSGEBIED CODE",
    "onderwijsgebied_naam": "ONDERWIJSGEBIED NAAM",
    "rmc_code": "RMC-REGIO CODE",
    "rmc_naam": "RMC-REGIO NAAM",
    "peildatum": "PEILDATUM",
}
# vestiging_adres columns filled as trimmed text straight from the file.
_TEXT = (
    "bevoegd_gezag",
    "naam",
    "straat",
    "huisnummer",
    "plaats",
    "gemeente",
    "provincie",
    "denominatie",
    "onderwijsstructuur",
    "internetadres",
    "corop_code",
    "corop_naam",
    "onderwijsgebied_code",
    "onderwijsgebied_naam",
    "rmc_code",
    "rmc_naam",
)


def _layout(brin: str, vestiging: str) -> CsvLayout:
    return CsvLayout(
        name="duo-vestigingen",
        target="vestiging_adres",
        title="DUO alle vestigingen vo (adressen)",
        columns={"brin": brin, "vestigingsnummer": vestiging, **_COLUMNS},
        optional=_OPTIONAL,
    )


NOT_EMPTY = "NOT ({c} IS NULL OR trim({c}) = '')"
BAD_BRIN = "NOT coalesce(regexp_full_match(upper(trim({c})), '[0-9]{{2}}[A-Z]{{2}}'), false)"
BAD_NUMMER = (
    "NOT coalesce(regexp_full_match(trim({c}), '[0-9]{{1,2}}') "
    "OR regexp_full_match(upper(trim({c})), '[0-9]{{2}}[A-Z]{{2}}[0-9]{{2}}'), false)"
)
BAD_POSTCODE = (
    "NOT coalesce(regexp_full_match(upper(trim({c})), '[1-9][0-9]{{3}} ?[A-Z]{{2}}'), false)"
)
# Newer editions drop leading zeros (153 for 0153); the number is padded to 4 digits on load.
BAD_GEMEENTENUMMER = "NOT coalesce(regexp_full_match(trim({c}), '[0-9]{{1,4}}'), false)"
# BRIN and number; a full six-character code in the number column is fine too.
CODE_CHECKS = (
    Check(
        "brin", BAD_BRIN, "BRIN-code moet 2 cijfers + 2 letters zijn (bijv. 00AH)", "vestigingscode"
    ),
    Check(
        "vestigingsnummer",
        BAD_NUMMER,
        "vestigingscode moet 6 tekens zijn (bijv. 00AH17) of een nummer van 1-2 cijfers",
        "vestigingscode",
    ),
)
POSTCODE_SQL = r"regexp_replace(upper(trim({c})), '^([0-9]{{4}}) ?([A-Z]{{2}})$', '\1 \2')"


def load_vestigingen(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs = staged.refs
    filled = "NOT ({col:%s} IS NULL OR trim({col:%s}) = '')"
    run_checks(
        ctx,
        staged,
        [
            *CODE_CHECKS,
            Check("vestigingsnummer", "TRUE", MSG_OTHER_BRIN, "vestigingscode", where=OTHER_BRIN),
            Check(
                "postcode",
                BAD_POSTCODE,
                "postcode moet de vorm 1234 AB hebben",
                "postcode",
                where=filled % ("postcode", "postcode"),
            ),
            Check(
                "gemeentecode",
                BAD_GEMEENTENUMMER,
                "gemeentenummer moet 1-4 cijfers zijn (bijv. 0106 of 153)",
                "gemeentecode",
                where=filled % ("gemeentecode", "gemeentecode"),
            ),
        ],
        (VESTIGING_KEY,),
    )
    peildatum = _peildatum(ctx, staged)
    con, bron_id = ctx.con, ctx.bron_id
    replaced: set[int] = set()
    if peildatum is not None:
        replaced = replace_rows(
            con,
            "vestiging_adres",
            "bron_id IN (SELECT bron_id FROM bron WHERE doel = 'vestiging_adres' "
            "AND peildatum = ?)",
            [peildatum],
            bron_id,
        )

    def text(name: str) -> str:
        return f"nullif(trim({refs[name]}), '')" if name in refs else "NULL"

    postcode = f"nullif({POSTCODE_SQL.format(c=refs['postcode'])}, '')"
    gemeentecode = (
        f"CASE WHEN trim({refs['gemeentecode']}) <> '' "
        f"THEN lpad(trim({refs['gemeentecode']}), 4, '0') END"
    )
    con.execute(
        f"""
        INSERT INTO vestiging_adres (vestiging, brin, postcode, pc4, gemeentecode,
                                     {", ".join(_TEXT)}, bron_id)
        SELECT {VESTIGING_SQL.format(v=refs["vestigingsnummer"], b=refs["brin"])},
               upper(trim({refs["brin"]})), {postcode}, left({postcode}, 4), {gemeentecode},
               {", ".join(text(name) for name in _TEXT)}, ?
        FROM {staged.table}
    """,
        [bron_id],
    )
    notes = [f"momentopname van {peildatum:%d-%m-%Y}"] if peildatum else []
    return LoadResult(staged.rows, staged.rows, None, peildatum, replaced, notes)


def _peildatum(ctx: LoadContext, staged: Staged) -> date | None:
    if "peildatum" not in staged.refs:
        return None
    values = ctx.con.execute(
        f"SELECT DISTINCT trim({staged.refs['peildatum']}) FROM {staged.table} LIMIT 2"
    ).fetchall()
    if len(values) != 1 or not values[0][0]:
        return None
    return schooljaar_from.parse_peildatum(str(values[0][0]))


VESTIGINGEN = CsvFormat(
    (_layout("BRIN NUMMER", "VESTIGINGSNUMMER"), _layout("INSTELLINGSCODE", "VESTIGINGSCODE")),
    load_vestigingen,
    OPENBAAR,
)
FORMATS = (VESTIGINGEN,)
