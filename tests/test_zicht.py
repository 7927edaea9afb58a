"""Every page and report looked at as a person would: screenshots, and what a reader sees.

One real ``sto serve`` on loopback, on a copy of the shared generated warehouse (``web_db``)
with the synthetic survey waves added (so the public survey results have answers), and one
headless Chromium (Debian's, tests/browser.py) with one context per width, 1366 and 375 px.
Every page type is loaded once per width: a full-page screenshot (as loaded) goes to
``build/artefacten/zicht/``, every <details> is opened (a reader can open it) and every probe of
tests/zicht.py runs; the tests, one per page x width x check, then assert on those
measurements, so a failure names the page, the width and the check, and lists what was found
where (a CSS path, the text).

Checks: ``laden`` (the expected status, no script error, no failed or outside request),
``tekst`` (no raw identifier, command or path in visible text, tooltips, labels read aloud or
select options; not on /api, the developers' page, whose <code> shows identifiers by design),
``figuren`` (every chart drawn with data marks, every map with shapes, every <figure> with
content), ``overloop`` (no clipped text, nothing past the viewport's right edge outside a
horizontally scrollable container, page no wider than the window) and ``axe`` (axe-core, the
npm package installed by .ci/run into node_modules/, without violations).

The reports: one regioportret and the national chapter as ``sto rapport`` writes them (in a
subprocess on the second core while the pages are measured), every PDF page rendered with
``pdftoppm -r 50`` into ``build/artefacten/zicht/<rapport>/``; every page must have content
(more than 1 % non-white pixels) and no identifier, command or path in its text (pdfium).

Missing tools (axe-core, pdftoppm) skip with the reason outside CI and fail in CI (``CI`` set).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sto_monitor import db
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot, laad
from sto_monitor.settings import Settings
from sto_monitor.survey import importeer
from sto_monitor.survey.genereer import genereer
from tests import zicht
from tests.browser import Toezicht
from tests.conftest import REPO
from tests.web_fixtures import serve

ARTEFACTEN = REPO / "build" / "artefacten" / "zicht"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__zicht__/axe.min.js"  # answered by the test's route from AXE_JS, never the server
DATUM = dt.date(2026, 11, 23)
IN_CI = bool(os.environ.get("CI"))

BREEDTES = {1366: 900, 375: 812}  # viewport width -> height
# page type -> (path, expected HTTP status); {regio} and {jaar} are filled in at run time
PAGINAS: dict[str, tuple[str, int]] = {
    "overzicht": ("/", 200),
    "regios": ("/regios", 200),
    "regio": ("/regio/{regio}", 200),
    "kaart": ("/kaart", 200),
    "verkenner": ("/verkenner", 200),
    "verkenner-filter": ("/verkenner?indicator=techniekaandeel&schooljaar={jaar}", 200),
    "indicatoren": ("/indicatoren", 200),
    "indicator": ("/indicatoren/techniekaandeel", 200),
    "veranderingen": ("/veranderingen", 200),
    "enquete": ("/enquete/resultaten", 200),  # redirects to the newest wave
    "enquete-2021": ("/enquete/resultaten/2021", 200),
    "zoeken": ("/zoeken?q=Regio", 200),
    "regioportret-html": ("/regio/{regio}/regioportret.html", 200),
    "api": ("/api", 200),
    "niet-gevonden": ("/deze-pagina-bestaat-niet", 404),
}
CONTROLES = ("laden", "tekst", "figuren", "overloop", "axe")
# Pages for developers, whose text shows identifiers and commands by design.
ZONDER_TEKSTCONTROLE = frozenset({"api"})

GEVALLEN = [
    pytest.param(pagina, breedte, controle, id=f"{pagina}-{breedte}-{controle}")
    for breedte in BREEDTES
    for pagina in PAGINAS
    for controle in CONTROLES
    if not (controle == "tekst" and pagina in ZONDER_TEKSTCONTROLE)
]
RAPPORTEN = ("regioportret", "landelijk")


def ontbreekt(wat: str) -> None:
    """A tool the checks need is missing: skip outside CI, fail in CI."""
    if IN_CI:
        pytest.fail(f"{wat} (CI: .ci/run installeert het)")
    pytest.skip(f"{wat}; .ci/run installeert het")


# ---------------------------------------------------------------- the warehouse and server


@pytest.fixture(scope="module")
def zicht_db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared generated warehouse with the synthetic survey waves of its regions."""
    map_ = tmp_path_factory.mktemp("zicht")
    kopie = map_ / "zicht.duckdb"
    shutil.copy(web_db, kopie)
    app_db = AppDatabase.open(replace(Settings.from_env({}), db=kopie))
    con = db.connect(kopie)
    try:
        regios = importeer.bekende_regios(con)
        # the demo codes R01-R78, then only the loaded ones (the manifest of the generated
        # files lists them by name, so they stay synthetic)
        paden = genereer(map_ / "golven")
        for golf, pad in paden.items():
            scheiding = ";" if golf == 2021 else ","
            with pad.open(encoding="utf-8", newline="") as f:
                rijen = list(csv.reader(f, delimiter=scheiding))
            with pad.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, delimiter=scheiding).writerows(
                    [rijen[0], *(r for r in rijen[1:] if r[0] in regios)]
                )
        for golf, pad in paden.items():
            importeer.importeer(app_db, con, pad, golf)
        naar_warehouse(app_db, con)  # the analytic copy, as `sto build` makes it
    finally:
        con.close()
        app_db.sluit()
    return kopie


