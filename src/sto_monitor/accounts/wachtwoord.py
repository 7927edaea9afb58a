"""Passwords, hashed with Argon2id (argon2-cffi).

The cost is a setting (``STO_ARGON2_TIJD`` passes over ``STO_ARGON2_GEHEUGEN`` KiB), tuned so a
sign-in costs 50-250 ms on the server (``python -m benchmarks inloggen`` prints it). A hash keeps
its own parameters, so raising the cost later still verifies old hashes; ``moet_opnieuw`` says
when one should be replaced at the next sign-in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sto_monitor.errors import ParameterError
from sto_monitor.settings import Settings

MINIMALE_LENGTE = 12


@cache
def _hasher(tijd: int, geheugen: int) -> PasswordHasher:
    return PasswordHasher(time_cost=tijd, memory_cost=geheugen, parallelism=1)


@dataclass(frozen=True)
class Wachtwoorden:
    """The hasher of one installation's settings."""

    tijd: int
    geheugen: int

    @classmethod
    def van(cls, settings: Settings) -> Wachtwoorden:
        return cls(settings.argon2_tijd, settings.argon2_geheugen)

    @property
    def _ph(self) -> PasswordHasher:
        return _hasher(self.tijd, self.geheugen)

    def hash(self, wachtwoord: str) -> str:
        controleer_sterkte(wachtwoord)
        return self._ph.hash(wachtwoord)

    def klopt(self, hash_: str | None, wachtwoord: str) -> bool:
        """Does ``wachtwoord`` match? Without a hash the work is done anyway (same time)."""
        try:
            return self._ph.verify(hash_ or self._leeg, wachtwoord) and hash_ is not None
        except (VerificationError, InvalidHashError):
            return False

    def moet_opnieuw(self, hash_: str) -> bool:
        return self._ph.check_needs_rehash(hash_)

    def opnieuw(self, wachtwoord: str) -> str:
        """A hash at today's cost of a password that just verified (no strength rules: it
        was accepted when it was set)."""
        return self._ph.hash(wachtwoord)

    @property
    def _leeg(self) -> str:
        return _dummy(self.tijd, self.geheugen)

    def meet(self, keer: int = 5) -> float:
        """Seconds one verification takes on this machine (the median of ``keer``)."""
        h = self._ph.hash("een wachtwoord om te meten")
        tijden = []
        for _ in range(keer):
            start = time.perf_counter()
            self.klopt(h, "een wachtwoord om te meten")
            tijden.append(time.perf_counter() - start)
        return sorted(tijden)[len(tijden) // 2]


@cache
def _dummy(tijd: int, geheugen: int) -> str:
    """A hash of nothing anybody types, verified when an address has no account."""
    return _hasher(tijd, geheugen).hash("geen account: dit wachtwoord bestaat niet")


def controleer_sterkte(wachtwoord: str) -> None:
    """A password of at least 12 characters, not all the same (NCSC: length over rules)."""
    if len(wachtwoord) < MINIMALE_LENGTE:
        raise ParameterError(f"Een wachtwoord heeft minstens {MINIMALE_LENGTE} tekens.")
    if len(set(wachtwoord)) < 4:
        raise ParameterError("Kies een wachtwoord met meer verschillende tekens.")
