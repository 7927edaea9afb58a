"""Published tables as data: the format of ``gepubliceerd/*.toml`` and its loader.

A file holds one published table or figure, transcribed once, with its source. Its rows and
columns each carry a ``sleutel`` (key fields of the monitor's indicator: ``profiel``,
``leerweg``, ``regio``, ``schooljaar``, ...); a cell's key is the file's, the row's and the
column's together. Every value is kept as printed ("3.591", "-2,4", "19,2 %"); its rounding is
the number of decimals printed, unless the column or the file says otherwise (``afronding``:
-2 for a figure rounded to hundreds, such as "58.400").

Relations the publication states or implies are declared in the file too, so that the checks
(``consistentie.py``) need no knowledge of a particular table:

- ``[[som]]``: a total and its parts (row labels, column names or single cells ``rij|kolom``);
- ``[[aandeel]]``: a percentage and the counts it is a fraction of;
- ``[[gelijk]]``: one figure printed twice.

A column of unit ``verandering_pct`` names its ``basis``, the count column whose change it is.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from sto_monitor.errors import NotFoundError, SourceFileError
from sto_monitor.indicators.definities import SCHAKELAARS, Definitie

EENHEDEN = ("aantal", "procent", "verandering_pct")
EENHEID_LABEL = {"aantal": "aantal", "procent": "procent", "verandering_pct": "verandering (%)"}
_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")


@dataclass(frozen=True)
class Bron:
    document: str  # the document's title, as users know it
    plaats: str  # table number, page or paragraph
    bestand: str = ""  # where the transcription was made from (provenance, not shown)


@dataclass(frozen=True)
class Kolom:
    naam: str
    eenheid: str
    sleutel: Mapping[str, Any]
    indicatorkolom: str | None = None  # column of the indicator that holds this figure
    verandering_van: str | None = None  # or: the indicator column whose change between
    # vorig_schooljaar and schooljaar this figure is (computed from both years' values)
    teller: str | None = None  # for a percentage: numerator and denominator columns, whose
    noemer: str | None = None  # _min/_max give the interval of a share with `<5` counts
    basis: str | None = None  # for a change: the count column (of this file) it is the change of
    afronding: int | None = None
    marge: float | None = None  # stated tolerance for a figure the monitor derives differently


@dataclass(frozen=True)
class Cel:
    rij: str
    kolom: str
    tekst: str  # as printed
    waarde: Decimal
    decimalen: int  # the published rounding: digits after the decimal comma (-2: hundreds)
    eenheid: str
    sleutel: Mapping[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.rij}|{self.kolom}"

    @property
    def naam(self) -> str:
        """Where the cell is, in words: the row label, then the column name."""
        return f"{self.rij}, {self.kolom}" if self.kolom else self.rij


@dataclass(frozen=True)
class Relatie:
    soort: str  # "som", "aandeel" or "gelijk"
    velden: Mapping[str, Any]
    regel: int | None


@dataclass(frozen=True)
class Publicatie:
    naam: str  # the file stem: what a user types after `sto controleer-publicatie`
    titel: str
    bron: Bron
    indicator: str | None
    definitie: Definitie
    schooljaar: int | None
    vorig_schooljaar: int | None
    kolommen: tuple[Kolom, ...]
    rijen: tuple[str, ...]
    cellen: tuple[Cel, ...]
    relaties: tuple[Relatie, ...] = ()
    opmerking: str = ""
    pad: Path | None = None
    _index: dict[str, Cel] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.ref: c for c in self.cellen})

    def cel(self, rij: str, kolom: str) -> Cel | None:
        return self._index.get(f"{rij}|{kolom}")

    def kolom(self, naam: str) -> Kolom:
        return next(k for k in self.kolommen if k.naam == naam)


def parse_getal(tekst: str) -> tuple[Decimal, int]:
    """A printed Dutch number ("3.591", "-2,4", "19,2 %") -> value and decimals."""
    t = tekst.strip().replace("\u2212", "-").replace("\u2013", "-").replace("%", "").strip()
    t = t.replace(" ", "")
    if not _NUMBER.match(t):
        raise ValueError(tekst)
    geheel, _, fractie = t.partition(",")
    try:
        value = Decimal(geheel.replace(".", "") + ("." + fractie if fractie else ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern rules this out
        raise ValueError(tekst) from exc
    return value, len(fractie)


class _Bestand:
    """Reading one file: every error names the file and, where it can, the line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fout(
        self, message: str, *, zoek: str | None = None, nummer: int = 0, veld: str | None = None
    ) -> SourceFileError:
        return SourceFileError.single(self.path, message, line=self.regel(zoek, nummer, veld))

    def regel(self, zoek: str | None, nummer: int = 0, veld: str | None = None) -> int | None:
        """The line of the `nummer`-th line that starts with `zoek` (e.g. ``[[rij]]``), or of
        the first line after it that starts with `veld` (e.g. ``waarden``)."""
        if zoek is None:
            return None
        seen = 0
        for i, line in enumerate(self.lines, start=1):
            if line.strip().startswith(zoek):
                if seen == nummer:
                    return self._veld(i, veld) if veld else i
                seen += 1
        return None

    def _veld(self, start: int, veld: str) -> int:
        for i in range(start, len(self.lines)):
            line = self.lines[i].strip()
            if line.startswith("["):
                break
            if line.startswith(veld):
                return i + 1
        return start