@pytest.fixture(scope="module")
def zicht_snapshot(zicht_db: Path) -> Snapshot:
    return laad(zicht_db)


@pytest.fixture(scope="module")
def zicht_server(zicht_db: Path) -> Iterator[str]:
    with serve(zicht_db) as base:
        yield base


def regio_code(snap: Snapshot) -> str:
    return sorted(r for r in snap.regios if r != LANDELIJK)[0]


# ---------------------------------------------------------------- measuring a page


@dataclass
class Meting:
    """Everything measured on one page at one width."""

    url: str
    status: int | None = None
    problemen: list[str] = field(default_factory=list)
    tekst: list[dict[str, str]] = field(default_factory=list)
    figuren: list[dict[str, Any]] = field(default_factory=list)
    grafieken_klaar: bool = True
    overloop: dict[str, Any] = field(default_factory=dict)
    axe: list[dict[str, Any]] | None = None
    fouten: dict[str, str] = field(default_factory=dict)  # probe -> error while measuring


class Metingen:
    """One context per width, each page type loaded and measured once per width."""

    def __init__(self, browser: Browser, base: str, snap: Snapshot) -> None:
        self.browser = browser
        self.base = base
        self.invulling = {"regio": regio_code(snap), "jaar": str(snap.laatste_jaar)}
        self.contexten: dict[int, BrowserContext] = {}
        self.cache: dict[tuple[str, int], Meting] = {}
        ARTEFACTEN.mkdir(parents=True, exist_ok=True)

    def context(self, breedte: int) -> BrowserContext:
        if breedte not in self.contexten:
            context = self.browser.new_context(
                base_url=self.base, viewport={"width": breedte, "height": BREEDTES[breedte]}
            )
            context.set_default_timeout(20_000)
            self.contexten[breedte] = context
        return self.contexten[breedte]

    def sluit(self) -> None:
        for context in self.contexten.values():
            context.close()

    def meet(self, pagina: str, breedte: int) -> Meting:
        if (pagina, breedte) not in self.cache:
            self.cache[pagina, breedte] = self._meet(pagina, breedte)
        return self.cache[pagina, breedte]

    def _meet(self, pagina: str, breedte: int) -> Meting:
        pad = PAGINAS[pagina][0].format(**self.invulling)
        meting = Meting(url=pad)
        toezicht = Toezicht()
        page = self.context(breedte).new_page()
        page.route("**/*", toezicht.route)  # only 127.0.0.1; later routes take precedence
        if AXE_JS.is_file():  # same origin, so the page's CSP (script-src 'self') allows it
            page.route(
                self.base + AXE_URL,
                lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"),
            )
        toezicht.volg(page)
        try:
            antwoord = page.goto(pad, wait_until="load")
            meting.status = antwoord.status if antwoord is not None else None
            meting.url = page.url.removeprefix(self.base)
            try:
                page.wait_for_function(zicht.GRAFIEKEN_KLAAR, timeout=15_000)
            except PlaywrightTimeout:
                meting.grafieken_klaar = False
            page.evaluate("() => document.fonts.ready.then(() => true)")
            page.screenshot(path=ARTEFACTEN / f"{pagina}-{breedte}.png", full_page=True)
            # what a reader can open is measured open (the table under a chart, say)
            page.evaluate(zicht.OPEN_ALLES)
            for naam, probe in (
                ("tekst", zicht.ZICHTBARE_TEKST),
                ("figuren", zicht.FIGUREN),
                ("overloop", zicht.OVERLOOP),
            ):
                try:
                    setattr(meting, naam, page.evaluate(probe))
                except PlaywrightError as error:
                    meting.fouten[naam] = str(error).splitlines()[0]
            if AXE_JS.is_file():
                try:
                    page.add_script_tag(url=AXE_URL)
                    meting.axe = page.evaluate(zicht.AXE)
                except PlaywrightError as error:
                    meting.fouten["axe"] = str(error).splitlines()[0]
        except PlaywrightError as error:
            meting.fouten["laden"] = str(error).splitlines()[0]
        finally:
            meting.problemen = toezicht.problemen()
            page.close()
        return meting


