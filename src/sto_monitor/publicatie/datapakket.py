"""``datapackage.json`` of the bulk zip: a Frictionless (Tabular) Data Package.

One resource per indicator CSV (``csv/<naam>.csv``, written by ``export.csv_tekst``) with its
Table Schema: every column of the open-data contract with its type (``integer``, ``number``,
``string``, ``boolean``, ``year``), a Dutch description, its unit and, for status columns, the
codes allowed; an empty cell is missing (null); the indicator's keys are the primary key.
The package states the licence, the sources, the method version and the techniek definition,
so the zip can be checked and loaded without reading our documentation
(https://specs.frictionlessdata.io/data-package/, v1; also valid under v2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.definities import toelichting
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.publicatie.afscherming.tabel import STATUS
from sto_monitor.publicatie.contract import Veld, velden

NAAM = "sto-monitor-indicatoren"
LICENTIE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Naamsvermelding 4.0 Internationaal",
}
BRONNEN: tuple[dict[str, str], ...] = (
    {"title": "DUO open onderwijsdata", "path": "https://duo.nl/open_onderwijsdata/"},
    {"title": "CBS (Centraal Bureau voor de Statistiek)", "path": "https://www.cbs.nl/"},
)


@dataclass(frozen=True)
class Bron:
    """One published indicator in the zip: its typed table, CSV path and the files it read."""

    indicator: Indicator
    data: pa.Table
    pad: str  # inside the zip, e.g. csv/techniekaandeel.csv
    bestanden: tuple[str, ...] = ()


def datapakket(bronnen: Sequence[Bron], *, techniek: str) -> dict[str, Any]:
    """The descriptor (``datapackage.json``) of the CSV files in the bulk zip."""
    return {
        "profile": "tabular-data-package",
        "name": NAAM,
        "title": "STO Monitor: alle indicatoren",
        "description": (
            "Indicatoren van de monitor Sterk Techniekonderwijs (vmbo), na afscherming van "
            "kleine aantallen. Elke telling c staat in c (leeg als die niet exact bekend of "
            "afgeschermd is), c_min, c_max en c_status; elk aandeel, elke verandering en elke "
            "afgeleide kolom die afgeschermd kan worden heeft een kolom _status ernaast."
        ),
        "version": METHODE_VERSIE,
        "licenses": [LICENTIE],
        "sources": [dict(b) for b in BRONNEN],
        "keywords": ["onderwijs", "vmbo", "techniek", "STO", "DUO"],
        "methode_versie": METHODE_VERSIE,
        "techniek": techniek,
        "techniek_definitie": toelichting(techniek),
        "status": dict(STATUS),
        "resources": [_resource(b) for b in bronnen],
    }


def _resource(bron: Bron) -> dict[str, Any]:
    i = bron.indicator
    resource: dict[str, Any] = {
        "name": i.naam,
        "path": bron.pad,
        "profile": "tabular-data-resource",
        "title": i.titel,
        "description": i.definitie,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "unit": i.eenheid,
        "reproduceert": i.reproduceert,
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "schema": schema(i, bron.data),
    }
    if bron.bestanden:
        resource["sources"] = [{"title": b} for b in bron.bestanden]
    return resource


def schema(indicator: Indicator, data: pa.Table) -> dict[str, Any]:
    """The Table Schema of an indicator's typed table as written to CSV."""
    beschreven = {v.naam: v for v in velden(indicator)}
    fields = [
        _veld(kolom, data.schema.field(kolom).type, beschreven.get(kolom), indicator)
        for kolom in data.column_names
    ]
    result: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    sleutels = [k for k in indicator.sleutels if k in data.column_names]
    if sleutels:
        result["primaryKey"] = sleutels
    return result


def _veld(
    kolom: str, arrow: pa.DataType, veld: Veld | None, indicator: Indicator
) -> dict[str, Any]:
    """One field: the type of the values written (the data's), the meaning from the contract."""
    if pa.types.is_boolean(arrow):
        soort = "boolean"
    elif pa.types.is_integer(arrow):
        soort = "year" if kolom == "schooljaar" else "integer"
    elif pa.types.is_floating(arrow) or pa.types.is_decimal(arrow):
        soort = "number"
    else:
        soort = "string"
    result: dict[str, Any] = {"name": kolom, "type": soort}
    if veld is not None:
        result["description"] = veld.beschrijving
        if veld.eenheid:
            result["unit"] = veld.eenheid
        if veld.statussen:
            result["constraints"] = {"enum": list(veld.statussen)}
    if kolom in indicator.sleutels:
        result.setdefault("constraints", {})["required"] = True
    if soort == "boolean":
        result["trueValues"] = ["true"]
        result["falseValues"] = ["false"]
    return result
