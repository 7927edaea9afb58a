"""The survey in the regioportret: national figures, and a region's own answers only in a
portrait made for the region (the CLI), never in the dashboard's public download."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.publicatie.gegevens import laad
from sto_monitor.reports import opmaak, regioportret
from sto_monitor.settings import Settings
from sto_monitor.survey import importeer, warehouse
from sto_monitor.survey.genereer import genereer
from sto_monitor.survey.vragenlijst import laad as vragenlijst

DATUM = opmaak.rapportdatum("2026-11-23")


@pytest.fixture(scope="module")
def enquete_db(echt_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real-files warehouse (78 demo regions) with the generated 2021 and 2024 waves,
    imported into the application database beside it and copied in as `sto build` does."""
    map_ = tmp_path_factory.mktemp("enquete")
    kopie = map_ / "enquete.duckdb"
    shutil.copy(echt_db, kopie)
    app_db = AppDatabase.open(replace(Settings.from_env({}), db=kopie))
    con = db.connect(kopie)
    try:
        regios = sorted(importeer.bekende_regios(con))
        for golf, pad in genereer(map_ / "golven", regios=regios).items():
            importeer.importeer(app_db, con, pad, golf)
        naar_warehouse(app_db, con)
    finally:
        con.close()
        app_db.sluit()
    return kopie


def test_regioportret_shows_the_survey_and_own_answers_only_for_the_region(
    enquete_db: Path,
) -> None:
    snap = laad(enquete_db, indicatoren=regioportret.INDICATOREN)
    assert snap.enquete is not None and snap.enquete.golf == 2024
    con = db.connect(enquete_db, read_only=True)
    try:
        antwoorden = warehouse.antwoorden(con, 2024)
    finally:
        con.close()
    code = sorted(antwoorden)[0]
    regio = snap.regio(code)

    eigen = opmaak.html(
        regioportret.maak(snap, regio, datum=DATUM, waarschuwing=None, eigen_antwoorden=True)
    )
    publiek = opmaak.html(regioportret.maak(snap, regio, datum=DATUM, waarschuwing=None))
    for html in (eigen, publiek):
        assert "Enquête onder programmaleiders" in html
        assert "Voldoende techniekdocenten" in html
        # the national share of the 51 respondents of 2024: 45 of 51 (zeer) urgent
        assert "88%" in html
    assert f"Antwoord {regio.naam}" in eigen
    assert f"Antwoord {regio.naam}" not in publiek
    # the region's own answer to the first urgency item, by its label, is in its own portrait
    vl_item = "urgentie.docenten"
    code_antwoord = antwoorden[code].get(vl_item)
    assert code_antwoord is not None
    schaal = vragenlijst(2024).schaal_van(vl_item)
    label = next(o.label for o in schaal.opties if o.code == code_antwoord)
    assert label in eigen


def test_national_report_has_the_survey_tables_of_chapter_2(enquete_db: Path) -> None:
    from sto_monitor.reports import landelijk

    snap = laad(enquete_db)
    rapport = landelijk.maak(snap, datum=DATUM, schooljaar=2019, waarschuwing=None)
    html = opmaak.html(rapport)
    for nummer in ("Tabel 4.1 (hoofdstuk 2)", "Tabel 4.3 (hoofdstuk 2)", "Tabel 4.5 (hoofdstuk 2)"):
        assert nummer in html
    # Tabel 4.1 as published: over the 42 regions in both waves, 88 %* against 57 %
    assert "regio&#39;s met respons in 2021 én 2024, n=42" in html
    assert '<th scope="row">Voldoende techniekdocenten</th><td>88%*</td><td>57%</td>' in html
    assert "42 regio&#39;s die beide keren antwoordden" in html
