from sto_monitor.cli import main

main()
