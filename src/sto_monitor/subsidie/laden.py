"""Read and validate a regulation file of ``regelingen/``: a new regulation is a new file.

A policy officer writes these files, so the loader reports every problem at once, each with
its line and key (tomllib gives no positions: ``toml_lezer.Regels`` finds a key's line by scanning
the text). The format, in short:

- amounts are whole euro (an integer, ``86_500_000``) or the text ``"niet ingevuld"`` when
  the sources do not give them; the loader turns them into cents;
- a share is a percentage text with a decimal comma: ``"7,5 %"``;
- a deadline is a TOML date (``2025-04-01``);
- an unknown key is refused, so a typo never passes silently.

The included regulations are read once per process (:func:`regelingen` is cached): every page
of the subsidy administration asks for them.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from sto_monitor.errors import ConfigError, NotFoundError, Problem
from sto_monitor.subsidie.geld import Cent
from sto_monitor.subsidie.regeling import (
    NIET_INGEVULD,
    Activaklasse,
    Cofinanciering,
    Criterium,
    Kostensoort,
    Regeling,
    Termijn,
)
from sto_monitor.subsidie.toml_lezer import Lezer, RegelingFout, Regels, lijst, tabel

__all__ = [
    "OPENBAAR",
    "RegelingFout",
    "huidige",
    "lees",
    "lees_tekst",
    "map_regelingen",
    "regeling",
    "regelingen",
]

# What a regulation may make public, by name, in the reader's words.
OPENBAAR = {"toegekend_per_regio": "het toegekende bedrag per regio"}
AFSCHRIJVING_METHODEN = {"lineair_per_maand"}
GRONDSLAGEN = {"subsidie", "totale_kosten"}
MOMENTEN = {"einde_periode", "per_jaar"}
VORMEN = {"geld", "natura"}

_HOOFD = {
    "code",
    "naam",
    "bron",
    "eerste_jaar",
    "laatste_jaar",
    "afschrijving_methode",
    "openbaar",
    "toelichting",
    "plafond",
    "maximum_per_regio",
    "cofinanciering",
    "kostensoort",
    "activaklasse",
    "termijn",
    "criterium",
    "opmerkingen",
}
_OPMERKINGEN = {
    "plafond_per_jaar",
    "plafond_totaal",
    "maximum_techniekluw",
    "maximum_per_regio",
    "kostensoorten",
    "cofinanciering",
    "afschrijving_methode",
    "activaklassen",
    "termijnen",
    "criteria",
    "openbaar",
}


def lees_tekst(tekst: str, bestand: str, code: str | None = None) -> Regeling:
    """A regulation from the text of its file; ``code``: the code the file's name requires."""
    try:
        data = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        melding = re.sub(r"\s*\(at (line|end).*\)$", "", str(exc))
        line, kolom = (int(m.group(1)), m.group(2)) if m else (None, None)
        if "at end of document" in str(exc):
            line = len(tekst.splitlines()) or 1
        fout = Problem(bestand, f"geen geldige TOML: {melding}", line, kolom)
        raise RegelingFout(bestand, [fout]) from exc
    lezer = Lezer(bestand, Regels(tekst), [])
    regeling = _regeling(lezer, data, code)
    if lezer.problems or regeling is None:
        raise RegelingFout(bestand, sorted(lezer.problems, key=lambda p: p.line or 0))
    return regeling


def lees(pad: Path) -> Regeling:
    """Read one regulation file; :class:`RegelingFout` (a ``ConfigError``) lists every problem."""
    try:
        tekst = pad.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegelingFout(pad.name, [Problem(pad.name, f"niet te lezen: {exc}")]) from exc
    return lees_tekst(tekst, pad.name, pad.stem)


