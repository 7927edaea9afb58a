"""The commission's assessment and the national team's decision over a real ``sto serve``
(issue 18), with real accounts on a real SQLite application database and a copied warehouse.

The region's application is prepared through ``subsidie.opslag`` (its own pages are another
part); then over HTTP: the commission sees the application and its checks, scores (every
criterion required, an out-of-range score refused with what was typed kept), asks a question
the region answers; the national team refuses a decision whose years do not add up (naming the
difference), decides (years left empty are split evenly to the cent; a refusal grants € 0),
and enters and clears the region's maximum. The commission cannot decide, a region cannot
open the assessment page (its own nor another's), a draft is not shown, the page names roles
and never an account, and the audit log holds every step.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from sto_monitor.accounts.beleid import Actor
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import ParameterError
from sto_monitor.subsidie import laden, opslag
from sto_monitor.subsidie.aanvraag import (
    Aanvraag,
    Activiteit,
    Activum,
    Begrotingsregel,
    Partner,
    Programmalijn,
    Toezegging,
)
from sto_monitor.subsidie.opslag import Status
from sto_monitor.web.pages.subsidie import beoordeling
from tests.web_sessies import (
    Browser,
    Codes,
    Server,
    codes_van,
    csrf_van,
    dashboard_proces,
    ingelogd,
)
from tests.web_sessies import maak_accounts as accounts_maken

CODE = "sto-2025-2028"
PERSONEEL = 5_000_000  # € 50.000 a year
MACHINE = 10_000_000  # € 100.000 over 10 years: € 10.000 a year in the period
AANGEVRAAGD = 4 * (PERSONEEL + 1_000_000)  # € 240.000
_JAAR = re.compile(r'name="(jaar-\d{4})"[^>]*value="([^"]*)"')


def aanvraag(regio: str) -> Aanvraag:
    """A valid application: personeel every year, a machine, a company co-financing 10 %."""
    return Aanvraag(
        regio=regio,
        regeling=CODE,
        programmalijnen=(Programmalijn("p1", "Techniek zichtbaar", "Voor alle leerlingen."),),
        activiteiten=(Activiteit("a1", "p1", "Techniekdagen"),),
        regels=tuple(
            Begrotingsregel("personeel", j, PERSONEEL, "projectleider") for j in range(2025, 2029)
        ),
        activa=(Activum("Lasrobot", "machines", MACHINE, date(2025, 1, 1), 10),),
        partners=(Partner("Techniek BV", "bedrijf"),),
        toezeggingen=tuple(Toezegging("Techniek BV", j, 600_000) for j in range(2025, 2029)),
    )


@dataclass
class Opstelling:
    server: Server
    codes: Codes
    db: AppDatabase
    accounts: dict[str, Actor]

    def als(self, rol: str) -> Browser:
        return ingelogd(self.server.base, self.accounts[rol].email)

    def dossier(self, regio: str) -> opslag.Dossier:
        d = opslag.dossier(self.db, self.accounts["landelijk"], regio, CODE)
        assert d is not None
        return d


def dien_in(o: Opstelling, regio: str, rol: str) -> None:
    regeling = laden.regeling(CODE)
    opslag.bewaar(o.db, o.accounts[rol], aanvraag(regio))
    opslag.dien_in(o.db, o.accounts[rol], regeling, regio)


@pytest.fixture(scope="module")
def opstelling(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    map_ = tmp_path_factory.mktemp("subsidie-beoordeling")
    warehouse = map_ / "web.duckdb"  # a copy: nothing here touches the shared warehouse
    shutil.copyfile(web_db, warehouse)
    codes = codes_van(warehouse)
    with dashboard_proces(warehouse, map_) as server:
        database = AppDatabase.van_url(server.app_db_url)
        accounts = accounts_maken(database, server.settings, codes)
        yield Opstelling(server, codes, database, accounts)
        database.sluit()


def unescape(tekst: str) -> str:
    """The page's text as a reader reads it: entities resolved, fixed spaces as spaces."""
    return html.unescape(tekst).replace("\u00a0", " ")


def scores(**anders: str) -> dict[str, str]:
    velden = {f"score-{c.code}": "4" for c in laden.regeling(CODE).criteria}
    velden.update({f"score-{k}": v for k, v in anders.items()})
    return velden


