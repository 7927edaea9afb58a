"""Shared pieces of the national chapter: the school year in view, missing parts, words.

Every section builder of ``landelijk_*.py`` gets a :class:`Context` (the snapshot, the school
year of the chapter and the previous loaded one) and returns a :class:`~onderdelen.Sectie`.
A table or figure that cannot be made (source not loaded, no rows for the school year, no
earlier year to compare with) becomes an :class:`Ontbreekt`: :func:`sectie` turns it into a
small section headed with the report's number and title, saying why it is not available.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor import domain
from sto_monitor.indicators.export import weergave
from sto_monitor.indicators.openbaarheid import GEHEIM, KLEIN
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.publicatie.gegevens import Snapshot, getal, getal_nl
from sto_monitor.publicatie.tekst import schooljaar
from sto_monitor.reports.bronnen import ontbreekt_tekst
from sto_monitor.reports.onderdelen import MONITORRAPPORT, Figuur, Sectie, Tabel

TECHNIEK = domain.TECHNIEK_PROFIELEN
NIET_TECHNIEK: tuple[str, ...] = tuple(p.code for p in domain.PROFIELEN if not p.techniek)
LEERWEGEN = domain.BEROEPSGERICHTE_LEERWEGEN
LEERWEG_NAAM: dict[str, str] = {
    "bb": "basisberoepsgerichte leerweg (bb)",
    "kb": "kaderberoepsgerichte leerweg (kb)",
    "gl": "gemengde leerweg (gl)",
    "totaal": "alle leerwegen samen",
}
# The growth clusters in the corners of a scatter: x and y both up is A, both down B.
CLUSTERHOEKEN = {"rechtsboven": "A", "linksonder": "B", "rechtsonder": "C", "linksboven": "D"}
BRON_DUO = "Bron: DUO, leerlingen per vestiging (bewerking STO Monitor)."


@dataclass(frozen=True)
class Ontbreekt:
    """A numbered table or figure of the report that cannot be made from the loaded data."""

    nummer: str
    titel: str
    reden: str


Deel = Tabel | Figuur | Ontbreekt


@dataclass(frozen=True)
class Context:
    snap: Snapshot
    jaar: int  # the school year of the chapter
    vorig: int | None  # the previous loaded school year (what changes compare with)

    @property
    def sj(self) -> str:
        return schooljaar(self.jaar)

    def rijen(self, naam: str, jaar: int | None = None) -> list[dict[str, Any]]:
        """Published rows of ``naam`` for the chapter's school year (or ``jaar``)."""
        wanted = self.jaar if jaar is None else jaar
        return [r for r in self.snap.beschikbare_rijen(naam) if r["schooljaar"] == wanted]

    def jaren(self, naam: str) -> list[int]:
        """The school years ``naam`` has rows for (a source may cover other years)."""
        return sorted({int(r["schooljaar"]) for r in self.snap.beschikbare_rijen(naam)})

    def vorig_van(self, naam: str) -> int | None:
        """The newest school year before the chapter's one that ``naam`` has rows for."""
        eerder = [j for j in self.jaren(naam) if j < self.jaar]
        return eerder[-1] if eerder else None

    def dekking(self, naam: str) -> list[str]:
        """What part of the population the published table of ``naam`` covers (dekking.py)."""
        g = self.snap.indicatoren.get(naam)
        return list(g.dekking) if g is not None else []

    def ontbreekt(self, naam: str) -> str | None:
        """Why ``naam`` has nothing for this school year, in Dutch; None when it has rows."""
        tekst = ontbreekt_tekst(self.snap, naam)
        if tekst:
            return tekst
        if self.rijen(naam):
            return None
        geladen = ", ".join(schooljaar(j) for j in self.jaren(naam)) or "geen"
        return (
            f"De geladen bron heeft geen cijfers voor schooljaar {self.sj} (wel voor: {geladen})."
        )

    def zonder_vergelijking(self) -> str:
        return (
            f"Deze cijfers vergelijken schooljaar {self.sj} met het vorige schooljaar; er is "
            "geen eerder schooljaar geladen."
        )


