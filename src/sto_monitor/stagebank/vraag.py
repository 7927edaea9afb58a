"""A search for internship places as a person asks it: read from a query string, checked,
written back as one, and run with the time each place was published or last changed.

The same question drives the search page, its Atom feed, a saved search and the e-mail digest,
so it is read in one place: :func:`lees` takes the raw query parameters (strings, possibly
odd) and returns a :class:`Zoekvraag` or raises :class:`VraagFout` with a Dutch message per
field, never anything else. The centre (a vestiging or a postcode) is resolved elsewhere
(``zoeken.vanaf_vestiging``/``vanaf_postcode``), because that needs the published snapshot.

Also here: :func:`met_tijden` (the search's places with their change time, for the feed's
``updated`` and the digest's "since"), and :func:`openbare_plaats` (one current place in full,
for its public page).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from sqlalchemy import select

from sto_monitor import domain
from sto_monitor.appdb.engine import AppDatabase
from sto_monitor.appdb.tabellen import StageBedrijf, StagePlaats
from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.stagebank.opslag import actueel
from sto_monitor.stagebank.zoeken import LIMIET, MAX_STRAAL_KM, Middelpunt, Treffer, zoek

STANDAARD_STRAAL = 10.0
MAX_TEKST = 120  # characters of a typed school or postcode
_DAG = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*\Z")
_MAAND = re.compile(r"\s*(\d{4})-(\d{1,2})\s*\Z")
VELDEN = ("vestiging", "postcode", "straal", "profiel", "van", "tot")


class VraagFout(ParameterError):
    """Every problem of a search, by field (the form's field name -> Dutch message)."""

    def __init__(self, fouten: Mapping[str, str]) -> None:
        self.fouten = dict(fouten)
        super().__init__(" ".join(self.fouten.values()))


@dataclass(frozen=True)
class Zoekvraag:
    """A checked search: from a vestiging (code or name as typed) or a postcode, within
    ``straal`` km, optionally one profiel and a period to overlap."""

    vestiging: str = ""
    postcode: str = ""
    straal: float = STANDAARD_STRAAL
    profiel: str | None = None
    van: date | None = None
    tot: date | None = None
    # the raw text of van/tot as typed (a month "2027-02" stays a month in the form)
    van_tekst: str = field(default="", compare=False)
    tot_tekst: str = field(default="", compare=False)

    @property
    def leeg(self) -> bool:
        """No centre asked yet: the page shows just the form."""
        return not self.vestiging and not self.postcode

    def parameters(self) -> dict[str, str]:
        """The query parameters that ask this search again (empty ones left out)."""
        uit = {
            "vestiging": self.vestiging,
            "postcode": self.postcode,
            "straal": straal_tekst(self.straal),
            "profiel": self.profiel or "",
            "van": self.van_tekst or (self.van.isoformat() if self.van else ""),
            "tot": self.tot_tekst or (self.tot.isoformat() if self.tot else ""),
        }
        return {k: v for k, v in uit.items() if v}

    def query(self) -> str:
        return urlencode(self.parameters())

    def zoek(
        self, db: AppDatabase, middelpunt: Middelpunt, vandaag: date, limiet: int = LIMIET
    ) -> list[Treffer]:
        return zoek(
            db,
            middelpunt,
            straal_km=self.straal,
            vandaag=vandaag,
            profiel=self.profiel,
            van=self.van,
            tot=self.tot,
            limiet=limiet,
        )


def straal_tekst(km: float) -> str:
    """10 -> "10", 7.5 -> "7.5" (as a query parameter and in the form)."""
    return f"{km:g}"


def _datum(tekst: str, *, einde: bool) -> date | None:
    """A day (2027-02-01) or a month (2027-02: its first day, or with ``einde`` its last)."""
    if m := _DAG.match(tekst):
        jaar, maand, dag = (int(x) for x in m.groups())
        return date(jaar, maand, dag)
    if m := _MAAND.match(tekst):
        jaar, maand = int(m.group(1)), int(m.group(2))
        return date(jaar, maand, calendar.monthrange(jaar, maand)[1] if einde else 1)
    raise ValueError(tekst)


def lees(params: Mapping[str, str]) -> Zoekvraag:
    """The search the parameters ask for; :class:`VraagFout` lists what is wrong."""
    fouten: dict[str, str] = {}
    vestiging = " ".join((params.get("vestiging") or "").split())
    postcode = " ".join((params.get("postcode") or "").split())
    if len(vestiging) > MAX_TEKST:
        fouten["vestiging"] = "De naam of code van de school is te lang."
        vestiging = vestiging[:MAX_TEKST]
    if len(postcode) > MAX_TEKST:
        fouten["postcode"] = "Vul een postcode in als 1234 AB."
        postcode = postcode[:MAX_TEKST]
    if vestiging and postcode:
        fouten["postcode"] = "Zoek vanaf een school óf vanaf een postcode, niet allebei."
    straal = STANDAARD_STRAAL
    ruw = (params.get("straal") or "").strip().replace(",", ".")
    if ruw:
        try:
            straal = float(ruw)
        except ValueError:
            straal = float("nan")
        if not 0 <= straal <= MAX_STRAAL_KM:  # also false for nan
            fouten["straal"] = "Kies een afstand van 0 tot en met 20 km."
            straal = STANDAARD_STRAAL
    profiel = (params.get("profiel") or "").strip() or None
    if profiel is not None and profiel not in domain.PROFIEL_CODES:
        fouten["profiel"] = "Kies een profiel uit de lijst."
        profiel = None
    datums: dict[str, date | None] = {}
    teksten: dict[str, str] = {}
    for naam in ("van", "tot"):
        tekst = (params.get(naam) or "").strip()[:20]
        teksten[naam] = tekst
        try:
            datums[naam] = _datum(tekst, einde=naam == "tot") if tekst else None
        except ValueError:
            fouten[naam] = "Vul een datum in als 2027-02-01, of een maand als 2027-02."
            datums[naam], teksten[naam] = None, ""
    van, tot = datums["van"], datums["tot"]
    if van is not None and tot is not None and tot < van:
        fouten["tot"] = "Het einde van de periode ligt vóór het begin."
    if fouten:
        raise VraagFout(fouten)
    return Zoekvraag(vestiging, postcode, straal, profiel, van, tot, teksten["van"], teksten["tot"])


def lees_los(params: Mapping[str, str]) -> tuple[Zoekvraag, dict[str, str]]:
    """Like :func:`lees`, but never raising: the fields that could be read, and the problems
    (for a form shown again with what the person typed)."""
    try:
        return lees(params), {}
    except VraagFout as fout:
        schoon = {k: v for k, v in params.items() if k in VELDEN and k not in fout.fouten}
        try:
            return lees(schoon), fout.fouten
        except VraagFout:  # the combination (both a school and a postcode): start empty
            return Zoekvraag(), fout.fouten


# ---------------------------------------------------------------- places with their times


def gewijzigd_op(db: AppDatabase, ids: Sequence[int]) -> dict[int, datetime]:
    """When each place was published or last changed."""
    if not ids:
        return {}
    with db.transactie() as session:
        rijen = session.execute(
            select(StagePlaats.id, StagePlaats.gewijzigd).where(StagePlaats.id.in_(ids))
        )
        return {pid: moment for pid, moment in rijen}


def met_tijden(
    db: AppDatabase, vraag: Zoekvraag, middelpunt: Middelpunt, vandaag: date
) -> list[tuple[Treffer, datetime]]:
    """The search's places, nearest first, each with its publication or change time."""
    treffers = vraag.zoek(db, middelpunt, vandaag)
    tijden = gewijzigd_op(db, [t.plaats_id for t in treffers])
    return [(t, tijden[t.plaats_id]) for t in treffers if t.plaats_id in tijden]


@dataclass(frozen=True)
class OpenbarePlaats:
    """One current place in full, as its public page shows it."""

    plaats: StagePlaats
    bedrijf: str
    profielen: tuple[str, ...]


def openbare_plaats(db: AppDatabase, plaats_id: int, vandaag: date) -> OpenbarePlaats:
    """A place anyone may see: current, not withdrawn, its company confirmed; else 404."""
    with db.transactie() as session:
        rij = session.execute(
            select(StagePlaats, StageBedrijf.naam)
            .join(StageBedrijf, StageBedrijf.id == StagePlaats.bedrijf_id)
            .where(StagePlaats.id == plaats_id, actueel(vandaag))
        ).first()
        if rij is None:
            raise NotFoundError(
                "Deze stageplaats bestaat niet (meer): de periode is voorbij, het bedrijf heeft "
                "haar ingetrokken, of het bedrijf is nog niet bevestigd."
            )
        p, naam = rij
        profielen = tuple(sorted(x.profiel for x in p.profielen))
        return OpenbarePlaats(p, naam, profielen)
