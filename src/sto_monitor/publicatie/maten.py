"""Which number of an indicator a person sees first, and which key values are totals.

The indicator page and the verkenner both chart one measure of a table by default and leave
the totals out of a chart of their parts; they take both from here, so that the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from sto_monitor.indicators.definitie import Indicator
from sto_monitor.publicatie.gegevens import LANDELIJK

# The main measure of an indicator where it is not the column of the indicator's own name.
HOOFDMAAT: dict[str, str] = {
    "groepsgrootte": "gemiddeld",
    "reisafstand": "gemiddelde_km",
    "bl_kl_clusters": "gemiddeld_kb",
    "techniekaandeel_per_regio_samenvatting": "gemiddeld_techniekaandeel",
    "techniekleerlingen_per_regio_samenvatting": "gemiddeld_per_regio",
    "kwetsbare_groepen": "aandeel_kwetsbaar",
    "doorstroom": "aandeel",
    "doorstroom_sectorkamer": "aandeel",
}
# Otherwise the first of these the table has, else its first numeric column.
VOORKEUR: tuple[str, ...] = (
    "aantal",
    "techniekaandeel",
    "aandeel",
    "aandeel_kwetsbaar",
    "aandeel_binnen_10km",
    "gemiddelde_km",
    "slaagpercentage",
    "gemiddeld",
    "fte",
    "aantal_vestigingen",
    "aantal_regios",
    "regio_aantal",
)
# Key values that add up other rows of the same table (left out of a chart of the parts);
# a key not named here has "totaal".
TOTALEN: dict[str, frozenset[str]] = {
    "profiel": frozenset({"techniek", "niet-techniek", "totaal"}),
    "profiel_leerling": frozenset({"techniek", "niet-techniek", "totaal"}),
    "keuzevak_profiel": frozenset({"techniek", "niet-techniek", "totaal"}),
    "regio": frozenset({LANDELIJK}),
    "sectorkamer": frozenset({"techniek"}),
}


def hoofdmaat(indicator: Indicator, kandidaten: Sequence[str]) -> str | None:
    """The measure shown by default, of the numeric columns ``kandidaten`` (in table order)."""
    eerst = (HOOFDMAAT.get(indicator.naam, indicator.naam), indicator.naam, *VOORKEUR)
    voorkeur = [k for k in eerst if k in kandidaten]
    return next(iter([*voorkeur, *kandidaten]), None)


def is_totaal(kolom: str, waarde: object) -> bool:
    """Whether a key value adds up other rows (a total), e.g. leerweg ``totaal``."""
    return str(waarde) in TOTALEN.get(kolom, frozenset({"totaal"}))
