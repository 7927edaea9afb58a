"""Scenarios of the planner: hand-made geographies with known answers, storage, the CLI.

Scenarios are stored in the application database (on SQLite and PostgreSQL), checked against
the warehouse's offering; ``sto build`` copies them into the warehouse for the region page and
the regioportret.

The geography: vestigingen on one meridian, so a distance in km is a difference in latitude
times a known constant. Demand sits at the vestigingen ("leerling-vestiging").
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from sto_monitor import db
from sto_monitor.appdb import audit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.kopie import naar_warehouse
from sto_monitor.cli import cli
from sto_monitor.errors import NotFoundError, ParameterError, StoError, WarehouseError
from sto_monitor.indicators.afstand import KM_PER_GRAAD_BREEDTE
from sto_monitor.planner import model as planmodel
from sto_monitor.planner import opslag
from sto_monitor.planner.model import Locatie, Regiomodel, Vraagpunt
from sto_monitor.planner.scenario import Scenario, Wijziging, evalueer, pas_toe, vandaag
from sto_monitor.planner.uitvoer import aantal
from sto_monitor.settings import Settings
from tests.indicator_fixtures import tiny_warehouse

LAT0, LON = 52.0, 5.0


def lat(km: float) -> float:
    return LAT0 + km / KM_PER_GRAAD_BREEDTE


def lijn(
    posities: dict[str, float],
    aanbod: dict[tuple[str, str, str], float],
    vraag: dict[tuple[str, str], float],
    buiten: dict[str, float] | None = None,
    buiten_aanbod: tuple[tuple[str, str, str], ...] = (),
) -> Regiomodel:
    """A region R1 of vestigingen at km positions on a line (plus some outside it)."""
    buiten = buiten or {}
    locaties = {c: Locatie(c, c, lat(km), LON, "R1") for c, km in posities.items()}
    locaties |= {c: Locatie(c, c, lat(km), LON, None) for c, km in buiten.items()}
    return Regiomodel(
        regio="R1",
        naam="Regio Lijn",
        schooljaar=2024,
        methode=planmodel.LEERLING_VESTIGING,
        locaties=locaties,
        eigen=tuple(sorted(posities)),
        aanbod=dict(sorted(aanbod.items())),
        buiten=frozenset(buiten_aanbod),
        vraag=tuple(
            Vraagpunt(c, lw, lat(posities[c]), LON, n) for (c, lw), n in sorted(vraag.items())
        ),
        leerwegen={c: frozenset(lw for (v, lw) in vraag if v == c) for c in posities},
    )


def scenario(*wijzigingen: Wijziging, max_km: float = 25.0) -> Scenario:
    return Scenario("s", "R1", 2024, tuple(wijzigingen), max_km)


# Three schools on a line: A at 0 km, B at 6 km, C at 16 km (exactly 10.0 km from B).
DRIE = lijn(
    {"A": 0.0, "B": 6.0, "C": 16.0},
    {("A", "PIE", "bb"): 12, ("B", "PIE", "bb"): 8, ("C", "BWI", "bb"): 20},
    {("A", "bb"): 30, ("B", "bb"): 20, ("C", "bb"): 50},
)


def test_coverage_on_a_line_with_a_school_at_exactly_10_km() -> None:
    uit = vandaag(DRIE)
    pie = next(b for b in uit.bereik if (b.profiel, b.leerweg) == ("PIE", "bb"))
    # A and B offer PIE; C lies 10.0 km from B: covered (the spec's "binnen 10 km").
    assert (pie.vraag, pie.binnen) == (100, 100)
    assert pie.gemiddelde_km == pytest.approx((30 * 0 + 20 * 0 + 50 * 10.0) / 100)
    bwi = next(b for b in uit.bereik if (b.profiel, b.leerweg) == ("BWI", "bb"))
    # BWI only at C: C's own 50 and B's 20 (exactly 10.0 km) are within, A (16 km) is not.
    assert (bwi.binnen, bwi.gemiddelde_km) == (70, pytest.approx((30 * 16 + 20 * 10) / 100))
    # score: PIE 100 %, BWI 70 %; M&T, MaT and MVI have bb demand but no offer: 0 %.
    assert uit.score == pytest.approx((100 + 70 + 0 + 0 + 0) / 5)
    assert uit.kwetsbaar == 1  # B's PIE group of 8
    assert uit.profielen_per_leerweg == {"bb": ("BWI", "PIE"), "kb": (), "gl": ()}
    pie_bb = next(r for r in uit.regio_aanbod if (r.profiel, r.leerweg) == ("PIE", "bb"))
    assert (pie_bb.vestigingen, pie_bb.gemiddeld, pie_bb.onder_11) == (2, 10.0, True)


def test_closing_moves_students_to_the_nearest_offer_or_loses_them() -> None:
    stand = pas_toe(DRIE, scenario(Wijziging("sluit", "B", "PIE", "bb")))
    assert stand.aanbod[("A", "PIE", "bb")] == 20  # 12 + B's 8 (6 km away)
    assert ("B", "PIE", "bb") not in stand.aanbod
    (verhuizing,) = stand.verhuizingen
    assert (verhuizing.naar, verhuizing.km) == ("A", pytest.approx(6.0))
    uit = evalueer(DRIE, stand)
    pie = next(b for b in uit.bereik if (b.profiel, b.leerweg) == ("PIE", "bb"))
    assert pie.binnen == 50  # C (16 km from A) is no longer within 10 km
    assert uit.kwetsbaar == 0

    # Beyond max_km the students are lost, not moved.
    stand = pas_toe(DRIE, scenario(Wijziging("sluit", "B", "PIE", "bb"), max_km=5.0))
    assert stand.aanbod[("A", "PIE", "bb")] == 12
    assert (stand.verloren, stand.verhuizingen[0].naar) == (8, None)


def test_ties_go_to_the_lowest_code_and_outside_offers_take_students() -> None:
    gelijk = lijn(
        {"M": 5.0, "L": 0.0, "N": 10.0},
        {("M", "PIE", "kb"): 15, ("L", "PIE", "kb"): 15, ("N", "PIE", "kb"): 15},
        {("M", "kb"): 15, ("L", "kb"): 15, ("N", "kb"): 15},
    )
    stand = pas_toe(gelijk, scenario(Wijziging("sluit", "M", "PIE", "kb")))
    assert stand.verhuizingen[0].naar == "L"  # L and N both 5 km away: L < N
    buiten = lijn(
        {"A": 0.0},
        {("A", "MVI", "gl"): 9},
        {("A", "gl"): 9},
        buiten={"X": 3.0},
        buiten_aanbod=(("X", "MVI", "gl"),),
    )
    stand = pas_toe(buiten, scenario(Wijziging("sluit", "A", "MVI", "gl")))
    assert (stand.verhuizingen[0].naar, stand.naar_buiten, stand.aanbod) == ("X", 9, {})
    # The outside offer still covers the region's students.
    mvi = next(
        b for b in evalueer(buiten, stand).bereik if b.profiel == "MVI" and b.leerweg == "gl"
    )
    assert mvi.binnen == 9


def test_open_and_merge_and_their_order() -> None:
    s = scenario(
        Wijziging("open", "C", "PIE", "bb", leerlingen=14),
        Wijziging("samenvoegen", "B", "PIE", "bb", naar="C"),
        Wijziging("sluit", "A", "PIE", "bb"),
    )
    stand = pas_toe(DRIE, s)
    # B's 8 go to C by agreement (10 km); then A's 12 go to the nearest remaining: C (16 km).
    assert stand.aanbod == {("C", "BWI", "bb"): 20, ("C", "PIE", "bb"): 14 + 8 + 12}
    assert [v.naar for v in stand.verhuizingen] == ["C", "C"]


@pytest.mark.parametrize(
    ("wijziging", "fout", "tekst"),
    [
        (Wijziging("sluit", "A", "BWI", "bb"), ParameterError, "biedt BWI in bb niet aan"),
        (Wijziging("sluit", "Z", "PIE", "bb"), NotFoundError, "vestiging Z hoort"),
        (Wijziging("sluit", "A", "XYZ", "bb"), NotFoundError, "onbekend profiel"),
        (Wijziging("sluit", "A", "Z&W", "bb"), ParameterError, "technische profielen"),
        (Wijziging("sluit", "A", "PIE", "tl"), ParameterError, "onbekende leerweg"),
        (Wijziging("open", "A", "PIE", "bb"), ParameterError, "biedt PIE bb al aan"),
        (Wijziging("samenvoegen", "A", "PIE", "bb", naar="A"), ParameterError, "andere vestiging"),
    ],
)
def test_bad_changes_are_refused_with_a_clear_message(
    wijziging: Wijziging, fout: type[Exception], tekst: str
) -> None:
    with pytest.raises(fout, match=tekst):
        pas_toe(DRIE, scenario(wijziging))


def test_counts_below_5_are_never_output_as_numbers() -> None:
    assert [aantal(x) for x in (0, 0.4, 2.5, 4.4, 4.6, 12)] == [0, "<5", "<5", "<5", 5, 12]


def test_a_region_with_vestigingen_without_location_names_them(tmp_path: Path) -> None:
    con = tiny_warehouse(tmp_path / "t.duckdb")  # hand-made rows: no addresses, no coordinates
    try:
        with pytest.raises(WarehouseError, match=r"3 vestiging\(en\) zonder ligging: A1, A2, A3"):
            planmodel.laad(con, "R1", 2021)
    finally:
        con.close()


# ---------------------------------------------------------------- storage and CLI


@pytest.fixture
def plan_db(web_db: Path, tmp_path: Path) -> Path:
    """A copy of the generated warehouse the scenario commands may write to."""
    kopie = tmp_path / "plan.duckdb"
    shutil.copy(web_db, kopie)
    return kopie


def naast(database: Path) -> AppDatabase:
    """The application database beside a warehouse file, where ``sto --db`` finds it."""
    return AppDatabase.open(replace(Settings.from_env({}), db=database))


def _een_regio(database: Path) -> tuple[planmodel.Regiomodel, tuple[str, str, str]]:
    con = db.connect(database, read_only=True)
    try:
        codes = [
            r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
        ]
        for code in codes:
            m = planmodel.laad(con, code)
            if len(m.aanbod) >= 3:
                return m, next(iter(m.aanbod))
    finally:
        con.close()
    raise AssertionError("geen regio met drie aanbiedingen")


def test_cli_new_show_compare_delete_and_json_round_trip(plan_db: Path, tmp_path: Path) -> None:
    m, (vestiging, profiel, leerweg) = _een_regio(plan_db)
    runner = CliRunner()
    basis = ["--db", str(plan_db), "--quiet"]
    sluit = f"{vestiging}/{profiel}/{leerweg}"
    result = runner.invoke(
        cli, ["scenario", "nieuw", "dicht", "--regio", m.regio, "--sluit", sluit, *basis]
    )
    assert result.exit_code == 0, result.output

    result = runner.invoke(cli, ["scenario", "toon", "dicht", "--formaat", "json", *basis])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["scenario"]["wijzigingen"] == [
        {"soort": "sluit", "vestiging": vestiging, "profiel": profiel, "leerweg": leerweg}
    ]
    assert data["regio"] == {"code": m.regio, "naam": m.naam}
    # The stored scenario computes the same as the Python API on a fresh model.
    verwacht = evalueer(
        m,
        pas_toe(
            m,
            Scenario(
                "dicht", m.regio, m.schooljaar, (Wijziging("sluit", vestiging, profiel, leerweg),)
            ),
        ),
    )
    assert data["uitkomst"]["score"] == round(verwacht.score, 2)
    assert data["vandaag"]["score"] == round(vandaag(m).score, 2)
    assert all(
        g["leerlingen"] == "<5" or g["leerlingen"] == 0 or g["leerlingen"] >= 5
        for g in data["uitkomst"]["groepen"]
    )

    # JSON round trip: import what `toon` wrote, under another name.
    bestand = tmp_path / "dicht.json"
    bestand.write_text(result.output)
    result = runner.invoke(cli, ["scenario", "nieuw", "kopie", "--json", str(bestand), *basis])
    assert result.exit_code == 0, result.output
    app_db = naast(plan_db)
    try:
        assert opslag.lees(app_db, "kopie").wijzigingen == opslag.lees(app_db, "dicht").wijzigingen
    finally:
        app_db.sluit()

    result = runner.invoke(cli, ["scenario", "vergelijk", "dicht", "kopie", "--db", str(plan_db)])
    assert result.exit_code == 0, result.output
    assert "vandaag" in result.output and "kwetsbare groepen" in result.output

    result = runner.invoke(cli, ["scenario", "verwijder", "kopie", *basis])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["scenario", "lijst", "--db", str(plan_db)])
    assert "dicht" in result.output and "kopie" not in result.output


def test_cli_refuses_bad_scenarios_and_stores_nothing(plan_db: Path) -> None:
    m, (vestiging, profiel, leerweg) = _een_regio(plan_db)
    runner = CliRunner()
    basis = ["--db", str(plan_db), "--quiet"]
    onbekend = "ZZ99/PIE/bb"
    gevallen = [
        (["--regio", m.regio, "--sluit", onbekend], "vestiging ZZ99 hoort"),
        (["--regio", "R999", "--sluit", onbekend], "onbekende regio 'R999'"),
        (["--regio", m.regio, "--sluit", "00AB12-PIE-bb"], "VESTIGING/PROFIEL/LEERWEG"),
        (["--regio", m.regio, "--sluit", f"{vestiging}/XYZ/{leerweg}"], "onbekend profiel"),
        (
            [
                "--regio",
                m.regio,
                "--sluit",
                f"{vestiging}/{profiel}/{leerweg}",
                "--sluit",
                f"{vestiging}/{profiel}/{leerweg}",
            ],
            "niets te sluiten",
        ),
        (["--regio", m.regio], "minstens één"),
    ]
    for args, tekst in gevallen:
        result = runner.invoke(cli, ["scenario", "nieuw", "fout", *args, *basis])
        assert result.exit_code != 0, args
        assert tekst in str(result.exception), (args, result.exception)
    app_db = naast(plan_db)
    try:
        assert opslag.namen(app_db) == []
    finally:
        app_db.sluit()
    result = runner.invoke(cli, ["scenario", "toon", "bestaat-niet", *basis])
    assert isinstance(result.exception, NotFoundError)


def test_real_2019_every_demo_region_evaluates(echt_db: Path) -> None:
    """Smoke run on the real files: every region loads, and closing its smallest offer works."""
    con = db.connect(echt_db, read_only=True)
    try:
        codes = [
            r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
        ]
        assert len(codes) >= 70
        for code in codes:
            m = planmodel.laad(con, code, 2019)
            basis = vandaag(m)
            assert 0 <= basis.score <= 100
            if not m.aanbod:
                continue
            kleinste = min(m.aanbod, key=lambda k: (m.aanbod[k], k))
            stand = pas_toe(m, Scenario("t", code, 2019, (Wijziging("sluit", *kleinste),)))
            # Nobody disappears: moved, to outside the region, or counted as lost.
            assert sum(stand.aanbod.values()) + stand.naar_buiten + stand.verloren == pytest.approx(
                sum(m.aanbod.values())
            )
    finally:
        con.close()


def test_stored_scenarios_appear_in_the_regioportret_and_on_the_region_page(
    plan_db: Path,
) -> None:
    from sto_monitor.publicatie.gegevens import laad
    from sto_monitor.reports import opmaak, regioportret
    from tests.web_fixtures import get, serve

    m, (vestiging, profiel, leerweg) = _een_regio(plan_db)
    s = Scenario(
        "sluit-een", m.regio, m.schooljaar, (Wijziging("sluit", vestiging, profiel, leerweg),)
    )
    app_db = naast(plan_db)
    con = db.connect(plan_db)
    try:
        opslag.bewaar(app_db, con, s)
        naar_warehouse(app_db, con)  # what `sto build` does
    finally:
        con.close()
        app_db.sluit()
    verwacht = evalueer(m, pas_toe(m, s))

    snap = laad(plan_db, indicatoren=regioportret.INDICATOREN)
    (samenvatting,) = snap.scenarios
    assert (samenvatting.naam, samenvatting.score) == ("sluit-een", round(verwacht.score, 1))
    assert samenvatting.wijzigingen == (f"sluit {profiel} {leerweg} bij {vestiging}",)
    rapport = regioportret.maak(
        snap, snap.regio(m.regio), datum=opmaak.rapportdatum("2026-11-23"), waarschuwing=None
    )
    html = opmaak.html(rapport)
    assert "Scenario&#39;s naast het aanbod van vandaag" in html and "sluit-een" in html

    with serve(plan_db) as base:
        pagina = get(base, f"/regio/{m.regio}").text
    assert 'id="tabel-scenarios"' in pagina and "sluit-een" in pagina


def test_storage_checks_stores_whole_and_audits_every_write(
    plan_db: Path, app_db: AppDatabase
) -> None:
    m, (vestiging, profiel, leerweg) = _een_regio(plan_db)
    s = Scenario(
        "dicht", m.regio, m.schooljaar, (Wijziging("sluit", vestiging, profiel, leerweg),),
        omschrijving="een minder",
    )  # fmt: skip
    fout = Scenario("fout", m.regio, m.schooljaar, (Wijziging("sluit", "ZZ99", "PIE", "bb"),))
    con = db.connect(plan_db, read_only=True)  # the warehouse is only read
    try:
        opslag.bewaar(app_db, con, s, wie="terminal:test")
        with pytest.raises(ParameterError, match="bestaat al"):
            opslag.bewaar(app_db, con, s, wie="terminal:test")
        with pytest.raises(StoError):
            opslag.bewaar(app_db, con, fout, wie="terminal:test")
        dubbel = Scenario("dicht", m.regio, m.schooljaar, s.wijzigingen * 2, 10.0)
        with pytest.raises(StoError):  # the second close has nothing left: nothing replaced
            opslag.bewaar(app_db, con, dubbel, vervang=True, wie="terminal:test")
        ander = Scenario("dicht", m.regio, m.schooljaar, s.wijzigingen, 10.0)
        opslag.bewaar(app_db, con, ander, vervang=True, wie="terminal:test")
    finally:
        con.close()
    assert opslag.lees(app_db, "dicht") == ander
    assert opslag.lijst(app_db) == [
        {"naam": "dicht", "regio": m.regio, "schooljaar": m.schooljaar, "wijzigingen": 1,
         "omschrijving": ""}
    ]  # fmt: skip
    opslag.verwijder(app_db, "dicht", wie="terminal:test")
    with pytest.raises(NotFoundError, match="nog geen scenario"):
        opslag.lees(app_db, "dicht")
    with pytest.raises(NotFoundError):
        opslag.verwijder(app_db, "dicht", wie="terminal:test")
    with app_db.transactie() as sessie:
        regels = list(reversed(audit.lees(sessie)))
    assert [(r.actie, r.object_id, r.regio, r.wie) for r in regels] == [
        ("scenario bewaard", "dicht", m.regio, "terminal:test"),
        ("scenario vervangen", "dicht", m.regio, "terminal:test"),
        ("scenario verwijderd", "dicht", m.regio, "terminal:test"),
    ]
    assert regels[1].voor == opslag.naar_json(s) and regels[1].na == opslag.naar_json(ander)
    assert regels[2].voor == opslag.naar_json(ander) and regels[2].na is None
