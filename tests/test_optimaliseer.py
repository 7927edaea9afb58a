"""The optimiser (planner/optimaliseer*.py) and ``sto optimaliseer``.

Hand-made regions with known answers (schools on one meridian, where a degree of latitude is a
known number of km, so 10.0 km is exact), the MILP against brute force over every subset of
small random cases, the greedy fallback, pins that cannot be met, the real 2019 data and the
command line.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from sto_monitor import cli as cli_module
from sto_monitor import db
from sto_monitor.cli import cli
from sto_monitor.errors import ExitCode, NotFoundError, ParameterError
from sto_monitor.indicators.afstand import KM_PER_GRAAD_BREEDTE
from sto_monitor.planner import model as mdl
from sto_monitor.planner.model import Locatie, Regiomodel, Sleutel, Vraagpunt
from sto_monitor.planner.optimaliseer import Voorstel, Wijziging, optimaliseer
from sto_monitor.planner.optimaliseer import milp as optimaliseer_milp

LAT0, LON0 = 52.0, 5.0
KM_PER_GRAAD_LENGTE = KM_PER_GRAAD_BREEDTE * math.cos(math.radians(LAT0))


def plek(km_noord: float, km_oost: float = 0.0) -> tuple[float, float]:
    return LAT0 + km_noord / KM_PER_GRAAD_BREEDTE, LON0 + km_oost / KM_PER_GRAAD_LENGTE


def regio(
    scholen: Mapping[str, tuple[float, float]],
    aanbod: Mapping[Sleutel, float],
    vraag: Iterable[tuple[str, float, float, float]],  # (leerweg, km noord, km oost, weight)
    *,
    buiten: Mapping[str, tuple[float, float]] | None = None,
    buiten_aanbod: Iterable[Sleutel] = (),
    leerwegen: Mapping[str, Iterable[str]] | None = None,
) -> Regiomodel:
    """A region R1 built by hand; ``scholen`` and ``buiten`` are (km north, km east)."""
    locaties = {c: Locatie(c, c, *plek(*xy), "R1") for c, xy in scholen.items()}
    locaties |= {c: Locatie(c, c, *plek(*xy), None) for c, xy in (buiten or {}).items()}
    per: dict[str, set[str]] = {c: set() for c in scholen}
    for v, _, lw in aanbod:
        per[v].add(lw)
    for v, lws in (leerwegen or {}).items():
        per[v] |= set(lws)
    return Regiomodel(
        regio="R1",
        naam="Proefregio",
        schooljaar=2019,
        methode=mdl.LEERLING_PC4,
        locaties=locaties,
        eigen=tuple(sorted(scholen)),
        aanbod=dict(sorted(aanbod.items())),
        buiten=frozenset(buiten_aanbod),
        vraag=tuple(
            Vraagpunt(f"P{k}", lw, *plek(noord, oost), w)
            for k, (lw, noord, oost, w) in enumerate(vraag)
        ),
        leerwegen={c: frozenset(lws) for c, lws in sorted(per.items())},
    )


def wijziging(v: Voorstel, vestiging: str, profiel: str = "PIE", leerweg: str = "bb") -> Wijziging:
    return next(
        w
        for w in v.wijzigingen
        if (w.vestiging, w.profiel, w.leerweg) == (vestiging, profiel, leerweg)
    )


def groepen(v: Voorstel) -> dict[Sleutel, float]:
    return {(o.vestiging, o.profiel, o.leerweg): o.leerlingen for o in v.voorstel.aanbiedingen}


def score_van(model: Regiomodel, open_: Iterable[Sleutel]) -> float:
    return mdl.score(mdl.bereik(model, list(open_)))


# ---------------------------------------------------------------- known answers


def drie_op_een_lijn() -> Regiomodel:
    """A, B, C at 0, 6 and 16 km north; a demand point at exactly 10.0 km from A."""
    return regio(
        {"A": (0, 0), "B": (6, 0), "C": (16, 0)},
        {("A", "PIE", "bb"): 30, ("C", "PIE", "bb"): 4, ("B", "BWI", "bb"): 20},
        [("bb", 0, 0, 20), ("bb", 6, 0, 20), ("bb", 16, 0, 10), ("bb", 10, 0, 5)],
    )


def test_three_schools_on_a_line_with_a_point_at_exactly_10_km() -> None:
    model = drie_op_een_lijn()
    v = optimaliseer(model)
    # C has 4 students: it cannot reach 11 unless A closes and A's 30 move 16 km to C. Keeping A
    # covers the points at 0, 6 and 10.0 km (45 of 55 students); keeping C only 35 (6, 10, 16).
    assert set(groepen(v)) == {("A", "PIE", "bb"), ("B", "BWI", "bb")}
    assert groepen(v)[("A", "PIE", "bb")] == 34  # C's 4 students move to A
    pie = next(b for b in v.voorstel.bereik if (b.profiel, b.leerweg) == ("PIE", "bb"))
    assert pie.binnen == 45  # the point at exactly 10.0 km counts (without it: 40)
    assert v.voorstel.score == pytest.approx(100 * (45 / 55 + 1) / 5, abs=1e-9)
    assert v.huidig.score == pytest.approx(100 * 2 / 5)  # today PIE and BWI reach everyone
    assert not v.huidig.haalbaar and v.voorstel.haalbaar
    assert v.status == "optimaal" and v.methode == "milp"
    c = wijziging(v, "C")
    assert c.actie == "sluit" and [(n.vestiging, round(n.km, 6)) for n in c.naar] == [("A", 16)]
    assert c.waarom == (
        "sluiten (minder dan 11): <5 leerlingen, die naar A (16 km) gaan; "
        "het bereik van PIE bb daalt van 100 % naar 81,8 %"
    )
    assert [w.actie for w in v.wijzigingen] == ["sluit", "behoud"]
    # the same numbers as the model's own coverage and score
    assert v.voorstel.score == pytest.approx(score_van(model, groepen(v)), abs=1e-12)


def test_min_group_forces_a_merge_and_an_exact_tie_keeps_the_lowest_code() -> None:
    scholen = {"A": (0.0, 0.0), "B": (4.0, 0.0)}
    aanbod: dict[Sleutel, float] = {("A", "PIE", "bb"): 8, ("B", "PIE", "bb"): 8}
    gelijk = regio(scholen, aanbod, [("bb", 0, 0, 10), ("bb", 4, 0, 10)])
    for methode in ("milp", "greedy"):
        v = optimaliseer(gelijk, methode=methode)
        # Either school alone covers both points, and either way 16 students stay in PIE and
        # 8 need not move: a full tie. The most central vestiging would stay (both are 2 km
        # from the students on average), so the lowest code, A, stays.
        assert groepen(v) == {("A", "PIE", "bb"): 16}, methode
        assert wijziging(v, "B").actie == "sluit"
        assert "zo haalt het de minimale groep van 11" in wijziging(v, "A").waarom
    # with most students at B, B is the more central school and stays
    bij_b = regio(scholen, aanbod, [("bb", 0, 0, 10), ("bb", 4, 0, 30)])
    for methode in ("milp", "greedy"):
        assert groepen(optimaliseer(bij_b, methode=methode)) == {("B", "PIE", "bb"): 16}


def test_the_offer_with_more_students_stays_so_fewer_move() -> None:
    model = regio(
        {"A": (0, 0), "B": (3, 0)},
        {("A", "PIE", "bb"): 9, ("B", "PIE", "bb"): 12},
        [("bb", 0, 0, 10), ("bb", 3, 0, 10)],
    )
    v = optimaliseer(model)
    assert groepen(v) == {("B", "PIE", "bb"): 21}  # 9 move rather than 12
    a = wijziging(v, "A")
    assert a.waarom.startswith("sluiten (minder dan 11): 9 leerlingen, die naar B (3 km) gaan")


def test_students_without_an_offer_in_reach_are_lost() -> None:
    model = regio(
        {"A": (0, 0), "B": (30, 0)},
        {("A", "PIE", "bb"): 20, ("B", "PIE", "bb"): 6},
        [("bb", 0, 0, 10), ("bb", 30, 0, 10)],
    )
    v = optimaliseer(model)  # B is 30 km from A, beyond --max-km 25
    b = wijziging(v, "B")
    assert (b.actie, b.naar, b.verloren) == ("sluit", (), 6)
    assert "die geen PIE bb meer in de regio binnen 25 km hebben" in b.waarom
    assert b.buiten is None
    # with --max-km 35 B's students may go to A, and B's closing loses them no place
    assert optimaliseer(model, max_km=35).wijzigingen[0].naar[0].vestiging == "A"


def test_a_new_offer_between_two_small_ones() -> None:
    model = regio(
        {"A": (0, 0), "B": (10, 0), "C": (20, 0)},
        {("A", "PIE", "bb"): 6, ("C", "PIE", "bb"): 6, ("B", "BWI", "bb"): 15},
        [("bb", 0, 0, 10), ("bb", 10, 0, 10), ("bb", 20, 0, 10)],
    )
    zonder = optimaliseer(model)
    # A and C are 20 km apart: one closes, its students move, 20 of 30 students are covered
    assert groepen(zonder)[("A", "PIE", "bb")] == 12
    met = optimaliseer(model, nieuw=True)
    # PIE at B (10.0 km from both) reaches all 30; A's and C's students form its group
    assert groepen(met) == {("B", "PIE", "bb"): 12, ("B", "BWI", "bb"): 15}
    b = wijziging(met, "B")
    assert b.actie == "open"
    assert b.waarom.startswith("openen: 30 leerlingen in bb binnen 10 km krijgen PIE")
    assert "groep van 12 leerlingen uit A (10 km) en C (10 km)" in b.waarom
    assert met.voorstel.score > zonder.voorstel.score


def test_max_per_profiel_closes_the_offer_that_reaches_fewest() -> None:
    model = regio(
        {"A": (0, 0), "B": (20, 0), "C": (40, 0)},
        {("A", "PIE", "bb"): 15, ("B", "PIE", "bb"): 15, ("C", "PIE", "bb"): 15},
        [("bb", 0, 0, 10), ("bb", 20, 0, 30), ("bb", 40, 0, 20)],
    )
    for methode in ("milp", "greedy"):
        v = optimaliseer(model, max_per_profiel=2, methode=methode)
        assert set(groepen(v)) == {("B", "PIE", "bb"), ("C", "PIE", "bb")}, methode
        a = wijziging(v, "A")
        assert a.waarom.startswith("sluiten (hoogstens 2 aanbiedingen van PIE): 15 leerlingen")
        assert groepen(v)[("B", "PIE", "bb")] == 30  # A's students go to B (20 km)


def test_outside_offers_count_and_never_change() -> None:
    model = regio(
        {"A": (0, 0)},
        {("A", "PIE", "bb"): 5},
        [("bb", 0, 0, 10)],
        buiten={"X": (8, 0)},
        buiten_aanbod=[("X", "PIE", "bb")],
    )
    v = optimaliseer(model)
    # A is too small and has no neighbour in the region; X (8 km, outside) still covers A
    assert groepen(v) == {}
    a = wijziging(v, "A")
    assert a.buiten is not None and (a.buiten.vestiging, round(a.buiten.km, 6)) == ("X", 8)
    assert a.waarom.startswith(
        "sluiten (minder dan 11): 5 leerlingen, die geen PIE bb meer in de regio binnen 25 km "
        "hebben (wel buiten de regio: X, 8 km); het bereik van PIE bb blijft 100 %"
    )
    assert v.voorstel.score == v.huidig.score == pytest.approx(100 / 5)


def test_pins_open_and_closed() -> None:
    model = regio(
        {"A": (0, 0), "B": (4, 0), "C": (8, 0)},
        {("A", "PIE", "bb"): 20, ("B", "PIE", "bb"): 6, ("C", "PIE", "bb"): 12},
        [("bb", 0, 0, 10), ("bb", 4, 0, 10), ("bb", 8, 0, 10)],
    )
    assert set(groepen(optimaliseer(model))) == {("A", "PIE", "bb"), ("C", "PIE", "bb")}
    v = optimaliseer(model, open_pins=[("b", "pie", "BB")], dicht_pins=[("A", "PIE", "bb")])
    assert v.open_pins == (("B", "PIE", "bb"),) and v.dicht_pins == (("A", "PIE", "bb"),)
    assert ("B", "PIE", "bb") in groepen(v) and ("A", "PIE", "bb") not in groepen(v)
    assert "vastgezet als dicht" in wijziging(v, "A").waarom
    for methode in ("milp", "greedy"):
        g = groepen(optimaliseer(model, open_pins=[("B", "PIE", "bb")], methode=methode))
        assert g[("B", "PIE", "bb")] >= 11, methode


def test_a_pin_that_cannot_reach_the_minimum_names_the_offer() -> None:
    model = regio(
        {"A": (0, 0), "B": (40, 0)},
        {("A", "PIE", "bb"): 3, ("B", "PIE", "bb"): 20},
        [("bb", 0, 0, 10), ("bb", 40, 0, 10)],
    )
    with pytest.raises(ParameterError) as fout:
        optimaliseer(model, open_pins=[("A", "PIE", "bb")])
    assert str(fout.value).startswith(
        "vestiging A profiel PIE leerweg bb kan hoogstens <5 leerlingen krijgen"
    )
    assert "minder dan --min-groep 11" in str(fout.value)
    # with B within reach (--max-km 50) A can reach 23 and the pin is fine
    assert groepen(optimaliseer(model, open_pins=[("A", "PIE", "bb")], max_km=50)) == {
        ("A", "PIE", "bb"): 23
    }


def test_pins_that_cannot_be_met_together() -> None:
    model = regio(
        {"A": (0, 0), "B": (2, 0), "C": (4, 0)},
        {("A", "PIE", "bb"): 6, ("B", "PIE", "bb"): 6, ("C", "PIE", "bb"): 7},
        [("bb", 0, 0, 10)],
    )
    with pytest.raises(ParameterError, match=r"vastgezette aanbiedingen van PIE bb \(A, B\)"):
        optimaliseer(model, open_pins=[("A", "PIE", "bb"), ("B", "PIE", "bb")])
    with pytest.raises(ParameterError, match=r"3 aanbiedingen vastgezet als open .*--max-per-"):
        optimaliseer(
            model,
            max_per_profiel=2,
            open_pins=[("A", "PIE", "bb"), ("B", "PIE", "bb"), ("C", "PIE", "bb")],
        )


@pytest.mark.parametrize(
    ("opties", "soort", "tekst"),
    [
        ({"open_pins": [("ZZ99", "PIE", "bb")]}, NotFoundError, "onbekende vestiging 'ZZ99'"),
        ({"open_pins": [("A", "XYZ", "bb")]}, NotFoundError, "onbekend technisch profiel"),
        ({"open_pins": [("A", "Z&W", "bb")]}, NotFoundError, "onbekend technisch profiel"),
        ({"dicht_pins": [("A", "PIE", "tl")]}, NotFoundError, "onbekende leerweg 'tl'"),
        ({"open_pins": [("X", "PIE", "bb")]}, ParameterError, "ligt buiten regio R1"),
        ({"dicht_pins": [("A", "BWI", "bb")]}, ParameterError, "niets te sluiten"),
        ({"open_pins": [("A", "PIE", "kb")]}, ParameterError, "geen derdejaars in leerweg kb"),
        (
            {"open_pins": [("A", "PIE", "bb")], "dicht_pins": [("A", "PIE", "bb")]},
            ParameterError,
            "zowel open als dicht",
        ),
        ({"min_groep": 0}, ParameterError, "--min-groep moet minstens 1"),
        ({"max_km": 0}, ParameterError, "--max-km moet groter dan 0"),
        ({"max_per_profiel": 0}, ParameterError, "--max-per-profiel moet minstens 1"),
        ({"methode": "simplex"}, ParameterError, "onbekende methode 'simplex'"),
    ],
)
def test_bad_input_is_refused_in_dutch(
    opties: dict[str, object], soort: type[Exception], tekst: str
) -> None:
    model = regio(
        {"A": (0, 0)},
        {("A", "PIE", "bb"): 12},
        [("bb", 0, 0, 10)],
        buiten={"X": (5, 0)},
        buiten_aanbod=[("X", "PIE", "bb")],
    )
    with pytest.raises(soort, match=tekst):
        optimaliseer(model, **opties)  # type: ignore[arg-type]


def test_greedy_when_highspy_is_missing_or_time_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    model = drie_op_een_lijn()
    kort = optimaliseer(model, tijdslimiet=1e-9)
    assert kort.voorstel.haalbaar
    assert any("tijdslimiet" in o for o in kort.opmerkingen)
    # highspy is installed here; its absence (an install without the wheel) cannot be made
    # real inside one process, so this one line stands in for it.
    monkeypatch.setattr(optimaliseer_milp, "highspy", None)
    v = optimaliseer(model)
    assert (v.methode, v.status) == ("greedy", "heuristisch")
    assert v.opmerkingen == ("highspy is niet geïnstalleerd; de greedy methode is gebruikt",)
    assert v.voorstel.haalbaar


# ---------------------------------------------------------------- MILP against brute force


def willekeurig(seed: int) -> tuple[Regiomodel, dict[str, object]]:
    """5-8 offers of 2 profielen x 2 leerwegen at 3-5 schools, random pins and maximum."""
    rnd = random.Random(seed)
    scholen = {f"V{k}": (rnd.uniform(0, 30), rnd.uniform(0, 30)) for k in range(rnd.randint(3, 5))}
    mogelijk = [(v, p, lw) for v in scholen for p in ("PIE", "BWI") for lw in ("bb", "kb")]
    aanbod = {
        s: rnd.choice([0.5 * k for k in range(2, 41)])
        for s in rnd.sample(mogelijk, rnd.randint(5, 8))
    }
    vraag = [
        (rnd.choice(("bb", "kb")), rnd.uniform(-5, 35), rnd.uniform(-5, 35), rnd.randint(1, 40) / 2)
        for _ in range(rnd.randint(8, 16))
    ]
    buiten = {"X1": (rnd.uniform(-10, 40), rnd.uniform(-10, 40))}
    buiten_aanbod = [
        ("X1", p, lw) for p in ("PIE", "BWI") for lw in ("bb", "kb") if rnd.random() < 0.3
    ]
    model = regio(scholen, aanbod, vraag, buiten=buiten, buiten_aanbod=buiten_aanbod)
    sleutels = sorted(aanbod)
    opties: dict[str, object] = {
        "min_groep": rnd.choice((8, 11, 15)),
        "max_km": rnd.choice((15.0, 25.0)),
    }
    if rnd.random() < 0.3:
        opties["max_per_profiel"] = rnd.randint(1, 3)
    if rnd.random() < 0.3:
        opties["open_pins"] = [rnd.choice(sleutels)]
    if rnd.random() < 0.3:
        opties["dicht_pins"] = [
            s for s in [rnd.choice(sleutels)] if s not in opties.get("open_pins", [])
        ]  # type: ignore[operator]
    return model, opties


def haalbaar(model: Regiomodel, open_: Sequence[Sleutel], opties: Mapping[str, object]) -> bool:
    """Every kept offer can reach the minimum: Gale's condition, checked on every subset."""
    m = float(opties["min_groep"])  # type: ignore[arg-type]
    max_km = float(opties["max_km"])  # type: ignore[arg-type]
    for profiel, leerweg in {(p, lw) for _, p, lw in model.aanbod}:
        groep = [s for s in model.aanbod if s[1:] == (profiel, leerweg)]
        klein = [s for s in groep if s in open_ and model.aanbod[s] < m]
        dicht = [s for s in groep if s not in open_]
        for r in range(1, len(klein) + 1):
            for deel in itertools.combinations(klein, r):
                nodig = sum(m - model.aanbod[b] for b in deel)
                beschikbaar = sum(
                    model.aanbod[a]
                    for a in dicht
                    if any(model.afstand_km(a[0], b[0]) <= max_km + 1e-9 for b in deel)
                )
                if nodig > beschikbaar + 1e-9:
                    return False
    return True