def _tekst(b: _Bestand, data: Mapping[str, Any], key: str, waar: str, zoek: str, n: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise b.fout(f"{waar}: '{key}' ontbreekt of is geen tekst", zoek=zoek, nummer=n)
    return value


def _sleutel(b: _Bestand, data: Mapping[str, Any], waar: str, zoek: str, n: int) -> dict[str, Any]:
    value = data.get("sleutel", {})
    if not isinstance(value, dict):
        raise b.fout(f"{waar}: 'sleutel' moet een tabel zijn", zoek=zoek, nummer=n)
    return dict(value)


def lees(path: Path) -> Publicatie:
    """Load one published table; a malformed file raises ``SourceFileError`` (file, line)."""
    text = path.read_text(encoding="utf-8")
    b = _Bestand(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SourceFileError.single(
            path,
            f"geen geldig TOML-bestand ({exc})",
            line=int(match.group(1)) if match else None,
        ) from exc

    titel = _tekst(b, data, "titel", "het bestand", "titel", 0)
    bron_data = data.get("bron")
    if not isinstance(bron_data, dict):
        raise b.fout("de bron ontbreekt (een tabel [bron] met document en plaats)")
    bron = Bron(
        document=_tekst(b, bron_data, "document", "[bron]", "[bron]", 0),
        plaats=_tekst(b, bron_data, "plaats", "[bron]", "[bron]", 0),
        bestand=str(bron_data.get("bestand", "")),
    )

    indicator = data.get("indicator")
    if indicator is not None:
        from sto_monitor.indicators.registry import BY_NAME

        if indicator not in BY_NAME:
            raise b.fout(f"onbekende indicator {indicator!r}", zoek="indicator")
    keuzes = data.get("definitie", {})
    if not isinstance(keuzes, dict) or set(keuzes) - {s.naam for s in SCHAKELAARS}:
        known = ", ".join(s.naam for s in SCHAKELAARS)
        raise b.fout(f"[definitie] mag alleen {known} bevatten", zoek="[definitie]")
    try:
        definitie = Definitie.uit_keuzes(keuzes)
    except Exception as exc:
        raise b.fout(f"[definitie]: {exc}", zoek="[definitie]") from exc

    schooljaar = data.get("schooljaar")
    vorig = data.get("vorig_schooljaar")
    for naam, jaar in (("schooljaar", schooljaar), ("vorig_schooljaar", vorig)):
        if jaar is not None and not isinstance(jaar, int):
            raise b.fout(f"'{naam}' moet een jaartal zijn (2021 = 2021/2022)", zoek=naam)
    standaard_afronding = data.get("afronding")

    kolommen: list[Kolom] = []
    for i, k in enumerate(data.get("kolom", [])):
        waar = f"kolom {i + 1}"
        naam = k.get("naam", "") if isinstance(k, dict) else ""
        if not isinstance(naam, str):
            raise b.fout(f"{waar}: 'naam' moet tekst zijn", zoek="[[kolom]]", nummer=i)
        eenheid = k.get("eenheid")
        if eenheid not in EENHEDEN:
            raise b.fout(
                f"{waar} ({naam}): eenheid {eenheid!r} onbekend; kies uit {', '.join(EENHEDEN)}",
                zoek="[[kolom]]",
                nummer=i,
                veld="eenheid",
            )
        afronding = k.get("afronding", standaard_afronding)
        kolommen.append(
            Kolom(
                naam=naam,
                eenheid=eenheid,
                sleutel=_sleutel(b, k, waar, "[[kolom]]", i),
                indicatorkolom=k.get("indicatorkolom"),
                verandering_van=k.get("verandering_van"),
                teller=k.get("teller"),
                noemer=k.get("noemer"),
                basis=k.get("basis"),
                afronding=afronding if isinstance(afronding, int) else None,
                marge=float(k["marge"]) if "marge" in k else None,
            )
        )
    if not kolommen:
        raise b.fout("het bestand heeft geen kolommen ([[kolom]])")
    namen = [k.naam for k in kolommen]
    if len(set(namen)) != len(namen):
        raise b.fout("twee kolommen hebben dezelfde naam", zoek="[[kolom]]")
    for i, k in enumerate(kolommen):
        if k.basis is not None and k.basis not in namen:
            raise b.fout(
                f"kolom {k.naam!r}: basis {k.basis!r} is geen kolom", zoek="[[kolom]]", nummer=i
            )

    if indicator is not None:
        _indicatorkolommen(b, indicator, kolommen, data)

    basis_sleutel: dict[str, Any] = {}
    if schooljaar is not None:
        basis_sleutel["schooljaar"] = schooljaar
    basis_sleutel.update(data.get("sleutel", {}))
    rijen: list[str] = []
    cellen: list[Cel] = []
    for i, r in enumerate(data.get("rij", [])):
        if not isinstance(r, dict):
            raise b.fout(f"rij {i + 1} is geen tabel", zoek="[[rij]]", nummer=i)
        label = _tekst(b, r, "label", f"rij {i + 1}", "[[rij]]", i)
        if label in rijen:
            raise b.fout(f"rij {label!r} staat er twee keer in", zoek="[[rij]]", nummer=i)
        rijen.append(label)
        waarden = r.get("waarden")
        if not isinstance(waarden, list) or len(waarden) != len(kolommen):
            raise b.fout(
                f"rij {label!r}: 'waarden' moet {len(kolommen)} waarden hebben, één per kolom "
                '("" voor een lege cel)',
                zoek="[[rij]]",
                nummer=i,
                veld="waarden",
            )
        rij_sleutel = _sleutel(b, r, f"rij {label!r}", "[[rij]]", i)
        for kolom, tekst in zip(kolommen, waarden, strict=True):
            if not isinstance(tekst, str):
                raise b.fout(
                    f"rij {label!r}, kolom {kolom.naam!r}: schrijf de waarde als tekst, zoals "
                    f'gedrukt ("3.591", "-2,4")',
                    zoek="[[rij]]",
                    nummer=i,
                    veld="waarden",
                )
            if not tekst.strip():
                continue
            try:
                waarde, decimalen = parse_getal(tekst)
            except ValueError:
                raise b.fout(
                    f"rij {label!r}, kolom {kolom.naam!r}: {tekst!r} is geen getal",
                    zoek="[[rij]]",
                    nummer=i,
                    veld="waarden",
                ) from None
            cellen.append(
                Cel(
                    rij=label,
                    kolom=kolom.naam,
                    tekst=tekst.strip(),
                    waarde=waarde,
                    decimalen=kolom.afronding if kolom.afronding is not None else decimalen,
                    eenheid=kolom.eenheid,
                    sleutel={**basis_sleutel, **kolom.sleutel, **rij_sleutel},
                )
            )
    if not rijen:
        raise b.fout("het bestand heeft geen rijen ([[rij]])")

    relaties: list[Relatie] = []
    for soort, velden_nodig in (
        ("som", ("totaal", "delen")),
        ("aandeel", ("aandeel", "teller", "noemer")),
        ("gelijk", ("cellen",)),
    ):
        for i, rel in enumerate(data.get(soort, [])):
            zoek = f"[[{soort}]]"
            if not isinstance(rel, dict) or any(v not in rel for v in velden_nodig):
                raise b.fout(
                    f"[[{soort}]] {i + 1}: vul {', '.join(velden_nodig)} in",
                    zoek=zoek,
                    nummer=i,
                )
            for ref in _refs(rel):
                if not _bestaat(ref, rijen, namen):
                    raise b.fout(
                        f"[[{soort}]] {i + 1}: {ref!r} is geen rij, kolom of cel (rij|kolom)",
                        zoek=zoek,
                        nummer=i,
                    )
            relaties.append(Relatie(soort, rel, b.regel(zoek, i)))

    return Publicatie(
        naam=path.stem,
        titel=titel,
        bron=bron,
        indicator=indicator,
        definitie=definitie,
        schooljaar=schooljaar,
        vorig_schooljaar=vorig,
        kolommen=tuple(kolommen),
        rijen=tuple(rijen),
        cellen=tuple(cellen),
        relaties=tuple(relaties),
        opmerking=str(data.get("opmerking", "")),
        pad=path,
    )


def _indicatorkolommen(
    b: _Bestand, indicator: str, kolommen: Sequence[Kolom], data: Mapping[str, Any]
) -> None:
    """Every indicator column and key a file names must exist (a typo is a malformed file)."""
    from sto_monitor.indicators.registry import BY_NAME

    bekend = set(BY_NAME[indicator].kolommen)
    for i, k in enumerate(kolommen):
        for veld in ("indicatorkolom", "verandering_van", "teller", "noemer"):
            naam = getattr(k, veld)
            if naam is not None and naam not in bekend:
                raise b.fout(
                    f"kolom {k.naam!r}: {veld} {naam!r} hoort niet bij de indicator",
                    zoek="[[kolom]]",
                    nummer=i,
                    veld=veld,
                )
        if k.indicatorkolom and k.verandering_van:
            raise b.fout(
                f"kolom {k.naam!r}: kies indicatorkolom of verandering_van, niet beide",
                zoek="[[kolom]]",
                nummer=i,
            )
    sleutels = [data.get("sleutel", {}), *(k.sleutel for k in kolommen)]
    sleutels += [r.get("sleutel", {}) for r in data.get("rij", []) if isinstance(r, dict)]
    for sleutel in sleutels:
        for veld in sleutel:
            if veld not in bekend and veld != "vorig_schooljaar":
                raise b.fout(f"sleutel {veld!r} hoort niet bij de indicator", zoek="sleutel")


def _refs(rel: Mapping[str, Any]) -> list[str]:
    refs: list[str] = []
    for key in ("totaal", "aandeel", "teller", "noemer"):
        if isinstance(rel.get(key), str):
            refs.append(rel[key])
    for key in ("delen", "cellen"):
        value = rel.get(key)
        if isinstance(value, list):
            refs.extend(str(v) for v in value)
    return refs


def _bestaat(ref: str, rijen: Sequence[str], kolommen: Sequence[str]) -> bool:
    if "|" in ref:
        rij, _, kolom = ref.partition("|")
        return rij in rijen and kolom in kolommen
    return ref in rijen or ref in kolommen


def map_gepubliceerd() -> Path:
    return Path(str(resources.files("sto_monitor.publicatiecontrole") / "gepubliceerd"))


def alle(map_: Path | None = None) -> list[Publicatie]:
    """Every published table in the folder (the package's own by default), by name."""
    folder = map_ or map_gepubliceerd()
    return [lees(p) for p in sorted(folder.glob("*.toml"))]


def kies(namen: Sequence[str], map_: Path | None = None) -> list[Publicatie]:
    """The published tables with these names (file stems); all when no names are given."""
    folder = map_ or map_gepubliceerd()
    paden = {p.stem: p for p in sorted(folder.glob("*.toml"))}
    onbekend = [n for n in namen if n not in paden]
    if onbekend:
        raise NotFoundError(
            f"onbekende publicatie {', '.join(onbekend)}; kies uit {', '.join(paden)}"
        )
    return [lees(paden[n]) for n in (namen or list(paden))]
