"""Provenance of an indicator: its definition, method version, techniek definition and the
source files (``bron``) it was computed from. Used by ``sto indicator --herkomst`` and
``sto build``, and later by the web and the reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from sto_monitor.db import Connection
from sto_monitor.indicators.definities import toelichting
from sto_monitor.indicators.registry import METHODE_VERSIE, Indicator


@dataclass(frozen=True)
class Bron:
    """One loaded source file an indicator reads."""

    bron_id: int
    bestand: str
    sha256: str
    doel: str  # the warehouse table it feeds
    schooljaar: int | None
    peildatum: dt.date | None
    geladen_op: dt.datetime


@dataclass(frozen=True)
class Build:
    """The last stored build of an indicator (``sto build``), if any."""

    run_id: int
    methode_versie: str
    engine: str
    rijen: int | None
    gebouwd_op: dt.datetime
    status: str
    reden: str | None
    bron_ids: tuple[int, ...]


@dataclass(frozen=True)
class Herkomst:
    naam: str
    titel: str
    definitie: str
    reproduceert: str
    methode_versie: str
    techniek: str
    techniek_definitie: str
    tabellen: tuple[str, ...]
    bronnen: tuple[Bron, ...]
    ontbreekt: tuple[str, ...]  # source tables without rows
    laatste_build: Build | None


def _table_exists(con: Connection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ? "
        "UNION ALL SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' "
        "AND view_name = ?",
        [name, name],
    ).fetchall()
    return sum(int(r[0]) for r in row) > 0


def ontbrekende_bronnen(con: Connection, indicator: Indicator) -> list[str]:
    """The indicator's source tables that do not exist or hold no rows."""
    missing = []
    for table in indicator.bronnen:
        if not _table_exists(con, table):
            missing.append(table)
            continue
        row = con.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()
        if not (row and row[0]):
            missing.append(table)
    return missing


# The file kinds (``bron.doel``, a format's target table) that fill a table or view which is
# not itself a target: a region file fills regio and regio_vestiging, a leerlingen file also
# names its vestigingen, and the vestiging view joins names, addresses and coordinates.
GEVULD_DOOR: dict[str, tuple[str, ...]] = {
    "regio_vestiging": ("regio",),
    "regio_schooljaar": ("regio", "leerlingen"),
    "vestiging_jaar": ("leerlingen",),
    "vestiging": ("leerlingen", "vestiging_adres", "vestiging_geo", "pc4"),
    # the series breaks (breuken.py) read the DUO edition of each year's leerlingen file
    "bron": ("leerlingen",),
}


def doelen(indicator: Indicator) -> list[str]:
    """The file kinds whose loads can change the indicator."""
    return sorted({d for t in indicator.gelezen_tabellen for d in GEVULD_DOOR.get(t, (t,))})


def gelezen_bronnen(con: Connection, indicator: Indicator) -> list[Bron]:
    """The loaded files (status 'geladen') that feed one of the tables the indicator reads."""
    kinds = doelen(indicator)
    if not kinds:
        return []
    marks = ", ".join("?" for _ in kinds)
    rows = con.execute(
        "SELECT bron_id, bestand, sha256, doel, schooljaar, peildatum, geladen_op FROM bron "
        f"WHERE status = 'geladen' AND doel IN ({marks}) ORDER BY doel, schooljaar, bron_id",
        kinds,
    ).fetchall()
    return [Bron(*row) for row in rows]


def laatste_build(con: Connection, naam: str, techniek: str) -> Build | None:
    """The newest run of ``sto build`` for this indicator and techniek definition."""
    try:
        row = con.execute(
            "SELECT run_id, methode_versie, engine, rijen, gebouwd_op, status, reden "
            "FROM indicator_run WHERE indicator = ? AND techniek = ? "
            "ORDER BY run_id DESC LIMIT 1",
            [naam, techniek],
        ).fetchone()
    except duckdb.CatalogException:  # a warehouse opened read-only before 95_indicatoren.sql
        return None
    if row is None:
        return None
    ids = con.execute(
        "SELECT bron_id FROM indicator_run_bron WHERE run_id = ? ORDER BY bron_id", [row[0]]
    ).fetchall()
    run_id, versie, engine, rijen, gebouwd_op, status, reden = row
    return Build(
        run_id, versie, engine, rijen, gebouwd_op, status, reden, tuple(int(i) for (i,) in ids)
    )


def herkomst(con: Connection, indicator: Indicator, techniek: str = "sto") -> Herkomst:
    return Herkomst(
        naam=indicator.naam,
        titel=indicator.titel,
        definitie=indicator.definitie,
        reproduceert=indicator.reproduceert,
        methode_versie=METHODE_VERSIE,
        techniek=techniek,
        techniek_definitie=toelichting(techniek),
        tabellen=indicator.gelezen_tabellen,
        bronnen=tuple(gelezen_bronnen(con, indicator)),
        ontbreekt=tuple(ontbrekende_bronnen(con, indicator)),
        laatste_build=laatste_build(con, indicator.naam, techniek),
    )
