"""One region's subsidy application as an A4 PDF in the report style (WeasyPrint).

The reports' style sheet (``reports/templates/rapport.css``) with a few rules of its own
(``templates/overzicht.css``), laid out by ``reports.opmaak.pdf``: the status, the budget per
cost category x calendar year with its totals, the assets with their depreciation per year and
the part that runs past the period, the co-financing committed per partner against the
regulation's share, the split over schools, and the decision. Every amount is cents written
by ``geld.euro``; every total is the exact sum of its rows. The only date is the day of the
decision, else of submission, else ``reports.opmaak.rapportdatum`` (``SOURCE_DATE_EPOCH``), so
the same dossier gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.export import weergave
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.taal import SYNTHETISCH, datum
from sto_monitor.reports import opmaak
from sto_monitor.reports.onderdelen import PROGRAMMA
from sto_monitor.subsidie import afschrijving, begroting
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro, procent
from sto_monitor.subsidie.opslag import STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.toelichting.opmaak import NL_TIJD, dag

ENV = Environment(
    loader=PackageLoader("sto_monitor.subsidie", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["datum"] = datum
ENV.globals.update(SYNTHETISCH=SYNTHETISCH, PROGRAMMA=PROGRAMMA)


@cache
def _stijlen() -> tuple[str, str]:
    rapport = resources.files("sto_monitor.reports").joinpath("templates/rapport.css")
    eigen = resources.files("sto_monitor.subsidie").joinpath("templates/overzicht.css")
    return rapport.read_text("utf-8"), eigen.read_text("utf-8")


@dataclass(frozen=True)
class Rij:
    """A row of an amount table: its name and its cells as text."""

    naam: str
    cellen: tuple[str, ...]
    klasse: str = ""
    detail: str = ""  # a second line under the name


@dataclass(frozen=True)
class Beslissing:
    uitkomst: str
    bedrag: str
    moment: str
    toelichting: str
    per_jaar: tuple[Rij, ...]
    per_jaar_totaal: Rij | None


@dataclass(frozen=True)
class Overzicht:
    """Everything the PDF shows, as text."""

    regio: str
    regio_naam: str
    regeling: Regeling
    synthetisch: bool
    status: str
    ingediend: str
    versie: int
    aangevraagd: str
    advies: str
    datum: dt.date
    jaren: list[str]  # of the budget table (the period, and any year a line names)
    periodejaren: list[str]
    begroting: tuple[Rij, ...]
    begroting_totaal: Rij
    activa: tuple[Rij, ...]
    activa_totaal: Rij | None
    signalen: tuple[str, ...]
    cofinanciering: tuple[Rij, ...]
    cofinanciering_totaal: Rij | None
    cofinanciering_tekst: str
    scholen: tuple[Rij, ...]
    scholen_totaal: Rij | None
    scholen_tekst: str
    besluit: Beslissing | None


def _vast(tekst: str) -> str:
    """An amount that never breaks between the euro sign and the number."""
    return tekst.replace("€ ", "€\u00a0")


def _kolommen(per_jaar: dict[int, Cent], jaren: Sequence[int]) -> tuple[str, ...]:
    """The cells of one row: every year, then the row's total (the exact sum)."""
    return (
        *(euro(per_jaar.get(j, 0)) for j in jaren),
        euro(sum(per_jaar.get(j, 0) for j in jaren)),
    )


def _begroting(b: begroting.Begroting) -> tuple[tuple[Rij, ...], Rij]:
    """The rows with an amount (a row of zeros adds nothing), and the column totals."""
    rijen = tuple(
        Rij(
            r.naam if r.subsidiabel else f"{r.naam} (niet subsidiabel)",
            _kolommen(r.bedragen, b.jaren),
            "" if r.subsidiabel else "niet-subsidiabel",
        )
        for r in b.rijen
        if any(r.bedragen.values())
    )
    return rijen, Rij("Totaal", _kolommen(b.kolomtotalen, b.jaren))


