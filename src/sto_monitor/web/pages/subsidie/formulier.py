"""The application and accountability forms: posted fields to records, records to fields.

A form is kept as the text people typed (:class:`Invoer`: every field name with its values,
and how many rows each repeating section shows), so a page can always come back with exactly
what was typed and each problem beside its field. :func:`lees_aanvraag` and
:func:`lees_verantwoording` turn that text into the domain's records, collecting every field
problem (a wrong amount, a date, a term) instead of stopping at the first; amounts are parsed
with :func:`geld.lees_bedrag`, never through a float.

Field names (the same in every form post of these pages):

- ``lijn-{i}-id|naam|omschrijving``: programme lines;
- ``act-{i}-id|naam|lijn|omschrijving``, ``act-{i}-doel`` and ``act-{i}-interventie``
  (repeated checkboxes: indicator names and survey item ids): activities;
- ``bedrag-{kostensoort}-{jaar}``: the budget grid (one line per filled cell);
- ``activum-{i}-naam|klasse|prijs|datum|termijn``: assets;
- ``partner-{i}-naam|soort``; ``toezegging-{i}-partner|jaar|vorm|bedrag``;
- ``verdeling-methode``, ``verdeling-centraal``, ``school-{i}-code|naam|bedrag``;
- ``toelichting``; the accountability: ``realisatie-{kostensoort}``, ``afschrijving``,
  ``cof-{i}-partner|vorm|bedrag``, ``toelichting-{kostensoort|algemeen|cofinanciering}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from urllib.parse import parse_qs

from fastapi import Request

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.registry import INDICATORS
from sto_monitor.subsidie.aanvraag import (
    VERDEELMETHODEN,
    VORMEN,
    Aanvraag,
    Activiteit,
    Activum,
    Begrotingsregel,
    Partner,
    Programmalijn,
    Schooldeel,
    Toezegging,
    Verantwoording,
    Verdeling,
)
from sto_monitor.subsidie.begroting import Telling
from sto_monitor.subsidie.geld import Cent, lees_bedrag
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.survey import vragenlijst

EXTRA = 3  # empty rows shown under every repeating section
MAX_RIJEN = 200  # rows per section a form may post; more is refused (4xx), never cut
MAX_VELD = 20_000
SECTIES = ("lijn", "act", "activum", "partner", "toezegging", "school", "cof")
SOORTEN_PARTNER = {
    "bedrijf": "bedrijf",
    "vo": "vo-school",
    "mbo": "mbo-instelling",
    "po": "basisschool",
    "overig": "overig",
}
_RIJ = re.compile(r"^([a-z]+)-(\d{1,4})-")
_DATUM_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass
class Invoer:
    """A form as typed: field name -> values (a checkbox repeats), rows per section, and the
    problem found at a field (field name -> Dutch message)."""

    velden: dict[str, list[str]] = field(default_factory=dict)
    rijen: dict[str, int] = field(default_factory=dict)
    fouten: dict[str, str] = field(default_factory=dict)

    def w(self, naam: str) -> str:
        """The typed text of a field ('' when none)."""
        return (self.velden.get(naam) or [""])[-1]

    def gekozen(self, naam: str, waarde: str) -> bool:
        return waarde in self.velden.get(naam, [])

    def zet(self, naam: str, waarde: str) -> None:
        self.velden[naam] = [waarde]

    def aantal(self, sectie: str) -> int:
        return self.rijen.get(sectie, EXTRA)

    def fout(self, naam: str, melding: str) -> None:
        self.fouten.setdefault(naam, melding)


async def invoer_van_post(request: Request) -> Invoer:
    """The posted form (URL-encoded), every value of a repeated name kept."""
    body = await request.body()
    velden = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    invoer = Invoer(velden={k: [v[:MAX_VELD] for v in w] for k, w in velden.items()})
    for naam in velden:
        m = _RIJ.match(naam)
        if m and m.group(1) in SECTIES:
            nummer = int(m.group(2))
            if nummer >= MAX_RIJEN:
                raise ParameterError(f"Het formulier heeft te veel regels (meer dan {MAX_RIJEN}).")
            invoer.rijen[m.group(1)] = max(invoer.rijen.get(m.group(1), 0), nummer + 1)
    return invoer


def meer(invoer: Invoer, sectie: str) -> None:
    """Show more empty rows of a section ("Meer regels")."""
    if sectie in SECTIES:
        invoer.rijen[sectie] = min(invoer.aantal(sectie) + EXTRA, MAX_RIJEN)


def als_tekst(cent: Cent | None) -> str:
    """Cents as a person types them: 4000000 → '40.000', 123456 → '1.234,56'."""
    if cent is None:
        return ""
    teken = "-" if cent < 0 else ""
    heel, rest = divmod(abs(cent), 100)
    tekst = f"{heel:,}".replace(",", ".")
    return f"{teken}{tekst}" if rest == 0 else f"{teken}{tekst},{rest:02d}"


def _bedrag(invoer: Invoer, naam: str, wat: str, *, verplicht: bool = False) -> Cent | None:
    tekst = invoer.w(naam).strip()
    if not tekst:
        if verplicht:
            invoer.fout(naam, f"{wat}: vul een bedrag in.")
        return None
    try:
        return lees_bedrag(tekst, veld=wat)
    except ParameterError as fout:
        invoer.fout(naam, str(fout))
        return None


def _geheel(invoer: Invoer, naam: str, wat: str, laag: int, hoog: int) -> int | None:
    tekst = invoer.w(naam).strip()
    if not tekst.isdigit() or not laag <= int(tekst) <= hoog:
        invoer.fout(naam, f"{wat}: '{tekst}' is geen heel getal van {laag} tot en met {hoog}.")
        return None
    return int(tekst)


def _datum(invoer: Invoer, naam: str, wat: str) -> date | None:
    tekst = invoer.w(naam).strip()
    try:
        if m := _DATUM_NL.match(tekst):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(tekst)
    except ValueError:
        invoer.fout(naam, f"{wat}: '{tekst}' is geen datum. Schrijf bijvoorbeeld 15-3-2026.")
        return None


INTERVENTIEBLOK = "aandacht"  # the survey's block on the interventions a region works on


@lru_cache(maxsize=1)
def indicatoren() -> tuple[tuple[str, str], ...]:
    """The monitor's goals an activity can link to: (indicator name, Dutch title)."""
    return tuple((i.naam, i.titel) for i in INDICATORS if not i.naam.endswith("_samenvatting"))


