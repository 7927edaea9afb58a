"""The vocabulary of the monitor: profielen, leerwegen, sectoren, sectorkamers.

Every other module takes these names from here, so that "techniek" means one thing
everywhere. Definitions follow ``shared/spec/MONITOR.md`` and chapter 4 of the monitor report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Openheid = Literal["openbaar", "vertrouwelijk"]
"""How open a source is. ``openbaar``: public open data, published at this or a finer level
(DUO's files, CBS, boundaries). ``vertrouwelijk``: an extract under agreement (our own layouts
for doorstroom, docenten, leerling-pc4 and keuzevakken stand for such deliveries) or survey
answers. Disclosure control follows the source: strict where it is confidential, never
stricter than the source's own public release."""
OPENBAAR: Openheid = "openbaar"
VERTROUWELIJK: Openheid = "vertrouwelijk"


@dataclass(frozen=True)
class Profiel:
    code: str
    naam: str
    techniek: bool
    harde_techniek: bool


PROFIELEN: tuple[Profiel, ...] = (
    Profiel("BWI", "Bouwen, wonen en interieur", True, True),
    Profiel("PIE", "Produceren, installeren en energie", True, True),
    Profiel("M&T", "Mobiliteit en transport", True, True),
    Profiel("MaT", "Maritiem en techniek", True, False),
    Profiel("MVI", "Media, vormgeving en ICT", True, False),
    Profiel("D&P", "Dienstverlening en producten", False, False),
    Profiel("E&O", "Economie en ondernemen", False, False),
    Profiel("Groen", "Groen", False, False),
    Profiel("HBR", "Horeca, bakkerij en recreatie", False, False),
    Profiel("Z&W", "Zorg en welzijn", False, False),
)
PROFIEL_CODES: tuple[str, ...] = tuple(p.code for p in PROFIELEN)
TECHNIEK_PROFIELEN: tuple[str, ...] = tuple(p.code for p in PROFIELEN if p.techniek)

# A vmbo row in a beroepsgerichte leerweg whose afdeling is not one of the ten profielen
# (vakmanschaps-/beroepsroutes, pre-2016 afdelingen) counts as "overig".
OVERIG = "overig"

LEERWEGEN: dict[str, str] = {
    "bb": "basisberoepsgerichte leerweg",
    "kb": "kaderberoepsgerichte leerweg",
    "gl": "gemengde leerweg",
    "tl": "theoretische leerweg",
}
BEROEPSGERICHTE_LEERWEGEN: tuple[str, ...] = ("bb", "kb", "gl")

# DUO writes the leerweg inside ONDERWIJSTYPE, e.g. "VMBO BL lj 3-4"; exam files use "VMBO B".
_LEERWEG_TOKENS = {
    "BL": "bb",
    "BB": "bb",
    "B": "bb",
    "KL": "kb",
    "KB": "kb",
    "K": "kb",
    "GL": "gl",
    "G": "gl",
    "TL": "tl",
    "T": "tl",
    "GT": "tl",
}
_VMBO_LEERWEG = re.compile(r"^\s*VMBO[\s-]+(BL|BB|KL|KB|GL|TL|GT|B|K|G|T)\b", re.IGNORECASE)


def leerweg_from_onderwijstype(onderwijstype: str) -> str | None:
    """``"VMBO BL lj 3-4"`` -> ``"bb"``; anything that is not a vmbo leerweg -> ``None``."""
    match = _VMBO_LEERWEG.match(onderwijstype or "")
    return _LEERWEG_TOKENS[match.group(1).upper()] if match else None


# VMBO SECTOR as DUO writes it -> our name; "N.v.t." means no sector.
SECTOREN: dict[str, str | None] = {
    "techniek": "Techniek",
    "economie": "Economie",
    "zorg en welzijn": "Zorg en welzijn",
    "landbouw": "Landbouw",
    "intersect. programma": "Intersectoraal",
    "intersectoraal": "Intersectoraal",
    "n.v.t.": None,
    "": None,
}

