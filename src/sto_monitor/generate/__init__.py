"""Synthetic national data in the real public file layouts (``sto generate``).

See ``docs/generate.md``. The model is calibrated on public DUO, CBS and GeoNames data
(``kalibratie.json.gz``, rebuilt with ``python -m sto_monitor.generate.calibrate``).
"""

from sto_monitor.generate.generator import generate
from sto_monitor.generate.regions import VestigingPoint, demo_regions

__all__ = ["VestigingPoint", "demo_regions", "generate"]
