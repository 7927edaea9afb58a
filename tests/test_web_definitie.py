"""The dashboard and API under another definition (``?definitie=``), against a real server.

A definition asked for the first time is published in the background: the answer is 503 with
Retry-After ("even geduld", a page that reloads itself), then the figures. They must equal the
publication of the same definition made without the web layer, every internal link keeps the
definition, and the footer control only ever sends the reader back to a page of the site.
"""

from __future__ import annotations

import http.client
import re
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from sto_monitor import db
from sto_monitor.publicatie.publiceren import publiceer
from tests.web_fixtures import Antwoord, get

SLEUTEL = "sto+lj3-4"


def _wacht(base: str, path: str) -> tuple[Antwoord, Antwoord]:
    """The first answer, and the first that is not 503 (within a minute)."""
    first = answer = get(base, path)
    deadline = time.monotonic() + 90
    while answer.status == 503 and time.monotonic() < deadline:
        koppen = {k.lower(): v for k, v in answer.headers.items()}
        time.sleep(float(koppen.get("retry-after", "1")))
        answer = get(base, path)
    return first, answer


def test_api_under_another_definition(web_server: str, web_db: Path) -> None:
    path = f"/api/v1/indicatoren/techniekaandeel?regio=NL&definitie={quote(SLEUTEL)}"
    first, answer = _wacht(web_server, path)
    if first.status == 503:  # published in the background: the client is told when to retry
        assert {k.lower(): v for k, v in first.headers.items()}["retry-after"] == "3"
        assert "voor het eerst berekend" in first.json()["fout"]
    assert answer.status == 200
    document = answer.json()
    assert document["techniek"] == SLEUTEL
    assert "leerjaar 3 en 4" in document["definitie"]

    con = db.connect(web_db, read_only=True)
    try:
        verwacht = publiceer(con, techniek=SLEUTEL, indicatoren=["techniekaandeel"])
    finally:
        con.close()
    tabel = verwacht.publicatie.tabellen["techniekaandeel"].data.to_pylist()

    def grenzen(r: dict[str, int]) -> tuple[int, int]:
        return r["techniekleerlingen_min"], r["techniekleerlingen_max"]

    nl = {r["schooljaar"]: grenzen(r) for r in tabel if r["regio"] == "NL"}
    assert {r["schooljaar"]: grenzen(r) for r in document["rijen"]} == nl
    # ... and the monitor's own definition counts leerjaar 3 only: fewer students
    eigen = get(web_server, "/api/v1/indicatoren/techniekaandeel?regio=NL").json()
    assert eigen["techniek"] == "sto"
    assert all(grenzen(r)[1] < nl[r["schooljaar"]][0] for r in eigen["rijen"])


def test_pages_keep_the_definition_in_every_link(web_server: str) -> None:
    _, page = _wacht(web_server, f"/regios?definitie={quote(SLEUTEL)}")
    assert page.status == 200
    assert "onder een andere definitie dan die van de monitor" in page.text
    assert "populatie: leerjaar 3 en 4" in page.text
    links = [
        h.replace("&amp;", "&")
        for h in re.findall(r'href="(/[^"]*)"', page.text)
        if not h.startswith("/static/")
    ]
    assert links
    zonder = [h for h in links if "definitie=" not in h or h.startswith("/definitie?")]
    assert all(h.startswith("/definitie?") for h in zonder), zonder
    # the monitor's own pages say which definition they use, and carry no banner
    eigen = get(web_server, "/regios").text
    assert "(die van de monitor)" in eigen
    assert "onder een andere definitie" not in eigen


def test_invalid_definition_is_a_clear_400(web_server: str) -> None:
    answer = get(web_server, "/api/v1/indicatoren/techniekaandeel?definitie=sto%2Blj9")
    assert answer.status == 400
    assert "definitie" in answer.json()["fout"]
    page = get(web_server, "/regios?definitie=zacht")
    assert page.status == 400 and "kies uit sto, harde-techniek, techniekpact" in page.text


def _zonder_volgen(base: str, path: str) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", path)
    return connection.getresponse()


def test_the_footer_control_sends_back_to_a_page_of_the_site(web_server: str) -> None:
    answer = _zonder_volgen(
        web_server,
        "/definitie?techniek=harde-techniek&populatie=lj3&noemer=bb-kb&routes=niet-techniek"
        "&terug=/verkenner%3Findicator%3Dtechniekaandeel%26definitie%3Dsto",
    )
    assert answer.status == 303
    assert answer.getheader("Location") == (
        "/verkenner?indicator=techniekaandeel&definitie=harde-techniek%2Bbb-kb"
    )
    terug = _zonder_volgen(web_server, "/definitie?terug=/regios")  # all defaults: the monitor's
    assert terug.getheader("Location") == "/regios"
    for kwaad in ("//example.org/x", "https://example.org/", "regios"):
        assert _zonder_volgen(web_server, f"/definitie?terug={quote(kwaad)}").status == 400


def test_confidential_tables_only_under_the_monitors_definition(web_db: Path) -> None:
    """Another definition links other tables, so disclosure control could hide other cells of
    a table on a confidential source; the two publications together would reveal them. Such
    a table is therefore published only under the monitor's own definition."""
    from sto_monitor.publicatie.afscherming.bronnen import vertrouwelijke_tabellen
    from sto_monitor.publicatie.publiceren import ALLEEN_MONITOR

    con = db.connect(web_db, read_only=True)
    try:
        vertrouwelijk = vertrouwelijke_tabellen(con)
        eigen = publiceer(con, techniek="sto")
        ander = publiceer(con, techniek=SLEUTEL)
    finally:
        con.close()
    assert vertrouwelijk  # the shared warehouse holds the delivered (own-layout) files
    geraakt = [n for n, t in eigen.publicatie.tabellen.items() if t.vertrouwelijk]
    assert geraakt
    for naam in geraakt:
        assert naam not in ander.publicatie.tabellen, naam
        assert ander.ontbreekt[naam] == (ALLEEN_MONITOR,)
    assert "techniekaandeel" in ander.publicatie.tabellen  # public sources stay available
