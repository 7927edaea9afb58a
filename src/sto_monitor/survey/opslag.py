"""Survey responses in the warehouse (``schema/98_enquete.sql``).

Answers travel as :data:`Antwoorden` (regio -> item id -> code, or text for open questions;
``None`` or a missing item is "not answered"), the contract between import, storage and
analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sto_monitor.db import Connection, transaction
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


def bewaar_golf(
    con: Connection,
    golf: int,
    antwoorden: Antwoorden,
    *,
    bron: str,
    bestand: str | None,
    vervang: bool = False,
    vragenlijst: Vragenlijst | None = None,
    synthetisch: bool = False,
) -> int:
    """Store a wave's responses (status 'ingediend') in one transaction; returns the count.

    A wave that already has responses is only replaced with ``vervang=True``: then every
    response of that wave is removed first, so a re-import never mixes two files.
    """
    if bron not in BRONNEN:
        raise ParameterError(f"onbekende bron {bron!r} (verwacht: {', '.join(BRONNEN)})")
    vragenlijst = vragenlijst or laad(golf)
    open_items = {
        i.id for i in vragenlijst.items() if vragenlijst.schalen[i.schaal].soort == "open"
    }
    (bestaand,) = con.execute(
        "SELECT count(*) FROM enquete_respons WHERE golf = ?", [golf]
    ).fetchone() or (0,)
    if bestaand and not vervang:
        raise ParameterError(
            f"golf {golf} heeft al {bestaand} responsen; gebruik --vervang om ze te vervangen"
        )
    nu = datetime.now().replace(microsecond=0)
    respons = [
        (golf, regio, "ingediend", bron, bestand, nu, synthetisch) for regio in sorted(antwoorden)
    ]
    rijen: list[tuple[int, str, str, int | None, str | None]] = []
    for regio, items in antwoorden.items():
        for item_id, waarde in items.items():
            if waarde is None:
                continue
            if item_id in open_items:
                rijen.append((golf, regio, item_id, None, str(waarde)))
            else:
                rijen.append((golf, regio, item_id, int(waarde), None))
    with transaction(con):
        con.execute("DELETE FROM enquete_antwoord WHERE golf = ?", [golf])
        con.execute("DELETE FROM enquete_respons WHERE golf = ?", [golf])
        con.execute(
            "INSERT OR REPLACE INTO enquete_golf (golf, titel, gesloten) "
            "VALUES (?, ?, coalesce((SELECT gesloten FROM enquete_golf WHERE golf = ?), false))",
            [golf, vragenlijst.titel, golf],
        )
        if respons:
            con.executemany(
                "INSERT INTO enquete_respons (golf, regio, status, bron, bestand, bijgewerkt_op,"
                " synthetisch) VALUES (?, ?, ?, ?, ?, ?, ?)",
                respons,
            )
        if rijen:
            con.executemany("INSERT INTO enquete_antwoord VALUES (?, ?, ?, ?, ?)", rijen)
    return len(respons)


def antwoorden(con: Connection, golf: int) -> dict[str, dict[str, int | str | None]]:
    """Every submitted response of a wave: regio -> item id -> code (text for open items)."""
    result: dict[str, dict[str, int | str | None]] = {
        regio: {}
        for (regio,) in con.execute(
            "SELECT regio FROM enquete_respons WHERE golf = ? AND status = 'ingediend' "
            "ORDER BY regio",
            [golf],
        ).fetchall()
    }
    for regio, item, code, tekst in con.execute(
        "SELECT a.regio, a.item, a.code, a.tekst FROM enquete_antwoord a "
        "JOIN enquete_respons r USING (golf, regio) "
        "WHERE a.golf = ? AND r.status = 'ingediend' ORDER BY a.regio, a.item",
        [golf],
    ).fetchall():
        result[regio][item] = tekst if code is None else int(code)
    return result


def golven(con: Connection) -> list[GolfInfo]:
    """Every wave in the warehouse with its number of respondents, oldest first."""
    rows = con.execute(
        "SELECT g.golf, g.titel, g.gesloten, count(r.regio), "
        "count(r.regio) FILTER (WHERE r.status = 'ingediend') "
        "FROM enquete_golf g LEFT JOIN enquete_respons r USING (golf) "
        "GROUP BY ALL ORDER BY g.golf"
    ).fetchall()
    return [GolfInfo(int(g), str(t), bool(s), int(n), int(i)) for g, t, s, n, i in rows]
