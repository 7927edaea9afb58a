"""Stage 3 of the pipeline: indicators computed from the warehouse tables."""