@lru_cache(maxsize=1)
def interventies() -> tuple[tuple[str, str], ...]:
    """The interventions the newest survey asks about: (item id, Dutch label)."""
    golf = max(vragenlijst.beschikbare_golven())
    lijst = vragenlijst.laad(golf)
    blok = next((b for b in lijst.blokken if b.id == INTERVENTIEBLOK), None)
    return tuple((i.id, i.tekst) for i in blok.items) if blok else ()


# ------------------------------------------------------------------ application → fields


def invoer_van_aanvraag(a: Aanvraag, regeling: Regeling) -> Invoer:
    """The stored application as the form shows it (amounts in Dutch notation)."""
    i = Invoer()
    i.zet("toelichting", a.toelichting)
    for n, lijn in enumerate(a.programmalijnen):
        i.zet(f"lijn-{n}-id", lijn.id)
        i.zet(f"lijn-{n}-naam", lijn.naam)
        i.zet(f"lijn-{n}-omschrijving", lijn.omschrijving)
    for n, act in enumerate(a.activiteiten):
        for k, v in (("id", act.id), ("naam", act.naam), ("lijn", act.programmalijn)):
            i.zet(f"act-{n}-{k}", v)
        i.zet(f"act-{n}-omschrijving", act.omschrijving)
        i.velden[f"act-{n}-doel"] = list(act.doelen)
        i.velden[f"act-{n}-interventie"] = list(act.interventies)
    cellen: dict[tuple[str, int], Cent] = {}
    for r in a.regels:  # a grid cell holds the sum of the lines of that category and year
        cellen[(r.kostensoort, r.jaar)] = cellen.get((r.kostensoort, r.jaar), 0) + r.bedrag
    for (code, jaar), bedrag in cellen.items():
        i.zet(f"bedrag-{code}-{jaar}", als_tekst(bedrag))
    for n, ding in enumerate(a.activa):
        i.zet(f"activum-{n}-naam", ding.naam)
        i.zet(f"activum-{n}-klasse", ding.klasse)
        i.zet(f"activum-{n}-prijs", als_tekst(ding.aanschafprijs))
        i.zet(f"activum-{n}-datum", ding.aanschafdatum.isoformat())
        i.zet(f"activum-{n}-termijn", str(ding.termijn_jaren))
    for n, p in enumerate(a.partners):
        i.zet(f"partner-{n}-naam", p.naam)
        i.zet(f"partner-{n}-soort", p.soort)
    for n, t in enumerate(a.toezeggingen):
        i.zet(f"toezegging-{n}-partner", t.partner)
        i.zet(f"toezegging-{n}-jaar", str(t.jaar))
        i.zet(f"toezegging-{n}-vorm", t.vorm)
        i.zet(f"toezegging-{n}-bedrag", als_tekst(t.bedrag))
    vd = a.verdeling
    i.zet("verdeling-methode", vd.methode)
    i.zet("verdeling-centraal", als_tekst(vd.centraal) if vd.centraal else "")
    for n, sd in enumerate(vd.scholen):
        i.zet(f"school-{n}-code", sd.school)
        i.zet(f"school-{n}-naam", sd.naam)
        i.zet(f"school-{n}-bedrag", als_tekst(sd.bedrag))
    i.rijen = {
        "lijn": len(a.programmalijnen) + EXTRA,
        "act": len(a.activiteiten) + EXTRA,
        "activum": len(a.activa) + EXTRA,
        "partner": len(a.partners) + EXTRA,
        "toezegging": len(a.toezeggingen) + EXTRA,
        "school": len(vd.scholen) + (0 if vd.scholen else EXTRA),
    }
    return i


