"""``sto controleer-publicatie``: published figures checked against themselves and the data.

Every published table in ``publicatiecontrole/gepubliceerd`` (or the named ones) is checked
for slips of its own (sums, shares, impossible changes) and, when a warehouse exists, compared
cell by cell with the monitor under the definition the publication used. Findings are
information: exit code 0, unless a data file itself is malformed (exit code 3).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from sto_monitor import db
from sto_monitor.cli.gedeeld import State, common_options, console, say, stop_met_fout
from sto_monitor.errors import SourceFileError
from sto_monitor.publicatiecontrole import (
    FOUT_IN_PUBLICATIE,
    GROEPEN,
    Controle,
    Uitkomst,
    controleer,
)
from sto_monitor.publicatiecontrole.consistentie import nl
from sto_monitor.publicatiecontrole.model import EENHEID_LABEL
from sto_monitor.publicatiecontrole.vergelijking import GELIJK, NIET_TE_CONTROLEREN


@click.command("controleer-publicatie")
@click.argument("namen", nargs=-1)
@click.option("--formaat", type=click.Choice(["tabel", "json"]), default="tabel", show_default=True)
@click.option(
    "--alle",
    is_flag=True,
    help="Toon ook elk cijfer dat klopt of niet te controleren is, niet alleen hun aantal.",
)
@click.option(
    "--map",
    "map_",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Map met eigen gepubliceerde tabellen (standaard: de tabellen die bij het programma "
    "horen).",
)
@common_options
@click.pass_obj
def controleer_publicatie(
    state: State, namen: tuple[str, ...], formaat: str, alle: bool, map_: Path | None
) -> None:
    """Controleer gepubliceerde cijfers: op zichzelf en tegen de ingelezen gegevens.

    Zonder NAAM worden alle gepubliceerde tabellen gecontroleerd.
    """
    con = (
        db.connect(state.db, settings=state.settings, read_only=True) if state.db.exists() else None
    )
    try:
        controles = controleer(namen, con, map_)
    except SourceFileError as exc:  # the message quotes a data file: printed escaped
        stop_met_fout(exc)
    finally:
        if con is not None:
            con.close()
    if formaat == "json":
        document = [_json(c) for c in controles]
        console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if con is None:
        say(
            state,
            "[yellow]Er is nog geen database met gegevens[/]; alleen de publicaties zelf worden "
            "gecontroleerd.",
        )
    for c in controles:
        _toon(state, c, alle)
    _totaal(state, controles)


def _waarde(u: Uitkomst) -> str:
    if u.monitor is None:
        return ""
    d = max(u.cel.decimalen, 0) + (0 if u.cel.eenheid == "aantal" else 1)
    return nl(u.monitor, d)


def _toon(state: State, c: Controle, alle: bool) -> None:
    pub = c.publicatie
    console.print(
        f"\n[bold]{escape(pub.titel)}[/]\n"
        f"[dim]{escape(pub.bron.document)}, {escape(pub.bron.plaats)}; "
        f"definitie: {escape(pub.definitie.beschrijving())}; naam: {escape(pub.naam)}[/]",
        highlight=False,
    )
    if c.bevindingen:
        tabel = Table(title=f"{FOUT_IN_PUBLICATIE} ({len(c.bevindingen)})", title_justify="left")
        tabel.add_column("reden")
        for b in c.bevindingen:
            tabel.add_row(f"[red]{escape(b.tekst)}[/]")
        console.print(tabel)
    for klasse, kop in GROEPEN:
        uitkomsten = c.per_klasse(klasse)
        if not uitkomsten:
            continue
        if klasse in (GELIJK, NIET_TE_CONTROLEREN) and not alle:
            if klasse == GELIJK:
                say(state, f"[green]{kop}[/]: {len(uitkomsten)} cijfer(s)")
            else:
                for reden, aantal in Counter(u.reden for u in uitkomsten).items():
                    say(state, f"[dim]{kop}[/]: {aantal} cijfer(s): {escape(reden)}")
            continue
        tabel = Table(title=f"{kop} ({len(uitkomsten)})", title_justify="left")
        for kolom in ("cijfer", "eenheid", "gepubliceerd", "monitor", "toelichting"):
            tabel.add_column(kolom)
        for u in uitkomsten:
            tabel.add_row(
                escape(u.cel.naam),
                EENHEID_LABEL[u.cel.eenheid],
                escape(u.cel.tekst),
                _waarde(u),
                escape(u.reden),
            )
        console.print(tabel)


def _totaal(state: State, controles: list[Controle]) -> None:
    tel = Counter(u.klasse for c in controles for u in c.uitkomsten)
    fouten = sum(len(c.bevindingen) for c in controles)
    delen = [f"{tel.get(klasse, 0)} {kop}" for klasse, kop in GROEPEN]
    say(
        state,
        f"\n{len(controles)} publicatie(s) gecontroleerd: {', '.join(delen)}; "
        f"{fouten} {FOUT_IN_PUBLICATIE}.",
    )


def _json(c: Controle) -> dict[str, Any]:
    pub = c.publicatie
    kop = dict(GROEPEN)
    return {
        "naam": pub.naam,
        "titel": pub.titel,
        "bron": {"document": pub.bron.document, "plaats": pub.bron.plaats},
        "definitie": {"sleutel": pub.definitie.sleutel, **pub.definitie.keuzes()},
        "fouten_in_publicatie": [
            {"controle": b.controle, "cellen": list(b.cellen), "reden": b.tekst}
            for b in c.bevindingen
        ],
        "cijfers": [
            {
                "rij": u.cel.rij,
                "kolom": u.cel.kolom,
                "gepubliceerd": u.cel.tekst,
                "eenheid": u.cel.eenheid,
                "decimalen": u.cel.decimalen,
                "uitkomst": kop[u.klasse],
                "monitor": u.monitor,
                "marge": None if u.laag is None else [u.laag, u.hoog],
                "reden": u.reden,
            }
            for u in c.uitkomsten
        ],
    }


COMMANDS: tuple[click.Command, ...] = (controleer_publicatie,)
