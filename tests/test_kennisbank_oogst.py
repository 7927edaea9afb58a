"""The harvest (``sto_monitor.kennisbank.oogst``) against an OAI-PMH server this test runs on
loopback, serving ``oai_dc`` records shaped like Edurep's: a first run over three pages of
resumption tokens, an incremental run that asks ``from`` the stored ``until`` and brings a
deleted, an updated and a new record, and a run with nothing new (``noRecordsMatch``). The
harvested items are found by the kennisbank's search; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

import pytest

from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.kennisbank import item as kitem
from sto_monitor.kennisbank import lezen, oogst, opslag, zoeken
from sto_monitor.kennisbank.oogst import Bron

PAGINA = 2  # records per response, so five records take three pages


@dataclass
class Record:
    identifier: str
    datestamp: str
    velden: dict[str, list[str]] = field(default_factory=dict)
    verwijderd: bool = False

    def xml(self) -> str:
        status = ' status="deleted"' if self.verwijderd else ""
        kop = (
            f"<header{status}><identifier>{self.identifier}</identifier>"
            f"<datestamp>{self.datestamp}</datestamp><setSpec>vmbo</setSpec></header>"
        )
        if self.verwijderd:
            return f"<record>{kop}</record>"
        dc = "".join(
            f"<dc:{naam}>{escape(w)}</dc:{naam}>" for naam, ws in self.velden.items() for w in ws
        )
        return (
            f"<record>{kop}<metadata><oai_dc:dc "
            'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"{dc}</oai_dc:dc></metadata></record>"
        )


def edurep(nr: int, datestamp: str, titel: str, onderwerpen: list[str], rechten: str) -> Record:
    return Record(
        f"oai:edurep:wikiwijs-{nr}",
        datestamp,
        {
            "title": [titel],
            "description": [f"Beschrijving van {titel.lower()}."],
            "subject": onderwerpen,
            "type": ["Lesmateriaal"],
            "identifier": [f"https://maken.wikiwijs.nl/{nr}", f"urn:uuid:0000-{nr}"],
            "rights": [rechten],
            "language": ["nl"],
        },
    )


class Server:
    """An OAI-PMH 2.0 repository: Identify and ListRecords with ``from``/``until`` on the
    datestamp, resumption tokens of PAGINA records, and a log of every request's parameters."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.log: list[dict[str, str]] = []
        zelf = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                vraag = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                zelf.log.append(vraag)
                body = zelf.antwoord(vraag).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/oai"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def antwoord(self, vraag: dict[str, str]) -> str:
        kop = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            "<responseDate>2026-03-01T00:00:00Z</responseDate>"
            f'<request verb="{vraag.get("verb", "")}">{self.url}</request>'
        )
        if vraag.get("verb") == "Identify":
            return (
                f"{kop}<Identify><repositoryName>Edurep (test)</repositoryName>"
                f"<baseURL>{self.url}</baseURL><protocolVersion>2.0</protocolVersion>"
                "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>"
            )
        if "resumptionToken" in vraag:
            begin, vanaf, tot = vraag["resumptionToken"].split("|")
        else:
            begin, vanaf, tot = "0", vraag.get("from", ""), vraag["until"]
        passend = [r for r in self.records if vanaf <= r.datestamp <= tot]
        if not passend:
            return f'{kop}<error code="noRecordsMatch">Geen records.</error></OAI-PMH>'
        start = int(begin)
        pagina = passend[start : start + PAGINA]
        volgende = start + PAGINA
        token = f"{volgende}|{vanaf}|{tot}" if volgende < len(passend) else ""
        return (
            f"{kop}<ListRecords>{''.join(r.xml() for r in pagina)}"
            f'<resumptionToken completeListSize="{len(passend)}" cursor="{start}">'
            f"{token}</resumptionToken></ListRecords></OAI-PMH>"
        )


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _titels(db: AppDatabase, vraag: str) -> list[str]:
    return sorted(t.titel for t in zoeken.zoek(db, vraag).treffers)


