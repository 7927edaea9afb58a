"""A forecast as publishable text: the one place that turns its numbers into strings.

Disclosure as everywhere in the monitor (``indicators/openbaarheid.py``): a count below 5 is
never shown as a number. Forecasts and interval bounds are rounded to whole students; a value
that rounds to 1-4 is shown as ``<5`` (0 stays 0; a forecast above 0 that rounds to 0 is
``<5`` as well). In the back-test an error is only shown where the actual value may be shown:
the absolute error when the actual value is at least 5, the % error when it is at least 10
(``x`` otherwise), because forecast and error together give the actual value away.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from sto_monitor import domain
from sto_monitor.indicators.openbaarheid import (
    DREMPEL_AANTAL,
    DREMPEL_NOEMER,
    GEHEIM,
    KLEIN,
    secundair,
)
from sto_monitor.planner.prognose.backtest import Backtest, BacktestLandelijk
from sto_monitor.planner.prognose.voorspel import ALLE, TECHNIEK, TOTAAL, AanbodRij, Prognose, Rij

KOLOMMEN = (
    "soort",
    "regio",
    "vestiging",
    "vestigingsnaam",
    "profiel",
    "leerweg",
    "schooljaar",
    "waargenomen",
    "methode",
    "aantal",
    "laag",
    "hoog",
    "onder_minimum",
    "mogelijk_onder_minimum",
)
BACKTEST_KOLOMMEN = (
    "regio",
    "vanaf",
    "schooljaar",
    "profiel",
    "leerweg",
    "werkelijk",
    "voorspeld",
    "laag",
    "hoog",
    "fout",
    "fout_pct",
    "naief",
    "naief_fout_pct",
    "binnen_interval",
)
PROFIELNAMEN = {p.code: p.naam for p in domain.PROFIELEN} | {
    domain.OVERIG: "overig (routes, oude afdelingen)",
    TECHNIEK: "techniek (5 profielen)",
    TOTAAL: "totaal",
}


def toon_aantal(waarde: float) -> str:
    """A (forecast) count for publication: whole students, ``<5`` below 5, 0 only for 0."""
    if waarde <= 0:
        return "0"
    rond = math.floor(waarde + 0.5)  # half up, not Python's half to even
    return KLEIN if rond < DREMPEL_AANTAL else str(rond)


def toon_schatting(punt: float, laag: float, hoog: float) -> str:
    """``140 (117-163)`` in the notation of ``toon_aantal``."""
    return f"{toon_aantal(punt)} ({toon_aantal(laag)}-{toon_aantal(hoog)})"


def schooljaar(jaar: int) -> str:
    return f"{jaar}/{jaar + 1}"


def procent(waarde: float | None, decimalen: int = 1) -> str:
    """Dutch notation with a decimal comma, e.g. ``6,5%``; empty for None."""
    if waarde is None:
        return ""
    return f"{waarde:.{decimalen}f}".replace(".", ",") + "%"


def profielnaam(code: str) -> str:
    return PROFIELNAMEN.get(code, code)


def toon_profielen(p: Prognose, alle_profielen: bool = False) -> list[str]:
    """The profielen a table shows: the technical ones (or all present), techniek, totaal."""
    aanwezig = {r.profiel for r in p.rijen}
    codes = (
        [*domain.PROFIEL_CODES, domain.OVERIG] if alle_profielen else [*domain.TECHNIEK_PROFIELEN]
    )
    return [c for c in (*codes, TECHNIEK, TOTAAL) if c in aanwezig]


def _bron(p: Prognose, jaar: int) -> str:
    return dict(p.methode.per_jaar).get(jaar, "waargenomen")


Sleutel = tuple[object, ...]


def verborgen(p: Prognose, *, prognoses: bool = False) -> frozenset[Sleutel]:
    """Counted cells that must be shown as ``x`` so no ``<5`` cell follows from a sum.

    The secondary suppression of the indicators (``openbaarheid.secundair``), per school year:
    a profiel across its leerwegen and their sum; the technical profielen and ``techniek``,
    and all profielen and ``totaal``, per leerweg; the offers of a profiel x leerweg and its
    regional number. Keys: ("regio", profiel, leerweg, jaar) and ("aanbod", vestiging,
    profiel, leerweg, jaar). Forecasts get the primary rule only (``<5``), unless
    ``prognoses``: then they are suppressed the same way (forecasts add up like counts, so a
    small one can be approximated by a difference; in a full breakdown with many small offers
    this hides most of the leerweg and offer figures, hence not the default).
    """
    rijen: list[Rij | AanbodRij] = [*p.rijen, *p.aanbod]
    alle = [r for r in rijen if r.waargenomen or prognoses]
    sleutels = [_sleutel(r) for r in alle]
    waarden = [r.punt for r in alle]
    return frozenset(sleutels[i] for i in _secundair(sleutels, waarden, _groepen_prognose))


def _sleutel(rij: Rij | AanbodRij) -> Sleutel:
    if isinstance(rij, AanbodRij):
        return ("aanbod", rij.vestiging, rij.profiel, rij.leerweg, rij.schooljaar)
    return ("regio", rij.profiel, rij.leerweg, rij.schooljaar)


def _groepen_prognose(sleutel: Sleutel) -> tuple[object, ...]:
    """(row group, techniek column, totaal column, offers group) of a cell; None: alone."""
    if sleutel[0] == "aanbod":
        _, _, profiel, leerweg, jaar = sleutel
        return None, None, None, (jaar, profiel, leerweg)
    _, profiel, leerweg, jaar = sleutel
    techniek = (jaar, leerweg) if profiel in (*domain.TECHNIEK_PROFIELEN, TECHNIEK) else None
    totaal = (jaar, leerweg) if profiel != TECHNIEK else None
    los = profiel in (TECHNIEK, TOTAAL) or leerweg == ALLE
    cel = None if los else (jaar, profiel, leerweg)
    return (jaar, profiel), techniek, totaal, cel


def _secundair(
    sleutels: Sequence[Sleutel],
    waarden: Sequence[float],
    groepen: Callable[[Sleutel], tuple[object, ...]],
) -> set[int]:
    # as published: whole students, and above 0 never 0 (``toon_aantal``)
    afgerond = [max(math.floor(w + 0.5), 1) if w > 0 else 0 for w in waarden]
    cellen: dict[tuple[int, int], tuple[float, float] | None] = {
        (i, 0): (w, w) for i, w in enumerate(afgerond)
    }
    primair = {c for c, b in cellen.items() if b is not None and 0 < b[1] < DREMPEL_AANTAL}
    per_cel = [groepen(k) for k in sleutels]
    indelingen = [
        {(i, 0): (g[n] if g[n] is not None else ("alleen", i)) for i, g in enumerate(per_cel)}
        for n in range(len(per_cel[0]) if per_cel else 0)
    ]
    return {i for (i, _) in secundair(cellen, primair, indelingen)}


def toon_rij(rij: Rij | AanbodRij, weg: frozenset[Sleutel]) -> str:
    """The number of a row as published: ``x`` when suppressed (``verborgen``)."""
    return GEHEIM if _sleutel(rij) in weg else toon_aantal(rij.punt)


def toon_interval(rij: Rij | AanbodRij, weg: frozenset[Sleutel]) -> str:
    """``117-163``; ``x`` when the forecast is suppressed."""
    if _sleutel(rij) in weg:
        return GEHEIM
    return f"{toon_aantal(rij.laag)}-{toon_aantal(rij.hoog)}"


def csv_rijen(p: Prognose) -> list[dict[str, str]]:
    """Every row of a forecast (regio rows, then offers), columns ``KOLOMMEN``, as text."""
    weg = verborgen(p)
    rijen: list[dict[str, str]] = []
    for r in p.rijen:
        rijen.append(
            _rij(p, "regio", "", "", r.profiel, r.leerweg, r.schooljaar, r.waargenomen)
            | _getallen(r.punt, r.laag, r.hoog, _sleutel(r) in weg)
            | {"onder_minimum": "", "mogelijk_onder_minimum": ""}
        )
    for a in p.aanbod:
        rijen.append(
            _rij(
                p,
                "aanbod",
                a.vestiging,
                a.vestigingsnaam or "",
                a.profiel,
                a.leerweg,
                a.schooljaar,
                a.waargenomen,
            )
            | _getallen(a.punt, a.laag, a.hoog, _sleutel(a) in weg)
            | {
                "onder_minimum": _ja(a.onder_minimum),
                "mogelijk_onder_minimum": _ja(a.mogelijk_onder_minimum),
            }
        )
    return rijen


def _rij(
    p: Prognose,
    soort: str,
    vestiging: str,
    naam: str,
    profiel: str,
    leerweg: str,
    jaar: int,
    waargenomen: bool,
) -> dict[str, str]:
    return {
        "soort": soort,
        "regio": p.regio,
        "vestiging": vestiging,
        "vestigingsnaam": naam,
        "profiel": profiel,
        "leerweg": leerweg,
        "schooljaar": str(jaar),
        "waargenomen": _ja(waargenomen),
        "methode": "waargenomen" if waargenomen else _bron(p, jaar),
    }


def _getallen(punt: float, laag: float, hoog: float, geheim: bool = False) -> dict[str, str]:
    if geheim:
        return dict.fromkeys(("aantal", "laag", "hoog"), GEHEIM)
    return {"aantal": toon_aantal(punt), "laag": toon_aantal(laag), "hoog": toon_aantal(hoog)}


def _ja(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def gesignaleerd_aanbod(
    p: Prognose, profielen: Sequence[str], *, mogelijk: bool = False
) -> list[list[AanbodRij]]:
    """Offers in ``profielen`` forecast below the minimum in some year (or, with ``mogelijk``,
    whose interval reaches below it): per offer its rows, base year first."""
    per: dict[tuple[str, str, str], list[AanbodRij]] = {}
    for a in p.aanbod:
        if a.profiel in profielen:
            per.setdefault((a.vestiging, a.profiel, a.leerweg), []).append(a)
    return [
        rijen
        for rijen in per.values()
        if any(
            (r.onder_minimum or (mogelijk and r.mogelijk_onder_minimum)) and not r.waargenomen
            for r in rijen
        )
    ]


# --- back-test ------------------------------------------------------------------------------


def _pct(waarde: float | None, nl: bool) -> str:
    if waarde is None:
        return ""
    return procent(waarde) if nl else f"{waarde:.1f}"


def _backtest_verborgen(b: Backtest) -> frozenset[Sleutel]:
    """("werkelijk" | "naief" | "voorspeld", profiel) cells to show as ``x`` (``verborgen``)."""
    sleutels: list[Sleutel] = []
    waarden: list[float] = []
    for r in b.rijen:
        for kolom, waarde in (
            ("werkelijk", r.werkelijk),
            ("naief", r.naief),
            ("voorspeld", r.voorspeld),
        ):
            sleutels.append((kolom, r.profiel))
            waarden.append(waarde)

    def groepen(sleutel: Sleutel) -> tuple[object, ...]:
        kolom, profiel = sleutel
        techniek = kolom if profiel in (*domain.TECHNIEK_PROFIELEN, TECHNIEK) else None
        return techniek, (kolom if profiel != TECHNIEK else None)

    return frozenset(sleutels[i] for i in _secundair(sleutels, waarden, groepen))


def backtest_rijen(b: Backtest, *, nl: bool = False) -> list[dict[str, str]]:
    """The back-test per group (a profiel over all leerwegen, techniek, totaal) as text.

    An error is shown only where the counted value may be: the absolute error from 5, the %
    error from 10 (``x`` otherwise), and neither where that value is suppressed. ``nl``: % in
    Dutch notation (``6,5%``); otherwise a plain number (``6.5``) for csv.
    """
    weg = _backtest_verborgen(b)
    rijen = []
    for r in b.rijen:
        werkelijk_weg = ("werkelijk", r.profiel) in weg or r.werkelijk < DREMPEL_AANTAL
        naief_weg = ("naief", r.profiel) in weg
        voorspeld_weg = ("voorspeld", r.profiel) in weg
        klein = werkelijk_weg or voorspeld_weg or r.werkelijk < DREMPEL_NOEMER
        rijen.append(
            {
                "regio": b.regio,
                "vanaf": str(b.vanaf),
                "schooljaar": str(b.jaar),
                "profiel": r.profiel,
                "leerweg": r.leerweg,
                "werkelijk": GEHEIM
                if ("werkelijk", r.profiel) in weg
                else toon_aantal(r.werkelijk),
                "voorspeld": GEHEIM if voorspeld_weg else toon_aantal(r.voorspeld),
                "laag": GEHEIM if voorspeld_weg else toon_aantal(r.laag),
                "hoog": GEHEIM if voorspeld_weg else toon_aantal(r.hoog),
                "fout": GEHEIM
                if werkelijk_weg or voorspeld_weg
                else f"{math.floor(r.fout + 0.5):+d}",
                "fout_pct": GEHEIM if klein else _pct(r.fout_pct, nl),
                "naief": GEHEIM if naief_weg else toon_aantal(r.naief),
                "naief_fout_pct": GEHEIM if klein or naief_weg else _pct(r.naief_fout_pct, nl),
                "binnen_interval": GEHEIM if werkelijk_weg else _ja(r.binnen_interval),
            }
        )
    return rijen


def backtest_samenvatting(b: Backtest | BacktestLandelijk) -> list[tuple[str, str, str]]:
    """(measure, method, naive) lines of a back-test, in Dutch."""
    regels: list[tuple[str, str, str]] = []
    if isinstance(b, BacktestLandelijk):
        n = len(b.regios)
        for profiel, label in ((TOTAAL, "alle derdejaars"), (TECHNIEK, "techniek")):
            regels.append(
                (
                    f"gemiddelde fout per regio, {label} ({n} regio's)",
                    procent(b.mape(profiel)),
                    procent(b.naief_mape(profiel)),
                )
            )
            regels.append(
                (f"regio's binnen het 80%-interval, {label}", procent(b.dekking(profiel), 0), "")
            )
    cel, aanbod, s = b.cellen, b.aanbod, b.signalering
    regels += [
        ("fout per profiel x leerweg (gewogen)", procent(cel.wape), procent(cel.naief_wape)),
        ("profiel x leerweg binnen het 80%-interval", procent(cel.dekking, 0), ""),
        (
            "fout per aanbod (vestiging x profiel x leerweg)",
            procent(aanbod.wape),
            procent(aanbod.naief_wape),
        ),
        ("aanbod binnen het 80%-interval", procent(aanbod.dekking, 0), ""),
        ("onder minimum gesignaleerd en terecht", str(s.terecht), str(s.naief_terecht)),
        ("onder minimum gesignaleerd, niet terecht", str(s.onterecht), str(s.naief_onterecht)),
        ("onder minimum, niet gesignaleerd", str(s.gemist), str(s.naief_gemist)),
    ]
    return regels
