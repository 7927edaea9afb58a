"""Every file format STO Monitor can load, in one ordered list: the table of contents of ingest.

A file is loaded by the format that recognises it most specifically (see ``Format.specificity``).
"""

from __future__ import annotations

from sto_monitor.ingest import (
    eigen,
    eigen_regio,
    examens,
    geo,
    grenzen,
    leerling_postcode,
    leerlingen,
    mbo,
    pc4,
    vestigingen,
)
from sto_monitor.ingest.formats import Format

FORMATS: tuple[Format, ...] = (
    *leerlingen.FORMATS,
    *leerling_postcode.FORMATS,
    *vestigingen.FORMATS,
    *examens.FORMATS,
    *mbo.FORMATS,
    *geo.FORMATS,
    *pc4.FORMATS,
    *grenzen.FORMATS,
    *eigen_regio.FORMATS,
    *eigen.FORMATS,
)
