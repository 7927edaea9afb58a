"""Indicator 16 (Figuren 4.10 and 4.11): what students do after leerjaar 4.

From ``doorstroom`` (bb, kb and gl; every loaded school year):

- ``doorstroom`` (Figuur 4.11): per profiel x leerweg the share of students per bestemming
  (mbo-bol, mbo-bbl, havo/vwo, vmbo, overig);
- ``doorstroom_sectorkamer`` (Figuur 4.10): per profiel the share of the mbo entrants (bol and
  bbl) per sectorkamer, with a subtotal row ``techniek`` for the two technical sectorkamers.

Both add the profiel groups ``techniek``, ``niet-techniek`` and ``totaal``; ``doorstroom`` also
adds leerweg ``totaal``. Every bestemming (sectorkamer) seen in a school year gets a row for
every group of that year, with 0 where nobody went there, so the shares of a group add to 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import herleiding as hl
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Herleiding, Indicator, Openbaarheid, Selectie
from sto_monitor.indicators.inputs import Inputs, aandeel, onzeker, punt

TOTAAL = "totaal"
TECHNIEK = "techniek"
ONBEKEND = "onbekend"
MBO: tuple[str, ...] = ("mbo-bol", "mbo-bbl")


def _sums(t: ir.Table) -> dict[str, ir.Value]:
    return {"aantal_min": t.aantal_min.sum(), "aantal_max": t.aantal_max.sum()}


def _rows(inp: Inputs) -> ir.Table:
    """Rows of ``doorstroom`` in bb, kb and gl, keys as nullable strings, with the groep."""
    d = inp.table("doorstroom")
    d = d.filter(d.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN))
    return d.mutate(
        profiel=d.profiel.cast("string"),
        leerweg=d.leerweg.cast("string"),
        bestemming=d.bestemming.cast("string"),
        sectorkamer=d.sectorkamer.cast("string").fill_null(ONBEKEND),
        groep=ibis.cases(
            (d.profiel.isin(domain.TECHNIEK_PROFIELEN), TECHNIEK),
            (d.profiel == domain.OVERIG, domain.OVERIG),
            else_="niet-techniek",
        ),
    )


def _profiel_levels(d: ir.Table) -> list[tuple[ir.Table, ir.StringValue]]:
    """(rows, profiel expression) per level: the ten profielen, the groups, totaal."""
    profielen = d.filter(d.profiel.isin(domain.PROFIEL_CODES))
    return [(profielen, profielen.profiel), (d, d.groep), (d, ibis.literal(TOTAAL))]


def _shares(cellen: ir.Table, noemer: ir.Table, keys: list[str], item: str) -> ir.Table:
    """Every group of ``noemer`` x every ``item`` value of its year; 0 where no cell; shares."""
    items = cellen.select("schooljaar", item).distinct()
    rooster = noemer.join(items, "schooljaar")
    t = rooster.left_join(cellen, [*keys, item])
    lo, hi = t.aantal_min.fill_null(0), t.aantal_max.fill_null(0)
    return t.select(
        *keys,
        item,
        aantal=punt(lo, hi),
        aantal_min=lo,
        aantal_max=hi,
        aandeel=aandeel(lo, hi, t.n_min, t.n_max),
        onzeker=onzeker(lo, hi, t.n_min, t.n_max),
        noemer_min=t.n_min,
    )


def doorstroom(inp: Inputs) -> ir.Table:
    """Figuur 4.11: share per bestemming after leerjaar 4, per profiel x leerweg."""
    d = _rows(inp)
    keys = ["schooljaar", "profiel", "leerweg"]
    cols = [*keys, "bestemming", "aantal_min", "aantal_max"]
    parts: list[ir.Table] = []
    for t, profiel in _profiel_levels(d):
        for leerweg in (t.leerweg, ibis.literal(TOTAAL)):
            group = ["schooljaar", profiel.name("profiel"), leerweg.name("leerweg")]
            parts.append(t.group_by([*group, "bestemming"]).aggregate(**_sums(t)).select(*cols))
    cellen = parts[0]
    for part in parts[1:]:
        cellen = cellen.union(part)
    noemer = cellen.group_by(keys).aggregate(
        n_min=cellen.aantal_min.sum(), n_max=cellen.aantal_max.sum()
    )
    return _shares(cellen, noemer, keys, "bestemming").order_by([*keys, "bestemming"])


def doorstroom_sectorkamer(inp: Inputs) -> ir.Table:
    """Figuur 4.10: share of the mbo entrants per sectorkamer, per profiel."""
    d = _rows(inp)
    d = d.filter(d.bestemming.isin(MBO))
    keys = ["schooljaar", "profiel"]
    cols = [*keys, "sectorkamer", "aantal_min", "aantal_max"]
    parts: list[ir.Table] = []
    noemers: list[ir.Table] = []
    for t, profiel in _profiel_levels(d):
        group = ["schooljaar", profiel.name("profiel")]
        parts.append(t.group_by([*group, "sectorkamer"]).aggregate(**_sums(t)).select(*cols))
        tech = t.sectorkamer.isin(domain.TECHNIEK_SECTORKAMERS)
        noemers.append(
            t.group_by(group).aggregate(
                n_min=t.aantal_min.sum(),
                n_max=t.aantal_max.sum(),
                t_min=ibis.ifelse(tech, t.aantal_min, 0).sum(),
                t_max=ibis.ifelse(tech, t.aantal_max, 0).sum(),
            )
        )
    cellen = parts[0]
    for part in parts[1:]:
        cellen = cellen.union(part)
    noemer = noemers[0]
    for part in noemers[1:]:
        noemer = noemer.union(part)
    # The subtotal of the two technical sectorkamers, present for every group.
    subtotaal = noemer.select(
        *keys,
        sectorkamer=ibis.literal(TECHNIEK),
        aantal_min=noemer.t_min,
        aantal_max=noemer.t_max,
    )
    cellen = cellen.union(subtotaal)
    t = _shares(cellen, noemer.drop("t_min", "t_max"), keys, "sectorkamer")
    t = t.mutate(techniek_sectorkamer=t.sectorkamer.isin([*domain.TECHNIEK_SECTORKAMERS, TECHNIEK]))
    return t.order_by([*keys, "sectorkamer"])


def _atomen(inp: Inputs) -> ir.Table:
    """The finest cells of ``doorstroom`` that the two tables publish sums of."""
    d = _rows(inp)
    keys = ["schooljaar", "profiel", "groep", "leerweg", "bestemming", "sectorkamer"]
    return d.group_by(keys).aggregate(**hl.sommen(d))


def _doorstroom_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """``aantal``: this profiel (group), leerweg and bestemming; ``aandeel``: all bestemmingen."""
    selectie = {**hl.profiel(rij["profiel"]), **hl.code(rij["leerweg"], "leerweg")}
    if kolom == "aantal":
        return "aantal", {**selectie, "bestemming": (rij["bestemming"],)}
    return ("aantal", selectie) if kolom == "aandeel" else None


def _sectorkamer_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """``aantal``: mbo entrants of this profiel (group) in the sectorkamer(s); ``aandeel``: all."""
    selectie = {**hl.profiel(rij["profiel"]), "bestemming": MBO}
    if kolom == "aantal":
        kamer = rij["sectorkamer"]
        kamers = domain.TECHNIEK_SECTORKAMERS if kamer == TECHNIEK else (kamer,)
        return "aantal", {**selectie, "sectorkamer": kamers}
    return ("aantal", selectie) if kolom == "aandeel" else None


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="doorstroom",
        woorden={"aantal": w.aantal("Leerlingen"), "aandeel": w.procent("Aandeel")},
        titel="Vervolg na leerjaar 4 per profiel en leerweg",
        definitie=(
            "Verdeling van de leerlingen in leerjaar 4 van de basis-, kaderberoepsgerichte en "
            "gemengde leerweg naar hun vervolg in het volgende schooljaar: mbo-bol, mbo-bbl, "
            "havo/vwo, nog in het vmbo of overig, per profiel en leerweg (met leerweg 'totaal' "
            "en de profielgroepen techniek, niet-techniek en totaal). Het aandeel is het "
            "percentage van alle leerlingen van dat profiel en die leerweg."
        ),
        eenheid="procent",
        sleutels=("schooljaar", "profiel", "leerweg", "bestemming"),
        kolommen=(
            "schooljaar",
            "profiel",
            "leerweg",
            "bestemming",
            "aantal",
            "aantal_min",
            "aantal_max",
            "aandeel",
            "onzeker",
            "noemer_min",
        ),
        bronnen=("doorstroom",),
        reproduceert="Figuur 4.11",
        bereken=doorstroom,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "profiel", "leerweg"),
            aandelen={"aandeel": "noemer_min"},
        ),
        herleiding=Herleiding(
            bron="doorstroom", atomen=_atomen, cel=_doorstroom_cel, tellers={"aandeel": "aantal"}
        ),
    ),
    Indicator(
        naam="doorstroom_sectorkamer",
        woorden={"aantal": w.aantal("Mbo-instromers"), "aandeel": w.procent("Aandeel")},
        titel="Doorstroom naar het mbo per sectorkamer en profiel",
        definitie=(
            "Verdeling van de vmbo-leerlingen (bb, kb, gl) die na leerjaar 4 naar het mbo "
            "(bol of bbl) gaan over de negen sectorkamers van SBB, per profiel (en de "
            "profielgroepen techniek, niet-techniek en totaal). Sectorkamer 'techniek' is het "
            "subtotaal van de twee technische sectorkamers: Techniek en gebouwde omgeving, en "
            "Mobiliteit, transport, logistiek en maritiem; 'onbekend' telt mbo-instroom zonder "
            "sectorkamer. Het aandeel is het percentage van alle mbo-instromers van dat profiel."
        ),
        eenheid="procent",
        sleutels=("schooljaar", "profiel", "sectorkamer"),
        kolommen=(
            "schooljaar",
            "profiel",
            "sectorkamer",
            "techniek_sectorkamer",
            "aantal",
            "aantal_min",
            "aantal_max",
            "aandeel",
            "onzeker",
            "noemer_min",
        ),
        bronnen=("doorstroom",),
        reproduceert="Figuur 4.10",
        bereken=doorstroom_sectorkamer,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "profiel"),
            aandelen={"aandeel": "noemer_min"},
        ),
        herleiding=Herleiding(
            bron="doorstroom", atomen=_atomen, cel=_sectorkamer_cel, tellers={"aandeel": "aantal"}
        ),
    ),
)
