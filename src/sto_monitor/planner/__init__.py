"""The planner: scenarios for a region's offering, an optimiser, and forecasts.

Beside the monitor, not after it: it reads the warehouse (offers, students, locations) and
writes only its own tables (scenarios). ``model.py`` is a region's offering as the planner sees
it; ``scenario.py`` applies and evaluates changes; ``optimaliseer.py`` proposes an offering;
``prognose.py`` forecasts third-year numbers.
"""
