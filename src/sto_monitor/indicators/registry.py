"""The indicator registry: every indicator of the STO monitor, in one ordered list.

An indicator is one typed record (what it means, its unit, keys, sources, the report table it
reproduces, its disclosure rule) plus one function that computes it as a portable Ibis
expression, so that the same definition runs on DuckDB and on Spark. Read ``INDICATORS`` at
the bottom of this file as the table of contents of the monitor (MONITOR.md, indicators 1-17).
"""

from __future__ import annotations

from sto_monitor.indicators.definitie import METHODE_VERSIE, Indicator, Openbaarheid


def _all() -> tuple[Indicator, ...]:
    from sto_monitor.indicators import (
        aanbod,
        bereikbaarheid,
        breuken,
        docenten,
        doorstroom,
        examens,
        keuzevakken,
        kwetsbaar,
        leerlingen,
        mbo,
        regios,
        stromen,
    )

    return (
        *leerlingen.INDICATORS,  # 1-3
        *regios.INDICATORS,  # 4-6
        *aanbod.INDICATORS,  # 7-12
        *kwetsbaar.INDICATORS,  # 7 per regio
        *bereikbaarheid.INDICATORS,  # 13
        *keuzevakken.INDICATORS,  # 14
        *examens.INDICATORS,  # 15
        *doorstroom.INDICATORS,  # 16
        *mbo.INDICATORS,  # 16: national context (DUO mbo)
        *stromen.INDICATORS,  # in-, door- and uitstroom per regio (issue 17)
        *docenten.INDICATORS,  # 17
        *breuken.INDICATORS,  # the register of series breaks (breuken.toml)
    )


INDICATORS: tuple[Indicator, ...] = _all()
BY_NAME: dict[str, Indicator] = {i.naam: i for i in INDICATORS}

__all__ = ["BY_NAME", "INDICATORS", "METHODE_VERSIE", "Indicator", "Openbaarheid"]