def _regeling(lezer: Lezer, data: dict[str, Any], bestandscode: str | None) -> Regeling | None:
    lezer.sleutels(data, "", None, _HOOFD)
    code = lezer.tekst(data, "", None, "code")
    if code and bestandscode is not None and code != bestandscode:
        lezer.fout("", None, "code", f"moet gelijk zijn aan de bestandsnaam ({bestandscode})", code)
    naam = lezer.tekst(data, "", None, "naam")
    bron = lezer.tekst(data, "", None, "bron")
    toelichting = lezer.waarde(data, "", None, "toelichting", str, verplicht=False) or ""
    eerste = lezer.waarde(data, "", None, "eerste_jaar", int)
    laatste = lezer.waarde(data, "", None, "laatste_jaar", int)
    for sleutel, jaar in (("eerste_jaar", eerste), ("laatste_jaar", laatste)):
        if jaar is not None and not 2000 <= jaar <= 2100:
            lezer.fout("", None, sleutel, "moet een jaartal zijn", jaar)
    if eerste is not None and laatste is not None and eerste > laatste:
        lezer.fout("", None, "laatste_jaar", f"ligt vóór het eerste jaar ({eerste})", laatste)
        laatste = None
    jaren = range(eerste, laatste + 1) if eerste is not None and laatste is not None else None

    methode = lezer.tekst(data, "", None, "afschrijving_methode")
    if methode and methode not in AFSCHRIJVING_METHODEN:
        lezer.fout("", None, "afschrijving_methode", "onbekende methode", methode)
    openbaar = lezer.waarde(data, "", None, "openbaar", list, verplicht=False) or []
    for naam_openbaar in openbaar:
        if naam_openbaar not in OPENBAAR:
            bekend = ", ".join(sorted(OPENBAAR))
            lezer.fout("", None, "openbaar", f"onbekende naam; bekend: {bekend}", naam_openbaar)

    plafond = tabel(lezer, data, "", "plafond")
    lezer.sleutels(plafond, "plafond", None, {"totaal", "maximum_techniekluw", "per_jaar"})
    totaal = lezer.bedrag(plafond, "plafond", "totaal")
    techniekluw = lezer.bedrag(plafond, "plafond", "maximum_techniekluw")
    per_jaar = _per_jaar(lezer, tabel(lezer, plafond, "plafond", "per_jaar"), jaren)
    ingevuld = [v for v in per_jaar.values() if v is not None]
    if totaal is not None and sum(ingevuld) > totaal:
        lezer.fout(
            "plafond", None, "per_jaar", "de plafonds per jaar zijn samen meer dan het totaal"
        )
    if totaal is not None and techniekluw is not None and techniekluw > totaal:
        lezer.fout("plafond", None, "maximum_techniekluw", "is meer dan het totaal")

    per_regio: dict[str, Cent] = {}
    regio_tabel = tabel(lezer, data, "", "maximum_per_regio")
    for regio in regio_tabel:
        bedrag = lezer.bedrag(regio_tabel, "maximum_per_regio", regio)
        if bedrag is not None:
            per_regio[regio] = bedrag
    if totaal is not None and sum(per_regio.values()) > totaal:
        lezer.fout(
            "", None, "maximum_per_regio", "de maxima per regio zijn samen meer dan het totaal"
        )

    kostensoorten = _kostensoorten(lezer, data)
    activaklassen = _activaklassen(lezer, data)
    if activaklassen and not any(k.uit_activa for k in kostensoorten):
        lezer.fout(
            "activaklasse", 0, None, "er zijn activa, maar geen kostensoort met uit_activa = true"
        )
    opmerkingen_tabel = tabel(lezer, data, "", "opmerkingen")
    lezer.sleutels(opmerkingen_tabel, "opmerkingen", None, _OPMERKINGEN)
    opmerkingen = {
        k: v.strip()
        for k in opmerkingen_tabel
        if k in _OPMERKINGEN and (v := lezer.tekst(opmerkingen_tabel, "opmerkingen", None, k))
    }
    cofinanciering = _cofinanciering(lezer, data)
    termijnen = _termijnen(lezer, data)
    criteria = _criteria(lezer, data)
    if lezer.problems or cofinanciering is None or eerste is None or laatste is None:
        return None
    return Regeling(
        code=code,
        naam=naam,
        bron=bron,
        eerste_jaar=eerste,
        laatste_jaar=laatste,
        plafond_per_jaar=per_jaar,
        plafond_totaal=totaal,
        maximum_techniekluw=techniekluw,
        maximum_per_regio=per_regio,
        kostensoorten=tuple(kostensoorten),
        cofinanciering=cofinanciering,
        afschrijving_methode=methode,
        activaklassen=tuple(activaklassen),
        termijnen=tuple(termijnen),
        criteria=tuple(criteria),
        openbaar=tuple(openbaar),
        toelichting=toelichting.strip(),
        bestand=lezer.bestand,
        opmerkingen=opmerkingen,
    )


