"""One indicator table as it is published: typed for machines, in Dutch notation for people.

Disclosure control (``patroon.py``) decides per cell whether it is shown. This module turns
that decision into the two forms every output takes:

- :func:`getypeerd`, the open-data contract (JSON API, CSV, Parquet, the machine sheet of XLSX,
  the bulk zip). Each count family ``c`` becomes ``c`` (the value when exact, else null),
  ``c_min`` and ``c_max`` (equal to ``c`` when exact, DUO's masking interval where DUO masked,
  null when afgeschermd) and ``c_status``. Every share, change or derived column ``s`` that
  can be hidden gets ``s_status`` beside its value.
- :func:`weergave`, the Dutch notation of the screen, the people's XLSX sheet and the PDF:
  ``<5``, ``x``, ``12-15`` (rendered with an en dash by the outputs).

Status codes (documented in ``STATUS``; compare SDMX ``OBS_STATUS`` and CBS StatLine symbols):
null = shown as is; ``<5`` = DUO masked a count of 1 to 4; ``interval`` = the count lies in
``[c_min, c_max]`` because DUO masked some of its parts; ``x`` = afgeschermd, because the
number rests on a confidential source and is small or would reveal a small number. A share or
change that is null with a null status is not applicable (no previous year, denominator 0), or
left out across a break of the series: then the column ``breuk`` holds the break's code, and
the notation shows its Dutch reason in the change's cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sto_monitor.indicators.breuken import tekst as breuk_tekst
from sto_monitor.indicators.definitie import Familie as Familie
from sto_monitor.indicators.definitie import Openbaarheid
from sto_monitor.indicators.definitie import families as families
from sto_monitor.indicators.registry import BY_NAME

KLEIN = "<5"
BREUK = "breuk"  # the code of a series break (indicators/breuken.py); Dutch in the notation
INTERVAL = "interval"
GEHEIM = "x"
# reeksbreuken names the series a break affects by indicator name (", "); people read titles.
REEKSEN = "reeksen"

STATUS: dict[str, str] = {
    "(leeg)": "getoond zoals berekend (exact)",
    KLEIN: "DUO maskeert dit aantal: het ligt tussen 1 en 4 (kolommen _min en _max)",
    INTERVAL: "DUO maskeerde delen van dit aantal: het ligt tussen _min en _max",
    GEHEIM: "afgeschermd: het cijfer rust op een vertrouwelijke bron en is klein, of zou een "
    "klein aantal verraden",
}

NOTATIE: dict[str, str] = {
    KLEIN: "aantal van 1 tot en met 4, door DUO gemaskeerd",
    GEHEIM: "afgeschermd: rust op een vertrouwelijke bron en is klein, of zou een klein "
    "aantal verraden",
    "12-15": "bandbreedte: DUO maskeert aantallen onder 5, dus het aantal ligt hiertussen",
    "(leeg)": "niet van toepassing, bijvoorbeeld geen vorig schooljaar",
}


def verborgen_kolommen(rule: Openbaarheid) -> tuple[str, ...]:
    """Columns other than counts that can be hidden: shares, changes, derived columns."""
    return (*rule.aandelen, *rule.veranderingen, *rule.afgeleid)


def hulpkolommen(kolommen: Sequence[str], rule: Openbaarheid) -> set[str]:
    """Denominator and base columns that are no count of the table: never published."""
    tellingen = {c for fam in families(kolommen, rule.aantallen) for c in fam.kolommen}
    helpers: set[str] = set()
    for noemer in (*rule.aandelen.values(), *rule.veranderingen.values()):
        base = noemer[:-4] if noemer.endswith(("_min", "_max")) else noemer
        helpers |= {noemer, base, f"{base}_min", f"{base}_max"}
    return {h for h in helpers if h in kolommen} - tellingen


@dataclass(frozen=True)
class Besluit:
    """What disclosure control decided for one table: the cells that are not shown.

    ``aantallen``: (row, count family) afgeschermd. ``overig``: (row, column) of a share,
    change or derived column afgeschermd.
    """

    aantallen: frozenset[tuple[int, str]] = frozenset()
    overig: frozenset[tuple[int, str]] = frozenset()


@dataclass
class _Kolommen:
    names: list[str] = field(default_factory=list)
    arrays: list[pa.Array] = field(default_factory=list)

    def add(self, name: str, array: pa.Array) -> None:
        self.names.append(name)
        self.arrays.append(array)


def _geheel(waarden: pa.Array) -> pa.Array:
    """Counts as integers when every value is whole (estimates keep one decimal)."""
    getallen = pc.cast(waarden, pa.float64())
    if pc.all(pc.equal(pc.floor(getallen), getallen), skip_nulls=True).as_py() is not False:
        return pc.cast(getallen, pa.int64())
    return _een_decimaal(getallen)


def _een_decimaal(waarden: pa.Array) -> pa.Array:
    """Rounded to one decimal as Python's round() does it; NaN becomes null."""
    getallen = waarden.to_numpy(zero_copy_only=False).astype(float)
    leeg = np.isnan(getallen)
    return pa.array(np.round(getallen, 1), mask=leeg, type=pa.float64())


