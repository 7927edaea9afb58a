"""Copy what people wrote into the warehouse, for the monitor's analysis (part of ``sto build``).

The application database is the original of the survey and the scenarios; the warehouse stays
the analytic store that the publication, disclosure control and the reports read. So the web
never writes the warehouse, and ``sto ingest`` and ``sto build`` never wait for a form.
:func:`naar_warehouse` replaces the warehouse's copy in one warehouse transaction:

- the survey's waves, and the *submitted* responses with their answers (a draft is the
  region's own until it is sent, so it stays in the application database), each with its own
  provenance (``bron`` import or formulier, the file's name, ``synthetisch``), which is how the
  survey has always recorded where a response came from: a response is no file, so it has no
  row in ``bron``;
- the planner's scenarios with their changes, except a region's own (saved by a `regio`
  account in the browser, private or shared with the national team: issue 17), which the
  public region page and regioportret must not show;
- a row in ``app_kopie``: when, from where, how many.

Nothing is written when the copy is already current, so the dashboard does not reload for
nothing. In a warehouse that an older version wrote the survey or scenarios into (not marked
in ``app_kopie``), those rows are first moved to the application database
(``appdb/overzetten.py``), so a build never loses an answer; the old invitation links are
removed from the warehouse then (they live in the application database).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import select

from sto_monitor import db
from sto_monitor.accounts.beleid import Rol, terminal
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.overzetten import Verslag, gemarkeerd, lees_oud, markeer, zet_over
from sto_monitor.appdb.tabellen import (
    BewaardeWijziging,
    BewaardScenario,
    EnqueteAntwoord,
    EnqueteGolf,
    EnqueteRespons,
)

Rij = tuple[Any, ...]

# The warehouse's columns, in table order, with their Arrow types (schema/97, 98_*.sql).
SCHEMAS: dict[str, pa.Schema] = {
    "enquete_golf": pa.schema([("golf", pa.int16()), ("titel", pa.string()),
                               ("gesloten", pa.bool_())]),
    "enquete_respons": pa.schema([
        ("golf", pa.int16()), ("regio", pa.string()), ("status", pa.string()),
        ("bron", pa.string()), ("bestand", pa.string()), ("bijgewerkt_op", pa.timestamp("us")),
        ("synthetisch", pa.bool_()),
    ]),
    "enquete_antwoord": pa.schema([
        ("golf", pa.int16()), ("regio", pa.string()), ("item", pa.string()),
        ("code", pa.int32()), ("tekst", pa.string()),
    ]),
    "scenario": pa.schema([
        ("naam", pa.string()), ("regio", pa.string()), ("schooljaar", pa.int16()),
        ("max_km", pa.float64()), ("omschrijving", pa.string()),
        ("gemaakt_op", pa.timestamp("us")),
    ]),
    "scenario_wijziging": pa.schema([
        ("scenario", pa.string()), ("volgnummer", pa.int32()), ("soort", pa.string()),
        ("vestiging", pa.string()), ("profiel", pa.string()), ("leerweg", pa.string()),
        ("naar", pa.string()), ("leerlingen", pa.float64()),
    ]),
}  # fmt: skip
# Children before parents when emptying (no foreign keys in the warehouse, but the order reads
# naturally), parents first when filling.
VOLGORDE = ("enquete_golf", "enquete_respons", "enquete_antwoord", "scenario", "scenario_wijziging")


@dataclass(frozen=True)
class Kopie:
    """What :func:`naar_warehouse` did."""

    golven: int
    responsen: int
    antwoorden: int
    scenarios: int
    gewijzigd: bool  # False: the warehouse's copy was already current; nothing was written
    overgezet: Verslag | None = None  # old rows moved to the application database first


def _lokaal(moment: datetime) -> datetime:
    """As the warehouse keeps a moment: local time without zone."""
    return moment.astimezone().replace(tzinfo=None)


def lees_app(app_db: AppDatabase) -> dict[str, list[Rij]]:
    """The rows of the copy, per warehouse table, in the warehouse's column order."""
    with app_db.transactie() as s:
        golven = s.execute(
            select(EnqueteGolf.golf, EnqueteGolf.titel, EnqueteGolf.gesloten).order_by(
                EnqueteGolf.golf
            )
        ).all()
        responsen = s.scalars(
            select(EnqueteRespons)
            .where(EnqueteRespons.status == "ingediend")
            .order_by(EnqueteRespons.golf, EnqueteRespons.regio)
        ).all()
        antwoorden = s.execute(
            select(
                EnqueteAntwoord.golf,
                EnqueteAntwoord.regio,
                EnqueteAntwoord.item,
                EnqueteAntwoord.code,
                EnqueteAntwoord.tekst,
            )
            .join(
                EnqueteRespons,
                (EnqueteRespons.golf == EnqueteAntwoord.golf)
                & (EnqueteRespons.regio == EnqueteAntwoord.regio),
            )
            .where(EnqueteRespons.status == "ingediend")
            .order_by(EnqueteAntwoord.golf, EnqueteAntwoord.regio, EnqueteAntwoord.item)
        ).all()
        # Actor.wie is "<rol> <e-mail>": a `regio` account's scenarios are the region's own.
        eigen = BewaardScenario.gemaakt_door.startswith(f"{Rol.REGIO.value} ")
        scenarios = s.scalars(
            select(BewaardScenario)
            .where(BewaardScenario.gemaakt_door.is_(None) | ~eigen)
            .order_by(BewaardScenario.naam)
        ).all()
        namen = {r.naam for r in scenarios}
        wijzigingen = [
            w
            for w in s.scalars(
                select(BewaardeWijziging).order_by(
                    BewaardeWijziging.scenario, BewaardeWijziging.volgnummer
                )
            ).all()
            if w.scenario in namen
        ]
        rijen: dict[str, list[Rij]] = {
            "enquete_golf": [(int(g), str(t), bool(d)) for g, t, d in golven],
            "enquete_respons": [
                (r.golf, r.regio, r.status, r.bron, r.bestand, _lokaal(r.bijgewerkt_op),
                 bool(r.synthetisch))
                for r in responsen
            ],
            "enquete_antwoord": [tuple(a) for a in antwoorden],
            "scenario": [
                (r.naam, r.regio, int(r.schooljaar), float(r.max_km), r.omschrijving,
                 _lokaal(r.gemaakt_op))
                for r in scenarios
            ],
            "scenario_wijziging": [
                (w.scenario, w.volgnummer, w.soort, w.vestiging, w.profiel, w.leerweg, w.naar,
                 None if w.leerlingen is None else float(w.leerlingen))
                for w in wijzigingen
            ],
        }  # fmt: skip
    # in Python's order on both sides (a database's collation may differ); keys are unique,
    # so two rows never get as far as comparing a None
    return {tabel: sorted(r) for tabel, r in rijen.items()}


