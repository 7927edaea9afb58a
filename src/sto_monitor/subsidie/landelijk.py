"""The national picture of one regulation: what was applied for, advised and granted, per year
against the ceiling and per region, beside the monitor's published figures.

Read by the commission and the national team (``web/pages/subsidie/landelijk.py``), the XLSX
for DUS-I and the public page (only :func:`openbaar`, the amounts granted). Every region of
the regulation's region set appears, also one without an application ("geen aanvraag").

Money stays integer cents and every total is an exact sum of its rows. Two amounts are a
division and are rounded as stated here: euro per techniekleerling and per vestiging are
rounded half up to the cent (``geld.aandeel_van``). The techniekleerlingen are the monitor's
published cells: a count DUO masked is an interval, so the amount per student is an interval
too (the amount divided by the upper and by the lower bound); a hidden cell stays
"afgeschermd" and no amount per student is given. A draft application is nobody's business
but its region's: for a concept only the status is shown, never its amounts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sto_monitor.accounts.beleid import Actor
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.publicatie.gegevens import Regio, Snapshot
from sto_monitor.subsidie import begroting, opslag
from sto_monitor.subsidie.aanvraag import Aanvraag
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro
from sto_monitor.subsidie.monitorcijfers import (
    ONBEKEND,
    PerEenheid,
    Telling,
    per_eenheid,
    regioset,
    techniekleerlingen,
    vestigingen_per_regio,
)
from sto_monitor.subsidie.opslag import STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.regeling import NIET_INGEVULD, Regeling
from sto_monitor.subsidie.verantwoording import cofinancieringspad

GEEN_AANVRAAG = "geen aanvraag"
GRONDSLAG_TOEGEKEND = "toegekend"
GRONDSLAG_AANGEVRAAGD = "aangevraagd"
AFRONDING = (
    "Bedragen per techniekleerling en per vestiging zijn afgerond op hele centen (een halve "
    "cent naar boven)."
)


@dataclass(frozen=True)
class Cofinancieringsstand:
    """Co-financing committed and realised against the path to the regulation's share."""

    toegezegd: Cent
    gerealiseerd: Cent
    doel: Cent | None  # the share of the grondslag by the end of the period
    tot_jaar: int | None  # the last year with a submitted accountability
    pad: Cent | None  # where the path to ``doel`` stands at the end of ``tot_jaar``

    @property
    def achter(self) -> bool:
        return self.pad is not None and self.gerealiseerd < self.pad

    @property
    def toezegging_te_laag(self) -> bool:
        return self.doel is not None and self.toegezegd < self.doel


@dataclass(frozen=True)
class Regioregel:
    """One region's line of the national picture."""

    regio: str
    naam: str
    techniekluw: bool
    status: Status | None  # None: no application
    aangevraagd: Cent | None  # the subsidiable budget; None: no submitted application
    aangevraagd_per_jaar: dict[int, Cent]
    geadviseerd: Cent | None  # the commission's latest advised amount
    toegekend: Cent | None  # the decision's amount (0 when refused), None: not decided
    toegekend_per_jaar: dict[int, Cent]
    maximum: Cent | None  # the region's maximum over the period, None: not entered
    techniekleerlingen: Telling
    vestigingen: int
    cofinanciering: Cofinancieringsstand
    grondslag: str = ""  # what the amounts per student are of: toegekend or aangevraagd

    @property
    def status_tekst(self) -> str:
        return STATUS_NAAM[self.status] if self.status is not None else GEEN_AANVRAAG

    @property
    def bedrag(self) -> Cent | None:
        """The amount the ratios are of: granted when decided, else applied for."""
        if self.grondslag == GRONDSLAG_TOEGEKEND:
            return self.toegekend
        return self.aangevraagd if self.grondslag == GRONDSLAG_AANGEVRAAGD else None

    @property
    def per_techniekleerling(self) -> PerEenheid | None:
        b = self.bedrag
        return None if b is None else per_eenheid(b, self.techniekleerlingen)

    @property
    def per_vestiging(self) -> PerEenheid | None:
        b = self.bedrag
        return (
            None if b is None else per_eenheid(b, Telling(self.vestigingen, self.vestigingen, ""))
        )

    @property
    def boven_maximum(self) -> bool:
        b = self.toegekend if self.toegekend is not None else self.aangevraagd
        return self.maximum is not None and b is not None and b > self.maximum

    @property
    def pad(self) -> str:
        """The region's application page."""
        return f"/regio/{self.regio}/subsidie"