@pytest.fixture(scope="module")
def metingen(
    rapporten: Rapporten, browser: Browser, zicht_server: str, zicht_snapshot: Snapshot
) -> Iterator[Metingen]:
    """Asks for ``rapporten`` first: the reports are made in the background meanwhile."""
    m = Metingen(browser, zicht_server, zicht_snapshot)
    yield m
    m.sluit()


# ---------------------------------------------------------------- what each check reports


def laden(pagina: str, meting: Meting) -> list[str]:
    verwacht = PAGINAS[pagina][1]
    uit = [f"fout bij het laden: {meting.fouten['laden']}"] if "laden" in meting.fouten else []
    if meting.status != verwacht:
        uit.append(f"HTTP-status {meting.status}, verwacht {verwacht}")
    # Chromium logs the expected error status of the document itself as a console error
    eigen = f"status of {verwacht} " if verwacht >= 400 else None
    return uit + [
        p
        for p in meting.problemen
        if not (eigen and p.startswith("consolefout:") and eigen in p and meting.url in p)
    ]


def tekst(meting: Meting) -> list[str]:
    """Every finding once per kind of element: the same name in 30 bars of one chart is one
    line with its count."""
    gevonden: dict[tuple[str, str, str, str], list[str]] = {}
    for stuk in meting.tekst:
        soort_element = re.sub(r":nth-of-type\(\d+\)", "", stuk["waar"])
        for vondst in zicht.ontwikkelaarstekst(stuk["tekst"]):
            sleutel = (vondst.soort, vondst.gevonden, stuk["bron"], soort_element)
            gevonden.setdefault(sleutel, []).append(f"{vondst} [{stuk['bron']} van {stuk['waar']}]")
    return [
        regels[0] + (f" (en {len(regels) - 1} keer meer in {soort_element})" if regels[1:] else "")
        for (_, _, _, soort_element), regels in gevonden.items()
    ]


