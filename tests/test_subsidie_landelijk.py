"""The national picture of the subsidy administration, its downloads and the public page
(``subsidie/landelijk.py``, ``xlsx.py``, ``pdf.py``; ``web/pages/subsidie/landelijk.py`` and
``openbaar.py``; issue 18).

- the picture computed by hand: dossiers written through ``opslag`` on a real SQLite
  application database (a region submits, the commission advises, the national team decides
  or refuses, a draft stays a draft), the regulation read from its file, the regions and the
  techniekleerlingen from the shared generated warehouse; every total an exact sum in cents;
  euro per techniekleerling by hand from the published interval;
- the XLSX opened with openpyxl: Dutch headers, amounts equal to the cents / 100, a partner's
  name that starts with "=" stays text;
- the PDF: the region's name and totals in its text (pdftotext), page 1 drawn with pdftoppm
  into build/artefacten/ to be looked at;
- over a real server: the public page shows the granted amounts only (never a draft, a
  refusal, an advice or a score); a region account gets 403 on the national page and the
  XLSX, and another region's PDF is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser as PlaywrightBrowser

from sto_monitor.accounts.beleid import Actor, Rol
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.subsidie import begroting, laden, opslag
from sto_monitor.subsidie.aanvraag import (
    Aanvraag,
    Activum,
    Begrotingsregel,
    Partner,
    Schooldeel,
    Toezegging,
    Verantwoording,
    Verdeling,
)
from sto_monitor.subsidie.geld import Cent, euro, procent
from sto_monitor.subsidie.landelijk import (
    Landelijk,
    bereken,
    landelijk,
    subsidiabel_per_jaar,
)
from sto_monitor.subsidie.monitorcijfers import Telling, per_eenheid, techniekleerlingen
from sto_monitor.subsidie.opslag import Status
from sto_monitor.subsidie.pdf import pdf
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.subsidie.xlsx import BEGROTING, COFINANCIERING, OVERZICHT, PER_JAAR
from tests import zicht
from tests.web_sessies import (
    WACHTWOORD,
    Browser,
    Codes,
    Server,
    codes_van,
    dashboard_proces,
    ingelogd,
    maak_accounts,
)

ARTEFACTEN = Path(__file__).resolve().parent.parent / "build" / "artefacten"
FORMULE = '=HYPERLINK("http://example.com","klik")'
REGELING = "sto-2025-2028"


def _aanvraag(regio: str, personeel: Cent, *, partner: str = "Bouwbedrijf De Vries") -> Aanvraag:
    """A valid application: personnel over four years, a machine, co-financing above 7.5 %."""
    return Aanvraag(
        regio=regio,
        regeling=REGELING,
        regels=tuple(Begrotingsregel("personeel", j, personeel) for j in range(2025, 2029)),
        activa=(Activum("CNC-freesmachine", "machines", 100_000_00, dt.date(2025, 1, 1), 10),),
        partners=(Partner(partner, "bedrijf"),),
        toezeggingen=(Toezegging(partner, 2025, personeel), Toezegging(partner, 2026, personeel)),
        verdeling=Verdeling(
            "naar_rato",
            10_000_00,
            (Schooldeel("00AA00", "Techniek College", 30), Schooldeel("00BB00", "Vakschool", 70)),
        ),
    )


def _regio(regio: str) -> Actor:
    """The programme leader of ``regio`` (writes only its own application)."""
    return Actor(
        900, f"pl-{regio.lower()}@test.nl", "Programmaleider", Rol.REGIO, frozenset({regio})
    )


@dataclass(frozen=True)
class Opstelling:
    server: Server
    codes: Codes
    db: AppDatabase
    accounts: dict[str, Actor]
    regeling: Regeling
    snap: Snapshot
    regios: tuple[str, ...]  # toegekend, afgewezen, in beoordeling, concept

    def als(self, rol: str) -> Browser:
        return ingelogd(self.server.base, f"{rol}@test.nl")


@pytest.fixture(scope="module")
def opstelling(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    map_ = tmp_path_factory.mktemp("subsidie-landelijk")
    warehouse = map_ / "web.duckdb"
    shutil.copyfile(web_db, warehouse)
    codes = codes_van(warehouse)
    snap = laad(warehouse)
    regeling = laden.regeling(REGELING)
    with dashboard_proces(warehouse, map_) as server:
        database = AppDatabase.van_url(server.app_db_url)
        accounts = maak_accounts(database, server.settings, codes)
        regios = _dossiers(database, accounts, regeling, snap, codes)
        yield Opstelling(server, codes, database, accounts, regeling, snap, regios)
        database.sluit()


def _dossiers(
    db: AppDatabase, accounts: dict[str, Actor], regeling: Regeling, snap: Snapshot, codes: Codes
) -> tuple[str, ...]:
    """Four applications: granted (the own region), refused (the other region), in
    assessment and a draft (the next two regions of the snapshot)."""
    overige = [c for c in sorted(snap.regios) if c not in (codes.regio, codes.regio_ander)]
    toegekend, afgewezen, beoordeling, concept = codes.regio, codes.regio_ander, *overige[:2]
    landelijk_, commissie = accounts["landelijk"], accounts["commissie"]

    def maak(regio: str, personeel: Cent, partner: str = "Bouwbedrijf De Vries") -> int:
        actor = _regio(regio)
        opslag.bewaar(db, actor, _aanvraag(regio, personeel, partner=partner))
        d = opslag.dien_in(db, actor, regeling, regio)
        return d.id

    scores = {c.code: 4 for c in regeling.criteria}
    a = maak(toegekend, 50_000_00, partner=FORMULE)
    opslag.beoordeel(
        db, commissie, regeling, a, scores=scores, opmerkingen={}, advies="aanpassen",
        advies_bedrag=180_000_00,
    )  # fmt: skip
    opslag.beslis(
        db, landelijk_, a, uitkomst=Status.AANGEPAST, bedrag=180_000_00,
        per_jaar={2025: 45_000_00, 2026: 45_000_00, 2027: 45_000_00, 2028: 45_000_00},
    )  # fmt: skip
    # the first year's accountability: € 1.000 co-financing realised, behind its path
    verantwoording = Verantwoording(
        toegekend, REGELING, 2025,
        realisatie=(Begrotingsregel("personeel", 2025, 44_000_00),),
        afschrijving_geboekt=10_000_00,
        cofinanciering=(Toezegging(FORMULE, 2025, 1_000_00),),
    )  # fmt: skip
    opslag.bewaar_verantwoording(db, _regio(toegekend), verantwoording, indienen=True)
    b = maak(afgewezen, 30_000_00)
    opslag.beoordeel(
        db, commissie, regeling, b, scores=scores, opmerkingen={}, advies="afwijzen",
        advies_bedrag=0,
    )  # fmt: skip
    opslag.beslis(db, landelijk_, b, uitkomst=Status.AFGEWEZEN, bedrag=0, per_jaar={})
    c = maak(beoordeling, 20_000_00)
    opslag.beoordeel(
        db, commissie, regeling, c, scores=scores, opmerkingen={"bereik": "Geheime score."},
        advies="toekennen", advies_bedrag=77_777_77,
    )  # fmt: skip
    opslag.bewaar(db, _regio(concept), _aanvraag(concept, 12_345_67))
    return toegekend, afgewezen, beoordeling, concept


def _half_op(teller: int, noemer: int) -> int:
    """teller / noemer rounded half up, by hand (integers only)."""
    return (2 * teller + noemer) // (2 * noemer)


# ---------------------------------------------------------------- sums and ratios by hand


def test_amount_per_student_is_exact_or_a_range() -> None:
    assert per_eenheid(100, Telling(3, 3, "3")) == per_eenheid(100, Telling(3, 3, "3"))
    drie = per_eenheid(200, Telling(3, 3, "3"))
    assert drie is not None and (drie.laag, drie.hoog) == (67, 67)  # 66,67 cent: half up
    band = per_eenheid(180_000_00, Telling(76, 97, "76-97"))
    assert band is not None and (band.laag, band.hoog) == (185_567, 236_842)
    assert band.tekst == "€ 1.855,67 tot € 2.368,42"
    open_ = per_eenheid(10_00, Telling(0, 4, "<5"))
    assert open_ is not None and open_.hoog is None and open_.tekst == "ten minste € 2,50"
    assert per_eenheid(10_00, Telling(None, None, "x")) is None  # hidden: no number at all
    assert per_eenheid(10_00, Telling(0, 0, "0")) is None
    assert procent(Fraction(3, 40)) == "7,5 %" and procent(Fraction(1, 10)) == "10 %"


def test_the_national_picture_by_hand(opstelling: Opstelling) -> None:
    o = opstelling
    toegekend, afgewezen, beoordeling, concept = o.regios
    beeld = landelijk(o.db, o.accounts["commissie"], o.regeling, o.snap)
    regels = {r.regio: r for r in beeld.regios}
    # every region of the set appears, those without an application too
    assert set(o.snap.regios) <= set(regels)
    zonder = [r for r in beeld.regios if r.regio not in o.regios]
    assert zonder and all(r.status is None and r.status_tekst == "geen aanvraag" for r in zonder)
    assert all(r.aangevraagd is None and r.toegekend is None for r in zonder)

    # each submitted application: four years of personnel and the machine's depreciation
    # within the period (€ 100.000 over 10 years from 1 January 2025: € 40.000)
    machine = 40_000_00
    assert regels[toegekend].aangevraagd == 4 * 50_000_00 + machine
    assert regels[afgewezen].aangevraagd == 4 * 30_000_00 + machine
    assert regels[beoordeling].aangevraagd == 4 * 20_000_00 + machine
    assert regels[toegekend].aangevraagd_per_jaar == {j: 60_000_00 for j in range(2025, 2029)}
    for d in opslag.dossiers(o.db, o.accounts["landelijk"], REGELING):  # as the budget table
        tabel = begroting.bereken(d.aanvraag, o.regeling)
        assert subsidiabel_per_jaar(d.aanvraag, o.regeling) == tabel.subsidiabel_per_jaar
    # a draft shows its status only
    c = regels[concept]
    assert c.status is Status.CONCEPT and c.aangevraagd is None and c.per_techniekleerling is None
    assert c.cofinanciering.toegezegd == 0

    assert [r.status for r in (regels[x] for x in o.regios)] == [
        Status.AANGEPAST, Status.AFGEWEZEN, Status.IN_BEOORDELING, Status.CONCEPT,
    ]  # fmt: skip
    assert (regels[toegekend].geadviseerd, regels[beoordeling].geadviseerd) == (
        180_000_00,
        77_777_77,
    )
    assert regels[toegekend].toegekend == 180_000_00 and regels[afgewezen].toegekend == 0
    assert regels[beoordeling].toegekend is None

    # totals: exact sums in cents
    assert beeld.aangevraagd == 240_000_00 + 160_000_00 + 120_000_00
    assert beeld.geadviseerd == 180_000_00 + 0 + 77_777_77
    assert beeld.toegekend == 180_000_00
    assert [(j.jaar, j.aangevraagd, j.toegekend, j.plafond) for j in beeld.jaren] == [
        (j, 130_000_00, 45_000_00, None) for j in range(2025, 2029)
    ]
    assert sum(j.toegekend for j in beeld.jaren) == beeld.toegekend
    assert sum(j.aangevraagd for j in beeld.jaren) == beeld.aangevraagd
    assert beeld.ruimte_totaal == 368_640_080_00 - 180_000_00 and not beeld.boven_totaal
    assert beeld.per_status["toegekend met aangepast bedrag"] == 1
    assert sum(beeld.per_status.values()) == len(beeld.regios)

    # euro per techniekleerling by hand from the published cell (an interval or exact)
    jaar, tellingen = techniekleerlingen(o.snap)
    assert jaar == max(o.snap.jaren)
    t = tellingen[toegekend]
    assert t.laag is not None and t.hoog is not None and t.hoog > 0
    p = regels[toegekend].per_techniekleerling
    assert p is not None and regels[toegekend].grondslag == "toegekend"
    assert p.laag == _half_op(180_000_00, t.hoog)
    assert p.hoog == (_half_op(180_000_00, t.laag) if t.laag else None)
    v = regels[toegekend].vestigingen
    assert v == sum(1 for x in o.snap.vestigingen if x.regio == toegekend) and v > 0
    pv = regels[toegekend].per_vestiging
    assert pv is not None and pv.laag == pv.hoog == _half_op(180_000_00, v)
    # the one in assessment: per student of what it applied for; a refusal: none
    assert regels[beoordeling].grondslag == "aangevraagd"
    assert regels[beoordeling].bedrag == regels[beoordeling].aangevraagd
    assert regels[afgewezen].bedrag is None and regels[afgewezen].per_techniekleerling is None

    # co-financing: committed 2 x € 50.000 against 7,5 % of the amount granted
    cofi = regels[toegekend].cofinanciering
    assert (cofi.toegezegd, cofi.doel, cofi.gerealiseerd) == (100_000_00, 13_500_00, 1_000_00)
    # the path: a quarter of € 13.500 by the end of 2025, so € 1.000 is behind it
    assert (cofi.tot_jaar, cofi.pad, cofi.achter) == (2025, 3_375_00, True)
    assert not cofi.toezegging_te_laag
    assert regels[beoordeling].cofinanciering.tot_jaar is None
    assert beeld.toegezegd == sum(r.cofinanciering.toegezegd for r in beeld.regios)


def test_a_ceiling_that_is_exceeded(opstelling: Opstelling) -> None:
    """With a ceiling of € 40.000 in 2025 the € 45.000 granted exceeds it by € 5.000; a
    techniekluw region granted more than the regulation's maximum is named."""
    o = opstelling
    dossiers = opslag.dossiers(o.db, o.accounts["landelijk"], REGELING)
    plafonds = {2025: 40_000_00, 2026: 50_000_00, 2027: None, 2028: None}
    krap = replace(o.regeling, plafond_per_jaar=plafonds, plafond_totaal=100_000_00)
    beeld = bereken(krap, o.snap, dossiers, {})
    j2025, j2026, j2027, _ = beeld.jaren
    assert (j2025.overschreden, j2025.ruimte) == (True, -5_000_00)
    assert (j2026.overschreden, j2026.ruimte) == (False, 5_000_00)
    assert (j2027.ruimte, j2027.plafond_tekst) == (None, "niet ingevuld")
    assert beeld.boven_totaal and beeld.ruimte_totaal == -80_000_00
    assert beeld.techniekluw_boven == ()
    luw = replace(o.regeling, maximum_techniekluw=100_000_00)
    regio = o.snap.regios[o.regios[0]]
    snap_luw = replace(
        o.snap, regios={**o.snap.regios, regio.code: replace(regio, techniekluw=True)}
    )
    boven = bereken(luw, snap_luw, dossiers, {o.regios[2]: 100_000_00})
    assert [r.regio for r in boven.techniekluw_boven] == [o.regios[0]]
    # a maximum the national team entered: the one in assessment applies for more
    assert [r.regio for r in boven.regios if r.boven_maximum] == [o.regios[2]]


