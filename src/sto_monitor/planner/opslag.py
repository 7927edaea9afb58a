"""Scenarios in the warehouse (tables ``scenario`` and ``scenario_wijziging``) and as JSON.

A scenario is checked against the region's offering before it is stored (every change must
apply), and stored in one transaction: it is there whole or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from sto_monitor import db
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner import model as planmodel
from sto_monitor.planner.scenario import SOORTEN, Scenario, Wijziging, pas_toe

NAAM_MAX = 64


def bewaar(con: db.Connection, scenario: Scenario, *, vervang: bool = False) -> None:
    """Check the scenario against the region's offering, then store it."""
    naam = scenario.naam.strip()
    if not naam or len(naam) > NAAM_MAX:
        raise ParameterError(f"een scenarionaam heeft 1 tot {NAAM_MAX} tekens")
    pas_toe(planmodel.laad(con, scenario.regio, scenario.schooljaar), scenario)
    bestaat = con.execute("SELECT count(*) FROM scenario WHERE naam = ?", [naam]).fetchone()
    if bestaat and bestaat[0] and not vervang:
        raise ParameterError(f"scenario {naam!r} bestaat al; kies een andere naam of --vervang")
    with db.transaction(con):
        con.execute("DELETE FROM scenario_wijziging WHERE scenario = ?", [naam])
        con.execute("DELETE FROM scenario WHERE naam = ?", [naam])
        con.execute(
            "INSERT INTO scenario (naam, regio, schooljaar, max_km, omschrijving) "
            "VALUES (?, ?, ?, ?, ?)",
            [naam, scenario.regio, scenario.schooljaar, scenario.max_km, scenario.omschrijving],
        )
        con.executemany(
            "INSERT INTO scenario_wijziging VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (naam, i, w.soort, w.vestiging, w.profiel, w.leerweg, w.naar, w.leerlingen)
                for i, w in enumerate(scenario.wijzigingen, start=1)
            ],
        )


def lees(con: db.Connection, naam: str) -> Scenario:
    row = con.execute(
        "SELECT naam, regio, schooljaar, max_km, omschrijving FROM scenario WHERE naam = ?",
        [naam],
    ).fetchone()
    if row is None:
        bekend = namen(con)
        raise NotFoundError(
            f"onbekend scenario {naam!r}"
            + (
                f"; bewaard zijn: {', '.join(bekend)}"
                if bekend
                else "; er zijn nog geen scenario's"
            )
        )
    wijzigingen = con.execute(
        "SELECT soort, vestiging, profiel, leerweg, naar, leerlingen FROM scenario_wijziging "
        "WHERE scenario = ? ORDER BY volgnummer",
        [naam],
    ).fetchall()
    return Scenario(
        naam=row[0],
        regio=row[1],
        schooljaar=int(row[2]),
        wijzigingen=tuple(Wijziging(*w) for w in wijzigingen),
        max_km=float(row[3]),
        omschrijving=row[4],
    )


def namen(con: db.Connection) -> list[str]:
    return [str(n) for (n,) in con.execute("SELECT naam FROM scenario ORDER BY naam").fetchall()]


def lijst(con: db.Connection) -> list[dict[str, Any]]:
    cursor = con.execute(
        "SELECT s.naam, s.regio, s.schooljaar, count(w.volgnummer) AS wijzigingen, "
        "s.omschrijving FROM scenario s LEFT JOIN scenario_wijziging w ON w.scenario = s.naam "
        "GROUP BY ALL ORDER BY s.naam"
    )
    kolommen = [d[0] for d in cursor.description or ()]
    return [dict(zip(kolommen, r, strict=True)) for r in cursor.fetchall()]


def verwijder(con: db.Connection, naam: str) -> None:
    lees(con, naam)  # unknown: NotFoundError
    with db.transaction(con):
        con.execute("DELETE FROM scenario_wijziging WHERE scenario = ?", [naam])
        con.execute("DELETE FROM scenario WHERE naam = ?", [naam])


# ---------------------------------------------------------------- JSON


def naar_json(scenario: Scenario) -> dict[str, Any]:
    return {
        "naam": scenario.naam,
        "regio": scenario.regio,
        "schooljaar": scenario.schooljaar,
        "max_km": scenario.max_km,
        "omschrijving": scenario.omschrijving,
        "wijzigingen": [
            {
                k: v
                for k, v in (
                    ("soort", w.soort),
                    ("vestiging", w.vestiging),
                    ("profiel", w.profiel),
                    ("leerweg", w.leerweg),
                    ("naar", w.naar),
                    ("leerlingen", w.leerlingen),
                )
                if v is not None
            }
            for w in scenario.wijzigingen
        ],
    }


def uit_json(tekst: str, bron: str = "JSON") -> Scenario:
    """A scenario from its JSON (as ``sto scenario toon --formaat json`` writes it)."""
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as exc:
        raise ParameterError(
            f"{bron}: geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise ParameterError(
            f"{bron}: verwacht een object met naam, regio, schooljaar, wijzigingen"
        )
    data = data.get("scenario", data)  # `toon --formaat json` wraps it with its results
    ontbreekt = [k for k in ("naam", "regio", "schooljaar", "wijzigingen") if k not in data]
    if ontbreekt:
        raise ParameterError(f"{bron}: veld(en) ontbreken: {', '.join(ontbreekt)}")
    wijzigingen = []
    for i, w in enumerate(data["wijzigingen"], start=1):
        if not isinstance(w, dict) or w.get("soort") not in SOORTEN:
            raise ParameterError(
                f"{bron}: wijziging {i} heeft geen geldige soort ({', '.join(SOORTEN)})"
            )
        try:
            wijzigingen.append(
                Wijziging(
                    soort=str(w["soort"]),
                    vestiging=str(w["vestiging"]),
                    profiel=str(w["profiel"]),
                    leerweg=str(w["leerweg"]),
                    naar=None if w.get("naar") is None else str(w["naar"]),
                    leerlingen=None if w.get("leerlingen") is None else float(w["leerlingen"]),
                )
            )
        except KeyError as exc:
            raise ParameterError(f"{bron}: wijziging {i} mist {exc.args[0]!r}") from None
        except (TypeError, ValueError):
            raise ParameterError(f"{bron}: wijziging {i}: leerlingen is geen getal") from None
    try:
        schooljaar = int(data["schooljaar"])
        max_km = float(data.get("max_km", 25.0))
    except (TypeError, ValueError):
        raise ParameterError(f"{bron}: schooljaar of max_km is geen getal") from None
    return Scenario(
        naam=str(data["naam"]),
        regio=str(data["regio"]),
        schooljaar=schooljaar,
        wijzigingen=tuple(wijzigingen),
        max_km=max_km,
        omschrijving=str(data.get("omschrijving", "")),
    )
