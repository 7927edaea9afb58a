"""The regulation as data: the included files carry the seeds' numbers, and a broken file is
refused with every problem, its line and its key."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from sto_monitor.cli import cli
from sto_monitor.errors import ConfigError, ExitCode, NotFoundError
from sto_monitor.subsidie import laden
from sto_monitor.subsidie.geld import lees_bedrag
from sto_monitor.subsidie.laden import RegelingFout, huidige, lees, lees_tekst, regeling, regelingen

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MAP = laden.map_regelingen()


def seed(prefix: str) -> str:
    (pad,) = SEEDS.glob(f"{prefix}_*.txt")
    return " ".join(pad.read_text("utf-8").split())  # line breaks of the PDF text as spaces


def miljoen(tekst: str) -> int:
    """Dutch '86,5' (million euro) → cents, exactly."""
    return int(Fraction(tekst.replace(",", ".")) * 1_000_000 * 100)


def test_included_regulations_in_order_and_found_by_year() -> None:
    alle = regelingen()
    assert [r.code for r in alle] == ["sto-2020-2024", "sto-2025-2028"]
    assert [(r.eerste_jaar, r.laatste_jaar) for r in alle] == [(2020, 2024), (2025, 2028)]
    assert huidige(2023).code == "sto-2020-2024"
    assert huidige(2026).code == "sto-2025-2028"
    assert huidige(2031).code == "sto-2025-2028"  # outside every period: the latest
    assert regeling("sto-2025-2028") is alle[1]
    with pytest.raises(NotFoundError, match="sto-2099"):
        regeling("sto-2099")
    hits = laden._alle.cache_info().hits
    regelingen()
    assert laden._alle.cache_info().hits == hits + 1  # read once, then cached


def test_2020_2024_budgets_are_seed_004s_footnote() -> None:
    brief = seed("004")
    m2023 = re.search(r"Voor 2023 is €(\d+(?:,\d+)?) miljoen euro begroot voor subsidie", brief)
    m2024 = re.search(r"Vanaf 2024 is dit €(\d+(?:,\d+)?) miljoen", brief)
    assert m2023 and m2024
    r = regeling("sto-2020-2024")
    assert r.plafond_per_jaar == {
        2020: None,
        2021: None,
        2022: None,
        2023: miljoen(m2023.group(1)),
        2024: miljoen(m2024.group(1)),
    }
    assert r.plafond_per_jaar[2023] == 8_650_000_000  # € 86,5 miljoen, in cents
    assert r.plafond_totaal is None and r.maximum_techniekluw is None
    assert r.maximum_per_regio == {}
    assert "voetnoot 2" in r.opmerkingen["plafond_per_jaar"]
    # The extension to the end of 2024, as the letter says, is in the name and explanation.
    assert "tot en met 31 december 2024" in brief
    assert "verlengd tot en met 2024" in r.naam and "31 december 2024" in r.toelichting


def test_2020_2024_regions_cofinancing_and_housing_as_the_seeds_say() -> None:
    monitor, advies = seed("003"), seed("001")
    regios = re.search(
        r"In totaal zijn (\d+) regio\u2019s gevormd .*? met (\d+) techniekregio\u2019s en "
        r"(\d+) techniekluwe",
        monitor,
    )
    assert regios
    r = regeling("sto-2020-2024")
    totaal, techniek, luw = regios.groups()
    assert f"{totaal} regio's: {techniek} techniekregio's en {luw}" in r.toelichting

    nu = re.search(
        r"cofinanciering van (\d+)%\. Het percentage is door de minister inmiddels "
        r"teruggebracht naar (\d+),(\d)\s?%",
        advies,
    )
    assert nu
    assert r.cofinanciering.aandeel == Fraction(int(nu.group(2)) * 10 + int(nu.group(3)), 1000)
    assert r.cofinanciering.aandeel == Fraction(3, 40)
    assert f"eerst {nu.group(1)} %" in r.cofinanciering.toelichting
    assert r.cofinanciering.moment == "einde_periode"
    assert "einde van de subsidieperiode zijn behaald" in advies

    assert re.search(r"huisvestingskosten niet subsidiabel", advies)
    huisvesting = r.kostensoort("huisvesting")
    assert huisvesting is not None and not huisvesting.subsidiabel


def test_2025_2028_ceilings_stated_with_their_source_and_nothing_guessed() -> None:
    r = regeling("sto-2025-2028")
    # The Staatscourant is not among the seeds: the amounts equal the quotation in the file's
    # own source note, which names the publication.
    for veld, waarde in (
        ("plafond_totaal", r.plafond_totaal),
        ("maximum_techniekluw", r.maximum_techniekluw),
    ):
        opmerking = r.opmerkingen[veld]
        assert "Staatscourant 2024-11193, Bijlage 3" in " ".join(opmerking.split())
        geciteerd = re.search(r"€ ([\d.]+)", opmerking)
        assert geciteerd and waarde == lees_bedrag(geciteerd.group(1))
    assert r.plafond_totaal == 36_864_008_000
    assert r.maximum_techniekluw == 400_000_000
    assert r.plafond_per_jaar == {2025: None, 2026: None, 2027: None, 2028: None}
    assert r.maximum_per_regio == {}  # not public here: the national team enters them
    regios = re.search(r"netwerk van (\d+) STO-regio\u2019s", seed("000"))
    assert regios and f"{regios.group(1)} STO-regio's" in r.toelichting
    assert r.cofinanciering.aandeel == Fraction(3, 40)
    assert "vervallen" in r.cofinanciering.toelichting  # the commission's advice, stated
    huisvesting = r.kostensoort("huisvesting")
    assert huisvesting is not None and not huisvesting.subsidiabel
    assert "Onze bronnen zeggen niet" in huisvesting.toelichting


@pytest.mark.parametrize("code", ["sto-2020-2024", "sto-2025-2028"])
def test_cost_categories_depreciation_and_criteria(code: str) -> None:
    r = regeling(code)
    assert [k.code for k in r.kostensoorten] == [
        "personeel",
        "materiaal",
        "afschrijving",
        "inhuur_derden",
        "activiteiten",
        "projectorganisatie",
        "huisvesting",
        "onvoorzien",
    ]
    assert [k.code for k in r.kostensoorten if k.uit_activa] == ["afschrijving"]
    onvoorzien = r.kostensoort("onvoorzien")
    assert onvoorzien is not None and onvoorzien.maximum_aandeel == Fraction(1, 20)
    assert "instelling van dit programma" in onvoorzien.toelichting
    # The seed's worked example: a machine written off over 10 years.
    voorbeeld = re.search(
        r"apparaat dat bijvoorbeeld ([\d.]+) euro kost en in (\d+) jaar", seed("003")
    )
    machines = r.activaklasse("machines")
    assert voorbeeld and machines is not None
    assert machines.termijn_jaren == int(voorbeeld.group(2))
    assert {(a.code, a.termijn_jaren) for a in r.activaklassen} == {
        ("machines", 10),
        ("inventaris", 10),
        ("ict", 4),
    }
    assert r.afschrijving_methode == "lineair_per_maand"
    assert len(r.criteria) == 5 and all(c.maximum_score == 5 for c in r.criteria)
    assert r.termijnen == ()  # none can be sourced
    assert r.openbaar == ("toegekend_per_regio",)
    assert r.bestand == f"{code}.toml"


def _regel(tekst: str, nummer: int | None) -> str:
    assert nummer is not None
    return tekst.splitlines()[nummer - 1]


def test_a_broken_file_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    goed = (MAP / "sto-2025-2028.toml").read_text("utf-8")
    kapot = (
        goed.replace("laatste_jaar = 2028", "laatste_jaar = 2028\nbudjet = 3")
        .replace('2028 = "niet ingevuld"', "2029 = 5")
        .replace('aandeel = "7,5 %"', 'aandeel = "0,075"')
        .replace("termijn_jaren = 4", "termijn_jaren = 0")
        .replace("maximum_score = 5", "maximum_score = 0", 1)
        .replace('code = "inventaris"', 'code = "machines"')
        .replace("totaal = 368_640_080", "totaal = 368640080.5")
        .replace('openbaar = ["toegekend_per_regio"]', 'openbaar = ["aanvragen"]')
        .replace("uit_activa = true", "uit_activa = false")
    )
    pad = tmp_path / "sto-2025-2028.toml"
    pad.write_text(kapot, "utf-8")
    with pytest.raises(RegelingFout) as fout:
        lees(pad)
    assert isinstance(fout.value, ConfigError)
    gevonden = {p.column: p for p in fout.value.problems}
    verwacht = {
        "budjet": "budjet = 3",
        "plafond.totaal": "totaal = 368640080.5",
        "plafond.per_jaar.2029": "2029 = 5",
        "plafond.per_jaar": "[plafond.per_jaar]",  # 2028 is missing
        "cofinanciering.aandeel": 'aandeel = "0,075"',
        "activaklasse[2].code": 'code = "machines"',
        "activaklasse[3].termijn_jaren": "termijn_jaren = 0",
        "criterium[1].maximum_score": "maximum_score = 0",
        "openbaar": "openbaar = ",
        "activaklasse[1]": "[[activaklasse]]",  # assets, but no cost category for them
    }
    assert set(gevonden) == set(verwacht)
    for kolom, begin in verwacht.items():
        assert _regel(kapot, gevonden[kolom].line).startswith(begin), kolom
    assert "2028 ontbreekt" in gevonden["plafond.per_jaar"].message
    assert "buiten de periode 2025\u20132028" in gevonden["plafond.per_jaar.2029"].message
    tekst = str(fout.value)
    assert f"{len(verwacht)} problemen" in tekst and "regel " in tekst


def test_a_toml_syntax_error_names_line_and_column() -> None:
    with pytest.raises(RegelingFout) as fout:
        lees_tekst('code = "x"\nnaam = "y"\neerste_jaar = 20 20\n', "x.toml")
    (probleem,) = fout.value.problems
    assert probleem.line == 3 and probleem.column == "18"
    assert "geen geldige TOML" in probleem.message


def test_an_unknown_key_is_refused_not_ignored() -> None:
    goed = (MAP / "sto-2020-2024.toml").read_text("utf-8")
    typo = goed.replace("subsidiabel = false", "subsidiable = false")
    with pytest.raises(RegelingFout) as fout:
        lees_tekst(typo, "sto-2020-2024.toml", "sto-2020-2024")
    kolommen = {p.column: p for p in fout.value.problems}
    # huisvesting is the 7th cost category
    assert set(kolommen) == {"kostensoort[7].subsidiable", "kostensoort[7].subsidiabel"}
    assert "onbekende sleutel" in kolommen["kostensoort[7].subsidiable"].message
    assert _regel(typo, kolommen["kostensoort[7].subsidiable"].line) == "subsidiable = false"
    assert kolommen["kostensoort[7].subsidiabel"].message == "ontbreekt"


def test_the_code_must_be_the_file_name(tmp_path: Path) -> None:
    pad = tmp_path / "sto-2030-2033.toml"
    pad.write_text((MAP / "sto-2025-2028.toml").read_text("utf-8"), "utf-8")
    with pytest.raises(RegelingFout, match="bestandsnaam"):
        lees(pad)


def test_cli_checks_files_and_lists_the_regulations(tmp_path: Path) -> None:
    goed = [str(p) for p in sorted(MAP.glob("*.toml"))]
    runner = CliRunner()
    uitkomst = runner.invoke(cli, ["subsidie", "regeling", "controleer", *goed])
    assert uitkomst.exit_code == 0, uitkomst.output
    assert uitkomst.output.count("in orde") == 2

    kapot = tmp_path / "sto-2020-2024.toml"
    kapot.write_text(
        (MAP / "sto-2020-2024.toml").read_text("utf-8").replace("2023 = 86_500_000", "2023 = -1"),
        "utf-8",
    )
    uitkomst = runner.invoke(cli, ["subsidie", "regeling", "controleer", str(kapot), goed[1]])
    assert uitkomst.exit_code == ExitCode.CONFIG
    regel = 1 + kapot.read_text("utf-8").splitlines().index("2023 = -1")
    assert f"regel {regel}, kolom 'plafond.per_jaar.2023'" in " ".join(uitkomst.output.split())
    assert "in orde sto-2025-2028.toml" in uitkomst.output  # the good file is still checked

    lijst = runner.invoke(cli, ["subsidie", "regelingen"])
    assert lijst.exit_code == 0, lijst.output
    assert "€ 368.640.080" in lijst.output and "€ 86.500.000" in lijst.output
    assert "niet ingevuld" in lijst.output
