"""The national team's pages: the audit log (page and CSV).

``/beheer/audit`` shows the application database's audit log, newest first, filtered by regio,
kind of object and period, 50 records a page; ``/beheer/audit.csv`` is the same selection (every
record, no pages) as a file for Dutch Excel. Only `landelijk` may read it (``Recht.AUDIT_LEZEN``).
Both answers are private (``GEEN_OPSLAG``) and never enter the page cache.

The log is written for auditors, not for programmers: the columns and the fields of the values
before and after a change carry Dutch words, an account is named by its e-mail address, and a
moment is shown in Dutch time. The log itself holds no secrets (``appdb/audit.py``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from math import ceil
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts.beleid import ROL_NAAM, Recht, Rol
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import Auditregel, Gebruiker
from sto_monitor.errors import ParameterError
from sto_monitor.publicatie.taal import MAANDEN, schooljaar
from sto_monitor.publicatie.veilig import veilige_tekst
from sto_monitor.web.render import html, snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, toegang

router = APIRouter(include_in_schema=False)

PER_PAGINA = 50
NL_TIJD = ZoneInfo("Europe/Amsterdam")
BOM = "\ufeff"  # tells Excel the CSV is UTF-8

# The columns, as the page and the CSV name them.
KOPPEN: tuple[str, ...] = (
    "Tijdstip",
    "Door",
    "Handeling",
    "Onderdeel",
    "Betreft",
    "Regio",
    "Vooraf",
    "Daarna",
)

# What was written, in words (an unknown kind is shown as it is).
SOORTEN: dict[str, str] = {
    "gebruiker": "account",
    "sessie": "in- en uitloggen",
    "inlogpoging": "mislukte inlogpogingen",
    "toelichting": "toelichting",
    "enquete": "enquête",
    "uitnodiging": "enquête-uitnodiging",
    "scenario": "scenario",
}

# The fields of a value before or after, in words (others: underscores become spaces).
VELDEN: dict[str, str] = {
    "email": "e-mailadres",
    "naam": "naam",
    "rol": "rol",
    "regios": "regio's",
    "vestigingen": "vestigingen",
    "geblokkeerd": "geblokkeerd",
    "regio": "regio",
    "vestiging": "vestiging",
    "onderwerp": "onderwerp",
    "schooljaar": "schooljaar",
    "status": "status",
    "tekst": "tekst",
    "reden": "reden",
    "verborgen_reden": "reden van verbergen",
    "versie": "versie",
    "golf": "golf",
}

Code = Annotated[str, Query(max_length=20, pattern=r"^[A-Za-z0-9_-]*$")]
Soort = Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z0-9_ -]*$")]
Dag = Annotated[str, Query(max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$")]
Pagina = Annotated[int, Query(ge=1, le=1_000_000)]


@dataclass(frozen=True)
class Filter:
    """Which records: of one regio, of one kind, from one day up to and including another."""

    regio: str | None = None
    soort: str | None = None
    van: date | None = None
    tot: date | None = None

    @classmethod
    def van_vraag(cls, regio: str, soort: str, van: str, tot: str) -> Filter:
        begin, eind = _dag(van, "van"), _dag(tot, "tot en met")
        if begin and eind and eind < begin:
            raise ParameterError("De periode eindigt voor ze begint: kies een latere einddatum.")
        return cls(regio or None, soort or None, begin, eind)

    def waar(self, query: Select[Any]) -> Select[Any]:
        if self.regio is not None:
            query = query.where(Auditregel.regio == self.regio)
        if self.soort is not None:
            query = query.where(Auditregel.soort == self.soort)
        if self.van is not None:
            query = query.where(Auditregel.moment >= _begin_van_dag(self.van))
        if self.tot is not None:
            query = query.where(Auditregel.moment < _begin_van_dag(self.tot + timedelta(days=1)))
        return query

    def parameters(self) -> dict[str, str]:
        """The filter as query parameters (for the pages' links and the CSV link)."""
        waarden = {
            "regio": self.regio,
            "soort": self.soort,
            "van": self.van.isoformat() if self.van else None,
            "tot": self.tot.isoformat() if self.tot else None,
        }
        return {k: v for k, v in waarden.items() if v}

    def omschrijving(self) -> str:
        delen = []
        if self.regio:
            delen.append(f"regio {self.regio}")
        if self.soort:
            delen.append(SOORTEN.get(self.soort, self.soort))
        if self.van:
            delen.append(f"vanaf {_datum(self.van)}")
        if self.tot:
            delen.append(f"tot en met {_datum(self.tot)}")
        return ", ".join(delen)


def _dag(tekst: str, wat: str) -> date | None:
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise ParameterError(f"De datum '{wat}' ({tekst}) bestaat niet.") from None


def _begin_van_dag(dag: date) -> datetime:
    """Midnight in the Netherlands, the moment a Dutch day starts."""
    return datetime.combine(dag, time(0), tzinfo=NL_TIJD)


def _datum(dag: date) -> str:
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


# ---------------------------------------------------------------- records in words


@dataclass(frozen=True)
class Veld:
    naam: str
    waarde: str
    gewijzigd: bool = False


@dataclass(frozen=True)
class Regel:
    """One audit record as people read it."""

    tijdstip: str  # Dutch, for the page
    tijdstip_iso: str  # 2026-12-04 14:03:12, for the CSV (Excel reads it as a date and time)
    door: str
    handeling: str
    onderdeel: str
    betreft: str
    regio: str
    vooraf: tuple[Veld, ...]
    daarna: tuple[Veld, ...]


def _waarde(waarde: object) -> str:
    if waarde is None:
        return "—"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, list | tuple | set | frozenset):
        return ", ".join(_waarde(w) for w in waarde) or "geen"
    if isinstance(waarde, dict):
        return "; ".join(f"{_veldnaam(str(k))}: {_waarde(v)}" for k, v in waarde.items())
    return str(waarde)


