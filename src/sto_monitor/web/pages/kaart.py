"""Kaart: a choropleth of the STO-regio's for any per-region indicator, school year and column.

STO-regio's are partnerships of schools, not areas: a region is drawn as the gemeenten where
its vestigingen are (``Snapshot.gemeente_regio``), each gemeente in the colour of its region's
published value. Only published rows are selected and shown; nothing is derived from them
except class breaks over the published values. A cell that holds the reason of a series break
instead of a number (``tekst.is_breuk``: a change across a break) is drawn in a colour of its
own, "niet vergelijkbaar", not as missing data. Indicators are named by their title, columns by
the reader's words with their unit (``indicators.woorden``). The page state lives in the query
string only, so the URL is the permalink; the table below the map is its text alternative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyarrow as pa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor import domain
from sto_monitor.accounts.beleid import Recht
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import Indicator
from sto_monitor.indicators.woorden import Woord, woord
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.gegevens import LANDELIJK, Gepubliceerd, Snapshot, getal, sorteer
from sto_monitor.publicatie.grenzen import provincies
from sto_monitor.publicatie.kaart import (
    GEEN_GEGEVENS,
    PALET_CATEGORIE,
    Legenda,
    Vlak,
    kaart_svg,
    klassegrenzen,
    klassekleur,
    klasselegenda,
)
from sto_monitor.publicatie.tekst import is_breuk
from sto_monitor.publicatie.tekst import schooljaar as jaartekst
from sto_monitor.web.render import gecached, html
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

STANDAARD_INDICATOR = "techniekaandeel"
STANDAARD_KOLOM = "techniekaandeel"
CLUSTER = "cluster"  # a letter A-D: drawn as categories, not as classes
CLUSTERS: tuple[str, ...] = ("A", "B", "C", "D")
AFGESCHERMD: tuple[str, ...] = ("<5", "x")
GEEN = "geen gegevens of afgeschermd"
NIET_VERGELIJKBAAR = "niet vergelijkbaar"
KLEUR_NIET_VERGELIJKBAAR = "#9a9a9a"  # darker than GEEN_GEGEVENS, outside both palettes
LEERWEG_VOLGORDE: tuple[str, ...] = ("bb", "kb", "gl", "tl", "totaal")
SVG_ID = "regiokaart"


def kaartindicatoren(snap: Snapshot) -> list[Indicator]:
    """Indicators that can be mapped: published per region and available in this warehouse."""
    return [
        g.indicator for g in snap.indicatoren.values() if g.indicator.per_regio and g.beschikbaar
    ]


def woord_van(indicator: Indicator, kolom: str) -> Woord:
    """A column's words (tests/test_woorden.py makes sure every published column has them)."""
    try:
        return woord(indicator, kolom)
    except KeyError:
        return Woord(kolom.replace("_", " ").capitalize(), "tekst")


def label(indicator: Indicator, kolom: str) -> str:
    """A column as the reader reads it, with its unit: "Verandering techniek (%)"."""
    return woord_van(indicator, kolom).kop


def _numeriek(tabel: pa.Table, kolom: str) -> bool:
    """Numbers, or published text cells that are numbers, intervals or hidden."""
    soort = tabel.schema.field(kolom).type
    if pa.types.is_boolean(soort):
        return False
    if pa.types.is_integer(soort) or pa.types.is_floating(soort):
        return True
    if not (pa.types.is_string(soort) or pa.types.is_large_string(soort)):
        return False
    return all(
        v is None or v in AFGESCHERMD or getal(v) is not None or is_breuk(v)
        for v in tabel.column(kolom).unique().to_pylist()
    )


def kolommen(gepubliceerd: Gepubliceerd) -> list[str]:
    """The published columns that can colour the map, in the indicator's column order."""
    tabel = gepubliceerd.tabel
    if tabel is None:
        return []
    indicator = gepubliceerd.indicator
    opties = [
        k
        for k in indicator.kolommen
        if k in tabel.column_names
        and k not in indicator.sleutels
        and k != CLUSTER
        and _numeriek(tabel, k)
    ]
    if CLUSTER in tabel.column_names:
        opties.append(CLUSTER)
    return opties


def standaardkolom(indicator: Indicator, opties: Sequence[str]) -> str:
    """The column shown when none is chosen: the indicator's headline share if it has one."""
    if STANDAARD_KOLOM in opties:
        return STANDAARD_KOLOM
    voorkeur = [k for k in opties if "aandeel" in k]
    voorkeur += [k for k in indicator.openbaarheid.aandelen if k in opties]
    return (voorkeur or list(opties))[0]


