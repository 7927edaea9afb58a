"""A CSV layout as a mapping from our column names to the source's header names.

A DUO file edition is data, not code: ``CsvLayout(columns={"brin": "BRIN NUMMER", ...})``.
Staging reads the whole file with DuckDB's CSV reader as text (streamed, never into Python),
collects malformed lines from DuckDB's reject table, and lets the format run its value checks
as SQL over the staged table, so that every problem in a file is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sto_monitor.db import Connection
from sto_monitor.domain import Openheid
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.formats import LoadContext, LoadResult
from sto_monitor.ingest.source import SourceFile, normalise_header
from sto_monitor.settings import Settings

STAGE = "stage"
SCAN_RESULT = "scan_result"

# SQL conditions, with {c} for the column, that make a value wrong.
# A count is written as DUO writes it: digits only (no sign, exponent, decimal or inner blank),
# or '<5' (masked: 1-4). TRY_CAST alone is too lenient ('1e9', '+5', '0x10' all cast), and on
# this anchored, character-class pattern DuckDB's regular expression is as fast as a TRY_CAST
# (measured on the real leerlingen file; ltrim of the digits was two to three times slower).
NOT_A_COUNT = "NOT regexp_full_match(coalesce(trim({c}), ''), '[0-9]*|<5')"
# The same, where an empty cell is not allowed either (our own layouts).
NOT_A_REQUIRED_COUNT = "NOT regexp_full_match(coalesce(trim({c}), ''), '[0-9]+|<5')"
# A well-formed count above the limit; {limit} is filled in when the check runs.
COUNT_TOO_LARGE = (
    "(regexp_full_match(coalesce(trim({c}), ''), '[0-9]+') "
    "AND coalesce(TRY_CAST(trim({c}) AS UBIGINT) > {limit}, true))"
)
NOT_A_NUMBER = "NOT ({c} IS NULL OR regexp_full_match(trim({c}), '-?[0-9]+([.,][0-9]+)?'))"
IS_EMPTY = "({c} IS NULL OR trim({c}) = '')"
# C0 control characters and DEL (a tab, a NUL, an escape sequence): never part of a value.
HAS_CONTROL = "regexp_matches({c}, '[\\x00-\\x1f\\x7f]')"
# A code of our own or of an official list (a regiocode such as R07): a letter or digit, then
# letters, digits or hyphens, at most 16 characters; so no blank, formula character (=, +, @)
# or control character.
BAD_CODE = "NOT coalesce(regexp_full_match(trim({c}), '[A-Za-z0-9][A-Za-z0-9-]{{0,15}}'), false)"

MSG_COUNT = "verwacht een aantal (geheel getal ≥ 0, alleen cijfers) of '<5'"


def max_count() -> int:
    """The highest count one cell may hold (setting ``STO_MAX_AANTAL``)."""
    return Settings.from_env().max_aantal


# DUO's mbo files mask a count of 1-4 as '-1' instead of '<5'. A format declares which mask it
# uses; the vo formats keep refusing '-1' (and the mbo formats '<5').
MASK_LT5 = "<5"
MASK_MIN1 = "-1"
_COUNT_PATTERNS = {MASK_LT5: "<5", MASK_MIN1: "-1"}
MSG_COUNT_MIN1 = (
    "verwacht een aantal (geheel getal ≥ 0, alleen cijfers) of '-1' (DUO-maskering: 1 tot en met 4)"
)


def count_checks(
    column: str,
    *,
    required: bool = False,
    message: str | None = None,
    mask: str = MASK_LT5,
    limit: int | None = None,
) -> list[Check]:
    """A count column: well-formed (``geen-aantal``) and plausible (``aantal-te-groot``).

    ``mask`` is how the source writes a masked count of 1-4 (``<5``, or ``-1`` in DUO's mbo
    files). ``limit`` fixes the largest plausible count (national files); by default it is read
    when the check runs (``STO_MAX_AANTAL``), so a module may build its checks at import.
    """
    if mask == MASK_LT5:  # the path of every vo format: the constants as they were
        not_a_count = NOT_A_REQUIRED_COUNT if required else NOT_A_COUNT
    else:
        digits = "[0-9]+" if required else "[0-9]*"
        pattern = f"{digits}|{_COUNT_PATTERNS[mask]}"
        not_a_count = f"NOT regexp_full_match(coalesce(trim({{c}}), ''), '{pattern}')"
    if message is None:
        message = MSG_COUNT if mask == MASK_LT5 else MSG_COUNT_MIN1
    too_large = "onwaarschijnlijk groot aantal voor één cel (meer dan {limit}; " + (
        "de grens is in te stellen met STO_MAX_AANTAL)"
        if limit is None
        else "meer dan het landelijk totaal van deze bron)"
    )
    bad_large = COUNT_TOO_LARGE
    if limit is not None:
        bad_large = COUNT_TOO_LARGE.replace("{limit}", str(int(limit)))
        too_large = too_large.replace("{limit}", str(int(limit)))
    return [
        Check(column, not_a_count, message, "geen-aantal"),
        Check(column, bad_large, too_large, "aantal-te-groot"),
    ]


def count_min(column: str, mask: str = MASK_LT5) -> str:
    """SQL for the lower bound of a DUO count cell (the mask is 1-4; empty is 0)."""
    masked = _COUNT_PATTERNS[mask]
    return (
        f"CASE WHEN trim({column}) = '{masked}' THEN 1 "
        f"ELSE coalesce(trim({column})::INTEGER, 0) END"
    )


def count_max(column: str, mask: str = MASK_LT5) -> str:
    masked = _COUNT_PATTERNS[mask]
    return (
        f"CASE WHEN trim({column}) = '{masked}' THEN 4 "
        f"ELSE coalesce(trim({column})::INTEGER, 0) END"
    )


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


Loader = Callable[[LoadContext, "CsvLayout"], LoadResult]


@dataclass(frozen=True)
class CsvFormat:
    """A CSV format with one or more header editions and one loader.

    The first layout is the canonical one: its name, target and title are the format's, and
    the runner uses it to tell a user which columns are missing.
    """

    layouts: tuple[CsvLayout, ...]
    loader: Loader
    openheid: Openheid  # public open data, or an extract under agreement

    @property
    def layout(self) -> CsvLayout:
        return self.layouts[0]

    @staticmethod
    def single(
        layout: CsvLayout,
        loader: Callable[[LoadContext, CsvLayout], LoadResult],
        openheid: Openheid,
    ) -> CsvFormat:
        return CsvFormat((layout,), loader, openheid)

    @property
    def name(self) -> str:
        return self.layout.name

    @property
    def target(self) -> str:
        return self.layout.target

    @property
    def title(self) -> str:
        return self.layout.title

    def specificity(self, source: SourceFile) -> int:
        return max(layout.specificity(source) for layout in self.layouts)

    def load(self, ctx: LoadContext) -> LoadResult:
        best = max(self.layouts, key=lambda layout: layout.specificity(ctx.source))
        return self.loader(ctx, best)


@dataclass
class CsvSource:
    """A recognised CSV file as a SQL relation: DuckDB's streaming ``read_csv`` of all columns."""

    reader: str  # a read_csv(...) table expression, all columns VARCHAR named c0..cN
    refs: dict[str, str]  # our name -> column (c7); repeated columns under their header name
    labels: dict[str, str]  # column -> header name as written, for messages
    # our names of the single (not repeated) columns: free text, checked for control characters
    text: tuple[str, ...] = ()

    def line_of(self, row_number: int) -> int:
        """File line of the n-th data row: the header is line 1.

        Files with malformed lines are refused before any check, so rows and lines correspond
        (a quoted field spanning lines would shift this; DUO files have none).
        """
        return row_number + 1


