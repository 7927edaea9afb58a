"""In-, door- and uitstroom of a region in one view (publicatie/stromen.py, /regio/X/stromen).

- the view on a tiny warehouse: blocks in order, published cells, and for every year what it
  lacks (the previous file, leerjaar 4, comparable profielen, the confidential deliveries);
- a warehouse without any DUO file: every block names its source;
- weglekken on the shared generated warehouse, computed again here with pandas straight from
  the loaded leerlingen table, against the published indicator;
- the page over a real server: every block, its labels, its cells, no count of 1 to 4.
"""

from __future__ import annotations

import html as htmllib
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db, domain
from sto_monitor.errors import NotFoundError
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.afscherming import GepubliceerdeTabel
from sto_monitor.publicatie.gegevens import Snapshot, laad
from sto_monitor.publicatie.stromen import BLOKKEN, stromen
from tests.indicator_fixtures import tiny_warehouse
from tests.test_indicator_stromen import REGIOS, invoer
from tests.web_fixtures import get

CEL = re.compile(r"<td>(.*?)</td>", re.S)
KLEINE_GETALLEN = {"1", "2", "3", "4"}
# What the view reads: publishing only these keeps the tiny snapshots quick.
GELEZEN = (
    "instroom_per_regio",
    "weglekken_per_regio",
    "afstromers_per_regio",
    "doorstroom",
    "doorstroom_sectorkamer",
    "keuzevakken",
    "keuzevakken_per_profiel",
    "reeksbreuken",
)
STREEP = "\u2013"  # between the bounds of an interval


def _tekst(cel: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", cel)).strip()


# ---------------------------------------------------------------- the view on a tiny warehouse


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshot]:
    """The case of test_indicator_stromen (2020, 2021) and two more years: 2022 with leerjaar 3
    only, many of them in a pre-2016 afdeling, and 2023 with leerjaar 4 only."""
    extra = [
        (2022, "A1", "bb", "PIE", "man", 13, 13, 3),
        (2022, "A1", "kb", domain.OVERIG, "man", 40, 40, 3),
        (2023, "A1", "bb", "PIE", "man", 11, 11, 4),
    ]
    pad = tmp_path_factory.mktemp("stromen") / "tiny.duckdb"
    con = tiny_warehouse(pad, rows=[*invoer(), *extra], regios=REGIOS)
    con.execute("UPDATE leerlingen SET afdeling = 'Bouwtechniek' WHERE profiel = 'overig'")
    con.close()
    yield laad(pad, indicatoren=GELEZEN)


def test_blocks_in_order_with_published_cells(snap: Snapshot) -> None:
    view = stromen(snap, "R1", 2021)
    assert (view.regio, view.schooljaar) == ("R1", 2021)
    assert tuple(b.id for b in view.blokken) == BLOKKEN
    instroom = view.blok("instroom")
    assert instroom.kolommen == ("Profiel", "Basis (bb)", "Kader (kb)", "Gemengd (gl)", "Totaal")
    rijen = {r[0]: r[1:] for r in instroom.rijen}
    assert rijen["PIE"] == ("14", "0", "0", "14")
    assert rijen["MVI"] == ("0", "0", "<5", "<5")  # DUO's <5
    assert rijen["Techniek samen"] == ("14", "0", "<5", f"15{STREEP}18")
    assert "2021/2022" in instroom.bron and not instroom.schatting

    weg = view.blok("weglekken")
    assert weg.schatting and "schatting" in weg.uitleg and weg.ontbreekt is None
    assert weg.indicatoren == ("weglekken_per_regio",)
    rijen = {r[0]: r[1:] for r in weg.rijen}
    # derdejaars 2020, vierdejaars 2021, weggelekt, share, share NL (test_indicator_stromen)
    assert rijen["PIE"] == ("20", "15", "5", "25,0", "22,0")
    assert rijen["BWI"] == ("<5", "0", "<5", "100,0", "52,4")
    assert rijen["Techniek samen"] == (
        f"27{STREEP}30",
        f"23{STREEP}26",
        f"2{STREEP}8",
        "17,5",
        "21,1",
    )
    assert "2020/2021" in weg.kolommen[1] and "2021/2022" in weg.kolommen[2]
    af = {r[0]: r[1:] for r in view.blok("afstromers").rijen}
    assert af["Basis (bb)"] == ("22", "24", "<5", "10,4", "5,2")
    assert view.blok("afstromers").schatting

    for blok in view.blokken:  # every cell is a published cell: never more than DUO shows
        assert not {c for r in blok.rijen for c in r[1:]} & KLEINE_GETALLEN, blok.id


