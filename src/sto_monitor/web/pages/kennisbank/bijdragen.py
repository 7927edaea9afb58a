"""Contributing to the kennisbank: the form, editing, and the contributor's own list.

``GET /kennisbank/nieuw`` shows the form of every field of an item; ``POST /kennisbank`` saves
it as a concept for the national team to check (``opslag.draag_bij``) and goes to
``/kennisbank/mijn``. ``GET /kennisbank/{item}/bewerken`` and ``POST /kennisbank/{item}`` edit
an item (``opslag.bewerk``; whose item it is, is checked by the domain on the stored regio and
vestiging). On any problem the form comes back with everything typed and each message beside
its field (``kennisbank.item.controleer`` names the field of every problem).

Who contributes for which regio: a `regio` account for its own regio, a `school` account for
one of its vestigingen (the item's regio is that vestiging's, from the published figures), the
national team for the first region it chooses (or for none in particular).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sto_monitor.accounts.beleid import Actor, Recht, Rol
from sto_monitor.domain import PROFIELEN
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden, lezen, opslag
from sto_monitor.kennisbank.item import (
    LICENTIES,
    MAX_SAMENVATTING,
    MAX_TITEL,
    NIVEAUS,
    SOORTEN,
    Item,
    controleer,
    themas,
)
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.web.pages.kennisbank.gedeeld import (
    LANDELIJK_NAAM,
    db,
    pagina,
    regio_naam,
    ververs,
    weergave,
    wie,
)
from sto_monitor.web.render import snapshot
from sto_monitor.web.toegang import GEEN_OPSLAG, app_db, formulier_alle, toegang

router = APIRouter(include_in_schema=False)
BIJDRAGEN = [toegang(Recht.KENNIS_BIJDRAGEN)]
VELDEN = (
    *("titel", "samenvatting", "soort", "regios", "profielen"),
    *("themas", "niveaus", "licentie", "links", "contact"),
)
GEDAAN: dict[str, str] = {
    "nieuw": "Dank u wel. Uw bijdrage wacht op controle door het landelijk team; daarna kan "
    "iedereen haar vinden.",
    "bewerkt": "De wijziging is bewaard. Het item wacht weer op controle door het landelijk team.",
}
Gedaan = Annotated[str, Query(max_length=20)]


def item_uit(velden: dict[str, list[str]]) -> Item:
    """The item as typed, unchecked: one link a line."""

    def een(naam: str) -> str:
        return (velden.get(naam) or [""])[-1]

    def lijst(naam: str) -> tuple[str, ...]:
        return tuple(v for v in velden.get(naam, []) if v)

    return Item(
        titel=een("titel"),
        samenvatting=een("samenvatting"),
        soort=een("soort"),
        licentie=een("licentie"),
        regios=lijst("regios"),
        profielen=lijst("profielen"),
        themas=lijst("themas"),
        niveaus=lijst("niveaus"),
        links=tuple(r.strip() for r in een("links").splitlines() if r.strip()),
        contact=een("contact"),
    )


def fouten_van(fout: ParameterError) -> tuple[dict[str, list[str]], str | None]:
    """The messages per field of ``controleer``'s error ("- titel: vul een titel in."), and
    whatever names no field (said above the form)."""
    per_veld: dict[str, list[str]] = {}
    overig: list[str] = []
    for regel in str(fout).splitlines():
        veld, _, melding = regel.removeprefix("- ").partition(": ")
        if regel.startswith("- ") and veld in VELDEN and melding:
            per_veld.setdefault(veld, []).append(melding[:1].upper() + melding[1:])
        elif not regel.startswith("Het item is niet compleet"):
            overig.append(regel)
    return per_veld, " ".join(overig) or None


def _bekend(snap: Snapshot, item: Item) -> Item:
    """The item, when every region it names is one of ours (or national)."""
    onbekend = [r for r in item.regios if r not in snap.regios and r != opslag.LANDELIJK]
    if onbekend:
        raise ParameterError(f"- regios: onbekende regio {onbekend[0][:20]!r}.")
    return item


def _vestiging_regio(snap: Snapshot, vestiging: str) -> str | None:
    return next((v.regio for v in snap.vestigingen if v.code == vestiging), None)


def _vestigingen(snap: Snapshot, ik: Actor) -> list[tuple[str, str]]:
    namen = {v.code: v.naam for v in snap.vestigingen}
    return [(c, namen.get(c, c)) for c in sorted(ik.vestigingen)]


def _namens(snap: Snapshot, ik: Actor, item: Item, vestiging: str) -> tuple[str, str | None]:
    """The regio (and vestiging) a new item is contributed for."""
    if ik.rol is Rol.SCHOOL:
        gekozen = vestiging if vestiging in ik.vestigingen else min(ik.vestigingen, default="")
        regio = _vestiging_regio(snap, gekozen)
        if regio is None:
            raise ParameterError(
                "We weten niet in welke regio uw vestiging ligt. Neem contact op met het "
                "landelijk team."
            )
        return regio, gekozen
    if ik.rol is Rol.REGIO:
        eigen = [r for r in item.regios if r in ik.regios] or sorted(ik.regios)
        return (eigen[0] if eigen else ""), None
    return (item.regios[0] if item.regios else ""), None


def _voorkeuze(snap: Snapshot, ik: Actor) -> tuple[str, ...]:
    """The regions ticked on an empty form: the own regio, or the school's."""
    if ik.rol is Rol.REGIO:
        return tuple(sorted(ik.regios))
    if ik.rol is Rol.SCHOOL:
        return tuple(r for v in sorted(ik.vestigingen) if (r := _vestiging_regio(snap, v)))
    return ()


