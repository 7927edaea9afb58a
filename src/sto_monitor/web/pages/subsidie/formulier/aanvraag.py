"""The application form: an application to its fields, and the fields back to an application."""

from __future__ import annotations

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
    Verdeling,
)
from sto_monitor.subsidie.begroting import Telling
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.web.pages.subsidie.formulier.invoer import (
    EXTRA,
    SOORTEN_PARTNER,
    Invoer,
    als_tekst,
    bedrag_uit,
    datum_uit,
    geheel_uit,
    indicatoren,
    interventies,
)


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
            bedrag = bedrag_uit(i, veld, f"{soort.naam} {jaar}")
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
    toezeggingen = lees_toezeggingen(i, "toezegging", regeling, met_jaar=True)
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
        prijs = bedrag_uit(
            i, v + "prijs", f"Aanschafprijs van {naam or 'het activum'}", verplicht=True
        )
        datum = datum_uit(i, v + "datum", f"Aanschafdatum van {naam or 'het activum'}")
        if i.w(v + "termijn").strip():
            termijn = geheel_uit(i, v + "termijn", "Afschrijvingstermijn in jaren", 1, 50)
        else:
            termijn = klasse.termijn_jaren if klasse else None
        if klasse and prijs is not None and datum and termijn:
            uit.append(Activum(naam, klasse.code, prijs, datum, termijn))
    return uit


def lees_toezeggingen(
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
            jaar = (
                geheel_uit(i, v + "jaar", "Jaar", regeling.eerste_jaar, regeling.laatste_jaar) or 0
            )
        bedrag = bedrag_uit(
            i, v + "bedrag", f"Bijdrage van {partner or 'de partner'}", verplicht=True
        )
        if bedrag is not None:
            uit.append(Toezegging(partner, jaar, bedrag, vorm))
    return uit


def _verdeling(i: Invoer, telling: Telling | None) -> Verdeling:
    methode = i.w("verdeling-methode") or "naar_rato"
    if methode not in VERDEELMETHODEN:
        i.fout("verdeling-methode", "Kies naar rato van techniekleerlingen of handmatig.")
        methode = "naar_rato"
    centraal = bedrag_uit(i, "verdeling-centraal", "Centraal deel") or 0
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
        bedrag = bedrag_uit(i, v + "bedrag", f"Bedrag voor {naam or 'de school'}")
        scholen.append(Schooldeel(code[:40], naam or code, None, bedrag))
    return Verdeling(methode, centraal, tuple(scholen), None)
