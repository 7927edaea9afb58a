"""``sto-regio``: the division of vestigingen into STO-regio's per subsidy period.

One file may hold several periods; loading it replaces the whole division of each period it
contains (an official list replaces the demo division, and a corrected list the earlier one).
Besides per-value checks, the rows must agree with each other: a vestiging belongs to at most
one region per period, and a region code has one name and one techniekluw value per period.
"""

from __future__ import annotations

from sto_monitor.domain import OPENBAAR
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.csvlayout import BAD_CODE, Check, CsvFormat, CsvLayout, Staged, run_checks
from sto_monitor.ingest.eigen_basis import (
    BAD_JA_NEE,
    BAD_VESTIGINGSCODE,
    MSG_VESTIGINGSCODE,
    one_of,
    stage_nonempty,
)
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows

LAYOUT = CsvLayout(
    name="sto-regio",
    target="regio",
    title="STO: indeling van vestigingen in STO-regio's (eigen formaat)",
    columns={
        "periode": "PERIODE",
        "regio": "REGIOCODE",
        "naam": "REGIONAAM",
        "techniekluw": "TECHNIEKLUW",
        "vestiging": "VESTIGINGSCODE",
    },
    optional={"status": "STATUS"},
)
BAD_PERIODE = (
    "NOT coalesce(regexp_full_match(trim({c}), '(19|20)[0-9]{{2}}-(19|20)[0-9]{{2}}') "
    "AND left(trim({c}), 4) <= right(trim({c}), 4), false)"
)
EMPTY = "({c} IS NULL OR trim({c}) = '')"


