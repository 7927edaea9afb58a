"""Stage 1 of the pipeline: files in, warehouse tables out. Start at ``runner.py``."""
