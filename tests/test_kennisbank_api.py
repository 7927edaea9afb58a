"""The kennisbank in the open API (``/api/v1/kennisbank``) over a real ``sto serve``: search with
Dutch stems and facet filters over published items only, one item with its licence address,
links, files (downloadable) and the regions that use it, 4xx answers for wrong parameters and
unpublished items, an ETag, and both routes in the OpenAPI document and on the API page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sto_monitor.kennisbank import bestanden, opslag
from sto_monitor.kennisbank.item import Item
from tests.web_sessies import Antwoord, Browser, Ingericht, ingericht

PDF = b"%PDF-1.4\n%%EOF\n"


def maak(regio: str, titel: str, samenvatting: str, **anders: Any) -> Item:
    velden: dict[str, Any] = {
        "titel": titel,
        "samenvatting": samenvatting,
        "soort": "lesmateriaal",
        "licentie": "CC-BY-4.0",
        "regios": (regio,),
        "profielen": ("PIE",),
        "themas": ("aandacht.lob",),
        "niveaus": ("vmbo_bb",),
        "links": ("https://example.org/les",),
        "contact": "info@example.org",
    }
    velden.update(anders)
    return Item(**velden)


@dataclass
class Opzet:
    o: Ingericht
    laswerk: int
    bouw: int
    concept: int
    bestand: bestanden.Bestand

    def get(self, pad: str, **kw: Any) -> Antwoord:
        return Browser(self.o.base).get(pad, **kw)

    def json(self, pad: str) -> Any:
        antwoord = self.get(pad)
        assert antwoord.status == 200, (pad, antwoord.status, antwoord.text)
        assert antwoord.kop("content-type") == "application/json"
        return json.loads(antwoord.body)


@pytest.fixture(scope="module")
def a(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opzet]:
    with ingericht(web_db, tmp_path_factory.mktemp("kennis-api")) as o:
        regio, landelijk = o.accounts["regio"], o.accounts["landelijk"]
        r = o.codes.regio

        def gepubliceerd(item: Item) -> int:
            k = opslag.draag_bij(o.db, regio, item, regio=r)
            opslag.publiceer(o.db, landelijk, k.id)
            return k.id

        laswerk = gepubliceerd(maak(r, "Laswerk in de onderbouw", "Een project met **laswerk**."))
        bouw = gepubliceerd(
            maak(r, "Bouwplaats bezoeken", "Excursie.", soort="goede_praktijk", profielen=("BWI",))
        )
        k = opslag.draag_bij(o.db, regio, maak(r, "Lassen concept", "Nog niet klaar."), regio=r)
        map_ = o.server.settings.bestanden_map
        bestand = bestanden.voeg_toe(
            o.db, regio, laswerk, "Lesbrief.pdf", PDF, map_=map_, max_bytes=10**6
        )
        opslag.publiceer(o.db, landelijk, laswerk)  # the new file sent it back to moderation
        opslag.markeer_gebruik(o.db, o.accounts["regio_ander"], laswerk, o.codes.regio_ander)
        yield Opzet(o, laswerk, bouw, k.id, bestand)


def test_search_with_stems_and_facets(a: Opzet) -> None:
    alles = a.json("/api/v1/kennisbank")
    assert alles["totaal"] == 2 and {i["id"] for i in alles["items"]} == {a.laswerk, a.bouw}
    assert alles["items"][0]["id"] == a.laswerk, "used by a region: first"
    eerste = alles["items"][0]
    assert eerste["href"] == f"/api/v1/kennisbank/{a.laswerk}"
    assert eerste["pagina"] == f"/kennisbank/{a.laswerk}" and eerste["gebruikt_door"] == 1
    soorten = {w["waarde"]: (w["naam"], w["aantal"]) for w in alles["facetten"]["soort"]}
    assert soorten == {"lesmateriaal": ("Lesmateriaal", 1), "goede_praktijk": ("Goede praktijk", 1)}
    assert set(alles["facetten"]) == {"soort", "profiel", "thema", "regio", "niveau"}

    lassen = a.json("/api/v1/kennisbank?q=lassen")
    assert [i["id"] for i in lassen["items"]] == [a.laswerk], "lassen finds laswerk, no concept"
    bwi = a.json("/api/v1/kennisbank?profiel=BWI")
    assert [i["id"] for i in bwi["items"]] == [a.bouw]
    beide = a.json("/api/v1/kennisbank?soort=lesmateriaal&soort=goede_praktijk&limiet=1")
    assert beide["totaal"] == 2 and len(beide["items"]) == 1
    assert a.json("/api/v1/kennisbank?q=onderzeeboot")["totaal"] == 0


@pytest.mark.parametrize(
    "vraag",
    ["?onbekend=1", "?limiet=0", "?limiet=101", "?q=a&q=b", "?soort=" + "x" * 61, "?thema=x&foo=2"],
)
def test_wrong_parameters_are_400_in_dutch(a: Opzet, vraag: str) -> None:
    antwoord = a.get("/api/v1/kennisbank" + vraag)
    assert antwoord.status == 400, (vraag, antwoord.status)
    assert json.loads(antwoord.body)["fout"]


def test_one_item(a: Opzet) -> None:
    item = a.json(f"/api/v1/kennisbank/{a.laswerk}")
    assert item["titel"] == "Laswerk in de onderbouw"
    assert item["samenvatting"] == "Een project met **laswerk**."
    assert item["samenvatting_tekst"] == "Een project met laswerk."
    assert item["licentie"]["code"] == "CC-BY-4.0"
    assert item["licentie_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert item["links"] == ["https://example.org/les"]
    assert item["soort"] == {"code": "lesmateriaal", "naam": "Lesmateriaal"}
    assert item["profielen"] == [{"code": "PIE", "naam": "Produceren, installeren en energie"}]
    assert [r["code"] for r in item["gebruikt_door"]] == [a.o.codes.regio_ander]
    assert item["gebruikt_door"][0]["naam"] != a.o.codes.regio_ander, "a name, not a code"
    [bestand] = item["bestanden"]
    assert bestand["naam"] == "Lesbrief.pdf" and bestand["grootte"] == len(PDF)
    assert bestand["media_type"] == "application/pdf" and bestand["href"] == a.bestand.url
    download = a.get(bestand["href"])
    assert download.status == 200 and download.body == PDF
    assert item["bron"] is None and item["gepubliceerd"]


def test_unpublished_or_unknown_items_are_404(a: Opzet) -> None:
    for pad in (f"/api/v1/kennisbank/{a.concept}", "/api/v1/kennisbank/999999"):
        antwoord = a.get(pad)
        assert antwoord.status == 404 and json.loads(antwoord.body)["status"] == 404
    assert a.get(f"/api/v1/kennisbank/{a.laswerk}?x=1").status == 400


def test_etag_and_no_session(a: Opzet) -> None:
    eerste = a.get("/api/v1/kennisbank?q=lassen")
    etag = eerste.kop("etag")
    assert etag and eerste.kop("cache-control") == "no-cache"
    assert a.get("/api/v1/kennisbank?q=lassen", koppen={"If-None-Match": etag}).status == 304
    assert not eerste.cookies()


def test_in_the_openapi_document_and_on_the_api_page(a: Opzet) -> None:
    document = a.json("/api/v1/openapi.json")
    assert "/api/v1/kennisbank" in document["paths"]
    assert "/api/v1/kennisbank/{item}" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/kennisbank"]["get"]["parameters"]}
    assert {"q", "soort", "profiel", "thema", "regio", "niveau", "limiet"} <= parameters
    assert "Kennisitem" in document["components"]["schemas"]
    pagina = a.get("/api")
    assert pagina.status == 200 and "GET /api/v1/kennisbank/{item}" in pagina.text
