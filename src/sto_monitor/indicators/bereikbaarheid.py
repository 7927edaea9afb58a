"""Indicator 13: how far the offer of each profiel lies from home (Tabel 4.7, reisafstand).

Home is a PC4 centroid (table ``pc4``); a school is the ``vestiging`` view's coordinates; a
vestiging "offers" profiel P in leerweg L per ``Inputs.aanbod``. Who lives where:

- ``leerling-pc4``: for a school year with rows in ``leerling_pc4`` (derdejaars by home PC4),
  those students, per leerweg;
- ``leerling-pc4-duo``: else, for a school year with rows in ``leerling_postcode`` (DUO's
  public file of students per vestiging by home postcode and leerjaar), the leerjaar-3 students
  of each vestiging x postcode, split over bb/kb/gl by that vestiging's third-year shares:
  share_L(v) = derdejaars of leerweg L at v / all leerjaar-3 students at v (every
  onderwijstype, as the postcode file counts them all), on interval midpoints of ``leerlingen``;
  weight = [aantal_min, aantal_max] x share_L(v). A full postcode is a PC4 centroid; a postcode
  DUO cut short (1-3 digits) is placed at the mean centroid of the known PC4s that start with
  those digits; an empty postcode cannot be placed and is left out, like an unknown PC4;
- ``bevolking-15-25``: otherwise every PC4 weighted by its residents aged 15-25 (CBS, the latest
  ``jaar`` loaded, midpoints of CBS's [min, max]); the same population for every leerweg.

Weights are fractional under ``leerling-pc4-duo``: the shares are computed on them, and the
published counts (``binnen_10km``, ``totaal``) are rounded to whole students.

Distances are great circles (``afstand.haversine_km``). For "within 10 km" only the PC4 x
vestiging pairs inside a lat/lon box around each PC4 are measured (``_paren``). The nearest
school for ``reisafstand`` is searched in a 25 km box first, and only the PC4s without an
offering school that close are measured against every offering school (``_afstanden``).
Everything is portable Ibis (joins, windows, sin/cos/asin/sqrt): DuckDB and Spark.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators.afstand import KM_PER_GRAAD_BREEDTE, haversine_km
from sto_monitor.indicators.definitie import (
    Herleiding,
    Indicator,
    Openbaar,
    Openbaarheid,
    Selectie,
)
from sto_monitor.indicators.inputs import (
    REGIO_INDELING,
    Inputs,
    aandeel,
    met_waarden,
    midden,
    onzeker,
    punt,
)

LEERLING_PC4 = "leerling-pc4"
LEERLING_PC4_DUO = "leerling-pc4-duo"
BEVOLKING = "bevolking-15-25"
BINNEN_KM = 10.0
MAX_LAT = 54.0  # boxes in degrees (``_box``) hold for home locations south of this
DICHTBIJ_KM = 25.0  # first pass of the nearest search (``_afstanden``)
SLEUTELS = ("schooljaar", "profiel", "leerweg")
KEYS = list(SLEUTELS)
# Distance classes of ``reisafstand``: (column suffix, lower bound exclusive, upper inclusive).
KLASSEN: tuple[tuple[str, float, float | None], ...] = (
    ("0_5km", -1.0, 5.0),
    ("5_10km", 5.0, 10.0),
    ("10_15km", 10.0, 15.0),
    ("15_25km", 15.0, 25.0),
    ("25km_plus", 25.0, None),
)


def _jaren(inp: Inputs) -> ir.Table:
    """Every school year loaded, with the method its home locations come from."""
    jaren = inp.derdejaars().select("schooljaar").distinct()
    met_pc4 = inp.table("leerling_pc4").select("schooljaar").distinct().mutate(_pc4=True)
    met_duo = inp.table("leerling_postcode").select("schooljaar").distinct().mutate(_duo=True)
    jaren = jaren.left_join(met_pc4, "schooljaar").select("schooljaar", "_pc4")
    jaren = jaren.left_join(met_duo, "schooljaar").select("schooljaar", "_pc4", "_duo")
    return jaren.select(
        "schooljaar",
        methode=ibis.cases(
            (jaren._pc4.fill_null(False), LEERLING_PC4),
            (jaren._duo.fill_null(False), LEERLING_PC4_DUO),
            else_=BEVOLKING,
        ),
    )


def _duo_herkomst(inp: Inputs, jaren: ir.Table) -> ir.Table:
    """``leerling-pc4-duo``: DUO's leerjaar-3 students per vestiging x home postcode, split over
    bb/kb/gl by the vestiging's third-year shares (module docstring).

    Columns: schooljaar, leerweg, pc4 (the postcode as DUO wrote it), gewicht_min, gewicht_max.
    """
    ll = inp.table("leerlingen")
    ll = ll.filter(ll.leerjaar == 3)
    alle = ll.group_by(["schooljaar", "vestiging"]).aggregate(
        _alle=midden(ll.aantal_min.sum(), ll.aantal_max.sum())
    )
    lw = ll.filter(ll.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN))
    per_leerweg = lw.group_by(["schooljaar", "vestiging", "leerweg"]).aggregate(
        _deel=midden(lw.aantal_min.sum(), lw.aantal_max.sum())
    )
    aandelen = per_leerweg.join(alle, ["schooljaar", "vestiging"])
    aandelen = aandelen.filter(aandelen._alle > 0).select(
        "schooljaar", "vestiging", "leerweg", _aandeel=aandelen._deel / aandelen._alle
    )
    lp = inp.table("leerling_postcode")
    lp = lp.filter(lp.leerjaar == 3).join(
        jaren.filter(jaren.methode == LEERLING_PC4_DUO).select("schooljaar"), "schooljaar"
    )
    lp = lp.group_by(["schooljaar", "vestiging", "postcode"]).aggregate(
        _min=lp.aantal_min.sum(), _max=lp.aantal_max.sum()
    )
    w = lp.join(aandelen, ["schooljaar", "vestiging"])
    w = w.select(
        "schooljaar",
        "leerweg",
        pc4=w.postcode,
        _min=w._min.cast("float64") * w._aandeel,
        _max=w._max.cast("float64") * w._aandeel,
    )
    return w.group_by(["schooljaar", "leerweg", "pc4"]).aggregate(
        gewicht_min=w._min.sum(), gewicht_max=w._max.sum()
    )


def _plaatsen(inp: Inputs) -> ir.Table:
    """pc4, lat, lon: every PC4 centroid, and for every prefix of 1-3 digits the mean centroid
    of the known PC4s that start with it (where a postcode cut short is placed)."""
    pc4 = inp.table("pc4")
    pc4 = pc4.group_by("pc4").aggregate(lat=pc4.lat.mean(), lon=pc4.lon.mean())
    vier = pc4.filter(pc4.pc4.length() == 4)
    plaatsen = pc4.select(pc4=pc4.pc4.cast("string"), lat=pc4.lat, lon=pc4.lon)
    for n in (1, 2, 3):
        p = vier.mutate(_prefix=vier.pc4.substr(0, n))
        p = p.group_by("_prefix").aggregate(lat=p.lat.mean(), lon=p.lon.mean())
        plaatsen = plaatsen.union(p.select(pc4=p._prefix.cast("string"), lat=p.lat, lon=p.lon))
    return plaatsen


def _herkomst(inp: Inputs) -> ir.Table:
    """Home locations: schooljaar, leerweg, methode, pc4, lat, lon, gewicht_min, gewicht_max.

    Weights are float64 for every method (fractional under ``leerling-pc4-duo``).
    """
    jaren = _jaren(inp)
    lp = inp.table("leerling_pc4")
    lp = lp.filter(lp.leerweg.isin(domain.BEROEPSGERICHTE_LEERWEGEN))
    leerling = (
        lp.group_by(["schooljaar", "leerweg", "pc4"])
        .aggregate(gewicht_min=lp.aantal_min.sum(), gewicht_max=lp.aantal_max.sum())
        .join(jaren.filter(jaren.methode == LEERLING_PC4), "schooljaar")
    )
    duo = _duo_herkomst(inp, jaren).mutate(methode=ibis.literal(LEERLING_PC4_DUO))
    bev = inp.table("pc4_bevolking")
    bev = bev.filter((bev.jaar == bev.jaar.max()) & bev.inwoners_15_25_min.notnull())
    bev = bev.group_by("pc4").aggregate(
        gewicht_min=bev.inwoners_15_25_min.sum(),
        gewicht_max=bev.inwoners_15_25_max.fill_null(bev.inwoners_15_25_min).sum(),
    )
    bevolking = met_waarden(
        jaren.filter(jaren.methode == BEVOLKING), "leerweg", domain.BEROEPSGERICHTE_LEERWEGEN
    ).cross_join(bev)

    def rijen(t: ir.Table) -> ir.Table:
        return t.select(
            "schooljaar",
            "leerweg",
            methode=t.methode.cast("string"),
            pc4=t.pc4.cast("string"),
            gewicht_min=t.gewicht_min.cast("float64"),
            gewicht_max=t.gewicht_max.cast("float64"),
        )

    rows = rijen(leerling).union(rijen(duo)).union(rijen(bevolking))
    # A home postcode without coordinates cannot be placed: it counts in neither share.
    return rows.join(_plaatsen(inp), "pc4")


def _heel(aantal: ir.NumericValue) -> ir.IntegerValue:
    """A published count in whole students (weights are fractional under leerling-pc4-duo)."""
    return aantal.round().cast("int64")


def _aanbodpunten(inp: Inputs) -> ir.Table:
    """Offering vestigingen with coordinates: schooljaar, profiel, leerweg, v_lat, v_lon."""
    aanbod = inp.aanbod().select("schooljaar", "vestiging", "profiel", "leerweg").distinct()
    v = inp.table("vestiging")
    v = v.filter(v.lat.notnull() & v.lon.notnull()).select("vestiging", v_lat=v.lat, v_lon=v.lon)
    return aanbod.join(v, "vestiging").select("schooljaar", "profiel", "leerweg", "v_lat", "v_lon")


def _box(km: float) -> tuple[float, float]:
    """Half-widths in degrees (lat, lon) of a box that holds every point within ``km``.

    Valid up to ``MAX_LAT`` (all of European NL); a margin of 5 % absorbs sphere rounding.
    For 10 km this is about 0.094 x 0.16 degrees.
    """
    dlat = km / KM_PER_GRAAD_BREEDTE
    return dlat * 1.05, dlat / math.cos(math.radians(MAX_LAT)) * 1.05


def _paren(h: ir.Table, a: ir.Table, keys: list[str], km: float | None) -> ir.Table:
    """Nearest distance per ``keys`` + pc4 over the pairs of h x a equal on ``keys``.

    With ``km`` only the pairs inside the box of ``_box(km)`` are measured, and only a
    nearest distance of at most ``km`` is kept: exact, since everything outside the box is
    further away than ``km``.
    """
    preds: list[object] = [h[k] == a[k] for k in keys]
    if km is not None:
        dlat, dlon = _box(km)
        # An equi-join on bands of latitude (each vestiging also in the bands above and below)
        # spares the engine most pairs before the box test.
        h = h.mutate(_band=(h.lat / dlat).floor().cast("int64"))
        band = (a.v_lat / dlat).floor().cast("int64")
        a = a.mutate(_band=band - 1).union(a.mutate(_band=band)).union(a.mutate(_band=band + 1))
        preds = [h[k] == a[k] for k in [*keys, "_band"]] + [
            a.v_lat.between(h.lat - dlat, h.lat + dlat),
            a.v_lon.between(h.lon - dlon, h.lon + dlon),
        ]
    pairs = h.join(a, preds)
    pairs = pairs.select(
        h.schooljaar,
        h.leerweg,
        h.pc4,
        a.profiel,
        km=haversine_km(h.lat, h.lon, a.v_lat, a.v_lon),
    )
    nearest = pairs.group_by(["schooljaar", "profiel", "leerweg", "pc4"]).aggregate(
        km=pairs.km.min()
    )
    return nearest if km is None else nearest.filter(nearest.km <= km)


def _afstanden(inp: Inputs, herkomst: ir.Table, *, tot_km: float | None) -> ir.Table:
    """Per schooljaar x profiel x leerweg x home PC4: km to the nearest offering vestiging.

    ``tot_km``: only where that is at most this far (one pass over nearby pairs). ``None``: for
    every home PC4, in two passes: pairs within ``DICHTBIJ_KM`` first, and only for the PC4s
    without an offering vestiging that close, all pairs (few: those profielen are rare).
    """
    h = herkomst.select("schooljaar", "leerweg", "pc4", "lat", "lon").distinct()
    a = _aanbodpunten(inp)
    if tot_km is not None:
        return _paren(h, a, ["schooljaar", "leerweg"], tot_km)
    dichtbij = _paren(h, a, ["schooljaar", "leerweg"], DICHTBIJ_KM)
    profielen = a.select("schooljaar", "profiel", "leerweg").distinct()
    ver = h.join(profielen, ["schooljaar", "leerweg"]).anti_join(
        dichtbij, ["schooljaar", "profiel", "leerweg", "pc4"]
    )
    rest = _paren(ver, a, ["schooljaar", "profiel", "leerweg"], None)
    return dichtbij.union(rest.select(*dichtbij.columns))


def _rooster(inp: Inputs, herkomst: ir.Table) -> ir.Table:
    """Every year x profiel (all 10) x leerweg, with methode and the total home weight."""
    totaal = herkomst.group_by(["schooljaar", "leerweg"]).aggregate(
        totaal_min=herkomst.gewicht_min.sum(), totaal_max=herkomst.gewicht_max.sum()
    )
    grid = met_waarden(_jaren(inp), "profiel", domain.PROFIEL_CODES)
    grid = met_waarden(grid, "leerweg", domain.BEROEPSGERICHTE_LEERWEGEN)
    grid = grid.left_join(totaal, ["schooljaar", "leerweg"])
    return grid.select(
        "schooljaar",
        "profiel",
        "leerweg",
        "methode",
        totaal_min=grid.totaal_min.fill_null(0),
        totaal_max=grid.totaal_max.fill_null(0),
    )


def bereikbaarheid(inp: Inputs) -> ir.Table:
    """Tabel 4.7: share of derdejaars (or residents 15-25) within 10 km of the offer."""
    herkomst = _herkomst(inp)
    near = _afstanden(inp, herkomst, tot_km=BINNEN_KM).drop("km")
    w = near.join(herkomst, ["schooljaar", "leerweg", "pc4"])
    binnen = w.group_by(KEYS).aggregate(
        binnen_min=w.gewicht_min.sum(), binnen_max=w.gewicht_max.sum()
    )
    t = _rooster(inp, herkomst).left_join(binnen, KEYS)
    t = t.mutate(
        binnen_10km_min=t.binnen_min.fill_null(0), binnen_10km_max=t.binnen_max.fill_null(0)
    )
    return t.select(
        "schooljaar",
        "profiel",
        "leerweg",
        "methode",
        aandeel_binnen_10km=aandeel(
            t.binnen_10km_min, t.binnen_10km_max, t.totaal_min, t.totaal_max
        ),
        onzeker=onzeker(t.binnen_10km_min, t.binnen_10km_max, t.totaal_min, t.totaal_max),
        binnen_10km=punt(_heel(t.binnen_10km_min), _heel(t.binnen_10km_max)),
        binnen_10km_min=_heel(t.binnen_10km_min),
        binnen_10km_max=_heel(t.binnen_10km_max),
        totaal=punt(_heel(t.totaal_min), _heel(t.totaal_max)),
        totaal_min=_heel(t.totaal_min),
        totaal_max=_heel(t.totaal_max),
    ).order_by(KEYS)


def _in_klasse(km: ir.FloatingValue, laag: float, hoog: float | None) -> ir.BooleanValue:
    return km > laag if hoog is None else (km > laag) & (km <= hoog)


def reisafstand(inp: Inputs) -> ir.Table:
    """Distance from home to the nearest offering vestiging: classes, mean and median."""
    herkomst = _herkomst(inp)
    d = _afstanden(inp, herkomst, tot_km=None)
    w = d.join(herkomst, ["schooljaar", "leerweg", "pc4"])
    w = w.mutate(_w=midden(w.gewicht_min, w.gewicht_max))
    # Weighted median: the smallest distance at which the cumulative weight (nearest first)
    # reaches half of the total (the lower weighted median; windows run on both engines).
    cum = ibis.window(group_by=KEYS, order_by=["km", "pc4"], rows=(None, 0))
    w = w.mutate(_cum=w._w.sum().over(cum), _half=w._w.sum().over(ibis.window(group_by=KEYS)) / 2)
    aggs: dict[str, ir.Value] = {
        "_som": w._w.sum(),
        "_som_km": (w._w * w.km).sum(),
        "mediaan_km": ibis.ifelse(w._cum >= w._half, w.km, ibis.null("float64")).min(),
    }
    for naam, laag, hoog in KLASSEN:
        binnen = _in_klasse(w.km, laag, hoog)
        aggs[f"_{naam}_min"] = ibis.ifelse(binnen, w.gewicht_min, 0).sum()
        aggs[f"_{naam}_max"] = ibis.ifelse(binnen, w.gewicht_max, 0).sum()
    verdeling = w.group_by(KEYS).aggregate(**aggs)
    t = _rooster(inp, herkomst).left_join(verdeling, KEYS)
    aandelen = {
        f"aandeel_{naam}": aandeel(t[f"_{naam}_min"], t[f"_{naam}_max"], t.totaal_min, t.totaal_max)
        for naam, _, _ in KLASSEN
    }
    twijfel: ir.BooleanValue = ibis.literal(False)
    for naam, _, _ in KLASSEN:
        twijfel = twijfel | onzeker(
            t[f"_{naam}_min"], t[f"_{naam}_max"], t.totaal_min, t.totaal_max
        ).fill_null(False)
    return t.select(
        "schooljaar",
        "profiel",
        "leerweg",
        "methode",
        **aandelen,
        gemiddelde_km=ibis.ifelse(t._som > 0, t._som_km / t._som, ibis.null("float64")),
        mediaan_km=t.mediaan_km,
        onzeker=twijfel,
        totaal=punt(_heel(t.totaal_min), _heel(t.totaal_max)),
        totaal_min=_heel(t.totaal_min),
        totaal_max=_heel(t.totaal_max),
    ).order_by(KEYS)


_HERKOMST_NL = (
    "Woonplaats: het middelpunt van de postcode (PC4) van het woonadres. Methode "
    "'leerling-pc4': de derdejaarsleerlingen van die leerweg naar woonpostcode, voor "
    "schooljaren waarvoor die gegevens geladen zijn. Methode 'leerling-pc4-duo' (anders, als "
    "het openbare DUO-bestand met leerlingen per vestiging naar postcode geladen is): de "
    "woonpostcodes van alle derdejaars van de vestiging (DUO), verdeeld over de leerwegen naar "
    "de verdeling van de derdejaars van die vestiging; ingekorte postcodes op het midden van de "
    "bijbehorende PC4-gebieden, postcodes die DUO helemaal weglaat tellen niet mee. Dat is een "
    "benadering, en de aantallen zijn dan schattingen, afgerond op hele leerlingen. Methode "
    "'bevolking-15-25' (anders): elke "
    "postcode gewogen naar het aantal inwoners van 15 tot 25 jaar (CBS, laatste geladen jaar, "
    "midden van het CBS-interval); dat is voor alle leerwegen dezelfde bevolking, dus dan gaat "
    "het om het aandeel 15- tot 25-jarigen in Nederland. Postcodes zonder coördinaten tellen "
    "niet mee, net als vestigingen zonder coördinaten. Afstand in vogelvlucht (grootcirkel)."
)
# leerling_pc4 and leerling_postcode are optional: a year without them uses the next method.
BRONNEN = ("leerlingen", "vestiging_geo", "pc4", "pc4_bevolking")
# Home postcodes of students, where loaded (the better methods, ``_jaren``).
OPTIONELE_BRONNEN = ("leerling_pc4", "leerling_postcode", "vestiging", *REGIO_INDELING)


def _klasse(km: ir.FloatingValue) -> ir.StringValue:
    """The distance class (``KLASSEN``) of a distance; null when there is none."""
    return ibis.cases(
        *((_in_klasse(km, laag, hoog), naam) for naam, laag, hoog in KLASSEN),
        else_=ibis.null("string"),
    )


def _atomen(inp: Inputs) -> ir.Table:
    """Home PC4s of derdejaars per leerweg (``leerling_pc4``), with, per profiel, whether an
    offer lies within 10 km (``binnen_<P>``) and the class of the nearest one (``klasse_<P>``).
    """
    herkomst = _herkomst(inp)
    herkomst = herkomst.filter(herkomst.methode == LEERLING_PC4)
    d = _afstanden(inp, herkomst, tot_km=None)
    km = d.group_by(["schooljaar", "leerweg", "pc4"]).aggregate(
        **{
            f"km_{p}": ibis.ifelse(d.profiel == p, d.km, ibis.null("float64")).min()
            for p in domain.PROFIEL_CODES
        }
    )
    # Student counts of leerling_pc4: whole numbers (float64 in ``_herkomst``).
    t = herkomst.select(
        "schooljaar",
        "leerweg",
        "pc4",
        aantal_min=_heel(herkomst.gewicht_min),
        aantal_max=_heel(herkomst.gewicht_max),
    ).left_join(km, ["schooljaar", "leerweg", "pc4"])
    flags: dict[str, ir.Value] = {}
    for p in domain.PROFIEL_CODES:
        afstand = t[f"km_{p}"]
        flags[f"binnen_{p}"] = (afstand <= BINNEN_KM).fill_null(False)
        flags[f"klasse_{p}"] = _klasse(afstand)
    return t.select("schooljaar", "leerweg", "pc4", "aantal_min", "aantal_max", **flags)


def _bereik_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """Students of the leerweg (``totaal``), and those within 10 km of the profiel's offer."""
    if rij["methode"] != LEERLING_PC4:
        return None  # residents 15-25 (CBS): public
    leerweg: Selectie = {"leerweg": (rij["leerweg"],)}
    if kolom in ("totaal", "aandeel_binnen_10km"):
        return "aantal", leerweg
    if kolom == "binnen_10km":
        return "aantal", {**leerweg, f"binnen_{rij['profiel']}": (True,)}
    return None


