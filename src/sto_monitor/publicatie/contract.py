"""The open-data contract as a schema: every column of an indicator's typed table, described.

``afscherming/tabel.getypeerd`` writes the typed table of the contract (see its docstring);
this module says, without any data, which columns that table has, their JSON type, what they
mean (in Dutch) and their unit. It is the one source of the per-indicator response schemas in
the OpenAPI document (``web/api.py``) and of the Table Schemas in the bulk zip's
``datapackage.json`` (``datapakket.py``).

The column types come from the indicator's own Ibis expression, built over an empty warehouse
(the schema only, nothing is computed), and the columns from ``getypeerd`` itself on an empty
table, so the schema cannot drift from what is published.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

from sto_monitor import db
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.publicatie.afscherming.tabel import (
    GEHEIM,
    INTERVAL,
    KLEIN,
    Besluit,
    families,
    getypeerd,
    verborgen_kolommen,
)

Type = Literal["integer", "number", "string", "boolean"]
Soort = Literal["sleutel", "aantal", "ondergrens", "bovengrens", "status", "waarde", "kenmerk"]

STATUS_AANTAL: tuple[str, ...] = (KLEIN, INTERVAL, GEHEIM)  # codes of a count's c_status
STATUS_WAARDE: tuple[str, ...] = (GEHEIM,)  # codes of a share's, change's or derived s_status

SLEUTELS: dict[str, str] = {
    "schooljaar": "Schooljaar, als het eerste kalenderjaar: 2024 = schooljaar 2024/2025.",
    "regio": "Code van de STO-regio; NL = heel Nederland.",
    "profiel": "Profiel van het vmbo (code, bijvoorbeeld PIE), of een groep profielen.",
    "leerweg": "Leerweg: bb, kb, gl, tl, of totaal.",
    "vestiging": "Vestiging: BRIN-nummer en volgnummer, bijvoorbeeld 00AH17.",
    "cluster": "Groeicluster van de regio's.",
}
KENMERKEN: dict[str, str] = {
    "onzeker": "Waar als DUO-maskering (<5) de uitkomst in deze rij onzeker maakt.",
    "methode": "Hoe de afstand bepaald is.",
    "breuk": "Code van de breuk in de reeks (zie reeksbreuken) waardoor de verandering "
    "tegenover het vorige geladen schooljaar niet is berekend; leeg als er geen breuk is.",
}


@dataclass(frozen=True)
class Veld:
    """One column of the typed table."""

    naam: str
    type: Type  # the JSON (and Table Schema) type of its values; every value may be null
    soort: Soort
    beschrijving: str  # Dutch
    eenheid: str | None = None
    statussen: tuple[str, ...] = ()  # a status column: the codes it may hold besides null


def _type(arrow: pa.DataType) -> Type:
    if pa.types.is_boolean(arrow):
        return "boolean"
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_floating(arrow) or pa.types.is_decimal(arrow):
        return "number"
    return "string"


@functools.cache
def _ruwe_schemas() -> dict[str, pa.Schema]:
    """Every registered indicator's computed columns and types, from an empty warehouse."""
    con = db.connect(":memory:")
    try:
        return {i.naam: _ruw(i, DuckDBEngine(con)) for i in INDICATORS}
    finally:
        con.close()


def _ruw(indicator: Indicator, engine: DuckDBEngine) -> pa.Schema:
    expr = indicator.bereken(Inputs(engine)).select(list(indicator.kolommen))
    schema: pa.Schema = expr.schema().to_pyarrow()
    return schema


def ruw_schema(indicator: Indicator) -> pa.Schema:
    """The columns and types ``run.compute`` gives for this indicator (before publication)."""
    schemas = _ruwe_schemas()
    if indicator.naam in schemas and schemas[indicator.naam].names == list(indicator.kolommen):
        return schemas[indicator.naam]
    con = db.connect(":memory:")
    try:
        return _ruw(indicator, DuckDBEngine(con))
    finally:
        con.close()


