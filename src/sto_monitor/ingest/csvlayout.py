"""A CSV layout as a mapping from our column names to the source's header names.

A DUO file edition is data, not code: ``CsvLayout(columns={"brin": "BRIN NUMMER", ...})``.
Staging reads the whole file with DuckDB's CSV reader as text (streamed, never into Python),
collects malformed lines from DuckDB's reject table, and lets the format run its value checks
as SQL over the staged table, so that every problem in a file is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.formats import LoadContext
from sto_monitor.ingest.source import SourceFile, normalise_header

STAGE = "stage"

# SQL conditions, with {c} for the column, that make a value wrong.
NOT_A_COUNT = "NOT (regexp_full_match(trim({c}), '[0-9]+') OR trim({c}) = '<5' OR {c} IS NULL)"
NOT_A_NUMBER = "NOT ({c} IS NULL OR regexp_full_match(trim({c}), '-?[0-9]+([.,][0-9]+)?'))"
IS_EMPTY = "({c} IS NULL OR trim({c}) = '')"


def count_min(column: str) -> str:
    """SQL for the lower bound of a DUO count cell (``<5`` is 1-4; empty is 0)."""
    return f"CASE WHEN trim({column}) = '<5' THEN 1 ELSE coalesce(trim({column})::INTEGER, 0) END"


def count_max(column: str) -> str:
    return f"CASE WHEN trim({column}) = '<5' THEN 4 ELSE coalesce(trim({column})::INTEGER, 0) END"


@dataclass(frozen=True)
class CsvLayout:
    name: str
    target: str
    title: str
    columns: Mapping[str, str]  # our name -> header name (required)
    optional: Mapping[str, str] = field(default_factory=dict)  # our name -> header name
    repeated: str | None = None  # regex on the normalised header for repeated value columns

    def _positions(self, source: SourceFile) -> dict[str, int]:
        return {h: i for i, h in enumerate(source.normalised_header)}

    def missing(self, source: SourceFile) -> list[str]:
        present = self._positions(source)
        return [h for h in self.columns.values() if normalise_header(h) not in present]

    def repeated_columns(self, source: SourceFile) -> list[tuple[str, re.Match[str]]]:
        if not self.repeated:
            return []
        pattern = re.compile(self.repeated)
        found = [(h, pattern.fullmatch(h)) for h in source.normalised_header]
        return [(h, m) for h, m in found if m]

    def specificity(self, source: SourceFile) -> int:
        if not source.header or self.missing(source):
            return 0
        if self.repeated and not self.repeated_columns(source):
            return 0
        present = self._positions(source)
        optional = sum(normalise_header(h) in present for h in self.optional.values())
        return 10 * len(self.columns) + optional

    def column_refs(self, source: SourceFile) -> dict[str, str]:
        """Our name -> staged column (``c7``), for required and present optional columns."""
        present = self._positions(source)
        refs = {}
        for ours, theirs in {**self.columns, **self.optional}.items():
            index = present.get(normalise_header(theirs))
            if index is not None:
                refs[ours] = f"c{index}"
        return refs


@dataclass
class Staged:
    table: str
    rows: int
    refs: dict[str, str]  # our name -> staged column
    labels: dict[str, str]  # staged column -> header name as written, for messages

    def line_of(self, row_number: int) -> int:
        """File line of the n-th staged row: the header is line 1.

        Staging refuses files with malformed lines, so staged rows and lines correspond (a
        quoted field spanning lines would shift this; DUO files have none).
        """
        return row_number + 1


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stage(ctx: LoadContext, layout: CsvLayout) -> Staged:
    """Read the whole file into a temporary text table; refuse it if any line is malformed."""
    source, con = ctx.source, ctx.con
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(source.header)))
    before = _last_scan_id(ctx)
    reader = (
        f"read_csv({_sql_string(str(source.path))}, delim={_sql_string(source.delimiter)}, "
        f"quote='\"', escape='\"', header=true, auto_detect=false, columns={{{columns}}}, "
        f"encoding={_sql_string(source.encoding)}, strict_mode=true, store_rejects=true, "
        "max_line_size=10000000)"
    )
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    con.execute(
        f"CREATE TEMP TABLE {STAGE} AS SELECT row_number() OVER () AS _rij, * FROM {reader}"
    )
    rejects = con.execute(
        # DuckDB reports a short line once per missing column: keep one problem per line.
        "SELECT line, arg_min(column_name, column_idx), arg_min(error_type, column_idx), "
        "any_value(csv_line) FROM reject_errors WHERE scan_id > ? GROUP BY line ORDER BY line",
        [before],
    ).fetchall()
    labels = {f"c{i}": name for i, name in enumerate(source.header)}
    if rejects:
        problems = [
            Problem(
                source.name,
                _reject_message(str(error_type), len(source.header)),
                line=int(line),
                column=labels.get(str(column)) if column else None,
                value=str(csv_line).strip()[:80],
                code="regel-onleesbaar",
            )
            for line, column, error_type, csv_line in rejects[: ctx.max_problems]
        ]
        raise SourceFileError(source.path, problems, total=len(rejects))
    row = con.execute(f"SELECT count(*) FROM {STAGE}").fetchall()[0]
    refs = layout.column_refs(source)
    for header, _match in layout.repeated_columns(source):
        refs[header] = f"c{source.normalised_header.index(header)}"
    return Staged(STAGE, int(row[0]), refs, labels)


def _last_scan_id(ctx: LoadContext) -> int:
    try:
        rows = ctx.con.execute("SELECT coalesce(max(scan_id), 0) FROM reject_scans").fetchall()
    except Exception:  # the reject tables do not exist before the first scan
        return 0
    return int(rows[0][0])


def _reject_message(error_type: str, expected_fields: int) -> str:
    if error_type == "MISSING COLUMNS":
        return (
            f"te weinig velden: verwacht {expected_fields} "
            "(afgebroken of verkeerd gescheiden regel?)"
        )
    if error_type == "TOO MANY COLUMNS":
        return f"te veel velden: verwacht {expected_fields} (scheidingsteken of aanhalingsteken?)"
    if error_type == "UNQUOTED VALUE":
        return "aanhalingsteken niet goed afgesloten"
    if error_type == "INVALID ENCODING":
        return "ongeldige tekens voor de codering van het bestand"
    return f"onleesbare regel ({error_type.lower()})"


@dataclass(frozen=True)
class Check:
    column: str  # our name or staged column
    bad: str  # SQL condition with {c}
    message: str
    code: str = "ongeldige-waarde"
    where: str = "TRUE"  # only check rows matching this SQL (may use {col:name} refs)


def run_checks(ctx: LoadContext, staged: Staged, checks: Sequence[Check]) -> None:
    """Run every check over the staged rows; raise one error listing every problem found."""
    if not checks:
        return
    parts, limit = [], ctx.max_problems
    for index, check in enumerate(checks):
        column = staged.refs.get(check.column, check.column)
        bad = check.bad.format(c=column)
        where = _expand_refs(check.where, staged.refs)
        parts.append(
            f"SELECT {index} AS check_index, _rij, {column}::VARCHAR AS value, "
            f"count(*) OVER () AS total FROM {staged.table} WHERE ({where}) AND ({bad})"
        )
    query = " UNION ALL ".join(f"(SELECT * FROM ({p}) ORDER BY _rij LIMIT {limit})" for p in parts)
    rows = ctx.con.execute(f"SELECT * FROM ({query}) ORDER BY _rij, check_index").fetchall()
    if not rows:
        return
    totals: dict[int, int] = {}
    problems = []
    for check_index, rij, value, total in rows:
        check = checks[check_index]
        totals[check_index] = int(total)
        column = staged.refs.get(check.column, check.column)
        problems.append(
            Problem(
                ctx.source.name,
                check.message,
                line=staged.line_of(int(rij)),
                column=staged.labels.get(column, check.column),
                value=value,
                code=check.code,
            )
        )
    raise SourceFileError(ctx.source.path, problems[:limit], total=sum(totals.values()))


def _expand_refs(sql: str, refs: Mapping[str, str]) -> str:
    return re.sub(r"\{col:([a-z_0-9]+)\}", lambda m: refs[m.group(1)], sql)
