"""A region's application: its overview, the editable draft, saving, checking, submitting
and answering the commission's questions (issue 18).

- ``GET /regio/{regio}/subsidie`` (``SUBSIDIE_INZIEN``): per regulation the region's
  application and its status; the region itself gets a button to start or continue.
- ``GET /regio/{regio}/subsidie/{regeling}`` (``SUBSIDIE_INZIEN``): the application. The region
  edits its draft while it is a concept; the commission and the national team read it once it
  is submitted. The region sees the questions and the decision with its explanation, never the
  commission's internal scores.
- ``POST /regio/{regio}/subsidie/{regeling}`` (``SUBSIDIE_AANVRAGEN``): ``actie`` is
  ``bewaren``, ``controleren`` (saves and lists every problem beside its field), ``indienen``,
  or ``meer-{sectie}`` (more empty rows, nothing saved). Every problem brings the page back
  with what was typed (400; 409 when the draft was saved elsewhere meanwhile).
- ``POST /regio/{regio}/subsidie/{regeling}/vraag/{vraag}`` (``SUBSIDIE_AANVRAGEN``): the answer
  (field ``antwoord``).

The form works without JavaScript: repeating rows are rendered with a few empty ones and a
"Meer regels" button. The domain (``subsidie.opslag``) asks the policy on the stored region.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht, besluit
from sto_monitor.errors import ParameterError
from sto_monitor.planner import ondergrens as planner_ondergrens
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.regio import kerncijfers
from sto_monitor.subsidie import afschrijving, laden, opslag
from sto_monitor.subsidie.aanvraag import Aanvraag
from sto_monitor.subsidie.begroting import (
    Schoolaandeel,
    Telling,
    bereken,
    cofinanciering,
    techniekleerlingen_per_vestiging,
    verdeel_over_scholen,
)
from sto_monitor.subsidie.geld import Cent, aandeel_van, euro, procent
from sto_monitor.subsidie.opslag import Dossier, Gewijzigd, Status
from sto_monitor.subsidie.regeling import NIET_INGEVULD, Regeling
from sto_monitor.subsidie.validatie import Bevinding, valideer
from sto_monitor.web import privecache
from sto_monitor.web.pages.subsidie.formulier import (
    SOORTEN_PARTNER,
    Invoer,
    als_tekst,
    breuk,
    indicatoren,
    interventies,
    invoer_van_aanvraag,
    invoer_van_post,
    lees_aanvraag,
    meer,
    vul_scholen,
)
from sto_monitor.web.pages.subsidie.gedeeld import (
    STATUS_UITLEG,
    Regelingcode,
    Regiocode,
    Vraagnummer,
    db,
    dossier_van,
    mag_aanvragen,
    pad,
    pagina,
    regeling_van,
    status_tekst,
    vereis_dossier,
    wie,
)
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, toegang

router = APIRouter(include_in_schema=False)
INZIEN = [toegang(Recht.SUBSIDIE_INZIEN)]
AANVRAGEN = [toegang(Recht.SUBSIDIE_AANVRAGEN)]
Gedaan = Annotated[str | None, Query(max_length=20)]
GEDAAN = {
    "bewaard": "Het concept is bewaard. Alleen uw regio ziet het.",
    "ingediend": (
        "De aanvraag is ingediend. De commissie en het landelijk team kunnen haar nu lezen."
    ),
    "beantwoord": "Uw antwoord is bewaard; de commissie ziet het.",
}


@dataclass(frozen=True)
class Regel:
    """One regulation on the overview, with the region's application under it."""

    regeling: Regeling
    dossier: Dossier | None
    status: str
    maximum: Cent | None


@router.get("/regio/{regio}/subsidie", dependencies=INZIEN)
@privecache.per_sessie
async def overzicht(request: Request, regio: Regiocode) -> Response:
    snap = snapshot(request)
    r = snap.regio(regio)  # unknown: 404
    database, ik = app_db(request), wie(request)
    eigen = mag_aanvragen(ik, r.code)

    def lees() -> list[Regel]:
        uit = []
        for regeling in laden.regelingen():
            d = opslag.dossier(database, ik, r.code, regeling.code)
            if d is not None and d.status is Status.CONCEPT and not eigen:
                d = None
            m = opslag.maximum_voor(database, regeling, r.code, techniekluw=r.techniekluw)
            uit.append(Regel(regeling, d, status_tekst(d), m))
        return list(reversed(uit))

    regels = await db(lees)
    return pagina(
        request,
        "subsidie_aanvraag_overzicht.html",
        snapshot=snap,
        regio=r,
        regels=regels,
        eigen=eigen,
        huidige=laden.huidige(date.today().year).code,
        euro=euro,
        NIET_INGEVULD=NIET_INGEVULD,
        adres=pad,
    )


def _telling(snap: Snapshot, regio: str) -> Telling | None:
    try:
        return techniekleerlingen_per_vestiging(snap, regio)
    except (ParameterError, KeyError):
        return None


