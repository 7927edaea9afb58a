"""Every definition of the monitor on the real DUO files, against an independent count.

The real leerlingen files of 2016/17 and 2019/20 (exact counts, no ``<5``) are loaded into a
warehouse; for each of the 24 combinations of the four switches (``indicators/definities.py``)
the national techniekaandeel and the Tabel 4.1 subtotals are compared with a count made here
from the raw CSV with Python's ``csv`` module and a profiel list of its own. The minister's
letters' "19,2 %" for 2020 is read from the seed and must come out under leerjaar 3+4.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from sto_monitor import db
from sto_monitor.indicators.definities import (
    MONITOR,
    Definitie,
    alle_definities,
    definitie,
)
from sto_monitor.indicators.run import compute
from sto_monitor.ingest.runner import ingest_paths
from tests.conftest import REAL

SEEDS = REAL.parent.parent / "seeds"
LEERLINGEN = REAL / "leerlingen_vo"
BESTANDEN = {
    2016: LEERLINGEN / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2016-2017.csv",
    2019: LEERLINGEN / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
}
# The ten profielen by the names DUO writes in AFDELING, written out again for this test.
VIJF_TECHNIEK = {
    "Bouwen, wonen en interieur",
    "Produceren, installeren en energie",
    "Mobiliteit en transport",
    "Maritiem en techniek",
    "Media, vormgeving en ICT",
}
HARDE_TECHNIEK = {
    "Bouwen, wonen en interieur",
    "Produceren, installeren en energie",
    "Mobiliteit en transport",
}
NIET_TECHNIEK = {
    "Dienstverlening en producten",
    "Economie en ondernemen",
    "Groen",
    "Horeca, bakkerij en recreatie",
    "Zorg en welzijn",
}
LEERWEG = {"VMBO BL": "bb", "VMBO KL": "kb", "VMBO GL": "gl"}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def _leerweg(onderwijstype: str) -> str | None:
    match = re.match(r"\s*(VMBO [BKG]L)\b", onderwijstype, re.IGNORECASE)
    return LEERWEG.get(match.group(1).upper()) if match else None


def independent_count(jaar: int, d: Definitie) -> Counter[str]:
    """Students of the population: all, techniek, niet-techniek (routes per the switch)."""
    leerjaren = ("3", "4") if d.populatie == "lj3-4" else ("3",)
    leerwegen = ("bb", "kb") if d.noemer == "bb-kb" else ("bb", "kb", "gl")
    counts: Counter[str] = Counter()
    for row in _rows(BESTANDEN[jaar]):
        row = {k.strip(): (v or "").strip() for k, v in row.items()}
        if _leerweg(row["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"]) not in leerwegen:
            continue
        n = sum(
            int(row[f"LEER- OF VERBLIJFSJAAR {lj} - {g}"] or 0)
            for lj in leerjaren
            for g in ("MAN", "VROUW")
        )
        afdeling = row["AFDELING"].casefold()
        profiel = next((p for p in VIJF_TECHNIEK | NIET_TECHNIEK if p.casefold() == afdeling), None)
        route = profiel is None  # vakmanschaps-/beroepsroutes and pre-2016 afdelingen
        if d.techniek == "harde-techniek":
            techniek = profiel in HARDE_TECHNIEK
        else:
            techniek = profiel in VIJF_TECHNIEK
        if d.techniek == "techniekpact" and route:
            techniek = row["VMBO SECTOR"] == "Techniek" or "techniek" in afdeling
        counts["alle"] += n
        if techniek:
            counts["techniek"] += n
        elif not route or d.routes == "niet-techniek":
            counts["niet-techniek"] += n
    return counts


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[db.Connection]:
    if not REAL.is_dir():
        pytest.skip(f"echte data niet gevonden in {REAL}")
    con = db.connect(tmp_path_factory.mktemp("definities") / "echt.duckdb")
    outcomes = ingest_paths(con, list(BESTANDEN.values()))
    assert all(o.status == "geladen" for o in outcomes), [o.error for o in outcomes]
    yield con
    con.close()


@pytest.mark.parametrize("d", list(alle_definities()), ids=lambda d: d.sleutel)
def test_every_definition_against_an_independent_count(
    warehouse: db.Connection, d: Definitie
) -> None:
    aandeel = compute("techniekaandeel", warehouse, techniek=d.sleutel).to_pylist()
    per_profiel = compute("leerlingen_per_profiel", warehouse, techniek=d.sleutel).to_pylist()
    for jaar in BESTANDEN:
        verwacht = independent_count(jaar, d)
        [nl] = [r for r in aandeel if r["schooljaar"] == jaar and r["regio"] == "NL"]
        assert nl["derdejaars"] == verwacht["alle"], (jaar, d.sleutel)
        assert nl["techniekleerlingen"] == verwacht["techniek"], (jaar, d.sleutel)
        assert nl["techniekaandeel"] == pytest.approx(
            100 * verwacht["techniek"] / verwacht["alle"], abs=0.05
        )
        groepen = {
            r["profiel"]: r["aantal"]
            for r in per_profiel
            if r["schooljaar"] == jaar and r["leerweg"] == "totaal"
        }
        assert groepen["techniek"] == verwacht["techniek"], (jaar, d.sleutel)
        assert groepen["niet-techniek"] == verwacht["niet-techniek"], (jaar, d.sleutel)
        assert groepen["totaal"] == verwacht["alle"]


def test_the_letters_19_2_percent_is_leerjaar_3_and_4(warehouse: db.Connection) -> None:
    """Kamerbrief: 'tussen 2020 en 2025 toegenomen van 19,2% naar …' = 2019/20, lj 3+4."""
    brief = (SEEDS / "000_97df6d80a38f6d19.txt").read_text(encoding="utf-8")
    match = re.search(r"toegenomen van (\d+,\d)%", brief)
    assert match, "de Kamerbrief noemt het techniekaandeel van 2020 niet meer"
    gepubliceerd = float(match.group(1).replace(",", "."))

    def aandeel(sleutel: str) -> float:
        rows = compute("techniekaandeel", warehouse, techniek=sleutel).to_pylist()
        [nl] = [r for r in rows if r["schooljaar"] == 2019 and r["regio"] == "NL"]
        return float(nl["techniekaandeel"])

    assert round(aandeel("sto+lj3-4"), 1) == gepubliceerd
    assert round(aandeel(MONITOR.sleutel), 1) != gepubliceerd  # the monitor's own: leerjaar 3


def test_reconciliation_shows_every_definition(warehouse: db.Connection) -> None:
    """sto techniek-verschil --alle-definities: 12 rows a year, each its own indicator run."""
    from sto_monitor.indicators.engines import DuckDBEngine
    from sto_monitor.indicators.techniek_verschil import definities_overzicht

    table = definities_overzicht(warehouse, DuckDBEngine(warehouse)).to_pylist()
    for jaar in BESTANDEN:
        rows = [r for r in table if r["schooljaar"] == jaar]
        assert len(rows) == 12
        assert len({(r["techniek"], r["populatie"], r["leerwegen"]) for r in rows}) == 12
        for d in alle_definities():
            if d.routes != "niet-techniek":
                continue
            verwacht = independent_count(jaar, d)
            assert any(
                r["leerlingen"] == verwacht["alle"]
                and r["techniekleerlingen"] == verwacht["techniek"]
                for r in rows
            ), (jaar, d.sleutel)


def test_keys_round_trip_and_the_monitor_is_sto() -> None:
    assert MONITOR.sleutel == "sto"
    keys = [d.sleutel for d in alle_definities()]
    assert len(set(keys)) == 24
    assert all(definitie(k) == d for k, d in zip(keys, alle_definities(), strict=True))
    assert Definitie.van("harde-techniek+lj3-4").leerjaren == (3, 4)
