"""Money as integer cents, in Dutch notation, and exact splits.

Every amount in the subsidy administration is an ``int`` of euro cents. Nothing is ever a
float: input is parsed from text into cents, totals are sums of ints, and a split over parts
(:func:`verdeel`) hands out the cents by the largest-remainder method, so the parts always add
up to the whole, to the cent. The rounding rule is stated where it is used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from sto_monitor.errors import ParameterError

Cent = int

_BEDRAG = re.compile(r"^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$")


def euro(cent: Cent, *, centen: bool = True) -> str:
    """``1234567`` → ``'€ 12.345,67'`` (``centen=False``: ``'€ 12.346'``, half away from zero)."""
    teken = "-" if cent < 0 else ""
    a = abs(cent)
    if centen:
        heel, rest = divmod(a, 100)
        return f"€ {teken}{heel:,}".replace(",", ".") + f",{rest:02d}"
    heel = (a + 50) // 100
    return f"€ {teken}{heel:,}".replace(",", ".")


def lees_bedrag(tekst: str, *, veld: str = "bedrag") -> Cent:
    """Dutch amount text → cents: ``'40.000'``, ``'€ 1.234,5'``, ``'-12,30'``, ``'100000'``.

    A point groups thousands and a comma separates the cents, as people write them here; an
    amount with more than two decimals is refused, never rounded.
    """
    schoon = tekst.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    m = _BEDRAG.match(schoon)
    if not m:
        raise ParameterError(
            f"{veld}: '{tekst.strip()}' is geen bedrag. Schrijf bijvoorbeeld 40.000 of 1.234,56."
        )
    teken, heel, rest = m.groups()
    cent = int(heel.replace(".", "")) * 100 + int((rest or "0").ljust(2, "0"))
    return -cent if teken else cent


def aandeel_van(cent: Cent, aandeel: Fraction) -> Cent:
    """``aandeel`` of an amount in cents, rounded half up to the cent (a regulation's share)."""
    exact = Fraction(cent) * aandeel
    return int(exact + Fraction(1, 2)) if exact >= 0 else -int(-exact + Fraction(1, 2))


def verdeel(totaal: Cent, gewichten: Sequence[int | Fraction]) -> list[Cent]:
    """``totaal`` split in proportion to ``gewichten``, in whole cents that add up to ``totaal``.

    Largest remainder: every part gets the floor of its exact share; the cents left over go one
    each to the parts with the largest remainders (ties to the earlier part). All weights zero:
    equal parts.
    """
    if not gewichten:
        return []
    if any(g < 0 for g in gewichten):
        raise ParameterError("Een verdeelsleutel kan niet negatief zijn.")
    som = sum(Fraction(g) for g in gewichten)
    if som == 0:
        gewichten = [1] * len(gewichten)
        som = Fraction(len(gewichten))
    teken = -1 if totaal < 0 else 1
    rest_totaal = abs(totaal)
    exact = [Fraction(rest_totaal) * Fraction(g) / som for g in gewichten]
    delen = [int(e) for e in exact]
    over = rest_totaal - sum(delen)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - delen[i]), i))
    for i in volgorde[:over]:
        delen[i] += 1
    return [teken * d for d in delen]


def procent(aandeel: Fraction) -> str:
    """A regulation's share in Dutch: ``Fraction(3, 40)`` → ``'7,5 %'``, ``1/10`` → ``'10 %'``
    (to a hundredth of a percent, half up; never via a float)."""
    honderdsten = int(aandeel * 10_000 + Fraction(1, 2))
    heel, rest = divmod(honderdsten, 100)
    return f"{heel} %" if rest == 0 else f"{heel},{rest:02d}".rstrip("0") + " %"
