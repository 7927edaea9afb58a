"""Valid sessions remembered for a few seconds, so a signed-in page costs no query per request.

Within this process every change that ends or alters sessions (sign-out, a new sign-in on the
same browser, a block, a new role, a new password) empties it at once; a change made by another
process (``sto gebruiker blokkeer`` on the server) takes effect within ``BEWAAR`` seconds.
"""

from __future__ import annotations

import time
from typing import Generic, TypeVar

BEWAAR = 5.0  # seconds

T = TypeVar("T")


class Sessiecache(Generic[T]):
    def __init__(self) -> None:
        self._bewaard: dict[str, tuple[float, T]] = {}

    def haal(self, sleutel: str) -> T | None:
        gevonden = self._bewaard.get(sleutel)
        if gevonden is None or time.monotonic() - gevonden[0] > BEWAAR:
            return None
        return gevonden[1]

    def bewaar(self, sleutel: str, waarde: T) -> None:
        if len(self._bewaard) > 10_000:
            self._bewaard.clear()
        self._bewaard[sleutel] = (time.monotonic(), waarde)

    def vergeet(self) -> None:
        self._bewaard.clear()


GELDIG: Sessiecache[object] = Sessiecache()
