"""Settings, read once from the environment, with defaults that work on a laptop.

Each setting has a name, an environment variable, a default and a help text; ``sto instellingen``
prints them. Command-line options (``--db``) override the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from sto_monitor.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "STO_DB", "sto.duckdb", "Het DuckDB-bestand van het warehouse."),
    Setting("geheugen", "STO_GEHEUGEN", "1GB", "Geheugenlimiet van DuckDB (bijv. 1GB, 4GB)."),
    Setting("threads", "STO_THREADS", "0", "Aantal threads voor DuckDB; 0 = alle kernen."),
    Setting(
        "duo_url",
        "STO_DUO_URL",
        "https://duo.nl/open_onderwijsdata/images",
        "Basisadres van DUO's open onderwijsdata, voor `sto fetch`.",
    ),
    Setting("max_problemen", "STO_MAX_PROBLEMEN", "20", "Hoeveel problemen per bestand tonen."),
    Setting(
        "max_aantal",
        "STO_MAX_AANTAL",
        "10000",
        "Hoogste aantal in één cel van een bronbestand (leerlingen, examens, personen); "
        "een groter aantal wordt bij het inlezen geweigerd als onwaarschijnlijk.",
    ),
    Setting(
        "beheer_wachtwoord",
        "STO_BEHEER_WACHTWOORD",
        "",
        "Wachtwoord van het landelijk team voor /enquete/beheer; leeg = beheerpagina's uit.",
    ),
)


@dataclass(frozen=True)
class Geheim:
    """A secret setting: its value is never part of a printed or logged representation."""

    waarde: str = field(repr=False)

    def __str__(self) -> str:
        return "(ingesteld, niet getoond)" if self.waarde else "(leeg)"

    __repr__ = __str__

    def __bool__(self) -> bool:
        return bool(self.waarde)


@dataclass(frozen=True)
class Settings:
    db: Path
    geheugen: str
    threads: int
    duo_url: str
    max_problemen: int
    max_aantal: int = 10000
    beheer_wachtwoord: Geheim = Geheim("")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw = {s.name: env.get(s.env, s.default) for s in SETTINGS}
        try:
            return cls(
                db=Path(raw["db"]),
                geheugen=raw["geheugen"],
                threads=int(raw["threads"]),
                duo_url=raw["duo_url"].rstrip("/"),
                max_problemen=int(raw["max_problemen"]),
                max_aantal=int(raw["max_aantal"]),
                beheer_wachtwoord=Geheim(raw["beheer_wachtwoord"]),
            )
        except ValueError as exc:
            bad = next(
                s
                for s in SETTINGS
                if s.name in ("threads", "max_problemen", "max_aantal")
                and not raw[s.name].lstrip("-").isdigit()
            )
            raise ConfigError(
                f"Instelling {bad.env} moet een geheel getal zijn, niet {raw[bad.name]!r}"
            ) from exc


assert {f.name for f in fields(Settings)} == {s.name for s in SETTINGS}
