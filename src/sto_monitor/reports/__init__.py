"""Reports: the regioportret of every STO-regio and the national monitor chapter, HTML and PDF.

A report is data first (``onderdelen.Rapport``: sections of numbered tables and figures, built
from the published snapshot by the ``regioportret`` package and ``landelijk.py``), then one template
(``templates/rapport.html``) turns it into a self-contained HTML file, and WeasyPrint turns that
HTML into an A4 PDF (``opmaak.py``). ``batch.py`` writes many reports in parallel.
"""