def test_a_region_sees_only_its_own_line(opstelling: Opstelling) -> None:
    o = opstelling
    eigen = landelijk(o.db, o.accounts["regio"], o.regeling, o.snap)
    met_aanvraag = [r.regio for r in eigen.regios if r.status is not None]
    assert met_aanvraag == [o.codes.regio]


# ---------------------------------------------------------------- the downloads


def _beeld(o: Opstelling) -> tuple[Landelijk, list[opslag.Dossier]]:
    dossiers = opslag.dossiers(o.db, o.accounts["landelijk"], REGELING)
    return bereken(o.regeling, o.snap, dossiers, {}), dossiers


def _kop(sheet: object, eerste: str = "Regio") -> tuple[int, list[str]]:
    for rij in sheet.iter_rows():  # type: ignore[attr-defined]
        if rij[0].value == eerste:
            return rij[0].row, [c.value for c in rij]
    raise AssertionError(f"geen kopregel in {sheet}")


def test_the_xlsx_for_dus_i(opstelling: Opstelling) -> None:
    o = opstelling
    antwoord = o.als("commissie").get(f"/subsidie/{REGELING}/download.xlsx")
    assert antwoord.status == 200 and antwoord.kop("cache-control") == "no-store"
    naam = f"subsidie-{REGELING}-per-regio-synthetisch.xlsx"
    assert naam in (antwoord.kop("content-disposition") or "")
    boek = openpyxl.load_workbook(io.BytesIO(antwoord.body))
    assert boek.sheetnames == [OVERZICHT, PER_JAAR, BEGROTING, COFINANCIERING]

    blad = boek[OVERZICHT]
    assert blad["A1"].value == "Synthetische demogegevens, geen echte cijfers."
    rij, koppen = _kop(blad)
    assert koppen[:6] == [
        "Regio",
        "Regionaam",
        "Status",
        "Aangevraagd",
        "Advies commissie",
        "Toegekend",
    ]
    beeld, _ = _beeld(o)
    regels = {r.regio: r for r in beeld.regios}
    gezien = set()
    for cellen in blad.iter_rows(min_row=rij + 1):
        code = cellen[0].value
        if code not in regels:
            continue
        gezien.add(code)
        r = regels[code]
        for kolom, cent in (("Aangevraagd", r.aangevraagd), ("Toegekend", r.toegekend)):
            cel = cellen[koppen.index(kolom)]
            if cent is None:
                assert cel.value is None
            else:
                assert Decimal(str(cel.value)) == Decimal(cent) / 100, (code, kolom)
                assert "€" in cel.number_format and "0.00" in cel.number_format
    assert gezien == set(regels)
    totaal = next(c for c in blad.iter_rows(min_row=rij + 1) if c[0].value == "Totaal")
    assert Decimal(str(totaal[koppen.index("Toegekend")].value)) == Decimal(beeld.toegekend) / 100

    blad = boek[COFINANCIERING]
    rij, koppen = _kop(blad)
    partners = [c[koppen.index("Partner")] for c in blad.iter_rows(min_row=rij + 1) if c[0].value]
    formule = [c for c in partners if "HYPERLINK" in str(c.value)]
    assert formule and all(c.value == "'" + FORMULE and c.data_type == "s" for c in formule)
    rijen = [[c.value for c in r] for r in blad.iter_rows(min_row=rij + 1) if r[0].value]
    eerste = next(r for r in rijen if r[koppen.index("Partner")] == "'" + FORMULE)
    assert eerste[koppen.index("Jaar")] == 2025
    assert Decimal(str(eerste[koppen.index("Gerealiseerd")])) == Decimal("1000.00")
    assert Decimal(str(eerste[koppen.index("Toegezegd")])) == Decimal("50000.00")
    # nothing in the workbook is a formula
    for sheet in boek:
        for cellen in sheet.iter_rows():
            assert all(c.data_type != "f" for c in cellen)

    blad = boek[BEGROTING]
    rij, koppen = _kop(blad)
    eigen = [c for c in blad.iter_rows(min_row=rij + 1) if c[0].value == o.regios[0]]
    som = sum(Decimal(str(c[koppen.index("Bedrag")].value)) for c in eigen)
    assert som == Decimal(4 * 50_000_00 + 40_000_00) / 100  # all categories are subsidiable
    assert not [c for c in blad.iter_rows(min_row=rij + 1) if c[0].value == o.regios[3]]


