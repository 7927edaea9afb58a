"""Download DUO's open-data files for one school year (``sto fetch``).

DUO publishes each file under a stable name below one base address (``settings.duo_url``);
names changed over the years, so each kind lists the names to try in order. Downloads stream
to ``NAME.part`` and are renamed only when complete, so a broken download never looks like data.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sto_monitor.errors import DownloadError

CHUNK = 1024 * 1024
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class RemoteFile:
    kind: str  # Dutch label
    names: tuple[str, ...]  # candidate file names, tried in order
    required: bool


def catalogue(jaar: int) -> list[RemoteFile]:
    volgend = jaar + 1
    return [
        RemoteFile(
            "leerlingen vo per vestiging",
            (
                f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{jaar}.csv",
                f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{jaar}-{volgend}.csv",
                f"leerlingen-vo-per-vestiging-naar-onderwijstype-{jaar}.csv",
            ),
            required=True,
        ),
        RemoteFile(
            "alle vestigingen vo",
            ("02.-alle-vestigingen-vo.csv", "alle-vestigingen-vo.csv"),
            required=False,
        ),
        RemoteFile(
            "geslaagden, gezakten en cijfers",
            (f"geslaagden-gezakten-en-cijfers-{jaar}-{volgend}.csv",),
            required=False,
        ),
    ]


ProgressCallback = Callable[[str, int, int | None], None]  # (name, bytes done, total)


def fetch_year(
    jaar: int, out: Path, *, base_url: str, on_progress: ProgressCallback | None = None
) -> tuple[list[Path], list[str]]:
    """Download every file of the catalogue; return the files and notes on missing ones."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    notes: list[str] = []
    for remote in catalogue(jaar):
        path = _first_available(remote, out, base_url, on_progress)
        if path is not None:
            files.append(path)
        elif remote.required:
            raise DownloadError(
                f"{remote.kind} {jaar}/{jaar + 1} niet gevonden op {base_url} "
                f"(geprobeerd: {', '.join(remote.names)})"
            )
        else:
            notes.append(f"{remote.kind} {jaar}/{jaar + 1} niet beschikbaar; overgeslagen")
    return files, notes


def _first_available(
    remote: RemoteFile, out: Path, base_url: str, on_progress: ProgressCallback | None
) -> Path | None:
    for name in remote.names:
        url = f"{base_url.rstrip('/')}/{name}"
        try:
            return download(url, out / name, on_progress=on_progress)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                continue
            raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    return None


def download(url: str, target: Path, *, on_progress: ProgressCallback | None = None) -> Path:
    """Stream ``url`` to ``target``; refuse an HTML page where a data file was expected."""
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            content_type = response.headers.get("Content-Type", "")
            if "text/html" in content_type:
                raise DownloadError(f"{url} gaf een HTML-pagina in plaats van een bestand")
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            with partial.open("wb") as handle:
                while chunk := response.read(CHUNK):
                    handle.write(chunk)
                    done += len(chunk)
                    if on_progress:
                        on_progress(target.name, done, total)
        if total is not None and done != total:
            raise DownloadError(f"{url}: download onvolledig ({done} van {total} bytes)")
    except urllib.error.HTTPError:
        partial.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target