VMBO_B = "VMBO, Basisberoepsgerichte leerweg"


def test_harvest_round_trip(app_db: AppDatabase, server: Server) -> None:
    server.records = [
        edurep(1, "2026-01-02T10:00:00Z", "Lassen voor beginners", [VMBO_B, "Metaal"], "CC BY 4.0"),
        edurep(
            2,
            "2026-01-03T10:00:00Z",
            "Bouwen met hout",
            ["VMBO, Kaderberoepsgerichte leerweg", "Bouwtechniek"],
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        edurep(3, "2026-01-04T10:00:00Z", "Rekenen in groep 5", ["Primair onderwijs"], "CC0"),
        edurep(4, "2026-01-05T10:00:00Z", "Elektrotechniek", [VMBO_B], "Alle rechten voorbehouden"),
        edurep(
            5,
            "2026-01-06T10:00:00Z",
            "Onderhoud van motorvoertuigen",
            ["vmbo", "Mobiliteit en transport"],
            "http://creativecommons.org/publicdomain/zero/1.0/",
        ),
    ]
    server.records[4].velden["description"] = ["<script>alert(1)</script> Zie *hier* [link](x)"]
    bron = Bron("Edurep", server.url, "oai_dc")

    eerste = oogst.oogst(app_db, bron, tot=datetime(2026, 2, 1, tzinfo=UTC))
    assert (eerste.nieuw, eerste.niet_technisch_vmbo, eerste.zonder_licentie) == (3, 1, 1)
    assert server.log[0] == {
        "verb": "ListRecords",
        "metadataPrefix": "oai_dc",
        "until": "2026-02-01T00:00:00Z",
    }
    assert [v.get("resumptionToken") for v in server.log[1:]] == [
        "2||2026-02-01T00:00:00Z",
        "4||2026-02-01T00:00:00Z",
    ]
    assert oogst.laatst_tot(app_db, bron) == datetime(2026, 2, 1, tzinfo=UTC)
    assert _titels(app_db, "lassen") == ["Lassen voor beginners"]
    assert _titels(app_db, "") == [
        "Bouwen met hout",
        "Lassen voor beginners",
        "Onderhoud van motorvoertuigen",
    ]
    gevonden = zoeken.zoek(app_db, "motorvoertuig", {"profiel": ["MVI"], "regio": ["landelijk"]})
    assert [t.titel for t in gevonden.treffers] == ["Onderhoud van motorvoertuigen"]
    k = lezen.gepubliceerd_item(app_db, gevonden.treffers[0].id)
    assert k.inhoud["licentie"] == "CC0-1.0"
    assert k.inhoud["links"] == ["https://maken.wikiwijs.nl/5"]
    assert set(k.inhoud["niveaus"]) == set(oogst.LEERWEG_TERMEN)  # no leerweg named: all
    html = str(kitem.samenvatting_html(k.inhoud["samenvatting"]))
    assert "<script>" not in html and "&lt;script&gt;" not in html  # tags dropped, not shown
    assert "*hier*" in html and "<em>" not in html and "<a " not in html  # escaped Markdown
    assert "Overgenomen uit Edurep." in html
    bouw = zoeken.zoek(app_db, "bouwen").treffers[0]
    assert lezen.gepubliceerd_item(app_db, bouw.id).inhoud["niveaus"] == ["vmbo_kb"]

    # The source deletes record 1, changes record 2 and adds record 6.
    server.records[0] = Record("oai:edurep:wikiwijs-1", "2026-02-10T09:00:00Z", verwijderd=True)
    server.records[1].datestamp = "2026-02-11T09:00:00Z"
    server.records[1].velden["title"] = ["Bouwen met hout en steen"]
    server.records.append(
        edurep(6, "2026-02-12T09:00:00Z", "Installeren van zonnepanelen", [VMBO_B], "CC BY-NC 4.0")
    )
    server.log.clear()
    tweede = oogst.oogst(app_db, bron, tot=datetime(2026, 3, 1, tzinfo=UTC))
    assert server.log[0]["from"] == "2026-02-01T00:00:00Z"
    assert server.log[0]["until"] == "2026-03-01T00:00:00Z"
    assert (tweede.nieuw, tweede.bijgewerkt, tweede.verwijderd) == (1, 1, 1)
    assert _titels(app_db, "lassen") == []
    assert _titels(app_db, "") == [
        "Bouwen met hout en steen",
        "Installeren van zonnepanelen",
        "Onderhoud van motorvoertuigen",
    ]
    with app_db.transactie() as s:
        acties = [r.actie for r in audit.lees(s, soort=opslag.SOORT, limiet=None)]
    assert acties.count("kennisbankitem overgenomen uit Edurep") == 4
    assert "kennisbankitem verwijderd bij Edurep" in acties
    assert "kennisbankitem bijgewerkt uit Edurep" in acties

    # Nothing new: the server answers noRecordsMatch; the state still moves on.
    server.log.clear()
    derde = oogst.oogst(app_db, bron, tot=datetime(2026, 3, 2, tzinfo=UTC))
    assert (derde.nieuw, derde.bijgewerkt, derde.verwijderd) == (0, 0, 0)
    assert server.log[0]["from"] == "2026-03-01T00:00:00Z"
    assert oogst.laatst_tot(app_db, bron) == datetime(2026, 3, 2, tzinfo=UTC)


def test_licence_from_dc_rights() -> None:
    assert oogst.licentie(["https://creativecommons.org/licenses/by-nc-sa/4.0/"]) == (
        "CC-BY-NC-SA-4.0"
    )
    assert oogst.licentie(["CC BY-SA 4.0"]) == "CC-BY-SA-4.0"
    assert oogst.licentie(["cc0"]) == "CC0-1.0"
    # A version the kennisbank does not offer is not silently upgraded to 4.0.
    assert oogst.licentie(["http://creativecommons.org/licenses/by-sa/3.0/nl/"]) is None
    assert oogst.licentie(["Alle rechten voorbehouden", None]) is None
    assert all(oogst.licentie([f"{c}"]) in kitem.LICENTIES for c in ["CC BY 4.0", "CC0"])


def test_filter_is_data_and_only_keeps_technical_vmbo() -> None:
    bron = oogst.EDUREP
    techniek = {"title": ["Solderen"], "subject": ["vmbo", "Elektrotechniek"], "rights": ["CC0"]}
    assert oogst.naar_item(bron, techniek) is not None
    assert oogst.naar_item(bron, {**techniek, "subject": ["havo", "Elektrotechniek"]}) is None
    assert oogst.naar_item(bron, {**techniek, "subject": ["vmbo", "Geschiedenis"]}) is None
    item = oogst.naar_item(bron, techniek)
    assert item is not None and item.profielen == ("PIE",)
    assert kitem.controleer(item).soort == "lesmateriaal"


def test_command_harvests_one_source(tmp_path: Path, server: Server) -> None:
    server.records = [
        edurep(1, "2026-01-02T10:00:00Z", "Lassen voor beginners", [VMBO_B, "Metaal"], "CC BY 4.0"),
        edurep(3, "2026-01-04T10:00:00Z", "Rekenen in groep 5", ["Primair onderwijs"], "CC0"),
    ]
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    env = {**os.environ, "STO_APP_DB": url}
    command = [sys.executable, "-m", "sto_monitor", "--db", str(tmp_path / "w.duckdb")]
    command += ["kennisbank", "oogst", "--bron", "edurep", "--adres", server.url]
    klaar = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert klaar.returncode == 0, klaar.stderr
    uit = " ".join(klaar.stdout.split())  # the console wraps long lines
    assert "Edurep: 1 nieuw" in uit and "1 niet voor technisch vmbo" in uit
    database = AppDatabase.van_url(url)
    try:
        assert _titels(database, "lassen") == ["Lassen voor beginners"]
        assert oogst.laatst_tot(database, oogst.EDUREP) is not None
    finally:
        database.sluit()
