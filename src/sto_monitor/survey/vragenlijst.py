"""A questionnaire as data: scales, blocks of items, single questions, open questions.

One JSON file per wave (``vragenlijsten/sto-<golf>.json``), so a new wave is a new file, not
new code. An item's ``id`` is stable across waves: the same id in 2021 and 2024 is the same
question, which is how answers are paired per region.

Answers are codes: for an ordinal scale the option's ``code`` (1 = the first option as
listed), for a grade (``cijfer``) the grade 1-10, for ``ja_nee`` 1 (ja) or 0 (nee), and for an
open question the text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sto_monitor.errors import NotFoundError, Problem, SourceFileError

SOORTEN = ("ordinaal", "cijfer", "ja_nee", "open")


@dataclass(frozen=True)
class Optie:
    code: int
    label: str


@dataclass(frozen=True)
class Schaal:
    id: str
    soort: str  # one of SOORTEN
    opties: tuple[Optie, ...] = ()  # ordinal and ja_nee scales, in the order of the report
    top: tuple[int, ...] = ()  # the codes a "top" share counts, e.g. (1, 2) for "(zeer) urgent"
    top_label: str = ""  # e.g. "(zeer) urgent"; for cijfer: "voldoende (6 of hoger)"
    min: int | None = None  # cijfer: lowest and highest grade
    max: int | None = None


@dataclass(frozen=True)
class Item:
    id: str  # stable across waves
    tekst: str  # wording exactly as in the report's table
    schaal: str  # Schaal.id
    blok: str | None = None  # Blok.id, None for single questions
    limesurvey: str | None = None  # the column name in a LimeSurvey export, e.g. "urgentie[SQ001]"


@dataclass(frozen=True)
class Blok:
    id: str
    titel: str
    schaal: str
    items: tuple[Item, ...]
    tabel: str | None = None  # the report's table, e.g. "Tabel 4.1"


@dataclass(frozen=True)
class Vragenlijst:
    golf: int
    titel: str
    schalen: dict[str, Schaal]
    blokken: tuple[Blok, ...]
    vragen: tuple[Item, ...]  # single and open questions outside the blocks

    def items(self) -> tuple[Item, ...]:
        """Every item, blocks first in order, then the single questions."""
        return (*(i for b in self.blokken for i in b.items), *self.vragen)

    def item(self, item_id: str) -> Item:
        for i in self.items():
            if i.id == item_id:
                return i
        raise NotFoundError(f"vragenlijst {self.golf}: onbekend item {item_id!r}")

    def schaal_van(self, item_id: str) -> Schaal:
        return self.schalen[self.item(item_id).schaal]


def beschikbare_golven() -> list[int]:
    """The waves that have a questionnaire file in the package."""
    folder = resources.files("sto_monitor.survey") / "vragenlijsten"
    golven = []
    for entry in folder.iterdir():
        naam = entry.name
        if naam.startswith("sto-") and naam.endswith(".json"):
            golven.append(int(naam[4:-5]))
    return sorted(golven)


def laad(golf: int) -> Vragenlijst:
    """The questionnaire of one wave, from the package (``vragenlijsten/sto-<golf>.json``)."""
    if golf not in beschikbare_golven():
        bekend = ", ".join(str(g) for g in beschikbare_golven())
        raise NotFoundError(f"geen vragenlijst voor golf {golf} (wel voor: {bekend})")
    entry = resources.files("sto_monitor.survey") / "vragenlijsten" / f"sto-{golf}.json"
    return _parse(entry.name, entry.read_text(encoding="utf-8"), Path(entry.name))


def laad_bestand(path: Path | str) -> Vragenlijst:
    """A questionnaire from a JSON file; every problem found is reported, naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError.single(path, f"kan vragenlijst niet lezen: {exc}") from exc
    return _parse(path.name, text, path)


class _Checker:
    def __init__(self, naam: str) -> None:
        self.naam = naam
        self.problems: list[Problem] = []

    def fout(self, message: str, column: str | None = None, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.naam, message, None, column, shown))


