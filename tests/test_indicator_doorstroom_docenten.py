"""Indicators 16 (doorstroom, Figuren 4.10-4.11) and 17 (docenten) on a tiny warehouse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sto_monitor import db
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.publicatie.afscherming.tabel import GEHEIM, KLEIN, families
from sto_monitor.publicatie.publiceren import publiceer
from tests.indicator_fixtures import run, tiny_warehouse

TGO = "Techniek en gebouwde omgeving"
MTLM = "Mobiliteit, transport, logistiek en maritiem"
CI = "Creatieve industrie en ICT"
# (schooljaar, vestiging, profiel, leerweg, bestemming, sectorkamer, min, max)
DOORSTROOM_ROWS = [
    (2020, "A1", "PIE", "bb", "mbo-bbl", TGO, 10, 10),
    (2020, "A1", "PIE", "bb", "mbo-bol", TGO, 5, 5),
    (2020, "A1", "PIE", "bb", "mbo-bol", MTLM, 3, 3),
    (2020, "A1", "PIE", "bb", "mbo-bol", CI, 1, 4),  # <5
    (2020, "A1", "PIE", "bb", "vmbo", None, 2, 2),
    (2020, "A1", "PIE", "kb", "mbo-bol", TGO, 8, 8),
    (2020, "A1", "PIE", "kb", "havo/vwo", None, 1, 4),  # <5
    (2020, "A3", "D&P", "bb", "mbo-bol", CI, 6, 6),
    (2020, "A3", "D&P", "bb", "mbo-bol", TGO, 2, 2),
    (2020, "A3", "D&P", "bb", "overig", None, 2, 2),  # D&P: 10 students, a small denominator
    (2020, "B1", "PIE", "tl", "mbo-bol", TGO, 50, 50),  # tl: left out
    (2021, "A1", "PIE", "bb", "mbo-bol", None, 12, 12),  # mbo without a sectorkamer
]
# (schooljaar, vestiging, profielgroep, zij-instromer, fte, personen min, max)
DOCENTEN_ROWS = [
    (2020, "A1", "techniek", False, 6.0, 8, 8),
    (2020, "A1", "techniek", True, 1.5, 1, 4),  # <5
    (2020, "B1", "techniek", False, 4.5, 5, 5),
    (2020, "A3", "niet-techniek", False, 9.0, 12, 12),
    (2020, "A3", "niet-techniek", True, 1.0, 1, 1),
    (2020, "A1", "algemeen", False, 5.0, 6, 6),
    (2021, "A1", "techniek", False, 8.0, 10, 10),
    (2021, "A1", "techniek", True, 4.0, 5, 5),
    (2021, "A3", "niet-techniek", False, 9.0, 12, 12),
]


def _warehouse(path: Path) -> db.Connection:
    """The tiny warehouse plus the own-layout deliveries, registered as the formats that load
    them (``sto-doorstroom``, ``sto-docenten``: confidential sources)."""
    con = tiny_warehouse(path)
    bron: dict[str, int] = {}
    for formaat, doel in (("sto-doorstroom", "doorstroom"), ("sto-docenten", "docenten")):
        rij = con.execute(
            "INSERT INTO bron (bestand, pad, sha256, grootte, formaat, doel) "
            "VALUES (?, ?, 'x', 0, ?, ?) RETURNING bron_id",
            [f"{doel}.csv", f"{doel}.csv", formaat, doel],
        ).fetchone()
        assert rij is not None
        bron[doel] = int(rij[0])
    con.executemany(
        "INSERT INTO doorstroom VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, bron["doorstroom"]) for r in DOORSTROOM_ROWS],
    )
    con.executemany(
        "INSERT INTO docenten VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r, bron["docenten"]) for r in DOCENTEN_ROWS],
    )
    return con


def _interval(row: pd.Series) -> tuple[int, int]:
    return int(row["aantal_min"]), int(row["aantal_max"])


def test_doorstroom_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "doorstroom")
    keys = ["schooljaar", "profiel", "leerweg", "bestemming"]
    assert list(df[keys].itertuples(index=False)) == sorted(df[keys].itertuples(index=False))
    m = df.set_index(keys)
    # PIE bb: 10 + 5 + 3 + [1, 4] + 2 = [21, 24] students; bbl 10 of midpoint 22.5.
    bbl = m.loc[(2020, "PIE", "bb", "mbo-bbl")]
    assert bbl["aantal"] == 10 and bbl["noemer_min"] == 21
    assert bbl["aandeel"] == pytest.approx(10 * 100 / 22.5) and bool(bbl["onzeker"])
    assert _interval(m.loc[(2020, "PIE", "bb", "mbo-bol")]) == (9, 12)
    # Every bestemming of the year is there, with 0 where nobody went.
    nul = m.loc[(2020, "PIE", "bb", "havo/vwo")]
    assert _interval(nul) == (0, 0) and nul["aandeel"] == 0
    assert len(m.loc[(2020, "PIE", "bb")]) == 5
    assert _interval(m.loc[(2020, "PIE", "kb", "havo/vwo")]) == (1, 4)
    assert _interval(m.loc[(2020, "PIE", "totaal", "mbo-bol")]) == (17, 20)
    # D&P bb: 10 students, 8 to mbo-bol: exactly 80 %.
    dp = m.loc[(2020, "D&P", "bb", "mbo-bol")]
    assert dp["aandeel"] == pytest.approx(80.0) and not bool(dp["onzeker"])
    assert dp["noemer_min"] == 10
    # Groups; tl is left out; shares of a group add up to 100.
    assert _interval(m.loc[(2020, "techniek", "totaal", "mbo-bol")]) == (17, 20)
    assert m.loc[(2020, "niet-techniek", "bb", "overig"), "aantal"] == 2
    assert m.loc[(2020, "totaal", "totaal"), "noemer_min"].iloc[0] == 40
    assert m.loc[(2020, "totaal", "totaal"), "aandeel"].sum() == pytest.approx(100)
    assert "tl" not in set(df["leerweg"])
    # 2021: one bestemming seen, all of PIE bb.
    assert m.loc[(2021, "PIE", "bb", "mbo-bol"), "aandeel"] == pytest.approx(100)
    assert len(m.loc[(2021, "PIE", "bb")]) == 1


def test_doorstroom_sectorkamer_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "doorstroom_sectorkamer")
    keys = ["schooljaar", "profiel", "sectorkamer"]
    assert list(df[keys].itertuples(index=False)) == sorted(df[keys].itertuples(index=False))
    m = df.set_index(keys)
    # PIE to mbo: 10 + 5 + 3 + [1, 4] + 8 = [27, 30]; TGO 23, MTLM 3, together 26.
    tgo = m.loc[(2020, "PIE", TGO)]
    assert tgo["aantal"] == 23 and tgo["noemer_min"] == 27
    assert tgo["aandeel"] == pytest.approx(23 * 100 / 28.5) and bool(tgo["techniek_sectorkamer"])
    tech = m.loc[(2020, "PIE", "techniek")]
    assert tech["aantal"] == 26 and bool(tech["techniek_sectorkamer"])
    assert tech["aandeel"] == pytest.approx(26 * 100 / 28.5)
    ci = m.loc[(2020, "PIE", CI)]
    assert _interval(ci) == (1, 4) and not bool(ci["techniek_sectorkamer"])
    # D&P: 8 mbo entrants (below 10: the disclosure rule hides the share), 2 in TGO.
    dp = m.loc[(2020, "D&P", "techniek")]
    assert dp["aandeel"] == pytest.approx(25.0) and dp["noemer_min"] == 8
    assert m.loc[(2020, "D&P", MTLM), "aantal"] == 0  # seen this year elsewhere: a 0 row
    assert m.loc[(2020, "niet-techniek", CI), "aandeel"] == pytest.approx(75.0)
    assert _interval(m.loc[(2020, "totaal", "techniek")]) == (28, 28)
    # 2021: an mbo row without a sectorkamer is 'onbekend'; the subtotal is still there (0).
    assert m.loc[(2021, "PIE", "onbekend"), "aandeel"] == pytest.approx(100)
    assert m.loc[(2021, "PIE", "techniek"), "aantal"] == 0


def test_docenten_by_hand(tmp_path: Path) -> None:
    df = run(_warehouse(tmp_path / "t.duckdb"), "docenten")
    assert list(df[["schooljaar", "profielgroep"]].itertuples(index=False)) == [
        (2020, "algemeen"),
        (2020, "niet-techniek"),
        (2020, "techniek"),
        (2020, "totaal"),
        (2021, "niet-techniek"),
        (2021, "techniek"),
        (2021, "totaal"),
    ]
    m = df.set_index(["schooljaar", "profielgroep"])
    tech = m.loc[(2020, "techniek")]
    assert tech["fte"] == pytest.approx(12.0)
    assert pd.isna(tech["personen"]) and (tech["personen_min"], tech["personen_max"]) == (14, 17)
    assert tech["aandeel_zij_instromers_fte"] == pytest.approx(12.5)
    assert (tech["zij_instromers_min"], tech["zij_instromers_max"]) == (1, 4)
    assert tech["aandeel_zij_instromers_personen"] == pytest.approx(2.5 * 100 / 15.5)
    assert bool(tech["onzeker"])
    # Techniekleerlingen 2020 in the tiny warehouse: [73, 76], per techniek-FTE.
    assert (tech["derdejaars_min"], tech["derdejaars_max"]) == (73, 76)
    assert tech["derdejaars_per_fte"] == pytest.approx(74.5 / 12)
    niet = m.loc[(2020, "niet-techniek")]
    assert (niet["personen"], niet["zij_instromers"], niet["derdejaars"]) == (13, 1, 45)
    assert niet["aandeel_zij_instromers_personen"] == pytest.approx(100 / 13)
    assert niet["derdejaars_per_fte"] == pytest.approx(4.5)
    alg = m.loc[(2020, "algemeen")]
    assert pd.isna(alg["derdejaars_min"]) and pd.isna(alg["derdejaars_per_fte"])
    tot = m.loc[(2020, "totaal")]
    assert tot["fte"] == pytest.approx(27.0) and tot["zij_instromers_fte"] == pytest.approx(2.5)
    assert tot["derdejaars_per_fte"] == pytest.approx(119.5 / 27)
    assert pd.isna(tot["fte_verandering_pct"])
    # 2021 against 2020.
    assert m.loc[(2021, "techniek"), "fte_verandering_pct"] == pytest.approx(0.0)
    assert m.loc[(2021, "techniek"), "aandeel_zij_instromers_personen"] == pytest.approx(100 / 3)
    assert m.loc[(2021, "niet-techniek"), "fte_verandering_pct"] == pytest.approx(-10.0)
    assert m.loc[(2021, "totaal"), "fte_verandering_pct"] == pytest.approx((21 - 27) * 100 / 27)
    assert m.loc[(2021, "totaal"), "vorig_fte"] == pytest.approx(27.0)


def test_disclosure_of_doorstroom_and_docenten(tmp_path: Path) -> None:
    """Own-layout deliveries are confidential: every count that may be 1-4 is x (never <5, which
    only means "DUO masked this public count"), enough others are x as well, and the audit
    finds none of them derivable from everything published."""
    con = _warehouse(tmp_path / "t.duckdb")
    publicatie = publiceer(con, indicatoren=["doorstroom", "docenten"]).publicatie
    controle = publicatie.controle
    assert {"doorstroom", "docenten"} <= controle.vertrouwelijk
    assert "leerlingen" not in controle.vertrouwelijk  # formaat 'test': as open as DUO's
    # doorstroom_sectorkamer rests on the same delivery: published together, one pattern
    gekoppeld = ("doorstroom", "doorstroom_sectorkamer", "docenten")
    assert set(gekoppeld) <= set(publicatie.tabellen)
    assert all(publicatie.tabellen[naam].vertrouwelijk for naam in gekoppeld)

    sector = {
        (r["schooljaar"], r["profiel"], r["sectorkamer"]): r
        for r in publicatie.tabellen["doorstroom_sectorkamer"].tabel.to_pylist()
    }
    assert sector[(2020, "PIE", CI)]["aantal"] == GEHEIM  # 1-4 in the delivery
    assert sector[(2020, "PIE", MTLM)]["aantal"] == GEHEIM  # an exact 3
    assert sector[(2020, "D&P", TGO)]["aantal"] == GEHEIM  # an exact 2
    assert sector[(2020, "D&P", "techniek")]["aandeel"] == GEHEIM  # its count is x
    assert sector[(2020, "D&P", MTLM)]["aantal"] == "0"  # zeros are never hidden
    assert (
        sector[(2021, "PIE", "onbekend")]["aantal"],
        sector[(2021, "PIE", "onbekend")]["aandeel"],
    ) == ("12", "100.0")
    assert "noemer_min" not in publicatie.tabellen["doorstroom_sectorkamer"].data.column_names
    # The typed contract of an x cell holds no value and no bounds: c_status says why.
    pie_ci = next(
        r
        for r in publicatie.tabellen["doorstroom_sectorkamer"].data.to_pylist()
        if (r["schooljaar"], r["profiel"], r["sectorkamer"]) == (2020, "PIE", CI)
    )
    assert (pie_ci["aantal"], pie_ci["aantal_min"], pie_ci["aantal_max"]) == (None, None, None)
    assert pie_ci["aantal_status"] == GEHEIM

    docenten = {
        (r["schooljaar"], r["profielgroep"]): r
        for r in publicatie.tabellen["docenten"].tabel.to_pylist()
    }
    techniek = docenten[(2020, "techniek")]
    assert techniek["zij_instromers"] == GEHEIM  # 1-4 in the delivery: x, not <5
    assert techniek["zij_instromers_fte"] == GEHEIM  # fte's fall with their persons
    assert techniek["aandeel_zij_instromers_personen"] == GEHEIM
    assert techniek["personen"] == "14-17"  # not small: the delivery's own interval
    assert techniek["derdejaars"] == "73-76"  # public DUO count in a confidential table
    assert docenten[(2020, "niet-techniek")]["zij_instromers"] == GEHEIM  # an exact 1
    assert docenten[(2021, "techniek")]["aandeel_zij_instromers_personen"] == "33.3"
    assert docenten[(2021, "niet-techniek")]["fte_verandering_pct"] == "-10.0"

    # <5 never stands on a confidential count.
    for naam in gekoppeld:
        regel = BY_NAME[naam].openbaarheid
        tabel = publicatie.tabellen[naam]
        for fam in families(tabel.data.column_names, regel.aantallen):
            if fam.naam != "derdejaars":  # docenten's derdejaars come from DUO's telling
                assert KLEIN not in tabel.tabel.column(fam.naam).to_pylist(), (naam, fam.naam)

    # The audit: every hidden count is a cell of the audit, and none can be derived.
    assert controle.geslaagd and all(b.veilig for b in controle.bevindingen)
    assert controle.primair > 0 and controle.secundair > 0
    gecontroleerd = {
        (p.indicator, p.rij, p.kolom) for b in controle.bevindingen for p in b.cel.plekken
    }
    verborgen = {
        (naam, i, fam.naam)
        for naam in gekoppeld
        for fam in families(
            publicatie.tabellen[naam].data.column_names, BY_NAME[naam].openbaarheid.aantallen
        )
        for i, status in enumerate(
            publicatie.tabellen[naam].data.column(f"{fam.naam}_status").to_pylist()
        )
        if status == GEHEIM
    }
    assert gecontroleerd == verborgen
    primair = {controle.waar(b) for b in controle.bevindingen if b.primair}
    for plek in (
        f"doorstroom_sectorkamer[schooljaar=2020, profiel=PIE, sectorkamer={CI}].aantal",
        "doorstroom[schooljaar=2020, profiel=PIE, leerweg=kb, bestemming=havo/vwo].aantal",
        "docenten[schooljaar=2020, profielgroep=techniek].zij_instromers",
    ):
        assert any(plek in waar for waar in primair), plek
