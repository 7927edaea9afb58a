"""Instroom, weglekken and afstromers per regio (indicators/stromen.py) on a tiny warehouse.

The case ``tests/data/indicators/stromen/twee_jaren_input.csv`` has two consecutive school
years, two regions (R1: A1, A2; R2: B1) and a vestiging outside any region that is gone a year
later (X1). A1 loses 5 of its 20 PIE students between leerjaar 3 and 4, one of its BWI cells is
DUO's ``<5``, and one of its students moves from PIE to MVI within techniek. Each indicator's
whole expected table is written by hand beside it (``<indicator>_expected.csv``); the sums are
worked out in the comments of the input file and the module docstring of the indicators.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db, domain
from sto_monitor.indicators.registry import BY_NAME, INDICATORS
from sto_monitor.indicators.woorden import woord
from sto_monitor.publicatie.afscherming.tabel import KLEIN
from sto_monitor.publicatie.publiceren import publiceer
from tests.indicator_fixtures import Row, run, tiny_warehouse

CASE = Path(__file__).parent / "data" / "indicators" / "stromen"
NAMEN = ("instroom_per_regio", "weglekken_per_regio", "afstromers_per_regio")
REGIOS = {"A1": "R1", "A2": "R1", "B1": "R2"}


def invoer(naam: str = "twee_jaren") -> list[Row]:
    df = pd.read_csv(CASE / f"{naam}_input.csv", dtype={"leerjaar": int}, keep_default_na=False)
    return [
        (
            r.schooljaar,
            r.vestiging,
            r.leerweg,
            r.profiel,
            r.geslacht,
            r.aantal_min,
            r.aantal_max,
            r.leerjaar,
        )
        for r in df.itertuples()
    ]


@pytest.fixture
def tiny(tmp_path: Path) -> db.Connection:
    return tiny_warehouse(tmp_path / "stromen.duckdb", rows=invoer(), regios=REGIOS)


def _verwacht(naam: str) -> pd.DataFrame:
    return pd.read_csv(CASE / f"{naam}_expected.csv", keep_default_na=False, na_values=[""])


def _gelijk(uit: pd.DataFrame, verwacht: pd.DataFrame) -> None:
    """Every expected column equal, row by row (floats to 1e-9, empty = no value)."""
    sleutels = [k for k in ("schooljaar", "regio", "profiel", "leerweg") if k in verwacht]
    uit = uit.sort_values(sleutels).reset_index(drop=True)
    verwacht = verwacht.sort_values(sleutels).reset_index(drop=True)
    assert len(uit) == len(verwacht), uit[sleutels].to_string()
    for kolom in verwacht.columns:
        for i, (a, b) in enumerate(zip(uit[kolom], verwacht[kolom], strict=True)):
            leeg_a = a is None or (isinstance(a, float) and math.isnan(a))
            leeg_b = b is None or (isinstance(b, float) and math.isnan(b))
            where = f"{kolom} in rij {verwacht.loc[i, sleutels].to_dict()}"
            if leeg_a or leeg_b:
                assert leeg_a and leeg_b, f"{where}: {a!r} tegen {b!r}"
            elif isinstance(b, float):
                assert float(a) == pytest.approx(b, rel=1e-9), where
            elif isinstance(b, str) and b in ("true", "false"):
                assert bool(a) == (b == "true"), where
            else:
                assert str(a) == str(b), f"{where}: {a!r} tegen {b!r}"


def test_registered_with_words_for_every_column() -> None:
    namen = [i.naam for i in INDICATORS]
    start = namen.index("mbo_sectorkamer") + 1
    assert tuple(namen[start : start + 3]) == NAMEN
    for naam in NAMEN:
        ind = BY_NAME[naam]
        assert ind.per_regio and "regio" in ind.sleutels
        assert ind.kolommen[: len(ind.sleutels)] == ind.sleutels
        assert ind.herleiding is None  # public DUO data only
        for kolom in ind.kolommen:
            assert woord(ind, kolom).label, (naam, kolom)
    assert "schatting" in BY_NAME["weglekken_per_regio"].titel
    assert "schatting" in BY_NAME["afstromers_per_regio"].titel.lower()


@pytest.mark.parametrize(
    ("naam", "schatting"),
    [("weglekken_per_regio", "weglekkers"), ("afstromers_per_regio", "afstromers")],
)
def test_estimates_against_the_hand_written_tables(
    tiny: db.Connection, naam: str, schatting: str
) -> None:
    uit = run(tiny, naam)
    _gelijk(uit, _verwacht(naam))
    # a point value only where the interval is one number; no break in consecutive files
    for familie in ("derdejaars_vorig", "vierdejaars", schatting):
        exact = uit[f"{familie}_min"] == uit[f"{familie}_max"]
        assert (uit.loc[exact, familie] == uit.loc[exact, f"{familie}_min"]).all()
        assert uit.loc[~exact, familie].isna().all()
    if "breuk" in uit:
        assert uit.breuk.isna().all()


def test_instroom_against_the_hand_written_table(tiny: db.Connection) -> None:
    uit = run(tiny, "instroom_per_regio")
    # every profiel x leerweg of each region with derdejaars that year, 0 included
    per_jaar_regio = uit.groupby(["schooljaar", "regio"]).size().to_dict()
    rooster = (len(domain.PROFIEL_CODES) + 4) * 4
    assert per_jaar_regio == {(2020, "R1"): rooster, (2020, "R2"): rooster, (2021, "R1"): rooster}
    nul = uit.aantal_max == 0
    assert (uit.loc[nul, "aantal_min"] == 0).all() and (uit.loc[nul, "aantal"] == 0).all()
    _gelijk(uit[~nul], _verwacht("instroom_per_regio"))


def test_published_as_duo_publishes_never_x(tiny: db.Connection) -> None:
    uitkomst = publiceer(tiny, indicatoren=NAMEN)
    for naam in NAMEN:
        tabel = uitkomst.publicatie.tabellen[naam]
        assert not tabel.vertrouwelijk
        assert "x" not in set(tabel.tabel.to_pandas().astype(str).to_numpy().ravel()), naam
    weg = uitkomst.publicatie.tabellen["weglekken_per_regio"]
    notatie = {(r["regio"], r["profiel"]): r for r in weg.tabel.to_pylist()}
    assert notatie[("R1", "PIE")]["weglekkers"] == "5"
    assert notatie[("R1", "BWI")]["weglekkers"] == KLEIN  # DUO's <5 cell, 1-4 lost
    assert notatie[("R2", "BWI")]["weglekkers"] == KLEIN  # exactly 3: as DUO would show it
    assert notatie[("NL", "BWI")]["weglekkers"] == "4-7"
    assert notatie[("R1", "techniek")]["weglekkers"] == "2-8"
    assert notatie[("R2", "PIE")]["aandeel_weglekkers"] == "20.0"
    data = {(r["regio"], r["profiel"]): r for r in weg.data.to_pylist()}
    r2 = data[("R2", "BWI")]
    assert (r2["weglekkers"], r2["weglekkers_min"], r2["weglekkers_max"]) == (None, 1, 4)
    assert r2["weglekkers_status"] == KLEIN


def test_no_estimate_across_a_break_of_the_profielen(tmp_path: Path) -> None:
    """2020 still counts many derdejaars in pre-2016 afdelingen: leerjaar 3 of 2020 and
    leerjaar 4 of 2021 are not in the same profielen, so weglekken is left out with its reason;
    afstromers count leerwegen and stay."""
    rows = [*invoer(), (2020, "A2", "bb", domain.OVERIG, "man", 40, 40, 3)]
    con = tiny_warehouse(tmp_path / "breuk.duckdb", rows=rows, regios=REGIOS)
    con.execute("UPDATE leerlingen SET afdeling = 'Bouwtechniek' WHERE profiel = 'overig'")
    weg = run(con, "weglekken_per_regio")
    assert set(weg.breuk) == {"oude-afdelingen"}
    assert weg.weglekkers_min.isna().all() and weg.aandeel_weglekkers.isna().all()
    assert weg.derdejaars_vorig_min.notna().all()  # the counts themselves stay
    af = run(con, "afstromers_per_regio")
    assert af.afstromers_min.notna().all()


def test_techniek_follows_the_definition(tiny: db.Connection) -> None:
    hard = run(tiny, "weglekken_per_regio", techniek="harde-techniek")
    assert set(hard.profiel) == {"BWI", "PIE", "M&T", "techniek"}
    r1 = hard.set_index(["regio", "profiel"]).loc[("R1", "techniek")]
    # BWI and PIE only: A1 20 + [1, 4] derdejaars, 15 vierdejaars; A2's MVI is no techniek
    assert (r1.derdejaars_vorig_min, r1.derdejaars_vorig_max) == (21, 24)
    assert (r1.weglekkers_min, r1.weglekkers_max) == (6, 9)
