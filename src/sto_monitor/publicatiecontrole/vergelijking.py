"""Published figures against the monitor: each cell the loaded data can reproduce.

Every cell is computed with the indicator of its file under the file's definition and
classified:

- ``gelijk``: the monitor's figure, rounded as published, is the published figure;
- ``binnen marge``: not equal, but within the data's own uncertainty: the interval that the
  indicator's ``_min``/``_max`` columns give (counts published as ``<5``), or a tolerance
  the file states for a figure the monitor derives differently;
- ``verschil``: neither;
- ``niet te controleren``: the school year or the source is not loaded, or the figure is not
  one the monitor computes (the reason says which).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor import db
from sto_monitor.errors import StoError
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.publicatiecontrole.consistentie import halve_eenheid, nl, past_bij
from sto_monitor.publicatiecontrole.model import Cel, Kolom, Publicatie

GELIJK = "gelijk"
BINNEN_MARGE = "binnen marge"
VERSCHIL = "verschil"
NIET_TE_CONTROLEREN = "niet te controleren"


@dataclass(frozen=True)
class Uitkomst:
    publicatie: str
    cel: Cel
    klasse: str
    monitor: float | None = None  # the monitor's figure, unrounded
    laag: float | None = None  # the interval the data allow
    hoog: float | None = None
    reden: str = ""  # in Dutch


def schooljaar_tekst(jaar: int) -> str:
    return f"{jaar}/{jaar + 1}"


class Monitor:
    """The indicator tables of one warehouse, computed once per indicator and definition.

    Without a warehouse (``con`` None) every cell is "niet te controleren".
    """

    def __init__(self, con: db.Connection | None) -> None:
        self.con = con
        self._cache: dict[tuple[str, str], list[dict[str, Any]] | str] = {}

    def rijen(self, indicator: str, sleutel: str) -> list[dict[str, Any]] | str:
        """The indicator's rows, or the Dutch reason it cannot be computed."""
        if self.con is None:
            return "er zijn nog geen gegevens ingelezen"
        key = (indicator, sleutel)
        if key not in self._cache:
            from sto_monitor.indicators.run import compute

            try:
                self._cache[key] = compute(indicator, self.con, techniek=sleutel).to_pylist()
            except StoError:
                titel = BY_NAME[indicator].titel
                self._cache[key] = f"de gegevens voor '{titel}' zijn niet ingelezen"
            except Exception as exc:  # a fault in the monitor must not stop the other checks
                titel = BY_NAME[indicator].titel
                self._cache[key] = (
                    f"de monitor kon '{titel}' niet berekenen (interne fout: {type(exc).__name__})"
                )
        return self._cache[key]


def vergelijk(pub: Publicatie, monitor: Monitor) -> list[Uitkomst]:
    """Every cell of one published table against the monitor."""
    return [vergelijk_cel(pub, cel, monitor) for cel in pub.cellen]


def vergelijk_cel(pub: Publicatie, cel: Cel, monitor: Monitor) -> Uitkomst:
    def niet(reden: str) -> Uitkomst:
        return Uitkomst(pub.naam, cel, NIET_TE_CONTROLEREN, reden=reden)

    kolom = pub.kolom(cel.kolom)
    if pub.indicator is None or (kolom.indicatorkolom is None and kolom.verandering_van is None):
        return niet("dit cijfer vergelijkt de controle niet met de monitor")
    jaar = cel.sleutel.get("schooljaar")
    if not isinstance(jaar, int):
        return niet("de publicatie noemt geen schooljaar voor dit cijfer")
    rijen = monitor.rijen(pub.indicator, pub.definitie.sleutel)
    if isinstance(rijen, str):
        return niet(rijen)
    jaren = {r["schooljaar"] for r in rijen}
    if jaar not in jaren:
        return niet(f"schooljaar {schooljaar_tekst(jaar)} is niet ingelezen")

    if kolom.verandering_van is not None:
        vorig = cel.sleutel.get("vorig_schooljaar", pub.vorig_schooljaar or jaar - 1)
        if vorig not in jaren:
            return niet(f"het vergeleken schooljaar {schooljaar_tekst(vorig)} is niet ingelezen")
        nu, eerder = _rij(rijen, cel.sleutel, jaar), _rij(rijen, cel.sleutel, vorig)
        if isinstance(nu, str) or isinstance(eerder, str):
            return niet(nu if isinstance(nu, str) else str(eerder))
        waarde, laag, hoog = _verandering(nu, eerder, kolom.verandering_van)
    else:
        rij = _rij(rijen, cel.sleutel, jaar)
        if isinstance(rij, str):
            return niet(rij)
        assert kolom.indicatorkolom is not None
        waarde, laag, hoog = _waarde(rij, kolom, kolom.indicatorkolom)
    if waarde is None:
        return niet(
            f"de monitor heeft voor schooljaar {schooljaar_tekst(jaar)} geen uitkomst voor dit "
            "cijfer (te weinig gegevens)"
        )
    return _klasse(pub, cel, kolom, waarde, laag, hoog)


