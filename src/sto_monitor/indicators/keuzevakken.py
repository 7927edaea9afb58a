"""Indicator 14 (Tabellen 4.8-4.10): exams in keuzevakken, by offering and by student profiel.

Two tidy tables from ``keuzevak_examens`` (bb, kb and gl only, every loaded school year):

- ``keuzevakken`` (Tabel 4.10): the matrix student profiel x keuzevak profiel, one row per
  cell, with row and column totals (``totaal``) and each cell's share of the student
  profiel's exams;
- ``keuzevakken_per_profiel`` (Tabellen 4.8 and 4.9): per side (``kant``: ``aanbiedend`` = the
  keuzevak's profiel, ``leerling`` = the student's profiel) and profiel (plus the groups
  ``techniek``, ``niet-techniek`` and ``totaal``) the exams in total, with the other side
  technical, with the other side not technical, and within the own profiel.
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
from sto_monitor.indicators.inputs import Inputs, aandeel, midden, onzeker, punt, verandering_pct

TOTAAL = "totaal"
AANBIEDEND = "aanbiedend"
LEERLING = "leerling"


def _sums(t: ir.Table) -> dict[str, ir.Value]:
    return {"aantal_min": t.aantal_min.sum(), "aantal_max": t.aantal_max.sum()}


def _groep(profiel: ir.StringValue) -> ir.StringValue:
    """techniek / overig / niet-techniek, as in indicator 1."""
    return ibis.cases(
        (profiel.isin(domain.TECHNIEK_PROFIELEN), "techniek"),
        (profiel == domain.OVERIG, domain.OVERIG),
        else_="niet-techniek",
    )


def _cellen(inp: Inputs) -> ir.Table:
    """Exams per schooljaar x student profiel x keuzevak profiel (bb, kb, gl)."""
    k = inp.table("keuzevak_examens")
    k = k.filter(k.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN))
    # Cast to nullable strings: the margins below put a literal 'totaal' beside these keys.
    k = k.mutate(
        profiel_leerling=k.profiel_leerling.cast("string"),
        keuzevak_profiel=k.keuzevak_profiel.cast("string"),
    )
    return k.group_by(["schooljaar", "profiel_leerling", "keuzevak_profiel"]).aggregate(**_sums(k))


def keuzevakken(inp: Inputs) -> ir.Table:
    """Tabel 4.10: % of a student profiel's keuzevak exams per keuzevak profiel."""
    c = _cellen(inp)
    cols = ["schooljaar", "profiel_leerling", "keuzevak_profiel", "aantal_min", "aantal_max"]
    per_leerling = (
        c.group_by(["schooljaar", "profiel_leerling"])
        .aggregate(**_sums(c))
        .mutate(keuzevak_profiel=ibis.literal(TOTAAL))
    )
    per_keuzevak = (
        c.group_by(["schooljaar", "keuzevak_profiel"])
        .aggregate(**_sums(c))
        .mutate(profiel_leerling=ibis.literal(TOTAAL))
    )
    alles = (
        c.group_by("schooljaar")
        .aggregate(**_sums(c))
        .mutate(profiel_leerling=ibis.literal(TOTAAL), keuzevak_profiel=ibis.literal(TOTAAL))
    )
    rows = c.select(*cols).union(per_leerling.select(*cols))
    rows = rows.union(per_keuzevak.select(*cols)).union(alles.select(*cols))
    noemer = rows.filter(rows.keuzevak_profiel == TOTAAL).select(
        "schooljaar", "profiel_leerling", n_min=rows.aantal_min, n_max=rows.aantal_max
    )
    t = rows.join(noemer, ["schooljaar", "profiel_leerling"])
    pl, kp = t.profiel_leerling, t.keuzevak_profiel
    geen = ibis.null("boolean")
    return t.select(
        "schooljaar",
        "profiel_leerling",
        "keuzevak_profiel",
        techniek_leerling=ibis.ifelse(pl == TOTAAL, geen, pl.isin(domain.TECHNIEK_PROFIELEN)),
        techniek_keuzevak=ibis.ifelse(kp == TOTAAL, geen, kp.isin(domain.TECHNIEK_PROFIELEN)),
        binnen_eigen_profiel=ibis.ifelse((pl == TOTAAL) | (kp == TOTAAL), geen, pl == kp),
        aantal=punt(t.aantal_min, t.aantal_max),
        aantal_min=t.aantal_min,
        aantal_max=t.aantal_max,
        aandeel_van_leerlingprofiel=aandeel(t.aantal_min, t.aantal_max, t.n_min, t.n_max),
        onzeker=onzeker(t.aantal_min, t.aantal_max, t.n_min, t.n_max),
        noemer_min=t.n_min,
    ).order_by(["schooljaar", "profiel_leerling", "keuzevak_profiel"])