def _waarden(tabel: pa.Table, kolom: str, volgorde: Sequence[str]) -> list[str]:
    """The distinct values of a key column, in the domain's order (others sorted after)."""
    aanwezig = {str(v) for v in tabel.column(kolom).unique().to_pylist() if v is not None}
    eerst = [v for v in volgorde if v in aanwezig]
    return eerst + sorted(aanwezig - set(eerst))


@dataclass(frozen=True)
class Keuze:
    """What the map shows: validated query parameters with the options of the form."""

    indicator: Indicator
    schooljaar: int
    kolom: str
    profiel: str | None
    leerweg: str | None
    indicatoren: tuple[Indicator, ...]
    kolommen: tuple[str, ...]
    profielen: tuple[str, ...]
    leerwegen: tuple[str, ...]

    @property
    def categorisch(self) -> bool:
        return self.kolom == CLUSTER

    @property
    def woord(self) -> Woord:
        return woord_van(self.indicator, self.kolom)

    @property
    def label(self) -> str:
        """The chosen column with its unit: "Techniekaandeel (%)"."""
        return self.woord.kop

    @property
    def eenheid(self) -> str:
        return self.woord.eenheid or ""

    @property
    def filters(self) -> dict[str, str | int | None]:
        return {"schooljaar": self.schooljaar, "profiel": self.profiel, "leerweg": self.leerweg}

    @property
    def selectie(self) -> str:
        """``schooljaar 2024/2025, profiel PIE, leerweg kb`` for titles and descriptions."""
        delen = [f"schooljaar {jaartekst(self.schooljaar)}"]
        if self.profiel is not None:
            delen.append(f"profiel {self.profiel}")
        if self.leerweg is not None:
            delen.append(f"leerweg {self.leerweg}")
        return ", ".join(delen)


def _jaar(snap: Snapshot, tekst: str | None) -> int:
    if tekst is None or tekst == "":
        if snap.laatste_jaar is None:
            raise NotFoundError("er zijn geen schooljaren geladen; lees eerst gegevens in")
        return snap.laatste_jaar
    try:
        jaar = int(tekst)
    except ValueError:
        raise ParameterError(f"schooljaar moet een jaartal zijn, niet {tekst!r}") from None
    if jaar not in snap.jaren:
        geladen = ", ".join(str(j) for j in snap.jaren) or "geen"
        raise NotFoundError(f"schooljaar {jaar} is niet geladen (geladen: {geladen})")
    return jaar


def _sleutelwaarde(
    indicator: Indicator, soort: str, gekozen: str | None, opties: Sequence[str]
) -> str | None:
    if soort not in indicator.sleutels:
        return None  # carried over from another indicator in the form: not relevant here
    if gekozen is None or gekozen == "":
        return opties[0] if opties else None
    if gekozen not in opties:
        keuzes = ", ".join(opties) or "geen"
        raise NotFoundError(
            f"onbekende {soort} {gekozen!r} voor indicator {indicator.naam} (kies uit: {keuzes})"
        )
    return gekozen


def kies(
    snap: Snapshot,
    indicator: str,
    jaar: str | None,
    kolom: str | None,
    profiel: str | None,
    leerweg: str | None,
) -> Keuze:
    """Validate the query parameters; Dutch errors name what can be chosen instead."""
    gepubliceerd = snap.indicator(indicator)
    kaartbaar = tuple(kaartindicatoren(snap))
    if not gepubliceerd.indicator.per_regio:
        namen = ", ".join(i.naam for i in kaartbaar) or "geen"
        raise ParameterError(
            f"indicator {indicator} heeft geen cijfers per regio en kan niet op de kaart; "
            f"op de kaart kunnen: {namen}"
        )
    tabel = gepubliceerd.tabel
    if tabel is None:
        ontbreekt = ", ".join(dict.fromkeys(map(bron_naam, gepubliceerd.ontbreekt)))
        raise NotFoundError(
            f"{gepubliceerd.indicator.titel}: deze cijfers zijn er nog niet, want de bron "
            f"ontbreekt ({ontbreekt})"
        )
    ind = gepubliceerd.indicator
    opties = tuple(kolommen(gepubliceerd))
    if kolom is None or kolom == "":
        kolom = standaardkolom(ind, opties)
    elif kolom not in opties:
        keuzes = ", ".join(opties)
        raise ParameterError(
            f"kolom {kolom!r} van indicator {indicator} kan niet op de kaart (kies uit: {keuzes})"
        )
    profielen = (
        _waarden(tabel, "profiel", domain.PROFIEL_CODES) if "profiel" in ind.sleutels else []
    )
    leerwegen = _waarden(tabel, "leerweg", LEERWEG_VOLGORDE) if "leerweg" in ind.sleutels else []
    return Keuze(
        indicator=ind,
        schooljaar=_jaar(snap, jaar),
        kolom=kolom,
        profiel=_sleutelwaarde(ind, "profiel", profiel, profielen),
        leerweg=_sleutelwaarde(ind, "leerweg", leerweg, leerwegen),
        indicatoren=kaartbaar,
        kolommen=opties,
        profielen=tuple(profielen),
        leerwegen=tuple(leerwegen),
    )


