"""What the outputs show: a read-only snapshot of the warehouse, published once.

The web never queries the warehouse per request. :func:`laad` opens the DuckDB file read-only,
publishes every indicator together (``publiceren.publiceer``: the stored table of ``sto build``
when it is current, otherwise computed; disclosure control across all linked tables, and the
audit that refuses a publication from which an afgeschermd cell can be derived) and closes the
file again. Pages and the API then only *select rows* of these published tables, so
no filter combination can reveal more than the full published table does, and a request costs
no database work. :class:`Bron` swaps in a new snapshot when the warehouse file changes.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from sto_monitor import db, domain
from sto_monitor.errors import (
    NotFoundError,
    NotReadyError,
    ParameterError,
    StoError,
    WarehouseError,
)
from sto_monitor.indicators.herkomst import Herkomst, herkomst
from sto_monitor.indicators.registry import INDICATORS, METHODE_VERSIE, Indicator
from sto_monitor.ingest import synthetisch
from sto_monitor.publicatie.afscherming import Controle
from sto_monitor.publicatie.dekking import buiten_regio, dekking
from sto_monitor.publicatie.enquete import laad as enquete_analyse
from sto_monitor.publicatie.publiceren import publiceer
from sto_monitor.publicatie.scenarios import ScenarioSamenvatting
from sto_monitor.publicatie.scenarios import laad as scenario_samenvattingen
from sto_monitor.settings import Settings
from sto_monitor.survey.analyse import Analyse

if TYPE_CHECKING:
    from sto_monitor.planner.prognose.data import Reeks
    from sto_monitor.publicatie.stroomblok import Stroomblok

LANDELIJK = "NL"  # the regio value of national rows (e.g. in techniekaandeel)
FILTERS: tuple[str, ...] = ("schooljaar", "regio", "profiel", "leerweg")


@dataclass(frozen=True)
class Regio:
    code: str
    naam: str
    periode: str
    officieel: bool
    techniekluw: bool


@dataclass(frozen=True)
class RegioPeriode:
    """One loaded region set: its period, how many regions it has, how many techniekluw."""

    periode: str
    start: int
    eind: int
    aantal: int
    techniekluw: int


@dataclass(frozen=True)
class Vestiging:
    code: str
    naam: str
    plaats: str
    gemeentecode: str | None
    lat: float | None
    lon: float | None
    regio: str | None  # in the newest school year
    techniek: tuple[str, ...]  # technical profielen offered in the newest school year
    leerwegen: tuple[str, ...]  # beroepsgerichte leerwegen offered in the newest school year
    aanbod: tuple[tuple[str, str], ...] = ()  # (technical profiel, leerweg) offered, newest year


@dataclass(frozen=True)
class Gepubliceerd:
    """One indicator as the web may show it."""

    indicator: Indicator
    tabel: pa.Table | None  # Dutch notation after disclosure control; None: source missing
    herkomst: Herkomst
    ontbreekt: tuple[str, ...] = ()
    data: pa.Table | None = None  # the typed open-data contract of the same cells
    vertrouwelijk: bool = False  # rests (partly) on a confidential source
    dekking: tuple[str, ...] = ()  # what part of the population it covers (dekking.py)

    @property
    def beschikbaar(self) -> bool:
        return self.tabel is not None


@dataclass(frozen=True)
class Snapshot:
    """Everything the dashboard shows, frozen at one moment of the warehouse file."""

    pad: Path
    geladen_op: float
    versie: str  # changes with every reload; part of cache keys and ETags
    jaren: tuple[int, ...]
    regios: Mapping[str, Regio]
    indicatoren: Mapping[str, Gepubliceerd]
    vestigingen: tuple[Vestiging, ...]
    gemeenten: tuple[tuple[str, str, dict[str, Any]], ...]  # (code, naam, GeoJSON geometry)
    gemeente_regio: Mapping[str, str]  # gemeentecode -> regio of most of its vestigingen
    bronnen: tuple[dict[str, Any], ...]  # every loaded file, newest first
    runs: tuple[dict[str, Any], ...]  # indicator builds, newest first
    techniek: str = "sto"
    scenarios: tuple[ScenarioSamenvatting, ...] = ()  # the planner's, evaluated
    enquete: Analyse | None = None  # the newest survey wave (individual answers stay inside)
    controle: Controle | None = None  # the audit of this publication (it passed)
    synthetisch: bool = False  # a loaded file was written by the generator (taal.SYNTHETISCH)
    perioden: tuple[RegioPeriode, ...] = ()  # every loaded region set, oldest first
    # the forecast of derdejaars per region: its history (planner/prognose; empty for a
    # report's snapshot), and the published block of the region page, made on first use
    # (publicatie/prognose.py)
    prognosereeksen: Mapping[str, Reeks] = field(default_factory=dict)
    prognoses: dict[str, Stroomblok | None] = field(default_factory=dict, compare=False, repr=False)
    cache: OrderedDict[str, Any] = field(default_factory=OrderedDict, compare=False, repr=False)

    @property
    def officieel(self) -> bool:
        return bool(self.regios) and all(r.officieel for r in self.regios.values())

    @property
    def laatste_jaar(self) -> int | None:
        return self.jaren[-1] if self.jaren else None

    @property
    def vorig_jaar(self) -> int | None:
        """The loaded school year before the newest: what changes compare with."""
        return self.jaren[-2] if len(self.jaren) > 1 else None

    def indicator(self, naam: str) -> Gepubliceerd:
        if naam not in self.indicatoren:
            raise NotFoundError(f"onbekende indicator {naam!r}")
        return self.indicatoren[naam]

    def regio(self, code: str) -> Regio:
        if code not in self.regios:
            raise NotFoundError(f"onbekende regio {code!r}")
        return self.regios[code]

    def rijen(self, naam: str, filters: Mapping[str, str | int | None]) -> pa.Table:
        """The published rows of an indicator that match every given filter (None: any)."""
        gepubliceerd = self.indicator(naam)
        if gepubliceerd.tabel is None:
            ontbreekt = ", ".join(gepubliceerd.ontbreekt)
            raise NotFoundError(f"{naam}: bron ontbreekt ({ontbreekt}); laad die eerst")
        table = gepubliceerd.tabel
        for kolom, waarde in filters.items():
            if waarde is None or waarde == "":
                continue
            self._check_filter(naam, table, kolom, waarde)
            wanted = pa.scalar(waarde).cast(table.schema.field(kolom).type)
            table = table.filter(pc.equal(table.column(kolom), wanted))
        return table

    def beschikbare_rijen(self, naam: str, **filters: str | int | None) -> list[dict[str, Any]]:
        """Published rows as dicts, or none when the indicator's source is not loaded."""
        gepubliceerd = self.indicatoren.get(naam)
        if gepubliceerd is None or gepubliceerd.tabel is None:
            return []
        rows: list[dict[str, Any]] = self.rijen(naam, filters).to_pylist()
        return rows

    def _check_filter(self, naam: str, table: pa.Table, kolom: str, waarde: str | int) -> None:
        if kolom not in table.column_names:
            raise ParameterError(f"indicator {naam} heeft geen kolom {kolom!r} om op te filteren")
        if kolom == "schooljaar":
            if not isinstance(waarde, int):
                raise ParameterError(f"schooljaar moet een jaartal zijn, niet {waarde!r}")
            if waarde not in self.jaren:
                geladen = ", ".join(str(j) for j in self.jaren) or "geen"
                raise NotFoundError(f"schooljaar {waarde} is niet geladen (geladen: {geladen})")
        elif kolom == "regio" and waarde != LANDELIJK and waarde not in self.regios:
            raise NotFoundError(f"onbekende regio {waarde!r}")
        elif kolom == "profiel" and waarde not in domain.PROFIEL_CODES:
            values = set(table.column(kolom).to_pylist())
            if waarde not in values:
                raise NotFoundError(f"onbekend profiel {waarde!r}")
        elif kolom == "leerweg":
            values = set(table.column(kolom).to_pylist())
            if waarde not in values:
                raise NotFoundError(f"onbekende leerweg {waarde!r} voor {naam}")


