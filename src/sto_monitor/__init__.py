"""STO Monitor: monitoring, planning and evaluation for Sterk Techniekonderwijs."""

__version__ = "0.1.0"
