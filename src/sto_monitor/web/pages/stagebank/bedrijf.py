"""A company in the stagebank: it registers itself, then publishes, edits and withdraws its
internship places.

- ``GET /stagebank/bedrijf``: the account's companies with their status (waiting for the
  region, or confirmed) and their places, current and expired apart; with no company yet, the
  registration form (``POST`` to the same address registers it).
- ``GET /stagebank/bedrijf/{bedrijf}``: one company's places and the form for a new one
  (``POST …/plaatsen`` publishes it; only a confirmed company may, which the domain decides:
  its message comes back kindly, with the form still filled in).
- ``GET /stagebank/plaats/{plaats}/bewerken``: a place's editor (``POST /stagebank/plaats/
  {plaats}`` saves it, ``POST …/intrekken`` withdraws it).

Every route needs ``STAGES_PLAATSEN``; *which* company is the account's own is decided in
``stagebank/opslag.py`` on the stored record, so another company's id gives 403 (an unknown
id 404). No student data is asked for or stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor import domain
from sto_monitor.accounts.beleid import Recht, Rol
from sto_monitor.appdb.tabellen import StageBedrijf
from sto_monitor.errors import ForbiddenError, ParameterError
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.stagebank import lezen, opslag
from sto_monitor.stagebank.plek import PlekFout
from sto_monitor.toelichting import verversen
from sto_monitor.web.pages.stagebank.gedeeld import (
    Formulier,
    Id,
    controleer_plaats,
    db,
    formulier_van_plaats,
    gepubliceerd,
    nieuwe_plaats,
    pagina,
    plaats_formulier,
    postcode_tabel,
    vandaag,
    velden,
    wie,
)
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, toegang

router = APIRouter(include_in_schema=False)
PLAATSEN = [toegang(Recht.STAGES_PLAATSEN)]
Gedaan = Annotated[str | None, Query(max_length=20)]
GEDAAN: dict[str, str] = {
    "aangemeld": "Uw bedrijf is aangemeld. De regio van uw adres bevestigt het; daarna kunt u "
    "stageplaatsen publiceren.",
    "gepubliceerd": "De stageplaats is gepubliceerd. Scholen en leerlingen kunnen haar nu vinden.",
    "gewijzigd": "De wijzigingen zijn bewaard.",
    "ingetrokken": "De stageplaats is ingetrokken. Ze is niet meer te vinden.",
    "bevestigd": "Het bedrijf is bevestigd; het kan nu stageplaatsen publiceren.",
}
NIET_GEPUBLICEERD = "De stageplaats is nog niet gepubliceerd: controleer de gemarkeerde velden."
MAX_LANDELIJK = 300  # companies the national team's overview lists (by name)
BEDRIJF_VELDEN = ("naam", "adres", "postcode")
PROFIELEN = [(p.code, p.naam) for p in domain.PROFIELEN]
LEERWEGEN = list(domain.LEERWEGEN.items())


def status(snap: Snapshot, b: StageBedrijf) -> str:
    """The company's status in words."""
    if b.bevestigd is None:
        if b.regio is None:
            return "wacht op bevestiging door het landelijk team (het adres ligt buiten de regio's)"
        return "wacht op bevestiging door de regio"
    regio = snap.regios.get(b.regio or "")
    if regio is None:
        return "bevestigd"
    naam = regio.naam if regio.naam.lower().startswith("regio") else f"regio {regio.naam}"
    return f"bevestigd door {naam}"


def _terug(b: StageBedrijf, gedaan: str) -> Response:
    if b.regio:  # the region's portrait counts its places: drop its cached copy
        verversen.vergeet(b.regio)
    naar = f"/stagebank/bedrijf/{b.id}?gedaan={gedaan}"
    return RedirectResponse(naar, status_code=303, headers=GEEN_OPSLAG)


# ---------------------------------------------------------------- the account's companies


async def _overzicht(
    request: Request,
    aanmelding: Formulier,
    *,
    fout: str | None = None,
    melding: str | None = None,
    status_code: int = 200,
) -> Response:
    database, ik, dag = app_db(request), wie(request), vandaag()
    landelijk = ik.rol is Rol.LANDELIJK

    def lees() -> tuple[list[tuple[StageBedrijf, lezen.Overzicht | None]], int]:
        bedrijven = lezen.bedrijven_van(database, ik)
        if landelijk:  # every company of the country: a list of links, not every place;
            # those waiting for the national team itself (outside every region) first
            bedrijven = sorted(
                bedrijven, key=lambda b: b.bevestigd is not None or b.regio is not None
            )
            return [(b, None) for b in bedrijven[:MAX_LANDELIJK]], len(bedrijven)
        eigen = [(b, lezen.plaatsen_van(database, ik, b.id, dag)) for b in bedrijven]
        return list(eigen), len(eigen)

    snap = gepubliceerd(request)
    bedrijven, totaal = await db(lees)
    return pagina(
        request,
        "stagebank_bedrijf.html",
        status_code,
        snapshot=snap,
        bedrijven=bedrijven,
        totaal=totaal,
        status_van=lambda b: status(snap, b),
        f=aanmelding,
        fout=fout,
        melding=melding,
        landelijk=landelijk,
    )


@router.get("/stagebank/bedrijf", dependencies=PLAATSEN)
async def overzicht(request: Request, gedaan: Gedaan = None) -> Response:
    return await _overzicht(request, Formulier(), melding=GEDAAN.get(gedaan or ""))


