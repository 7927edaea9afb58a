"""Stage 4: the web dashboard (FastAPI)."""
