"""The ``sto`` command. Thin: parse options, call a stage function, print, map errors to exits.

Errors are translated to exit codes here and nowhere else (see ``errors.ExitCode``).
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sto_monitor import db
from sto_monitor.errors import ExitCode, StoError
from sto_monitor.indicators.definities import SCHAKELAARS, Definitie
from sto_monitor.ingest import fetch as fetch_module
from sto_monitor.ingest.runner import Outcome, ingest_paths
from sto_monitor.progress import progress_bar
from sto_monitor.publicatie.taal import SYNTHETISCH
from sto_monitor.settings import SETTINGS, Settings

F = TypeVar("F", bound=Callable[..., Any])
console = Console()
errors = Console(stderr=True)


class State:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="sto-monitor")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """STO Monitor: DUO-data inlezen, de STO-monitor berekenen en tonen."""
    ctx.ensure_object(State)


def say(state: State, message: str) -> None:
    if not state.quiet:
        console.print(message, highlight=False)


# --- ingest -------------------------------------------------------------------------------


@cli.command()
@click.argument("paden", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--schooljaar", type=int, help="Schooljaar (eerste jaar, 2019 = 2019/2020).")
@click.option(
    "--problemen",
    type=click.Path(path_type=Path),
    help="Schrijf alle gevonden problemen als JSON naar dit bestand.",
)
@common_options
@click.pass_obj
def ingest(
    state: State, paden: tuple[Path, ...], schooljaar: int | None, problemen: Path | None
) -> None:
    """Laad bestanden of mappen in de database (herkend aan hun kopregel)."""
    outcomes = run_ingest(state, list(paden), schooljaar)
    if problemen is not None:
        found = [
            asdict(p) | {"melding": str(p)} for o in outcomes if o.error for p in o.error.problems
        ]
        problemen.write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")
    if any(o.failed for o in outcomes):
        sys.exit(ExitCode.SOURCE_FILE)


def run_ingest(state: State, paden: list[Path], schooljaar: int | None) -> list[Outcome]:
    total = sum(_size(p) for p in paden)
    con = db.connect(state.db, settings=state.settings)
    try:
        with progress_bar("inlezen", total, quiet=state.quiet, in_bytes=True) as bar:
            done = 0  # bytes of the files before the current one

            def on_file(path: Path, size: int) -> None:
                nonlocal done
                bar.update(description=f"inlezen {path.name[:40]}", completed=done)
                done += size

            outcomes = ingest_paths(
                con,
                paden,
                schooljaar=schooljaar,
                max_problems=state.settings.max_problemen,
                on_file=on_file,
            )
            bar.update(completed=total)
    finally:
        con.close()
    report_outcomes(state, outcomes)
    return outcomes


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def report_outcomes(state: State, outcomes: list[Outcome]) -> None:
    for o in outcomes:
        if o.status == "geladen" and o.result and o.format:
            extra = "; ".join(o.result.notes)
            say(
                state,
                f"[green]geladen[/]  {o.path.name}: {o.format.title}, "
                f"{nl(o.result.rows_read)} regels → {nl(o.result.rows_loaded)} rijen"
                + (f" ({extra})" if extra else ""),
            )
            for w in o.waarschuwingen:
                console.print(f"[yellow]waarschuwing[/] {escape(str(w))}", highlight=False)
            if o.result.replaced:
                say(
                    state,
                    f"         vervangt eerder geladen bron(nen) "
                    f"{', '.join(map(str, sorted(o.result.replaced)))}",
                )
        elif o.status == "al-geladen":
            say(state, f"[dim]al geladen[/] {o.path.name} (bron {o.bron_id}, zelfde sha256)")
        elif o.status == "overgeslagen" and o.error:
            say(state, f"[dim]overgeslagen[/] {o.path.name}: {o.error.problems[0].message}")
        elif o.error:
            # the message may hold brackets (values, paths): escaped, not read as markup
            errors.print(f"[red]fout[/] {escape(str(o.error))}", highlight=False)
    loaded = sum(o.status == "geladen" for o in outcomes)
    failed = sum(o.failed for o in outcomes)
    say(state, f"{loaded} bestand(en) geladen, {failed} met fouten, database: {state.db}")


# --- generate / demo ------------------------------------------------------------------------


def parse_jaren(text: str) -> list[int]:
    """``2019-2024`` or ``2019,2021``."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(part) for part in text.split(",")]
    except ValueError as exc:
        raise click.BadParameter(f"verwacht bijv. 2019-2024, niet {text!r}") from exc


