"""Verkenner: any published indicator as a table and a chart, with filters, sorting, downloads.

The page state lives only in the query string (``indicator``, the filters ``schooljaar``,
``regio``, ``profiel``, ``leerweg``, ``sort``/``richting``, the chart's measure ``maat`` and
the table's ``pagina``), so every view has a permalink and the CSV and Excel downloads
(``/verkenner.csv``, ``/verkenner.xlsx``) hold exactly the rows of the view, in its order (all
pages). The table shows ``PER_PAGINA`` rows per page, newest school year first; its headers and
the chart's labels are the reader's words (``indicators.woorden``). The chart
(``verkenner_grafiek``) can be downloaded as SVG and PNG, drawn on the server
(``/verkenner/grafiek.svg``, ``/verkenner/grafiek.png``, the same query).

Rows are only *selected* from the published (disclosure-controlled) table of the snapshot: a
filter that isolates a small group shows the suppressed cell (``<5``, ``x``). The page shows the
Dutch notation; the CSV file and the Excel file's data sheet hold the typed open-data contract
(numbers as numbers, ``_min``, ``_max``, ``_status``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sto_monitor import domain
from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.publicatie import charts
from sto_monitor.publicatie.export import Uitvoer, csv_tekst, schrijf_xlsx, snapshot_uitvoer
from sto_monitor.publicatie.gegevens import (
    FILTERS,
    LANDELIJK,
    Gepubliceerd,
    Snapshot,
    sorteer,
)
from sto_monitor.publicatie.maten import is_totaal
from sto_monitor.publicatie.spreadsheet import csv_voor_excel
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.web.downloads import CSV, download
from sto_monitor.web.pages.verkenner_grafiek import (
    Grafiek,
    grafiek,
    label,
    maten,
    waardekolom,
)
from sto_monitor.web.render import gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

STANDAARD = "leerlingen_per_profiel"
PARAMETERS: tuple[str, ...] = (
    "indicator",
    *FILTERS,
    "sort",
    "richting",
    "maat",
    "pagina",
    "definitie",
)
RICHTINGEN = ("op", "af")
PER_PAGINA = 50  # table rows per page; the downloads hold the whole selection
SVG = "image/svg+xml"
PNG = "image/png"
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
    maat: str | None = None  # the chart's measure; None: the indicator's main measure
    pagina: int = 1  # the table's page

    def filter_dict(self) -> dict[str, str | int | None]:
        return dict(self.filters)

    def waarde(self, kolom: str) -> str:
        return str(self.filter_dict().get(kolom, ""))

    def filter_query(self) -> str:
        return urlencode(self.filters)

    def query(self, sort: str | None = None, aflopend: bool | None = None) -> str:
        """The canonical query string of this view (first page), or of the same view sorted
        otherwise: the downloads hold every page, a new order starts at the first."""
        kolom = sort if sort is not None else self.sort
        af = self.aflopend if aflopend is None else aflopend
        items: list[tuple[str, str | int]] = [("indicator", self.indicator), *self.filters]
        if kolom:
            items += [("sort", kolom), ("richting", "af" if af else "op")]
        if self.maat:
            items.append(("maat", self.maat))
        return urlencode(items)

    def pagina_query(self, pagina: int) -> str:
        """The query string of another page of this view."""
        query = self.query()
        return f"{query}&pagina={pagina}" if pagina > 1 else query


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
    maat = params.get("maat") or None
    if maat is not None and not _NAAM.match(maat):
        raise ParameterError(f"ongeldige maat {maat!r}")
    pagina = (params.get("pagina") or "1").strip()
    if not pagina.isdigit() or int(pagina) < 1:
        raise ParameterError(f"pagina moet een geheel getal vanaf 1 zijn, niet {pagina!r}")
    return Vraag(
        naam, tuple(filters), params.get("sort") or None, richting == "af", maat, int(pagina)
    )


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
    order: Sequence[object] = (LANDELIJK,) if kolom == "regio" else charts.volgorde(kolom)
    return (order.index(waarde), "") if waarde in order else (len(order), str(waarde))


def keuzes(snap: Snapshot, g: Gepubliceerd, vraag: Vraag) -> list[Keuze]:
    """A select per filter column the indicator has, offering the values in its table in the
    reader's order (leerwegen bb, kb, gl, tl, totaal; profielen as the report lists them)."""
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
            elif kolom == "profiel" and v in PROFIELNAMEN:
                tekst = f"{v} ({PROFIELNAMEN[v]})"
            elif kolom == "profiel" and v in TOTAALNAMEN:
                tekst = f"{v} ({TOTAALNAMEN[v]})"
            opties.append((str(v), tekst))
        naam = label(g.indicator, kolom)
        result.append(Keuze(kolom, naam, tuple(opties), vraag.waarde(kolom)))
    return result