def _parse(naam: str, text: str, path: Path) -> Vragenlijst:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFileError(
            path, [Problem(naam, f"geen geldige JSON: {exc.msg}", exc.lineno)]
        ) from exc
    c = _Checker(naam)
    if not isinstance(data, dict):
        raise SourceFileError.single(path, "een vragenlijst is een JSON-object")
    golf = data.get("golf")
    if not isinstance(golf, int):
        c.fout("'golf' ontbreekt of is geen jaartal", "golf", golf)
        golf = 0
    schalen = {}
    for raw in _list(data, "schalen", c):
        schaal = _schaal(raw, c)
        if schaal is None:
            continue
        if schaal.id in schalen:
            c.fout("schaal komt twee keer voor", "schalen", schaal.id)
        schalen[schaal.id] = schaal
    gezien: set[str] = set()
    lime: set[str] = set()

    def item(raw: Any, blok: str | None, schaal: str | None) -> Item | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            c.fout("item zonder 'id'", "items", raw)
            return None
        item_id = raw["id"]
        if item_id in gezien:
            c.fout("item-id komt twee keer voor", "id", item_id)
        gezien.add(item_id)
        tekst = raw.get("tekst")
        if not isinstance(tekst, str) or not tekst.strip():
            c.fout(f"item {item_id}: 'tekst' ontbreekt", "tekst", tekst)
            tekst = ""
        schaal_id = raw.get("schaal", schaal)
        if schaal_id not in schalen:
            c.fout(f"item {item_id}: onbekende schaal", "schaal", schaal_id)
        ls = raw.get("limesurvey")
        if ls is not None:
            if ls in lime:
                c.fout(f"item {item_id}: LimeSurvey-kolom komt twee keer voor", "limesurvey", ls)
            lime.add(ls)
        return Item(item_id, tekst, str(schaal_id), blok, ls)

    blokken = []
    for raw in _list(data, "blokken", c):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            c.fout("blok zonder 'id'", "blokken", raw)
            continue
        schaal_id = raw.get("schaal")
        if schaal_id not in schalen:
            c.fout(f"blok {raw['id']}: onbekende schaal", "schaal", schaal_id)
        items = [item(i, raw["id"], schaal_id) for i in raw.get("items", [])]
        if not items:
            c.fout(f"blok {raw['id']}: geen items", "items")
        blokken.append(
            Blok(
                raw["id"],
                str(raw.get("titel", "")),
                str(schaal_id),
                tuple(i for i in items if i is not None),
                raw.get("tabel"),
            )
        )
    vragen = [item(v, None, None) for v in _list(data, "vragen", c)]
    if c.problems:
        raise SourceFileError(path, c.problems)
    return Vragenlijst(
        golf,
        str(data.get("titel", f"Enquête {golf}")),
        schalen,
        tuple(blokken),
        tuple(v for v in vragen if v is not None),
    )


def _list(data: dict[str, Any], key: str, c: _Checker) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        c.fout(f"'{key}' moet een lijst zijn", key)
        return []
    return value


def _schaal(raw: Any, c: _Checker) -> Schaal | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        c.fout("schaal zonder 'id'", "schalen", raw)
        return None
    sid, soort = raw["id"], raw.get("soort")
    if soort not in SOORTEN:
        c.fout(f"schaal {sid}: onbekende soort (verwacht: {', '.join(SOORTEN)})", "soort", soort)
    opties: list[Optie] = []
    for o in raw.get("opties", []):
        if not isinstance(o, dict) or not isinstance(o.get("code"), int) or not o.get("label"):
            c.fout(
                f"schaal {sid}: optie heeft geen geheel getal als code of geen label", "opties", o
            )
            continue
        opties.append(Optie(o["code"], str(o["label"])))
    codes = [o.code for o in opties]
    if len(set(codes)) != len(codes):
        c.fout(f"schaal {sid}: dubbele codes", "opties", codes)
    if soort == "ordinaal" and codes != list(range(1, len(codes) + 1)):
        c.fout(
            f"schaal {sid}: codes moeten 1, 2, … zijn in de volgorde van de opties", "opties", codes
        )
    if soort == "ja_nee" and sorted(codes) != [0, 1]:
        c.fout(f"schaal {sid}: ja_nee heeft de codes 1 (ja) en 0 (nee)", "opties", codes)
    lo, hi = raw.get("min"), raw.get("max")
    if soort == "cijfer" and not (isinstance(lo, int) and isinstance(hi, int) and lo < hi):
        c.fout(f"schaal {sid}: cijfer heeft een geheel 'min' en 'max' nodig", "min", (lo, hi))
    top = tuple(raw.get("top", ()))
    geldig = (
        set(range(lo, hi + 1))
        if soort == "cijfer" and isinstance(lo, int) and isinstance(hi, int)
        else set(codes)
    )
    if any(t not in geldig for t in top):
        c.fout(f"schaal {sid}: 'top' noemt codes die de schaal niet heeft", "top", list(top))
    return Schaal(sid, str(soort), tuple(opties), top, str(raw.get("top_label", "")), lo, hi)
