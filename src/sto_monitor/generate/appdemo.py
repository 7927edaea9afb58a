"""The demo's application database: synthetic companies, places and kennisbank items.

``sto generate`` writes source files; the stagebank and the kennisbank live in the application
database, and a company's place needs the loaded PC4 table and the vestigingen (where, which
technical profielen). So ``sto demo`` calls :func:`vul` once the generated files are loaded:
companies near every vestiging with a technical profiel (``generate/stages.py``), registered,
confirmed and with a current place each, and a handful of published kennisbank items spread
over the regions. Everything is written through the domain (audited, as the person at the
terminal) and says it is synthetic: companies by name, places and items in their text.
Run twice on the same database it adds nothing (the demo's own companies and items are found).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from sto_monitor import db as warehouse
from sto_monitor.accounts.beleid import Actor, terminal
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import KennisItem, StageBedrijf
from sto_monitor.generate import stages
from sto_monitor.kennisbank import opslag as kennisbank
from sto_monitor.kennisbank.item import Item
from sto_monitor.publicatie.gegevens import LANDELIJK, laad
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.settings import Settings
from sto_monitor.stagebank.plek import postcodes

MERK = "(synthetisch)"


@dataclass(frozen=True)
class Gevuld:
    """What :func:`vul` added."""

    bedrijven: int
    plaatsen: int
    kennisitems: int


# (title, summary, soort, profielen, themas, niveaus); each gets MERK and SYNTHETISCH.
KENNISITEMS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Techniekdag met bedrijven uit de regio",
        "Leerlingen uit leerjaar 2 bezoeken op één dag vier bedrijven en kiezen daarna "
        "bewuster een profiel. Met draaiboek, planning en evaluatieformulier.",
        "goede_praktijk",
        ("PIE", "BWI"),
        ("aandacht.lob", "monitor.stages"),
        ("vmbo_bb", "vmbo_kb"),
    ),
    (
        "Lessenserie lassen en verbinden",
        "Acht lessen over lassen, solderen en lijmen, met werkbladen en een praktijkopdracht. "
        "Geschikt voor de basis- en kaderberoepsgerichte leerweg.",
        "lesmateriaal",
        ("PIE",),
        ("aandacht.leeromgeving",),
        ("vmbo_bb", "vmbo_kb"),
    ),
    (
        "Checklist voor een goede snuffelstage",
        "Waar let een bedrijf op als het een vmbo-leerling ontvangt? Een checklist voor "
        "begeleiders, met afspraken over veiligheid en begeleiding.",
        "hulpmiddel",
        ("M&T", "MaT", "PIE"),
        ("monitor.stages",),
        ("vmbo_bb", "vmbo_kb", "vmbo_gl"),
    ),
    (
        "Gedeeld techlab voor drie scholen",
        "Drie vestigingen delen een technieklokaal met moderne machines. Hoe de regio de "
        "planning, het vervoer en het onderhoud regelde.",
        "goede_praktijk",
        ("BWI", "PIE", "MVI"),
        ("aandacht.techlabs", "aandacht.inventaris"),
        ("vmbo_bb", "vmbo_kb", "vmbo_gl"),
    ),
    (
        "Onderzoek: waarom kiezen meisjes vaker voor techniek?",
        "Een klein onderzoek onder derdejaars naar wat meisjes over de streep trok, met de "
        "vragenlijst en de uitkomsten.",
        "onderzoek",
        (),
        ("aandacht.instroom", "monitor.techniekkeuze"),
        ("vmbo_kb", "vmbo_gl", "vmbo_tl"),
    ),
    (
        "Doorlopende leerlijn installatietechniek vmbo-mbo",
        "Afspraken tussen vmbo en mbo over de leerstof van leerjaar 3 en 4 en het eerste "
        "mbo-jaar, zodat leerlingen niets dubbel doen.",
        "lesmateriaal",
        ("PIE",),
        ("aandacht.doorstroom_mbo2", "monitor.doorstroom"),
        ("vmbo_bb", "vmbo_kb"),
    ),
)


def kennisitems(regios: list[str]) -> list[tuple[str, Item]]:
    """The demo's items, each with the region it comes from (round robin over ``regios``)."""
    if not regios:
        return []
    uit = []
    for i, (titel, tekst, soort, profielen, themas, niveaus) in enumerate(KENNISITEMS):
        regio = regios[(i * 7) % len(regios)]
        item = Item(
            titel=f"{titel} {MERK}",
            samenvatting=f"{tekst}\n\n*{SYNTHETISCH}*",
            soort=soort,
            licentie="CC-BY-4.0",
            regios=(regio,),
            profielen=profielen,
            themas=themas,
            niveaus=niveaus,
            contact="kennisbank@voorbeeld.invalid",
        )
        uit.append((regio, item))
    return uit


def _al_gevuld(database: AppDatabase) -> tuple[bool, bool]:
    """(demo companies present, demo kennisbank items present)."""
    with database.transactie() as session:
        bedrijven = session.scalar(
            select(func.count(StageBedrijf.id)).where(StageBedrijf.naam.like(f"%{MERK}"))
        )
        items = session.scalar(
            select(func.count(KennisItem.id)).where(KennisItem.titel.like(f"%{MERK}"))
        )
    return bool(bedrijven), bool(items)


def vul(
    database: AppDatabase,
    pad: Path,
    *,
    settings: Settings | None = None,
    vandaag: date | None = None,
    actor: Actor | None = None,
) -> Gevuld:
    """Fill ``database`` with the demo's companies, places and items, from the generated
    warehouse at ``pad``; nothing when they are there already."""
    wie = actor or terminal("demo")
    dag = vandaag or date.today()
    snap = laad(pad, settings=settings, indicatoren=())  # only vestigingen and regions
    con = warehouse.connect(pad, settings=settings, read_only=True)
    try:
        pcs = postcodes(con, snap.gemeente_regio)
    finally:
        con.close()
    heeft_bedrijven, heeft_items = _al_gevuld(database)
    bedrijven, plaatsen = 0, 0
    if not heeft_bedrijven:
        demo = stages.stages(snap.vestigingen, pcs, vandaag=dag)
        plaatsen = stages.laad(database, wie, demo, pcs)
        bedrijven = len(demo)
    n = 0
    if not heeft_items:
        regios = sorted(r for r in snap.regios if r != LANDELIJK)
        for regio, item in kennisitems(regios):
            k = kennisbank.draag_bij(database, wie, item, regio=regio)
            kennisbank.publiceer(database, wie, k.id)
            n += 1
    return Gevuld(bedrijven, plaatsen, n)
