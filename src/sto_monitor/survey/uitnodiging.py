"""Invitation links and the web form's storage: one response per region per wave.

A link is ``<basis>/enquete/<token>`` with ``token = secrets.token_urlsafe(32)``; only its
SHA-256 is stored (``enquete_uitnodiging`` in the application database), so the token is shown
once, when it is made. A region has at most one working link per wave; a revoked link never
works again. Looking a token up answers only "this region, this wave" or nothing: a wrong,
revoked or unknown token is indistinguishable to the caller.

The form saves a region's answers in one transaction of the application database, replacing
the region's earlier answers of that wave (also an imported response: the region's latest word
counts; bron becomes 'formulier'). Once a response is submitted (status 'ingediend', by the form
or an import), it stays submitted: later saves change the answers but never turn it back into a
draft. A closed wave (``enquete_golf.gesloten``) accepts no more changes. Every write has its
audit record in the same transaction. The warehouse is only read here, for the regions' names.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import (
    EnqueteAntwoord,
    EnqueteGolf,
    EnqueteRespons,
    EnqueteUitnodiging,
    nu,
)
from sto_monitor.db import Connection
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.survey.opslag import aan_terminal, antwoord_rijen, open_items, zorg_voor_golf
from sto_monitor.survey.vragenlijst import Item, Vragenlijst, beschikbare_golven, laad

TOKEN_BYTES = 32
TOKEN_PATROON = re.compile(r"[A-Za-z0-9_-]{20,128}\Z")
MAX_TEKST = 4000  # characters of one open answer
STATUSSEN = ("concept", "ingediend")
SOORT = "enquete"  # the kind of object in the audit log (a wave, or a region's response)
SOORT_LINK = "uitnodiging"

Waarde = int | str


class GolfGesloten(ParameterError):
    """The wave is closed: its answers can no longer change."""


@dataclass(frozen=True)
class Uitnodiging:
    golf: int
    regio: str
    token: str  # shown once; only hash_token(token) is stored


@dataclass(frozen=True)
class Toegang:
    """What a valid token gives access to."""

    golf: int
    regio: str
    naam: str
    gesloten: bool


@dataclass(frozen=True)
class Respons:
    status: str | None  # None: nothing saved yet
    bron: str | None = None
    bijgewerkt_op: datetime | None = None  # local time, to the second (as pages show it)
    antwoorden: dict[str, Waarde] = field(default_factory=dict)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def formulier_wie(regio: str) -> str:
    """How the audit log names a writer through the form: the region's invitation link."""
    return f"regio {regio} (uitnodigingslink)"


def _lokaal(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None, microsecond=0)


def regio_namen(con: Connection) -> dict[str, str]:
    """Every region code in the warehouse with its name (the latest period's when it changed)."""
    rows = con.execute(
        "SELECT regio, arg_max(naam, periode_eind) FROM regio GROUP BY regio ORDER BY regio"
    ).fetchall()
    return {str(r): str(n) for r, n in rows}


def _golf(session: Session, golf: int) -> EnqueteGolf:
    """The wave's row, made (open) when missing; an unknown wave is a NotFoundError."""
    return zorg_voor_golf(session, golf, laad(golf).titel)


def uitnodigen(
    app_db: AppDatabase,
    con: Connection,
    golf: int,
    regios: Sequence[str] | None,
    *,
    vervang: bool = False,
    wie: str | None = None,
) -> tuple[list[Uitnodiging], list[str]]:
    """New links for ``regios`` (None: every region of the warehouse ``con``, which is only
    read); returns (made, skipped).

    A region that already has a working link is skipped, unless ``vervang``: then that link
    is revoked and a new one made (for a lost link).
    """
    namen = regio_namen(con)
    if not namen:
        raise ParameterError("het warehouse heeft geen regio's; lees eerst de regio-indeling in")
    gekozen = sorted(namen) if regios is None else list(dict.fromkeys(regios))
    onbekend = [r for r in gekozen if r not in namen]
    if onbekend:
        raise ParameterError(f"onbekende regio's: {', '.join(onbekend)}")
    wie = wie or aan_terminal()
    moment = nu()
    gemaakt: list[Uitnodiging] = []
    overgeslagen: list[str] = []
    with app_db.transactie() as session:
        _golf(session, golf)
        actief = set(
            session.scalars(
                select(EnqueteUitnodiging.regio).where(
                    EnqueteUitnodiging.golf == golf, EnqueteUitnodiging.ingetrokken_op.is_(None)
                )
            )
        )
        for regio in gekozen:
            if regio in actief:
                if not vervang:
                    overgeslagen.append(regio)
                    continue
                _trek_in(session, golf, regio, moment)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(
                EnqueteUitnodiging(
                    token_sha256=hash_token(token), golf=golf, regio=regio, aangemaakt_op=moment
                )
            )
            audit.schrijf(
                session,
                wie=wie,
                actie="uitnodiging vervangen" if regio in actief else "uitnodiging gemaakt",
                soort=SOORT_LINK,
                object_id=f"{golf}/{regio}",
                regio=regio,
                na={"golf": golf, "regio": regio},
                moment=moment,
            )
            gemaakt.append(Uitnodiging(golf, regio, token))
    return gemaakt, overgeslagen


