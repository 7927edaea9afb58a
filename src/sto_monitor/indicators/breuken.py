"""Series breaks: which school years cannot be compared with the loaded year before them.

The kinds of break are data (``breuken.toml``: code, Dutch reason, how it is detected, which
series it affects); this module detects them on the loaded data, as portable Ibis over the
warehouse, so that DuckDB and Spark agree:

- ``oude_afdelingen``: the share of third-years (bb, kb, gl) in pre-2016 afdelingen;
- ``tl_zonder_sector``: the share of tl third-years without a sector;
- ``editie``: the DUO edition (``bron.formaat``) each year's leerlingen come from;
- ``regio_periode``: the period of the STO-regio's each year uses.

A break belongs to a pair of loaded years: ``schooljaar`` and the loaded year before it
(``vorig_schooljaar``), the pair whose change an indicator computes. :func:`markeer` leaves a
change out (null) for the rows of an affected series and puts the break's code in ``breuk``;
:func:`reeksbreuken` is the register of every break, an indicator of its own.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.errors import IndicatorError
from sto_monitor.indicators.definitie import Indicator
from sto_monitor.indicators.inputs import REGIO_INDELING, Inputs, midden

REGELS_BESTAND = Path(__file__).with_name("breuken.toml")
# What detecting the breaks reads besides leerlingen: every indicator that calls ``markeer``
# lists these among its (optional) sources.
BREUK_BRONNEN: tuple[str, ...] = ("bron", *REGIO_INDELING)
DETECTIES: tuple[str, ...] = ("oude_afdelingen", "tl_zonder_sector", "editie", "regio_periode")
SCHEIDING = ";"  # between codes in the column ``breuk`` when two breaks meet
SECTOR_ONBEKEND = "sector onbekend"  # tl rows of a year whose file registers no tl sector


@dataclass(frozen=True)
class Reeks:
    """A series a break affects: an indicator, except the rows that stay comparable."""

    indicator: str
    behalve: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Regel:
    """One kind of break, as ``breuken.toml`` describes it."""

    code: str
    kort: str  # Dutch, replaces the number in a table cell
    reden: str  # Dutch, with {oorzaak}, {jaar} and {vorig}
    detectie: str
    reeksen: tuple[Reeks, ...]
    drempel: float | None = None
    editie: str | None = None

    @property
    def vergelijkbaar(self) -> bool:
        """True when the break is listed for information only: no change is left out."""
        return not self.reeksen


def _regel(raw: Mapping[str, object]) -> Regel:
    code = str(raw.get("code", ""))
    detectie = str(raw.get("detectie", ""))
    if not code or detectie not in DETECTIES:
        raise IndicatorError(f"breuken.toml: breuk {code!r} heeft een onbekende detectie")
    reeksen = []
    for r in raw.get("reeksen", []):  # type: ignore[attr-defined]
        behalve = {str(k): tuple(str(v) for v in vs) for k, vs in r.get("behalve", {}).items()}
        reeksen.append(Reeks(indicator=str(r["indicator"]), behalve=behalve))
    drempel = raw.get("drempel")
    editie = raw.get("editie")
    if detectie in ("oude_afdelingen", "tl_zonder_sector") and not isinstance(drempel, int | float):
        raise IndicatorError(f"breuken.toml: breuk {code!r} mist een drempel")
    if detectie == "editie" and not isinstance(editie, str):
        raise IndicatorError(f"breuken.toml: breuk {code!r} mist een editie")
    return Regel(
        code=code,
        kort=str(raw["kort"]),
        reden=" ".join(str(raw["reden"]).split()),
        detectie=detectie,
        reeksen=tuple(reeksen),
        drempel=float(drempel) if isinstance(drempel, int | float) else None,
        editie=editie if isinstance(editie, str) else None,
    )


@functools.cache
def regels() -> tuple[Regel, ...]:
    """Every kind of break, in the order of ``breuken.toml``."""
    with REGELS_BESTAND.open("rb") as handle:
        data = tomllib.load(handle)
    result = tuple(_regel(raw) for raw in data.get("breuk", []))
    codes = [r.code for r in result]
    if len(set(codes)) != len(codes):
        raise IndicatorError("breuken.toml: een code staat er twee keer in")
    return result


def regel(code: str) -> Regel:
    for r in regels():
        if r.code == code:
            return r
    raise KeyError(code)


def regels_voor(indicator: str) -> list[tuple[Regel, Reeks]]:
    """The kinds of break that leave changes of this indicator out, with the series rule."""
    return [(r, s) for r in regels() for s in r.reeksen if s.indicator == indicator]


def tekst(breuk: object) -> str | None:
    """The Dutch text of the column ``breuk`` (codes joined by ``;``), as a table cell shows
    it in place of the change; None without a break."""
    if not isinstance(breuk, str) or not breuk:
        return None
    teksten = []
    for code in breuk.split(SCHEIDING):
        try:
            teksten.append(regel(code).kort)
        except KeyError:
            teksten.append(code)
    return "; ".join(teksten)


# --- detection ---------------------------------------------------------------------------
def _normaal(naam: ir.StringValue) -> ir.StringValue:
    """An afdeling normalised as ``domain.normalise_name`` does it."""
    return naam.lower().replace("&", " en ").re_replace(r"\s+", " ").strip()


def jaarkenmerken(inp: Inputs) -> ir.Table:
    """Per loaded school year the facts the breaks are detected from.

    Columns: schooljaar, oude_afdelingen (share of bb/kb/gl third-years in pre-2016
    afdelingen, 0-1), tl_zonder_sector (share of tl third-years without a sector, 0-1, NULL
    without tl), editie (DUO edition of the leerlingen), periode (regio period, NULL without
    regions).
    """
    lln = inp.table("leerlingen")
    jaren = lln.select("schooljaar").distinct()

    d = lln.filter((lln.leerjaar == 3) & lln.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN))
    key = _normaal(d.afdeling)
    oud = (
        (d.profiel == domain.OVERIG)
        & (key.isin(sorted(domain.OUDE_AFDELINGEN)) | key.re_search(domain.OUDE_AFDELING_PATROON))
    ).fill_null(False)
    mid = midden(d.aantal_min, d.aantal_max)
    afd = d.group_by("schooljaar").aggregate(_oud=ibis.ifelse(oud, mid, 0.0).sum(), _alle=mid.sum())
    afd = afd.select(
        "schooljaar",
        oude_afdelingen=ibis.ifelse(afd._alle > 0, afd._oud / afd._alle, 0.0),
    )

    tl = lln.filter((lln.leerjaar == 3) & (lln.leerweg == "tl"))
    tmid = midden(tl.aantal_min, tl.aantal_max)
    tls = tl.group_by("schooljaar").aggregate(
        _zonder=ibis.ifelse(tl.sector.isnull(), tmid, 0.0).sum(), _alle=tmid.sum()
    )
    tls = tls.select(
        "schooljaar",
        tl_zonder_sector=ibis.ifelse(tls._alle > 0, tls._zonder / tls._alle, ibis.null("float64")),
    )

    bron = inp.table("bron").select("bron_id", "formaat")
    per_bron = lln.select("schooljaar", "bron_id").distinct().join(bron, "bron_id")
    edities = per_bron.group_by("schooljaar").aggregate(editie=per_bron.formaat.max())

    rs = inp.table("regio_schooljaar")
    periodes = rs.group_by("schooljaar").aggregate(periode=rs.periode.max())

    t = jaren
    for extra in (afd, tls, edities, periodes):
        t = t.left_join(extra, "schooljaar")
    return t.select(
        "schooljaar",
        oude_afdelingen=t.oude_afdelingen.fill_null(0.0),
        tl_zonder_sector=t.tl_zonder_sector,
        editie=t.editie,
        periode=t.periode,
    )


def _vlag(r: Regel, k: ir.Table) -> ir.BooleanValue:
    """Whether a year has the cause of a break of kind ``r`` (before comparing two years)."""
    if r.detectie == "oude_afdelingen":
        return k.oude_afdelingen >= (r.drempel or 0.0)
    if r.detectie == "tl_zonder_sector":
        return (k.tl_zonder_sector >= (r.drempel or 0.0)).fill_null(False)
    if r.detectie == "editie":
        return (k.editie == r.editie).fill_null(False)
    return k.periode.notnull()


def jaar_tekst(jaar: ir.IntegerValue) -> ir.StringValue:
    """2016 -> '2016/2017' in SQL."""
    return jaar.cast("string") + "/" + (jaar + 1).cast("string")


def vlaggen(inp: Inputs) -> ir.Table:
    """Every loaded year that has a loaded year before it, with per kind of break whether the
    pair is broken (``_b<i>``) and the year(s) of the cause in words (``_o<i>``)."""
    k = jaarkenmerken(inp)
    k = k.mutate(
        vorig_schooljaar=k.schooljaar.lag().over(ibis.window(order_by="schooljaar")),
        **{f"_v{i}": _vlag(r, k) for i, r in enumerate(regels())},
    )
    v = k.select(
        vorig_schooljaar=k.schooljaar,
        _periode_vorig=k.periode,
        **{f"_w{i}": k[f"_v{i}"] for i in range(len(regels()))},
    )
    p = k.filter(k.vorig_schooljaar.notnull()).join(v, "vorig_schooljaar")
    jaar, vorig = jaar_tekst(p.schooljaar), jaar_tekst(p.vorig_schooljaar)
    kolommen: dict[str, ir.Value] = {}
    for i, r in enumerate(regels()):
        nu, toen = p[f"_v{i}"], p[f"_w{i}"]
        if r.detectie == "regio_periode":
            kolommen[f"_b{i}"] = (nu & toen & (p.periode != p._periode_vorig)).fill_null(False)
            kolommen[f"_o{i}"] = jaar
            continue
        kolommen[f"_b{i}"] = (nu != toen) if r.detectie == "editie" else (nu | toen)
        kolommen[f"_o{i}"] = ibis.cases(
            (nu & toen, vorig + " en " + jaar), (toen, vorig), else_=jaar
        )
    return p.select("schooljaar", "vorig_schooljaar", **kolommen)


def tl_sector_onbekend(inp: Inputs) -> ir.Table:
    """Every loaded year with ``onbekend``: its file registers (almost) no tl sector."""
    rs = [r for r in regels() if r.detectie == "tl_zonder_sector"]
    k = jaarkenmerken(inp)
    onbekend = ibis.literal(False)
    for r in rs:
        onbekend = onbekend | _vlag(r, k)
    return k.select("schooljaar", onbekend=onbekend)


def markeer(inp: Inputs, t: ir.Table, indicator: str, kolommen: Sequence[str]) -> ir.Table:
    """``t`` with a column ``breuk`` (codes, or NULL) and ``kolommen`` (changes, clusters)
    left out (NULL) in every row whose change crosses a break of this series."""
    toepasselijk = regels_voor(indicator)
    if not toepasselijk:
        return t.mutate(breuk=ibis.null("string"))
    index = {r.code: i for i, r in enumerate(regels())}
    namen = [f"_b{index[r.code]}" for r, _ in toepasselijk]
    v = vlaggen(inp)
    v = v.select(_breukjaar=v.schooljaar, **{n: v[n] for n in dict.fromkeys(namen)})
    t = t.left_join(v, t.schooljaar == v._breukjaar).drop("_breukjaar")
    codes: ir.StringValue = ibis.literal("")
    for (r, reeks), naam in zip(toepasselijk, namen, strict=True):
        cond = t[naam].fill_null(False)
        for kolom, waarden in reeks.behalve.items():
            cond = cond & ~t[kolom].isin(list(waarden)).fill_null(False)
        codes = codes + ibis.ifelse(cond, SCHEIDING + r.code, "")
    t = t.mutate(breuk=ibis.ifelse(codes == "", ibis.null("string"), codes.substr(1)))
    t = t.drop(*dict.fromkeys(namen))
    return t.mutate(
        **{k: ibis.ifelse(t.breuk.isnull(), t[k], ibis.null(t[k].type())) for k in kolommen}
    )


# --- the register ------------------------------------------------------------------------
REGISTER_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "vorig_schooljaar",
    "code",
    "soort",
    "vergelijkbaar",
    "reeksen",
    "reden",
)


def reeksbreuken(inp: Inputs) -> ir.Table:
    """The register: per loaded year every break with the loaded year before it, and why."""
    v = vlaggen(inp)
    jaar, vorig = jaar_tekst(v.schooljaar), jaar_tekst(v.vorig_schooljaar)
    delen = []
    for i, r in enumerate(regels()):
        reden = (
            ibis.literal(r.reden)
            .replace("{oorzaak}", v[f"_o{i}"])
            .replace("{jaar}", jaar)
            .replace("{vorig}", vorig)
        )
        deel = v.select(
            "schooljaar",
            "vorig_schooljaar",
            _b=v[f"_b{i}"],
            code=ibis.literal(r.code),
            soort=ibis.literal(r.kort),
            vergelijkbaar=ibis.literal(r.vergelijkbaar),
            reeksen=ibis.literal(", ".join(dict.fromkeys(s.indicator for s in r.reeksen))),
            reden=reden,
        )
        deel = deel.filter(deel._b).drop("_b")
        delen.append(deel)
    out = delen[0]
    for deel in delen[1:]:
        out = out.union(deel)
    return out.select(*REGISTER_KOLOMMEN).order_by(["schooljaar", "code"])


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="reeksbreuken",
        titel="Breuken in de reeksen: wat niet te vergelijken is met het jaar ervoor",
        definitie=(
            "Per geladen schooljaar de redenen waarom cijfers niet (of maar beperkt) te "
            "vergelijken zijn met het vorige geladen schooljaar: oude afdelingen van vóór "
            "2016 die nog in gebruik zijn, een jaar waarin DUO voor de theoretische leerweg "
            "geen sector registreert, een andere indeling van het DUO-bestand, of een andere "
            "indeling van de STO-regio's. Per breuk staan de reeksen waarvan de verandering "
            "daarom niet wordt berekend; staat er geen reeks, dan is de breuk ter informatie "
            "en blijven de cijfers vergelijkbaar. De monitor stelt de breuken vast uit de "
            "geladen gegevens zelf."
        ),
        eenheid="breuken",
        sleutels=("schooljaar", "code"),
        kolommen=REGISTER_KOLOMMEN,
        bronnen=("leerlingen",),
        optionele_bronnen=BREUK_BRONNEN,
        reproduceert="Toelichting bij alle reeksen",
        bereken=reeksbreuken,
    ),
)
