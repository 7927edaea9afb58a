"""The commission assesses a region's application; the national team decides (issue 18).

- ``GET /regio/{regio}/subsidie/{regeling}/beoordeling`` (``BEOORDELEN``): the submitted
  application read-only and compact (plan, budget per cost category x year, assets and their
  depreciation, co-financing against the share, the split over schools, every validation
  finding, the monitor's key figures of the region) beside the forms: a score and a remark per
  criterion of the regulation with an advice and an advised amount; the questions to the region
  with their answers and a form to ask one; for the national team the decision and the region's
  maximum. Earlier assessments show the role and the date, never a person's name.
- ``POST …/beoordeling`` scores, ``POST …/vraag`` asks (``BEOORDELEN``), ``POST …/besluit``
  decides (``SUBSIDIE_BESLISSEN``), ``POST /subsidie/{regeling}/maximum/{regio}`` enters or
  clears the region's maximum (``SUBSIDIE_BESLISSEN``).

A wrong form comes back as a 400 page with everything typed kept and every problem named (a
decision whose years do not add up names the difference); ``opslag`` asks the policy again on
the stored regio and writes the audit record. A draft (concept) is the region's own business:
404 here until it is submitted. All private (``GEEN_OPSLAG``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht, besluit
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import LANDELIJK, Regio, Snapshot
from sto_monitor.subsidie import begroting, laden, monitorcijfers, opslag, pdf, validatie
from sto_monitor.subsidie.geld import Cent, euro, lees_bedrag, verdeel
from sto_monitor.subsidie.opslag import ADVIEZEN, BESLUITEN, STATUS_NAAM, Dossier, Status
from sto_monitor.subsidie.regeling import NIET_INGEVULD, Regeling
from sto_monitor.web import privecache
from sto_monitor.web.pages.regiodocument.gedeeld import Regiocode, db, pagina, rol, wie
from sto_monitor.web.pages.subsidie.gedeeld import Regelingcode
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier, toegang

router = APIRouter(include_in_schema=False)

Gedaan = Annotated[str | None, Query(max_length=20)]
OPEN = (Status.INGEDIEND, Status.IN_BEOORDELING)  # may still be scored, asked about, decided
GEDAAN = {
    "beoordeeld": "Uw beoordeling is bewaard. De regio ziet de status 'in beoordeling'.",
    "gevraagd": "Uw vraag staat bij de regio. Het antwoord verschijnt hieronder.",
    "besloten": "Het besluit is vastgelegd. De regio ziet het meteen.",
    "maximum": "Het maximum van de regio is bewaard.",
    "gewist": "Het maximum van de regio is gewist: het is weer niet ingevuld.",
}
UITKOMST_NAAM = {s.value: STATUS_NAAM[s] for s in BESLUITEN}
ADVIES_NAAM = {"toekennen": "toekennen", "aanpassen": "toekennen met een ander bedrag",
               "afwijzen": "afwijzen"}  # fmt: skip


@dataclass(frozen=True)
class Kerncijfers:
    """The monitor's figures of the region an assessor weighs the amount against."""

    schooljaar: int | None
    techniekleerlingen: str
    per_leerling: str | None
    vestigingen: int
    techniekaandeel: object  # a published cell (the ``cel`` filter writes it)
    techniekaandeel_nl: object


def pad(regio: str, regeling: str) -> str:
    return f"/regio/{regio}/subsidie/{regeling}/beoordeling"


def bedrag_tekst(cent: Cent) -> str:
    """An amount as a person types it: ``'40.000,00'`` (what ``lees_bedrag`` reads back)."""
    return euro(cent).removeprefix("€ ")


def euro_vast(cent: Cent) -> str:
    """An amount on the page that never breaks between the euro sign and the number."""
    return euro(cent).replace("€ ", "€\u00a0")


def _kerncijfers(snap: Snapshot, regio: str, bedrag: Cent) -> Kerncijfers:
    jaar, tellingen = monitorcijfers.techniekleerlingen(snap)
    telling = tellingen.get(regio, monitorcijfers.ONBEKEND)
    per = monitorcijfers.per_eenheid(bedrag, telling)
    aandeel = {
        r["regio"]: r.get("techniekaandeel")
        for r in snap.beschikbare_rijen("techniekaandeel", schooljaar=snap.laatste_jaar)
        if r["regio"] in (regio, LANDELIJK)
    }
    return Kerncijfers(
        schooljaar=jaar,
        techniekleerlingen=telling.tekst,
        per_leerling=per.tekst.replace("€ ", "€\u00a0") if per else None,
        vestigingen=monitorcijfers.vestigingen_per_regio(snap)[regio],
        techniekaandeel=aandeel.get(regio),
        techniekaandeel_nl=aandeel.get(LANDELIJK),
    )