def figuren(meting: Meting) -> list[str]:
    uit = [] if meting.grafieken_klaar else ["grafieken na 15 s nog niet getekend"]
    for f in meting.figuren:
        waar, soort = f["waar"], f["soort"]
        getekend = f.get("markeringen", 0) > 0 or f.get("geverfd", 0) > 0
        if f.get("ontbreekt"):
            uit.append(f"grafiek zonder element om in te tekenen: {waar}")
        elif soort == "grafiek":
            if f["getekend"] != "ja":
                uit.append(f"grafiek {waar} niet getekend; toont: {f['tekst']!r}")
            elif f["svg"] + f["canvas"] == 0:
                uit.append(f"grafiek {waar} zonder svg of canvas")
            elif not getekend:
                uit.append(f"grafiek {waar}: svg zonder getekende gegevens (alleen assen/titel)")
            if f["hoogte"] < 40:
                uit.append(f"grafiek {waar} is {f['hoogte']} px hoog")
        elif soort == "kaart" and not getekend:
            uit.append(f"kaart {waar} zonder getekende gebieden")
        elif soort == "figuur":
            inhoud = getekend or f["geladen"] > 0 or f["rijen"] > 0
            if not inhoud or f["hoogte"] < 40:
                uit.append(
                    f"lege figuur {waar} (onderschrift {f['onderschrift']!r}): "
                    f"{f['svg']} svg met {f['markeringen']} getekende vormen, "
                    f"{f['canvas']} canvas ({f['geverfd']} beschilderd), {f['img']} img "
                    f"({f['geladen']} geladen), {f['rijen']} tabelrijen, "
                    f"{f['hoogte']} px hoog; tekst: {f['tekst']!r}"
                )
    return uit


def overloop(meting: Meting) -> list[str]:
    o = meting.overloop
    if not o:
        return []
    uit = []
    pagina = o["pagina"]
    if pagina["scrollWidth"] > pagina["innerWidth"]:
        uit.append(
            f"pagina is {pagina['scrollWidth']} px breed in een venster van "
            f"{pagina['innerWidth']} px"
        )
    for a in o["afgekapt"]:
        uit.append(
            f"tekst afgekapt in de {a['richting']} ({a['scroll']} px inhoud in {a['client']} px): "
            f"{a['waar']}: {a['tekst']!r}"
        )
    for b in o["buiten"]:
        uit.append(
            f"steekt rechts buiten het venster (tot {b['rechts']} px van {b['breedte']}): "
            f"{b['waar']}: {b['tekst']!r}"
        )
    return uit


def axe(meting: Meting) -> list[str]:
    uit = []
    for v in meting.axe or []:
        for n in v["nodes"]:
            uit.append(f"{v['id']} ({v['impact']}): {v['help']}: {n['doel']}: {n['html']}")
    return uit


# ---------------------------------------------------------------- the page tests


@pytest.mark.parametrize(("pagina", "breedte", "controle"), GEVALLEN)
def test_pagina(metingen: Metingen, pagina: str, breedte: int, controle: str) -> None:
    if controle == "axe" and not AXE_JS.is_file():
        ontbreekt(f"axe-core ontbreekt ({AXE_JS}): npm ci")
    meting = metingen.meet(pagina, breedte)
    if controle != "laden" and "laden" in meting.fouten:
        pytest.fail(f"{meting.url} laadde niet: {meting.fouten['laden']}")
    if controle in meting.fouten:
        pytest.fail(f"{meting.url}: meting {controle} mislukt: {meting.fouten[controle]}")
    gevonden = {
        "laden": lambda: laden(pagina, meting),
        "tekst": lambda: tekst(meting),
        "figuren": lambda: figuren(meting),
        "overloop": lambda: overloop(meting),
        "axe": lambda: axe(meting),
    }[controle]()
    assert not gevonden, (
        f"{meting.url} op {breedte} px, {controle}: {len(gevonden)} gevonden\n"
        + "\n".join(f"  {g}" for g in gevonden)
    )


# ---------------------------------------------------------------- the reports


@dataclass(frozen=True)
class Pdf:
    pad: Path
    teksten: list[str]  # per page
    afbeeldingen: list[Path]  # per page, pdftoppm -r 50