PROFIELNAMEN = {p.code: p.naam.lower() for p in domain.PROFIELEN}
TOTAALNAMEN = {
    "techniek": "alle technische profielen",
    "niet-techniek": "alle andere profielen",
    "totaal": "alle profielen",
}


def maatkeuze(g: Gepubliceerd, vraag: Vraag) -> Keuze:
    """The measure picker: every numeric column, by its header; the chart's measure chosen."""
    opties = tuple(maten(g))
    if vraag.maat is not None and vraag.maat not in dict(opties):
        raise ParameterError(
            f"maat {vraag.maat!r} bestaat niet bij {vraag.indicator}; kies uit "
            f"{', '.join(k for k, _ in opties)}"
        )
    return Keuze("maat", "Getal in de grafiek", opties, vraag.maat or waardekolom(g) or "")


@dataclass(frozen=True)
class Kolom:
    """A column of the table: its name (data-kolom, sorting) and its header."""

    naam: str
    kop: str
    sleutel: bool
    schooljaar: bool  # shown as 2019/2020


@dataclass(frozen=True)
class Bladeren:
    """The table's pages: which rows this page shows and the links to the others."""

    pagina: int
    paginas: int
    eerste: int  # 1-based number of the first row shown
    laatste: int
    vorige: str | None  # href
    volgende: str | None


