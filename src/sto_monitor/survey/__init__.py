"""The programme leaders' survey: the questionnaire as data, responses, and the statistics.

``vragenlijst.py`` reads a questionnaire (one JSON file per wave in ``vragenlijsten/``; items
keep stable ids across waves so waves can be paired); ``opslag.py`` and ``importeer.py`` keep
responses in the warehouse; ``analyse.py`` computes the report's tables (chapter 2 of the
monitor report) from answers, independent of where they were stored.
"""
