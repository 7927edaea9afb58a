"""Wat is veranderd: per data release, what came in, what it replaced, which figures changed.

A *release* is every file loaded on one day (``bron``). Per release the page says in words which
data came in (the source as the reader calls it and its school years: "De keuzevakexamens
(levering onder afspraak), schooljaar 2023/2024"), which earlier delivery each file replaced
(``vervangen_door``), which indicators read that data and so changed (``herkomst.doelen``), and
when the figures were calculated and stored again after it (``indicator_run``), with what stood
out (a new method version, a missing source, a failed calculation, a table that grew or shrank).
The files themselves (names, row counts, kinds) are folded away under each release. No table
name, command or path is shown. Above the releases, :data:`WIJZIGINGEN` lists changes of the
product itself that users of the API and the downloads must know about (a fixed text per change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sto_monitor.accounts.beleid import Recht
from sto_monitor.indicators.build import FOUT
from sto_monitor.indicators.herkomst import doelen
from sto_monitor.indicators.registry import Indicator
from sto_monitor.publicatie.afscherming.bronnen import bron_naam
from sto_monitor.publicatie.gegevens import Snapshot
from sto_monitor.publicatie.tekst import datum, schooljaar
from sto_monitor.web.pages.indicator import HTML, hoofdletter, moment
from sto_monitor.web.render import gecached, html, reden_tekst
from sto_monitor.web.toegang import toegang

router = APIRouter(include_in_schema=False, dependencies=[toegang(Recht.OPENBAAR)])

BUILD_PAUZE = dt.timedelta(minutes=30)  # runs further apart belong to different builds
STATUS: dict[str, str] = {FOUT: "mislukt"}  # a run's status in the reader's words
LANG = 10  # lists longer than this are folded into <details>

Rij = dict[str, Any]  # a row of snapshot.bronnen or snapshot.runs


@dataclass(frozen=True)
class Wijziging:
    """A change of the product (not of the data) that users of the API or downloads notice."""

    ident: str  # anchor on the page
    datum: dt.date
    titel: str
    alineas: tuple[str, ...]
    brekend: bool = False  # an API client or script may need to change


WIJZIGINGEN: tuple[Wijziging, ...] = (
    Wijziging(
        ident="api-v1-getypeerd",
        datum=dt.date(2026, 12, 4),
        titel="API v1: getallen zijn nu getallen",
        alineas=(
            "Elke telling heeft nu _min, _max en _status. De API (JSON), de CSV- en "
            "Parquet-bestanden van bulk.zip, de CSV-download van de verkenner en de export via de "
            "opdrachtregel "
            "geven getallen als getallen in plaats van de notatie als tekst: een telling c staat "
            "in c (leeg als die niet exact bekend of afgeschermd is), c_min en c_max (de "
            "bandbreedte) en c_status (leeg, <5, interval of x). Een aandeel of verandering die "
            "afgeschermd kan worden heeft een kolom _status (leeg of x) ernaast.",
            "Het JSON-antwoord geeft de betekenis van de statuscodes in status (in plaats van "
            "notatie). Het OpenAPI-document beschrijft de kolommen van elke indicator, en "
            "bulk.zip heeft een datapackage.json (Frictionless Data Package) met typen, "
            "eenheden, licentie en bronnen. De Excel-download heeft een blad voor mensen (de "
            "notatie zoals op het scherm) en een blad data met de getallen.",
            "Scripts die de tekst <5, x of 12-15 lazen, gebruiken nu c_status, c_min en c_max. "
            "Tekst in CSV- en Excel-bestanden die een spreadsheet als formule zou lezen, krijgt "
            "een ' ervoor.",
        ),
        brekend=True,
    ),
)


@dataclass(frozen=True)
class Vervanging:
    """A newer file that replaced (some of) the rows of an older one."""

    oud: Rij
    nieuw: Rij

    @property
    def volledig(self) -> bool:
        """All rows of the old file are gone (status 'vervangen'), not just some of them."""
        return bool(self.oud.get("status") == "vervangen")


@dataclass(frozen=True)
class Run:
    """One indicator run compared with the previous run of the same indicator and techniek."""

    run: Rij
    vorige: Rij | None

    @property
    def rijen_gewijzigd(self) -> bool:
        return self.vorige is not None and self.vorige.get("rijen") != self.run.get("rijen")

    @property
    def versiewissel(self) -> tuple[str, str] | None:
        if self.vorige is None or self.vorige["methode_versie"] == self.run["methode_versie"]:
            return None
        return (str(self.vorige["methode_versie"]), str(self.run["methode_versie"]))

    @property
    def toelichting(self) -> str:
        """The logged reason, or what a run without one means."""
        if self.run.get("reden") or self.run.get("status") == FOUT:
            return reden_tekst(self.run.get("reden"), self.run.get("status"))
        if self.vorige is None:
            return "eerste berekening"
        return "opnieuw berekend"

    @property
    def rijen_tekst(self) -> str:
        """The size of the stored table, and how it changed: "14 rijen (was 12)"."""
        rijen = self.run.get("rijen")
        if rijen is None:
            return "geen tabel"
        tekst = f"{rijen:,} {'rij' if rijen == 1 else 'rijen'}".replace(",", ".")
        if self.rijen_gewijzigd and self.vorige is not None:
            vorig = self.vorige.get("rijen")
            tekst += f" (was {vorig:,})".replace(",", ".") if vorig is not None else " (was geen)"
        return tekst

    @property
    def opvallend(self) -> bool:
        """Worth showing outside the folded full list."""
        return (
            self.run.get("status") != "berekend"
            or bool(self.run.get("reden"))
            or self.rijen_gewijzigd
            or self.versiewissel is not None
        )


@dataclass(frozen=True)
class Build:
    """The runs of one ``sto build`` (consecutive runs, each indicator+techniek at most once)."""

    runs: tuple[Run, ...]  # in run order

    @property
    def begin(self) -> dt.datetime:
        value: dt.datetime = self.runs[0].run["gebouwd_op"]
        return value

    @property
    def eind(self) -> dt.datetime:
        value: dt.datetime = self.runs[-1].run["gebouwd_op"]
        return value

    def _waarden(self, kolom: str) -> list[str]:
        return list(dict.fromkeys(str(r.run[kolom]) for r in self.runs))

    @property
    def engines(self) -> list[str]:
        return self._waarden("engine")

    @property
    def technieken(self) -> list[str]:
        return self._waarden("techniek")

    @property
    def methode_versies(self) -> list[str]:
        return self._waarden("methode_versie")

    @property
    def versiewissels(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys(w for r in self.runs if (w := r.versiewissel) is not None))

    @property
    def per_status(self) -> dict[str, int]:
        tellingen: dict[str, int] = {}
        for r in self.runs:
            status = str(r.run["status"])
            tellingen[status] = tellingen.get(status, 0) + 1
        return tellingen

    @property
    def opvallend(self) -> list[Run]:
        return [r for r in self.runs if r.opvallend]

    @property
    def samenvatting(self) -> str:
        """ "26 indicatoren: 24 berekend, 2 bron ontbreekt"."""
        n = len(self.runs)
        delen = [f"{k} {STATUS.get(s, s)}" for s, k in self.per_status.items()]
        return f"{n} {'indicator' if n == 1 else 'indicatoren'}: {', '.join(delen)}"


@dataclass(frozen=True)
class Release:
    """Every file loaded on one day, and the builds until the next release."""

    dag: dt.date
    bestanden: tuple[Rij, ...]  # in load order
    vervangingen: tuple[Vervanging, ...]
    builds: tuple[Build, ...]  # newest first

    @property
    def nieuw(self) -> list[Rij]:
        """Files of this release that did not replace an older file."""
        vervangers = {v.nieuw["bron_id"] for v in self.vervangingen}
        return [b for b in self.bestanden if b["bron_id"] not in vervangers]


@dataclass(frozen=True)
class Gegevens:
    """Files of one kind in a release, in words: "De leerlingentelling van DUO, schooljaren
    2019/2020 tot en met 2024/2025"."""

    doel: str
    wat: str  # the source as the reader calls it, capitalised
    jaren: tuple[int, ...]
    bestanden: int

    @property
    def tekst(self) -> str:
        return self.wat + (f", {jaren_tekst(self.jaren)}" if self.jaren else "")