def _masker(n: int, rijen: Iterable[int]) -> pa.Array:
    masker = np.zeros(n, dtype=bool)
    masker[list(rijen)] = True
    return pa.array(masker)


def getypeerd(tabel: pa.Table, rule: Openbaarheid, besluit: Besluit) -> pa.Table:
    """The open-data contract of a computed table (see the module docstring)."""
    kolommen = tabel.column_names
    fams = families(kolommen, rule.aantallen)
    per_kolom = {c: fam for fam in fams for c in fam.kolommen}
    verbergbaar = set(verborgen_kolommen(rule))
    helpers = hulpkolommen(kolommen, rule)
    uit = _Kolommen()
    for kolom in kolommen:
        if kolom in helpers:
            continue
        fam = per_kolom.get(kolom)
        if fam is not None:
            if fam.naam not in uit.names:
                weg = _masker(tabel.num_rows, (r for r, f in besluit.aantallen if f == fam.naam))
                _familie(uit, fam, tabel, weg)
            continue
        data = tabel.column(kolom).combine_chunks()
        if kolom in verbergbaar:
            weg = _masker(tabel.num_rows, (r for r, k in besluit.overig if k == kolom))
            if pa.types.is_floating(data.type):
                data = _een_decimaal(data)
            uit.add(kolom, pc.if_else(weg, pa.scalar(None, data.type), data))
            uit.add(f"{kolom}_status", pc.if_else(weg, GEHEIM, pa.scalar(None, pa.string())))
            continue
        uit.add(kolom, data)
    return pa.Table.from_arrays(uit.arrays, names=uit.names)


def _familie(uit: _Kolommen, fam: Familie, tabel: pa.Table, weg: pa.Array) -> None:
    """``c``, ``c_min``, ``c_max`` and ``c_status`` of one count family."""
    if fam.laag is not None and fam.hoog is not None:
        lo = pc.cast(tabel.column(fam.laag).combine_chunks(), pa.float64())
        hi = pc.cast(tabel.column(fam.hoog).combine_chunks(), pa.float64())
    else:
        assert fam.punt is not None
        lo = hi = pc.cast(tabel.column(fam.punt).combine_chunks(), pa.float64())
    leeg = pa.scalar(None, pa.float64())
    geen = pa.scalar(None, pa.string())
    exact = pc.equal(lo, hi)
    laag = pc.if_else(weg, leeg, lo)
    hoog = pc.if_else(weg, leeg, hi)
    klein = pc.and_(pc.greater(hi, 0), pc.less(hi, 5))
    status = pc.if_else(weg, GEHEIM, pc.if_else(exact, geen, pc.if_else(klein, KLEIN, INTERVAL)))
    uit.add(fam.naam, _geheel(pc.if_else(exact, laag, leeg)))
    uit.add(f"{fam.naam}_min", _geheel(laag))
    uit.add(f"{fam.naam}_max", _geheel(hoog))
    uit.add(f"{fam.naam}_status", status)


