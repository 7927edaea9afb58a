"""``scholen-geo``: geocoded school locations (edugis data-nl-scholen: DUO addresses + BAG).

A zip holding one GeoJSON FeatureCollection of points, or that GeoJSON itself. Each feature
with a vestiging code (``vestigingsnummer`` in 2022, ``vestigingscode`` since) and a Point
becomes a row of ``vestiging_geo``. The snapshot date is not in the content, only in the name
(``scholen20220501.geo.json``); it is the one place where a name may supply a date. Loading
the same snapshot date again replaces it; other snapshots are kept.

Also home of small helpers for the other non-CSV formats: peeking at GeoJSON properties and
inserting rows built in Python through a temporary newline-delimited JSON file (one scan by
DuckDB, much faster than ``executemany``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sto_monitor.db import Connection
from sto_monitor.domain import OPENBAAR, Openheid
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows
from sto_monitor.ingest.source import (
    HEAD_BYTES,
    MAX_ZIP_UNPACKED,
    UTF8_BOM,
    SourceFile,
    decide_encoding,
)

CODE_KEYS = ("vestigingscode", "vestigingsnummer")
VESTIGINGSCODE = re.compile(r"[0-9]{2}[A-Z]{2}[0-9]{2}")
JSON_SUFFIXES = (".geojson", ".json")
# Generous box around the European Netherlands, lat/lon in degrees (WGS84).
LAT_RANGE, LON_RANGE = (50.5, 53.8), (3.0, 7.4)
_PROPERTIES = re.compile(r'"properties"\s*:\s*(\{[^{}]*\})')
_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)")


# --- helpers for GeoJSON-like sources ------------------------------------------------------
def zip_json_member(source: SourceFile) -> str | None:
    """The one JSON/GeoJSON file inside a (non-xlsx) zip, if there is exactly one."""
    if not source.is_zip or source.is_xlsx:
        return None
    members = [
        n
        for n in source.zip_names
        if n.lower().endswith(JSON_SUFFIXES) and not n.startswith("__MACOSX")
    ]
    return members[0] if len(members) == 1 else None


def json_head(source: SourceFile) -> str:
    """The first bytes of the GeoJSON: of the file itself, or of the one inside a zip."""
    member = zip_json_member(source)
    if member is None:
        return source.head_text if source.looks_like_json else ""
    try:
        with zipfile.ZipFile(source.path) as archive, archive.open(member) as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return ""  # damaged: not recognised here; loading would name the damage


def _read_member(source: SourceFile, member: str) -> bytes:
    """A zip member's bytes, never more than MAX_ZIP_UNPACKED (a header may lie)."""
    try:
        with zipfile.ZipFile(source.path) as archive, archive.open(member) as handle:
            raw = handle.read(MAX_ZIP_UNPACKED + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise SourceFileError.single(
            source.path,
            f"kan {member} niet uitpakken (beschadigde zip: {exc})",
            code="zip-onleesbaar",
        ) from exc
    if len(raw) > MAX_ZIP_UNPACKED:
        raise SourceFileError.single(
            source.path,
            f"{member} pakt uit tot meer dan {MAX_ZIP_UNPACKED / 1e6:.0f} MB (een zip-bom?)",
            code="zip-te-groot",
        )
    return raw


def first_properties(head: str) -> dict[str, Any] | None:
    """The properties of the first feature of a FeatureCollection (flat properties only)."""
    features = head.find('"features"')
    if '"FeatureCollection"' not in head or features < 0:
        return None
    match = _PROPERTIES.search(head, features)  # not the "crs" object's properties
    if not match:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def read_features(source: SourceFile) -> tuple[list[Any], str]:
    """All features of the GeoJSON (inside a zip or not), and the GeoJSON's own name."""
    member = zip_json_member(source)
    if member is not None:
        raw, name = _read_member(source, member), member
        encoding = decide_encoding(source.path, raw, member)
    else:
        raw, name = source.path.read_bytes(), source.name
        encoding = source.encoding
    text = raw.removeprefix(UTF8_BOM).decode(encoding)
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise SourceFileError.single(
            source.path, f"geen geldige JSON in {name}: {exc}", code="json-onleesbaar", line=line
        ) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise SourceFileError.single(
            source.path,
            f"{name} is geen GeoJSON FeatureCollection (geen lijst 'features')",
            code="geen-geojson",
        )
    return features, name


def raise_problems(source: SourceFile, problems: list[Problem], limit: int) -> None:
    if problems:
        raise SourceFileError(source.path, problems[:limit], total=len(problems))


def insert_rows(
    con: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
    """Insert Python rows into ``table`` (given columns) via a temporary NDJSON file."""
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE table_name = ? AND schema_name = 'main' AND database_name = current_database()",
            [table],
        ).fetchall()
    )
    spec = ", ".join(f"'{c}': '{types[c]}'" for c in columns)
    count = 0
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed before DuckDB reads it
        "w", suffix=".json", delete=False, encoding="utf-8"
    )
    try:
        with handle:
            for row in rows:
                handle.write(json.dumps(dict(zip(columns, row, strict=True)), default=str))
                handle.write("\n")
                count += 1
        if count:
            path = handle.name.replace("'", "''")
            names = ", ".join(columns)
            con.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json("
                f"'{path}', format='newline_delimited', columns={{{spec}}})"
            )
    finally:
        os.unlink(handle.name)
    return count