def toegestaan(open_: Sequence[Sleutel], opties: Mapping[str, object]) -> bool:
    if not set(opties.get("open_pins", [])) <= set(open_):  # type: ignore[call-overload]
        return False
    if set(opties.get("dicht_pins", [])) & set(open_):  # type: ignore[call-overload]
        return False
    k = opties.get("max_per_profiel")
    return k is None or all(sum(1 for s in open_ if s[1] == p) <= k for p in ("PIE", "BWI"))  # type: ignore[operator]


def brute_force(model: Regiomodel, opties: Mapping[str, object]) -> float | None:
    sleutels = sorted(model.aanbod)
    beste: float | None = None
    for r in range(len(sleutels) + 1):
        for open_ in itertools.combinations(sleutels, r):
            if toegestaan(open_, opties) and haalbaar(model, open_, opties):
                score = score_van(model, open_)
                beste = score if beste is None else max(beste, score)
    return beste


@pytest.mark.parametrize("seed", range(30))
def test_milp_matches_brute_force_and_greedy_never_beats_it(seed: int) -> None:
    model, opties = willekeurig(seed)
    beste = brute_force(model, opties)
    if beste is None:  # no offering satisfies the pins: the optimiser must say so
        with pytest.raises(ParameterError):
            optimaliseer(model, **opties)  # type: ignore[arg-type]
        return
    v = optimaliseer(model, **opties)  # type: ignore[arg-type]
    assert v.status == "optimaal"
    assert v.voorstel.score == pytest.approx(beste, abs=1e-6)
    open_ = sorted(groepen(v))
    assert toegestaan(open_, opties) and haalbaar(model, open_, opties)
    assert all(n >= float(opties["min_groep"]) - 1e-9 for n in groepen(v).values())  # type: ignore[arg-type]
    g = optimaliseer(model, methode="greedy", **opties)  # type: ignore[arg-type]
    g_open = sorted(groepen(g))
    assert toegestaan(g_open, opties) and haalbaar(model, g_open, opties)
    assert g.voorstel.haalbaar
    assert g.voorstel.score <= beste + 1e-9


