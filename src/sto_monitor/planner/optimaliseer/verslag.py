"""The optimiser's answer: today's offering, the proposal, every change and why it helps.

Records (frozen) and their Dutch wording. Counts of students are midpoint estimates (a DUO
``<5`` cell counts as 2.5); wherever one is written out (sentences, JSON, tables) a number
below 5 appears as ``<5`` (``openbaarheid.KLEIN``). Shares and scores are percentages.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sto_monitor.indicators.openbaarheid import DREMPEL_AANTAL, KLEIN
from sto_monitor.planner import model as mdl
from sto_monitor.planner.model import LEERWEGEN, MARGE_KM, TECHNIEK, Bereik, Sleutel
from sto_monitor.planner.optimaliseer.probleem import EPS, Probleem
from sto_monitor.planner.optimaliseer.stroom import Stroom, Verdeling, groepsgroottes

SLUIT, OPEN, BEHOUD = "sluit", "open", "behoud"
_ACTIE_VOLGORDE = {SLUIT: 0, OPEN: 1, BEHOUD: 2}


@dataclass(frozen=True)
class Aanbieding:
    """One offer with its expected third-year group."""

    vestiging: str
    naam: str
    profiel: str
    leerweg: str
    leerlingen: float
    nieuw: bool = False


@dataclass(frozen=True)
class Aanbod:
    """An offering of the region: today's or the proposed one."""

    score: float  # % of students within 10 km, averaged over the technical profielen
    bereik: tuple[Bereik, ...]  # per technical profiel x leerweg
    aanbiedingen: tuple[Aanbieding, ...]
    haalbaar: bool  # every offer reaches the minimum group (and the maximum per profiel holds)

    def aandeel(self, profiel: str, leerweg: str) -> float | None:
        return next(
            (b.aandeel for b in self.bereik if (b.profiel, b.leerweg) == (profiel, leerweg)),
            None,
        )


@dataclass(frozen=True)
class Verhuizing:
    """Students moving between an offer and ``vestiging`` (same profiel and leerweg)."""

    vestiging: str
    naam: str
    leerlingen: float
    km: float


@dataclass(frozen=True)
class Wijziging:
    actie: str  # "sluit", "open" or "behoud" (kept, and students of closed offers join it)
    vestiging: str
    naam: str
    profiel: str
    leerweg: str
    leerlingen_nu: float
    leerlingen_straks: float  # expected group in the proposal (0 when closed)
    naar: tuple[Verhuizing, ...]  # sluit: where its students go
    van: tuple[Verhuizing, ...]  # open/behoud: where the students who join come from
    verloren: float  # sluit: students with no kept offer of the region within max_km
    buiten: Verhuizing | None  # ... and the nearest offer outside the region within max_km
    bereik_zonder: float | None  # % of the leerweg within 10 km of the profiel without it
    bereik_met: float | None  # ... and with it (the change's own effect, rest as proposed)
    waarom: str


@dataclass(frozen=True)
class Voorstel:
    regio: str
    naam: str
    schooljaar: int
    vraag: str  # how demand was placed: model.LEERLING_PC4 or model.LEERLING_VESTIGING
    min_groep: int
    max_km: float
    max_per_profiel: int | None
    nieuw: bool
    open_pins: tuple[Sleutel, ...]
    dicht_pins: tuple[Sleutel, ...]
    huidig: Aanbod
    voorstel: Aanbod
    wijzigingen: tuple[Wijziging, ...]
    methode: str  # "milp" or "greedy"
    status: str  # "optimaal", "tijdslimiet" (best found in time) or "heuristisch" (greedy)
    seconden: float
    opmerkingen: tuple[str, ...] = ()

    def als_json(self) -> dict[str, Any]:
        return {
            "regio": self.regio,
            "naam": self.naam,
            "schooljaar": self.schooljaar,
            "vraag": self.vraag,
            "instellingen": {
                "min_groep": self.min_groep,
                "max_km": self.max_km,
                "max_per_profiel": self.max_per_profiel,
                "nieuw": self.nieuw,
                "open": ["/".join(s) for s in self.open_pins],
                "dicht": ["/".join(s) for s in self.dicht_pins],
            },
            "methode": self.methode,
            "status": self.status,
            "seconden": round(self.seconden, 3),
            "huidig": _aanbod_json(self.huidig),
            "voorstel": _aanbod_json(self.voorstel),
            "wijzigingen": [_wijziging_json(w) for w in self.wijzigingen],
            "opmerkingen": list(self.opmerkingen),
        }


