"""Invitation links and the web form's storage: one response per region per wave.

A link is ``<basis>/enquete/<token>`` with ``token = secrets.token_urlsafe(32)``; only its
SHA-256 is stored (``schema/99_enquete_uitnodiging.sql``), so the token is shown once, when
it is made. A region has at most one working link per wave; a revoked link never works
again. Looking a token up answers only "this region, this wave" or nothing: a wrong, revoked
or unknown token is indistinguishable to the caller.

The form saves a region's answers in one transaction, replacing the region's earlier answers
of that wave (also an imported response: the region's latest word counts; bron becomes
'formulier'). Once a response is submitted (status 'ingediend', by the form or an import),
it stays submitted: later saves change the answers but never turn it back into a draft. A
closed wave (``enquete_golf.gesloten``) accepts no more changes.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from sto_monitor.db import Connection, transaction
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.survey.vragenlijst import Item, Vragenlijst, beschikbare_golven, laad

TOKEN_BYTES = 32
TOKEN_PATROON = re.compile(r"[A-Za-z0-9_-]{20,128}\Z")
MAX_TEKST = 4000  # characters of one open answer
STATUSSEN = ("concept", "ingediend")

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
    bijgewerkt_op: datetime | None = None
    antwoorden: dict[str, Waarde] = field(default_factory=dict)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def regio_namen(con: Connection) -> dict[str, str]:
    """Every region code with its name (the latest period's name when it changed)."""
    rows = con.execute(
        "SELECT regio, arg_max(naam, periode_eind) FROM regio GROUP BY regio ORDER BY regio"
    ).fetchall()
    return {str(r): str(n) for r, n in rows}


def zorg_voor_golf(con: Connection, golf: int) -> Vragenlijst:
    """The wave's questionnaire; its row in enquete_golf is made when missing (open)."""
    vragenlijst = laad(golf)  # unknown wave: NotFoundError
    con.execute(
        "INSERT INTO enquete_golf (golf, titel, gesloten) VALUES (?, ?, false) "
        "ON CONFLICT DO NOTHING",
        [golf, vragenlijst.titel],
    )
    return vragenlijst


def uitnodigen(
    con: Connection, golf: int, regios: Sequence[str] | None, *, vervang: bool = False
) -> tuple[list[Uitnodiging], list[str]]:
    """New links for ``regios`` (None: every region); returns (made, skipped).

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
    nu = datetime.now().replace(microsecond=0)
    gemaakt: list[Uitnodiging] = []
    overgeslagen: list[str] = []
    with transaction(con):
        zorg_voor_golf(con, golf)
        actief = {
            r
            for (r,) in con.execute(
                "SELECT regio FROM enquete_uitnodiging WHERE golf = ? AND ingetrokken_op IS NULL",
                [golf],
            ).fetchall()
        }
        for regio in gekozen:
            if regio in actief:
                if not vervang:
                    overgeslagen.append(regio)
                    continue
                _trek_in(con, golf, regio, nu)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            con.execute(
                "INSERT INTO enquete_uitnodiging VALUES (?, ?, ?, ?, NULL)",
                [hash_token(token), golf, regio, nu],
            )
            gemaakt.append(Uitnodiging(golf, regio, token))
    return gemaakt, overgeslagen


def _trek_in(con: Connection, golf: int, regio: str, nu: datetime) -> int:
    rows = con.execute(
        "UPDATE enquete_uitnodiging SET ingetrokken_op = ? "
        "WHERE golf = ? AND regio = ? AND ingetrokken_op IS NULL RETURNING token_sha256",
        [nu, golf, regio],
    ).fetchall()
    return len(rows)


def intrekken(con: Connection, golf: int, regio: str) -> int:
    """Revoke the region's working link of this wave; NotFoundError when it has none."""
    with transaction(con):
        n = _trek_in(con, golf, regio, datetime.now().replace(microsecond=0))
    if not n:
        raise NotFoundError(f"regio {regio} heeft geen werkende uitnodiging voor golf {golf}")
    return n


def zet_gesloten(con: Connection, golf: int, gesloten: bool) -> None:
    """Close a wave (no more changes through the form) or open it again."""
    with transaction(con):
        zorg_voor_golf(con, golf)
        con.execute("UPDATE enquete_golf SET gesloten = ? WHERE golf = ?", [gesloten, golf])


def toegang(con: Connection, token: str) -> Toegang | None:
    """The region and wave of a working token; None for anything else (no reason given)."""
    if not TOKEN_PATROON.match(token):
        return None
    try:
        row = con.execute(
            "SELECT u.golf, u.regio, g.gesloten FROM enquete_uitnodiging u "
            "JOIN enquete_golf g USING (golf) "
            "WHERE u.token_sha256 = ? AND u.ingetrokken_op IS NULL",
            [hash_token(token)],
        ).fetchone()
    except duckdb.CatalogException:  # a warehouse from before the survey form
        return None
    if row is None or int(row[0]) not in beschikbare_golven():
        return None
    golf, regio, gesloten = int(row[0]), str(row[1]), bool(row[2])
    return Toegang(golf, regio, regio_namen(con).get(regio, regio), gesloten)


def lees_respons(con: Connection, golf: int, regio: str) -> Respons:
    """The region's saved response of this wave (draft or submitted), or an empty one."""
    row = con.execute(
        "SELECT status, bron, bijgewerkt_op FROM enquete_respons WHERE golf = ? AND regio = ?",
        [golf, regio],
    ).fetchone()
    if row is None:
        return Respons(None)
    antwoorden: dict[str, Waarde] = {}
    for item, code, tekst in con.execute(
        "SELECT item, code, tekst FROM enquete_antwoord WHERE golf = ? AND regio = ?",
        [golf, regio],
    ).fetchall():
        if code is not None:
            antwoorden[str(item)] = int(code)
        elif tekst is not None:
            antwoorden[str(item)] = str(tekst)
    return Respons(str(row[0]), str(row[1]), row[2], antwoorden)


def bewaar_respons(
    con: Connection,
    golf: int,
    regio: str,
    antwoorden: Mapping[str, Waarde],
    status: str,
    vragenlijst: Vragenlijst,
) -> str:
    """Replace the region's answers of this wave in one transaction; returns the status kept.

    A response that was submitted stays submitted (a draft save only changes the answers).
    Raises :class:`GolfGesloten` when the wave is closed (checked inside the transaction).
    """
    if status not in STATUSSEN:
        raise ParameterError(f"onbekende status {status!r}")
    open_items = {i.id for i in vragenlijst.items() if _soort(vragenlijst, i) == "open"}
    rijen = [
        (golf, regio, item, None, str(w)) if item in open_items else (golf, regio, item, w, None)
        for item, w in sorted(antwoorden.items())
    ]
    with transaction(con):
        gesloten = con.execute(
            "SELECT gesloten FROM enquete_golf WHERE golf = ?", [golf]
        ).fetchone()
        if gesloten is None or gesloten[0]:
            raise GolfGesloten(f"de enquête {golf} is gesloten; wijzigen kan niet meer")
        vorige = con.execute(
            "SELECT status FROM enquete_respons WHERE golf = ? AND regio = ?", [golf, regio]
        ).fetchone()
        if vorige is not None and vorige[0] == "ingediend":
            status = "ingediend"
        con.execute("DELETE FROM enquete_antwoord WHERE golf = ? AND regio = ?", [golf, regio])
        con.execute(
            "INSERT OR REPLACE INTO enquete_respons (golf, regio, status, bron, bestand, "
            "bijgewerkt_op) VALUES (?, ?, ?, 'formulier', NULL, ?)",
            [golf, regio, status, datetime.now().replace(microsecond=0)],
        )
        if rijen:
            con.executemany("INSERT INTO enquete_antwoord VALUES (?, ?, ?, ?, ?)", rijen)
    return status


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


def overzicht(con: Connection, golf: int) -> list[dict[str, object]]:
    """Per region: its response status, source, last change and invitation (for beheer)."""
    namen = regio_namen(con)
    respons = {
        str(r): (str(s), str(b), t)
        for r, s, b, t in con.execute(
            "SELECT regio, status, bron, bijgewerkt_op FROM enquete_respons WHERE golf = ?",
            [golf],
        ).fetchall()
    }
    try:
        links = {
            str(r): bool(a)
            for r, a in con.execute(
                "SELECT regio, bool_or(ingetrokken_op IS NULL) FROM enquete_uitnodiging "
                "WHERE golf = ? GROUP BY regio",
                [golf],
            ).fetchall()
        }
    except duckdb.CatalogException:
        links = {}
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
