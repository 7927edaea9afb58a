"""Reading a regulation's TOML text with every problem at its line and key.

tomllib gives no positions, so :class:`Regels` finds the line of a key by scanning the text;
:class:`Lezer` reads typed values (text, whole euro, a percentage, a code) from one table and
collects a :class:`~sto_monitor.errors.Problem` for each thing wrong instead of stopping at the
first. ``laden.py`` builds the :class:`~sto_monitor.subsidie.regeling.Regeling` with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sto_monitor.errors import ConfigError, Problem
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.regeling import NIET_INGEVULD

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_AANDEEL = re.compile(r"^(\d{1,3})(?:,(\d{1,4}))?\s*%$")
_KOP = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$")
_SLEUTEL = re.compile(r"^\s*\"?([A-Za-z0-9_\-]+)\"?\s*=")


class RegelingFout(ConfigError):
    """A regulation file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, bestand: str, problems: list[Problem]):
        self.bestand = bestand
        self.problems = problems
        regels = "\n".join(f"  {p}" for p in problems)
        n = len(problems)
        kop = f"{bestand}: {n} {'probleem' if n == 1 else 'problemen'}, regeling niet gelezen"
        super().__init__(f"{kop}:\n{regels}")


class Regels:
    """Where each key of a TOML text is: ``(table, index) → key → line`` (1-based).

    A table is its dotted name (``""`` for the top, ``"plafond.per_jaar"``), an array of
    tables counts its entries from 0. Lines inside multi-line strings are skipped.
    """

    def __init__(self, tekst: str):
        self.koppen: dict[tuple[str, int | None], int] = {}
        self.sleutels: dict[tuple[str, int | None], dict[str, int]] = {("", None): {}}
        tellers: dict[str, int] = {}
        waar: tuple[str, int | None] = ("", None)
        in_tekst = False
        for nr, regel in enumerate(tekst.splitlines(), start=1):
            was_in_tekst = in_tekst
            if regel.count('"""') % 2 == 1:
                in_tekst = not in_tekst
            if was_in_tekst:
                continue
            kop = _KOP.match(regel)
            if kop:
                naam = kop.group(2)
                index: int | None = None
                if kop.group(1) == "[[":
                    index = tellers.get(naam, 0)
                    tellers[naam] = index + 1
                waar = (naam, index)
                self.koppen[waar] = nr
                self.sleutels.setdefault(waar, {})
                continue
            sleutel = _SLEUTEL.match(regel)
            if sleutel:
                self.sleutels[waar].setdefault(sleutel.group(1), nr)

    def regel(self, tabel: str, index: int | None, sleutel: str | None) -> int | None:
        if sleutel is not None:
            nr = self.sleutels.get((tabel, index), {}).get(sleutel)
            if nr is not None:
                return nr
            onder = f"{tabel}.{sleutel}" if tabel else sleutel
            if (onder, None) in self.koppen:
                return self.koppen[(onder, None)]
        return self.koppen.get((tabel, index))


