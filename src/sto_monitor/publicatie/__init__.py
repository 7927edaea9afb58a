"""What every output may show: the published snapshot, its charts, maps and words.

The dashboard (``web/``) and the reports (``reports/``) both show the same published tables
(``gegevens.Snapshot``: every indicator after disclosure control), drawn with the same chart
definitions (``charts/``) and maps (``kaart.py``), in the same Dutch notation (``tekst.py``),
and a region the same way (``regio.py``). Only how they are delivered differs.
"""