def test_commission_scores_asks_and_the_national_team_decides(opstelling: Opstelling) -> None:
    o = opstelling
    r = o.codes.regio
    basis = f"/regio/{r}/subsidie/{CODE}/beoordeling"
    opslag.bewaar(o.db, o.accounts["regio_ander"], aanvraag(o.codes.regio_ander))  # a draft
    commissie, landelijk = o.als("commissie"), o.als("landelijk")
    assert commissie.get(f"/regio/{o.codes.regio_ander}/subsidie/{CODE}/beoordeling").status == 404
    dien_in(o, r, "regio")

    pagina = commissie.get(basis)
    assert pagina.status == 200 and pagina.kop("cache-control") == "no-store"
    tekst = unescape(pagina.text)
    for c in laden.regeling(CODE).criteria:
        assert c.naam in tekst and f'name="score-{c.code}" value="{c.maximum_score}"' in tekst
    assert "€ 240.000,00" in tekst and "Lasrobot" in tekst and "Techniek BV" in tekst
    assert 'id="sb-begroting"' in tekst and "Controle van de aanvraag" in tekst
    assert "Cijfers van de monitor" in tekst and "Techniek zichtbaar" in tekst
    assert "/besluit" not in tekst and "/maximum/" not in tekst  # the commission cannot decide
    assert 'href="/subsidie">Subsidieaanvragen beoordelen' in commissie.get("/mijn").text
    token = csrf_van(pagina.text)

    # every criterion is required; what was typed comes back
    velden = {**scores(), "csrf": token, "advies": "toekennen", "advies_bedrag": "240.000"}
    del velden["score-borging"]
    velden["opmerking-samenwerking"] = "Sterk netwerk met het mbo."
    antwoord = commissie.post(basis, velden)
    assert antwoord.status == 400
    tekst = unescape(antwoord.text)
    assert "Duurzaamheid en borging: kies een score" in tekst
    assert ">Sterk netwerk met het mbo.</textarea>" in tekst
    assert 'name="score-bereik" value="4" checked' in tekst
    # out of range: refused, the explanation kept
    velden = {**scores(bereik="9"), "csrf": token, "advies": "aanpassen"}
    velden |= {"advies_bedrag": "veel", "toelichting": "Mooi plan, te duur."}
    antwoord = commissie.post(basis, velden)
    tekst = unescape(antwoord.text)
    assert antwoord.status == 400 and "de score moet tussen 0 en 5 liggen" in tekst
    assert "'veel' is geen bedrag" in tekst and ">Mooi plan, te duur.</textarea>" in tekst
    assert o.dossier(r).beoordelingen == ()

    velden = {**scores(bereik="3"), "csrf": token, "advies": "aanpassen"}
    velden |= {"advies_bedrag": "200.000,50", "toelichting": "Mooi plan, te duur."}
    antwoord = commissie.post(basis, velden)
    assert antwoord.status == 303 and antwoord.kop("location") == (
        f"{basis}?gedaan=beoordeeld#beoordelen"
    )
    (b,) = o.dossier(r).beoordelingen
    assert b.scores["bereik"] == 3 and b.advies_bedrag == 20_000_050
    assert b.opmerkingen == {}
    assert o.dossier(r).status is Status.IN_BEOORDELING

    # a question: an empty one is refused; the region answers
    antwoord = commissie.post(f"/regio/{r}/subsidie/{CODE}/vraag", {"csrf": token, "vraag": " "})
    assert antwoord.status == 400 and "De vraag is leeg" in unescape(antwoord.text)
    vraag = "Hoe bereikt u de scholen in het oosten?"
    antwoord = commissie.post(f"/regio/{r}/subsidie/{CODE}/vraag", {"csrf": token, "vraag": vraag})
    assert antwoord.status == 303
    tekst = unescape(commissie.get(basis + "?gedaan=gevraagd").text)
    assert vraag in tekst and "Nog niet beantwoord." in tekst and "Uw vraag staat" in tekst
    d = o.dossier(r)
    opslag.beantwoord(o.db, o.accounts["regio"], d.id, d.vragen[0].id, "Met een bus.")
    tekst = unescape(commissie.get(basis).text)
    assert "Met een bus." in tekst and "Antwoord van de regio" in tekst
    assert "In beoordeling" in tekst or "in beoordeling" in tekst
    assert "De commissie" in tekst and "commissie@test.nl" not in tekst

    # who may not: the commission decides nothing, regions never see the assessment page
    besluit = {"csrf": token, "uitkomst": "toegekend", "bedrag": "240.000"}
    assert commissie.post(f"/regio/{r}/subsidie/{CODE}/besluit", besluit).status == 403
    assert commissie.post(f"/subsidie/{CODE}/maximum/{r}", {"csrf": token}).status == 403
    eigen, ander = o.als("regio"), o.als("regio_ander")
    assert eigen.get(basis).status == 403
    assert eigen.get(f"/regio/{o.codes.regio_ander}/subsidie/{CODE}/beoordeling").status == 403
    assert ander.get(basis).status == 403
    regio_token = csrf_van(eigen.get(f"/mijn/regio/{r}").text)
    velden = {**scores(), "csrf": regio_token, "advies": "toekennen", "advies_bedrag": "1"}
    assert eigen.post(basis, velden).status == 403
    vraag_pad = f"/regio/{r}/subsidie/{CODE}/vraag"
    assert eigen.post(vraag_pad, {"csrf": regio_token, "vraag": "Zelf?"}).status == 403

    # the national team: the maximum, then a decision whose years do not add up, then one that does
    pagina = landelijk.get(basis)
    tekst = unescape(pagina.text)
    assert pagina.status == 200 and "Besluit vastleggen" in tekst and "niet ingevuld" in tekst
    jaren = dict(_JAAR.findall(pagina.text))
    assert jaren == {f"jaar-{j}": "60.000,00" for j in range(2025, 2029)}
    token = csrf_van(pagina.text)
    maximum = f"/subsidie/{CODE}/maximum/{r}"
    antwoord = landelijk.post(maximum, {"csrf": token, "maximum": "twee ton"})
    assert antwoord.status == 400 and 'value="twee ton"' in antwoord.text
    antwoord = landelijk.post(maximum, {"csrf": token, "maximum": " ", "actie": "bewaren"})
    assert antwoord.status == 400 and "Maximum: vul een bedrag in" in unescape(antwoord.text)
    antwoord = landelijk.post(maximum, {"csrf": token, "maximum": "2.500.000", "actie": "bewaren"})
    assert antwoord.status == 303 and antwoord.kop("location") == f"{basis}?gedaan=maximum#maximum"
    assert "€ 2.500.000,00" in unescape(landelijk.get(basis).text)
    assert opslag.regiomaxima(o.db, CODE) == {r: 250_000_000}
    antwoord = landelijk.post(maximum, {"csrf": token, "maximum": "2.500.000", "actie": "wissen"})
    assert antwoord.status == 303 and opslag.regiomaxima(o.db, CODE) == {}

    fout = {"csrf": token, "uitkomst": "toegekend", "bedrag": "240.000", **jaren}
    fout |= {"jaar-2028": "59.000,00", "besluit_toelichting": "Conform aanvraag."}
    antwoord = landelijk.post(f"/regio/{r}/subsidie/{CODE}/besluit", fout)
    tekst = unescape(antwoord.text)
    assert antwoord.status == 400 and "€ 1.000,00 te weinig verdeeld" in tekst
    assert 'value="59.000,00"' in tekst and ">Conform aanvraag.</textarea>" in tekst
    assert o.dossier(r).besluit is None

    goed = {**fout, "jaar-2028": "60.000,00"}
    antwoord = landelijk.post(f"/regio/{r}/subsidie/{CODE}/besluit", goed)
    assert antwoord.status == 303 and antwoord.kop("location") == f"{basis}?gedaan=besloten#besluit"
    d = o.dossier(r)
    assert d.status is Status.TOEGEKEND and d.besluit is not None
    assert d.besluit.bedrag == AANGEVRAAGD and d.besluit.per_jaar == dict.fromkeys(
        range(2025, 2029), 6_000_000
    )
    tekst = unescape(landelijk.get(basis).text)
    assert "Het besluit is vastgelegd" not in tekst and "Besluit vastleggen" not in tekst
    assert "Toegekend</strong>: € 240.000,00" in tekst
    assert landelijk.post(f"/regio/{r}/subsidie/{CODE}/besluit", goed).status == 400
    openbaar = Browser(o.server.base).get("/subsidie/toegekend")
    assert openbaar.status == 200 and "240.000" in openbaar.text

    # every step in the audit log, by account
    with o.db.transactie() as s:
        regels = [(a.actie, a.wie) for a in audit.lees(s, soort=opslag.SOORT, regio=r, limiet=None)]
    acties = [a for a, _ in regels]
    for actie, wie in (
        ("subsidieaanvraag beoordeeld", "commissie@test.nl"),
        ("vraag gesteld", "commissie@test.nl"),
        ("besluit over subsidieaanvraag", "landelijk@test.nl"),
        ("regiomaximum ingevuld", "landelijk@test.nl"),
        ("regiomaximum gewist", "landelijk@test.nl"),
    ):
        assert any(a == actie and wie in w for a, w in regels), (actie, acties)
    assert acties.count("subsidieaanvraag beoordeeld") == 1