def test_the_pdf_of_a_region(opstelling: Opstelling) -> None:
    o = opstelling
    regio = o.codes.regio
    antwoord = o.als("regio").get(f"/regio/{regio}/subsidie/{REGELING}/overzicht.pdf")
    assert antwoord.status == 200 and antwoord.body.startswith(b"%PDF")
    assert "-synthetisch.pdf" in (antwoord.kop("content-disposition") or "")
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    pad = ARTEFACTEN / "subsidie-overzicht.pdf"
    pad.write_bytes(antwoord.body)
    tekst = subprocess.run(
        ["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert o.snap.regio(regio).naam in tekst
    assert euro(4 * 50_000_00 + 40_000_00) in tekst  # applied for
    assert euro(180_000_00) in tekst  # granted
    assert euro(60_000_00) in tekst  # the machine's part after the period
    assert "Synthetische demogegevens" in tekst
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(pad), str(pad.with_suffix(""))],
        check=True,
    )
    beeld = ARTEFACTEN / "subsidie-overzicht-1.png"
    assert beeld.is_file() and beeld.stat().st_size > 20_000
    # the same bytes from the domain (the date is the decision's day)
    d = opslag.dossier(o.db, o.accounts["landelijk"], regio, REGELING)
    assert d is not None and pdf(d, o.regeling, o.snap) == antwoord.body


