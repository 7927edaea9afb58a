"""What a toelichting can be about, in the reader's words, and where each one is shown.

An onderwerp is the registry name of an indicator (``techniekaandeel_per_regio``), which goes
with a school year, or a section of the regioportret (``sectie:groei``), which may. The region
page and the regioportret both place a published toelichting by its onderwerp: beside the
section that shows that indicator or is that section, else in a closing section of their own.
"""

from __future__ import annotations

from collections.abc import Mapping

from sto_monitor.errors import ParameterError
from sto_monitor.indicators.registry import BY_NAME
from sto_monitor.publicatie.taal import schooljaar as schooljaar_tekst

SECTIE = "sectie:"
MAX_LENGTE = 80  # the column's width

# The sections of the regioportret (the reports/regioportret/ package), in its order.
SECTIES: Mapping[str, str] = {
    "kerncijfers": "Techniekaandeel",
    "profielen": "Techniekleerlingen per profiel en leerweg",
    "groei": "Groei en krimp",
    "vestigingen": "Vestigingen en hun aanbod",
    "kwetsbaar": "Groepsgrootte en kwetsbare groepen",
    "bereikbaarheid": "Bereikbaarheid van het technische aanbod",
    "examens": "Examens",
    "doorstroom": "Doorstroom na leerjaar 4",
    "stageplaatsen": "Stageplaatsen in de regio",
    "enquete": "Enquête onder programmaleiders",
    "scenarios": "Scenario's voor het aanbod",
}

# The regioportret section that shows an indicator's figures.
SECTIE_VAN_INDICATOR: Mapping[str, str] = {
    "techniekaandeel": "kerncijfers",
    "techniekaandeel_per_regio": "kerncijfers",
    "techniekaandeel_per_regio_samenvatting": "kerncijfers",
    "leerlingen_per_profiel": "profielen",
    "techniekleerlingen_per_regio": "profielen",
    "techniekleerlingen_per_regio_samenvatting": "profielen",
    "groeiclusters": "groei",
    "groeiclusters_samenvatting": "groei",
    "bl_kl_clusters": "groei",
    "vestigingen_per_profiel": "vestigingen",
    "kwetsbare_groepen": "kwetsbaar",
    "groepsgrootte": "kwetsbaar",
    "bereikbaarheid": "bereikbaarheid",
    "reisafstand": "bereikbaarheid",
    "examens_per_profiel": "examens",
    "keuzevakken": "examens",
    "keuzevakken_per_profiel": "examens",
    "doorstroom": "doorstroom",
    "doorstroom_sectorkamer": "doorstroom",
}

# The sections of the public region page (web/templates/regio.html) by regioportret section.
OP_REGIOPAGINA: Mapping[str, str] = {
    "kerncijfers": "kerncijfers",
    "profielen": "leerwegen",
    "groei": "groeicluster",
    "vestigingen": "kaart",
    "kwetsbaar": "kwetsbaar",
    "scenarios": "scenarios",
}
OVERIG = "overig"  # the closing section for every other onderwerp

# The indicators a region writes about, in the order of the choice on the form: first those
# of the regioportret, then the rest of the registry.
INDICATOREN: tuple[str, ...] = tuple(
    dict.fromkeys([*SECTIE_VAN_INDICATOR, *(n for n in BY_NAME if n != "reeksbreuken")])
)


def is_sectie(onderwerp: str) -> bool:
    return onderwerp.startswith(SECTIE)


def sectie_van(onderwerp: str) -> str | None:
    """The regioportret section a toelichting belongs to, or None (the closing section)."""
    if is_sectie(onderwerp):
        return onderwerp.removeprefix(SECTIE)
    return SECTIE_VAN_INDICATOR.get(onderwerp)


def regiopagina_sectie(onderwerp: str) -> str:
    """The section of the public region page where a toelichting stands."""
    sectie = sectie_van(onderwerp)
    return OP_REGIOPAGINA.get(sectie, OVERIG) if sectie else OVERIG


def titel(onderwerp: str, schooljaar: int | None = None) -> str:
    """The onderwerp as the reader calls it: "Groei en krimp" or "Techniekaandeel, 2024/2025"."""
    if is_sectie(onderwerp):
        naam = SECTIES.get(onderwerp.removeprefix(SECTIE), onderwerp.removeprefix(SECTIE))
        tekst = f"Onderdeel \u2018{naam}\u2019 van het regioportret"
    else:
        indicator = BY_NAME.get(onderwerp)
        tekst = indicator.titel if indicator is not None else onderwerp
    return f"{tekst}, {schooljaar_tekst(schooljaar)}" if schooljaar is not None else tekst


def keuzes() -> list[tuple[str, str]]:
    """(onderwerp, label) of every onderwerp, for the form's choice."""
    return [(f"{SECTIE}{s}", f"Onderdeel: {t}") for s, t in SECTIES.items()] + [
        (n, BY_NAME[n].titel) for n in INDICATOREN if n in BY_NAME
    ]


def controleer(onderwerp: str, schooljaar: int | None) -> tuple[str, int | None]:
    """A known onderwerp and a plausible school year, else a ParameterError in Dutch."""
    onderwerp = onderwerp.strip()
    if is_sectie(onderwerp):
        if onderwerp.removeprefix(SECTIE) not in SECTIES:
            raise ParameterError("Kies een onderdeel van het regioportret uit de lijst.")
    elif onderwerp not in BY_NAME:
        raise ParameterError("Kies waar de toelichting over gaat: een cijfer uit de lijst.")
    if schooljaar is not None and not 2000 <= schooljaar <= 2100:
        raise ParameterError("Kies een schooljaar uit de lijst.")
    return onderwerp, schooljaar
