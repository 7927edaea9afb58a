"""In- en doorstroom within vmbo per STO-regio, from the public DUO leerlingen file (issue 17).

Three tables for the region's view of in-, door- and uitstroom (``publicatie/stromen.py``):

- ``instroom_per_regio``: instroom into leerjaar 3, i.e. the derdejaars of the region per
  profiel (and the groups techniek, niet-techniek, totaal) and leerweg (bb, kb, gl, totaal);
- ``weglekken_per_regio`` (an estimate): derdejaars in a technical profiel who are not in
  leerjaar 4 of that profiel at the same vestiging a school year later;
- ``afstromers_per_regio`` (an estimate): students who joined leerjaar 4 of a lower leerweg
  (kb, bb) at a vestiging, against leerjaar 3 of that leerweg there a year earlier.

DUO publishes counts per vestiging, not per student, so both estimates compare two consecutive
files per vestiging: the *net* loss (weglekken) or the *net* gain (afstromers) of one vestiging
is counted, never offset against another vestiging. A vestiging that is missing from either
file is left out of both years (a closed or renamed vestiging is not a flow). Where DUO masked a
cell (``<5``, [1, 4]) the estimate is the interval of every value the cells allow; an estimate
of 1 to 4 is published as DUO publishes such counts, ``<5``.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from sto_monitor import domain
from sto_monitor.indicators import breuken
from sto_monitor.indicators import woorden as w
from sto_monitor.indicators.definitie import Indicator, Openbaarheid
from sto_monitor.indicators.inputs import (
    REGIO_INDELING,
    Inputs,
    aandeel,
    met_waarden,
    onzeker,
    punt,
)

TOTAAL = "totaal"
TECHNIEK = "techniek"
NIET_TECHNIEK = "niet-techniek"
LANDELIJK = "NL"  # the regio of the national rows, as in ``techniekaandeel``
LEERWEGEN: tuple[str, ...] = domain.BEROEPSGERICHTE_LEERWEGEN
LAGERE_LEERWEGEN: tuple[str, ...] = ("bb", "kb")  # below gl and tl: where afstromers go
INSTROOM_PROFIELEN: tuple[str, ...] = (
    *domain.PROFIEL_CODES,
    domain.OVERIG,
    TECHNIEK,
    NIET_TECHNIEK,
    TOTAAL,
)
REGIO_BRONNEN: tuple[str, ...] = ("leerlingen", "regio_vestiging", "regio_schooljaar")


def _sommen(t: ir.Table, lo: str = "aantal_min", hi: str = "aantal_max") -> dict[str, ir.Value]:
    return {"aantal_min": t[lo].sum(), "aantal_max": t[hi].sum()}


def _leerjaar(inp: Inputs, leerjaar: int) -> ir.Table:
    """The source cells of one leerjaar in bb, kb and gl, with ``techniek`` (the definition's)."""
    lln = inp.table("leerlingen")
    t = lln.filter((lln.leerjaar == leerjaar) & lln.leerweg.isin(LEERWEGEN))
    return t.mutate(techniek=inp.is_techniek(t))


def _regio(inp: Inputs) -> ir.Table:
    return inp.table("regio_schooljaar").select("schooljaar", "vestiging", "regio")


def als_duo(lo: ir.IntegerValue, hi: ir.IntegerValue) -> tuple[ir.IntegerValue, ir.IntegerValue]:
    """An estimated count as DUO would publish it: one that is at most 1 to 4 becomes ``<5``.

    [2, 2] and [1, 3] become [1, 4]; [0, 3] becomes [0, 4]; [0, 0] and anything reaching 5 stay.
    """
    klein = (hi >= 1) & (hi <= 4)
    return (
        ibis.ifelse(klein, ibis.least(lo, 1), lo),
        ibis.ifelse(klein, ibis.literal(4, hi.type()), hi),
    )


# --- instroom into leerjaar 3 --------------------------------------------------------------
def instroom_per_regio(inp: Inputs) -> ir.Table:
    """Derdejaars per region x profiel x leerweg, with the groups and totals; 0 included.

    The groups follow the definition as in ``leerlingen_per_profiel`` (Tabel 4.1): techniek,
    niet-techniek, and ``overig`` (routes and older afdelingen) either in niet-techniek or as a
    group of its own.
    """
    d = _leerjaar(inp, 3).join(_regio(inp), ["schooljaar", "vestiging"])
    routes_apart = not inp.definitie.routes_bij_niet_techniek
    groep = ibis.cases(
        (d.techniek, TECHNIEK),
        (d.profiel == domain.OVERIG, domain.OVERIG if routes_apart else NIET_TECHNIEK),
        else_=NIET_TECHNIEK,
    )
    detail = d.profiel.isin(domain.PROFIEL_CODES)
    if not routes_apart:
        detail = detail | ((d.profiel == domain.OVERIG) & ~d.techniek)
    keys = ["schooljaar", "regio"]
    cols = [*keys, "profiel", "leerweg", "aantal_min", "aantal_max"]
    per_profiel = d.filter(detail.fill_null(False))
    per_profiel = per_profiel.group_by([*keys, "profiel", "leerweg"]).aggregate(
        **_sommen(per_profiel)
    )
    per_groep = d.group_by([*keys, groep.name("profiel"), "leerweg"]).aggregate(**_sommen(d))
    totaal = (
        d.group_by([*keys, "leerweg"]).aggregate(**_sommen(d)).mutate(profiel=ibis.literal(TOTAAL))
    )
    cellen = per_profiel.select(*cols).union(per_groep.select(*cols)).union(totaal.select(*cols))
    over_leerwegen = (
        cellen.group_by([*keys, "profiel"])
        .aggregate(**_sommen(cellen))
        .mutate(leerweg=ibis.literal(TOTAAL))
    )
    cellen = cellen.union(over_leerwegen.select(*cols))

    rooster = met_waarden(d.select(*keys).distinct(), "profiel", INSTROOM_PROFIELEN)
    rooster = met_waarden(rooster, "leerweg", (*LEERWEGEN, TOTAAL))
    t = rooster.left_join(cellen, [*keys, "profiel", "leerweg"])
    lo, hi = t.aantal_min.fill_null(0), t.aantal_max.fill_null(0)
    t = t.select(*keys, "profiel", "leerweg", aantal_min=lo, aantal_max=hi)
    t = t.mutate(aantal=punt(t.aantal_min, t.aantal_max))
    return t.select(*INSTROOM_KOLOMMEN).order_by([*keys, "profiel", "leerweg"])


INSTROOM_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio",
    "profiel",
    "leerweg",
    "aantal",
    "aantal_min",
    "aantal_max",
)