def _per_jaar(lezer: Lezer, tabel: dict[str, Any], jaren: range | None) -> dict[int, Cent | None]:
    """Every year of the period has a line: an amount or "niet ingevuld"."""
    uit: dict[int, Cent | None] = {}
    for sleutel in tabel:
        if not sleutel.isdigit():
            lezer.fout("plafond.per_jaar", None, sleutel, "moet een jaartal zijn")
            continue
        jaar = int(sleutel)
        if jaren is not None and jaar not in jaren:
            lezer.fout(
                "plafond.per_jaar",
                None,
                sleutel,
                f"ligt buiten de periode {jaren.start}\u2013{jaren.stop - 1}",
            )
        uit[jaar] = lezer.bedrag(tabel, "plafond.per_jaar", sleutel)
    for jaar in jaren or ():
        if jaar not in uit:
            lezer.fout(
                "plafond.per_jaar",
                None,
                None,
                f'{jaar} ontbreekt (schrijf een bedrag of "{NIET_INGEVULD}")',
            )
    return dict(sorted(uit.items()))


def _kostensoorten(lezer: Lezer, data: dict[str, Any]) -> list[Kostensoort]:
    t = "kostensoort"
    toegestaan = {"code", "naam", "subsidiabel", "toelichting", "maximum_aandeel", "uit_activa"}
    uit: list[Kostensoort] = []
    gezien: set[str] = set()
    items = lijst(lezer, data, t)
    if not items:
        lezer.fout("", None, t, "er is geen enkele kostensoort ([[kostensoort]])")
    for i, item in enumerate(items):
        lezer.sleutels(item, t, i, toegestaan)
        code = lezer.code(item, t, i, gezien)
        naam = lezer.tekst(item, t, i, "naam")
        subsidiabel = lezer.waarde(item, t, i, "subsidiabel", bool)
        toelichting = lezer.waarde(item, t, i, "toelichting", str, verplicht=False) or ""
        uit_activa = lezer.waarde(item, t, i, "uit_activa", bool, verplicht=False) or False
        maximum = None
        if "maximum_aandeel" in item:
            maximum = lezer.aandeel(item, t, i, "maximum_aandeel", nul=False)
        uit.append(
            Kostensoort(code, naam, bool(subsidiabel), toelichting.strip(), maximum, uit_activa)
        )
    if sum(k.uit_activa for k in uit) > 1:
        lezer.fout(t, None, None, "meer dan één kostensoort met uit_activa = true")
    return uit


def _activaklassen(lezer: Lezer, data: dict[str, Any]) -> list[Activaklasse]:
    t = "activaklasse"
    uit: list[Activaklasse] = []
    gezien: set[str] = set()
    for i, item in enumerate(lijst(lezer, data, t)):
        lezer.sleutels(item, t, i, {"code", "naam", "termijn_jaren"})
        code = lezer.code(item, t, i, gezien)
        naam = lezer.tekst(item, t, i, "naam")
        termijn = lezer.waarde(item, t, i, "termijn_jaren", int)
        if termijn is not None and termijn <= 0:
            lezer.fout(t, i, "termijn_jaren", "moet meer dan 0 jaar zijn", termijn)
        uit.append(Activaklasse(code, naam, termijn or 0))
    return uit


def _termijnen(lezer: Lezer, data: dict[str, Any]) -> list[Termijn]:
    t = "termijn"
    uit: list[Termijn] = []
    gezien: set[str] = set()
    for i, item in enumerate(lijst(lezer, data, t)):
        lezer.sleutels(item, t, i, {"code", "naam", "datum"})
        code = lezer.code(item, t, i, gezien)
        naam = lezer.tekst(item, t, i, "naam")
        datum = item.get("datum")
        if not isinstance(datum, date) or isinstance(datum, datetime):
            lezer.fout(
                t,
                i,
                "datum",
                "moet een datum zijn, zoals 2025-04-01 (zonder aanhalingstekens)",
                datum,
            )
            continue
        uit.append(Termijn(code, naam, datum))
    return uit


