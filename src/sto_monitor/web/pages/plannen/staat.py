"""The scenario builder's state, carried in the query string (and in a form's hidden fields).

The page keeps nothing on the server: the scenario being built is its list of changes, one
``w`` parameter each, in order (``sluit:V:P:L``, ``open:V:P:L[:N]``, ``samen:V:P:L:W``),
beside the map's filter (``profiel``, ``leerweg``), the saved scenarios to compare
(``vergelijk``, repeated), the distance beyond which students of a closed offer are lost
(``max_km``) and the vestiging whose actions are open (``kies``). Every link and form of the
page carries it, so the page works without JavaScript; ``plannen.js`` posts the same fields
and redraws. A change to add comes as ``actie``, ``vestiging``, ``naar``, ``leerlingen``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from sto_monitor.errors import ParameterError
from sto_monitor.planner.model import LEERWEGEN, TECHNIEK, Regiomodel
from sto_monitor.planner.scenario import MAX_KM, Wijziging

MAX_WIJZIGINGEN = 200  # a scenario of a region never needs more; a longer URL is refused
MAX_VERGELIJK = 3  # scenarios side by side (the one being built included)
MAX_LEERLINGEN = 1000  # expected students of a new offer
ACTIES = ("sluit", "open", "samenvoegen")
_KORT = {"sluit": "sluit", "open": "open", "samenvoegen": "samen"}
_LANG = {v: k for k, v in _KORT.items()}

Velden = Sequence[tuple[str, str]]


def codeer(w: Wijziging) -> str:
    """A change as one ``w`` value."""
    delen = [_KORT[w.soort], w.vestiging, w.profiel, w.leerweg]
    if w.soort == "samenvoegen" and w.naar:
        delen.append(w.naar)
    elif w.soort == "open" and w.leerlingen:
        delen.append(f"{w.leerlingen:g}")
    return ":".join(delen)


def lees(tekst: str) -> Wijziging:
    """One ``w`` value as a change (its meaning is checked when the scenario is applied)."""
    delen = tekst.split(":")
    soort = _LANG.get(delen[0]) if delen else None
    if soort is None or len(delen) not in (4, 5) or not all(delen):
        raise ParameterError(f"deze wijziging is niet te lezen: {tekst[:80]!r}")
    vestiging, profiel, leerweg = delen[1].upper(), delen[2], delen[3].lower()
    extra = delen[4] if len(delen) == 5 else None
    if soort == "samenvoegen":
        if extra is None:
            raise ParameterError("kies de vestiging waar de groep naartoe gaat")
        return Wijziging(soort, vestiging, profiel, leerweg, naar=extra.upper())
    if soort == "open":
        return Wijziging(soort, vestiging, profiel, leerweg, leerlingen=_leerlingen(extra))
    if extra is not None:
        raise ParameterError(f"deze wijziging is niet te lezen: {tekst[:80]!r}")
    return Wijziging(soort, vestiging, profiel, leerweg)


def _leerlingen(tekst: str | None) -> float | None:
    if tekst is None or not tekst.strip():
        return None
    try:
        waarde = float(tekst.replace(",", "."))
    except ValueError:
        raise ParameterError("het verwachte aantal leerlingen is geen getal") from None
    if not math.isfinite(waarde) or not 0 <= waarde <= MAX_LEERLINGEN:
        raise ParameterError(f"het verwachte aantal leerlingen ligt tussen 0 en {MAX_LEERLINGEN}")
    return waarde or None


def _km(tekst: str | None) -> float:
    if not tekst:
        return MAX_KM
    try:
        km = float(tekst.replace(",", "."))
    except ValueError:
        raise ParameterError("de afstand is geen getal") from None
    if not math.isfinite(km) or not 0 < km <= 200:
        raise ParameterError("de afstand ligt tussen 0 en 200 km")
    return km


@dataclass(frozen=True)
class Plan:
    """What the builder shows: the changes, the map's profiel and leerweg, and the rest."""

    wijzigingen: tuple[Wijziging, ...]
    profiel: str
    leerweg: str
    vergelijk: tuple[str, ...] = ()
    max_km: float = MAX_KM
    kies: str | None = None

    def velden(self, *, kies: bool = False) -> list[tuple[str, str]]:
        """The state as (name, value) pairs: a query string or hidden fields."""
        paren = [("profiel", self.profiel), ("leerweg", self.leerweg)]
        paren += [("w", codeer(w)) for w in self.wijzigingen]
        paren += [("vergelijk", n) for n in self.vergelijk]
        if self.max_km != MAX_KM:
            paren.append(("max_km", f"{self.max_km:g}"))
        if kies and self.kies:
            paren.append(("kies", self.kies))
        return paren

    def query(self, *, kies: bool = False) -> str:
        return urlencode(self.velden(kies=kies))

    def met(self, **wijzig: object) -> Plan:
        return replace(self, **wijzig)  # type: ignore[arg-type]

    def zonder(self, nummer: int) -> Plan:
        """The plan without its change ``nummer`` (0-based): the "ongedaan maken" link."""
        rest = self.wijzigingen[:nummer] + self.wijzigingen[nummer + 1 :]
        return replace(self, wijzigingen=rest, kies=None)