def test_each_block_says_what_it_lacks(snap: Snapshot) -> None:
    view = stromen(snap, "R1", 2021)
    for id in ("doorstroom", "doorstroom_mbo"):
        blok = view.blok(id)
        assert blok.rijen == () and blok.landelijk
        assert blok.ontbreekt == "de doorstroom na leerjaar 4 (levering onder afspraak)"
    assert view.blok("keuzevakken").ontbreekt == "de keuzevakexamens (levering onder afspraak)"

    eerste = stromen(snap, "R1", 2020).blok("weglekken")  # no file of 2019
    assert eerste.rijen == () and eerste.ontbreekt is not None
    assert "twee opeenvolgende schooljaren" in eerste.ontbreekt
    assert "2019/2020 is niet geladen" in eerste.ontbreekt

    zonder_vier = stromen(snap, "R1", 2022)  # leerjaar 3 only
    assert zonder_vier.blok("instroom").rijen
    for id in ("weglekken", "afstromers"):
        ontbreekt = zonder_vier.blok(id).ontbreekt or ""
        assert "leerjaar 4 van 2022/2023" in ontbreekt, ontbreekt

    breuk = stromen(snap, "R1", 2023)  # leerjaar 3 of 2022 still in the old afdelingen
    ontbreekt = breuk.blok("weglekken").ontbreekt or ""
    assert ontbreekt.startswith("twee vergelijkbare bestanden: ") and "afdelingen" in ontbreekt
    assert breuk.blok("afstromers").rijen  # leerwegen stay comparable
    assert "derdejaars" in (breuk.blok("instroom").ontbreekt or "")  # no leerjaar 3 in 2023


def test_unknown_region_or_year(snap: Snapshot) -> None:
    assert stromen(snap, "R2").schooljaar == 2023  # the newest loaded year by default
    with pytest.raises(NotFoundError, match="regio"):
        stromen(snap, "R9")
    with pytest.raises(NotFoundError, match="2019"):
        stromen(snap, "R1", 2019)


def test_a_warehouse_without_duo_files_names_every_source(tmp_path: Path) -> None:
    pad = tmp_path / "leeg.duckdb"
    con = db.connect(pad)
    con.execute(
        "INSERT INTO regio VALUES ('2020-2024', 2020, 2024, 'R1', 'Regio R1', false, true, 1)"
    )
    con.execute("INSERT INTO regio_vestiging VALUES ('2020-2024', 'R1', 'A1', 1)")
    con.close()
    view = stromen(laad(pad, indicatoren=GELEZEN), "R1")
    assert view.schooljaar is None
    ontbreekt = {b.id: b.ontbreekt for b in view.blokken}
    assert all(b.rijen == () for b in view.blokken)
    for id in ("instroom", "weglekken", "afstromers"):
        assert (ontbreekt[id] or "").startswith("de leerlingentelling van DUO"), id
    assert ontbreekt["doorstroom"] == "de doorstroom na leerjaar 4 (levering onder afspraak)"
    assert ontbreekt["keuzevakken"] == "de keuzevakexamens (levering onder afspraak)"


# ---------------------------------------------------------------- weglekken, independently


def _weglekken_zelf(database: Path) -> tuple[int, dict[tuple[str, str], tuple[int, int]]]:
    """Weglekken of the newest year, from the loaded rows with pandas: per vestiging in both
    files and technical profiel (and techniek together) the derdejaars of last year minus this
    year's vierdejaars, at least 0, summed per region (its vestigingen this year) and NL; a sum
    of at most 1 to 4 as DUO shows it, [1, 4] (or [0, 4])."""
    con = db.connect(database, read_only=True)
    try:
        lln = con.execute(
            "SELECT schooljaar, leerjaar, vestiging, profiel, aantal_min, aantal_max "
            "FROM leerlingen WHERE leerweg IN ('bb', 'kb', 'gl')"
        ).df()
        aanwezig = con.execute("SELECT DISTINCT schooljaar, vestiging FROM leerlingen").df()
        regio = con.execute("SELECT schooljaar, vestiging, regio FROM regio_schooljaar").df()
    finally:
        con.close()
    jaar = int(lln.schooljaar.max())
    beide = set(aanwezig[aanwezig.schooljaar == jaar].vestiging) & set(
        aanwezig[aanwezig.schooljaar == jaar - 1].vestiging
    )
    tech = lln[lln.profiel.isin(domain.TECHNIEK_PROFIELEN) & lln.vestiging.isin(beide)]
    samen = tech.assign(profiel="techniek")
    cellen = pd.concat([tech, samen]).groupby(["schooljaar", "leerjaar", "vestiging", "profiel"])
    som = cellen[["aantal_min", "aantal_max"]].sum()
    van = regio[regio.schooljaar == jaar].set_index("vestiging").regio.to_dict()
    totaal: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (sj, lj, vestiging, profiel), (lo, hi) in som.iterrows():
        if (sj, lj) != (jaar - 1, 3):
            continue
        v_lo, v_hi = (
            som.loc[(jaar, 4, vestiging, profiel)]
            if (jaar, 4, vestiging, profiel) in som.index
            else (0, 0)
        )
        weg = (max(0, lo - v_hi), max(0, hi - v_lo))
        for r in ("NL", van.get(vestiging)):
            if r is not None:
                totaal[(r, profiel)][0] += weg[0]
                totaal[(r, profiel)][1] += weg[1]
    uit = {}
    for sleutel, (lo, hi) in totaal.items():
        uit[sleutel] = (min(lo, 1), 4) if 1 <= hi <= 4 else (lo, hi)
    return jaar, uit


