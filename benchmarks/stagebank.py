"""Stagebank radius search over 50,000 places, on SQLite and on PostgreSQL side by side.

Target (issue 19): ``stagebank.zoeken.zoek`` over 50,000 places answers with p95 under 50 ms,
on the SQLite application database and on a throw-away PostgreSQL cluster (as in the tests),
both measured in the same run, with the ratio between them.

The places are synthetic: 10,000 confirmed companies spread over the Netherlands (lat
50.8-53.5, lon 3.4-7.2; two thirds clustered around 40 towns, the rest anywhere), five places
each on average near their company, one to three profielen (technical ones more often), periods
in the coming school year with a tenth already over and a few withdrawn. There is no index
beyond the tables' own (the ``lat``/``lon`` B-tree and the profiel rows), so the rows are
written in bulk straight into ``stage_bedrijf``, ``stage_plaats`` and ``stage_plaats_profiel``
in the shape ``opslag.publiceer`` gives them (``plek.Plek`` fields, leerwegen as
``{"leerwegen": [...]}``).

The questions are a seeded mix measured on the domain function directly: radius 5, 10 and
20 km around a point near a town (where a vestiging would be), half of them with a profiel
filter; p50 and p95 over :data:`VRAGEN` questions after a warm-up of 50.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.kennisbank import databases, meld, percentiel, tijden_ms
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import StageBedrijf, StagePlaats, StagePlaatsProfiel
from sto_monitor.domain import LEERWEGEN, PROFIEL_CODES, TECHNIEK_PROFIELEN
from sto_monitor.stagebank import zoeken
from sto_monitor.stagebank.zoeken import Middelpunt

PLAATSEN = 50_000
BEDRIJVEN = 10_000
VRAGEN = 500
DOEL_P95_MS = 50.0
SEED = 19
VANDAAG = date(2026, 12, 4)
STRALEN = (5.0, 10.0, 20.0)
LAT, LON = (50.8, 53.5), (3.4, 7.2)
STEDEN = 40
BLOK = 5_000


def _steden(rng: random.Random) -> list[tuple[float, float]]:
    return [(rng.uniform(51.2, 53.3), rng.uniform(4.0, 6.9)) for _ in range(STEDEN)]


def _bij(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point about ``km`` (normally spread) from (lat, lon), kept inside the country box."""
    dlat = rng.gauss(0, km) / 111.0
    dlon = rng.gauss(0, km) / 70.0
    return (
        min(LAT[1], max(LAT[0], lat + dlat)),
        min(LON[1], max(LON[0], lon + dlon)),
    )


