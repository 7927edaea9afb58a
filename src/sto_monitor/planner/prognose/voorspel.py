"""Forecasts of third-year numbers per region, profiel, leerweg and offer (issue 6).

The one Python API for the CLI, the dashboard and reports::

    p = prognose(con, "R01", jaren=5, min_groep=11)
    p.rijen       # per (profiel | "techniek" | "totaal") x (leerweg | "alle") x schooljaar
    p.aanbod      # per offer (vestiging x profiel x leerweg) x schooljaar, with onder_minimum
    p.methode     # what was done, in Dutch (p.methode.beschrijving())
    p.backtest    # the last loaded year forecast from the years before (``backtest``)

The method (details and the choices made on the back-test: ``methode`` and
docs/prognose.md): the region's derdejaars (leerjaar 3 bb/kb/gl) next year by cohort flow from
its vmbo-brugklassen in leerjaar 2, the year after from leerjaar 1, later years by the trend of
the loaded years; split over profiel x leerweg by their recent share, and over offers by their
recent share of that profiel x leerweg; an 80 % interval that widens with the horizon.

Adapted to the data: DUO does not write a leerweg for leerjaar 1-2 (onderwijstype ``Brugjaar
1-2``), so vmbo-brugklassen are recognised by their opleidingsnaam (``data``); and
the real files are 2016 and 2019 only, so no flow ratio can be estimated there (they need
consecutive years) and the forecast is the trend (2016-2019) throughout, which it says.

Numbers are floats (midpoints of DUO's ``<5`` intervals); show them only through
``uitvoer`` (or ``toon_aantal``), which never prints a count below 5.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sto_monitor import db, domain
from sto_monitor.errors import ParameterError, WarehouseError
from sto_monitor.planner.prognose import methode as methode
from sto_monitor.planner.prognose.data import BASIS_ALLE, Reeks, laad_reeksen
from sto_monitor.planner.prognose.marges import Niveau
from sto_monitor.planner.prognose.methode import ALLE, KEUZES, TECHNIEK, TOTAAL, Keuzes

if TYPE_CHECKING:
    from sto_monitor.planner.prognose.backtest import Backtest

__all__ = [
    "ALLE",
    "TECHNIEK",
    "TOTAAL",
    "AanbodRij",
    "Methode",
    "Prognose",
    "Rij",
    "bereken",
    "prognose",
]

MAX_JAREN = 10
EPS = 1e-9  # rounding noise of float arithmetic, not a student
LEERWEG_VOLGORDE = (*domain.BEROEPSGERICHTE_LEERWEGEN, ALLE)
PROFIEL_VOLGORDE = (*domain.PROFIEL_CODES, domain.OVERIG, TECHNIEK, TOTAAL)


@dataclass(frozen=True)
class Rij:
    """Derdejaars of the region in one group and school year: observed or forecast."""

    profiel: str  # profiel code, "overig", "techniek" (the technical profielen) or "totaal"
    leerweg: str  # bb | kb | gl | "alle"
    schooljaar: int
    punt: float
    laag: float  # 80 % interval; equal to punt in an observed year
    hoog: float
    waargenomen: bool  # a loaded year, not a forecast
    sd: float = 0.0  # the spread the interval is calibrated on (0 in an observed year)


@dataclass(frozen=True)
class AanbodRij:
    """One offer (vestiging x profiel x leerweg) in one year: base year observed, then forecast."""

    vestiging: str
    vestigingsnaam: str | None
    profiel: str
    leerweg: str
    schooljaar: int
    punt: float
    laag: float
    hoog: float
    waargenomen: bool
    onder_minimum: bool  # forecast (or observed) below the minimum group size
    mogelijk_onder_minimum: bool  # the interval reaches below it, the forecast does not
    sd: float = 0.0  # the spread the interval is calibrated on (0 in an observed year)


@dataclass(frozen=True)
class Methode:
    """How a forecast was made, for the reader (``beschrijving``) and for programs."""

    basisjaar: int  # the last loaded year used
    jaren: tuple[int, ...]  # loaded years used
    brugklassen: str  # "vmbo-brugklassen" or "alle brugklassen"
    per_jaar: tuple[tuple[int, str], ...]  # (schooljaar, "leerjaar 2" | "leerjaar 1" | "trend")
    doorstroom_lj2: float | None  # mean ratio derdejaars(t) / brugjaar2(t-1)
    doorstroom_lj1: float | None  # mean ratio derdejaars(t) / brugjaar1(t-2)
    trend_pct: float | None  # yearly % change of the region total; None: too few years
    keuzes: Keuzes
    opmerkingen: tuple[str, ...]  # in Dutch: fallbacks and caveats

    @property
    def alleen_trend(self) -> bool:
        return all(bron == "trend" for _, bron in self.per_jaar)

    def beschrijving(self) -> list[str]:
        """The method in a few Dutch sentences, with the numbers of this region."""
        jaren = ", ".join(str(j) for j in self.jaren)
        regels = [f"Gebruikte schooljaren: {jaren} (basisjaar {self.basisjaar})."]
        bronnen = dict(self.per_jaar)
        if self.doorstroom_lj2 is not None and bronnen.get(self.basisjaar + 1) == "leerjaar 2":
            regels.append(
                f"Volgend jaar: leerjaar 2 ({self.brugklassen}) x doorstroom naar leerjaar 3 "
                f"bb/kb/gl ({_nl(self.doorstroom_lj2, 3)}, gemiddelde van "
                f"de laatste geladen jaren)."
            )
        if self.doorstroom_lj1 is not None and bronnen.get(self.basisjaar + 2) == "leerjaar 1":
            regels.append(
                f"Over twee jaar: leerjaar 1 x doorstroom naar leerjaar 3 twee jaar later "
                f"({_nl(self.doorstroom_lj1, 3)})."
            )
        trendjaren = [str(j) for j, bron in self.per_jaar if bron == "trend"]
        if trendjaren and self.trend_pct is not None:
            regels.append(
                f"Trend ({', '.join(trendjaren)}): {_nl(self.trend_pct, 1)}% per jaar, de "
                f"gemiddelde jaarlijkse verandering van het aantal derdejaars in de regio."
            )
        elif trendjaren:
            regels.append(
                f"Geen trend te schatten ({', '.join(trendjaren)}): het aantal blijft gelijk "
                "aan het laatst bekende of voorspelde jaar."
            )
        regels.append(
            "Verdeling over profiel en leerweg: hun gemiddeld aandeel in de geladen jaren van de "
            f"laatste {self.keuzes.aandeel_jaren} schooljaren; over vestigingen: hun gemiddeld "
            "aandeel in dat profiel en die leerweg (alleen aanbod dat er in het basisjaar is)."
        )
        gekalibreerd = (
            "; de breedte is zo ingesteld dat in een backtest op "
            f"{self.keuzes.marges.bron} vier op de vijf getelde aantallen erbinnen vielen"
            if self.keuzes.marges.per_sleutel
            else ""
        )
        regels.append(
            "Interval: 80%-interval uit de spreiding van de doorstroom of de trend (groeit met "
            "elk jaar verder), de schommeling van het aandeel, en toeval bij kleine aantallen"
            f"{gekalibreerd}."
        )
        return regels + list(self.opmerkingen)


@dataclass(frozen=True)
class Prognose:
    regio: str
    naam: str
    min_groep: int
    methode: Methode
    rijen: tuple[Rij, ...]
    aanbod: tuple[AanbodRij, ...]
    backtest: Backtest | None = None

    @property
    def prognosejaren(self) -> tuple[int, ...]:
        return tuple(j for j, _ in self.methode.per_jaar)

    def reeks(self, profiel: str, leerweg: str = ALLE) -> list[Rij]:
        """Observed and forecast rows of one group, by school year."""
        return [r for r in self.rijen if r.profiel == profiel and r.leerweg == leerweg]

    def waarde(self, profiel: str, leerweg: str, schooljaar: int) -> Rij:
        for r in self.rijen:
            if (r.profiel, r.leerweg, r.schooljaar) == (profiel, leerweg, schooljaar):
                return r
        raise KeyError((profiel, leerweg, schooljaar))

    def onder_minimum(self) -> list[AanbodRij]:
        """Forecast rows of offers below the minimum group size, by offer then year."""
        return [r for r in self.aanbod if r.onder_minimum and not r.waargenomen]


def _nl(waarde: float, decimalen: int) -> str:
    return f"{waarde:+.{decimalen}f}".lstrip("+").replace(".", ",")


def _controleer(jaren: int, min_groep: int) -> None:
    if not 1 <= jaren <= MAX_JAREN:
        raise ParameterError(f"--jaren moet tussen 1 en {MAX_JAREN} liggen, niet {jaren}")
    if min_groep < 1:
        raise ParameterError(f"--min-groep moet 1 of meer zijn, niet {min_groep}")


def prognose(
    con: db.Connection,
    regio: str,
    *,
    jaren: int = 5,
    min_groep: int = 11,
    tot: int | None = None,
    keuzes: Keuzes = KEUZES,
) -> Prognose:
    """Forecast region ``regio`` for ``jaren`` school years after the last loaded one.

    ``tot``: use only the loaded years up to this one (the back-test does). The result
    carries the back-test of the same years (forecast the last from the ones before), or None
    with a single year. NotFoundError for an unknown region, ParameterError for ``jaren``
    outside 1..10, WarehouseError when no year is loaded.
    """
    from sto_monitor.planner.prognose.backtest import vergelijk

    _controleer(jaren, min_groep)
    reeksen = laad_reeksen(con, regio, tot=tot)  # checks the region too
    reeks = reeksen[regio]
    uitkomst = bereken(reeks, jaren=jaren, min_groep=min_groep, keuzes=keuzes)
    return replace(uitkomst, backtest=vergelijk(reeks, min_groep=min_groep, keuzes=keuzes))


def bereken(
    reeks: Reeks, *, jaren: int = 5, min_groep: int = 11, keuzes: Keuzes = KEUZES
) -> Prognose:
    """The forecast of one region's history (no database; no back-test)."""
    _controleer(jaren, min_groep)
    if not reeks.jaren:
        raise WarehouseError(f"regio {reeks.regio}: geen geladen schooljaren")
    t = reeks.laatste
    pad = methode.totaalpad(reeks, jaren, keuzes)
    groepen = methode.groepsreeksen(reeks)
    aandelen = methode.aandelen(reeks, groepen, keuzes)
    rijen: list[Rij] = []
    for groep in sorted(groepen, key=_groep_volgorde):
        profiel, leerweg = groep
        for jaar in reeks.jaren:
            n = groepen[groep].get(jaar, 0.0)
            rijen.append(Rij(profiel, leerweg, jaar, n, n, n, True))
        deel, sd = aandelen.get(groep, (0.0, 0.0))
        niveau = methode.niveau(profiel, leerweg)
        for jaar, totaal, rel in zip(pad.jaren, pad.punt, pad.spreiding, strict=True):
            s = methode.schatting(totaal * deel, rel, sd, totaal, (niveau, jaar - t), keuzes)
            rijen.append(Rij(profiel, leerweg, jaar, s.punt, s.laag, s.hoog, False, s.sd))
    aanbod: list[AanbodRij] = []
    for sleutel, (deel, sd) in sorted(methode.aanbod_aandelen(reeks, keuzes).items()):
        vestiging, profiel, leerweg = sleutel
        naam = reeks.vestigingsnamen.get(vestiging)
        nu = reeks.aanbod[sleutel][t]
        aanbod.append(
            AanbodRij(vestiging, naam, profiel, leerweg, t, nu, nu, nu, True, nu < min_groep, False)
        )
        cel = aandelen.get((profiel, leerweg), (0.0, 0.0))[0]
        for jaar, totaal, rel in zip(pad.jaren, pad.punt, pad.spreiding, strict=True):
            plaats: tuple[Niveau, int] = ("aanbod", jaar - t)
            s = methode.schatting(totaal * cel * deel, rel, sd, totaal, plaats, keuzes)
            onder = s.punt < min_groep - EPS  # a share of a share: 11 may come out as 10.99..
            aanbod.append(
                AanbodRij(
                    vestiging,
                    naam,
                    profiel,
                    leerweg,
                    jaar,
                    s.punt,
                    s.laag,
                    s.hoog,
                    False,
                    onder,
                    not onder and s.laag < min_groep - EPS,
                    s.sd,
                )
            )
    return Prognose(
        regio=reeks.regio,
        naam=reeks.naam,
        min_groep=min_groep,
        methode=_methode(reeks, pad, keuzes),
        rijen=tuple(rijen),
        aanbod=tuple(aanbod),
    )


