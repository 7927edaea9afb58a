"""The survey's analytic copy in the warehouse (``schema/98_enquete.sql``), read by the monitor.

People write the survey in the application database (``survey/opslag.py``); ``sto build``
copies the submitted responses into the warehouse (``appdb/kopie.py``), where the publication
(``publicatie/enquete.py``), disclosure control and the reports read them beside every other
source. The same answers as :func:`survey.opslag.antwoorden`, as of the last build.
"""

from __future__ import annotations

from sto_monitor.db import Connection
from sto_monitor.survey.opslag import GolfInfo


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
    """Every wave in the warehouse's copy with its number of respondents, oldest first."""
    rows = con.execute(
        "SELECT g.golf, g.titel, g.gesloten, count(r.regio), "
        "count(r.regio) FILTER (WHERE r.status = 'ingediend') "
        "FROM enquete_golf g LEFT JOIN enquete_respons r USING (golf) "
        "GROUP BY ALL ORDER BY g.golf"
    ).fetchall()
    return [GolfInfo(int(g), str(t), bool(s), int(n), int(i)) for g, t, s, n, i in rows]
