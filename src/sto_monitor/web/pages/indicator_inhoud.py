"""What the page of one indicator shows a reader: the newest table, its chart, the columns in words.

Everything is selected from the published table of the snapshot (``Gepubliceerd.tabel``, the
Dutch notation after disclosure control); nothing is computed from its cells except the choice
of what to draw. Headers and axis titles are the reader's words of each column
(``indicators.woorden``), school years are written 2019/2020, regions by their name.

The chart shows the table beside it, so it draws the newest school year: bars of the main
measure per category, a colour per series. An indicator with one row per school year (the
summaries) is drawn as a line over the years instead. A chart never draws more than
``MAX_STAVEN`` bars: a key with very many values (vestigingen) is fixed to its total, keys
beyond the two drawn are fixed to their total (or their first value), and the page says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.woorden import Woord, woord
from sto_monitor.publicatie import charts, maten
from sto_monitor.publicatie.contract import velden
from sto_monitor.publicatie.gegevens import LANDELIJK, Gepubliceerd, Snapshot, getal
from sto_monitor.publicatie.maten import is_totaal
from sto_monitor.publicatie.taal import schooljaar

MAX_RIJEN = 100  # rows of the newest school year shown in the page; the downloads hold all
MAX_STAVEN = 120  # bars (or ranges) in one chart
MAX_CATEGORIEEN = 80  # a key with more values than this is fixed to its total in the chart
MAX_KLEUREN = 11  # series told apart by colour
NEDERLAND = "Nederland"
_NAAM = re.compile(r"'?\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b'?")
_VAN = re.compile(r"\b(van|aan) ([a-z][a-z0-9_]*)(:| als\b)")


# ---------------------------------------------------------------- words


def woord_van(indicator: Indicator, kolom: str) -> Woord:
    """A column's words; a column without any (tests/test_woorden.py prevents it) in plain text."""
    try:
        return woord(indicator, kolom)
    except KeyError:
        return Woord(kolom.replace("_", " ").capitalize(), "tekst")


def kop(indicator: Indicator, kolom: str) -> str:
    """A column header or axis title with its unit: "Binnen 10 km (%)"."""
    return woord_van(indicator, kolom).kop


def in_woorden(indicator: Indicator, tekst: str) -> str:
    """A text that names a column by its code (``kwetsbaar_onzeker``, "Status van aantal:") with
    the column's words ('Kwetsbaar onzeker', "Status van 'Derdejaars':")."""

    def vervang(match: re.Match[str]) -> str:
        naam = match.group(1)
        try:
            return f"'{woord(indicator, naam).label}'"
        except KeyError:
            return match.group(0)

    def van(match: re.Match[str]) -> str:
        try:
            label = woord(indicator, match.group(2)).label
        except KeyError:
            return match.group(0)
        return f"{match.group(1)} '{label}'{match.group(3)}"

    return _NAAM.sub(vervang, _VAN.sub(van, tekst))


def rapport(reproduceert: str) -> str:
    """Where the report has this table, for a reader: "Tabel 4.1"; "" when it has none.

    A reference to a developer's file ("MONITOR.md, indicator 15") is left out.
    """
    tekst = re.sub(r"\s*\([^)]*\.md\b[^)]*\)", "", reproduceert).strip()
    if tekst.startswith("geen rapporttabel"):
        binnen = re.search(r"\((.*)\)", tekst)
        return binnen.group(1) if binnen else ""
    return tekst


def sleuteltekst(snap: Snapshot, kolom: str, waarde: object) -> str:
    """A key value as a reader reads it: 2019/2020, a region's name, ja or nee."""
    if waarde is None:
        return ""
    if kolom in ("schooljaar", "vorig_schooljaar"):
        return schooljaar(waarde)
    if kolom == "regio" and waarde == LANDELIJK:
        return NEDERLAND
    if kolom == "regio" and str(waarde) in snap.regios:
        return snap.regios[str(waarde)].naam
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return str(waarde)


_label = sleuteltekst


# ---------------------------------------------------------------- the newest table