def _activa(d: Dossier, r: Regeling) -> tuple[tuple[Rij, ...], Rij | None, tuple[str, ...]]:
    jaren = list(r.jaren)
    rijen, signalen = [], []
    som: dict[int, Cent] = {}
    som_na = som_prijs = 0
    for a in d.aanvraag.activa:
        in_periode = afschrijving.binnen_periode(a, r)
        na = afschrijving.na_periode(a, r)
        for j, b in in_periode.items():
            som[j] = som.get(j, 0) + b
        som_na += na
        som_prijs += a.aanschafprijs
        klasse = r.activaklasse(a.klasse)
        rijen.append(
            Rij(
                a.naam,
                (*_kolommen(in_periode, jaren), euro(na)),
                detail=(
                    f"{klasse.naam if klasse else a.klasse}: {_vast(euro(a.aanschafprijs))}, "
                    f"aangeschaft {datum(a.aanschafdatum)}, {a.termijn_jaren} jaar"
                ),
            )
        )
        if na:
            signalen.append(
                f"{a.naam}: {euro(na)} wordt na {r.laatste_jaar} afgeschreven en moet in een "
                "volgende periode begroot worden."
            )
    if not rijen:
        return (), None, ()
    prijs = f"aanschafprijs {_vast(euro(som_prijs))}"
    totaal = Rij("Totaal", (*_kolommen(som, jaren), euro(som_na)), detail=prijs)
    return tuple(rijen), totaal, tuple(signalen)


def _cofinanciering(
    d: Dossier, r: Regeling, grondslag: Cent
) -> tuple[tuple[Rij, ...], Rij | None, str]:
    jaren = list(r.jaren)
    per_partner: dict[str, dict[int, Cent]] = {}
    for t in d.aanvraag.toezeggingen:
        rij = per_partner.setdefault(t.partner, {})
        rij[t.jaar] = rij.get(t.jaar, 0) + t.bedrag
    rijen = tuple(Rij(p, _kolommen(b, jaren)) for p, b in sorted(per_partner.items()))
    som: dict[int, Cent] = {}
    for b in per_partner.values():
        for j, c in b.items():
            som[j] = som.get(j, 0) + c
    toegezegd = sum(sum(b.values()) for b in per_partner.values())
    doel = aandeel_van(grondslag, r.cofinanciering.aandeel)
    tekst = (
        f"De regeling vraagt {procent(r.cofinanciering.aandeel)} cofinanciering van bedrijven: "
        f"{euro(doel)} bij {euro(grondslag)}. Toegezegd: {euro(toegezegd)}"
        + (f", {euro(doel - toegezegd)} te weinig." if toegezegd < doel else ".")
    )
    gerealiseerd = sum(
        t.bedrag
        for j in d.verantwoording_ingediend
        if j in d.verantwoordingen
        for t in d.verantwoordingen[j].cofinanciering
    )
    if d.verantwoording_ingediend:
        tekst += f" Gerealiseerd volgens de ingediende verantwoordingen: {euro(gerealiseerd)}."
    return rijen, (Rij("Totaal", _kolommen(som, jaren)) if rijen else None), tekst


def _scholen(d: Dossier, basis: Cent, wat: str) -> tuple[tuple[Rij, ...], Rij | None, str]:
    """The split of ``basis`` over the schools, with the counts the region used."""
    v = d.aanvraag.verdeling
    if not v.scholen and not v.centraal:
        return (), None, ""
    try:
        delen = begroting.verdeel_over_scholen(d.aanvraag, basis, {})
    except ParameterError as fout:
        return (), None, f"De verdeling over de scholen is niet te maken: {fout}"
    rijen = tuple(
        Rij(
            s.naam if s.school == begroting.CENTRAAL else f"{s.naam} ({s.school})",
            ("" if s.leerlingen is None else weergave(int(s.leerlingen)), euro(s.bedrag)),
        )
        for s in delen
    )
    methode = (
        "naar rato van de techniekleerlingen die de regio bij de verdeling heeft gebruikt"
        if v.methode == "naar_rato"
        else "met bedragen die de regio zelf heeft ingevuld"
    )
    tekst = (
        f"De verdeling van {wat} ({euro(basis)}): een centraal deel van {euro(v.centraal)}, "
        f"de rest {methode}. De delen zijn afgerond op hele centen en tellen precies op tot "
        "het totaal."
    )
    return rijen, Rij("Totaal", ("", euro(sum(s.bedrag for s in delen)))), tekst