# ---------------------------------------------------------------- Dutch notation


def aantal(x: float) -> str:
    """A student count as shown: ``<5`` for 1-4 (also for estimates below 5), else whole."""
    if x <= EPS:
        return "0"
    if x < DREMPEL_AANTAL:
        return KLEIN
    return f"{int(x + 0.5):,}".replace(",", ".")


def procent(x: float | None) -> str:
    if x is None:
        return "-"
    tekst = f"{x:.1f}".replace(".", ",")
    return (tekst[:-2] if tekst.endswith(",0") else tekst) + " %"


def km_tekst(x: float) -> str:
    tekst = f"{x:.1f}".replace(".", ",")
    return (tekst[:-2] if tekst.endswith(",0") else tekst) + " km"


def _opsomming(delen: Sequence[str]) -> str:
    if len(delen) <= 1:
        return "".join(delen)
    return ", ".join(delen[:-1]) + " en " + delen[-1]


# ---------------------------------------------------------------- building the answer


def aanbod(
    prob: Probleem, open_: Collection[int], grootte: Mapping[int, float], haalbaar: bool
) -> Aanbod:
    model = prob.model
    sleutels = [prob.sleutels[i] for i in sorted(open_)]
    bereik = mdl.bereik(model, sleutels)
    return Aanbod(
        score=mdl.score(bereik),
        bereik=tuple(bereik),
        aanbiedingen=tuple(
            Aanbieding(s[0], model.locaties[s[0]].naam, s[1], s[2], grootte[i], prob.nieuw[i])
            for i, s in zip(sorted(open_), sleutels, strict=True)
        ),
        haalbaar=haalbaar,
    )


def huidig_aanbod(prob: Probleem) -> Aanbod:
    huidig = prob.huidig
    grootte = {i: prob.leerlingen[i] for i in huidig}
    haalbaar = all(n >= prob.min_groep - EPS for n in grootte.values())
    if prob.max_per_profiel is not None:
        for profiel in TECHNIEK:
            if sum(1 for i in huidig if prob.sleutels[i][1] == profiel) > prob.max_per_profiel:
                haalbaar = False
    return aanbod(prob, huidig, grootte, haalbaar)


def wijzigingen(prob: Probleem, verdeling: Verdeling) -> tuple[Wijziging, ...]:
    open_ = verdeling.open
    grootte = groepsgroottes(prob, verdeling)
    uit: dict[int, list[Stroom]] = {}
    in_: dict[int, list[Stroom]] = {}
    for s in verdeling.stromen:
        uit.setdefault(s.van, []).append(s)
        in_.setdefault(s.naar, []).append(s)
    lijst: list[Wijziging] = []
    for i, (vestiging, profiel, leerweg) in enumerate(prob.sleutels):
        if not prob.nieuw[i] and i not in open_:
            actie = SLUIT
        elif prob.nieuw[i] and i in open_:
            actie = OPEN
        elif i in open_ and in_.get(i):
            actie = BEHOUD
        else:
            continue
        dekking = prob.dekking[profiel, leerweg]
        zonder = _pct(dekking.binnen(open_ - {i}), dekking.vraag)
        met = _pct(dekking.binnen(open_ | {i}), dekking.vraag)
        naar = tuple(_verhuizing(prob, s.naar, s) for s in uit.get(i, ()))
        van = tuple(_verhuizing(prob, s.van, s) for s in in_.get(i, ()))
        w = Wijziging(
            actie=actie,
            vestiging=vestiging,
            naam=prob.model.locaties[vestiging].naam,
            profiel=profiel,
            leerweg=leerweg,
            leerlingen_nu=prob.leerlingen[i],
            leerlingen_straks=grootte.get(i, 0.0),
            naar=naar,
            van=van,
            verloren=verdeling.verloren.get(i, 0.0),
            buiten=_buiten(prob, i, verdeling.verloren.get(i, 0.0)),
            bereik_zonder=zonder,
            bereik_met=met,
            waarom="",
        )
        winst = dekking.binnen(open_ | {i}) - dekking.binnen(open_ - {i})
        lijst.append(_met_waarom(prob, w, i, winst, open_))
    lijst.sort(
        key=lambda w: (
            TECHNIEK.index(w.profiel),
            LEERWEGEN.index(w.leerweg),
            _ACTIE_VOLGORDE[w.actie],
            w.vestiging,
        )
    )
    return tuple(lijst)


