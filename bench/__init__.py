"""Benchmarks: a deterministic corpus generator (`bench/generate.py`) and the runner (`bench/run.py`).

Not part of the installed package; run from a checkout. See docs/benchmarks.md.
"""