# --- two consecutive files -----------------------------------------------------------------
def jaarparen(inp: Inputs) -> ir.Table:
    """Every school year with leerjaar 4 (bb, kb, gl) whose previous school year is loaded with
    leerjaar 3: ``schooljaar`` (the year of leerjaar 4) and ``vorig`` (the year before)."""
    lln = inp.table("leerlingen")
    bg = lln.filter(lln.leerweg.isin(LEERWEGEN))
    vier = bg.filter(bg.leerjaar == 4).select("schooljaar").distinct()
    drie = bg.filter(bg.leerjaar == 3).select(vorig=bg.schooljaar).distinct()
    return vier.join(drie, vier.schooljaar == drie.vorig + 1).select("schooljaar", "vorig")


def _in_beide_jaren(inp: Inputs) -> ir.Table:
    """Per pair of years, the vestigingen that are in both files (any leerjaar, any row)."""
    lln = inp.table("leerlingen")
    aanwezig = lln.select("schooljaar", "vestiging").distinct()
    eerder = aanwezig.select(vorig=aanwezig.schooljaar, vestiging=aanwezig.vestiging)
    paren = jaarparen(inp)
    beide = paren.join(aanwezig, "schooljaar").join(eerder, ["vorig", "vestiging"])
    return beide.select("schooljaar", "vorig", "vestiging")