# The nine mbo sectorkamers (SBB), used by the doorstroom layout. The first two are technical.
SECTORKAMERS: tuple[str, ...] = (
    "Techniek en gebouwde omgeving",
    "Mobiliteit, transport, logistiek en maritiem",
    "Creatieve industrie en ICT",
    "Zorg, welzijn en sport",
    "Handel",
    "Voedsel, groen en gastvrijheid",
    "Zakelijke dienstverlening en veiligheid",
    "Ambacht, laboratorium en gezondheidstechniek",
    "Specialistisch vakmanschap",
)
TECHNIEK_SECTORKAMERS: tuple[str, ...] = SECTORKAMERS[:2]
# DUO's mbo files ("mbo-studenten per sectorkamer en leerweg") also count students outside the
# nine sectorkamers: Entree (niveau 1), bovensectorale opleidingen, and those not assigned.
MBO_OVERIGE_SECTORKAMERS: tuple[str, ...] = (
    "Entree",
    "Bovensectoraal",
    "Niet gespecificeerd naar sector",
)
# Other spellings of a sectorkamer -> our name. SBB and DUO write "ICT en creatieve industrie".
_SECTORKAMER_ALIASSEN: dict[str, str] = {
    "ICT en creatieve industrie": "Creatieve industrie en ICT",
    "Niet gespecificeerd": "Niet gespecificeerd naar sector",
}
# The mbo student counts per leerweg: bbl, bol voltijd, bol deeltijd, examendeelnemers.
MBO_LEERWEGEN: tuple[str, ...] = ("BBL", "BOLVT", "BOLDT", "EX")
MBO_NIVEAUS: tuple[int, ...] = (1, 2, 3, 4)

DOORSTROOM_BESTEMMINGEN: tuple[str, ...] = ("mbo-bol", "mbo-bbl", "havo/vwo", "vmbo", "overig")
PROFIELGROEPEN: tuple[str, ...] = ("techniek", "niet-techniek", "algemeen")


def normalise_name(text: str) -> str:
    """Case, '&' vs 'en', and spacing do not make two names different."""
    text = text.replace("&", " en ").lower()
    return re.sub(r"\s+", " ", text).strip()


# Words written in lower case inside a Dutch place name ("Alphen aan den Rijn", "Bergen op
# Zoom"), but never as its first word ("Den Haag", "De Bilt", "Ter Apel", "Het Bildt").
# "ad" and "a/d" are DUO's short forms of "aan de(n)" ("NIEUWERKERK AD IJSSEL").
_TUSSENWOORDEN = frozenset(
    {"aan", "ad", "a/d", "bij", "de", "den", "der", "en", "het", "in", "onder", "op", "over"}
    | {"te", "ten", "ter", "van"}
)
# Articles that start a name of their own after a hyphen: "Reusel-De Mierden".
_LIDWOORDEN = frozenset({"de", "den", "der", "het", "ten", "ter"})
# Province and other disambiguation codes after a place name: "HOORN NH", "EDE GLD",
# "HENGELO OV", "BERGEN L", "STEIN LB", "BERGEN (NH)". They stay in capitals.
_CODES = frozenset(
    {"DR", "FL", "FR", "GLD", "GN", "GR", "L", "LB", "LI", "NB", "NH", "O", "OV", "UT", "Z"}
    | {"ZH", "ZL"}
)
# Frisian words DUO writes without the circumflex or accent of their official spelling
# (gemeente Súdwest-Fryslân, Noardeast-Fryslân; BAG woonplaats Damwâld).
_WOORDEN = {"DAMWALD": "Damwâld", "FRYSLAN": "Fryslân", "SUDWEST": "Súdwest"}
# Whole names no rule gets right: the village is officially "Wehe-den Hoorn" (BAG woonplaats),
# while the gemeente "Reusel-De Mierden" capitalises its article after the hyphen.
_PLAATSNAMEN = {"WEHE-DEN HOORN": "Wehe-den Hoorn"}


