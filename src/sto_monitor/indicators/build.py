"""``sto build``: compute every indicator for every loaded year into the warehouse.

Each indicator's full, unsuppressed table goes to ``ind_<naam>`` (its columns plus
``techniekdefinitie``, sto or techniekpact; rows of the other definition are kept; named so
that it cannot clash with an indicator's own column such as regio_dekking's ``techniek``).
Every attempt is logged in ``indicator_run`` with the source files it read in ``indicator_run_bron``
(``schema/95_indicatoren.sql``). An indicator is

- skipped when its last build has the same method version (``METHODE_VERSIE``) and read
  exactly the same source files: nothing can have changed;
- recomputed in full (the whole back series) when the method version or a source changed;
- not computed when one of its source tables holds no rows: "bron ontbreekt: <tabel>";
- logged as "fout" with the reason when computing it fails; the other indicators still run.

Given the application database, the build first copies what people wrote there (the survey's
submitted responses, the planner's scenarios) into the warehouse's analytic copy
(``appdb/kopie.py``), so the web never writes the warehouse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from sto_monitor.db import Connection, transaction
from sto_monitor.indicators import registry
from sto_monitor.indicators.engines import DuckDBEngine
from sto_monitor.indicators.herkomst import (
    Build,
    gelezen_bronnen,
    laatste_build,
    ontbrekende_bronnen,
)
from sto_monitor.indicators.inputs import Engine
from sto_monitor.indicators.registry import METHODE_VERSIE, Indicator
from sto_monitor.indicators.run import compute

if TYPE_CHECKING:
    from sto_monitor.appdb.engine import AppDatabase

BEREKEND = "berekend"
OVERGESLAGEN = "overgeslagen"  # reported only, never stored
BRON_ONTBREEKT = "bron ontbreekt"
FOUT = "fout"


@dataclass(frozen=True)
class Uitkomst:
    """What ``sto build`` did with one indicator."""

    naam: str
    status: str  # berekend | overgeslagen | bron ontbreekt | fout
    rijen: int | None = None
    reden: str | None = None


def tabelnaam(naam: str) -> str:
    return f"ind_{naam}"


def build(
    con: Connection,
    *,
    techniek: str = "sto",
    engine: Engine | None = None,
    opnieuw: bool = False,
    indicators: Sequence[Indicator] | None = None,
    on_indicator: Callable[[str, int, int], None] | None = None,
    app_db: AppDatabase | None = None,
) -> list[Uitkomst]:
    """Build the given indicators (default: all); ``opnieuw`` ignores the skip rule.

    With ``app_db``, the survey and the scenarios are first copied from it into the warehouse
    (:func:`sto_monitor.appdb.kopie.naar_warehouse`).
    """
    if app_db is not None:
        from sto_monitor.appdb.kopie import naar_warehouse

        naar_warehouse(app_db, con)
    eng = engine or DuckDBEngine(con)
    if indicators is None:
        indicators = registry.INDICATORS
    uitkomsten = []
    for i, indicator in enumerate(indicators):
        if on_indicator is not None:
            on_indicator(indicator.naam, i, len(indicators))
        uitkomsten.append(_build_one(con, indicator, techniek, eng, opnieuw))
    if on_indicator is not None:
        on_indicator("", len(indicators), len(indicators))
    return uitkomsten


def _build_one(
    con: Connection, indicator: Indicator, techniek: str, engine: Engine, opnieuw: bool
) -> Uitkomst:
    naam = indicator.naam
    missing = ontbrekende_bronnen(con, indicator)
    if missing:
        reden = f"bron ontbreekt: {', '.join(missing)}"
        with transaction(con):
            _delete_rows(con, naam, techniek)  # no stale figures beside a missing source
            _log(con, naam, techniek, engine.name, BRON_ONTBREEKT, None, reden, ())
        return Uitkomst(naam, BRON_ONTBREEKT, reden=reden)

    bron_ids = tuple(sorted(b.bron_id for b in gelezen_bronnen(con, indicator)))
    vorige = laatste_build(con, naam, techniek)
    if not opnieuw and _actueel(con, naam, vorige, bron_ids):
        assert vorige is not None
        return Uitkomst(
            naam,
            OVERGESLAGEN,
            rijen=vorige.rijen,
            reden=f"ongewijzigd (methode {METHODE_VERSIE}, dezelfde bronnen)",
        )
    if vorige is not None and vorige.methode_versie != METHODE_VERSIE:
        waarom = (
            f"methode gewijzigd ({vorige.methode_versie} → {METHODE_VERSIE}): "
            "hele reeks opnieuw berekend"
        )
    elif vorige is not None and vorige.bron_ids != bron_ids:
        waarom = "bronnen gewijzigd: opnieuw berekend"
    else:
        waarom = None

    try:
        table = compute(indicator, con, engine=engine, techniek=techniek)
    except Exception as exc:  # one failing indicator must not stop the others; logged
        reden = f"{type(exc).__name__}: {exc}"
        with transaction(con):
            _log(con, naam, techniek, engine.name, FOUT, None, reden, bron_ids)
        return Uitkomst(naam, FOUT, reden=reden)
    with transaction(con):
        _store(con, naam, techniek, table)
        _log(con, naam, techniek, engine.name, BEREKEND, table.num_rows, waarom, bron_ids)
    return Uitkomst(naam, BEREKEND, rijen=table.num_rows, reden=waarom)


def _actueel(con: Connection, naam: str, vorige: Build | None, bron_ids: tuple[int, ...]) -> bool:
    """Whether the stored ind_<naam> is what a build now would compute."""
    return (
        vorige is not None
        and vorige.status == BEREKEND
        and vorige.methode_versie == METHODE_VERSIE
        and vorige.bron_ids == bron_ids
        and _exists(con, tabelnaam(naam))
    )


def opgeslagen(con: Connection, indicator: Indicator, techniek: str = "sto") -> pa.Table | None:
    """The stored (unsuppressed) table of the last build when it is still current, else None.

    Readers such as the web dashboard use it to skip computing; a read-only connection is fine.
    """
    bron_ids = tuple(sorted(b.bron_id for b in gelezen_bronnen(con, indicator)))
    if not _actueel(con, indicator.naam, laatste_build(con, indicator.naam, techniek), bron_ids):
        return None
    # A table stored by an older layout of this code (e.g. before a column was renamed) is not
    # current either, whatever its run log says.
    stored = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' "
            "AND table_name = ?",
            [tabelnaam(indicator.naam)],
        ).fetchall()
    }
    if not stored >= {"techniekdefinitie", *indicator.kolommen}:
        return None
    columns = ", ".join(f'"{c}"' for c in indicator.kolommen)
    return con.execute(
        f'SELECT {columns} FROM "{tabelnaam(indicator.naam)}" WHERE techniekdefinitie = ?',
        [techniek],
    ).to_arrow_table()


def _exists(con: Connection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchone()
    return bool(row and row[0])


def _delete_rows(con: Connection, naam: str, techniek: str) -> None:
    if _exists(con, tabelnaam(naam)):
        con.execute(f'DELETE FROM "{tabelnaam(naam)}" WHERE techniekdefinitie = ?', [techniek])


def _store(con: Connection, naam: str, techniek: str, table: pa.Table) -> None:
    """Replace this techniek's rows of ind_<naam>; recreate it when its columns changed."""
    target = tabelnaam(naam)
    con.register("_ind_nieuw", table)
    try:
        select = "SELECT *, ?::VARCHAR AS techniekdefinitie FROM _ind_nieuw"
        if _exists(con, target):
            new = con.execute(
                "DESCRIBE SELECT *, 'x'::VARCHAR AS techniekdefinitie FROM _ind_nieuw"
            ).fetchall()
            old = con.execute(f'DESCRIBE "{target}"').fetchall()
            if [r[:2] for r in new] != [r[:2] for r in old]:
                con.execute(f'DROP TABLE "{target}"')
        if not _exists(con, target):
            con.execute(f'CREATE TABLE "{target}" AS {select} LIMIT 0', [techniek])
        con.execute(f'DELETE FROM "{target}" WHERE techniekdefinitie = ?', [techniek])
        con.execute(f'INSERT INTO "{target}" {select}', [techniek])
    finally:
        con.unregister("_ind_nieuw")


def _log(
    con: Connection,
    naam: str,
    techniek: str,
    engine: str,
    status: str,
    rijen: int | None,
    reden: str | None,
    bron_ids: Sequence[int],
) -> None:
    row = con.execute(
        "INSERT INTO indicator_run (indicator, methode_versie, techniek, engine, rijen, status, "
        "reden) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING run_id",
        [naam, METHODE_VERSIE, techniek, engine, rijen, status, reden],
    ).fetchone()
    assert row is not None
    if bron_ids:
        con.executemany(
            "INSERT INTO indicator_run_bron VALUES (?, ?)", [(row[0], b) for b in bron_ids]
        )
