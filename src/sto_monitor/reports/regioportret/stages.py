"""The regioportret's section on internship places: the stagebank against the region's
derdejaars, and the profielen a vestiging offers with no place within 20 km.

The portrait is built from a published snapshot of the warehouse; the places live in the
application database. The caller may pass the figures in (``stagebank.regio.overzicht``,
read once); by default they are read from the application database that belongs to the
snapshot's warehouse, found the way the portrait finds the region's toelichtingen
(``toelichting.opslag.database_van``). Without an application database (a warehouse on its
own, an old one without the stagebank's tables) the portrait has no such section: the
stagebank is then simply not part of this installation, which is not the same as a region
without places. The places are published by companies, so showing them is public; the
derdejaars are published cells in their published notation (a hidden cell is shown as ``x``).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.exc import SQLAlchemyError

from sto_monitor import domain
from sto_monitor.errors import StoError
from sto_monitor.indicators.openbaarheid import GEHEIM
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.publicatie.taal import datum as datum_tekst
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.onderdelen import Sectie, Tabel
from sto_monitor.stagebank import regio as stageregio
from sto_monitor.stagebank.zoeken import MAX_STRAAL_KM
from sto_monitor.toelichting.opslag import database_van

LOG = logging.getLogger(__name__)
PROFIEL_NAAM: dict[str, str] = {p.code: p.naam for p in domain.PROFIELEN}


def lees(snap: Snapshot, regio: str, vandaag: dt.date) -> stageregio.Overzicht | None:
    """The region's figures from the application database beside the snapshot's warehouse;
    None when there is none or it cannot be read."""
    try:
        database = database_van(snap.pad)
        if database is None:
            return None
        return stageregio.overzicht(database, snap, regio, vandaag)
    except (StoError, SQLAlchemyError) as fout:
        LOG.warning("stagebank van %s niet te lezen: %s", regio, fout)
        return None


def _derdejaars(v: stageregio.Vraag) -> str:
    if not v.bekend:
        return GEHEIM
    if v.gepubliceerd is not None:
        return v.gepubliceerd
    return v.tekst.replace("\u2013", "-")  # a sum of ranges, in the published notation


def sectie(snap: Snapshot, regio: Regio, o: stageregio.Overzicht) -> Sectie:
    """Section "Stageplaatsen in de regio" of the portrait, from the figures ``o``."""
    straal = f"{MAX_STRAAL_KM:g}"
    jaar = schooljaar(snap.laatste_jaar) if snap.laatste_jaar is not None else "het nieuwste jaar"
    tekst = [
        f"Stageplaatsen in de stagebank op {datum_tekst(o.vandaag)}: plaatsen van bedrijven die "
        "de regio heeft bevestigd, waarvan de periode nog niet voorbij is, op een adres in de "
        "regio, en voor hoeveel leerlingen samen (plekken). Per profiel staan ze naast de "
        f"derdejaars van de regio in {jaar} (de gepubliceerde cijfers van de monitor). Een "
        "stageplaats die voor twee profielen openstaat, telt bij beide mee. Samen bieden de "
        f"stageplaatsen plek aan {o.totaal} leerling{'' if o.totaal == 1 else 'en'}."
    ]
    if snap.synthetisch:
        tekst.append("De bedrijven en stageplaatsen in deze demo zijn synthetisch.")
    rijen = [
        {
            "profiel": PROFIEL_NAAM.get(r.profiel, r.profiel),
            "plaatsen": r.plaatsen,
            "aanbieders": r.aanbieders,
            "derdejaars": _derdejaars(r.derdejaars),
        }
        for r in o.rijen
    ]
    plaatsen = {v.code: v.plaats for v in snap.vestigingen}
    gaten = [
        {
            "vestiging": g.naam,
            "plaats": plaatsen.get(g.vestiging, ""),
            "profiel": PROFIEL_NAAM.get(g.profiel, g.profiel),
        }
        for g in o.gaten
    ]
    verborgen = any(not r.derdejaars.bekend for r in o.rijen)
    return Sectie(
        "stageplaatsen",
        "Stageplaatsen in de regio",
        tekst=tekst,
        onderdelen=[
            Tabel(
                f"Stageplaatsen naast derdejaars per profiel, {regio.naam}",
                (
                    ("profiel", "Profiel"),
                    ("aanbieders", "Stageplaatsen"),
                    ("plaatsen", "Plekken voor leerlingen"),
                    ("derdejaars", f"Derdejaars {jaar}"),
                ),
                rijen,
                noot="x: niet gepubliceerd, omdat het aantal te klein is om te tonen."
                if verborgen
                else None,
                leeg="Nog geen stageplaatsen en geen gepubliceerde derdejaars in de regio.",
            ),
            Tabel(
                f"Profielen zonder stageplaats binnen {straal} km van een vestiging die ze "
                "aanbiedt",
                (("vestiging", "Vestiging"), ("plaats", "Plaats"), ("profiel", "Profiel")),
                gaten,
                leeg=(
                    "Voor elk technisch profiel dat een vestiging in de regio aanbiedt, is "
                    f"binnen {straal} km een stageplaats."
                ),
            ),
        ],
    )


def stageplaatsen(
    snap: Snapshot,
    regio: Regio,
    datum: dt.date,
    figures: stageregio.Overzicht | None = None,
) -> Sectie | None:
    """The section, from ``figures`` or else the application database; None without one."""
    o = figures if figures is not None else lees(snap, regio.code, datum)
    return sectie(snap, regio, o) if o is not None else None