def _pct(binnen: float, vraag: float) -> float | None:
    return 100.0 * binnen / vraag if vraag > 0 else None


def _verhuizing(prob: Probleem, j: int, s: Stroom) -> Verhuizing:
    code = prob.sleutels[j][0]
    return Verhuizing(code, prob.model.locaties[code].naam, s.leerlingen, s.km)


def _buiten(prob: Probleem, i: int, verloren: float) -> Verhuizing | None:
    """The nearest offer outside the region within ``max_km`` for students lost to it."""
    if verloren <= EPS:
        return None
    vestiging, profiel, leerweg = prob.sleutels[i]
    model = prob.model
    kandidaten = sorted(
        (model.afstand_km(vestiging, v), v)
        for v, p, lw in model.buiten
        if (p, lw) == (profiel, leerweg)
    )
    for km, v in kandidaten:
        if km <= prob.max_km + MARGE_KM:
            return Verhuizing(v, model.locaties[v].naam, verloren, km)
    return None


def _plekken(verhuizingen: Sequence[Verhuizing]) -> str:
    return _opsomming([f"{v.vestiging} ({km_tekst(v.km)})" for v in verhuizingen])


def _met_waarom(
    prob: Probleem, w: Wijziging, i: int, winst: float, open_: Collection[int]
) -> Wijziging:
    m = int(prob.min_groep) if float(prob.min_groep).is_integer() else prob.min_groep
    pl = f"{w.profiel} {w.leerweg}"
    bereik = (
        f"het bereik van {pl} blijft {procent(w.bereik_met)}"
        if winst <= EPS
        else f"het bereik van {pl} daalt van {procent(w.bereik_met)} naar "
        f"{procent(w.bereik_zonder)}"
    )
    if w.actie == SLUIT:
        if i in prob.dicht_pins:
            reden = "vastgezet als dicht"
        elif w.leerlingen_nu < prob.min_groep - EPS:
            reden = f"minder dan {m}"
        else:
            klein = [
                v.vestiging
                for v in w.naar
                if prob.leerlingen[prob.sleutels.index((v.vestiging, w.profiel, w.leerweg))]
                < prob.min_groep - EPS
            ]
            if klein:
                reden = f"zo haalt {_opsomming(klein)} de minimale groep van {m}"
            elif _maximum_bereikt(prob, w.profiel, open_):
                reden = f"hoogstens {prob.max_per_profiel} aanbiedingen van {w.profiel}"
            else:
                reden = "samengevoegd"
        delen = [f"sluiten ({reden}): {aantal(w.leerlingen_nu)} leerlingen"]
        if w.naar:
            delen[0] += f", die naar {_plekken(w.naar)} gaan"
            if w.verloren > EPS:
                delen.append(
                    f"{aantal(w.verloren)} van hen hebben geen {pl} meer in de regio binnen "
                    f"{km_tekst(prob.max_km)}{_wel_buiten(w.buiten)}"
                )
        elif w.verloren > EPS:
            delen[0] += (
                f", die geen {pl} meer in de regio binnen {km_tekst(prob.max_km)} hebben"
                f"{_wel_buiten(w.buiten)}"
            )
        delen.append(bereik)
        tekst = "; ".join(delen)
    elif w.actie == OPEN:
        pin = " (vastgezet als open)" if i in prob.open_pins else ""
        if winst > EPS:
            kop = (
                f"openen{pin}: {aantal(winst)} leerlingen in {w.leerweg} binnen 10 km krijgen "
                f"{w.profiel} (bereik van {procent(w.bereik_zonder)} naar "
                f"{procent(w.bereik_met)})"
            )
        else:
            kop = f"openen{pin}: het bereik van {pl} blijft {procent(w.bereik_met)}"
        tekst = f"{kop}; groep van {aantal(w.leerlingen_straks)} leerlingen uit {_plekken(w.van)}"
    else:
        tekst = (
            f"behouden: groeit van {aantal(w.leerlingen_nu)} naar "
            f"{aantal(w.leerlingen_straks)} leerlingen met leerlingen uit {_plekken(w.van)}"
        )
        if w.leerlingen_nu < prob.min_groep - EPS:
            tekst += f"; zo haalt het de minimale groep van {m}"
        tekst += "; " + (
            f"het bereik van {pl} is {procent(w.bereik_met)}, zonder zou het "
            f"{procent(w.bereik_zonder)} zijn"
            if winst > EPS
            else bereik
        )
    return Wijziging(**{**w.__dict__, "waarom": tekst})