def laad(
    pad: Path,
    *,
    techniek: str = "sto",
    settings: Settings | None = None,
    indicatoren: Collection[str] | None = None,
) -> Snapshot:
    """Read and publish everything the dashboard shows; the file is closed afterwards.

    ``indicatoren`` limits the snapshot to those names (a report that needs a few of them
    starts faster); the others are then absent, as if unknown.
    """
    if not pad.exists():
        raise WarehouseError(f"database {pad} bestaat niet; lees eerst gegevens in (sto ingest)")
    from sto_monitor.publicatie import prognose

    con = db.connect(pad, settings=settings, read_only=True)
    try:
        jaren = tuple(int(j) for (j,) in con.execute(_JAREN).fetchall())
        uitkomst = publiceer(con, techniek=techniek, indicatoren=indicatoren)
        gepubliceerd = uitkomst.publicatie.tabellen
        enquete, enquete_controle = enquete_analyse(con)
        controle = uitkomst.publicatie.controle.met(enquete_controle)
        buiten = buiten_regio(con, techniek)
        return Snapshot(
            pad=pad,
            geladen_op=time.time(),
            versie=_versie(pad),
            jaren=jaren,
            regios=_regios(con),
            indicatoren={
                i.naam: Gepubliceerd(
                    indicator=i,
                    tabel=gepubliceerd[i.naam].tabel if i.naam in gepubliceerd else None,
                    herkomst=herkomst(con, i, techniek),
                    ontbreekt=uitkomst.ontbreekt.get(i.naam, ()),
                    data=gepubliceerd[i.naam].data if i.naam in gepubliceerd else None,
                    vertrouwelijk=i.naam in gepubliceerd and gepubliceerd[i.naam].vertrouwelijk,
                    dekking=dekking(
                        con,
                        i,
                        gepubliceerd[i.naam].tabel if i.naam in gepubliceerd else None,
                        techniek,
                        buiten,
                    ),
                )
                for i in INDICATORS
                if indicatoren is None or i.naam in indicatoren
            },
            vestigingen=_vestigingen(con, jaren[-1] if jaren else None),
            gemeenten=_gemeenten(con),
            gemeente_regio=dict(con.execute(_GEMEENTE_REGIO).fetchall()),
            bronnen=_dicts(con, _BRONNEN),
            runs=_dicts(con, _RUNS),
            techniek=techniek,
            scenarios=scenario_samenvattingen(con),
            enquete=enquete,
            controle=controle,
            synthetisch=synthetisch.in_gebruik(con),
            perioden=tuple(RegioPeriode(*r) for r in con.execute(_PERIODEN).fetchall()),
            prognosereeksen=prognose.reeksen(con) if indicatoren is None else {},
        )
    finally:
        con.close()


