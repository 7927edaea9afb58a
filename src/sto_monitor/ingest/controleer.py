"""Screening: warnings about a file that loads, and ``sto controleer`` (load, then roll back).

A warning never refuses a file. Each is SQL over the rows the file just loaded (inside the
runner's transaction, ``bron_id`` of this load) against what the warehouse held before:

* ``grote-verandering``: a vestiging's third-year total (leerjaar 3, bb/kb/gl/tl) changes by
  more than a share against the loaded previous school year;
* ``onbekende-vestiging``: a vestiging in a leerlingen or exams file unknown to the loaded
  address file (``vestiging_adres``), only when addresses are loaded;
* ``regio-mist-vestigingen``: a region list that leaves out vestigingen with bb/kb/gl third-years in
  the newest loaded school year of its period.

A check that needs loaded data that is not there is skipped with a note.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from sto_monitor import db
from sto_monitor.errors import Problem, WarehouseError
from sto_monitor.settings import Settings

THIRD_YEARS = "leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl', 'tl')"
# The vestigingen a region list is about: those with third-years in the beroepsgerichte
# leerwegen (a school with only tl students belongs to no STO region).
THIRD_YEARS_BEROEPS = "leerjaar = 3 AND leerweg IN ('bb', 'kb', 'gl')"
VESTIGING_TABLES = ("leerlingen", "examens", "examenkandidaten", "leerling_postcode")
DEFAULT_MAX_VERANDERING = 50.0  # percent


@dataclass(frozen=True)
class Waarschuwing(Problem):
    """Something odd about a file that still loads; same fields as a Problem."""

    code: str = "waarschuwing"


@dataclass
class Screening:
    """The warnings about one loaded file, and the checks that could not run."""

    waarschuwingen: list[Waarschuwing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _jaar(schooljaar: int) -> str:
    return f"{schooljaar}/{schooljaar + 1}"


def _aantal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def screen_loaded(
    con: db.Connection,
    *,
    file: str,
    target: str,
    bron_id: int,
    schooljaar: int | None,
    max_verandering: float = DEFAULT_MAX_VERANDERING,
    max_warnings: int = 20,
) -> Screening:
    """Warnings about the rows of load ``bron_id`` (call inside the load's transaction)."""
    out = Screening()
    if target == "leerlingen" and schooljaar is not None:
        _grote_verandering(con, out, file, bron_id, schooljaar, max_verandering, max_warnings)
    if target in VESTIGING_TABLES:
        _onbekende_vestiging(con, out, file, target, bron_id, max_warnings)
    if target == "regio":
        _regio_mist_vestigingen(con, out, file, bron_id)
    return out


def _grote_verandering(
    con: db.Connection,
    out: Screening,
    file: str,
    bron_id: int,
    schooljaar: int,
    max_verandering: float,
    limit: int,
) -> None:
    vorig = schooljaar - 1
    loaded = con.execute(
        "SELECT count(*) FROM leerlingen WHERE schooljaar = ? AND bron_id <> ?", [vorig, bron_id]
    ).fetchall()[0][0]
    if not loaded:
        out.notes.append(
            f"controle grote-verandering overgeslagen: geen leerlingen van {_jaar(vorig)} geladen"
        )
        return
    # A masked cell is the interval [1, 4]: compare the midpoints of the totals.
    rows = con.execute(
        f"""
        WITH nieuw AS (
            SELECT vestiging, sum(aantal_min + aantal_max) / 2 AS n FROM leerlingen
            WHERE bron_id = $bron AND {THIRD_YEARS} GROUP BY vestiging
        ), oud AS (
            SELECT vestiging, sum(aantal_min + aantal_max) / 2 AS n FROM leerlingen
            WHERE schooljaar = $vorig AND bron_id <> $bron AND {THIRD_YEARS} GROUP BY vestiging
        ), in_bestand AS (SELECT DISTINCT vestiging FROM vestiging_jaar WHERE bron_id = $bron)
        SELECT vestiging, oud.n, coalesce(nieuw.n, 0) AS n_nieuw
        FROM oud JOIN in_bestand USING (vestiging) LEFT JOIN nieuw USING (vestiging)
        WHERE abs(coalesce(nieuw.n, 0) - oud.n) > $deel * oud.n
        ORDER BY vestiging
        """,
        {"bron": bron_id, "vorig": vorig, "deel": max_verandering / 100},
    ).fetchall()
    for vestiging, oud, nieuw in rows[:limit]:
        procent = (float(nieuw) - float(oud)) / float(oud) * 100
        out.waarschuwingen.append(
            Waarschuwing(
                file,
                f"derdejaars bb/kb/gl/tl van vestiging {vestiging}: {_aantal(float(oud))} in "
                f"{_jaar(vorig)}, {_aantal(float(nieuw))} in {_jaar(schooljaar)} "
                f"({procent:+.0f} %, meer dan {max_verandering:g} % verandering)",
                value=str(vestiging),
                code="grote-verandering",
            )
        )
    _more(out, file, len(rows) - limit, "grote-verandering", "vestigingen met grote verandering")


def _onbekende_vestiging(
    con: db.Connection, out: Screening, file: str, target: str, bron_id: int, limit: int
) -> None:
    if not con.execute("SELECT count(*) FROM vestiging_adres").fetchall()[0][0]:
        out.notes.append("controle onbekende-vestiging overgeslagen: geen adressenbestand geladen")
        return
    # A leerlingen file names all its vestigingen in vestiging_jaar (screening loads only the
    # third-year cells into leerlingen).
    table = "vestiging_jaar" if target == "leerlingen" else target
    rows = con.execute(
        f"SELECT DISTINCT vestiging FROM {table} WHERE bron_id = ? "
        "AND vestiging NOT IN (SELECT vestiging FROM vestiging_adres) ORDER BY vestiging",
        [bron_id],
    ).fetchall()
    for (vestiging,) in rows[:limit]:
        out.waarschuwingen.append(
            Waarschuwing(
                file,
                f"vestiging {vestiging} staat niet in het geladen adressenbestand",
                value=str(vestiging),
                code="onbekende-vestiging",
            )
        )
    _more(out, file, len(rows) - limit, "onbekende-vestiging", "onbekende vestigingen")


def _regio_mist_vestigingen(con: db.Connection, out: Screening, file: str, bron_id: int) -> None:
    periodes = con.execute(
        "SELECT DISTINCT periode, periode_start, periode_eind FROM regio WHERE bron_id = ? "
        "ORDER BY periode",
        [bron_id],
    ).fetchall()
    for periode, start, eind in periodes:
        jaar = con.execute(
            "SELECT max(schooljaar) FROM leerlingen WHERE schooljaar BETWEEN ? AND ?",
            [start, eind],
        ).fetchall()[0][0]
        if jaar is None:
            out.notes.append(
                f"controle regio-mist-vestigingen overgeslagen voor {periode}: "
                "geen leerlingen van die periode geladen"
            )
            continue
        missing = [
            str(r[0])
            for r in con.execute(
                "SELECT DISTINCT vestiging FROM leerlingen WHERE schooljaar = ? "
                f"AND {THIRD_YEARS_BEROEPS} "
                "AND aantal_max > 0 AND vestiging NOT IN "
                "(SELECT vestiging FROM regio_vestiging WHERE periode = ? AND bron_id = ?) "
                "ORDER BY vestiging",
                [jaar, periode, bron_id],
            ).fetchall()
        ]
        if missing:
            shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
            out.waarschuwingen.append(
                Waarschuwing(
                    file,
                    f"periode {periode}: {len(missing)} vestiging(en) met derdejaars bb/kb/gl in "
                    f"{_jaar(int(jaar))} staan in geen regio ({shown})",
                    value=periode,
                    code="regio-mist-vestigingen",
                )
            )


def _more(out: Screening, file: str, more: int, code: str, what: str) -> None:
    if more > 0:
        out.waarschuwingen.append(Waarschuwing(file, f"… en nog {more} {what}", code=code))


# --- the warehouse to screen against ---------------------------------------------------------


@contextmanager
def screening_connection(
    path: Path, settings: Settings | None = None
) -> Iterator[tuple[db.Connection, list[str]]]:
    """A connection whose data equals the warehouse at ``path``, and notes about it.

    The warehouse itself when it can be opened for writing and its schema is current (the
    caller rolls back what it does); otherwise a temporary copy (read-only or locked file, or an
    older schema that opening would upgrade); an empty temporary database when it is missing.
    """
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sto-controleer-") as tmp:
        target = Path(tmp) / "controle.duckdb"
        if not path.exists():
            notes.append(f"database {path} bestaat niet: gecontroleerd tegen een lege database")
        elif _current_and_writable(path, settings):
            target = path
        else:
            shutil.copyfile(path, target)
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, target.with_name(target.name + ".wal"))
            notes.append(
                f"database {path} niet schrijfbaar of verouderd: gecontroleerd op een kopie"
            )
        con = db.connect(target, settings=settings)
        try:
            yield con, notes
        finally:
            con.close()


def _current_and_writable(path: Path, settings: Settings | None) -> bool:
    try:
        con = db.connect(path, settings=settings, read_only=True, wait=False)
    except WarehouseError:
        return False
    try:
        version = con.execute("SELECT versie FROM schema_versie").fetchall()
    except duckdb.Error:
        version = []
    finally:
        con.close()
    if version != [(db.schema_version(),)]:
        return False
    try:
        # schema current: opening writes nothing; a held file is screened on a copy at once
        db.connect(path, settings=settings, wait=False).close()
    except WarehouseError:
        return False
    return True