def _criteria(lezer: Lezer, data: dict[str, Any]) -> list[Criterium]:
    t = "criterium"
    uit: list[Criterium] = []
    gezien: set[str] = set()
    for i, item in enumerate(lijst(lezer, data, t)):
        lezer.sleutels(item, t, i, {"code", "naam", "toelichting", "maximum_score"})
        code = lezer.code(item, t, i, gezien)
        naam = lezer.tekst(item, t, i, "naam")
        toelichting = lezer.waarde(item, t, i, "toelichting", str, verplicht=False) or ""
        score = lezer.waarde(item, t, i, "maximum_score", int)
        if score is not None and score <= 0:
            lezer.fout(t, i, "maximum_score", "moet meer dan 0 zijn", score)
        uit.append(Criterium(code, naam, toelichting.strip(), score or 0))
    return uit


def _cofinanciering(lezer: Lezer, data: dict[str, Any]) -> Cofinanciering | None:
    t = "cofinanciering"
    if t not in data:
        lezer.fout("", None, t, "ontbreekt ([cofinanciering])")
        return None
    c = tabel(lezer, data, "", t)
    lezer.sleutels(c, t, None, {"aandeel", "grondslag", "moment", "vormen", "toelichting"})
    aandeel = None
    if "aandeel" not in c:
        lezer.fout(t, None, "aandeel", 'ontbreekt (schrijf een percentage, zoals "7,5 %")')
    else:
        aandeel = lezer.aandeel(c, t, None, "aandeel", nul=True)
    grondslag = lezer.tekst(c, t, None, "grondslag")
    if grondslag and grondslag not in GRONDSLAGEN:
        lezer.fout(t, None, "grondslag", f"kies uit {', '.join(sorted(GRONDSLAGEN))}", grondslag)
    moment = lezer.tekst(c, t, None, "moment")
    if moment and moment not in MOMENTEN:
        lezer.fout(t, None, "moment", f"kies uit {', '.join(sorted(MOMENTEN))}", moment)
    vormen = lezer.waarde(c, t, None, "vormen", list) or []
    if "vormen" in c and not vormen:
        lezer.fout(t, None, "vormen", "noem ten minste één vorm (geld of natura)")
    for vorm in vormen:
        if vorm not in VORMEN:
            lezer.fout(t, None, "vormen", f"kies uit {', '.join(sorted(VORMEN))}", vorm)
    toelichting = lezer.waarde(c, t, None, "toelichting", str, verplicht=False) or ""
    if aandeel is None:
        return None
    return Cofinanciering(aandeel, grondslag, moment, tuple(vormen), toelichting.strip())


def map_regelingen() -> Path:
    """The folder of the included regulation files."""
    return Path(str(resources.files("sto_monitor.subsidie").joinpath("regelingen")))


@lru_cache(maxsize=1)
def _alle() -> tuple[Regeling, ...]:
    gelezen = sorted(
        (lees(p) for p in map_regelingen().glob("*.toml")), key=lambda r: r.eerste_jaar
    )
    for eerder, later in pairwise(gelezen):
        if later.eerste_jaar <= eerder.laatste_jaar:
            raise ConfigError(
                f"De regelingen {eerder.code} en {later.code} overlappen: {eerder.periode} "
                f"en {later.periode}."
            )
    return tuple(gelezen)


def regelingen() -> list[Regeling]:
    """The included regulations, oldest first (read once per process)."""
    return list(_alle())


def regeling(code: str) -> Regeling:
    """The included regulation with this code; ``NotFoundError`` when there is none."""
    for r in _alle():
        if r.code == code:
            return r
    bekend = ", ".join(r.code for r in _alle())
    raise NotFoundError(f"Onbekende regeling '{code}'. Bekend: {bekend}.")


def huidige(jaar: int) -> Regeling:
    """The regulation whose period holds ``jaar``; outside every period the latest one."""
    alle = _alle()
    if not alle:
        raise NotFoundError("Er is geen subsidieregeling opgenomen.")
    for r in alle:
        if jaar in r.jaren:
            return r
    return alle[-1]
