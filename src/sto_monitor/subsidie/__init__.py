"""The subsidy administration: the regulation as data, a region's application and budget,
the commission's assessment, the decision, the yearly accountability and the national picture.

Money is integer cents everywhere (``geld.py``); never a float. The steps, one module each:

- ``regeling.py`` the typed regulation, ``laden.py`` reads and validates a file of
  ``regelingen/`` (``toml_lezer.py`` finds every problem at its line and key;
  a new regulation is a new file, not new code);
- ``aanvraag.py`` a region's application (plan, budget lines, assets, partners, co-financing,
  the split over schools) as typed records with their JSON form;
- ``afschrijving.py`` straight-line depreciation per month and year; ``begroting.py`` the
  totals, the school-year view and the split naar rato van techniekleerlingen;
- ``validatie.py`` every problem of an application against its regulation;
- ``verantwoording.py`` realised against planned, and the signals;
- ``opslag/`` applications, assessments, decisions and accountability in the application
  database (policy and audit in one transaction), a module a step;
- ``landelijk.py`` the national picture (``monitorcijfers.py`` the published figures it is set
  against); ``xlsx.py`` the workbook for DUS-I and ``pdf.py`` the PDF per region.
"""
