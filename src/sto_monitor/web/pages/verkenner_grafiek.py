"""The verkenner's chart: which rows of a view are drawn, and how, in the reader's words.

Every label comes from the vocabulary (``indicators.woorden``): axis titles with their unit,
legend titles, school years as 2019/2020, regions by name. The chart is drawn from the typed
rows of the view (the open-data contract), so a count DUO masked is drawn as its range
(``_min`` to ``_max``), never as a point or a bar; an afgeschermd cell (``x``) is left out.

What is drawn, in this order of choice:

- Totals are left out of a chart of their parts (profiel techniek, niet-techniek and totaal,
  leerweg totaal, Nederland among the regions), so they do not flatten the parts; the table
  keeps them. A filter that chooses a total draws it. Nederland is drawn where it can be
  compared: as a dashed reference line in a chart of a share per region, and as a series
  "Nederland" beside one region's share over the years.
- Several school years and at most ``MAX_REEKSEN`` series: a line per series over the years.
- Otherwise one school year (the newest, saying so): bars per category, a colour per series,
  lying bars with a line per category when there are many (regions), as tall as needed.
- No row is dropped silently: a chart that would need more than ``MAX_STAVEN`` bars shows the
  first ones and the page says how many and how to see the rest (a filter; the table and the
  downloads hold every row).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.woorden import Woord, woord
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.gegevens import FILTERS, LANDELIJK, Gepubliceerd, Snapshot, getal
from sto_monitor.publicatie.maten import hoofdmaat, is_totaal
from sto_monitor.publicatie.taal import schooljaar

MAX_REEKSEN = 10  # lines in a chart over the school years (8 without fixed colours)
MAX_STAVEN = 320  # bars (or ranges) in one chart
NEDERLAND = charts.NEDERLAND


@dataclass(frozen=True)
class Grafiek:
    spec: dict[str, Any] | None
    beschrijving: str  # the chart as one sentence (aria-label)
    noten: tuple[str, ...]  # what the chart leaves out or draws differently, and why


def _woord(indicator: Indicator, kolom: str) -> Woord:
    try:
        return woord(indicator, kolom)
    except KeyError:  # tests/test_woorden.py keeps this from happening
        return Woord(kolom.replace("_", " ").capitalize(), "tekst")


def label(indicator: Indicator, kolom: str) -> str:
    """A column's header or axis title, with its unit: "Binnen 10 km (%)"."""
    return _woord(indicator, kolom).kop


def maten(g: Gepubliceerd) -> list[tuple[str, str]]:
    """The numeric columns a chart can show, as (column, header): the measure picker."""
    assert g.tabel is not None
    result = []
    for kolom in g.tabel.column_names:
        if kolom in g.indicator.sleutels or not _woord(g.indicator, kolom).is_getal:
            continue
        if any(getal(v) is not None for v in g.tabel.column(kolom).to_pylist()):
            result.append((kolom, label(g.indicator, kolom)))
    return result


def waardekolom(g: Gepubliceerd) -> str | None:
    """The column the chart shows by default: the main measure, else the first numeric one."""
    kandidaten = [k for k, _ in maten(g)]
    return hoofdmaat(g.indicator, kandidaten)


def tekst(snap: Snapshot, kolom: str, waarde: object, *, kort: bool = False) -> str:
    """A key value as a chart label: 2019/2020, a region's name, ja/nee. ``kort``: a region
    without the word "Regio" its axis title already says (a phone has little room)."""
    if waarde is None:
        return "(leeg)"
    if kolom in ("schooljaar", "vorig_schooljaar"):
        return schooljaar(waarde)
    if kolom == "regio" and waarde == LANDELIJK:
        return NEDERLAND
    if kolom == "regio" and str(waarde) in snap.regios:
        naam = snap.regios[str(waarde)].naam
        return naam[len("regio ") :] if kort and naam.lower().startswith("regio ") else naam
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return str(waarde)


def _waarde(rij: Mapping[str, Any], y: str) -> dict[str, float | None]:
    """The measure of a typed row: exact, or DUO's range (``_min``/``_max``), else None."""
    waarde, laag, hoog = rij.get(y), rij.get(f"{y}_min"), rij.get(f"{y}_max")
    if waarde is None and laag is not None and hoog is not None:
        if laag == hoog:
            return {y: float(laag)}
        return {y: None, f"{y}_min": float(laag), f"{y}_max": float(hoog)}
    if waarde is None or isinstance(waarde, bool) or not math.isfinite(float(waarde)):
        return {y: None}
    return {y: float(waarde)}