@cli.command()
@click.option(
    "--out",
    "uit",
    required=True,
    type=click.Path(path_type=Path),
    help="Map voor de gegenereerde bestanden.",
)
@click.option(
    "--schaal",
    type=float,
    default=1.0,
    show_default=True,
    help="1.0 = Nederland; 10 = tien keer zo groot land.",
)
@click.option(
    "--layout",
    type=click.Choice(["2019", "2023"]),
    default="2019",
    show_default=True,
    help="DUO-editie van de leerlingenbestanden.",
)
@click.option("--jaren", default="2019-2024", show_default=True, help="Schooljaren.")
@click.option("--seed", type=int, default=42, show_default=True)
@common_options
@click.pass_obj
def generate(state: State, uit: Path, schaal: float, layout: str, jaren: str, seed: int) -> None:
    """Genereer synthetische landelijke gegevens in de echte DUO-formaten."""
    files = run_generate(
        state, uit, schaal=schaal, layout=layout, jaren=parse_jaren(jaren), seed=seed
    )
    say(state, f"{len(files)} bestanden geschreven in {uit}")


def run_generate(
    state: State, uit: Path, *, schaal: float, layout: str, jaren: list[int], seed: int
) -> list[Path]:
    from sto_monitor.generate import generate as generate_country

    if schaal <= 0:
        raise click.BadParameter("--schaal moet groter dan 0 zijn")
    with progress_bar("genereren", None, quiet=state.quiet) as bar:

        def on_progress(step: str, done: int, total: int) -> None:
            bar.update(description=f"genereren: {step}", completed=done, total=total)

        return generate_country(
            uit, schaal=schaal, layout=layout, jaren=jaren, seed=seed, progress=on_progress
        )


@cli.command()
@click.option(
    "--echt",
    "echt",
    is_flag=True,
    help="Gebruik de echte openbare bestanden in ../shared/data/real in plaats van "
    "gegenereerde demo-gegevens.",
)
@click.option(
    "--map",
    "map_",
    type=click.Path(path_type=Path),
    help="Map voor de demo-bestanden (standaard een tijdelijke map).",
)
@click.option(
    "--dashboard/--geen-dashboard",
    default=True,
    show_default=True,
    help="Bereken daarna alle indicatoren en open het webdashboard.",
)
@click.option("--port", default=8000, show_default=True, type=int, help="Poort van het dashboard.")
@common_options
@click.pass_obj
def demo(state: State, echt: bool, map_: Path | None, dashboard: bool, port: int) -> None:
    """Genereer demo-gegevens, lees ze in, toon een samenvatting en open het dashboard."""
    if echt:
        real = find_real_data()
        say(state, f"Echte openbare bestanden uit {real}")
        outcomes = run_ingest(state, [real], None)
        from sto_monitor.ingest.demo_regio import DEMO_LABEL, ensure_demo_regions

        con = db.connect(state.db, settings=state.settings)
        try:
            built = ensure_demo_regions(con)
        finally:
            con.close()
        for periode, count in built.items():
            say(state, f"{DEMO_LABEL}: {count} regio's voor {periode}")
    else:
        with tempfile.TemporaryDirectory(prefix="sto-demo-") as tmp:
            folder = map_ or Path(tmp)
            files = run_generate(
                state, folder, schaal=1.0, layout="2019", jaren=list(range(2019, 2025)), seed=42
            )
            say(state, f"{len(files)} demo-bestanden gegenereerd")
            outcomes = run_ingest(state, [folder, *demo_boundaries()], None)
    if any(o.failed for o in outcomes):
        sys.exit(ExitCode.SOURCE_FILE)
    print_summary(state)
    if dashboard:
        from sto_monitor.cli_indicatoren import build
        from sto_monitor.cli_web import serve_dashboard

        click.get_current_context().invoke(build)
        serve_dashboard(state, "127.0.0.1", port)


def demo_boundaries() -> list[Path]:
    """Real gemeente boundaries for the demo's maps, when ../shared/data/real is beside us."""
    try:
        geo = find_real_data() / "geo"
    except click.UsageError:
        return []
    return [p for p in (geo / "gemeenten.geojson", geo / "KoppelCodes.csv") if p.is_file()]


def find_real_data() -> Path:
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "data" / "real"
        if candidate.is_dir():
            return candidate
    raise click.UsageError("map ../shared/data/real niet gevonden")


def print_summary(state: State) -> None:
    from sto_monitor.indicators import kerncijfers
    from sto_monitor.ingest import synthetisch

    con = db.connect(state.db, settings=state.settings, read_only=True)
    try:
        rows = kerncijfers.national(con)
        official = con.execute("SELECT bool_and(officieel) FROM regio").fetchall()[0][0]
        synthetic = synthetisch.in_gebruik(con)
    finally:
        con.close()
    title = "Landelijke samenvatting: derdejaars vmbo bb/kb/gl"
    table = Table(title=f"{title}\n{SYNTHETISCH}" if synthetic else title)
    for header in (
        "schooljaar",
        "derdejaars",
        "techniek",
        "techniekaandeel",
        "vestigingen met techniek",
        "STO-regio's",
    ):
        table.add_column(header, justify="right")
    for r in rows:
        share = r.techniekaandeel
        table.add_row(
            f"{r.schooljaar}/{r.schooljaar + 1}",
            _interval(r.derdejaars_min, r.derdejaars_max),
            _interval(r.techniek_min, r.techniek_max),
            "-" if share is None else f"{share * 100:.1f} %".replace(".", ","),
            str(r.vestigingen_met_techniek),
            str(r.regios) if r.regios else "-",
        )
    console.print(table)
    if official is False:
        console.print("Regio-indeling: demo-indeling, niet officieel.")
    if synthetic:
        console.print(SYNTHETISCH)