def _rij(
    rijen: Sequence[Mapping[str, Any]], sleutel: Mapping[str, Any], jaar: int
) -> Mapping[str, Any] | str:
    velden = {k: v for k, v in sleutel.items() if k not in ("schooljaar", "vorig_schooljaar")}
    gevonden = [
        r
        for r in rijen
        if r["schooljaar"] == jaar and all(r.get(k) == v for k, v in velden.items())
    ]
    if not gevonden:
        return "de monitor heeft geen uitkomst voor deze cel"
    if len(gevonden) > 1:
        return "de publicatie telt hier meer op dan één uitkomst van de monitor"
    return gevonden[0]


def _getal(value: Any) -> float | None:
    return None if value is None else float(value)


def _waarde(
    rij: Mapping[str, Any], kolom: Kolom, naam: str
) -> tuple[float | None, float | None, float | None]:
    waarde = _getal(rij.get(naam))
    if kolom.teller and kolom.noemer:
        t_min, t_max = (
            _getal(rij.get(f"{kolom.teller}_min")),
            _getal(rij.get(f"{kolom.teller}_max")),
        )
        n_min, n_max = (
            _getal(rij.get(f"{kolom.noemer}_min")),
            _getal(rij.get(f"{kolom.noemer}_max")),
        )
        if None in (t_min, t_max, n_min, n_max) or not n_min or not n_max:
            return waarde, None, None
        assert t_min is not None and t_max is not None
        return waarde, 100 * t_min / n_max, min(100.0, 100 * t_max / n_min)
    return waarde, _getal(rij.get(f"{naam}_min")), _getal(rij.get(f"{naam}_max"))


def _verandering(
    nu: Mapping[str, Any], eerder: Mapping[str, Any], naam: str
) -> tuple[float | None, float | None, float | None]:
    n, v = _getal(nu.get(naam)), _getal(eerder.get(naam))
    if n is None or not v:
        return None, None, None
    waarde = 100 * (n - v) / v
    n_lo, n_hi = _getal(nu.get(f"{naam}_min")), _getal(nu.get(f"{naam}_max"))
    v_lo, v_hi = _getal(eerder.get(f"{naam}_min")), _getal(eerder.get(f"{naam}_max"))
    if None in (n_lo, n_hi, v_lo, v_hi) or not v_lo or not v_hi:
        return waarde, None, None
    assert n_lo is not None and n_hi is not None
    return waarde, 100 * (n_lo - v_hi) / v_hi, 100 * (n_hi - v_lo) / v_lo


def _klasse(
    pub: Publicatie,
    cel: Cel,
    kolom: Kolom,
    waarde: float,
    laag: float | None,
    hoog: float | None,
) -> Uitkomst:
    if past_bij(waarde, cel):
        return Uitkomst(pub.naam, cel, GELIJK, waarde, laag, hoog)
    h = halve_eenheid(cel)
    p = float(cel.waarde)
    d = max(cel.decimalen, 0) + (0 if cel.eenheid == "aantal" else 1)
    if laag is not None and hoog is not None and laag - 1e-9 <= p + h and p - h <= hoog + 1e-9:
        reden = (
            f"de monitor komt op {nl(waarde, d)}; door afgeschermde kleine aantallen ligt de "
            f"uitkomst tussen {nl(laag, d)} en {nl(hoog, d)}"
        )
        return Uitkomst(pub.naam, cel, BINNEN_MARGE, waarde, laag, hoog, reden)
    if kolom.marge is not None and abs(waarde - p) <= kolom.marge + h:
        reden = (
            f"de monitor komt op {nl(waarde, d)}; dat valt binnen de opgegeven marge van "
            f"{nl(kolom.marge, d)}"
        )
        return Uitkomst(pub.naam, cel, BINNEN_MARGE, waarde, laag, hoog, reden)
    reden = (
        f"de monitor komt op {nl(waarde, d)}; niet te verklaren met de afronding of met "
        "afgeschermde kleine aantallen"
    )
    return Uitkomst(pub.naam, cel, VERSCHIL, waarde, laag, hoog, reden)
