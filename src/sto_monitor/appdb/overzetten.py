"""Move what people wrote into the warehouse before issue 16 into the application database.

Until then the survey (waves, responses, answers, invitation links) and the planner's scenarios
were written into the warehouse. :func:`overzetten` (``sto database overzetten``) copies those
rows from an existing warehouse file into the application database:

- all or nothing: one transaction of the application database, with an audit record for every
  object moved (a wave, a response with its answers, a link, a scenario with its changes);
- idempotent: a row whose key the application database already has is left as it is there
  (the application database is the original once the move has been made), so running it twice
  copies nothing twice;
- once: afterwards the warehouse is marked (a row in ``app_kopie``), and its survey and
  scenario tables are from then on a copy of the application database (``appdb/kopie.py``),
  never read back, so that something deleted in the application database does not return.

``sto build`` makes the move itself when it finds such rows in an unmarked warehouse, so no
answer is lost when the command was forgotten. Tokens stay stored as their SHA-256 only, and
neither a token nor its hash enters the audit log.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor import db
from sto_monitor.accounts.beleid import terminal
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    BewaardeWijziging,
    BewaardScenario,
    EnqueteAntwoord,
    EnqueteGolf,
    EnqueteRespons,
    EnqueteUitnodiging,
    nu,
)
from sto_monitor.errors import StoError, WarehouseError
from sto_monitor.settings import Settings

ACTIE = "overgezet uit het warehouse"
Rij = tuple[Any, ...]


@dataclass(frozen=True)
class Oud:
    """The rows an older version wrote into the warehouse, per table."""

    golven: Sequence[Rij] = ()  # golf, titel, gesloten
    responsen: Sequence[Rij] = ()  # golf, regio, status, bron, bestand, bijgewerkt_op, synth.
    antwoorden: Sequence[Rij] = ()  # golf, regio, item, code, tekst
    uitnodigingen: Sequence[Rij] = ()  # token_sha256, golf, regio, aangemaakt_op, ingetrokken_op
    scenarios: Sequence[Rij] = ()  # naam, regio, schooljaar, max_km, omschrijving, gemaakt_op
    wijzigingen: Sequence[Rij] = ()  # scenario, volgnummer, soort, vestiging, ..., leerlingen

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Verslag:
    """What one run moved (and how many rows the application database already had)."""

    golven: int = 0
    responsen: int = 0
    antwoorden: int = 0
    uitnodigingen: int = 0
    scenarios: int = 0
    wijzigingen: int = 0
    al_aanwezig: int = 0  # objects whose key the application database already had
    al_overgezet: datetime | None = None  # the warehouse was marked then: nothing was read

    @property
    def totaal(self) -> int:
        return (
            self.golven
            + self.responsen
            + self.antwoorden
            + self.uitnodigingen
            + self.scenarios
            + self.wijzigingen
        )


# ---------------------------------------------------------------- the warehouse's side


QUERIES = {
    "golven": "SELECT golf, titel, gesloten FROM enquete_golf ORDER BY golf",
    "responsen": "SELECT golf, regio, status, bron, bestand, bijgewerkt_op, {synthetisch} "
    "FROM enquete_respons ORDER BY golf, regio",
    "antwoorden": "SELECT golf, regio, item, code, tekst FROM enquete_antwoord "
    "ORDER BY golf, regio, item",
    "uitnodigingen": "SELECT token_sha256, golf, regio, aangemaakt_op, ingetrokken_op "
    "FROM enquete_uitnodiging ORDER BY golf, regio, aangemaakt_op",
    "scenarios": "SELECT naam, regio, schooljaar, max_km, omschrijving, gemaakt_op "
    "FROM scenario ORDER BY naam",
    "wijzigingen": "SELECT scenario, volgnummer, soort, vestiging, profiel, leerweg, naar, "
    "leerlingen FROM scenario_wijziging ORDER BY scenario, volgnummer",
}
TABEL = {
    "golven": "enquete_golf",
    "responsen": "enquete_respons",
    "antwoorden": "enquete_antwoord",
    "uitnodigingen": "enquete_uitnodiging",
    "scenarios": "scenario",
    "wijzigingen": "scenario_wijziging",
}


def _kolommen(con: db.Connection) -> dict[str, set[str]]:
    kolommen: dict[str, set[str]] = {}
    for tabel, kolom in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'"
    ).fetchall():
        kolommen.setdefault(str(tabel), set()).add(str(kolom))
    return kolommen


def lees_oud(con: db.Connection) -> Oud:
    """Every row of the old survey and scenario tables (a table that is absent has none)."""
    kolommen = _kolommen(con)
    synthetisch = (
        "synthetisch" if "synthetisch" in kolommen.get("enquete_respons", set()) else "false"
    )
    gelezen: dict[str, list[Rij]] = {}
    for veld, sql in QUERIES.items():
        if TABEL[veld] not in kolommen:
            gelezen[veld] = []
            continue
        gelezen[veld] = [
            tuple(r) for r in con.execute(sql.format(synthetisch=synthetisch)).fetchall()
        ]
    return Oud(**gelezen)


def gemarkeerd(con: db.Connection) -> datetime | None:
    """When this warehouse's tables became a copy (None: never; they may hold old rows)."""
    if "app_kopie" not in _kolommen(con):
        return None
    row = con.execute("SELECT min(gekopieerd_op) FROM app_kopie").fetchone()
    return None if row is None or row[0] is None else _utc(row[0])