def _getekend(d: Mapping[str, Any], y: str) -> bool:
    return d.get(y) is not None or d.get(f"{y}_min") is not None


def grafiek(
    snap: Snapshot,
    g: Gepubliceerd,
    rijen: Sequence[dict[str, Any]],
    *,
    maat: str | None = None,
    landelijk: Sequence[dict[str, Any]] = (),
) -> Grafiek:
    """The chart of the typed rows of a view (in the view's order).

    ``landelijk``: the national rows of the same selection, when the view is one region: drawn
    as the series "Nederland" beside the region's share.
    """
    y = maat or waardekolom(g)
    if y is None:
        return Grafiek(None, "", ("Geen grafiek: deze indicator heeft geen getalkolom.",))
    if not rijen:
        return Grafiek(None, "", ())
    ind = g.indicator
    maat_woord = _woord(ind, y)
    y_titel = maat_woord.kop
    aandeel = maat_woord.formaat in ("procent", "decimaal")
    sleutels = [k for k in ind.sleutels if k in rijen[0] and k != "schooljaar"]
    varieert = [k for k in sleutels if len({r.get(k) for r in rijen}) > 1]
    noten: list[str] = []

    # totals out of a chart of their parts; Nederland as a reference where comparable
    totaal = [any(is_totaal(k, r.get(k)) for k in varieert) for r in rijen]
    delen = [r for r, t in zip(rijen, totaal, strict=True) if not t] or list(rijen)
    totalen = (
        [r for r, t in zip(rijen, totaal, strict=True) if t] if len(delen) < len(rijen) else []
    )
    referentie: list[dict[str, Any]] = []
    if aandeel and varieert == ["regio"]:
        referentie = [r for r in totalen if r.get("regio") == LANDELIJK]
    weggelaten = []
    for k in varieert:
        waarden = {r.get(k) for r in totalen if is_totaal(k, r.get(k))}
        if waarden and not (referentie and k == "regio"):
            geordend = sorted(waarden, key=functools.partial(_orde, k))
            weggelaten.append(
                f"{label(ind, k).lower()} {', '.join(tekst(snap, k, w) for w in geordend)}"
            )
    if weggelaten:
        noten.append(
            f"Totalen ({'; '.join(weggelaten)}) staan niet in de grafiek, zodat de delen te "
            "vergelijken zijn; de tabel geeft ze wel. Kies een totaal in een filter om het "
            "te tekenen."
        )
    varieert = [k for k in varieert if len({r.get(k) for r in delen}) > 1]
    reeksen = {tuple(r.get(k) for k in varieert) for r in delen}
    jaren = sorted({int(r["schooljaar"]) for r in delen if r.get("schooljaar") is not None})

    # lines only as many as there are colours: one key with fixed colours, else Okabe-Ito's
    vast = len(varieert) == 1 and bool(charts.volgorde(varieert[0]))
    if len(jaren) > 1 and len(reeksen) <= (MAX_REEKSEN if vast else len(charts.OKABE_ITO)):
        return _lijnen(snap, g, y, y_titel, delen, varieert, landelijk, noten, aandeel)
    if len(jaren) > 1:
        nieuwste = jaren[-1]
        delen = [r for r in delen if r.get("schooljaar") == nieuwste]
        referentie = [r for r in referentie if r.get("schooljaar") == nieuwste]
        kies = [label(ind, k).lower() for k in FILTERS if k in varieert]
        noten.append(
            f"De grafiek toont het nieuwste schooljaar, {schooljaar(nieuwste)}: over alle "
            f"{len(jaren)} schooljaren zouden het {_getal(len(reeksen))} reeksen zijn. "
            + (
                f"Kies één {' of '.join(kies)} in de filters om het verloop in de tijd te zien."
                if kies
                else "Kies een schooljaar in de filters om een ander jaar te zien."
            )
        )
        jaren = [nieuwste]
        varieert = [k for k in varieert if len({r.get(k) for r in delen}) > 1]
    return _staven(snap, g, y, y_titel, delen, varieert, jaren, referentie, noten, landelijk)


def _orde(kolom: str, waarde: object) -> tuple[int, str]:
    orde = charts.volgorde(kolom)
    return (orde.index(str(waarde)), "") if str(waarde) in orde else (len(orde), str(waarde))


def _reeksveld(ind: Indicator, kolommen: Sequence[str]) -> tuple[str | None, str | None]:
    """The colour field of the series and its legend title: a key's own name keeps its fixed
    colours (leerweg, profiel); several keys become one field "reeks"."""
    if not kolommen:
        return None, None
    if len(kolommen) == 1:
        return kolommen[0], label(ind, kolommen[0])
    return "reeks", " · ".join(label(ind, k) for k in kolommen)


