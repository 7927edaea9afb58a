"""The region's planning over real HTTP: a real ``sto serve`` on a copy of the shared warehouse.

The builder's numbers equal ``sto scenario toon --formaat json`` (the real CLI, on the same
warehouse and application database) for the same changes; without JavaScript a link or form
adds and removes a change; a private scenario stays the region's own, a shared one reaches
the national team and the commission, and neither reaches the public copy; another region and
the national team cannot plan; the region's ondergrens becomes the optimiser's minimum group,
on the page and in ``sto optimaliseer``, with its audit record; the optimiser shows the
"waarom" of every change and its proposal can be saved as a scenario.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from sto_monitor import db
from sto_monitor.appdb import audit
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.errors import ForbiddenError
from sto_monitor.planner import model as planmodel
from sto_monitor.planner import opslag
from sto_monitor.planner.model import Regiomodel
from sto_monitor.planner.optimaliseer import optimaliseer
from sto_monitor.planner.scenario import Scenario, Wijziging, evalueer, pas_toe
from sto_monitor.web.pages.plannen.cijfers import procent
from tests.web_sessies import Antwoord, Browser, Ingericht, ingericht

_CSRF = re.compile(r'data-csrf="([^"]+)"')


@dataclass
class Opstelling(Ingericht):
    model: Regiomodel


@pytest.fixture(scope="module")
def opstelling(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opstelling]:
    with ingericht(web_db, tmp_path_factory.mktemp("plannen-web")) as i:
        con = db.connect(i.warehouse, read_only=True)
        try:
            model = planmodel.laad(con, i.codes.regio)
        finally:
            con.close()
        yield Opstelling(**i.velden(), model=model)


@pytest.fixture
def o(opstelling: Opstelling) -> Opstelling:
    return opstelling


def pad(o: Opstelling, rest: str = "") -> str:
    return f"/regio/{o.codes.regio}/plannen{rest}"


def token(browser: Browser, o: Opstelling) -> str:
    pagina = browser.get(pad(o))
    assert pagina.status == 200, pagina.text[:500]
    gevonden = _CSRF.search(pagina.text)
    assert gevonden, "geen CSRF-token op de scenariobouwer"
    return gevonden.group(1)


def wijzigingen(m: Regiomodel) -> list[str]:
    """A close, an open and a merge the region's offering allows (as ``w`` values)."""
    (v, p, lw), _ = max(m.aanbod.items(), key=lambda kv: (kv[1], kv[0]))
    uit = [f"sluit:{v}:{p}:{lw}"]
    nieuw = next(
        (c, p2, lw2)
        for (c, p2, lw2) in ((c, p2, lw2) for c in m.eigen for p2 in planmodel.TECHNIEK
                             for lw2 in sorted(m.leerwegen.get(c, ())))
        if (c, p2, lw2) not in m.aanbod and lw2 in planmodel.LEERWEGEN
    )  # fmt: skip
    uit.append(f"open:{nieuw[0]}:{nieuw[1]}:{nieuw[2]}:7")
    rest = [k for k in m.aanbod if k != (v, p, lw)]
    if rest:
        (v2, p2, lw2) = rest[0]
        naar = next((c for c in m.eigen if c != v2 and lw2 in m.leerwegen.get(c, ())), None)
        if naar is not None:
            uit.append(f"samen:{v2}:{p2}:{lw2}:{naar}")
    return uit


def _q(v: str) -> str:
    return quote(v, safe="")


def post(browser: Browser, o: Opstelling, doel: str, velden: list[tuple[str, str]]) -> Antwoord:
    """A form post with repeated fields (``w``), as a browser sends it."""
    csrf = token(browser, o)
    adres = urlsplit(o.base)
    verbinding = http.client.HTTPConnection(adres.hostname or "", adres.port, timeout=60)
    try:
        verbinding.request(
            "POST",
            doel,
            body=urlencode([("csrf", csrf), *velden]).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
            },
        )
        antwoord = verbinding.getresponse()
        return Antwoord(antwoord.status, antwoord.getheaders(), antwoord.read())
    finally:
        verbinding.close()