def test_weglekken_equals_a_computation_from_the_loaded_rows(
    web_db: Path, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    jaar, zelf = _weglekken_zelf(web_db)
    gepubliceerd = {
        (r["regio"], r["profiel"]): (r["weglekkers_min"], r["weglekkers_max"])
        for r in web_publicatie["weglekken_per_regio"].data.to_pylist()
        if r["schooljaar"] == jaar
    }
    assert sum(hi for _, hi in zelf.values()) > 0, "geen weglekken in de testdata: zegt niets"
    for sleutel, grenzen in zelf.items():
        assert gepubliceerd.get(sleutel, (0, 0)) == grenzen, sleutel
    # and nothing published that the loaded rows do not give
    assert {k for k, v in gepubliceerd.items() if v != (0, 0)} <= set(zelf)


# ---------------------------------------------------------------- the page over a real server


def _regio(web_db: Path) -> str:
    con = db.connect(web_db, read_only=True)
    try:
        row = con.execute(
            "SELECT regio FROM regio_schooljaar WHERE schooljaar = (SELECT max(schooljaar) FROM "
            "leerlingen) GROUP BY regio ORDER BY count(*) DESC, regio LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0])


def test_page_shows_every_block_with_published_cells(
    web_server: str, web_db: Path, web_publicatie: dict[str, GepubliceerdeTabel]
) -> None:
    code = _regio(web_db)
    pagina = get(web_server, f"/regio/{code}/stromen")
    assert pagina.status == 200, pagina.text
    tekst = pagina.text
    assert re.findall(r'data-blok="([^"]+)"', tekst) == list(BLOKKEN)
    secties = {
        id: tekst.split(f'data-blok="{id}"', 1)[1].split("</section>", 1)[0] for id in BLOKKEN
    }
    for id in ("weglekken", "afstromers"):
        assert 'class="stroomlabel schatting">schatting</span>' in secties[id].split("</h2>")[0]
        assert "<table" in secties[id], id
    for id in ("doorstroom", "doorstroom_mbo", "keuzevakken"):
        assert 'class="stroomlabel landelijk"' in secties[id].split("</h2>")[0]
    cellen = [_tekst(c) for c in CEL.findall(tekst)]
    assert cellen and not set(cellen) & KLEINE_GETALLEN
    assert "x" not in {
        _tekst(c)
        for id in ("instroom", "weglekken", "afstromers")
        for c in CEL.findall(secties[id])
    }

    # the weglekken row of techniek as published, in the notation of every page
    jaar = max(r["schooljaar"] for r in web_publicatie["weglekken_per_regio"].tabel.to_pylist())
    rij = next(
        r
        for r in web_publicatie["weglekken_per_regio"].tabel.to_pylist()
        if (r["schooljaar"], r["regio"], r["profiel"]) == (jaar, code, "techniek")
    )
    tr = re.search(
        r'<th scope="row" class="sleutel">Techniek samen</th>(.*?)</tr>', secties["weglekken"]
    )
    assert tr is not None
    verwacht = [
        weergave(rij[k])
        for k in ("derdejaars_vorig", "vierdejaars", "weglekkers", "aandeel_weglekkers")
    ]
    assert [_tekst(c) for c in CEL.findall(tr.group(1))][:4] == verwacht
    # visible text names no column, table or code
    zichtbaar = re.sub(r"<[^>]+>", " ", tekst.split("<main", 1)[1].split("</main>", 1)[0])
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", zichtbaar)


def test_page_year_choice_and_bad_requests(web_server: str, web_db: Path) -> None:
    code = _regio(web_db)
    eerste = get(web_server, f"/regio/{code}/stromen?schooljaar=2023")
    assert eerste.status == 200
    assert (
        'data-ontbreekt="weglekken"' in eerste.text and "2022/2023 is niet geladen" in eerste.text
    )
    assert '<option value="2023" selected>' in eerste.text
    assert get(web_server, "/regio/GEEN/stromen").status == 404
    assert get(web_server, f"/regio/{code}/stromen?schooljaar=1999").status == 404
    assert get(web_server, f"/regio/{code}/stromen?schooljaar=abc").status == 400
