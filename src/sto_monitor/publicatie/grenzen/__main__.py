"""``python -m sto_monitor.publicatie.grenzen``: rebuild the shipped boundary files."""

from sto_monitor.publicatie.grenzen.bouw import main

raise SystemExit(main())
