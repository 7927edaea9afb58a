"""The application and accountability forms: posted fields to records, records to fields.

A form is kept as the text people typed (:class:`Invoer`: every field name with its values,
and how many rows each repeating section shows), so a page can always come back with exactly
what was typed and each problem beside its field. :func:`lees_aanvraag` and
:func:`lees_verantwoording` turn that text into the domain's records, collecting every field
problem (a wrong amount, a date, a term) instead of stopping at the first; amounts are parsed
with :func:`geld.lees_bedrag`, never through a float.

Field names (the same in every form post of these pages):

- ``lijn-{i}-id|naam|omschrijving``: programme lines;
- ``act-{i}-id|naam|lijn|omschrijving``, ``act-{i}-doel`` and ``act-{i}-interventie``
  (repeated checkboxes: indicator names and survey item ids): activities;
- ``bedrag-{kostensoort}-{jaar}``: the budget grid (one line per filled cell);
- ``activum-{i}-naam|klasse|prijs|datum|termijn``: assets;
- ``partner-{i}-naam|soort``; ``toezegging-{i}-partner|jaar|vorm|bedrag``;
- ``verdeling-methode``, ``verdeling-centraal``, ``school-{i}-code|naam|bedrag``;
- ``toelichting``; the accountability: ``realisatie-{kostensoort}``, ``afschrijving``,
  ``cof-{i}-partner|vorm|bedrag``, ``toelichting-{kostensoort|algemeen|cofinanciering}``.

One module a step: ``invoer.py`` the typed text and its readers, ``aanvraag.py`` the
application form, ``verantwoording.py`` the accountability form.
"""

from __future__ import annotations

from sto_monitor.web.pages.subsidie.formulier.aanvraag import (
    invoer_van_aanvraag,
    lees_aanvraag,
    vul_scholen,
)
from sto_monitor.web.pages.subsidie.formulier.invoer import (
    DATUM_NL,
    EXTRA,
    INTERVENTIEBLOK,
    MAX_RIJEN,
    MAX_VELD,
    RIJ,
    SECTIES,
    SOORTEN_PARTNER,
    Invoer,
    als_tekst,
    bedrag_uit,
    breuk,
    datum_uit,
    geheel_uit,
    indicatoren,
    interventies,
    invoer_van_post,
    meer,
)
from sto_monitor.web.pages.subsidie.formulier.verantwoording import (
    TOELICHTINGEN_VAST,
    invoer_van_verantwoording,
    lees_verantwoording,
)

__all__ = [
    "DATUM_NL",
    "EXTRA",
    "INTERVENTIEBLOK",
    "MAX_RIJEN",
    "MAX_VELD",
    "RIJ",
    "SECTIES",
    "SOORTEN_PARTNER",
    "TOELICHTINGEN_VAST",
    "Invoer",
    "als_tekst",
    "bedrag_uit",
    "breuk",
    "datum_uit",
    "geheel_uit",
    "indicatoren",
    "interventies",
    "invoer_van_aanvraag",
    "invoer_van_post",
    "invoer_van_verantwoording",
    "lees_aanvraag",
    "lees_verantwoording",
    "meer",
    "vul_scholen",
]