def load_regio(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs = staged.refs
    checks = [
        Check(
            "periode",
            BAD_PERIODE,
            "verwacht een periode als jjjj-jjjj (bijv. 2020-2024)",
            "periode",
        ),
        Check("regio", EMPTY, "regiocode ontbreekt", "leeg-veld"),
        Check(
            "regio",
            BAD_CODE,
            "regiocode moet beginnen met een letter of cijfer en mag alleen letters, cijfers "
            "en - bevatten, hoogstens 16 tekens (bijv. R07)",
            "ongeldige-code",
            where=f"NOT ({EMPTY.format(c=refs['regio'])})",
        ),
        Check("naam", EMPTY, "regionaam ontbreekt", "leeg-veld"),
        Check("techniekluw", BAD_JA_NEE, "verwacht 'ja' of 'nee'", "geen-ja-nee"),
        Check("vestiging", BAD_VESTIGINGSCODE, MSG_VESTIGINGSCODE, "vestigingscode"),
    ]
    if "status" in refs:
        checks.append(
            Check(
                "status",
                one_of(("officieel", "demo")),
                "verwacht 'officieel' of 'demo' (leeg = officieel)",
                "status",
                where=f"NOT ({EMPTY.format(c=refs['status'])})",
            )
        )
    problems: list[Problem] = []
    total = 0
    try:
        # A line repeating an assignment; a vestiging in another regio is a conflict below.
        run_checks(ctx, staged, checks, ("periode", "regio", "vestiging"))
    except SourceFileError as error:
        problems, total = list(error.problems), error.total
    conflicts = _conflicts(ctx, staged)
    if problems or conflicts:
        problems = sorted([*problems, *conflicts], key=lambda p: p.line or 0)
        raise SourceFileError(
            ctx.source.path, problems[: ctx.max_problems], total=total + len(conflicts)
        )

    con, bron_id = ctx.con, ctx.bron_id
    periodes = [
        str(r[0])
        for r in con.execute(
            f"SELECT DISTINCT trim({refs['periode']}) FROM {staged.table} ORDER BY 1"
        ).fetchall()
    ]
    replaced: set[int] = set()
    for periode in periodes:
        replaced |= replace_rows(con, "regio", "periode = ?", [periode], bron_id)
        replaced |= replace_rows(con, "regio_vestiging", "periode = ?", [periode], bron_id)
    status = (
        f"coalesce(lower(nullif(trim({refs['status']}), '')), 'officieel')"
        if "status" in refs
        else "'officieel'"
    )
    con.execute(
        f"""
        INSERT INTO regio (periode, periode_start, periode_eind, regio, naam, techniekluw,
                           officieel, bron_id)
        SELECT trim({refs["periode"]}), left(trim({refs["periode"]}), 4)::SMALLINT,
               right(trim({refs["periode"]}), 4)::SMALLINT, trim({refs["regio"]}),
               min(trim({refs["naam"]})), bool_and(lower(trim({refs["techniekluw"]})) = 'ja'),
               bool_and({status} = 'officieel'), ?
        FROM {staged.table} GROUP BY ALL ORDER BY 1, 4
    """,
        [bron_id],
    )
    con.execute(
        f"""
        INSERT INTO regio_vestiging (periode, regio, vestiging, bron_id)
        SELECT DISTINCT trim({refs["periode"]}), trim({refs["regio"]}),
               upper(trim({refs["vestiging"]})), ?
        FROM {staged.table}
    """,
        [bron_id],
    )
    loaded = con.execute(
        "SELECT count(*) FROM regio_vestiging WHERE bron_id = ?", [bron_id]
    ).fetchall()[0][0]
    regios = con.execute(
        "SELECT count(*), bool_and(officieel) FROM regio WHERE bron_id = ?", [bron_id]
    ).fetchall()[0]
    notes = [f"periode {', '.join(periodes)}: {regios[0]} regio's, {loaded} vestigingen"]
    if not regios[1]:
        notes.append("demo-indeling, niet officieel")
    return LoadResult(staged.rows, int(loaded), None, None, replaced, notes)


def _conflicts(ctx: LoadContext, staged: Staged) -> list[Problem]:
    """Rows that contradict an earlier row of the same period."""
    refs, name = staged.refs, ctx.source.name

    def v(alias: str, column: str) -> str:
        value = f"trim({alias}.{refs[column]})"
        return (
            f"upper({value})"
            if column == "vestiging"
            else (f"lower({value})" if column == "techniekluw" else value)
        )

    def pairs(same: str, different: str, shown: str) -> list[tuple[int, str, str, str, str, int]]:
        """For each row, the first earlier row with the same period and ``same`` column but a
        different ``different`` column. Invalid techniekluw values are left to the checks."""
        valid = "{} IN ('ja', 'nee')" if different == "techniekluw" else "{} IS NOT NULL"
        return [
            tuple(r)
            for r in ctx.con.execute(f"""
            SELECT b._rij, {v("b", "periode")}, {v("b", shown)}, {v("a", different)},
                   {v("b", different)}, a._rij
            FROM {staged.table} a JOIN {staged.table} b
              ON {v("a", "periode")} = {v("b", "periode")} AND {v("a", same)} = {v("b", same)}
             AND {v("a", different)} <> {v("b", different)} AND a._rij < b._rij
             AND {valid.format(v("a", different))} AND {valid.format(v("b", different))}
            QUALIFY row_number() OVER (PARTITION BY b._rij ORDER BY a._rij) = 1
            ORDER BY b._rij
        """).fetchall()
        ]

    problems = [
        Problem(
            name,
            f"vestiging {code} staat in periode {per} al in regio {first} "
            f"(regel {staged.line_of(first_rij)}); een vestiging hoort per periode bij "
            "hoogstens één regio",
            line=staged.line_of(rij),
            column=staged.labels[refs["vestiging"]],
            value=second,
            code="vestiging-in-twee-regios",
        )
        for rij, per, code, first, second, first_rij in pairs("vestiging", "regio", "vestiging")
    ]
    for column, what in (("naam", "naam"), ("techniekluw", "techniekluw-waarde")):
        problems += [
            Problem(
                name,
                f"regio {code} heeft in periode {per} al de {what} '{first}' "
                f"(regel {staged.line_of(first_rij)}); één regiocode hoort bij één {what}",
                line=staged.line_of(rij),
                column=staged.labels[refs[column]],
                value=second,
                code="regio-tegenstrijdig",
            )
            for rij, per, code, first, second, first_rij in pairs("regio", column, "regio")
        ]
    return problems


# Which vestigingen form a partnership is public (the programme publishes its regions).
REGIO = CsvFormat((LAYOUT,), load_regio, OPENBAAR)
FORMATS = (REGIO,)
