"""What "Mijn" shows of the kennisbank and the stagebank (issue 19).

Two parts, kept out of ``mijn.py`` so that page stays one step: the links a signed-in person
has to the kennisbank and stagebank work, by what their role may do (``beleid.besluit``, so a
link is never shown to someone the route would refuse), and the region's block "Stageplaatsen
in de regio": the current places per profiel against the region's derdejaars (the published
cells, in their published notation: a hidden cell stays hidden), and the vestigingen with a
technical profiel that has no place within 20 km (``stagebank.regio.overzicht``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sto_monitor import domain
from sto_monitor.accounts.beleid import Actor, Recht, Rol, besluit
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.indicators.openbaarheid import GEHEIM
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.stagebank import regio as stageregio
from sto_monitor.stagebank.zoeken import MAX_STRAAL_KM

PROFIEL_NAAM: dict[str, str] = {p.code: p.naam for p in domain.PROFIELEN}


@dataclass(frozen=True)
class Link:
    tekst: str
    href: str
    uitleg: str = ""


def links(wie: Actor, regio: str | None = None) -> list[Link]:
    """The kennisbank and stagebank links of ``wie``; ``regio``: the region page shown."""
    uit: list[Link] = []
    if wie.rol is Rol.BEDRIJF:
        uit.append(
            Link(
                "Uw bedrijf en stageplaatsen",
                "/stagebank/bedrijf",
                "zet stageplaatsen in de stagebank en houd ze bij",
            )
        )
    # On a region page: that region; on /mijn: a regio account's own regions.
    codes = [regio] if regio is not None else sorted(wie.regios) if wie.rol is Rol.REGIO else []
    for code in codes:
        if besluit(wie, Recht.BEDRIJF_BEVESTIGEN, regio=code):
            uit.append(
                Link(
                    "Bedrijven bevestigen" + (f" ({code})" if len(codes) > 1 else ""),
                    f"/regio/{code}/stagebank",
                    "bevestig de bedrijven in de regio die stageplaatsen willen aanbieden",
                )
            )
    if wie.rol in (Rol.REGIO, Rol.SCHOOL, Rol.LANDELIJK):  # KENNIS_BIJDRAGEN by role
        uit.append(
            Link(
                "Bijdragen aan de kennisbank",
                "/kennisbank/nieuw",
                "deel een goede praktijk, lesmateriaal of een hulpmiddel",
            )
        )
        uit.append(Link("Mijn bijdragen", "/kennisbank/mijn", "wat u deelde en de status ervan"))
    if besluit(wie, Recht.KENNIS_MODEREREN):
        uit.append(
            Link(
                "Kennisbank: te beoordelen",
                "/kennisbank/moderatie",
                "bijdragen die wachten op publicatie",
            )
        )
    uit.append(
        Link("Bewaarde zoekopdrachten", "/stagebank/bewaard", "uw zoekopdrachten in de stagebank")
    )
    uit.append(Link("Kennisbank doorzoeken", "/kennisbank"))
    uit.append(Link("Stageplaatsen zoeken", "/stagebank"))
    return uit


@dataclass(frozen=True)
class Rij:
    profiel: str
    plaatsen: int
    aanbieders: int
    derdejaars: str  # the published cell as published ("x" when hidden), or a sum's range


@dataclass(frozen=True)
class Gatvestiging:
    """A vestiging with the technical profielen it offers that have no place within 20 km."""

    code: str
    naam: str
    plaats: str
    profielen: tuple[str, ...]
    zoeklink: str


@dataclass(frozen=True)
class Stageblok:
    rijen: tuple[Rij, ...]
    gaten: tuple[Gatvestiging, ...]
    totaal: int
    straal: str
    synthetisch: bool
    derdejaars_jaar: str  # the school year of the published derdejaars, "2024/2025"


def zoeklink(vestiging: str, profiel: str | None = None) -> str:
    """The stagebank search centred on a vestiging (20 km, optionally one profiel)."""
    velden = {"vestiging": vestiging, "straal": f"{MAX_STRAAL_KM:g}"}
    if profiel is not None:
        velden["profiel"] = profiel
    return f"/stagebank?{urlencode(velden)}"


def _cel(v: stageregio.Vraag) -> str:
    if not v.bekend:
        return GEHEIM
    return v.gepubliceerd if v.gepubliceerd is not None else v.tekst.replace("\u2013", "-")


def stageblok(database: AppDatabase, snap: Snapshot, regio: str, vandaag: date) -> Stageblok:
    """The block "Stageplaatsen in de regio" (blocking: call it off the event loop)."""
    o = stageregio.overzicht(database, snap, regio, vandaag)
    rijen = tuple(
        Rij(PROFIEL_NAAM.get(r.profiel, r.profiel), r.plaatsen, r.aanbieders, _cel(r.derdejaars))
        for r in o.rijen
    )
    per_vestiging: dict[str, list[stageregio.Gat]] = {}
    for g in o.gaten:
        per_vestiging.setdefault(g.vestiging, []).append(g)
    plaatsen = {v.code: v.plaats for v in snap.vestigingen}
    gaten = tuple(
        Gatvestiging(
            code,
            lijst[0].naam,
            plaatsen.get(code, ""),
            tuple(PROFIEL_NAAM.get(g.profiel, g.profiel) for g in lijst),
            zoeklink(code, lijst[0].profiel if len(lijst) == 1 else None),
        )
        for code, lijst in per_vestiging.items()
    )
    jaar = schooljaar(snap.laatste_jaar) if snap.laatste_jaar is not None else "nieuwste jaar"
    return Stageblok(rijen, gaten, o.totaal, f"{MAX_STRAAL_KM:g}", snap.synthetisch, jaar)
