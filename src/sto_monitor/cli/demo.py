"""``sto generate``, ``sto demo`` and ``sto regio-demo``: synthetic data and the demo.

``sto demo`` strings the other groups together (generate, ingest, build, serve), so this module
imports their modules; none of them imports this one. After loading the generated files it fills
the application database with synthetic companies, places and kennisbank items.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
from rich.table import Table

from sto_monitor import db
from sto_monitor.cli.gedeeld import State, common_options, console, nl, open_app_db, say
from sto_monitor.cli.indicatoren import build
from sto_monitor.cli.ingest import run_ingest
from sto_monitor.cli.web import serve_dashboard
from sto_monitor.errors import ExitCode
from sto_monitor.progress import progress_bar
from sto_monitor.publicatie.taal import SYNTHETISCH


def parse_jaren(text: str) -> list[int]:
    """``2019-2024`` or ``2019,2021``."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(part) for part in text.split(",")]
    except ValueError as exc:
        raise click.BadParameter(f"verwacht bijv. 2019-2024, niet {text!r}") from exc


@click.command()
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
    """Generate with a progress bar; shared by ``sto generate`` and ``sto demo``."""
    from sto_monitor.generate import generate as generate_country

    if schaal <= 0:
        raise click.BadParameter("--schaal moet groter dan 0 zijn")
    with progress_bar("genereren", None, quiet=state.quiet) as bar:

        def on_progress(step: str, done: int, total: int) -> None:
            bar.update(description=f"genereren: {step}", completed=done, total=total)

        return generate_country(
            uit, schaal=schaal, layout=layout, jaren=jaren, seed=seed, progress=on_progress
        )


@click.command()
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
    if not echt:
        fill_application_database(state)
    print_summary(state)
    if dashboard:
        click.get_current_context().invoke(build)
        serve_dashboard(state, "127.0.0.1", port)


def fill_application_database(state: State) -> None:
    """Synthetic confirmed companies with current places, and published kennisbank items,
    in the application database ``sto serve`` opens (``generate/appdemo.py``)."""
    from sto_monitor.generate import appdemo

    database = open_app_db(state)
    try:
        gevuld = appdemo.vul(database, state.db, settings=state.settings)
    finally:
        database.sluit()
    if gevuld.bedrijven or gevuld.kennisitems:
        say(
            state,
            f"Stagebank: {nl(gevuld.bedrijven)} bedrijven met {nl(gevuld.plaatsen)} "
            f"stageplaatsen; kennisbank: {gevuld.kennisitems} items ({SYNTHETISCH.lower()})",
        )


def demo_boundaries() -> list[Path]:
    """Real gemeente boundaries for the demo's maps, when ../shared/data/real is beside us."""
    try:
        geo = find_real_data() / "geo"
    except click.UsageError:
        return []
    return [p for p in (geo / "gemeenten.geojson", geo / "KoppelCodes.csv") if p.is_file()]


def find_real_data() -> Path:
    """``../shared/data/real`` beside the working directory or beside this checkout."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        candidate = base.parent / "shared" / "data" / "real"
        if candidate.is_dir():
            return candidate
    raise click.UsageError("map ../shared/data/real niet gevonden")


def print_summary(state: State) -> None:
    """The national key figures, so the demo shows at once that the data loaded."""
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


def _interval(low: int, high: int) -> str:
    """A count as DUO's masking leaves it: one number, or its range."""
    return nl(low) if low == high else f"{nl(low)}\u2013{nl(high)}"  # en dash


@click.command("regio-demo")
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


COMMANDS: tuple[click.Command, ...] = (generate, demo, regio_demo)
