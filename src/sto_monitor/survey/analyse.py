"""The report's survey tables (chapter 2 of the monitor report) from answers in memory.

Pure functions: :func:`analyseer` takes a questionnaire and the answers of one wave
(``regio -> item id -> code``, see ``vragenlijst.py``), optionally the previous wave, and
returns frozen records. Per item: the distribution over the scale (in the questionnaire's
order), the top share (% "(zeer) urgent", "behoorlijk of veel", ...), for grades the mean and
% voldoende (6 or higher). With a previous wave, per item the **paired** figures: only regions
that answered the item in both waves, both waves' figures over those pairs, a p-value from
``toetsen.py`` (McNemar exact for shares, Wilcoxon signed-rank for mean grades) and the share
of regions that moved up or down.

Direction ("toegenomen" / "afgenomen"): for an ordinal or ja/nee item, *toegenomen* means the
region's answer moved towards the scale's top answers (more urgent, more attention, more
opbrengst, more applicable), on the full scale (e.g. "urgent" → "zeer urgent" counts); the top
answers can be at the start (urgentie) or at the end (opbrengsten) of the listed options, the
direction follows from where they are. For a grade, *toegenomen* means a higher grade
(improved). Whether "more" is good depends on the block (more urgency is not progress); the
table says what "more" means through the scale's top label.

Disclosure: an item, wave, pairing or group with fewer than 5 respondents carries no numbers
(``verborgen=True``, fields ``None``). The answers of single regions are kept only for
:func:`regio_profiel` (one region's own answers) and never written to national output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sto_monitor.errors import NotFoundError, ParameterError
from sto_monitor.survey.toetsen import mcnemar_exact, wilcoxon
from sto_monitor.survey.vragenlijst import Item, Optie, Schaal, Vragenlijst

Code = int | str | None
Antwoorden = Mapping[str, Mapping[str, Code]]

MIN_RESPONDENTEN = 5
VERBORGEN_TEKST = "te weinig respondenten (<5)"
VOLDOENDE = 6
BORGING_BLOK = "borging"


@dataclass(frozen=True)
class Vergelijking:
    """An item compared with the previous wave, over the regions that answered it twice."""

    golf_vorige: int
    n_paren: int
    verborgen: bool
    pct_top_vorige: float | None = None
    pct_top_nu: float | None = None
    gemiddelde_vorige: float | None = None  # cijfer only
    gemiddelde_nu: float | None = None
    p_aandeel: float | None = None  # McNemar exact on the top share / % voldoende
    toets_aandeel: str | None = None
    p_gemiddelde: float | None = None  # Wilcoxon signed-rank on the grades
    toets_gemiddelde: str | None = None
    significant_aandeel: bool = False
    significant_gemiddelde: bool = False
    pct_toegenomen: float | None = None  # towards the top answers / a higher grade
    pct_afgenomen: float | None = None


@dataclass(frozen=True)
class ItemAnalyse:
    item: str
    tekst: str
    blok: str | None
    soort: str
    top_label: str
    n: int
    verborgen: bool
    opties: tuple[Optie, ...]  # for cijfer: the grades min..max
    aantallen: tuple[int, ...] | None = None  # per option, in the order of ``opties``
    pct_top: float | None = None  # cijfer: % voldoende
    pct_bodem: float | None = None  # as many options at the other end (cijfer: % onvoldoende)
    gemiddelde: float | None = None  # cijfer only
    vergelijking: Vergelijking | None = None


@dataclass(frozen=True)
class Borging:
    """Per region how many statements of the borging block have a top answer."""

    blok: str
    n_stellingen: int
    n_regios: int
    verborgen: bool
    # regions with 0, 1, ..., n_stellingen statements; None where afgeschermd when published
    verdeling: tuple[int | None, ...] | None
    per_regio: Mapping[str, int] = field(repr=False, default_factory=dict)  # regioportret only


@dataclass(frozen=True)
class Analyse:
    golf: int
    golf_vorige: int | None
    n_respondenten: int
    n_paren: int  # regions that answered in both waves
    verborgen: bool
    alfa: float
    items: tuple[ItemAnalyse, ...]
    borging: Borging | None
    # one region's own answers, for regio_profiel only; never part of national output
    antwoorden: Antwoorden = field(repr=False, default_factory=dict)
    antwoorden_vorige: Antwoorden = field(repr=False, default_factory=dict)

    def item(self, item_id: str) -> ItemAnalyse:
        for i in self.items:
            if i.item == item_id:
                return i
        raise NotFoundError(f"analyse {self.golf}: onbekend item {item_id!r}")


def opties_van(schaal: Schaal) -> tuple[Optie, ...]:
    """The options of a scale; for a grade the grades min..max (default 1-10)."""
    if schaal.soort == "cijfer":
        lo = schaal.min if schaal.min is not None else 1
        hi = schaal.max if schaal.max is not None else 10
        return tuple(Optie(g, str(g)) for g in range(lo, hi + 1))
    return schaal.opties


def in_top(schaal: Schaal, code: int) -> bool:
    if schaal.soort == "cijfer":
        return code >= VOLDOENDE
    return code in schaal.top


def positie(schaal: Schaal, code: int) -> int:
    """A code's position on the scale, counted so that higher = towards the top answers."""
    opties = opties_van(schaal)
    codes = [o.code for o in opties]
    idx = codes.index(code)
    if schaal.soort == "cijfer":
        return idx
    top_idx = [codes.index(c) for c in schaal.top if c in codes]
    top_at_start = bool(top_idx) and min(top_idx) == 0
    return len(codes) - 1 - idx if top_at_start else idx


