"""``python -m sto_monitor`` is the ``sto`` command."""

from sto_monitor.cli import main

main()
