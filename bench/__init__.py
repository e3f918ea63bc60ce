"""Benchmarks: load, resources, cold start, training time and NLU quality (`make bench`).

Not part of `make test`: numbers are printed and written to docs/performance.md,
never asserted by timed unit tests.
"""
