"""Properties of the subsidy arithmetic for any budget: every displayed total is the sum of its
parts to the cent (rows, columns, grand total, the school-year view, the split over schools),
and an asset's depreciation before + within + after the period is its price."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sto_monitor.subsidie import afschrijving
from sto_monitor.subsidie.aanvraag import (
    Aanvraag,
    Activum,
    Begrotingsregel,
    Schooldeel,
    Toezegging,
    Verdeling,
)
from sto_monitor.subsidie.begroting import bereken, cofinanciering, verdeel_over_scholen
from sto_monitor.subsidie.validatie import valideer
from tests.test_subsidie_rekenen import maak_regeling

R = maak_regeling()
SOORTEN = ("personeel", "materiaal", "afschrijving", "huisvesting", "onvoorzien", "reis")
bedrag = st.integers(min_value=-(10**9), max_value=10**11)

regels = st.lists(
    st.builds(
        Begrotingsregel,
        kostensoort=st.sampled_from(SOORTEN),
        jaar=st.integers(2023, 2030),
        bedrag=bedrag,
    ),
    max_size=40,
)
activa = st.lists(
    st.builds(
        Activum,
        naam=st.text(min_size=1, max_size=5),
        klasse=st.sampled_from(("machines", "ict", "onbekend")),
        aanschafprijs=bedrag,
        aanschafdatum=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
        termijn_jaren=st.integers(0, 25),
    ),
    max_size=6,
)
toezeggingen = st.lists(
    st.builds(
        Toezegging,
        partner=st.sampled_from(("A", "B", "C")),
        jaar=st.integers(2024, 2029),
        bedrag=bedrag,
        vorm=st.sampled_from(("geld", "natura", "anders")),
    ),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(regels, activa, toezeggingen)
def test_elk_totaal_is_de_som_van_zijn_delen(
    r: list[Begrotingsregel], a: list[Activum], t: list[Toezegging]
) -> None:
    aanvraag = Aanvraag("R01", R.code, regels=tuple(r), activa=tuple(a), toezeggingen=tuple(t))
    b = bereken(aanvraag, R)
    for rij in b.rijen:
        assert rij.totaal == sum(rij.bedragen.values())
        assert sum(rij.schooljaren.values()) == rij.totaal
        assert set(rij.bedragen) == set(b.jaren)
    for jaar in b.jaren:
        assert b.kolomtotalen[jaar] == sum(rij.bedragen[jaar] for rij in b.rijen)
    assert b.totaal == sum(b.kolomtotalen.values()) == sum(rij.totaal for rij in b.rijen)
    assert b.subsidiabel_totaal == sum(rij.totaal for rij in b.rijen if rij.subsidiabel)
    assert b.schooljaar_totaal == sum(b.schooljaar_totalen.values()) == b.totaal
    # entered lines plus depreciation within the period: nothing lost, nothing added
    binnen = sum(sum(afschrijving.binnen_periode(x, R).values()) for x in a)
    assert b.totaal == sum(x.bedrag for x in r) + binnen
    c = cofinanciering(aanvraag)
    assert c.totaal == sum(c.per_jaar.values()) == sum(c.per_vorm.values())
    assert c.totaal == sum(c.per_partner.values()) == sum(x.bedrag for x in t)
    valideer(aanvraag, R, maximum=None, techniekluw=False)  # never raises


@settings(max_examples=300, deadline=None)
@given(
    st.integers(-(10**10), 10**12),
    st.dates(date(2010, 1, 1), date(2035, 12, 31)),
    st.integers(0, 30),
)
def test_afschrijving_voor_binnen_na_is_de_prijs(prijs: int, dag: date, jaren: int) -> None:
    a = Activum("M", "machines", prijs, dag, jaren)
    per = afschrijving.per_jaar(a)
    assert sum(per.values()) == prijs
    totaal = (
        afschrijving.voor_periode(a, R)
        + sum(afschrijving.binnen_periode(a, R).values())
        + afschrijving.na_periode(a, R)
    )
    assert totaal == prijs
    # every year is within a cent of its exact share: price x its months / the term's months
    n = max(jaren * 12, 1)
    maanden: dict[int, int] = {}
    for m in range(n):
        jaar = dag.year + (dag.month - 1 + m) // 12
        maanden[jaar] = maanden.get(jaar, 0) + 1
    assert set(per) == set(maanden)
    for jaar, b in per.items():
        assert abs(b - Fraction(prijs * maanden[jaar], n)) < 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 500), min_size=1, max_size=12),
    st.integers(0, 10**10),
    st.data(),
)
def test_verdeling_over_scholen_telt_op(
    leerlingen: list[int], totaal: int, data: st.DataObject
) -> None:
    centraal = data.draw(st.integers(0, totaal))
    scholen = tuple(Schooldeel(f"{i:02d}XX00", f"School {i}") for i in range(len(leerlingen)))
    aanvraag = Aanvraag("R01", R.code, verdeling=Verdeling("naar_rato", centraal, scholen))
    telling = {s.school: n for s, n in zip(scholen, leerlingen, strict=True)}
    delen = verdeel_over_scholen(aanvraag, totaal, telling)
    assert sum(d.bedrag for d in delen) == totaal
    assert delen[0].bedrag == centraal
    assert all(d.bedrag >= 0 for d in delen)
    if totaal:
        assert sum(d.aandeel for d in delen) == 1
    rest, som = totaal - centraal, sum(leerlingen)
    for d, n in zip(delen[1:], leerlingen, strict=True):
        exact = Fraction(rest * n, som) if som else Fraction(rest, len(leerlingen))
        assert abs(d.bedrag - exact) < 1  # largest remainder: within a cent of the exact share