def velden(indicator: Indicator, ruw: pa.Schema | None = None) -> tuple[Veld, ...]:
    """The columns of the indicator's typed table, in order, each with type and meaning."""
    ruw = ruw if ruw is not None else ruw_schema(indicator)
    rule = indicator.openbaarheid
    data = getypeerd(ruw.empty_table(), rule, Besluit())
    fams = {f.naam: f for f in families(ruw.names, rule.aantallen)}
    verbergbaar = set(verborgen_kolommen(rule))
    result: list[Veld] = []
    for kolom in data.column_names:
        base, _, suffix = kolom.rpartition("_")
        if kolom in fams:
            fam = fams[kolom]
            bron = fam.punt or fam.laag
            assert bron is not None
            soort: Soort = "aantal"
            telling = _telling(indicator, kolom)
            result.append(Veld(kolom, _type(ruw.field(bron).type), soort, _aantal(kolom), telling))
        elif base in fams and suffix in ("min", "max"):
            fam = fams[base]
            bron = (fam.laag if suffix == "min" else fam.hoog) or fam.punt
            assert bron is not None
            grens: Soort = "ondergrens" if suffix == "min" else "bovengrens"
            beschrijving = _grens(base, suffix)
            grens_eenheid = _telling(indicator, base)
            result.append(
                Veld(kolom, _type(ruw.field(bron).type), grens, beschrijving, grens_eenheid)
            )
        elif base in fams and suffix == "status":
            beschrijving = (
                f"Status van {base}: leeg = exact; <5 = door DUO gemaskeerd, 1 tot en met 4; "
                f"interval = ligt tussen {base}_min en {base}_max; x = afgeschermd."
            )
            result.append(Veld(kolom, "string", "status", beschrijving, None, STATUS_AANTAL))
        elif kolom in verbergbaar:
            beschrijving = (
                f"{kolom.replace('_', ' ').capitalize()}; leeg als niet van toepassing "
                f"(bijvoorbeeld geen vorig schooljaar) of afgeschermd (zie {kolom}_status)."
            )
            arrow = ruw.field(kolom).type
            result.append(Veld(kolom, _type(arrow), "waarde", beschrijving, _eenheid(kolom)))
        elif base in verbergbaar and suffix == "status":
            beschrijving = (
                f"Status van {base}: leeg = getoond (of niet van toepassing); x = afgeschermd."
            )
            result.append(Veld(kolom, "string", "status", beschrijving, None, STATUS_WAARDE))
        elif kolom in indicator.sleutels:
            beschrijving = SLEUTELS.get(kolom, f"Sleutel: {kolom.replace('_', ' ')}.")
            result.append(Veld(kolom, _type(ruw.field(kolom).type), "sleutel", beschrijving))
        else:
            arrow = ruw.field(kolom).type
            beschrijving = KENMERKEN.get(kolom, f"{kolom.replace('_', ' ').capitalize()}.")
            eenheid = None if pa.types.is_boolean(arrow) else _eenheid(kolom)
            result.append(Veld(kolom, _type(arrow), "kenmerk", beschrijving, eenheid))
    return tuple(result)


# Count families whose unit is not the indicator's own (kwetsbare_groepen counts vestigingen
# as a unit, but these columns count students).
LEERLINGEN: frozenset[str] = frozenset(
    {"derdejaars", "techniekleerlingen", "niet_techniekleerlingen", "in_kwetsbare_groepen"}
)


def _telling(indicator: Indicator, familie: str = "") -> str:
    """The unit of a count family: students where it counts them, else the indicator's unit."""
    if familie in LEERLINGEN:
        return "leerlingen"
    return indicator.eenheid if indicator.eenheid not in ("procent", "fte") else "aantal"


def _aantal(naam: str) -> str:
    return (
        f"{naam.replace('_', ' ').capitalize()}, als het aantal exact bekend is en getoond mag "
        f"worden; anders leeg (zie {naam}_status, {naam}_min en {naam}_max)."
    )


def _grens(base: str, suffix: str) -> str:
    wat = "Ondergrens" if suffix == "min" else "Bovengrens"
    return (
        f"{wat} van {base}: gelijk aan {base} als dat exact is, de grens van DUO's "
        "maskering waar DUO maskeerde, leeg als afgeschermd."
    )


def _eenheid(naam: str) -> str | None:
    """A unit read from the column name (shares in procent, distances in km, fte)."""
    if "aandeel" in naam or "percentage" in naam or naam.endswith("_pct"):
        return "procent"
    if naam.startswith("verandering") or naam.startswith("meisjes_in"):
        return "procent"
    if naam.endswith("_km"):
        return "km"
    if naam.endswith("per_fte"):
        return "leerlingen per fte"
    if naam == "fte" or naam.endswith("_fte"):
        return "fte"
    return None
