"""The stagebank's domain and radius search (``stagebank/``), on a real SQLite file and a real
PostgreSQL server.

The radius is checked by hand: postcodes are placed at computed exact distances from the
centre (destination formula on the same sphere), so 20.0 km is in and 20.1 km out, due north
and due east (east tests the bounding box's longitude width). Writes: an unconfirmed company
cannot publish, another region cannot confirm, another company cannot change a place, and
every write leaves its audit record. Supply against demand is summed by hand from a small
snapshot with a masked (<5) and a hidden (x) cell.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from sto_monitor import db
from sto_monitor.accounts import gebruikers
from sto_monitor.accounts.beleid import Actor, Rol, terminal
from sto_monitor.appdb.engine import MIGRATIES, AppDatabase, maak_engine
from sto_monitor.appdb.tabellen import Auditregel, Basis, StagePlaats, hoort_bij_schema
from sto_monitor.errors import ForbiddenError, NotFoundError, ParameterError
from sto_monitor.generate.stages import laad as laad_demo
from sto_monitor.generate.stages import stages
from sto_monitor.publicatie.gegevens import Snapshot, Vestiging, laad
from sto_monitor.stagebank import lezen, opslag, regio, zoeken
from sto_monitor.stagebank.plek import Locatie, PlekFout, PlekInvoer, controleer, postcodes
from sto_monitor.stagebank.zoeken import AARDSTRAAL_KM, Middelpunt, haversine_km

LAT, LON = 52.0, 5.0
VANDAAG = date(2026, 12, 4)
TERMINAL = terminal("test")
REGIO_PL = Actor(901, "pl@r01.nl", "Programmaleider", Rol.REGIO, frozenset({"R01"}))
ANDERE_PL = Actor(902, "pl@r02.nl", "Andere leider", Rol.REGIO, frozenset({"R02"}))
SCHOOL = Actor(903, "d@school.nl", "Directeur", Rol.SCHOOL, vestigingen=frozenset({"01AB00"}))


def punt(km: float, koers: float) -> tuple[float, float]:
    """The point ``km`` from the centre at bearing ``koers`` degrees, on the same sphere."""
    d, t = km / AARDSTRAAL_KM, math.radians(koers)
    f1, l1 = math.radians(LAT), math.radians(LON)
    f2 = math.asin(math.sin(f1) * math.cos(d) + math.cos(f1) * math.sin(d) * math.cos(t))
    l2 = l1 + math.atan2(
        math.sin(t) * math.sin(d) * math.cos(f1), math.cos(d) - math.sin(f1) * math.sin(f2)
    )
    return math.degrees(f2), math.degrees(l2)


def _loc(pc4: str, km: float, koers: float, regio_: str | None = "R01") -> Locatie:
    lat, lon = punt(km, koers)
    return Locatie(pc4, f"Plaats {pc4}", lat, lon, regio_)


PCS: dict[str, Locatie] = {
    "1000": Locatie("1000", "Midden", LAT, LON, "R01"),
    "1001": _loc("1001", 5.0, 45.0),
    "1200": _loc("1200", 20.0, 0.0),  # exactly 20.0 km north
    "1201": _loc("1201", 20.1, 0.0),
    "1210": _loc("1210", 20.0, 90.0),  # exactly 20.0 km east
    "1211": _loc("1211", 20.1, 90.0),
    "1300": _loc("1300", 12.0, 200.0),
    "9000": _loc("9000", 150.0, 30.0, "R02"),
}


def invoer(postcode: str = "1001 AB", **anders: Any) -> PlekInvoer:
    velden: dict[str, Any] = {
        "titel": "Meewerkstage installatietechniek",
        "profielen": ("PIE",),
        "leerwegen": ("bb", "kb"),
        "begin": date(2027, 2, 1),
        "eind": date(2027, 3, 31),
        "aantal": 2,
        "adres": "Industrieweg 4",
        "postcode": postcode,
        "contact_naam": "J. de Vries",
        "contact_email": "stage@bedrijf.nl",
    }
    velden.update(anders)
    return PlekInvoer(**velden)


def bedrijf_actor(db: AppDatabase, email: str) -> Actor:
    g = gebruikers.toevoegen(db, TERMINAL, email=email, naam=email, rol=Rol.BEDRIJF)
    return Actor(g.id, g.email, g.naam, Rol.BEDRIJF)


def bevestigd_bedrijf(db: AppDatabase, email: str = "hr@bedrijf.nl") -> tuple[Actor, int]:
    actor = bedrijf_actor(db, email)
    b = opslag.registreer_bedrijf(
        db, actor, naam="Installatiebedrijf Jansen", adres="Dorpsstraat 1",
        postcode_tekst="1000 AA", pcs=PCS,
    )  # fmt: skip
    opslag.bevestig_bedrijf(db, REGIO_PL, b.id)
    return actor, b.id


MIDDEN = Middelpunt("test", LAT, LON)


# ---------------------------------------------------------------- the radius, by hand


def test_the_constructed_points_lie_at_their_distances() -> None:
    for pc4, km in (("1200", 20.0), ("1201", 20.1), ("1210", 20.0), ("1211", 20.1)):
        assert haversine_km(LAT, LON, PCS[pc4].lat, PCS[pc4].lon) == pytest.approx(km, abs=1e-9)
    # the sphere: one degree of latitude is R * pi / 180 km
    assert haversine_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(AARDSTRAAL_KM * math.pi / 180)
    assert zoeken.afstand_tekst(19.96) == "20,0 km"


def test_20_0_km_is_in_and_20_1_km_is_out(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    ids = {
        pc4: opslag.publiceer(app_db, actor, bid, controleer(invoer(pc4), PCS)).id
        for pc4 in ("1001", "1200", "1201", "1210", "1211", "9000")
    }
    gevonden = zoeken.zoek(app_db, MIDDEN, vandaag=VANDAAG)
    # nearest first; the two at 20.0 km differ only by floating-point noise
    assert gevonden[0].plaats_id == ids["1001"]
    binnen = sorted(ids[p] for p in ("1001", "1200", "1210"))
    assert sorted(t.plaats_id for t in gevonden) == binnen
    assert gevonden[0].afstand == "5,0 km" and gevonden[1].afstand == "20,0 km"
    assert gevonden[0].bedrijf == "Installatiebedrijf Jansen"
    # a smaller radius: 5.0 in (exactly), 20.0 out
    assert [t.plaats_id for t in zoeken.zoek(app_db, MIDDEN, straal_km=5, vandaag=VANDAAG)] == [
        ids["1001"]
    ]
    assert zoeken.zoek(app_db, MIDDEN, straal_km=4.9, vandaag=VANDAAG) == []
    with pytest.raises(ParameterError):
        zoeken.zoek(app_db, MIDDEN, straal_km=20.5, vandaag=VANDAAG)
    # at most `limiet` places, the nearest
    assert [t.plaats_id for t in zoeken.zoek(app_db, MIDDEN, vandaag=VANDAAG, limiet=1)] == [
        ids["1001"]
    ]
    # from a postcode: its PC4 centroid
    start = zoeken.vanaf_postcode(PCS, "1000 ZZ")
    assert (start.lat, start.lon) == (LAT, LON)
    assert len(zoeken.zoek(app_db, start, vandaag=VANDAAG)) == 3
    with pytest.raises(ParameterError):
        zoeken.vanaf_postcode(PCS, "5555")


def test_search_from_a_vestiging_of_the_snapshot(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    opslag.publiceer(app_db, actor, bid, controleer(invoer("1300"), PCS))
    v = Vestiging("01AB00", "Techniekcollege", "Midden", None, LAT, LON, "R01", ("PIE",), ("bb",))
    snap = cast(Snapshot, SimpleNamespace(vestigingen=(v,)))
    start = zoeken.vanaf_vestiging(snap, "01AB00")
    assert [t.afstand for t in zoeken.zoek(app_db, start, vandaag=VANDAAG)] == ["12,0 km"]
    with pytest.raises(NotFoundError):
        zoeken.vanaf_vestiging(snap, "99ZZ00")


def test_filters_by_profiel_and_period(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    pie = opslag.publiceer(app_db, actor, bid, controleer(invoer(), PCS)).id
    bwi = opslag.publiceer(
        app_db,
        actor,
        bid,
        controleer(
            invoer(profielen=("BWI", "PIE"), begin=date(2027, 5, 1), eind=date(2027, 6, 30)), PCS
        ),
    ).id

    def ids(**kw: Any) -> list[int]:
        return sorted(t.plaats_id for t in zoeken.zoek(app_db, MIDDEN, vandaag=VANDAAG, **kw))

    assert ids() == [pie, bwi]
    assert ids(profiel="BWI") == [bwi]
    assert ids(profiel="PIE") == [pie, bwi]
    assert ids(profiel="MVI") == []
    assert ids(van=date(2027, 4, 1)) == [bwi]  # the first ended on 31 March
    assert ids(tot=date(2027, 2, 1)) == [pie]  # overlap on its first day counts
    assert ids(van=date(2027, 3, 31), tot=date(2027, 5, 1)) == [pie, bwi]
    assert ids(van=date(2027, 4, 1), tot=date(2027, 4, 30)) == []
    with pytest.raises(ParameterError):
        ids(profiel="XYZ")


def test_places_expire_after_the_last_day_of_their_period(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    p = opslag.publiceer(app_db, actor, bid, controleer(invoer(), PCS))
    laatste = date(2027, 3, 31)
    assert len(zoeken.zoek(app_db, MIDDEN, vandaag=laatste)) == 1
    assert zoeken.zoek(app_db, MIDDEN, vandaag=date(2027, 4, 1)) == []
    overzicht = lezen.plaatsen_van(app_db, actor, bid, date(2027, 4, 1))
    assert overzicht.actueel == () and [x.id for x in overzicht.verlopen] == [p.id]
    overzicht = lezen.plaatsen_van(app_db, actor, bid, laatste)
    assert [x.id for x in overzicht.actueel] == [p.id] and overzicht.verlopen == ()
    # withdrawn: out of the search, listed with the expired ones
    opslag.trek_in(app_db, actor, p.id)
    assert zoeken.zoek(app_db, MIDDEN, vandaag=VANDAAG) == []
    assert [x.id for x in lezen.plaatsen_van(app_db, actor, bid, VANDAAG).verlopen] == [p.id]


# ---------------------------------------------------------------- who may


def test_an_unconfirmed_company_cannot_publish(app_db: AppDatabase) -> None:
    actor = bedrijf_actor(app_db, "nieuw@bedrijf.nl")
    b = opslag.registreer_bedrijf(
        app_db, actor, naam="Nieuw BV", adres="Laan 2", postcode_tekst="1001AB", pcs=PCS
    )
    assert (b.regio, b.postcode, b.bevestigd) == ("R01", "1001 AB", None)
    with pytest.raises(ForbiddenError, match="nog niet bevestigd"):
        opslag.publiceer(app_db, actor, b.id, controleer(invoer(), PCS))
    assert [x.id for x in lezen.te_bevestigen(app_db, REGIO_PL, "R01")] == [b.id]
    for anders in (ANDERE_PL, SCHOOL, actor):  # another region, a school, the company itself
        with pytest.raises(ForbiddenError):
            opslag.bevestig_bedrijf(app_db, anders, b.id)
    opslag.bevestig_bedrijf(app_db, REGIO_PL, b.id)
    assert lezen.te_bevestigen(app_db, REGIO_PL, "R01") == ()
    opslag.publiceer(app_db, actor, b.id, controleer(invoer(), PCS))
    # a company outside every region: only the national team confirms it
    buiten = opslag.registreer_bedrijf(
        app_db, actor, naam="Buiten BV", adres="Weg 1", postcode_tekst="9000",
        pcs={"9000": Locatie("9000", "Ver", 53.0, 6.0, None)},
    )  # fmt: skip
    with pytest.raises(ForbiddenError):
        opslag.bevestig_bedrijf(app_db, REGIO_PL, buiten.id)
    opslag.bevestig_bedrijf(app_db, TERMINAL, buiten.id)
    with pytest.raises(ForbiddenError):  # a region cannot register a company
        opslag.registreer_bedrijf(
            app_db, REGIO_PL, naam="X", adres="Y 1", postcode_tekst="1000", pcs=PCS
        )


def test_another_company_cannot_change_a_place(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    ander, ander_bid = bevestigd_bedrijf(app_db, "ander@bedrijf.nl")
    p = opslag.publiceer(app_db, actor, bid, controleer(invoer(), PCS))
    plek = controleer(invoer(aantal=9), PCS)
    for poging in (
        lambda: opslag.wijzig(app_db, ander, p.id, plek),
        lambda: opslag.trek_in(app_db, ander, p.id),
        lambda: opslag.publiceer(app_db, ander, bid, plek),
        lambda: lezen.plaatsen_van(app_db, ander, bid, VANDAAG),
        lambda: opslag.wijzig(app_db, REGIO_PL, p.id, plek),
    ):
        with pytest.raises(ForbiddenError):
            poging()
    with pytest.raises(NotFoundError):
        opslag.wijzig(app_db, actor, 99999, plek)
    assert [t.aantal for t in zoeken.zoek(app_db, MIDDEN, vandaag=VANDAAG)] == [2]
    assert opslag.wijzig(app_db, actor, p.id, plek).aantal == 9
    assert [b.id for b in lezen.bedrijven_van(app_db, ander)] == [ander_bid]
    assert len(lezen.bedrijven_van(app_db, TERMINAL)) == 2


def test_every_write_is_audited(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    p = opslag.publiceer(app_db, actor, bid, controleer(invoer(), PCS))
    opslag.wijzig(app_db, actor, p.id, controleer(invoer(aantal=3, profielen=("BWI",)), PCS))
    opslag.trek_in(app_db, actor, p.id)
    with app_db.transactie() as s:
        regels = s.scalars(
            select(Auditregel)
            .where(Auditregel.soort.in_((opslag.BEDRIJF, opslag.PLAATS)))
            .order_by(Auditregel.id)
        ).all()
        assert [(r.actie, r.wie, r.regio) for r in regels] == [
            ("bedrijf aangemeld", actor.wie, "R01"),
            ("bedrijf bevestigd", REGIO_PL.wie, "R01"),
            ("stageplaats gepubliceerd", actor.wie, "R01"),
            ("stageplaats gewijzigd", actor.wie, "R01"),
            ("stageplaats ingetrokken", actor.wie, "R01"),
        ]
        gewijzigd = regels[3]
        assert gewijzigd.voor is not None and gewijzigd.na is not None
        assert (gewijzigd.voor["aantal"], gewijzigd.na["aantal"]) == (2, 3)
        assert gewijzigd.na["profielen"] == ["BWI"]
        assert s.get(StagePlaats, p.id) is not None


def test_validation_lists_every_problem_by_field() -> None:
    slecht = invoer(
        "0999",
        titel=" ",
        profielen=("XYZ",),
        leerwegen=(),
        begin=date(2027, 3, 1),
        eind=date(2027, 2, 1),
        aantal=0,
        contact_email="geen-adres",
        contact_telefoon="bel maar",
    )
    with pytest.raises(PlekFout) as fout:
        controleer(slecht, PCS)
    assert sorted(fout.value.fouten) == [
        "aantal",
        "contact_email",
        "contact_telefoon",
        "eind",
        "leerwegen",
        "postcode",
        "profielen",
        "titel",
    ]
    assert "Onbekend profiel 'XYZ'" in fout.value.fouten["profielen"][0]
    plek = controleer(invoer("1001ab", profielen=("PIE", "PIE")), PCS)
    assert (plek.postcode, plek.profielen, plek.locatie.regio) == ("1001 AB", ("PIE",), "R01")


# ---------------------------------------------------------------- the region


def _snapshot(vestigingen: tuple[Vestiging, ...] = ()) -> Snapshot:
    def rij(profiel: str, leerweg: str, aantal: str) -> dict[str, Any]:
        return {"schooljaar": 2024, "regio": "R01", "profiel": profiel, "leerweg": leerweg,
                "aantal": aantal}  # fmt: skip

    # as published: Dutch notation, ranges, <5, x; a total row for some profielen
    rijen = [
        rij("PIE", "bb", "12"),
        rij("PIE", "kb", "<5"),
        rij("PIE", "gl", "9-12"),
        rij("BWI", "bb", "20"),
        rij("BWI", "kb", "x"),
        rij("MVI", "kb", "7"),
        rij("MVI", "tl", "50"),
        rij("M&T", "bb", "x"),
        rij("M&T", "totaal", "1.016-1.019"),
        rij("techniek", "bb", "99"),
    ]

    def beschikbare_rijen(naam: str, **filters: Any) -> list[dict[str, Any]]:
        assert naam == "instroom_per_regio"
        assert filters == {"schooljaar": 2024, "regio": "R01"}
        return rijen

    return cast(
        Snapshot,
        SimpleNamespace(
            laatste_jaar=2024, beschikbare_rijen=beschikbare_rijen, vestigingen=vestigingen
        ),
    )


def test_supply_against_demand_by_hand(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    opslag.publiceer(app_db, actor, bid, controleer(invoer(aantal=2), PCS))
    opslag.publiceer(
        app_db, actor, bid, controleer(invoer("1300", aantal=3, profielen=("PIE", "BWI")), PCS)
    )
    opslag.publiceer(app_db, actor, bid, controleer(invoer("9000", aantal=5), PCS))  # R02
    verlopen = invoer(aantal=7, begin=date(2026, 1, 5), eind=date(2026, 2, 1))
    opslag.publiceer(app_db, actor, bid, controleer(verlopen, PCS))
    rijen = {r.profiel: r for r in regio.aanbod_en_vraag(app_db, _snapshot(), "R01", VANDAAG)}
    assert list(rijen) == ["BWI", "PIE", "M&T", "MVI"]  # the order of the domain
    assert rijen["M&T"].derdejaars == regio.Vraag(1016, 1019)  # the published total
    assert (rijen["PIE"].plaatsen, rijen["PIE"].aanbieders) == (5, 2)
    assert rijen["PIE"].derdejaars.tekst == "22\u201328"  # 12 + (1 to 4) + (9 to 12)
    assert (rijen["BWI"].plaatsen, rijen["BWI"].derdejaars.bekend) == (3, False)
    assert rijen["BWI"].derdejaars.tekst == "niet gepubliceerd"
    assert (rijen["MVI"].plaatsen, rijen["MVI"].derdejaars.tekst) == (0, "7")  # tl not counted
    assert regio.aanbod(app_db, "R02", VANDAAG) == {"PIE": (5, 1)}


def test_profielen_without_a_place_within_20_km(app_db: AppDatabase) -> None:
    actor, bid = bevestigd_bedrijf(app_db)
    opslag.publiceer(app_db, actor, bid, controleer(invoer("1200"), PCS))  # PIE, 20.0 km
    opslag.publiceer(app_db, actor, bid, controleer(invoer("1211", profielen=("BWI",)), PCS))
    v = Vestiging("01AB00", "College", "Midden", None, LAT, LON, "R01", ("BWI", "PIE"), ("bb",))
    ver = Vestiging("02CD00", "Ver", "Ver", None, *punt(150, 30), "R01", ("PIE",), ("kb",))
    elders = Vestiging("03EF00", "Elders", "X", None, LAT, LON, "R02", ("MVI",), ("kb",))
    gaten = regio.zonder_plaats(app_db, _snapshot((v, ver, elders)), "R01", VANDAAG)
    assert [(g.vestiging, g.profiel) for g in gaten] == [("01AB00", "BWI"), ("02CD00", "PIE")]


# ---------------------------------------------------------------- demo data and migration


def test_demo_places_are_seeded_labelled_and_findable(app_db: AppDatabase) -> None:
    v = Vestiging("01AB00", "College", "Midden", None, LAT, LON, "R01", ("PIE", "BWI"), ("bb",))
    zonder = Vestiging("09ZZ00", "Geen techniek", "X", None, LAT, LON, "R01", (), ("bb",))
    een = stages((v, zonder), PCS, vandaag=VANDAAG, seed=3)
    assert een == stages((v, zonder), PCS, vandaag=VANDAAG, seed=3)
    assert len(een) == 2 and all("(synthetisch)" in b.naam for b in een)
    assert all(b.plekken[0].profielen[0] in ("PIE", "BWI") for b in een)
    assert laad_demo(app_db, TERMINAL, een, PCS) == 2
    gevonden = zoeken.zoek(app_db, MIDDEN, straal_km=15, vandaag=VANDAAG)
    assert len(gevonden) == 2 and all(t.eind > VANDAAG for t in gevonden)


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    config.attributes["connection"] = connection
    return config


def test_the_migration_up_and_down(app_db_url: str) -> None:
    engine = maak_engine(app_db_url)
    try:
        with engine.begin() as c:
            command.upgrade(_config(c), "head")
        with engine.connect() as c:
            verschil = compare_metadata(
                MigrationContext.configure(c, opts={"include_name": hoort_bij_schema}),
                Basis.metadata,
            )
            assert [d for d in verschil if "stage_" in repr(d)] == []
            assert "stage_plaats_profiel" in inspect(c).get_table_names()
        with engine.begin() as c:
            command.downgrade(_config(c), "0005")
        with engine.connect() as c:
            assert not [n for n in inspect(c).get_table_names() if n.startswith("stage_")]
        with engine.begin() as c:
            command.upgrade(_config(c), "head")
    finally:
        engine.dispose()


# ---------------------------------------------------------------- the real warehouse


def test_postcodes_and_demand_from_the_test_warehouse(web_db: Path) -> None:
    snap = laad(web_db, indicatoren=("instroom_per_regio",))
    with db.connect(web_db, read_only=True) as con:
        pcs = postcodes(con, snap.gemeente_regio)
    assert len(pcs) > 100 and all(len(pc) == 4 for pc in pcs)
    in_regio = [loc for loc in pcs.values() if loc.regio is not None]
    assert in_regio and set(loc.regio for loc in in_regio) <= set(snap.regios)
    code = sorted(snap.regios)[0]
    jaar = snap.laatste_jaar
    rijen = snap.beschikbare_rijen("instroom_per_regio", schooljaar=jaar, regio=code)
    totaal = {r["profiel"]: r["aantal"] for r in rijen if r["leerweg"] == "totaal"}
    assert "PIE" in totaal
    gevraagd = regio.vraag(snap, code)
    assert gevraagd["PIE"].tekst == totaal["PIE"].replace("-", "\u2013")
    assert regio.cel("16-19") == (16, 19) and regio.cel("x") is None