def _verdeling(
    a: Aanvraag, totaal: Cent, telling: Telling | None
) -> tuple[list[Schoolaandeel], str | None]:
    if not a.verdeling.scholen:
        return [], None
    try:
        return verdeel_over_scholen(a, totaal, telling.leerlingen if telling else {}), None
    except ParameterError as fout:
        return [], str(fout)


def _plek(b: Bevinding) -> str | None:
    """The field a finding belongs beside (its cell, asset row, partner), when it has one."""
    if b.kostensoort and b.jaar:
        return f"bedrag-{b.kostensoort}-{b.jaar}"
    if b.kostensoort:
        return f"rij-{b.kostensoort}"
    if b.activum:
        return f"activum:{b.activum}"
    if b.partner:
        return f"partner:{b.partner}"
    return None


async def _toon(
    request: Request,
    snap: Snapshot,
    regio: str,
    regeling: Regeling,
    d: Dossier | None,
    *,
    invoer: Invoer | None = None,
    bevindingen: list[Bevinding] | None = None,
    fout: str | None = None,
    melding: str | None = None,
    antwoorden: dict[int, str] | None = None,
    kenmerk: str | None = None,
    status: int = 200,
) -> Response:
    r = snap.regio(regio)
    database, ik = app_db(request), wie(request)
    maximum, ondergrens = await db(
        lambda: (
            opslag.maximum_voor(database, regeling, r.code, techniekluw=r.techniekluw),
            (
                planner_ondergrens.lees(database, r.code),
                planner_ondergrens.is_eigen(database, r.code),
            ),
        )
    )
    telling = _telling(snap, r.code)
    bewerkbaar = mag_aanvragen(ik, r.code) and (d is None or d.status is Status.CONCEPT)
    opgeslagen = d.aanvraag if d is not None else Aanvraag(r.code, regeling.code)
    if invoer is None:
        invoer = invoer_van_aanvraag(opgeslagen, regeling)
    if telling is not None:
        vul_scholen(invoer, telling)
    # The computed parts (depreciation, totals, split) follow the typed input when it reads.
    proef = Invoer(dict(invoer.velden), dict(invoer.rijen))
    a = lees_aanvraag(proef, r.code, regeling, telling) if bewerkbaar else None
    a = a or opgeslagen
    begroting = bereken(a, regeling)
    schooldelen, verdeelfout = _verdeling(a, begroting.subsidiabel_totaal, telling)
    plekken: dict[str, list[str]] = {}
    for b in bevindingen or []:
        if (p := _plek(b)) is not None:
            plekken.setdefault(p, []).append(b.melding)
    onvoorzien = next((k for k in regeling.kostensoorten if k.maximum_aandeel), None)
    context: dict[str, Any] = {
        "snapshot": snap,
        "regio": r,
        "regeling": regeling,
        "d": d,
        "stand": status_tekst(d),
        "status_uitleg": STATUS_UITLEG[d.status] if d else STATUS_UITLEG[Status.CONCEPT],
        "bewerkbaar": bewerkbaar,
        "eigen": mag_aanvragen(ik, r.code),
        "mag_beoordelen": besluit(ik, Recht.BEOORDELEN),
        "ziet_scores": besluit(ik, Recht.BEOORDELEN, regio=r.code),
        "i": invoer,
        "a": a,
        "begroting": begroting,
        "cof": cofinanciering(a),
        "cof_nodig": aandeel_van(
            begroting.subsidiabel_totaal
            if regeling.cofinanciering.grondslag == "subsidie"
            else begroting.totaal,
            regeling.cofinanciering.aandeel,
        ),
        "activa": [
            (x, afschrijving.binnen_periode(x, regeling), afschrijving.na_periode(x, regeling))
            for x in a.activa
        ],
        "telling": telling,
        "schooldelen": schooldelen,
        "verdeelfout": verdeelfout,
        "maximum": maximum,
        "ondergrens": ondergrens,
        "onvoorzien": onvoorzien,
        "onvoorzien_grens": aandeel_van(begroting.subsidiabel_totaal, onvoorzien.maximum_aandeel)
        if onvoorzien and onvoorzien.maximum_aandeel
        else None,
        "kern": kerncijfers(snap, r.code),
        "indicatoren": indicatoren(),
        "interventies": interventies(),
        "bevindingen": bevindingen,
        "plekken": plekken,
        "fout": fout,
        "melding": melding,
        "antwoorden": antwoorden or {},
        "kenmerk": kenmerk if kenmerk is not None else (d.kenmerk if d else ""),
        "basis": pad(r.code, regeling.code),
        "soorten_partner": SOORTEN_PARTNER,
        "euro": euro,
        "procent": procent,
        "breuk": breuk,
        "als_tekst": als_tekst,
        "NIET_INGEVULD": NIET_INGEVULD,
    }
    return pagina(request, "subsidie_aanvraag.html", status, **context)


@router.get("/regio/{regio}/subsidie/{regeling}", dependencies=INZIEN)
@privecache.per_sessie
async def aanvraag(
    request: Request, regio: Regiocode, regeling: Regelingcode, gedaan: Gedaan = None
) -> Response:
    snap = snapshot(request)
    r, reg = snap.regio(regio), regeling_van(regeling)
    d = await dossier_van(request, r.code, reg.code)
    if d is None and not mag_aanvragen(wie(request), r.code):
        vereis_dossier(d, r.code, reg)  # others: 404 until it is submitted
    return await _toon(request, snap, r.code, reg, d, melding=GEDAAN.get(gedaan or ""))