def jaren_tekst(jaren: Sequence[int]) -> str:
    """School years in words: "schooljaar 2023/2024", "schooljaren 2019/2020 tot en met
    2024/2025" (consecutive), else "schooljaren 2019/2020, 2021/2022 en 2023/2024"."""
    j = sorted(set(jaren))
    if len(j) == 1:
        return f"schooljaar {schooljaar(j[0])}"
    if j == list(range(j[0], j[-1] + 1)):
        return f"schooljaren {schooljaar(j[0])} tot en met {schooljaar(j[-1])}"
    teksten = [schooljaar(x) for x in j]
    return "schooljaren " + ", ".join(teksten[:-1]) + " en " + teksten[-1]


def gegevens(bestanden: Sequence[Rij]) -> list[Gegevens]:
    """Files grouped by the data they hold, in load order of the first file of each kind."""
    per_doel: dict[str, list[Rij]] = {}
    for b in bestanden:
        per_doel.setdefault(str(b["doel"]), []).append(b)
    return [
        Gegevens(
            doel,
            hoofdletter(bron_naam(doel)),
            tuple(sorted({int(b["schooljaar"]) for b in rijen if b.get("schooljaar") is not None})),
            len(rijen),
        )
        for doel, rijen in per_doel.items()
    ]


def geraakt(indicatoren: Sequence[Indicator], bestanden: Sequence[Rij]) -> list[Indicator]:
    """The indicators that read data of these files (their figures can have changed)."""
    soorten = {str(b["doel"]) for b in bestanden}
    return [i for i in indicatoren if soorten & set(doelen(i))]


