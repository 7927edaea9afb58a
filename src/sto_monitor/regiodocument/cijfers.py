"""Every numeric part of a region's document, filled in from the published snapshot.

:func:`vul` returns one :class:`Cijferblok` per figure id a document uses, in that order. A
block holds published cells as text in the monitor's Dutch notation (``1.234``, ``12,3``,
``<5``, ``x``, ranges), exactly as the dashboard shows them: this module selects and orders
published rows, it never computes a number. Each block carries its provenance: the published
table(s), the school year(s), the sources, "schatting" where estimated, and the publication
it was read from (``Snapshot.versie``), so a submitted version can say what it rested on.

Three providers: the in-, door- and uitstroom view (``publicatie.stromen.stromen``), the
forecast (``publicatie.prognose.prognoseblok``) and the blocks of one published indicator
defined in ``secties.toml``. A provider the monitor does not have yet gives a block that says
"nog niet beschikbaar" instead of failing the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sto_monitor import domain
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.indicators.woorden import label
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.gegevens import LANDELIJK, Snapshot
from sto_monitor.publicatie.taal import schooljaar
from sto_monitor.regiodocument.secties import (
    ONDERGRENS,
    PROGNOSE,
    STROMEN,
    Indicatorblok,
    structuur,
)

# A published cell that is a number: 1.234, 12,3, a range, <5, x (Dutch notation), also with
# an interval in brackets after it (a forecast: 1.234 (1.180-1.290), with an en dash).
_GETAL = r"(?:<5|x|-?[\d.]+(?:,\d+)?)"
GETAL = re.compile(rf"^{_GETAL}(?:\u2013{_GETAL})?(?: \({_GETAL}\u2013{_GETAL}\))?(?: ?%)?$")
NIET_BESCHIKBAAR = "Nog niet beschikbaar: de monitor maakt deze cijfers nog niet."
TITELS: dict[str, str] = {
    "instroom": "Instroom in leerjaar 3",
    "doorstroom": "Vervolg na leerjaar 4",
    "doorstroom_mbo": "Doorstroom naar het technisch mbo",
    "weglekken": "Weglekken uit techniek (schatting)",
    "afstromers": "Afstromers naar een lagere leerweg (schatting)",
    "keuzevakken": "Technische keuzevakken in andere profielen",
    PROGNOSE: "Prognose van de derdejaars",
    ONDERGRENS: "Ondergrens van de regio",
}
LEERWEG_LABELS: dict[str, str] = {
    "bb": "Basis (bb)",
    "kb": "Kader (kb)",
    "gl": "Gemengd (gl)",
    "tl": "Theoretisch (tl)",
    "totaal": "Totaal",
}
PROFIEL_LABELS: dict[str, str] = {
    "techniek": "Techniek samen",
    "niet-techniek": "Niet-techniek samen",
    domain.OVERIG: "Overig (routes en oude afdelingen)",
    "totaal": "Totaal",
}
VOLGORDE: dict[str, tuple[str, ...]] = {
    "profiel": (*domain.PROFIEL_CODES, domain.OVERIG, "techniek", "niet-techniek", "totaal"),
    "leerweg": tuple(LEERWEG_LABELS),
}


@dataclass(frozen=True)
class Cijferblok:
    """The figures of one block, as published, with where they come from."""

    id: str
    titel: str
    uitleg: str
    kolommen: tuple[str, ...]  # the reader's words
    rijen: tuple[tuple[str, ...], ...]  # published cells as text
    bron: str  # the published table(s), school year(s) and sources, in words
    schatting: bool = False
    ontbreekt: str | None = None  # the source that is not loaded, in words; then no rows
    landelijk: bool = False  # national figures: the source is not published per region
    indicatoren: tuple[str, ...] = ()
    stand: str = ""  # the publication the cells were read from (Snapshot.versie)
    niet_beschikbaar: bool = False  # the monitor does not make this block yet
    sleutel: int = 1  # how many leading columns label a row

    @property
    def herkomst(self) -> str:
        """The provenance line under the block's table."""
        delen = [self.bron.strip()] if self.bron.strip() else []
        if self.schatting:
            delen.append("Dit is een schatting.")
        if self.landelijk:
            delen.append("Landelijke cijfers: de bron wordt niet per regio gepubliceerd.")
        if self.stand:
            delen.append(f"Stand van de cijfers: publicatie {self.stand}.")
        return " ".join(delen)

    @property
    def leeg(self) -> bool:
        return self.niet_beschikbaar or self.ontbreekt is not None or not self.rijen

    @property
    def melding(self) -> str:
        """Why a block has no table, in words ("" when it has one)."""
        if self.niet_beschikbaar:
            return NIET_BESCHIKBAAR
        if self.ontbreekt is not None:
            return f"Niet te tonen: hiervoor ontbreekt {self.ontbreekt}."
        if not self.rijen:
            return "Voor deze regio zijn hier geen cijfers gepubliceerd."
        return ""

    def getalkolommen(self) -> frozenset[int]:
        """The columns (by position) that hold numbers: right-aligned on a page."""
        return frozenset(
            i
            for i in range(self.sleutel, len(self.kolommen))
            if all(GETAL.match(r[i]) for r in self.rijen if i < len(r) and r[i])
        )

    def als_dict(self) -> dict[str, Any]:
        """For the frozen ``inhoud`` of a submitted version (JSON)."""
        uit = asdict(self)
        uit["kolommen"] = list(self.kolommen)
        uit["rijen"] = [list(r) for r in self.rijen]
        uit["indicatoren"] = list(self.indicatoren)
        return uit

    @classmethod
    def van_dict(cls, data: Mapping[str, Any]) -> Cijferblok:
        namen = {f.name for f in fields(cls)}
        waarden = {k: v for k, v in data.items() if k in namen}
        waarden["kolommen"] = tuple(str(k) for k in data.get("kolommen", ()))
        waarden["rijen"] = tuple(tuple(str(c) for c in r) for r in data.get("rijen", ()))
        waarden["indicatoren"] = tuple(str(i) for i in data.get("indicatoren", ()))
        return cls(**waarden)