def plaatsnaam(text: str) -> str:
    """A place name as DUO writes it, in capitals, -> its Dutch spelling.

    The elided articles 's and 't stay lower case ('s-Gravenhage, 't Zandt), "IJ" is one letter
    (IJmuiden), tussenwoorden are lower case except as the first word (Alphen aan den Rijn,
    Den Haag), every part of a hyphenated name is capitalised (Nieuw-Vennep) and province codes
    stay capitals (Hoorn NH, Bergen (L)). A name with any lower-case letter is already spelled
    and comes back unchanged.

    >>> plaatsnaam("'S-GRAVENHAGE"), plaatsnaam("S HERTOGENBOSCH"), plaatsnaam("'T ZANDT")
    ("'s-Gravenhage", "'s-Hertogenbosch", "'t Zandt")
    >>> plaatsnaam("CAPELLE AAN DEN IJSSEL"), plaatsnaam("DEN HAAG"), plaatsnaam("HOORN NH")
    ('Capelle aan den IJssel', 'Den Haag', 'Hoorn NH')
    >>> plaatsnaam("Hoorn NH"), plaatsnaam("BERGEN (NH)"), plaatsnaam("NIEUW-VENNEP")
    ('Hoorn NH', 'Bergen (NH)', 'Nieuw-Vennep')
    """
    if text != text.upper() or not any(c.isalpha() for c in text):
        return text
    name = " ".join(text.replace("\u2019", "'").split())
    if name in _PLAATSNAMEN:
        return _PLAATSNAMEN[name]
    # DUO sometimes drops the apostrophe of 's and 't, and the hyphen after 's: "S GRAVENHAGE".
    name = re.sub(r"^'?S[ -](?=\w)", "'s-", name)
    name = re.sub(r"^'?T (?=\w)", "'t ", name)
    parts = re.split(r"([\s\-(),]+)", name)  # words at even, separators at odd positions
    last = max(i for i in range(0, len(parts), 2) if parts[i])
    out: list[str] = []
    previous = ""  # the previous word, lower case; "" at the start of the name
    for i, part in enumerate(parts):
        if i % 2 or not part:
            out.append(part)
            continue
        before = parts[i - 1] if i else ""
        start = not previous or "(" in before or previous in ("'s", "'t")
        lower = part.lower()
        if lower in ("'s", "'t"):
            word = lower
        elif previous and (i == last or "(" in before) and part.rstrip(".") in _CODES:
            word = part
        elif previous and i == last and lower in ("c.a.", "ca"):
            word = "c.a."  # cum annexis: "NUENEN C.A."
        elif part in _WOORDEN:
            word = _WOORDEN[part]
        elif (
            not start
            and lower in _TUSSENWOORDEN
            and not ("-" in before and lower in _LIDWOORDEN and previous not in _TUSSENWOORDEN)
        ):
            word = lower
        elif part.startswith("IJ"):
            word = "IJ" + part[2:].lower()
        else:
            word = part[:1] + part[1:].lower()
        out.append(word)
        previous = lower
    return "".join(out)


def sectorkamer_naam(text: str, *, mbo: bool = False) -> str | None:
    """A sectorkamer as any source spells it -> our name, or None when unknown.

    With ``mbo`` DUO's categories outside the nine sectorkamers count as known too.

    >>> sectorkamer_naam("ict & creatieve  industrie")
    'Creatieve industrie en ICT'
    >>> sectorkamer_naam("Entree"), sectorkamer_naam("entree", mbo=True)
    (None, 'Entree')
    """
    return sectorkamer_spellingen(mbo=mbo).get(normalise_name(text))