@dataclass(frozen=True)
class Jaarregel:
    """One calendar year: applied and granted against the regulation's ceiling."""

    jaar: int
    aangevraagd: Cent
    toegekend: Cent
    plafond: Cent | None  # None: "niet ingevuld"

    @property
    def ruimte(self) -> Cent | None:
        return None if self.plafond is None else self.plafond - self.toegekend

    @property
    def overschreden(self) -> bool:
        return self.plafond is not None and self.toegekend > self.plafond

    @property
    def plafond_tekst(self) -> str:
        return NIET_INGEVULD if self.plafond is None else euro(self.plafond)


@dataclass(frozen=True)
class Landelijk:
    """The national picture of one regulation."""

    regeling: Regeling
    regios: tuple[Regioregel, ...]
    jaren: tuple[Jaarregel, ...]
    schooljaar: int | None  # the school year of the techniekleerlingen
    indeling: str  # which region set: "2025-2029", or the snapshot's when that is not loaded
    indeling_eigen: bool  # the regulation's own region set was found in the snapshot
    synthetisch: bool = False

    @property
    def per_status(self) -> dict[str, int]:
        """How many regions have each status, in the workflow's order ("geen aanvraag" last)."""
        n = Counter(r.status for r in self.regios)
        volgorde: list[Status | None] = [*Status, None]
        return {STATUS_NAAM[s] if s is not None else GEEN_AANVRAAG: n[s] for s in volgorde if n[s]}

    @property
    def met_aanvraag(self) -> int:
        return sum(1 for r in self.regios if r.status is not None)

    @property
    def aangevraagd(self) -> Cent:
        return sum(r.aangevraagd or 0 for r in self.regios)

    @property
    def geadviseerd(self) -> Cent:
        return sum(r.geadviseerd or 0 for r in self.regios)

    @property
    def toegekend(self) -> Cent:
        return sum(r.toegekend or 0 for r in self.regios)

    @property
    def toegezegd(self) -> Cent:
        return sum(r.cofinanciering.toegezegd for r in self.regios)

    @property
    def gerealiseerd(self) -> Cent:
        return sum(r.cofinanciering.gerealiseerd for r in self.regios)

    @property
    def ruimte_totaal(self) -> Cent | None:
        p = self.regeling.plafond_totaal
        return None if p is None else p - self.toegekend

    @property
    def boven_totaal(self) -> bool:
        p = self.regeling.plafond_totaal
        return p is not None and self.toegekend > p

    @property
    def techniekluw_boven(self) -> tuple[Regioregel, ...]:
        """Techniekluw regions granted (or applying for) more than the regulation allows."""
        m = self.regeling.maximum_techniekluw
        if m is None:
            return ()
        return tuple(
            r
            for r in self.regios
            if r.techniekluw
            and ((r.toegekend if r.toegekend is not None else r.aangevraagd) or 0) > m
        )


# ---------------------------------------------------------------- one region


def kosten(aanvraag: Aanvraag, regeling: Regeling) -> dict[tuple[str, int], Cent]:
    """Every non-zero cell of the budget table (``begroting.bereken``): (cost category,
    calendar year) -> cents, the depreciation of the assets included."""
    b = begroting.bereken(aanvraag, regeling)
    return {(r.kostensoort, j): c for r in b.rijen for j, c in r.bedragen.items() if c}