def cijferjaar(snap: Snapshot, jaar: int) -> int | None:
    """The school year the figures of a document about ``jaar`` show: that year when loaded,
    else the newest loaded before it (None: nothing loaded that early)."""
    eerder = [j for j in snap.jaren if j <= jaar]
    return max(eerder) if eerder else None


def vul(
    snap: Snapshot,
    regio: str,
    jaar: int,
    ids: Iterable[str],
    *,
    ondergrens: tuple[int, bool] | None = None,
) -> tuple[Cijferblok, ...]:
    """The blocks ``ids`` for ``regio`` in a document about school year ``jaar``.

    ``ondergrens``: the region's ondergrens and whether it set its own (else the monitor's
    default); without it that block says it is not available.
    """
    snap.regio(regio)  # unknown: NotFoundError
    cijfers = cijferjaar(snap, jaar)
    blokken = structuur().blokken
    stromen = _Stromen(snap, regio, cijfers)
    uit: list[Cijferblok] = []
    for id in ids:
        if id in STROMEN:
            blok = stromen.blok(id)
        elif id == PROGNOSE:
            blok = _prognose(snap, regio)
        elif id == ONDERGRENS:
            blok = _ondergrens(ondergrens)
        else:
            blok = _indicator(snap, regio, cijfers, blokken[id])
        uit.append(_met_stand(blok, snap.versie))
    return tuple(uit)


def _met_stand(blok: Cijferblok, stand: str) -> Cijferblok:
    if blok.niet_beschikbaar or blok.id == ONDERGRENS:
        return blok
    return replace(blok, stand=stand)


def _niet_beschikbaar(id: str) -> Cijferblok:
    return Cijferblok(
        id=id,
        titel=TITELS.get(id, id),
        uitleg="",
        kolommen=(),
        rijen=(),
        bron="",
        niet_beschikbaar=True,
    )