@dataclass
class Staged(CsvSource):
    """A small CSV file copied into the temporary table ``stage``, with ``_rij`` row numbers."""

    table: str = STAGE
    rows: int = 0


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_csv(ctx: LoadContext, layout: CsvLayout) -> CsvSource:
    source = ctx.source
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(source.header)))
    reader = (
        f"read_csv({_sql_string(str(source.path))}, delim={_sql_string(source.delimiter)}, "
        f"quote='\"', escape='\"', header=true, auto_detect=false, columns={{{columns}}}, "
        f"encoding={_sql_string(source.encoding)}, strict_mode=true, store_rejects=true, "
        "max_line_size=10000000)"
    )
    refs = layout.column_refs(source)
    for header, _match in layout.repeated_columns(source):
        refs[header] = f"c{source.normalised_header.index(header)}"
    labels = {f"c{i}": name for i, name in enumerate(source.header)}
    return CsvSource(reader, refs, labels, tuple(layout.column_refs(source)))


def scan(
    ctx: LoadContext,
    csv: CsvSource,
    checks: Sequence[Check] = (),
    aggregates: Mapping[str, str] | None = None,
    in_database: Sequence[str] = (),
    key: Sequence[str] = (),
) -> dict[str, Any]:
    """One streaming pass over the file: malformed lines, every check, and extra aggregates.

    Every text column is also checked for control characters, and when ``key`` names the
    columns that identify a row (absent optional ones are skipped), a key may occur only once.
    Returns ``{"rows": n, **aggregates}``; aggregates named in ``in_database`` (large ones)
    stay only in the temporary table ``scan_result``, for SQL to use. Raises one
    :class:`SourceFileError` listing every malformed line, or else every bad value and
    duplicate key (located with a second pass, only then).
    """
    aggregates = dict(aggregates or {})
    # One test over all text columns of a row in this pass; only when it finds something are
    # the columns checked one by one (second pass), which keeps the first pass near a bare scan.
    controle = control_checks(csv)
    tekst = [csv.refs[c.column] for c in controle if c.column in csv.refs]
    if tekst:
        alles = f"concat_ws('', {', '.join(tekst)})"
        aggregates["control__"] = f"count(*) FILTER (WHERE {HAS_CONTROL.format(c=alles)})"
    key_sql = _key_sql(key, csv.refs)
    if key_sql:
        aggregates["distinct_keys__"] = f"count(DISTINCT {key_sql})"
    selects = ["count(*) AS rows"]
    selects += [
        f"count(*) FILTER (WHERE {_condition(c, csv.refs)}) AS check_{i}"
        for i, c in enumerate(checks)
    ]
    selects += [f"{sql} AS {name}" for name, sql in aggregates.items()]
    before = _last_scan_id(ctx)
    # Kept as a table so a format can use a large aggregate in SQL without a round trip.
    ctx.con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SCAN_RESULT} AS SELECT {', '.join(selects)} "
        f"FROM {csv.reader}"
    )
    excluded = f" EXCLUDE ({', '.join(in_database)})" if in_database else ""
    cursor = ctx.con.execute(f"SELECT *{excluded} FROM {SCAN_RESULT}")
    names = [d[0] for d in cursor.description or []]
    result = dict(zip(names, cursor.fetchall()[0], strict=True))
    _raise_rejects(ctx, csv, before)
    bad = [checks[i] for i in range(len(checks)) if result[f"check_{i}"]]
    if result.pop("control__", 0):
        bad = [*controle, *bad]
    duplicated = key if key_sql and result.pop("distinct_keys__") < result["rows"] else ()
    if bad or duplicated:
        numbered = f"(SELECT row_number() OVER () AS _rij, * FROM {csv.reader})"
        _raise_problems(ctx, csv, numbered, bad, duplicated)
    return {k: v for k, v in result.items() if not k.startswith("check_")}


