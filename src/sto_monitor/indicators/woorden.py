"""The reader's words for every published column: a Dutch label, a unit and a number format.

A column is named in code (``aandeel_binnen_10km``); a person reads "Binnen 10 km (%)". Every
output that shows a column to a person takes its words from here: the dashboard's tables and
chart axes, the XLSX and CSV for people, the regioportret and the national report. The
machine outputs (API, typed CSV, Parquet) keep the column names.

``ALGEMEEN`` holds the words of columns that mean the same in every indicator. An indicator
whose column means something of its own (``aantal`` counts derdejaars in one table and exams
in another) declares it beside its definition, in ``Indicator.woorden``. Columns derived by
publication (``aantal_min``, ``aantal_max``, ``aantal_status``) take their words from their
base column. ``tests/test_woorden.py`` fails when a published column has no words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sto_monitor.indicators.definitie import Indicator

Formaat = Literal["geheel", "procent", "decimaal", "tekst", "code", "schooljaar", "ja/nee"]


@dataclass(frozen=True)
class Woord:
    """How a person reads one column."""

    label: str  # Dutch, sentence case, without the unit: "Binnen 10 km"
    formaat: Formaat = "geheel"
    eenheid: str | None = None  # shown beside the label: "%", "km", "fte"; None for none

    @property
    def kop(self) -> str:
        """The column header or axis title: the label with its unit, "Binnen 10 km (%)"."""
        return f"{self.label} ({self.eenheid})" if self.eenheid else self.label

    @property
    def is_getal(self) -> bool:
        return self.formaat in ("geheel", "procent", "decimaal")


def tekst(label: str) -> Woord:
    return Woord(label, "tekst")


def code(label: str) -> Woord:
    return Woord(label, "code")


def aantal(label: str) -> Woord:
    return Woord(label, "geheel")


def procent(label: str) -> Woord:
    return Woord(label, "procent", "%")


def decimaal(label: str, eenheid: str | None = None) -> Woord:
    return Woord(label, "decimaal", eenheid)


def ja_nee(label: str) -> Woord:
    return Woord(label, "ja/nee")


ALGEMEEN: dict[str, Woord] = {
    # keys
    "schooljaar": Woord("Schooljaar", "schooljaar"),
    "vorig_schooljaar": Woord("Vergeleken met schooljaar", "schooljaar"),
    "regio": code("Regio"),
    "profiel": code("Profiel"),
    "leerweg": code("Leerweg"),
    "vestiging": code("Vestiging"),
    "cluster": tekst("Groeicluster"),
    "profielgroep": tekst("Profielgroep"),
    "sectorkamer": tekst("Sectorkamer"),
    "bestemming": tekst("Vervolg"),
    "methode": tekst("Methode"),
    "profiel_leerling": code("Profiel van de leerling"),
    "keuzevak_profiel": code("Profiel van het keuzevak"),
    # markers
    "onzeker": ja_nee("Onzeker door DUO-maskering"),
    "meisjes_onzeker": ja_nee("Aandeel meisjes onzeker"),
    "kwetsbaar_onzeker": aantal("Vestigingen mogelijk kwetsbaar"),
    "vestigingen_onzeker": aantal("Vestigingen met onzekere groepsgrootte"),
    "regios_onzeker": aantal("Regio's met onzeker aanbod"),
    "breuk": tekst("Breuk in de reeks"),
    "techniek": ja_nee("Technisch profiel"),
    "techniek_leerling": ja_nee("Leerling in techniek"),
    "techniek_keuzevak": ja_nee("Technisch keuzevak"),
    "techniek_sectorkamer": ja_nee("Technische sectorkamer"),
    "binnen_eigen_profiel": ja_nee("Keuzevak van het eigen profiel"),
    "kwetsbaar": aantal("Vestigingen met 10 of minder"),
    "boven_gemiddelde": ja_nee("Boven het gemiddelde"),
    "vergelijkbaar": ja_nee("Vergelijkbaar"),
    "meeste": ja_nee("Leerweg met de meeste techniekleerlingen"),
    "grootste_leerweg": code("Leerweg met de meeste techniekleerlingen"),
    # counts of students
    "derdejaars": aantal("Derdejaars"),
    "techniekleerlingen": aantal("Techniekleerlingen"),
    "niet_techniekleerlingen": aantal("Niet-techniekleerlingen"),
    "in_kwetsbare_groepen": aantal("Derdejaars in kwetsbare groepen"),
    "binnen_10km": aantal("Derdejaars binnen 10 km"),
    "totaal": aantal("Derdejaars"),
    "kandidaten": aantal("Examenkandidaten"),
    "geslaagden": aantal("Geslaagden"),
    "personen": aantal("Personen"),
    "aantal_bb": aantal("Derdejaars bb"),
    "aantal_kb": aantal("Derdejaars kb"),
    "zij_instromers": aantal("Zij-instromers (personen)"),
    "noemer_min": aantal("Noemer, ondergrens"),
    # counts of schools and regions
    "aantal_vestigingen": aantal("Vestigingen"),
    "vestigingen": aantal("Vestigingen"),
    "vestigingen_bb": aantal("Vestigingen bb"),
    "vestigingen_kb": aantal("Vestigingen kb"),
    "vestigingen_gl": aantal("Vestigingen gl"),
    "buiten_regio": aantal("Vestigingen buiten een regio"),
    "aantal_regios": aantal("Regio's"),
    "regio_aantal": aantal("Regio's"),
    "totaal_regios": aantal("Regio's in de periode"),
    "aantal_profielen": aantal("Technische profielen aangeboden"),
    "regios_aanbod": aantal("Regio's met aanbod"),
    "regios_onder_11": aantal("Regio's met minder dan 11 leerlingen"),
    "regios_1_vestiging": aantal("Regio's met 1 vestiging"),
    "regios_1_vestiging_onder_11": aantal("Regio's met 1 vestiging en minder dan 11 leerlingen"),
    "regios_meer_vestigingen": aantal("Regio's met meer vestigingen"),
    "regios_meer_vestigingen_onder_11": aantal(
        "Regio's met meer vestigingen en minder dan 11 leerlingen"
    ),
    "regios_boven_gemiddelde": aantal("Regio's boven het gemiddelde"),
    "regios_onder_gemiddelde": aantal("Regio's onder het gemiddelde"),
    "regios_onder_10_procent": aantal("Regio's onder 10 %"),
    "regios_vanaf_40_procent": aantal("Regio's vanaf 40 %"),
    "regios_onder_75": aantal("Regio's met minder dan 75"),
    "regios_boven_300": aantal("Regio's met meer dan 300"),
    "regios_zonder_gl": aantal("Regio's zonder gl"),
    "regios_meeste_bb": aantal("Regio's met de meeste in bb"),
    "regios_meeste_kb": aantal("Regio's met de meeste in kb"),
    "regios_meeste_gl": aantal("Regio's met de meeste in gl"),
    # shares
    "techniekaandeel": procent("Techniekaandeel"),
    "techniekaandeel_bb": procent("Techniekaandeel bb"),
    "gemiddeld_techniekaandeel": procent("Gemiddeld techniekaandeel"),
    "meisjes_in_techniek": procent("Meisjes in techniek"),
    "aandeel_binnen_10km": procent("Binnen 10 km"),
    "aandeel_0_5km": procent("0 tot 5 km"),
    "aandeel_5_10km": procent("5 tot 10 km"),
    "aandeel_10_15km": procent("10 tot 15 km"),
    "aandeel_15_25km": procent("15 tot 25 km"),
    "aandeel_25km_plus": procent("25 km of meer"),
    "aandeel_1_5": procent("1 tot en met 5 leerlingen"),
    "aandeel_6_10": procent("6 tot en met 10 leerlingen"),
    "aandeel_11_20": procent("11 tot en met 20 leerlingen"),
    "aandeel_21_30": procent("21 tot en met 30 leerlingen"),
    "aandeel_meer_dan_30": procent("Meer dan 30 leerlingen"),
    "aandeel_kwetsbaar": procent("Kwetsbaar, 10 of minder"),
    "aandeel_bb": procent("Aandeel bb"),
    "aandeel_kb": procent("Aandeel kb"),
    "aandeel_gl": procent("Aandeel gl"),
    "aandeel_van_leerlingprofiel": procent("Aandeel van de examens van het leerlingprofiel"),
    "aandeel_zij_instromers_fte": procent("Zij-instromers naar fte"),
    "aandeel_zij_instromers_personen": procent("Zij-instromers naar personen"),
    "slaagpercentage": procent("Geslaagd"),
    # changes
    "verandering_pct": procent("Verandering"),
    "verandering_techniek_pct": procent("Verandering techniek"),
    "verandering_niet_techniek_pct": procent("Verandering niet-techniek"),
    "verandering_bb": procent("Verandering bb"),
    "verandering_kb": procent("Verandering kb"),
    "fte_verandering_pct": procent("Verandering fte"),
    "vorig_midden": decimaal("Vorig schooljaar"),
    "vorig_midden_bb": decimaal("Vorig schooljaar bb"),
    "vorig_midden_kb": decimaal("Vorig schooljaar kb"),
    "techniek_vorig_midden": decimaal("Techniekleerlingen vorig schooljaar"),
    "niet_techniek_vorig_midden": decimaal("Niet-techniekleerlingen vorig schooljaar"),
    "vorig_fte": decimaal("Fte vorig schooljaar", "fte"),
    # means and other measures
    "gemiddeld": decimaal("Gemiddeld per vestiging"),
    "gemiddeld_vorig": decimaal("Gemiddeld per vestiging, vorig schooljaar"),
    "gemiddeld_bb": decimaal("Gemiddeld bb"),
    "gemiddeld_bb_vorig": decimaal("Gemiddeld bb, vorig schooljaar"),
    "gemiddeld_kb": decimaal("Gemiddeld kb"),
    "gemiddeld_kb_vorig": decimaal("Gemiddeld kb, vorig schooljaar"),
    "gemiddeld_per_regio": decimaal("Gemiddeld per regio"),
    "gemiddelde_km": decimaal("Gemiddelde afstand", "km"),
    "mediaan_km": decimaal("Mediane afstand", "km"),
    "fte": decimaal("Fte", "fte"),
    "zij_instromers_fte": decimaal("Zij-instromers", "fte"),
    "derdejaars_per_fte": decimaal("Derdejaars per fte"),
    # the register of series breaks
    "code": code("Breuk"),
    "soort": tekst("Soort breuk"),
    "reeksen": tekst("Reeksen"),
    "reden": tekst("Reden"),
}


def woord(indicator: Indicator | None, kolom: str) -> Woord:
    """The words of column ``kolom`` of ``indicator``'s published table.

    Raises KeyError for a column without words, so that no output can show a raw name
    unnoticed (``tests/test_woorden.py`` checks every published column).
    """
    eigen = indicator.woorden if indicator is not None else {}
    if kolom in eigen:
        return eigen[kolom]
    if kolom in ALGEMEEN:
        return ALGEMEEN[kolom]
    base, _, suffix = kolom.rpartition("_")
    if base and suffix in ("min", "max"):
        van = woord(indicator, base) if _bekend(indicator, base) else None
        if van is None:
            raise KeyError(kolom)
        grens = "ondergrens" if suffix == "min" else "bovengrens"
        return Woord(f"{van.label}, {grens}", van.formaat, van.eenheid)
    if base and suffix == "status":
        van = woord(indicator, base)
        return tekst(f"{van.label}, status")
    raise KeyError(kolom)


def _bekend(indicator: Indicator | None, kolom: str) -> bool:
    try:
        woord(indicator, kolom)
    except KeyError:
        return False
    return True


def label(indicator: Indicator | None, kolom: str) -> str:
    """The header or axis title of a column, with its unit: "Binnen 10 km (%)"."""
    return woord(indicator, kolom).kop