@dataclass
class Lezer:
    """Reads typed values from one table of the file and collects every problem."""

    bestand: str
    regels: Regels
    problems: list[Problem]

    def fout(
        self, tabel: str, index: int | None, sleutel: str | None, melding: str, waarde: Any = None
    ) -> None:
        kolom = tabel + (f"[{index + 1}]" if index is not None else "")
        if sleutel is not None:
            kolom = f"{kolom}.{sleutel}" if kolom else sleutel
        shown = None if waarde is None else str(waarde)
        line = self.regels.regel(tabel, index, sleutel)
        self.problems.append(Problem(self.bestand, melding, line, kolom or None, shown))

    def sleutels(
        self, data: dict[str, Any], tabel: str, index: int | None, toegestaan: set[str]
    ) -> None:
        for onbekend in sorted(set(data) - toegestaan):
            self.fout(
                tabel,
                index,
                onbekend,
                f"onbekende sleutel; toegestaan: {', '.join(sorted(toegestaan))}",
            )

    def waarde(
        self,
        data: dict[str, Any],
        tabel: str,
        index: int | None,
        sleutel: str,
        soort: type,
        *,
        verplicht: bool = True,
    ) -> Any:
        """The value of ``sleutel`` when it has type ``soort`` (a bool is never an int)."""
        if sleutel not in data:
            if verplicht:
                self.fout(tabel, index, sleutel, "ontbreekt")
            return None
        v = data[sleutel]
        if isinstance(v, soort) and not (soort is int and isinstance(v, bool)):
            return v
        self.fout(tabel, index, sleutel, f"moet {_SOORT.get(soort, soort.__name__)} zijn", v)
        return None

    def tekst(self, data: dict[str, Any], tabel: str, index: int | None, sleutel: str) -> str:
        v = self.waarde(data, tabel, index, sleutel, str)
        if isinstance(v, str) and not v.strip():
            self.fout(tabel, index, sleutel, "is leeg")
        return v.strip() if isinstance(v, str) else ""

    def bedrag(self, data: dict[str, Any], tabel: str, sleutel: str) -> Cent | None:
        """Whole euro → cents; ``"niet ingevuld"`` → None."""
        if sleutel not in data:
            self.fout(tabel, None, sleutel, f'ontbreekt (schrijf een bedrag of "{NIET_INGEVULD}")')
            return None
        v = data[sleutel]
        if v == NIET_INGEVULD:
            return None
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
            return v * 100
        self.fout(
            tabel,
            None,
            sleutel,
            f'moet een bedrag in hele euro\'s zijn (bijvoorbeeld 4_000_000) of "{NIET_INGEVULD}"',
            v,
        )
        return None

    def aandeel(
        self, data: dict[str, Any], tabel: str, index: int | None, sleutel: str, *, nul: bool
    ) -> Fraction | None:
        """A percentage text ``"7,5 %"`` → ``Fraction(3, 40)``, between 0 and 100 %."""
        v = data.get(sleutel)
        m = _AANDEEL.match(v.strip()) if isinstance(v, str) else None
        if not m:
            self.fout(tabel, index, sleutel, 'moet een percentage zijn, zoals "7,5 %"', v)
            return None
        heel, rest = m.groups()
        procent = Fraction(int(heel)) + (Fraction(int(rest), 10 ** len(rest)) if rest else 0)
        if procent > 100 or (procent == 0 and not nul):
            grens = "0" if nul else "meer dan 0"
            self.fout(tabel, index, sleutel, f"moet tussen {grens} en 100 % liggen", v)
            return None
        return procent / 100

    def code(self, data: dict[str, Any], tabel: str, index: int, gezien: set[str]) -> str:
        c = self.tekst(data, tabel, index, "code")
        if c and not _CODE.match(c):
            self.fout(tabel, index, "code", "alleen kleine letters, cijfers en _", c)
        elif c in gezien:
            self.fout(tabel, index, "code", "komt twee keer voor", c)
        gezien.add(c)
        return c


_SOORT: dict[type, str] = {
    str: "een tekst",
    int: "een geheel getal",
    bool: "true of false",
    list: "een lijst",
    dict: "een tabel",
}


def lijst(lezer: Lezer, data: dict[str, Any], sleutel: str) -> list[dict[str, Any]]:
    """The entries of an array of tables (``[[kostensoort]]``); anything else is a problem."""
    v = data.get(sleutel, [])
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        lezer.fout("", None, sleutel, f"schrijf elk onderdeel als [[{sleutel}]]")
        return []
    return v


def tabel(lezer: Lezer, data: dict[str, Any], tabel: str, sleutel: str) -> dict[str, Any]:
    v = data.get(sleutel, {})
    if not isinstance(v, dict):
        lezer.fout(tabel, None, sleutel, "moet een tabel zijn", v)
        return {}
    return v
