"""Indicators of the STO monitor (see registry.py). Not yet implemented."""

from __future__ import annotations

from sto_monitor.indicators.registry import Indicator

INDICATORS: tuple[Indicator, ...] = ()
