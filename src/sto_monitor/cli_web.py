"""``sto serve``: the web dashboard and API on uvicorn. Registered on the ``sto`` group."""

from __future__ import annotations

import click

from sto_monitor.cli import State, cli, common_options, definitie_opties, say
from sto_monitor.errors import WarehouseError


def serve_dashboard(state: State, host: str, port: int, techniek: str = "sto") -> None:
    import uvicorn

    from sto_monitor.web.app import create_app

    if not state.db.exists():
        raise WarehouseError(
            f"database {state.db} bestaat niet; maak hem met sto demo of sto ingest"
        )
    say(state, "Gegevens publiceren (afscherming van kleine aantallen)…")
    app = create_app(state.db, techniek=techniek, settings=state.settings)
    say(
        state, f"Dashboard: http://{host}:{port}/  (API: http://{host}:{port}/api, stoppen: Ctrl-C)"
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning" if state.quiet else "info",
        access_log=not state.quiet,
        loop="auto",
        http="auto",
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=int, help="Poort.")
@definitie_opties
@common_options
@click.pass_obj
def serve(state: State, host: str, port: int, techniek: str) -> None:
    """Start het webdashboard en de open API (alleen lezen)."""
    serve_dashboard(state, host, port, techniek)