def _reeks(snap: Snapshot, rij: Mapping[str, Any], kolommen: Sequence[str]) -> str:
    return " · ".join(tekst(snap, k, rij.get(k)) for k in kolommen)


def _lijnen(
    snap: Snapshot,
    g: Gepubliceerd,
    y: str,
    y_titel: str,
    rijen: Sequence[dict[str, Any]],
    varieert: list[str],
    landelijk: Sequence[dict[str, Any]],
    noten: list[str],
    aandeel: bool,
) -> Grafiek:
    ind = g.indicator
    kleur, kleur_titel = _reeksveld(ind, varieert)
    regio = {r.get("regio") for r in rijen} if "regio" in rijen[0] else set()
    met_nl = bool(
        aandeel and landelijk and not varieert and len(regio) == 1 and LANDELIJK not in regio
    )
    if met_nl:
        kleur, kleur_titel = "reeks", label(ind, "regio")
    data = []
    for r in sorted([*rijen, *(landelijk if met_nl else ())], key=lambda r: int(r["schooljaar"])):
        d: dict[str, Any] = {"schooljaar": schooljaar(r["schooljaar"]), **_waarde(r, y)}
        if met_nl:
            d["reeks"] = tekst(snap, "regio", r.get("regio"))
        elif kleur:
            d[kleur] = _reeks(snap, r, varieert)
        data.append(d)
    if not any(_getekend(d, y) for d in data):
        return _leeg(y_titel, noten)
    selectie = _selectie(snap, ind, rijen, varieert)
    spec = charts.lijn(
        data,
        x="schooljaar",
        y=y,
        kleur=kleur,
        titel=f"{_kort(y_titel)} per schooljaar",
        ondertitel=[ind.titel, *selectie],
        y_titel=y_titel,
        kleur_titel=kleur_titel,
    )
    per = f", een lijn per {kleur_titel.lower()}" if kleur_titel else ""
    if met_nl:
        per = f", een lijn voor {data_reeks(data, NEDERLAND)} en een voor Nederland"
    beschrijving = f"Lijngrafiek van {y_titel.lower()} per schooljaar{per}"
    return Grafiek(spec, _afsluiting(beschrijving, data, rijen, y, noten), tuple(noten))


def data_reeks(data: Sequence[Mapping[str, Any]], behalve: str) -> str:
    """The name of the series other than ``behalve`` (the region beside Nederland)."""
    return next((str(d["reeks"]) for d in data if d.get("reeks") != behalve), "de regio")