# --- scholen-geo --------------------------------------------------------------------------
def _date_from_name(*names: str) -> date | None:
    for name in names:
        for year, month, day in _DATE_IN_NAME.findall(name):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def _postcode(text: object) -> str | None:
    value = str(text or "").strip().upper().replace(" ", "")
    if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", value):
        return f"{value[:4]} {value[4:]}"
    return value or None


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


class ScholenGeoFormat:
    name = "scholen-geo"
    openheid: Openheid = OPENBAAR
    target = "vestiging_geo"
    title = "Schoollocaties met coördinaten (GeoJSON, DUO-adressen + BAG)"

    def specificity(self, source: SourceFile) -> int:
        if not (zip_json_member(source) or source.looks_like_json):
            return 0
        properties = first_properties(json_head(source))
        if properties is None or not any(k in properties for k in CODE_KEYS):
            return 0
        return 60

    def load(self, ctx: LoadContext) -> LoadResult:
        source = ctx.source
        features, inner = read_features(source)
        peildatum = _date_from_name(inner, source.name)
        rows: list[tuple[object, ...]] = []
        problems: list[Problem] = []
        skipped = 0
        for number, feature in enumerate(features, start=1):
            properties = feature.get("properties") if isinstance(feature, dict) else None
            geometry = feature.get("geometry") if isinstance(feature, dict) else None
            properties = properties if isinstance(properties, dict) else {}
            key = next((k for k in CODE_KEYS if k in properties), CODE_KEYS[0])
            code = str(properties.get(key) or "").strip().upper()
            if (
                not VESTIGINGSCODE.fullmatch(code)
                or not isinstance(geometry, dict)
                or geometry.get("type") != "Point"
            ):
                skipped += 1
                continue
            coordinates = geometry.get("coordinates")
            where = f"object {number} ({code})"
            try:
                lon, lat = float(coordinates[0]), float(coordinates[1])  # type: ignore[index]
            except (TypeError, ValueError, IndexError):
                problems.append(
                    Problem(
                        source.name,
                        f"{where}: punt zonder geldige coördinaten",
                        column="geometry.coordinates",
                        value=str(coordinates),
                        code="geen-coordinaat",
                    )
                )
                continue
            if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
                problems.append(
                    Problem(
                        source.name,
                        f"{where}: coördinaat ligt niet in Nederland; verwacht "
                        "[lengtegraad, breedtegraad] in WGS84 (geen RD, niet omgedraaid)",
                        column="geometry.coordinates",
                        value=f"[{lon}, {lat}]",
                        code="coordinaat-buiten-nl",
                    )
                )
                continue
            rows.append(
                (
                    code,
                    _text(properties.get("naam")),
                    _text(properties.get("type")),
                    _postcode(properties.get("postcode")),
                    _text(properties.get("plaats")),
                    _text(properties.get("gemeente")),
                    _text(properties.get("provincie")),
                    lat,
                    lon,
                    peildatum,
                    ctx.bron_id,
                )
            )
        raise_problems(source, problems, ctx.max_problems)
        replaced: set[int] = set()
        if peildatum is not None:
            replaced = replace_rows(
                ctx.con, "vestiging_geo", "peildatum = ?", [peildatum], ctx.bron_id
            )
        loaded = insert_rows(
            ctx.con,
            "vestiging_geo",
            (
                "vestiging",
                "naam",
                "onderwijsstructuur",
                "postcode",
                "plaats",
                "gemeente",
                "provincie",
                "lat",
                "lon",
                "peildatum",
                "bron_id",
            ),
            rows,
        )
        notes = [
            f"momentopname van {peildatum:%d-%m-%Y}"
            if peildatum
            else "geen datum in de bestandsnaam: momentopname zonder peildatum"
        ]
        if skipped:
            notes.append(f"{skipped} objecten zonder vestigingscode of puntlocatie overgeslagen")
        return LoadResult(len(features), loaded, None, peildatum, replaced, notes)


SCHOLEN_GEO = ScholenGeoFormat()
FORMATS = (SCHOLEN_GEO,)