@router.post("/stagebank/bedrijf", dependencies=PLAATSEN)
async def aanmelden(request: Request) -> Response:
    enkel, _ = await velden(request)
    f = Formulier({k: enkel.get(k, "")[:400] for k in BEDRIJF_VELDEN})
    database, ik = app_db(request), wie(request)
    pcs = await postcode_tabel(request)
    try:
        b = await db(
            lambda: opslag.registreer_bedrijf(
                database,
                ik,
                naam=f.w("naam"),
                adres=f.w("adres"),
                postcode_tekst=f.w("postcode"),
                pcs=pcs,
            )
        )
    except PlekFout as fouten:
        f.voeg_toe(fouten.fouten)
        return await _overzicht(
            request, f, fout="Controleer de gemarkeerde velden.", status_code=400
        )
    except ParameterError as fout:
        return await _overzicht(request, f, fout=str(fout), status_code=400)
    return _terug(b, "aangemeld")


# ---------------------------------------------------------------- one company and its places


async def _bedrijf(
    request: Request,
    bedrijf: int,
    f: Formulier | None,
    *,
    fout: str | None = None,
    melding: str | None = None,
    nog_niet: str | None = None,
    status_code: int = 200,
) -> Response:
    database, ik, dag = app_db(request), wie(request), vandaag()

    def lees() -> tuple[StageBedrijf, lezen.Overzicht]:
        b = lezen.eigen_bedrijf(database, ik, bedrijf)
        return b, lezen.plaatsen_van(database, ik, b.id, dag)

    b, plaatsen = await db(lees)
    snap = gepubliceerd(request)
    return pagina(
        request,
        "stagebank_bedrijf_plaatsen.html",
        status_code,
        snapshot=snap,
        b=b,
        status_tekst=status(snap, b),
        zelf_bevestigen=b.bevestigd is None and b.regio is None and ik.rol is Rol.LANDELIJK,
        plaatsen=plaatsen,
        f=f or nieuwe_plaats(b, ik),
        profielen=PROFIELEN,
        leerwegen=LEERWEGEN,
        fout=fout,
        melding=melding,
        nog_niet=nog_niet,
    )


@router.get("/stagebank/bedrijf/{bedrijf:int}", dependencies=PLAATSEN)
async def bedrijfspagina(request: Request, bedrijf: Id, gedaan: Gedaan = None) -> Response:
    return await _bedrijf(request, bedrijf, None, melding=GEDAAN.get(gedaan or ""))


@router.post("/stagebank/bedrijf/{bedrijf:int}/plaatsen", dependencies=PLAATSEN)
async def publiceer(request: Request, bedrijf: Id) -> Response:
    f = plaats_formulier(*await velden(request))
    database, ik = app_db(request), wie(request)
    b = await db(lambda: lezen.eigen_bedrijf(database, ik, bedrijf))  # 404 / 403 first
    plek = controleer_plaats(f, await postcode_tabel(request))
    if plek is None:
        return await _bedrijf(request, b.id, f, fout=NIET_GEPUBLICEERD, status_code=400)
    try:
        await db(lambda: opslag.publiceer(database, ik, b.id, plek))
    except ForbiddenError as fout:
        if b.bevestigd is not None:
            raise
        # not yet confirmed: the domain's message, kindly, with everything typed kept
        return await _bedrijf(request, b.id, f, nog_niet=str(fout), status_code=409)
    return _terug(b, "gepubliceerd")


# ---------------------------------------------------------------- one place


async def _editor(
    request: Request,
    plaats: int,
    f: Formulier | None,
    *,
    fout: str | None = None,
    status_code: int = 200,
) -> Response:
    database, ik = app_db(request), wie(request)
    p, b = await db(lambda: lezen.eigen_plaats(database, ik, plaats))
    return pagina(
        request,
        "stagebank_plaats_formulier.html",
        status_code,
        snapshot=gepubliceerd(request),
        p=p,
        b=b,
        verlopen=p.eind < vandaag(),
        f=f or formulier_van_plaats(p),
        profielen=PROFIELEN,
        leerwegen=LEERWEGEN,
        fout=fout,
    )


@router.get("/stagebank/plaats/{plaats:int}/bewerken", dependencies=PLAATSEN)
async def bewerken(request: Request, plaats: Id) -> Response:
    return await _editor(request, plaats, None)


@router.post("/stagebank/plaats/{plaats:int}", dependencies=PLAATSEN)
async def wijzig(request: Request, plaats: Id) -> Response:
    f = plaats_formulier(*await velden(request))
    database, ik = app_db(request), wie(request)
    _, b = await db(lambda: lezen.eigen_plaats(database, ik, plaats))  # 404 / 403 first
    plek = controleer_plaats(f, await postcode_tabel(request))
    if plek is None:
        fout = "De wijzigingen zijn nog niet bewaard: controleer de gemarkeerde velden."
        return await _editor(request, plaats, f, fout=fout, status_code=400)
    await db(lambda: opslag.wijzig(database, ik, plaats, plek))
    return _terug(b, "gewijzigd")


@router.post("/stagebank/plaats/{plaats:int}/intrekken", dependencies=PLAATSEN)
async def intrekken(request: Request, plaats: Id) -> Response:
    database, ik = app_db(request), wie(request)

    def trek_in() -> StageBedrijf:
        p = opslag.trek_in(database, ik, plaats)
        return lezen.eigen_bedrijf(database, ik, p.bedrijf_id)

    return _terug(await db(trek_in), "ingetrokken")