def subsidiabel_per_jaar(aanvraag: Aanvraag, regeling: Regeling) -> dict[int, Cent]:
    """The subsidy applied for per year of the period: the budget of the categories the
    regulation pays for, the assets' depreciation within the period included (a line of
    another category or year is a problem validation names, never part of the request)."""
    # The same sums as ``begroting.bereken(...).subsidiabel_per_jaar`` over the period's
    # years, without its school-year view (the national page sums every region's).
    betaald = {k.code for k in regeling.kostensoorten if k.subsidiabel}
    uit = dict.fromkeys(regeling.jaren, 0)
    for regel in aanvraag.regels:
        if regel.kostensoort in betaald and regel.jaar in uit:
            uit[regel.jaar] += regel.bedrag
    activa = next((k for k in regeling.kostensoorten if k.uit_activa), None)
    if activa is not None and activa.subsidiabel:
        for jaar, bedrag in begroting.afschrijving_per_jaar(aanvraag, regeling).items():
            uit[jaar] += bedrag
    return uit


def cofinancieringsstand(
    regeling: Regeling, d: Dossier | None, grondslag_bedrag: Cent | None
) -> Cofinancieringsstand:
    """Committed and realised co-financing, and the path to the regulation's share.

    The path is ``verantwoording.cofinancieringspad``, as the region's signals use it: by the
    end of year k of n, k/n of the share (rounded half up to the cent). Realised counts the
    forms the regulation accepts, in submitted accountabilities only.
    """
    if d is None or d.status is Status.CONCEPT:
        return Cofinancieringsstand(0, 0, None, None, None)
    vormen = regeling.cofinanciering.vormen
    toegezegd = sum(t.bedrag for t in d.aanvraag.toezeggingen)
    ingediend = sorted(j for j in d.verantwoording_ingediend if j in d.verantwoordingen)
    gerealiseerd = sum(
        t.bedrag
        for j in ingediend
        for t in d.verantwoordingen[j].cofinanciering
        if t.vorm in vormen
    )
    doel = (
        aandeel_van(grondslag_bedrag, regeling.cofinanciering.aandeel)
        if grondslag_bedrag is not None
        else None
    )
    tot_jaar = ingediend[-1] if ingediend else None
    pad = None
    if doel is not None and tot_jaar is not None:
        pad = cofinancieringspad(doel, regeling).get(tot_jaar)
    return Cofinancieringsstand(toegezegd, gerealiseerd, doel, tot_jaar, pad)


def regioregel(
    regeling: Regeling,
    regio: Regio,
    d: Dossier | None,
    *,
    telling: Telling,
    vestigingen: int,
    maximum: Cent | None,
) -> Regioregel:
    """One region's line; a draft shows its status only."""
    status = d.status if d is not None else None
    zichtbaar = d is not None and d.status is not Status.CONCEPT
    per_jaar: dict[int, Cent] = {}
    if zichtbaar and d is not None:
        per_jaar = subsidiabel_per_jaar(d.aanvraag, regeling)
    aangevraagd = sum(per_jaar.values()) if zichtbaar else None
    geadviseerd = d.beoordelingen[-1].advies_bedrag if d and d.beoordelingen else None
    besluit = d.besluit if d is not None else None
    toegekend = besluit.bedrag if besluit is not None else None
    toegekend_per_jaar = dict(besluit.per_jaar) if besluit is not None else {}
    grondslag = ""
    if besluit is not None and besluit.uitkomst in opslag.TOEGEKEND:
        grondslag = GRONDSLAG_TOEGEKEND
    elif aangevraagd is not None and besluit is None:
        grondslag = GRONDSLAG_AANGEVRAAGD
    # what the share is of: the subsidy (granted once decided), or all costs of the budget
    basis: Cent | None = None
    if regeling.cofinanciering.grondslag == "totale_kosten":
        basis = begroting.bereken(d.aanvraag, regeling).totaal if zichtbaar and d else None
    elif grondslag == GRONDSLAG_TOEGEKEND:
        basis = sum(toegekend_per_jaar.values()) if toegekend_per_jaar else toegekend
    elif grondslag == GRONDSLAG_AANGEVRAAGD:
        basis = aangevraagd
    return Regioregel(
        regio=regio.code,
        naam=regio.naam,
        techniekluw=regio.techniekluw,
        status=status,
        aangevraagd=aangevraagd,
        aangevraagd_per_jaar=per_jaar,
        geadviseerd=geadviseerd,
        toegekend=toegekend,
        toegekend_per_jaar=toegekend_per_jaar,
        maximum=maximum,
        techniekleerlingen=telling,
        vestigingen=vestigingen,
        cofinanciering=cofinancieringsstand(regeling, d if zichtbaar else None, basis),
        grondslag=grondslag,
    )


