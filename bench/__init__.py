"""Reproducible benchmarks (plain scripts, not tests): `python -m bench.run`."""
