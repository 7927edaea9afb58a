"""Open answers grouped into themes, the way the report counts them (transparent and editable).

The method is a list of rules, not a model: ``themas.json`` names every theme with regular
expressions (case-insensitive); an answer gets every theme one of whose rules occurs in it, so
one answer can have several themes. A sub-theme (``ouder``: e.g. samenwerking with the
bedrijfsleven) applies only when its parent theme applies too. A person reviews the result
(every theme lists its answers) and corrects it in an overrides file, a CSV with the columns
``regio,item,themas`` (theme ids separated by ``;``, empty = no theme): an override replaces
the rules' result for that answer entirely.

Counts are regions (answers) per theme; with fewer than 5 answers to an item no counts are
shown. The answer texts are for review only, not for publication.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sto_monitor.errors import Problem, SourceFileError
from sto_monitor.survey.analyse import MIN_RESPONDENTEN, Antwoorden
from sto_monitor.survey.vragenlijst import Vragenlijst

Overrides = Mapping[tuple[str, str], frozenset[str]]  # (regio, item) -> theme ids


@dataclass(frozen=True)
class Thema:
    id: str
    label: str
    regels: tuple[re.Pattern[str], ...]
    ouder: str | None = None


@dataclass(frozen=True)
class ThemaAntwoord:
    regio: str
    tekst: str
    bron: str  # "regels" or "handmatig"


@dataclass(frozen=True)
class ThemaTelling:
    thema: str
    label: str
    ouder: str | None
    aantal: int | None  # None when hidden
    antwoorden: tuple[ThemaAntwoord, ...]  # for review only


@dataclass(frozen=True)
class ThemaIndeling:
    item: str
    tekst: str
    n_antwoorden: int
    verborgen: bool
    themas: tuple[ThemaTelling, ...]
    zonder_thema: tuple[ThemaAntwoord, ...]  # for review: answers no rule matched


def laad_themas(path: Path | None = None) -> tuple[Thema, ...]:
    """The themes and rules from ``path`` (default: ``themas.json`` in the package)."""
    if path is None:
        tekst = (resources.files("sto_monitor.survey") / "themas.json").read_text("utf-8")
        naam = "themas.json"
    else:
        tekst, naam = path.read_text("utf-8"), str(path)
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as e:
        raise SourceFileError.single(naam, f"geen geldige JSON: {e.msg}", line=e.lineno) from e
    problemen: list[Problem] = []
    themas: list[Thema] = []
    for t in data.get("themas", []):
        regels = []
        for r in t.get("regels", []):
            try:
                regels.append(re.compile(r, re.IGNORECASE))
            except re.error as e:
                problemen.append(
                    Problem(naam, f"thema {t.get('id')}: ongeldige regel ({e})", value=r)
                )
        themas.append(Thema(t["id"], t["label"], tuple(regels), t.get("ouder")))
    ids = {t.id for t in themas}
    for t in themas:
        if t.ouder is not None and t.ouder not in ids:
            problemen.append(Problem(naam, f"thema {t.id}: onbekend hoofdthema", value=t.ouder))
    if problemen:
        raise SourceFileError(naam, problemen)
    return tuple(themas)


def laad_overrides(path: Path, themas: tuple[Thema, ...]) -> dict[tuple[str, str], frozenset[str]]:
    """Read the reviewer's overrides CSV (``regio,item,themas``); every problem listed."""
    ids = {t.id for t in themas}
    problemen: list[Problem] = []
    uit: dict[tuple[str, str], frozenset[str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        ontbreekt = {"regio", "item", "themas"} - set(reader.fieldnames or [])
        if ontbreekt:
            raise SourceFileError.single(
                path, f"kolommen ontbreken: {', '.join(sorted(ontbreekt))}", line=1
            )
        for nr, rij in enumerate(reader, start=2):
            gekozen = frozenset(x.strip() for x in (rij["themas"] or "").split(";") if x.strip())
            for onbekend in sorted(gekozen - ids):
                problemen.append(Problem(path.name, "onbekend thema", nr, "themas", onbekend))
            uit[(rij["regio"].strip(), rij["item"].strip())] = gekozen
    if problemen:
        raise SourceFileError(path, problemen)
    return uit


def themas_van(tekst: str, themas: tuple[Thema, ...]) -> frozenset[str]:
    """The themes the rules give one answer (sub-themes only with their parent)."""
    raak = {t.id for t in themas if any(r.search(tekst) for r in t.regels)}
    ouders = {t.id: t.ouder for t in themas}
    return frozenset(t for t in raak if ouders[t] is None or ouders[t] in raak)


def deel_in(
    vragenlijst: Vragenlijst,
    antwoorden: Antwoorden,
    themas: tuple[Thema, ...] | None = None,
    overrides: Overrides | None = None,
) -> tuple[ThemaIndeling, ...]:
    """Every open item of the questionnaire, grouped into themes."""
    themas = themas if themas is not None else laad_themas()
    overrides = overrides or {}
    uit = []
    for item in vragenlijst.items():
        if vragenlijst.schalen[item.schaal].soort != "open":
            continue
        per_thema: dict[str, list[ThemaAntwoord]] = {t.id: [] for t in themas}
        zonder: list[ThemaAntwoord] = []
        n = 0
        for regio in sorted(antwoorden):
            tekst = antwoorden[regio].get(item.id)
            if not isinstance(tekst, str) or not tekst.strip():
                continue
            n += 1
            if (regio, item.id) in overrides:
                gekozen, bron = overrides[(regio, item.id)], "handmatig"
            else:
                gekozen, bron = themas_van(tekst, themas), "regels"
            a = ThemaAntwoord(regio, tekst.strip(), bron)
            for t in gekozen:
                per_thema[t].append(a)
            if not gekozen:
                zonder.append(a)
        verborgen = n < MIN_RESPONDENTEN
        tellingen = tuple(
            ThemaTelling(
                t.id,
                t.label,
                t.ouder,
                None if verborgen else len(per_thema[t.id]),
                tuple(per_thema[t.id]),
            )
            for t in themas
        )
        uit.append(ThemaIndeling(item.id, item.tekst, n, verborgen, tellingen, tuple(zonder)))
    return tuple(uit)