def geldige_antwoorden(vl: Vragenlijst, antwoorden: Antwoorden) -> dict[str, dict[str, int]]:
    """Valid closed answers per region; an invalid code is an error (all listed at once)."""
    fouten: list[str] = []
    schalen = {i.id: vl.schaal_van(i.id) for i in vl.items()}
    uit: dict[str, dict[str, int]] = {}
    for regio, per_item in antwoorden.items():
        rij: dict[str, int] = {}
        for item_id, code in per_item.items():
            schaal = schalen.get(item_id)
            if code is None or schaal is None or schaal.soort == "open":
                continue
            codes = {o.code for o in opties_van(schaal)}
            if isinstance(code, bool) or not isinstance(code, int) or code not in codes:
                fouten.append(f"{regio} {item_id}: {code!r}")
                continue
            rij[item_id] = code
        if rij:
            uit[regio] = rij
    if fouten:
        raise ParameterError(
            f"vragenlijst {vl.golf}: {len(fouten)} ongeldige antwoorden: " + "; ".join(fouten[:10])
        )
    return uit


def _respondenten(antwoorden: Antwoorden) -> set[str]:
    return {
        r for r, rij in antwoorden.items() if any(v is not None and v != "" for v in rij.values())
    }


def _pct(teller: int, noemer: int) -> float:
    return 100.0 * teller / noemer