def _van_stroomblok(blok: Any) -> Cijferblok:
    """A provider's ``Stroomblok`` as it is (read loosely: the record may gain fields)."""
    return Cijferblok(
        id=str(blok.id),
        titel=str(blok.titel),
        uitleg=str(blok.uitleg),
        kolommen=tuple(str(k) for k in blok.kolommen),
        rijen=tuple(tuple(str(c) for c in r) for r in blok.rijen),
        bron=str(blok.bron),
        schatting=bool(getattr(blok, "schatting", False)),
        ontbreekt=getattr(blok, "ontbreekt", None),
        landelijk=bool(getattr(blok, "landelijk", False)),
        indicatoren=tuple(str(i) for i in getattr(blok, "indicatoren", ())),
    )


class _Stromen:
    """The in-, door- and uitstroom view, asked once per document."""

    def __init__(self, snap: Snapshot, regio: str, jaar: int | None) -> None:
        self.snap, self.regio, self.jaar = snap, regio, jaar
        self._blokken: dict[str, Cijferblok] | None = None

    def blok(self, id: str) -> Cijferblok:
        if self._blokken is None:
            self._blokken = self._lees()
        return self._blokken.get(id) or _niet_beschikbaar(id)

    def _lees(self) -> dict[str, Cijferblok]:
        try:
            from sto_monitor.publicatie.stromen import stromen

            view = stromen(self.snap, self.regio, self.jaar)
        except (NotImplementedError, ImportError):
            return {}
        return {str(b.id): _van_stroomblok(b) for b in view.blokken}


def _prognose(snap: Snapshot, regio: str) -> Cijferblok:
    try:
        from sto_monitor.publicatie import prognose  # type: ignore[attr-defined,unused-ignore]

        maak: Callable[[Snapshot, str], Any] = prognose.prognoseblok
        blok = maak(snap, regio)
    except (NotImplementedError, ImportError, AttributeError):
        return _niet_beschikbaar(PROGNOSE)
    if blok is None:
        return Cijferblok(
            id=PROGNOSE,
            titel=TITELS[PROGNOSE],
            uitleg="",
            kolommen=(),
            rijen=(),
            bron="",
            ontbreekt="genoeg opeenvolgende schooljaren van deze regio voor een prognose",
        )
    return _van_stroomblok(blok)


def _ondergrens(ondergrens: tuple[int, bool] | None) -> Cijferblok:
    if ondergrens is None:
        return _niet_beschikbaar(ONDERGRENS)
    waarde, eigen = ondergrens
    return Cijferblok(
        id=ONDERGRENS,
        titel=TITELS[ONDERGRENS],
        uitleg=(
            "Het kleinste aantal derdejaars waarmee de regio een profiel in een leerweg "
            "toekomstbestendig kan aanbieden. De planner gebruikt het als minimale groep."
        ),
        kolommen=("Ondergrens", "Derdejaars per profiel en leerweg"),
        rijen=(("Ondergrens van de regio", weergave(waarde)),),
        bron=(
            "Vastgesteld door de regio in de planner."
            if eigen
            else "De regio heeft nog geen eigen ondergrens vastgesteld; dit is de standaard "
            "van de monitor (een groep van 10 of minder derdejaars is kwetsbaar)."
        ),
    )


# ---------------------------------------------------------------- one published indicator


def _label(kolom: str, waarde: object) -> str:
    if kolom == "schooljaar":
        return schooljaar(waarde)
    if kolom == "profiel":
        return PROFIEL_LABELS.get(str(waarde), str(waarde))
    if kolom == "leerweg":
        return LEERWEG_LABELS.get(str(waarde), str(waarde))
    return weergave(waarde)


def _volgorde(kolom: str, waarde: object) -> tuple[int, str]:
    lijst = VOLGORDE.get(kolom, ())
    tekst = str(waarde)
    if tekst in lijst:
        return lijst.index(tekst), ""
    if isinstance(waarde, int):
        return len(lijst), f"{waarde:012d}"
    return len(lijst), tekst


