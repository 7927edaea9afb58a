"""Import a wave's responses from a CSV or XLSX export (our layout or LimeSurvey's).

One row per region. The region is the column ``regio`` or ``regiocode`` (any case; LimeSurvey's
``id`` and ``token`` are response ids, not regions). Every other column is an item, named by
its id (``urgentie.docenten``), its LimeSurvey code (``urgentie[SQ001]``, field ``limesurvey``
in the questionnaire file) or its exact wording. An answer is the code, the option label
(case-insensitive), LimeSurvey's ``A<code>``, or for ja/nee also ``Y``/``N``.

Every problem is collected first (file, line, column, value, what was expected); a file with
any problem is refused as a whole and nothing is stored. The responses go to the application
database (``survey/opslag.py``); the warehouse is only read, for the known regions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.db import Connection
from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.ingest.synthetisch import is_synthetisch
from sto_monitor.survey.opslag import bewaar_golf
from sto_monitor.survey.vragenlijst import Item, Schaal, Vragenlijst, laad

REGIO_KOLOMMEN = ("regio", "regiocode")
# Columns of a LimeSurvey response export that are not questions: ignored.
LIMESURVEY_META = frozenset(
    {"id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate"}
    | {"datestamp", "ipaddr", "refurl", "interviewtime"}
)
MAX_PROBLEMEN = 200


@dataclass(frozen=True)
class Resultaat:
    golf: int
    bestand: str
    regios: int
    antwoorden: int


def lees_tabel(path: Path) -> list[tuple[int, list[str]]]:
    """The file's rows as (line number, cells), header first; CSV (any delimiter) or XLSX."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _lees_xlsx(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:20000], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = [(reader.line_num, row) for row in reader]
    return [(n, r) for n, r in rows if any(c.strip() for c in r)]


