"""Load files into the warehouse: one transaction per file, provenance for each.

For every file: recognise its format by content, skip it if this exact file (sha256) is
already loaded, otherwise load it inside a transaction together with its ``bron`` row. A file
that fails leaves the database exactly as it was; other files in the same run still load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sto_monitor.db import Connection, transaction
from sto_monitor.errors import SourceFileError
from sto_monitor.ingest.controleer import DEFAULT_MAX_VERANDERING, Waarschuwing, screen_loaded
from sto_monitor.ingest.csvlayout import CsvLayout
from sto_monitor.ingest.formats import Format, LoadContext, LoadResult
from sto_monitor.ingest.geo import JSON_SUFFIXES
from sto_monitor.ingest.pc4 import workbook_problem
from sto_monitor.ingest.registry import FORMATS
from sto_monitor.ingest.source import SourceFile
from sto_monitor.ingest.synthetisch import MANIFEST, is_synthetisch

# In a folder, files with these endings are data we expect to recognise; others are skipped
# quietly when no format claims them (README.md, SOURCES.md, images, ...).
DATA_SUFFIXES = {".csv"}
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Outcome:
    path: Path
    status: str  # geladen | al-geladen | overgeslagen | fout | gecontroleerd (dry run)
    format: Format | None = None
    result: LoadResult | None = None
    error: SourceFileError | None = None
    bron_id: int | None = None
    waarschuwingen: list[Waarschuwing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks skipped, screening remarks

    @property
    def failed(self) -> bool:
        return self.status == "fout"


def expand(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Files to consider, each with whether the user named it explicitly."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                (p, False)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.parts[-3:])
                and p.name != MANIFEST  # the generator's list of its files, not data
            )
        else:
            found.append((path, True))
    return found


def detect(source: SourceFile, formats: Sequence[Format] = FORMATS) -> Format:
    """The format that recognises the file most specifically, or a clear error."""
    path = source.path
    if source.is_empty:
        raise SourceFileError.single(path, "het bestand is leeg", code="leeg")
    if source.looks_like_html:
        raise SourceFileError.single(
            path,
            "dit is een HTML-pagina (een foutpagina van een website?), geen gegevensbestand",
            code="html",
            line=1,
        )
    if source.container_problem is not None:  # before any format opens a member
        raise SourceFileError(path, [source.container_problem])
    scored = [(f.specificity(source), f) for f in formats]
    best_score, best = max(scored, key=lambda pair: pair[0])
    if best_score > 0:
        return best
    container = _unknown_container(source)
    if container is not None:
        message, code = container
        raise SourceFileError.single(path, message, code=code)
    raise SourceFileError.single(
        path, _unknown_layout_message(source, formats), code="onbekend-formaat", line=1
    )


def _unknown_container(source: SourceFile) -> tuple[str, str] | None:
    """Message and code for an unrecognised zip, xlsx or file named so; None for text."""
    suffix = source.path.suffix.lower()
    if suffix in XLSX_SUFFIXES and not source.is_zip:
        return "geen geldig xlsx-bestand (het is geen zip)", "geen-xlsx"
    if suffix == ".zip" and not source.is_zip:
        return "geen geldig zip-bestand (het is geen zip)", "zip-onleesbaar"
    if not source.is_zip:
        return None
    if source.is_xlsx:
        damage = workbook_problem(source.path)
        if damage is not None:
            return f"geen geldig xlsx-bestand ({damage})", "geen-xlsx"
        return (
            "onbekend formaat: werkblad zonder kopregel met 'Postcode-4' en '15 tot 25 jaar' "
            "(verwacht CBS Kerncijfers per postcode; zie docs/formaten.md)",
            "onbekend-formaat",
        )
    if suffix in XLSX_SUFFIXES:
        return "geen geldig xlsx-bestand (een zip zonder werkmap 'xl/')", "geen-xlsx"
    names = [n for n in source.zip_names if not n.startswith("__MACOSX/") and not n.endswith("/")]
    shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "") or "leeg"
    json_names = [n for n in names if n.lower().endswith(JSON_SUFFIXES)]
    if not json_names:
        return f"zip bevat geen GeoJSON-bestand (inhoud: {shown})", "zip-zonder-geojson"
    if len(json_names) > 1:
        return (
            f"zip bevat meer dan één GeoJSON-bestand ({shown}); verwacht er precies één",
            "zip-meerdere-geojson",
        )
    return (
        f"onbekend formaat: {json_names[0]} in de zip is geen GeoJSON met bekende eigenschappen "
        "(vestigingscode, gemeente- of provinciecode; zie docs/formaten.md)",
        "onbekend-formaat",
    )


def _unknown_layout_message(source: SourceFile, formats: Sequence[Format]) -> str:
    if source.is_binary:
        return "onbekend formaat: geen tekstbestand"
    layouts = [getattr(f, "layout", None) for f in formats]
    candidates = [layout for layout in layouts if isinstance(layout, CsvLayout)]
    if not source.header or not candidates:
        return "onbekend formaat"
    nearest = min(candidates, key=lambda layout: len(layout.missing(source)))
    missing = nearest.missing(source)
    if len(source.header) == 1:
        return (
            f"onbekend formaat: de kopregel valt niet in kolommen uiteen; verwacht "
            f"scheidingsteken ';' (gevonden: {source.first_line[:60]!r})"
        )
    if len(missing) == len(nearest.columns):
        return "onbekend formaat: geen bekende kolomnamen in de kopregel (zie docs/formaten.md)"
    shown = ", ".join(f"'{m}'" for m in missing[:6])
    return (
        f"onbekend formaat: lijkt op {nearest.name} maar mist kolom(men) {shown} "
        "(zie docs/formaten.md)"
    )


def ingest_file(
    con: Connection,
    path: Path,
    *,
    schooljaar: int | None = None,
    max_problems: int = 20,
    explicit: bool = True,
    dry_run: bool = False,
    max_verandering: float = DEFAULT_MAX_VERANDERING,
) -> Outcome:
    """Load one file. With ``dry_run`` every check runs but nothing is written (``sto
    controleer``): the load is rolled back, and the bron row takes an id without the sequence.
    """
    if not path.exists():
        raise SourceFileError.single(path, "bestand niet gevonden", code="niet-gevonden")
    source = SourceFile.open(path)
    try:
        fmt = detect(source)
    except SourceFileError as error:
        if not explicit and path.suffix.lower() not in DATA_SUFFIXES:
            return Outcome(path, "overgeslagen", error=error)
        raise
    codering = source.codering  # decided for the whole file; refuses a UTF-8 file with damage
    already = con.execute(
        "SELECT bron_id FROM bron WHERE sha256 = ? AND status = 'geladen'", [source.sha256]
    ).fetchall()
    notes: list[str] = []
    if already and not dry_run:
        return Outcome(path, "al-geladen", fmt, bron_id=int(already[0][0]))
    if already:
        notes.append(f"al geladen als bron {already[0][0]} (zelfde sha256)")
    # nextval is not undone by a rollback: a dry run takes the next free id by hand
    id_sql = "(SELECT coalesce(max(bron_id), 0) + 1 FROM bron)" if dry_run else "DEFAULT"
    try:
        with transaction(con):
            outcome = _load(
                con, path, source, fmt, codering, id_sql, schooljaar, max_problems, dry_run
            )
            outcome.notes[:0] = notes
            screening = screen_loaded(
                con,
                file=path.name,
                target=fmt.target,
                bron_id=int(outcome.bron_id or 0),
                schooljaar=outcome.result.schooljaar if outcome.result else None,
                max_verandering=max_verandering,
                max_warnings=max_problems,
            )
            outcome.waarschuwingen = screening.waarschuwingen
            outcome.notes.extend(screening.notes)
            if dry_run:
                raise _RollBack(outcome)
    except _RollBack as rolled_back:
        checked = rolled_back.outcome
        checked.status, checked.bron_id = "gecontroleerd", None
        return checked
    return outcome


class _RollBack(Exception):
    """Ends a dry run's transaction (``transaction`` rolls back on any exception)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def _load(
    con: Connection,
    path: Path,
    source: SourceFile,
    fmt: Format,
    codering: str | None,
    id_sql: str,
    schooljaar: int | None,
    max_problems: int,
    dry_run: bool,
) -> Outcome:
    bron_id = int(
        con.execute(
            "INSERT INTO bron (bron_id, bestand, pad, sha256, grootte, formaat, doel, "
            f"codering, synthetisch) VALUES ({id_sql}, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING bron_id",
            [
                path.name,
                str(path.resolve()),
                source.sha256,
                source.size,
                fmt.name,
                fmt.target,
                codering,
                is_synthetisch(path),
            ],
        ).fetchall()[0][0]
    )
    ctx = LoadContext(con, source, bron_id, schooljaar, max_problems, dry_run)
    try:
        result = fmt.load(ctx)
    except duckdb.Error as exc:
        raise SourceFileError.single(
            path, f"kon niet laden: {str(exc).splitlines()[0]}", code="laadfout"
        ) from exc
    con.execute(
        "UPDATE bron SET rijen_gelezen = ?, rijen_geladen = ?, schooljaar = ?, "
        "peildatum = ? WHERE bron_id = ?",
        [result.rows_read, result.rows_loaded, result.schooljaar, result.peildatum, bron_id],
    )
    _mark_replaced(con, result.replaced, bron_id)
    con.execute("DROP TABLE IF EXISTS stage")
    con.execute("DROP TABLE IF EXISTS scan_result")
    return Outcome(path, "geladen", fmt, result, bron_id=bron_id)