def _versie(pad: Path) -> str:
    stat = pad.stat()
    return f"{METHODE_VERSIE}-{stat.st_mtime_ns:x}-{stat.st_size:x}"


def _dicts(con: db.Connection, sql: str) -> tuple[dict[str, Any], ...]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or ()]
    return tuple(dict(zip(names, row, strict=True)) for row in cursor.fetchall())


_JAREN = "SELECT DISTINCT schooljaar FROM leerlingen ORDER BY schooljaar"

_BRONNEN = """
SELECT bron_id, bestand, formaat, doel, schooljaar, rijen_geladen, geladen_op, status,
       vervangen_door
FROM bron ORDER BY geladen_op DESC, bron_id DESC
"""

_RUNS = """
SELECT run_id, indicator, methode_versie, techniek, engine, rijen, gebouwd_op, status, reden
FROM indicator_run ORDER BY run_id DESC
"""


# Every region code with its name and flags from the period of the newest loaded school year
# (the figures shown are that year's), else from the newest period that has the code. A code
# can mean another partnership in another period, so the name must match the year shown.
_REGIOS = """
WITH huidig AS (
    SELECT DISTINCT periode FROM regio_schooljaar
    WHERE schooljaar = (SELECT max(schooljaar) FROM regio_schooljaar)
),
gewogen AS (
    SELECT *, (periode IN (SELECT periode FROM huidig))::INTEGER * 10000 + periode_start AS w
    FROM regio
)
SELECT regio, arg_max(naam, w), arg_max(periode, w), bool_and(officieel), arg_max(techniekluw, w)
FROM gewogen GROUP BY regio ORDER BY regio
"""