def _lees_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SourceFileError.single(path, f"geen leesbaar xlsx-bestand: {exc}") from exc
    try:
        rows = []
        for n, values in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
            cells = ["" if v is None else _cel(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((n, cells))
        return rows
    finally:
        wb.close()


def _cel(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def lees_antwoorden(
    path: Path, vragenlijst: Vragenlijst, regios: set[str]
) -> dict[str, dict[str, int | str | None]]:
    """Read and check a file; raises SourceFileError listing every problem."""
    naam = path.name
    problems: list[Problem] = []
    rows = lees_tabel(path)
    if len(rows) < 2:
        raise SourceFileError.single(path, "leeg bestand: geen kopregel of geen antwoorden")
    _, header = rows[0]
    by_key: dict[str, Item] = {}
    teksten: dict[str, list[str]] = {}
    for item in vragenlijst.items():
        teksten.setdefault(" ".join(item.tekst.split()).lower(), []).append(item.id)
    for item in vragenlijst.items():
        tekst = " ".join(item.tekst.split()).lower()
        if len(teksten[tekst]) == 1:  # the same wording in two blocks: only by id
            by_key[tekst] = item
    for item in vragenlijst.items():
        by_key[item.id.lower()] = item
        if item.limesurvey:
            by_key[item.limesurvey.lower()] = item
    regio_kol: int | None = None
    kolommen: dict[int, Item] = {}
    for idx, kop in enumerate(header):
        key = " ".join(kop.split()).lower()
        if key in REGIO_KOLOMMEN and regio_kol is None:
            regio_kol = idx
        elif key in by_key:
            item = by_key[key]
            if item in kolommen.values():
                problems.append(Problem(naam, f"item {item.id} staat in twee kolommen", 1, kop))
            kolommen[idx] = item
        elif len(teksten.get(key, ())) > 1:
            ids = ", ".join(teksten[key])
            problems.append(
                Problem(naam, f"tekst past bij meer items ({ids}): gebruik het item-id", 1, kop)
            )
        elif key in LIMESURVEY_META or not key or key.endswith("time"):
            continue
        elif all(idx >= len(r) or not r[idx].strip() for _, r in rows[1:]):
            continue  # an unknown but empty column (e.g. a question not asked) is harmless
        else:
            problems.append(
                Problem(
                    naam,
                    f"onbekende kolom: geen item van vragenlijst {vragenlijst.golf}",
                    rows[0][0],
                    kop,
                )
            )
    if regio_kol is None:
        problems.append(
            Problem(naam, f"geen regiokolom (verwacht: {' of '.join(REGIO_KOLOMMEN)})", rows[0][0])
        )
        raise SourceFileError(path, problems)
    result: dict[str, dict[str, int | str | None]] = {}
    eerste: dict[str, int] = {}
    for line, row in rows[1:]:
        regio = row[regio_kol].strip() if regio_kol < len(row) else ""
        kop = header[regio_kol]
        if not regio:
            problems.append(Problem(naam, "regiocode ontbreekt", line, kop))
        elif regio not in regios:
            problems.append(
                Problem(naam, "onbekende regio (niet in tabel regio)", line, kop, regio)
            )
        elif regio in eerste:
            problems.append(
                Problem(
                    naam,
                    f"regio komt twee keer voor (ook op regel {eerste[regio]})",
                    line,
                    kop,
                    regio,
                )
            )
        else:
            eerste[regio] = line
        antwoord: dict[str, int | str | None] = {}
        for idx, item in kolommen.items():
            cell = row[idx].strip() if idx < len(row) else ""
            if not cell:
                continue
            schaal = vragenlijst.schalen[item.schaal]
            waarde = _waarde(cell, schaal)
            if waarde is None:
                problems.append(Problem(naam, _verwacht(schaal), line, header[idx], cell))
            antwoord[item.id] = waarde
        if regio and regio not in result:
            result[regio] = antwoord
    if problems:
        raise SourceFileError(path, problems[:MAX_PROBLEMEN], len(problems))
    return result


def _waarde(cell: str, schaal: Schaal) -> int | str | None:
    if schaal.soort == "open":
        return cell
    text = cell.strip()
    if text[:1] in "Aa" and text[1:].isdigit():
        text = text[1:]  # LimeSurvey answer codes A1, A2, ...
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    if number is not None and number.is_integer():
        code = int(number)
        if schaal.soort == "cijfer":
            ok = schaal.min is not None and schaal.max is not None
            return code if ok and schaal.min <= code <= schaal.max else None  # type: ignore[operator]
        return code if code in {o.code for o in schaal.opties} else None
    lower = text.lower()
    for optie in schaal.opties:
        if optie.label.lower() == lower:
            return optie.code
    if schaal.soort == "ja_nee" and lower in ("y", "n"):
        return 1 if lower == "y" else 0
    return None


def _verwacht(schaal: Schaal) -> str:
    if schaal.soort == "cijfer":
        return f"antwoord buiten de schaal: verwacht een cijfer {schaal.min}-{schaal.max}"
    opties = ", ".join(f"{o.code} = {o.label}" for o in schaal.opties)
    return f"antwoord buiten de schaal {schaal.id}: verwacht {opties}"


def bekende_regios(con: Connection) -> set[str]:
    return {r for (r,) in con.execute("SELECT DISTINCT regio FROM regio").fetchall()}


def importeer(
    app_db: AppDatabase,
    con: Connection,
    path: Path | str,
    golf: int,
    *,
    vervang: bool = False,
    wie: str | None = None,
) -> Resultaat:
    """Import one file as the responses of wave ``golf``: all of it or nothing.

    ``con`` is the warehouse (only read: its regions); the responses are stored in ``app_db``
    with their audit record (``wie``: default the person at this terminal).
    """
    path = Path(path)
    if not path.is_file():
        raise SourceFileError.single(path, "bestand bestaat niet")
    vragenlijst = laad(golf)
    regios = bekende_regios(con)
    if not regios:
        raise SourceFileError.single(
            path, "tabel regio is leeg: laad eerst een regio-indeling (of `sto regio-demo`)"
        )
    data = lees_antwoorden(path, vragenlijst, regios)
    n = bewaar_golf(
        app_db,
        golf,
        data,
        bron="import",
        bestand=path.name,
        vervang=vervang,
        vragenlijst=vragenlijst,
        synthetisch=is_synthetisch(path),
        wie=wie,
    )
    aantal = sum(1 for a in data.values() for v in a.values() if v is not None)
    return Resultaat(golf, path.name, n, aantal)
