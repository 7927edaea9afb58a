"""Speed and memory benchmarks: ``./dev bench`` (see README.md in this folder)."""