class Rapporten:
    """The two PDF reports as ``sto rapport`` writes them (the regioportret for the region
    itself, the national chapter), made by the CLI in a subprocess that runs on the second core
    while the pages are measured; then every page rendered to PNG with pdftoppm."""

    def __init__(self, database: Path, regio: str) -> None:
        self.uit = {naam: ARTEFACTEN / naam for naam in RAPPORTEN}
        for map_ in self.uit.values():
            shutil.rmtree(map_, ignore_errors=True)
        sto = [sys.executable, "-m", "sto_monitor", "--db", str(database), "--quiet", "rapport"]
        opties = ["--formaat", "pdf", "--datum", DATUM.isoformat()]
        self.opdrachten = {
            "regioportret": [*sto, "regio", regio, "--uit", str(self.uit["regioportret"])],
            "landelijk": [*sto, "landelijk", "--uit", str(self.uit["landelijk"])],
        }
        for opdracht in self.opdrachten.values():
            opdracht += opties
        self.uitkomst: dict[str, str | None] = {}  # naam -> None (written) or what went wrong
        self.cache: dict[str, Pdf] = {}
        self.draad = threading.Thread(target=self._maak_alle, daemon=True)
        self.draad.start()

    def _maak_alle(self) -> None:
        for naam, opdracht in self.opdrachten.items():
            try:
                klaar = subprocess.run(opdracht, capture_output=True, text=True, timeout=600)
            except (OSError, subprocess.SubprocessError) as error:
                self.uitkomst[naam] = str(error)
                continue
            uitvoer = (klaar.stdout + klaar.stderr).strip()[-2000:]
            self.uitkomst[naam] = None if klaar.returncode == 0 else uitvoer

    def maak(self, naam: str) -> Pdf:
        if naam not in self.cache:
            self.draad.join(timeout=900)
            if naam not in self.uitkomst:
                pytest.fail(f"sto rapport ({naam}) is na 15 minuten niet klaar")
            if self.uitkomst[naam] is not None:
                opdracht = " ".join(self.opdrachten[naam][2:])
                pytest.fail(f"{opdracht} mislukte:\n{self.uitkomst[naam]}")
            self.cache[naam] = self._lees(self.uit[naam])
        return self.cache[naam]

    def _lees(self, uit: Path) -> Pdf:
        pdfs = sorted(uit.glob("*.pdf"))
        assert len(pdfs) == 1, f"verwacht één PDF in {uit}, gevonden: {[p.name for p in pdfs]}"
        pad = pdfs[0]
        document = pdfium.PdfDocument(pad)
        try:
            teksten = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        finally:
            document.close()
        if shutil.which("pdftoppm") is None:
            ontbreekt("pdftoppm ontbreekt (Debian: poppler-utils)")
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", str(pad), str(uit / "pagina")],
            check=True,
            capture_output=True,
        )
        return Pdf(pad, teksten, sorted(uit.glob("pagina-*.png")))


@pytest.fixture(scope="module")
def rapporten(zicht_db: Path, zicht_snapshot: Snapshot) -> Rapporten:
    """Started before the server (``metingen`` asks for it), so they are made meanwhile."""
    return Rapporten(zicht_db, regio_code(zicht_snapshot))


def niet_wit(png: Path) -> float:
    """The share of pixels that are not (near) white."""
    with Image.open(png) as beeld:
        grijs = beeld.convert("L")
        histogram = grijs.histogram()
        return sum(histogram[:245]) / (grijs.width * grijs.height)


@pytest.mark.parametrize("naam", RAPPORTEN)
def test_rapport_elke_pagina_heeft_inhoud(rapporten: Rapporten, naam: str) -> None:
    pdf = rapporten.maak(naam)
    assert len(pdf.afbeeldingen) == len(pdf.teksten), (
        f"{pdf.pad.name}: pdftoppm gaf {len(pdf.afbeeldingen)} pagina's, pdfium {len(pdf.teksten)}"
    )
    leeg = []
    for nummer, (png, tekst) in enumerate(zip(pdf.afbeeldingen, pdf.teksten, strict=True), 1):
        aandeel = niet_wit(png)
        if aandeel <= 0.01:
            inhoud = re.sub(r"\s+", " ", tekst).strip()
            leeg.append(
                f"  pagina {nummer} ({png.name}): {aandeel:.2%} niet-wit, "
                f"{len(inhoud)} tekens tekst: {inhoud[:120]!r}"
            )
    assert not leeg, f"{pdf.pad.name}: pagina's (bijna) zonder inhoud\n" + "\n".join(leeg)


