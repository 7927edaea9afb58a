"""Static files, all served from the package: nothing is loaded from a CDN.

``/static/vega.js`` is the Vega, Vega-Lite and Vega-Embed bundle that ``vl-convert-python``
ships (``vl_convert.javascript_bundle``); it is built once per process (about a second) and
sent gzip-compressed when the browser accepts that.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
_lock = threading.Lock()
_files: dict[str, tuple[bytes, bytes, str]] = {}  # name -> (plain, gzipped, etag)


def _vega_bundle() -> bytes:
    import vl_convert

    bundle: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # snippet is optional
    return bundle.encode()


def _load(name: str) -> tuple[bytes, bytes, str]:
    with _lock:
        if name not in _files:
            if name == "vega.js":
                plain = _vega_bundle()
            else:
                resource = resources.files("sto_monitor.web").joinpath("static", name)
                if not resource.is_file():
                    raise NotFoundError(f"bestand /static/{name} bestaat niet")
                plain = resource.read_bytes()
            etag = '"' + hashlib.blake2b(plain, digest_size=12).hexdigest() + '"'
            _files[name] = (plain, gzip.compress(plain, 6, mtime=0), etag)
        return _files[name]


@router.get("/static/{name}")
async def static_file(name: str, request: Request) -> Response:
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in MEDIA or "/" in name or name.startswith("."):
        raise NotFoundError(f"bestand /static/{name} bestaat niet")
    plain, gzipped, etag = _load(name)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") in (etag, etag[:-1] + '-gz"'):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        headers["ETag"] = etag[:-1] + '-gz"'  # another representation, another tag
        return Response(gzipped, media_type=MEDIA[suffix], headers=headers)
    return Response(plain, media_type=MEDIA[suffix], headers=headers)
