"""``sto serve``: the web dashboard and API on uvicorn. Also used by ``sto demo``."""

from __future__ import annotations

import click

from sto_monitor.cli.gedeeld import State, common_options, definitie_opties, say, vereis_database


def serve_dashboard(state: State, host: str, port: int, techniek: str = "sto") -> None:
    """Publish, then serve until Ctrl-C; shared by ``sto serve`` and ``sto demo``."""
    import uvicorn

    from sto_monitor.web.app import create_app
    from sto_monitor.web.logboek import log_config

    vereis_database(state)
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
        log_config=log_config(),  # tokens in paths (reset links, invitations) never logged
        loop="auto",
        http="auto",
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, type=int, help="Poort.")
@definitie_opties
@common_options
@click.pass_obj
def serve(state: State, host: str, port: int, techniek: str) -> None:
    """Start het webdashboard en de open API."""
    serve_dashboard(state, host, port, techniek)


COMMANDS: tuple[click.Command, ...] = (serve,)
