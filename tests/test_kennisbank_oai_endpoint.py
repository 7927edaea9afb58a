"""Our own OAI-PMH endpoint (``GET /kennisbank/oai``) harvested with the ``sickle`` client from
a real ``sto serve`` on loopback: Identify, formats and sets, a full harvest over more than one
page of resumption tokens, an incremental harvest with ``from`` that brings a changed record and
a deleted one (an item refused after publication), GetRecord as Dublin Core, and the protocol's
error answers. Items harvested from elsewhere and concepts never published are not offered."""

from __future__ import annotations

import time
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sto_monitor.appdb.tabellen import KennisOogstRecord
from sto_monitor.kennisbank import oai, opslag
from sto_monitor.kennisbank.item import Item
from tests.web_sessies import Ingericht, ingericht

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from sickle import Sickle  # type: ignore[import-untyped]
    from sickle import oaiexceptions as fouten

EIGEN = 105  # more than one page of oai.PAGINA (100)
NS = {"oai": oai.OAI, "dc": "http://purl.org/dc/elements/1.1/"}


def maak(regio: str, nr: int, soort: str = "lesmateriaal") -> Item:
    return Item(
        titel=f"Lasproject {nr}",
        samenvatting=f"Leerlingen **lassen** een frame. <script>x()</script> Deel {nr}.",
        soort=soort,
        licentie="CC-BY-SA-4.0",
        regios=(regio,),
        profielen=("PIE",),
        themas=("aandacht.lob",),
        niveaus=("vmbo_bb", "vmbo_kb"),
        links=("https://example.org/les",),
    )


@dataclass
class Opzet:
    o: Ingericht
    ids: list[int]
    concept: int
    geoogst: int

    @property
    def url(self) -> str:
        return self.o.base + "/kennisbank/oai"

    def sickle(self) -> Sickle:
        return Sickle(self.url, timeout=30)

    def domein(self) -> str:
        return "127.0.0.1"  # the hostname of the server's STO_BASIS_URL (the default)

    def identifier(self, item_id: int) -> str:
        return f"oai:{self.domein()}:kennisbank/{item_id}"


@pytest.fixture(scope="module")
def z(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opzet]:
    with ingericht(web_db, tmp_path_factory.mktemp("kennis-oai")) as o:
        regio, landelijk = o.accounts["regio"], o.accounts["landelijk"]
        ids = []
        for nr in range(EIGEN):
            soort = "goede_praktijk" if nr % 5 == 0 else "lesmateriaal"
            k = opslag.draag_bij(o.db, regio, maak(o.codes.regio, nr, soort), regio=o.codes.regio)
            opslag.publiceer(o.db, landelijk, k.id)
            ids.append(k.id)
        concept = opslag.draag_bij(o.db, regio, maak(o.codes.regio, 999), regio=o.codes.regio)
        with o.db.transactie() as session:
            overgenomen = maak(opslag.LANDELIJK, 500)
            h = opslag.importeer(session, "oogst", overgenomen, bestaand=None, bron="Edurep")
            session.add(
                KennisOogstRecord(bron="Edurep", identifier="oai:x:1", item_id=h.id, datestamp="")
            )
            geoogst = h.id
        yield Opzet(o, ids, concept.id, geoogst)


def _xml(url: str) -> ET.Element:
    with urllib.request.urlopen(url, timeout=30) as antwoord:
        assert antwoord.status == 200
        assert antwoord.headers["Content-Type"].startswith("text/xml")
        return ET.fromstring(antwoord.read())


def test_identify_formats_and_sets(z: Opzet) -> None:
    s = z.sickle()
    identify = s.Identify()
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.baseURL.endswith("/kennisbank/oai")
    formaten = [f.metadataPrefix for f in s.ListMetadataFormats()]
    assert formaten == ["oai_dc"]
    sets = {x.setSpec: x.setName for x in s.ListSets()}
    assert sets["soort:lesmateriaal"] == "Lesmateriaal" and len(sets) == 4