def _openbare_cel(rij: Mapping[str, Any], familie: str) -> tuple[Mapping[str, object], str] | None:
    """The students of a leerweg by home postcode are DUO's derdejaars of that leerweg."""
    if familie != "totaal" or rij["methode"] != LEERLING_PC4:
        return None
    sleutels = {"schooljaar": rij["schooljaar"], "profiel": "totaal", "leerweg": rij["leerweg"]}
    return sleutels, "aantal"


# Where DUO masked its count of these students, the delivery's count must not narrow it.
DUO_DERDEJAARS = Openbaar("leerlingen_per_profiel", _openbare_cel)


def _reis_cel(rij: Mapping[str, Any], kolom: str) -> tuple[str, Selectie] | None:
    """Students of the leerweg (``totaal``) and, per distance class share, those in the class."""
    if rij["methode"] != LEERLING_PC4:
        return None
    leerweg: Selectie = {"leerweg": (rij["leerweg"],)}
    if kolom == "totaal":
        return "aantal", leerweg
    if kolom.startswith("aandeel_"):
        return "aantal", {**leerweg, f"klasse_{rij['profiel']}": (kolom.removeprefix("aandeel_"),)}
    return None


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="bereikbaarheid",
        titel="Bereikbaarheid van het profielaanbod binnen 10 km",
        definitie=(
            "Per schooljaar, profiel en leerweg (bb, kb, gl) het aandeel derdejaarsleerlingen "
            "van die leerweg dat binnen 10 km in vogelvlucht woont van een vestiging die dat "
            "profiel in die leerweg aanbiedt (minstens één derdejaarsleerling). " + _HERKOMST_NL
        ),
        eenheid="procent",
        sleutels=SLEUTELS,
        bronnen=BRONNEN,
        optionele_bronnen=OPTIONELE_BRONNEN,
        reproduceert="Tabel 4.7",
        kolommen=(
            "schooljaar",
            "profiel",
            "leerweg",
            "methode",
            "aandeel_binnen_10km",
            "onzeker",
            "binnen_10km",
            "binnen_10km_min",
            "binnen_10km_max",
            "totaal",
            "totaal_min",
            "totaal_max",
        ),
        bereken=bereikbaarheid,
        openbaarheid=Openbaarheid(
            aantallen=(
                "binnen_10km",
                "binnen_10km_min",
                "binnen_10km_max",
                "totaal",
                "totaal_min",
                "totaal_max",
            ),
            # No groep: these counts add up to no published total (a PC4 can be near several
            # profielen), so a hidden one cannot be derived and needs no second suppression.
            aandelen={"aandeel_binnen_10km": "totaal"},
        ),
        # Years with home postcodes of students rest on that confidential delivery.
        herleiding=Herleiding(
            bron="leerling_pc4",
            atomen=_atomen,
            cel=_bereik_cel,
            tellers={"aandeel_binnen_10km": "binnen_10km"},
            openbaar=DUO_DERDEJAARS,
        ),
    ),
    Indicator(
        naam="reisafstand",
        titel="Afstand van huis tot het dichtstbijzijnde profielaanbod",
        definitie=(
            "Per schooljaar, profiel en leerweg (bb, kb, gl) de verdeling van de afstand in "
            "vogelvlucht van het woonadres tot de dichtstbijzijnde vestiging die dat profiel in "
            "die leerweg aanbiedt: het aandeel in de klassen 0-5, 5-10, 10-15, 15-25 en meer "
            "dan 25 km (ondergrens exclusief, bovengrens inclusief), de gewogen gemiddelde "
            "afstand en de gewogen mediaan (de kleinste afstand waarbij de helft van het "
            "gewicht bereikt is). Leeg als geen vestiging het profiel in die leerweg aanbiedt. "
            + _HERKOMST_NL
        ),
        eenheid="procent",
        sleutels=SLEUTELS,
        bronnen=BRONNEN,
        optionele_bronnen=OPTIONELE_BRONNEN,
        reproduceert="§4.3.3 (reisafstand; verdeling bij Tabel 4.7)",
        kolommen=(
            "schooljaar",
            "profiel",
            "leerweg",
            "methode",
            *(f"aandeel_{naam}" for naam, _, _ in KLASSEN),
            "gemiddelde_km",
            "mediaan_km",
            "onzeker",
            "totaal",
            "totaal_min",
            "totaal_max",
        ),
        bereken=reisafstand,
        openbaarheid=Openbaarheid(
            aantallen=("totaal", "totaal_min", "totaal_max"),
            # The mean and median rest on the same students as the shares.
            aandelen={
                **{f"aandeel_{naam}": "totaal" for naam, _, _ in KLASSEN},
                "gemiddelde_km": "totaal",
                "mediaan_km": "totaal",
            },
        ),
        herleiding=Herleiding(
            bron="leerling_pc4",
            atomen=_atomen,
            cel=_reis_cel,
            impliciet={f"aandeel_{naam}": "totaal" for naam, _, _ in KLASSEN},
            openbaar=DUO_DERDEJAARS,
        ),
    ),
)
