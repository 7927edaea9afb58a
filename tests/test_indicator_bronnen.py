"""Every table an indicator reads is declared, so ``sto build`` sees every file that changes it.

``sto build`` skips an indicator whose source files are unchanged (``herkomst.gelezen_bronnen``).
A table read but not declared would make a newly loaded file invisible: the indicator would stay
as it was. The first test records the tables each indicator's expression reads (building an Ibis
expression needs only the schema, so an empty warehouse will do); the second loads a new region
file after a build and checks that the per-region indicators are computed again.
"""

from __future__ import annotations

from pathlib import Path

import ibis.expr.types as ir
import pytest

from sto_monitor import db
from sto_monitor.generate import generate
from sto_monitor.indicators.build import build
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.herkomst import doelen
from sto_monitor.indicators.inputs import Inputs
from sto_monitor.indicators.registry import INDICATORS, Indicator
from sto_monitor.ingest.registry import FORMATS
from sto_monitor.ingest.runner import ingest_paths

# Fixed lists of the schema (10_domein.sql), not filled by any file.
DOMEINTABELLEN = {"profiel", "leerweg"}


class RecordingEngine(DuckDBEngine):
    def __init__(self, con: db.Connection) -> None:
        super().__init__(con)
        self.read: set[str] = set()

    def table(self, name: str) -> ir.Table:
        self.read.add(name)
        return super().table(name)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_every_table_read_is_declared(con: db.Connection, indicator: Indicator) -> None:
    engine = RecordingEngine(con)
    for techniek in ("sto", "techniekpact"):
        indicator.bereken(Inputs(engine, techniek=techniek))
    undeclared = engine.read - set(indicator.gelezen_tabellen) - DOMEINTABELLEN
    assert not undeclared, f"{indicator.naam} leest {sorted(undeclared)} zonder ze te noemen"


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.naam)
def test_every_source_kind_is_a_file_kind(indicator: Indicator) -> None:
    """Each declared table maps to kinds of file that can be loaded (a format's target)."""
    targets = {f.target for f in FORMATS}
    assert set(doelen(indicator)) <= targets, indicator.naam


def test_new_region_file_rebuilds_the_region_indicators(tmp_path: Path) -> None:
    files = generate(tmp_path / "bestanden", schaal=0.1, layout="2023", jaren=[2023], seed=3)
    con = db.connect(tmp_path / "sto.duckdb")
    ingest_paths(con, files)
    build(con)
    again = {u.naam: u for u in build(con)}
    assert again["techniekaandeel"].status == "overgeslagen"

    # The same region list with one vestiging left out: another file, other region figures.
    regio = next(f for f in files if f.name == "sto-regio.csv")
    lines = regio.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = tmp_path / "sto-regio-nieuw.csv"
    renamed.write_text("".join(lines[:-1]), encoding="utf-8")
    [outcome] = ingest_paths(con, [renamed])
    assert outcome.status == "geladen", outcome.error

    after = {u.naam: u for u in build(con)}
    for naam in ("techniekaandeel", "aanbod_regio"):
        if naam in after:
            assert after[naam].status == "berekend", (naam, after[naam].reden)
    con.close()
