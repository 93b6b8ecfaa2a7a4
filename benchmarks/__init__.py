"""Benchmarks (`make bench`). Each `bench_*.py` module has `run(report)`; it measures and
calls `report(name, value, unit, target=None, baseline=None)` so the figures and their
ratios against a baseline run in the same process are printed together."""
