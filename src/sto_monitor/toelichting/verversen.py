"""The cached public pages of a region follow its toelichtingen within seconds.

The dashboard keeps every rendered public answer per URL per snapshot (``web/render.py``) and
answers it before routing, so a region page costs nothing once warm. A published, edited or
hidden toelichting changes two of those answers: the region page (``/regio/X``) and its
regioportret (``/regio/X/regioportret.html|pdf``). Pages that show toelichtingen
:func:`onthoud` the snapshot they were rendered from; :func:`vergeet` drops a region's
answers from each of them.

A write in this process calls :func:`vergeet` at once. Writes of other processes (another
server, ``sto`` at the terminal, a test) are noticed by the :class:`Bewaker`: a thread that
asks ``opslag.versie`` (one count) every ``interval`` seconds and, when it changed, which
regions changed. The hot path itself does nothing extra. A page that was being rendered while
a write came in could be stored with the old text after the drop; the Bewaker therefore drops
a changed region once more :data:`NAGEKOMEN` seconds later. The web hands the Bewaker its event
loop, so the drops themselves run there, between two requests, and never in the middle of the
page cache's own lookup.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable

from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.toelichting import opslag

NAGEKOMEN = 10.0  # seconds after a change: drop once more (a render that was under way)
LOG = logging.getLogger(__name__)

_snapshots: weakref.WeakValueDictionary[int, Snapshot] = weakref.WeakValueDictionary()
_lock = threading.Lock()
_generatie = 0


def onthoud(snap: Snapshot) -> None:
    """Remember a snapshot whose cached answers show toelichtingen."""
    with _lock:
        _snapshots[id(snap)] = snap


def generatie() -> int:
    """A counter that :func:`vergeet` raises: a render that saw it change may be stale."""
    return _generatie


def _betreft(sleutel: str, regio: str | None) -> bool:
    pad = sleutel.split("?", 1)[0]
    if regio is None:
        return pad.startswith("/regio/")
    basis = f"/regio/{regio}"
    return pad == basis or pad.startswith(f"{basis}/regioportret.")


def vergeet(regio: str | None = None) -> int:
    """Drop the cached region page and regioportret of ``regio`` (of every region when None)
    from every remembered snapshot; the number of answers dropped."""
    global _generatie
    with _lock:
        _generatie += 1
        snapshots = list(_snapshots.values())
    weg = 0
    for snap in snapshots:
        cache = snap.cache
        for _ in range(3):  # the event loop may add an answer meanwhile: take the keys again
            try:
                sleutels = [k for k in list(cache) if _betreft(k, regio)]
                break
            except RuntimeError:
                continue
        else:
            sleutels = []
        for sleutel in sleutels:
            if cache.pop(sleutel, None) is not None:
                weg += 1
    return weg


class Bewaker:
    """A thread that notices other processes' writes (see the module docstring)."""

    def __init__(
        self,
        db: AppDatabase,
        *,
        interval: float = 2.0,
        uitvoeren: Callable[[Callable[[], object]], object] | None = None,
    ) -> None:
        self.db = db
        self.interval = interval
        self._uitvoeren = uitvoeren  # where a drop runs (the web's event loop); None: here
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._versie: int | None = None
        self._per_regio: dict[str, int] = {}
        self._nog: dict[str, float] = {}  # regio -> when to drop its pages once more

    def start(self) -> None:
        self._lees()
        self._thread = threading.Thread(target=self._loop, name="sto-toelichtingen", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _lees(self) -> bool:
        """Read the counters; False when the database cannot be read now."""
        try:
            self._versie = opslag.versie(self.db)
            self._per_regio = opslag.versies_per_regio(self.db)
        except Exception:  # an unreachable database must not stop the server
            LOG.debug("toelichtingen: versie niet te lezen", exc_info=True)
            return False
        return True

    def controleer(self) -> set[str]:
        """One check: drop the pages of the regions whose toelichtingen changed."""
        try:
            versie = opslag.versie(self.db)
        except Exception:
            LOG.debug("toelichtingen: versie niet te lezen", exc_info=True)
            return set()
        veranderd: set[str] = set()
        if versie != self._versie:
            oud = self._per_regio
            if not self._lees():
                return set()
            nieuw = self._per_regio
            veranderd = {r for r in oud.keys() | nieuw.keys() if oud.get(r) != nieuw.get(r)}
            if not veranderd:  # a change the counts per region do not show: drop them all
                self._vergeet(None)
            later = time.monotonic() + NAGEKOMEN
            for regio in veranderd:
                self._vergeet(regio)
                self._nog[regio] = later
        nu = time.monotonic()
        for regio, wanneer in list(self._nog.items()):
            if wanneer <= nu:
                del self._nog[regio]
                self._vergeet(regio)
        return veranderd

    def _vergeet(self, regio: str | None) -> None:
        if self._uitvoeren is None:
            vergeet(regio)
        else:
            self._uitvoeren(lambda: vergeet(regio))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.controleer()