def _formulier(
    request: Request,
    snap: Snapshot,
    invoer: Item,
    *,
    doel: str,
    item_id: int | None = None,
    vestiging: str = "",
    fout: ParameterError | None = None,
    status: int = 200,
    **extra: Any,
) -> Response:
    ik = wie(request)
    per_veld, algemeen = fouten_van(fout) if fout is not None else ({}, None)
    regios = [(r.code, r.naam) for r in snap.regios.values()]
    if ik.rol is Rol.LANDELIJK:
        regios.append((opslag.LANDELIJK, LANDELIJK_NAAM))
    return pagina(
        request,
        "kennisbank_formulier.html",
        status,
        snapshot=snap,
        invoer=invoer,
        doel=doel,
        item_id=item_id,
        fouten=per_veld,
        algemeen=algemeen,
        soorten=SOORTEN,
        niveaus=NIVEAUS,
        licenties=LICENTIES,
        themas=themas(),
        profielen=PROFIELEN,
        regios=regios,
        vestigingen=_vestigingen(snap, ik) if ik.rol is Rol.SCHOOL else [],
        vestiging=vestiging,
        max_titel=MAX_TITEL,
        max_samenvatting=MAX_SAMENVATTING,
        bestanden=extra.pop("bestanden", []),
        mag_bewerken=item_id is not None,
        **extra,
    )


@router.get("/kennisbank/nieuw", dependencies=BIJDRAGEN)
async def nieuw(request: Request) -> Response:
    snap = snapshot(request)
    leeg = Item("", "", "", "CC-BY-4.0", regios=_voorkeuze(snap, wie(request)))
    return _formulier(request, snap, leeg, doel="/kennisbank")


@router.post("/kennisbank", dependencies=BIJDRAGEN)
async def bijdragen(request: Request) -> Response:
    snap = snapshot(request)
    velden = await formulier_alle(request)
    invoer = item_uit(velden)
    vestiging = (velden.get("vestiging") or [""])[-1]
    database, ik = app_db(request), wie(request)
    try:
        schoon = _bekend(snap, controleer(invoer))  # every field's problem at once
        regio, vest = _namens(snap, ik, schoon, vestiging)
        await db(lambda: opslag.draag_bij(database, ik, schoon, regio=regio, vestiging=vest))
    except ParameterError as fout:
        return _formulier(
            request, snap, invoer, doel="/kennisbank", vestiging=vestiging, fout=fout, status=400
        )
    return RedirectResponse("/kennisbank/mijn?gedaan=nieuw", status_code=303, headers=GEEN_OPSLAG)


@router.get("/kennisbank/mijn", dependencies=BIJDRAGEN)
async def mijn(request: Request, gedaan: Gedaan = "") -> Response:
    snap = snapshot(request)
    database, ik = app_db(request), wie(request)
    items = await db(lambda: lezen.van_bijdrager(database, ik))
    return pagina(
        request,
        "kennisbank_mijn.html",
        snapshot=snap,
        items=[weergave(k, snap) for k in items],
        melding=GEDAAN.get(gedaan),
        namens=", ".join(regio_naam(snap, r) for r in sorted(ik.regios)),
    )


@router.get("/kennisbank/{item:int}/bewerken", dependencies=BIJDRAGEN)
async def bewerken(request: Request, item: int) -> Response:
    snap = snapshot(request)
    database, ik = app_db(request), wie(request)
    k = await db(lambda: lezen.voor_bewerken(database, ik, item))  # 404, or 403 if not own
    lijst = await db(lambda: bestanden.van_item(database, item))
    w = weergave(k, snap)
    return _formulier(
        request, snap, w.item, doel=f"/kennisbank/{k.id}", item_id=k.id, huidig=w, bestanden=lijst
    )


@router.post("/kennisbank/{item:int}", dependencies=BIJDRAGEN)
async def bewaar(request: Request, item: int) -> Response:
    snap = snapshot(request)
    invoer = item_uit(await formulier_alle(request))
    database, ik = app_db(request), wie(request)
    try:
        k = await db(lambda: lezen.voor_bewerken(database, ik, item))  # 404, or 403
        was_openbaar = k.status == opslag.GEPUBLICEERD
        schoon = _bekend(snap, controleer(invoer))
        k = await db(lambda: opslag.bewerk(database, ik, item, schoon))
    except ParameterError as fout:
        k = await db(lambda: lezen.voor_bewerken(database, ik, item))
        lijst = await db(lambda: bestanden.van_item(database, item))
        doel = f"/kennisbank/{k.id}"
        w = weergave(k, snap)
        return _formulier(
            request,
            snap,
            invoer,
            doel=doel,
            item_id=k.id,
            fout=fout,
            status=400,
            huidig=w,
            bestanden=lijst,
        )
    if was_openbaar:
        ververs(k.regio)  # no longer public until checked again: off the region page
    return RedirectResponse("/kennisbank/mijn?gedaan=bewerkt", status_code=303, headers=GEEN_OPSLAG)
