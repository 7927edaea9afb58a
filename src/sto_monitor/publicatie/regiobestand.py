"""Everything of one region in one Excel file: ``/regio/{code}/alles.xlsx``.

The first sheet, "Over dit bestand", says what the file holds: the region, its period, the
school years, the date of the publication, the sources, the definition and method version, the
sheets, and the notation; when the numbers rest on generated files, its first line says so
(``taal.SYNTHETISCH``), as does the first line of every other sheet.

Then one sheet per published table with a ``regio`` column (``Indicator.per_regio``), holding
only that region's rows, newest school year first, in the reader's words (``spreadsheet.py``).
Tables without a region (national tables, per profiel or vestiging) are left out: they say
nothing about the region, and the verkenner has them. The one comparison a reader needs, the
national rows of the techniekaandeel, is the last sheet, "Landelijk ter vergelijking".

Rows are only selected from the snapshot's published (disclosure-controlled) tables, exactly as
the verkenner's downloads do (``export.snapshot_uitvoer``): never the warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sto_monitor import domain
from sto_monitor.indicators.definities import Definitie
from sto_monitor.indicators.registry import METHODE_VERSIE
from sto_monitor.ingest.demo_regio import DEMO_LABEL
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.afscherming.tabel import NOTATIE
from sto_monitor.publicatie.export import Uitvoer, snapshot_uitvoer
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot
from sto_monitor.publicatie.spreadsheet import Blad, bladnaam, leesbaar, tabelblad
from sto_monitor.publicatie.taal import SYNTHETISCH, datum, schooljaar

OVER = "Over dit bestand"
LANDELIJK_BLAD = "Landelijk ter vergelijking"
VERGELIJKING = "techniekaandeel"  # the table whose national rows are the comparison


@dataclass(frozen=True)
class Werkblad:
    """One table sheet of the workbook."""

    naam: str  # the sheet name
    uitvoer: Uitvoer  # the region's rows (or the national rows)


def regio_tabellen(snap: Snapshot, code: str) -> tuple[list[Uitvoer], list[str]]:
    """The region's rows of every published table with a regio column, newest year first;
    and the titles of those tables without rows for the region (or whose source is missing)."""
    snap.regio(code)  # unknown: 404
    tabellen: list[Uitvoer] = []
    zonder: list[str] = []
    for g in snap.indicatoren.values():
        if not g.indicator.per_regio and (g.tabel is None or "regio" not in g.tabel.column_names):
            continue
        if g.tabel is None or "regio" not in g.tabel.column_names:
            zonder.append(f"{g.indicator.titel} (bron ontbreekt)")
            continue
        gekozen = nieuwste_eerst(snapshot_uitvoer(snap, g.indicator.naam, {"regio": code}))
        if gekozen.tabel.num_rows == 0:
            zonder.append(g.indicator.titel)
        else:
            tabellen.append(gekozen)
    return tabellen, zonder


def landelijk(snap: Snapshot) -> Uitvoer | None:
    """The national rows of the techniekaandeel, when published."""
    g = snap.indicatoren.get(VERGELIJKING)
    if g is None or g.tabel is None or "regio" not in g.tabel.column_names:
        return None
    gekozen = snapshot_uitvoer(snap, VERGELIJKING, {"regio": LANDELIJK})
    return nieuwste_eerst(gekozen) if gekozen.tabel.num_rows else None


_VOLGORDE: dict[str, tuple[str, ...]] = {
    "profiel": (*domain.PROFIEL_CODES, "techniek", domain.OVERIG),
    "leerweg": (*domain.LEERWEGEN, "totaal"),
}


def nieuwste_eerst(uitvoer: Uitvoer) -> Uitvoer:
    """The reader's order, as in the verkenner: newest school year first, then profiel (the
    report's order) and leerweg (bb, kb, gl, tl, totaal); otherwise the published order."""
    rows = uitvoer.tabel.to_pylist()

    def sleutel(i: int) -> tuple[object, ...]:
        jaar = rows[i].get("schooljaar")
        return (-int(jaar) if jaar is not None else 0, *(_plaats(k, rows[i]) for k in _VOLGORDE))

    return uitvoer.neem(sorted(range(len(rows)), key=sleutel))


