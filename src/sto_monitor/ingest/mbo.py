"""DUO's mbo files: students per sectorkamer and leerweg, and crebo -> sectorkamer.

``duo-mbo-sectorkamer`` is DUO's "Studenten per sectorkamer leerweg niveau woonprovincie"
(dataset ``mbo-studenten-per-sectorkamer-en-leerweg``): one line per sectorkamer x leerweg
(BBL, BOLVT, BOLDT, EX) x niveau (1-4) x woonprovincie, one column ``JAAR_jjjj`` per year (the
year of the 1 October peildatum, the first calendar year of the schooljaar). DUO writes a
count of 1-4 as ``-1``; we store it as the interval [1, 4] and the file long, one row per
non-zero cell. A file replaces earlier rows of every year it contains.

``duo-crebo-sectorkamer`` links an erkende opleidingscode (crebo) to its SBB sectorkamer.
DUO's list has one line per crebo x beroep, so a crebo may repeat on lines that agree; a crebo
with two sectorkamers is refused. A new file replaces the whole link.

Sectorkamers are matched by normalised spelling (``domain.sectorkamer_naam``): the nine
sectorkamers, DUO's Entree, Bovensectoraal and "Niet gespecificeerd naar sector", and
"ICT en creatieve industrie" for our "Creatieve industrie en ICT". Any other name is refused:
a misspelling must not become a sectorkamer of its own.
"""

from __future__ import annotations

from sto_monitor import domain
from sto_monitor.domain import OPENBAAR
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.csvlayout import (
    MASK_MIN1,
    Check,
    CsvFormat,
    CsvLayout,
    Staged,
    count_checks,
    count_max,
    count_min,
    file_order,
    open_csv,
    run_checks,
    scan,
)
from sto_monitor.ingest.eigen_basis import replace_years, stage_nonempty, year_notes
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows

YEAR_COLUMNS = r"JAAR_([0-9]{4})"
# More students than all of mbo (about 520,000) in one cell is a broken file.
MAX_MBO = 1_000_000

# A sectorkamer as domain.normalise_name spells it, in SQL ({c}: the column).
SECTORKAMER_SPELLING = (
    "trim(regexp_replace(lower(replace({c}, '&', ' en ')), '[\\s\\pZ]+', ' ', 'g'))"
)
_SPELLINGEN = domain.sectorkamer_spellingen(mbo=True)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# spelling -> our name, as a SQL relation to join on
SECTORKAMER_VALUES = (
    "(VALUES "
    + ", ".join(f"({_literal(s)}, {_literal(n)})" for s, n in sorted(_SPELLINGEN.items()))
    + ") AS sk(spelling, naam)"
)
BAD_SECTORKAMER = (
    f"NOT coalesce({SECTORKAMER_SPELLING} IN "
    f"({', '.join(_literal(s) for s in sorted(_SPELLINGEN))}), false)"
)
MSG_SECTORKAMER = (
    "onbekende sectorkamer; verwacht een SBB-sectorkamer (bijv. 'Techniek en gebouwde "
    "omgeving'), 'Entree', 'Bovensectoraal' of 'Niet gespecificeerd naar sector'"
)
# BBL, BOLVT, BOLDT or EX; 'BOL-VT' and 'bol vt' are the same code.
LEERWEG_SQL = "upper(regexp_replace(trim({c}), '[^A-Za-z]', '', 'g'))"
BAD_LEERWEG = (
    f"NOT coalesce({LEERWEG_SQL} IN "
    f"({', '.join(_literal(lw) for lw in domain.MBO_LEERWEGEN)}), false)"
)
BAD_NIVEAU = "NOT coalesce(regexp_full_match(trim({c}), '[1-4]'), false)"
BAD_NIVEAU_OPTIONAL = "NOT ({c} IS NULL OR regexp_full_match(trim({c}), '[1-4]?'))"
BAD_CREBO = "NOT coalesce(regexp_full_match(trim({c}), '[0-9]{{5}}'), false)"
MSG_CREBO = "verwacht een erkende opleidingscode (crebo) van 5 cijfers (bijv. 25180)"

