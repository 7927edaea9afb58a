"""The stagebank for a region on "Mijn regio" and in the regioportret (issue 19), over a real
``sto serve`` on a copy of the shared generated warehouse:

- places a company publishes in the test, summed by hand, against the published derdejaars
  (the published cell, never a number worked out from others);
- a vestiging's profiel leaves "zonder stageplaats binnen 20 km" once a place within 20 km
  is published, and not for a place farther away;
- another region's person is refused the block; each role gets its own kennisbank and
  stagebank links;
- the regioportret holds the section when the application database is there, and none when
  it is not; its PDF page and the Mijn regio block are photographed into build/artefacten.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser

from sto_monitor import db, domain
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.gegevens import Snapshot, Vestiging, laad
from sto_monitor.reports import opmaak, regioportret
from sto_monitor.stagebank import opslag
from sto_monitor.stagebank import regio as stageregio
from sto_monitor.stagebank.plek import Locatie, PlekInvoer, controleer, postcodes
from sto_monitor.stagebank.zoeken import haversine_km
from tests.conftest import REPO
from tests.web_sessies import WACHTWOORD, Ingericht, ingericht
from tests.zicht import ontwikkelaarstekst

ARTEFACTEN = REPO / "build" / "artefacten"
NAAM = {p.code: p.naam for p in domain.PROFIELEN}
VANDAAG = dt.date.today()


@dataclass
class Opstelling:
    i: Ingericht
    snap: Snapshot
    pcs: dict[str, Locatie]
    vestiging: Vestiging  # of the own region, with technical profielen
    dichtbij: str  # the region's PC4 nearest to it
    bedrijf: int
    gepubliceerd: list[tuple[tuple[str, ...], int, str | None]] = field(default_factory=list)

    def publiceer(self, pc4: str, profielen: tuple[str, ...], aantal: int) -> None:
        plek = PlekInvoer(
            titel="Meewerkstage",
            profielen=profielen,
            leerwegen=("bb", "kb"),
            begin=VANDAAG + dt.timedelta(days=30),
            eind=VANDAAG + dt.timedelta(days=90),
            aantal=aantal,
            adres="Industrieweg 1",
            postcode=f"{pc4} AB",
            contact_naam="J. de Vries",
            contact_email="stage@bedrijf.nl",
        )
        opslag.publiceer(
            self.i.db, self.i.accounts["bedrijf"], self.bedrijf, controleer(plek, self.pcs)
        )
        self.gepubliceerd.append((profielen, aantal, self.pcs[pc4].regio))


@pytest.fixture(scope="module")
def o(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    with ingericht(web_db, tmp_path_factory.mktemp("stagebank-regio")) as i:
        snap = laad(i.warehouse, indicatoren=("instroom_per_regio",))
        con = db.connect(i.warehouse, read_only=True)
        try:
            pcs = postcodes(con, snap.gemeente_regio)
        finally:
            con.close()
        regio = i.codes.regio
        eigen = [
            v
            for v in snap.vestigingen
            if v.regio == regio and v.techniek and v.lat is not None and v.lon is not None
        ]
        v = max(eigen, key=lambda v: (len(v.techniek), v.code))
        assert v.lat is not None and v.lon is not None
        lat, lon = v.lat, v.lon
        in_regio = [p for p, loc in pcs.items() if loc.regio == regio]
        dichtbij = min(in_regio, key=lambda p: haversine_km(lat, lon, pcs[p].lat, pcs[p].lon))
        assert haversine_km(lat, lon, pcs[dichtbij].lat, pcs[dichtbij].lon) < 15
        b = opslag.registreer_bedrijf(
            i.db,
            i.accounts["bedrijf"],
            naam="Installatiebedrijf Jansen",
            adres="Dorpsstraat 1",
            postcode_tekst=f"{dichtbij} AA",
            pcs=pcs,
        )
        opslag.bevestig_bedrijf(i.db, i.accounts["regio"], b.id)
        yield Opstelling(i, snap, pcs, v, dichtbij, b.id)


def _wacht(o: Opstelling, rol: str, pad: str, klaar: str) -> str:
    """The page once it shows ``klaar`` (another process's writes count within 2 s)."""
    tekst = ""
    for _ in range(40):
        antwoord = o.i.als(rol).get(pad)
        assert antwoord.status == 200, antwoord.status
        tekst = antwoord.text
        if klaar in tekst:
            return tekst
        time.sleep(0.2)
    raise AssertionError(f"{klaar!r} niet op {pad}")


def _tabel(tekst: str) -> dict[str, tuple[str, str, str]]:
    """The rows of the block's table: profiel name -> (places, entries, derdejaars); the page
    shows entries, places, derdejaars."""
    blok = tekst.split('class="stages-regio"', 1)[1].split("</table>", 1)[0]
    rij = re.compile(
        r'<tr><th scope="row" class="sleutel">([^<]+)</th>'
        r"<td>([^<]*)</td><td>([^<]*)</td><td>(.*?)</td></tr>"
    )
    return {
        html.unescape(m[1]): (m[3], m[2], html.unescape(re.sub("<[^>]+>", "", m[4])))
        for m in rij.finditer(blok)
    }


def _gaten(tekst: str, vestiging: str) -> str | None:
    """The list item of ``vestiging`` under "zonder stageplaats", or None."""
    blok = tekst.split('class="stages-gaten"', 1)
    if len(blok) == 1:
        return None
    for li in blok[1].split("</ul>", 1)[0].split("<li>")[1:]:
        if f"vestiging={vestiging}&" in html.unescape(li):
            return html.unescape(li)
    return None


def _derdejaars_gepubliceerd(o: Opstelling, profiel: str) -> str:
    """The published total of the region's derdejaars in ``profiel``, as the dashboard
    writes a published cell (a range with an en dash)."""
    rijen = o.snap.beschikbare_rijen(
        "instroom_per_regio", schooljaar=o.snap.laatste_jaar, regio=o.i.codes.regio
    )
    (cel,) = [r["aantal"] for r in rijen if r["profiel"] == profiel and r["leerweg"] == "totaal"]
    return weergave(cel)


# ---------------------------------------------------------------- the gaps


def test_a_place_within_20_km_closes_a_gap_and_one_farther_away_does_not(o: Opstelling) -> None:
    v, regio = o.vestiging, o.i.codes.regio
    pad = f"/mijn/regio/{regio}"
    eerste = o.vestiging.techniek[0]
    voor = _wacht(o, "regio", pad, "Stageplaatsen in de regio")
    li = _gaten(voor, v.code)
    assert li is not None and all(NAAM[p] in li for p in v.techniek)
    assert f"/stagebank?vestiging={v.code}" in html.unescape(voor)

    assert v.lat is not None and v.lon is not None
    lat, lon = v.lat, v.lon
    ver = [
        p
        for p, loc in o.pcs.items()
        if loc.regio == regio and 21 < haversine_km(lat, lon, loc.lat, loc.lon) < 60
    ]
    if ver:  # a place 21+ km away leaves the gap open
        o.publiceer(ver[0], (eerste,), 1)
        na_ver = _wacht(o, "regio", pad, "plek aan 1 leerling.")
        li = _gaten(na_ver, v.code)
        assert li is not None and NAAM[eerste] in li

    o.publiceer(o.dichtbij, (eerste,), 1)
    totaal = sum(n for _, n, r in o.gepubliceerd if r == regio)
    na = _wacht(o, "regio", pad, f"plek aan {totaal} leerling")
    li = _gaten(na, v.code)
    if len(v.techniek) == 1:
        assert li is None
    else:
        assert li is not None and NAAM[eerste] not in li
        assert all(NAAM[p] in li for p in v.techniek[1:])


# ---------------------------------------------------------------- supply against demand


def test_supply_against_demand_by_hand(o: Opstelling) -> None:
    regio, v = o.i.codes.regio, o.vestiging
    een = v.techniek[0]
    twee = next((p for p in domain.TECHNIEK_PROFIELEN if p != een), "BWI")
    o.publiceer(o.dichtbij, (een,), 3)
    o.publiceer(o.dichtbij, (een, twee), 2)
    elders = next(p for p, loc in o.pcs.items() if loc.regio == o.i.codes.regio_ander)
    o.publiceer(elders, (een,), 4)  # in the other region: not counted here

    # by hand, from what this module published in the region
    plaatsen = {p: 0 for p in (een, twee)}
    stuks = {p: 0 for p in (een, twee)}
    for profielen, aantal, r in o.gepubliceerd:
        for p in profielen:
            if r == regio:
                plaatsen[p] += aantal
                stuks[p] += 1
    totaal = sum(n for _, n, r in o.gepubliceerd if r == regio)
    tekst = _wacht(o, "regio", f"/mijn/regio/{regio}", f"plek aan {totaal} leerlingen")
    rijen = _tabel(tekst)
    assert rijen[NAAM[een]][:2] == (str(plaatsen[een]), str(stuks[een]))
    assert rijen[NAAM[twee]][:2] == (str(plaatsen[twee]), str(stuks[twee]))
    for p in (een, twee):  # the published cell as the dashboard shows it
        assert rijen[NAAM[p]][2] == _derdejaars_gepubliceerd(o, p)
    assert "stagebank" in tekst and "bevestigd" in tekst
    assert "synthetisch" in tekst  # the shared warehouse is generated

    # the domain says the same, and the other region sees only its own place
    overzicht = stageregio.overzicht(o.i.db, o.snap, regio, VANDAAG)
    assert overzicht.totaal == totaal
    ander = stageregio.aanbod(o.i.db, o.i.codes.regio_ander, VANDAAG)
    assert ander == {een: (4, 1)}


def test_another_region_cannot_see_the_block(o: Opstelling) -> None:
    regio, ander = o.i.codes.regio, o.i.codes.regio_ander
    assert o.i.als("regio_ander").get(f"/mijn/regio/{regio}").status == 403
    assert o.i.als("school").get(f"/mijn/regio/{regio}").status == 403
    assert o.i.als("bedrijf").get(f"/mijn/regio/{regio}").status == 403
    eigen = o.i.als("regio_ander").get(f"/mijn/regio/{ander}").text
    rijen = _tabel(eigen)
    een = o.vestiging.techniek[0]
    assert rijen[NAAM[een]][:2] == ("4", "1")  # its own place only
    for rol in ("landelijk", "commissie"):  # the national team and the commission read it
        assert "Stageplaatsen in de regio" in o.i.als(rol).get(f"/mijn/regio/{regio}").text


# ---------------------------------------------------------------- links by role


def _links(tekst: str) -> set[str]:
    blok = tekst.split('id="kennis-en-stages"', 1)
    assert len(blok) == 2, "geen blok Kennisbank en stagebank"
    return set(re.findall(r'href="([^"]+)"', blok[1].split("</section>", 1)[0]))


def test_each_role_gets_its_own_links(o: Opstelling) -> None:
    regio = o.i.codes.regio
    algemeen = {"/stagebank/bewaard", "/kennisbank", "/stagebank"}
    kennis = {"/kennisbank/nieuw", "/kennisbank/mijn"}
    bedrijf = _links(o.i.als("bedrijf").get("/mijn").text)
    assert bedrijf == algemeen | {"/stagebank/bedrijf"}
    school = _links(o.i.als("school").get("/mijn").text)
    assert school == algemeen | kennis
    eigen = _links(o.i.als("regio").get(f"/mijn/regio/{regio}").text)
    assert eigen == algemeen | kennis | {f"/regio/{regio}/stagebank"}
    landelijk = _links(o.i.als("landelijk").get("/mijn").text)
    assert landelijk == algemeen | kennis | {"/kennisbank/moderatie"}
    landelijk_regio = _links(o.i.als("landelijk").get(f"/mijn/regio/{regio}").text)
    assert f"/regio/{regio}/stagebank" in landelijk_regio
    commissie = _links(o.i.als("commissie").get(f"/mijn/regio/{regio}").text)
    assert commissie == algemeen


# ---------------------------------------------------------------- the regioportret


def test_the_regioportret_holds_the_section(o: Opstelling, tmp_path: Path) -> None:
    regio = o.i.codes.regio
    antwoord = o.i.als("regio").get(f"/regio/{regio}/regioportret.html")
    assert antwoord.status == 200
    tekst = html.unescape(antwoord.text)
    assert "Stageplaatsen in de regio" in tekst
    assert "Profielen zonder stageplaats binnen 20 km" in tekst
    assert o.vestiging.naam in tekst or NAAM[o.vestiging.techniek[0]] in tekst

    # the builder with the figures passed in; a warehouse without an application database
    snap = laad(o.i.warehouse)
    figuren = stageregio.overzicht(o.i.db, snap, regio, VANDAAG)
    rapport = regioportret.maak(
        snap, snap.regio(regio), datum=VANDAAG, waarschuwing=None, stages=figuren
    )
    (sectie,) = [s for s in rapport.secties if s.id == "stageplaatsen"]
    rijen = {r["profiel"]: r for r in sectie.onderdelen[0].rijen}  # type: ignore[union-attr]
    een = o.vestiging.techniek[0]
    assert rijen[NAAM[een]]["plaatsen"] == next(
        r.plaatsen for r in figuren.rijen if r.profiel == een
    )
    alleen = tmp_path / "alleen.duckdb"
    shutil.copyfile(o.i.warehouse, alleen)
    los = laad(alleen, indicatoren=("instroom_per_regio",))
    zonder = regioportret.maak(los, los.regio(regio), datum=VANDAAG, waarschuwing=None)
    assert "stageplaatsen" not in [s.id for s in zonder.secties]

    # the PDF page with the section, as a picture
    pdf = opmaak.pdf(opmaak.html(rapport))
    document = pdfium.PdfDocument(pdf)
    paginas = [
        n
        for n in range(len(document))
        if "Stageplaatsen naast derdejaars" in document[n].get_textpage().get_text_range()
    ]
    assert paginas, "de sectie staat niet in de PDF"
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    document[paginas[0]].render(scale=1.5).to_pil().save(ARTEFACTEN / "stagebank-regioportret.png")


# ---------------------------------------------------------------- as a person sees it


def test_the_block_at_1366_and_375_px(o: Opstelling, browser: Browser) -> None:
    context = browser.new_context(base_url=o.i.base, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        page.goto("/mijn")
        page.get_by_label("E-mailadres").fill(o.i.accounts["regio"].email)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"**/mijn/regio/{o.i.codes.regio}")
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)
        blok = page.locator("#stageplaatsen")
        for breedte in (1366, 375):
            page.set_viewport_size({"width": breedte, "height": 900})
            blok.screenshot(path=str(ARTEFACTEN / f"stagebank-mijn-regio-{breedte}.png"))
            page.locator("#kennis-en-stages").screenshot(
                path=str(ARTEFACTEN / f"stagebank-mijn-links-{breedte}.png")
            )
            breed = page.evaluate("() => document.documentElement.scrollWidth")
            assert breed <= breedte, f"{breed}px breed op {breedte}px"
            past = "t => t.getBoundingClientRect().width <= t.parentElement.clientWidth + 1"
            assert page.locator("table.stages-regio").evaluate(past), f"tabel te breed, {breedte}"
        assert ontwikkelaarstekst(blok.inner_text()) == []
        assert ontwikkelaarstekst(page.locator("#kennis-en-stages").inner_text()) == []
    finally:
        context.close()
