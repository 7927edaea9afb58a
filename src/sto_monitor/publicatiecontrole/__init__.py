"""Published figures checked against themselves and the data (``sto controleer-publicatie``).

``gepubliceerd/*.toml`` holds the published tables and figures, each entered once with its
source (``model.py``). ``consistentie.py`` checks a table against itself, without data;
``vergelijking.py`` recomputes every cell the loaded data can reproduce with the indicator and
definition it corresponds to. :func:`controleer` does both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sto_monitor import db
from sto_monitor.publicatiecontrole.consistentie import Bevinding
from sto_monitor.publicatiecontrole.consistentie import controleer as controleer_intern
from sto_monitor.publicatiecontrole.model import Publicatie, kies
from sto_monitor.publicatiecontrole.vergelijking import (
    BINNEN_MARGE,
    GELIJK,
    NIET_TE_CONTROLEREN,
    VERSCHIL,
    Monitor,
    Uitkomst,
    vergelijk,
)

# The groups of the report, in the order they are shown: comparison classes, then the
# publication's own slips.
GROEPEN: tuple[tuple[str, str], ...] = (
    (GELIJK, "klopt"),
    (BINNEN_MARGE, "binnen de marge"),
    (VERSCHIL, "verschil"),
    (NIET_TE_CONTROLEREN, "niet te controleren"),
)
FOUT_IN_PUBLICATIE = "fout in de publicatie zelf"


@dataclass
class Controle:
    publicatie: Publicatie
    bevindingen: list[Bevinding] = field(default_factory=list)
    uitkomsten: list[Uitkomst] = field(default_factory=list)

    def per_klasse(self, klasse: str) -> list[Uitkomst]:
        return [u for u in self.uitkomsten if u.klasse == klasse]


def controleer(
    namen: Sequence[str] = (), con: db.Connection | None = None, map_: Path | None = None
) -> list[Controle]:
    """Check the named published tables (all when none are named) against themselves and,
    when a warehouse is given, against the monitor."""
    monitor = Monitor(con)
    return [
        Controle(pub, controleer_intern(pub), vergelijk(pub, monitor)) for pub in kies(namen, map_)
    ]


__all__ = [
    "FOUT_IN_PUBLICATIE",
    "GROEPEN",
    "Bevinding",
    "Controle",
    "Publicatie",
    "Uitkomst",
    "controleer",
]
