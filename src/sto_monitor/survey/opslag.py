"""Survey responses in the application database (``appdb/tabellen.py``: ``enquete_*``).

Answers travel as :data:`Antwoorden` (regio -> item id -> code, or text for open questions;
``None`` or a missing item is "not answered"), the contract between import, storage and
analysis. Every write records who made it in the audit log, in the same transaction
(``appdb/audit.py``). The warehouse holds a copy of the submitted responses for the monitor's
analysis, made by ``sto build`` (``appdb/kopie.py``, read by ``survey/warehouse.py``).
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from sto_monitor.accounts.beleid import terminal
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import EnqueteAntwoord, EnqueteGolf, EnqueteRespons, nu
from sto_monitor.errors import ParameterError
from sto_monitor.survey.vragenlijst import Vragenlijst, laad

Antwoorden = Mapping[str, Mapping[str, int | str | None]]
BRONNEN = ("import", "formulier")


@dataclass(frozen=True)
class GolfInfo:
    golf: int
    titel: str
    gesloten: bool
    respondenten: int
    ingediend: int


def aan_terminal() -> str:
    """How the audit log names the person at this terminal (``sto`` commands)."""
    return terminal(getpass.getuser()).wie


def zorg_voor_golf(session: Session, golf: int, titel: str) -> EnqueteGolf:
    """The wave's row, made (open) when missing."""
    rij = session.get(EnqueteGolf, golf)
    if rij is None:
        rij = EnqueteGolf(golf=golf, titel=titel, gesloten=False)
        session.add(rij)
        session.flush()
    return rij


def antwoord_rijen(
    golf: int, regio: str, items: Mapping[str, int | str | None], open_items: set[str]
) -> list[EnqueteAntwoord]:
    """The rows of one response's answers; an unanswered item has none."""
    return [
        EnqueteAntwoord(golf=golf, regio=regio, item=item, code=None, tekst=str(waarde))
        if item in open_items
        else EnqueteAntwoord(golf=golf, regio=regio, item=item, code=int(waarde), tekst=None)
        for item, waarde in sorted(items.items())
        if waarde is not None
    ]


def open_items(vragenlijst: Vragenlijst) -> set[str]:
    return {i.id for i in vragenlijst.items() if vragenlijst.schalen[i.schaal].soort == "open"}


def bewaar_golf(
    app_db: AppDatabase,
    golf: int,
    antwoorden: Antwoorden,
    *,
    bron: str,
    bestand: str | None,
    vervang: bool = False,
    vragenlijst: Vragenlijst | None = None,
    synthetisch: bool = False,
    wie: str | None = None,
) -> int:
    """Store a wave's responses (status 'ingediend') in one transaction; returns the count.

    A wave that already has responses is only replaced with ``vervang=True``: then every
    response of that wave is removed first, so a re-import never mixes two files. ``wie``
    names the writer in the audit log (default: the person at this terminal).
    """
    if bron not in BRONNEN:
        raise ParameterError(f"onbekende bron {bron!r} (verwacht: {', '.join(BRONNEN)})")
    vragenlijst = vragenlijst or laad(golf)
    open_ = open_items(vragenlijst)
    moment = nu()
    with app_db.transactie() as session:
        bestaand = session.scalar(
            select(func.count()).select_from(EnqueteRespons).where(EnqueteRespons.golf == golf)
        )
        if bestaand and not vervang:
            raise ParameterError(
                f"golf {golf} heeft al {bestaand} responsen; gebruik --vervang om ze te vervangen"
            )
        zorg_voor_golf(session, golf, vragenlijst.titel)
        session.execute(delete(EnqueteAntwoord).where(EnqueteAntwoord.golf == golf))
        session.execute(delete(EnqueteRespons).where(EnqueteRespons.golf == golf))
        for regio in sorted(antwoorden):
            session.add(
                EnqueteRespons(
                    golf=golf,
                    regio=regio,
                    status="ingediend",
                    bron=bron,
                    bestand=bestand,
                    bijgewerkt_op=moment,
                    synthetisch=synthetisch,
                )
            )
        session.flush()
        for regio, items in antwoorden.items():
            session.add_all(antwoord_rijen(golf, regio, items, open_))
        audit.schrijf(
            session,
            wie=wie or aan_terminal(),
            actie="enquêtegolf vervangen" if bestaand else "enquêtegolf ingelezen",
            soort="enquete",  # the audit page says "enquête 2024"
            object_id=golf,
            voor={"responsen": bestaand} if bestaand else None,
            na={
                "responsen": len(antwoorden),
                "bron": bron,
                "bestand": bestand,
                "synthetisch": synthetisch,
            },
        )
    return len(antwoorden)


def antwoorden(app_db: AppDatabase, golf: int) -> dict[str, dict[str, int | str | None]]:
    """Every submitted response of a wave: regio -> item id -> code (text for open items)."""
    with app_db.transactie() as session:
        regios = session.scalars(
            select(EnqueteRespons.regio)
            .where(EnqueteRespons.golf == golf, EnqueteRespons.status == "ingediend")
            .order_by(EnqueteRespons.regio)
        ).all()
        result: dict[str, dict[str, int | str | None]] = {r: {} for r in regios}
        rijen = session.execute(
            select(EnqueteAntwoord.regio, EnqueteAntwoord.item, EnqueteAntwoord.code,
                   EnqueteAntwoord.tekst)
            .join(
                EnqueteRespons,
                (EnqueteRespons.golf == EnqueteAntwoord.golf)
                & (EnqueteRespons.regio == EnqueteAntwoord.regio),
            )
            .where(EnqueteAntwoord.golf == golf, EnqueteRespons.status == "ingediend")
            .order_by(EnqueteAntwoord.regio, EnqueteAntwoord.item)
        ).all()  # fmt: skip
    for regio, item, code, tekst in rijen:
        result[regio][item] = tekst if code is None else int(code)
    return result


def golven(app_db: AppDatabase) -> list[GolfInfo]:
    """Every wave with its number of respondents, oldest first."""
    ingediend = func.count(case((EnqueteRespons.status == "ingediend", 1)))
    with app_db.transactie() as session:
        rows = session.execute(
            select(
                EnqueteGolf.golf,
                EnqueteGolf.titel,
                EnqueteGolf.gesloten,
                func.count(EnqueteRespons.regio),
                ingediend,
            )
            .outerjoin(EnqueteRespons, EnqueteRespons.golf == EnqueteGolf.golf)
            .group_by(EnqueteGolf.golf, EnqueteGolf.titel, EnqueteGolf.gesloten)
            .order_by(EnqueteGolf.golf)
        ).all()
    return [GolfInfo(int(g), str(t), bool(s), int(n), int(i)) for g, t, s, n, i in rows]