def nieuwste_jaar(g: Gepubliceerd) -> int | None:
    """The newest school year in the indicator's published table (None: no such column)."""
    if g.tabel is None or "schooljaar" not in g.tabel.column_names:
        return None
    jaren = [int(j) for j in g.tabel.column("schooljaar").to_pylist() if j is not None]
    return max(jaren) if jaren else None


def _volgorde(kolom: str, waarde: object, groot: bool) -> tuple[int, str]:
    """Sort key of a key value: the domain's order (totals last), a long list's total first."""
    tekst = str(waarde)
    if groot:
        return (0 if tekst == "totaal" else 1, tekst)
    if kolom == "regio":
        return (0 if tekst == LANDELIJK else 1, tekst)
    orde = charts.volgorde(kolom)
    if orde:
        return (orde.index(tekst), "") if tekst in orde else (len(orde), tekst)
    return (0, "")  # the published order


def rijen_van(g: Gepubliceerd, jaar: int | None) -> list[dict[str, Any]]:
    """The published rows of ``jaar`` (every row without school years), in the reader's order."""
    if g.tabel is None:
        return []
    rijen: list[dict[str, Any]] = g.tabel.to_pylist()
    if jaar is not None:
        rijen = [r for r in rijen if r.get("schooljaar") == jaar]
    sleutels = [k for k in g.indicator.sleutels if k != "schooljaar" and rijen and k in rijen[0]]
    groot = {k for k in sleutels if len({r.get(k) for r in rijen}) > MAX_CATEGORIEEN}
    return sorted(rijen, key=lambda r: tuple(_volgorde(k, r.get(k), k in groot) for k in sleutels))


@dataclass(frozen=True)
class Tabelkolom:
    naam: str
    kop: str  # the header: "Binnen 10 km (%)"
    links: bool  # keys and text are left-aligned, numbers right


def kolommen_van(g: Gepubliceerd, rijen: Sequence[Mapping[str, Any]]) -> list[Tabelkolom]:
    """The columns of the page's table with their headers: every published column except the
    school year (the caption names it) and columns that are empty in every row shown."""
    if g.tabel is None:
        return []
    ind = g.indicator
    uit = []
    for kolom in g.tabel.column_names:
        if kolom == "schooljaar" and "schooljaar" in ind.sleutels:
            continue
        if kolom not in ind.sleutels and all(r.get(kolom) in (None, "") for r in rijen):
            continue
        links = kolom in ind.sleutels or not woord_van(ind, kolom).is_getal
        uit.append(Tabelkolom(kolom, kop(ind, kolom), links))
    return uit


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class Grafiek:
    spec: dict[str, Any] | None
    beschrijving: str  # the chart in one sentence (aria-label)
    noten: tuple[str, ...]  # what the chart leaves out, and why


def hoofdmaat(g: Gepubliceerd) -> str | None:
    """The column the chart shows: the indicator's main measure, a number in some row."""
    if g.tabel is None:
        return None
    ind = g.indicator
    kandidaten = [
        k
        for k in g.tabel.column_names
        if k not in ind.sleutels
        and woord_van(ind, k).is_getal
        and any(getal(v) is not None for v in g.tabel.column(k).to_pylist())
    ]
    return maten.hoofdmaat(ind, kandidaten)


def _vaste_waarde(kolom: str, waarden: Sequence[object]) -> object:
    """The value a key is fixed to when the chart cannot draw it: its total, else its first."""
    totalen = [w for w in waarden if is_totaal(kolom, w) and str(w) != LANDELIJK]
    if "totaal" in map(str, totalen):
        return next(w for w in totalen if str(w) == "totaal")
    return totalen[-1] if totalen else waarden[0]