def vul_scholen(i: Invoer, telling: Telling) -> None:
    """Without schools yet, the region's vestigingen (from the monitor) fill the rows."""
    if any(i.w(f"school-{n}-code") or i.w(f"school-{n}-naam") for n in range(i.aantal("school"))):
        return
    for n, (code, naam) in enumerate(telling.namen.items()):
        i.zet(f"school-{n}-code", code)
        i.zet(f"school-{n}-naam", naam)
    i.rijen["school"] = len(telling.namen) + EXTRA


# ------------------------------------------------------------------ fields → application


def _uniek(voorkeur: str, bezet: set[str], voorvoegsel: str) -> str:
    kandidaat = voorkeur.strip()[:40]
    n = len(bezet) + 1
    while not kandidaat or kandidaat in bezet:
        kandidaat, n = f"{voorvoegsel}{n}", n + 1
    bezet.add(kandidaat)
    return kandidaat


def lees_aanvraag(
    i: Invoer, regio: str, regeling: Regeling, telling: Telling | None
) -> Aanvraag | None:
    """The application typed into ``i``; None when a field is wrong (then ``i.fouten`` names
    every such field). Empty rows are left out."""
    lijnen: list[Programmalijn] = []
    bezet: set[str] = set()
    for n in range(i.aantal("lijn")):
        naam = i.w(f"lijn-{n}-naam").strip()
        oms = i.w(f"lijn-{n}-omschrijving").strip()
        if not naam and not oms:
            continue
        if not naam:
            i.fout(f"lijn-{n}-naam", "Geef de programmalijn een naam.")
        lijnen.append(Programmalijn(_uniek(i.w(f"lijn-{n}-id"), bezet, "L"), naam, oms))
    activiteiten: list[Activiteit] = []
    bezet = set()
    for n in range(i.aantal("act")):
        naam = i.w(f"act-{n}-naam").strip()
        oms = i.w(f"act-{n}-omschrijving").strip()
        # only the goals and interventions the page offers (a form cannot invent one)
        bekend_doel = {code for code, _ in indicatoren()}
        bekend_item = {code for code, _ in interventies()}
        doelen = tuple(x for x in i.velden.get(f"act-{n}-doel", []) if x in bekend_doel)
        items = tuple(x for x in i.velden.get(f"act-{n}-interventie", []) if x in bekend_item)
        if not (naam or oms or doelen or items):
            continue
        if not naam:
            i.fout(f"act-{n}-naam", "Geef de activiteit een naam.")
        lijn = i.w(f"act-{n}-lijn")
        if lijn not in {x.id for x in lijnen}:
            i.fout(f"act-{n}-lijn", "Kies de programmalijn waar deze activiteit bij hoort.")
        activiteiten.append(
            Activiteit(_uniek(i.w(f"act-{n}-id"), bezet, "A"), lijn, naam, oms, doelen, items)
        )
    regels: list[Begrotingsregel] = []
    for soort in regeling.kostensoorten:
        if soort.uit_activa:
            continue
        for jaar in regeling.jaren:
            veld = f"bedrag-{soort.code}-{jaar}"
            bedrag = _bedrag(i, veld, f"{soort.naam} {jaar}")
            if bedrag is not None:
                regels.append(Begrotingsregel(soort.code, jaar, bedrag))
    activa = _activa(i, regeling)
    partners: list[Partner] = []
    for n in range(i.aantal("partner")):
        naam = i.w(f"partner-{n}-naam").strip()
        if naam:
            soort_p = i.w(f"partner-{n}-soort") or "bedrijf"
            if soort_p not in SOORTEN_PARTNER:
                i.fout(f"partner-{n}-soort", "Kies wat voor partner dit is.")
            partners.append(Partner(naam, soort_p))
    toezeggingen = _toezeggingen(i, "toezegging", regeling, met_jaar=True)
    verdeling = _verdeling(i, telling)
    if i.fouten:
        return None
    return Aanvraag(
        regio=regio,
        regeling=regeling.code,
        programmalijnen=tuple(lijnen),
        activiteiten=tuple(activiteiten),
        regels=tuple(regels),
        activa=tuple(activa),
        partners=tuple(partners),
        toezeggingen=tuple(toezeggingen),
        verdeling=verdeling,
        toelichting=i.w("toelichting").strip(),
    )