def _item(
    vl: Vragenlijst,
    item: Item,
    geldig: dict[str, dict[str, int]],
    vorige: tuple[Vragenlijst, dict[str, dict[str, int]]] | None,
    alfa: float,
    golf_verborgen: bool,
) -> ItemAnalyse:
    schaal = vl.schalen[item.schaal]
    opties = opties_van(schaal)
    codes = [geldig[r][item.id] for r in sorted(geldig) if item.id in geldig[r]]
    n = len(codes)
    top_label = schaal.top_label or ("voldoende (6 of hoger)" if schaal.soort == "cijfer" else "")
    vergelijking = None
    if vorige is not None:
        vergelijking = _vergelijk(item, schaal, geldig, vorige, alfa)
    leeg = ItemAnalyse(
        item.id,
        item.tekst,
        item.blok,
        schaal.soort,
        top_label,
        n,
        True,
        opties,
        vergelijking=vergelijking,
    )
    if n < MIN_RESPONDENTEN or golf_verborgen:
        return leeg
    aantallen = tuple(codes.count(o.code) for o in opties)
    n_top = sum(1 for c in codes if in_top(schaal, c))
    if schaal.soort == "cijfer":
        n_bodem = n - n_top
    else:
        k = len(schaal.top)
        posities = [positie(schaal, c) for c in codes]
        n_bodem = sum(1 for p in posities if p < k)
    gemiddelde = sum(codes) / n if schaal.soort == "cijfer" else None
    return replace(
        leeg,
        verborgen=False,
        aantallen=aantallen,
        pct_top=_pct(n_top, n),
        pct_bodem=_pct(n_bodem, n),
        gemiddelde=gemiddelde,
    )


def _vergelijk(
    item: Item,
    schaal: Schaal,
    geldig: dict[str, dict[str, int]],
    vorige: tuple[Vragenlijst, dict[str, dict[str, int]]],
    alfa: float,
) -> Vergelijking | None:
    vl_v, geldig_v = vorige
    if item.id not in {i.id for i in vl_v.items()}:
        return None
    schaal_v = vl_v.schaal_van(item.id)
    if schaal_v.soort != schaal.soort:
        return None
    paren = [
        (geldig_v[r][item.id], geldig[r][item.id])
        for r in sorted(geldig.keys() & geldig_v.keys())
        if item.id in geldig[r] and item.id in geldig_v[r]
    ]
    m = len(paren)
    if m < MIN_RESPONDENTEN:
        return Vergelijking(vl_v.golf, m, verborgen=True)
    top_v = [in_top(schaal_v, a) for a, _ in paren]
    top_n = [in_top(schaal, b) for _, b in paren]
    b = sum(1 for x, y in zip(top_v, top_n, strict=True) if not x and y)
    c = sum(1 for x, y in zip(top_v, top_n, strict=True) if x and not y)
    aandeel = mcnemar_exact(b, c)
    if len(opties_van(schaal_v)) == len(opties_van(schaal)):
        delta = [positie(schaal, y) - positie(schaal_v, x) for x, y in paren]
    else:  # different scales: compare only in/out of the top share
        delta = [int(y) - int(x) for x, y in zip(top_v, top_n, strict=True)]
    gem_v = gem_n = p_gem = None
    toets_gem = None
    if schaal.soort == "cijfer":
        voor = [float(x) for x, _ in paren]
        na = [float(y) for _, y in paren]
        gem_v, gem_n = sum(voor) / m, sum(na) / m
        uitslag = wilcoxon(voor, na)
        p_gem, toets_gem = uitslag.p, uitslag.toets
    return Vergelijking(
        golf_vorige=vl_v.golf,
        n_paren=m,
        verborgen=False,
        pct_top_vorige=_pct(sum(top_v), m),
        pct_top_nu=_pct(sum(top_n), m),
        gemiddelde_vorige=gem_v,
        gemiddelde_nu=gem_n,
        p_aandeel=aandeel.p,
        toets_aandeel=aandeel.toets,
        p_gemiddelde=p_gem,
        toets_gemiddelde=toets_gem,
        significant_aandeel=aandeel.p < alfa,
        significant_gemiddelde=p_gem is not None and p_gem < alfa,
        pct_toegenomen=_pct(sum(1 for d in delta if d > 0), m),
        pct_afgenomen=_pct(sum(1 for d in delta if d < 0), m),
    )


