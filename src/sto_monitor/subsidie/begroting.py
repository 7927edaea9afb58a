"""The budget of an application as one typed table: what pages and downloads display.

Every total shown is computed here as the sum of the cells it totals, so a displayed total is
always the sum of its parts to the cent. Rows are the regulation's cost categories (in its
order; a code the regulation does not know is kept as its own row, so nothing disappears —
validation names it). The category with ``uit_activa`` is never entered: its cells are the
depreciation of the assets within the period (``afschrijving.py``).

School-year view: a school year runs 1 August - 31 July. Calendar year Y is split 7/12 to
school year (Y-1)/Y (January-July) and 5/12 to Y/(Y+1) (August-December), per cell, with
:func:`geld.verdeel` (largest remainder, so each cell's two parts add up to the cell). A school
year is keyed by its first calendar year: 2025 is 2025/26.

The split over schools: the central part first, the rest over the schools, naar rato of their
techniekleerlingen (:func:`geld.verdeel`) or as entered (handmatig, checked to add up).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sto_monitor.errors import ParameterError
from sto_monitor.subsidie import afschrijving
from sto_monitor.subsidie.aanvraag import Aanvraag
from sto_monitor.subsidie.geld import Cent, verdeel
from sto_monitor.subsidie.regeling import Regeling

if TYPE_CHECKING:  # the publication is only read, never imported at run time
    from sto_monitor.publicatie.gegevens import Snapshot

SCHOOLJAAR_SLEUTEL = (7, 5)  # months of calendar year Y in school years (Y-1)/Y and Y/(Y+1)


@dataclass(frozen=True)
class Rij:
    """One cost category: its amount per calendar year and its total."""

    kostensoort: str
    naam: str
    subsidiabel: bool
    uit_activa: bool
    bekend: bool  # the regulation knows this category
    bedragen: dict[int, Cent]  # calendar year -> cents (every column of the table)
    totaal: Cent
    schooljaren: dict[int, Cent]  # school year (first calendar year) -> cents


@dataclass(frozen=True)
class Begroting:
    """Cost category x calendar year, with row, column and grand totals, and the same amounts
    per school year. ``subsidiabel_*``: only the categories the regulation pays for."""

    jaren: tuple[int, ...]
    rijen: tuple[Rij, ...]
    kolomtotalen: dict[int, Cent]
    totaal: Cent
    subsidiabel_per_jaar: dict[int, Cent]
    subsidiabel_totaal: Cent
    schooljaren: tuple[int, ...]
    schooljaar_totalen: dict[int, Cent]
    schooljaar_totaal: Cent

    def rij(self, kostensoort: str) -> Rij | None:
        return next((r for r in self.rijen if r.kostensoort == kostensoort), None)


def schooljaar_verdeling(bedragen: Mapping[int, Cent]) -> dict[int, Cent]:
    """Calendar-year amounts spread over school years (7/12 and 5/12, see module docstring)."""
    uit: dict[int, Cent] = {}
    for jaar, bedrag in bedragen.items():
        voor, na = verdeel(bedrag, list(SCHOOLJAAR_SLEUTEL))
        uit[jaar - 1] = uit.get(jaar - 1, 0) + voor
        uit[jaar] = uit.get(jaar, 0) + na
    return dict(sorted(uit.items()))


def afschrijving_per_jaar(aanvraag: Aanvraag, regeling: Regeling) -> dict[int, Cent]:
    """The depreciation of all assets within the period, per calendar year."""
    totaal = dict.fromkeys(regeling.jaren, 0)
    for activum in aanvraag.activa:
        for jaar, bedrag in afschrijving.binnen_periode(activum, regeling).items():
            totaal[jaar] += bedrag
    return totaal


def bereken(aanvraag: Aanvraag, regeling: Regeling) -> Begroting:
    """The budget table of an application (linear in the number of lines and assets)."""
    cellen: dict[str, dict[int, Cent]] = {}
    for regel in aanvraag.regels:
        rij = cellen.setdefault(regel.kostensoort, {})
        rij[regel.jaar] = rij.get(regel.jaar, 0) + regel.bedrag
    activa_soort = next((k for k in regeling.kostensoorten if k.uit_activa), None)
    if activa_soort is not None:
        rij = cellen.setdefault(activa_soort.code, {})
        for jaar, bedrag in afschrijving_per_jaar(aanvraag, regeling).items():
            rij[jaar] = rij.get(jaar, 0) + bedrag
    jaren = tuple(sorted(set(regeling.jaren).union(*(c.keys() for c in cellen.values()))))
    codes = [k.code for k in regeling.kostensoorten]
    codes += [c for c in cellen if regeling.kostensoort(c) is None]
    rijen = []
    for code in codes:
        soort = regeling.kostensoort(code)
        cel = cellen.get(code, {})
        bedragen = {j: cel.get(j, 0) for j in jaren}
        rijen.append(
            Rij(
                kostensoort=code,
                naam=soort.naam if soort else code,
                subsidiabel=soort.subsidiabel if soort else False,
                uit_activa=soort.uit_activa if soort else False,
                bekend=soort is not None,
                bedragen=bedragen,
                totaal=sum(bedragen.values()),
                schooljaren=schooljaar_verdeling(bedragen),
            )
        )
    kolom = {j: sum(r.bedragen[j] for r in rijen) for j in jaren}
    sub = {j: sum(r.bedragen[j] for r in rijen if r.subsidiabel) for j in jaren}
    schooljaren = tuple(sorted({s for r in rijen for s in r.schooljaren}))
    sj_tot = {s: sum(r.schooljaren.get(s, 0) for r in rijen) for s in schooljaren}
    return Begroting(
        jaren=jaren,
        rijen=tuple(rijen),
        kolomtotalen=kolom,
        totaal=sum(kolom.values()),
        subsidiabel_per_jaar=sub,
        subsidiabel_totaal=sum(sub.values()),
        schooljaren=schooljaren,
        schooljaar_totalen=sj_tot,
        schooljaar_totaal=sum(sj_tot.values()),
    )


# ------------------------------------------------------------------------ co-financing


@dataclass(frozen=True)
class Cofinancieringstotalen:
    """The commitments summed per calendar year, per form, per partner, and in all."""

    per_jaar: dict[int, Cent]
    per_vorm: dict[str, Cent]
    per_partner: dict[str, Cent]
    totaal: Cent


def cofinanciering(aanvraag: Aanvraag) -> Cofinancieringstotalen:
    jaar: dict[int, Cent] = {}
    vorm: dict[str, Cent] = {}
    partner: dict[str, Cent] = {}
    for t in aanvraag.toezeggingen:
        jaar[t.jaar] = jaar.get(t.jaar, 0) + t.bedrag
        vorm[t.vorm] = vorm.get(t.vorm, 0) + t.bedrag
        partner[t.partner] = partner.get(t.partner, 0) + t.bedrag
    return Cofinancieringstotalen(
        per_jaar=dict(sorted(jaar.items())),
        per_vorm=vorm,
        per_partner=partner,
        totaal=sum(t.bedrag for t in aanvraag.toezeggingen),
    )


# ------------------------------------------------------------------ split over schools

CENTRAAL = "centraal"


class Schoolaandeel(NamedTuple):
    """One part of the split. ``aandeel`` is the part of the whole total (exact)."""

    school: str
    naam: str
    leerlingen: Fraction | None
    aandeel: Fraction
    bedrag: Cent


def verdeel_over_scholen(
    aanvraag: Aanvraag, totaal: Cent, techniekleerlingen: Mapping[str, int | Fraction]
) -> list[Schoolaandeel]:
    """The central part first, then every school's part; the parts add up to ``totaal``.

    naar_rato: the rest (total minus central part) by :func:`geld.verdeel` in proportion to
    the techniekleerlingen (from ``techniekleerlingen``, else the count stored on the school).
    handmatig: the entered amounts, which must add up to the rest. Refused with a
    :class:`ParameterError` when that cannot be done honestly.
    """
    v = aanvraag.verdeling
    if v.centraal < 0 or v.centraal > totaal:
        raise ParameterError(
            "Het centrale deel is groter dan het totaal (of negatief); verdelen kan niet."
        )
    rest = totaal - v.centraal
    leerlingen: list[Fraction | None] = []
    for s in v.scholen:
        n = techniekleerlingen.get(s.school, s.techniekleerlingen)
        leerlingen.append(None if n is None else Fraction(n))
    if v.methode == "naar_rato":
        if not v.scholen:
            raise ParameterError("Er zijn geen scholen om over te verdelen.")
        if any(n is None for n in leerlingen):
            ontbreekt = ", ".join(
                s.naam for s, n in zip(v.scholen, leerlingen, strict=True) if n is None
            )
            raise ParameterError(
                f"Voor {ontbreekt} is het aantal techniekleerlingen niet bekend; "
                "verdeel naar rato kan niet. Kies handmatig verdelen."
            )
        bedragen = verdeel(rest, [n or Fraction(0) for n in leerlingen])
    elif v.methode == "handmatig":
        if any(s.bedrag is None for s in v.scholen):
            raise ParameterError("Bij handmatig verdelen heeft elke school een bedrag nodig.")
        bedragen = [s.bedrag or 0 for s in v.scholen]
        if sum(bedragen) != rest:
            raise ParameterError(
                "De bedragen per school tellen niet op tot het totaal min het centrale deel."
            )
    else:
        raise ParameterError(f"Onbekende verdeelmethode '{v.methode}'.")
    noemer = totaal if totaal else 1
    uit = [
        Schoolaandeel(CENTRAAL, "Centraal (regio)", None, Fraction(v.centraal, noemer), v.centraal)
    ]
    for s, n, b in zip(v.scholen, leerlingen, bedragen, strict=True):
        uit.append(Schoolaandeel(s.school, s.naam, n, Fraction(b, noemer), b))
    return uit


# ------------------------------------------------ techniekleerlingen from the publication

# The monitor's only count per vestiging: examenkandidaten (DUO), with the profielgroep
# "techniek" and leerweg "totaal" (bb + kb + gl). It is the published, disclosure-controlled
# table, so a small count may be shown as an interval or hidden.
INDICATOR_PER_VESTIGING = "examens_per_profiel"


@dataclass(frozen=True)
class Telling:
    """Techniekleerlingen per vestiging of a region, as the publication shows them.

    ``leerlingen``: vestiging code -> count (an interval's midpoint when shown as one);
    ``onbekend``: vestigingen whose count the publication hides (then naar rato cannot be used
    honestly: ``naar_rato_mogelijk`` is False and the split must be entered by hand)."""

    schooljaar: int | None
    leerlingen: dict[str, Fraction]
    namen: dict[str, str]
    geschat: tuple[str, ...]  # shown as an interval: its midpoint is used
    onbekend: tuple[str, ...]
    toelichting: str

    @property
    def naar_rato_mogelijk(self) -> bool:
        return bool(self.leerlingen) and not self.onbekend


def _gepubliceerd_getal(waarde: object) -> tuple[Fraction | None, bool]:
    """(count, is_estimate): an int as is, "12-15" as its midpoint, "<5"/"x"/None unknown."""
    if isinstance(waarde, bool) or waarde is None:
        return None, False
    if isinstance(waarde, int):
        return Fraction(waarde), False
    tekst = str(waarde).strip()
    if "-" in tekst[1:]:
        laag, _, hoog = tekst.partition("-")
        if laag.strip().isdigit() and hoog.strip().isdigit():
            return (Fraction(int(laag)) + Fraction(int(hoog))) / 2, True
        return None, False
    if tekst.isdigit():
        return Fraction(int(tekst)), False
    return None, False


def techniekleerlingen_per_vestiging(
    snap: Snapshot, regio: str, schooljaar: int | None = None
) -> Telling:
    """The techniek examenkandidaten per vestiging of ``regio`` (newest school year unless
    given), from the published monitor snapshot (:class:`publicatie.gegevens.Snapshot`)."""
    snap.regio(regio)  # NotFoundError for an unknown region
    eigen = {v.code: v.naam for v in snap.vestigingen if v.regio == regio}
    alle = snap.beschikbare_rijen(INDICATOR_PER_VESTIGING)
    if schooljaar is None:
        schooljaar = max((int(r["schooljaar"]) for r in alle), default=None)
    rijen = [
        r
        for r in alle
        if r["schooljaar"] == schooljaar
        and r["vestiging"] in eigen
        and r["profiel"] == "techniek"
        and r["leerweg"] == "totaal"
    ]
    leerlingen: dict[str, Fraction] = {}
    geschat: list[str] = []
    onbekend: list[str] = []
    for r in sorted(rijen, key=lambda r: str(r["vestiging"])):
        aantal, schatting = _gepubliceerd_getal(r["kandidaten"])
        code = str(r["vestiging"])
        if aantal is None:
            onbekend.append(code)
            continue
        leerlingen[code] = aantal
        if schatting:
            geschat.append(code)
    delen = [
        "Aantal examenkandidaten in de technische profielen per vestiging, zoals de monitor "
        "het publiceert."
    ]
    if geschat:
        delen.append(
            "Waar de monitor een bandbreedte toont, is het midden daarvan gebruikt "
            f"({len(geschat)} vestiging(en))."
        )
    if onbekend:
        delen.append(
            f"Bij {len(onbekend)} vestiging(en) is het aantal afgeschermd omdat het klein is; "
            "naar rato verdelen kan dan niet eerlijk. Verdeel handmatig."
        )
    return Telling(
        schooljaar=schooljaar,
        leerlingen=leerlingen,
        namen={c: eigen[c] for c in [*leerlingen, *onbekend]},
        geschat=tuple(geschat),
        onbekend=tuple(onbekend),
        toelichting=" ".join(delen),
    )
