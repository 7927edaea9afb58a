"""Every indicator gives the same table on DuckDB and on Spark (docs/spark.md).

One small national dataset (schaal 0.1, layout 2023 with ``<5`` cells, two school years) is
generated and ingested once; one SparkSession serves the whole module. The indicators come from
the registry at collection time, so an indicator added later is compared without touching this
file. An indicator whose source tables are empty in the generated data is skipped, with the
reason in the summary (``-ra``).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.indicators.engines import DuckDBEngine, SparkEngine
from sto_monitor.indicators.registry import INDICATORS, Indicator
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.runner import ingest_paths

pytestmark = pytest.mark.spark

REL_TOL = 1e-9
# Sums of the same doubles in another order may differ in the last bits; around zero a purely
# relative tolerance would then fail on e.g. 1e-15 against 0.0.
ABS_TOL = 1e-12


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    tmp = tmp_path_factory.mktemp("engines")
    generate(tmp / "gen", schaal=0.1, layout="2023", jaren=[2022, 2023], seed=7)
    con = db.connect(tmp / "sto.duckdb")
    outcomes = ingest_paths(con, [tmp / "gen"])
    assert all(o.status == "geladen" for o in outcomes), [(o.path, o.error) for o in outcomes]
    yield con
    con.close()


@pytest.fixture(scope="module")
def spark(warehouse: db.Connection) -> Iterator[SparkEngine]:
    if shutil.which("java") is None:
        pytest.skip("geen java op PATH: installeer openjdk-17-jre-headless (zie .ci/run)")
    pytest.importorskip("pyspark", reason="pyspark ontbreekt: pip install .[spark]")
    engine = SparkEngine(warehouse, master="local[2]")
    # Runtime settings for a few thousand rows: one shuffle partition per exchange instead of
    # four saves task scheduling, which dominates at this size. Results do not depend on it.
    engine.spark.conf.set("spark.sql.shuffle.partitions", "1")
    yield engine
    engine.close()


def _empty_sources(con: db.Connection, indicator: Indicator) -> list[str]:
    empty = []
    for table in indicator.bronnen:
        [(count,)] = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()
        if count == 0:
            empty.append(table)
    return empty


def _kind(dtype: pa.DataType) -> str:
    if pa.types.is_integer(dtype):
        return "integer"
    if pa.types.is_floating(dtype) or pa.types.is_decimal(dtype):
        return "float"
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return "string"
    return str(dtype)


def normalise(
    table: pa.Table, keys: tuple[str, ...]
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Column kinds, and the rows sorted by the keys (then every other column), ints as int64.

    Sorting by the remaining columns too keeps the comparison deterministic if an indicator's
    keys are not unique; floats go last so that last-bit differences cannot reorder rows.
    """
    kinds = {name: _kind(table.schema.field(name).type) for name in table.column_names}
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if kinds[name] == "integer":
            column = column.cast(pa.int64())
        elif kinds[name] == "float":
            column = column.cast(pa.float64())
        columns[name] = column
    table = pa.table(columns)
    rest = [c for c in table.column_names if c not in keys]
    order = [
        *keys,
        *(c for c in rest if kinds[c] != "float"),
        *(c for c in rest if kinds[c] == "float"),
    ]
    indices = pc.sort_indices(table, sort_keys=[(c, "ascending", "at_end") for c in order])
    return kinds, table.take(indices).to_pylist()


def same_value(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def differences(
    duck: list[dict[str, Any]], spark: list[dict[str, Any]], limit: int = 10
) -> list[str]:
    found = []
    for number, (row_d, row_s) in enumerate(zip(duck, spark, strict=True)):
        for column, value in row_d.items():
            if not same_value(value, row_s[column]):
                found.append(
                    f"rij {number} kolom {column}: duckdb {value!r}, spark {row_s[column]!r}"
                )
                if len(found) >= limit:
                    return found
    return found


@pytest.mark.parametrize("indicator", INDICATORS, ids=[i.naam for i in INDICATORS])
def test_same_result_on_duckdb_and_spark(
    indicator: Indicator, warehouse: db.Connection, spark: SparkEngine
) -> None:
    if empty := _empty_sources(warehouse, indicator):
        pytest.skip(f"brontabel(len) leeg in de gegenereerde data: {', '.join(empty)}")
    if indicator.naam == "reeksbreuken":  # one layout, consecutive years: nothing breaks
        pytest.skip("geen breuk in de gegenereerde data; tests/test_breuken.py toetst Spark")
    duck = compute(indicator, warehouse, engine=DuckDBEngine(warehouse))
    on_spark = compute(indicator, warehouse, engine=spark)

    assert on_spark.column_names == duck.column_names == list(indicator.kolommen)
    assert on_spark.num_rows == duck.num_rows
    assert duck.num_rows > 0, "lege uitkomst vergelijkt niets: vergroot de testdata"
    kinds_d, rows_d = normalise(duck, indicator.sleutels)
    kinds_s, rows_s = normalise(on_spark, indicator.sleutels)
    assert kinds_s == kinds_d
    assert differences(rows_d, rows_s) == []