@router.post("/regio/{regio}/subsidie/{regeling}", dependencies=AANVRAGEN)
async def schrijf(request: Request, regio: Regiocode, regeling: Regelingcode) -> Response:
    snap = snapshot(request)
    r, reg = snap.regio(regio), regeling_van(regeling)
    invoer = await invoer_van_post(request)
    actie = invoer.w("actie") or "bewaren"
    kenmerk = invoer.w("kenmerk") or None
    database, ik = app_db(request), wie(request)
    d = await dossier_van(request, r.code, reg.code)
    if d is not None and d.status is not Status.CONCEPT:
        return await _toon(
            request, snap, r.code, reg, d,
            fout="De aanvraag is al ingediend en kan niet meer veranderen.", status=409,
        )  # fmt: skip
    if actie.startswith("meer-"):
        meer(invoer, actie.removeprefix("meer-"))
        return await _toon(
            request, snap, r.code, reg, d, invoer=invoer, kenmerk=kenmerk or "",
            melding="Er staan nu meer lege regels. Uw invoer is nog niet bewaard.",
        )  # fmt: skip
    if actie not in ("bewaren", "controleren", "indienen"):
        return await _toon(
            request, snap, r.code, reg, d, invoer=invoer, kenmerk=kenmerk or "",
            fout="Onbekende knop; kies Bewaren, Controleren of Indienen.", status=400,
        )  # fmt: skip
    telling = _telling(snap, r.code)
    a = lees_aanvraag(invoer, r.code, reg, telling)
    if a is None:
        return await _toon(
            request, snap, r.code, reg, d, invoer=invoer, kenmerk=kenmerk or "",
            fout=f"Niet bewaard: {len(invoer.fouten)} veld(en) kloppen niet. "
            "Ze staan hieronder gemarkeerd; de rest van uw invoer staat er nog.",
            status=400,
        )  # fmt: skip
    try:
        d = await db(lambda: opslag.bewaar(database, ik, a, kenmerk=kenmerk))
    except Gewijzigd as fout:
        nu = await dossier_van(request, r.code, reg.code)
        return await _toon(
            request, snap, r.code, reg, nu, invoer=invoer, fout=str(fout),
            kenmerk=nu.kenmerk if nu else "", status=409,
        )  # fmt: skip
    maximum = await db(
        lambda: opslag.maximum_voor(database, reg, r.code, techniekluw=r.techniekluw)
    )
    if actie == "controleren":
        bevindingen = valideer(a, reg, maximum=maximum, techniekluw=r.techniekluw)
        tekst = (
            f"Het concept is bewaard. De controle vond {len(bevindingen)} punt(en); "
            "ze staan hieronder en bij de velden."
            if bevindingen
            else "Het concept is bewaard. De controle vond geen problemen: u kunt indienen."
        )
        return await _toon(
            request, snap, r.code, reg, d, invoer=invoer, bevindingen=bevindingen, melding=tekst
        )
    if actie == "indienen":
        try:
            await db(lambda: opslag.dien_in(database, ik, reg, r.code, techniekluw=r.techniekluw))
        except ParameterError:
            bevindingen = valideer(a, reg, maximum=maximum, techniekluw=r.techniekluw)
            return await _toon(
                request, snap, r.code, reg, d, invoer=invoer, bevindingen=bevindingen,
                fout="De aanvraag is niet ingediend; het concept is wel bewaard. "
                "Los eerst de punten hieronder op.",
                status=400,
            )  # fmt: skip
        return _terug(r.code, reg.code, "ingediend")
    return _terug(r.code, reg.code, "bewaard")


def _terug(regio: str, regeling: str, gedaan: str) -> Response:
    return RedirectResponse(
        f"{pad(regio, regeling)}?gedaan={gedaan}", status_code=303, headers=GEEN_OPSLAG
    )


@router.post("/regio/{regio}/subsidie/{regeling}/vraag/{vraag}", dependencies=AANVRAGEN)
async def antwoord(
    request: Request, regio: Regiocode, regeling: Regelingcode, vraag: Vraagnummer
) -> Response:
    snap = snapshot(request)
    r, reg = snap.regio(regio), regeling_van(regeling)
    invoer = await invoer_van_post(request)
    tekst = invoer.w("antwoord")
    database, ik = app_db(request), wie(request)
    d = vereis_dossier(await dossier_van(request, r.code, reg.code), r.code, reg)
    try:
        if not tekst.strip():
            raise ParameterError("Het antwoord is leeg; schrijf eerst uw antwoord.")
        await db(lambda: opslag.beantwoord(database, ik, d.id, vraag, tekst))
    except ParameterError as fout:
        return await _toon(
            request, snap, r.code, reg, d, fout=str(fout), antwoorden={vraag: tekst}, status=400
        )
    return _terug(r.code, reg.code, "beantwoord")