def _per_regio_en_landelijk(
    t: ir.Table, inp: Inputs, keys: list[str], sommen: list[str]
) -> ir.Table:
    """Sums of ``sommen`` per schooljaar x regio x ``keys``: per region (its vestigingen in the
    later year) and nationally (regio ``NL``, every vestiging)."""
    aggregaten = {k: t[k].sum() for k in sommen}
    landelijk = (
        t.group_by(["schooljaar", *keys])
        .aggregate(**aggregaten)
        .mutate(regio=ibis.literal(LANDELIJK))
    )
    in_regio = t.join(_regio(inp), ["schooljaar", "vestiging"])
    per_regio = in_regio.group_by(["schooljaar", "regio", *keys]).aggregate(
        **{k: in_regio[k].sum() for k in sommen}
    )
    return per_regio.union(landelijk.select(*per_regio.columns))


def _rooster(inp: Inputs, kolom: str, waarden: tuple[str, ...]) -> ir.Table:
    """Every pair's later year x region (with vestigingen in both files) and NL x ``waarden``."""
    beide = _in_beide_jaren(inp)
    regios = beide.join(_regio(inp), ["schooljaar", "vestiging"]).select("schooljaar", "regio")
    landelijk = beide.select("schooljaar", regio=ibis.literal(LANDELIJK))
    return met_waarden(regios.union(landelijk).distinct(), kolom, waarden)


# --- weglekken -----------------------------------------------------------------------------
def _techniek_eenheden(inp: Inputs, leerjaar: int) -> ir.Table:
    """Per schooljaar x vestiging the students of one leerjaar per technical profiel and in
    techniek as a whole (``eenheid`` = the profiel code, or ``techniek``)."""
    d = _leerjaar(inp, leerjaar)
    d = d.filter(d.techniek)
    profielen = d.filter(d.profiel.isin(inp.definitie.techniek_profielen))
    per_profiel = profielen.group_by(
        ["schooljaar", "vestiging", profielen.profiel.name("eenheid")]
    ).aggregate(**_sommen(profielen))
    samen = (
        d.group_by(["schooljaar", "vestiging"])
        .aggregate(**_sommen(d))
        .mutate(eenheid=ibis.literal(TECHNIEK))
    )
    return per_profiel.union(samen.select(*per_profiel.columns))


# --- the two estimates share their published form ---------------------------------------------
# Summed bounds per region: d derdejaars the year before, v vierdejaars, e the estimate.
SOMMEN: tuple[str, ...] = ("d_min", "d_max", "v_min", "v_max", "e_min", "e_max")


def _schattingstabel(t: ir.Table, sleutel: str, schatting: str, *, noemer: str) -> ir.Table:
    """The published columns of an estimate from its summed bounds, a grid row without
    students counting 0: the counts, the estimate as DUO would show it (``<5`` for 1-4),
    midpoints, and the estimate's share of ``noemer`` (``derdejaars_vorig`` or ``vierdejaars``)."""
    nul = {k: t[k].fill_null(0) for k in SOMMEN}
    e_min, e_max = als_duo(nul["e_min"], nul["e_max"])
    t = t.select(
        "schooljaar",
        "regio",
        sleutel,
        derdejaars_vorig_min=nul["d_min"],
        derdejaars_vorig_max=nul["d_max"],
        vierdejaars_min=nul["v_min"],
        vierdejaars_max=nul["v_max"],
        **{f"{schatting}_min": e_min, f"{schatting}_max": e_max},
    )
    laag, hoog = t[f"{schatting}_min"], t[f"{schatting}_max"]
    n_laag, n_hoog = t[f"{noemer}_min"], t[f"{noemer}_max"]
    return t.mutate(
        derdejaars_vorig=punt(t.derdejaars_vorig_min, t.derdejaars_vorig_max),
        vierdejaars=punt(t.vierdejaars_min, t.vierdejaars_max),
        **{
            schatting: punt(laag, hoog),
            f"aandeel_{schatting}": aandeel(laag, hoog, n_laag, n_hoog),
        },
        onzeker=onzeker(laag, hoog, n_laag, n_hoog),
    )