def _per_kant(c: ir.Table) -> ir.Table:
    """Each cell twice: once seen from the keuzevak's profiel, once from the student's."""
    pl, kp = c.profiel_leerling, c.keuzevak_profiel
    eigen = pl == kp

    def kant(naam: str, profiel: ir.StringValue, andere: ir.StringValue) -> ir.Table:
        """The exams seen from one side: the profiel on this side, the other side's techniek."""
        return c.select(
            "schooljaar",
            "aantal_min",
            "aantal_max",
            kant=ibis.literal(naam),
            profiel=profiel,
            groep=_groep(profiel),
            andere_techniek=andere.isin(domain.TECHNIEK_PROFIELEN),
            eigen=eigen,
        )

    aanbiedend = kant(AANBIEDEND, kp, pl)
    return aanbiedend.union(kant(LEERLING, pl, kp).select(*aanbiedend.columns))


def keuzevakken_per_profiel(inp: Inputs) -> ir.Table:
    """Tabellen 4.8 and 4.9: per offering / student profiel, techniek, niet-techniek, eigen."""
    b = _per_kant(_cellen(inp))
    tellers = {
        "totaal": ibis.literal(True),
        "techniek": b.andere_techniek,
        "niet-techniek": ~b.andere_techniek,
        "eigen profiel": b.eigen,
    }
    keys = ["schooljaar", "kant", "profiel", "deel"]
    # Conditional sums rather than filters, so every deel has a row (0 where nothing counts).
    parts = [
        b.mutate(
            deel=ibis.literal(deel),
            aantal_min=ibis.ifelse(cond, b.aantal_min, 0),
            aantal_max=ibis.ifelse(cond, b.aantal_max, 0),
        )
        for deel, cond in tellers.items()
    ]
    d = parts[0]
    for part in parts[1:]:
        d = d.union(part)
    cols = [*keys, "aantal_min", "aantal_max"]
    profielen = d.filter(d.profiel.isin(domain.PROFIEL_CODES))  # 'overig' is a groep
    per_profiel = profielen.group_by(keys).aggregate(**_sums(profielen))
    per_groep = d.group_by(["schooljaar", "kant", d.groep.name("profiel"), "deel"]).aggregate(
        **_sums(d)
    )
    totaal = (
        d.group_by(["schooljaar", "kant", "deel"])
        .aggregate(**_sums(d))
        .mutate(profiel=ibis.literal(TOTAAL))
    )
    rows = per_profiel.select(*cols).union(per_groep.select(*cols)).union(totaal.select(*cols))
    noemer = rows.filter(rows.deel == "totaal").select(
        "schooljaar", "kant", "profiel", n_min=rows.aantal_min, n_max=rows.aantal_max
    )
    t = rows.join(noemer, ["schooljaar", "kant", "profiel"])
    w = ibis.window(group_by=["kant", "profiel", "deel"], order_by="schooljaar")
    mid = midden(t.aantal_min, t.aantal_max)
    t = t.mutate(_mid=mid, _vorig=mid.lag().over(w))
    return t.select(
        *keys,
        aantal=punt(t.aantal_min, t.aantal_max),
        aantal_min=t.aantal_min,
        aantal_max=t.aantal_max,
        aandeel=aandeel(t.aantal_min, t.aantal_max, t.n_min, t.n_max),
        onzeker=onzeker(t.aantal_min, t.aantal_max, t.n_min, t.n_max),
        noemer_min=t.n_min,
        verandering_pct=verandering_pct(t._mid, t._vorig),
        vorig_midden=t._vorig,
    ).order_by(keys)


def _atomen(inp: Inputs) -> ir.Table:
    """The cells of the matrix student profiel x keuzevak profiel, with their groups."""
    c = _cellen(inp)
    pl, kp = c.profiel_leerling, c.keuzevak_profiel
    return c.mutate(
        groep_leerling=hl.groep(pl),
        groep_keuzevak=hl.groep(kp),
        techniek_leerling=pl.isin(domain.TECHNIEK_PROFIELEN),
        techniek_keuzevak=kp.isin(domain.TECHNIEK_PROFIELEN),
        eigen=pl == kp,
    )


def _matrix_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """``aantal``: one cell of the matrix (or a margin); the share: the student profiel's row."""
    leerling = hl.code(rij["profiel_leerling"], "profiel_leerling")
    if kolom == "aantal":
        return "aantal", {**leerling, **hl.code(rij["keuzevak_profiel"], "keuzevak_profiel")}
    return ("aantal", leerling) if kolom == "aandeel_van_leerlingprofiel" else None


_DEEL: dict[str, dict[str, Selectie]] = {  # kant -> deel -> selection of the other side
    AANBIEDEND: {
        "totaal": {},
        "techniek": {"techniek_leerling": (True,)},
        "niet-techniek": {"techniek_leerling": (False,)},
        "eigen profiel": {"eigen": (True,)},
    },
    LEERLING: {
        "totaal": {},
        "techniek": {"techniek_keuzevak": (True,)},
        "niet-techniek": {"techniek_keuzevak": (False,)},
        "eigen profiel": {"eigen": (True,)},
    },
}


