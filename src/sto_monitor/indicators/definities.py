"""The definitions behind every student figure, as four named switches.

A published "techniekaandeel" is only right under the definition it was computed with: the
monitor's 18,7 % (leerjaar 3, five profielen, bb+kb+gl) and the minister's letters' 19,2 %
(leerjaar 3+4) are both correct. A :class:`Definitie` names the choice on each switch:

- ``populatie``: which leerjaren count (``lj3``, the monitor's; or ``lj3-4``);
- ``techniek``: which students count as techniek (``sto``: the five technical profielen;
  ``harde-techniek``: BWI, PIE and M&T; ``techniekpact``: the five plus technical vakmanschaps-
  and beroepsroutes and older technical afdelingen);
- ``noemer``: which beroepsgerichte leerwegen make up the population (``bb-kb-gl``, or
  ``bb-kb``);
- ``routes``: where the routes and older afdelingen (profiel ``overig``) go in the subtotals of
  Tabel 4.1: in ``niet-techniek`` as the report counts them (its row "Vakmanschapsberoepsroute"),
  or as a group ``overig`` of their own (MONITOR.md).

A definition travels through the code as one short key, :attr:`Definitie.sleutel`: the name of
its techniek choice, then ``+`` and the code of every switch that differs from the monitor's
(``sto``, ``harde-techniek``, ``sto+lj3-4``, ``techniekpact+bb-kb+routes-overig``). The monitor's
own definition is the key ``sto``, so stored results and addresses from before stay valid.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace

from sto_monitor import domain
from sto_monitor.errors import ParameterError


@dataclass(frozen=True)
class Keuze:
    """One choice on a switch: its code, a short Dutch label and what it means."""

    code: str
    label: str
    uitleg: str


@dataclass(frozen=True)
class Schakelaar:
    naam: str  # as the Definitie field and the CLI option (--populatie) are called
    titel: str  # Dutch, for a control or a footnote
    keuzes: tuple[Keuze, ...]  # the first is the monitor's

    @property
    def standaard(self) -> str:
        return self.keuzes[0].code

    def keuze(self, code: str) -> Keuze:
        for k in self.keuzes:
            if k.code == code:
                return k
        known = ", ".join(k.code for k in self.keuzes)
        raise ParameterError(f"onbekende keuze {code!r} voor {self.titel}; kies uit {known}")


POPULATIE = Schakelaar(
    "populatie",
    "populatie",
    (
        Keuze("lj3", "leerjaar 3", "derdejaars, zoals de STO-monitor"),
        Keuze(
            "lj3-4",
            "leerjaar 3 en 4",
            "leerlingen in leerjaar 3 en 4, zoals de Kamerbrieven over STO (19,2 % in 2020)",
        ),
    ),
)
TECHNIEK = Schakelaar(
    "techniek",
    "techniek",
    (
        Keuze(
            "sto",
            "vijf technische profielen",
            "de vijf technische profielen (BWI, PIE, M&T, MaT, MVI), zoals de STO-monitor",
        ),
        Keuze(
            "harde-techniek",
            "harde techniek",
            "de drie profielen van de harde techniek (BWI, PIE, M&T), zoals de voortgangsbrief "
            "over STO",
        ),
        Keuze(
            "techniekpact",
            "Techniekpact",
            "de vijf technische profielen plus technische vakmanschaps- en beroepsroutes en "
            "oudere technische afdelingen (sector Techniek), zoals de Techniekpact-monitor",
        ),
    ),
)
NOEMER = Schakelaar(
    "noemer",
    "leerwegen",
    (
        Keuze(
            "bb-kb-gl", "bb, kb en gl", "de drie beroepsgerichte leerwegen, zoals de STO-monitor"
        ),
        Keuze("bb-kb", "bb en kb", "alleen de basis- en kaderberoepsgerichte leerweg"),
    ),
)
ROUTES = Schakelaar(
    "routes",
    "routes en oudere afdelingen",
    (
        Keuze(
            "niet-techniek",
            "bij niet-techniek",
            "vakmanschaps- en beroepsroutes en oudere afdelingen tellen mee in het subtotaal "
            "niet-techniek, zoals Tabel 4.1 van het monitorrapport",
        ),
        Keuze(
            "overig",
            "als overig",
            "vakmanschaps- en beroepsroutes en oudere afdelingen vormen een eigen groep 'overig', "
            "zoals de methodebeschrijving (MONITOR.md)",
        ),
    ),
)
SCHAKELAARS: tuple[Schakelaar, ...] = (TECHNIEK, POPULATIE, NOEMER, ROUTES)
_BY_NAME: dict[str, Schakelaar] = {s.naam: s for s in SCHAKELAARS}
# The code of a non-default choice in a key, where the choice alone could be ambiguous.
_IN_SLEUTEL: dict[tuple[str, str], str] = {("routes", "overig"): "routes-overig"}
_UIT_SLEUTEL: dict[str, tuple[str, str]] = {
    **{
        k.code: (s.naam, k.code)
        for s in (POPULATIE, NOEMER, ROUTES)
        for k in s.keuzes[1:]
        if (s.naam, k.code) not in _IN_SLEUTEL
    },
    **{code: key for key, code in _IN_SLEUTEL.items()},
}


@dataclass(frozen=True)
class Definitie:
    """The choice on every switch; the default is the monitor's own definition."""

    techniek: str = TECHNIEK.standaard
    populatie: str = POPULATIE.standaard
    noemer: str = NOEMER.standaard
    routes: str = ROUTES.standaard

    def __post_init__(self) -> None:
        for s in SCHAKELAARS:
            s.keuze(getattr(self, s.naam))  # refuses an unknown choice

    @classmethod
    def van(cls, sleutel: str) -> Definitie:
        """The definition of a key (``sto``, ``sto+lj3-4``, …); refuses an unknown key."""
        techniek, *rest = sleutel.strip().split("+")
        keuzes: dict[str, str] = {"techniek": techniek}
        for deel in rest:
            if deel not in _UIT_SLEUTEL or _UIT_SLEUTEL[deel][0] in keuzes:
                raise ParameterError(f"onbekende definitie {sleutel!r} (deel {deel!r})")
            naam, code = _UIT_SLEUTEL[deel]
            keuzes[naam] = code
        return cls(**keuzes)

    @classmethod
    def uit_keuzes(cls, keuzes: Mapping[str, str | None]) -> Definitie:
        """From switch name -> choice (as CLI options or API parameters give them)."""
        return cls(**{k: v for k, v in keuzes.items() if v is not None and k in _BY_NAME})

    @property
    def sleutel(self) -> str:
        parts = [self.techniek]
        for s in (POPULATIE, NOEMER, ROUTES):
            code = getattr(self, s.naam)
            if code != s.standaard:
                parts.append(_IN_SLEUTEL.get((s.naam, code), code))
        return "+".join(parts)

    @property
    def is_monitor(self) -> bool:
        return self == MONITOR

    @property
    def leerjaren(self) -> tuple[int, ...]:
        return (3, 4) if self.populatie == "lj3-4" else (3,)

    @property
    def leerwegen(self) -> tuple[str, ...]:
        return ("bb", "kb") if self.noemer == "bb-kb" else domain.BEROEPSGERICHTE_LEERWEGEN

    @property
    def techniek_profielen(self) -> tuple[str, ...]:
        if self.techniek == "harde-techniek":
            return tuple(p.code for p in domain.PROFIELEN if p.harde_techniek)
        return domain.TECHNIEK_PROFIELEN

    @property
    def populatie_naam(self) -> str:
        """Who the figures count, in Dutch: 'derdejaars in bb, kb en gl'."""
        wie = "leerlingen in leerjaar 3 en 4" if self.populatie == "lj3-4" else "derdejaars"
        lw = self.leerwegen
        return f"{wie} in {', '.join(lw[:-1])} en {lw[-1]}"

    @property
    def routes_bij_niet_techniek(self) -> bool:
        return self.routes == "niet-techniek"

    def met(self, **keuzes: str) -> Definitie:
        return replace(self, **keuzes)

    def beschrijving(self) -> str:
        """One Dutch sentence for under a figure: every switch with its choice."""
        return "; ".join(f"{s.titel}: {s.keuze(getattr(self, s.naam)).label}" for s in SCHAKELAARS)

    def toelichting(self) -> str:
        """What the figures count, in Dutch: the techniek choice, then every other choice that
        differs from the monitor's."""
        parts = [TECHNIEK.keuze(self.techniek).uitleg]
        for s in (POPULATIE, NOEMER, ROUTES):
            code = getattr(self, s.naam)
            if code != s.standaard:
                parts.append(s.keuze(code).uitleg)
        return "; ".join(parts)

    def keuzes(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


MONITOR = Definitie()


def alle_definities() -> Iterator[Definitie]:
    """Every combination of the switches, the monitor's first."""
    for combo in itertools.product(*(s.keuzes for s in SCHAKELAARS)):
        yield Definitie(**{s.naam: k.code for s, k in zip(SCHAKELAARS, combo, strict=True)})


def definitie(sleutel: str | Definitie) -> Definitie:
    return sleutel if isinstance(sleutel, Definitie) else Definitie.van(sleutel)


def toelichting(sleutel: str) -> str:
    """The Dutch explanation of a definition key (``Definitie.toelichting``)."""
    return Definitie.van(sleutel).toelichting()