def definitie(naam: str) -> str:
    """The indicator's method text from the registry, as one paragraph."""
    indicator = BY_NAME[naam]
    # the registry says "het (monitor)rapport"; a report names the publication in full
    tekst = re.sub(r"\bhet (?:monitor)?rapport\b", MONITORRAPPORT, indicator.definitie)
    return f"Definitie ({indicator.titel}): {tekst}"


def sectie(
    ident: str,
    titel: str,
    tekst: Sequence[str],
    delen: Sequence[Deel],
    subsecties: Sequence[Sectie] = (),
) -> Sectie:
    """A section with its tables and figures; each missing one becomes a headed notice."""
    onderdelen = [d for d in delen if not isinstance(d, Ontbreekt)]
    ontbrekend = [
        Sectie(
            f"{ident}-{d.nummer.lower().replace(' ', '-').replace('.', '-')}",
            f"{d.nummer}. {d.titel}",
            ontbreekt=d.reden,
        )
        for d in delen
        if isinstance(d, Ontbreekt)
    ]
    return Sectie(ident, titel, tekst, onderdelen, subsecties=[*ontbrekend, *subsecties])


def een_legenda(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart coloured and shaped by the same field gets one legend, not two.

    ``charts.spreiding`` gives the colour channel a fixed domain and order but the shape
    channel none, so Vega-Lite draws two legends listing every profiel twice. With the
    colour's domain and order on the shape channel too, the legends merge into one.
    """
    for laag in spec.get("layer", []):
        encoding = laag.get("encoding", {})
        kleur, vorm = encoding.get("color"), encoding.get("shape")
        if kleur and vorm and kleur.get("field") == vorm.get("field"):
            domein = (kleur.get("scale") or {}).get("domain")
            if domein is not None:
                vorm["sort"] = kleur.get("sort", domein)
                vorm["scale"] = {"domain": domein}
    return spec


def volgorde(waarde: object, reeks: Sequence[str]) -> int:
    """Position of ``waarde`` in ``reeks`` (domain order), unknown values last."""
    return reeks.index(str(waarde)) if str(waarde) in reeks else len(reeks)


def per_sleutel(rijen: Sequence[dict[str, Any]], *kolommen: str) -> dict[tuple[Any, ...], Any]:
    """Rows by the values of ``kolommen`` (each key occurs once in a published table)."""
    return {tuple(r[k] for k in kolommen): r for r in rijen}


# ---------------------------------------------------------------- words


def aantal(value: object) -> str:
    """A published count in running text: 11.509, 1.077-1.566, minder dan 5, afgeschermd."""
    if value is None:
        return "onbekend"
    if value == KLEIN:
        return "minder dan 5"
    if value == GEHEIM:
        return "afgeschermd"
    n = getal(value)
    if n is not None and "-" not in str(value).lstrip("-") and float(n).is_integer():
        return getal_nl(n, 0)
    if n is not None and "-" not in str(value).lstrip("-"):
        return getal_nl(n, 1)
    return weergave(value)  # an interval 12-15, with an en dash


def procent(value: object) -> str:
    """A published share or change in running text: 19,6 procent (one decimal)."""
    n = getal(value)
    if n is None:
        return "afgeschermd" if value == GEHEIM else "onbekend"
    return f"{getal_nl(n)} procent"


def verandering(value: object) -> tuple[str, str]:
    """A published change as (verb, rest): ("steeg", "met 0,5 procent"), ("bleef", "gelijk")."""
    n = getal(value)
    if n is None:
        return "veranderde", "(niet gepubliceerd)"
    if n == 0:
        return "bleef", "gelijk"
    return ("steeg" if n > 0 else "daalde"), f"met {getal_nl(abs(n))} procent"


def opsomming(delen: Sequence[str]) -> str:
    """a, b en c."""
    if len(delen) <= 1:
        return "".join(delen)
    return ", ".join(delen[:-1]) + " en " + delen[-1]