def _weglekken_per_vestiging(inp: Inputs) -> ir.Table:
    """Per pair and vestiging in both files, per eenheid with derdejaars the year before:
    those derdejaars, this year's vierdejaars in the eenheid, and the net loss between them."""
    drie = _techniek_eenheden(inp, 3)
    drie = drie.select(
        vorig=drie.schooljaar,
        vestiging=drie.vestiging,
        eenheid=drie.eenheid,
        d_min=drie.aantal_min,
        d_max=drie.aantal_max,
    )
    vier = _techniek_eenheden(inp, 4)
    vier = vier.select("schooljaar", "vestiging", "eenheid", v_min="aantal_min", v_max="aantal_max")
    t = _in_beide_jaren(inp).join(drie, ["vorig", "vestiging"])
    t = t.left_join(vier, ["schooljaar", "vestiging", "eenheid"])
    v_min, v_max = t.v_min.fill_null(0), t.v_max.fill_null(0)
    return t.select(
        "schooljaar",
        "vestiging",
        "eenheid",
        "d_min",
        "d_max",
        v_min=v_min,
        v_max=v_max,
        # the net loss of this vestiging: every value the (masked) cells allow
        e_min=ibis.greatest(t.d_min - v_max, 0),
        e_max=ibis.greatest(t.d_max - v_min, 0),
    )


def weglekken_per_regio(inp: Inputs) -> ir.Table:
    """Estimate: derdejaars in a technical profiel not in leerjaar 4 of it a year later at the
    same vestiging, per region (and NL) and technical profiel (and techniek as a whole)."""
    per_vestiging = _weglekken_per_vestiging(inp)
    sommen = list(SOMMEN)
    t = _per_regio_en_landelijk(per_vestiging, inp, ["eenheid"], sommen)
    eenheden = (*inp.definitie.techniek_profielen, TECHNIEK)
    t = t.rename(profiel="eenheid")
    rooster = _rooster(inp, "profiel", eenheden)
    t = rooster.left_join(t, ["schooljaar", "regio", "profiel"])
    t = _schattingstabel(t, "profiel", "weglekkers", noemer="derdejaars_vorig")
    # Across a break (pre-2016 afdelingen in either file) the profielen do not match: no estimate.
    t = breuken.markeer(inp, t, "weglekken_per_regio", WEGLEKKEN_SCHATTING)
    return t.select(*WEGLEKKEN_KOLOMMEN).order_by(["schooljaar", "regio", "profiel"])


WEGLEKKEN_SCHATTING: tuple[str, ...] = (
    "weglekkers",
    "weglekkers_min",
    "weglekkers_max",
    "aandeel_weglekkers",
    "onzeker",
)
WEGLEKKEN_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio",
    "profiel",
    "derdejaars_vorig",
    "derdejaars_vorig_min",
    "derdejaars_vorig_max",
    "vierdejaars",
    "vierdejaars_min",
    "vierdejaars_max",
    "weglekkers",
    "weglekkers_min",
    "weglekkers_max",
    "aandeel_weglekkers",
    "onzeker",
    "breuk",
)


# --- afstromers ----------------------------------------------------------------------------
def _per_leerweg(inp: Inputs, leerjaar: int) -> ir.Table:
    d = _leerjaar(inp, leerjaar)
    d = d.filter(d.leerweg.isin(LAGERE_LEERWEGEN))
    return d.group_by(["schooljaar", "vestiging", "leerweg"]).aggregate(**_sommen(d))


def _afstromers_per_vestiging(inp: Inputs) -> ir.Table:
    """Per pair, vestiging in both files and lower leerweg: last year's derdejaars, this year's
    vierdejaars, and the net gain between them."""
    drie = _per_leerweg(inp, 3)
    drie = drie.select(
        vorig=drie.schooljaar,
        vestiging=drie.vestiging,
        leerweg=drie.leerweg,
        d_min=drie.aantal_min,
        d_max=drie.aantal_max,
    )
    vier = _per_leerweg(inp, 4)
    vier = vier.select("schooljaar", "vestiging", "leerweg", v_min="aantal_min", v_max="aantal_max")
    rooster = met_waarden(_in_beide_jaren(inp), "leerweg", LAGERE_LEERWEGEN)
    t = rooster.left_join(drie, ["vorig", "vestiging", "leerweg"])
    t = t.left_join(vier, ["schooljaar", "vestiging", "leerweg"])
    d_min, d_max = t.d_min.fill_null(0), t.d_max.fill_null(0)
    v_min, v_max = t.v_min.fill_null(0), t.v_max.fill_null(0)
    return t.select(
        "schooljaar",
        "vestiging",
        "leerweg",
        d_min=d_min,
        d_max=d_max,
        v_min=v_min,
        v_max=v_max,
        e_min=ibis.greatest(v_min - d_max, 0),
        e_max=ibis.greatest(v_max - d_min, 0),
    )