def nl(number: int) -> str:
    """Dutch thousands separator: 61.508."""
    return f"{number:,}".replace(",", ".")


def _interval(low: int, high: int) -> str:
    return nl(low) if low == high else f"{nl(low)}\u2013{nl(high)}"  # en dash


# --- fetch / status / settings ----------------------------------------------------------------


@cli.command()
@click.option("--jaar", type=int, required=True, help="Schooljaar (2019 = 2019/2020).")
@click.option(
    "--uit",
    type=click.Path(path_type=Path),
    default=Path("duo-data"),
    show_default=True,
    help="Map voor de gedownloade bestanden.",
)
@click.option("--basis-url", help="Basisadres (standaard DUO; instelling STO_DUO_URL).")
@click.option("--alleen-downloaden", is_flag=True, help="Niet inlezen na het downloaden.")
@common_options
@click.pass_obj
def fetch(
    state: State, jaar: int, uit: Path, basis_url: str | None, alleen_downloaden: bool
) -> None:
    """Download de officiële DUO-bestanden van een schooljaar en lees ze in."""
    base = basis_url or state.settings.duo_url
    with progress_bar("downloaden", None, quiet=state.quiet, in_bytes=True) as bar:

        def on_progress(name: str, done: int, total: int | None) -> None:
            bar.update(description=f"downloaden {name[:40]}", completed=done, total=total)

        files, notes = fetch_module.fetch_year(
            jaar, uit / str(jaar), base_url=base, on_progress=on_progress
        )
    for note in notes:
        say(state, note)
    say(state, f"{len(files)} bestand(en) gedownload naar {uit / str(jaar)}")
    if not alleen_downloaden:
        outcomes = run_ingest(state, files, jaar)
        if any(o.failed for o in outcomes):
            sys.exit(ExitCode.SOURCE_FILE)


@cli.command("regio-demo")
@click.option("--seed", type=int, default=42, show_default=True)
@common_options
@click.pass_obj
def regio_demo(state: State, seed: int) -> None:
    """Maak een demo-indeling in STO-regio's voor periodes zonder (officiële) indeling."""
    from sto_monitor.ingest.demo_regio import DEMO_LABEL, ensure_demo_regions

    con = db.connect(state.db, settings=state.settings)
    try:
        built = ensure_demo_regions(con, seed=seed)
    finally:
        con.close()
    if not built:
        say(state, "geen nieuwe indeling nodig (of geen vmbo-vestigingen met coördinaten geladen)")
    for periode, count in built.items():
        say(state, f"{DEMO_LABEL}: {count} regio's voor {periode}")


@cli.command()
@common_options
@click.pass_obj
def status(state: State) -> None:
    """Toon welke bestanden in de database zijn geladen."""
    if not state.db.exists():
        raise click.UsageError(f"database {state.db} bestaat nog niet; begin met `sto ingest`")
    con = db.connect(state.db, settings=state.settings, read_only=True)
    try:
        rows = con.execute(
            "SELECT bron_id, bestand, formaat, schooljaar, rijen_geladen, status, "
            "strftime(geladen_op, '%Y-%m-%d %H:%M') FROM bron ORDER BY bron_id"
        ).fetchall()
    finally:
        con.close()
    table = Table(title=f"Bronnen in {state.db}")
    for header in ("bron", "bestand", "formaat", "schooljaar", "rijen", "status", "geladen op"):
        table.add_column(header)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


@cli.command()
@common_options
def instellingen() -> None:
    """Toon de instellingen en hun omgevingsvariabelen."""
    current = Settings.from_env()
    table = Table(title="Instellingen (omgevingsvariabelen)")
    for header in ("variabele", "waarde", "betekenis"):
        table.add_column(header)
    for setting in SETTINGS:
        table.add_row(setting.env, str(getattr(current, setting.name)), setting.help)
    console.print(table)


# The indicator commands live in their own module; importing it registers them on `cli`.
from sto_monitor import (  # noqa: E402, F401
    cli_controleer,
    cli_enquete,
    cli_enquete_analyse,
    cli_enquete_uitnodiging,
    cli_indicatoren,
    cli_openbaarheid,
    cli_optimaliseer,
    cli_prognose,
    cli_publicatiecontrole,
    cli_rapport,
    cli_scenario,
    cli_web,
)


def main() -> None:
    try:
        cli(standalone_mode=False)
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