SECTORKAMER_CHECK = Check("sectorkamer", BAD_SECTORKAMER, MSG_SECTORKAMER, "onbekende-sectorkamer")
# The columns that identify a line of the students file (absent optional ones left out).
KEY = ("sectorkamer", "leerweg", "niveau", "provincie", "woonprovincie")


# --- studenten per sectorkamer, leerweg, niveau en woonprovincie ---------------------------
def load_mbo_sectorkamer(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    """One streaming pass checks every value; a second inserts the non-zero cells, long."""
    csv = open_csv(ctx, layout)
    refs = csv.refs
    jaren = {int(m.group(1)): refs[h] for h, m in layout.repeated_columns(ctx.source)}
    checks = [
        SECTORKAMER_CHECK,
        Check(
            "leerweg",
            BAD_LEERWEG,
            "onbekende leerweg; verwacht " + ", ".join(domain.MBO_LEERWEGEN),
            "onbekende-leerweg",
        ),
        Check("niveau", BAD_NIVEAU, "verwacht een mbo-niveau 1, 2, 3 of 4", "onbekend-niveau"),
        *[
            check
            for column in jaren.values()
            for check in count_checks(column, mask=MASK_MIN1, limit=MAX_MBO)
        ],
    ]
    found = scan(ctx, csv, checks, key=KEY)
    if found["rows"] == 0:
        raise SourceFileError.single(
            ctx.source.path, "bevat alleen een kopregel, geen gegevens", code="leeg", line=2
        )
    years = sorted(jaren)
    replaced = replace_years(ctx, "mbo_sectorkamer", years)
    present = [refs[name] for name in ("woonprovincie", "provincie") if name in refs]
    provincie = f"nullif(trim(coalesce({', '.join(present)})), '')" if present else "NULL::VARCHAR"
    cells = ", ".join(f"{{'jaar': {year}, 'waarde': {column}}}" for year, column in jaren.items())
    lo, hi = count_min("waarde", MASK_MIN1), count_max("waarde", MASK_MIN1)
    ctx.con.execute(
        f"""
        INSERT INTO mbo_sectorkamer
        SELECT jaar, sk.naam, {LEERWEG_SQL.format(c=refs["leerweg"])},
               trim({refs["niveau"]})::SMALLINT, {provincie}, {lo}, {hi}, ?
        FROM (SELECT *, unnest([{cells}], recursive := true) FROM {csv.reader}) AS r
        JOIN {SECTORKAMER_VALUES}
          ON sk.spelling = {SECTORKAMER_SPELLING.format(c="r." + refs["sectorkamer"])}
        WHERE {hi} > 0
    """,
        [ctx.bron_id],
    )
    loaded = ctx.con.execute(
        "SELECT count(*) FROM mbo_sectorkamer WHERE bron_id = ?", [ctx.bron_id]
    ).fetchall()[0][0]
    schooljaar, notes = year_notes(years)
    return LoadResult(int(found["rows"]), int(loaded), schooljaar, None, replaced, notes)


MBO_SECTORKAMER = CsvFormat.single(
    CsvLayout(
        name="duo-mbo-sectorkamer",
        target="mbo_sectorkamer",
        title="DUO mbo-studenten per sectorkamer, leerweg, niveau en woonprovincie",
        columns={"sectorkamer": "SECTORKAMER NAAM", "leerweg": "LEERWEG", "niveau": "NIVEAU"},
        # The name of the province column is not known from a real copy: either is read.
        optional={"provincie": "PROVINCIE", "woonprovincie": "WOONPROVINCIE"},
        repeated=YEAR_COLUMNS,
    ),
    load_mbo_sectorkamer,
    OPENBAAR,
)


# --- erkende opleidingscode (crebo) -> sectorkamer ------------------------------------------
def _conflicts(ctx: LoadContext, staged: Staged) -> None:
    """A crebo on two lines with two sectorkamers: refuse, naming the first line."""
    refs = staged.refs
    crebo, kamer = refs["crebo"], refs["sectorkamer"]
    with file_order(ctx.con):
        rows = ctx.con.execute(
            f"""
            SELECT _rij, first_rij, crebo, naam, first_naam FROM (
                SELECT _rij, trim(s.{crebo}) AS crebo, sk.naam,
                       first_value(_rij) OVER w AS first_rij,
                       first_value(sk.naam) OVER w AS first_naam
                FROM {staged.table} AS s
                JOIN {SECTORKAMER_VALUES}
                  ON sk.spelling = {SECTORKAMER_SPELLING.format(c="s." + kamer)}
                WINDOW w AS (PARTITION BY trim(s.{crebo}) ORDER BY _rij)
            ) WHERE naam <> first_naam ORDER BY _rij
        """
        ).fetchall()
    if not rows:
        return
    label = f"{staged.labels[crebo]} + {staged.labels[kamer]}"
    problems = [
        Problem(
            ctx.source.name,
            f"opleidingscode {code} staat op regel {staged.line_of(int(first))} bij sectorkamer "
            f"'{first_naam}' en hier bij '{naam}'; een opleiding hoort bij één sectorkamer",
            line=staged.line_of(int(rij)),
            column=label,
            value=f"{code};{naam}",
            code="crebo-tegenstrijdig",
        )
        for rij, first, code, naam, first_naam in rows[: ctx.max_problems]
    ]
    raise SourceFileError(ctx.source.path, problems, total=len(rows))


def load_crebo_sectorkamer(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs, con = staged.refs, ctx.con
    checks = [
        Check("crebo", BAD_CREBO, MSG_CREBO, "geen-crebo"),
        SECTORKAMER_CHECK,
    ]
    if "niveau" in refs:
        checks.append(
            Check(
                "niveau",
                BAD_NIVEAU_OPTIONAL,
                "verwacht een mbo-niveau 1, 2, 3 of 4 (of leeg)",
                "onbekend-niveau",
            )
        )
    run_checks(ctx, staged, checks)
    _conflicts(ctx, staged)
    replaced = replace_rows(con, "crebo_sectorkamer", "TRUE", [], ctx.bron_id)
    naam = f"nullif(trim(s.{refs['opleidingsnaam']}), '')" if "opleidingsnaam" in refs else "NULL"
    niveau = f"nullif(trim(s.{refs['niveau']}), '')::SMALLINT" if "niveau" in refs else "NULL"
    # One row per crebo: the first line's name and niveau (DUO repeats them per beroep).
    con.execute(
        f"""
        INSERT INTO crebo_sectorkamer
        SELECT trim(s.{refs["crebo"]}), any_value(sk.naam), arg_min({naam}, _rij),
               arg_min({niveau}, _rij), ?
        FROM {staged.table} AS s
        JOIN {SECTORKAMER_VALUES}
          ON sk.spelling = {SECTORKAMER_SPELLING.format(c="s." + refs["sectorkamer"])}
        GROUP BY trim(s.{refs["crebo"]})
    """,
        [ctx.bron_id],
    )
    loaded = con.execute(
        "SELECT count(*) FROM crebo_sectorkamer WHERE bron_id = ?", [ctx.bron_id]
    ).fetchall()[0][0]
    notes = [f"{loaded} erkende opleidingen gekoppeld aan een sectorkamer"]
    return LoadResult(staged.rows, int(loaded), None, None, replaced, notes)


CREBO_SECTORKAMER = CsvFormat.single(
    CsvLayout(
        name="duo-crebo-sectorkamer",
        target="crebo_sectorkamer",
        title="DUO/SBB erkende opleidingen: opleidingscode (crebo) en sectorkamer",
        # 'Erkende opleidingscode' and 'Sectorkamer naam' as read from DUO's "combinatie
        # erkende opleidingscode en beroep" by public code; the optional names from DUO's
        # documentation, not from a real copy: a real file may need one line changed here.
        columns={"crebo": "ERKENDE OPLEIDINGSCODE", "sectorkamer": "SECTORKAMER NAAM"},
        optional={"opleidingsnaam": "OPLEIDINGSNAAM", "niveau": "NIVEAU"},
    ),
    load_crebo_sectorkamer,
    OPENBAAR,
)
FORMATS = (MBO_SECTORKAMER, CREBO_SECTORKAMER)
