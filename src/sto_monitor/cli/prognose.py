"""``sto prognose``: forecast third-year numbers of a region (``planner/prognose.py``).

Thin: parse, call ``prognose``/``backtest``, print through ``prognose_uitvoer`` (which never
prints a count below 5). The minimum group is the region's ondergrens (``planner/ondergrens``)
when the application database has one, else the standard 11.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from sto_monitor import db, domain
from sto_monitor.cli.gedeeld import (
    State,
    common_options,
    console,
    open_app_db,
    vereis_database,
)
from sto_monitor.errors import ParameterError
from sto_monitor.publicatie.veilig import csv_regels

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sto_monitor.planner.prognose import Prognose
    from sto_monitor.planner.prognose.backtest import Backtest, BacktestLandelijk
    from sto_monitor.planner.prognose.kalibratie import Misser

BRON = {"leerjaar 2": "doorstroom lj 2", "leerjaar 1": "doorstroom lj 1", "trend": "trend"}


@click.command("prognose")
@click.option("--regio", help="Regiocode, bijv. R01 (zonder --regio en met --backtest: alle).")
@click.option("--jaren", type=int, default=5, show_default=True, help="Aantal schooljaren (1-10).")
@click.option(
    "--min-groep",
    type=int,
    help="Minimale groepsgrootte: aanbod met een prognose onder de ondergrens van de regio "
    "wordt gesignaleerd. Standaard de ondergrens die de regio instelde, anders 11.",
)
@click.option("--tot", type=int, help="Gebruik alleen de geladen schooljaren tot en met dit jaar.")
@click.option("--formaat", type=click.Choice(["tabel", "csv"]), default="tabel", show_default=True)
@click.option("--uit", type=click.Path(path_type=Path), help="Schrijf naar dit bestand.")
@click.option(
    "--backtest",
    is_flag=True,
    help="Toon de backtest: het laatste geladen jaar voorspeld uit de jaren ervoor.",
)
@click.option(
    "--alle-profielen", is_flag=True, help="Alle profielen in de tabel, niet alleen techniek."
)
@common_options
@click.pass_obj
def prognose_cmd(
    state: State,
    regio: str | None,
    jaren: int,
    min_groep: int | None,
    tot: int | None,
    formaat: str,
    uit: Path | None,
    backtest: bool,
    alle_profielen: bool,
) -> None:
    """Prognose van het aantal derdejaars (vmbo bb/kb/gl) per profiel en aanbod van een regio."""
    from sto_monitor.planner.prognose import prognose
    from sto_monitor.planner.prognose.backtest import backtest_landelijk
    from sto_monitor.planner.prognose.kalibratie import rollend

    if regio is None and not backtest:
        raise ParameterError("geef een regio met --regio CODE (of --backtest voor alle regio's)")
    con = _open(state)
    try:
        if min_groep is None:
            min_groep = _ondergrens(state, regio)
        if regio is None:
            landelijk = backtest_landelijk(con, min_groep=min_groep, tot=tot)
            uitkomst: Prognose | None = None
            missers = rollend(con, tot=tot) if formaat == "tabel" else []
        else:
            uitkomst = prognose(con, regio, jaren=jaren, min_groep=min_groep, tot=tot)
    finally:
        con.close()
    uitvoer = io.StringIO()
    if formaat == "csv":
        _csv(uitvoer, uitkomst, backtest, None if uitkomst else landelijk)
    else:
        scherm = console if uit is None else Console(file=uitvoer, width=140, color_system=None)
        if uitkomst is None:
            _landelijk_tabel(scherm, landelijk)
            _dekking_tabel(scherm, missers)
        else:
            _tabellen(scherm, uitkomst, backtest, alle_profielen)
    if uit is not None:
        uit.write_text(uitvoer.getvalue(), encoding="utf-8")
        console.print(f"geschreven: {uit}", highlight=False)
    elif formaat == "csv":
        click.echo(uitvoer.getvalue(), nl=False)


def _open(state: State) -> db.Connection:
    """The warehouse, read only; a clear error before anything is computed when it is missing."""
    vereis_database(state)
    return db.connect(state.db, settings=state.settings, read_only=True)


def _ondergrens(state: State, regio: str | None) -> int:
    """The region's ondergrens when there is an application database (``STO_APP_DB``, or the
    SQLite file beside the warehouse); else, and for all regions at once, the standard."""
    from dataclasses import replace

    from sto_monitor.planner import ondergrens

    settings = replace(state.settings, db=state.db)
    bestand = Path(settings.app_db_url.removeprefix("sqlite:///"))
    if regio is None or (not settings.app_db and not bestand.exists()):
        return ondergrens.STANDAARD
    app_db = open_app_db(state)
    try:
        return ondergrens.lees(app_db, regio)
    finally:
        app_db.sluit()


# --- csv ------------------------------------------------------------------------------------


def _csv(
    uit: io.StringIO,
    p: Prognose | None,
    backtest: bool,
    landelijk: BacktestLandelijk | None,
) -> None:
    from sto_monitor.planner.prognose import uitvoer as u

    if landelijk is not None or backtest:
        tests = landelijk.regios if landelijk is not None else [p.backtest] if p else []
        rijen = [r for b in tests if b is not None for r in u.backtest_rijen(b)]
        kolommen: tuple[str, ...] = u.BACKTEST_KOLOMMEN
    else:
        assert p is not None
        rijen, kolommen = u.csv_rijen(p), u.KOLOMMEN
    # a vestiging's name comes from DUO's file: never a formula in a spreadsheet
    uit.write(csv_regels([kolommen, *([r.get(k, "") for k in kolommen] for r in rijen)]))


# --- tables ---------------------------------------------------------------------------------


def _kort(jaar: int) -> str:
    """A column header: the first calendar year of the school year (2025 = 2025/2026)."""
    return str(jaar)


def _tabellen(scherm: Console, p: Prognose, backtest: bool, alle_profielen: bool) -> None:
    from sto_monitor.planner.prognose import ALLE, TECHNIEK, TOTAAL
    from sto_monitor.planner.prognose import uitvoer as u

    m = p.methode
    weg = u.verborgen(p)
    profielen = u.toon_profielen(p, alle_profielen)
    scherm.print(
        f"[bold]Prognose derdejaars vmbo bb/kb/gl, regio {p.regio}: {p.naam}[/]", highlight=False
    )
    if not profielen:
        scherm.print(
            f"De regio heeft in {u.schooljaar(m.basisjaar)} en daarvoor geen derdejaars in vmbo "
            "bb/kb/gl: er is niets te voorspellen."
        )
        return
    tabel = Table(title="Per profiel: aantal en daaronder het 80%-interval", title_justify="left")
    tabel.add_column("profiel", no_wrap=True)
    tabel.add_column(f"{_kort(m.basisjaar)}\ngeteld", justify="right")
    for jaar, bron in m.per_jaar:
        tabel.add_column(f"{_kort(jaar)}\n{BRON.get(bron, bron)}", justify="right")
    for i, profiel in enumerate(profielen):
        rijen = {r.schooljaar: r for r in p.reeks(profiel, ALLE)}
        volgend = profielen[i + 1] if i + 1 < len(profielen) else None
        tabel.add_row(
            profiel,
            u.toon_rij(rijen[m.basisjaar], weg),
            *(u.toon_rij(rijen[j], weg) for j, _ in m.per_jaar),
        )
        tabel.add_row(
            "",
            "",
            *(f"[dim]{u.toon_interval(rijen[j], weg)}[/]" for j, _ in m.per_jaar),
            end_section=volgend in (TECHNIEK, TOTAAL),
        )
    scherm.print(tabel)

    tabel = Table(title="Per profiel en leerweg (aantal)", title_justify="left")
    tabel.add_column("profiel", no_wrap=True)
    tabel.add_column("leerweg")
    tabel.add_column(f"{_kort(m.basisjaar)}\ngeteld", justify="right")
    for jaar, _ in m.per_jaar:
        tabel.add_column(_kort(jaar), justify="right")
    for profiel in [c for c in profielen if c != TOTAAL]:
        leerwegen = [lw for lw in ("bb", "kb", "gl") if p.reeks(profiel, lw)]
        for leerweg in leerwegen:
            rijen = {r.schooljaar: r for r in p.reeks(profiel, leerweg)}
            tabel.add_row(
                profiel,
                leerweg,
                u.toon_rij(rijen[m.basisjaar], weg),
                *(u.toon_rij(rijen[j], weg) for j, _ in m.per_jaar),
                end_section=leerweg == leerwegen[-1],
            )
    scherm.print(tabel)
    _aanbod_tabel(scherm, p, [c for c in profielen if c not in (TECHNIEK, TOTAAL)], weg)
    _methode(scherm, p)
    if p.backtest is not None:
        _backtest(scherm, p.backtest, uitgebreid=backtest)
    elif backtest:
        scherm.print("Backtest: niet mogelijk met één geladen schooljaar.")
    codes = list(profielen)
    if backtest and p.backtest is not None:
        codes += [r.profiel for r in p.backtest.rijen if r.profiel not in codes]
    namen = ", ".join(
        f"{c} = {u.profielnaam(c)}" for c in codes if c not in (TECHNIEK, TOTAAL, domain.OVERIG)
    )
    scherm.print(
        f"{namen}; techniek = de vijf technische profielen samen; overig = routes en oude "
        "afdelingen. <5 = een aantal van 1 tot en met 4, x = afgeschermd (beide niet getoond). "
        "Jaartal = schooljaar (2025 = 2025/2026). Alle aantallen en intervallen, ook per "
        "vestiging: --formaat csv.",
        highlight=False,
    )


def _aanbod_tabel(
    scherm: Console, p: Prognose, profielen: list[str], weg: frozenset[tuple[object, ...]]
) -> None:
    from sto_monitor.planner.prognose import uitvoer as u

    m = p.methode
    gesignaleerd = u.gesignaleerd_aanbod(p, profielen)
    mogelijk = len(u.gesignaleerd_aanbod(p, profielen, mogelijk=True)) - len(gesignaleerd)
    if not gesignaleerd:
        scherm.print(
            f"Geen aanbod met een prognose onder de minimale groepsgrootte ({p.min_groep}).",
            highlight=False,
        )
    else:
        tabel = Table(
            title=f"Aanbod met een prognose onder de minimale groepsgrootte ({p.min_groep} "
            "derdejaars); rood: eronder, geel: het interval reikt eronder",
            title_justify="left",
        )
        tabel.add_column("vestiging", no_wrap=True)
        breed = scherm.width >= 100
        if breed:
            tabel.add_column("naam", max_width=28, no_wrap=True, overflow="ellipsis")
        tabel.add_column("profiel", no_wrap=True)
        tabel.add_column("lw")
        tabel.add_column(f"{_kort(m.basisjaar)}\ngeteld", justify="right")
        for jaar, _ in m.per_jaar:
            tabel.add_column(_kort(jaar), justify="right")
        for rijen in gesignaleerd:
            eerste = rijen[0]
            cellen = []
            for r in rijen:
                tekst = u.toon_rij(r, weg)
                if not r.waargenomen and r.onder_minimum:
                    tekst = f"[red]{tekst}[/]"
                elif not r.waargenomen and r.mogelijk_onder_minimum:
                    tekst = f"[yellow]{tekst}[/]"
                cellen.append(tekst)
            tabel.add_row(
                eerste.vestiging,
                *([eerste.vestigingsnaam or ""] if breed else []),
                eerste.profiel,
                eerste.leerweg,
                *cellen,
            )
        scherm.print(tabel)
    if mogelijk:
        scherm.print(
            f"Daarnaast {mogelijk} aanbod waarvan het interval onder het minimum reikt "
            "(mogelijk_onder_minimum in --formaat csv).",
            highlight=False,
        )


def _methode(scherm: Console, p: Prognose) -> None:
    scherm.print("[bold]Methode[/]")
    for regel in p.methode.beschrijving():
        scherm.print(f"- {regel}", highlight=False)


def _backtest(scherm: Console, b: Backtest, *, uitgebreid: bool) -> None:
    from sto_monitor.planner.prognose import TECHNIEK, TOTAAL
    from sto_monitor.planner.prognose import uitvoer as u

    tekst = {r["profiel"]: r for r in u.backtest_rijen(b, nl=True)}
    delen = [
        f"{label} {tekst[profiel]['fout_pct']} (gelijk aan {b.vanaf}: "
        f"{tekst[profiel]['naief_fout_pct']})"
        for profiel, label in ((TOTAAL, "alle derdejaars"), (TECHNIEK, "techniek"))
        if profiel in tekst
    ]
    scherm.print(
        f"[bold]Backtest[/]: {u.schooljaar(b.jaar)} voorspeld uit de jaren tot en met "
        f"{u.schooljaar(b.vanaf)}; fout {'; '.join(delen)}.",
        highlight=False,
    )
    if len(b.methode.jaren) == 1:
        scherm.print(
            f"Met alleen {b.vanaf} als eerder jaar is die backtest-prognose gelijk aan {b.vanaf}.",
            highlight=False,
        )
    if not uitgebreid:
        scherm.print("Meer: --backtest.", highlight=False)
        return
    tabel = Table(title=f"Backtest {u.schooljaar(b.jaar)}, regio {b.regio}", title_justify="left")
    for kop in (
        "profiel",
        "geteld",
        "voorspeld",
        "interval",
        "fout",
        "fout %",
        f"gelijk aan {b.vanaf}",
        "fout %",
    ):
        tabel.add_column(kop, justify="left" if kop == "profiel" else "right")
    for rij in tekst.values():
        tabel.add_row(
            rij["profiel"],
            rij["werkelijk"],
            rij["voorspeld"],
            f"{rij['laag']}-{rij['hoog']}",
            rij["fout"],
            rij["fout_pct"],
            rij["naief"],
            rij["naief_fout_pct"],
        )
    scherm.print(tabel)
    _samenvatting(scherm, b)


def _samenvatting(scherm: Console, b: Backtest | BacktestLandelijk) -> None:
    from sto_monitor.planner.prognose import uitvoer as u

    tabel = Table(title_justify="left")
    tabel.add_column("maat")
    tabel.add_column("prognose", justify="right")
    tabel.add_column(f"gelijk aan {b.vanaf}", justify="right")
    for regel in u.backtest_samenvatting(b):
        tabel.add_row(*regel)
    scherm.print(tabel)


def _landelijk_tabel(scherm: Console, b: BacktestLandelijk) -> None:
    from sto_monitor.planner.prognose import uitvoer as u

    scherm.print(
        f"[bold]Backtest alle regio's[/]: {u.schooljaar(b.jaar)} voorspeld uit de jaren tot "
        f"en met {u.schooljaar(b.vanaf)} ({len(b.regios)} regio's), naast de naïeve prognose "
        f"'gelijk aan {b.vanaf}'.",
        highlight=False,
    )
    _samenvatting(scherm, b)


def _dekking_tabel(scherm: Console, missers: Sequence[Misser]) -> None:
    """The rolling back-test: coverage of the 80 % intervals per number of years ahead."""
    from sto_monitor.planner.prognose.kalibratie import per_horizon
    from sto_monitor.planner.prognose.uitvoer import procent

    if not missers:
        return
    tabel = Table(
        title="Binnen het 80%-interval: elk geladen jaar voorspeld uit elk eerder geladen jaar",
        title_justify="left",
    )
    for kop in ("jaren vooruit", "regio en profiel", "profiel x leerweg", "aanbod", "alles"):
        tabel.add_column(kop, justify="left" if kop == "jaren vooruit" else "right")
    for h, d in per_horizon(missers).items():
        tabel.add_row(
            str(h),
            *(
                f"{procent(d[n].pct, 0)} ({d[n].n:,})".replace(",", ".") if n in d else ""
                for n in ("regio", "cel", "aanbod", "alle")
            ),
        )
    scherm.print(tabel)


COMMANDS: tuple[click.Command, ...] = (prognose_cmd,)
