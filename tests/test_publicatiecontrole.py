"""``sto controleer-publicatie``: published tables checked against themselves and the data.

The internal checks must find the report's own slips from the transcribed figures alone (47 of
78 is not 64 %, Tabel 4.5's M&T gl row does not add up, +91,2 % on 26 is impossible); the
comparison with the real DUO files must find the letters' 19,2 % under leerjaar 3+4 and not
under the monitor's leerjaar 3.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.errors import SourceFileError
from sto_monitor.indicators.definities import MONITOR
from sto_monitor.ingest.runner import ingest_paths
from sto_monitor.publicatiecontrole import consistentie, controleer, model
from sto_monitor.publicatiecontrole.vergelijking import (
    GELIJK,
    NIET_TE_CONTROLEREN,
    VERSCHIL,
    Monitor,
    vergelijk,
)
from tests.conftest import REAL

LEERLINGEN = REAL / "leerlingen_vo"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def publicatie(naam: str) -> model.Publicatie:
    [pub] = model.kies([naam])
    return pub


# --- the published files themselves ----------------------------------------------------


def test_every_published_file_loads_with_a_source_and_cells() -> None:
    pubs = model.alle()
    assert len(pubs) >= 6
    for pub in pubs:
        assert pub.bron.document and pub.bron.plaats and pub.cellen
    tabel = publicatie("monitor-tabel-4-1")
    assert len(tabel.cellen) == 14 * 8  # every cell of Tabel 4.1
    cel = tabel.cel("Techniek", "bb aantal")
    assert cel is not None and cel.tekst == "3.591" and cel.waarde == 3591
    pie = tabel.cel("PIE", "kb verandering")
    assert pie is not None and pie.decimalen == 1  # the OCR's "55" entered as printed: 5,5


def test_parse_dutch_numbers() -> None:
    assert model.parse_getal("3.591") == (3591, 0)
    assert model.parse_getal("-2,4") == (model.Decimal("-2.4"), 1)
    assert model.parse_getal("19,2 %") == (model.Decimal("19.2"), 1)
    assert model.parse_getal("\u22120,1")[0] == model.Decimal("-0.1")
    with pytest.raises(ValueError):
        model.parse_getal("5)")


# --- internal consistency -----------------------------------------------------------------


def test_47_of_78_is_not_64_percent() -> None:
    found = consistentie.controleer_aandelen(publicatie("monitor-regios-onder-gemiddelde"))
    assert len(found) == 1
    [b] = found
    assert "64" in b.tekst and "60,3" in b.tekst  # 100 * 47 / 78 = 60,26


def test_tabel_4_5_mt_gl_does_not_add_up() -> None:
    pub = publicatie("monitor-tabel-4-5")
    found = consistentie.controleer_sommen(pub)
    assert {b.cellen[0] for b in found} == {"gl M&T, regio's", "gl M&T, regio's onder 11"}
    regios = next(b for b in found if b.cellen[0] == "gl M&T, regio's")
    een, meer = pub.cel("gl M&T", "met 1 vestiging"), pub.cel("gl M&T", "met meer vestigingen")
    assert een is not None and meer is not None
    assert f"tot {een.waarde + meer.waarde}" in regios.tekst  # 16 + 8 = 24, printed 19


def test_an_impossible_change_is_found_and_only_that_one() -> None:
    pub = publicatie("monitor-tabel-4-1")
    found = consistentie.controleer_veranderingen(pub)
    assert [b.cellen[0] for b in found] == ["Vakmanschapsberoepsroute, bb verandering"]
    # Computed, not taken from the finding: no whole x gives (26 - x) / x = +91,2 %.
    nu, verandering = (
        pub.cel("Vakmanschapsberoepsroute", "bb aantal"),
        pub.cel("Vakmanschapsberoepsroute", "bb verandering"),
    )
    assert nu is not None and verandering is not None
    assert not any(
        round(100 * (26 - x) / x, 1) == float(verandering.waarde) for x in range(1, 1000)
    )
    laag, hoog = consistentie.vorige_aantallen(nu, verandering)
    assert laag > hoog
    # With the sign the subtotals imply it would fit: from 294 to 297.
    negatief = replace(verandering, waarde=-verandering.waarde)
    mogelijk = [x for x in range(1, 1000) if round(100 * (26 - x) / x, 1) == -91.2]
    assert consistentie.vorige_aantallen(nu, negatief) == (min(mogelijk), max(mogelijk))


def test_tabel_4_1_subtotals_add_up_and_its_only_slip_is_the_change() -> None:
    pub = publicatie("monitor-tabel-4-1")
    found = consistentie.controleer(pub)
    assert [b.controle for b in found] == ["verandering"]


def test_a_subtotal_change_that_does_not_fit_its_parts(tmp_path: Path) -> None:
    bestand = tmp_path / "eigen.toml"
    bestand.write_text(SOM_VERANDERING.replace("TOTAAL_VERANDERING", "9,0"), encoding="utf-8")
    [b] = consistentie.controleer_verandering_sommen(model.lees(bestand))
    assert b.controle == "verandering-som" and "9,0" in b.tekst
    bestand.write_text(SOM_VERANDERING.replace("TOTAAL_VERANDERING", "5,0"), encoding="utf-8")
    assert consistentie.controleer(model.lees(bestand)) == []


def test_growth_clusters_cover_77_regions_not_78() -> None:
    found = consistentie.controleer(publicatie("monitor-groeiclusters"))
    teksten = [b.tekst for b in found]
    assert any("78" in t and "77" in t for t in teksten), teksten
    # "57 procent van alle STO-regio's": 44 of 78 is 56,4 %
    assert any("57" in t and "56,4" in t for t in teksten), teksten
    # the share in growth clusters is 55 % in paragraph 4.2 and 56 % in 4.5: 43 of 78 is 55,1 %
    assert any("56 %" in t and "55,1" in t for t in teksten), teksten


def test_the_same_figure_printed_twice(tmp_path: Path) -> None:
    bestand = tmp_path / "twee-keer.toml"
    bestand.write_text(
        KLEIN.replace(
            'waarden = ["64"]',
            'waarden = ["64"]\n\n[[rij]]\nlabel = "elders"\n'
            'waarden = ["61,5"]\n\n[[gelijk]]\ncellen = ["tekst|aandeel", "elders|aandeel"]',
        ),
        encoding="utf-8",
    )
    [b] = consistentie.controleer_gelijk(model.lees(bestand))
    assert "64" in b.tekst and "61,5" in b.tekst
    # 64 and 64,1 (both in the report) agree within their rounding
    assert consistentie.controleer_gelijk(publicatie("monitor-regios-onder-gemiddelde")) == []


# --- against the real DUO files ------------------------------------------------------------


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    path = tmp_path_factory.mktemp("publicatiecontrole") / "echt.duckdb"
    con = db.connect(path)
    outcomes = ingest_paths(con, sorted(LEERLINGEN.glob("*.csv")))
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
    con.close()
    return path


@pytest.mark.real
def test_the_letters_19_2_percent_is_equal_under_leerjaar_3_and_4(warehouse: Path) -> None:
    pub = publicatie("kamerbrief-2025-techniekaandeel")
    assert pub.definitie.populatie == "lj3-4"
    con = db.connect(warehouse, read_only=True)
    try:
        uitkomsten = {u.cel.rij: u for u in vergelijk(pub, Monitor(con))}
        # the same published cell under the monitor's own definition (leerjaar 3)
        eigen = vergelijk(replace(pub, definitie=MONITOR), Monitor(con))
    finally:
        con.close()
    assert uitkomsten["2020"].cel.tekst == "19,2 %"
    assert uitkomsten["2020"].klasse == GELIJK
    assert uitkomsten["2020"].monitor is not None
    assert round(uitkomsten["2020"].monitor, 1) == 19.2
    [monitor_2020] = [u for u in eigen if u.cel.rij == "2020"]
    assert monitor_2020.klasse == VERSCHIL
    assert monitor_2020.monitor is not None and round(monitor_2020.monitor, 1) != 19.2
    # 2025 = schooljaar 2024/2025 is not among the loaded files
    assert uitkomsten["2025"].klasse == NIET_TE_CONTROLEREN
    assert "2024/2025" in uitkomsten["2025"].reden


@pytest.mark.real
def test_cells_of_years_not_loaded_cannot_be_checked(warehouse: Path) -> None:
    con = db.connect(warehouse, read_only=True)
    try:
        [c] = controleer(["monitor-tabel-4-1"], con)
    finally:
        con.close()
    assert {u.klasse for u in c.uitkomsten} == {NIET_TE_CONTROLEREN}
    assert all("2021/2022" in u.reden for u in c.uitkomsten)


def test_without_a_warehouse_nothing_can_be_compared() -> None:
    [c] = controleer(["kamerbrief-2025-techniekaandeel"], None)
    assert {u.klasse for u in c.uitkomsten} == {NIET_TE_CONTROLEREN}
    assert all("geen gegevens" in u.reden for u in c.uitkomsten)


# --- malformed files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wijziging", "melding", "regel"),
    [
        (('waarden = ["64"]', 'waarden = ["6x4"]'), "geen getal", 17),
        (('waarden = ["64"]', 'waarden = ["64", "1"]'), "1 waarden", 17),
        (('eenheid = "procent"', 'eenheid = "promille"'), "eenheid", 11),
        (('titel = "Klein"', 'titel = "Klein'), "TOML", 1),
        (
            ('indicatorkolom = "techniekaandeel"', 'indicatorkolom = "bestaat_niet"'),
            "bestaat_niet",
            12,
        ),
    ],
)
def test_a_malformed_file_names_file_and_line(
    tmp_path: Path, wijziging: tuple[str, str], melding: str, regel: int
) -> None:
    bestand = tmp_path / "kapot.toml"
    bestand.write_text(KLEIN.replace(*wijziging), encoding="utf-8")
    with pytest.raises(SourceFileError) as err:
        model.lees(bestand)
    [problem] = err.value.problems
    assert problem.file == "kapot.toml"
    assert melding in problem.message
    assert problem.line == regel, str(err.value)


# --- the command ------------------------------------------------------------------------------


def test_cli_lists_the_publications_own_slips(tmp_path: Path) -> None:
    result = run("controleer-publicatie", "--db", str(tmp_path / "geen.duckdb"))
    assert result.exit_code == 0, result.output
    assert "fout in de publicatie zelf" in result.output
    assert "60,3" in result.output and "16 + 8" in result.output
    assert "niet te controleren" in result.output


@pytest.mark.real
def test_cli_json_against_the_real_files(warehouse: Path) -> None:
    result = run(
        "controleer-publicatie",
        "--db",
        str(warehouse),
        "--formaat",
        "json",
        "kamerbrief-2025-techniekaandeel",
        "monitor-regios-onder-gemiddelde",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    brief, regios = document
    assert brief["definitie"]["populatie"] == "lj3-4"
    uitkomst = {c["rij"]: c["uitkomst"] for c in brief["cijfers"]}
    assert uitkomst == {"2020": "klopt", "2025": "niet te controleren"}
    assert [f["controle"] for f in regios["fouten_in_publicatie"]] == ["aandeel"]
    assert all(not math.isnan(c["monitor"]) for c in brief["cijfers"] if c["monitor"])


def test_cli_unknown_name_and_malformed_file(tmp_path: Path) -> None:
    result = run("controleer-publicatie", "--db", str(tmp_path / "x.duckdb"), "bestaat-niet")
    assert result.exit_code != 0
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "kapot.toml").write_text(
        KLEIN.replace('waarden = ["64"]', 'waarden = ["zes"]'), encoding="utf-8"
    )
    result = run(
        "controleer-publicatie",
        "--db",
        str(tmp_path / "x.duckdb"),
        "--map",
        str(tmp_path / "eigen"),
    )
    assert result.exit_code == 3
    assert "kapot.toml" in result.output and "regel 17" in result.output


KLEIN = """titel = "Klein"
indicator = "techniekaandeel"
schooljaar = 2019

[bron]
document = "Een rapport"
plaats = "Tabel 1"

[[kolom]]
naam = "aandeel"
eenheid = "procent"
indicatorkolom = "techniekaandeel"
sleutel = { regio = "NL" }

[[rij]]
label = "tekst"
waarden = ["64"]
"""

SOM_VERANDERING = """titel = "Som met veranderingen"

[bron]
document = "Een rapport"
plaats = "Tabel 2"

[[kolom]]
naam = "aantal"
eenheid = "aantal"

[[kolom]]
naam = "verandering"
eenheid = "verandering_pct"
basis = "aantal"

[[rij]]
label = "totaal"
waarden = ["2.100", "TOTAAL_VERANDERING"]

[[rij]]
label = "a"
waarden = ["1.050", "5,0"]

[[rij]]
label = "b"
waarden = ["1.050", "5,0"]

[[som]]
totaal = "totaal"
delen = ["a", "b"]
"""