def _trek_in(session: Session, golf: int, regio: str, moment: datetime) -> int:
    rijen = session.execute(
        update(EnqueteUitnodiging)
        .where(
            EnqueteUitnodiging.golf == golf,
            EnqueteUitnodiging.regio == regio,
            EnqueteUitnodiging.ingetrokken_op.is_(None),
        )
        .values(ingetrokken_op=moment)
        .returning(EnqueteUitnodiging.token_sha256)
    ).all()
    return len(rijen)


def intrekken(app_db: AppDatabase, golf: int, regio: str, *, wie: str | None = None) -> int:
    """Revoke the region's working link of this wave; NotFoundError when it has none."""
    moment = nu()
    with app_db.transactie() as session:
        n = _trek_in(session, golf, regio, moment)
        if not n:
            raise NotFoundError(f"regio {regio} heeft geen werkende uitnodiging voor golf {golf}")
        audit.schrijf(
            session,
            wie=wie or aan_terminal(),
            actie="uitnodiging ingetrokken",
            soort=SOORT_LINK,
            object_id=f"{golf}/{regio}",
            regio=regio,
            voor={"werkt": True},
            na={"werkt": False},
            moment=moment,
        )
    return n


def zet_gesloten(app_db: AppDatabase, golf: int, gesloten: bool, *, wie: str | None = None) -> None:
    """Close a wave (no more changes through the form) or open it again."""
    with app_db.transactie() as session:
        rij = _golf(session, golf)
        voor = rij.gesloten
        rij.gesloten = gesloten
        audit.schrijf(
            session,
            wie=wie or aan_terminal(),
            actie="enquêtegolf gesloten" if gesloten else "enquêtegolf geopend",
            soort=SOORT,
            object_id=golf,
            voor={"gesloten": voor},
            na={"gesloten": gesloten},
        )


def toegang(
    app_db: AppDatabase, token: str, namen: Mapping[str, str] | None = None
) -> Toegang | None:
    """The region and wave of a working token; None for anything else (no reason given).

    ``namen`` gives the region's name (code -> name, e.g. from the published snapshot).
    """
    if not TOKEN_PATROON.match(token):
        return None
    with app_db.transactie() as session:
        row = session.execute(
            select(EnqueteUitnodiging.golf, EnqueteUitnodiging.regio, EnqueteGolf.gesloten)
            .join(EnqueteGolf, EnqueteGolf.golf == EnqueteUitnodiging.golf)
            .where(
                EnqueteUitnodiging.token_sha256 == hash_token(token),
                EnqueteUitnodiging.ingetrokken_op.is_(None),
            )
        ).first()
    if row is None or int(row[0]) not in beschikbare_golven():
        return None
    golf, regio, gesloten = int(row[0]), str(row[1]), bool(row[2])
    return Toegang(golf, regio, (namen or {}).get(regio, regio), gesloten)


def _lees(session: Session, golf: int, regio: str) -> Respons:
    rij = session.get(EnqueteRespons, (golf, regio))
    if rij is None:
        return Respons(None)
    antwoorden: dict[str, Waarde] = {}
    for item, code, tekst in session.execute(
        select(EnqueteAntwoord.item, EnqueteAntwoord.code, EnqueteAntwoord.tekst).where(
            EnqueteAntwoord.golf == golf, EnqueteAntwoord.regio == regio
        )
    ):
        if code is not None:
            antwoorden[str(item)] = int(code)
        elif tekst is not None:
            antwoorden[str(item)] = str(tekst)
    return Respons(rij.status, rij.bron, _lokaal(rij.bijgewerkt_op), antwoorden)


def lees_respons(app_db: AppDatabase, golf: int, regio: str) -> Respons:
    """The region's saved response of this wave (draft or submitted), or an empty one."""
    with app_db.transactie() as session:
        return _lees(session, golf, regio)


def _als_audit(respons: Respons) -> dict[str, Any]:
    return {"status": respons.status, "antwoorden": respons.antwoorden}