@dataclass(frozen=True)
class Regiowaarde:
    """One row of the table under the map: a region and its published cell."""

    regio: str
    naam: str
    waarde: Any  # the published cell, as is


def regiowaarden(snap: Snapshot, keuze: Keuze) -> tuple[list[Regiowaarde], Any]:
    """The published rows of the chosen year (and profiel/leerweg), sorted for the table.

    Returns the regions and the national cell (regio ``NL``) when the indicator has one.
    """
    rijen: list[dict[str, Any]] = snap.rijen(keuze.indicator.naam, keuze.filters).to_pylist()
    landelijk = next((r[keuze.kolom] for r in rijen if r["regio"] == LANDELIJK), None)
    regios = sorted((r for r in rijen if r["regio"] != LANDELIJK), key=lambda r: r["regio"])
    geordend = sorteer(regios, keuze.kolom, aflopend=not keuze.categorisch)
    uit = []
    for r in geordend:
        regio = snap.regios.get(r["regio"])
        uit.append(Regiowaarde(r["regio"], regio.naam if regio else r["regio"], r[keuze.kolom]))
    return uit, landelijk


def zichtbaar(waarde: Any) -> bool:
    """A published value to show: not missing, not hidden, not the reason of a break."""
    return waarde is not None and waarde not in AFGESCHERMD and not is_breuk(waarde)


def tekst(waarde: Any, eenheid: str) -> str:
    """A published cell in Dutch notation for a tooltip: ``27,1 %``."""
    if is_breuk(waarde):
        return str(waarde)  # "niet vergelijkbaar: andere regio-indeling"
    if not zichtbaar(waarde):
        return GEEN
    return f"{weergave(waarde)} {eenheid}".rstrip()


def _met_breuken(
    kleur: dict[str, str | None], legenda: Legenda, waarden: Mapping[str, Any]
) -> tuple[dict[str, str | None], Legenda]:
    """Regions whose cell is the reason of a break get their own colour and legend entry."""
    breuk = {r for r, w in waarden.items() if is_breuk(w)}
    if not breuk:
        return kleur, legenda
    kleur = {r: KLEUR_NIET_VERGELIJKBAAR if r in breuk else k for r, k in kleur.items()}
    items = list(legenda.items)
    plek = next((n for n, (c, _) in enumerate(items) if c == GEEN_GEGEVENS), len(items))
    items.insert(plek, (KLEUR_NIET_VERGELIJKBAAR, NIET_VERGELIJKBAAR))
    return kleur, Legenda(legenda.titel, items)


def kleuren(keuze: Keuze, waarden: Mapping[str, Any]) -> tuple[dict[str, str | None], Legenda]:
    """The colour of every region and the legend: classes, or categories A-D for clusters."""
    if keuze.categorisch:
        palet = dict(zip(CLUSTERS, PALET_CATEGORIE, strict=False))
        items = [(palet[c], f"cluster {c}") for c in CLUSTERS]
        items.append((GEEN_GEGEVENS, GEEN))
        kleur = {r: palet.get(str(w)) if zichtbaar(w) else None for r, w in waarden.items()}
        return _met_breuken(kleur, Legenda(keuze.woord.label, items), waarden)
    getallen = {r: getal(w) if zichtbaar(w) else None for r, w in waarden.items()}
    grenzen = klassegrenzen([g for g in getallen.values() if g is not None])
    kleur = {r: klassekleur(g, grenzen) for r, g in getallen.items()}
    legenda = klasselegenda(keuze.woord.label, grenzen, keuze.eenheid)
    return _met_breuken(kleur, legenda, waarden)