def _wel_buiten(v: Verhuizing | None) -> str:
    return "" if v is None else f" (wel buiten de regio: {v.vestiging}, {km_tekst(v.km)})"


def _maximum_bereikt(prob: Probleem, profiel: str, open_: Collection[int]) -> bool:
    """Whether the maximum per profiel binds: reached in the proposal, exceeded today."""
    if prob.max_per_profiel is None:
        return False
    return (
        sum(1 for i in prob.huidig if prob.sleutels[i][1] == profiel) > prob.max_per_profiel
        and sum(1 for i in open_ if prob.sleutels[i][1] == profiel) == prob.max_per_profiel
    )


# ---------------------------------------------------------------- JSON


def _aanbod_json(a: Aanbod) -> dict[str, Any]:
    return {
        "score": round(a.score, 4),
        "haalbaar": a.haalbaar,
        "bereik": [
            {
                "profiel": b.profiel,
                "leerweg": b.leerweg,
                "aandeel": None if b.aandeel is None else round(b.aandeel, 2),
            }
            for b in a.bereik
        ],
        "aanbod": [
            {
                "vestiging": o.vestiging,
                "naam": o.naam,
                "profiel": o.profiel,
                "leerweg": o.leerweg,
                "leerlingen": aantal(o.leerlingen),
                "nieuw": o.nieuw,
            }
            for o in a.aanbiedingen
        ],
    }


def _verhuizing_json(v: Verhuizing) -> dict[str, Any]:
    return {
        "vestiging": v.vestiging,
        "naam": v.naam,
        "leerlingen": aantal(v.leerlingen),
        "km": round(v.km, 1),
    }


def _wijziging_json(w: Wijziging) -> dict[str, Any]:
    return {
        "actie": w.actie,
        "vestiging": w.vestiging,
        "naam": w.naam,
        "profiel": w.profiel,
        "leerweg": w.leerweg,
        "leerlingen_nu": aantal(w.leerlingen_nu),
        "leerlingen_straks": aantal(w.leerlingen_straks),
        "naar": [_verhuizing_json(v) for v in w.naar],
        "van": [_verhuizing_json(v) for v in w.van],
        "verloren": aantal(w.verloren),
        "buiten": None if w.buiten is None else _verhuizing_json(w.buiten),
        "bereik_zonder": None if w.bereik_zonder is None else round(w.bereik_zonder, 2),
        "bereik_met": None if w.bereik_met is None else round(w.bereik_met, 2),
        "waarom": w.waarom,
    }
