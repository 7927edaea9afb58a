"""The ``sto`` command: the root group and ``main``, the entry point in pyproject.toml.

Thin: a command parses its options, calls one stage function and prints. Each command group
lives in its own module, which imports only ``gedeeld`` (the shared state, options and the
translation of errors into exit codes) and domain code; this module imports the group modules
and adds their commands to the root group, so nothing imports back into it.
"""

from __future__ import annotations

import click

from sto_monitor.cli import (
    controleer,
    demo,
    enquete,
    gebruiker,
    indicatoren,
    ingest,
    kennisbank,
    openbaarheid,
    optimaliseer,
    prognose,
    publicatiecontrole,
    rapport,
    regiodocument,
    scenario,
    stagebank,
    subsidie,
    web,
)
from sto_monitor.cli.gedeeld import State, common_options, voer_uit

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="sto-monitor")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """STO Monitor: DUO-data inlezen, de STO-monitor berekenen en tonen."""
    ctx.ensure_object(State)


def _registreer(*groepen: tuple[click.Command, ...]) -> None:
    """Add each group module's commands; ``sto --help`` sorts them by name."""
    for commands in groepen:
        for command in commands:
            cli.add_command(command)


_registreer(
    ingest.COMMANDS,
    demo.COMMANDS,
    controleer.COMMANDS,
    indicatoren.COMMANDS,
    openbaarheid.COMMANDS,
    publicatiecontrole.COMMANDS,
    rapport.COMMANDS,
    web.COMMANDS,
    scenario.COMMANDS,
    optimaliseer.COMMANDS,
    prognose.COMMANDS,
    enquete.COMMANDS,
    gebruiker.COMMANDS,
    regiodocument.COMMANDS,
    subsidie.COMMANDS,
    kennisbank.COMMANDS,
    stagebank.COMMANDS,
)


def main() -> None:
    """The ``sto`` executable: errors become exit codes in ``gedeeld.voer_uit``."""
    voer_uit(cli)
