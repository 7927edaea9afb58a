"""Synthetic companies and internship places near the demo vestigingen (issue 19).

Seeded, so a demo is the same every time. Every company name says ``(synthetisch)`` and every
place's description carries ``taal.SYNTHETISCH``, so nobody mistakes them for real offers.
Companies sit in a PC4 within 15 km of a vestiging and offer places in the technical profielen
that vestiging offers; periods fall in the coming school year. :func:`laad` registers,
confirms and publishes them as the person at the terminal (audited like any write).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sto_monitor import domain
from sto_monitor.accounts.beleid import Actor
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.publicatie.gegevens import Vestiging
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.stagebank import opslag
from sto_monitor.stagebank.plek import Locatie, PlekInvoer, controleer
from sto_monitor.stagebank.zoeken import haversine_km

_SOORT = {
    "BWI": ("Bouwbedrijf", "Timmerwerkplaats", "Interieurbouw"),
    "PIE": ("Installatiebedrijf", "Metaalbewerking", "Elektrotechniek"),
    "M&T": ("Autobedrijf", "Transportbedrijf", "Fietsenwerkplaats"),
    "MaT": ("Scheepswerf", "Havenbedrijf", "Jachtbouw"),
    "MVI": ("ICT-bedrijf", "Drukkerij", "Ontwerpbureau"),
}
_NAAM = ("De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "De Boer")
BEREIK_KM = 15.0


@dataclass(frozen=True)
class DemoBedrijf:
    naam: str
    adres: str
    postcode: str
    plekken: tuple[PlekInvoer, ...]


def stages(
    vestigingen: Sequence[Vestiging],
    pcs: Mapping[str, Locatie],
    *,
    vandaag: date,
    seed: int = 19,
    per_vestiging: int = 2,
) -> list[DemoBedrijf]:
    """``per_vestiging`` companies near each vestiging with technical profielen."""
    rng = random.Random(seed)
    begin_jaar = vandaag.year if vandaag.month < 8 else vandaag.year + 1
    uit: list[DemoBedrijf] = []
    for v in sorted(vestigingen, key=lambda v: v.code):
        if v.lat is None or v.lon is None or not v.techniek:
            continue
        lat, lon = v.lat, v.lon
        dichtbij = sorted(
            pc for pc, loc in pcs.items() if haversine_km(lat, lon, loc.lat, loc.lon) <= BEREIK_KM
        )
        if not dichtbij:
            continue
        for _ in range(per_vestiging):
            profiel = rng.choice(v.techniek)
            soort = rng.choice(_SOORT.get(profiel, ("Technisch bedrijf",)))
            pc4 = rng.choice(dichtbij)
            # named like a company (trade, family, town), never after a school's code
            naam = f"{soort} {rng.choice(_NAAM)} {pcs[pc4].plaats} (synthetisch)"
            begin = date(begin_jaar, 9, 1) + timedelta(days=7 * rng.randrange(0, 30))
            eind = begin + timedelta(days=7 * rng.choice((2, 4, 8, 12)))
            leerwegen = [lw for lw in v.leerwegen if lw in domain.LEERWEGEN] or ["kb"]
            plek = PlekInvoer(
                titel=f"Snuffelstage {soort.lower()}",
                profielen=(profiel,),
                leerwegen=tuple(sorted(rng.sample(leerwegen, k=rng.randint(1, len(leerwegen))))),
                begin=begin,
                eind=eind,
                aantal=rng.randint(1, 4),
                adres=f"Industrieweg {rng.randint(1, 200)}",
                postcode=f"{pc4} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJ')}",
                contact_naam="Contactpersoon stages",
                contact_email=f"stage{len(uit) + 1}@voorbeeld.invalid",
                omschrijving=SYNTHETISCH,
            )
            uit.append(DemoBedrijf(naam, plek.adres, plek.postcode, (plek,)))
    return uit


def laad(
    db: AppDatabase, actor: Actor, bedrijven: Sequence[DemoBedrijf], pcs: Mapping[str, Locatie]
) -> int:
    """Register, confirm and publish the demo companies; the number of places published."""
    n = 0
    for d in bedrijven:
        b = opslag.registreer_bedrijf(
            db, actor, naam=d.naam, adres=d.adres, postcode_tekst=d.postcode, pcs=pcs
        )
        opslag.bevestig_bedrijf(db, actor, b.id)
        for plek in d.plekken:
            opslag.publiceer(db, actor, b.id, controleer(plek, pcs))
            n += 1
    return n