_PERIODEN = """
SELECT periode, min(periode_start), min(periode_eind), count(DISTINCT regio),
       count(DISTINCT regio) FILTER (WHERE techniekluw)
FROM regio GROUP BY periode ORDER BY 2
"""


def _regios(con: db.Connection) -> dict[str, Regio]:
    rows = con.execute(_REGIOS).fetchall()
    return {r[0]: Regio(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in rows}


_VESTIGINGEN = """
WITH aanbod AS (
    SELECT l.vestiging,
           list(DISTINCT l.profiel ORDER BY l.profiel)
               FILTER (WHERE l.profiel IN (SELECT profiel FROM profiel WHERE techniek))
               AS techniek,
           list(DISTINCT l.leerweg ORDER BY l.leerweg) AS leerwegen,
           list(DISTINCT l.profiel || '/' || l.leerweg ORDER BY l.profiel || '/' || l.leerweg)
               FILTER (WHERE l.profiel IN (SELECT profiel FROM profiel WHERE techniek))
               AS aanbod
    FROM leerlingen l
    WHERE l.schooljaar = $jaar AND l.leerjaar = 3 AND l.leerweg IN ('bb', 'kb', 'gl')
    GROUP BY l.vestiging
)
SELECT v.vestiging, coalesce(v.naam, v.vestiging), coalesce(v.plaats, ''), v.gemeentecode,
       v.lat, v.lon, r.regio, coalesce(a.techniek, []), a.leerwegen, coalesce(a.aanbod, [])
FROM aanbod a
JOIN vestiging v USING (vestiging)
LEFT JOIN regio_schooljaar r ON r.vestiging = a.vestiging AND r.schooljaar = $jaar
ORDER BY v.vestiging
"""


def _vestigingen(con: db.Connection, jaar: int | None) -> tuple[Vestiging, ...]:
    """Vestigingen with third-years in bb/kb/gl in the newest year, and what they offer."""
    if jaar is None:
        return ()
    rows = con.execute(_VESTIGINGEN, {"jaar": jaar}).fetchall()
    return tuple(
        Vestiging(
            code=r[0],
            naam=r[1],
            plaats=domain.plaatsnaam(r[2]),
            gemeentecode=f"GM{r[3]}" if r[3] and not str(r[3]).startswith("GM") else r[3],
            lat=r[4],
            lon=r[5],
            regio=r[6],
            techniek=tuple(r[7] or ()),
            leerwegen=tuple(r[8] or ()),
            aanbod=tuple((p, lw) for p, _, lw in (x.partition("/") for x in r[9])),
        )
        for r in rows
    )


def _gemeenten(con: db.Connection) -> tuple[tuple[str, str, dict[str, Any]], ...]:
    """The loaded gemeente boundaries; without any, the simplified ones the package ships."""
    from sto_monitor.publicatie import grenzen

    rows = con.execute(
        "SELECT code, naam, geometrie FROM grens WHERE soort = 'gemeente' AND code IS NOT NULL "
        "ORDER BY code"
    ).fetchall()
    if not rows:
        return grenzen.gemeenten()
    return tuple((code, naam, json.loads(geometrie)) for code, naam, geometrie in rows)


# A gemeente is drawn in the colour of the region most of its vmbo vestigingen belong to, in the
# newest school year (STO-regio's are partnerships of schools, not areas).
_GEMEENTE_REGIO = """
WITH laatste AS (SELECT max(schooljaar) AS jaar FROM regio_schooljaar),
per_gemeente AS (
    SELECT CASE WHEN v.gemeentecode LIKE 'GM%' THEN v.gemeentecode
                ELSE 'GM' || v.gemeentecode END AS gemeente,
           r.regio, count(*) AS n
    FROM regio_schooljaar r JOIN laatste ON r.schooljaar = laatste.jaar
    JOIN vestiging v USING (vestiging)
    WHERE v.gemeentecode IS NOT NULL
    GROUP BY ALL
)
SELECT gemeente, arg_max(regio, n * 1000 - hash(regio) % 1000) FROM per_gemeente GROUP BY 1
"""


class Bron:
    """The current snapshot of one warehouse file; reloaded when the file changes.

    The file is checked at most once per ``interval`` seconds. A changed file is loaded in a
    background thread while requests keep getting the previous snapshot, which is swapped
    out only when the new one is complete. While another process writes the file (``sto
    ingest``, ``sto build``), opening it fails and the previous snapshot simply stays.
    """

    def __init__(
        self,
        pad: Path,
        *,
        techniek: str = "sto",
        settings: Settings | None = None,
        interval: float = 2.0,
    ) -> None:
        self.pad = pad
        self.techniek = techniek
        self.settings = settings
        self.interval = interval
        self._lock = threading.Lock()
        self._snapshot = laad(pad, techniek=techniek, settings=settings)
        self._checked = time.monotonic()
        self._loading: threading.Thread | None = None

    def snapshot(self) -> Snapshot:
        now = time.monotonic()
        if now - self._checked < self.interval:
            return self._snapshot
        with self._lock:
            if now - self._checked >= self.interval and self._loading is None:
                self._checked = now
                if self._changed():
                    self._loading = threading.Thread(
                        target=self._reload, name="sto-herladen", daemon=True
                    )
                    self._loading.start()
        return self._snapshot

    def wait(self) -> Snapshot:
        """The snapshot after any reload in progress (for tests and benchmarks)."""
        loading = self._loading
        if loading is not None:
            loading.join()
        return self._snapshot

    def _changed(self) -> bool:
        try:
            return _versie(self.pad) != self._snapshot.versie
        except OSError:
            return False

    def _reload(self) -> None:
        try:
            # a failing file or audit keeps the previous (audited) snapshot in service
            with contextlib.suppress(StoError, duckdb.Error):
                self._snapshot = laad(self.pad, techniek=self.techniek, settings=self.settings)
        finally:
            with self._lock:
                self._loading = None
                self._checked = time.monotonic()


class BronPerDefinitie:
    """One :class:`Bron` per definition asked for (``indicators/definities.py``).

    The dashboard's own definition is published at the start. Another is published in the
    background the first time a page or API call asks for it (a few seconds: every indicator
    and the disclosure audit); until then :meth:`voor` raises :class:`NotReadyError`, which the
    web answers with "even geduld" and a retry, so no request waits and blocks the server. At
    most ``MAX_ANDERE`` other definitions are kept, the least recently used dropped first, so
    that memory stays bounded whatever URLs are requested.
    """

    MAX_ANDERE = 4

    def __init__(
        self,
        pad: Path,
        *,
        techniek: str = "sto",
        settings: Settings | None = None,
        interval: float = 2.0,
    ) -> None:
        self.standaard = Bron(pad, techniek=techniek, settings=settings, interval=interval)
        self.pad, self.settings, self.interval = pad, settings, interval
        self._andere: OrderedDict[str, Bron] = OrderedDict()
        self._bezig: dict[str, threading.Thread] = {}
        self._mislukt: dict[str, StoError] = {}
        self._lock = threading.Lock()

    def geladen(self, sleutel: str) -> Bron | None:
        """The Bron of a definition when it is already there (the cache's fast path)."""
        if sleutel == self.standaard.techniek:
            return self.standaard
        return self._andere.get(sleutel)

    def voor(self, sleutel: str) -> Bron:
        """The Bron of a definition key; starts publishing it when it is not there yet."""
        bron = self.geladen(sleutel)
        if bron is not None:
            with self._lock:
                if sleutel in self._andere:
                    self._andere.move_to_end(sleutel)
            return bron
        with self._lock:
            fout = self._mislukt.pop(sleutel, None)
            if fout is not None:
                raise fout  # once; the next request tries again
            if sleutel not in self._bezig:
                thread = threading.Thread(
                    target=self._maak, args=(sleutel,), name="sto-definitie", daemon=True
                )
                self._bezig[sleutel] = thread
                thread.start()
        raise NotReadyError(
            "de cijfers onder deze definitie worden voor het eerst berekend en gecontroleerd; "
            "dat duurt enkele seconden"
        )

    def wacht(self, sleutel: str) -> Bron:
        """The Bron of a definition, waiting for its publication (tests, benchmarks)."""
        try:
            return self.voor(sleutel)
        except NotReadyError:
            thread = self._bezig.get(sleutel)
            if thread is not None:
                thread.join()
            return self.voor(sleutel)

    def _maak(self, sleutel: str) -> None:
        try:
            bron = Bron(self.pad, techniek=sleutel, settings=self.settings, interval=self.interval)
        except StoError as error:
            with self._lock:
                self._mislukt[sleutel] = error
        except duckdb.Error as error:
            with self._lock:
                self._mislukt[sleutel] = WarehouseError(f"database {self.pad}: {error}")
        else:
            with self._lock:
                self._andere[sleutel] = bron
                while len(self._andere) > self.MAX_ANDERE:
                    self._andere.popitem(last=False)
        finally:
            with self._lock:
                self._bezig.pop(sleutel, None)


def getallen(tabel: pa.Table, kolom: str) -> list[float | None]:
    """A published column as numbers for charts: intervals as their midpoint, hidden as None."""
    return [getal(v) for v in tabel.column(kolom).to_pylist()]


def getal(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value)
    if "-" in text[1:]:  # an interval "12-15" (counts are never negative)
        low, _, high = text.partition("-")
        try:
            return (float(low) + float(high)) / 2
        except ValueError:
            return None
    try:
        return float(text)
    except ValueError:
        return None  # "<5", "x"


def getal_nl(value: float, decimals: int = 1) -> str:
    """A number in Dutch notation: 1234.5 -> ``1.234,5``."""
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def sorteer(rijen: Sequence[dict[str, Any]], kolom: str, aflopend: bool) -> list[dict[str, Any]]:
    """Rows sorted by a published column: numbers by value, hidden cells last."""

    def key(row: dict[str, Any]) -> tuple[int, float, str]:
        value = row.get(kolom)
        number = getal(value)
        if number is not None:
            return (0, -number if aflopend else number, "")
        if value is None or value in ("<5", "x"):
            return (2, 0.0, "")
        return (1, 0.0, str(value))

    ordered = sorted(rijen, key=key)
    if aflopend:
        # numbers are already descending; text columns need a reversed string order
        numbers = [r for r in ordered if key(r)[0] == 0]
        texts = sorted((r for r in ordered if key(r)[0] == 1), key=lambda r: str(r.get(kolom)))
        rest = [r for r in ordered if key(r)[0] == 2]
        return numbers + texts[::-1] + rest
    return ordered
