"""Checks of a published table against itself: no data needed.

Each check is a small function over one :class:`Publicatie` that returns findings with a Dutch
text: a percentage that is not its fraction, a total that is not the sum of its parts, a change
no whole previous number can give, a change of a subtotal that does not fit the changes of its
parts, one figure printed twice with two values.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sto_monitor.publicatiecontrole.model import Cel, Publicatie, Relatie


@dataclass(frozen=True)
class Bevinding:
    """Something in a publication that cannot be right, whatever the data."""

    publicatie: str  # file stem
    controle: str  # which check: "som", "aandeel", "verandering", "verandering-som", "gelijk"
    cellen: tuple[str, ...]  # the cells involved, in words ("Techniek, bb aantal")
    tekst: str  # the finding, in Dutch


def nl(value: float | Decimal, decimalen: int = 0) -> str:
    """A number as Dutch text: thousands with a dot, decimals with a comma."""
    d = max(decimalen, 0)
    text = f"{float(value):,.{d}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def afgerond(value: float | Decimal, decimalen: int) -> Decimal:
    """Rounded half up to `decimalen` digits after the comma (negative: to tens, hundreds)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)


def halve_eenheid(cel: Cel) -> float:
    return 0.5 * 10.0 ** (-cel.decimalen)


def past_bij(value: float, cel: Cel) -> bool:
    """Whether `value` rounds to the printed figure (either way at exactly half)."""
    return abs(value - float(cel.waarde)) <= halve_eenheid(cel) + 1e-9


def vorige_aantallen(nu: Cel, verandering: Cel) -> tuple[float, float]:
    """The whole previous numbers x for which (nu - x) / x, rounded, is the printed change.

    Returns the interval [laag, hoog] of such x (hoog may be infinite); laag > hoog when none.
    """
    n = float(nu.waarde)
    h = halve_eenheid(verandering)
    p = float(verandering.waarde)
    if n == 0:
        return (1.0, math.inf) if p - h <= -100 else (1.0, 0.0)
    boven = 1 + (p + h) / 100  # the largest change gives the smallest previous number
    onder = 1 + (p - h) / 100
    if boven <= 0:
        return (1.0, 0.0)
    laag = n / boven
    hoog = n / onder if onder > 0 else math.inf
    return float(math.ceil(laag - 1e-9)), float(
        math.floor(hoog + 1e-9)
    ) if hoog < math.inf else hoog


def _dichtstbij(nu: Cel, verandering: Cel) -> str:
    """The changes the two whole numbers nearest to the exact previous value would give."""
    n = float(nu.waarde)
    x = n / (1 + float(verandering.waarde) / 100)
    opties = sorted({max(1, math.floor(x)), max(1, math.ceil(x))})
    d = max(verandering.decimalen, 0)
    return " en ".join(f"{nl(o)} geeft {nl(100 * (n - o) / o, d)} %" for o in opties)


# --- resolving the declared relations ----------------------------------------------------


def _paren(
    pub: Publicatie, rel: Relatie, eenheden: Sequence[str]
) -> Iterator[tuple[str, list[str]]]:
    """(total ref, part refs) as single cells: per column for rows, per row for columns."""
    totaal = str(rel.velden.get("totaal", rel.velden.get("aandeel")))
    delen = [str(d) for d in rel.velden.get("delen", [])]
    if "|" in totaal:
        yield totaal, delen
    elif totaal in pub.rijen:
        for k in pub.kolommen:
            if k.eenheid in eenheden:
                yield f"{totaal}|{k.naam}", [f"{d}|{k.naam}" for d in delen]
    else:
        for r in pub.rijen:
            yield f"{r}|{totaal}", [f"{r}|{d}" for d in delen]


def _cel(pub: Publicatie, ref: str) -> Cel | None:
    rij, _, kolom = ref.partition("|")
    return pub.cel(rij, kolom)


# --- the checks --------------------------------------------------------------------------


def controleer_sommen(pub: Publicatie) -> list[Bevinding]:
    """A printed total against the sum of its printed parts."""
    found: list[Bevinding] = []
    for rel in pub.relaties:
        if rel.soort != "som":
            continue
        for totaal_ref, deel_refs in _paren(pub, rel, ("aantal",)):
            totaal = _cel(pub, totaal_ref)
            delen = [_cel(pub, r) for r in deel_refs]
            if totaal is None or totaal.eenheid != "aantal" or any(d is None for d in delen):
                continue
            present = [d for d in delen if d is not None]
            som = sum(d.waarde for d in present)
            if past_bij(float(som), totaal):
                continue
            uitleg = " + ".join(d.tekst for d in present)
            found.append(
                Bevinding(
                    pub.naam,
                    "som",
                    (totaal.naam, *(d.naam for d in present)),
                    f"{totaal.naam}: gedrukt is {totaal.tekst}, maar de delen tellen op tot "
                    f"{nl(som)} ({uitleg}).",
                )
            )
    return found


def _veranderingen(pub: Publicatie) -> Iterator[tuple[Cel, Cel]]:
    """(count, change) for every row of every change column with a count column as basis."""
    for k in pub.kolommen:
        if k.eenheid != "verandering_pct" or k.basis is None:
            continue
        for r in pub.rijen:
            nu, verandering = pub.cel(r, k.basis), pub.cel(r, k.naam)
            if nu is not None and verandering is not None:
                yield nu, verandering