# ---------------------------------------------------------------- over HTTP


def test_the_public_page_shows_granted_amounts_only(opstelling: Opstelling) -> None:
    o = opstelling
    toegekend, afgewezen, beoordeling, concept = o.regios
    pagina = Browser(o.server.base).get("/subsidie/toegekend")
    assert pagina.status == 200 and "no-store" not in (pagina.kop("cache-control") or "")
    tekst = pagina.text
    assert f'data-regio="{toegekend}"' in tekst and euro(180_000_00) in tekst
    for regio in (afgewezen, beoordeling, concept):
        assert f'data-regio="{regio}"' not in tekst
    for geheim in ("77.777,77", "Geheime score", "afgewezen", "beoordeling", "advies", "concept"):
        assert geheim not in tekst, geheim
    assert euro(240_000_00) not in tekst  # never the amount applied for


def test_rights_over_http(opstelling: Opstelling) -> None:
    o = opstelling
    regio, ander = o.codes.regio, o.codes.regio_ander
    pl = o.als("regio")
    assert pl.get("/subsidie").status == 403
    assert pl.get(f"/subsidie/{REGELING}/download.xlsx").status == 403
    assert pl.get(f"/regio/{ander}/subsidie/{REGELING}/overzicht.pdf").status == 403
    assert pl.get(f"/regio/{regio}/subsidie/{REGELING}/overzicht.pdf").status == 200
    assert Browser(o.server.base).get("/subsidie").status in (302, 303, 307)
    for rol in ("commissie", "landelijk"):
        b = o.als(rol)
        pagina = b.get("/subsidie")
        assert pagina.status == 200 and pagina.kop("cache-control") == "no-store"
        assert b.get(f"/regio/{ander}/subsidie/{REGELING}/overzicht.pdf").status == 200
    # a draft's PDF: its own region only
    concept = f"/regio/{o.regios[3]}/subsidie/{REGELING}/overzicht.pdf"
    assert o.als("commissie").get(concept).status == 404
    pagina = o.als("commissie").get(f"/subsidie?regeling={REGELING}")
    assert euro(180_000_00) in pagina.text and "77.777,77" in pagina.text
    assert "achter op het pad (€ 3.375,00)" in pagina.text
    assert f'href="/regio/{regio}/subsidie/{REGELING}"' in pagina.text
    assert 'id="subsidiekaart"' in pagina.text or "gemeentegrenzen" in pagina.text
    assert o.als("commissie").get("/subsidie?regeling=bestaat-niet").status == 404
    assert o.als("commissie").get(f"/subsidie/{REGELING}/download.csv").status == 404