def _activa(i: Invoer, regeling: Regeling) -> list[Activum]:
    uit: list[Activum] = []
    for n in range(i.aantal("activum")):
        v = f"activum-{n}-"
        if not any(i.w(v + k).strip() for k in ("naam", "prijs", "datum", "termijn")):
            continue
        naam = i.w(v + "naam").strip()
        if not naam:
            i.fout(v + "naam", "Geef het activum een naam.")
        klasse = regeling.activaklasse(i.w(v + "klasse"))
        if klasse is None:
            i.fout(v + "klasse", "Kies de soort activum.")
        prijs = _bedrag(
            i, v + "prijs", f"Aanschafprijs van {naam or 'het activum'}", verplicht=True
        )
        datum = _datum(i, v + "datum", f"Aanschafdatum van {naam or 'het activum'}")
        if i.w(v + "termijn").strip():
            termijn = _geheel(i, v + "termijn", "Afschrijvingstermijn in jaren", 1, 50)
        else:
            termijn = klasse.termijn_jaren if klasse else None
        if klasse and prijs is not None and datum and termijn:
            uit.append(Activum(naam, klasse.code, prijs, datum, termijn))
    return uit


def _toezeggingen(
    i: Invoer, sectie: str, regeling: Regeling, *, met_jaar: bool
) -> list[Toezegging]:
    uit: list[Toezegging] = []
    for n in range(i.aantal(sectie)):
        v = f"{sectie}-{n}-"
        if not i.w(v + "partner").strip() and not i.w(v + "bedrag").strip():
            continue
        partner = i.w(v + "partner").strip()
        if not partner:
            i.fout(v + "partner", "Kies de partner van deze bijdrage.")
        vorm = i.w(v + "vorm") or "geld"
        if vorm not in VORMEN:
            i.fout(v + "vorm", "Kies geld of natura.")
        jaar = regeling.eerste_jaar
        if met_jaar:
            jaar = _geheel(i, v + "jaar", "Jaar", regeling.eerste_jaar, regeling.laatste_jaar) or 0
        bedrag = _bedrag(i, v + "bedrag", f"Bijdrage van {partner or 'de partner'}", verplicht=True)
        if bedrag is not None:
            uit.append(Toezegging(partner, jaar, bedrag, vorm))
    return uit


