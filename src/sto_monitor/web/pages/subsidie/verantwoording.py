"""The region's yearly accountability (verantwoording) of a granted application, and its
signals (issue 18).

``GET /regio/{regio}/subsidie/{regeling}/verantwoording/{jaar}`` (``SUBSIDIE_INZIEN``) shows,
for one calendar year of the period, what was planned beside what was realised per cost
category, the depreciation booked against the computed one, the co-financing realised per
partner, the region's explanations, and the signals in plain words: onderbesteding,
overbesteding, cofinanciering achter op het pad, and an asset whose depreciation runs past the
period with the amount for the next period. ``POST`` to the same address
(``SUBSIDIE_AANVRAGEN``, the region itself) saves (``actie=bewaren``) or submits
(``actie=indienen``) it; ``actie=meer-cof`` shows more rows. A problem brings the form back
with what was typed (400). The domain asks the policy on the stored region.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.subsidie import opslag
from sto_monitor.subsidie.aanvraag import Verantwoording
from sto_monitor.subsidie.begroting import afschrijving_per_jaar, bereken
from sto_monitor.subsidie.geld import euro, procent
from sto_monitor.subsidie.opslag import Dossier
from sto_monitor.subsidie.regeling import Regeling
from sto_monitor.subsidie.verantwoording import signalen, vergelijk
from sto_monitor.web import privecache
from sto_monitor.web.pages.subsidie.formulier import (
    Invoer,
    invoer_van_post,
    invoer_van_verantwoording,
    lees_verantwoording,
    meer,
)
from sto_monitor.web.pages.subsidie.gedeeld import (
    Jaar,
    Regelingcode,
    Regiocode,
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
ADRES = "/regio/{regio}/subsidie/{regeling}/verantwoording/{jaar}"
Gedaan = Annotated[str | None, Query(max_length=20)]
GEDAAN = {
    "bewaard": "De verantwoording is bewaard. U kunt haar later aanvullen en indienen.",
    "ingediend": "De verantwoording is ingediend bij het landelijk team.",
}


def signaalkop(code: str, regeling: Regeling) -> str:
    """A signal's heading in the region's words."""
    return {
        "onderbesteding": "Onderbesteding",
        "overbesteding": "Overbesteding",
        "cofinanciering_achter": "Cofinanciering achter op het pad naar "
        + procent(regeling.cofinanciering.aandeel),
        "afschrijving_na_periode": "Afschrijving loopt door na de periode",
        "afschrijving_afwijkend": "Geboekte afschrijving wijkt af van de berekende",
    }.get(code, code)


def _jaar(regeling: Regeling, jaar: int) -> int:
    if jaar not in regeling.jaren:
        raise NotFoundError(f"{jaar} valt niet in de periode {regeling.periode}.")
    return jaar


async def _toon(
    request: Request,
    snap: Snapshot,
    regeling: Regeling,
    d: Dossier,
    jaar: int,
    *,
    invoer: Invoer | None = None,
    fout: str | None = None,
    melding: str | None = None,
    status: int = 200,
) -> Response:
    r = snap.regio(d.regio)
    ik = wie(request)
    toegekend = d.status in opslag.TOEGEKEND
    opgeslagen = d.verantwoordingen.get(jaar)
    bewerkbaar = mag_aanvragen(ik, r.code) and toegekend and jaar not in d.verantwoording_ingediend
    if invoer is None:
        invoer = invoer_van_verantwoording(
            opgeslagen, [p.naam for p in d.aanvraag.partners], regeling
        )
    # Signals and the comparison follow what was typed when it reads, else what is stored.
    proef = Invoer(dict(invoer.velden), dict(invoer.rijen))
    nu = lees_verantwoording(proef, r.code, regeling, jaar) if bewerkbaar else None
    alle: dict[int, Verantwoording] = dict(d.verantwoordingen)
    if nu is not None:
        alle[jaar] = nu
    per_jaar = d.besluit.per_jaar if d.besluit else None
    context: dict[str, Any] = {
        "snapshot": snap,
        "regio": r,
        "regeling": regeling,
        "d": d,
        "jaar": jaar,
        "stand": status_tekst(d),
        "toegekend": toegekend,
        "bewerkbaar": bewerkbaar,
        "ingediend": d.verantwoording_ingediend.get(jaar),
        "i": invoer,
        "begroting": bereken(d.aanvraag, regeling),
        "vergelijking": vergelijk(d.aanvraag, regeling, alle) if toegekend else None,
        "signalen": signalen(d.aanvraag, regeling, per_jaar, alle) if toegekend else [],
        "signaalkop": lambda code: signaalkop(code, regeling),
        "afschrijving_berekend": afschrijving_per_jaar(d.aanvraag, regeling).get(jaar, 0),
        "besluit_jaar": per_jaar.get(jaar) if per_jaar else None,
        "fout": fout,
        "melding": melding,
        "basis": pad(r.code, regeling.code),
        "euro": euro,
        "procent": procent,
    }
    return pagina(request, "subsidie_verantwoording.html", status, **context)


@router.get(ADRES, dependencies=[toegang(Recht.SUBSIDIE_INZIEN)])
@privecache.per_sessie
async def verantwoording(
    request: Request, regio: Regiocode, regeling: Regelingcode, jaar: Jaar, gedaan: Gedaan = None
) -> Response:
    snap = snapshot(request)
    r, reg = snap.regio(regio), regeling_van(regeling)
    _jaar(reg, jaar)
    d = vereis_dossier(await dossier_van(request, r.code, reg.code), r.code, reg)
    return await _toon(request, snap, reg, d, jaar, melding=GEDAAN.get(gedaan or ""))


@router.post(ADRES, dependencies=[toegang(Recht.SUBSIDIE_AANVRAGEN)])
async def bewaar(
    request: Request, regio: Regiocode, regeling: Regelingcode, jaar: Jaar
) -> Response:
    snap = snapshot(request)
    r, reg = snap.regio(regio), regeling_van(regeling)
    _jaar(reg, jaar)
    d = vereis_dossier(await dossier_van(request, r.code, reg.code), r.code, reg)
    invoer = await invoer_van_post(request)
    actie = invoer.w("actie") or "bewaren"
    if actie.startswith("meer-"):
        meer(invoer, actie.removeprefix("meer-"))
        return await _toon(
            request, snap, reg, d, jaar, invoer=invoer,
            melding="Er staan nu meer lege regels. Uw invoer is nog niet bewaard.",
        )  # fmt: skip
    if actie not in ("bewaren", "indienen"):
        return await _toon(
            request, snap, reg, d, jaar, invoer=invoer,
            fout="Onbekende knop; kies Bewaren of Indienen.", status=400,
        )  # fmt: skip
    v = lees_verantwoording(invoer, r.code, reg, jaar)
    if v is None:
        return await _toon(
            request, snap, reg, d, jaar, invoer=invoer,
            fout=f"Niet bewaard: {len(invoer.fouten)} veld(en) kloppen niet. Ze staan "
            "hieronder gemarkeerd; de rest van uw invoer staat er nog.",
            status=400,
        )  # fmt: skip
    database, ik = app_db(request), wie(request)
    indienen = actie == "indienen"
    try:
        await db(lambda: opslag.bewaar_verantwoording(database, ik, v, indienen=indienen))
    except ParameterError as fout:
        return await _toon(request, snap, reg, d, jaar, invoer=invoer, fout=str(fout), status=400)
    naar = f"{pad(r.code, reg.code)}/verantwoording/{jaar}?gedaan="
    naar += "ingediend" if indienen else "bewaard"
    return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)