def lees_warehouse(con: db.Connection) -> dict[str, list[Rij]]:
    """The warehouse's copy, per table, in the same form as :func:`lees_app`."""
    return {
        tabel: sorted(
            tuple(r)
            for r in con.execute(f"SELECT {', '.join(schema.names)} FROM {tabel}").fetchall()
        )
        for tabel, schema in SCHEMAS.items()
    }


def _aantal(con: db.Connection, tabel: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {tabel}").fetchone()
    return int(row[0]) if row else 0


def _tabel(tabel: str, rijen: list[Rij]) -> pa.Table:
    schema = SCHEMAS[tabel]
    kolommen = list(zip(*rijen, strict=True)) if rijen else [()] * len(schema)
    return pa.table(
        [pa.array(list(k), type=f.type) for k, f in zip(kolommen, schema, strict=True)],
        schema=schema,
    )


def naar_warehouse(app_db: AppDatabase, con: db.Connection, *, wie: str | None = None) -> Kopie:
    """Replace the warehouse's copy of the survey and the scenarios (``con`` read-write).

    ``wie`` names who moves old rows in the audit log, should there be any (default: the
    person at this terminal).
    """
    overgezet = None
    if gemarkeerd(con) is None:
        oud = lees_oud(con)
        if oud:
            overgezet = zet_over(app_db, oud, wie=wie or terminal(getpass.getuser()).wie)
    oude_links = bool(_aantal(con, "enquete_uitnodiging"))
    nieuw = lees_app(app_db)
    aantallen = (
        len(nieuw["enquete_golf"]),
        len(nieuw["enquete_respons"]),
        len(nieuw["enquete_antwoord"]),
        len(nieuw["scenario"]),
    )
    if (
        overgezet is None
        and not oude_links
        and gemarkeerd(con) is not None
        and nieuw == lees_warehouse(con)
    ):
        return Kopie(*aantallen, gewijzigd=False)
    with db.transaction(con):
        for tabel in (*reversed(VOLGORDE), "enquete_uitnodiging"):
            con.execute(f"DELETE FROM {tabel}")
        for tabel in VOLGORDE:
            if not nieuw[tabel]:
                continue
            naam = f"_kopie_{tabel}"
            con.register(naam, _tabel(tabel, nieuw[tabel]))
            try:
                kolommen = ", ".join(SCHEMAS[tabel].names)
                con.execute(f"INSERT INTO {tabel} ({kolommen}) SELECT {kolommen} FROM {naam}")
            finally:
                con.unregister(naam)
        if overgezet is not None:
            markeer(
                con,
                app_db,
                "overgezet",
                (overgezet.golven, overgezet.responsen, overgezet.antwoorden, overgezet.scenarios),
            )
        markeer(con, app_db, "kopie", aantallen)
    return Kopie(*aantallen, gewijzigd=True, overgezet=overgezet)