def markeer(
    con: db.Connection,
    app_db: AppDatabase,
    soort: str,
    aantallen: tuple[int, int, int, int],
) -> None:
    """Record a copy (or the move) in ``app_kopie``; the first row marks the warehouse."""
    con.execute(
        "INSERT INTO app_kopie VALUES (?, ?, ?, ?, ?, ?, ?)",
        [_lokaal(nu()), app_db.adres, soort, *aantallen],
    )


def _utc(moment: datetime) -> datetime:
    """A warehouse timestamp (local time without zone, as DuckDB's TIMESTAMP keeps it) in UTC."""
    return moment.astimezone(UTC)


def _lokaal(moment: datetime) -> datetime:
    """A moment as the warehouse keeps it: local time without zone."""
    return moment.astimezone().replace(tzinfo=None)


# ---------------------------------------------------------------- the application database


def _titel(golf: int) -> str:
    from sto_monitor.survey.vragenlijst import laad

    try:
        return laad(golf).titel
    except StoError:  # a wave without a questionnaire in this version: any title will do
        return f"Enquête {golf}"


def zet_over(app_db: AppDatabase, oud: Oud, *, wie: str) -> Verslag:
    """Copy ``oud`` into the application database in one transaction (missing keys only)."""
    with app_db.transactie() as session:
        return _zet_over(session, oud, wie)