# ---------------------------------------------------------------- the real 2019 data


def kleine_aantallen_verborgen(uit: object) -> None:
    """Every student count in the JSON is a string: ``<5``, ``0`` or a whole number >= 5."""
    if isinstance(uit, dict):
        for sleutel, waarde in uit.items():
            if sleutel.startswith("leerlingen") or sleutel == "verloren":
                assert isinstance(waarde, str), (sleutel, waarde)
                assert waarde in ("<5", "0") or int(waarde.replace(".", "")) >= 5, waarde
            else:
                kleine_aantallen_verborgen(waarde)
    elif isinstance(uit, list):
        for waarde in uit:
            kleine_aantallen_verborgen(waarde)


def test_every_demo_region_of_the_real_2019_data(echt_db: Path) -> None:
    con = db.connect(echt_db, read_only=True)
    try:
        codes = [
            r for (r,) in con.execute("SELECT DISTINCT regio FROM regio ORDER BY 1").fetchall()
        ]
        modellen = [mdl.laad(con, code, 2019) for code in codes]
    finally:
        con.close()
    assert len(modellen) >= 70
    start = time.perf_counter()
    for model in modellen:
        v = optimaliseer(model)
        assert v.seconden < 5.0, (model.regio, v.seconden)
        assert v.status == "optimaal" and v.voorstel.haalbaar, model.regio
        if v.huidig.haalbaar:
            assert v.voorstel.score >= v.huidig.score - 1e-9, model.regio
        assert all(o.leerlingen >= 11 - 1e-9 for o in v.voorstel.aanbiedingen), model.regio
        assert v.voorstel.score == pytest.approx(
            score_van(
                model, [(o.vestiging, o.profiel, o.leerweg) for o in v.voorstel.aanbiedingen]
            ),
            abs=1e-9,
        )
        kleine_aantallen_verborgen(v.als_json())
    assert time.perf_counter() - start < 30