def _veldnaam(sleutel: str) -> str:
    return VELDEN.get(sleutel, sleutel.replace("_", " "))


def _velden(
    waarde: dict[str, Any] | None, ander: dict[str, Any] | None, *, markeer: bool
) -> tuple[Veld, ...]:
    """The fields of a value; with ``markeer``, those that differ from ``ander`` are marked."""
    if not waarde:
        return ()
    return tuple(
        Veld(
            _veldnaam(k),
            schooljaar(v) if k == "schooljaar" and isinstance(v, int) else _waarde(v),
            markeer and ander is not None and (k not in ander or ander[k] != v),
        )
        for k, v in waarde.items()
    )


def _door(wie: str) -> str:
    """``"regio pl@regio.nl"`` → ``"pl@regio.nl (regio)"``; the terminal and the system too."""
    rol, _, rest = wie.partition(" ")
    if rol in {r.value for r in Rol} and rest:
        if rest.startswith("terminal:"):
            return f"{rest.removeprefix('terminal:')} (op de server, {ROL_NAAM[Rol(rol)]})"
        return f"{rest} ({ROL_NAAM[Rol(rol)]})"
    if rol == "zelf" and rest:
        return f"{rest} (zelf)"
    if wie == "systeem":
        return "het systeem"
    return wie


def _betreft(regel: Auditregel, emails: dict[str, str]) -> str:
    if regel.soort in ("gebruiker", "sessie"):
        email = emails.get(regel.object_id)
        return f"account {email}" if email else f"account nummer {regel.object_id}"
    if regel.soort == "inlogpoging":
        return regel.object_id  # the address tried
    return f"{SOORTEN.get(regel.soort, regel.soort)} {regel.object_id}"


def _tijd(moment: datetime) -> tuple[str, str]:
    lokaal = moment.astimezone(NL_TIJD)
    nl = f"{lokaal.day} {MAANDEN[lokaal.month - 1]} {lokaal.year}, {lokaal:%H:%M:%S}"
    return nl, f"{lokaal:%Y-%m-%d %H:%M:%S}"


def _in_woorden(session: Session, regels: Sequence[Auditregel]) -> list[Regel]:
    ids = {
        int(r.object_id)
        for r in regels
        if r.soort in ("gebruiker", "sessie") and r.object_id.isdigit()
    }
    emails: dict[str, str] = {}
    if ids:
        rijen = session.execute(select(Gebruiker.id, Gebruiker.email).where(Gebruiker.id.in_(ids)))
        emails = {str(i): e for i, e in rijen}
    uit = []
    for r in regels:
        tijdstip, iso = _tijd(r.moment)
        uit.append(
            Regel(
                tijdstip=tijdstip,
                tijdstip_iso=iso,
                door=_door(r.wie),
                handeling=r.actie,
                onderdeel=SOORTEN.get(r.soort, r.soort),
                betreft=_betreft(r, emails),
                regio=r.regio or "",
                vooraf=_velden(r.voor, r.na, markeer=False),
                daarna=_velden(r.na, r.voor, markeer=r.voor is not None),
            )
        )
    return uit


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Blad:
    """One page of the log, and what the filter form offers."""

    regels: list[Regel]
    totaal: int
    regios: list[str]
    soorten: list[str]