def sectorkamer_spellingen(*, mbo: bool = False) -> dict[str, str]:
    """Every known spelling, normalised as :func:`normalise_name` does, -> our name."""
    known = (*SECTORKAMERS, *MBO_OVERIGE_SECTORKAMERS) if mbo else SECTORKAMERS
    spellings = {normalise_name(k): k for k in known}
    for alias, naam in _SECTORKAMER_ALIASSEN.items():
        if naam in known:
            spellings[normalise_name(alias)] = naam
    return spellings


def normalise_sector(text: str | None) -> str | None:
    key = normalise_name(text or "")
    if key in SECTOREN:
        return SECTOREN[key]
    return (text or "").strip() or None


_PROFIEL_BY_KEY: dict[str, str] = {}
for _p in PROFIELEN:
    _PROFIEL_BY_KEY[normalise_name(_p.naam)] = _p.code
    _PROFIEL_BY_KEY[normalise_name(_p.code)] = _p.code
# Codes used by DUO's exam files ("geslaagden, gezakten en cijfers").
_PROFIEL_BY_KEY.update(
    {
        "mtr": "M&T",
        "mte": "MaT",
        "zwe": "Z&W",
        "eo": "E&O",
        "g": "Groen",
        "dp": "D&P",
        "maritiem en techniek": "MaT",
    }
)

# Pre-2016 afdelingen still present in the 2016/17 file, and the routes. All count as overig.
_OVERIG_AFDELINGEN = frozenset(
    normalise_name(n)
    for n in (
        "Administratie",
        "Bouwtechniek",
        "Consumptief",
        "Dienstverlening & Commercie",
        "Elektrotechniek",
        "Grafische Techniek",
        "Handel en Verkoop",
        "Haven- en Vervoerschool",
        "ICT -route",
        "Installatietechniek",
        "Kust-, Rijn- en Binnenvaart",
        "Landbouw en Natuurlijke Omgeving",
        "Metaaltechniek",
        "Mode en Commercie",
        "Sport, Dienstverlening en Veiligheid",
        "Techniek & Commercie",
        "Techniek & Dienstverlening",
        "Technologie Orientatie",
        "Transport en Logistiek",
        "Uiterlijke Verzorging",
        "Verzorging",
        "Voertuigentechniek",
    )
)
_OVERIG_PATTERN = re.compile(r"(^(vakmanschapsroute|beroepsroute)\b)|(-\s*isp$)|(\broute$)")
# The pre-2016 afdelingen alone (not the routes, which continue after 2016), normalised as
# :func:`normalise_name` does, and the pattern of the old intersectoral "-ISP" afdelingen:
# a year with many students in them is not comparable with a year of profielen (breuken.toml).
OUDE_AFDELINGEN: frozenset[str] = _OVERIG_AFDELINGEN
OUDE_AFDELING_PATROON = r"-\s*isp$"


class UnknownProfiel(ValueError):
    """An afdeling that is neither a profiel nor a known older afdeling or route."""


def profiel_code(name: str) -> str:
    """Map a profiel name or code as any source writes it to its code.

    >>> profiel_code("Produceren, installeren en energie"), profiel_code("MTR")
    ('PIE', 'M&T')
    """
    key = normalise_name(name)
    if key in _PROFIEL_BY_KEY:
        return _PROFIEL_BY_KEY[key]
    raise UnknownProfiel(name)


def profiel_for_afdeling(afdeling: str) -> str:
    """The profiel code of a vmbo afdeling, or ``overig`` for routes and pre-2016 afdelingen.

    >>> profiel_for_afdeling("Vakmanschapsroute Techniek")
    'overig'
    >>> profiel_for_afdeling("Zorg en Welzijn -ISP")
    'overig'
    """
    key = normalise_name(afdeling)
    if key in _PROFIEL_BY_KEY:
        return _PROFIEL_BY_KEY[key]
    if key in _OVERIG_AFDELINGEN or _OVERIG_PATTERN.search(key):
        return OVERIG
    raise UnknownProfiel(afdeling)