def _verdeling(i: Invoer, telling: Telling | None) -> Verdeling:
    methode = i.w("verdeling-methode") or "naar_rato"
    if methode not in VERDEELMETHODEN:
        i.fout("verdeling-methode", "Kies naar rato van techniekleerlingen of handmatig.")
        methode = "naar_rato"
    centraal = _bedrag(i, "verdeling-centraal", "Centraal deel") or 0
    scholen: list[Schooldeel] = []
    if methode == "naar_rato" and telling is not None:
        for code, n in telling.leerlingen.items():
            aantal = n.numerator if n.denominator == 1 else None
            scholen.append(Schooldeel(code, telling.namen.get(code, code), aantal))
        return Verdeling(methode, centraal, tuple(scholen), telling.schooljaar)
    for nr in range(i.aantal("school")):
        v = f"school-{nr}-"
        naam = i.w(v + "naam").strip()
        if not naam and not i.w(v + "bedrag").strip():
            continue
        code = i.w(v + "code").strip() or naam
        bedrag = _bedrag(i, v + "bedrag", f"Bedrag voor {naam or 'de school'}")
        scholen.append(Schooldeel(code[:40], naam or code, None, bedrag))
    return Verdeling(methode, centraal, tuple(scholen), None)


# ------------------------------------------------------------------------ accountability

TOELICHTINGEN_VAST = ("algemeen", "cofinanciering")


def invoer_van_verantwoording(
    v: Verantwoording | None, partners: list[str], regeling: Regeling
) -> Invoer:
    """The stored accountability (or an empty one, a row per partner) as the form shows it."""
    i = Invoer()
    if v is not None:
        for r in v.realisatie:
            naam = f"realisatie-{r.kostensoort}"
            vorig = lees_bedrag(i.w(naam)) if i.w(naam) else 0
            i.zet(naam, als_tekst(vorig + r.bedrag))
        i.zet("afschrijving", als_tekst(v.afschrijving_geboekt))
        rijen = [(t.partner, t.vorm, als_tekst(t.bedrag)) for t in v.cofinanciering]
        for k, tekst in v.toelichtingen.items():
            i.zet(f"toelichting-{k}", tekst)
    else:
        rijen = [(p, "geld", "") for p in partners]
    for n, (partner, vorm, bedrag) in enumerate(rijen):
        i.zet(f"cof-{n}-partner", partner)
        i.zet(f"cof-{n}-vorm", vorm)
        i.zet(f"cof-{n}-bedrag", bedrag)
    i.rijen["cof"] = len(rijen) + EXTRA
    return i


def lees_verantwoording(
    i: Invoer, regio: str, regeling: Regeling, jaar: int
) -> Verantwoording | None:
    """The year's accountability typed into ``i``; None when a field is wrong."""
    realisatie: list[Begrotingsregel] = []
    for soort in regeling.kostensoorten:
        if soort.uit_activa:
            continue
        bedrag = _bedrag(i, f"realisatie-{soort.code}", f"{soort.naam} {jaar}")
        if bedrag is not None:
            realisatie.append(Begrotingsregel(soort.code, jaar, bedrag))
    afschrijving = _bedrag(i, "afschrijving", f"Geboekte afschrijving {jaar}") or 0
    cof = [
        Toezegging(t.partner, jaar, t.bedrag, t.vorm)
        for t in _toezeggingen(i, "cof", regeling, met_jaar=False)
    ]
    sleutels = [k.code for k in regeling.kostensoorten] + list(TOELICHTINGEN_VAST)
    toelichtingen = {
        k: i.w(f"toelichting-{k}").strip() for k in sleutels if i.w(f"toelichting-{k}").strip()
    }
    if i.fouten:
        return None
    return Verantwoording(
        regio, regeling.code, jaar, tuple(realisatie), afschrijving, tuple(cof), toelichtingen
    )


def breuk(n: Fraction | None) -> str:
    """A count as shown: whole, or with one decimal (an interval's midpoint)."""
    if n is None:
        return "onbekend"
    if n.denominator == 1:
        return f"{n.numerator:,}".replace(",", ".")
    tiende = int(n * 10 + Fraction(1, 2))
    return f"{tiende // 10:,}".replace(",", ".") + f",{tiende % 10}"