def lees_blad(database: AppDatabase, filter_: Filter, pagina: int) -> Blad:
    """Page ``pagina`` (from 1) of the records ``filter_`` selects, newest first."""
    with database.transactie() as session:
        totaal = session.scalar(filter_.waar(select(func.count(Auditregel.id)))) or 0
        query = filter_.waar(select(Auditregel)).order_by(Auditregel.id.desc())
        rijen = session.scalars(query.offset((pagina - 1) * PER_PAGINA).limit(PER_PAGINA)).all()
        regios = session.scalars(
            select(Auditregel.regio).where(Auditregel.regio.is_not(None)).distinct()
        ).all()
        soorten = session.scalars(select(Auditregel.soort).distinct()).all()
        return Blad(
            _in_woorden(session, rijen),
            totaal,
            sorted(str(r) for r in regios),
            sorted(soorten, key=lambda s: SOORTEN.get(s, s)),
        )


def lees_alles(database: AppDatabase, filter_: Filter) -> list[Regel]:
    """Every record ``filter_`` selects, newest first (for the CSV)."""
    with database.transactie() as session:
        query = filter_.waar(select(Auditregel)).order_by(Auditregel.id.desc())
        return _in_woorden(session, session.scalars(query).all())


# ---------------------------------------------------------------- the page and the file


@router.get("/beheer/audit", dependencies=[toegang(Recht.AUDIT_LEZEN)])
async def auditlog(
    request: Request,
    regio: Code = "",
    soort: Soort = "",
    van: Dag = "",
    tot: Dag = "",
    pagina: Pagina = 1,
) -> Response:
    filter_ = Filter.van_vraag(regio, soort, van, tot)
    blad = await run_in_threadpool(lees_blad, app_db(request), filter_, pagina)
    paginas = max(1, ceil(blad.totaal / PER_PAGINA))
    snap = snapshot(request)
    namen = {code: r.naam for code, r in snap.regios.items()}
    regio_keuzes = sorted({*blad.regios, *([filter_.regio] if filter_.regio else [])})
    soort_keuzes = list(dict.fromkeys([*blad.soorten, *([filter_.soort] if filter_.soort else [])]))

    def link(naar: int) -> str:
        return "/beheer/audit?" + urlencode({**filter_.parameters(), "pagina": str(naar)})

    pagina_html = html(
        request,
        "beheer_audit.html",
        snapshot=snap,
        koppen=KOPPEN,
        regels=blad.regels,
        totaal=blad.totaal,
        pagina=pagina,
        paginas=paginas,
        vorige=link(pagina - 1) if pagina > 1 else None,
        volgende=link(pagina + 1) if pagina < paginas else None,
        filter=filter_,
        regio_keuzes=[(c, f"{c}: {namen[c]}" if c in namen else c) for c in regio_keuzes],
        soort_keuzes=[(s, SOORTEN.get(s, s)) for s in soort_keuzes],
        csv_link="/beheer/audit.csv"
        + (f"?{urlencode(filter_.parameters())}" if filter_.parameters() else ""),
    )
    return HTMLResponse(pagina_html, headers=GEEN_OPSLAG)


def _cel(velden: tuple[Veld, ...]) -> str:
    return "; ".join(f"{v.naam}: {v.waarde}" for v in velden)


def auditlog_csv_tekst(regels: Sequence[Regel]) -> str:
    """The records as CSV for Dutch Excel: ``;``, UTF-8 with a BOM, every text cell safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([veilige_tekst(k) for k in KOPPEN])
    for r in regels:
        cellen = (
            r.tijdstip_iso,
            r.door,
            r.handeling,
            r.onderdeel,
            r.betreft,
            r.regio,
            _cel(r.vooraf),
            _cel(r.daarna),
        )
        writer.writerow([veilige_tekst(c) for c in cellen])
    return buffer.getvalue()


@router.get("/beheer/audit.csv", dependencies=[toegang(Recht.AUDIT_LEZEN)])
async def auditlog_csv(
    request: Request,
    regio: Code = "",
    soort: Soort = "",
    van: Dag = "",
    tot: Dag = "",
) -> Response:
    filter_ = Filter.van_vraag(regio, soort, van, tot)
    regels = await run_in_threadpool(lees_alles, app_db(request), filter_)
    naam = f"auditlog-{datetime.now(NL_TIJD):%Y-%m-%d}.csv"
    return Response(
        auditlog_csv_tekst(regels).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={**GEEN_OPSLAG, "Content-Disposition": f'attachment; filename="{naam}"'},
    )