def test_years_left_empty_are_split_evenly_and_a_refusal_grants_nothing(
    opstelling: Opstelling,
) -> None:
    o = opstelling
    r = o.codes.regio_ander
    dien_in(o, r, "regio_ander")
    landelijk = o.als("landelijk")
    pagina = landelijk.get(f"/regio/{r}/subsidie/{CODE}/beoordeling")
    assert pagina.status == 200
    velden = {"csrf": csrf_van(pagina.text), "uitkomst": "aangepast", "bedrag": "200.000,03"}
    velden |= {f"jaar-{j}": "" for j in range(2025, 2029)}
    antwoord = landelijk.post(f"/regio/{r}/subsidie/{CODE}/besluit", velden)
    assert antwoord.status == 303
    besluit = o.dossier(r).besluit
    assert besluit is not None and besluit.uitkomst is Status.AANGEPAST
    # geld.verdeel: the three cents left over go to the first years
    assert besluit.per_jaar == {2025: 5_000_001, 2026: 5_000_001, 2027: 5_000_001, 2028: 5_000_000}

    regeling = laden.regeling(CODE)
    typed = {"uitkomst": "afgewezen", "bedrag": "240.000", "jaar-2025": "60.000"}
    assert beoordeling._besluit(regeling, typed) == (
        Status.AFGEWEZEN,
        0,
        dict.fromkeys(range(2025, 2029), 0),
    )
    with pytest.raises(ParameterError, match="kies een besluit"):
        beoordeling._besluit(regeling, {"bedrag": "1"})
