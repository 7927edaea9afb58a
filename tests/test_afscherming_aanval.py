"""An outsider's attack on the published tables, written independently of the product.

The product's audit (``publicatie/afscherming``) models counts as sums of source atoms. This
test does what an outsider would do instead: it takes only the published rows (the typed open
data of the snapshot), writes down by hand the relations that hold between them (totals over
leerweg and profiel groups, the identity between the two doorstroom tables, shares with their
denominators, the margins of the keuzevak matrix), checks on the unpublished tables that each
relation really holds, and then solves a linear program per afgeschermd cell with SciPy.
Every primary cell must stay free to be anything in [1, 4], and no afgeschermd cell may be
pinned down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linprog

from sto_monitor import db, domain
from sto_monitor.indicators.run import compute
from sto_monitor.publicatie.gegevens import Snapshot, laad

Sleutel = tuple[Any, ...]
Term = tuple[str, Sleutel]  # (table, key)


@pytest.fixture(scope="module")
def snapshot(web_db: Path) -> Snapshot:
    return laad(web_db)


@pytest.fixture(scope="module")
def volledig(web_db: Path) -> dict[str, dict[Sleutel, float]]:
    """The unpublished counts, only to check that a relation holds and to know the truth."""
    con = db.connect(web_db, read_only=True)
    try:
        return {
            "D": _index(compute("doorstroom", con).to_pylist(), _D),
            "S": _index(compute("doorstroom_sectorkamer", con).to_pylist(), _S),
            "K": _index(compute("keuzevakken", con).to_pylist(), _K),
            "P": _index(compute("keuzevakken_per_profiel", con).to_pylist(), _P),
        }
    finally:
        con.close()


_D = ("schooljaar", "profiel", "leerweg", "bestemming")
_S = ("schooljaar", "profiel", "sectorkamer")
_K = ("schooljaar", "profiel_leerling", "keuzevak_profiel")
_P = ("schooljaar", "kant", "profiel", "deel")


def _index(rows: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> dict[Sleutel, Any]:
    return {tuple(r[k] for k in keys): r["aantal_min"] for r in rows}


def _published(snap: Snapshot, naam: str, keys: tuple[str, ...]) -> dict[Sleutel, Any]:
    data = snap.indicator(naam).data
    assert data is not None
    return {tuple(r[k] for k in keys): r for r in data.to_pylist()}


class Aanvaller:
    """Unknowns are the afgeschermde cells (at least 1); known cells are constants.

    ``vrij``: cells that are unknowns too but may be 0, for the least value an afgeschermde
    total can have from the notation alone (two hidden parts of at least 1 make at least 2).
    """

    def __init__(
        self,
        bekend: dict[Term, float],
        onbekend: list[Term],
        vrij: Sequence[Term] = (),
    ) -> None:
        self.bekend = bekend
        self.index = {t: i for i, t in enumerate([*onbekend, *vrij])}
        self.ondergrens = [1.0] * len(onbekend) + [0.0] * len(vrij)
        self.eq: list[tuple[np.ndarray, float]] = []
        self.ub: list[tuple[np.ndarray, float]] = []

    def _rij(self, termen: Mapping[Term, float]) -> tuple[np.ndarray, float] | None:
        rij = np.zeros(len(self.index))
        constant = 0.0
        for term, coef in termen.items():
            if term in self.index:
                rij[self.index[term]] += coef
            elif term in self.bekend:
                constant += coef * self.bekend[term]
            else:
                return None  # a term that is not published at all: no relation for us
        return rij, constant

    def gelijk(self, termen: Mapping[Term, float]) -> None:
        """sum(coef * cell) = 0"""
        r = self._rij(termen)
        if r is not None and r[0].any():
            self.eq.append((r[0], -r[1]))

    def hoogstens(self, termen: Mapping[Term, float]) -> None:
        """sum(coef * cell) <= 0"""
        r = self._rij(termen)
        if r is not None and r[0].any():
            self.ub.append((r[0], -r[1]))

    def interval(self, term: Term) -> tuple[float, float]:
        n = len(self.index)
        c = np.zeros(n)
        c[self.index[term]] = 1
        kwargs: dict[str, Any] = {
            "bounds": [(lo, None) for lo in self.ondergrens],
            "method": "highs",
        }
        if self.eq:
            kwargs["A_eq"] = np.array([r for r, _ in self.eq])
            kwargs["b_eq"] = np.array([b for _, b in self.eq])
        if self.ub:
            kwargs["A_ub"] = np.array([r for r, _ in self.ub])
            kwargs["b_ub"] = np.array([b for _, b in self.ub])
        laag = linprog(c, **kwargs)
        hoog = linprog(-c, **kwargs)
        assert laag.status == 0, laag.message
        return laag.fun, (np.inf if hoog.status == 3 else -hoog.fun)


def _relaties(jaar: int, volledig: dict[str, dict[Sleutel, float]]) -> list[dict[Term, float]]:
    """Every relation an outsider can write down for one school year; each is verified."""
    relaties: list[dict[Term, float]] = []
    d = {k: v for k, v in volledig["D"].items() if k[0] == jaar}
    s = {k: v for k, v in volledig["S"].items() if k[0] == jaar}
    bestemmingen = {k[3] for k in d}
    kamers = {k[2] for k in s} - {"techniek"}
    profielen = {k[1] for k in d}
    tech = [p for p in domain.TECHNIEK_PROFIELEN if p in profielen]
    niet = [p for p in domain.PROFIEL_CODES if p in profielen and p not in tech]
    groepen = {"techniek": tech, "niet-techniek": niet}
    for p in profielen:
        for b in bestemmingen:
            relaties.append(
                {("D", (jaar, p, "totaal", b)): 1}
                | {("D", (jaar, p, lw, b)): -1 for lw in domain.BEROEPSGERICHTE_LEERWEGEN}
            )
        # the sectorkamer table splits the mbo entrants of the doorstroom table
        relaties.append(
            {("S", (jaar, p, k)): 1 for k in kamers}
            | {("D", (jaar, p, "totaal", b)): -1 for b in ("mbo-bol", "mbo-bbl")}
        )
        relaties.append(
            {("S", (jaar, p, "techniek")): 1}
            | {("S", (jaar, p, k)): -1 for k in domain.TECHNIEK_SECTORKAMERS}
        )
    for groep, leden in groepen.items():
        for lw in (*domain.BEROEPSGERICHTE_LEERWEGEN, "totaal"):
            for b in bestemmingen:
                relaties.append(
                    {("D", (jaar, groep, lw, b)): 1} | {("D", (jaar, p, lw, b)): -1 for p in leden}
                )
        for k in kamers:
            relaties.append({("S", (jaar, groep, k)): 1} | {("S", (jaar, p, k)): -1 for p in leden})
    for lw in (*domain.BEROEPSGERICHTE_LEERWEGEN, "totaal"):
        for b in bestemmingen:
            relaties.append(
                {("D", (jaar, "totaal", lw, b)): 1}
                | {("D", (jaar, g, lw, b)): -1 for g in ("techniek", "niet-techniek", "overig")}
            )
    # the keuzevak matrix: margins, and the per-profiel table's totals are its margins
    m = {k: v for k, v in volledig["K"].items() if k[0] == jaar}
    leerling = {k[1] for k in m} - {"totaal"}
    keuzevak = {k[2] for k in m} - {"totaal"}
    for pl in leerling | {"totaal"}:
        relaties.append(
            {("K", (jaar, pl, "totaal")): 1} | {("K", (jaar, pl, kp)): -1 for kp in keuzevak}
        )
    for kp in keuzevak | {"totaal"}:
        relaties.append(
            {("K", (jaar, "totaal", kp)): 1} | {("K", (jaar, pl, kp)): -1 for pl in leerling}
        )
    for p in domain.PROFIEL_CODES:
        relaties.append(
            {("P", (jaar, "aanbiedend", p, "totaal")): 1, ("K", (jaar, "totaal", p)): -1}
        )
        relaties.append({("P", (jaar, "leerling", p, "totaal")): 1, ("K", (jaar, p, "totaal")): -1})
        relaties.append(
            {("P", (jaar, "aanbiedend", p, "eigen profiel")): 1, ("K", (jaar, p, p)): -1}
        )
    alles = {"D": d, "S": s, "K": m, "P": volledig["P"]}
    geldig = []
    for relatie in relaties:
        if all(key in alles[t] for t, key in relatie):
            som = sum(coef * alles[t][key] for (t, key), coef in relatie.items())
            assert som == 0, f"relatie klopt niet: {relatie}"
            geldig.append(relatie)
    return geldig


def test_an_outsider_derives_no_afgeschermde_cell(
    snapshot: Snapshot, volledig: dict[str, dict[Sleutel, float]]
) -> None:
    gepubliceerd = {
        "D": _published(snapshot, "doorstroom", _D),
        "S": _published(snapshot, "doorstroom_sectorkamer", _S),
        "K": _published(snapshot, "keuzevakken", _K),
        "P": _published(snapshot, "keuzevakken_per_profiel", _P),
    }
    geprobeerd = 0
    for jaar in snapshot.jaren:
        bekend: dict[Term, float] = {}
        onbekend: list[Term] = []
        for tabel, rijen in gepubliceerd.items():
            for key, rij in rijen.items():
                if key[0] != jaar:
                    continue
                if rij["aantal_status"] == "x":
                    onbekend.append((tabel, key))
                else:
                    bekend[(tabel, key)] = float(rij["aantal"])
        if not onbekend:
            continue
        aanvaller = Aanvaller(bekend, onbekend)
        notatie = Aanvaller({}, onbekend, vrij=list(bekend))
        for relatie in _relaties(jaar, volledig):
            aanvaller.gelijk(relatie)
            notatie.gelijk(relatie)
        # a visible share tells the outsider its row group's total: n/D = s (rounded to 0.1)
        groepen: dict[Sleutel, list[Term]] = defaultdict(list)
        for key in gepubliceerd["D"]:
            if key[0] == jaar:
                groepen[key[:3]].append(("D", key))
        for key, rij in gepubliceerd["D"].items():
            s = rij["aandeel"]
            if key[0] != jaar or s is None or rij["aandeel_status"] == "x":
                continue
            teller: Term = ("D", key)
            noemer = groepen[key[:3]]
            for q, teken in (((s + 0.05) / 100, 1.0), ((s - 0.05) / 100, -1.0)):
                termen: dict[Term, float] = defaultdict(float)
                termen[teller] += teken
                for t in noemer:
                    termen[t] -= teken * q
                aanvaller.hoogstens(termen)
        for term in onbekend:
            laag, hoog = aanvaller.interval(term)
            waar = volledig[term[0]][term[1]]
            geprobeerd += 1
            assert hoog - laag >= 1 - 1e-6, f"{term} is af te leiden: {laag}-{hoog}"
            if 1 <= waar <= 4:
                # every value of [1, 4] stays possible, from the least the notation allows on
                laagste = max(1.0, notatie.interval(term)[0])
                assert laag <= laagste + 1e-6 and hoog >= 4 - 1e-6, (
                    f"{term} ({waar}): {laag}-{hoog}"
                )
    assert geprobeerd > 0, "geen afgeschermde cel: deze test zou niets bewijzen"


def test_a_count_published_twice_is_afgeschermd_in_both_tables(snapshot: Snapshot) -> None:
    matrix = _published(snapshot, "keuzevakken", _K)
    per_profiel = _published(snapshot, "keuzevakken_per_profiel", _P)
    for (jaar, kant, p, deel), rij in per_profiel.items():
        if deel != "totaal" or p not in domain.PROFIEL_CODES:
            continue
        key = (jaar, "totaal", p) if kant == "aanbiedend" else (jaar, p, "totaal")
        if key in matrix:
            assert (rij["aantal_status"] == "x") == (matrix[key]["aantal_status"] == "x")
            assert rij["aantal"] == matrix[key]["aantal"]


def test_public_counts_are_never_afgeschermd(snapshot: Snapshot) -> None:
    for naam, g in snapshot.indicatoren.items():
        if g.data is None or g.vertrouwelijk:
            continue
        for kolom in g.data.column_names:
            if kolom.endswith("_status"):
                assert "x" not in g.data.column(kolom).to_pylist(), f"{naam}.{kolom}"


def test_a_change_never_reopens_a_cell_of_the_year_before(snapshot: Snapshot) -> None:
    """A % change relates this year's count to last year's: shown only when both are shown."""
    for naam, familie in (("keuzevakken_per_profiel", "aantal"), ("docenten", "personen")):
        data = snapshot.indicator(naam).data
        assert data is not None
        sleutels = [k for k in snapshot.indicator(naam).indicator.sleutels if k != "schooljaar"]
        rijen = data.to_pylist()
        vorig: dict[tuple[Any, ...], dict[str, Any]] = {}
        verandering = "verandering_pct" if naam != "docenten" else "fte_verandering_pct"
        getoond = 0
        for rij in sorted(rijen, key=lambda r: r["schooljaar"]):
            key = tuple(rij[k] for k in sleutels)
            eerder = vorig.get(key)
            if eerder is not None and rij[verandering] is not None:
                getoond += 1
                assert rij[f"{familie}_status"] != "x", (naam, key)
                assert eerder[f"{familie}_status"] != "x", (naam, key)
            vorig[key] = rij
        assert naam == "docenten" or getoond > 0