# ---------------------------------------------------------------- command line


def test_cli_json(echt_db: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "optimaliseer",
            "--regio",
            "R14",
            "--schooljaar",
            "2019",
            "--formaat",
            "json",
            "--db",
            str(echt_db),
        ],
    )
    assert result.exit_code == 0, result.output
    uit = json.loads(result.output)
    assert {"huidig", "voorstel", "wijzigingen", "methode", "status"} <= set(uit)
    assert isinstance(uit["huidig"]["score"], float) and isinstance(uit["voorstel"]["score"], float)
    assert uit["wijzigingen"] and {"actie", "waarom", "naar"} <= set(uit["wijzigingen"][0])
    kleine_aantallen_verborgen(uit)


def test_cli_table_in_dutch_with_pins(echt_db: Path) -> None:
    con = db.connect(echt_db, read_only=True)
    try:
        model = mdl.laad(con, "R14", 2019)
    finally:
        con.close()
    groot = max(model.aanbod, key=lambda s: model.aanbod[s])
    result = CliRunner().invoke(
        cli,
        [
            "optimaliseer",
            "--regio",
            "R14",
            "--dicht",
            ":".join(groot),
            "--min-groep",
            "8",
            "--db",
            str(echt_db),
        ],
    )
    assert result.exit_code == 0, result.output
    for tekst in (
        "Score (aandeel leerlingen",
        "Wijzigingen",
        "sluiten (vastgezet als dicht)",
        "minimale groep 8",
    ):
        assert tekst in result.output, tekst


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--regio", "R999"], "onbekende regio 'R999'"),
        (["--regio", "R14", "--open", "00XX00/PIE/bb"], "onbekende vestiging '00XX00'"),
        (["--regio", "R14", "--open", "PIE-bb"], "schrijf VESTIGING/PROFIEL/LEERWEG"),
        (["--regio", "R14", "--schooljaar", "2030"], "schooljaar 2030 is niet geladen"),
    ],
)
def test_cli_bad_input_exits_with_usage(
    echt_db: Path,
    args: list[str],
    melding: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "argv", ["sto", "optimaliseer", *args, "--db", str(echt_db)])
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == ExitCode.USAGE
    assert melding in capsys.readouterr().err.replace("\n", " ")