def builds(runs: Sequence[Rij]) -> list[Build]:
    """Runs grouped into builds, oldest first; every run compared with its predecessor."""
    vorige: dict[tuple[str, str], Rij] = {}
    groepen: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: int(r["run_id"])):
        sleutel = (str(run["indicator"]), str(run["techniek"]))
        huidig = groepen[-1] if groepen else None
        nieuw_build = (
            huidig is None
            or any((r.run["indicator"], r.run["techniek"]) == sleutel for r in huidig)
            or huidig[-1].run["engine"] != run["engine"]
            or run["gebouwd_op"] - huidig[-1].run["gebouwd_op"] > BUILD_PAUZE
        )
        if nieuw_build:
            groepen.append([])
        groepen[-1].append(Run(run, vorige.get(sleutel)))
        vorige[sleutel] = run
    return [Build(tuple(g)) for g in groepen]


def releases(bronnen: Sequence[Rij], runs: Sequence[Rij]) -> list[Release]:
    """Loaded files grouped by load day, newest first, each with the builds that followed."""
    dagen: dict[dt.date, list[Rij]] = {}
    for b in sorted(bronnen, key=lambda b: (b["geladen_op"], b["bron_id"])):
        dagen.setdefault(b["geladen_op"].date(), []).append(b)
    if not dagen:
        return []
    volgorde = sorted(dagen)
    # A build belongs to the newest release on or before its day (the oldest one if earlier).
    per_dag: dict[dt.date, list[Build]] = {d: [] for d in volgorde}
    for build in builds(runs):
        eerder = [d for d in volgorde if d <= build.begin.date()]
        per_dag[eerder[-1] if eerder else volgorde[0]].append(build)
    uit = []
    for dag in reversed(volgorde):
        bestanden = dagen[dag]
        vervangingen = tuple(
            Vervanging(oud, nieuw)
            for nieuw in bestanden
            for oud in sorted(bronnen, key=lambda b: b["bron_id"])
            if oud.get("vervangen_door") == nieuw["bron_id"]
        )
        uit.append(
            Release(
                dag=dag,
                bestanden=tuple(bestanden),
                vervangingen=vervangingen,
                builds=tuple(reversed(per_dag[dag])),
            )
        )
    return uit


@router.get("/veranderingen")
async def veranderingen(request: Request) -> Response:
    def make(snap: Snapshot) -> str:
        per_id = {b["bron_id"]: b for b in snap.bronnen}
        indicatoren = [g.indicator for g in snap.indicatoren.values()]
        return html(
            request,
            "veranderingen.html",
            snapshot=snap,
            releases=releases(snap.bronnen, snap.runs),
            wijzigingen=WIJZIGINGEN,
            per_id=per_id,
            datum=datum,
            moment=moment,
            lang=LANG,
            gegevens=gegevens,
            geraakt=lambda bestanden: geraakt(indicatoren, bestanden),
            hoofdletter=hoofdletter,
            status_tekst=lambda status: STATUS.get(status, status),
        )

    return gecached(request, make, HTML)
