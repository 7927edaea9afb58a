"""The subsidy arithmetic, worked by hand: depreciation, budget table, school-year view, split
over schools, validation and the accountability signals. Regulations are built here in Python
(no file loader), so every number in an assertion can be checked on paper."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from sto_monitor.errors import ParameterError
from sto_monitor.subsidie import afschrijving
from sto_monitor.subsidie.aanvraag import (
    Aanvraag,
    Activiteit,
    Activum,
    Begrotingsregel,
    Partner,
    Programmalijn,
    Schooldeel,
    Toezegging,
    Verantwoording,
    Verdeling,
)
from sto_monitor.subsidie.begroting import (
    _gepubliceerd_getal,
    bereken,
    cofinanciering,
    schooljaar_verdeling,
    techniekleerlingen_per_vestiging,
    verdeel_over_scholen,
)
from sto_monitor.subsidie.regeling import (
    Activaklasse,
    Cofinanciering,
    Kostensoort,
    Regeling,
)
from sto_monitor.subsidie.validatie import BLOKKEREND, WAARSCHUWING, blokkerend, valideer
from sto_monitor.subsidie.verantwoording import cofinancieringspad, signalen, vergelijk

EURO = 100  # cents


def maak_regeling(**wijzig: object) -> Regeling:
    """A small regulation like STO 2025-2028: four years, 7,5 % co-financing of the subsidy."""
    basis = Regeling(
        code="test-2025-2028",
        naam="Testregeling",
        bron="test",
        eerste_jaar=2025,
        laatste_jaar=2028,
        plafond_per_jaar=dict.fromkeys(range(2025, 2029)),
        plafond_totaal=None,
        maximum_techniekluw=4_000_000 * EURO,
        maximum_per_regio={},
        kostensoorten=(
            Kostensoort("personeel", "Personeel", True),
            Kostensoort("materiaal", "Materiaal", True),
            Kostensoort("afschrijving", "Afschrijving", True, uit_activa=True),
            Kostensoort("huisvesting", "Huisvesting", False),
            Kostensoort("onvoorzien", "Onvoorzien", True, maximum_aandeel=Fraction(5, 100)),
        ),
        cofinanciering=Cofinanciering(
            Fraction(3, 40), "subsidie", "einde_periode", ("geld", "natura")
        ),
        afschrijving_methode="lineair_per_maand",
        activaklassen=(Activaklasse("machines", "Machines", 10), Activaklasse("ict", "ICT", 4)),
        termijnen=(),
        criteria=(),
    )
    return replace(basis, **wijzig)  # type: ignore[arg-type]


def machine(prijs: int, dag: date, jaren: int = 10, **wijzig: object) -> Activum:
    return replace(Activum("Lasrobot", "machines", prijs, dag, jaren), **wijzig)  # type: ignore[arg-type]


R = maak_regeling()


# ------------------------------------------------------------------------- depreciation


def test_seed_voorbeeld_100000_over_10_jaar_in_periode_van_4() -> None:
    a = machine(100_000 * EURO, date(2025, 1, 1))
    assert afschrijving.per_jaar(a) == {j: 10_000 * EURO for j in range(2025, 2035)}
    binnen = afschrijving.binnen_periode(a, R)
    assert binnen == {2025: 1_000_000, 2026: 1_000_000, 2027: 1_000_000, 2028: 1_000_000}
    assert sum(binnen.values()) == 40_000 * EURO
    assert afschrijving.na_periode(a, R) == 60_000 * EURO
    assert afschrijving.voor_periode(a, R) == 0


def test_aangeschaft_op_1_juli_telt_maanden() -> None:
    # July-December 2025: 6 of 120 months; in the period 6 + 36 = 42 months = € 35.000.
    a = machine(100_000 * EURO, date(2025, 7, 1))
    per = afschrijving.per_jaar(a)
    assert per[2025] == 5_000 * EURO
    assert per[2026] == per[2027] == per[2028] == 10_000 * EURO
    assert per[2035] == 5_000 * EURO  # January-June of the last year
    assert sum(afschrijving.binnen_periode(a, R).values()) == 35_000 * EURO
    assert afschrijving.na_periode(a, R) == 65_000 * EURO


def test_afschrijving_met_centen_loopt_op_tot_de_prijs() -> None:
    # € 1.000,01 over 48 months from 1 October 2025. Running totals rounded down:
    # after 3 months 100.001 x 3/48 = 6.250,06 → 6.250; after 15: 31.250,31 → 31.250;
    # after 27: 56.250,56 → 56.250; after 39: 81.250,81 → 81.250; after 48: 100.001.
    a = machine(100_001, date(2025, 10, 1), jaren=4, klasse="ict")
    assert afschrijving.per_jaar(a) == {
        2025: 6_250, 2026: 25_000, 2027: 25_000, 2028: 25_000, 2029: 18_751,
    }  # fmt: skip
    assert sum(afschrijving.binnen_periode(a, R).values()) == 81_250
    assert afschrijving.na_periode(a, R) == 18_751


def test_eerder_aangeschaft_deels_voor_de_periode() -> None:
    a = machine(48_000 * EURO, date(2023, 1, 15), jaren=4, klasse="ict")
    assert afschrijving.voor_periode(a, R) == 24_000 * EURO  # 2023 and 2024
    assert afschrijving.binnen_periode(a, R) == {2025: 1_200_000, 2026: 1_200_000, 2027: 0, 2028: 0}
    assert afschrijving.na_periode(a, R) == 0


# ------------------------------------------------------------------------- budget table


def test_begroting_tabel_en_schooljaren_met_de_hand() -> None:
    aanvraag = Aanvraag(
        regio="R01",
        regeling=R.code,
        regels=(
            Begrotingsregel("personeel", 2025, 1_200 * EURO),
            Begrotingsregel("personeel", 2026, 100_001),
            Begrotingsregel("huisvesting", 2025, 500 * EURO),
        ),
        activa=(machine(100_000 * EURO, date(2025, 1, 1)),),
    )
    b = bereken(aanvraag, R)
    assert b.jaren == (2025, 2026, 2027, 2028)
    assert [r.kostensoort for r in b.rijen] == [
        "personeel", "materiaal", "afschrijving", "huisvesting", "onvoorzien",
    ]  # fmt: skip
    afschr, pers = b.rij("afschrijving"), b.rij("personeel")
    assert afschr is not None and pers is not None
    assert afschr.bedragen == dict.fromkeys(range(2025, 2029), 1_000_000)
    assert b.kolomtotalen[2025] == 120_000 + 1_000_000 + 50_000
    assert b.totaal == 120_000 + 100_001 + 50_000 + 4_000_000
    assert b.subsidiabel_totaal == b.totaal - 50_000
    # personeel: 2025 → 7/12 in 2024/25, 5/12 in 2025/26; 100.001 cents: 58.333,92 and
    # 41.667,08 → floors 58.333 + 41.667, the one leftover cent to the larger remainder (first).
    assert pers.schooljaren == {
        2024: 70_000,
        2025: 50_000 + 58_334,
        2026: 41_667,
        2027: 0,
        2028: 0,
    }
    assert b.schooljaar_totaal == b.totaal
    assert schooljaar_verdeling({2027: 12}) == {2026: 7, 2027: 5}


def test_cofinanciering_totalen() -> None:
    a = Aanvraag(
        "R01",
        R.code,
        toezeggingen=(
            Toezegging("Bouwbedrijf", 2025, 1_000 * EURO),
            Toezegging("Bouwbedrijf", 2026, 500 * EURO, "natura"),
            Toezegging("Installateur", 2026, 250 * EURO),
        ),
    )
    c = cofinanciering(a)
    assert c.per_jaar == {2025: 100_000, 2026: 75_000}
    assert c.per_vorm == {"geld": 125_000, "natura": 50_000}
    assert c.per_partner == {"Bouwbedrijf": 150_000, "Installateur": 25_000}
    assert c.totaal == 175_000


# ------------------------------------------------------------------ split over schools

SCHOLEN = (
    Schooldeel("01AA00", "Eerste school"),
    Schooldeel("02BB00", "Tweede school"),
    Schooldeel("03CC00", "Derde school"),
)
TELLING = {"01AA00": 120, "02BB00": 80, "03CC00": 40}


def test_naar_rato_met_centraal_deel() -> None:
    a = Aanvraag("R01", R.code, verdeling=Verdeling("naar_rato", 50_000 * EURO, SCHOLEN))
    delen = verdeel_over_scholen(a, 290_000 * EURO, TELLING)
    # 240.000 over 240 leerlingen: € 1.000 each.
    assert [d.bedrag for d in delen] == [5_000_000, 12_000_000, 8_000_000, 4_000_000]
    assert delen[0].school == "centraal" and delen[0].leerlingen is None
    assert delen[1].aandeel == Fraction(120_000, 290_000)
    assert sum(d.aandeel for d in delen) == 1


def test_naar_rato_met_resten() -> None:
    # 10.000.001 cents in 3:2:1 → 5.000.000,5 / 3.333.333,67 / 1.666.666,83: floors add to
    # 9.999.999; the two cents go to the largest remainders (third, then second school).
    a = Aanvraag("R01", R.code, verdeling=Verdeling("naar_rato", 0, SCHOLEN))
    delen = verdeel_over_scholen(a, 10_000_001, TELLING)
    assert [d.bedrag for d in delen] == [0, 5_000_000, 3_333_334, 1_666_667]


def test_naar_rato_weigert_onbekende_telling_en_handmatig_wordt_gecontroleerd() -> None:
    a = Aanvraag("R01", R.code, verdeling=Verdeling("naar_rato", 0, SCHOLEN))
    with pytest.raises(ParameterError, match="Derde school"):
        verdeel_over_scholen(a, 1000, {"01AA00": 1, "02BB00": 2})
    hand = tuple(replace(s, bedrag=b) for s, b in zip(SCHOLEN, (300, 300, 300), strict=True))
    a = Aanvraag("R01", R.code, verdeling=Verdeling("handmatig", 100, hand))
    assert [d.bedrag for d in verdeel_over_scholen(a, 1000, {})] == [100, 300, 300, 300]
    with pytest.raises(ParameterError, match="tellen niet op"):
        verdeel_over_scholen(a, 1001, {})
    with pytest.raises(ParameterError, match="centrale deel"):
        verdeel_over_scholen(a, 50, {})


# ------------------------------------------------------------------------- validation


def _goede_aanvraag() -> Aanvraag:
    return Aanvraag(
        regio="R01",
        regeling=R.code,
        programmalijnen=(Programmalijn("p1", "Doorlopende leerlijnen"),),
        activiteiten=(Activiteit("a1", "p1", "Techniekdagen"),),
        regels=tuple(
            Begrotingsregel("personeel", j, 75_000 * EURO, activiteit="a1") for j in R.jaren
        ),
        partners=(Partner("Bouwbedrijf", "bedrijf"),),
        toezeggingen=(Toezegging("Bouwbedrijf", 2028, 22_500 * EURO),),
    )


def test_goede_aanvraag_heeft_geen_blokkades() -> None:
    a = _goede_aanvraag()
    assert valideer(a, R, maximum=300_000 * EURO, techniekluw=False) == []
    # unknown maximum: a warning that it cannot be checked, nothing blocking
    b = valideer(a, R, maximum=None, techniekluw=False)
    assert [(x.code, x.ernst) for x in b] == [("maximum_onbekend", WAARSCHUWING)]


def test_plafond_overschreden() -> None:
    a = _goede_aanvraag()
    b = valideer(a, R, maximum=299_999 * EURO, techniekluw=False)
    assert [x.code for x in b] == ["boven_maximum"]
    assert "€ 300.000,00" in b[0].melding and "€ 299.999,00" in b[0].melding
    # the regulation's own table of maxima is used when none was entered
    r = maak_regeling(maximum_per_regio={"R01": 299_999 * EURO})
    assert [x.code for x in valideer(a, r, maximum=None, techniekluw=False)] == ["boven_maximum"]
    # a techniekluw's ceiling (€ 4 mln) is checked even when the region's maximum is unknown
    groot = replace(a, regels=(Begrotingsregel("personeel", 2025, 4_000_001 * EURO),))
    codes = [x.code for x in valideer(groot, R, maximum=None, techniekluw=True)]
    assert "boven_maximum" in codes and "maximum_onbekend" not in codes


def test_jaardeel_alleen_als_de_regeling_het_plafond_per_jaar_noemt() -> None:
    r = maak_regeling(plafond_per_jaar={2025: 100, 2026: 100, 2027: 100, 2028: 100})
    a = replace(_goede_aanvraag(), regels=(Begrotingsregel("personeel", 2025, 200 * EURO),))
    a = replace(a, toezeggingen=(Toezegging("Bouwbedrijf", 2025, 15 * EURO),))
    b = valideer(a, r, maximum=400 * EURO, techniekluw=False)
    assert [(x.code, x.jaar, x.ernst) for x in b] == [("jaar_boven_aandeel", 2025, WAARSCHUWING)]
    assert valideer(a, R, maximum=400 * EURO, techniekluw=False) == []


def test_elke_fout_tegelijk() -> None:
    a = Aanvraag(
        regio="R01",
        regeling=R.code,
        programmalijnen=(Programmalijn("p1", "Lijn"),),
        activiteiten=(Activiteit("a1", "p1", "Goed"), Activiteit("a2", "p9", "Zwevend")),
        regels=(
            Begrotingsregel("personeel", 2024, 1_000 * EURO),  # 1: outside the period
            Begrotingsregel("reiskosten", 2025, 1_000 * EURO),  # 2: unknown category
            Begrotingsregel("huisvesting", 2025, 1_000 * EURO),  # 3: not subsidiable
            Begrotingsregel("afschrijving", 2025, 1_000 * EURO),  # 4: computed, not entered
            Begrotingsregel("materiaal", 2026, -5 * EURO),  # 5: negative
            Begrotingsregel("onvoorzien", 2026, 1_000 * EURO),  # 6: above 5 %
            Begrotingsregel("personeel", 2027, 1_000 * EURO, activiteit="a9"),  # 7
        ),
        activa=(
            machine(1_000 * EURO, date(2025, 1, 1), volledig_geboekt=True),
            machine(1_000 * EURO, date(2025, 1, 1), jaren=5, naam="Kort"),
            machine(1_000 * EURO, date(2025, 1, 1), klasse="vliegtuig", naam="Raar"),
        ),
        partners=(Partner("Bouwbedrijf", "bedrijf"),),
        toezeggingen=(
            Toezegging("Onbekend bv", 2025, 100 * EURO),
            Toezegging("Bouwbedrijf", 2025, 100 * EURO, vorm="aandelen"),
        ),
        verdeling=Verdeling(
            "handmatig", 0, (Schooldeel("01AA00", "Eerste", bedrag=1), Schooldeel("02BB00", "Twee"))
        ),
    )
    b = valideer(a, R, maximum=1 * EURO, techniekluw=False)
    plek = {(x.code, x.regel) for x in b if x.regel is not None}
    assert plek == {
        ("jaar_buiten_periode", 1),
        ("onbekende_kostensoort", 2),
        ("niet_subsidiabel", 3),
        ("afschrijving_ingevuld", 4),
        ("negatief_bedrag", 5),
        ("onbekende_activiteit", 7),
    }
    overig = {(x.code, x.activum or x.partner or x.kostensoort) for x in b if x.regel is None}
    assert overig == {
        ("volledig_geboekt", "Lasrobot"),
        ("termijn_te_kort", "Kort"),
        ("onbekende_activaklasse", "Raar"),
        ("onbekende_programmalijn", None),
        ("boven_maximum", None),
        ("boven_maximum_aandeel", "onvoorzien"),
        ("onbekende_partner", "Onbekend bv"),
        ("vorm_niet_toegestaan", "Bouwbedrijf"),
        ("cofinanciering_te_laag", None),
        ("verdeling_klopt_niet", None),
    }
    assert blokkerend(b) and all(x.ernst == BLOKKEREND for x in b)
    assert all(x.melding and "_" not in x.melding for x in b)  # plain words, no codes
    leeg = valideer(Aanvraag("R01", R.code), R, maximum=None, techniekluw=False)
    assert "leeg" in [x.code for x in leeg]
    te_groot = replace(a, verdeling=Verdeling("naar_rato", 10**12))
    assert "centraal_boven_totaal" in [
        x.code for x in valideer(te_groot, R, maximum=None, techniekluw=False)
    ]


def test_valideer_500_regels_binnen_200_ms() -> None:
    a = replace(
        _goede_aanvraag(),
        regels=tuple(
            Begrotingsregel(
                ("personeel", "materiaal", "onvoorzien")[i % 3],
                2025 + i % 4,
                100 + i,
                activiteit="a1",
            )
            for i in range(500)
        ),
        activa=tuple(
            machine(10_000 * EURO, date(2025, 1 + i % 12, 1), naam=f"M{i}") for i in range(20)
        ),
    )
    valideer(a, R, maximum=None, techniekluw=False)  # warm up imports
    start = time.perf_counter()
    valideer(a, R, maximum=None, techniekluw=False)
    assert time.perf_counter() - start < 0.2


# ------------------------------------------------------------------- accountability


def test_cofinancieringspad_loopt_achter() -> None:
    # Decision € 100.000 per year: € 400.000 subsidy, 7,5 % = € 30.000 by the end of 2028;
    # linear path: € 7.500, € 15.000, € 22.500, € 30.000 cumulatively.
    besluit = dict.fromkeys(R.jaren, 100_000 * EURO)
    assert cofinancieringspad(30_000 * EURO, R) == {
        2025: 750_000, 2026: 1_500_000, 2027: 2_250_000, 2028: 3_000_000,
    }  # fmt: skip
    a = Aanvraag(
        "R01",
        R.code,
        regels=tuple(Begrotingsregel("personeel", j, 100_000 * EURO) for j in R.jaren),
    )

    def v(jaar: int, cof: int, vorm: str = "geld") -> Verantwoording:
        return Verantwoording(
            "R01", R.code, jaar,
            realisatie=(Begrotingsregel("personeel", jaar, 100_000 * EURO),),
            cofinanciering=(Toezegging("Bouwbedrijf", jaar, cof, vorm),),
        )  # fmt: skip

    # 2025: € 8.000 ≥ € 7.500 on track; 2026: € 8.000 + € 5.000 = € 13.000 < € 15.000.
    s = signalen(
        a, R, besluit, {2025: v(2025, 8_000 * EURO), 2026: v(2026, 5_000 * EURO, "natura")}
    )
    achter = [x for x in s if x.code == "cofinanciering_achter"]
    assert [(x.jaar, x.bedrag) for x in achter] == [(2026, 200_000)]
    assert [x.code for x in s] == ["cofinanciering_achter"]


def verantwoord(jaar: int, personeel: int, afschrijving: int, **wijzig: object) -> Verantwoording:
    v = Verantwoording(
        "R01",
        R.code,
        jaar,
        (Begrotingsregel("personeel", jaar, personeel * EURO),),
        afschrijving_geboekt=afschrijving * EURO,
    )
    return replace(v, **wijzig)  # type: ignore[arg-type]


def test_onder_en_overbesteding_en_afschrijving() -> None:
    a = Aanvraag(
        "R01",
        R.code,
        regels=tuple(Begrotingsregel("personeel", j, 50_000 * EURO) for j in R.jaren),
        activa=(machine(100_000 * EURO, date(2025, 1, 1)),),
    )
    # planned per year: € 50.000 + € 10.000 depreciation = € 60.000; 10 % = € 6.000.
    vs = {
        2025: verantwoord(2025, 56_000, 10_000, cofinanciering=(Toezegging("B", 2025, 10**9),)),
        2026: verantwoord(2026, 40_000, 100_000),
        2027: verantwoord(2027, 43_999, 10_000),
    }
    s = signalen(a, R, None, vs)
    codes = [(x.code, x.jaar, x.bedrag) for x in s]
    assert ("overbesteding", 2026, 80_000 * EURO) in codes  # 140.000 against 60.000
    assert ("onderbesteding", 2027, -6_001 * EURO) in codes  # 53.999: just over € 6.000 short
    assert not any(c[1] == 2025 and c[0].endswith("besteding") for c in codes)  # 66.000: = 10 %
    assert ("afschrijving_na_periode", None, 60_000 * EURO) in codes
    assert ("afschrijving_afwijkend", 2026, 90_000 * EURO) in codes
    assert [c for c in codes if c[0] == "afschrijving_afwijkend"] == [
        ("afschrijving_afwijkend", 2026, 90_000 * EURO)
    ]

    tabel = vergelijk(a, R, vs)
    cel = tabel.cel("personeel", 2027)
    assert (cel.gepland, cel.gerealiseerd, cel.verschil) == (5_000_000, 4_399_900, -600_100)
    assert cel.percentage == Fraction(-600_100 * 100, 5_000_000)  # exactly -12,002 %
    assert tabel.cel("personeel", 2028).gerealiseerd is None
    assert tabel.totalen[2026].gerealiseerd == 14_000_000


# ------------------------------------------------- techniekleerlingen from the publication


def test_gepubliceerde_getallen() -> None:
    assert _gepubliceerd_getal(17) == (Fraction(17), False)
    assert _gepubliceerd_getal("12-15") == (Fraction(27, 2), True)
    assert _gepubliceerd_getal("<5") == (None, False)
    assert _gepubliceerd_getal(None) == (None, False)


def test_techniekleerlingen_uit_een_echte_publicatie(web_db: Path) -> None:
    from sto_monitor.publicatie.gegevens import laad

    snap = laad(web_db)
    regio = next(
        code for code in sorted(snap.regios) if any(v.regio == code for v in snap.vestigingen)
    )
    t = techniekleerlingen_per_vestiging(snap, regio)
    assert t.schooljaar == max(snap.jaren)
    eigen = {v.code for v in snap.vestigingen if v.regio == regio}
    assert set(t.leerlingen) | set(t.onbekend) <= eigen
    assert t.leerlingen or t.onbekend
    assert all(n > 0 for n in t.leerlingen.values())
    assert t.naar_rato_mogelijk == (not t.onbekend and bool(t.leerlingen))
    if t.onbekend:
        assert "handmatig" in t.toelichting.lower()
    # every published row of the region is accounted for exactly once
    rijen = [
        r for r in snap.beschikbare_rijen("examens_per_profiel", schooljaar=t.schooljaar)
        if r["vestiging"] in eigen and r["profiel"] == "techniek" and r["leerweg"] == "totaal"
    ]  # fmt: skip
    assert len(rijen) == len(t.leerlingen) + len(t.onbekend)
    assert set(t.namen) == set(t.leerlingen) | set(t.onbekend)
    if t.naar_rato_mogelijk:  # the counts feed the split directly
        scholen = tuple(Schooldeel(c, t.namen[c]) for c in t.leerlingen)
        a = Aanvraag(regio, R.code, verdeling=Verdeling("naar_rato", 0, scholen))
        assert sum(d.bedrag for d in verdeel_over_scholen(a, 1_000_001, t.leerlingen)) == 1_000_001