def cli(o: Opstelling, *args: str) -> Any:
    """The real ``sto`` command on the same warehouse and application database; its JSON."""
    uit = subprocess.run(
        [sys.executable, "-m", "sto_monitor", "--db", str(o.warehouse), *args],
        env={**os.environ, "STO_APP_DB": o.server.app_db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uit.returncode == 0, uit.stderr
    return json.loads(uit.stdout)


# ---------------------------------------------------------------- the builder


def test_the_web_gives_the_numbers_of_sto_scenario(o: Opstelling) -> None:
    regio = o.als("regio")
    w = wijzigingen(o.model)
    velden = [("w", x) for x in w]
    antwoord = post(regio, o, pad(o, "/doorrekenen"), velden)
    assert antwoord.status == 200, antwoord.text[:800]
    assert antwoord.kop("cache-control") == "no-store"
    web = json.loads(antwoord.body)
    assert set(web["delen"]) == {"plan-kaart", "plan-cijfers", "plan-wijzigingen"}
    assert len(web["scenario"]["wijzigingen"]) == len(w)

    bewaard = post(
        regio,
        o,
        pad(o, "/bewaar"),
        [*velden, ("naam", "web-en-cli"), ("omschrijving", "dezelfde cijfers"), ("gedeeld", "nee")],
    )
    assert bewaard.status == 303, bewaard.text[:800]
    assert bewaard.kop("location") == f"/regio/{o.codes.regio}/scenarios?gedaan=bewaard"

    terminal = cli(o, "scenario", "toon", "web-en-cli", "--formaat", "json")
    assert terminal["uitkomst"] == web["uitkomst"]
    assert terminal["vandaag"] == web["vandaag"]
    assert terminal["scenario"]["wijzigingen"] == web["scenario"]["wijzigingen"]

    # and the page shows the same score, in Dutch notation
    query = "&".join(f"w={_q(x)}" for x in w)
    pagina = regio.get(pad(o, f"?{query}")).text
    score = procent(terminal["uitkomst"]["score"])
    assert f'<td class="anders">{score}' in pagina or f"<td>{score}" in pagina
    assert "Dit scenario" in pagina


def test_without_javascript_a_link_adds_and_removes_a_change(o: Opstelling) -> None:
    regio = o.als("regio")
    (v, p, lw) = next(iter(o.model.aanbod))
    basis = f"profiel={_q(p)}&leerweg={lw}"
    kies = regio.get(pad(o, f"?{basis}&kies={v}"))
    assert kies.status == 200 and 'id="plan-actie"' in kies.text
    assert 'name="actie" value="sluit"' in kies.text and 'value="samenvoegen"' in kies.text
    # a point on the map is a link that opens the vestiging's actions
    assert re.search(rf'<a class="plan-punt[^"]*" href="[^"]*kies={v}', kies.text)

    toegevoegd = regio.get(pad(o, f"?{basis}&actie=sluit&vestiging={v}"))
    assert toegevoegd.status == 303
    naar = toegevoegd.kop("location") or ""
    assert parse_qs(urlsplit(naar).query)["w"] == [f"sluit:{v}:{p}:{lw}"]
    pagina = regio.get(naar.removeprefix(o.base).split("#")[0])
    assert pagina.status == 200 and "Ongedaan maken" in pagina.text
    assert f"Sluit {p} {lw} bij" in unescape(pagina.text) and "Dit scenario" in pagina.text

    # the same change again cannot be made: refused with the reason, the scenario kept
    dubbel = regio.get(naar.split("#")[0].removeprefix(o.base) + f"&actie=sluit&vestiging={v}")
    assert dubbel.status == 400 and "Die wijziging kan niet" in dubbel.text
    terug = re.search(r'href="([^"]+)" data-plan="terug">Ongedaan maken', pagina.text)
    assert terug
    leeg = regio.get(terug.group(1).replace("&amp;", "&"))
    assert leeg.status == 200 and "Nog geen wijzigingen" in leeg.text


# ---------------------------------------------------------------- saved scenarios


def test_private_stays_with_the_region_shared_reaches_the_national_team(o: Opstelling) -> None:
    regio = o.als("regio")
    velden = [("w", wijzigingen(o.model)[0])]
    for naam, gedeeld in (("eigen-plan", "nee"), ("gedeeld-plan", "ja")):
        antwoord = post(
            regio, o, pad(o, "/bewaar"), [*velden, ("naam", naam), ("gedeeld", gedeeld)]
        )
        assert antwoord.status == 303, antwoord.text[:500]
    dubbel = post(regio, o, pad(o, "/bewaar"), [*velden, ("naam", "eigen-plan")])
    assert dubbel.status == 400 and "Er is al een scenario met de naam" in dubbel.text
    assert 'value="eigen-plan"' in dubbel.text  # what was typed is kept

    lijst = f"/regio/{o.codes.regio}/scenarios"
    eigen = regio.get(lijst).text
    assert "eigen-plan" in eigen and "gedeeld-plan" in eigen and "Verwijderen" in eigen
    for rol in ("landelijk", "commissie"):
        browser = o.als(rol)
        tekst = browser.get(lijst).text
        assert "gedeeld-plan" in tekst and "eigen-plan" not in tekst and "Verwijderen" not in tekst
        assert browser.get(f"{lijst}/gedeeld-plan").status == 200
        assert browser.get(f"{lijst}/eigen-plan").status == 404
    assert regio.get(f"{lijst}/eigen-plan").status == 200
    assert o.als("regio_ander").get(lijst).status == 403

    # the public copy (what `sto build` puts in the warehouse) holds neither
    kopie = o.map / "kopie.duckdb"
    shutil.copyfile(o.warehouse, kopie)
    con = db.connect(kopie)
    try:
        naar_warehouse(o.db, con)
        namen = {s.naam for s in opslag.uit_warehouse(con)}
    finally:
        con.close()
    assert not namen & {"eigen-plan", "gedeeld-plan", "web-en-cli"}

    # the region deletes its own, audited with the person
    weg = post(regio, o, f"/regio/{o.codes.regio}/scenarios/verwijder", [("naam", "eigen-plan")])
    assert weg.status == 303 and "eigen-plan" not in regio.get(lijst).text
    with o.db.transactie() as sessie:
        regels = audit.lees(sessie, regio=o.codes.regio, soort=opslag.SOORT)
        acties = {(r.actie, r.object_id, r.wie) for r in regels}
    wie = o.accounts["regio"].wie
    assert ("scenario bewaard", "gedeeld-plan", wie) in acties
    assert ("scenario verwijderd", "eigen-plan", wie) in acties


def test_the_domain_asks_the_policy_again(o: Opstelling) -> None:
    """Whatever a route lets through, storing asks ``PLANNEN`` on the scenario's own regio."""
    (v, p, lw) = next(iter(o.model.aanbod))
    ander = Scenario(
        "elders", o.codes.regio_ander, o.model.schooljaar, (Wijziging("sluit", v, p, lw),)
    )
    for rol in ("regio_ander", "landelijk"):
        actor = o.accounts["regio" if rol == "regio_ander" else rol]
        doel = ander if rol == "regio_ander" else replace(ander, regio=o.codes.regio)
        with pytest.raises(ForbiddenError):
            opslag.bewaar(o.db, None, doel, actor=actor, model=o.model)
    eigen = replace(ander, naam="van-de-regio", regio=o.codes.regio)
    opslag.bewaar(o.db, None, eigen, actor=o.accounts["regio"], model=o.model)
    with pytest.raises(ForbiddenError):
        opslag.verwijder(o.db, "van-de-regio", actor=o.accounts["regio_ander"])
    opslag.verwijder(o.db, "van-de-regio", actor=o.accounts["regio"])


def test_nobody_else_plans_for_the_region(o: Opstelling) -> None:
    for rol in ("regio_ander", "landelijk", "commissie", "school"):
        browser = o.als(rol)
        for route in ("", "/optimaliseer"):
            assert browser.get(pad(o, route)).status == 403, (rol, route)
        csrf = browser.csrf()
        for route in ("/doorrekenen", "/bewaar", "/ondergrens"):
            antwoord = browser.post(pad(o, route), {"csrf": csrf, "naam": "x", "ondergrens": "9"})
            assert antwoord.status == 403, (rol, route)
    anoniem = Browser(o.base).get(pad(o))
    assert anoniem.status == 303 and (anoniem.kop("location") or "").startswith("/inloggen")


# ---------------------------------------------------------------- the optimiser


def test_the_ondergrens_is_the_optimisers_minimum_group_everywhere(o: Opstelling) -> None:
    regio = o.als("regio")
    csrf = token(regio, o)
    antwoord = regio.post(pad(o, "/ondergrens"), {"csrf": csrf, "ondergrens": "14"})
    assert antwoord.status == 303
    assert antwoord.kop("location") == pad(o, "/optimaliseer?gedaan=ondergrens")
    with o.db.transactie() as sessie:
        (regel,) = [
            r for r in audit.lees(sessie, regio=o.codes.regio) if r.actie == "ondergrens gezet"
        ]
        assert (regel.wie, regel.na) == (o.accounts["regio"].wie, {"ondergrens": 14})

    pagina = regio.get(pad(o, "/optimaliseer?gedaan=ondergrens"))
    assert pagina.status == 200, pagina.text[:800]
    assert 'name="min_groep" value="14"' in pagina.text
    assert "De ondergrens van de regio is 14 (door de regio ingesteld)" in pagina.text
    assert "Het voorstel" in pagina.text and "minimale groep van 14" in pagina.text
    if "Geen wijzigingen" not in pagina.text:
        assert 'class="waarom"' in pagina.text

    terminal = cli(o, "optimaliseer", "--regio", o.codes.regio, "--formaat", "json")
    assert terminal["instellingen"]["min_groep"] == 14


def test_the_optimiser_explains_and_its_proposal_is_saved_as_a_scenario(o: Opstelling) -> None:
    regio = o.als("regio")
    pagina = regio.get(pad(o, "/optimaliseer?min_groep=30&nieuw=ja"))
    assert pagina.status == 200, pagina.text[:800]
    assert 'class="waarom"' in pagina.text  # with 30 some offer closes, and says why
    assert "Elke wijziging en waarom" in pagina.text and 'id="plan-voorstel-svg"' in pagina.text
    velden = re.search(r'action="[^"]+/bewaar" class="plan-bewaar">(.*?)</form>', pagina.text, re.S)
    assert velden
    verborgen = re.findall(
        r'<input type="hidden" name="(w|max_km|profiel|leerweg)" value="([^"]*)">', velden.group(1)
    )
    assert any(k == "w" for k, _ in verborgen)
    velden_ = [(k, v.replace("&amp;", "&")) for k, v in verborgen]
    antwoord = post(regio, o, pad(o, "/bewaar"), [*velden_, ("naam", "voorstel-30")])
    assert antwoord.status == 303, antwoord.text[:800]
    assert "voorstel-30" in regio.get(f"/regio/{o.codes.regio}/scenarios").text
    # as a scenario the proposal has the proposal's offering
    voorstel = optimaliseer(o.model, min_groep=30, nieuw=True)
    s = opslag.lees(o.db, "voorstel-30")
    groepen = evalueer(o.model, pas_toe(o.model, s)).groepen
    assert set(groepen) == {
        (a.vestiging, a.profiel, a.leerweg) for a in voorstel.voorstel.aanbiedingen
    }

    fout = regio.get(pad(o, "/optimaliseer?open=ZZ99/PIE/bb"))
    assert fout.status == 400 and "Geen voorstel" in fout.text