def vul(db: AppDatabase, plaatsen: int, seed: int = SEED) -> list[tuple[float, float]]:
    """Companies and ``plaatsen`` places in bulk; the town centres, for the questions."""
    rng = random.Random(seed)
    steden = _steden(rng)
    moment = datetime(2026, 9, 1, tzinfo=UTC)
    bedrijven: list[dict[str, Any]] = []
    aantal_bedrijven = max(1, plaatsen * BEDRIJVEN // PLAATSEN)
    for i in range(1, aantal_bedrijven + 1):
        if rng.random() < 2 / 3:
            lat, lon = _bij(rng, *rng.choice(steden), km=8.0)
        else:
            lat, lon = rng.uniform(*LAT), rng.uniform(*LON)
        pc4 = str(rng.randrange(1000, 10000))
        bedrijven.append(
            {
                "id": i,
                "naam": f"Bedrijf {i} (synthetisch)",
                "eigenaar_id": None,
                "adres": f"Werkstraat {i % 300 + 1}",
                "postcode": f"{pc4} AB",
                "pc4": pc4,
                "plaats": f"Plaats {pc4}",
                "regio": f"R{rng.randrange(1, 79):02d}",
                "lat": lat,
                "lon": lon,
                "aangemaakt": moment,
                "bevestigd": moment,
                "bevestigd_door": "benchmark",
            }
        )
    gewichten = [3 if p in TECHNIEK_PROFIELEN else 1 for p in PROFIEL_CODES]
    rijen: list[dict[str, Any]] = []
    profielen: list[dict[str, Any]] = []
    for pid in range(1, plaatsen + 1):
        b = rng.choice(bedrijven)
        lat, lon = _bij(rng, b["lat"], b["lon"], km=0.5)
        begin = VANDAAG + timedelta(days=rng.randrange(-200, 300))
        eind = begin + timedelta(days=rng.randrange(20, 200))
        rijen.append(
            {
                "id": pid,
                "bedrijf_id": b["id"],
                "titel": f"Stage {rng.choice(PROFIEL_CODES)} {pid}",
                "omschrijving": "Meewerken in de werkplaats. (synthetisch)",
                "leerwegen": {"leerwegen": rng.sample(list(LEERWEGEN), rng.randint(1, 3))},
                "begin": begin,
                "eind": eind,
                "aantal": rng.randint(1, 4),
                "adres": b["adres"],
                "postcode": b["postcode"],
                "pc4": b["pc4"],
                "plaats": b["plaats"],
                "regio": b["regio"],
                "lat": lat,
                "lon": lon,
                "contact_naam": "Contactpersoon",
                "contact_email": f"stage{pid}@bedrijf.example",
                "contact_telefoon": None,
                "ingetrokken": rng.random() < 0.03,
                "gewijzigd": moment,
                "gewijzigd_door": "benchmark",
            }
        )
        gekozen: set[str] = set()
        while len(gekozen) < rng.choice((1, 1, 2, 3)):
            gekozen.add(rng.choices(PROFIEL_CODES, gewichten)[0])
        profielen += [{"plaats_id": pid, "profiel": p} for p in sorted(gekozen)]
    with db.transactie() as session:
        session.execute(insert(StageBedrijf), bedrijven)
    for start in range(0, len(rijen), BLOK):
        deel = rijen[start : start + BLOK]
        eerste, laatste = deel[0]["id"], deel[-1]["id"]
        with db.transactie() as session:
            session.execute(insert(StagePlaats), deel)
            session.execute(
                insert(StagePlaatsProfiel),
                [p for p in profielen if eerste <= p["plaats_id"] <= laatste],
            )
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as con:
            con.exec_driver_sql("ANALYZE")
            con.commit()
    return steden


Vraag = tuple[Middelpunt, float, str | None]


def vragen(steden: list[tuple[float, float]], aantal: int, seed: int = SEED + 1) -> list[Vraag]:
    """Points within a few km of a town (a vestiging), radius 5/10/20, half with a profiel."""
    rng = random.Random(seed)
    uit: list[Vraag] = []
    for i in range(aantal):
        lat, lon = _bij(rng, *rng.choice(steden), km=4.0)
        profiel = rng.choice(TECHNIEK_PROFIELEN) if i % 2 else None
        uit.append((Middelpunt(f"vestiging {i}", lat, lon), STRALEN[i % 3], profiel))
    return uit


def run(aantal: int = PLAATSEN, aantal_vragen: int = VRAGEN) -> bool:
    hoeveel = f"{aantal:,}".replace(",", ".")
    print(f"stagebank: zoeken binnen 5-20 km in {hoeveel} stageplaatsen, SQLite en PostgreSQL")
    ok, p95s = True, {}
    with (
        tempfile.TemporaryDirectory(prefix="sto-bench-stagebank-") as name,
        databases(Path(name)) as beide,
    ):
        if len(beide) == 1:
            print("  PostgreSQL is niet geïnstalleerd: alleen SQLite gemeten")
            ok = False
        for naam, url in beide:
            db = AppDatabase.van_url(url)
            try:
                start = time.perf_counter()
                steden = vul(db, aantal)
                laden = time.perf_counter() - start
                mix = vragen(steden, aantal_vragen)
                acties = [
                    partial(zoeken.zoek, db, m, straal_km=s, vandaag=VANDAAG, profiel=p)
                    for m, s, p in mix
                ]
                treffers = [len(a()) for a in acties[:100]]
                tijden = tijden_ms(acties)
            finally:
                db.sluit()
            extra = f"; gemiddeld {statistics.mean(treffers):.0f} plaatsen per vraag"
            p95s[naam], gehaald = meld(naam, tijden, laden, DOEL_P95_MS, extra)
            delen = []
            for straal in STRALEN:
                for met in (False, True):
                    t = [
                        x
                        for x, (_, s, p) in zip(tijden, mix, strict=True)
                        if s == straal and (p is not None) == met
                    ]
                    delen.append(
                        f"{straal:.0f} km{' + profiel' if met else ''} {percentiel(t, 95):.0f}"
                    )
            print(f"    p95 per vraag (ms): {', '.join(delen)}")
            ok = ok and gehaald
    if len(p95s) == 2:
        print(
            f"  naast elkaar: PostgreSQL p95 is {p95s['PostgreSQL'] / p95s['SQLite']:.2f}x die "
            f"van SQLite; {aantal_vragen} vragen (straal 5, 10 en 20 km, de helft met een "
            f"profiel), {os.cpu_count()} kernen"
        )
    return ok
