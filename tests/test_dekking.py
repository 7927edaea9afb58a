"""Coverage sentences (``publicatie/dekking.py``) on the real public files.

The warehouse of ``sto demo --echt`` holds DUO's leerlingen of 2016/17 and 2019/20, CBS's
population per postcode, the school locations of November 2024 and the demo region set: no
home addresses of students. So Tabel 4.7 (``bereikbaarheid``) must say that it measures residents
aged 15-25 and that the locations are of a later date, and a table per region must say how many
derdejaars sit outside any region; each figure in a sentence is counted here independently.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from sto_monitor.publicatie.gegevens import laad
from sto_monitor.publicatie.taal import datum


def test_tabel_4_7_says_what_it_measures(echt_db: Path) -> None:
    snap = laad(echt_db, indicatoren=["bereikbaarheid", "reisafstand"])
    con = duckdb.connect(str(echt_db), read_only=True)
    try:
        [(bevolkingsjaar,)] = con.execute("SELECT max(jaar) FROM pc4_bevolking").fetchall()
        [(peildatum,)] = con.execute("SELECT max(peildatum) FROM vestiging_geo").fetchall()
        [(met_adres,)] = con.execute("SELECT count(*) FROM leerling_pc4").fetchall()
    finally:
        con.close()
    assert met_adres == 0  # no delivered home addresses: residents stand in
    for naam in ("bereikbaarheid", "reisafstand"):
        zinnen = " ".join(snap.indicator(naam).dekking)
        assert "2016/2017 en 2019/2020" in zinnen
        assert "inwoners van 15 tot 25 jaar" in zinnen
        assert f"1 januari {bevolkingsjaar}" in zinnen
        assert f"ligging van de scholen is die van {datum(peildatum)}" in zinnen


def test_derdejaars_outside_a_region_are_counted(echt_db: Path) -> None:
    snap = laad(echt_db, indicatoren=["techniekaandeel"])
    [zin] = [z for z in snap.indicator("techniekaandeel").dekking if "buiten een STO-regio" in z]
    con = duckdb.connect(str(echt_db), read_only=True)
    try:
        # independent: every third-year bb/kb/gl student of 2019/20 minus those in a region
        [(alle,)] = con.execute(
            "SELECT sum(aantal_min) FROM leerlingen WHERE schooljaar = 2019 AND leerjaar = 3 "
            "AND leerweg IN ('bb', 'kb', 'gl')"
        ).fetchall()
        [(in_regio,)] = con.execute(
            "SELECT sum(aantal_min) FROM leerlingen WHERE schooljaar = 2019 AND leerjaar = 3 "
            "AND leerweg IN ('bb', 'kb', 'gl') AND vestiging IN "
            "(SELECT vestiging FROM regio_vestiging WHERE periode = "
            " (SELECT min(periode) FROM regio_vestiging))"
        ).fetchall()
    finally:
        con.close()
    match = re.search(r"In 2019/2020 zitten ([\d.]+) derdejaars in bb, kb en gl", zin)
    assert match, zin
    assert int(match.group(1).replace(".", "")) == alle - in_regio > 0


def test_trend_lines_are_not_drawn_across_a_break(echt_db: Path) -> None:
    """2016/17 and 2019/20 are not comparable (old afdelingen): two parts, no joining line."""
    import json

    from sto_monitor.web.pages.overzicht import techniekaandeel

    snap = laad(echt_db)
    kerncijfer = techniekaandeel(snap)
    assert kerncijfer is not None
    spec = json.dumps(kerncijfer.grafiek)
    punten = re.findall(r'"schooljaar": "(\d{4}/\d{4})"[^}]*"deel": (\d)', spec)
    assert dict(punten) == {"2016/2017": "0", "2019/2020": "1"}
    assert '"detail"' in spec


def test_home_page_on_years_that_are_not_consecutive(echt_db: Path) -> None:
    """2016/17 and 2019/20: the previous loaded year is 2016 (no 2018 asked for), and no
    change across the break is shown as a number."""
    from sto_monitor.web.pages.overzicht import bereikbaarheid, vestigingen

    snap = laad(echt_db)
    assert snap.vorig_jaar == 2016
    for kerncijfer in (vestigingen(snap), bereikbaarheid(snap)):
        assert kerncijfer is not None
        assert kerncijfer.verandering.startswith("Niet te vergelijken"), kerncijfer.verandering


def test_the_report_sets_no_mean_of_2016_beside_2019(echt_db: Path) -> None:
    """Tabel 4.4 across the break of the old afdelingen: no column of 2016/17, and the reason."""
    from sto_monitor.reports import landelijk
    from sto_monitor.reports.onderdelen import Tabel

    snap = laad(echt_db)
    rapport = landelijk.maak(snap, datum=None, schooljaar=2019, waarschuwing=None)
    secties = list(rapport.secties)
    tabellen, teksten = [], []
    while secties:
        s = secties.pop()
        secties.extend(s.subsecties)
        teksten.extend(s.tekst)
        tabellen.extend(o for o in s.onderdelen if isinstance(o, Tabel))
    [tabel_4_4] = [t for t in tabellen if t.nummer == "Tabel 4.4"]
    assert "gemiddeld_vorig" not in [k for k, _ in tabel_4_4.kolommen]
    assert any(t.startswith("Geen vergelijking met 2016/2017") for t in teksten)
