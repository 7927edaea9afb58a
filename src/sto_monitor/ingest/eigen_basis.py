"""Shared building blocks for the CSV formats of STO Monitor's own and public layouts.

The SQL check snippets and value maps let a loader report every bad value with line and column, and
translate a vocabulary (profielen, leerwegen, ...) for all rows at once in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sto_monitor import domain
from sto_monitor.db import Connection
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.csvlayout import MSG_COUNT as MSG_COUNT  # re-exported for the loaders
from sto_monitor.ingest.csvlayout import CsvLayout, Staged, stage
from sto_monitor.ingest.formats import LoadContext, replace_rows

# --- checks shared by every CSV format of this package (SQL with {c} for the column) --------
BAD_VESTIGINGSCODE = (
    "NOT coalesce(regexp_full_match(upper(trim({c})), '[0-9]{{2}}[A-Z]{{2}}[0-9]{{2}}'), false)"
)
BAD_SCHOOLJAAR = (
    "NOT coalesce(regexp_full_match(trim({c}), '(19|20)[0-9]{{2}}([-/](19|20)[0-9]{{2}})?'), false)"
)
BAD_JA_NEE = "coalesce(lower(trim({c})) NOT IN ('ja', 'nee'), true)"
MSG_VESTIGINGSCODE = "vestigingscode moet 6 tekens zijn: BRIN + 2 cijfers (bijv. 00AH17)"
MSG_SCHOOLJAAR = "verwacht een schooljaar als eerste kalenderjaar (bijv. 2023 voor 2023/2024)"


def schooljaar_sql(column: str) -> str:
    """``2023`` or ``2023-2024`` -> 2023."""
    return f"left(trim({column}), 4)::SMALLINT"


def one_of(values: Sequence[str]) -> str:
    """A check: the value (case-insensitive, trimmed) is not one of ``values``."""
    quoted = ", ".join("'" + v.lower().replace("'", "''") + "'" for v in values)
    return f"coalesce(lower(trim({{c}})) NOT IN ({quoted}), true)"


def stage_nonempty(ctx: LoadContext, layout: CsvLayout) -> Staged:
    staged = stage(ctx, layout)
    if staged.rows == 0:
        raise SourceFileError.single(
            ctx.source.path, "bevat alleen een kopregel, geen gegevens", code="leeg", line=2
        )
    return staged


def value_map(
    con: Connection,
    staged: Staged,
    table: str,
    columns: Sequence[str],
    translate: Callable[[str], str | None],
) -> None:
    """Temp table ``table(raw, code)`` for every distinct value of ``columns``.

    ``code`` is ``translate(value)``, or NULL where it returns None or raises ValueError, so
    that :func:`unknown_in` can report every row with an unknown value.
    """
    union = " UNION ".join(f"SELECT DISTINCT {staged.refs[c]} FROM {staged.table}" for c in columns)
    raws = [r[0] for r in con.execute(union).fetchall() if r[0] is not None]
    rows: list[tuple[str, str | None]] = []
    for raw in raws:
        try:
            rows.append((raw, translate(raw.strip())))
        except ValueError:
            rows.append((raw, None))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (raw VARCHAR, code VARCHAR)")
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)


def drop_tables(con: Connection, *tables: str) -> None:
    """Drop the temporary helper tables of a load (value maps)."""
    for table in tables:
        con.execute(f"DROP TABLE IF EXISTS {table}")


def unknown_in(table: str, *, required: bool = True) -> str:
    """A check: the value is missing (when required) or not translated by ``table``."""
    empty = "({c} IS NULL OR trim({c}) = '')"
    unknown = f"{{c}} IN (SELECT raw FROM {table} WHERE code IS NULL)"
    return f"({empty} OR {unknown})" if required else f"(NOT {empty} AND {unknown})"


def mapped(table: str, column: str) -> str:
    """SQL for the translation of a staged value by a :func:`value_map` table."""
    return f"(SELECT code FROM {table} WHERE raw = {column})"


def replace_years(ctx: LoadContext, table: str, years: Sequence[int]) -> set[int]:
    replaced: set[int] = set()
    for year in years:
        replaced |= replace_rows(ctx.con, table, "schooljaar = ?", [year], ctx.bron_id)
    return replaced


def staged_years(ctx: LoadContext, staged: Staged, expression: str) -> list[int]:
    rows = ctx.con.execute(f"SELECT DISTINCT {expression} FROM {staged.table} ORDER BY 1")
    return [int(r[0]) for r in rows.fetchall() if r[0] is not None]


def year_notes(years: Sequence[int]) -> tuple[int | None, list[str]]:
    """The bron's schooljaar (only for a one-year file) and a Dutch note."""
    if not years:
        return None, []
    if len(years) == 1:
        return years[0], [f"schooljaar {years[0]}/{years[0] + 1}"]
    return None, [f"schooljaren {years[0]}/{years[0] + 1} t/m {years[-1]}/{years[-1] + 1}"]


def profiel_code(text: str) -> str:
    return domain.profiel_code(text)


def leerweg_code(text: str) -> str | None:
    key = domain.normalise_name(text)
    return key if key in domain.LEERWEGEN else None