def test_full_harvest_pages_with_a_resumption_token(z: Opzet) -> None:
    eerste = _xml(z.url + "?verb=ListIdentifiers&metadataPrefix=oai_dc")
    koppen = eerste.findall(".//oai:header", NS)
    token = eerste.find(".//oai:resumptionToken", NS)
    assert len(koppen) == oai.PAGINA
    assert token is not None and token.text
    assert token.get("completeListSize") == str(EIGEN) and token.get("cursor") == "0"
    tweede = _xml(z.url + f"?verb=ListIdentifiers&resumptionToken={token.text}")
    laatste = tweede.find(".//oai:resumptionToken", NS)
    assert len(tweede.findall(".//oai:header", NS)) == EIGEN - oai.PAGINA
    assert laatste is not None and not laatste.text and laatste.get("cursor") == str(oai.PAGINA)

    records = list(z.sickle().ListRecords(metadataPrefix="oai_dc"))
    gezien = [r.header.identifier for r in records]
    assert gezien == [z.identifier(i) for i in z.ids], "own published items, once each, in order"
    assert z.identifier(z.concept) not in gezien and z.identifier(z.geoogst) not in gezien
    md = records[0].metadata
    assert md["title"] == ["Lasproject 0"]
    assert md["type"] == ["Goede praktijk"] and md["language"] == ["nl"]
    assert md["rights"] == ["https://creativecommons.org/licenses/by-sa/4.0/"]
    assert md["identifier"][0].endswith(f"/kennisbank/{z.ids[0]}")
    beschrijving = md["description"][0]
    assert "lassen" in beschrijving and "**" not in beschrijving and "<script>" in beschrijving
    assert "Produceren, installeren en energie" in md["subject"]
    assert "vmbo basisberoepsgerichte leerweg" in md["subject"]
    assert md["relation"] == ["https://example.org/les"]

    goed = list(z.sickle().ListIdentifiers(metadataPrefix="oai_dc", set="soort:goede_praktijk"))
    assert len(goed) == len(range(0, EIGEN, 5))


def _seconde(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_incremental_harvest_brings_changes_and_deletions(z: Opzet) -> None:
    grens = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
    time.sleep(max(0.0, (grens - datetime.now(UTC)).total_seconds()) + 0.05)
    o = z.o
    regio, landelijk = o.accounts["regio"], o.accounts["landelijk"]
    gewijzigd, weg = z.ids[3], z.ids[4]
    opslag.bewerk(o.db, regio, gewijzigd, maak(o.codes.regio, 3))
    opslag.publiceer(o.db, landelijk, gewijzigd)
    opslag.weiger(o.db, landelijk, weg, "Dit hoort niet in de kennisbank.")

    nieuw = list(z.sickle().ListRecords(metadataPrefix="oai_dc", **{"from": _seconde(grens)}))
    per_id = {r.header.identifier: r for r in nieuw}
    assert set(per_id) == {z.identifier(gewijzigd), z.identifier(weg)}
    assert per_id[z.identifier(weg)].deleted and not hasattr(per_id[z.identifier(weg)], "metadata")
    assert not per_id[z.identifier(gewijzigd)].deleted
    assert per_id[z.identifier(gewijzigd)].header.datestamp >= _seconde(grens)

    # until before the changes: neither shows; GetRecord of the refused item is a deleted header
    voor = list(
        z.sickle().ListIdentifiers(
            metadataPrefix="oai_dc", until=_seconde(grens - timedelta(seconds=1))
        )
    )
    assert z.identifier(weg) not in {h.identifier for h in voor}
    record = z.sickle().GetRecord(identifier=z.identifier(weg), metadataPrefix="oai_dc")
    assert record.deleted
    dag = (grens + timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(fouten.NoRecordsMatch):
        list(z.sickle().ListIdentifiers(metadataPrefix="oai_dc", **{"from": dag}))


def test_get_record(z: Opzet) -> None:
    record = z.sickle().GetRecord(identifier=z.identifier(z.ids[1]), metadataPrefix="oai_dc")
    assert not record.deleted and record.metadata["title"] == ["Lasproject 1"]
    assert record.header.setSpecs == ["soort:lesmateriaal"]


@pytest.mark.parametrize(
    ("vraag", "code"),
    [
        ("", "badVerb"),
        ("verb=Bestaatniet", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=gisteren", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-01-01T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=soort:onbekend", "badArgument"),
        ("verb=ListRecords&metadataPrefix=lom", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elders:1", "idDoesNotExist"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2001-01-01&until=2001-01-02",
            "noRecordsMatch",
        ),
        ("verb=ListRecords&resumptionToken=kapot", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ],
)
def test_errors_are_oai_answers(z: Opzet, vraag: str, code: str) -> None:
    wortel = _xml(z.url + "?" + vraag)
    fout = wortel.find("oai:error", NS)
    assert fout is not None and fout.get("code") == code, ET.tostring(wortel)[:400]
    if code in ("badVerb", "badArgument"):
        verzoek = wortel.find("oai:request", NS)
        assert verzoek is not None and not verzoek.attrib


def test_sickle_reads_the_errors(z: Opzet) -> None:
    with pytest.raises(fouten.IdDoesNotExist):
        z.sickle().GetRecord(identifier=z.identifier(z.concept), metadataPrefix="oai_dc")
    with pytest.raises(fouten.IdDoesNotExist):
        z.sickle().GetRecord(identifier=z.identifier(z.geoogst), metadataPrefix="oai_dc")
    with pytest.raises(fouten.CannotDisseminateFormat):
        list(z.sickle().ListRecords(metadataPrefix="lom"))