def _jaren_tekst(jaren: Sequence[int]) -> str:
    if not jaren:
        return ""
    if len(jaren) == 1:
        return f"schooljaar {schooljaar(jaren[0])}"
    return f"schooljaren {schooljaar(min(jaren))} tot en met {schooljaar(max(jaren))}"


def _indicator(snap: Snapshot, regio: str, jaar: int | None, b: Indicatorblok) -> Cijferblok:
    indicator = BY_NAME[b.indicator]
    koppen = [label(indicator, k) for k in (*b.rij, *(() if b.draai else b.kolommen))]
    koppen += [f"Nederland: {label(indicator, k).lower()}" for k in b.landelijk]
    leeg = Cijferblok(
        id=b.id,
        titel=b.titel,
        uitleg=b.uitleg,
        kolommen=tuple(koppen),
        rijen=(),
        bron="",
        indicatoren=(b.indicator,),
        sleutel=len(b.rij),
    )
    gepubliceerd = snap.indicatoren.get(b.indicator)
    if gepubliceerd is None or gepubliceerd.tabel is None:
        missend = gepubliceerd.ontbreekt if gepubliceerd is not None else indicator.bronnen
        woorden = ", ".join(dict.fromkeys(bron_naam(t) for t in missend))
        return replace(leeg, ontbreekt=woorden or "de bron van deze tabel")
    if jaar is None:
        return replace(leeg, ontbreekt="het DUO-bestand leerlingen per vestiging")
    rijen = [r for r in snap.beschikbare_rijen(b.indicator, regio=regio) if r["schooljaar"] <= jaar]
    if b.jaren == "laatste" and rijen:
        nieuwste = max(int(r["schooljaar"]) for r in rijen)
        rijen = [r for r in rijen if r["schooljaar"] == nieuwste]
    if not rijen:
        return leeg
    nl: dict[tuple[Any, ...], dict[str, Any]] = {}
    if b.landelijk:
        for r in snap.beschikbare_rijen(b.indicator, regio=LANDELIJK):
            nl[tuple(r[k] for k in b.rij)] = r

    def sorteer(sleutel: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
        return tuple(_volgorde(k, v) for k, v in zip(b.rij, sleutel, strict=True))

    per_sleutel: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rijen:
        per_sleutel.setdefault(tuple(r[k] for k in b.rij), []).append(r)
    if b.draai is not None and b.waarde is not None:
        draai, waarde = b.draai, b.waarde
        waarden = sorted({r[draai] for r in rijen}, key=lambda v: _volgorde(draai, v))
        koppen = [*koppen[: len(b.rij)], *(_label(draai, v) for v in waarden)]
        cellen = [
            (
                *(_label(k, v) for k, v in zip(b.rij, sleutel, strict=True)),
                *(
                    weergave(next((r[waarde] for r in groep if r[draai] == v), None))
                    for v in waarden
                ),
            )
            for sleutel, groep in sorted(per_sleutel.items(), key=lambda p: sorteer(p[0]))
        ]
    else:
        cellen = [
            (
                *(_label(k, v) for k, v in zip(b.rij, sleutel, strict=True)),
                *(weergave(groep[0].get(k)) for k in b.kolommen),
                *(weergave(nl.get(sleutel, {}).get(k)) for k in b.landelijk),
            )
            for sleutel, groep in sorted(per_sleutel.items(), key=lambda p: sorteer(p[0]))
        ]
    jaren = sorted({int(r["schooljaar"]) for r in rijen})
    bronnen = ", ".join(dict.fromkeys(bron_naam(t) for t in indicator.bronnen))
    return replace(
        leeg,
        kolommen=tuple(koppen),
        rijen=tuple(cellen),
        bron=f'Gepubliceerde tabel "{indicator.titel}", {_jaren_tekst(jaren)}; bron: {bronnen}.',
    )
