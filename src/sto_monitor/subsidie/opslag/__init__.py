"""Applications, questions, assessments, decisions and accountability in the application
database: the workflow of a subsidy application.

    concept ──dien_in──► ingediend ──neem_in_behandeling/beoordeel──► in_beoordeling
        ──beslis──► toegekend | afgewezen | aangepast (granted with another amount)

The policy (``accounts/beleid.py``) decides here, on the regio of the application:
``SUBSIDIE_AANVRAGEN`` (the own region only) writes the draft, submits it, answers questions and
writes the accountability; ``SUBSIDIE_INZIEN`` (the own region, the commission, the national
team) reads; ``BEOORDELEN`` (commission, national team) asks questions and scores;
``SUBSIDIE_BESLISSEN`` (the national team) decides and enters per-region maxima. Every write
asks ``beleid.vereis`` and writes its audit record in the same transaction. Amounts are cents.

One module a step: ``dossier.py`` the records, ``rijen.py`` rows to records and the checks
every write shares, ``lezen.py`` reading, ``regio.py`` what the region writes,
``beoordeling.py`` what the commission and the national team write. Import from this package.
"""

from __future__ import annotations

from sto_monitor.subsidie.opslag.beoordeling import beoordeel, beslis, stel_vraag, zet_regiomaximum
from sto_monitor.subsidie.opslag.dossier import (
    ADVIEZEN,
    BESLUITEN,
    MAX_TEKST,
    REGELINGCODE,
    REGIOCODE,
    SOORT,
    STATUS_NAAM,
    TOEGEKEND,
    Beoordeling,
    Besluit,
    Dossier,
    Gewijzigd,
    Status,
    Vraag,
)
from sto_monitor.subsidie.opslag.lezen import (
    dossier,
    dossier_van,
    dossiers,
    regiomaxima,
    toegekend_openbaar,
    zichtbaar,
)
from sto_monitor.subsidie.opslag.regio import (
    beantwoord,
    bewaar,
    bewaar_verantwoording,
    dien_in,
    maximum_voor,
)
from sto_monitor.subsidie.opslag.rijen import aangevraagd

__all__ = [
    "ADVIEZEN",
    "BESLUITEN",
    "MAX_TEKST",
    "REGELINGCODE",
    "REGIOCODE",
    "SOORT",
    "STATUS_NAAM",
    "TOEGEKEND",
    "Beoordeling",
    "Besluit",
    "Dossier",
    "Gewijzigd",
    "Status",
    "Vraag",
    "aangevraagd",
    "beantwoord",
    "beoordeel",
    "beslis",
    "bewaar",
    "bewaar_verantwoording",
    "dien_in",
    "dossier",
    "dossier_van",
    "dossiers",
    "maximum_voor",
    "regiomaxima",
    "stel_vraag",
    "toegekend_openbaar",
    "zet_regiomaximum",
    "zichtbaar",
]
