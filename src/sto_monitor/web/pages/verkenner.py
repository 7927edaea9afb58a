"""Verkenner: any published indicator as a table and a chart, with filters, sorting, downloads.

The page state lives only in the query string (``indicator``, the filters ``schooljaar``,
``regio``, ``profiel``, ``leerweg``, and ``sort``/``richting``), so every view has a permalink
and the CSV and Excel downloads (``/verkenner.csv``, ``/verkenner.xlsx``) hold exactly the rows
of the view, in its order. Rows are only *selected* from the published (disclosure-controlled)
table of the snapshot: a filter that isolates a small group shows the suppressed cell (``<5``,
``x``). The page shows the Dutch notation; the CSV file and the Excel file's data sheet hold
the typed open-data contract (numbers as numbers, ``_min``, ``_max``, ``_status``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyarrow as pa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor import domain
from sto_monitor.errors import ParameterError
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.export import Uitvoer, csv_tekst, schrijf_xlsx, snapshot_uitvoer
from sto_monitor.publicatie.gegevens import (
    FILTERS,
    LANDELIJK,
    Gepubliceerd,
    Snapshot,
    getal,
    sorteer,
)
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.web.render import gecached, html

router = APIRouter(include_in_schema=False)

STANDAARD = "leerlingen_per_profiel"
PARAMETERS: tuple[str, ...] = ("indicator", *FILTERS, "sort", "richting", "definitie")
RICHTINGEN = ("op", "af")
MAX_TABEL = 1000  # rows rendered in the page; the downloads hold the whole selection
MAX_GRAFIEK = 60  # rows drawn in the chart
MAX_REEKSEN = 10  # lines in a chart over the school years
# The main measure of an indicator: named here, else the first of VOORKEUR it has, else its first
# numeric non-key column.
HOOFDMAAT: dict[str, str] = {
    "groepsgrootte": "gemiddeld",
    "reisafstand": "gemiddelde_km",
    "bl_kl_clusters": "gemiddeld_kb",
    "techniekaandeel_per_regio_samenvatting": "gemiddeld_techniekaandeel",
    "techniekleerlingen_per_regio_samenvatting": "gemiddeld_per_regio",
    "kwetsbare_groepen": "derdejaars",
}
VOORKEUR: tuple[str, ...] = (
    "aantal",
    "techniekaandeel",
    "aandeel",
    "aandeel_kwetsbaar",
    "aandeel_binnen_10km",
    "slaagpercentage",
    "fte",
    "aantal_vestigingen",
    "aantal_regios",
)
LABELS = {"schooljaar": "Schooljaar", "regio": "Regio", "profiel": "Profiel", "leerweg": "Leerweg"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NAAM = re.compile(r"^[a-z0-9_]{1,64}$")
_RIJ = "\0rij"  # the row number while sorting (no column has this name)


@dataclass(frozen=True)
class Vraag:
    """The parsed query string: the whole state of a view."""

    indicator: str
    filters: tuple[tuple[str, str | int], ...]  # only the filters that are set
    sort: str | None
    aflopend: bool

    def filter_dict(self) -> dict[str, str | int | None]:
        return dict(self.filters)

    def waarde(self, kolom: str) -> str:
        return str(self.filter_dict().get(kolom, ""))

    def filter_query(self) -> str:
        return urlencode(self.filters)

    def query(self, sort: str | None = None, aflopend: bool | None = None) -> str:
        """The canonical query string of this view, or of the same view sorted otherwise."""
        kolom = sort if sort is not None else self.sort
        af = self.aflopend if aflopend is None else aflopend
        items: list[tuple[str, str | int]] = [("indicator", self.indicator), *self.filters]
        if kolom:
            items += [("sort", kolom), ("richting", "af" if af else "op")]
        return urlencode(items)


def lees_vraag(request: Request) -> Vraag:
    """Check the query string; values are checked against the data by ``Snapshot.rijen``."""
    params = request.query_params
    onbekend = sorted(set(params) - set(PARAMETERS))
    if onbekend:
        raise ParameterError(
            f"onbekende parameter {', '.join(onbekend)}; toegestaan: {', '.join(PARAMETERS)}"
        )
    dubbel = sorted(k for k in set(params) if len(params.getlist(k)) > 1)
    if dubbel:
        raise ParameterError(f"parameter {', '.join(dubbel)} mag maar één keer voorkomen")
    naam = params.get("indicator") or STANDAARD
    if not _NAAM.match(naam):
        raise ParameterError(f"ongeldige indicatornaam {naam!r}")
    filters: list[tuple[str, str | int]] = []
    for kolom in FILTERS:
        waarde = (params.get(kolom) or "").strip()
        if not waarde:
            continue
        if kolom == "schooljaar":
            if not waarde.isdigit() or len(waarde) != 4:
                raise ParameterError(
                    f"schooljaar moet een jaartal zijn, bijvoorbeeld 2024 voor 2024/2025, "
                    f"niet {waarde!r}"
                )
            filters.append((kolom, int(waarde)))
        else:
            filters.append((kolom, waarde))
    richting = params.get("richting") or "op"
    if richting not in RICHTINGEN:
        raise ParameterError(f"richting moet 'op' of 'af' zijn, niet {richting!r}")
    return Vraag(naam, tuple(filters), params.get("sort") or None, richting == "af")


@dataclass(frozen=True)
class Sorteer:
    """Sortable table headers (tabel.html): links to the same view sorted by a column."""

    vraag: Vraag

    def href(self, kolom: str) -> str:
        aflopend = kolom == self.vraag.sort and not self.vraag.aflopend
        return "/verkenner?" + self.vraag.query(sort=kolom, aflopend=aflopend)

    def aria(self, kolom: str) -> str:
        if kolom != self.vraag.sort:
            return "none"
        return "descending" if self.vraag.aflopend else "ascending"

    def pijl(self, kolom: str) -> str:
        if kolom != self.vraag.sort:
            return ""
        return " ▼" if self.vraag.aflopend else " ▲"


@dataclass(frozen=True)
class Keuze:
    """One filter of the form: the values present in the published table."""

    naam: str
    label: str
    opties: tuple[tuple[str, str], ...]  # (value, text)
    gekozen: str


@dataclass(frozen=True)
class Grafiek:
    spec: dict[str, Any] | None
    beschrijving: str
    noten: tuple[str, ...]


def selectie(snap: Snapshot, vraag: Vraag) -> tuple[Gepubliceerd, pa.Table]:
    """The published rows of the view: filtered, then sorted (numbers by value, hidden last)."""
    return snap.indicator(vraag.indicator), uitvoer(snap, vraag).tabel


def uitvoer(snap: Snapshot, vraag: Vraag) -> Uitvoer:
    """The rows of the view in both published forms (page and downloads), in the same order."""
    gekozen = snapshot_uitvoer(snap, vraag.indicator, vraag.filter_dict())
    if vraag.sort is None:  # the canonical order: newest year first, bb, kb, gl, profielen
        rijen = gekozen.tabel.to_pylist()
        return gekozen.neem(sorted(range(len(rijen)), key=lambda i: _canoniek(rijen[i])))
    if vraag.sort not in gekozen.tabel.column_names:
        raise ParameterError(
            f"kan niet sorteren op {vraag.sort!r}: {vraag.indicator} heeft de kolommen "
            f"{', '.join(gekozen.tabel.column_names)}"
        )
    # sort the Dutch notation as the page shows it, and take the typed rows in that order
    genummerd = [{**r, _RIJ: i} for i, r in enumerate(gekozen.tabel.to_pylist())]
    volgorde = [r[_RIJ] for r in sorteer(genummerd, vraag.sort, vraag.aflopend)]
    return gekozen.neem(volgorde)


def _canoniek(rij: dict[str, Any]) -> tuple[object, ...]:
    """Sort key of a row in the reader's order: newest school year first, then regio (Nederland
    first), profiel (the report's order), leerweg (bb, kb, gl, tl, totaal)."""
    jaar = rij.get("schooljaar")
    return (
        -int(str(jaar)) if jaar is not None and str(jaar).isdigit() else 0,
        *(_volgorde(k, rij.get(k)) for k in ("regio", "profiel", "leerweg")),
    )


def _volgorde(kolom: str, waarde: object) -> tuple[int, str]:
    order: Sequence[object] = ()
    if kolom == "regio":
        order = (LANDELIJK,)
    elif kolom == "profiel":
        order = (*domain.PROFIEL_CODES, "techniek", domain.OVERIG)
    elif kolom == "leerweg":
        order = (*domain.LEERWEGEN, "totaal")
    return (order.index(waarde), "") if waarde in order else (len(order), str(waarde))


def keuzes(snap: Snapshot, g: Gepubliceerd, vraag: Vraag) -> list[Keuze]:
    """A select per filter column the indicator has, offering the values in its table."""
    assert g.tabel is not None
    result = []
    for kolom in FILTERS:
        if kolom not in g.tabel.column_names:
            continue
        waarden = {v for v in g.tabel.column(kolom).to_pylist() if v is not None}
        opties = []
        for v in sorted(waarden, key=lambda w: _volgorde(kolom, w)):
            tekst = str(v)
            if kolom == "schooljaar":
                tekst = schooljaar(v)
            elif kolom == "regio" and v == LANDELIJK:
                tekst = "Nederland (landelijk)"
            elif kolom == "regio" and v in snap.regios:
                tekst = f"{snap.regios[v].naam} ({v})"
            elif kolom == "leerweg" and v in domain.LEERWEGEN:
                tekst = f"{v} ({domain.LEERWEGEN[v]})"
            opties.append((str(v), tekst))
        result.append(Keuze(kolom, LABELS[kolom], tuple(opties), vraag.waarde(kolom)))
    return result


def waardekolom(g: Gepubliceerd) -> str | None:
    """The column the chart shows: the main measure, else the first numeric non-key column."""
    assert g.tabel is not None
    kandidaten: list[str] = [c for c in g.tabel.column_names if c not in g.indicator.sleutels]
    hoofdmaat = HOOFDMAAT.get(g.indicator.naam, g.indicator.naam)
    voorkeur = [c for c in (hoofdmaat, *VOORKEUR) if c in kandidaten]
    kolom: str
    for kolom in dict.fromkeys([*voorkeur, *kandidaten]):
        if any(getal(v) is not None for v in g.tabel.column(kolom).to_pylist()):
            return kolom
    return None


def _tekst(kolom: str, waarde: object) -> str:
    if waarde is None:
        return "(leeg)"
    return schooljaar(waarde) if kolom == "schooljaar" else str(waarde)


def _reeks(rij: dict[str, Any], kolommen: Sequence[str]) -> str:
    return " · ".join(_tekst(k, rij.get(k)) for k in kolommen)


def _varieert(rijen: Sequence[dict[str, Any]], kolommen: Sequence[str]) -> list[str]:
    return [k for k in kolommen if len({r.get(k) for r in rijen}) > 1]


def grafiek(g: Gepubliceerd, rijen: list[dict[str, Any]]) -> Grafiek:
    """A chart of the rows shown: a line over the school years, or bars for one year."""
    y = waardekolom(g)
    if y is None:
        return Grafiek(None, "", ("Geen grafiek: deze indicator heeft geen getalkolom.",))
    if not rijen:
        return Grafiek(None, "", ())
    titel = g.indicator.titel
    kolommen = set(rijen[0])
    sleutels = [k for k in g.indicator.sleutels if k in kolommen]
    overig = [k for k in sleutels if k != "schooljaar"]
    jaren = sorted({r["schooljaar"] for r in rijen}) if "schooljaar" in sleutels else []
    noten: list[str] = []
    if len(jaren) > 1:
        reeks = _varieert(rijen, overig)
        if len({_reeks(r, reeks) for r in rijen}) > MAX_REEKSEN:
            rijen = [r for r in rijen if r["schooljaar"] == jaren[-1]]
            noten.append(
                f"Meer dan {MAX_REEKSEN} lijnen: de grafiek toont alleen het nieuwste schooljaar "
                f"({schooljaar(jaren[-1])}); kies filters voor een verloop in de tijd."
            )
            jaren = jaren[-1:]
    if len(rijen) > MAX_GRAFIEK:
        noten.append(
            f"De grafiek toont de eerste {MAX_GRAFIEK} van de {len(rijen)} rijen van de tabel; "
            "kies filters om de rest te zien."
        )
        rijen = rijen[:MAX_GRAFIEK]

    if len(jaren) > 1:
        rijen = sorted(rijen, key=lambda r: int(r["schooljaar"]))  # a line runs forward in time
        reeks = _varieert(rijen, overig)
        kleur = reeks[0] if len(reeks) == 1 else ("reeks" if reeks else None)
        data = [
            {"schooljaar": schooljaar(r["schooljaar"]), y: getal(r[y]), **_kleur(r, reeks, kleur)}
            for r in rijen
        ]
        spec = charts.lijn(data, x="schooljaar", y=y, kleur=kleur, titel=f"{titel}: {y}", y_titel=y)
        per = f", een lijn per {' en '.join(reeks)}" if reeks else ""
        beschrijving = f"Lijngrafiek van {y} per schooljaar{per}"
    else:
        varieert = _varieert(rijen, overig)
        x = varieert[0] if varieert else (overig[0] if overig else "schooljaar")
        reeks = [k for k in varieert if k != x]
        kleur = reeks[0] if len(reeks) == 1 else ("reeks" if reeks else None)
        data = [{x: _tekst(x, r.get(x)), y: getal(r[y]), **_kleur(r, reeks, kleur)} for r in rijen]
        jaar = f", {schooljaar(jaren[0])}" if len(jaren) == 1 and x != "schooljaar" else ""
        spec = charts.staaf(
            data,
            x=x,
            y=y,
            kleur=kleur,
            gestapeld=False,
            titel=f"{titel}: {y}{jaar}",
            y_titel=y,
        )
        per = f", per {' en '.join(reeks)} een eigen kleur" if reeks else ""
        beschrijving = f"Staafgrafiek van {y} per {x}{jaar}{per}"
    if not any(d[y] is not None for d in data):
        noten.append(f"Geen grafiek: alle getoonde waarden van {y} zijn afgeschermd of leeg.")
        return Grafiek(None, "", tuple(noten))
    beschrijving += (
        "; afgeschermde cellen (<5, x) staan niet in de grafiek. "
        "De tabel hieronder geeft dezelfde cijfers."
    )
    return Grafiek(spec, beschrijving, tuple(noten))


def _kleur(rij: dict[str, Any], reeks: Sequence[str], kleur: str | None) -> dict[str, str]:
    return {kleur: _reeks(rij, reeks)} if kleur else {}


def pagina(request: Request, snap: Snapshot, vraag: Vraag) -> str:
    g = snap.indicator(vraag.indicator)
    context: dict[str, Any] = {
        "vraag": vraag,
        "g": g,
        "indicatoren": [i.indicator for i in snap.indicatoren.values()],
        "api_href": f"/api/v1/indicatoren/{vraag.indicator}"
        + (f"?{vraag.filter_query()}" if vraag.filters else ""),
    }
    if g.tabel is None:
        return html(request, "verkenner.html", snapshot=snap, **context)
    g, table = selectie(snap, vraag)
    rijen: list[dict[str, Any]] = table.to_pylist()
    return html(
        request,
        "verkenner.html",
        snapshot=snap,
        **context,
        keuzes=keuzes(snap, g, vraag),
        kolommen=table.column_names,
        sleutels=g.indicator.sleutels,
        rijen=rijen[:MAX_TABEL],
        aantal=len(rijen),
        max_tabel=MAX_TABEL,
        selectie=", ".join(_filtertekst(snap, k, v) for k, v in vraag.filters),
        grafiek_=grafiek(g, rijen),
        sorteer=Sorteer(vraag),
        query=vraag.query(),
    )


def _filtertekst(snap: Snapshot, kolom: str, waarde: str | int) -> str:
    if kolom == "schooljaar":
        return f"schooljaar {schooljaar(waarde)}"
    if kolom == "regio" and waarde == LANDELIJK:
        return "landelijk"
    if kolom == "regio" and waarde in snap.regios:
        return f"regio {snap.regios[str(waarde)].naam} ({waarde})"
    return f"{kolom} {waarde}"


def _bestandsnaam(vraag: Vraag, extensie: str) -> str:
    """The indicator name (checked: [a-z0-9_]) and the filter values, e.g. techniekaandeel_2024."""
    waarden = (re.sub(r"[^A-Za-z0-9]+", "-", str(v)).strip("-") or "x" for _, v in vraag.filters)
    return "_".join((vraag.indicator, *waarden)) + f".{extensie}"


def csv_bestand(snap: Snapshot, vraag: Vraag) -> bytes:
    return csv_tekst(uitvoer(snap, vraag).data).encode()


def xlsx_bestand(snap: Snapshot, vraag: Vraag) -> bytes:
    gekozen = uitvoer(snap, vraag)
    filters = ", ".join(f"{k}={v}" for k, v in vraag.filters) or "geen (alle rijen)"
    extra: dict[str, str | int] = {"filters": filters, "rijen": gekozen.data.num_rows}
    if vraag.sort:
        extra["sortering"] = f"{vraag.sort} {'aflopend' if vraag.aflopend else 'oplopend'}"
    buffer = io.BytesIO()
    schrijf_xlsx(gekozen.met_meta(**extra), buffer)  # already published: written as is
    return buffer.getvalue()


@router.get("/verkenner")
async def verkenner(request: Request) -> Response:
    vraag = lees_vraag(request)
    return gecached(request, lambda snap: pagina(request, snap, vraag), "text/html; charset=utf-8")


@router.get("/verkenner.csv")
async def verkenner_csv(request: Request) -> Response:
    vraag = lees_vraag(request)
    response = gecached(request, lambda snap: csv_bestand(snap, vraag), "text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_bestandsnaam(vraag, "csv")}"'
    )
    return response


@router.get("/verkenner.xlsx")
async def verkenner_xlsx(request: Request) -> Response:
    vraag = lees_vraag(request)
    response = gecached(request, lambda snap: xlsx_bestand(snap, vraag), XLSX)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_bestandsnaam(vraag, "xlsx")}"'
    )
    return response
