"""The engines an indicator runs on: DuckDB (default, the warehouse file) and Apache Spark.

Both take the same Ibis expressions. Spark reads the warehouse tables it needs from Parquet
files exported by DuckDB (on a cluster, point ``spark_master`` at it and keep the Parquet on
shared storage); results come back as Arrow tables.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sto_monitor.db import Connection
from sto_monitor.indicators.inputs import Engine


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, con: Connection):
        self.con = con
        self.backend = ibis.duckdb.from_connection(con)

    def table(self, name: str) -> ir.Table:
        return self.backend.table(name)

    def execute(self, expr: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expr)


class SparkEngine(Engine):
    """Spark in local mode by default (``local[2]``); a cluster URL in production."""

    name = "spark"

    def __init__(self, con: Connection, master: str = "local[2]", workdir: Path | None = None):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        from pyspark.sql import SparkSession  # optional dependency: pip install .[spark]

        self.con = con
        self.spark: Any = (
            SparkSession.builder.master(master)
            .appName("sto-monitor")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        self.backend = ibis.pyspark.connect(self.spark)
        self._tmp = tempfile.TemporaryDirectory(prefix="sto-spark-")
        self.workdir = workdir or Path(self._tmp.name)
        self._loaded: set[str] = set()

    def table(self, name: str) -> ir.Table:
        if name not in self._loaded:
            target = self.workdir / f"{name}.parquet"
            self.con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' (FORMAT parquet)")
            self.spark.read.parquet(str(target)).createOrReplaceTempView(name)
            self._loaded.add(name)
        return self.backend.table(name)

    def execute(self, expr: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def close(self) -> None:
        self._tmp.cleanup()