def _zet_over(session: Session, oud: Oud, wie: str) -> Verslag:
    moment = nu()
    teller = dict.fromkeys(
        ("golven", "responsen", "antwoorden", "uitnodigingen", "scenarios", "wijzigingen"), 0
    )
    al = 0

    def schrijf(soort: str, object_id: str, regio: str | None, na: dict[str, Any]) -> None:
        audit.schrijf(
            session,
            wie=wie,
            actie=ACTIE,
            soort=soort,
            object_id=object_id,
            regio=regio,
            na={**na, "uit": "warehouse"},
            moment=moment,
        )

    # waves first: responses and links refer to them
    golven = set(session.scalars(select(EnqueteGolf.golf)))
    titels = {int(g): (str(t), bool(s)) for g, t, s in oud.golven}
    nodig = (
        titels.keys() | {int(r[1]) for r in oud.uitnodigingen} | {int(r[0]) for r in oud.responsen}
    )
    for golf in sorted(nodig - golven):
        titel, gesloten = titels.get(golf, (_titel(golf), False))
        session.add(EnqueteGolf(golf=golf, titel=titel, gesloten=gesloten))
        schrijf("enquete", str(golf), None, {"titel": titel, "gesloten": gesloten})
        teller["golven"] += 1
    al += len(titels.keys() & golven)
    session.flush()

    bestaand = {
        (int(g), str(r))
        for g, r in session.execute(select(EnqueteRespons.golf, EnqueteRespons.regio))
    }
    per_respons: dict[tuple[int, str], list[Rij]] = {}
    for a in oud.antwoorden:
        per_respons.setdefault((int(a[0]), str(a[1])), []).append(a)
    for golf, regio, status, bron, bestand, bijgewerkt_op, synthetisch in oud.responsen:
        sleutel = (int(golf), str(regio))
        if sleutel in bestaand:
            al += 1
            continue
        session.add(
            EnqueteRespons(
                golf=sleutel[0],
                regio=sleutel[1],
                status=str(status),
                bron=str(bron),
                bestand=bestand,
                bijgewerkt_op=_utc(bijgewerkt_op),
                synthetisch=bool(synthetisch),
            )
        )
        session.flush()
        antwoorden = per_respons.get(sleutel, [])
        session.add_all(
            EnqueteAntwoord(
                golf=sleutel[0],
                regio=sleutel[1],
                item=str(item),
                code=None if code is None else int(code),
                tekst=tekst,
            )
            for _, _, item, code, tekst in antwoorden
        )
        schrijf(
            "enquete",
            f"{sleutel[0]}/{sleutel[1]}",
            sleutel[1],
            {"status": status, "bron": bron, "bestand": bestand, "antwoorden": len(antwoorden)},
        )
        teller["responsen"] += 1
        teller["antwoorden"] += len(antwoorden)

    links = set(session.scalars(select(EnqueteUitnodiging.token_sha256)))
    for token_sha256, golf, regio, aangemaakt_op, ingetrokken_op in oud.uitnodigingen:
        if token_sha256 in links:
            al += 1
            continue
        session.add(
            EnqueteUitnodiging(
                token_sha256=str(token_sha256),
                golf=int(golf),
                regio=str(regio),
                aangemaakt_op=_utc(aangemaakt_op),
                ingetrokken_op=None if ingetrokken_op is None else _utc(ingetrokken_op),
            )
        )
        schrijf(
            "uitnodiging",
            f"{golf}/{regio}",
            str(regio),
            {"golf": int(golf), "werkt": ingetrokken_op is None},
        )
        teller["uitnodigingen"] += 1

    namen = set(session.scalars(select(BewaardScenario.naam)))
    per_scenario: dict[str, list[Rij]] = {}
    for w in oud.wijzigingen:
        per_scenario.setdefault(str(w[0]), []).append(w)
    for naam, regio, schooljaar, max_km, omschrijving, gemaakt_op in oud.scenarios:
        if naam in namen:
            al += 1
            continue
        wijzigingen = per_scenario.get(str(naam), [])
        session.add(
            BewaardScenario(
                naam=str(naam),
                regio=str(regio),
                schooljaar=int(schooljaar),
                max_km=float(max_km),
                omschrijving=str(omschrijving),
                gemaakt_op=_utc(gemaakt_op),
                wijzigingen=[
                    BewaardeWijziging(
                        volgnummer=int(volgnummer),
                        soort=str(soort),
                        vestiging=str(vestiging),
                        profiel=str(profiel),
                        leerweg=str(leerweg),
                        naar=naar,
                        leerlingen=None if leerlingen is None else float(leerlingen),
                    )
                    for _, volgnummer, soort, vestiging, profiel, leerweg, naar, leerlingen in (
                        wijzigingen
                    )
                ],
            )
        )
        schrijf(
            "scenario",
            str(naam),
            str(regio),
            {"schooljaar": int(schooljaar), "wijzigingen": len(wijzigingen)},
        )
        teller["scenarios"] += 1
        teller["wijzigingen"] += len(wijzigingen)
    session.flush()
    return Verslag(
        golven=teller["golven"],
        responsen=teller["responsen"],
        antwoorden=teller["antwoorden"],
        uitnodigingen=teller["uitnodigingen"],
        scenarios=teller["scenarios"],
        wijzigingen=teller["wijzigingen"],
        al_aanwezig=al,
    )


# ---------------------------------------------------------------- the command


def overzet_con(con: db.Connection, app_db: AppDatabase, *, wie: str) -> Verslag:
    """Move the old rows of the open warehouse ``con`` (read-write), then mark it.

    The application database commits first; the mark follows in the warehouse. Should the mark
    fail, nothing is lost: the next run copies nothing twice.
    """
    al = gemarkeerd(con)
    if al is not None:
        return Verslag(al_overgezet=al)
    verslag = zet_over(app_db, lees_oud(con), wie=wie)
    with db.transaction(con):
        markeer(
            con,
            app_db,
            "overgezet",
            (verslag.golven, verslag.responsen, verslag.antwoorden, verslag.scenarios),
        )
    return verslag


def overzetten(
    warehouse: Path,
    app_db: AppDatabase,
    *,
    settings: Settings | None = None,
    wie: str | None = None,
) -> Verslag:
    """``sto database overzetten``: move the survey's and the scenarios' rows of the warehouse
    file ``warehouse`` into ``app_db`` (see the module's docstring); ``wie`` names the writer
    in the audit log (default: the person at this terminal)."""
    if not Path(warehouse).exists():
        raise WarehouseError(f"database {warehouse} bestaat niet; er is niets over te zetten")
    wie = wie or terminal(getpass.getuser()).wie
    con = db.connect(Path(warehouse), settings=settings)
    try:
        return overzet_con(con, app_db, wie=wie)
    finally:
        con.close()
