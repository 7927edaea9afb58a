"""Files attached to a kennisbank item: upload, remove, download (``kennisbank.bestanden``).

- ``POST /kennisbank/{item}/bestanden``: a plain multipart form (works without JavaScript,
  with the CSRF token, which ``toegang.formulier`` reads from the multipart body). The domain
  asks the policy on the stored item, recognises the type from the bytes and stores the file
  outside the web root. A refused file (empty, too large, a type that is not allowed, too many)
  gives the page again with the reason in Dutch and the form: 400, 413 or 415, never a 500.
- ``POST /kennisbank/{item}/bestand/{bestand}/verwijderen``: removes it, on disk too.
- ``GET /kennisbank/{item}/bestand/{bestand}`` (public): the file as an attachment with its
  stored type and ``nosniff``, once the item is published; before that only for who may edit
  or moderate the item (the session is read for that, and the answer is then ``no-store``);
  anyone else gets a 404, as for a file that does not exist.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import ParameterError
from sto_monitor.kennisbank import bestanden
from sto_monitor.web.pages.kennisbank.gedeeld import db, pagina, wie
from sto_monitor.web.toegang import GEEN_OPSLAG, actor, app_db, instellingen, toegang

router = APIRouter(include_in_schema=False)
BIJDRAGEN = [toegang(Recht.KENNIS_BIJDRAGEN)]


def _terug(item: int) -> Response:
    return RedirectResponse(
        f"/kennisbank/{item}/bewerken#bestanden", status_code=303, headers=GEEN_OPSLAG
    )


def _status(data: bytes, max_bytes: int) -> int:
    """Why a file was refused, as HTTP says it: too large, a type we do not take, or else."""
    if len(data) > max_bytes:
        return 413
    if data:
        try:
            bestanden.herken(data)
        except ParameterError:
            return 415
    return 400


@router.post("/kennisbank/{item:int}/bestanden", dependencies=BIJDRAGEN)
async def toevoegen(request: Request, item: int) -> Response:
    settings = instellingen(request)
    max_bytes = settings.max_upload_mb * 1_000_000
    veld = (await request.form()).get("bestand")  # parsed once, by the CSRF check
    naam, data = "", b""
    if isinstance(veld, UploadFile):
        naam = veld.filename or ""
        data = await veld.read(max_bytes + 1)  # one byte more tells "too large"
    database, ik, map_ = app_db(request), wie(request), settings.bestanden_map
    try:
        await db(
            lambda: bestanden.voeg_toe(
                database, ik, item, naam, data, map_=map_, max_bytes=max_bytes
            )
        )
    except ParameterError as fout:
        lijst = await db(lambda: bestanden.van_item(database, item))
        return pagina(
            request,
            "kennisbank_bestand_fout.html",
            _status(data, max_bytes),
            item_id=item,
            bestanden=lijst,
            mag_bewerken=True,
            fout=str(fout),
        )
    return _terug(item)


@router.post("/kennisbank/{item:int}/bestand/{bestand:int}/verwijderen", dependencies=BIJDRAGEN)
async def verwijderen(request: Request, item: int, bestand: int) -> Response:
    database, ik = app_db(request), wie(request)
    map_ = instellingen(request).bestanden_map
    await db(lambda: bestanden.verwijder(database, ik, item, bestand, map_=map_))
    return _terug(item)


@router.get("/kennisbank/{item:int}/bestand/{bestand:int}", dependencies=[toegang(Recht.OPENBAAR)])
async def download(request: Request, item: int, bestand: int) -> Response:
    database, map_ = app_db(request), instellingen(request).bestanden_map
    ik = actor(request) if request.cookies else None  # only matters before publication
    b, pad, openbaar = await db(lambda: bestanden.lees(database, ik, item, bestand, map_=map_))
    koppen = {"X-Content-Type-Options": "nosniff", "Content-Disposition": bijlage(b.naam)}
    koppen.update({"Cache-Control": "no-cache"} if openbaar else GEEN_OPSLAG)
    return FileResponse(pad, media_type=b.media_type, headers=koppen)


def bijlage(naam: str) -> str:
    """``Content-Disposition`` of a download: an ASCII name every browser reads, and the
    name itself (RFC 6266 ``filename*``) for those that read UTF-8."""
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode()
    ascii_naam = ascii_naam.replace('"', "").replace("\\", "") or "bestand"
    if ascii_naam == naam:
        return f'attachment; filename="{naam}"'
    return f"attachment; filename=\"{ascii_naam}\"; filename*=UTF-8''{quote(naam)}"