def bewaar_respons(
    app_db: AppDatabase,
    golf: int,
    regio: str,
    antwoorden: Mapping[str, Waarde],
    status: str,
    vragenlijst: Vragenlijst,
    *,
    wie: str | None = None,
) -> str:
    """Replace the region's answers of this wave in one transaction; returns the status kept.

    A response that was submitted stays submitted (a draft save only changes the answers).
    Raises :class:`GolfGesloten` when the wave is closed. The transaction first takes the
    wave's row for writing (an update that changes nothing, only where the wave is open), so
    closing a wave and saving an answer never interleave, on SQLite as on PostgreSQL.
    ``wie`` names the writer in the audit log (default: the region's invitation link).
    """
    if status not in STATUSSEN:
        raise ParameterError(f"onbekende status {status!r}")
    with app_db.transactie() as session:
        open_golf = session.execute(
            update(EnqueteGolf)
            .where(EnqueteGolf.golf == golf, EnqueteGolf.gesloten.is_(False))
            .values(titel=EnqueteGolf.titel)
            .execution_options(synchronize_session=False)
        )
        if not open_golf.rowcount:  # type: ignore[attr-defined]
            raise GolfGesloten(f"de enquête {golf} is gesloten; wijzigen kan niet meer")
        vorige = _lees(session, golf, regio)
        if vorige.status == "ingediend":
            status = "ingediend"
        session.execute(
            delete(EnqueteAntwoord).where(
                EnqueteAntwoord.golf == golf, EnqueteAntwoord.regio == regio
            )
        )
        rij = session.get(EnqueteRespons, (golf, regio))
        if rij is None:
            rij = EnqueteRespons(golf=golf, regio=regio, synthetisch=False)
            session.add(rij)
        rij.status, rij.bron, rij.bestand = status, "formulier", None
        rij.bijgewerkt_op, rij.synthetisch = nu(), False
        session.flush()
        session.add_all(antwoord_rijen(golf, regio, antwoorden, open_items(vragenlijst)))
        audit.schrijf(
            session,
            wie=wie or formulier_wie(regio),
            actie=_actie(vorige.status, status),
            soort=SOORT,
            object_id=f"{golf}/{regio}",
            regio=regio,
            voor=_als_audit(vorige) if vorige.status else None,
            na={"status": status, "antwoorden": dict(sorted(antwoorden.items()))},
        )
    return status


def _actie(voor: str | None, na: str) -> str:
    if na == "concept":
        return "enquête als concept bewaard"
    return "enquête gewijzigd" if voor == "ingediend" else "enquête verstuurd"


def _soort(vragenlijst: Vragenlijst, item: Item) -> str:
    return vragenlijst.schalen[item.schaal].soort


def geldige_codes(vragenlijst: Vragenlijst, item: Item) -> list[int]:
    schaal = vragenlijst.schalen[item.schaal]
    if schaal.soort == "cijfer":
        lo = schaal.min if schaal.min is not None else 1
        hi = schaal.max if schaal.max is not None else 10
        return list(range(lo, hi + 1))
    return [o.code for o in schaal.opties]


def lees_formulier(
    vragenlijst: Vragenlijst, velden: Mapping[str, str]
) -> tuple[dict[str, Waarde], list[str]]:
    """Answers from the posted fields (``item id -> text``); returns (answers, problems).

    An empty field is "not answered". A closed answer must be one of the scale's codes, an
    open answer at most :data:`MAX_TEKST` characters.
    """
    antwoorden: dict[str, Waarde] = {}
    problemen: list[str] = []
    for item in vragenlijst.items():
        ruw = velden.get(item.id, "").strip()
        if not ruw:
            continue
        if _soort(vragenlijst, item) == "open":
            if len(ruw) > MAX_TEKST:
                problemen.append(f"{item.tekst}: het antwoord is langer dan {MAX_TEKST} tekens")
            else:
                antwoorden[item.id] = ruw
            continue
        codes = geldige_codes(vragenlijst, item)
        if not ruw.lstrip("-").isdigit() or int(ruw) not in codes:
            problemen.append(f"{item.tekst}: geen geldig antwoord")
            continue
        antwoorden[item.id] = int(ruw)
    return antwoorden, problemen


def onbeantwoord(vragenlijst: Vragenlijst, antwoorden: Mapping[str, Waarde]) -> list[Item]:
    return [i for i in vragenlijst.items() if i.id not in antwoorden]


def antwoord_label(vragenlijst: Vragenlijst, item: Item, waarde: Waarde | None) -> str:
    """An answer as the respondent saw it: the option's label, the grade, or the text."""
    if waarde is None:
        return "geen antwoord"
    schaal = vragenlijst.schalen[item.schaal]
    if schaal.soort in ("open", "cijfer"):
        return str(waarde)
    return next((o.label for o in schaal.opties if o.code == waarde), str(waarde))


def overzicht(app_db: AppDatabase, golf: int, namen: Mapping[str, str]) -> list[dict[str, object]]:
    """Per region (``namen``: the warehouse's regions, code -> name, and every region that
    answered): its response status, source, last change and invitation (for beheer)."""
    with app_db.transactie() as session:
        respons = {
            r.regio: (r.status, r.bron, _lokaal(r.bijgewerkt_op))
            for r in session.scalars(select(EnqueteRespons).where(EnqueteRespons.golf == golf))
        }
        links: dict[str, bool] = {}
        for regio, ingetrokken in session.execute(
            select(EnqueteUitnodiging.regio, EnqueteUitnodiging.ingetrokken_op).where(
                EnqueteUitnodiging.golf == golf
            )
        ):
            links[regio] = links.get(regio, False) or ingetrokken is None
    rijen: list[dict[str, object]] = []
    for regio in sorted(namen.keys() | respons.keys()):
        status, bron, tijd = respons.get(regio, ("geen", None, None))
        link = links.get(regio)
        uitnodiging = "geen" if link is None else ("werkt" if link else "ingetrokken")
        rijen.append(
            {
                "regio": regio,
                "naam": namen.get(regio, regio),
                "status": status,
                "bron": bron,
                "bijgewerkt_op": tijd,
                "uitnodiging": uitnodiging,
            }
        )
    return rijen
