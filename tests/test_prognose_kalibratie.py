"""Forecasts that can be checked: generated cohorts, calibrated intervals, the published block.

- The generator's cohorts (``generate/cohorten.py``): a vestiging's leerjaar 3 follows its
  leerjaar 2 of the year before; students leave a technical profiel (weglekken) and move to a
  lower leerweg (afstromen) between leerjaar 3 and 4.
- The interval's margins (``planner/prognose/marges.py``, ``kalibratie.py``); the coverage on
  generated cohorts is tested in tests/test_prognose.py (on its generated warehouse).
- The published forecast block of the region page (``publicatie/prognose.py``) on the shared
  generated warehouse: never a count of 1 to 4, and the numbers of ``planner.api.prognose``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from sto_monitor import db
from sto_monitor.generate import cohorten
from sto_monitor.generate.calibration import load_calibration
from sto_monitor.generate.generator import _offering
from sto_monitor.generate.simulate import simulate_chunk
from sto_monitor.generate.universe import build_universe
from sto_monitor.planner import api
from sto_monitor.planner.prognose import ALLE, TECHNIEK, TOTAAL
from sto_monitor.planner.prognose.kalibratie import Misser, dekking, kalibreer
from sto_monitor.planner.prognose.marges import GEKALIBREERD, HORIZON, NORMAAL, Marge, Marges
from sto_monitor.planner.prognose.uitvoer import toon_aantal
from sto_monitor.publicatie import prognose as publicatie
from sto_monitor.publicatie.gegevens import Regio, Snapshot

# --- the generator's cohorts ------------------------------------------------------------


def test_leerjaar_3_of_a_vestiging_follows_its_leerjaar_2_of_last_year() -> None:
    """Per vestiging with at least 40 students in a vmbo-brugklas of leerjaar 2: this year's
    vmbo leerjaar 3 is last year's leerjaar 2 times the vestiging's own doorstroom ratio, in a
    band of 8 % (median) and 20 % (nine in ten); and the yearly changes go together, which
    independent draws per year would not do (correlation about 0)."""
    cal, off = load_calibration(), _offering()
    uni = build_universe(cal, 0.2, 5)
    jaren = [2021, 2022, 2023, 2024]
    lj2: dict[int, np.ndarray] = {}
    lj3: dict[int, np.ndarray] = {}
    for chunk in simulate_chunk(off, uni, 0, uni.n, jaren, cal.year, 5):
        brug, vmbo = off.vmbo_brug[chunk.rows], off.leerweg[chunk.rows] >= 0
        lj2[chunk.year] = np.bincount(chunk.inst[brug], chunk.counts[brug, 1], uni.n)
        lj3[chunk.year] = np.bincount(chunk.inst[vmbo], chunk.counts[vmbo, 2], uni.n)
    pool = np.array([lj2[j - 1] for j in jaren[1:]])
    derde = np.array([lj3[j] for j in jaren[1:]])
    groot = (pool.min(axis=0) >= 40) & (derde.min(axis=0) >= 20)
    assert groot.sum() > 50
    ratio = (derde[:, groot] / pool[:, groot]).mean(axis=0)
    afwijking = np.abs(derde[:, groot] - ratio * pool[:, groot]) / derde[:, groot]
    assert np.median(afwijking) < 0.08 and np.percentile(afwijking, 90) < 0.2
    alle = np.array([lj3[j] for j in jaren])[:, groot]
    twee = np.array([lj2[j] for j in jaren])[:, groot]
    d3 = np.diff(np.log(alle), axis=0)[1:].ravel()
    d2 = np.diff(np.log(twee), axis=0)[:-1].ravel()
    assert np.corrcoef(d2, d3)[0, 1] > 0.4


def test_leerjaar_4_holds_weglekkers_and_afstromers() -> None:
    """One vestiging, 1000 derdejaars in PIE kb last year and nobody else: a year later some
    are in Z&W kb (left techniek: weglekken), some in bb (afstromen), some repeat leerjaar 3,
    most are in PIE kb leerjaar 4, and nobody appears from nowhere."""
    n = 4  # rows: PIE kb, Z&W kb, PIE bb, E&O bb
    leerweg = np.array([1, 1, 0, 0])
    c = cohorten.Cohorten(
        group=np.zeros(n, dtype=np.int64),
        n=1,
        vmbo_brug=np.zeros(n, dtype=bool),
        andere_brug=np.zeros(n, dtype=bool),
        vmbo_lj3=np.ones(n, dtype=bool),
        havo_vwo_lj3=np.zeros(n, dtype=bool),
        key=leerweg.copy(),
        lower_key=np.array([0, 0, 0, 0]),
        stay=np.full(n, 0.9 - cohorten.P_SWITCH - cohorten.P_AFSTROOM),
        switch=np.full(n, cohorten.P_SWITCH),
        afstroom=np.array([cohorten.P_AFSTROOM, cohorten.P_AFSTROOM, 0.0, 0.0]),
        inflow4=np.zeros(n),
        size=np.zeros((n, 6)),
        drift=np.zeros(n),
    )
    counts = np.zeros((n, 6), dtype=np.int64)
    expected = np.full((n, 6), 50.0)
    previous = np.zeros((n, 6), dtype=np.int64)
    previous[0, 2] = 1000
    herhaald = cohorten._leerjaar4(
        c, np.random.default_rng(1), counts, expected, np.ones(n), expected[:, 2], previous
    )
    lj4 = counts[:, 3]
    assert lj4[1] > 0  # weglekken: from PIE to Z&W in the same leerweg
    assert lj4[2] + lj4[3] > 0  # afstromen: from kb to bb
    assert herhaald[0] > 0 and herhaald[1:].sum() == 0
    assert 800 < lj4[0] < 900 and lj4.sum() + herhaald.sum() <= 1000


def test_spread_places_every_student_of_a_group_with_weight() -> None:
    rng = np.random.default_rng(3)
    group = np.array([0, 0, 1, 1, 1, 2])
    weight = np.array([1.0, 3.0, 0.0, 1.0, 1.0, 0.0])
    uit = cohorten.spread(rng, np.array([40, 10, 7]), group, weight, 3)
    assert uit[:2].sum() == 40 and uit[2] == 0 and uit[3:5].sum() == 10
    assert uit[5] == 0  # a group without weight places nobody


# --- the interval's margins -------------------------------------------------------------


def _misser(z: float, horizon: int = 1, punt: float = 100.0, niveau: str = "cel") -> Misser:
    sd = 10.0
    return Misser("R1", 2020, 2020 + horizon, niveau, ("PIE", "bb"), punt + z * sd, punt,  # type: ignore[arg-type]
                  punt - 12.8, punt + 12.8, sd)  # fmt: skip


def test_margins_are_the_quantiles_of_the_standardised_misses() -> None:
    zs = [i / 10 for i in range(-50, 51)]  # -5.0 .. 5.0, evenly
    marges = kalibreer([_misser(z) for z in zs] + [_misser(0.0, horizon=2)], "test")
    m = marges.marge("cel", 1, 100.0)
    assert m == Marge(-4.0, 4.0)  # the 10 % and 90 % quantiles
    assert marges.marge("cel", 2, 100.0) == NORMAAL  # too few misses: stays normal
    assert marges.interval("cel", 1, 100.0, 10.0) == (60.0, 140.0)
    assert marges.interval("cel", 1, 10.0, 10.0)[0] == 0.0  # never below 0
    assert dekking([_misser(z) for z in zs])["cel"].pct == pytest.approx(100 * 25 / 101)


def test_calibrated_margins_cover_every_level_and_horizon() -> None:
    for niveau in ("regio", "cel", "aanbod"):
        for horizon in range(1, HORIZON + 1):
            for punt in (5.0, 500.0):
                m = GEKALIBREERD.marge(niveau, horizon, punt)
                assert m != NORMAAL and m.laag < 0 < m.hoog
    # further ahead than measured: the widest horizon's margins
    assert GEKALIBREERD.marge("cel", 9, 50.0) == GEKALIBREERD.marge("cel", HORIZON, 50.0)
    assert Marges().marge("regio", 1, 50.0) == NORMAAL


# --- the published block ----------------------------------------------------------------

GETAL = re.compile(r"\d[\d.]*")


def _snapshot(web_db: Path) -> Snapshot:
    """A snapshot holding only what the block reads (laad itself is tested through the page)."""
    con = db.connect(web_db, read_only=True)
    try:
        reeksen = publicatie.reeksen(con)
    finally:
        con.close()
    regios = {c: Regio(c, r.naam, r.periode, False, False) for c, r in reeksen.items()}
    return Snapshot(
        pad=web_db, geladen_op=0.0, versie="test", jaren=(2023, 2024), regios=regios,
        indicatoren={}, vestigingen=(), gemeenten=(), gemeente_regio={}, bronnen=(), runs=(),
        synthetisch=True, prognosereeksen=reeksen,
    )  # fmt: skip


def test_published_block_never_shows_1_to_4_and_equals_the_forecast(web_db: Path) -> None:
    snap = _snapshot(web_db)
    klein = 0
    con = db.connect(web_db, read_only=True)
    try:
        for code in sorted(snap.regios):
            blok = publicatie.prognoseblok(snap, code)
            if blok is None:
                continue
            assert blok.id == "prognose" and blok.schatting and "synthetische" in blok.bron
            cellen = [c for rij in blok.rijen for c in rij[1:]]
            for cel in cellen:
                assert all(int(g.replace(".", "")) not in (1, 2, 3, 4) for g in GETAL.findall(cel))
            klein += sum(cel.count("<5") for cel in cellen)
            p = api.prognose(con, code, jaren=publicatie.JAREN)
            namen = {v: k for k, v in publicatie.NAMEN.items()}
            for rij in blok.rijen:
                reeks = {r.schooljaar: r for r in p.reeks(namen[rij[0]], ALLE)}
                for jaar, tekst in zip(p.prognosejaren, rij[2:], strict=True):
                    r = reeks.get(jaar)  # none: a region without techniek
                    punten = (r.punt, r.laag, r.hoog) if r is not None else (0.0, 0.0, 0.0)
                    verwacht = [toon_aantal(x) for x in punten]
                    assert [g.replace(".", "") for g in re.split(r" \(|\u2013|\)", tekst) if g] == (
                        verwacht
                    ), (code, rij[0], jaar)
            assert [namen[r[0]] for r in blok.rijen][-2:] == [TECHNIEK, TOTAAL]
    finally:
        con.close()
    assert klein > 0, "generated data with small profielen shows <5 somewhere"
    with pytest.raises(Exception, match="onbekende regio"):
        publicatie.prognoseblok(snap, "R999")