def _groep_volgorde(groep: tuple[str, str]) -> tuple[int, int, str]:
    profiel, leerweg = groep
    p = PROFIEL_VOLGORDE.index(profiel) if profiel in PROFIEL_VOLGORDE else len(PROFIEL_VOLGORDE)
    return p, LEERWEG_VOLGORDE.index(leerweg), profiel


def _methode(reeks: Reeks, pad: methode.Totaalpad, keuzes: Keuzes) -> Methode:
    opmerkingen: list[str] = []
    jaren = reeks.jaren
    if len(jaren) == 1:
        opmerkingen.append(
            f"Er is één schooljaar geladen ({jaren[0]}): geen doorstroom en geen trend te "
            "schatten; de prognose is het aantal van dat jaar."
        )
    elif pad.ratio_lj2 is None and not any(j - 1 in jaren for j in jaren):
        opmerkingen.append(
            "De geladen schooljaren volgen niet op elkaar "
            f"({', '.join(str(j) for j in jaren)}), dus de doorstroom van leerjaar 1 en 2 naar "
            "leerjaar 3 is niet te schatten: de prognose volgt de trend."
        )
    if len(jaren) > 1 and pad.trend_n == 0:
        opmerkingen.append(
            f"Voor een trend moeten de geladen jaren minstens {keuzes.trend_span} jaar uit "
            "elkaar liggen; zonder trend blijft het aantal gelijk."
        )
    if not any(reeks.brugjaar1.values()) and not any(reeks.brugjaar2.values()):
        opmerkingen.append(
            "Voor deze regio zijn geen leerlingen in leerjaar 1 en 2 (brugklassen) geladen: "
            "geen doorstroom te schatten."
        )
    elif reeks.basis == BASIS_ALLE:
        opmerkingen.append(
            "Vmbo-brugklassen zijn niet te herkennen aan de opleidingsnaam: alle brugklassen "
            "van de regio tellen mee voor de doorstroom."
        )
    return Methode(
        basisjaar=reeks.laatste,
        jaren=jaren,
        brugklassen=reeks.basis,
        per_jaar=tuple(zip(pad.jaren, pad.bron, strict=True)),
        doorstroom_lj2=pad.ratio_lj2[0] if pad.ratio_lj2 else None,
        doorstroom_lj1=pad.ratio_lj1[0] if pad.ratio_lj1 else None,
        trend_pct=pad.trend * 100 if pad.trend_n else None,
        keuzes=keuzes,
        opmerkingen=tuple(opmerkingen),
    )