# ---------------------------------------------------------------- the whole picture


def bereken(
    regeling: Regeling,
    snap: Snapshot,
    dossiers: Iterable[Dossier],
    maxima: Mapping[str, Cent],
) -> Landelijk:
    """The national picture from the dossiers (as the caller may see them), the regulation's
    and the entered maxima, and the snapshot's regions and figures."""
    per_regio = {d.regio: d for d in dossiers if d.regeling == regeling.code}
    regios, indeling, eigen = regioset(snap, regeling)
    bekend = {r.code for r in regios}
    for code in sorted(set(per_regio) - bekend):  # an application of a region not in the set
        regios.append(Regio(code, code, "", False, False))
    jaar, tellingen = techniekleerlingen(snap)
    vestigingen = vestigingen_per_regio(snap)
    alle_maxima = {**regeling.maximum_per_regio, **maxima}
    regels = tuple(
        regioregel(
            regeling,
            r,
            per_regio.get(r.code),
            telling=tellingen.get(r.code, ONBEKEND),
            vestigingen=vestigingen.get(r.code, 0),
            maximum=alle_maxima.get(r.code),
        )
        for r in regios
    )
    return Landelijk(
        regeling=regeling,
        regios=regels,
        jaren=jaarregels(regeling, regels),
        schooljaar=jaar,
        indeling=indeling,
        indeling_eigen=eigen,
        synthetisch=snap.synthetisch,
    )


def jaarregels(regeling: Regeling, regels: Sequence[Regioregel]) -> tuple[Jaarregel, ...]:
    """Per calendar year of the regulation: the sums over the regions, beside the ceiling."""
    return tuple(
        Jaarregel(
            jaar=j,
            aangevraagd=sum(r.aangevraagd_per_jaar.get(j, 0) for r in regels),
            toegekend=sum(r.toegekend_per_jaar.get(j, 0) for r in regels),
            plafond=regeling.plafond_per_jaar.get(j),
        )
        for j in regeling.jaren
    )


def landelijk(
    db: AppDatabase, actor: Actor | None, regeling: Regeling, snap: Snapshot
) -> Landelijk:
    """The national picture as ``actor`` may see it (the policy decides in ``opslag``)."""
    return bereken(
        regeling,
        snap,
        opslag.dossiers(db, actor, regeling.code),
        opslag.regiomaxima(db, regeling.code),
    )


# ---------------------------------------------------------------- the public amounts


@dataclass(frozen=True)
class OpenbareRegel:
    regio: str
    naam: str
    toegekend: Cent


@dataclass(frozen=True)
class Openbaar:
    """What the regulation makes public: the amount granted per region, nothing else."""

    regeling: Regeling
    regels: tuple[OpenbareRegel, ...]

    @property
    def totaal(self) -> Cent:
        return sum(r.toegekend for r in self.regels)


def openbaar(db: AppDatabase, regeling: Regeling, snap: Snapshot) -> Openbaar:
    """The amounts granted per region, when the regulation makes them public; else none."""
    if "toegekend_per_regio" not in regeling.openbaar:
        return Openbaar(regeling, ())
    bedragen = opslag.toegekend_openbaar(db, regeling.code)
    namen = {r.code: r.naam for r in snap.regios.values()}
    return Openbaar(
        regeling,
        tuple(
            OpenbareRegel(code, namen.get(code, code), bedrag)
            for code, bedrag in sorted(bedragen.items())
        ),
    )