def afstromers_per_regio(inp: Inputs) -> ir.Table:
    """Estimate: the net gain of leerjaar 4 in kb and bb against leerjaar 3 of the same leerweg
    at the same vestiging a year earlier, per region (and NL) and leerweg (and both)."""
    per_vestiging = _afstromers_per_vestiging(inp)
    sommen = list(SOMMEN)
    t = _per_regio_en_landelijk(per_vestiging, inp, ["leerweg"], sommen)
    beide = (
        t.group_by(["schooljaar", "regio"])
        .aggregate(**{k: t[k].sum() for k in sommen})
        .mutate(leerweg=ibis.literal(TOTAAL))
    )
    t = t.union(beide.select(*t.columns))
    rooster = _rooster(inp, "leerweg", (*LAGERE_LEERWEGEN, TOTAAL))
    t = rooster.left_join(t, ["schooljaar", "regio", "leerweg"])
    t = _schattingstabel(t, "leerweg", "afstromers", noemer="vierdejaars")
    return t.select(*AFSTROMERS_KOLOMMEN).order_by(["schooljaar", "regio", "leerweg"])


AFSTROMERS_KOLOMMEN: tuple[str, ...] = (
    "schooljaar",
    "regio",
    "leerweg",
    "derdejaars_vorig",
    "derdejaars_vorig_min",
    "derdejaars_vorig_max",
    "vierdejaars",
    "vierdejaars_min",
    "vierdejaars_max",
    "afstromers",
    "afstromers_min",
    "afstromers_max",
    "aandeel_afstromers",
    "onzeker",
)


def _aantallen(*families: str) -> tuple[str, ...]:
    return tuple(f"{f}{s}" for f in families for s in ("", "_min", "_max"))