def _staven(
    snap: Snapshot,
    g: Gepubliceerd,
    y: str,
    y_titel: str,
    rijen: Sequence[dict[str, Any]],
    varieert: list[str],
    jaren: list[int],
    referentie: Sequence[dict[str, Any]],
    noten: list[str],
    landelijk: Sequence[dict[str, Any]],
) -> Grafiek:
    ind = g.indicator
    x = varieert[0] if varieert else ("schooljaar" if len(jaren) > 1 else None)
    kleur, kleur_titel = _reeksveld(ind, varieert[1:])
    x_veld = x or "selectie"
    data = []
    for r in rijen:
        d: dict[str, Any] = {x_veld: tekst(snap, x, r.get(x), kort=True) if x else _kort(y_titel)}
        d.update(_waarde(r, y))
        if kleur:
            d[kleur] = _reeks(snap, r, varieert[1:])
        data.append(d)
    if not any(_getekend(d, y) for d in data):
        return _leeg(y_titel, noten)
    kies = [label(ind, k).lower() for k in FILTERS if k in varieert[1:] or k == x]
    reeksen = {d[kleur] for d in data} if kleur else set()
    if len(reeksen) > max(len(charts.volgorde(kleur or "")), len(charts.OKABE_ITO)):
        noten.append(
            f"Geen grafiek: {_getal(len(reeksen))} combinaties van "
            f"{kleur_titel.lower() if kleur_titel else 'reeksen'} passen niet leesbaar in één "
            "grafiek. "
            + (f"Kies een {' of '.join(kies)} in de filters voor een grafiek; " if kies else "")
            + "de tabel en de downloads bevatten alle rijen."
        )
        return Grafiek(None, "", tuple(noten))
    categorieen = list(dict.fromkeys(d[x_veld] for d in data))
    if len(data) > MAX_STAVEN:
        per_categorie: dict[str, int] = {}
        for d in data:
            per_categorie[d[x_veld]] = per_categorie.get(d[x_veld], 0) + 1
        getoond: list[str] = []
        staven = 0
        for c in categorieen:  # whole categories, as many as fit
            if getoond and staven + per_categorie[c] > MAX_STAVEN:
                break
            getoond.append(c)
            staven += per_categorie[c]
        data = [d for d in data if d[x_veld] in set(getoond)]
        x_label = label(ind, x).lower() if x else "categorie"
        noten.append(
            f"De grafiek toont de eerste {_getal(len(getoond))} van de "
            f"{_getal(len(categorieen))} waarden van {x_label} ({_getal(len(data))} van de "
            f"{_getal(len(rijen))} rijen): meer past niet leesbaar in één "
            "grafiek. "
            + (
                f"Kies een {' of '.join(kies)} in de filters om de rest te tekenen; "
                if kies
                else ""
            )
            + "de tabel en de downloads bevatten alle rijen."
        )
    ref_waarde, ref_tekst = None, None
    nl = next((r for r in referentie if r.get(y) is not None), None)
    if nl is None and landelijk and not kleur and jaren:
        nl = next(
            (r for r in landelijk if r.get("schooljaar") in jaren and r.get(y) is not None), None
        )
    if nl is not None:
        ref_waarde = float(nl[y])
        eenheid = _woord(ind, y).eenheid
        waarde_tekst = f"{ref_waarde:.1f}".replace(".", ",") + (f" {eenheid}" if eenheid else "")
        ref_tekst = f"{NEDERLAND}: {waarde_tekst}"
        noten.append(f"De stippellijn is de waarde van heel Nederland ({waarde_tekst}).")
    jaar = f", {schooljaar(jaren[0])}" if len(jaren) == 1 and x != "schooljaar" else ""
    x_titel = label(ind, x) if x else None
    selectie = _selectie(snap, ind, rijen, varieert)
    per = " en ".join(label(ind, k).lower() for k in ([x] if x else []) + varieert[1:])
    titel = f"{_kort(y_titel)} per {per}{jaar}" if per else f"{_kort(y_titel)}{jaar}"
    spec = charts.staaf(
        data,
        x=x_veld,
        y=y,
        kleur=kleur,
        gestapeld=False,
        titel=titel,
        ondertitel=[ind.titel, *selectie],
        y_titel=y_titel,
        x_titel=x_titel,
        kleur_titel=kleur_titel,
        referentie=ref_waarde,
        referentie_tekst=ref_tekst,
    )
    per = f" per {x_titel.lower()}" if x_titel else ""
    kleuren = f", per {kleur_titel.lower()} een eigen kleur" if kleur_titel else ""
    beschrijving = f"Staafgrafiek van {y_titel.lower()}{per}{jaar}{kleuren}"
    return Grafiek(spec, _afsluiting(beschrijving, data, rijen, y, noten), tuple(noten))


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _kort(kop: str) -> str:
    """A header without its unit, for a title: "Binnen 10 km (%)" -> "Binnen 10 km"."""
    return kop.rsplit(" (", 1)[0] if kop.endswith(")") else kop


def _selectie(
    snap: Snapshot, ind: Indicator, rijen: Sequence[Mapping[str, Any]], varieert: Sequence[str]
) -> list[str]:
    """The keys the whole chart shares (a filter chose them), for the subtitle."""
    vast = [k for k in ind.sleutels if k in rijen[0] and k not in varieert and k != "schooljaar"]
    delen = [f"{label(ind, k)}: {tekst(snap, k, rijen[0].get(k))}" for k in vast]
    return ["; ".join(delen)] if delen else []


def _afsluiting(
    beschrijving: str,
    data: Sequence[Mapping[str, Any]],
    rijen: Sequence[Mapping[str, Any]],
    y: str,
    noten: list[str],
) -> str:
    """The end of the description, and the notes on ranges and hidden cells it draws."""
    if any(d.get(y) is None and d.get(f"{y}_min") is not None for d in data):
        noten.append(
            "Door DUO gemaskeerde aantallen staan als bandbreedte in de grafiek: een streep van "
            "de laagste tot de hoogste mogelijke waarde, niet als punt of staaf."
        )
    if any(not _getekend(d, y) for d in data):
        noten.append("Afgeschermde cellen (x) staan niet in de grafiek, wel in de tabel.")
    return beschrijving + ". De tabel hieronder geeft dezelfde cijfers."


def _leeg(y_titel: str, noten: list[str]) -> Grafiek:
    noten.append(
        f"Geen grafiek: alle getoonde waarden van {y_titel.lower()} zijn afgeschermd of leeg."
    )
    return Grafiek(None, "", tuple(noten))