# ---------------------------------------------------------------- as a person sees it


def test_the_pages_in_chromium(opstelling: Opstelling, browser: PlaywrightBrowser) -> None:
    """Both pages photographed at 1366 and 375 px into build/artefacten/: never wider than
    the screen, no developer words; the map's legend and the table say the same status."""
    o = opstelling
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=o.server.base, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    problemen: list[str] = []

    def bekijk(naam: str) -> None:
        for breedte in (1366, 375):
            page.set_viewport_size({"width": breedte, "height": 900})
            page.screenshot(path=str(ARTEFACTEN / f"subsidie-{naam}-{breedte}.png"), full_page=True)
            breed = page.evaluate("() => document.documentElement.scrollWidth")
            if breed > breedte:
                problemen.append(f"{naam} @ {breedte}px is {breed}px breed")
        problemen.extend(f"{naam}: {v}" for v in zicht.ontwikkelaarstekst(page.inner_text("main")))

    page.goto("/subsidie/toegekend")
    bekijk("openbaar")
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(o.accounts["commissie"].email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.goto("/subsidie")
    rij = page.locator(f'#sub-regios tr[data-regio="{o.regios[0]}"]')
    assert "toegekend met aangepast bedrag" in rij.inner_text()
    bekijk("landelijk")
    context.close()
    assert not problemen, problemen
