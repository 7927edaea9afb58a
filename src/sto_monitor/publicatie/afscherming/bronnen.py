"""Which warehouse tables hold rows of a confidential source.

Every ingest format declares its openness (``Format.openheid``). A table is confidential as
soon as one file that is loaded in it now came from a confidential format, and always when only
confidential formats feed it; the survey's answers are confidential by nature.
"""

from __future__ import annotations

from sto_monitor.db import Connection
from sto_monitor.domain import VERTROUWELIJK, Openheid
from sto_monitor.ingest.registry import FORMATS

ENQUETE: frozenset[str] = frozenset({"enquete_antwoord", "enquete_respons"})

# The sources in the reader's words (a page never shows a table name).
BRON_NAMEN: dict[str, str] = {
    "leerlingen": "de leerlingentelling van DUO",
    "leerling_postcode": "de woonpostcodes van leerlingen per vestiging (DUO)",
    "examens": "de examenuitslagen van DUO",
    "examenkandidaten": "de examenkandidaten van DUO",
    "mbo_sectorkamer": "de mbo-studenten per sectorkamer (DUO)",
    "crebo_sectorkamer": "de koppeling van mbo-opleidingen aan sectorkamers (DUO)",
    "vestiging_adres": "de adressen van DUO",
    "vestiging_geo": "de ligging van de scholen",
    "pc4": "de middelpunten van de postcodes (GeoNames)",
    "pc4_bevolking": "de bevolking per postcode (CBS)",
    "regio": "de indeling in STO-regio's",
    "regio_vestiging": "de indeling in STO-regio's",
    "regio_schooljaar": "de indeling in STO-regio's",
    "vestiging": "de namen, adressen en ligging van de scholen",
    "grens": "de gemeente- en provinciegrenzen",
    "gemeente": "de gemeentecodes",
    "keuzevak_examens": "de keuzevakexamens (levering onder afspraak)",
    "doorstroom": "de doorstroom na leerjaar 4 (levering onder afspraak)",
    "docenten": "de personeelsgegevens (levering onder afspraak)",
    "leerling_pc4": "de woonpostcodes van leerlingen (levering onder afspraak)",
    "enquete_antwoord": "de antwoorden op de enquête",
    "enquete_respons": "de antwoorden op de enquête",
}


def bron_naam(tabel: str) -> str:
    """A warehouse table as the reader calls the source."""
    return BRON_NAMEN.get(tabel, tabel)


def vertrouwelijke_tabellen(con: Connection) -> frozenset[str]:
    """The warehouse tables that hold rows of a confidential source."""
    per_formaat = {f.name: f.openheid for f in FORMATS}
    per_doel: dict[str, set[Openheid]] = {}
    for f in FORMATS:
        per_doel.setdefault(f.target, set()).add(f.openheid)
    geladen = con.execute("SELECT DISTINCT formaat, doel FROM bron WHERE status = 'geladen'")
    tabellen = set()
    for formaat, doel in geladen.fetchall():
        if formaat in per_formaat:
            openheid = {per_formaat[formaat]}
        else:
            # A format this version does not know: as open as every format that feeds the
            # same table, and confidential when any of them is or none does (fail safe).
            openheid = per_doel.get(doel, {VERTROUWELIJK})
        if VERTROUWELIJK in openheid:
            tabellen.add(doel)
    # A table that only confidential formats feed is confidential whatever its bron rows say
    # (rows written without a registered file are not thereby public).
    alleen_geheim = {doel for doel, soorten in per_doel.items() if soorten == {VERTROUWELIJK}}
    return frozenset(tabellen | alleen_geheim) | ENQUETE
