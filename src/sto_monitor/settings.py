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
        "app_db",
        "STO_APP_DB",
        "",
        "De applicatiedatabase (accounts, toelichtingen, enquête, scenario's, audit): een "
        "SQLAlchemy-adres zoals postgresql://gebruiker@host/sto; leeg = een SQLite-bestand "
        "naast het warehouse (sto-app.sqlite bij sto.duckdb).",
    ),
    Setting(
        "basis_url",
        "STO_BASIS_URL",
        "http://127.0.0.1:8000",
        "Het adres waarop het dashboard bereikbaar is; voor links in e-mails en in de terminal.",
    ),
    Setting(
        "sessie_inactief",
        "STO_SESSIE_INACTIEF",
        "30",
        "Minuten zonder activiteit waarna iemand opnieuw moet inloggen.",
    ),
    Setting("sessie_max", "STO_SESSIE_MAX", "12", "Uren waarna een sessie altijd verloopt."),
    Setting(
        "argon2_tijd", "STO_ARGON2_TIJD", "3", "Argon2id: aantal passes per wachtwoordcontrole."
    ),
    Setting(
        "argon2_geheugen",
        "STO_ARGON2_GEHEUGEN",
        "65536",
        "Argon2id: geheugen per wachtwoordcontrole in KiB (65536 = 64 MiB).",
    ),
    Setting("smtp_host", "STO_SMTP_HOST", "", "SMTP-server voor e-mail; leeg = geen e-mail."),
    Setting("smtp_poort", "STO_SMTP_POORT", "25", "Poort van de SMTP-server."),
    Setting("smtp_afzender", "STO_SMTP_AFZENDER", "sto-monitor@localhost", "Afzender van e-mail."),
    Setting("smtp_gebruiker", "STO_SMTP_GEBRUIKER", "", "Gebruikersnaam bij de SMTP-server."),
    Setting("smtp_wachtwoord", "STO_SMTP_WACHTWOORD", "", "Wachtwoord bij de SMTP-server."),
    Setting(
        "oidc_issuer",
        "STO_OIDC_ISSUER",
        "",
        "OIDC-aanbieder (bijv. SURFconext); leeg = alleen inloggen met wachtwoord.",
    ),
    Setting("oidc_client_id", "STO_OIDC_CLIENT_ID", "", "Client-id bij de OIDC-aanbieder."),
    Setting("oidc_client_secret", "STO_OIDC_CLIENT_SECRET", "", "Client-geheim bij OIDC."),
    Setting(
        "bestanden",
        "STO_BESTANDEN",
        "",
        "De map voor bestanden die bij de kennisbank zijn geüpload (buiten de website zelf); "
        "leeg = een map naast de applicatiedatabase (sto-app-bestanden bij sto-app.sqlite), of "
        "naast het warehouse als de applicatiedatabase PostgreSQL is.",
    ),
    Setting(
        "max_upload_mb",
        "STO_MAX_UPLOAD_MB",
        "20",
        "Grootste bestand dat iemand mag uploaden (kennisbank), in MB.",
    ),
)

# Settings that hold whole numbers; a wrong value is refused with the variable's name.
GETALLEN = (
    "threads",
    "max_problemen",
    "max_aantal",
    "sessie_inactief",
    "sessie_max",
    "argon2_tijd",
    "argon2_geheugen",
    "smtp_poort",
    "max_upload_mb",
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
    app_db: str = ""
    basis_url: str = "http://127.0.0.1:8000"
    sessie_inactief: int = 30
    sessie_max: int = 12
    argon2_tijd: int = 3
    argon2_geheugen: int = 65536
    smtp_host: str = ""
    smtp_poort: int = 25
    smtp_afzender: str = "sto-monitor@localhost"
    smtp_gebruiker: str = ""
    smtp_wachtwoord: Geheim = Geheim("")
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: Geheim = Geheim("")
    bestanden: str = ""
    max_upload_mb: int = 20

    @property
    def app_db_url(self) -> str:
        """The application database's address: the setting, or a SQLite file by the warehouse."""
        if self.app_db:
            return self.app_db
        return f"sqlite:///{self.db.with_name(self.db.stem + '-app.sqlite')}"

    @property
    def bestanden_map(self) -> Path:
        """Where uploaded files live: the setting, or a folder beside the SQLite application
        database (beside the warehouse when that database is PostgreSQL). Never inside the
        package, so the web server cannot serve them as static files."""
        if self.bestanden:
            return Path(self.bestanden)
        url = self.app_db_url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            bestand = Path(url.removeprefix("sqlite:///"))
            return bestand.with_name(bestand.stem + "-bestanden")
        return self.db.with_name(self.db.stem + "-bestanden")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw = {s.name: env.get(s.env, s.default) for s in SETTINGS}
        for bad in (s for s in SETTINGS if s.name in GETALLEN):
            if not raw[bad.name].lstrip("-").isdigit():
                raise ConfigError(
                    f"Instelling {bad.env} moet een geheel getal zijn, niet {raw[bad.name]!r}"
                )
        getallen = {name: int(raw[name]) for name in GETALLEN}
        return cls(
            db=Path(raw["db"]),
            geheugen=raw["geheugen"],
            duo_url=raw["duo_url"].rstrip("/"),
            app_db=raw["app_db"],
            basis_url=raw["basis_url"].rstrip("/"),
            smtp_host=raw["smtp_host"],
            smtp_afzender=raw["smtp_afzender"],
            smtp_gebruiker=raw["smtp_gebruiker"],
            smtp_wachtwoord=Geheim(raw["smtp_wachtwoord"]),
            oidc_issuer=raw["oidc_issuer"].rstrip("/"),
            oidc_client_id=raw["oidc_client_id"],
            oidc_client_secret=Geheim(raw["oidc_client_secret"]),
            bestanden=raw["bestanden"],
            **getallen,
        )


assert {f.name for f in fields(Settings)} == {s.name for s in SETTINGS}
