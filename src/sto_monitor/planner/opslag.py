"""Scenarios in the application database (tables ``scenario`` and ``scenario_wijziging``), and
as JSON.

A scenario is checked against the region's offering in the warehouse before it is stored (every
change must apply), and stored in one transaction with its audit record: it is there whole or
not at all. ``sto build`` copies the scenarios into the warehouse (``appdb/kopie.py``), where
the region page and the regioportret evaluate them (``publicatie/scenarios.py`` reads that
copy with :func:`uit_warehouse`).

Since issue 17 a region plans in the browser: a person's write needs ``PLANNEN`` on the
scenario's regio (``beleid.vereis``) and is audited with the person's ``wie``; a scenario is
private to the region or shared with the national team (:func:`zichtbaar`, :func:`lees_voor`).
The region's own scenarios never leave it: the copy for the public pages leaves them out.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sto_monitor import db
from sto_monitor.accounts.beleid import Actor, Recht, besluit, terminal, vereis
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


def _is_terminal(actor: Actor) -> bool:
    """The server's own terminal (``sto`` commands): outside the web's policy, as before."""
    return actor.id is None and actor == terminal(actor.naam)


def _vereis_plannen(actor: Actor | None, regio: str) -> str:
    """The audit log's name of a writer on ``regio``'s scenarios; a person needs ``PLANNEN``
    on that regio (only the region itself plans), the terminal (None) is let through."""
    if actor is None:
        return _aan_terminal()
    if not _is_terminal(actor):
        vereis(actor, Recht.PLANNEN, regio=regio)
    return actor.wie


@dataclass(frozen=True)
class Bewaard:
    """A stored scenario with what the web shows about it: shared or private, and who."""

    scenario: Scenario
    gedeeld: bool  # False: private to the region; True: shared with the national team
    gemaakt_door: str | None  # Actor.wie of the writer; None: stored before issue 17
    gemaakt_op: datetime


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
    con: db.Connection | None,
    scenario: Scenario,
    *,
    vervang: bool = False,
    wie: str | None = None,
    actor: Actor | None = None,
    gedeeld: bool | None = None,
    model: planmodel.Regiomodel | None = None,
) -> None:
    """Check the scenario against the region's offering in the warehouse ``con`` (only read;
    or the ``model`` already read from it), then store it in ``app_db``.

    ``actor``: the person who stores it, who needs ``PLANNEN`` on the scenario's regio (the
    region's own planning); without one, the terminal (``wie`` names it in the audit log).
    ``gedeeld``: shared with the national team (default for a person: private to the region;
    for the terminal: shared, as its scenarios always were).
    """
    naam = scenario.naam.strip()
    schrijver = wie if actor is None and wie else _vereis_plannen(actor, scenario.regio)
    if not naam or len(naam) > NAAM_MAX:
        raise ParameterError(f"een scenarionaam heeft 1 tot {NAAM_MAX} tekens")
    if gedeeld is None:
        gedeeld = actor is None or _is_terminal(actor)
    if model is None or (model.regio, model.schooljaar) != (scenario.regio, scenario.schooljaar):
        if con is None:
            raise ParameterError("het warehouse is nodig om het scenario te controleren")
        model = planmodel.laad(con, scenario.regio, scenario.schooljaar)
    pas_toe(model, scenario)
    with app_db.transactie() as session:
        oud = session.get(BewaardScenario, naam)
        if oud is not None and not vervang:
            if actor is not None:  # a person: never a command-line option, never whose it is
                raise ParameterError(
                    f"Er is al een scenario met de naam {naam!r}. Kies een andere naam."
                )
            raise ParameterError(f"scenario {naam!r} bestaat al; kies een andere naam of --vervang")
        if oud is not None and actor is not None:
            _vereis_plannen(actor, oud.regio)  # replacing another region's: refused
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
                gedeeld=gedeeld,
                gemaakt_door=schrijver,
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
        na = naar_json(scenario) | {"naam": naam}
        if actor is not None:
            na["gedeeld"] = gedeeld
        audit.schrijf(
            session,
            wie=schrijver,
            actie="scenario bewaard" if oud is None else "scenario vervangen",
            soort=SOORT,
            object_id=naam,
            regio=scenario.regio,
            voor=voor,
            na=na,
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


def verwijder(
    app_db: AppDatabase,
    naam: str,
    *,
    wie: str | None = None,
    actor: Actor | None = None,
    regio: str | None = None,
) -> None:
    """Remove a scenario (unknown: NotFoundError); the audit log keeps what it was.

    ``actor``: a person, who needs ``PLANNEN`` on the scenario's own regio; ``regio``: the
    regio the caller expects it in (another: NotFoundError, so nothing tells it exists).
    """
    with app_db.transactie() as session:
        rij = _zoek(session, naam)
        if regio is not None and rij.regio != regio:
            raise NotFoundError(f"onbekend scenario {naam!r}")
        schrijver = wie if actor is None and wie else _vereis_plannen(actor, rij.regio)
        voor = naar_json(_als_scenario(rij))
        regio = rij.regio
        session.delete(rij)
        audit.schrijf(
            session,
            wie=schrijver,
            actie="scenario verwijderd",
            soort=SOORT,
            object_id=naam,
            regio=regio,
            voor=voor,
        )


def _bewaard(rij: BewaardScenario) -> Bewaard:
    return Bewaard(_als_scenario(rij), bool(rij.gedeeld), rij.gemaakt_door, rij.gemaakt_op)


def mag_lezen(actor: Actor | None, regio: str, gedeeld: bool) -> bool:
    """A region's private scenarios are read by the region only (``PLANNEN``); shared ones
    also by the national team and the commission (``REGIO_INTERN``)."""
    if besluit(actor, Recht.PLANNEN, regio=regio):
        return True
    return gedeeld and besluit(actor, Recht.REGIO_INTERN, regio=regio)


def zichtbaar(app_db: AppDatabase, actor: Actor | None, regio: str) -> list[Bewaard]:
    """The scenarios of ``regio`` that ``actor`` may read, by name."""
    with app_db.transactie() as session:
        rijen = session.scalars(
            select(BewaardScenario)
            .where(BewaardScenario.regio == regio)
            .order_by(BewaardScenario.naam)
        ).all()
        return [_bewaard(r) for r in rijen if mag_lezen(actor, r.regio, bool(r.gedeeld))]


def lees_voor(app_db: AppDatabase, actor: Actor | None, regio: str, naam: str) -> Bewaard:
    """One scenario of ``regio`` that ``actor`` may read; otherwise NotFoundError (a private
    scenario of the region is not there for anybody else)."""
    with app_db.transactie() as session:
        rij = session.get(BewaardScenario, naam)
        if rij is None or rij.regio != regio or not mag_lezen(actor, regio, bool(rij.gedeeld)):
            raise NotFoundError(f"onbekend scenario {naam!r} in regio {regio}")
        return _bewaard(rij)


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