def voorstel_per_jaar(d: Dossier, r: Regeling, bedrag: Cent) -> dict[int, Cent]:
    """The decision's years prefilled: the applied budget per year when the amount is the one
    applied for and the years hold it all, else the amount evenly (``geld.verdeel``)."""
    b = begroting.bereken(d.aanvraag, r)
    per_jaar = {j: b.subsidiabel_per_jaar.get(j, 0) for j in r.jaren}
    if bedrag == b.subsidiabel_totaal and sum(per_jaar.values()) == bedrag:
        return per_jaar
    return dict(zip(r.jaren, verdeel(bedrag, [1] * len(r.jaren)), strict=True))


async def _dossier(request: Request, regio: str, r: Regeling) -> Dossier:
    database, ik = app_db(request), wie(request)
    d = await db(lambda: opslag.dossier(database, ik, regio, r.code))
    if d is None:
        raise NotFoundError(f"Regio {regio} heeft geen aanvraag onder {r.naam}.")
    if d.status is Status.CONCEPT:
        raise NotFoundError(
            f"De aanvraag van regio {regio} is nog niet ingediend; beoordelen kan daarna."
        )
    return d


def _standaard(d: Dossier, r: Regeling, aangevraagd: Cent) -> dict[str, str]:
    """The forms' fields before anything is typed."""
    velden = {"advies_bedrag": bedrag_tekst(aangevraagd), "bedrag": bedrag_tekst(aangevraagd)}
    for j, c in voorstel_per_jaar(d, r, aangevraagd).items():
        velden[f"jaar-{j}"] = bedrag_tekst(c)
    return velden


async def _toon(
    request: Request,
    snap: Snapshot,
    regio: Regio,
    r: Regeling,
    d: Dossier,
    *,
    invoer: dict[str, str] | None = None,
    fouten: dict[str, str] | None = None,
    melding: str | None = None,
    status: int = 200,
) -> Response:
    database, ik = app_db(request), wie(request)

    def werk() -> dict[str, Any]:  # the database and the arithmetic, off the event loop
        maxima = opslag.regiomaxima(database, r.code)
        aangevraagd = opslag.aangevraagd(d.aanvraag, r)
        return {
            "o": pdf.overzicht(d, r, snap),
            "aangevraagd": aangevraagd,
            "bevindingen": validatie.valideer(
                d.aanvraag, r, maximum=maxima.get(regio.code), techniekluw=regio.techniekluw
            ),
            "kern": _kerncijfers(snap, regio.code, aangevraagd),
            "waarden": {**_standaard(d, r, aangevraagd), **(invoer or {})},
            "maximum_ingevuld": maxima.get(regio.code),
        }

    berekend = await db(werk)
    return pagina(
        request,
        "subsidie_beoordeling.html",
        status,
        snapshot=snap,
        regio=regio,
        regeling=r,
        d=d,
        **berekend,
        status_naam=STATUS_NAAM[d.status],
        blokkerend=validatie.BLOKKEREND,
        basis=pad(regio.code, r.code),
        fouten=fouten or {},
        melding=melding,
        open=d.status in OPEN,
        mag_beslissen=besluit(ik, Recht.SUBSIDIE_BESLISSEN, regio=regio.code),
        maximum_regeling=r.maximum_per_regio.get(regio.code),
        adviezen=ADVIEZEN,
        advies_naam=ADVIES_NAAM,
        uitkomsten=UITKOMST_NAAM,
        status_van={s.value: STATUS_NAAM[s] for s in Status},
        rol=rol,
        euro=euro_vast,
        bedrag_tekst=bedrag_tekst,
        NIET_INGEVULD=NIET_INGEVULD,
    )