def _mark_replaced(con: Connection, replaced: set[int], bron_id: int) -> None:
    """A load whose rows are all gone is 'vervangen'; its bron row stays, for provenance."""
    if not replaced:
        return
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_columns() WHERE column_name = 'bron_id' "
            "AND schema_name = 'main' AND NOT internal "
            # provenance tables refer to loads without holding their rows
            "AND table_name NOT IN ('bron', 'indicator_run_bron')"
        ).fetchall()
    ]
    for old in replaced:
        remaining = sum(
            int(
                con.execute(f'SELECT count(*) FROM "{t}" WHERE bron_id = ?', [old]).fetchall()[0][0]
            )
            for t in tables
        )
        status = "vervangen" if remaining == 0 else "geladen"
        con.execute(
            "UPDATE bron SET status = ?, vervangen_door = ? WHERE bron_id = ?",
            [status, bron_id, old],
        )


def ingest_paths(
    con: Connection,
    paths: Sequence[Path],
    *,
    schooljaar: int | None = None,
    max_problems: int = 20,
    on_file: Callable[[Path, int], None] | None = None,
    dry_run: bool = False,
    max_verandering: float = DEFAULT_MAX_VERANDERING,
) -> list[Outcome]:
    """Load every file; a failing file is reported in its outcome and does not stop the run."""
    outcomes = []
    for path, explicit in expand(paths):
        if on_file:
            on_file(path, path.stat().st_size if path.exists() else 0)
        try:
            outcomes.append(
                ingest_file(
                    con,
                    path,
                    schooljaar=schooljaar,
                    max_problems=max_problems,
                    explicit=explicit,
                    dry_run=dry_run,
                    max_verandering=max_verandering,
                )
            )
        except SourceFileError as error:
            outcomes.append(Outcome(path, "fout", error=error))
    return outcomes