@pytest.mark.parametrize("naam", RAPPORTEN)
def test_rapport_tekst_zonder_ontwikkelaarstekst(rapporten: Rapporten, naam: str) -> None:
    pdf = rapporten.maak(naam)
    gevonden = []
    for nummer, tekst in enumerate(pdf.teksten, 1):
        tekst = re.sub(r"\ufffe\s*", "-", tekst)  # a word broken at a line end, put back
        gevonden += [f"  pagina {nummer}: {v}" for v in zicht.ontwikkelaarstekst(tekst)]
    assert not gevonden, f"{pdf.pad.name}: {len(gevonden)} gevonden\n" + "\n".join(gevonden)


# ---------------------------------------------------------------- the rules themselves


def test_de_regels_vinden_wat_ze_moeten_vinden() -> None:
    """The text rules on known text, so a page that passes is not a rule that never fires."""
    soorten = [
        v.soort
        for v in zicht.ontwikkelaarstekst(
            "Draai sto ingest map/ of ./dev test --alle; zie docs/web.md, run.py en "
            "../shared/data; kolom aantal_min en tabel vestiging_geo, pc4."
        )
    ]
    assert soorten.count("commando") == 2 and soorten.count("vlag") == 1
    assert soorten.count("pad") >= 3 and soorten.count("identificator") == 3
    schoon = (
        "Het techniekaandeel in 2024/2025 \u2013 landelijk 22,3 % \u2013 per PC4-gebied en regio; "
        "leerlingen, examens en docenten. Zie www.duo.nl of de STO-monitor."
    )
    assert zicht.ontwikkelaarstekst(schoon) == []
    assert {"vestiging_geo", "ind_techniekaandeel", "leerlingen"} & zicht.identificatoren() == {
        "vestiging_geo",
        "ind_techniekaandeel",
    }


PROEFPAGINA = """<!doctype html><html lang="nl"><head><title>proef</title><style>
.knip { width: 100px; overflow: hidden; white-space: nowrap; }
.breed { width: 600px; }
.rol { overflow-x: auto; } .rol table { width: 800px; }
</style></head><body><main>
<p class="knip">Een heel lange zin die niet in honderd pixels past</p>
<div class="breed">te breed</div>
<div class="rol"><table><tbody><tr><td>rolt opzij</td></tr></tbody></table></div>
<p>Draai <code>sto ingest</code> op een map</p>
<span title="kolom aantal_min">x</span>
<figure id="leeg"><figcaption>Figuur 1</figcaption></figure>
<figure id="kaal"><svg width="200" height="100"></svg><figcaption>Figuur 2</figcaption></figure>
<figure id="vol"><svg width="200" height="100"><rect width="50" height="50"/></svg></figure>
<div class="vega" id="grafiek-x"></div>
<script type="application/json" data-grafiek="grafiek-x">{}</script>
<details><summary>Tabel</summary><p>uit tabel vestiging_geo</p></details>
</main></body></html>"""


def test_de_metingen_zien_wat_ze_moeten_zien(browser: Browser) -> None:
    """The probes on a page with every defect once, so a page that passes is not a probe that
    never fires (no server needed)."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.set_content(PROEFPAGINA)
        page.evaluate(zicht.OPEN_ALLES)
        meting = Meting(url="proef")
        meting.tekst = page.evaluate(zicht.ZICHTBARE_TEKST)
        meting.figuren = page.evaluate(zicht.FIGUREN)
        meting.overloop = page.evaluate(zicht.OVERLOOP)
    finally:
        context.close()
    gevonden = "\n".join(tekst(meting))
    assert "commando 'sto ingest'" in gevonden and "'aantal_min'" in gevonden
    assert "'vestiging_geo'" in gevonden  # inside <details>, measured open
    lege = figuren(meting)
    assert any("figure#leeg" in f for f in lege) and any("figure#kaal" in f for f in lege)
    assert any("div#grafiek-x niet getekend" in f for f in lege)
    assert not any("figure#vol" in f for f in lege)
    over = overloop(meting)
    assert any(f.startswith("pagina is ") for f in over)
    assert any("afgekapt" in f and "p.knip" in f for f in over)
    assert any("buiten het venster" in f and "div.breed" in f for f in over)
    assert not any("rolt opzij" in f for f in over)