def titel(keuze: Keuze) -> str:
    return f"{keuze.indicator.titel}: {keuze.label}, {keuze.selectie}"


def beschrijving(keuze: Keuze, breuk: bool = False) -> str:
    """The map in words; ``breuk``: some regions are drawn as "niet vergelijkbaar"."""
    wat = "het cluster (A tot en met D)" if keuze.categorisch else keuze.label.lower()
    niet_vergelijkbaar = (
        "Donkergrijze gemeenten horen bij een regio waarvan de waarde niet te vergelijken is "
        "met het vorige schooljaar (een breuk in de reeks; de tabel zegt waarom). "
        if breuk
        else ""
    )
    return (
        f"Kaart van Nederland. Elke gemeente is gekleurd naar {wat} van de STO-regio waartoe "
        "de meeste vmbo-vestigingen in die gemeente behoren "
        f"({keuze.indicator.titel}, {keuze.selectie}). Lichtgrijze gemeenten horen bij geen "
        "regio, of de waarde van hun regio is afgeschermd of ontbreekt. "
        f"{niet_vergelijkbaar}Donkere lijnen zijn provinciegrenzen. De tabel onder de kaart "
        "geeft dezelfde cijfers per regio."
    )


def heeft_breuk(regios: Sequence[Regiowaarde]) -> bool:
    return any(is_breuk(r.waarde) for r in regios)


def kaart(snap: Snapshot, keuze: Keuze, regios: Sequence[Regiowaarde]) -> str:
    """The choropleth as inline SVG, with provincie borders; empty without gemeenten."""
    if not snap.gemeenten:
        return ""
    waarden = {r.regio: r.waarde for r in regios}
    kleur, legenda = kleuren(keuze, waarden)
    vlakken = []
    for code, naam, geometrie in snap.gemeenten:
        regio = snap.gemeente_regio.get(code)
        if regio is None:
            vlakken.append(Vlak(code, naam, geometrie, None, f"geen STO-regio: {GEEN}"))
            continue
        info = snap.regios.get(regio)
        regionaam = info.naam if info else regio
        waarde = waarden.get(regio)
        vlakken.append(
            Vlak(
                code,
                naam,
                geometrie,
                kleur.get(regio),
                f"{regionaam} ({regio}): {tekst(waarde, keuze.eenheid)}",
                f"/regio/{regio}",
            )
        )
    return kaart_svg(
        vlakken,
        titel=titel(keuze),
        beschrijving=beschrijving(keuze, heeft_breuk(regios)),
        legenda=legenda,
        id=SVG_ID,
        lijnen=[geometrie for _, _, geometrie in provincies()],
    )


def pagina(
    request: Request,
    snap: Snapshot,
    indicator: str,
    jaar: str | None,
    kolom: str | None,
    profiel: str | None,
    leerweg: str | None,
) -> str:
    if indicator == STANDAARD_INDICATOR and not kaartindicatoren(snap):
        return html(request, "kaart.html", snapshot=snap, keuze=None)
    keuze = kies(snap, indicator, jaar, kolom, profiel, leerweg)
    regios, landelijk = regiowaarden(snap, keuze)
    verkenner = "/verkenner?" + urlencode(
        {"indicator": keuze.indicator.naam, "schooljaar": keuze.schooljaar}
    )
    return html(
        request,
        "kaart.html",
        snapshot=snap,
        keuze=keuze,
        regios=regios,
        landelijk=landelijk if zichtbaar(landelijk) else None,
        svg=kaart(snap, keuze, regios),
        titel=titel(keuze),
        beschrijving=beschrijving(keuze, heeft_breuk(regios)),
        label=lambda kolom: label(keuze.indicator, kolom),
        verkenner=verkenner,
        clusters=CLUSTERS,
    )


@router.get("/kaart")
async def kaartpagina(
    request: Request,
    indicator: str = STANDAARD_INDICATOR,
    schooljaar: str | None = None,
    kolom: str | None = None,
    profiel: str | None = None,
    leerweg: str | None = None,
) -> Response:
    def make(snap: Snapshot) -> str:
        return pagina(request, snap, indicator, schooljaar, kolom, profiel, leerweg)

    return gecached(request, make, "text/html; charset=utf-8")
