"""The audit log for `landelijk`: the page (filters, pages, readable values) and the CSV.

The dashboard runs on a real uvicorn on loopback (``tests/accounts_server.py``, an empty
warehouse: the audit log needs no figures); records are written with ``appdb.audit.schrijf``
as every write of the code base does, or by the account functions themselves.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Rol
from sto_monitor.accounts.wachtwoord import Wachtwoorden
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.web.pages.beheer import Filter, lees_alles, lees_blad
from tests.accounts_server import Dashboard, dashboard
from tests.web_sessies import BEHEER, WACHTWOORD, Browser, ingelogd

# Names of the application database that a reader of the log must never see.
DATABASENAMEN = (
    "object_id",
    "token_hash",
    "wachtwoord_hash",
    "gebruiker_id",
    "verborgen_reden",
    "laatst_gezien",
    "Auditregel",
    "inlogpoging<",
    ">gebruiker<",
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Dashboard]:
    with dashboard(tmp_path, {}) as d:
        ww = Wachtwoorden.van(d.settings)
        for email, rol in (("beheer@test.nl", Rol.LANDELIJK), ("cie@test.nl", Rol.COMMISSIE)):
            gebruikers.toevoegen(
                d.app_db, BEHEER, email=email, naam=email.split("@")[0], rol=rol,
                wachtwoord=WACHTWOORD, wachtwoorden=ww,
            )  # fmt: skip
        yield d


def _schrijf(db: AppDatabase, **velden: Any) -> None:
    with db.transactie() as session:
        audit.schrijf(session, **velden)


def _rijen(pagina: str) -> list[str]:
    tbody = pagina.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in pagina else ""
    return re.findall(r"<tr>.*?</tr>", tbody, flags=re.S)


def test_the_page_shows_who_did_what_with_readable_values(server: Dashboard) -> None:
    ww = Wachtwoorden.van(server.settings)
    gebruikers.toevoegen(
        server.app_db, BEHEER, email="pl@regio.nl", naam="Pat Leider", rol=Rol.REGIO,
        regios=["R01"], wachtwoord=WACHTWOORD, wachtwoorden=ww,
    )  # fmt: skip
    gebruikers.zet_rol(server.app_db, BEHEER, "pl@regio.nl", Rol.SCHOOL, vestigingen=["00AH17"])
    browser = ingelogd(server.base, "beheer@test.nl")
    antwoord = browser.get("/beheer/audit")
    assert antwoord.status == 200
    assert antwoord.kop("cache-control") == "no-store"
    assert antwoord.kop("x-robots-tag") == "noindex"
    pagina = antwoord.text
    koppen = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', pagina)
    assert koppen == [
        "Tijdstip", "Door", "Handeling", "Onderdeel", "Betreft", "Regio", "Vooraf", "Daarna",
    ]  # fmt: skip
    rol_gewijzigd = next(r for r in _rijen(pagina) if "rol gewijzigd" in r)
    assert "test (op de server, landelijk team)" in rol_gewijzigd  # the terminal, by name
    assert "account pl@regio.nl" in rol_gewijzigd  # the account by address, not by number
    assert "<li>rol: regio</li>" in rol_gewijzigd
    assert "<strong>rol: school</strong>" in rol_gewijzigd  # what changed stands out
    assert "regio&#39;s: R01" in rol_gewijzigd and "vestigingen: 00AH17" in rol_gewijzigd
    assert "ingelogd (wachtwoord)" in pagina and "beheer@test.nl (landelijk team)" in pagina
    for naam in DATABASENAMEN:
        assert naam not in pagina, naam
    assert "landelijk terminal:test" not in pagina


def test_only_landelijk_reads_the_log(server: Dashboard) -> None:
    for pad in ("/beheer/audit", "/beheer/audit.csv"):
        anoniem = Browser(server.base).get(pad)
        assert anoniem.status == 303
        assert anoniem.kop("location") == f"/inloggen?terug={pad}"
        assert ingelogd(server.base, "cie@test.nl").get(pad).status == 403


def test_filters_by_regio_kind_and_period_in_dutch_time(server: Dashboard) -> None:
    db = server.app_db
    # 23:30 UTC on 30 June is 1 July in the Netherlands (summer time, UTC+2)
    juli = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    _schrijf(db, wie="regio pl@r01.nl", actie="toelichting gepubliceerd", soort="toelichting",
             object_id=7, regio="R01", na={"tekst": "Meer leerlingen."}, moment=juli)  # fmt: skip
    _schrijf(db, wie="regio pl@r02.nl", actie="toelichting gepubliceerd", soort="toelichting",
             object_id=8, regio="R02", na={"tekst": "Minder."},
             moment=juli + timedelta(days=3))  # fmt: skip
    browser = ingelogd(server.base, "beheer@test.nl")

    pagina = browser.get("/beheer/audit?regio=R01").text
    assert len(_rijen(pagina)) == 1 and "toelichting 7" in pagina and "toelichting 8" not in pagina
    assert "1 juli 2026, 01:30:00" in pagina  # Dutch time, Dutch date
    assert '<option value="R01" selected>' in pagina and '<option value="R02">' in pagina

    pagina = browser.get("/beheer/audit?soort=toelichting").text
    assert len(_rijen(pagina)) == 2
    pagina = browser.get("/beheer/audit?soort=sessie").text
    assert _rijen(pagina) and all("toelichting" not in r for r in _rijen(pagina))

    pagina = browser.get("/beheer/audit?van=2026-07-01&tot=2026-07-01").text
    assert [("toelichting 7" in r) for r in _rijen(pagina)] == [True]
    pagina = browser.get("/beheer/audit?van=2026-07-02&tot=2026-07-04").text
    assert [("toelichting 8" in r) for r in _rijen(pagina)] == [True]
    pagina = browser.get("/beheer/audit?tot=2026-06-30").text
    assert _rijen(pagina) == [] and "Geen regels" in pagina
    # an empty field of the form is no filter
    assert len(_rijen(browser.get("/beheer/audit?regio=&soort=&van=&tot=").text)) > 2

    for fout in ("van=2026-13-01", "van=2026-07-05&tot=2026-07-01", "regio=%3Cscript%3E"):
        antwoord = browser.get(f"/beheer/audit?{fout}")
        assert antwoord.status == 400, fout
        assert "<script>" not in antwoord.text


def test_pages_of_fifty_keep_the_filter(server: Dashboard) -> None:
    for i in range(120):
        _schrijf(server.app_db, wie="systeem", actie=f"stap {i}", soort="toelichting",
                 object_id=i, regio="R03")  # fmt: skip
    browser = ingelogd(server.base, "beheer@test.nl")
    eerste = browser.get("/beheer/audit?regio=R03").text
    assert len(_rijen(eerste)) == 50
    assert "120 regels (regio R03); pagina 1 van 3" in eerste
    assert ">stap 119<" in eerste  # newest first
    assert 'href="/beheer/audit?regio=R03&amp;pagina=2" rel="next"' in eerste
    derde = browser.get("/beheer/audit?regio=R03&pagina=3").text
    assert len(_rijen(derde)) == 20 and ">stap 0<" in derde
    assert 'rel="next"' not in derde and 'href="/beheer/audit?regio=R03&amp;pagina=2"' in derde
    assert _rijen(browser.get("/beheer/audit?regio=R03&pagina=9").text) == []
    assert browser.get("/beheer/audit?pagina=0").status == 400


def test_values_are_escaped_on_the_page(server: Dashboard) -> None:
    _schrijf(server.app_db, wie="regio x@y.nl", actie="toelichting gewijzigd",
             soort="toelichting", object_id=1, regio="R01",
             voor={"tekst": "<img src=x onerror=alert(1)>"},
             na={"tekst": "<script>alert(1)</script>"})  # fmt: skip
    pagina = ingelogd(server.base, "beheer@test.nl").get("/beheer/audit").text
    assert "<script>alert" not in pagina and "<img src=x" not in pagina
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina


def test_the_csv_is_for_dutch_excel_and_safe(server: Dashboard) -> None:
    _schrijf(server.app_db, wie="=HYPERLINK(\"http://x\")", actie="@SUM(A1)",
             soort="toelichting", object_id=3, regio="R01",
             voor={"tekst": "oud; met puntkomma"},
             na={"tekst": "nieuw", "schooljaar": 2024})  # fmt: skip
    browser = ingelogd(server.base, "beheer@test.nl")
    antwoord = browser.get("/beheer/audit.csv?regio=R01")
    assert antwoord.status == 200
    assert antwoord.kop("content-type") == "text/csv; charset=utf-8"
    assert antwoord.kop("cache-control") == "no-store"
    vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert antwoord.kop("content-disposition") == f'attachment; filename="auditlog-{vandaag}.csv"'
    assert antwoord.body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rijen = list(csv.reader(io.StringIO(antwoord.body.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == [
        "Tijdstip", "Door", "Handeling", "Onderdeel", "Betreft", "Regio", "Vooraf", "Daarna",
    ]  # fmt: skip
    assert len(rijen) == 2  # only regio R01
    rij = dict(zip(rijen[0], rijen[1], strict=True))
    assert rij["Door"] == '\'=HYPERLINK("http://x")'  # no formula in Excel
    assert rij["Handeling"] == "'@SUM(A1)"
    assert rij["Onderdeel"] == "toelichting" and rij["Betreft"] == "toelichting 3"
    assert (
        rij["Vooraf"] == "tekst: oud; met puntkomma"
        and rij["Daarna"] == "tekst: nieuw; schooljaar: 2024/2025"
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rij["Tijdstip"])
    # the whole log, without the filter: the sign-in of this very browser is in it
    alles = browser.get("/beheer/audit.csv").body.decode("utf-8-sig")
    assert "ingelogd (wachtwoord)" in alles
    for naam in DATABASENAMEN:
        assert naam not in alles, naam


def test_the_filter_is_the_same_on_sqlite_and_postgresql(app_db: AppDatabase) -> None:
    """A day is a Dutch day: 1 April 2026 (summer time) runs from 22:00 UTC on 31 March."""
    momenten = [
        datetime(2026, 3, 31, 21, 59, tzinfo=UTC),  # 23:59 on 31 March in the Netherlands
        datetime(2026, 3, 31, 22, 0, tzinfo=UTC),  # 00:00 on 1 April
        datetime(2026, 4, 1, 21, 59, tzinfo=UTC),  # 23:59 on 1 April
        datetime(2026, 4, 1, 22, 0, tzinfo=UTC),  # 00:00 on 2 April
    ]
    for i, moment in enumerate(momenten):
        _schrijf(app_db, wie="systeem", actie=f"stap {i}",
                 soort="toelichting" if i % 2 else "gebruiker", object_id=i,
                 regio="R01" if i < 2 else "R02", moment=moment)  # fmt: skip

    def acties(filter_: Filter, pagina: int = 1) -> list[str]:
        return [r.handeling for r in lees_blad(app_db, filter_, pagina).regels]

    assert acties(Filter(van=date(2026, 4, 1), tot=date(2026, 4, 1))) == ["stap 2", "stap 1"]
    assert acties(Filter(van=date(2026, 4, 2))) == ["stap 3"]
    assert acties(Filter(tot=date(2026, 3, 31))) == ["stap 0"]
    assert acties(Filter(regio="R01")) == ["stap 1", "stap 0"]
    assert acties(Filter(soort="toelichting", regio="R02")) == ["stap 3"]
    blad = lees_blad(app_db, Filter(), 1)
    assert blad.totaal == 4 and blad.regios == ["R01", "R02"]
    assert set(blad.soorten) == {"gebruiker", "toelichting"}
    assert blad.regels[0].tijdstip == "2 april 2026, 00:00:00"
    assert [r.handeling for r in lees_alles(app_db, Filter(regio="R02"))] == ["stap 3", "stap 2"]