def _getal(waarde: float) -> str:
    return str(int(waarde)) if float(waarde).is_integer() else f"{waarde:.1f}"


def aantal_tekst(waarde: object, lo: object, hi: object, status: object) -> str | None:
    """A published count in Dutch notation: ``12``, ``<5``, ``12-15``, ``x``."""
    if status == GEHEIM:
        return GEHEIM
    if lo is None or hi is None:
        return None
    if float(hi) == 0:  # type: ignore[arg-type]
        return "0"
    if status == KLEIN:
        return KLEIN
    if waarde is not None:
        return _getal(float(waarde))  # type: ignore[arg-type]
    return f"{_getal(float(lo))}-{_getal(float(hi))}"  # type: ignore[arg-type]


def weergave(getypeerd_: pa.Table, rule: Openbaarheid) -> pa.Table:
    """The Dutch notation of a typed table, one text column per count, as people read it."""
    namen = getypeerd_.column_names
    tellingen = {
        fam.naam for fam in families(namen, rule.aantallen) if f"{fam.naam}_status" in namen
    }
    verbergbaar = {k for k in verborgen_kolommen(rule) if f"{k}_status" in namen}
    overgeslagen = {f"{n}{s}" for n in tellingen for s in ("_min", "_max", "_status")}
    overgeslagen |= {f"{k}_status" for k in verbergbaar}
    if verbergbaar:  # the reason of a break is shown in the change's own cell
        overgeslagen.add(BREUK)
    # A change left out across a break of the series shows the reason (breuken.toml).
    breuken = (
        [breuk_tekst(b) for b in getypeerd_.column(BREUK).to_pylist()]
        if BREUK in namen
        else [None] * getypeerd_.num_rows
    )
    uit = _Kolommen()
    for kolom in namen:
        if kolom in overgeslagen:
            continue
        if kolom in tellingen:
            waarden = zip(
                getypeerd_.column(kolom).to_pylist(),
                getypeerd_.column(f"{kolom}_min").to_pylist(),
                getypeerd_.column(f"{kolom}_max").to_pylist(),
                getypeerd_.column(f"{kolom}_status").to_pylist(),
                strict=True,
            )
            uit.add(kolom, pa.array([aantal_tekst(*w) for w in waarden], type=pa.string()))
        elif kolom in verbergbaar:
            waarden2 = zip(
                getypeerd_.column(kolom).to_pylist(),
                getypeerd_.column(f"{kolom}_status").to_pylist(),
                strict=True,
            )
            teksten = [
                b if v is None and s != GEHEIM and b is not None else _overig_tekst(v, s)
                for (v, s), b in zip(waarden2, breuken, strict=True)
            ]
            uit.add(kolom, pa.array(teksten, pa.string()))
        elif kolom == BREUK:
            uit.add(kolom, pa.array(breuken, pa.string()))
        elif kolom == REEKSEN:
            titels = [reeksen_tekst(v) for v in getypeerd_.column(kolom).to_pylist()]
            uit.add(kolom, pa.array(titels, pa.string()))
        else:
            uit.add(kolom, getypeerd_.column(kolom).combine_chunks())
    return pa.Table.from_arrays(uit.arrays, names=uit.names)


def reeksen_tekst(namen: object) -> str | None:
    """Indicator names (", "-separated, as in reeksbreuken) as their Dutch titles ("; ")."""
    if namen is None:
        return None
    titels = []
    for naam in str(namen).split(", "):
        indicator = BY_NAME.get(naam)
        titels.append(indicator.titel if indicator is not None else naam)
    return "; ".join(titels)


def _overig_tekst(waarde: object, status: object) -> str | None:
    if status == GEHEIM:
        return GEHEIM
    if waarde is None:
        return None
    if isinstance(waarde, float):
        return f"{waarde:.1f}"
    return str(waarde)
