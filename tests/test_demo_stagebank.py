"""The demo's application database (issue 19): ``sto demo`` fills it, after loading the
generated files, with synthetic confirmed companies and current internship places near the
vestigingen, and a handful of published kennisbank items, all marked synthetic.

The loading function runs on a temporary SQLite application database and a copy of the shared
generated warehouse (``tests/web_fixtures.py``: generated, ingested and built like the demo's);
the whole of ``sto demo`` (generate, ingest, summary) is covered by ``test_cli_demo.py``. The
CLI step is run here too, on the same copy, through the function ``sto demo`` calls.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisItem, StageBedrijf, StagePlaats
from sto_monitor.cli.demo import fill_application_database
from sto_monitor.cli.gedeeld import State
from sto_monitor.generate import appdemo
from sto_monitor.kennisbank import opslag as kennisbank
from sto_monitor.kennisbank import zoeken as kennisbank_zoeken
from sto_monitor.publicatie.gegevens import LANDELIJK, laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.stagebank import regio as stageregio
from sto_monitor.stagebank import zoeken

VANDAAG = date(2026, 12, 4)


def test_the_demo_fills_the_application_database(web_db: Path, tmp_path: Path) -> None:
    database = AppDatabase.van_url(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        gevuld = appdemo.vul(database, web_db, vandaag=VANDAAG)
        snap = laad(web_db, indicatoren=("instroom_per_regio",))
        met_techniek = [v for v in snap.vestigingen if v.techniek and v.lat is not None]
        # two companies for every vestiging with a technical profiel (each with a PC4 near)
        assert 0 < gevuld.bedrijven <= 2 * len(met_techniek)
        assert gevuld.bedrijven > len(met_techniek)
        assert gevuld.plaatsen == gevuld.bedrijven
        assert gevuld.kennisitems == len(appdemo.KENNISITEMS)

        with database.transactie() as session:
            bedrijven = session.scalars(select(StageBedrijf)).all()
            plaatsen = session.scalars(select(StagePlaats)).all()
            items = session.scalars(select(KennisItem)).all()
            regels = audit.lees(session, limiet=None)
        assert len(bedrijven) == gevuld.bedrijven
        assert all(b.bevestigd is not None and b.naam.endswith("(synthetisch)") for b in bedrijven)
        assert all(b.regio in snap.regios for b in bedrijven if b.regio is not None)
        assert all(SYNTHETISCH in p.omschrijving for p in plaatsen)
        assert all(not p.ingetrokken and p.eind >= VANDAAG for p in plaatsen)
        assert all(p.begin <= VANDAAG + timedelta(days=366 + 7 * 30) for p in plaatsen)
        assert {k.status for k in items} == {kennisbank.GEPUBLICEERD}
        assert all(k.titel.endswith("(synthetisch)") for k in items)
        assert all(SYNTHETISCH in k.inhoud["samenvatting"] for k in items)
        # written through the domain: every write audited, as the person at the terminal
        acties = [r.actie for r in regels]
        assert acties.count("stageplaats gepubliceerd") == gevuld.plaatsen
        assert {r.wie for r in regels} == {"landelijk terminal:demo"}

        # the demo is usable: a place within 20 km of a vestiging that offers its profiel,
        # a region with supply against demand, the kennisbank finds its items
        v = met_techniek[0]
        gevonden = zoeken.zoek(database, zoeken.vanaf_vestiging(snap, v.code), vandaag=VANDAAG)
        assert gevonden and all("(synthetisch)" in t.bedrijf for t in gevonden)
        regio = next(b.regio for b in bedrijven if b.regio is not None and b.regio != LANDELIJK)
        overzicht = stageregio.overzicht(database, snap, regio, VANDAAG)
        assert overzicht.totaal > 0 and any(r.plaatsen > 0 for r in overzicht.rijen)
        assert kennisbank_zoeken.zoek(database, "lassen").totaal >= 1
        regios_met_items = {k.regio for k in items}
        assert regios_met_items <= set(snap.regios) and len(regios_met_items) > 1

        # run twice (sto demo on the same database): nothing is added
        assert appdemo.vul(database, web_db, vandaag=VANDAAG) == appdemo.Gevuld(0, 0, 0)
        with database.transactie() as session:
            assert session.scalar(select(func.count(StageBedrijf.id))) == gevuld.bedrijven
            assert session.scalar(select(func.count(KennisItem.id))) == gevuld.kennisitems
    finally:
        database.sluit()


def test_sto_demo_fills_the_database_sto_serve_opens(web_db: Path, tmp_path: Path) -> None:
    kopie = tmp_path / "demo.duckdb"
    shutil.copyfile(web_db, kopie)
    state = State()
    state.db, state.quiet = kopie, True
    state.settings = replace(state.settings, app_db="")  # the SQLite file beside --db
    fill_application_database(state)
    database = AppDatabase.van_url(f"sqlite:///{tmp_path / 'demo-app.sqlite'}")  # beside --db
    try:
        with database.transactie() as session:
            assert (session.scalar(select(func.count(StageBedrijf.id))) or 0) > 0
            assert session.scalar(select(func.count(KennisItem.id))) == len(appdemo.KENNISITEMS)
    finally:
        database.sluit()
