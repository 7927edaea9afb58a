"""Administrative boundaries (GeoJSON) and the gemeente -> provincie lookup (KoppelCodes).

``grenzen-gemeente`` and ``grenzen-provincie`` read a GeoJSON FeatureCollection of (Multi)
Polygons in lon/lat and store each feature's geometry as GeoJSON text in ``grens``. Three
property conventions occur: ``gemeenteCode``/``gemeenteNaam`` and ``provincieCode``/
``provincie`` (PDOK-derived), and CBS-website files with ``code``/``name`` (gemeenten, code
without the ``GM`` prefix) or only ``name`` (provincies). A new file replaces all boundaries of
its kind. ``koppelcodes`` loads the gemeente table (replacing it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sto_monitor.domain import OPENBAAR, Openheid
from sto_monitor.errors import Problem
from sto_monitor.ingest.csvlayout import Check, CsvFormat, CsvLayout, run_checks
from sto_monitor.ingest.eigen_basis import stage_nonempty
from sto_monitor.ingest.formats import LoadContext, LoadResult, replace_rows
from sto_monitor.ingest.geo import first_properties, insert_rows, json_head, raise_problems
from sto_monitor.ingest.geo import read_features as read_geojson
from sto_monitor.ingest.source import SourceFile

POLYGONS = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class _Keys:
    code: str | None  # property holding the code, if any
    name: str
    prefix: str  # added to a bare numeric code, e.g. "GM" + "0014"
    pattern: str  # the stored code must match this
    example: str


_GEMEENTE = (
    _Keys("gemeenteCode", "gemeenteNaam", "GM", r"GM[0-9]{4}", "GM0014"),
    _Keys("code", "name", "GM", r"GM[0-9]{4}", "GM0014 of 0014"),
)
_PROVINCIE = (
    _Keys("provincieCode", "provincie", "PV", r"PV[0-9]{2}", "PV20"),
    _Keys(None, "name", "PV", r"PV[0-9]{2}", "PV20"),
)


@dataclass(frozen=True)
class GrensFormat:
    soort: str  # gemeente | provincie
    conventions: tuple[_Keys, ...]

    @property
    def name(self) -> str:
        return f"grenzen-{self.soort}"

    @property
    def target(self) -> str:
        return "grens"

    @property
    def title(self) -> str:
        return f"Grenzen van {self.soort}s (GeoJSON)"

    @property
    def openheid(self) -> Openheid:
        return OPENBAAR

    def _keys(self, properties: dict[str, Any]) -> _Keys | None:
        for keys in self.conventions:
            if keys.name not in properties:
                continue
            if keys.code is None:
                # name only: CBS-website provinces (level 3); never a file with any code key
                if (
                    not any(k in properties for k in ("code", "gemeenteCode", "provincieCode"))
                    and properties.get("level", 3) == 3
                ):
                    return keys
            elif keys.code in properties:
                return keys
        return None

    def specificity(self, source: SourceFile) -> int:
        if not (source.looks_like_json or source.is_zip):
            return 0
        properties = first_properties(json_head(source))
        return 50 if properties is not None and self._keys(properties) else 0

    def load(self, ctx: LoadContext) -> LoadResult:
        source = ctx.source
        features, _ = read_geojson(source)
        first = next((f.get("properties") for f in features if isinstance(f, dict)), None)
        keys = self._keys(first if isinstance(first, dict) else {}) or self.conventions[0]
        rows: list[tuple[object, ...]] = []
        problems: list[Problem] = []
        for number, feature in enumerate(features, start=1):
            feature = feature if isinstance(feature, dict) else {}
            properties = feature.get("properties") or {}
            geometry = feature.get("geometry")
            naam = str(properties.get(keys.name) or "").strip()
            where = f"object {number}" + (f" ({naam})" if naam else "")

            def problem(message: str, column: str, value: object, code: str) -> None:
                problems.append(
                    Problem(
                        source.name,
                        f"{where}: {message}",  # noqa: B023
                        column=column,
                        value=str(value),
                        code=code,
                    )
                )

            if not naam:
                problem("naam ontbreekt", keys.name, properties.get(keys.name), "leeg-veld")
            code = None
            if keys.code is not None:
                raw = str(properties.get(keys.code) or "").strip().upper()
                code = keys.prefix + raw if raw.isdigit() else raw
                if not re.fullmatch(keys.pattern, code):
                    problem(
                        f"verwacht een code als {keys.example}",
                        keys.code,
                        properties.get(keys.code),
                        "ongeldige-code",
                    )
            if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
                kind = geometry.get("type") if isinstance(geometry, dict) else geometry
                problem("verwacht een (Multi)Polygon als geometrie", "geometry", kind, "geen-vlak")
                continue
            rows.append(
                (self.soort, code, naam, json.dumps(geometry, separators=(",", ":")), ctx.bron_id)
            )
        raise_problems(source, problems, ctx.max_problems)
        # Several indelingen may live side by side (the 2016 gemeenten next to the 2023 ones):
        # only a new version of the same file replaces its boundaries.
        replaced = replace_rows(
            ctx.con,
            "grens",
            "soort = ? AND bron_id IN (SELECT bron_id FROM bron WHERE bestand = ?)",
            [self.soort, source.name],
            ctx.bron_id,
        )
        loaded = insert_rows(
            ctx.con, "grens", ("soort", "code", "naam", "geometrie", "bron_id"), rows
        )
        return LoadResult(
            len(features), loaded, None, None, replaced, [f"{loaded} {self.soort}grenzen"]
        )


GRENZEN_GEMEENTE = GrensFormat("gemeente", _GEMEENTE)
GRENZEN_PROVINCIE = GrensFormat("provincie", _PROVINCIE)


# --- koppelcodes -----------------------------------------------------------------------------
def _koppel_layout(gemeentecode: str) -> CsvLayout:
    return CsvLayout(
        name="koppelcodes",
        target="gemeente",
        title="Koppeltabel gemeente - veiligheidsregio - provincie",
        columns={
            "gemeentecode": gemeentecode,
            "naam": "gemeenteNaam",
            "provinciecode": "provincieCode",
            "provincie": "Provincie",
        },
        optional={"veiligheidsregio": "veiligheidsRegioNaam"},
    )


def load_koppelcodes(ctx: LoadContext, layout: CsvLayout) -> LoadResult:
    staged = stage_nonempty(ctx, layout)
    refs = staged.refs
    run_checks(
        ctx,
        staged,
        [
            Check(
                "gemeentecode",
                "NOT coalesce(regexp_full_match(upper(trim({c})), '(GM)?[0-9]{{4}}'), false)",
                "verwacht een gemeentecode als GM0014 of 0014",
                "ongeldige-code",
            ),
            Check("naam", "({c} IS NULL OR trim({c}) = '')", "gemeentenaam ontbreekt", "leeg-veld"),
            Check(
                "provinciecode",
                "NOT coalesce(regexp_full_match(upper(trim({c})), 'PV[0-9]{{2}}'), false)",
                "verwacht een provinciecode als PV20",
                "ongeldige-code",
            ),
        ],
        ("gemeentecode",),
    )
    replaced = replace_rows(ctx.con, "gemeente", "TRUE", [], ctx.bron_id)
    code = f"upper(trim({refs['gemeentecode']}))"
    regio = (
        f"nullif(trim({refs['veiligheidsregio']}), '')" if "veiligheidsregio" in refs else "NULL"
    )
    ctx.con.execute(
        f"""
        INSERT INTO gemeente (gemeentecode, naam, veiligheidsregio, provinciecode, provincie,
                              bron_id)
        SELECT CASE WHEN {code} LIKE 'GM%' THEN {code} ELSE 'GM' || lpad({code}, 4, '0') END,
               trim({refs["naam"]}), {regio}, upper(trim({refs["provinciecode"]})),
               trim({refs["provincie"]}), ?
        FROM {staged.table}
    """,
        [ctx.bron_id],
    )
    return LoadResult(staged.rows, staged.rows, None, None, replaced, [f"{staged.rows} gemeenten"])


KOPPELCODES = CsvFormat(
    (_koppel_layout("gemeentCode"), _koppel_layout("gemeenteCode")), load_koppelcodes, OPENBAAR
)
FORMATS = (GRENZEN_GEMEENTE, GRENZEN_PROVINCIE, KOPPELCODES)