def grafiek(snap: Snapshot, g: Gepubliceerd, rijen: Sequence[dict[str, Any]]) -> Grafiek:
    """The chart of the rows of the page's table (the newest school year)."""
    y = hoofdmaat(g)
    if y is None or not rijen:
        return Grafiek(None, "", ())
    ind = g.indicator
    sleutels = [k for k in ind.sleutels if k != "schooljaar" and k in rijen[0]]
    waarden = {k: list(dict.fromkeys(r.get(k) for r in rijen)) for k in sleutels}
    varieert = [k for k in sleutels if len(waarden[k]) > 1]
    if not varieert:
        return _lijn(snap, g, y)
    noten: list[str] = []
    vast: dict[str, object] = {}
    for k in varieert:  # a long list (vestigingen) is drawn by its total
        if len(waarden[k]) > MAX_CATEGORIEEN and any(is_totaal(k, w) for w in waarden[k]):
            vast[k] = _vaste_waarde(k, waarden[k])
    over = [k for k in varieert if k not in vast]
    x = max(over, key=lambda k: len(waarden[k])) if over else varieert[0]
    kandidaten = sorted(
        (k for k in over if k != x),
        key=lambda k: (any(is_totaal(k, w) for w in waarden[k]), len(waarden[k])),
    )
    kleur = kandidaten[0] if kandidaten else None
    for k in kandidaten[1:]:
        vast[k] = _vaste_waarde(k, waarden[k])
    gekozen = [r for r in rijen if all(r.get(k) == v for k, v in vast.items())]

    # totals out of a chart of their parts; Nederland as a line where it compares
    def deel(r: Mapping[str, Any]) -> bool:
        return not any(is_totaal(k, r.get(k)) for k in (x, kleur) if k)

    delen = [r for r in gekozen if deel(r)] or gekozen
    totalen = [r for r in gekozen if r not in delen]
    aandeel = woord_van(ind, y).formaat in ("procent", "decimaal")
    nl = next((r for r in totalen if r.get("regio") == LANDELIJK), None) if x == "regio" else None
    referentie = getal(nl.get(y)) if nl is not None and aandeel and kleur is None else None
    weggelaten = sorted(
        {
            _label(snap, k, r.get(k))
            for r in totalen
            for k in (x, kleur)
            if k and is_totaal(k, r.get(k)) and not (referentie is not None and k == "regio")
        }
    )
    if weggelaten:
        noten.append(
            f"Totalen ({', '.join(weggelaten)}) staan niet in de grafiek, zodat de delen te "
            "vergelijken zijn; de tabel geeft ze wel."
        )
    if kleur is not None and (
        len({r.get(kleur) for r in delen}) > MAX_KLEUREN or len(delen) > MAX_STAVEN
    ):
        vast[kleur] = _vaste_waarde(kleur, [r.get(kleur) for r in delen])
        delen = [r for r in delen if r.get(kleur) == vast[kleur]]
        kleur = None
    keuze = "; ".join(f"{kop(ind, k)}: {_label(snap, k, v)}" for k, v in vast.items())
    if keuze:
        noten.append(f"De grafiek toont één keuze ({keuze}); de verkenner tekent de andere.")
    if len(delen) > MAX_STAVEN:
        noten.append(
            f"De grafiek toont de eerste {MAX_STAVEN} van de {len(delen)} staven; de tabel en de "
            "downloads hebben alle rijen."
        )
        delen = delen[:MAX_STAVEN]
    if x == "regio" and kleur is None:  # regions ranked, highest first
        delen = sorted(delen, key=lambda r: -(getal(r.get(y)) or float("-inf")))
    data = [
        {
            x: _label(snap, x, r.get(x)),
            **charts.cel(y, r.get(y)),
            **({kleur: _label(snap, kleur, r.get(kleur))} if kleur else {}),
        }
        for r in delen
    ]
    if not any(d.get(y) is not None or d.get(f"{y}_min") is not None for d in data):
        noten.append("Geen grafiek: alle waarden zijn afgeschermd of leeg.")
        return Grafiek(None, "", tuple(noten))
    y_titel = kop(ind, y)
    jaar = sleuteltekst(snap, "schooljaar", rijen[0].get("schooljaar"))
    x_titel = kop(ind, x)
    titel = f"{woord_van(ind, y).label} per {x_titel.lower()}" + (f", {jaar}" if jaar else "")
    spec = charts.staaf(
        data,
        x=x,
        y=y,
        kleur=kleur,
        gestapeld=False,
        titel=titel,
        ondertitel=[ind.titel, *([keuze] if keuze else [])],
        y_titel=y_titel,
        x_titel=x_titel,
        kleur_titel=kop(ind, kleur) if kleur else None,
        referentie=referentie,
    )
    if referentie is not None and nl is not None:  # in the note: a label could be cut off
        eenheid = woord_van(ind, y).eenheid
        waarde = weergave(nl.get(y)) + (f" {eenheid}" if eenheid else "")
        noten.append(f"De stippellijn is de waarde van heel Nederland: {waarde}.")
    _bandbreedte(data, y, noten)
    kleuren = f", per {kop(ind, kleur).lower()} een eigen kleur" if kleur else ""
    beschrijving = (
        f"Staafgrafiek van {y_titel.lower()} per {x_titel.lower()}"
        f"{', ' + jaar if jaar else ''}{kleuren}. De tabel hieronder geeft dezelfde cijfers."
    )
    return Grafiek(spec, beschrijving, tuple(noten))