@router.get(
    "/regio/{regio}/subsidie/{regeling}/beoordeling", dependencies=[toegang(Recht.BEOORDELEN)]
)
@privecache.per_sessie
async def beoordeling(
    request: Request, regio: Regiocode, regeling: Regelingcode, gedaan: Gedaan = None
) -> Response:
    snap = snapshot(request)
    g, r = snap.regio(regio), laden.regeling(regeling)  # unknown: 404
    d = await _dossier(request, g.code, r)
    return await _toon(request, snap, g, r, d, melding=GEDAAN.get(gedaan or ""))


def _problemen(wat: str, problemen: list[str]) -> ParameterError:
    return ParameterError(f"{wat}:\n" + "\n".join(f"- {p}" for p in problemen))


def _lees(tekst: str, veld: str, problemen: list[str]) -> Cent | None:
    """A typed amount, or None with the problem named (empty or not an amount)."""
    if not tekst.strip():
        problemen.append(f"{veld}: vul een bedrag in")
        return None
    try:
        return lees_bedrag(tekst, veld=veld)
    except ParameterError as fout:
        problemen.append(str(fout))
        return None


def _scores(r: Regeling, velden: dict[str, str], problemen: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for c in r.criteria:
        tekst = velden.get(f"score-{c.code}", "").strip()
        if not tekst:
            problemen.append(f"{c.naam}: kies een score")
        elif not tekst.isdigit() or not 0 <= int(tekst) <= c.maximum_score:
            problemen.append(f"{c.naam}: de score moet tussen 0 en {c.maximum_score} liggen")
        else:
            scores[c.code] = int(tekst)
    return scores


@router.post(
    "/regio/{regio}/subsidie/{regeling}/beoordeling", dependencies=[toegang(Recht.BEOORDELEN)]
)
async def beoordeel(request: Request, regio: Regiocode, regeling: Regelingcode) -> Response:
    snap = snapshot(request)
    g, r = snap.regio(regio), laden.regeling(regeling)
    d = await _dossier(request, g.code, r)
    velden = await formulier(request)
    database, ik = app_db(request), wie(request)
    try:
        problemen: list[str] = []
        scores = _scores(r, velden, problemen)
        advies = velden.get("advies", "")
        if advies not in ADVIEZEN:
            problemen.append("kies een advies: toekennen, aanpassen of afwijzen")
        bedrag = _lees(velden.get("advies_bedrag", ""), "Geadviseerd bedrag", problemen)
        if problemen or bedrag is None:
            raise _problemen("De beoordeling is niet bewaard", problemen)
        opmerkingen = {c.code: velden.get(f"opmerking-{c.code}", "") for c in r.criteria}
        await db(
            lambda: opslag.beoordeel(
                database, ik, r, d.id, scores=scores, opmerkingen=opmerkingen, advies=advies,
                advies_bedrag=bedrag, toelichting=velden.get("toelichting", ""),
            )
        )  # fmt: skip
    except ParameterError as fout:
        return await _toon(
            request, snap, g, r, d, invoer=velden, fouten={"beoordeling": str(fout)}, status=400
        )
    return _terug(pad(g.code, r.code), "beoordeeld", "beoordelen")


@router.post("/regio/{regio}/subsidie/{regeling}/vraag", dependencies=[toegang(Recht.BEOORDELEN)])
async def vraag(request: Request, regio: Regiocode, regeling: Regelingcode) -> Response:
    snap = snapshot(request)
    g, r = snap.regio(regio), laden.regeling(regeling)
    d = await _dossier(request, g.code, r)
    velden = await formulier(request)
    database, ik = app_db(request), wie(request)
    try:
        await db(lambda: opslag.stel_vraag(database, ik, d.id, velden.get("vraag", "")))
    except ParameterError as fout:
        return await _toon(
            request, snap, g, r, d, invoer=velden, fouten={"vraag": str(fout)}, status=400
        )
    return _terug(pad(g.code, r.code), "gevraagd", "vragen")


def _besluit(r: Regeling, velden: dict[str, str]) -> tuple[Status, Cent, dict[int, Cent]]:
    """The decision form read, or every problem at once; the years must add up to the amount
    (the difference named). All years left empty: the amount split evenly over them.
    Afgewezen: € 0 in every year, whatever the amount fields hold."""
    problemen: list[str] = []
    uitkomst = velden.get("uitkomst", "")
    if uitkomst not in UITKOMST_NAAM:
        problemen.append("kies een besluit: toegekend, toegekend met aangepast bedrag of afgewezen")
    if uitkomst == Status.AFGEWEZEN.value:  # refused: nothing granted, whatever was typed
        return Status.AFGEWEZEN, 0, dict.fromkeys(r.jaren, 0)
    bedrag = _lees(velden.get("bedrag", ""), "Bedrag", problemen)
    teksten = {j: velden.get(f"jaar-{j}", "") for j in r.jaren}
    per_jaar: dict[int, Cent] = {}
    if bedrag is not None and not any(t.strip() for t in teksten.values()):
        per_jaar = dict(zip(r.jaren, verdeel(bedrag, [1] * len(r.jaren)), strict=True))
    else:
        for j, t in teksten.items():
            c = _lees(t, f"Bedrag {j}", problemen)
            if c is not None:
                per_jaar[j] = c
    if bedrag is not None and len(per_jaar) == len(teksten) and sum(per_jaar.values()) != bedrag:
        verschil = bedrag - sum(per_jaar.values())
        problemen.append(
            f"de bedragen per jaar tellen op tot {euro(sum(per_jaar.values()))}, niet tot "
            f"{euro(bedrag)}: er is {euro(abs(verschil))} "
            + ("te weinig verdeeld" if verschil > 0 else "te veel verdeeld")
        )
    if problemen or bedrag is None:
        raise _problemen("Het besluit is niet vastgelegd", problemen)
    return Status(uitkomst), bedrag, per_jaar


@router.post(
    "/regio/{regio}/subsidie/{regeling}/besluit", dependencies=[toegang(Recht.SUBSIDIE_BESLISSEN)]
)
async def beslis(request: Request, regio: Regiocode, regeling: Regelingcode) -> Response:
    snap = snapshot(request)
    g, r = snap.regio(regio), laden.regeling(regeling)
    d = await _dossier(request, g.code, r)
    velden = await formulier(request)
    database, ik = app_db(request), wie(request)
    try:
        uitkomst, bedrag, per_jaar = _besluit(r, velden)
        await db(
            lambda: opslag.beslis(
                database, ik, d.id, uitkomst=uitkomst, bedrag=bedrag, per_jaar=per_jaar,
                toelichting=velden.get("besluit_toelichting", ""),
            )
        )  # fmt: skip
    except ParameterError as fout:
        return await _toon(
            request, snap, g, r, d, invoer=velden, fouten={"besluit": str(fout)}, status=400
        )
    return _terug(pad(g.code, r.code), "besloten", "besluit")


@router.post(
    "/subsidie/{regeling}/maximum/{regio}", dependencies=[toegang(Recht.SUBSIDIE_BESLISSEN)]
)
async def maximum(request: Request, regeling: Regelingcode, regio: Regiocode) -> Response:
    """Enter the region's maximum (``actie=wissen`` clears it). Back to the
    assessment page when the region has a submitted application, else to the overview."""
    snap = snapshot(request)
    g, r = snap.regio(regio), laden.regeling(regeling)
    velden = await formulier(request)
    database, ik = app_db(request), wie(request)
    tekst = velden.get("maximum", "")
    wissen = velden.get("actie") == "wissen"
    d = await db(lambda: opslag.dossier(database, ik, g.code, r.code))
    terug = d is not None and d.status is not Status.CONCEPT
    try:
        problemen: list[str] = []
        bedrag = None if wissen else _lees(tekst, "Maximum", problemen)
        if problemen:
            raise ParameterError(f"Het maximum is niet bewaard: {problemen[0]}")
        await db(lambda: opslag.zet_regiomaximum(database, ik, r.code, g.code, bedrag))
    except ParameterError as fout:
        if d is None or not terug:
            raise
        return await _toon(
            request, snap, g, r, d, invoer=velden, fouten={"maximum": str(fout)}, status=400
        )
    gedaan = "gewist" if wissen else "maximum"
    if terug:
        return _terug(pad(g.code, r.code), gedaan, "maximum")
    return RedirectResponse(
        f"/subsidie?regeling={r.code}&gedaan={gedaan}", status_code=303, headers=GEEN_OPSLAG
    )


def _terug(basis: str, gedaan: str, anker: str) -> Response:
    return RedirectResponse(
        f"{basis}?gedaan={gedaan}#{anker}", status_code=303, headers=GEEN_OPSLAG
    )