def controleer_veranderingen(pub: Publicatie) -> list[Bevinding]:
    """A change no whole previous number can give (26 with +91,2 %: 13 gives 100 %, 14 85,7 %)."""
    found: list[Bevinding] = []
    for nu, verandering in _veranderingen(pub):
        laag, hoog = vorige_aantallen(nu, verandering)
        if laag <= hoog:
            continue
        found.append(
            Bevinding(
                pub.naam,
                "verandering",
                (verandering.naam, nu.naam),
                f"{verandering.naam}: een verandering van {verandering.tekst} % naar "
                f"{nu.tekst} kan niet: geen heel aantal een jaar eerder geeft dat "
                f"({_dichtstbij(nu, verandering)}).",
            )
        )
    return found


def controleer_verandering_sommen(pub: Publicatie) -> list[Bevinding]:
    """The change of a total against the changes of its parts (rows summed per column pair).

    From each printed count and change follows a range of whole previous numbers; the previous
    total must lie in the sum of the parts' ranges. A part whose change is impossible on its own
    is reported by :func:`controleer_veranderingen` and skipped here.
    """
    found: list[Bevinding] = []
    wijziging = {
        k.basis: k.naam for k in pub.kolommen if k.basis and k.eenheid == "verandering_pct"
    }

    def verandering(ref: str) -> Cel | None:
        rij, _, kolom = ref.partition("|")
        return pub.cel(rij, wijziging[kolom]) if kolom in wijziging else None

    for rel in pub.relaties:
        if rel.soort != "som":
            continue
        for totaal_ref, deel_refs in _paren(pub, rel, ("aantal",)):
            paar = [(_cel(pub, r), verandering(r)) for r in [totaal_ref, *deel_refs]]
            if any(n is None or v is None for n, v in paar):
                continue
            bereiken = [vorige_aantallen(n, v) for n, v in paar if n is not None and v is not None]
            if any(lo > hi for lo, hi in bereiken):
                continue
            (t_lo, t_hi), delen = bereiken[0], bereiken[1:]
            d_lo, d_hi = sum(lo for lo, _ in delen), sum(hi for _, hi in delen)
            if t_lo <= d_hi and d_lo <= t_hi:
                continue
            t_n, t_v = paar[0]
            assert t_n is not None and t_v is not None
            found.append(
                Bevinding(
                    pub.naam,
                    "verandering-som",
                    (t_v.naam, *(v.naam for _, v in paar[1:] if v is not None)),
                    f"{t_v.naam}: de verandering van {t_v.tekst} % past niet bij die van de "
                    f"delen. Uit het totaal volgt vorig jaar {_bereik(t_lo, t_hi)} leerlingen, "
                    f"uit de delen samen {_bereik(d_lo, d_hi)}.",
                )
            )
    return found


def _bereik(laag: float, hoog: float) -> str:
    if hoog == math.inf:
        return f"minstens {nl(laag)}"
    return nl(laag) if laag == hoog else f"{nl(laag)} tot {nl(hoog)}"


def controleer_aandelen(pub: Publicatie) -> list[Bevinding]:
    """A printed percentage against its printed fraction (47 van de 78 is 60,3 %, not 64)."""
    found: list[Bevinding] = []
    for rel in pub.relaties:
        if rel.soort != "aandeel":
            continue
        a, t, n = (str(rel.velden[k]) for k in ("aandeel", "teller", "noemer"))
        if "|" in a or a in pub.rijen:
            trio = [(a, t, n)]
        else:
            trio = [(f"{r}|{a}", f"{r}|{t}", f"{r}|{n}") for r in pub.rijen]
        for a_ref, t_ref, n_ref in trio:
            aandeel, teller, noemer = _cel(pub, a_ref), _cel(pub, t_ref), _cel(pub, n_ref)
            if aandeel is None or teller is None or noemer is None or noemer.waarde == 0:
                continue
            echt = 100 * float(teller.waarde) / float(noemer.waarde)
            if past_bij(echt, aandeel):
                continue
            d = max(aandeel.decimalen, 1)
            found.append(
                Bevinding(
                    pub.naam,
                    "aandeel",
                    (aandeel.naam, teller.naam, noemer.naam),
                    f"{aandeel.naam}: gedrukt is {aandeel.tekst} %, maar {teller.tekst} van de "
                    f"{noemer.tekst} is {nl(echt, d)} %.",
                )
            )
    return found


def controleer_gelijk(pub: Publicatie) -> list[Bevinding]:
    """One figure printed twice: the two values must agree within their rounding."""
    found: list[Bevinding] = []
    for rel in pub.relaties:
        if rel.soort != "gelijk":
            continue
        cellen = [c for c in (_cel(pub, str(r)) for r in rel.velden["cellen"]) if c is not None]
        for eerste, tweede in itertools.pairwise(cellen):
            afstand = abs(float(eerste.waarde) - float(tweede.waarde))
            if afstand <= halve_eenheid(eerste) + halve_eenheid(tweede) + 1e-9:
                continue
            found.append(
                Bevinding(
                    pub.naam,
                    "gelijk",
                    (eerste.naam, tweede.naam),
                    f"Hetzelfde cijfer staat er twee keer anders in: {eerste.naam} "
                    f"{eerste.tekst}, {tweede.naam} {tweede.tekst}.",
                )
            )
    return found


CONTROLES: tuple[Callable[[Publicatie], list[Bevinding]], ...] = (
    controleer_sommen,
    controleer_aandelen,
    controleer_veranderingen,
    controleer_verandering_sommen,
    controleer_gelijk,
)


def controleer(pub: Publicatie) -> list[Bevinding]:
    """Every internal check of one published table."""
    return [b for check in CONTROLES for b in check(pub)]
