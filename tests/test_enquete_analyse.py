"""Survey analysis: tables known by hand, paired tests against scipy, disclosure, themes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from scipy import stats  # type: ignore[import-untyped]

from sto_monitor.survey.analyse import analyseer, regio_profiel
from sto_monitor.survey.themas import deel_in, laad_overrides, laad_themas, themas_van
from sto_monitor.survey.toetsen import mcnemar_exact, wilcoxon
from sto_monitor.survey.vragenlijst import Blok, Item, Optie, Schaal, Vragenlijst

URGENT = Schaal(
    "urgentie",
    "ordinaal",
    tuple(
        Optie(i, t) for i, t in enumerate(["zeer urgent", "urgent", "neutraal", "niet", "geen"], 1)
    ),
    top=(1, 2),
    top_label="(zeer) urgent",
)
TOEPASSING = Schaal(
    "toepassing",
    "ordinaal",
    tuple(Optie(i, str(i)) for i in range(1, 6)),
    top=(4, 5),
    top_label="(helemaal) van toepassing",
)
CIJFER = Schaal("cijfer", "cijfer", min=1, max=10, top_label="voldoende (6 of hoger)")
OPEN = Schaal("open", "open")


def _vl(golf: int) -> Vragenlijst:
    urg = Blok(
        "urgentie", "Urgentie", "urgentie", (Item("u1", "Docenten", "urgentie", "urgentie"),)
    )
    bor = Blok(
        "borging",
        "Borging",
        "toepassing",
        tuple(Item(f"b{i}", f"Stelling {i}", "toepassing", "borging") for i in range(1, 8)),
    )
    imp = Blok("impact", "Impact", "cijfer", (Item("c1", "Elkaar vinden", "cijfer", "impact"),))
    return Vragenlijst(
        golf,
        "STO",
        {s.id: s for s in (URGENT, TOEPASSING, CIJFER, OPEN)},
        (urg, bor, imp),
        (Item("trots", "Waar bent u trots op?", "open"),),
    )


def _regio(i: int) -> str:
    return f"R{i:02d}"


def test_distribution_known_by_hand() -> None:
    codes = [1] * 12 + [2] * 25 + [3] * 5
    antwoorden = {_regio(i + 1): {"u1": c} for i, c in enumerate(codes)}
    a = analyseer(_vl(2024), antwoorden)
    u1 = a.item("u1")
    assert u1.n == 42
    assert u1.aantallen == (12, 25, 5, 0, 0)
    assert round(u1.pct_top or 0) == 88
    assert u1.pct_bodem == 0
    assert a.item("c1").verborgen  # nobody answered it


def test_grades_mean_and_voldoende() -> None:
    grades = [8, 9, 5, 7, 6, 10]
    a = analyseer(_vl(2024), {_regio(i): {"c1": g} for i, g in enumerate(grades)})
    c1 = a.item("c1")
    assert c1.gemiddelde == pytest.approx(45 / 6)
    assert c1.pct_top == pytest.approx(500 / 6)
    assert c1.aantallen is not None and c1.aantallen[4] == 1  # one 5


def test_fewer_than_five_hidden() -> None:
    a = analyseer(_vl(2024), {_regio(i): {"u1": 1, "c1": 8} for i in range(4)})
    assert a.verborgen
    assert all(i.verborgen and i.aantallen is None and i.pct_top is None for i in a.items)
    assert a.borging is None or a.borging.verdeling is None
    # an item with 4 answers in a wave of 10 is hidden too
    ant = {_regio(i): {"u1": 2, **({"c1": 7} if i < 4 else {})} for i in range(10)}
    b = analyseer(_vl(2024), ant)
    assert not b.item("u1").verborgen and b.item("c1").verborgen
    assert b.item("c1").gemiddelde is None


def test_borging_distribution() -> None:
    # region i has i statements (helemaal) van toepassing, for i = 0..7, twice
    ant = {}
    for k in range(16):
        i = k % 8
        ant[_regio(k)] = {f"b{j}": (5 if j <= i else 2) for j in range(1, 8)}
    a = analyseer(_vl(2024), ant)
    assert a.borging is not None
    assert a.borging.verdeling == (2,) * 8
    assert regio_profiel(a, "R03").borging == 3


def test_paired_against_scipy() -> None:
    rng = random.Random(7)
    vorige, nu = {}, {}
    for i in range(42):
        vorige[_regio(i)] = {"u1": rng.randint(1, 4), "c1": rng.randint(4, 9)}
        nu[_regio(i)] = {"u1": rng.choice([1, 1, 2, 2, 3]), "c1": rng.randint(5, 10)}
    nu["R77"] = {"u1": 1}  # only in the current wave: not paired
    a = analyseer(_vl(2024), nu, vorige_vragenlijst=_vl(2021), vorige=vorige)
    v = a.item("u1").vergelijking
    assert v is not None and v.n_paren == 42
    top = [(vorige[r]["u1"] <= 2, nu[r]["u1"] <= 2) for r in vorige]
    b = sum(1 for x, y in top if not x and y)
    c = sum(1 for x, y in top if x and not y)
    assert v.p_aandeel == pytest.approx(stats.binomtest(b, b + c, 0.5).pvalue)
    assert v.pct_top_vorige == pytest.approx(100 * sum(x for x, _ in top) / 42)
    up = sum(1 for r in vorige if nu[r]["u1"] < vorige[r]["u1"])  # lower code = more urgent
    assert v.pct_toegenomen == pytest.approx(100 * up / 42)
    w = a.item("c1").vergelijking
    assert w is not None
    x = [vorige[r]["c1"] for r in vorige]
    y = [nu[r]["c1"] for r in vorige]
    ref = stats.wilcoxon(y, x, zero_method="wilcox", correction=True, method="asymptotic")
    assert w.toets_gemiddelde == "Wilcoxon (normale benadering)"  # grades have ties
    assert w.p_gemiddelde == pytest.approx(ref.pvalue, rel=1e-9)
    assert w.significant_gemiddelde == (ref.pvalue < 0.05)
    assert w.gemiddelde_nu == pytest.approx(sum(y) / 42)


@pytest.mark.parametrize("seed", range(5))
def test_wilcoxon_exact_and_mcnemar_match_scipy(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(5, 20)
    x = [rng.random() * 10 for _ in range(n)]
    y = [v + rng.gauss(0.5, 2) for v in x]  # continuous: no ties, exact distribution
    ours = wilcoxon(x, y)
    assert ours.toets == "Wilcoxon (exact)"
    assert ours.p == pytest.approx(stats.wilcoxon(y, x, method="exact").pvalue, rel=1e-9)
    b, c = rng.randint(0, 15), rng.randint(0, 15)
    if b + c:
        assert mcnemar_exact(b, c).p == pytest.approx(stats.binomtest(b, b + c, 0.5).pvalue)


def test_paired_hidden_below_five_pairs() -> None:
    vorige = {_regio(i): {"u1": 2} for i in range(4)} | {
        _regio(i): {"c1": 6} for i in range(50, 56)
    }
    nu = {_regio(i): {"u1": 1} for i in range(10)}
    a = analyseer(_vl(2024), nu, vorige_vragenlijst=_vl(2021), vorige=vorige)
    v = a.item("u1").vergelijking
    assert v is not None and v.verborgen and v.n_paren == 4 and v.p_aandeel is None


def test_regio_profiel() -> None:
    ant = {_regio(i): {"u1": 1 + i % 3} for i in range(6)}
    p = regio_profiel(analyseer(_vl(2024), ant), "R02")
    rij = next(r for r in p.items if r.item.item == "u1")
    assert rij.antwoord == 3 and rij.antwoord_label == "neutraal"
    assert rij.item.aantallen == (2, 2, 2, 0, 0)


def test_themes_rules_and_override(tmp_path: Path) -> None:
    themas = laad_themas()
    t = themas_van("De samenwerking met het bedrijfsleven en de techlabs", themas)
    assert {"samenwerking", "samenwerking/bedrijfsleven", "producten", "producten/techlabs"} <= t
    assert "samenwerking/bedrijfsleven" not in themas_van("Veel bedrijven doen mee", themas)
    teksten = [
        "Samenwerking met scholen en bedrijven",
        "Onze techlabs en de jaarlijkse techniekdag",
        "Het behoud van kleine profielen",
        "Samenwerking met het mbo",
        "Dat we er zijn",
    ]
    ant = {_regio(i): {"trots": tekst} for i, tekst in enumerate(teksten)}
    csv = tmp_path / "overrides.csv"
    csv.write_text("regio,item,themas\nR04,trots,impuls_innovatie\n", encoding="utf-8")
    overrides = laad_overrides(csv, themas)
    (ind,) = deel_in(_vl(2024), ant, themas, overrides)
    tel = {x.thema: x.aantal for x in ind.themas}
    assert tel["samenwerking"] == 2 and tel["samenwerking/mbo"] == 1
    assert tel["samenwerking/scholen"] == 1 and tel["samenwerking/bedrijfsleven"] == 1
    assert tel["producten"] == 1 and tel["leerlingaantallen"] == 1
    assert tel["impuls_innovatie"] == 1
    handmatig = next(x for x in ind.themas if x.thema == "impuls_innovatie").antwoorden
    assert handmatig[0].bron == "handmatig" and handmatig[0].regio == "R04"
    bad = tmp_path / "bad.csv"
    bad.write_text("regio,item,themas\nR01,trots,onzin;ook_onzin\n", encoding="utf-8")
    with pytest.raises(Exception, match="onbekend thema"):
        laad_overrides(bad, themas)
    (klein,) = deel_in(_vl(2024), {"R01": {"trots": "samenwerking"}}, themas)
    assert klein.verborgen and all(x.aantal is None for x in klein.themas)


def test_cli_analyse(tmp_path: Path) -> None:
    import json
    from dataclasses import replace

    from click.testing import CliRunner

    from sto_monitor import db
    from sto_monitor.appdb.engine import AppDatabase
    from sto_monitor.cli import cli
    from sto_monitor.settings import Settings
    from sto_monitor.survey import opslag, vragenlijst

    vl = vragenlijst.laad(2024)
    item = vl.blokken[0].items[0].id
    path = tmp_path / "w.duckdb"
    db.connect(path).close()
    # the responses are in the application database beside the warehouse, as the CLI finds it
    app_db = AppDatabase.open(replace(Settings.from_env({}), db=path))
    ant: dict[str, dict[str, int | str | None]] = {
        _regio(i): {item: 1 + i % 2} for i in range(1, 8)
    }
    opslag.bewaar_golf(app_db, 2024, ant, bron="import", bestand=None, vragenlijst=vl)
    app_db.sluit()
    res = CliRunner().invoke(
        cli, ["enquete", "analyse", "--golf", "2024", "--formaat", "json", "--db", str(path)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    rij = next(r for r in data["items"] if r["item"] == item)
    assert rij["n"] == 7 and round(rij["pct_top"]) == 100
    res = CliRunner().invoke(cli, ["enquete", "analyse", "--golf", "2024", "--db", str(path)])
    assert res.exit_code == 0 and "(zeer) urgent" in res.output
    res = CliRunner().invoke(
        cli, ["enquete", "analyse", "--golf", "2024", "--regio", "R02", "--db", str(path)]
    )
    assert res.exit_code == 0 and "Regio R02" in res.output