def bladeren(vraag: Vraag, aantal: int) -> Bladeren:
    paginas = max((aantal + PER_PAGINA - 1) // PER_PAGINA, 1)
    if vraag.pagina > paginas:
        meervoud = "pagina" if paginas == 1 else "pagina's"
        raise ParameterError(
            f"pagina {vraag.pagina} bestaat niet: deze selectie heeft {paginas} {meervoud}"
        )
    eerste = (vraag.pagina - 1) * PER_PAGINA
    return Bladeren(
        vraag.pagina,
        paginas,
        min(eerste + 1, aantal),
        min(eerste + PER_PAGINA, aantal),
        f"/verkenner?{vraag.pagina_query(vraag.pagina - 1)}" if vraag.pagina > 1 else None,
        f"/verkenner?{vraag.pagina_query(vraag.pagina + 1)}" if vraag.pagina < paginas else None,
    )


def kolommen(g: Gepubliceerd, namen: Sequence[str]) -> list[Kolom]:
    ind = g.indicator
    return [
        Kolom(k, label(ind, k), k in ind.sleutels, k in ("schooljaar", "vorig_schooljaar"))
        for k in namen
    ]


def _grafiek(snap: Snapshot, g: Gepubliceerd, vraag: Vraag, gekozen: Uitvoer) -> Grafiek:
    """The chart of the view, from its typed rows; one region's share beside Nederland's."""
    landelijk: list[dict[str, Any]] = []
    regio = vraag.filter_dict().get("regio")
    if regio not in (None, LANDELIJK) and g.tabel is not None:
        waarden = set(g.tabel.column("regio").to_pylist())
        if LANDELIJK in waarden:
            filters = {**vraag.filter_dict(), "regio": LANDELIJK}
            landelijk = snapshot_uitvoer(snap, vraag.indicator, filters).data.to_pylist()
    return grafiek(snap, g, gekozen.data.to_pylist(), maat=vraag.maat, landelijk=landelijk)


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
    gekozen = uitvoer(snap, vraag)
    maat = maatkeuze(g, vraag)
    aantal = gekozen.tabel.num_rows
    blad = bladeren(vraag, aantal)
    rijen: list[dict[str, Any]] = gekozen.tabel.slice(
        (blad.pagina - 1) * PER_PAGINA, PER_PAGINA
    ).to_pylist()
    sleutels = [k for k in g.indicator.sleutels if k in gekozen.tabel.column_names]
    return html(
        request,
        "verkenner.html",
        snapshot=snap,
        **context,
        keuzes=keuzes(snap, g, vraag),
        maatkeuze=maat,
        kolommen=kolommen(g, gekozen.tabel.column_names),
        rijen=[(r, any(is_totaal(k, r.get(k)) for k in sleutels)) for r in rijen],
        aantal=aantal,
        bladeren=blad,
        selectie=", ".join(_filtertekst(snap, g, k, v) for k, v in vraag.filters),
        sortering=label(g.indicator, vraag.sort).lower() if vraag.sort else None,
        grafiek_=_grafiek(snap, g, vraag, gekozen),
        sorteer=Sorteer(vraag),
        query=vraag.query(),
    )


def _filtertekst(snap: Snapshot, g: Gepubliceerd, kolom: str, waarde: str | int) -> str:
    """A filter as the count sentence says it: "schooljaar 2024/2025", "regio Assen (R05)"."""
    if kolom == "schooljaar":
        return f"schooljaar {schooljaar(waarde)}"
    if kolom == "regio" and waarde == LANDELIJK:
        return "heel Nederland"
    if kolom == "regio" and waarde in snap.regios:
        naam = snap.regios[str(waarde)].naam
        naam = naam[len("regio ") :] if naam.lower().startswith("regio ") else naam
        return f"regio {naam} ({waarde})"
    return f"{label(g.indicator, kolom).lower()} {waarde}"


def _bestandsnaam(vraag: Vraag, extensie: str) -> str:
    """The indicator name (checked: [a-z0-9_]) and the filter values, e.g. techniekaandeel_2024."""
    waarden = (re.sub(r"[^A-Za-z0-9]+", "-", str(v)).strip("-") or "x" for _, v in vraag.filters)
    return "_".join((vraag.indicator, *waarden)) + f".{extensie}"


def csv_bestand(snap: Snapshot, vraag: Vraag) -> bytes:
    return csv_tekst(uitvoer(snap, vraag).data).encode()


def csv_excel_bestand(snap: Snapshot, vraag: Vraag) -> str:
    return csv_voor_excel(uitvoer(snap, vraag))  # the people's CSV (;, decimal comma, BOM)


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


def grafiek_bestand(snap: Snapshot, vraag: Vraag) -> dict[str, Any]:
    """The view's chart as a file draws it: fixed width, title, and for generated data the
    note that the figures are not real."""
    g = snap.indicator(vraag.indicator)
    if g.tabel is None:
        raise NotFoundError(f"{vraag.indicator}: bron ontbreekt; er is geen grafiek")
    maatkeuze(g, vraag)
    spec = _grafiek(snap, g, vraag, uitvoer(snap, vraag)).spec
    if spec is None:
        raise NotFoundError("geen grafiek voor deze selectie: er is geen getal om te tekenen")
    return charts.als_bestand(spec, synthetisch=snap.synthetisch)


@router.get("/verkenner/grafiek.svg")
async def verkenner_svg(request: Request) -> Response:
    vraag = lees_vraag(request)
    naam = _bestandsnaam(vraag, "svg")
    make = lambda snap: charts.svg(grafiek_bestand(snap, vraag))  # noqa: E731
    return await run_in_threadpool(download, request, naam, make, SVG)


@router.get("/verkenner/grafiek.png")
async def verkenner_png(request: Request) -> Response:
    vraag = lees_vraag(request)
    naam = _bestandsnaam(vraag, "png")
    make = lambda snap: charts.png(grafiek_bestand(snap, vraag))  # noqa: E731
    return await run_in_threadpool(download, request, naam, make, PNG)


@router.get("/verkenner.csv")
async def verkenner_csv(request: Request) -> Response:
    vraag = lees_vraag(request)
    naam = _bestandsnaam(vraag, "csv")
    return download(request, naam, lambda snap: csv_bestand(snap, vraag), CSV)


@router.get("/verkenner-excel.csv")
async def verkenner_csv_excel(request: Request) -> Response:
    vraag = lees_vraag(request)
    naam = _bestandsnaam(vraag, "csv").replace(".csv", "-excel.csv")
    return download(request, naam, lambda snap: csv_excel_bestand(snap, vraag), CSV)


@router.get("/verkenner.xlsx")
async def verkenner_xlsx(request: Request) -> Response:
    vraag = lees_vraag(request)
    naam = _bestandsnaam(vraag, "xlsx")
    return download(request, naam, lambda snap: xlsx_bestand(snap, vraag), XLSX)
