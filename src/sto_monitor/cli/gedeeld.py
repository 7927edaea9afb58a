"""What every command group of ``sto`` shares, in one place.

The group modules import this module and domain code only, never the package ``__init__``
(which imports them to register their commands): so the package has no import circle. Here
live the state of one invocation, the options every command accepts (``--db``, ``--quiet``)
and the four switches of a definition, the consoles, the checks for a warehouse, and the one
translation of errors into exit codes (``errors.ExitCode``), ``voer_uit``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from sto_monitor import db
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.errors import ExitCode, StoError, WarehouseError
from sto_monitor.indicators.definities import SCHAKELAARS, Definitie
from sto_monitor.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
console = Console()
errors = Console(stderr=True)


class State:
    """The settings of one invocation; ``--db`` and ``--quiet`` may change them anywhere."""

    def __init__(self) -> None:
        self.settings = Settings.from_env()
        self.db: Path = self.settings.db
        self.quiet = False


def common_options(func: F) -> F:
    """--db and --quiet on every command (also accepted before the command name)."""

    def set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
        if value is not None:
            ctx.ensure_object(State).db = value

    def set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.ensure_object(State).quiet = True

    func = click.option(
        "--db",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=set_db,
        help="DuckDB-bestand (standaard ./sto.duckdb).",
    )(func)
    func = click.option(
        "--quiet",
        "-q",
        is_flag=True,
        expose_value=False,
        callback=set_quiet,
        help="Geen voortgangsbalken en minder uitvoer.",
    )(func)
    return func


def definitie_opties(func: F) -> F:
    """--techniek, --populatie, --noemer and --routes (``indicators/definities.py``).

    The command receives them as one argument ``techniek``: the key of the chosen definition
    (``sto`` for the monitor's own).
    """

    @functools.wraps(func)
    def with_definitie(*args: Any, **kwargs: Any) -> Any:
        keuzes = {s.naam: kwargs.pop(s.naam) for s in SCHAKELAARS}
        return func(*args, techniek=Definitie(**keuzes).sleutel, **kwargs)

    wrapped: Any = with_definitie
    for schakelaar in reversed(SCHAKELAARS):
        uitleg = "; ".join(f"{k.code}: {k.uitleg}" for k in schakelaar.keuzes)
        wrapped = click.option(
            f"--{schakelaar.naam}",
            type=click.Choice([k.code for k in schakelaar.keuzes]),
            default=schakelaar.standaard,
            show_default=True,
            help=f"Definitie, {schakelaar.titel} ({uitleg}).",
        )(wrapped)
    return wrapped  # type: ignore[no-any-return]


def say(state: State, message: str) -> None:
    """A progress message (rich markup), left out with --quiet; results use ``console``."""
    if not state.quiet:
        console.print(message, highlight=False)


def nl(number: int) -> str:
    """Dutch thousands separator: 61.508."""
    return f"{number:,}".replace(",", ".")


def open_app_db(state: State) -> AppDatabase:
    """The application database of this warehouse (beside ``--db``, or ``STO_APP_DB``)."""
    return AppDatabase.open(replace(state.settings, db=state.db))


def open_warehouse(state: State, *, write: bool = False) -> db.Connection:
    """The warehouse for a command that needs loaded data: a usage error when there is none."""
    if not state.db.exists():
        raise click.UsageError(f"database {state.db} bestaat nog niet; begin met `sto ingest`")
    return db.connect(state.db, settings=state.settings, read_only=not write)


def vereis_database(state: State) -> None:
    """Refuse before publishing when there is no warehouse (the dashboard, reports, planner)."""
    if not state.db.exists():
        raise WarehouseError(
            f"database {state.db} bestaat niet; maak hem met sto demo of sto ingest"
        )


def stop_met_fout(exc: StoError) -> NoReturn:
    """Exit with the error's code where a command must stop itself, even outside ``voer_uit``.

    The message is escaped: it may quote a data file, whose brackets are not rich markup.
    """
    errors.print(f"[red]fout[/] {escape(str(exc))}", highlight=False)
    sys.exit(exc.exit_code)


def voer_uit(group: click.Group) -> None:
    """Run the ``sto`` group; the only place an exception becomes an exit code.

    Click's own errors are usage errors (2), a ``StoError`` exits with its ``exit_code`` and an
    interruption with ``UNEXPECTED``; every message goes to stderr in Dutch.
    """
    try:
        group(standalone_mode=False)
    except click.exceptions.Abort:
        errors.print("afgebroken")
        sys.exit(ExitCode.UNEXPECTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.USAGE)
    except StoError as exc:
        errors.print(f"[red]fout[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