def _per_profiel_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """``aantal``: this side's profiel (group), the deel of the other side; share: deel totaal."""
    if rij["kant"] == AANBIEDEND:
        kant = hl.profiel(rij["profiel"], "keuzevak_profiel", "groep_keuzevak")
    else:
        kant = hl.profiel(rij["profiel"], "profiel_leerling", "groep_leerling")
    if kolom == "aantal":
        return "aantal", {**kant, **_DEEL[rij["kant"]][rij["deel"]]}
    return ("aantal", kant) if kolom == "aandeel" else None


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="keuzevakken",
        woorden={"aantal": w.aantal("Examens")},
        titel="Examens in keuzevakken: profiel van de leerling x profiel van het keuzevak",
        definitie=(
            "Aantal afgelegde examens in beroepsgerichte keuzevakken (basis-, kaderberoeps"
            "gerichte en gemengde leerweg) per profiel van inschrijving van de leerling en "
            "profiel dat het keuzevak aanbiedt, met rij- en kolomtotalen ('totaal'). Het "
            "aandeel is het percentage van alle keuzevakexamens van leerlingen van dat profiel "
            "dat in keuzevakken van het aanbiedende profiel is afgelegd (kolompercentages van "
            "Tabel 4.10). Techniek: de vijf technische profielen."
        ),
        eenheid="examens",
        sleutels=("schooljaar", "profiel_leerling", "keuzevak_profiel"),
        kolommen=(
            "schooljaar",
            "profiel_leerling",
            "keuzevak_profiel",
            "techniek_leerling",
            "techniek_keuzevak",
            "binnen_eigen_profiel",
            "aantal",
            "aantal_min",
            "aantal_max",
            "aandeel_van_leerlingprofiel",
            "onzeker",
            "noemer_min",
        ),
        bronnen=("keuzevak_examens",),
        reproduceert="Tabel 4.10",
        bereken=keuzevakken,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "profiel_leerling"),
            aandelen={"aandeel_van_leerlingprofiel": "noemer_min"},
        ),
        herleiding=Herleiding(
            bron="keuzevak_examens",
            atomen=_atomen,
            cel=_matrix_cel,
            tellers={"aandeel_van_leerlingprofiel": "aantal"},
        ),
    ),
    Indicator(
        naam="keuzevakken_per_profiel",
        woorden={
            "aantal": w.aantal("Examens"),
            "aandeel": w.procent("Aandeel van de examens"),
            "kant": w.tekst("Gezien vanuit"),
            "deel": w.tekst("Deel"),
        },
        titel="Examens in keuzevakken per aanbiedend profiel en per profiel van de leerling",
        definitie=(
            "Aantal afgelegde examens in beroepsgerichte keuzevakken (bb, kb, gl). Bij kant "
            "'aanbiedend' per profiel dat het keuzevak aanbiedt (Tabel 4.8): totaal, afgelegd "
            "door techniekleerlingen (deel 'techniek'), door leerlingen van niet-technische "
            "profielen ('niet-techniek') en door leerlingen van hetzelfde profiel ('eigen "
            "profiel'). Bij kant 'leerling' per profiel van inschrijving (Tabel 4.9): totaal, "
            "afgelegd in technische keuzevakken, in niet-technische keuzevakken en in "
            "keuzevakken van het eigen profiel. Profiel 'techniek' telt de vijf technische "
            "profielen samen (de rij 'Totalen' van het rapport), 'niet-techniek' de overige en "
            "'totaal' alle. Het aandeel is het percentage van het totaal van dezelfde rij; de "
            "verandering is die ten opzichte van het vorige geladen schooljaar."
        ),
        eenheid="examens",
        sleutels=("schooljaar", "kant", "profiel", "deel"),
        kolommen=(
            "schooljaar",
            "kant",
            "profiel",
            "deel",
            "aantal",
            "aantal_min",
            "aantal_max",
            "aandeel",
            "onzeker",
            "noemer_min",
            "verandering_pct",
            "vorig_midden",
        ),
        bronnen=("keuzevak_examens",),
        reproduceert="Tabellen 4.8 en 4.9",
        bereken=keuzevakken_per_profiel,
        openbaarheid=Openbaarheid(
            aantallen=("aantal", "aantal_min", "aantal_max"),
            groep=("schooljaar", "kant", "profiel"),
            aandelen={"aandeel": "noemer_min"},
            veranderingen={"verandering_pct": "vorig_midden"},
        ),
        herleiding=Herleiding(
            bron="keuzevak_examens",
            atomen=_atomen,
            cel=_per_profiel_cel,
            tellers={"aandeel": "aantal"},
            veranderingen={"verandering_pct": "aantal"},
        ),
    ),
)
