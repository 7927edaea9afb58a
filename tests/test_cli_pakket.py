"""The ``sto`` package's shape: no group module imports the package, and every command is there.

Group modules register on the root group only because ``cli/__init__.py`` imports them; if one
imported the package back, the import circle this package replaced would return.
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import sto_monitor.cli as pakket
from sto_monitor.cli import cli

MAP = Path(pakket.__file__).parent
MODULES = sorted(p for p in MAP.rglob("*.py") if p.name != "__init__.py")

COMMANDS = {
    "build": None,
    "controleer": None,
    "controleer-publicatie": None,
    "demo": None,
    "enquete": {
        "analyse",
        "genereer",
        "golven",
        "importeer",
        "intrekken",
        "open",
        "sluit",
        "uitnodigen",
    },
    "fetch": None,
    "gebruiker": {"toevoegen", "lijst", "rol", "blokkeer", "reset-link"},
    "database": {"migreer", "overzetten"},
    "generate": None,
    "indicator": None,
    "indicatoren": None,
    "ingest": None,
    "kennisbank": {"oogst"},
    "stagebank": {"digest"},
    "instellingen": None,
    "openbaarheid": {"controle"},
    "optimaliseer": None,
    "prognose": None,
    "rapport": {"landelijk", "regio"},
    "regio-demo": None,
    "regiodocument": {"export"},
    "subsidie": {"regeling", "regelingen"},
    "scenario": {"lijst", "nieuw", "toon", "vergelijk", "verwijder"},
    "serve": None,
    "status": None,
    "techniek-verschil": None,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(MAP.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names, relative imports resolved.

    ``from X import Y`` counts as importing X and, since Y may be a submodule, X.Y.
    """
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_group_module_imports_the_package(path: Path) -> None:
    imported = _imports(path)
    assert "sto_monitor.cli" not in imported, f"{path.name} imports sto_monitor.cli (__init__)"


def test_the_package_has_no_import_circle() -> None:
    own = {_module_name(p): _imports(p) for p in MODULES}
    graph = {m: {i for i in imports if i in own and i != m} for m, imports in own.items()}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph[m])
        return seen

    circles = [m for m in graph if m in reach(m)]
    assert not circles, f"import circle through {circles}"


def test_shared_module_imports_no_group_module() -> None:
    groups = {_module_name(p) for p in MODULES} - {"sto_monitor.cli.gedeeld"}
    assert not _imports(MAP / "gedeeld.py") & groups


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = {
        line.split()[0]
        for line in result.output.split("Commands:", 1)[1].splitlines()
        if line.strip()
    }
    assert listed == set(COMMANDS)
    assert set(cli.commands) == set(COMMANDS)


@pytest.mark.parametrize("group", [n for n, sub in COMMANDS.items() if sub is not None])
def test_group_help_lists_its_commands(group: str) -> None:
    command = cli.commands[group]
    assert isinstance(command, click.Group)
    assert set(command.commands) == COMMANDS[group]
    result = CliRunner().invoke(cli, [group, "--help"], terminal_width=200)
    assert result.exit_code == 0
    for sub in COMMANDS[group] or ():
        assert f"  {sub} " in result.output
