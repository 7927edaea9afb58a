"""The engines an indicator runs on: DuckDB (default, the warehouse file) and Apache Spark.

Both take the same Ibis expressions. Spark reads the warehouse tables it needs from Parquet
files exported by DuckDB (on a cluster, point ``spark_master`` at it and keep the Parquet on
shared storage); results come back as Arrow tables with the types of the Ibis expression, so
both engines return exactly the same schema (see ``tests/test_engines.py`` and docs/spark.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from sto_monitor.db import Connection
from sto_monitor.indicators.inputs import Engine

ENGINES = ("duckdb", "spark")

# Spark's own log4j profile prints a banner and INFO/WARN lines on stderr before
# ``setLogLevel`` can act; this one keeps the JVM quiet from the start (errors only). For a
# Python driver Spark takes the level of its own ``org.apache.spark`` logger as the default and
# prints a "Setting default log level" notice when the root differs, hence both at ERROR.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
logger.spark.name = org.apache.spark
logger.spark.level = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
"""


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, con: Connection):
        self.con = con
        self.backend = ibis.duckdb.from_connection(con)

    def table(self, name: str) -> ir.Table:
        return self.backend.table(name)

    def execute(self, expr: ir.Table) -> pa.Table:
        return self.backend.to_pyarrow(expr)

    def close(self) -> None:
        """Nothing to release: the connection belongs to the caller."""


class SparkEngine(Engine):
    """Spark in local mode by default (``local[2]``); a cluster URL in production.

    ``driver_memory`` only takes effect when this creates the JVM (the first session of the
    process). ``close()`` removes the exported Parquet files and stops the session.
    """

    name = "spark"

    def __init__(
        self,
        con: Connection,
        master: str = "local[2]",
        workdir: Path | None = None,
        *,
        driver_memory: str = "2g",
    ):
        # The driver binds to loopback unless told otherwise: a machine whose hostname does
        # not resolve (CI containers) then still works, and nothing listens on the network.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # Python workers (only used for UDFs) run in this interpreter, i.e. this venv.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        from pyspark.sql import SparkSession  # optional dependency: pip install .[spark]

        self.con = con
        self._tmp = tempfile.TemporaryDirectory(prefix="sto-spark-")
        self.workdir = workdir or Path(self._tmp.name)
        self.workdir.mkdir(parents=True, exist_ok=True)
        log4j = Path(self._tmp.name) / "log4j2.properties"
        log4j.write_text(_LOG4J2, encoding="utf-8")
        java_options = f"-Dlog4j2.configurationFile={log4j.as_uri()} -Duser.timezone=UTC"
        self.spark: Any = (
            SparkSession.builder.master(master)
            .appName("sto-monitor")
            .config("spark.driver.memory", driver_memory)
            .config("spark.driver.extraJavaOptions", java_options)
            .config("spark.executor.extraJavaOptions", java_options)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        self.backend = ibis.pyspark.connect(self.spark)
        self._loaded: set[str] = set()

    def table(self, name: str) -> ir.Table:
        if name not in self._loaded:
            target = self.workdir / f"{name}.parquet"
            self.con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target}' (FORMAT parquet)")
            self.spark.read.parquet(str(target)).createOrReplaceTempView(name)
            self._loaded.add(name)
        return self.backend.table(name)

    def execute(self, expr: ir.Table) -> pa.Table:
        """Run on Spark and return Arrow in the expression's own schema.

        Ibis' PySpark ``to_pyarrow`` goes through pandas, which turns integer columns with
        NULLs into floats and back; Spark 4 hands Arrow over directly (``toArrow``), and the
        final cast gives the same types as DuckDB (e.g. ``schooljaar`` int16, counts int64).
        """
        schema = expr.schema().to_pyarrow()
        df = self.spark.sql(self._sql(expr))
        if not hasattr(df, "toArrow"):  # PySpark < 4.0
            return self.backend.to_pyarrow(expr)
        return df.toArrow().rename_columns(schema.names).cast(schema)

    def _sql(self, expr: ir.Table) -> str:
        # Registers in-memory tables (ibis.memtable) and UDFs the expression uses, as Ibis'
        # own execute does before compiling.
        self.backend._run_pre_execute_hooks(expr)
        return str(self.backend.compile(expr))

    def close(self) -> None:
        self.spark.stop()
        self._tmp.cleanup()

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def make_engine(
    name: str, con: Connection, master: str | None = None
) -> DuckDBEngine | SparkEngine:
    """The engine called ``name`` (``duckdb`` or ``spark``) on the warehouse ``con``.

    ``master`` is Spark's master URL (default ``local[2]``); DuckDB ignores it.
    """
    if name == "duckdb":
        return DuckDBEngine(con)
    if name == "spark":
        return SparkEngine(con) if master is None else SparkEngine(con, master=master)
    raise ValueError(f"onbekende engine {name!r}; kies uit {', '.join(ENGINES)}")
