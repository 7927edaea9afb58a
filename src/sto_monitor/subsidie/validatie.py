"""Every problem of an application at once, typed, so a page can list them all beside the form.

``valideer`` never stops at the first problem: a programme leader fixes a budget in one go.
Each :class:`Bevinding` has a stable ``code``, an ``ernst`` ("blokkerend": the application
cannot be submitted; "waarschuwing": look at it) and a Dutch message in plain words, plus where
it is (cost category, year, line number counted from 1, asset, partner).

Unknown numbers are never guessed: when the region's maximum is not filled in, the check says
it cannot be done. The yearly share (``jaar_boven_aandeel``) is only checked when the
regulation states the national budget for every year of the period and the region's maximum is
known: a year's subsidiable amount may then be at most the maximum x that year's part of the
national budget (a warning, the regulation allows shifting between years on request).

Linear in the number of lines, assets and commitments (one pass each, dict look-ups).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sto_monitor.errors import ParameterError
from sto_monitor.subsidie.aanvraag import Aanvraag
from sto_monitor.subsidie.begroting import bereken, verdeel_over_scholen
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro, procent
from sto_monitor.subsidie.regeling import Regeling

BLOKKEREND = "blokkerend"
WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True)
class Bevinding:
    code: str
    ernst: str  # BLOKKEREND or WAARSCHUWING
    melding: str
    kostensoort: str | None = None
    jaar: int | None = None
    regel: int | None = None  # line number, counted from 1
    activum: str | None = None
    partner: str | None = None


def blokkerend(bevindingen: list[Bevinding]) -> bool:
    return any(b.ernst == BLOKKEREND for b in bevindingen)


def valideer(
    aanvraag: Aanvraag, regeling: Regeling, *, maximum: Cent | None, techniekluw: bool
) -> list[Bevinding]:
    """Every problem of ``aanvraag`` under ``regeling``; ``maximum``: the region's maximum over
    the period as entered by the national team (None: not filled in; then the regulation's
    ``maximum_per_regio`` is used when it lists the region); ``techniekluw``: the region is a
    techniekluw (its ceiling ``maximum_techniekluw`` is checked too)."""
    uit: list[Bevinding] = []
    add = uit.append
    if maximum is None:  # the regulation's own table, when it lists the region
        maximum = regeling.maximum_per_regio.get(aanvraag.regio)
    if not aanvraag.regels and not aanvraag.activa:
        add(Bevinding("leeg", BLOKKEREND, "De begroting is leeg: er is nog niets ingevuld."))
    jaren = set(regeling.jaren)
    activiteiten = {a.id for a in aanvraag.activiteiten}
    for nr, r in enumerate(aanvraag.regels, start=1):
        soort = regeling.kostensoort(r.kostensoort)
        plek: dict[str, Any] = {"kostensoort": r.kostensoort, "jaar": r.jaar, "regel": nr}
        if r.jaar not in jaren:
            add(
                Bevinding(
                    "jaar_buiten_periode",
                    BLOKKEREND,
                    f"Regel {nr}: {r.jaar} valt buiten de periode {regeling.periode}.",
                    **plek,
                )
            )
        if soort is None:
            add(
                Bevinding(
                    "onbekende_kostensoort",
                    BLOKKEREND,
                    f"Regel {nr}: de kostensoort '{r.kostensoort}' kent de regeling niet.",
                    **plek,
                )
            )
        elif soort.uit_activa:
            add(
                Bevinding(
                    "afschrijving_ingevuld",
                    BLOKKEREND,
                    f"Regel {nr}: {soort.naam} wordt berekend uit de activa; vul de "
                    "machine in bij de activa in plaats van een bedrag.",
                    **plek,
                )
            )
        elif not soort.subsidiabel and r.bedrag != 0:
            add(
                Bevinding(
                    "niet_subsidiabel",
                    BLOKKEREND,
                    f"Regel {nr}: {soort.naam} wordt niet gesubsidieerd; dit bedrag kan "
                    "niet in de begroting.",
                    **plek,
                )
            )
        if r.bedrag < 0:
            add(
                Bevinding(
                    "negatief_bedrag",
                    BLOKKEREND,
                    f"Regel {nr}: het bedrag is negatief ({euro(r.bedrag)}).",
                    **plek,
                )
            )
        if r.activiteit is not None and r.activiteit not in activiteiten:
            add(
                Bevinding(
                    "onbekende_activiteit",
                    BLOKKEREND,
                    f"Regel {nr}: de activiteit '{r.activiteit}' bestaat niet in het plan.",
                    **plek,
                )
            )
    _activa(aanvraag, regeling, add)
    _plan(aanvraag, add)
    begroting = bereken(aanvraag, regeling)
    totaal = begroting.subsidiabel_totaal
    _maximum(regeling, begroting.subsidiabel_per_jaar, totaal, maximum, techniekluw, add)
    for soort in regeling.kostensoorten:
        rij = begroting.rij(soort.code)
        if soort.maximum_aandeel is not None and rij is not None:
            grens = aandeel_van(totaal, soort.maximum_aandeel)
            if rij.totaal > grens:
                add(
                    Bevinding(
                        "boven_maximum_aandeel",
                        BLOKKEREND,
                        f"{soort.naam} is {euro(rij.totaal)}; dat mag hooguit "
                        f"{procent(soort.maximum_aandeel)} van het totaal zijn "
                        f"({euro(grens)}).",
                        kostensoort=soort.code,
                    )
                )
    _cofinanciering(aanvraag, regeling, totaal, begroting.totaal, add)
    v = aanvraag.verdeling
    if v.centraal > totaal:
        add(
            Bevinding(
                "centraal_boven_totaal",
                BLOKKEREND,
                f"Het centrale deel ({euro(v.centraal)}) is groter dan het totaal "
                f"({euro(totaal)}).",
            )
        )
    elif v.methode == "handmatig" and v.scholen:
        try:
            verdeel_over_scholen(aanvraag, totaal, {})
        except ParameterError as fout:
            add(Bevinding("verdeling_klopt_niet", BLOKKEREND, str(fout)))
    return uit


def _activa(aanvraag: Aanvraag, regeling: Regeling, add: Callable[[Bevinding], None]) -> None:
    for a in aanvraag.activa:
        klasse = regeling.activaklasse(a.klasse)
        if a.volledig_geboekt:
            add(
                Bevinding(
                    "volledig_geboekt",
                    BLOKKEREND,
                    f"{a.naam} is in één keer geboekt; alleen de afschrijving binnen de "
                    "periode mag in de begroting.",
                    activum=a.naam,
                )
            )
        if klasse is None:
            add(
                Bevinding(
                    "onbekende_activaklasse",
                    BLOKKEREND,
                    f"{a.naam}: de soort '{a.klasse}' kent de regeling niet.",
                    activum=a.naam,
                )
            )
        elif a.termijn_jaren < klasse.termijn_jaren:
            add(
                Bevinding(
                    "termijn_te_kort",
                    BLOKKEREND,
                    f"{a.naam} wordt in {a.termijn_jaren} jaar afgeschreven; voor "
                    f"{klasse.naam} is dat {klasse.termijn_jaren} jaar.",
                    activum=a.naam,
                )
            )
        if a.aanschafprijs < 0:
            add(
                Bevinding(
                    "negatief_bedrag",
                    BLOKKEREND,
                    f"{a.naam}: de aanschafprijs is negatief.",
                    activum=a.naam,
                )
            )


def _plan(aanvraag: Aanvraag, add: Callable[[Bevinding], None]) -> None:
    lijnen = {p.id for p in aanvraag.programmalijnen}
    for act in aanvraag.activiteiten:
        if act.programmalijn not in lijnen:
            add(
                Bevinding(
                    "onbekende_programmalijn",
                    BLOKKEREND,
                    f"De activiteit '{act.naam}' hoort bij een programmalijn die niet bestaat.",
                )
            )


def _maximum(
    regeling: Regeling,
    per_jaar: dict[int, Cent],
    totaal: Cent,
    maximum: Cent | None,
    techniekluw: bool,
    add: Callable[[Bevinding], None],
) -> None:
    grenzen: list[tuple[str, Cent]] = []
    if maximum is not None:
        grenzen.append(("het maximum van de regio", maximum))
    if techniekluw and regeling.maximum_techniekluw is not None:
        grenzen.append(("het maximum voor een techniekluw", regeling.maximum_techniekluw))
    if not grenzen:
        add(
            Bevinding(
                "maximum_onbekend",
                WAARSCHUWING,
                "Het maximumbedrag voor deze regio is niet ingevuld; of het totaal "
                "daaronder blijft, kan nog niet worden gecontroleerd.",
            )
        )
    for naam, grens in grenzen:
        if totaal > grens:
            add(
                Bevinding(
                    "boven_maximum",
                    BLOKKEREND,
                    f"Het totaal ({euro(totaal)}) is hoger dan {naam} ({euro(grens)}).",
                )
            )
    plafond = regeling.plafond_per_jaar
    bekend = [plafond.get(j) for j in regeling.jaren]
    if maximum is None or any(p is None for p in bekend):
        return
    som = sum(p or 0 for p in bekend)
    if som <= 0:
        return
    for jaar in regeling.jaren:
        grens = aandeel_van(maximum, Fraction(plafond[jaar] or 0, som))
        if per_jaar.get(jaar, 0) > grens:
            add(
                Bevinding(
                    "jaar_boven_aandeel",
                    WAARSCHUWING,
                    f"In {jaar} is de begroting {euro(per_jaar.get(jaar, 0))}; het "
                    f"jaardeel van het maximum is {euro(grens)}.",
                    jaar=jaar,
                )
            )


def _cofinanciering(
    aanvraag: Aanvraag,
    regeling: Regeling,
    subsidie: Cent,
    kosten: Cent,
    add: Callable[[Bevinding], None],
) -> None:
    cof = regeling.cofinanciering
    partners = {p.naam for p in aanvraag.partners}
    toegezegd = 0
    for t in aanvraag.toezeggingen:
        geldig = True
        if t.partner not in partners:
            geldig = False
            add(
                Bevinding(
                    "onbekende_partner",
                    BLOKKEREND,
                    f"Toezegging van '{t.partner}' in {t.jaar}: deze partner staat niet "
                    "bij de partners.",
                    jaar=t.jaar,
                    partner=t.partner,
                )
            )
        if t.vorm not in cof.vormen:
            geldig = False
            add(
                Bevinding(
                    "vorm_niet_toegestaan",
                    BLOKKEREND,
                    f"Toezegging van '{t.partner}' in {t.jaar}: de vorm '{t.vorm}' telt "
                    "niet mee voor de cofinanciering.",
                    jaar=t.jaar,
                    partner=t.partner,
                )
            )
        if t.bedrag < 0:
            geldig = False
            add(
                Bevinding(
                    "negatief_bedrag",
                    BLOKKEREND,
                    f"Toezegging van '{t.partner}' in {t.jaar}: het bedrag is negatief.",
                    jaar=t.jaar,
                    partner=t.partner,
                )
            )
        if geldig and t.jaar <= regeling.laatste_jaar:
            toegezegd += t.bedrag
    basis = subsidie if cof.grondslag == "subsidie" else kosten
    nodig = aandeel_van(basis, cof.aandeel)
    if toegezegd < nodig:
        add(
            Bevinding(
                "cofinanciering_te_laag",
                BLOKKEREND,
                f"Aan het eind van de periode is {euro(toegezegd)} cofinanciering "
                f"toegezegd; nodig is {procent(cof.aandeel)} van "
                f"{'de subsidie' if cof.grondslag == 'subsidie' else 'de kosten'}: "
                f"{euro(nodig)}.",
            )
        )