def _datum(d: Dossier, gegeven: dt.date | None) -> dt.date:
    if gegeven is not None:
        return gegeven
    moment = d.besluit.moment if d.besluit else d.ingediend
    return moment.astimezone(NL_TIJD).date() if moment else opmaak.rapportdatum()


def overzicht(d: Dossier, r: Regeling, snap: Snapshot, datum_: dt.date | None = None) -> Overzicht:
    """What the PDF of one dossier shows."""
    regio = snap.regios.get(d.regio)
    b_tabel = begroting.bereken(d.aanvraag, r)
    begroting_rijen, begroting_totaal = _begroting(b_tabel)
    totaal = b_tabel.subsidiabel_totaal
    activa, activa_totaal, signalen = _activa(d, r)
    b = d.besluit
    toegekend = b is not None and b.uitkomst in (Status.TOEGEKEND, Status.AANGEPAST)
    grondslag = b.bedrag if b is not None and toegekend else totaal
    alle_kosten = r.cofinanciering.grondslag == "totale_kosten"
    cofi, cofi_totaal, cofi_tekst = _cofinanciering(
        d, r, b_tabel.totaal if alle_kosten else grondslag
    )
    wat = "het toegekende bedrag" if toegekend else "het aangevraagde bedrag"
    scholen, scholen_totaal, scholen_tekst = _scholen(d, grondslag, wat)
    advies = ""
    if d.beoordelingen:
        laatste = d.beoordelingen[-1]
        advies = f"{laatste.advies}, {euro(laatste.advies_bedrag)}"
    besluit = None
    if b is not None:
        jaren = sorted(b.per_jaar)
        besluit = Beslissing(
            uitkomst=STATUS_NAAM[b.uitkomst],
            bedrag=euro(b.bedrag),
            moment=dag(b.moment),
            toelichting=b.toelichting,
            per_jaar=tuple(Rij(str(j), (euro(b.per_jaar[j]),)) for j in jaren),
            per_jaar_totaal=Rij("Totaal", (euro(sum(b.per_jaar.values())),)) if jaren else None,
        )
    return Overzicht(
        regio=d.regio,
        regio_naam=regio.naam if regio else d.regio,
        regeling=r,
        synthetisch=snap.synthetisch,
        status=STATUS_NAAM[d.status],
        ingediend=dag(d.ingediend) if d.ingediend else "",
        versie=d.versie,
        aangevraagd=euro(totaal),
        advies=advies,
        datum=_datum(d, datum_),
        jaren=[str(j) for j in b_tabel.jaren],
        periodejaren=[str(j) for j in r.jaren],
        begroting=begroting_rijen,
        begroting_totaal=begroting_totaal,
        activa=activa,
        activa_totaal=activa_totaal,
        signalen=signalen,
        cofinanciering=cofi,
        cofinanciering_totaal=cofi_totaal,
        cofinanciering_tekst=cofi_tekst,
        scholen=scholen,
        scholen_totaal=scholen_totaal,
        scholen_tekst=scholen_tekst,
        besluit=besluit,
    )


def html(d: Dossier, r: Regeling, snap: Snapshot, datum_: dt.date | None = None) -> str:
    rapport, eigen = _stijlen()
    return ENV.get_template("overzicht.html").render(
        o=overzicht(d, r, snap, datum_), stijl=Markup(rapport), eigen_stijl=Markup(eigen)
    )


def pdf(d: Dossier, r: Regeling, snap: Snapshot, datum_: dt.date | None = None) -> bytes:
    """The region's application as an A4 PDF."""
    return opmaak.pdf(html(d, r, snap, datum_))