def _borging(
    vl: Vragenlijst, geldig: dict[str, dict[str, int]], blok_id: str, verborgen: bool
) -> Borging | None:
    blok = next((b for b in vl.blokken if b.id == blok_id), None)
    if blok is None:
        return None
    schaal = vl.schalen[blok.schaal]
    ids = [i.id for i in blok.items]
    per_regio = {
        r: sum(1 for i in ids if i in rij and in_top(schaal, rij[i]))
        for r, rij in sorted(geldig.items())
        if any(i in rij for i in ids)
    }
    n = len(per_regio)
    if n < MIN_RESPONDENTEN or verborgen:
        return Borging(blok_id, len(ids), n, True, None, per_regio)
    verdeling = tuple(sum(1 for v in per_regio.values() if v == k) for k in range(len(ids) + 1))
    return Borging(blok_id, len(ids), n, False, verdeling, per_regio)


def analyseer(
    vragenlijst: Vragenlijst,
    antwoorden: Antwoorden,
    *,
    vorige_vragenlijst: Vragenlijst | None = None,
    vorige: Antwoorden | None = None,
    alfa: float = 0.05,
    borging_blok: str = BORGING_BLOK,
) -> Analyse:
    """Every closed item of ``vragenlijst`` (open items: see ``themas.py``)."""
    if (vorige_vragenlijst is None) != (vorige is None):
        raise ParameterError("geef bij een vergelijking zowel de vorige vragenlijst als antwoorden")
    geldig = geldige_antwoorden(vragenlijst, antwoorden)
    n_resp = len(_respondenten(antwoorden))
    verborgen = n_resp < MIN_RESPONDENTEN
    vorig: tuple[Vragenlijst, dict[str, dict[str, int]]] | None = None
    n_paren = 0
    if vorige_vragenlijst is not None and vorige is not None:
        geldig_v = geldige_antwoorden(vorige_vragenlijst, vorige)
        n_paren = len(_respondenten(antwoorden) & _respondenten(vorige))
        if not verborgen and len(_respondenten(vorige)) >= MIN_RESPONDENTEN:
            vorig = (vorige_vragenlijst, geldig_v)
    items = tuple(
        _item(vragenlijst, i, geldig, vorig, alfa, verborgen)
        for i in vragenlijst.items()
        if vragenlijst.schalen[i.schaal].soort != "open"
    )
    return Analyse(
        golf=vragenlijst.golf,
        golf_vorige=vorige_vragenlijst.golf if vorige_vragenlijst is not None else None,
        n_respondenten=n_resp,
        n_paren=n_paren,
        verborgen=verborgen,
        alfa=alfa,
        items=items,
        borging=_borging(vragenlijst, geldig, borging_blok, verborgen),
        antwoorden=antwoorden,
        antwoorden_vorige=vorige or {},
    )


@dataclass(frozen=True)
class RegioItem:
    item: ItemAnalyse  # the national figures (hidden if the nation has < 5 answers)
    antwoord: int | None
    antwoord_label: str | None
    antwoord_vorige: int | None


@dataclass(frozen=True)
class RegioProfiel:
    regio: str
    golf: int
    items: tuple[RegioItem, ...]
    borging: int | None  # this region's number of statements with a top answer
    borging_landelijk: Borging | None


def regio_profiel(analyse: Analyse, regio: str) -> RegioProfiel:
    """One region's own answers beside the national distribution (for its regioportret)."""
    if regio not in analyse.antwoorden:
        raise NotFoundError(f"regio {regio} heeft de enquête van {analyse.golf} niet ingevuld")
    eigen = analyse.antwoorden[regio]
    vorig = analyse.antwoorden_vorige.get(regio, {})
    rijen = []
    for ia in analyse.items:
        code = eigen.get(ia.item)
        code_i = code if isinstance(code, int) else None
        label = next((o.label for o in ia.opties if o.code == code_i), None)
        v = vorig.get(ia.item)
        rijen.append(RegioItem(ia, code_i, label, v if isinstance(v, int) else None))
    bor = analyse.borging
    return RegioProfiel(
        regio=regio,
        golf=analyse.golf,
        items=tuple(rijen),
        borging=bor.per_regio.get(regio) if bor is not None else None,
        borging_landelijk=bor,
    )