def control_checks(csv: CsvSource) -> list[Check]:
    """No control character (tab, NUL, escape, ...) in any text column of the file."""
    return [
        Check(
            name,
            HAS_CONTROL,
            "stuurteken (bijv. tab, NUL of escape) in de waarde; alleen gewone tekens toegestaan",
            "stuurteken",
        )
        for name in csv.text
    ]


def _key_parts(key: Sequence[str], refs: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Each part of a key as SQL and the columns it reads.

    A part is one of our column names (skipped when an optional column is absent) or a SQL
    expression over ``{col:name}`` refs, such as the full vestiging code from BRIN and number.
    """
    parts = []
    for part in key:
        if "{col:" in part:
            names = re.findall(r"\{col:([a-z_0-9]+)\}", part)
            parts.append((_expand_refs(part, refs), [refs[n] for n in names]))
        elif part in refs:
            parts.append((refs[part], [refs[part]]))
    return parts


def _key_sql(key: Sequence[str], refs: Mapping[str, str]) -> str:
    """A row's key as a list; case, surrounding blanks and leading zeros do not count."""
    parts = [f"coalesce(ltrim(lower(trim({sql})), '0'), '')" for sql, _ in _key_parts(key, refs)]
    return f"[{', '.join(parts)}]" if parts else ""


def _condition(check: Check, refs: Mapping[str, str]) -> str:
    column = refs.get(check.column, check.column)
    bad = check.bad.format(c=column, limit=max_count())
    return f"({_expand_refs(check.where, refs)}) AND ({bad})"


@contextmanager
def file_order(con: Connection) -> Iterator[None]:
    """Row numbers follow file lines only while DuckDB preserves insertion order."""
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute("RESET preserve_insertion_order")


def stage(ctx: LoadContext, layout: CsvLayout) -> Staged:
    """Copy a small file into the temporary table ``stage`` (with ``_rij``) for SQL checks."""
    csv = open_csv(ctx, layout)
    scan(ctx, csv)
    con = ctx.con
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    with file_order(con):
        con.execute(
            f"CREATE TEMP TABLE {STAGE} AS SELECT row_number() OVER () AS _rij, * FROM {csv.reader}"
        )
    rows = con.execute(f"SELECT count(*) FROM {STAGE}").fetchall()[0][0]
    return Staged(csv.reader, csv.refs, csv.labels, csv.text, table=STAGE, rows=int(rows))


def _raise_rejects(ctx: LoadContext, csv: CsvSource, before: int) -> None:
    rejects = ctx.con.execute(
        # DuckDB reports a short line once per missing column: keep one problem per line.
        "SELECT line, arg_min(column_name, column_idx), arg_min(error_type, column_idx), "
        "any_value(csv_line) FROM reject_errors WHERE scan_id > ? GROUP BY line ORDER BY line",
        [before],
    ).fetchall()
    if not rejects:
        return
    expected = len(ctx.source.header)
    problems = [
        Problem(
            ctx.source.name,
            _reject_message(str(error_type), expected),
            line=int(line),
            column=csv.labels.get(str(column)) if column else None,
            value=str(csv_line).strip()[:80],
            code="regel-onleesbaar",
        )
        for line, column, error_type, csv_line in rejects[: ctx.max_problems]
    ]
    raise SourceFileError(ctx.source.path, problems, total=len(rejects))


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


def run_checks(
    ctx: LoadContext, staged: Staged, checks: Sequence[Check], key: Sequence[str] = ()
) -> None:
    """Run every check over the staged rows and, when ``key`` names the columns that identify
    a row, find rows repeating an earlier row's key; raise one error listing every problem."""
    _raise_problems(ctx, staged, staged.table, checks, key)


def _raise_problems(
    ctx: LoadContext,
    csv: CsvSource,
    relation: str,
    checks: Sequence[Check],
    key: Sequence[str],
) -> None:
    problems, total = _bad_values(ctx, csv, relation, checks) if checks else ([], 0)
    duplicates, more = _duplicates(ctx, csv, relation, key)
    if problems or duplicates:
        found = sorted([*problems, *duplicates], key=lambda p: p.line or 0)
        raise SourceFileError(ctx.source.path, found[: ctx.max_problems], total=total + more)


def _duplicates(
    ctx: LoadContext, csv: CsvSource, relation: str, key: Sequence[str]
) -> tuple[list[Problem], int]:
    """Rows whose key an earlier row already has, each naming that earlier line."""
    key_sql = _key_sql(key, csv.refs)
    if not key_sql:
        return [], 0
    # in file order (columns are c0, c1, ...), as a user reads the line
    read = {c for _, columns in _key_parts(key, csv.refs) for c in columns}
    columns = sorted(read, key=lambda c: int(c.removeprefix("c")))
    shown = ", ".join(f"coalesce(trim({c}), '')" for c in columns)
    with file_order(ctx.con):
        rows = ctx.con.execute(
            f"SELECT _rij, first_rij, shown, count(*) OVER () FROM ("
            f"SELECT _rij, min(_rij) OVER (PARTITION BY {key_sql}) AS first_rij, "
            f"concat_ws(';', {shown}) AS shown FROM {relation}) "
            f"WHERE _rij > first_rij ORDER BY _rij LIMIT {ctx.max_problems}"
        ).fetchall()
    labels = " + ".join(csv.labels.get(c, c) for c in columns)
    problems = [
        Problem(
            ctx.source.name,
            f"dubbele regel: dezelfde combinatie van {labels} staat al op regel "
            f"{csv.line_of(int(first))}; elke combinatie hoort één keer in een bestand",
            line=csv.line_of(int(rij)),
            column=labels,
            value=str(value),
            code="dubbele-regel",
        )
        for rij, first, value, _total in rows
    ]
    return problems, int(rows[0][3]) if rows else 0


def _bad_values(
    ctx: LoadContext, csv: CsvSource, relation: str, checks: Sequence[Check]
) -> tuple[list[Problem], int]:
    """Locate up to ``max_problems`` bad values per check, and count them all."""
    limit = ctx.max_problems
    parts = [
        f"(SELECT {index} AS check_index, _rij, "
        f"{csv.refs.get(check.column, check.column)}::VARCHAR AS value, "
        f"count(*) OVER () AS total FROM {relation} "
        f"WHERE {_condition(check, csv.refs)} ORDER BY _rij LIMIT {limit})"
        for index, check in enumerate(checks)
    ]
    with file_order(ctx.con):
        rows = ctx.con.execute(
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY _rij, check_index"
        ).fetchall()
    if not rows:
        return [], 0
    totals: dict[int, int] = {}
    problems = []
    limit_text = str(max_count())
    for check_index, rij, value, total in rows:
        check = checks[check_index]
        totals[check_index] = int(total)
        column = csv.refs.get(check.column, check.column)
        problems.append(
            Problem(
                ctx.source.name,
                check.message.replace("{limit}", limit_text),
                line=csv.line_of(int(rij)),
                column=csv.labels.get(column, check.column),
                value=value,
                code=check.code,
            )
        )
    return problems[:limit], sum(totals.values())


def _expand_refs(sql: str, refs: Mapping[str, str]) -> str:
    return re.sub(r"\{col:([a-z_0-9]+)\}", lambda m: refs[m.group(1)], sql)