def _lijn(snap: Snapshot, g: Gepubliceerd, y: str) -> Grafiek:
    """One row per school year: the measure as a line over the years."""
    assert g.tabel is not None
    ind = g.indicator
    rijen = sorted(
        (r for r in g.tabel.to_pylist() if r.get("schooljaar") is not None),
        key=lambda r: int(r["schooljaar"]),
    )
    if len(rijen) < 2:
        return Grafiek(None, "", ())
    data = [{"schooljaar": schooljaar(r["schooljaar"]), **charts.cel(y, r.get(y))} for r in rijen]
    if not any(d.get(y) is not None or d.get(f"{y}_min") is not None for d in data):
        return Grafiek(None, "", ("Geen grafiek: alle waarden zijn afgeschermd of leeg.",))
    y_titel = kop(ind, y)
    spec = charts.lijn(
        data,
        x="schooljaar",
        y=y,
        titel=f"{woord_van(ind, y).label} per schooljaar",
        ondertitel=ind.titel,
        y_titel=y_titel,
    )
    noten: list[str] = []
    _bandbreedte(data, y, noten)
    beschrijving = (
        f"Lijngrafiek van {y_titel.lower()} per schooljaar. De tabel hieronder geeft het "
        "nieuwste schooljaar; de verkenner alle schooljaren."
    )
    return Grafiek(spec, beschrijving, tuple(noten))


def _bandbreedte(data: Sequence[Mapping[str, Any]], y: str, noten: list[str]) -> None:
    if any(d.get(y) is None and d.get(f"{y}_min") is not None for d in data):
        noten.append(
            "Door DUO gemaskeerde aantallen staan als bandbreedte in de grafiek (een lijn van "
            "de laagste tot de hoogste mogelijke waarde)."
        )
    if any(d.get(y) is None and d.get(f"{y}_min") is None for d in data):
        noten.append("Afgeschermde en lege cellen staan niet in de grafiek, wel in de tabel.")


# ---------------------------------------------------------------- the columns, described


@dataclass(frozen=True)
class Kolom:
    """One column of the downloads and the API, for the table "Kolom / Betekenis / Eenheid"."""

    naam: str  # as the CSV, Parquet and API name it
    label: str
    betekenis: str
    eenheid: str


def kolombeschrijving(indicator: Indicator) -> list[Kolom]:
    """Every column of the typed open-data table, in the reader's words and the contract's."""
    uit = []
    for veld in velden(indicator):
        w = woord_van(indicator, veld.naam)
        betekenis = veld.beschrijving
        als_code = veld.naam.replace("_", " ").capitalize()  # the contract's fallback words
        if betekenis.startswith(als_code) and not betekenis[len(als_code) :][:1].isalnum():
            betekenis = w.label + betekenis[len(als_code) :]
        eenheid = veld.eenheid or w.eenheid or ""
        uit.append(Kolom(veld.naam, w.label, in_woorden(indicator, betekenis), eenheid))
    return uit