def standaard_filter(model: Regiomodel) -> tuple[str, str]:
    """The profiel and leerweg the map starts with: the one the region offers most often."""
    tellingen = {
        (p, lw): sum(1 for (_, p2, lw2) in model.aanbod if (p2, lw2) == (p, lw))
        for p in TECHNIEK
        for lw in LEERWEGEN
    }
    volgorde = [(p, lw) for p in TECHNIEK for lw in LEERWEGEN]
    return max(volgorde, key=lambda k: (tellingen[k], -volgorde.index(k)))


def uit_velden(velden: Velden, model: Regiomodel) -> tuple[Plan, Wijziging | None]:
    """The plan in the fields (the query string or a posted form), and the change to add
    (``actie``) if any. Unknown values are refused with a Dutch message."""
    per: dict[str, list[str]] = {}
    for naam, waarde in velden:
        per.setdefault(naam, []).append(waarde)

    def een(naam: str) -> str | None:
        waarden = per.get(naam)
        return waarden[-1].strip() if waarden else None

    teksten = per.get("w", [])
    if len(teksten) > MAX_WIJZIGINGEN:
        raise ParameterError(f"een scenario heeft hoogstens {MAX_WIJZIGINGEN} wijzigingen")
    standaard = standaard_filter(model)
    profiel = een("profiel") or standaard[0]
    leerweg = (een("leerweg") or standaard[1]).lower()
    if profiel not in TECHNIEK:
        raise ParameterError(f"kies een technisch profiel: {', '.join(TECHNIEK)}")
    if leerweg not in LEERWEGEN:
        raise ParameterError(f"kies een leerweg: {', '.join(LEERWEGEN)}")
    kies = (een("kies") or "").upper() or None
    plan = Plan(
        wijzigingen=tuple(lees(t) for t in teksten),
        profiel=profiel,
        leerweg=leerweg,
        vergelijk=tuple(dict.fromkeys(n for n in per.get("vergelijk", []) if n))[:MAX_VERGELIJK],
        max_km=_km(een("max_km")),
        kies=kies if kies in model.eigen else None,
    )
    return plan, nieuwe_wijziging(per, plan)


def nieuwe_wijziging(per: Mapping[str, Iterable[str]], plan: Plan) -> Wijziging | None:
    """The change the fields ask to add (``actie``), on the map's profiel and leerweg."""
    acties = list(per.get("actie", []))
    if not acties or not acties[-1]:
        return None
    actie = acties[-1]
    if actie not in ACTIES:
        raise ParameterError(f"onbekende wijziging {actie!r}")
    vestiging = (list(per.get("vestiging", [])) or [""])[-1].strip().upper()
    if not vestiging:
        raise ParameterError("kies eerst een vestiging op de kaart")
    sleutel = (vestiging, plan.profiel, plan.leerweg)
    if actie == "samenvoegen":
        naar = (list(per.get("naar", [])) or [""])[-1].strip().upper()
        if not naar:
            raise ParameterError("kies de vestiging waar de groep naartoe gaat")
        return Wijziging(actie, *sleutel, naar=naar)
    if actie == "open":
        return Wijziging(
            actie, *sleutel, leerlingen=_leerlingen((list(per.get("leerlingen", [])) or [""])[-1])
        )
    return Wijziging(actie, *sleutel)