_TWEE_BESTANDEN = (
    "Geschat uit twee opeenvolgende DUO-bestanden van leerlingen per vestiging (1 oktober): "
    "DUO telt leerlingen per vestiging, niet per leerling, dus de monitor vergelijkt per "
    "vestiging de aantallen van het ene jaar met die van het volgende. Alleen vestigingen die in "
    "beide bestanden staan tellen mee; een regio telt de vestigingen die in het latere schooljaar "
    "bij haar horen, NL telt alle vestigingen. Waar DUO een aantal maskeerde (<5) is de schatting "
    "een bandbreedte; een geschat aantal van 1 tot en met 4 staat, zoals bij DUO, als <5."
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        naam="instroom_per_regio",
        woorden={"aantal": w.aantal("Instroom in leerjaar 3")},
        titel="Instroom in leerjaar 3 per STO-regio, profiel en leerweg",
        definitie=(
            "Aantal leerlingen in leerjaar 3 van de basis-, kaderberoepsgerichte en gemengde "
            "leerweg op 1 oktober op de vestigingen van een STO-regio, per profiel en leerweg, "
            "met de subtotalen techniek (volgens de gekozen techniekdefinitie), niet-techniek en "
            "totaal, ook als een aantal 0 is. De rij overig telt de vakmanschaps- en "
            "beroepsroutes en oudere afdelingen; zoals in Tabel 4.1 tellen zij mee in "
            "niet-techniek (met de keuze 'routes als overig' vormen zij een eigen groep). "
            "Vestigingen buiten een STO-regio tellen niet mee."
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "regio", "profiel", "leerweg"),
        kolommen=INSTROOM_KOLOMMEN,
        bronnen=REGIO_BRONNEN,
        reproduceert="Tabel 4.1 (per regio)",
        bereken=instroom_per_regio,
        openbaarheid=Openbaarheid(
            aantallen=_aantallen("aantal"),
            groep=("schooljaar", "regio", "profiel"),
            extra_groepen=(("schooljaar", "regio", "leerweg"),),
        ),
        per_regio=True,
    ),
    Indicator(
        naam="weglekken_per_regio",
        woorden={
            "derdejaars_vorig": w.aantal("Derdejaars vorig schooljaar"),
            "vierdejaars": w.aantal("Vierdejaars op dezelfde vestigingen"),
            "weglekkers": w.aantal("Weggelekt (schatting)"),
            "aandeel_weglekkers": w.procent("Aandeel weggelekt (schatting)"),
        },
        titel="Weglekken uit techniek tussen leerjaar 3 en 4 per STO-regio (schatting)",
        definitie=(
            "Schatting van het aantal leerlingen dat in leerjaar 3 (basis, kader, gemengd) een "
            "technisch profiel volgde en een schooljaar later niet in leerjaar 4 van dat profiel "
            "op dezelfde vestiging zit: per vestiging de derdejaars van het vorige schooljaar "
            "min de vierdejaars van dit schooljaar in hetzelfde profiel, als dat positief is, "
            "opgeteld over de vestigingen. De rij techniek doet hetzelfde voor alle technische "
            "profielen samen (wie binnen de vestiging van het ene naar het andere technische "
            "profiel gaat, lekt dan niet weg), zodat zij kleiner kan zijn dan de som van de "
            "profielen. Het aandeel is het percentage van de derdejaars van het vorige "
            "schooljaar. Wie blijft zitten, van school wisselt of het vmbo verlaat, telt mee "
            "als weggelekt; wie op een vestiging binnenkomt, verkleint de schatting van die "
            "vestiging. Schooljaar is het jaar van leerjaar 4. " + _TWEE_BESTANDEN
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "regio", "profiel"),
        kolommen=WEGLEKKEN_KOLOMMEN,
        bronnen=("leerlingen",),
        optionele_bronnen=breuken.BREUK_BRONNEN,
        reproduceert="geen rapporttabel (evaluatie STO-regio, Bijlage 2: weglekken)",
        bereken=weglekken_per_regio,
        openbaarheid=Openbaarheid(
            aantallen=_aantallen("derdejaars_vorig", "vierdejaars", "weglekkers"),
            groep=("schooljaar", "regio"),
            aandelen={"aandeel_weglekkers": "derdejaars_vorig"},
        ),
        per_regio=True,
    ),
    Indicator(
        naam="afstromers_per_regio",
        woorden={
            "derdejaars_vorig": w.aantal("Derdejaars in deze leerweg vorig schooljaar"),
            "vierdejaars": w.aantal("Vierdejaars in deze leerweg"),
            "afstromers": w.aantal("Afstromers (schatting)"),
            "aandeel_afstromers": w.procent("Afstromers van de vierdejaars (schatting)"),
        },
        titel="Afstromers naar een lagere leerweg tussen leerjaar 3 en 4 per STO-regio (schatting)",
        definitie=(
            "Schatting van het aantal leerlingen dat tussen leerjaar 3 en 4 naar een lagere "
            "leerweg gaat (van gemengd of theoretisch naar kader, of naar basis): per vestiging "
            "de vierdejaars van dit schooljaar in de kaderberoepsgerichte of basisberoepsgerichte "
            "leerweg min de derdejaars in diezelfde leerweg van het vorige schooljaar, als dat "
            "positief is, opgeteld over de vestigingen; totaal telt beide leerwegen. Het aandeel "
            "is het percentage van de vierdejaars in die leerweg. Het is een netto schatting: "
            "zittenblijvers in leerjaar 4 en leerlingen van een andere school tellen mee, wie "
            "tegelijk de leerweg of de vestiging verlaat valt ertegen weg. Schooljaar is het "
            "jaar van leerjaar 4. " + _TWEE_BESTANDEN
        ),
        eenheid="leerlingen",
        sleutels=("schooljaar", "regio", "leerweg"),
        kolommen=AFSTROMERS_KOLOMMEN,
        bronnen=("leerlingen",),
        optionele_bronnen=REGIO_INDELING,
        reproduceert="geen rapporttabel (evaluatie STO-regio, Bijlage 2: afstromers)",
        bereken=afstromers_per_regio,
        openbaarheid=Openbaarheid(
            aantallen=_aantallen("derdejaars_vorig", "vierdejaars", "afstromers"),
            groep=("schooljaar", "regio"),
            aandelen={"aandeel_afstromers": "vierdejaars"},
        ),
        per_regio=True,
    ),
)
