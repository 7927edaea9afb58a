"""Charts as Vega-Lite specs, written with Altair's grammar; drawn in the browser by vega.js.

One look for every chart: Okabe-Ito colours (safe for colour-blind readers), one fixed colour
and order per leerweg and profiel, Dutch number format, no actions menu, as wide as its
container; titles are wrapped into lines that fit a phone (375 px), context (school year,
unit) goes into a subtitle.

Scales are chosen per chart type, never left to the data:

- Bars (:func:`staaf`, :func:`balk`) always start at 0: a bar's length is its size.
- Lines (:func:`lijn`) start at 0 by default (``nul=True``), for counts and shares alike, so a
  move of two points looks like two points. Where the change matters more than the level the
  caller asks for ``nul=False``: the axis then starts near the data, its title says
  "as begint niet bij 0" and a zigzag on the axis marks the break.
- Scatter plots (:func:`spreiding`) are read around 0: both axes are drawn through 0.

Uncertain values: a row may carry ``<y>_min`` and ``<y>_max`` beside ``<y>`` (DUO's masking
interval, as the typed open-data contract has it; :func:`cel` reads a published cell). Where
they differ, the value is drawn as a range (a rule from min to max with end ticks), never as a
bar or a point, and parts of unequal certainty are never stacked (:func:`staaf` then groups
them). Afgeschermde cells (``x``) have neither a value nor a range and are left out; the table
beside every chart shows them.

:func:`als_bestand`, :func:`svg` and :func:`png` turn a spec into a file to download, drawn on
the server by vl-convert (no request leaves the process).

The package in steps, each module building only on those before it: ``kleuren.py`` colours and
order, ``opmaak.py`` titles and the look every chart shares, ``cellen.py`` published cells as
values or ranges, ``lagen.py`` the layers drawn over a chart (ranges, the axis break, a
reference line), ``lijn.py`` and ``staaf.py`` the charts of the pages and reports, ``rapport.py``
the reports' own (:func:`balk`, :func:`spreiding`), ``bestanden.py`` the files to download.
Other modules import from the package itself (``from sto_monitor.publicatie import charts``).
"""

from __future__ import annotations

from sto_monitor.publicatie.charts.bestanden import BESTAND_BREEDTE, als_bestand, png, svg
from sto_monitor.publicatie.charts.cellen import cel
from sto_monitor.publicatie.charts.kleuren import (
    EXTRA_KLEUREN,
    NEDERLAND,
    NEDERLAND_KLEUR,
    OKABE_ITO,
    SOORT,
    VASTE_KLEUREN,
    volgorde,
)
from sto_monitor.publicatie.charts.lijn import lijn
from sto_monitor.publicatie.charts.opmaak import (
    GEBROKEN_AS,
    LETTER,
    NL_FORMAT,
    OMSCHRIJVING,
    ONDERTITEL_TEKENS,
    TITEL_TEKENS,
    regels,
)
from sto_monitor.publicatie.charts.rapport import balk, spreiding
from sto_monitor.publicatie.charts.staaf import LIGGEND_VANAF, STAP, staaf

__all__ = [
    "BESTAND_BREEDTE",
    "EXTRA_KLEUREN",
    "GEBROKEN_AS",
    "LETTER",
    "LIGGEND_VANAF",
    "NEDERLAND",
    "NEDERLAND_KLEUR",
    "NL_FORMAT",
    "OKABE_ITO",
    "OMSCHRIJVING",
    "ONDERTITEL_TEKENS",
    "SOORT",
    "STAP",
    "TITEL_TEKENS",
    "VASTE_KLEUREN",
    "als_bestand",
    "balk",
    "cel",
    "lijn",
    "png",
    "regels",
    "spreiding",
    "staaf",
    "svg",
    "volgorde",
]
