"""The dashboard on a real uvicorn on loopback, for the sign-in tests (OIDC, e-mail).

``dashboard(map, env)`` runs ``create_app`` on an empty warehouse (no figures are needed to sign
in) with the settings of ``env`` (``STO_…`` as in production, e.g. ``STO_OIDC_ISSUER`` or
``STO_SMTP_HOST``) and its own SQLite application database, in a thread on a free port. The
test reaches the same application database through ``Dashboard.app_db`` to make accounts and to
look at sessions and the audit log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from sto_monitor import db
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.settings import Settings
from sto_monitor.web.app import create_app
from tests.web_fixtures import free_port

SNEL_HASHEN = {"STO_ARGON2_TIJD": "1", "STO_ARGON2_GEHEUGEN": "1024"}


@dataclass(frozen=True)
class Dashboard:
    base: str
    settings: Settings
    app_db: AppDatabase


@contextmanager
def dashboard(map_: Path, env: dict[str, str], *, port: int | None = None) -> Iterator[Dashboard]:
    """The dashboard with ``env`` on ``port`` (free when not given; ``STO_BASIS_URL`` follows)."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    warehouse = map_ / "leeg.duckdb"
    db.connect(warehouse).close()
    settings = Settings.from_env(
        {
            "STO_BASIS_URL": base,
            "STO_APP_DB": f"sqlite:///{map_ / 'app.sqlite'}",
            **SNEL_HASHEN,
            **env,
        }
    )
    app = create_app(warehouse, settings=settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", ws="none")
    )
    thread = threading.Thread(target=server.run, name="sto-dashboard", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn kwam niet op"
        time.sleep(0.05)
    try:
        yield Dashboard(base, app.state.settings, app.state.app_db)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.app_db.sluit()