def _plaats(kolom: str, rij: dict[str, object]) -> tuple[int, str]:
    waarde, order = rij.get(kolom), _VOLGORDE[kolom]
    return (order.index(waarde), "") if waarde in order else (len(order), str(waarde or ""))


def regio_xlsx(snap: Snapshot, code: str, uit: Path | BinaryIO) -> None:
    """Every published table of region ``code`` in one workbook (see the module docstring)."""
    from openpyxl import Workbook

    regio = snap.regio(code)
    tabellen, zonder = regio_tabellen(snap, code)
    bezet = {OVER.lower(), LANDELIJK_BLAD.lower()}
    bladen = [Werkblad(bladnaam(u.titel, bezet), u) for u in tabellen]
    nl = landelijk(snap)
    if nl is not None:
        bladen.append(Werkblad(LANDELIJK_BLAD, nl))

    book = Workbook()
    over = Blad(book.active)
    over.sheet.title = OVER
    for blad in bladen:
        u = blad.uitvoer
        titel = u.titel if u is not nl else f"{u.titel}: Nederland"
        sheet = book.create_sheet(blad.naam)
        tabelblad(sheet, leesbaar(u), titel=titel, synthetisch=snap.synthetisch)

    if snap.synthetisch:
        over.schrijf([SYNTHETISCH], stijl="let_op")
    over.schrijf([f"Alle tabellen van {regio.naam} ({regio.code})"], stijl="titel")
    over.schrijf([])
    jaren = sorted({j for u in tabellen for j in _jaren(u)})
    indeling = regio.periode + ("" if regio.officieel else f" ({DEMO_LABEL})")
    gebruikt = [snap.indicator(b.uitvoer.naam) for b in bladen]
    bronnen = sorted({bron_naam(t) for g in gebruikt for t in g.indicator.bronnen})
    bestanden = sorted({b.bestand for g in gebruikt for b in g.herkomst.bronnen})
    feiten: list[tuple[str, object]] = [
        ("Regio", regio.naam),
        ("Regiocode", regio.code),
        ("Regio-indeling", indeling),
        ("Schooljaren", f"{schooljaar(jaren[0])} t/m {schooljaar(jaren[-1])}" if jaren else ""),
        ("Datum", datum(dt.datetime.fromtimestamp(snap.geladen_op))),
        ("Bron", "; ".join(bronnen)),
        ("Bronbestanden", ", ".join(bestanden)),
        ("Definitie", Definitie.van(snap.techniek).beschrijving()),
        ("Methodeversie", METHODE_VERSIE),
        (
            "Afscherming",
            "Alle cijfers komen uit de gepubliceerde tabellen van de monitor: kleine aantallen "
            "zijn afgeschermd (zie de notatie hieronder), net als op het dashboard.",
        ),
    ]
    for naam, waarde in feiten:
        over.schrijf([naam, waarde])
    over.schrijf([])
    over.schrijf(["Blad", "Tabel", "Rijen"], stijl="kop")
    for blad in bladen:
        over.schrijf(
            [blad.naam, blad.uitvoer.titel, blad.uitvoer.tabel.num_rows], [None, None, "#,##0"]
        )
    if zonder:
        over.schrijf([])
        over.schrijf(["Zonder rijen voor deze regio"], stijl="kop")
        for titel in zonder:
            over.schrijf([titel])
    over.schrijf([])
    over.schrijf(
        [
            "Landelijke tabellen (per profiel, leerweg of vestiging) staan niet in dit bestand; "
            "de verkenner van het dashboard heeft ze."
        ]
    )
    over.schrijf([])
    over.schrijf(["Notatie", "Betekenis"], stijl="kop")
    for teken, betekenis in NOTATIE.items():
        over.schrijf([teken.replace("-", "\u2013"), betekenis])
    over.breedtes([30, 90, 10])
    book.save(uit)


def _jaren(uitvoer: Uitvoer) -> set[int]:
    if "schooljaar" not in uitvoer.tabel.column_names:
        return set()
    return {int(j) for j in uitvoer.tabel.column("schooljaar").to_pylist() if j is not None}
