"""The stagebank: vmbo internship places near a school (issue 19).

The steps, one module each:

1. ``plek.py``: the place as a company enters it, checked field by field and located by the
   PC4 centroid of its postcode (copied from the warehouse at publication). No student data.
2. ``opslag.py``: a `bedrijf` account registers its company, the region of the company's
   address confirms it, then the company publishes, changes and withdraws its places; every
   write asks the policy and is audited. Places expire after the last day of their period.
3. ``zoeken.py``: current places within 0-20 km of a vestiging or a postcode, by profiel and
   period (bounding box in SQL, haversine in Python).
4. ``regio.py``: for a region, places per profiel against its derdejaars per profiel, and the
   offered profielen with no place within 20 km of the vestiging.

Demo companies and places: ``sto_monitor.generate.stages``.
"""
