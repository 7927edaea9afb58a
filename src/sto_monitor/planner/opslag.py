"""Scenarios in the application database (tables ``scenario`` and ``scenario_wijziging``), and
as JSON.

A scenario is checked against the region's offering in the warehouse before it is stored (every
change must apply), and stored in one transaction with its audit record: it is there whole or
not at all. ``sto build`` copies the scenarios into the warehouse (``appdb/kopie.py``), where
the region page and the regioportret evaluate them (``publicatie/scenarios.py`` reads that
copy with :func:`uit_warehouse`).
"""

from __future__ import annotations

import getpass
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor import db
from sto_monitor.accounts.beleid import terminal
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import BewaardeWijziging, BewaardScenario, nu
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.planner import model as planmodel
from sto_monitor.planner.scenario import SOORTEN, Scenario, Wijziging, pas_toe

NAAM_MAX = 64
SOORT = "scenario"  # the kind of object in the audit log


def _aan_terminal() -> str:
    return terminal(getpass.getuser()).wie


def _als_scenario(rij: BewaardScenario) -> Scenario:
    return Scenario(
        naam=rij.naam,
        regio=rij.regio,
        schooljaar=int(rij.schooljaar),
        wijzigingen=tuple(
            Wijziging(w.soort, w.vestiging, w.profiel, w.leerweg, w.naar, w.leerlingen)
            for w in rij.wijzigingen
        ),
        max_km=float(rij.max_km),
        omschrijving=rij.omschrijving,
    )


def bewaar(
    app_db: AppDatabase,
    con: db.Connection,
    scenario: Scenario,
    *,
    vervang: bool = False,
    wie: str | None = None,
) -> None:
    """Check the scenario against the region's offering in the warehouse ``con`` (only read),
    then store it in ``app_db``; ``wie`` names the writer (default: this terminal's user)."""
    naam = scenario.naam.strip()
    if not naam or len(naam) > NAAM_MAX:
        raise ParameterError(f"een scenarionaam heeft 1 tot {NAAM_MAX} tekens")
    pas_toe(planmodel.laad(con, scenario.regio, scenario.schooljaar), scenario)
    with app_db.transactie() as session:
        oud = session.get(BewaardScenario, naam)
        if oud is not None and not vervang:
            raise ParameterError(f"scenario {naam!r} bestaat al; kies een andere naam of --vervang")
        voor = None if oud is None else naar_json(_als_scenario(oud))
        if oud is not None:
            session.delete(oud)
            session.flush()
        session.add(
            BewaardScenario(
                naam=naam,
                regio=scenario.regio,
                schooljaar=scenario.schooljaar,
                max_km=scenario.max_km,
                omschrijving=scenario.omschrijving,
                gemaakt_op=nu(),
                wijzigingen=[
                    BewaardeWijziging(
                        volgnummer=i,
                        soort=w.soort,
                        vestiging=w.vestiging,
                        profiel=w.profiel,
                        leerweg=w.leerweg,
                        naar=w.naar,
                        leerlingen=w.leerlingen,
                    )
                    for i, w in enumerate(scenario.wijzigingen, start=1)
                ],
            )
        )
        audit.schrijf(
            session,
            wie=wie or _aan_terminal(),
            actie="scenario bewaard" if oud is None else "scenario vervangen",
            soort=SOORT,
            object_id=naam,
            regio=scenario.regio,
            voor=voor,
            na=naar_json(scenario) | {"naam": naam},
        )


def _zoek(session: Session, naam: str) -> BewaardScenario:
    rij = session.get(BewaardScenario, naam)
    if rij is None:
        bekend = list(session.scalars(select(BewaardScenario.naam).order_by(BewaardScenario.naam)))
        raise NotFoundError(
            f"onbekend scenario {naam!r}"
            + (
                f"; bewaard zijn: {', '.join(bekend)}"
                if bekend
                else "; er zijn nog geen scenario's"
            )
        )
    return rij


def lees(app_db: AppDatabase, naam: str) -> Scenario:
    with app_db.transactie() as session:
        return _als_scenario(_zoek(session, naam))


def namen(app_db: AppDatabase) -> list[str]:
    with app_db.transactie() as session:
        return list(session.scalars(select(BewaardScenario.naam).order_by(BewaardScenario.naam)))


def lijst(app_db: AppDatabase) -> list[dict[str, Any]]:
    with app_db.transactie() as session:
        rijen = session.scalars(select(BewaardScenario).order_by(BewaardScenario.naam)).all()
        return [
            {
                "naam": r.naam,
                "regio": r.regio,
                "schooljaar": int(r.schooljaar),
                "wijzigingen": len(r.wijzigingen),
                "omschrijving": r.omschrijving,
            }
            for r in rijen
        ]


def verwijder(app_db: AppDatabase, naam: str, *, wie: str | None = None) -> None:
    """Remove a scenario (unknown: NotFoundError); the audit log keeps what it was."""
    with app_db.transactie() as session:
        rij = _zoek(session, naam)
        voor = naar_json(_als_scenario(rij))
        regio = rij.regio
        session.delete(rij)
        audit.schrijf(
            session,
            wie=wie or _aan_terminal(),
            actie="scenario verwijderd",
            soort=SOORT,
            object_id=naam,
            regio=regio,
            voor=voor,
        )


def uit_warehouse(con: db.Connection) -> list[Scenario]:
    """Every scenario in the warehouse's copy (``schema/97_planner.sql``), by name."""
    wijzigingen: dict[str, list[Wijziging]] = {}
    for naam, *w in con.execute(
        "SELECT scenario, soort, vestiging, profiel, leerweg, naar, leerlingen "
        "FROM scenario_wijziging ORDER BY scenario, volgnummer"
    ).fetchall():
        wijzigingen.setdefault(str(naam), []).append(Wijziging(*w))
    return [
        Scenario(
            naam=str(naam),
            regio=str(regio),
            schooljaar=int(jaar),
            wijzigingen=tuple(wijzigingen.get(str(naam), ())),
            max_km=float(max_km),
            omschrijving=str(omschrijving),
        )
        for naam, regio, jaar, max_km, omschrijving in con.execute(
            "SELECT naam, regio, schooljaar, max_km, omschrijving FROM scenario ORDER BY naam"
        ).fetchall()
    ]


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
